import type { AlertRecord } from '@internal/plugin-landing-zone-common';
import { composeNotification } from './compose';

const alert = (
  i: number,
  overrides: Partial<AlertRecord> = {},
): AlertRecord => ({
  id: `a-${i}`,
  scanId: 'scan-9',
  kind: 'regression',
  accountId: String(100000000000 + i),
  accountName: `acct-${String(i).padStart(2, '0')}`,
  checkId: 'vpc-flow-logs',
  severity: 'medium',
  recipients: ['group:default/team-a'],
  createdAt: '2026-12-03T10:00:00.000Z',
  ...overrides,
});

describe('composeNotification', () => {
  it('puts the most severe first, counts what a long list leaves out and links to the scan', () => {
    const alerts = [
      ...Array.from({ length: 14 }, (_, i) => alert(i)),
      alert(20, {
        kind: 'root-activity',
        checkId: undefined,
        severity: 'critical',
        events: [
          {
            eventId: 'e1',
            eventName: 'ConsoleLogin',
            eventTime: '2026-12-01T09:00:00Z',
            region: 'us-east-1',
          },
          {
            eventId: 'e2',
            eventName: 'CreateAccessKey',
            eventTime: '2026-12-01T09:05:00Z',
            region: 'us-east-1',
          },
        ],
      }),
    ];
    const payload = composeNotification({
      alerts,
      titles: new Map([['vpc-flow-logs', 'VPC flow logs are on']]),
      scope: 'landing-zone-alerts:scan-9:x',
    });
    expect(payload.title).toBe(
      'Landing zone: root user activity in 1 account, 14 guardrail regressions (15 accounts)',
    );
    const lines = payload.description!.split('\n');
    expect(lines).toHaveLength(13);
    expect(lines[0]).toBe(
      '! acct-20 (100000000020): root user ConsoleLogin at 2026-12-01 09:00 UTC (+1 more)',
    );
    expect(lines[1]).toBe(
      '✗ acct-00 (100000000000): VPC flow logs are on — passed, now fails (medium)',
    );
    expect(lines[12]).toBe('… and 3 more on the alerts page');
    expect(payload).toMatchObject({
      severity: 'critical',
      link: '/landing-zone/alerts?scan=scan-9',
      topic: 'landing-zone-alerts',
      scope: 'landing-zone-alerts:scan-9:x',
    });
  });

  it('says an account is new, no longer read, or recovered', () => {
    const one = (a: AlertRecord) =>
      composeNotification({ alerts: [a], titles: new Map(), scope: 's' });
    expect(
      one(
        alert(1, { kind: 'new-account', checkId: undefined, ouPath: 'Root' }),
      ),
    ).toMatchObject({
      title: 'Landing zone: 1 new account outside the known OUs (acct-01)',
      description:
        '+ acct-01 (100000000001): new account in Root, outside the known OUs',
      link: '/catalog/default/resource/aws-account-100000000001/guardrails',
      severity: 'normal',
    });
    expect(
      one(
        alert(2, {
          kind: 'stale',
          checkId: undefined,
          staleReason: 'access: AccessDenied',
        }),
      ).description,
    ).toBe(
      '⚠ acct-02 (100000000002): could not be read — access: AccessDenied',
    );
    expect(one(alert(3, { kind: 'recovery' }))).toMatchObject({
      title: 'Landing zone: 1 recovery (acct-03)',
      description: '✓ acct-03 (100000000003): vpc-flow-logs — passes again',
      severity: 'low',
    });
  });
});
