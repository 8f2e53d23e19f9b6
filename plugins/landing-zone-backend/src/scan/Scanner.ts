import type { LoggerService } from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import type {
  AccountIdentity,
  GuardrailCheck,
} from '@internal/plugin-landing-zone-common';
import { AccountCollector } from '../collect/account';
import { AwsClientFactory } from '../collect/clients';
import { ScanCredentials } from '../collect/credentials';
import { toFactError } from '../collect/errors';
import { OrganizationReader } from '../collect/organization';
import type { LandingZoneSettings } from '../config';
import type { LandingZoneStore } from '../store/LandingZoneStore';
import type { ScanRun, ScanState } from '../store/types';
import { AccountCollection, type CollectionOutcome } from './AccountCollection';
import { Evaluation } from './Evaluation';
import { OrganizationRefresh } from './OrganizationRefresh';
import { ScanErrors } from './ScanErrors';
import { ScanRuns, type ActiveScan } from './ScanRuns';
import { SerialWrites } from './SerialWrites';
import { TagRefresh } from './TagRefresh';

/**
 * Runs a scan: read the organisation, collect the stalest accounts within the
 * run's budget (bounded concurrency, saved in batches), then evaluate every
 * account from the store and roll up the day's history.
 *
 * Each step is a part of its own (ScanRuns, OrganizationRefresh,
 * AccountCollection, TagRefresh, Evaluation); this class puts them in order.
 * Collection never decides pass/fail and evaluation never calls AWS.
 */
export class Scanner {
  readonly #store: LandingZoneStore;
  readonly #clients: AwsClientFactory;
  readonly #logger: LoggerService;
  readonly #runs: ScanRuns;
  readonly #credentials: ScanCredentials;
  readonly #collector: AccountCollector;
  readonly #organization: OrganizationRefresh;
  readonly #tags: TagRefresh;
  readonly #evaluation: Evaluation;
  readonly #collection: Pick<
    LandingZoneSettings['scan'],
    'concurrency' | 'batchSize' | 'accountsPerRun'
  >;
  readonly #onFinished?: (scan: ScanRun) => Promise<void>;

  private constructor(options: {
    store: LandingZoneStore;
    settings: LandingZoneSettings;
    clients: AwsClientFactory;
    checks: () => GuardrailCheck[];
    logger: LoggerService;
    onFinished?: (scan: ScanRun) => Promise<void>;
  }) {
    const { store, settings, clients, logger } = options;
    this.#onFinished = options.onFinished;
    this.#store = store;
    this.#clients = clients;
    this.#logger = logger;
    this.#runs = ScanRuns.create({ scans: store.scans, logger });
    this.#credentials = ScanCredentials.create({
      clients,
      organization: settings.organizationRole && {
        ...settings.organizationRole,
        region: settings.aws.organizationsRegion,
      },
      member: { ...settings.memberRole, region: settings.regions[0] },
    });
    this.#collector = AccountCollector.create({
      clients,
      credentials: this.#credentials,
      regions: settings.regions,
      rootActivityDays: settings.scan.rootActivityDays,
    });
    this.#organization = OrganizationRefresh.create({
      organization: store.organization,
      accounts: store.accounts,
      logger,
    });
    this.#tags = TagRefresh.create({
      accounts: store.accounts,
      maxAgeMs: settings.scan.tagsMaxAgeMs,
      budget: settings.scan.accountsPerRun,
    });
    this.#evaluation = Evaluation.create({
      store,
      checks: options.checks,
      regions: settings.regions,
      historyDays: settings.historyDays,
      guardrails: settings.guardrails,
    });
    this.#collection = settings.scan;
  }

  static create(options: {
    store: LandingZoneStore;
    settings: LandingZoneSettings;
    clients: AwsClientFactory;
    checks: () => GuardrailCheck[];
    logger: LoggerService;
    /**
     * Called with a scan's final record, once it is stored: readers of the
     * API see the scan's results by then.
     */
    onFinished?: (scan: ScanRun) => Promise<void>;
  }) {
    return new Scanner(options);
  }

  /**
   * Starts a scan and returns as soon as it is recorded; the work goes on in
   * the background. Throws ConflictError when one is already running. An
   * aborted `signal` (the schedule's timeout) stops collection, in-flight AWS
   * calls included: what was collected is saved and judged, and the scan
   * ends partial.
   */
  async start(options: {
    trigger: ScanRun['trigger'];
    requestedBy?: string;
    signal?: AbortSignal;
  }): Promise<{ scan: ScanRun; done: Promise<ScanRun> }> {
    const active = await this.#runs.begin(options);
    const done = this.#execute(active, options.signal).then(async scan => {
      await this.#announce(scan);
      return scan;
    });
    // Callers of start() may not wait; a failure to record the end is still logged.
    done.catch(error =>
      this.#logger.error(
        'Scan could not be recorded',
        new ForwardedError(
          `Scan ${active.scan.id} could not be recorded`,
          error,
        ),
      ),
    );
    return { scan: active.scan, done };
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

  /** Judges every account from the stored facts and records the day's roll-up. */
  async evaluate(
    options: { signal?: AbortSignal; scanId?: string } = {},
  ): Promise<void> {
    await this.#evaluation.run(options.signal, options.scanId);
  }

  /** At start-up: records scans whose backend died as interrupted. */
  async recover(): Promise<string[]> {
    return this.#runs.recover();
  }

  /**
   * At shutdown: stops this process's scan, in-flight AWS calls included, and
   * records it as interrupted, within `graceMs` (default 5 s).
   */
  async shutdown(options: { graceMs?: number } = {}): Promise<void> {
    await this.#runs.shutdown({ graceMs: options.graceMs ?? 5_000 });
  }

  /** Tells onFinished; its failure is logged and never fails the scan. */
  async #announce(scan: ScanRun): Promise<void> {
    try {
      await this.#onFinished?.(scan);
    } catch (error) {
      this.#logger.warn(
        'Scan finished, but its listeners could not be told',
        new ForwardedError(`Scan ${scan.id} could not be announced`, error),
      );
    }
  }

  async #execute(active: ActiveScan, timeout?: AbortSignal): Promise<ScanRun> {
    const logger = this.#logger.child({ scanId: active.scan.id });
    const errors = ScanErrors.create();
    // Collection stops at the schedule's timeout or at shutdown; evaluation
    // only at shutdown (after a timeout, what was collected is still judged).
    const signal = timeout
      ? AbortSignal.any([timeout, active.interrupted])
      : active.interrupted;
    let state: ScanState;
    try {
      const outcome = await this.#collect({ active, signal, errors, logger });
      if (active.interrupted.aborted) {
        // The backend is going away: no evaluation, the results stay those
        // of the last complete one.
        errors.add({
          code: 'ScanInterrupted',
          message: `The backend shut down while the scan was running: ${outcome.skipped} of ${outcome.total} account(s) not collected`,
        });
        logger.warn('Scan interrupted by shutdown', {
          collected: outcome.done,
          skipped: outcome.skipped,
        });
        state = 'interrupted';
      } else {
        if (outcome.skipped) {
          // The stalest-first order puts these accounts first next time.
          errors.add({
            code: 'ScanTimeout',
            message: `Stopped at the scan's timeout: ${outcome.skipped} of ${outcome.total} account(s) not collected`,
          });
          logger.warn('Scan stopped at its timeout', {
            collected: outcome.done,
            skipped: outcome.skipped,
          });
        }
        logger.info('Scan evaluating accounts');
        await this.evaluate({
          signal: active.interrupted,
          scanId: active.scan.id,
        });
        state = errors.size > 0 ? 'partial' : 'succeeded';
        logger.info('Scan finished', {
          state,
          accounts: outcome.done,
          failed: outcome.failed,
          skipped: outcome.skipped,
        });
      }
    } catch (error) {
      state = active.interrupted.aborted ? 'interrupted' : 'failed';
      errors.add(toFactError(error));
      logger.error(
        state === 'failed' ? 'Scan failed' : 'Scan interrupted by shutdown',
        new ForwardedError('Scan failed', error),
      );
    }
    return await active.finish(state, errors.list());
  }

  /**
   * Reads the organisation and collects the accounts due, with the tags due
   * read beside them; the scan's own errors go to `errors`, one per failed
   * account included.
   */
  async #collect(options: {
    active: ActiveScan;
    signal: AbortSignal;
    errors: ScanErrors;
    logger: LoggerService;
  }): Promise<CollectionOutcome> {
    const { active, signal, errors, logger } = options;
    const writes = SerialWrites.create();
    // The organisation as last read: the stored one until the read below
    // returns. An account collected from the store that has since left or
    // stopped being ACTIVE is dropped when its turn comes.
    const known = await this.#organization.stored();
    let current = known;
    const collection = AccountCollection.create({
      collector: this.#collector,
      current: id => current?.get(id),
      facts: this.#store.facts,
      writes,
      progress: counts => active.progress(counts),
      concurrency: this.#collection.concurrency,
      batchSize: this.#collection.batchSize,
      signal,
    });
    const budget = this.#collection.accountsPerRun;

    // An organisation scanned before is collected from the store while
    // Organizations is read again: that read is paced by the slowest API
    // there is, and collection need not wait for it. Accounts that joined
    // since are collected once the read has found them.
    const early = known ? await this.#due(known) : [];
    const collectedEarly = collection.collect(early);
    // Awaited below; until then a failed write must not go unhandled.
    collectedEarly.catch(() => undefined);

    const organizationCredentials = this.#credentials.organization(signal);
    const reader = OrganizationReader.create({
      client: this.#clients.organizations(organizationCredentials),
      iam: this.#clients.iam(organizationCredentials),
    });
    const organization = await this.#organization.read({
      reader,
      writes,
      signal,
      logger,
    });
    if (organization.error) errors.add(organization.error);
    const identities = new Map(organization.accounts.map(a => [a.id, a]));
    current = identities;
    const late = await this.#due(identities, {
      skip: id => !!known?.has(id),
      room: budget === undefined ? undefined : budget - early.length,
    });

    const tagIds = await this.#tags.due(organization.fresh);
    const tagsRead = this.#tags.refresh({
      ids: tagIds,
      identities,
      reader,
      writes,
      signal,
    });
    tagsRead.catch(() => undefined);
    logger.info('Scan collecting accounts', {
      accounts: organization.accounts.length,
      due: early.length + late.length,
      tags: tagIds.length,
    });
    await Promise.all([collectedEarly, collection.collect(late)]);
    const outcome = await collection.finish();
    const tagError = await tagsRead;
    if (tagError) errors.add(tagError);
    for (const failure of outcome.failures) errors.addAccount(failure);
    return outcome;
  }

  /**
   * The accounts due in this run, stalest first, within the run's budget:
   * those of `identities`, but for the ones `skip` names, at most `room`.
   */
  async #due(
    identities: ReadonlyMap<string, AccountIdentity>,
    options: { skip?: (id: string) => boolean; room?: number } = {},
  ): Promise<AccountIdentity[]> {
    const budget = this.#collection.accountsPerRun;
    return (await this.#store.accounts.byStaleness())
      .slice(0, budget)
      .filter(id => !options.skip?.(id))
      .slice(0, options.room ?? budget)
      .map(id => identities.get(id))
      .filter(a => a !== undefined);
  }
}
