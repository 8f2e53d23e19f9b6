import type {
  AccountFacts,
  AccountIdentity,
  FactError,
} from '@internal/plugin-landing-zone-common';
import pLimit from 'p-limit';
import type { AccountCollector } from '../collect/account';
import type { FactStore } from '../store/FactStore';
import type { ScanRun } from '../store/types';
import { accountFailure, wasAborted } from './failures';
import type { SerialWrites } from './SerialWrites';

/** How one scan's collection went. */
export type CollectionOutcome = {
  /** Accounts due in this scan. */
  total: number;
  /** Accounts collected and saved. */
  done: number;
  /** Of those, accounts whose collection had any error (they are stale). */
  failed: number;
  /** Accounts not collected, or cut short, because the scan was stopped. */
  skipped: number;
  /** One summary per failed account. */
  failures: FactError[];
};

type Progress = (
  counts: Partial<
    Pick<ScanRun, 'accountsTotal' | 'accountsDone' | 'accountsFailed'>
  >,
) => Promise<void>;

type AccountCollectionOptions = {
  collector: AccountCollector;
  /**
   * The account as the organisation was last read, asked when its turn
   * comes: one that is no longer there or no longer ACTIVE (suspended,
   * closing, closed) is not collected. Default: the account as given.
   */
  current?: (accountId: string) => AccountIdentity | undefined;
  facts: Pick<FactStore, 'save'>;
  writes: SerialWrites;
  progress: Progress;
  concurrency: number;
  batchSize: number;
  signal?: AbortSignal;
};

/**
 * Collects one scan's accounts: at most `concurrency` at a time, saved in
 * batches of `batchSize`, each batch in its own transaction through the
 * scan's write queue, the record's progress updated after each. `collect` may
 * be called again while earlier accounts are still in flight (accounts that
 * the organisation read found late); they share the same limit.
 *
 * Once `signal` is aborted no further account starts, and an account whose
 * reads it cut short is not saved: it keeps its earlier facts and is first in
 * line next time, like those that never started.
 *
 * Only ACTIVE accounts are collected. An account given as ACTIVE whose state
 * changed by its turn (the organisation read runs beside collection) is
 * dropped from the scan's total; it keeps its identity and state in the store.
 */
export class AccountCollection {
  readonly #collector: AccountCollector;
  readonly #current?: (accountId: string) => AccountIdentity | undefined;
  readonly #facts: Pick<FactStore, 'save'>;
  readonly #writes: SerialWrites;
  readonly #progress: Progress;
  readonly #batchSize: number;
  readonly #limit: ReturnType<typeof pLimit>;
  readonly #signal?: AbortSignal;
  #pending: AccountFacts[] = [];
  #total = 0;
  #done = 0;
  #skipped = 0;
  readonly #failures: FactError[] = [];

  private constructor(options: AccountCollectionOptions) {
    this.#collector = options.collector;
    this.#current = options.current;
    this.#facts = options.facts;
    this.#writes = options.writes;
    this.#progress = options.progress;
    this.#batchSize = options.batchSize;
    this.#limit = pLimit(options.concurrency);
    this.#signal = options.signal;
  }

  static create(options: AccountCollectionOptions) {
    return new AccountCollection(options);
  }

  async collect(given: AccountIdentity[]): Promise<void> {
    const accounts = given.filter(isActive);
    this.#total += accounts.length;
    await this.#progress({ accountsTotal: this.#total });
    await Promise.all(
      accounts.map(account =>
        this.#limit(async () => {
          if (this.#signal?.aborted) {
            this.#skipped++;
            return;
          }
          const now = this.#current ? this.#current(account.id) : account;
          if (!now || !isActive(now)) {
            this.#total--;
            await this.#progress({ accountsTotal: this.#total });
            return;
          }
          const facts = await this.#collector.collect(now, this.#signal);
          if (this.#signal?.aborted && wasAborted(facts)) {
            this.#skipped++;
            return;
          }
          this.#pending.push(facts);
          if (this.#pending.length >= this.#batchSize) await this.#flush();
        }),
      ),
    );
  }

  /** Saves what is left and reports; call once every `collect` has settled. */
  async finish(): Promise<CollectionOutcome> {
    await this.#flush();
    return {
      total: this.#total,
      done: this.#done,
      failed: this.#failures.length,
      skipped: this.#skipped,
      failures: [...this.#failures],
    };
  }

  // Batches are written one at a time, in order, each in its own transaction.
  #flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    return this.#writes.run(async () => {
      if (batch.length > 0) await this.#facts.save(batch);
      // Counted once saved: the record's figures are those of the store.
      this.#done += batch.length;
      for (const facts of batch) {
        const failure = accountFailure(facts);
        if (failure) this.#failures.push(failure);
      }
      await this.#progress({
        accountsDone: this.#done,
        accountsFailed: this.#failures.length,
      });
    });
  }
}

function isActive(account: AccountIdentity): boolean {
  return account.status === 'ACTIVE';
}
