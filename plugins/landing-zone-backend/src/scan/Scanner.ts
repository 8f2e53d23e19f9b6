import type { LoggerService } from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type {
  AccountFacts,
  AccountIdentity,
  FactError,
  GuardrailCheck,
} from '@internal/plugin-landing-zone-common';
import pLimit from 'p-limit';
import { AccountCollector } from '../collect/account';
import { AwsClientFactory } from '../collect/clients';
import { toFactError } from '../collect/errors';
import { deriveEnvironment } from '../collect/environment';
import { OrganizationReader } from '../collect/organization';
import type { LandingZoneSettings } from '../config';
import { evaluateAccount } from '../evaluate';
import { postureRows } from '../evaluate/rollup';
import type { LandingZoneStore } from '../store/LandingZoneStore';
import type { GuardrailResult, ScanRun } from '../store/types';

// Accounts whose facts are in memory at once during evaluation.
const EVALUATION_CHUNK = 200;

/**
 * Runs a scan: read the organisation, collect the stalest accounts within the
 * run's budget (bounded concurrency, saved in batches), then evaluate every
 * account from the store and roll up the day's history.
 *
 * Collection never decides pass/fail and evaluation never calls AWS.
 */
export class Scanner {
  readonly #store: LandingZoneStore;
  readonly #settings: LandingZoneSettings;
  readonly #clients: AwsClientFactory;
  readonly #checks: () => GuardrailCheck[];
  readonly #logger: LoggerService;

  private constructor(options: {
    store: LandingZoneStore;
    settings: LandingZoneSettings;
    clients: AwsClientFactory;
    checks: () => GuardrailCheck[];
    logger: LoggerService;
  }) {
    this.#store = options.store;
    this.#settings = options.settings;
    this.#clients = options.clients;
    this.#checks = options.checks;
    this.#logger = options.logger;
  }

  static create(options: {
    store: LandingZoneStore;
    settings: LandingZoneSettings;
    clients: AwsClientFactory;
    checks: () => GuardrailCheck[];
    logger: LoggerService;
  }) {
    return new Scanner(options);
  }

  /**
   * A running scan whose heartbeat is older than this is taken as dead (its
   * process crashed or was killed): six missed heartbeats.
   */
  get #staleAfterMs() {
    return 2 * 60_000;
  }

  /**
   * Starts a scan and returns as soon as it is recorded; the work goes on in
   * the background. Throws ConflictError when one is already running. An
   * aborted `signal` (the schedule's timeout) stops collection: what was
   * collected is saved and judged, and the scan ends partial.
   */
  async start(options: {
    trigger: ScanRun['trigger'];
    requestedBy?: string;
    signal?: AbortSignal;
  }): Promise<{ scan: ScanRun; done: Promise<ScanRun> }> {
    const scan = await this.#store.scans.start({
      trigger: options.trigger,
      requestedBy: options.requestedBy,
      staleAfterMs: this.#staleAfterMs,
    });
    const done = this.#execute(scan, options.signal);
    // Callers of start() may not wait; a failure to record the end is still logged.
    done.catch(error =>
      this.#logger.error(
        'Scan could not be recorded',
        new ForwardedError(`Scan ${scan.id} could not be recorded`, error),
      ),
    );
    return { scan, done };
  }

  /** Runs a whole scan and resolves with its final record. */
  async run(options: {
    trigger: ScanRun['trigger'];
    requestedBy?: string;
    signal?: AbortSignal;
  }): Promise<ScanRun> {
    const { done } = await this.start(options);
    return done;
  }

  async #execute(scan: ScanRun, signal?: AbortSignal): Promise<ScanRun> {
    const logger = this.#logger.child({ scanId: scan.id });
    const errors: FactError[] = [];
    let failed = 0;
    // The heartbeat runs on its own clock: the organisation read and the
    // evaluation of a large estate take minutes with no progress to report,
    // and a scan that looks dead would be replaced by a second one.
    const heartbeat = setInterval(
      () =>
        this.#store.scans.heartbeat(scan.id).catch(error =>
          logger.warn('Scan heartbeat could not be recorded', {
            error: String(error),
          }),
        ),
      this.#staleAfterMs / 6,
    );
    heartbeat.unref?.();
    try {
      const budget = this.#settings.scan.accountsPerRun;
      const within = <T>(list: T[]) =>
        budget === undefined ? list : list.slice(0, budget);
      // Every write of this scan goes through one queue: concurrent
      // transactions on the same accounts would deadlock on PostgreSQL.
      let writes: Promise<unknown> = Promise.resolve();
      const serially = <T>(write: () => Promise<T>): Promise<T> => {
        const next = writes.then(write);
        writes = next.catch(() => undefined);
        return next;
      };

      const collector = AccountCollector.create({
        clients: this.#clients,
        settings: this.#settings,
      });
      const limit = pLimit(this.#settings.scan.concurrency);
      let pending: AccountFacts[] = [];
      let total = 0;
      let done = 0;
      let skipped = 0;
      // Batches are written one at a time, in order, each in its own transaction.
      const flush = () => {
        const batch = pending;
        pending = [];
        return serially(async () => {
          await this.#store.facts.save(batch);
          done += batch.length;
          await this.#store.scans.update(scan.id, {
            accountsDone: done,
            accountsFailed: failed,
          });
        });
      };
      const collect = async (accounts: AccountIdentity[]) => {
        total += accounts.length;
        await this.#store.scans.update(scan.id, { accountsTotal: total });
        await Promise.all(
          accounts.map(account =>
            limit(async () => {
              if (signal?.aborted) {
                skipped++;
                return;
              }
              const facts = await collector.collect(account);
              if (facts.access) {
                failed++;
                errors.push({
                  ...facts.access,
                  message: `${account.id}: ${facts.access.message}`,
                });
              }
              pending.push(facts);
              if (pending.length >= this.#settings.scan.batchSize) {
                await flush();
              }
            }),
          ),
        );
      };

      // An organisation scanned before is collected from the store while
      // Organizations is read again: that read is paced by the slowest API
      // there is, and collection need not wait for it. Accounts that joined
      // since are collected once the read has found them.
      const known = (await this.#store.organization.get())
        ? new Map((await this.#store.accounts.identities()).map(a => [a.id, a]))
        : undefined;
      const early = known
        ? within(await this.#store.accounts.byStaleness())
            .map(id => known.get(id))
            .filter(a => a !== undefined)
        : [];
      const collectedEarly = collect(early);
      // Awaited below; until then a failed write must not go unhandled.
      collectedEarly.catch(() => undefined);

      const reader = OrganizationReader.create({
        client: this.#clients.organizations(this.#organizationCredentials()),
      });
      const snapshot = await this.#readOrganization({
        reader,
        errors,
        logger,
        serially,
      });
      const identities = new Map(snapshot.accounts.map(a => [a.id, a]));
      const late = within(await this.#store.accounts.byStaleness())
        .filter(id => !known?.has(id))
        .slice(0, budget === undefined ? undefined : budget - early.length)
        .map(id => identities.get(id))
        .filter(a => a !== undefined);

      // Tags cost one Organizations call per account: they are read again
      // only when older than tagsMaxAge, at most a budget's worth per run.
      // They only shape the environment, which evaluation needs and
      // collection does not, so they are read while the accounts are collected.
      const tagIds = snapshot.fresh
        ? await this.#store.accounts.withStaleTags({
            readBefore: new Date(Date.now() - this.#settings.scan.tagsMaxAgeMs),
            limit: budget,
          })
        : [];
      const tagsRead = reader
        .readTags(tagIds)
        .then(async ({ tags, failed: tagFailures }) => {
          await serially(() =>
            this.#store.accounts.updateTags(
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
          // The accounts whose read failed keep their earlier tags and are
          // first in line next time; the scan says why.
          return tagFailures;
        });
      logger.info('Scan collecting accounts', {
        accounts: snapshot.accounts.length,
        due: early.length + late.length,
        tags: tagIds.length,
      });
      await Promise.all([collectedEarly, collect(late)]);
      await flush();
      const tagFailures = await tagsRead;
      if (tagFailures.length) {
        errors.push({
          ...tagFailures[0].error,
          message: `${
            tagFailures.length
          } account(s) kept their earlier tags: ${tagFailures
            .slice(0, 5)
            .map(f => `${f.accountId}: ${f.error.message}`)
            .join('; ')}`,
        });
      }
      if (skipped) {
        // The stalest-first order puts these accounts first next time.
        errors.push({
          code: 'ScanTimeout',
          message: `Stopped at the scan's timeout: ${skipped} of ${total} account(s) not collected`,
        });
        logger.warn('Scan stopped at its timeout', {
          collected: done,
          skipped,
        });
      }

      await this.evaluate();
      const state = failed > 0 || errors.length > 0 ? 'partial' : 'succeeded';
      await this.#store.scans.finish(scan.id, state, errors);
      logger.info('Scan finished', { state, accounts: done, failed, skipped });
    } catch (error) {
      errors.push(toFactError(error));
      logger.error('Scan failed', new ForwardedError('Scan failed', error));
      await this.#store.scans.finish(scan.id, 'failed', errors);
    } finally {
      clearInterval(heartbeat);
    }
    return (await this.#store.scans.get(scan.id))!;
  }

  /**
   * Reads the organisation and saves it. When Organizations cannot be read,
   * the scan goes on with the organisation stored by an earlier one: its
   * accounts are still collected, and the scan records why it is partial.
   */
  async #readOrganization(options: {
    reader: OrganizationReader;
    errors: FactError[];
    logger: LoggerService;
    serially: <T>(write: () => Promise<T>) => Promise<T>;
  }): Promise<{ accounts: AccountIdentity[]; fresh: boolean }> {
    const { reader, errors, logger, serially } = options;
    try {
      const snapshot = await reader.read({
        cachedTags: await this.#store.accounts.cachedTags(),
      });
      await serially(() =>
        this.#store.organization.save(snapshot.organization, snapshot.accounts),
      );
      return { accounts: snapshot.accounts, fresh: true };
    } catch (error) {
      const stored = (await this.#store.organization.get())
        ? await this.#store.accounts.identities()
        : [];
      if (stored.length === 0) throw error;
      const fact = toFactError(error, 'organizations:read');
      errors.push({
        ...fact,
        message: `The organisation could not be read; its last stored state was used: ${fact.message}`,
      });
      logger.warn('Organization read failed, using the stored organisation', {
        error: fact.message,
      });
      return { accounts: stored, fresh: false };
    }
  }

  /** Judges every account from the stored facts and records the day's roll-up. */
  async evaluate(): Promise<void> {
    const organization = await this.#store.organization.get();
    if (!organization) return;
    // Network checks need every VPC of the organisation; that index comes from
    // the VPC table, so the facts themselves are read a chunk of accounts at a
    // time and memory stays flat however large the organisation.
    const vpcs = await this.#store.vpcs.index();
    const accounts = await this.#store.accounts.identities();
    const checks = this.#checks();
    const now = new Date().toISOString();
    const results: GuardrailResult[] = [];
    const active = accounts.filter(a => a.status === 'ACTIVE').map(a => a.id);
    for (let i = 0; i < active.length; i += EVALUATION_CHUNK) {
      const chunk = await this.#store.facts.load(
        active.slice(i, i + EVALUATION_CHUNK),
      );
      for (const account of chunk) {
        for (const verdict of evaluateAccount(checks, {
          account,
          organization,
          allowedRegions: this.#settings.regions,
          vpcs,
        })) {
          results.push({
            accountId: account.account.id,
            evaluatedAt: now,
            ...verdict,
          });
        }
      }
    }
    await this.#store.results.save({
      results,
      rollup: postureRows(organization.rootId, accounts, results),
      day: now.slice(0, 10),
      historyDays: this.#settings.historyDays,
    });
  }

  /**
   * Credentials for Organizations: the default provider chain, or the
   * configured role assumed through it. The role's session is assumed again
   * before it expires (the SDK refreshes a provider whose credentials carry an
   * expiration), so a scan longer than a session does not fail half way.
   */
  #organizationCredentials() {
    const role = this.#settings.organizationRole;
    if (!role) return undefined; // the default provider chain
    const sts = this.#clients.sts(this.#settings.aws.organizationsRegion);
    return async () => {
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: role.arn,
          ExternalId: role.externalId,
          RoleSessionName: this.#settings.memberRole.sessionName,
        }),
      );
      if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
        throw new Error(`AssumeRole into ${role.arn} returned no credentials`);
      }
      return {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        sessionToken: Credentials.SessionToken,
        expiration: Credentials.Expiration,
      };
    };
  }
}
