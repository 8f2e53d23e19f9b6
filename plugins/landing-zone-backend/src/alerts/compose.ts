import type {
  AlertRecord,
  GuardrailSeverity,
} from '@internal/plugin-landing-zone-common';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';

/** Lines of a notification's description; the rest is counted, and on the page. */
const MAX_LINES = 12;

const RANK: Record<GuardrailSeverity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
};
// Backstage's notification severities name medium "normal".
const NOTIFICATION_SEVERITY = {
  critical: 'critical',
  high: 'high',
  medium: 'normal',
  low: 'low',
} as const;
const ORDER: AlertRecord['kind'][] = [
  'root-activity',
  'regression',
  'new-account',
  'stale',
  'recovery',
];

/** Where a notification leads: the account's guardrails, or the scan's alerts. */
export function alertLink(alerts: Pick<AlertRecord, 'accountId' | 'scanId'>[]) {
  const accounts = new Set(alerts.map(a => a.accountId));
  if (accounts.size === 1) {
    return `/catalog/default/resource/aws-account-${alerts[0].accountId}/guardrails`;
  }
  return `/landing-zone/alerts?scan=${encodeURIComponent(alerts[0].scanId)}`;
}

/** `2026-12-01 09:00 UTC`: a notification is read in any time zone. */
function utc(time: string): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime())
    ? time
    : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

function line(alert: AlertRecord, titles: ReadonlyMap<string, string>): string {
  const account = `${alert.accountName} (${alert.accountId})`;
  const guardrail = alert.checkId
    ? titles.get(alert.checkId) ?? alert.checkId
    : '';
  switch (alert.kind) {
    case 'regression':
      return `✗ ${account}: ${guardrail} — passed, now fails (${alert.severity})`;
    case 'recovery':
      return `✓ ${account}: ${guardrail} — passes again`;
    case 'stale':
      return `⚠ ${account}: could not be read${
        alert.staleReason ? ` — ${alert.staleReason}` : ''
      }`;
    case 'new-account':
      return `+ ${account}: new account in ${
        alert.ouPath ?? 'Root'
      }, outside the known OUs`;
    case 'root-activity': {
      const events = alert.events ?? [];
      const first = events[0];
      const more = events.length > 1 ? ` (+${events.length - 1} more)` : '';
      return first
        ? `! ${account}: root user ${first.eventName} at ${utc(
            first.eventTime,
          )}${
            first.sourceIpAddress ? ` from ${first.sourceIpAddress}` : ''
          }${more}`
        : `! ${account}: root user activity`;
    }
    default:
      return account;
  }
}

/**
 * One notification of a scan's alerts for one recipient: a title that
 * counts them, a line per alert (most severe first), the highest severity,
 * and a link to the account's guardrails or, for several accounts, the
 * scan's alerts.
 */
export function composeNotification(options: {
  alerts: AlertRecord[];
  /** Guardrail titles by id. */
  titles: ReadonlyMap<string, string>;
  /** Makes a repeat of the same notification replace it rather than add one. */
  scope: string;
}): NotificationPayload {
  const alerts = [...options.alerts].sort(
    (a, b) =>
      ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) ||
      RANK[a.severity] - RANK[b.severity] ||
      a.accountName.localeCompare(b.accountName) ||
      (a.checkId ?? '').localeCompare(b.checkId ?? ''),
  );
  const count = (kind: AlertRecord['kind']) =>
    alerts.filter(a => a.kind === kind).length;
  const parts = [
    count('root-activity') &&
      `root user activity in ${plural(count('root-activity'), 'account')}`,
    count('regression') && plural(count('regression'), 'guardrail regression'),
    count('new-account') &&
      `${plural(count('new-account'), 'new account')} outside the known OUs`,
    count('stale') && `${plural(count('stale'), 'account')} no longer read`,
    count('recovery') && plural(count('recovery'), 'recovery', 'recoveries'),
  ].filter(Boolean);
  const accounts = [...new Set(alerts.map(a => a.accountName))];
  const where =
    accounts.length === 1 ? accounts[0] : plural(accounts.length, 'account');
  const lines = alerts.slice(0, MAX_LINES).map(a => line(a, options.titles));
  if (alerts.length > MAX_LINES) {
    lines.push(`… and ${alerts.length - MAX_LINES} more on the alerts page`);
  }
  const highest = alerts.reduce<GuardrailSeverity>(
    (worst, a) => (RANK[a.severity] < RANK[worst] ? a.severity : worst),
    'low',
  );
  const onlyRecoveries = alerts.every(a => a.kind === 'recovery');
  return {
    title: `Landing zone: ${parts.join(', ')} (${where})`,
    description: lines.join('\n'),
    link: alertLink(alerts),
    severity: onlyRecoveries ? 'low' : NOTIFICATION_SEVERITY[highest],
    topic: 'landing-zone-alerts',
    scope: options.scope,
  };
}
