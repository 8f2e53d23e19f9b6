/*
 * Alerts: what a scan turned around, told to the teams that own the
 * accounts (GET /alerts, GET /accounts/:accountId/alerts).
 */
import type { GuardrailSeverity } from '../checks';

/**
 * What an alert says:
 * - `regression`: a guardrail went from pass to fail;
 * - `recovery`: a guardrail whose regression was announced passes again;
 * - `stale`: the scan could not read the account, which it read before;
 * - `new-account`: an account first seen in this scan, outside the known OUs;
 * - `root-activity`: CloudTrail events by the root user not announced before.
 *
 * @public
 */
export type AlertKind =
  | 'regression'
  | 'recovery'
  | 'stale'
  | 'new-account'
  | 'root-activity';

/**
 * One alert of one account, as stored; the notification of a scan groups
 * every alert of one owning group.
 *
 * @public
 */
export type AlertRecord = {
  id: string;
  /** The scan that found it. */
  scanId: string;
  kind: AlertKind;
  accountId: string;
  accountName: string;
  /** The guardrail, for `regression` and `recovery`. */
  checkId?: string;
  /**
   * The guardrail's severity for `regression` and `recovery`; `critical` for
   * root activity, `medium` for a stale account or a new account.
   */
  severity: GuardrailSeverity;
  /** The OU path of a `new-account`, e.g. `Root` or `Root/Unsorted`. */
  ouPath?: string;
  /** Why the account is stale, for `stale`. */
  staleReason?: string;
  /** The root user's events, for `root-activity`. */
  events?: {
    eventId: string;
    eventName: string;
    eventTime: string;
    region?: string;
    sourceIpAddress?: string;
  }[];
  /** The entity refs the alert was (or will be) sent to: the owning group, the security group. */
  recipients: string[];
  createdAt: string;
  /** When the notification was sent; undefined while it waits (quiet hours) or was not sent (alerts off for it). */
  notifiedAt?: string;
};

/**
 * GET /alerts and GET /accounts/:accountId/alerts: newest first.
 *
 * @public
 */
export type AlertsQuery = {
  limit?: number;
  cursor?: string;
  /** Only this scan's alerts. */
  scanId?: string;
  kind?: AlertKind;
};
