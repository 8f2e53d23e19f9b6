import {
  CloudTrailClient,
  LookupEventsCommand,
  type Event,
} from '@aws-sdk/client-cloudtrail';
import type { Fact, RootActivity } from '@internal/plugin-landing-zone-common';
import { callOptions, capture } from './errors';

/**
 * LookupEvents' largest page, and the most root events kept per
 * account-region: one call, since LookupEvents is CloudTrail's slowest API
 * (2 requests per second per account and region).
 */
export const ROOT_EVENTS_MAX = 50;

/** The event's CloudTrail record (a JSON string in LookupEvents' answer). */
function recordOf(event: Event): {
  userIdentity?: { type?: unknown };
  sourceIPAddress?: unknown;
} {
  try {
    return JSON.parse(event.CloudTrailEvent ?? '{}') ?? {};
  } catch {
    return {};
  }
}

/**
 * Reads the root user's events CloudTrail recorded in one region over the last
 * `days` days (LookupEvents, Username `root`), newest first, at most
 * {@link ROOT_EVENTS_MAX}; `truncated` when CloudTrail had more. Every call
 * ends with `signal`.
 */
export async function readRootActivity(
  client: CloudTrailClient,
  options: { days: number; now?: Date; signal?: AbortSignal },
): Promise<Fact<RootActivity>> {
  const since = new Date(
    (options.now ?? new Date()).getTime() - options.days * 86_400_000,
  );
  return capture('cloudtrail:LookupEvents', async () => {
    const { Events = [], NextToken } = await client.send(
      new LookupEventsCommand({
        LookupAttributes: [
          { AttributeKey: 'Username', AttributeValue: 'root' },
        ],
        StartTime: since,
        MaxResults: ROOT_EVENTS_MAX,
      }),
      callOptions(options.signal),
    );
    return {
      days: options.days,
      since: since.toISOString(),
      events: Events.flatMap(event => {
        const record = recordOf(event);
        // Username `root` also finds an IAM user or role session named root.
        if (record.userIdentity?.type !== 'Root') return [];
        return [
          {
            eventId: event.EventId ?? '',
            eventName: event.EventName ?? '',
            eventTime: event.EventTime?.toISOString() ?? '',
            eventSource: event.EventSource,
            sourceIpAddress:
              typeof record.sourceIPAddress === 'string'
                ? record.sourceIPAddress
                : undefined,
          },
        ];
      }),
      ...(NextToken && { truncated: true }),
    };
  });
}
