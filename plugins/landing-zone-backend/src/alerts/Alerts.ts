import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  selectorMatches,
  type AlertKind,
  type AlertRecord,
  type GuardrailCheck,
  type GuardrailSeverity,
  type RootActivity,
} from '@internal/plugin-landing-zone-common';
import { whereScope, type AccountScope } from '../permissions';
import { cursorScope, json, keysetPage, parse } from '../store/rows';
import type { Page, PageRequest } from '../store/types';
import { composeNotification } from './compose';
import { inQuietHours, type AlertSettings } from './config';

/** A scan whose delivery a backend claimed is another's to retry after this. */
const DEFAULT_LEASE_MS = 5 * 60_000;
/** Scans finished longer ago than this are not looked at by the periodic run. */
const RECENT_SCANS = 20;

type AccountInfo = {
  account_id: string;
  name: string;
  status: string;
  parent_id: string;
  parent_ids: string;
  ou_path: string;
  tags: string;
  owner_ref: string | null;
  stale_reason: string | null;
  stale_since: Date | string | number | null;
  first_seen_at: Date | string | number | null;
};

type NewAlert = Omit<AlertRecord, 'id' | 'createdAt' | 'notifiedAt'> & {
  dedupeKey: string;
};

type AlertRow = {
  id: string;
  dedupe_key: string;
  scan_id: string;
  kind: AlertKind;
  account_id: string;
  account_name: string;
  check_id: string | null;
  severity: GuardrailSeverity;
  details: string | null;
  recipients: string;
  created_at: Date | string | number;
  notified_at: Date | string | number | null;
  resolved_at: Date | string | number | null;
};

const FINISHED = ['succeeded', 'partial'];

type AlertsOptions = {
  db: Knex;
  settings: AlertSettings;
  notifications: Pick<NotificationService, 'send'>;
  checks: () => GuardrailCheck[];
  logger: LoggerService;
  /** How long a backend's claim on a scan's delivery holds (default 5 min). */
  leaseMs?: number;
  now?: () => Date;
};

function time(value: Date | string | number | null | undefined) {
  return value === null || value === undefined ? undefined : new Date(value);
}

function mapAlert(row: AlertRow): AlertRecord {
  const details = parse<Partial<AlertRecord>>(row.details, {});
  return {
    id: row.id,
    scanId: row.scan_id,
    kind: row.kind,
    accountId: row.account_id,
    accountName: row.account_name,
    checkId: row.check_id ?? undefined,
    severity: row.severity,
    ouPath: details.ouPath,
    staleReason: details.staleReason,
    events: details.events,
    recipients: parse<string[]>(row.recipients, []),
    createdAt: time(row.created_at)!.toISOString(),
    notifiedAt: time(row.notified_at)?.toISOString(),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    /SQLITE_CONSTRAINT/.test(e?.code ?? '') ||
    /UNIQUE constraint failed|duplicate key/.test(e?.message ?? '')
  );
}

/**
 * Alerts: after each scan, what it turned around (a guardrail from pass to
 * fail and back, an account no longer read, a new account outside the known
 * OUs, the root user's activity), stored once and told to each owning group
 * (and the security group) in one notification per scan.
 *
 * Exactly once with several backends on one database: a scan's alerts are
 * detected in the transaction that inserts its lz_alert_scans row (a second
 * backend's insert fails and it stops), and delivered by the backend that
 * claims that row; a claim left by a backend that died is taken over after
 * the lease, and a repeated notification carries the same scope, so
 * Backstage's notifications replace it rather than add one.
 */
export class Alerts {
  readonly #db: Knex;
  readonly #settings: AlertSettings;
  readonly #notifications: Pick<NotificationService, 'send'>;
  readonly #checks: () => GuardrailCheck[];
  readonly #logger: LoggerService;
  readonly #instance: string;
  readonly #leaseMs: number;
  readonly #now: () => Date;

  private constructor(options: AlertsOptions) {
    this.#db = options.db;
    this.#settings = options.settings;
    this.#notifications = options.notifications;
    this.#checks = options.checks;
    this.#logger = options.logger;
    this.#instance = randomUUID();
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.#now = options.now ?? (() => new Date());
  }

  static create(options: AlertsOptions) {
    return new Alerts(options);
  }

  get settings(): AlertSettings {
    return this.#settings;
  }

  /** After a scan: its alerts detected and sent; a failure is logged, never thrown. */
  async afterScan(scanId: string): Promise<void> {
    if (!this.#settings.enabled) return;
    try {
      await this.detect(scanId);
      await this.deliver(scanId);
    } catch (error) {
      this.#logger.warn(
        'Alerts of a scan could not be sent; the periodic run tries again',
        new ForwardedError(`Alerts of scan ${scanId}`, error),
      );
    }
  }

  /**
   * The periodic run: the alerts of recent scans that no backend detected
   * (it died first), and every delivery not done (a failure, a lease run
   * out, quiet hours over).
   */
  async process(): Promise<void> {
    if (!this.#settings.enabled) return;
    const recent = await this.#db('lz_scan_runs')
      .whereIn('state', FINISHED)
      .orderBy('started_at', 'desc')
      .limit(RECENT_SCANS)
      .select('id');
    const detected = new Set(
      (
        await this.#db('lz_alert_scans')
          .whereIn(
            'scan_id',
            recent.map(r => r.id),
          )
          .select('scan_id')
      ).map(r => r.scan_id),
    );
    for (const { id } of recent.reverse()) {
      if (!detected.has(id)) await this.detect(id);
    }
    const pending = await this.#db('lz_alert_scans')
      .whereNull('delivered_at')
      .orderBy('detected_at')
      .select('scan_id');
    for (const { scan_id } of pending) await this.deliver(scan_id);
  }

  /**
   * Finds and stores a finished scan's alerts; false when another backend
   * (or an earlier call) already did, or the scan did not finish.
   */
  async detect(scanId: string): Promise<boolean> {
    const scan = await this.#db('lz_scan_runs').where({ id: scanId }).first();
    if (!scan || !FINISHED.includes(scan.state)) return false;
    // The first scan sets the baseline: nothing "became" stale or new then.
    const earlier = await this.#db('lz_scan_runs')
      .whereIn('state', FINISHED)
      .where('started_at', '<', scan.started_at)
      .first('id');
    const startedAt = time(scan.started_at)!;
    try {
      await this.#db.transaction(async tx => {
        await tx('lz_alert_scans').insert({
          scan_id: scanId,
          detected_at: this.#now(),
        });
        await this.#detectIn(tx, scanId, startedAt, !earlier);
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async #detectIn(
    tx: Knex.Transaction,
    scanId: string,
    startedAt: Date,
    baseline: boolean,
  ): Promise<void> {
    const settings = this.#settings;
    const definitions = new Map(
      this.#checks().map(c => [c.definition.id, c.definition]),
    );
    const units = await tx('lz_organizational_units').select('id', 'name');
    const org = await tx('lz_organization').first('root_id');
    const accountRows: AccountInfo[] = await tx('lz_accounts')
      .whereNull('removed_at')
      .select(
        'account_id',
        'name',
        'status',
        'parent_id',
        'parent_ids',
        'ou_path',
        'tags',
        'owner_ref',
        'stale_reason',
        'stale_since',
        'first_seen_at',
      );
    const accounts = new Map(accountRows.map(a => [a.account_id, a]));
    const identity = (a: AccountInfo) => ({
      id: a.account_id,
      parentIds: parse<string[]>(a.parent_ids, []),
      ouPath: a.ou_path,
      tags: parse<Record<string, string>>(a.tags, {}),
    });
    const excluded = (a: AccountInfo) =>
      Boolean(
        settings.exclude &&
          selectorMatches(settings.exclude, identity(a), units),
      );
    const guardrailOn = (a: AccountInfo, checkId: string) => {
      const scope = settings.guardrails[checkId];
      if (!scope) return true;
      if (!scope.enabled) return false;
      if (
        scope.include &&
        !selectorMatches(scope.include, identity(a), units)
      ) {
        return false;
      }
      return !(
        scope.exclude && selectorMatches(scope.exclude, identity(a), units)
      );
    };
    const recipients = (a: AccountInfo, security: boolean) => {
      const owner = a.owner_ref ?? settings.fallbackOwner;
      return [
        ...new Set([
          owner,
          ...(security && settings.securityGroup
            ? [settings.securityGroup]
            : []),
        ]),
      ];
    };
    const alerts: NewAlert[] = [];
    const base = (a: AccountInfo) => ({
      scanId,
      accountId: a.account_id,
      accountName: a.name,
    });

    // Verdicts turned around, recorded with the evaluation.
    const transitions = await tx('lz_guardrail_transitions').where({
      scan_id: scanId,
    });
    const open = new Map<string, AlertRow>();
    if (transitions.some(t => t.status_after === 'pass')) {
      const rows: AlertRow[] = await tx('lz_alerts')
        .where({ kind: 'regression' })
        .whereNull('resolved_at');
      for (const row of rows)
        open.set(`${row.account_id}|${row.check_id}`, row);
    }
    const resolved: string[] = [];
    for (const t of transitions) {
      const account = accounts.get(t.account_id);
      if (!account || excluded(account)) continue;
      const definition = definitions.get(t.check_id);
      if (t.status_after === 'fail') {
        if (!settings.kinds.regression || !guardrailOn(account, t.check_id)) {
          continue;
        }
        const severity = definition?.severity ?? 'medium';
        alerts.push({
          ...base(account),
          dedupeKey: `regression:${scanId}:${t.account_id}:${t.check_id}`,
          kind: 'regression',
          checkId: t.check_id,
          severity,
          recipients: recipients(
            account,
            settings.securitySeverities.includes(severity),
          ),
        });
      } else {
        // A recovery closes the loop a told regression opened.
        const regression = open.get(`${t.account_id}|${t.check_id}`);
        if (!regression) continue;
        resolved.push(regression.id);
        if (!settings.kinds.recovery) continue;
        alerts.push({
          ...base(account),
          dedupeKey: `recovery:${regression.id}`,
          kind: 'recovery',
          checkId: t.check_id,
          severity: regression.severity,
          recipients: parse<string[]>(regression.recipients, []),
        });
      }
    }

    for (const account of accountRows) {
      if (baseline || account.status !== 'ACTIVE' || excluded(account))
        continue;
      const staleSince = time(account.stale_since);
      if (
        settings.kinds.stale &&
        account.stale_reason &&
        staleSince &&
        staleSince >= startedAt
      ) {
        alerts.push({
          ...base(account),
          dedupeKey: `stale:${scanId}:${account.account_id}`,
          kind: 'stale',
          severity: 'medium',
          staleReason: account.stale_reason,
          recipients: recipients(account, false),
        });
      }
      const firstSeen = time(account.first_seen_at);
      if (
        settings.kinds['new-account'] &&
        firstSeen &&
        firstSeen >= startedAt &&
        this.#outsideKnownUnits(
          identity(account),
          account.parent_id,
          units,
          org?.root_id,
        )
      ) {
        alerts.push({
          ...base(account),
          dedupeKey: `new-account:${account.account_id}`,
          kind: 'new-account',
          severity: 'medium',
          ouPath: account.ou_path,
          recipients: recipients(account, true),
        });
      }
    }

    if (settings.kinds['root-activity']) {
      alerts.push(
        ...(await this.#rootActivity(
          tx,
          scanId,
          accounts,
          excluded,
          recipients,
        )),
      );
    }

    const now = this.#now();
    const rows = alerts.map(a => ({
      id: randomUUID(),
      dedupe_key: a.dedupeKey,
      scan_id: a.scanId,
      kind: a.kind,
      account_id: a.accountId,
      account_name: a.accountName,
      check_id: a.checkId ?? null,
      severity: a.severity,
      details: json({
        ouPath: a.ouPath,
        staleReason: a.staleReason,
        events: a.events,
      }),
      recipients: json(a.recipients),
      created_at: now,
    }));
    for (let i = 0; i < rows.length; i += 100) {
      await tx('lz_alerts')
        .insert(rows.slice(i, i + 100))
        .onConflict('dedupe_key')
        .ignore();
    }
    for (let i = 0; i < resolved.length; i += 100) {
      await tx('lz_alerts')
        .whereIn('id', resolved.slice(i, i + 100))
        .update({ resolved_at: now });
    }
    if (rows.length > 0) {
      this.#logger.info(`Scan ${scanId}: ${rows.length} alert(s) found`);
    }
  }

  #outsideKnownUnits(
    account: {
      id: string;
      parentIds: string[];
      ouPath: string;
      tags: Record<string, string>;
    },
    parentId: string,
    units: { id: string; name: string }[],
    rootId: string | undefined,
  ): boolean {
    const known = this.#settings.knownOrganizationalUnits;
    if (!known) return parentId === rootId;
    return !selectorMatches({ organizationalUnits: known }, account, units);
  }

  /** The root user's events no alert told yet, one alert per account. */
  async #rootActivity(
    tx: Knex.Transaction,
    scanId: string,
    accounts: Map<string, AccountInfo>,
    excluded: (a: AccountInfo) => boolean,
    recipients: (a: AccountInfo, security: boolean) => string[],
  ): Promise<NewAlert[]> {
    const facts = await tx('lz_facts')
      .where({ kind: 'rootActivity' })
      .whereNotNull('data')
      .select('account_id', 'region', 'data');
    const byAccount = new Map<string, NonNullable<AlertRecord['events']>>();
    for (const fact of facts) {
      const activity = parse<RootActivity | null>(fact.data, null);
      for (const event of activity?.events ?? []) {
        const list = byAccount.get(fact.account_id) ?? [];
        list.push({
          eventId: event.eventId,
          eventName: event.eventName,
          eventTime: event.eventTime,
          region: fact.region,
          sourceIpAddress: event.sourceIpAddress,
        });
        byAccount.set(fact.account_id, list);
      }
    }
    if (byAccount.size === 0) return [];
    const told = new Set<string>();
    const ids = [...byAccount.keys()];
    for (let i = 0; i < ids.length; i += 100) {
      const rows = await tx('lz_alert_root_events')
        .whereIn('account_id', ids.slice(i, i + 100))
        .select('account_id', 'event_id');
      for (const r of rows) told.add(`${r.account_id}|${r.event_id}`);
    }
    const alerts: NewAlert[] = [];
    const seen: { account_id: string; event_id: string }[] = [];
    for (const [accountId, events] of byAccount) {
      const account = accounts.get(accountId);
      if (!account || excluded(account)) continue;
      const fresh = events
        .filter(e => !told.has(`${accountId}|${e.eventId}`))
        .filter(
          (e, i, all) => all.findIndex(o => o.eventId === e.eventId) === i,
        )
        .sort((a, b) => b.eventTime.localeCompare(a.eventTime));
      if (fresh.length === 0) continue;
      seen.push(
        ...fresh.map(e => ({ account_id: accountId, event_id: e.eventId })),
      );
      alerts.push({
        scanId,
        accountId,
        accountName: account.name,
        dedupeKey: `root-activity:${scanId}:${accountId}`,
        kind: 'root-activity',
        severity: 'critical',
        events: fresh,
        recipients: recipients(account, true),
      });
    }
    for (let i = 0; i < seen.length; i += 100) {
      await tx('lz_alert_root_events')
        .insert(seen.slice(i, i + 100))
        .onConflict(['account_id', 'event_id'])
        .ignore();
    }
    return alerts;
  }

  /**
   * Sends a scan's alerts not sent yet: one notification per recipient.
   * Within quiet hours only critical ones go; the rest wait. Returns the
   * number of notifications sent; 0 when another backend holds the scan.
   */
  async deliver(scanId: string): Promise<number> {
    const now = this.#now();
    const claimed = await this.#db('lz_alert_scans')
      .where({ scan_id: scanId })
      .whereNull('delivered_at')
      .where(q =>
        q
          .whereNull('claimed_at')
          .orWhere('claimed_at', '<', new Date(now.getTime() - this.#leaseMs)),
      )
      .update({ claimed_by: this.#instance, claimed_at: now });
    if (claimed !== 1) return 0;
    let sent = 0;
    try {
      const pending = (
        await this.#db<AlertRow>('lz_alerts')
          .where({ scan_id: scanId })
          .whereNull('notified_at')
      ).map(mapAlert);
      const quiet = inQuietHours(this.#settings.quietHours, now);
      const due = quiet
        ? pending.filter(a => a.severity === 'critical')
        : pending;
      const byRecipient = new Map<string, AlertRecord[]>();
      for (const alert of due) {
        for (const recipient of alert.recipients) {
          byRecipient.set(recipient, [
            ...(byRecipient.get(recipient) ?? []),
            alert,
          ]);
        }
      }
      const titles = new Map(
        this.#checks().map(c => [c.definition.id, c.definition.title]),
      );
      for (const [recipient, alerts] of byRecipient) {
        const scope = `landing-zone-alerts:${scanId}:${createHash('sha256')
          .update(
            alerts
              .map(a => a.id)
              .sort()
              .join(','),
          )
          .digest('hex')
          .slice(0, 16)}`;
        await this.#notifications.send({
          recipients: { type: 'entity', entityRef: recipient },
          payload: composeNotification({ alerts, titles, scope }),
        });
        sent += 1;
      }
      const ids = due.map(a => a.id);
      for (let i = 0; i < ids.length; i += 100) {
        await this.#db('lz_alerts')
          .whereIn('id', ids.slice(i, i + 100))
          .update({ notified_at: this.#now() });
      }
      const waiting = pending.length - due.length;
      await this.#db('lz_alert_scans')
        .where({ scan_id: scanId, claimed_by: this.#instance })
        .update(
          waiting > 0
            ? { claimed_by: null, claimed_at: null }
            : { delivered_at: this.#now() },
        );
      return sent;
    } catch (error) {
      // Another try (this backend's periodic run or another's) sends it.
      await this.#db('lz_alert_scans')
        .where({ scan_id: scanId, claimed_by: this.#instance })
        .update({ claimed_by: null, claimed_at: null });
      throw error;
    }
  }

  /** Stored alerts, newest first, among the accounts `scope` admits. */
  async list(options: {
    accountId?: string;
    scanId?: string;
    kind?: AlertKind;
    scope?: AccountScope;
    page: PageRequest;
  }): Promise<Page<AlertRecord>> {
    const { accountId, scanId, kind, scope } = options;
    const filtered = () =>
      this.#db('lz_alerts')
        .join('lz_accounts', 'lz_accounts.account_id', 'lz_alerts.account_id')
        .modify(q => {
          if (accountId) q.where('lz_alerts.account_id', accountId);
          if (scanId) q.where('lz_alerts.scan_id', scanId);
          if (kind) q.where('lz_alerts.kind', kind);
          if (scope) whereScope(q, scope);
        });
    return keysetPage({
      page: options.page,
      parts: 2,
      dateAt: 0,
      scope: cursorScope('alerts', { accountId, scanId, kind }),
      count: async () => (await filtered().count({ count: '*' }))[0].count,
      rows: (after, limit) => {
        const query = filtered().select('lz_alerts.*');
        if (after) {
          const [created, id] = after;
          query.whereRaw('(lz_alerts.created_at, lz_alerts.id) < (?, ?)', [
            new Date(created),
            id,
          ]);
        }
        return query
          .orderBy([
            { column: 'lz_alerts.created_at', order: 'desc' },
            { column: 'lz_alerts.id', order: 'desc' },
          ])
          .limit(limit);
      },
      map: mapAlert,
      key: item => [item.createdAt, item.id],
    });
  }
}
