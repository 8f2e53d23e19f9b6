import { ConflictError } from '@backstage/errors';
import type { Knex } from 'knex';
import { whereAccounts } from './accountFilter';
import {
  cursorScope,
  iso,
  keysetPage,
  mapAccount,
  type AccountRow,
} from './rows';
import type {
  AccountSummary,
  GuardrailStatus,
  MatrixCell,
  MatrixFilter,
  MatrixRow,
  Page,
  PageRequest,
} from './types';

/** A row of the matrix as exported: the account and its status per check. */
export type MatrixExportRow = {
  account: AccountSummary;
  statuses: Record<string, GuardrailStatus>;
};

// The most rows a page or an export batch holds: their verdicts are read in
// one statement, under SQLite's bound-parameter limit.
const MAX_ROWS = 500;

/** Each status's count column on lz_accounts, kept with every evaluation. */
const countColumn = {
  pass: 'lz_accounts.checks_passing',
  fail: 'lz_accounts.checks_failing',
  unknown: 'lz_accounts.checks_unknown',
} as const;

/**
 * The posture matrix: accounts x guardrails, the accounts with most failing
 * guardrails first (then by name and id, the lz_accounts_matrix_idx order).
 * A page reads its accounts and then their verdicts, two statements (and the
 * count with the first page) whatever the size of the estate.
 */
export class MatrixStore {
  readonly #db: Knex;

  private constructor(db: Knex) {
    this.#db = db;
  }

  static create(options: { db: Knex }) {
    return new MatrixStore(options.db);
  }

  /** One page of the filtered matrix. */
  async page(
    filter: MatrixFilter,
    page: PageRequest,
  ): Promise<Page<MatrixRow>> {
    const accounts = await keysetPage({
      page: { ...page, limit: Math.min(page.limit, MAX_ROWS) },
      parts: 3,
      intAt: [0],
      scope: cursorScope('matrix', filter),
      count: async () =>
        (
          await this.#filtered(filter).count({ count: '*' })
        )[0].count,
      rows: (after, limit) => this.#rows(filter, after, limit),
      map: (row: AccountRow) => row,
      key: row => [String(row.checks_failing), row.name, row.account_id],
    });
    return { ...accounts, items: await this.#withCells(accounts.items) };
  }

  /**
   * The whole filtered matrix in the page order, `size` rows at a time, for
   * an export that writes each batch as it comes (statuses only: an export
   * has no use for since). An evaluation committed
   * meanwhile reorders the accounts, so rows could be missed or repeated: the
   * export then fails with a ConflictError rather than end incomplete.
   */
  async *batches(
    filter: MatrixFilter,
    size = MAX_ROWS,
  ): AsyncGenerator<MatrixExportRow[]> {
    const limit = Math.min(size, MAX_ROWS);
    const version = await this.#version();
    let after: string[] | undefined;
    for (;;) {
      const rows = await this.#rows(filter, after, limit);
      if ((await this.#version()) !== version) {
        throw new ConflictError(
          'The posture changed during the export; export again',
        );
      }
      if (rows.length) yield await this.#withStatuses(rows);
      if (rows.length < limit) return;
      const last = rows[rows.length - 1];
      after = [String(last.checks_failing), last.name, last.account_id];
    }
  }

  #filtered(filter: MatrixFilter) {
    const query = this.#db<AccountRow>('lz_accounts').modify(
      whereAccounts,
      filter,
    );
    const { check, status } = filter;
    if (check) {
      query.whereExists(sub => {
        sub
          .select('lz_guardrail_results.account_id')
          .from('lz_guardrail_results')
          .whereRaw('lz_guardrail_results.account_id = lz_accounts.account_id')
          .where('lz_guardrail_results.check_id', check);
        if (status) sub.where('lz_guardrail_results.status', status);
      });
    } else if (status) {
      // Any guardrail of that status: the account's count of it, saved with
      // the verdicts, says so without reading them.
      query.where(countColumn[status], '>', 0);
    }
    return query;
  }

  #rows(
    filter: MatrixFilter,
    after: string[] | undefined,
    limit: number,
  ): Promise<AccountRow[]> {
    const query = this.#filtered(filter);
    if (after) {
      const [failing, name, id] = after;
      // The first condition bounds the index range; the second starts the
      // page within the accounts failing as many as the cursor's.
      query
        .where('lz_accounts.checks_failing', '<=', Number(failing))
        .where(q =>
          q
            .where('lz_accounts.checks_failing', '<', Number(failing))
            .orWhere('lz_accounts.name', '>', name)
            .orWhere(q2 =>
              q2
                .where('lz_accounts.name', name)
                .where('lz_accounts.account_id', '>', id),
            ),
        );
    }
    return query
      .orderBy([
        { column: 'lz_accounts.checks_failing', order: 'desc' },
        { column: 'lz_accounts.name' },
        { column: 'lz_accounts.account_id' },
      ])
      .limit(limit);
  }

  async #withCells(rows: AccountRow[]): Promise<MatrixRow[]> {
    const cells = new Map<string, Record<string, MatrixCell>>(
      rows.map(r => [r.account_id, {}]),
    );
    for (const v of await this.#verdicts(rows, ['status_since'])) {
      cells.get(v.account_id)![v.check_id] = {
        status: v.status,
        since: iso(v.status_since)!,
      };
    }
    return rows.map(row => ({
      account: mapAccount(row),
      cells: cells.get(row.account_id)!,
    }));
  }

  async #withStatuses(rows: AccountRow[]): Promise<MatrixExportRow[]> {
    const statuses = new Map<string, Record<string, GuardrailStatus>>(
      rows.map(r => [r.account_id, {}]),
    );
    for (const v of await this.#verdicts(rows, [])) {
      statuses.get(v.account_id)![v.check_id] = v.status;
    }
    return rows.map(row => ({
      account: mapAccount(row),
      statuses: statuses.get(row.account_id)!,
    }));
  }

  /** The verdicts of a page's accounts, in one statement. */
  async #verdicts(rows: AccountRow[], columns: string[]) {
    if (!rows.length) return [];
    return this.#db('lz_guardrail_results')
      .whereIn(
        'account_id',
        rows.map(r => r.account_id),
      )
      .select(['account_id', 'check_id', 'status', ...columns]);
  }

  /**
   * Changes with every committed evaluation, which rewrites every verdict
   * with its own time: the evaluation time of the first one by key.
   */
  async #version(): Promise<string | undefined> {
    const row = await this.#db('lz_guardrail_results')
      .orderBy(['account_id', 'check_id'])
      .first('evaluated_at');
    return iso(row?.evaluated_at);
  }
}
