import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AccountIdentity,
  FactError,
} from '@internal/plugin-landing-zone-common';
import { toFactError } from '../collect/errors';
import type { OrganizationReader } from '../collect/organization';
import type { AccountStore } from '../store/AccountStore';
import type { OrganizationStore } from '../store/OrganizationStore';
import type { SerialWrites } from './SerialWrites';

/**
 * The organisation as a scan sees it: read from Organizations and saved, or,
 * when Organizations cannot be read, as an earlier scan stored it.
 */
export class OrganizationRefresh {
  readonly #organization: OrganizationStore;
  readonly #accounts: AccountStore;
  readonly #logger: LoggerService;

  private constructor(options: {
    organization: OrganizationStore;
    accounts: AccountStore;
    logger: LoggerService;
  }) {
    this.#organization = options.organization;
    this.#accounts = options.accounts;
    this.#logger = options.logger;
  }

  static create(options: {
    organization: OrganizationStore;
    accounts: AccountStore;
    logger: LoggerService;
  }) {
    return new OrganizationRefresh(options);
  }

  /** The stored accounts by id, or undefined when no organisation was stored yet. */
  async stored(): Promise<Map<string, AccountIdentity> | undefined> {
    if (!(await this.#organization.get())) return undefined;
    return new Map((await this.#accounts.identities()).map(a => [a.id, a]));
  }

  /**
   * Reads the organisation and saves it. When Organizations cannot be read,
   * the scan goes on with the organisation stored by an earlier one (`fresh`
   * false, and `error` says why the scan is partial); with none stored, the
   * read's error is thrown.
   */
  async read(options: {
    reader: OrganizationReader;
    writes: SerialWrites;
    signal?: AbortSignal;
    logger?: LoggerService;
  }): Promise<{
    accounts: AccountIdentity[];
    fresh: boolean;
    error?: FactError;
  }> {
    const logger = options.logger ?? this.#logger;
    try {
      const snapshot = await options.reader.read({
        cachedTags: await this.#accounts.cachedTags(),
        signal: options.signal,
      });
      await options.writes.run(() =>
        this.#organization.save(snapshot.organization, snapshot.accounts),
      );
      return { accounts: snapshot.accounts, fresh: true };
    } catch (error) {
      const stored = await this.stored();
      if (!stored || stored.size === 0) throw error;
      const fact = toFactError(error, 'organizations:read');
      logger.warn('Organization read failed, using the stored organisation', {
        error: fact.message,
      });
      return {
        accounts: [...stored.values()],
        fresh: false,
        error: {
          ...fact,
          message: `The organisation could not be read; its last stored state was used: ${fact.message}`,
        },
      };
    }
  }
}
