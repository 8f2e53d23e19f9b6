import { callerAccount } from '../context';
import { AwsError } from '../errors';
import { page, type PageRules } from '../paging';
import type { Account, RootEvent, Trail } from '../../org/types';
import type { JsonRpcService, OperationContext } from '../types';

// LookupEvents: 1–50 events per call (50 by default in AWS; the sandbox's page size here).
const LOOKUP_PAGING: PageRules = {
  min: 1,
  max: 50,
  invalidToken: () =>
    new AwsError('InvalidNextTokenException', 'Invalid NextToken.'),
  invalidSize: () =>
    new AwsError(
      'InvalidMaxResultsException',
      'Value of MaxResults is not valid. It must be between 1 and 50.',
    ),
};

// Event history keeps 90 days.
const HISTORY_MS = 90 * 86_400_000;

/** The lookup attributes CloudTrail accepts and how each reads an event. */
const LOOKUP_KEYS: Record<string, (e: RootEvent) => string[]> = {
  EventId: e => [e.id],
  EventName: e => [e.eventName],
  ReadOnly: e => [String(e.readOnly)],
  Username: () => ['root'],
  EventSource: e => [e.eventSource],
  ResourceType: () => [],
  ResourceName: () => [],
  AccessKeyId: () => [],
};

function epochSeconds(value: unknown): number | undefined {
  return typeof value === 'number' ? value * 1000 : undefined;
}

/** The record CloudTrail keeps of a root user's event, as the JSON string it returns. */
function cloudTrailEvent(account: Account, e: RootEvent, time: string): string {
  const console = e.eventName === 'ConsoleLogin';
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: {
      type: 'Root',
      principalId: account.id,
      arn: `arn:aws:iam::${account.id}:root`,
      accountId: account.id,
      ...(console ? {} : { accessKeyId: 'ASIAROOTSESSIONEXAMPLE' }),
    },
    eventTime: time,
    eventSource: e.eventSource,
    eventName: e.eventName,
    awsRegion: e.region,
    sourceIPAddress: e.sourceIpAddress,
    userAgent: e.userAgent,
    requestParameters: null,
    responseElements: console ? { ConsoleLogin: 'Success' } : null,
    ...(console
      ? {
          additionalEventData: {
            LoginTo: 'https://console.aws.amazon.com/console/home',
            MobileVersion: 'No',
            MFAUsed: account.iam.rootMfaEnabled ? 'Yes' : 'No',
          },
        }
      : {}),
    eventID: e.id,
    readOnly: e.readOnly,
    eventType: console ? 'AwsConsoleSignIn' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account.id,
    eventCategory: 'Management',
  });
}

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
    /*
     * Event history of the caller's account in the region: the root user's
     * events only (nobody else's are modelled), newest first, dated back from
     * the sandbox's start.
     */
    LookupEvents: (ctx, input) => {
      const account = callerAccount(ctx);
      const attributes = Array.isArray(input.LookupAttributes)
        ? (input.LookupAttributes as Record<string, unknown>[])
        : [];
      if (attributes.length > 1) {
        throw new AwsError(
          'InvalidLookupAttributesException',
          'You can specify only one lookup attribute.',
        );
      }
      const [attribute] = attributes;
      const readKey = attribute
        ? LOOKUP_KEYS[String(attribute.AttributeKey)]
        : undefined;
      if (attribute && !readKey) {
        throw new AwsError(
          'InvalidLookupAttributesException',
          `Invalid lookup attribute key: ${String(attribute.AttributeKey)}.`,
        );
      }
      const now = Date.now();
      const end = epochSeconds(input.EndTime) ?? now;
      const start = epochSeconds(input.StartTime) ?? now - HISTORY_MS;
      if (start > end) {
        throw new AwsError(
          'InvalidTimeRangeException',
          'Start time must be before end time.',
        );
      }
      const timeOf = (e: RootEvent) =>
        ctx.index.startedAt - e.minutesAgo * 60_000;
      const events = account.rootEvents
        .filter(
          e =>
            e.region === ctx.region &&
            timeOf(e) >= Math.max(start, now - HISTORY_MS) &&
            timeOf(e) <= end &&
            (!readKey || readKey(e).includes(String(attribute.AttributeValue))),
        )
        .sort((a, b) => timeOf(b) - timeOf(a));
      const result = page(
        events,
        {
          scope: `cloudtrail|LookupEvents|${account.id}|${
            ctx.region
          }|${JSON.stringify(attribute ?? {})}|${String(
            input.StartTime,
          )}|${String(input.EndTime)}`,
          token:
            typeof input.NextToken === 'string' ? input.NextToken : undefined,
          size:
            typeof input.MaxResults === 'number' ? input.MaxResults : undefined,
          defaultSize: ctx.faults.pageSize,
        },
        LOOKUP_PAGING,
      );
      return {
        Events: result.items.map(e => {
          const time = new Date(timeOf(e)).toISOString();
          return {
            EventId: e.id,
            EventName: e.eventName,
            ReadOnly: String(e.readOnly),
            EventTime: timeOf(e) / 1000,
            EventSource: e.eventSource,
            Username: 'root',
            Resources: [],
            CloudTrailEvent: cloudTrailEvent(account, e, time),
          };
        }),
        NextToken: result.nextToken,
      };
    },

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
