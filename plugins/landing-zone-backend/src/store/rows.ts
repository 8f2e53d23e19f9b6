import { InputError } from '@backstage/errors';
import {
  accountOwnerTag,
  DEFAULT_OWNER_TAG,
  ownerRefOf as catalogOwnerRefOf,
} from '@internal/plugin-landing-zone-common';
import { createHash } from 'node:crypto';
import type {
  AccountSummary,
  Compliance,
  Page,
  PageRequest,
  ScanRun,
  ScanState,
  VpcSummary,
} from './types';

/*
 * Row types of the landing-zone tables and their mapping to domain types,
 * shared by the stores.
 */

// Keeps every statement under SQLite's bound-parameter limit.
export const CHUNK = 200;

export const json = (value: unknown) => JSON.stringify(value);
export const parse = <T>(text: string | null | undefined, fallback: T): T =>
  text ? (JSON.parse(text) as T) : fallback;
export const iso = (value: Date | string | null | undefined) =>
  value ? new Date(value).toISOString() : undefined;

export function encodeCursor(key: string[]): string {
  return Buffer.from(json(key)).toString('base64url');
}

// ISO dates PostgreSQL and SQLite both take: years 0001-9999.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * The key a cursor carries, checked against the list it is used on: `parts`
 * strings, a date where `dateAt` says so and a whole number at each of
 * `intAt`. Anything else is the caller's mistake (400), never a query error.
 */
export function decodeCursor(
  cursor: string,
  options: { parts: number; dateAt?: number; intAt?: number[] },
): string[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (
    !Array.isArray(key) ||
    key.length !== options.parts ||
    !key.every(k => typeof k === 'string' && !k.includes('\u0000')) ||
    (options.dateAt !== undefined &&
      !(
        ISO_DATE.test(key[options.dateAt]) &&
        !Number.isNaN(Date.parse(key[options.dateAt]))
      )) ||
    !(options.intAt ?? []).every(i => /^\d{1,9}$/.test(key[i]))
  ) {
    throw new InputError('Invalid cursor: pass a nextCursor from this list');
  }
  return key;
}

/**
 * A short fingerprint of a list and its filters, carried in its cursors so
 * that a cursor is only taken by the list and filters it was made for.
 */
export function cursorScope(
  list: string,
  filter: Record<string, unknown>,
): string {
  const entries = Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256')
    .update(json([list, entries]))
    .digest('base64url')
    .slice(0, 16);
}

/**
 * A keyset-paged list: the count of the whole list is taken with its first
 * page and carried in the cursor, so later pages do not count it again. With
 * a `scope` (see cursorScope), a cursor of another list or other filters is
 * refused rather than read as a position in this one.
 */
export async function keysetPage<R, T>(options: {
  page: PageRequest;
  /** The key's parts (after the count) in the list's order. */
  parts: number;
  dateAt?: number;
  /** Parts of the key that are whole numbers. */
  intAt?: number[];
  scope?: string;
  count: () => Promise<unknown>;
  rows: (after: string[] | undefined, limit: number) => Promise<R[]>;
  map: (row: R) => T;
  key: (item: T) => string[];
}): Promise<Page<T>> {
  const { page, scope } = options;
  // The cursor is [count, scope?, ...key].
  const head = scope === undefined ? 1 : 2;
  let after: string[] | undefined;
  let total: number;
  if (page.cursor) {
    const decoded = decodeCursor(page.cursor, {
      parts: options.parts + head,
      dateAt: options.dateAt === undefined ? undefined : options.dateAt + head,
      intAt: [0, ...(options.intAt ?? []).map(i => i + head)],
    });
    if (scope !== undefined && decoded[1] !== scope) {
      throw new InputError(
        'Invalid cursor: it was made for other filters; start again without one',
      );
    }
    total = Number(decoded[0]);
    after = decoded.slice(head);
  } else {
    total = Number(await options.count());
  }
  const rows = await options.rows(after, page.limit + 1);
  const items = rows.slice(0, page.limit).map(options.map);
  const last = items[items.length - 1];
  return {
    items,
    totalCount: total,
    nextCursor:
      rows.length > page.limit && last
        ? encodeCursor([
            String(total),
            ...(scope === undefined ? [] : [scope]),
            ...options.key(last),
          ])
        : undefined,
  };
}

export type ScanRow = {
  id: string;
  trigger: string;
  requested_by: string | null;
  state: string;
  started_at: Date | string;
  heartbeat_at: Date | string;
  finished_at: Date | string | null;
  accounts_total: number;
  accounts_done: number;
  accounts_failed: number;
  errors: string | null;
};

export type AccountRow = {
  account_id: string;
  name: string;
  email: string;
  status: string;
  parent_id: string;
  parent_ids: string;
  ou_path: string;
  tags: string;
  owner: string | null;
  environment: string;
  joined_at: string | null;
  last_collected_at: Date | string | null;
  stale_reason: string | null;
  compliance: string;
  checks_passing: number;
  checks_failing: number;
  checks_unknown: number;
};

export type VpcRow = {
  vpc_id: string;
  account_id: string;
  region: string;
  name: string | null;
  is_default: boolean | number;
  environment: string;
  cidrs: string;
  tiers: string;
  flow_logs: boolean | number;
  links: string;
  /** JSON; null when the VPC's route tables were not read. */
  routes?: string | null;
};

export type FactRow = {
  account_id: string;
  region: string;
  kind: string;
  data: string | null;
  error: string | null;
  collected_at: Date | string | null;
  attempted_at: Date | string;
};

export function mapScan(row: ScanRow): ScanRun {
  return {
    id: row.id,
    trigger: row.trigger as ScanRun['trigger'],
    requestedBy: row.requested_by ?? undefined,
    state: row.state as ScanState,
    startedAt: iso(row.started_at)!,
    heartbeatAt: iso(row.heartbeat_at)!,
    finishedAt: iso(row.finished_at),
    accountsTotal: Number(row.accounts_total),
    accountsDone: Number(row.accounts_done),
    accountsFailed: Number(row.accounts_failed),
    errors: parse(row.errors, []),
  };
}

export function mapAccount(row: AccountRow): AccountSummary {
  return {
    id: row.account_id,
    name: row.name,
    email: row.email,
    status: row.status,
    joinedAt: row.joined_at ?? undefined,
    tags: parse(row.tags, {}),
    parentId: row.parent_id,
    parentIds: parse(row.parent_ids, []),
    ouPath: row.ou_path,
    environment: row.environment as AccountSummary['environment'],
    owner: row.owner ?? undefined,
    lastCollectedAt: iso(row.last_collected_at),
    staleReason: row.stale_reason ?? undefined,
    compliance: row.compliance as Compliance,
    checks: {
      passing: Number(row.checks_passing),
      failing: Number(row.checks_failing),
      unknown: Number(row.checks_unknown),
    },
  };
}

export function mapVpc(row: VpcRow): VpcSummary {
  return {
    vpcId: row.vpc_id,
    accountId: row.account_id,
    region: row.region,
    name: row.name ?? undefined,
    isDefault: Boolean(row.is_default),
    environment: row.environment as VpcSummary['environment'],
    cidrs: parse(row.cidrs, []),
    tiers: parse(row.tiers, { public: 0, private: 0, isolated: 0 }),
    flowLogs: Boolean(row.flow_logs),
    links: parse(row.links, []),
  };
}

/** The owner tag's value (`accountOwnerTag`: the configured key, any case). */
export function ownerOf(
  tags: Record<string, string>,
  key: string = DEFAULT_OWNER_TAG,
): string | null {
  return accountOwnerTag(tags, key) ?? null;
}

/**
 * The owner as the catalog names it, for the permission rule IS_OWNED_BY:
 * the catalog module's reference (`ownerRefOf` in -common, a bare name being
 * a group in the default namespace) in lower case; null when the tag is
 * missing or no valid reference (the catalog module's fallback owner then
 * owns the account).
 */
export function ownerRefOf(owner: string | null | undefined): string | null {
  return catalogOwnerRefOf(owner ?? undefined)?.toLowerCase() ?? null;
}
