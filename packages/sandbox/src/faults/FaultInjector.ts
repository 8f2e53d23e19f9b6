import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_PAGE_SIZE } from '../aws/paging';
import { createRandom } from '../org/ids';
import type { FaultConfig, RateLimit } from '../org/types';

type Bucket = { tokens: number; updated: number };

/** What the injector decided for one call. */
export type FaultVerdict = 'throttle' | 'server-error' | undefined;

/**
 * Applies the fault configuration: latency, token-bucket rate limits, a seeded
 * fraction of 5xx answers, denied AssumeRole targets and calls left unanswered. The configuration can be
 * replaced while the server runs; doing so refills every bucket and restarts the
 * PRNG from the seed so a test sees the same sequence every time.
 */
export class FaultInjector {
  #config: FaultConfig = {};
  #random: () => number = createRandom(0);
  #denied = new Set<string>();
  #hangKeys = new Set<string>();
  #hangAccounts: Set<string> | undefined;
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  static create(
    config: FaultConfig,
    now: () => number = () => performance.now(),
  ): FaultInjector {
    const injector = new FaultInjector(now);
    injector.set(config);
    return injector;
  }

  private constructor(now: () => number) {
    this.#now = now;
  }

  get config(): FaultConfig {
    return this.#config;
  }

  /** Items per page for callers that send no MaxResults. */
  get pageSize(): number {
    return this.#config.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  set(config: FaultConfig): void {
    this.#config = structuredClone(config);
    this.#random = createRandom(config.seed ?? 0);
    this.#denied = new Set(config.assumeRoleDenied ?? []);
    this.#hangKeys = new Set(config.hang?.keys ?? []);
    this.#hangAccounts = config.hang?.accounts
      ? new Set(config.hang.accounts)
      : undefined;
    this.#buckets.clear();
  }

  async delay(): Promise<void> {
    const latency = this.#config.latency;
    if (!latency) return;
    const jitter = latency.jitterMs ? this.#random() * latency.jitterMs : 0;
    const ms = latency.ms + jitter;
    if (ms > 0) await sleep(ms);
  }

  /** Decides whether to throttle or fail one call. */
  decide(
    service: string,
    operation: string,
    accountId: string,
    region: string,
  ): FaultVerdict {
    const limits = this.#config.rateLimits;
    if (limits) {
      const specificKey = `${service}:${operation}`;
      const limit: RateLimit | undefined =
        limits[specificKey] ?? limits[service];
      if (limit) {
        const key = `${
          limits[specificKey] ? specificKey : service
        }|${accountId}|${region}`;
        if (!this.#take(key, limit)) return 'throttle';
      }
    }
    const errors = this.#config.serverErrors;
    if (
      errors &&
      errors.rate > 0 &&
      (!errors.services || errors.services.includes(service))
    ) {
      if (this.#random() < errors.rate) return 'server-error';
    }
    return undefined;
  }

  /**
   * Whether to leave this call unanswered (the `hang` fault). Asked before
   * {@link FaultInjector.decide}, so a hung call takes no token from its bucket.
   */
  shouldHang(service: string, operation: string, accountId: string): boolean {
    if (this.#hangKeys.size === 0) return false;
    if (this.#hangAccounts && !this.#hangAccounts.has(accountId)) return false;
    return (
      this.#hangKeys.has(service) ||
      this.#hangKeys.has(`${service}:${operation}`)
    );
  }

  isAssumeRoleDenied(accountId: string): boolean {
    return this.#denied.has(accountId);
  }

  #take(key: string, limit: RateLimit): boolean {
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { tokens: limit.burst, updated: now };
      this.#buckets.set(key, bucket);
    } else {
      const refill = ((now - bucket.updated) / 1000) * limit.rate;
      bucket.tokens = Math.min(limit.burst, bucket.tokens + refill);
      bucket.updated = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    return false;
  }
}
