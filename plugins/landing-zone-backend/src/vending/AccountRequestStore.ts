import { ConflictError } from '@backstage/errors';
import type {
  AccountRequest,
  AccountRequestState,
  AvailabilityHolder,
  CommitStatus,
  Compliance,
  Page,
  PortalStatus,
  VendingEnvironment,
} from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { cursorScope, iso, json, keysetPage, parse } from '../store/rows';
import type { PageRequest } from '../store/types';
import { holdAllocation, settleAllocation } from './CidrAllocationStore';
import { isUniqueViolation } from './db';

type RequestRow = {
  id: string;
  account_name: string;
  account_name_norm: string;
  email: string;
  email_norm: string;
  slug: string;
  ou_id: string;
  ou_path: string | null;
  environment: string;
  regions: string;
  monthly_budget_usd: number | string | null;
  requested_by: string | null;
  allocation_id: string | null;
  cidr: string | null;
  pull_request_url: string;
  pr_host: string;
  pr_owner: string;
  pr_repo: string;
  pr_number: number;
  pr_state: string;
  pr_head_sha: string | null;
  pr_statuses: string | null;
  pr_merged_at: Date | string | null;
  pr_closed_at: Date | string | null;
  portal_status: string | null;
  account_id: string | null;
  account_seen_at: Date | string | null;
  state: string;
  created_at: Date | string;
  updated_at: Date | string;
  followed_at: Date | string | null;
  follow_error: string | null;
  // Joined from lz_accounts.
  joined_account_name?: string | null;
  joined_compliance?: string | null;
  joined_checks_passing?: number | null;
  joined_checks_failing?: number | null;
  joined_checks_unknown?: number | null;
};

/** States of a request still in flight: its name and email are taken. */
export const ACTIVE_STATES: AccountRequestState[] = ['open', 'merged'];

/** States the follower still has work in: all but compliant and closed. */
export const FOLLOWED_STATES: AccountRequestState[] = [
  'open',
  'merged',
  'account-seen',
];

/** A name as requests compare them: case-folded, NFC, trimmed. */
export const normalizeName = (name: string) =>
  name.normalize('NFC').trim().toLowerCase();
/** An email as requests compare them (AWS's are ASCII). */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** A pull request a request was opened as. */
export type PullRequestRef = {
  url: string;
  host: string;
  owner: string;
  repo: string;
  number: number;
};

/** What GitHub said about a pull request. */
export type PullRequestReading = {
  state: 'open' | 'closed' | 'merged';
  headSha: string;
  statuses: CommitStatus[];
  mergedAt?: string;
  closedAt?: string;
};

/**
 * Account requests: recorded when their pull request is open, then moved on
 * by the follower as it reads the pull request and the inventory.
 */
export class AccountRequestStore {
  readonly #db: Knex;

  private constructor(db: Knex) {
    this.#db = db;
  }

  static create(options: { db: Knex }) {
    return new AccountRequestStore(options.db);
  }

  /**
   * Records a request whose pull request is open, holding its CIDR
   * allocation, in one transaction. The same pull request again returns the
   * request already recorded (a retried task); a name or email another
   * request in flight uses is a ConflictError, enforced by the database.
   */
  async register(options: {
    accountName: string;
    email: string;
    slug: string;
    ouId: string;
    ouPath?: string;
    environment: VendingEnvironment;
    regions: string[];
    monthlyBudgetUsd?: number;
    requestedBy?: string;
    allocationId?: string;
    pullRequest: PullRequestRef;
  }): Promise<{ request: AccountRequest; created: boolean }> {
    const existing = await this.#byPullRequest(options.pullRequest.url);
    if (existing) return { request: existing, created: false };

    const id = randomUUID();
    const now = new Date();
    try {
      await this.#db.transaction(async tx => {
        const holder = await activeHolder(tx, {
          name: options.accountName,
          email: options.email,
        });
        if (holder) throw new ConflictError(holder);
        await tx('lz_account_requests').insert({
          id,
          account_name: options.accountName,
          account_name_norm: normalizeName(options.accountName),
          email: options.email,
          email_norm: normalizeEmail(options.email),
          slug: options.slug,
          ou_id: options.ouId,
          ou_path: options.ouPath ?? null,
          environment: options.environment,
          regions: json(options.regions),
          monthly_budget_usd: options.monthlyBudgetUsd ?? null,
          requested_by: options.requestedBy ?? null,
          allocation_id: options.allocationId ?? null,
          cidr: null,
          pull_request_url: options.pullRequest.url,
          pr_host: options.pullRequest.host,
          pr_owner: options.pullRequest.owner,
          pr_repo: options.pullRequest.repo,
          pr_number: options.pullRequest.number,
          pr_state: 'open',
          state: 'open',
          created_at: now,
          updated_at: now,
        });
        if (options.allocationId) {
          const allocation = await holdAllocation(tx, {
            allocationId: options.allocationId,
            requestKey: options.accountName,
            requestId: id,
          });
          await tx('lz_account_requests')
            .where({ id })
            .update({ cidr: allocation.cidr });
        }
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Lost a race: the same pull request registered by a retry running
      // beside us, or another request taking the name or email.
      const raced = await this.#byPullRequest(options.pullRequest.url);
      if (raced) return { request: raced, created: false };
      throw new ConflictError(
        `accountName: another request in flight took the name '${options.accountName}', the email '${options.email}' or the CIDR block a moment ago; close this pull request and request again`,
      );
    }
    return { request: (await this.get(id))!, created: true };
  }

  async get(id: string): Promise<AccountRequest | undefined> {
    const row = await this.#select().where('r.id', id).first();
    return row && mapRequest(row);
  }

  /** Newest first; `state` one state, or `active` for open and merged. */
  async list(
    filter: { state?: AccountRequestState | 'active' },
    page: PageRequest,
  ): Promise<Page<AccountRequest>> {
    let states: AccountRequestState[] | undefined;
    if (filter.state === 'active') states = ACTIVE_STATES;
    else if (filter.state) states = [filter.state];
    const filtered = () =>
      this.#db('lz_account_requests as r').modify(q => {
        if (states) q.whereIn('r.state', states);
      });
    return keysetPage({
      page,
      parts: 2,
      dateAt: 0,
      scope: cursorScope('account-requests', filter),
      count: async () => (await filtered().count({ count: '*' }))[0].count,
      rows: (after, limit) =>
        this.#select()
          .modify(q => {
            if (states) q.whereIn('r.state', states);
            if (after) {
              const [createdAt, id] = after;
              q.where(w =>
                w
                  .where('r.created_at', '<', new Date(createdAt))
                  .orWhere(w2 =>
                    w2
                      .where('r.created_at', '=', new Date(createdAt))
                      .where('r.id', '<', id),
                  ),
              );
            }
          })
          .orderBy([
            { column: 'r.created_at', order: 'desc' },
            { column: 'r.id', order: 'desc' },
          ])
          .limit(limit),
      map: mapRequest,
      key: request => [request.createdAt, request.id],
    });
  }

  /** The requests the follower still has work in, oldest first. */
  async followed(limit = 500): Promise<AccountRequest[]> {
    const rows = await this.#select()
      .whereIn('r.state', FOLLOWED_STATES)
      .orderBy([
        { column: 'r.created_at', order: 'asc' },
        { column: 'r.id', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(mapRequest);
  }

  /**
   * Who in flight uses this name or email, as a problem a person can act
   * on; `except` leaves out a request's own.
   */
  async holderOf(options: {
    name?: string;
    email?: string;
    except?: string;
  }): Promise<
    { name?: AvailabilityHolder; email?: AvailabilityHolder } | undefined
  > {
    const found: { name?: AvailabilityHolder; email?: AvailabilityHolder } = {};
    const asHolder = (row: {
      id: string;
      account_name: string;
      pull_request_url: string;
    }): AvailabilityHolder => ({
      kind: 'request',
      requestId: row.id,
      accountName: row.account_name,
      pullRequestUrl: row.pull_request_url,
    });
    const active = () =>
      this.#db('lz_account_requests')
        .whereIn('state', ACTIVE_STATES)
        .modify(q => {
          if (options.except) q.whereNot('id', options.except);
        })
        .select('id', 'account_name', 'pull_request_url');
    if (options.name) {
      const row = await active()
        .where({ account_name_norm: normalizeName(options.name) })
        .first();
      if (row) found.name = asHolder(row);
    }
    if (options.email) {
      const row = await active()
        .where({ email_norm: normalizeEmail(options.email) })
        .first();
      if (row) found.email = asHolder(row);
    }
    return found.name || found.email ? found : undefined;
  }

  /** The request in flight whose name makes this slug, if any. */
  async withSlug(
    slug: string,
  ): Promise<
    { id: string; accountName: string; pullRequestUrl: string } | undefined
  > {
    const row = await this.#db('lz_account_requests')
      .whereIn('state', ACTIVE_STATES)
      .where({ slug })
      .first('id', 'account_name', 'pull_request_url');
    return (
      row && {
        id: row.id,
        accountName: row.account_name,
        pullRequestUrl: row.pull_request_url,
      }
    );
  }

  /**
   * Records what GitHub said. Closed unmerged, the request is closed and its
   * block released; merged, the block is assigned for good. Both in one
   * transaction with the request's new state.
   */
  async recordPullRequest(
    id: string,
    reading: PullRequestReading,
  ): Promise<void> {
    const now = new Date();
    await this.#db.transaction(async tx => {
      const row = await tx<RequestRow>('lz_account_requests')
        .where({ id })
        .first('state');
      if (!row) return;
      let state = row.state as AccountRequestState;
      if (state === 'open' && reading.state === 'merged') {
        state = 'merged';
        await settleAllocation(tx, { requestId: id, state: 'assigned' });
      } else if (state === 'open' && reading.state === 'closed') {
        state = 'closed';
        await settleAllocation(tx, {
          requestId: id,
          state: 'released',
          reason: 'the pull request was closed without being merged',
        });
      }
      await tx('lz_account_requests')
        .where({ id })
        .update({
          state,
          pr_state: reading.state,
          pr_head_sha: reading.headSha,
          pr_statuses: json(reading.statuses),
          pr_merged_at: reading.mergedAt ? new Date(reading.mergedAt) : null,
          pr_closed_at: reading.closedAt ? new Date(reading.closedAt) : null,
          followed_at: now,
          follow_error: null,
          updated_at: now,
        });
    });
  }

  async recordPortalStatus(id: string, status: PortalStatus): Promise<void> {
    await this.#db('lz_account_requests')
      .where({ id })
      .update({ portal_status: json(status), updated_at: new Date() });
  }

  /** The request's account was seen in the inventory; compliant ends it. */
  async recordAccount(
    id: string,
    account: { id: string; compliance: Compliance },
  ): Promise<void> {
    const now = new Date();
    await this.#db('lz_account_requests')
      .where({ id })
      .whereIn('state', ['merged', 'account-seen'])
      .update({
        account_id: account.id,
        account_seen_at: this.#db.raw('COALESCE(account_seen_at, ?)', [now]),
        state:
          account.compliance === 'compliant' ? 'compliant' : 'account-seen',
        followed_at: now,
        updated_at: now,
      });
  }

  async recordFollowError(id: string, message: string): Promise<void> {
    const now = new Date();
    await this.#db('lz_account_requests')
      .where({ id })
      .update({
        follow_error: message.slice(0, 2000),
        followed_at: now,
        updated_at: now,
      });
  }

  async #byPullRequest(url: string): Promise<AccountRequest | undefined> {
    const row = await this.#select().where('r.pull_request_url', url).first();
    return row && mapRequest(row);
  }

  #select() {
    return this.#db<RequestRow>('lz_account_requests as r')
      .leftJoin('lz_accounts as a', 'a.account_id', 'r.account_id')
      .select(
        'r.*',
        'a.name as joined_account_name',
        'a.compliance as joined_compliance',
        'a.checks_passing as joined_checks_passing',
        'a.checks_failing as joined_checks_failing',
        'a.checks_unknown as joined_checks_unknown',
      );
  }
}

/** The problem when a request in flight already uses the name or email. */
async function activeHolder(
  tx: Knex.Transaction,
  options: { name: string; email: string },
): Promise<string | undefined> {
  const row = await tx('lz_account_requests')
    .whereIn('state', ACTIVE_STATES)
    .where(q =>
      q
        .where({ account_name_norm: normalizeName(options.name) })
        .orWhere({ email_norm: normalizeEmail(options.email) }),
    )
    .first('id', 'account_name', 'email_norm', 'pull_request_url');
  if (!row) return undefined;
  const field =
    row.email_norm === normalizeEmail(options.email) ? 'email' : 'accountName';
  return `${field}: account request ${row.id} (${row.pull_request_url}) for '${
    row.account_name
  }' is still open with the same ${
    field === 'email' ? 'email' : 'name'
  }; close this pull request and choose another`;
}

function mapRequest(row: RequestRow): AccountRequest {
  return {
    id: row.id,
    accountName: row.account_name,
    email: row.email,
    ouId: row.ou_id,
    ouPath: row.ou_path ?? undefined,
    environment: row.environment as VendingEnvironment,
    regions: parse(row.regions, []),
    monthlyBudgetUsd:
      row.monthly_budget_usd === null
        ? undefined
        : Number(row.monthly_budget_usd),
    requestedBy: row.requested_by ?? undefined,
    slug: row.slug,
    state: row.state as AccountRequestState,
    cidr: row.cidr ?? undefined,
    allocationId: row.allocation_id ?? undefined,
    pullRequest: {
      url: row.pull_request_url,
      owner: row.pr_owner,
      repo: row.pr_repo,
      number: Number(row.pr_number),
      state: row.pr_state as AccountRequest['pullRequest']['state'],
      headSha: row.pr_head_sha ?? undefined,
      statuses: parse(row.pr_statuses, []),
      mergedAt: iso(row.pr_merged_at),
      closedAt: iso(row.pr_closed_at),
    },
    portalStatus: parse<PortalStatus | undefined>(row.portal_status, undefined),
    account: row.account_id
      ? {
          id: row.account_id,
          name: row.joined_account_name ?? row.account_name,
          seenAt: iso(row.account_seen_at)!,
          compliance: (row.joined_compliance ?? 'unknown') as Compliance,
          checks: {
            passing: Number(row.joined_checks_passing ?? 0),
            failing: Number(row.joined_checks_failing ?? 0),
            unknown: Number(row.joined_checks_unknown ?? 0),
          },
        }
      : undefined,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    followedAt: iso(row.followed_at),
    followError: row.follow_error ?? undefined,
  };
}
