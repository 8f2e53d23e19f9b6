import { AwsError } from '../errors';
import type { RestService } from '../types';

/** Amazon Macie: restJson1, regional; the session (status) only. */
export const macie2Service: RestService = {
  name: 'macie2',
  protocol: 'restJson1',
  signingNames: ['macie2'],
  pathPrefixes: ['/macie'],
  errorMessageKey: 'message',
  throttling: {
    code: 'ThrottlingException',
    status: 429,
    message: 'Rate exceeded',
  },
  serverError: {
    code: 'InternalServerException',
    status: 500,
    message: 'An internal error occurred.',
  },
  routes: [
    {
      method: 'GET',
      path: '/macie',
      operation: 'GetMacieSession',
      handler: ctx => {
        const macie = ctx.index.region(ctx.caller.accountId, ctx.region).macie;
        if (!macie) {
          // What AWS answers in a region where Macie was never enabled.
          throw new AwsError(
            'AccessDeniedException',
            'Macie is not enabled',
            403,
          );
        }
        return {
          body: {
            createdAt: macie.createdAt,
            findingPublishingFrequency: 'FIFTEEN_MINUTES',
            serviceRole: `arn:aws:iam::${ctx.caller.accountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`,
            status: macie.status,
            updatedAt: macie.createdAt,
          },
        };
      },
    },
  ],
};
