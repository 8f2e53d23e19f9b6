import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import {
  demoOrganizationPath,
  loadOrganization,
  type Account,
} from '@internal/sandbox';
import { readRootActivity, ROOT_EVENTS_MAX } from './rootActivity';
import {
  denyCommands,
  startCollectorSandbox,
  type CollectorSandbox,
} from './__testUtils__/collectors';

jest.setTimeout(120_000);

const DAY_MINUTES = 24 * 60;

type RootEvent = Account['rootEvents'][number];

describe('readRootActivity against the sandbox', () => {
  let env: CollectorSandbox;

  beforeAll(async () => {
    env = await startCollectorSandbox();
  });

  afterAll(async () => {
    await env?.close();
  });

  /** The account-region of the demo with the most root events. */
  function busiest(): {
    account: Account;
    region: string;
    events: RootEvent[];
  } {
    const candidates = env.sandbox.organization.accounts
      .filter(a => a.status === 'ACTIVE' && !a.denyAssumeRole)
      .flatMap(account =>
        env.sandbox.organization.regions.map(region => ({
          account,
          region,
          events: account.rootEvents.filter(e => e.region === region),
        })),
      )
      .sort((a, b) => b.events.length - a.events.length);
    expect(candidates[0]?.events.length).toBeGreaterThan(0);
    return candidates[0];
  }

  async function read(
    account: Account,
    region: string,
    options: { days: number; now?: Date },
  ) {
    const cloudtrail = env.clients.cloudtrail(
      region,
      await env.member(account.id),
    );
    return readRootActivity(cloudtrail, options);
  }

  it("reads the region's root events within the window, newest first", async () => {
    const { account, region, events } = busiest();
    const within = events
      .filter(e => e.minutesAgo <= 90 * DAY_MINUTES)
      .sort((a, b) => a.minutesAgo - b.minutesAgo);
    const now = new Date();

    const fact = await read(account, region, { days: 90, now });

    expect(fact.data).toEqual({
      days: 90,
      since: new Date(now.getTime() - 90 * 86_400_000).toISOString(),
      events: within.map(e => ({
        eventId: e.id,
        eventName: e.eventName,
        eventTime: expect.any(String),
        eventSource: e.eventSource,
        sourceIpAddress: e.sourceIpAddress,
      })),
    });
  });

  it('reads nothing in an account whose root user did nothing', async () => {
    const quiet = env.sandbox.organization.accounts.find(
      a =>
        a.status === 'ACTIVE' && !a.denyAssumeRole && a.rootEvents.length === 0,
    )!;
    const fact = await read(quiet, env.sandbox.organization.regions[0], {
      days: 90,
    });
    expect(fact.data?.events).toEqual([]);
  });

  it('records a denied LookupEvents as the fact’s error', async () => {
    const { account, region } = busiest();
    const cloudtrail = denyCommands(
      env.clients.cloudtrail(region, await env.member(account.id)),
      ['LookupEventsCommand'],
      'AccessDeniedException',
    );
    expect(await readRootActivity(cloudtrail, { days: 90 })).toEqual({
      error: expect.objectContaining({
        code: 'AccessDeniedException',
        operation: 'cloudtrail:LookupEvents',
      }),
      collectedAt: expect.any(String),
    });
  });
});

describe('readRootActivity on an account of many root events', () => {
  let env: CollectorSandbox;
  let account: Account;
  const region = 'eu-west-1';
  const HOUR = 60;

  beforeAll(async () => {
    const org = loadOrganization(demoOrganizationPath);
    account = org.accounts.find(
      a => a.status === 'ACTIVE' && !a.denyAssumeRole,
    )!;
    const event = (id: string, where: string, minutesAgo: number) => ({
      id,
      region: where,
      eventName: 'ConsoleLogin',
      eventSource: 'signin.amazonaws.com',
      minutesAgo,
      sourceIpAddress: '192.0.2.10',
      readOnly: false,
      userAgent: 'Mozilla/5.0',
    });
    account.rootEvents = [
      // Every half past the hour for 60 hours: 24 of them in the last day.
      ...Array.from({ length: ROOT_EVENTS_MAX + 10 }, (_, i) =>
        event(`recent-${String(i).padStart(3, '0')}`, region, HOUR * i + 30),
      ),
      // Older than CloudTrail's 90 days of history.
      ...[91, 120].map(d => event(`old-${d}`, region, d * DAY_MINUTES)),
      event('elsewhere-1', 'us-east-1', 2 * HOUR),
      event('elsewhere-2', 'us-east-1', 100 * DAY_MINUTES),
    ];
    env = await startCollectorSandbox({ org, github: false });
  });

  afterAll(async () => {
    await env?.close();
  });

  async function read(where: string, days: number) {
    const cloudtrail = env.clients.cloudtrail(
      where,
      await env.member(account.id),
    );
    return readRootActivity(cloudtrail, { days });
  }

  it(`keeps the newest ${ROOT_EVENTS_MAX} from one call and says there were more`, async () => {
    env.sandbox.resetCounters();

    const fact = await read(region, 90);

    expect(fact.data?.events.map(e => e.eventId)).toEqual(
      Array.from(
        { length: ROOT_EVENTS_MAX },
        (_, i) => `recent-${String(i).padStart(3, '0')}`,
      ),
    );
    expect(fact.data?.truncated).toBe(true);
    expect(
      env.sandbox.counters().services.cloudtrail.operations.LookupEvents.calls,
    ).toBe(1);
  });

  it('leaves out the events before the window, and those of other regions', async () => {
    const lastDay = await read(region, 1);
    expect(lastDay.data?.days).toBe(1);
    expect(lastDay.data?.events.map(e => e.eventId)).toEqual(
      Array.from(
        { length: 24 },
        (_, i) => `recent-${String(i).padStart(3, '0')}`,
      ),
    );
    expect(lastDay.data?.truncated).toBeUndefined();

    const other = await read('us-east-1', 90);
    expect(other.data?.events.map(e => e.eventId)).toEqual(['elsewhere-1']);
  });
});

describe('readRootActivity, the root user and no one else', () => {
  it('keeps only events whose identity is the root user, not an IAM user or session named root', async () => {
    const client = new CloudTrailClient({ region: 'eu-west-1' });
    const event = (id: string, type: string) => ({
      EventId: id,
      EventName: 'ConsoleLogin',
      EventTime: new Date('2026-11-30T10:00:00Z'),
      EventSource: 'signin.amazonaws.com',
      Username: 'root',
      CloudTrailEvent: JSON.stringify({
        userIdentity: { type },
        sourceIPAddress: '198.51.100.7',
      }),
    });
    jest.spyOn(client, 'send').mockImplementation(async () => ({
      Events: [
        event('e-root', 'Root'),
        event('e-user', 'IAMUser'),
        event('e-role', 'AssumedRole'),
        { EventId: 'e-unparsed', Username: 'root', CloudTrailEvent: '{' },
      ],
    }));

    const fact = await readRootActivity(client, {
      days: 7,
      now: new Date('2026-12-01T00:00:00Z'),
    });

    expect(fact.data).toEqual({
      days: 7,
      since: '2026-11-24T00:00:00.000Z',
      events: [
        {
          eventId: 'e-root',
          eventName: 'ConsoleLogin',
          eventTime: '2026-11-30T10:00:00.000Z',
          eventSource: 'signin.amazonaws.com',
          sourceIpAddress: '198.51.100.7',
        },
      ],
    });
  });
});
