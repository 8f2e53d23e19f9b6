import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type {
  AccountFacts,
  AccountIdentity,
  GuardrailResult,
  OrganizationFacts,
} from '@internal/plugin-landing-zone-common';
import knexFactory, { type Knex } from 'knex';
import { defaultChecks } from '../evaluate';
import {
  createLandingZoneStore,
  type LandingZoneStore,
} from '../store/LandingZoneStore';
import { Alerts } from './Alerts';
import { readAlertSettings } from './config';

jest.setTimeout(60_000);

const databases = TestDatabases.create();

const ROOT = 'r-a1rt';
const WORKLOADS = 'ou-a1rt-w0rkl0ad';
const SANDBOX = 'ou-a1rt-sandb0x0';
const organization: OrganizationFacts = {
  organizationId: 'o-a1rt',
  managementAccountId: '111111111111',
  rootId: ROOT,
  units: [
    { id: ROOT, name: 'Root', path: 'Root' },
    {
      id: WORKLOADS,
      parentId: ROOT,
      name: 'Workloads',
      path: 'Root/Workloads',
    },
    { id: SANDBOX, parentId: ROOT, name: 'Sandbox', path: 'Root/Sandbox' },
  ],
  policies: [],
};

function account(
  id: string,
  name: string,
  owner: string | undefined,
  parentId = WORKLOADS,
): AccountIdentity {
  const unit = organization.units.find(u => u.id === parentId)!;
  return {
    id,
    name,
    email: `${name}@example.com`,
    status: 'ACTIVE',
    tags: owner ? { owner } : {},
    parentId,
    parentIds: parentId === ROOT ? [ROOT] : [ROOT, parentId],
    ouPath: unit.path,
    environment: 'prod',
  };
}

const payments = account('222222222222', 'payments-prod', 'payments');
const cards = account('333333333333', 'cards-prod', 'cards');
const lab = account('444444444444', 'sandbox-lab', 'cards', SANDBOX);

/** Notifications as Backstage's notification service would get them. */
class SentNotifications {
  readonly sent: NotificationSendOptions[] = [];
  send = async (options: NotificationSendOptions) => {
    this.sent.push(options);
  };
  to(ref: string) {
    return this.sent.filter(s =>
      ([] as string[])
        .concat(s.recipients.type === 'entity' ? s.recipients.entityRef : [])
        .includes(ref),
    );
  }
}

const verdict = (
  a: AccountIdentity,
  checkId: string,
  status: GuardrailResult['status'],
): GuardrailResult => ({
  accountId: a.id,
  checkId,
  status,
  evidence: [],
  evaluatedAt: new Date().toISOString(),
});

describe.each(databases.eachSupportedId())('alerts on %p', databaseId => {
  let knex: Knex;
  let store: LandingZoneStore;
  let scans = 0;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    store = await createLandingZoneStore({
      database: mockServices.database({ knex }),
    });
    scans = 0;
  });

  function alertsOf(
    notifications: SentNotifications,
    config: object = {},
    options: { now?: () => Date; db?: Knex } = {},
  ) {
    return Alerts.create({
      db: options.db ?? knex,
      settings: readAlertSettings(
        new ConfigReader({ landingZone: { alerts: config } }),
        'group:default/platform-team',
      ),
      notifications,
      checks: () => defaultChecks,
      logger: mockServices.logger.mock(),
      now: options.now,
    });
  }

  /** A finished scan: its run recorded, the organisation read, its verdicts judged. */
  async function scan(options: {
    accounts: AccountIdentity[];
    verdicts: GuardrailResult[];
    facts?: AccountFacts[];
  }): Promise<string> {
    scans += 1;
    const id = `scan-${scans}`;
    // After everything the previous scan wrote.
    await new Promise(resolve => setTimeout(resolve, 5));
    const startedAt = new Date();
    await knex('lz_scan_runs').insert({
      id,
      trigger: 'schedule',
      state: 'running',
      started_at: startedAt,
      heartbeat_at: startedAt,
      accounts_total: options.accounts.length,
      accounts_done: 0,
      accounts_failed: 0,
    });
    await store.organization.save(organization, options.accounts);
    if (options.facts) await store.facts.save(options.facts);
    await store.results.save({
      results: options.verdicts,
      rollup: [],
      day: startedAt.toISOString().slice(0, 10),
      historyDays: 90,
      scanId: id,
    });
    await knex('lz_scan_runs')
      .where({ id })
      .update({ state: 'partial', finished_at: new Date() });
    return id;
  }

  it('tells the owning group, and the security group for a high-severity guardrail, of a regression once; then of its recovery', async () => {
    const notifications = new SentNotifications();
    const alerts = alertsOf(notifications, {
      securityGroup: 'group:default/security',
    });
    const everything = [payments, cards];
    const first = await scan({
      accounts: everything,
      verdicts: [
        verdict(payments, 'guardduty-enabled', 'pass'),
        verdict(payments, 'vpc-flow-logs', 'pass'),
        verdict(cards, 'guardduty-enabled', 'pass'),
      ],
    });
    await alerts.afterScan(first);
    expect(notifications.sent).toEqual([]);

    const second = await scan({
      accounts: everything,
      verdicts: [
        verdict(payments, 'guardduty-enabled', 'fail'),
        verdict(payments, 'vpc-flow-logs', 'fail'),
        verdict(cards, 'guardduty-enabled', 'pass'),
      ],
    });
    await alerts.afterScan(second);
    // Both regressions of the scan in one notification to the owner.
    const owner = notifications.to('group:default/payments');
    expect(owner).toHaveLength(1);
    expect(owner[0].payload).toMatchObject({
      title: 'Landing zone: 2 guardrail regressions (payments-prod)',
      link: '/catalog/default/resource/aws-account-222222222222/guardrails',
      severity: 'high',
      topic: 'landing-zone-alerts',
    });
    expect(owner[0].payload.description).toContain(
      '✗ payments-prod (222222222222): GuardDuty is enabled — passed, now fails (high)',
    );
    // GuardDuty is high: the security group hears of it, not of flow logs (medium).
    const security = notifications.to('group:default/security');
    expect(security).toHaveLength(1);
    expect(security[0].payload.description).toContain('GuardDuty');
    expect(security[0].payload.description).not.toContain('flow log');
    expect(notifications.to('group:default/cards')).toEqual([]);

    // The same scan again, and the periodic run: nothing new is sent.
    await alerts.afterScan(second);
    await alerts.process();
    expect(notifications.sent).toHaveLength(2);

    // Still failing at the next scan: not a new regression.
    const third = await scan({
      accounts: everything,
      verdicts: [
        verdict(payments, 'guardduty-enabled', 'fail'),
        verdict(payments, 'vpc-flow-logs', 'fail'),
        verdict(cards, 'guardduty-enabled', 'pass'),
      ],
    });
    await alerts.afterScan(third);
    expect(notifications.sent).toHaveLength(2);

    // GuardDuty mended: a follow-up to those who heard of the regression.
    const fourth = await scan({
      accounts: everything,
      verdicts: [
        verdict(payments, 'guardduty-enabled', 'pass'),
        verdict(payments, 'vpc-flow-logs', 'fail'),
        verdict(cards, 'guardduty-enabled', 'pass'),
      ],
    });
    await alerts.afterScan(fourth);
    const followUps = notifications.sent.slice(2);
    expect(
      followUps.map(s => [s.recipients, s.payload.title, s.payload.severity]),
    ).toEqual(
      expect.arrayContaining([
        [
          { type: 'entity', entityRef: 'group:default/payments' },
          'Landing zone: 1 recovery (payments-prod)',
          'low',
        ],
        [
          { type: 'entity', entityRef: 'group:default/security' },
          'Landing zone: 1 recovery (payments-prod)',
          'low',
        ],
      ]),
    );
    expect(followUps).toHaveLength(2);

    // The history, newest first, with whom each went to.
    const history = await alerts.list({
      accountId: payments.id,
      page: { limit: 10 },
    });
    expect(history.items.map(a => [a.kind, a.checkId])).toEqual(
      expect.arrayContaining([
        ['recovery', 'guardduty-enabled'],
        ['regression', 'guardduty-enabled'],
        ['regression', 'vpc-flow-logs'],
      ]),
    );
    expect(history.items[0].kind).toBe('recovery');
    expect(history.totalCount).toBe(3);
    expect(history.items.every(a => a.notifiedAt)).toBe(true);
    const regression = history.items.find(
      a => a.kind === 'regression' && a.checkId === 'guardduty-enabled',
    )!;
    expect(regression.recipients.sort()).toEqual([
      'group:default/payments',
      'group:default/security',
    ]);
  });

  it('tells of an account no longer read and of a new account outside the known OUs, but not at the first scan', async () => {
    const notifications = new SentNotifications();
    const alerts = alertsOf(notifications, {
      securityGroup: 'group:default/security',
      knownOrganizationalUnits: ['Workloads', 'Sandbox'],
    });
    const unread = (a: AccountIdentity): AccountFacts => ({
      account: a,
      collectedAt: new Date().toISOString(),
      access: {
        code: 'AccessDenied',
        message: 'not authorized to perform sts:AssumeRole',
      },
    });
    // At the first scan, everything is new and some are unread: the baseline.
    const first = await scan({
      accounts: [payments, lab],
      verdicts: [],
      facts: [unread(lab)],
    });
    await alerts.afterScan(first);
    expect(notifications.sent).toEqual([]);

    const stray = account('555555555555', 'stray', undefined, ROOT);
    const second = await scan({
      accounts: [payments, lab, stray],
      // lab stays unread: it did not become stale now.
      verdicts: [],
      facts: [unread(payments), unread(lab)],
    });
    await alerts.afterScan(second);
    const owner = notifications.to('group:default/payments');
    expect(owner).toHaveLength(1);
    expect(owner[0].payload.title).toBe(
      'Landing zone: 1 account no longer read (payments-prod)',
    );
    expect(owner[0].payload.description).toMatch(
      /^⚠ payments-prod \(222222222222\): could not be read — .*AccessDenied/,
    );
    // No owner tag: the fallback owner, and the security group.
    expect(notifications.to('group:default/platform-team')).toHaveLength(1);
    expect(
      notifications.to('group:default/platform-team')[0].payload.description,
    ).toBe(
      '+ stray (555555555555): new account in Root, outside the known OUs',
    );
    expect(notifications.to('group:default/security')).toHaveLength(1);
    expect(notifications.to('group:default/cards')).toEqual([]);
  });

  it("tells the owner and the security group of the root user's events once each", async () => {
    const notifications = new SentNotifications();
    const alerts = alertsOf(notifications, {
      securityGroup: 'group:default/security',
    });
    const at = new Date().toISOString();
    const rootEvents = (
      events: { eventId: string; eventName: string; eventTime: string }[],
    ): AccountFacts => ({
      account: cards,
      collectedAt: at,
      regions: {
        // Only what the store needs beside the root user's events.
        'eu-west-1': {
          vpcs: { data: [], collectedAt: at },
          peerings: { data: [], collectedAt: at },
          transitGatewayAttachments: { data: [], collectedAt: at },
          rootActivity: {
            data: {
              days: 90,
              since: at,
              events: events.map(e => ({
                ...e,
                sourceIpAddress: '198.51.100.23',
              })),
            },
            collectedAt: at,
          },
        } as unknown as NonNullable<AccountFacts['regions']>[string],
      },
    });
    const login = {
      eventId: 'e-1',
      eventName: 'ConsoleLogin',
      eventTime: '2026-12-01T10:00:00Z',
    };
    const first = await scan({
      accounts: [cards],
      verdicts: [],
      facts: [rootEvents([login])],
    });
    await alerts.afterScan(first);
    expect(notifications.to('group:default/cards')).toHaveLength(1);
    const [security] = notifications.to('group:default/security');
    expect(security.payload).toMatchObject({
      title: 'Landing zone: root user activity in 1 account (cards-prod)',
      severity: 'critical',
      description:
        '! cards-prod (333333333333): root user ConsoleLogin at 2026-12-01 10:00 UTC from 198.51.100.23',
    });

    // The same event read again: nothing; a new one: told.
    const second = await scan({
      accounts: [cards],
      verdicts: [],
      facts: [
        rootEvents([
          login,
          {
            eventId: 'e-2',
            eventName: 'CreateAccessKey',
            eventTime: '2026-12-02T10:00:00Z',
          },
        ]),
      ],
    });
    await alerts.afterScan(second);
    expect(notifications.sent).toHaveLength(4);
    expect(notifications.sent[3].payload.description).toContain(
      'CreateAccessKey',
    );
    expect(notifications.sent[3].payload.description).not.toContain(
      '(+1 more)',
    );
  });

  it('follows the configuration: a guardrail switched off, an OU excluded, another kept to some accounts', async () => {
    const notifications = new SentNotifications();
    const alerts = alertsOf(notifications, {
      exclude: { organizationalUnits: ['Sandbox'] },
      guardrails: {
        'vpc-flow-logs': { enabled: false },
        'ebs-default-encryption': { include: { accounts: [cards.id] } },
      },
    });
    const checks = [
      'vpc-flow-logs',
      'ebs-default-encryption',
      'guardduty-enabled',
    ];
    const all = (status: 'pass' | 'fail') =>
      [payments, cards, lab].flatMap(a =>
        checks.map(c => verdict(a, c, status)),
      );
    await alerts.afterScan(
      await scan({ accounts: [payments, cards, lab], verdicts: all('pass') }),
    );
    await alerts.afterScan(
      await scan({ accounts: [payments, cards, lab], verdicts: all('fail') }),
    );
    const told = (await alerts.list({ page: { limit: 50 } })).items
      .map(a => `${a.accountName}:${a.checkId}`)
      .sort();
    expect(told).toEqual([
      'cards-prod:ebs-default-encryption',
      'cards-prod:guardduty-enabled',
      'payments-prod:guardduty-enabled',
    ]);
  });

  it('holds alerts found in quiet hours until they end, critical ones excepted', async () => {
    const notifications = new SentNotifications();
    let now = new Date('2026-12-03T14:30:00Z'); // 23:30 in Tokyo
    const alerts = alertsOf(
      notifications,
      { quietHours: { start: '22:00', end: '07:00', timeZone: 'Asia/Tokyo' } },
      { now: () => now },
    );
    await alerts.afterScan(
      await scan({
        accounts: [payments],
        verdicts: [
          verdict(payments, 'root-mfa', 'pass'),
          verdict(payments, 'vpc-flow-logs', 'pass'),
        ],
      }),
    );
    await alerts.afterScan(
      await scan({
        accounts: [payments],
        verdicts: [
          verdict(payments, 'root-mfa', 'fail'),
          verdict(payments, 'vpc-flow-logs', 'fail'),
        ],
      }),
    );
    // Root MFA is critical: sent at once, alone.
    expect(notifications.sent).toHaveLength(1);
    expect(notifications.sent[0].payload.description).toContain(
      'Root user has MFA',
    );
    expect(notifications.sent[0].payload.description).not.toContain('flow log');
    await alerts.process();
    expect(notifications.sent).toHaveLength(1);
    now = new Date('2026-12-03T22:05:00Z'); // 07:05 in Tokyo
    await alerts.process();
    expect(notifications.sent).toHaveLength(2);
    expect(notifications.sent[1].payload.description).toContain('flow log');
    await alerts.process();
    expect(notifications.sent).toHaveLength(2);
  });

  it('sends each notification once when two backends handle the same scan at the same moment', async () => {
    // A second backend: its own connection to the same database (SQLite in
    // memory has one connection, so there both share it).
    const other =
      knex.client.config.client === 'pg'
        ? knexFactory(knex.client.config)
        : knex;
    try {
      const a = new SentNotifications();
      const b = new SentNotifications();
      const replicaA = alertsOf(a, { securityGroup: 'group:default/security' });
      const replicaB = alertsOf(
        b,
        { securityGroup: 'group:default/security' },
        { db: other },
      );
      const before = [payments, cards].flatMap(x => [
        verdict(x, 'guardduty-enabled', 'pass'),
        verdict(x, 'cloudtrail-multi-region', 'pass'),
      ]);
      await replicaA.afterScan(
        await scan({ accounts: [payments, cards], verdicts: before }),
      );
      const id = await scan({
        accounts: [payments, cards],
        verdicts: before.map(v => ({ ...v, status: 'fail' as const })),
      });
      await Promise.all([
        replicaA.afterScan(id),
        replicaB.afterScan(id),
        replicaA.process(),
        replicaB.process(),
        replicaB.afterScan(id),
      ]);
      await Promise.all([replicaA.process(), replicaB.process()]);
      const sent = [...a.sent, ...b.sent];
      const refs = sent.map(s =>
        s.recipients.type === 'entity' ? s.recipients.entityRef : 'broadcast',
      );
      expect(refs.sort()).toEqual([
        'group:default/cards',
        'group:default/payments',
        'group:default/security',
      ]);
      const security = sent.find(
        s =>
          s.recipients.type === 'entity' &&
          s.recipients.entityRef === 'group:default/security',
      )!;
      expect(security.payload.title).toBe(
        'Landing zone: 4 guardrail regressions (2 accounts)',
      );
      expect(security.payload.link).toBe(`/landing-zone/alerts?scan=${id}`);
      expect(
        await knex('lz_alerts').where({ scan_id: id }).count({ n: '*' }),
      ).toEqual([{ n: expect.anything() }]);
      expect(
        Number(
          (await knex('lz_alerts').where({ scan_id: id }).count({ n: '*' }))[0]
            .n,
        ),
      ).toBe(4);
    } finally {
      if (other !== knex) await other.destroy();
    }
  });
});
