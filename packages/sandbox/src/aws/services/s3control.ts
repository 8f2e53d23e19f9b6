import { AwsError } from '../errors';
import type { ErrorShape, RestService } from '../types';
import { el } from '../xml';

const NAMESPACE = 'http://awss3control.amazonaws.com/doc/2018-08-20/';

/** What S3 and S3 Control answer when throttled and on a server-side failure. */
export const S3_ERRORS: { throttling: ErrorShape; serverError: ErrorShape } = {
  throttling: {
    code: 'SlowDown',
    status: 503,
    message: 'Please reduce your request rate.',
  },
  serverError: {
    code: 'InternalError',
    status: 500,
    message: 'We encountered an internal error. Please try again.',
  },
};

/** S3 Control (account-level Block Public Access): restXml, signed as "s3". */
export const s3ControlService: RestService = {
  name: 's3control',
  protocol: 'restXml',
  signingNames: ['s3', 's3-control'],
  pathPrefixes: ['/v20180820'],
  errorMessageKey: 'Message',
  xmlNamespace: NAMESPACE,
  ...S3_ERRORS,
  routes: [
    {
      method: 'GET',
      path: '/v20180820/configuration/publicAccessBlock',
      operation: 'GetPublicAccessBlock',
      handler: (ctx, request) => {
        // The account travels in x-amz-account-id, or as the host's first label
        // when a client resolves {account}.host itself.
        const header = request.headers['x-amz-account-id'];
        const hostLabel = /^(\d{12})\./.exec(
          String(request.headers.host ?? ''),
        )?.[1];
        const accountId =
          (Array.isArray(header) ? header[0] : header) ?? hostLabel;
        if (accountId !== ctx.caller.accountId) {
          throw new AwsError(
            'AccessDenied',
            `Access Denied: the caller belongs to ${
              ctx.caller.accountId
            }, not ${accountId ?? '(no account id)'}`,
            403,
          );
        }
        const bpa = ctx.index.account(accountId)?.s3PublicAccessBlock;
        if (!bpa) {
          throw new AwsError(
            'NoSuchPublicAccessBlockConfiguration',
            'The public access block configuration was not found',
            404,
            { AccountId: accountId },
          );
        }
        const members = [
          el('BlockPublicAcls', bpa.blockPublicAcls),
          el('IgnorePublicAcls', bpa.ignorePublicAcls),
          el('BlockPublicPolicy', bpa.blockPublicPolicy),
          el('RestrictPublicBuckets', bpa.restrictPublicBuckets),
        ].join('');
        return {
          body: `<?xml version="1.0" encoding="UTF-8"?>\n<PublicAccessBlockConfiguration xmlns="${NAMESPACE}">${members}</PublicAccessBlockConfiguration>`,
        };
      },
    },
  ],
};
