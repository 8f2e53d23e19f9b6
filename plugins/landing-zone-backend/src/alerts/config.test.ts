import { ConfigReader } from '@backstage/config';
import { inQuietHours, readAlertSettings } from './config';

const read = (alerts: object) =>
  readAlertSettings(
    new ConfigReader({ landingZone: { alerts } }),
    'group:default/platform-team',
  );

describe('landingZone.alerts', () => {
  it('defaults to every kind on, no security group, no quiet hours', () => {
    const settings = readAlertSettings(new ConfigReader({}), 'platform-team');
    expect(settings).toMatchObject({
      enabled: true,
      kinds: {
        regression: true,
        recovery: true,
        stale: true,
        'new-account': true,
        'root-activity': true,
      },
      securityGroup: undefined,
      securitySeverities: ['critical', 'high'],
      knownOrganizationalUnits: undefined,
      quietHours: undefined,
      // A bare name is a group in the default namespace, as the catalog reads it.
      fallbackOwner: 'group:default/platform-team',
      schedule: { frequency: { minutes: 1 } },
    });
  });

  it('reads kinds, the security group, OUs, scopes and quiet hours', () => {
    const settings = read({
      kinds: { stale: false, newAccount: false },
      securityGroup: 'Security-Team',
      securitySeverities: ['critical'],
      knownOrganizationalUnits: ['Workloads'],
      exclude: { organizationalUnits: ['Sandbox'] },
      guardrails: {
        'vpc-flow-logs': { enabled: false },
        'root-mfa': { include: { accounts: ['123456789012'] } },
      },
      quietHours: { start: '22:00', end: '07:30', timeZone: 'Asia/Tokyo' },
    });
    expect(settings.kinds.stale).toBe(false);
    expect(settings.kinds['new-account']).toBe(false);
    expect(settings.kinds.regression).toBe(true);
    expect(settings.securityGroup).toBe('group:default/security-team');
    expect(settings.guardrails).toEqual({
      'vpc-flow-logs': {
        enabled: false,
        include: undefined,
        exclude: undefined,
      },
      'root-mfa': {
        enabled: true,
        include: { accounts: ['123456789012'] },
        exclude: undefined,
      },
    });
    expect(settings.quietHours).toEqual({
      start: 22 * 60,
      end: 7 * 60 + 30,
      timeZone: 'Asia/Tokyo',
    });
  });

  it.each([
    [
      { securitySeverities: ['urgent'] },
      "'landingZone.alerts.securitySeverities[0]'",
    ],
    [{ securityGroup: 'not a ref!' }, "'landingZone.alerts.securityGroup'"],
    [
      { quietHours: { start: '25:00', end: '07:00' } },
      "'landingZone.alerts.quietHours.start'",
    ],
    [
      {
        quietHours: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' },
      },
      "'landingZone.alerts.quietHours.timeZone'",
    ],
    [
      { exclude: { accounts: ['12345'] } },
      "'landingZone.alerts.exclude.accounts[0]'",
    ],
  ])('stops start-up on %j, naming %s', (alerts, key) => {
    expect(() => read(alerts)).toThrow(key);
  });

  it('knows quiet hours over midnight in their time zone', () => {
    const quiet = { start: 22 * 60, end: 7 * 60, timeZone: 'Asia/Tokyo' };
    // 23:30 and 06:59 in Tokyo are quiet; 07:00 and 21:59 are not.
    expect(inQuietHours(quiet, new Date('2026-12-03T14:30:00Z'))).toBe(true);
    expect(inQuietHours(quiet, new Date('2026-12-03T21:59:00Z'))).toBe(true);
    expect(inQuietHours(quiet, new Date('2026-12-03T22:00:00Z'))).toBe(false);
    expect(inQuietHours(quiet, new Date('2026-12-03T12:59:00Z'))).toBe(false);
    const day = { start: 9 * 60, end: 17 * 60, timeZone: 'UTC' };
    expect(inQuietHours(day, new Date('2026-12-03T09:00:00Z'))).toBe(true);
    expect(inQuietHours(day, new Date('2026-12-03T17:00:00Z'))).toBe(false);
    expect(inQuietHours(undefined, new Date())).toBe(false);
  });
});
