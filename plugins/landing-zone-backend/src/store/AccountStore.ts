import { whereScope, type AccountScope } from '../permissions';
import type { AccountIdentity } from '@internal/plugin-landing-zone-common';
import { DEFAULT_OWNER_TAG } from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import { whereAccounts } from './accountFilter';
import {
  json,
  keysetPage,
  mapAccount,
  ownerOf,
  ownerRefOf,
  parse,
  type AccountRow,
} from './rows';
import type { AccountFilter, AccountSummary, Page, PageRequest } from './types';

/**
 * The accounts: who they are, how fresh they are, how they are judged. Their
 * identity is written with the organisation (OrganizationStore), their
 * freshness with their facts and their compliance with the verdicts.
 */
export class AccountStore {
  readonly #db: Knex;
  readonly #ownerTag: string;

  private constructor(db: Knex, ownerTag: string) {
    this.#db = db;
    this.#ownerTag = ownerTag;
  }

  /** `ownerTag`: the account tag naming the owner (default `owner`). */
  static create(options: { db: Knex; ownerTag?: string }) {
    return new AccountStore(options.db, options.ownerTag ?? DEFAULT_OWNER_TAG);
  }

  /** Records freshly read tags, and the environment and owner they imply, on accounts and their VPCs. */
  async updateTags(
    updates: {
      id: string;
      tags: Record<string, string>;
      environment: string;
    }[],
  ): Promise<void> {
    const now = new Date();
    await this.#db.transaction(async tx => {
      for (const update of updates) {
        await tx('lz_accounts')
          .where({ account_id: update.id })
          .update({
            tags: json(update.tags),
            owner: ownerOf(update.tags, this.#ownerTag),
            owner_ref: ownerRefOf(ownerOf(update.tags, this.#ownerTag)),
            environment: update.environment,
            tags_read_at: now,
          });
        await tx('lz_vpcs')
          .where({ account_id: update.id })
          .update({ environment: update.environment });
      }
    });
  }

  /** Tags from earlier runs, so Organizations is not asked again for every account. */
  async cachedTags(): Promise<Map<string, Record<string, string>>> {
    const rows = await this.#db('lz_accounts').select('account_id', 'tags');
    return new Map(rows.map(r => [r.account_id, parse(r.tags, {})]));
  }

  /**
   * Accounts whose tags were never read or were read before `readBefore`,
   * oldest first: each costs one call to Organizations, the slowest API.
   */
  async withStaleTags(options: {
    readBefore: Date;
    limit?: number;
  }): Promise<string[]> {
    let query = this.#db('lz_accounts')
      .whereNull('removed_at')
      .where(q =>
        q
          .whereNull('tags_read_at')
          .orWhere('tags_read_at', '<', options.readBefore),
      )
      .orderByRaw('tags_read_at IS NOT NULL')
      .orderBy([{ column: 'tags_read_at' }, { column: 'account_id' }]);
    if (options.limit !== undefined) query = query.limit(options.limit);
    return query.pluck('account_id');
  }

  /** Active accounts, stalest (never collected first) to freshest. */
  async byStaleness(): Promise<string[]> {
    return this.#db('lz_accounts')
      .whereNull('removed_at')
      .where({ status: 'ACTIVE' })
      .orderByRaw('last_collected_at IS NOT NULL')
      .orderBy([
        { column: 'last_collected_at' },
        { column: 'last_attempted_at' },
        { column: 'account_id' },
      ])
      .pluck('account_id');
  }

  /** Every account's identity (removed accounts excluded), without facts. */
  async identities(): Promise<AccountIdentity[]> {
    const rows = await this.#db<AccountRow>('lz_accounts')
      .whereNull('removed_at')
      .orderBy('account_id');
    return rows.map(row => identityOf(mapAccount(row)));
  }

  /** Accounts in the organisation now (not those that left), by id. */
  async exists(accountId: string, scope?: AccountScope): Promise<boolean> {
    const row = await this.#db('lz_accounts')
      .where({ 'lz_accounts.account_id': accountId })
      .whereNull('lz_accounts.removed_at')
      .modify(q => {
        if (scope) whereScope(q, scope);
      })
      .first('lz_accounts.account_id');
    return Boolean(row);
  }

  /** An account, unless `scope` (a permission decision's) excludes it. */
  async get(
    accountId: string,
    scope?: AccountScope,
  ): Promise<AccountSummary | undefined> {
    const row = await this.#db<AccountRow>('lz_accounts')
      .where('lz_accounts.account_id', accountId)
      .modify(q => {
        if (scope) whereScope(q, scope);
      })
      .first();
    return row && mapAccount(row);
  }

  /** A page of accounts by name (then id), filtered in SQL. */
  async list(
    filter: AccountFilter,
    page: PageRequest,
  ): Promise<Page<AccountSummary>> {
    const filtered = () =>
      this.#db<AccountRow>('lz_accounts').modify(whereAccounts, filter);
    return keysetPage({
      page,
      parts: 2,
      count: async () => (await filtered().count({ count: '*' }))[0].count,
      rows: (after, limit) => {
        let query = filtered();
        if (after) {
          const [name, id] = after;
          query = query.where(q =>
            q
              .where('name', '>', name)
              .orWhere(q2 =>
                q2.where('name', name).where('account_id', '>', id),
              ),
          );
        }
        return query
          .orderBy([{ column: 'name' }, { column: 'account_id' }])
          .limit(limit);
      },
      map: mapAccount,
      key: account => [account.name, account.id],
    });
  }
}

/** An account's identity, without what the portal knows about it. */
export function identityOf(account: AccountSummary): AccountIdentity {
  const {
    owner,
    lastCollectedAt,
    staleReason,
    compliance,
    checks,
    ...identity
  } = account;
  return identity;
}
