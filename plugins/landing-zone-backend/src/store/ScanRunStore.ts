import { ConflictError } from '@backstage/errors';
import type { FactError } from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { json, keysetPage, mapScan, type ScanRow } from './rows';
import type { Page, PageRequest, ScanRun, ScanState } from './types';

/** Scan runs: who started them, their progress and how they ended. */
export class ScanRunStore {
  readonly #db: Knex;

  private constructor(db: Knex) {
    this.#db = db;
  }

  static create(options: { db: Knex }) {
    return new ScanRunStore(options.db);
  }

  /**
   * Starts a scan unless another one is running with a fresh heartbeat. The
   * database admits one running row (a partial unique index), so of two
   * callers racing, on one replica or two, exactly one inserts.
   */
  async start(options: {
    trigger: ScanRun['trigger'];
    requestedBy?: string;
    staleAfterMs: number;
  }): Promise<ScanRun> {
    await this.interruptStale({ staleAfterMs: options.staleAfterMs });

    const now = new Date();
    const row = {
      id: randomUUID(),
      trigger: options.trigger,
      requested_by: options.requestedBy ?? null,
      state: 'running',
      started_at: now,
      heartbeat_at: now,
    };
    try {
      await this.#db('lz_scan_runs').insert(row);
    } catch (error) {
      const running = await this.#db<ScanRow>('lz_scan_runs')
        .where({ state: 'running' })
        .first();
      if (running) {
        throw new ConflictError(`Scan ${running.id} is already running`);
      }
      throw error;
    }
    return (await this.get(row.id))!;
  }

  /**
   * Marks running scans whose heartbeat is older than `staleAfterMs` as
   * interrupted: the process running them died or was stopped before it
   * could say so. Returns their ids. A scan with a fresh heartbeat may be
   * another replica's and is left alone.
   */
  async interruptStale(options: { staleAfterMs: number }): Promise<string[]> {
    const now = new Date();
    const before = new Date(now.getTime() - options.staleAfterMs);
    const stale = () =>
      this.#db('lz_scan_runs')
        .where({ state: 'running' })
        .where('heartbeat_at', '<', before);
    const ids: string[] = await stale().pluck('id');
    if (ids.length === 0) return [];
    const reason: FactError = {
      code: 'ScanInterrupted',
      message: `No heartbeat for ${Math.round(
        options.staleAfterMs / 1000,
      )} s: the backend running the scan stopped before it finished`,
    };
    await stale()
      .whereIn('id', ids)
      .update({
        state: 'interrupted',
        finished_at: now,
        errors: json([reason]),
      });
    return ids;
  }

  /** Refreshes a running scan's heartbeat, so it is not taken for dead. */
  async heartbeat(id: string): Promise<void> {
    await this.#db('lz_scan_runs')
      .where({ id, state: 'running' })
      .update({ heartbeat_at: new Date() });
  }

  async update(
    id: string,
    progress: Partial<
      Pick<ScanRun, 'accountsTotal' | 'accountsDone' | 'accountsFailed'>
    >,
  ): Promise<void> {
    await this.#db('lz_scan_runs')
      .where({ id })
      .update({
        heartbeat_at: new Date(),
        ...(progress.accountsTotal !== undefined && {
          accounts_total: progress.accountsTotal,
        }),
        ...(progress.accountsDone !== undefined && {
          accounts_done: progress.accountsDone,
        }),
        ...(progress.accountsFailed !== undefined && {
          accounts_failed: progress.accountsFailed,
        }),
      });
  }

  /**
   * Records how a running scan ended. A scan no longer running keeps its
   * state: one already marked interrupted (its heartbeat was taken for dead,
   * or its backend shut down) is not revived by a late finish. Returns
   * whether the scan was still running.
   */
  async finish(
    id: string,
    state: ScanState,
    errors: FactError[],
  ): Promise<boolean> {
    const updated = await this.#db('lz_scan_runs')
      .where({ id, state: 'running' })
      .update({
        state,
        finished_at: new Date(),
        heartbeat_at: new Date(),
        errors: errors.length ? json(errors.slice(0, 500)) : null,
      });
    return updated > 0;
  }

  async get(id: string): Promise<ScanRun | undefined> {
    const row = await this.#db<ScanRow>('lz_scan_runs').where({ id }).first();
    return row && mapScan(row);
  }

  async list(page: PageRequest): Promise<Page<ScanRun>> {
    return keysetPage({
      page,
      parts: 2,
      dateAt: 0,
      count: async () =>
        (await this.#db('lz_scan_runs').count({ count: '*' }))[0].count,
      rows: (after, limit) => {
        let query = this.#db<ScanRow>('lz_scan_runs');
        if (after) {
          const [startedAt, id] = after;
          query = query.where(q =>
            q
              .where('started_at', '<', new Date(startedAt))
              .orWhere(q2 =>
                q2
                  .where('started_at', '=', new Date(startedAt))
                  .where('id', '<', id),
              ),
          );
        }
        return query
          .orderBy([
            { column: 'started_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(limit);
      },
      map: mapScan,
      key: scan => [scan.startedAt, scan.id],
    });
  }
}
