import type { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { FactError } from '@internal/plugin-landing-zone-common';
import type { ScanRunStore } from '../store/ScanRunStore';
import type { ScanRun, ScanState } from '../store/types';

/** A scan this process is running. */
export type ActiveScan = {
  /** The record as it was started. */
  readonly scan: ScanRun;
  /** Aborted when this process shuts down: the scan stops and ends interrupted. */
  readonly interrupted: AbortSignal;
  progress(
    counts: Partial<
      Pick<ScanRun, 'accountsTotal' | 'accountsDone' | 'accountsFailed'>
    >,
  ): Promise<void>;
  /** Records the end, stops the heartbeat and returns the final record. */
  finish(state: ScanState, errors: FactError[]): Promise<ScanRun>;
};

const SHUTDOWN: FactError = {
  code: 'ScanInterrupted',
  message:
    'The backend shut down while the scan was running; its collection stopped there',
};

type Entry = {
  controller: AbortController;
  heartbeat: ReturnType<typeof setInterval>;
  finished: Promise<void>;
};

/**
 * The runs of this process: each scan's record from start to end, its
 * heartbeat, and the lock the database holds (one running scan, however
 * many replicas). At start-up it closes the records of scans whose process
 * died; at shutdown it stops its own and records them as interrupted, so
 * neither blocks the next scan.
 */
export class ScanRuns {
  readonly #scans: ScanRunStore;
  readonly #logger: LoggerService;
  readonly #staleAfterMs: number;
  readonly #active = new Map<string, Entry>();
  #closed = false;

  private constructor(options: {
    scans: ScanRunStore;
    logger: LoggerService;
    staleAfterMs: number;
  }) {
    this.#scans = options.scans;
    this.#logger = options.logger;
    this.#staleAfterMs = options.staleAfterMs;
  }

  /**
   * `staleAfterMs`: a running scan whose heartbeat is older is taken as dead
   * (its process crashed or was killed). Default two minutes, six missed
   * heartbeats.
   */
  static create(options: {
    scans: ScanRunStore;
    logger: LoggerService;
    staleAfterMs?: number;
  }) {
    return new ScanRuns({
      ...options,
      staleAfterMs: options.staleAfterMs ?? 2 * 60_000,
    });
  }

  /**
   * Records a new running scan, or throws ConflictError when one is already
   * running (here or on another replica) with a fresh heartbeat.
   */
  async begin(options: {
    trigger: ScanRun['trigger'];
    requestedBy?: string;
  }): Promise<ActiveScan> {
    if (this.#closed) {
      throw new ServiceUnavailableError('The backend is shutting down');
    }
    const scan = await this.#scans.start({
      ...options,
      staleAfterMs: this.#staleAfterMs,
    });
    if (this.#closed) {
      // Shutdown began while the record was being written.
      await this.#scans.finish(scan.id, 'interrupted', [SHUTDOWN]);
      throw new ServiceUnavailableError('The backend is shutting down');
    }
    const logger = this.#logger.child({ scanId: scan.id });
    const controller = new AbortController();
    // The heartbeat runs on its own clock: the organisation read and the
    // evaluation of a large estate take minutes with no progress to report,
    // and a scan that looks dead would be replaced by a second one.
    const heartbeat = setInterval(
      () =>
        this.#scans.heartbeat(scan.id).catch(error =>
          logger.warn('Scan heartbeat could not be recorded', {
            error: String(error),
          }),
        ),
      this.#staleAfterMs / 6,
    );
    heartbeat.unref?.();
    let markFinished = () => {};
    const finished = new Promise<void>(resolve => {
      markFinished = resolve;
    });
    this.#active.set(scan.id, { controller, heartbeat, finished });
    const end = () => {
      clearInterval(heartbeat);
      this.#active.delete(scan.id);
      markFinished();
    };
    return {
      scan,
      interrupted: controller.signal,
      progress: counts => this.#scans.update(scan.id, counts),
      finish: async (state, errors) => {
        try {
          await this.#scans.finish(scan.id, state, errors);
        } finally {
          end();
        }
        return (await this.#scans.get(scan.id))!;
      },
    };
  }

  /**
   * At start-up: scans left running by a process that is gone (no heartbeat
   * for longer than the stale threshold) are recorded as interrupted.
   */
  async recover(): Promise<string[]> {
    const ids = await this.#scans.interruptStale({
      staleAfterMs: this.#staleAfterMs,
    });
    for (const scanId of ids) {
      this.#logger.warn('Scan recorded as interrupted: its backend stopped', {
        scanId,
      });
    }
    return ids;
  }

  /**
   * At shutdown: no new scan starts; each running one is aborted and given
   * `graceMs` to record itself as interrupted, else it is recorded so here.
   * Its heartbeat stops either way, so nothing keeps the lock alive.
   */
  async shutdown(options: { graceMs: number }): Promise<void> {
    this.#closed = true;
    const entries = [...this.#active];
    for (const [, entry] of entries) {
      entry.controller.abort(new Error('The backend is shutting down'));
    }
    await Promise.all(
      entries.map(async ([scanId, entry]) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const waited = await Promise.race([
          entry.finished.then(() => 'finished' as const),
          new Promise<'late'>(resolve => {
            timer = setTimeout(() => resolve('late'), options.graceMs);
          }),
        ]);
        clearTimeout(timer);
        if (waited === 'finished') return;
        clearInterval(entry.heartbeat);
        this.#active.delete(scanId);
        await this.#scans.finish(scanId, 'interrupted', [SHUTDOWN]);
        this.#logger.warn('Scan recorded as interrupted at shutdown', {
          scanId,
        });
      }),
    );
  }
}
