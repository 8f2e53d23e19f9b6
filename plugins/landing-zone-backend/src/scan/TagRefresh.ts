import type {
  AccountIdentity,
  FactError,
} from '@internal/plugin-landing-zone-common';
import { deriveEnvironment } from '../collect/environment';
import type { OrganizationReader } from '../collect/organization';
import type { AccountStore } from '../store/AccountStore';
import type { SerialWrites } from './SerialWrites';

/**
 * Reads accounts' tags again once they are older than `maxAgeMs`. Each costs
 * one Organizations call, the slowest API there is, so at most `budget`
 * accounts' tags are read per run, oldest first. Tags only shape the
 * environment, which evaluation needs and collection does not, so they are
 * read while the accounts are collected.
 */
export class TagRefresh {
  readonly #accounts: AccountStore;
  readonly #maxAgeMs: number;
  readonly #budget?: number;

  private constructor(options: {
    accounts: AccountStore;
    maxAgeMs: number;
    budget?: number;
  }) {
    this.#accounts = options.accounts;
    this.#maxAgeMs = options.maxAgeMs;
    this.#budget = options.budget;
  }

  static create(options: {
    accounts: AccountStore;
    maxAgeMs: number;
    budget?: number;
  }) {
    return new TagRefresh(options);
  }

  /** The accounts whose tags are due; none when the organisation was not read afresh. */
  async due(organizationRead: boolean): Promise<string[]> {
    if (!organizationRead) return [];
    return this.#accounts.withStaleTags({
      readBefore: new Date(Date.now() - this.#maxAgeMs),
      limit: this.#budget,
    });
  }

  /**
   * Reads and saves the tags of `ids` (of the accounts in `identities`).
   * Accounts whose read failed keep their earlier tags and are first in line
   * next time; the returned error, if any, says which.
   */
  async refresh(options: {
    ids: string[];
    identities: ReadonlyMap<string, AccountIdentity>;
    reader: OrganizationReader;
    writes: SerialWrites;
    signal?: AbortSignal;
  }): Promise<FactError | undefined> {
    const { identities } = options;
    if (options.ids.length === 0) return undefined;
    const { tags, failed } = await options.reader.readTags(
      options.ids,
      options.signal,
    );
    await options.writes.run(() =>
      this.#accounts.updateTags(
        [...tags]
          .filter(([id]) => identities.has(id))
          .map(([id, accountTags]) => ({
            id,
            tags: accountTags,
            environment: deriveEnvironment(
              accountTags,
              identities.get(id)!.ouPath,
            ),
          })),
      ),
    );
    if (failed.length === 0) return undefined;
    return {
      ...failed[0].error,
      message: `${failed.length} account(s) kept their earlier tags: ${failed
        .slice(0, 5)
        .map(f => `${f.accountId}: ${f.error.message}`)
        .join('; ')}`,
    };
  }
}
