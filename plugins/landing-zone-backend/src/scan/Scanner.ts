import type { LoggerService } from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type {
  AccountFacts,
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
import { LandingZoneStore } from '../store/LandingZoneStore';
import type { GuardrailResult, ScanRun } from '../store/types';
import { postureRows } from './posture';

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

  /** A running scan whose heartbeat is older than this is taken as dead. */
  get #staleAfterMs() {
    return 5 * 60_000;
  }

  /**
   * Starts a scan and returns as soon as it is recorded; the work goes on in
   * the background. Throws ConflictError when one is already running.
   */
  async start(options: {
    trigger: ScanRun['trigger'];
    requestedBy?: string;
  }): Promise<{ scan: ScanRun; done: Promise<ScanRun> }> {
    const scan = await this.#store.scans.start({
      ...options,
      staleAfterMs: this.#staleAfterMs,
    });
    const done = this.#execute(scan);
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
  }): Promise<ScanRun> {
    const { done } = await this.start(options);
    return done;
  }

  async #execute(scan: ScanRun): Promise<ScanRun> {
    const logger = this.#logger.child({ scanId: scan.id });
    const errors: FactError[] = [];
    let failed = 0;
    try {
      const budget = this.#settings.scan.accountsPerRun;
      const cachedTags = await this.#store.getCachedTags();
      const dueBefore = await this.#store.accountsByStaleness();
      const refreshTagsFor = new Set(
        budget === undefined ? dueBefore : dueBefore.slice(0, budget),
      );

      const reader = OrganizationReader.create({
        client: this.#clients.organizations(
          await this.#organizationCredentials(),
        ),
      });
      const snapshot = await reader.read({ cachedTags });
      await this.#store.saveOrganization(
        snapshot.organization,
        snapshot.accounts,
      );

      const identities = new Map(snapshot.accounts.map(a => [a.id, a]));
      const stalest = await this.#store.accountsByStaleness();
      const due = (budget === undefined ? stalest : stalest.slice(0, budget))
        .map(id => identities.get(id))
        .filter(a => a !== undefined);
      // Tags cost one Organizations call per account, the slowest API there
      // is. They only shape the environment, which evaluation needs and
      // collection does not, so they are read while the accounts are collected.
      const tagIds = snapshot.accounts
        .filter(a => !cachedTags.has(a.id) || refreshTagsFor.has(a.id))
        .map(a => a.id);
      // Every write of this scan goes through one queue: concurrent
      // transactions on the same accounts would deadlock on PostgreSQL.
      let writes: Promise<unknown> = Promise.resolve();
      const serially = <T>(write: () => Promise<T>): Promise<T> => {
        const next = writes.then(write);
        writes = next.catch(() => undefined);
        return next;
      };
      const tagsRead = reader.readTags(tagIds).then(
        async tags => {
          await serially(() =>
            this.#store.updateAccountTags(
              [...tags].map(([id, accountTags]) => ({
                id,
                tags: accountTags,
                environment: deriveEnvironment(
                  accountTags,
                  identities.get(id)!.ouPath,
                ),
              })),
            ),
          );
          return undefined;
        },
        (error: unknown) => error,
      );
      logger.info('Scan collecting accounts', {
        accounts: snapshot.accounts.length,
        due: due.length,
        tags: tagIds.length,
      });
      await this.#store.scans.update(scan.id, { accountsTotal: due.length });

      const collector = AccountCollector.create({
        clients: this.#clients,
        settings: this.#settings,
      });
      const limit = pLimit(this.#settings.scan.concurrency);
      let pending: AccountFacts[] = [];
      let done = 0;
      // Batches are written one at a time, in order, each in its own transaction.
      const flush = () => {
        const batch = pending;
        pending = [];
        return serially(async () => {
          await this.#store.saveAccountFacts(batch);
          done += batch.length;
          await this.#store.scans.update(scan.id, {
            accountsDone: done,
            accountsFailed: failed,
          });
        });
      };
      await Promise.all(
        due.map(account =>
          limit(async () => {
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
      await flush();
      const tagError = await tagsRead;
      if (tagError) {
        // The accounts keep their earlier tags; the scan says why.
        errors.push(toFactError(tagError, 'organizations:ListTagsForResource'));
      }

      await this.evaluate();
      const state = failed > 0 || tagError ? 'partial' : 'succeeded';
      await this.#store.scans.finish(scan.id, state, errors);
      logger.info('Scan finished', { state, accounts: done, failed });
    } catch (error) {
      errors.push(toFactError(error));
      logger.error('Scan failed', new ForwardedError('Scan failed', error));
      await this.#store.scans.finish(scan.id, 'failed', errors);
    }
    return (await this.#store.scans.get(scan.id))!;
  }

  /** Judges every account from the stored facts and records the day's roll-up. */
  async evaluate(): Promise<void> {
    const organization = await this.#store.getOrganization();
    if (!organization) return;
    // Network checks need every VPC of the organisation; that index comes from
    // the VPC table, so the facts themselves are read a chunk of accounts at a
    // time and memory stays flat however large the organisation.
    const vpcs = await this.#store.loadVpcIndex();
    const accounts = await this.#store.listAccountIdentities();
    const checks = this.#checks();
    const now = new Date().toISOString();
    const results: GuardrailResult[] = [];
    const active = accounts.filter(a => a.status === 'ACTIVE').map(a => a.id);
    for (let i = 0; i < active.length; i += EVALUATION_CHUNK) {
      const chunk = await this.#store.loadAccountFacts(
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
    await this.#store.saveEvaluation({
      results,
      posture: postureRows(now.slice(0, 10), organization, accounts, results),
      historyDays: this.#settings.historyDays,
    });
  }

  async #organizationCredentials() {
    const role = this.#settings.organizationRole;
    if (!role) return undefined; // the default provider chain
    const { Credentials } = await this.#clients
      .sts(this.#settings.aws.organizationsRegion)
      .send(
        new AssumeRoleCommand({
          RoleArn: role.arn,
          ExternalId: role.externalId,
          RoleSessionName: this.#settings.memberRole.sessionName,
        }),
      );
    return {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken,
    };
  }
}
