import { callerAccount } from '../context';
import { AwsError } from '../errors';
import type { Trail } from '../../org/types';
import type { JsonRpcService, OperationContext } from '../types';

/** The trails an account sees in a region: its own plus the organisation trail. */
function visibleTrails(ctx: OperationContext, includeShadow: boolean): Trail[] {
  const account = callerAccount(ctx);
  const orgTrail = ctx.index.organization.trail;
  const all = [...(orgTrail ? [orgTrail] : []), ...account.trails];
  // A multi-region trail appears in every region; elsewhere only its home region lists it.
  return all.filter(t =>
    t.homeRegion === ctx.region ? true : t.isMultiRegion && includeShadow,
  );
}

function trailShape(t: Trail) {
  return {
    Name: t.name,
    S3BucketName: t.s3BucketName,
    IncludeGlobalServiceEvents: t.includeGlobalServiceEvents,
    IsMultiRegionTrail: t.isMultiRegion,
    HomeRegion: t.homeRegion,
    TrailARN: t.arn,
    LogFileValidationEnabled: t.logFileValidation,
    HasCustomEventSelectors: false,
    HasInsightSelectors: false,
    IsOrganizationTrail: t.isOrganizationTrail,
  };
}

/** AWS CloudTrail: awsJson1_1, regional. */
export const cloudTrailService: JsonRpcService = {
  name: 'cloudtrail',
  protocol: 'awsJson1_1',
  signingNames: ['cloudtrail'],
  // The SDK in use sends the short form; older SDKs and the CLI send the long one.
  targetPrefixes: [
    'CloudTrail_20131101',
    'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101',
  ],
  errorMessageKey: 'Message',
  throttling: {
    code: 'ThrottlingException',
    status: 400,
    message: 'Rate exceeded',
  },
  serverError: {
    code: 'InternalFailure',
    status: 500,
    message: 'An internal error occurred.',
  },
  operations: {
    DescribeTrails: (ctx, input) => {
      const names = Array.isArray(input.trailNameList)
        ? (input.trailNameList as string[])
        : [];
      const includeShadow = input.includeShadowTrails !== false;
      const trails = visibleTrails(ctx, includeShadow).filter(
        t =>
          names.length === 0 || names.includes(t.name) || names.includes(t.arn),
      );
      return { trailList: trails.map(trailShape) };
    },
    GetTrailStatus: (ctx, input) => {
      const name = typeof input.Name === 'string' ? input.Name : '';
      const trail = visibleTrails(ctx, true).find(
        t => t.name === name || t.arn === name,
      );
      if (!trail) {
        throw new AwsError(
          'TrailNotFoundException',
          `Unknown trail: ${name} for the user: ${ctx.caller.accountId}`,
        );
      }
      const started = Date.parse('2021-01-01T00:00:00Z') / 1000;
      return {
        IsLogging: trail.isLogging,
        StartLoggingTime: trail.isLogging ? started : undefined,
        StopLoggingTime: trail.isLogging ? undefined : started + 86400,
        LatestDeliveryTime: Math.floor(Date.now() / 1000) - 300,
        LatestDigestDeliveryTime: trail.logFileValidation
          ? Math.floor(Date.now() / 1000) - 3600
          : undefined,
      };
    },
  },
};
