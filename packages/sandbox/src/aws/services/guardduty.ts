import { AwsError } from '../errors';
import { page, type PageRules } from '../paging';
import type { RestService } from '../types';

const PAGING: PageRules = {
  min: 1,
  max: 50,
  invalidToken: () =>
    new AwsError(
      'BadRequestException',
      'The request is rejected because an invalid or out-of-range value is specified as an input parameter.',
    ),
  invalidSize: message => new AwsError('BadRequestException', message),
};

function intParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  return value === null ? undefined : Number(value);
}

/** Amazon GuardDuty: restJson1, regional; one detector per account and region at most. */
export const guardDutyService: RestService = {
  name: 'guardduty',
  protocol: 'restJson1',
  signingNames: ['guardduty'],
  pathPrefixes: ['/detector'],
  errorMessageKey: 'message',
  throttling: {
    code: 'TooManyRequestsException',
    status: 429,
    message: 'Rate exceeded',
  },
  serverError: {
    code: 'InternalServerErrorException',
    status: 500,
    message:
      'The request is rejected because an internal server error occurred.',
  },
  routes: [
    {
      method: 'GET',
      path: '/detector',
      operation: 'ListDetectors',
      handler: (ctx, request) => {
        const detector = ctx.index.region(
          ctx.caller.accountId,
          ctx.region,
        ).guardDuty;
        const result = page(
          detector ? [detector.detectorId] : [],
          {
            scope: `guardduty|ListDetectors|${ctx.caller.accountId}|${ctx.region}`,
            token: request.query.get('nextToken') ?? undefined,
            size: intParam(request.query, 'maxResults'),
            defaultSize: ctx.faults.pageSize,
          },
          PAGING,
        );
        return {
          body: { detectorIds: result.items, nextToken: result.nextToken },
        };
      },
    },
    {
      method: 'GET',
      path: '/detector/{DetectorId}',
      operation: 'GetDetector',
      handler: (ctx, request) => {
        const detector = ctx.index.region(
          ctx.caller.accountId,
          ctx.region,
        ).guardDuty;
        if (!detector || detector.detectorId !== request.params.DetectorId) {
          throw new AwsError(
            'BadRequestException',
            'The request is rejected because the input detectorId is not owned by the current account.',
          );
        }
        const enabled = detector.status === 'ENABLED' ? 'ENABLED' : 'DISABLED';
        const created = '2021-03-01T10:00:00.000Z';
        return {
          body: {
            createdAt: created,
            updatedAt: created,
            findingPublishingFrequency: 'SIX_HOURS',
            serviceRole: `arn:aws:iam::${ctx.caller.accountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty`,
            status: detector.status,
            dataSources: {
              cloudTrail: { status: enabled },
              dnsLogs: { status: enabled },
              flowLogs: { status: enabled },
              s3Logs: { status: enabled },
            },
            features: [
              'CLOUD_TRAIL',
              'DNS_LOGS',
              'FLOW_LOGS',
              'S3_DATA_EVENTS',
            ].map(name => ({
              name,
              status: enabled,
              // Feature timestamps are modeled as timestamps (epoch seconds), unlike createdAt.
              updatedAt: Date.parse(created) / 1000,
            })),
            tags: {},
          },
        };
      },
    },
  ],
};
