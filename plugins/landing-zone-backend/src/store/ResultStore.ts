import { whereScope, type AccountScope } from '../permissions';
import type { Knex } from 'knex';
import {
  ALL_CHECKS,
  complianceOf,
  countByAccount,
  noCounts,
  ORG_SCOPE,
  type PostureRow,
} from '../evaluate/rollup';
import { whereAccounts } from './accountFilter';
import {
  CHUNK,
  cursorScope,
  iso,
  json,
  keysetPage,
  mapAccount,
  parse,
  type AccountRow,
} from './rows';
import type {
  AccountFilter,
  GuardrailAccount,
  GuardrailResult,
  GuardrailStatus,
  Page,
  PageRequest,
  PostureCounts,
} from './types';

/** An account joined with its verdict on one check. */
type VerdictRow = AccountRow & {
  verdict_status: GuardrailStatus;
  verdict_evidence: string;
  verdict_evaluated_at: Date | string;
  verdict_since: Date | string | null;
};

/**
 * Verdicts and what is counted from them: the current verdict of every
 * account and check, each account's compliance, today's roll-up per scope
 * and check, and the daily history trends are drawn from. Saved together, in
 * one transaction, with every evaluation.
 */
export class ResultStore {
  readonly #db: Knex;

  private constructor(db: Knex) {
    this.#db = db;
  }

  static create(options: { db: Knex }) {
    return new ResultStore(options.db);
  }

  /**
   * Replaces the verdicts with a whole evaluation's, the roll-up with `rollup`
   * (also kept as the history of `day`), and drops history older than
   * `historyDays`.
   */
  async save(options: {
    results: GuardrailResult[];
    rollup: PostureRow[];
    day: string;
    historyDays: number;
    /** The scan whose evaluation this is (see commitStaged). */
    scanId?: string;
  }): Promise<void> {
    await this.clearStaged();
    await this.stage(options.results);
    await this.commitStaged({
      counts: countByAccount(options.results),
      rollup: options.rollup,
      day: options.day,
      historyDays: options.historyDays,
      scanId: options.scanId,
    });
  }

  /** Forgets verdicts staged by an evaluation that did not finish. */
  async clearStaged(): Promise<void> {
    await this.#db('lz_guardrail_results_next').delete();
  }

  /**
   * Stages a chunk of an evaluation's verdicts: nothing a reader sees
   * changes until commitStaged. Each keeps the `since` of the current verdict
   * when its status is the same, and starts at its evaluation otherwise.
   */
  async stage(results: GuardrailResult[]): Promise<void> {
    const rows = results.map(r => ({
      account_id: r.accountId,
      check_id: r.checkId,
      status: r.status,
      evidence: json(r.evidence),
      evaluated_at: new Date(r.evaluatedAt),
    }));
    const accountIds = [...new Set(results.map(r => r.accountId))];
    await this.#db.transaction(async tx => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await tx('lz_guardrail_results_next').insert(rows.slice(i, i + CHUNK));
      }
      // In SQL, so that the current verdicts never travel to Node and back;
      // a verdict new or changed keeps NULL, which commitStaged reads as its
      // evaluation time.
      for (let i = 0; i < accountIds.length; i += CHUNK) {
        await tx('lz_guardrail_results_next')
          .whereIn('account_id', accountIds.slice(i, i + CHUNK))
          .update({
            status_since: tx('lz_guardrail_results as current')
              .select('current.status_since')
              .whereRaw(
                'current.account_id = lz_guardrail_results_next.account_id',
              )
              .whereRaw('current.check_id = lz_guardrail_results_next.check_id')
              .whereRaw('current.status = lz_guardrail_results_next.status'),
          });
      }
    });
  }

  /**
   * Makes the staged verdicts current in one transaction: they replace every
   * verdict, each account takes its `counts` (an account without any, e.g.
   * suspended, is unknown), and `rollup` becomes the current roll-up and
   * `day`'s history; history older than `historyDays` goes.
   */
  async commitStaged(options: {
    counts: ReadonlyMap<string, PostureCounts>;
    rollup: PostureRow[];
    day: string;
    historyDays: number;
    /**
     * The scan whose evaluation this is: the verdicts it turns from pass to
     * fail or back are recorded for its alerts, with the verdicts.
     */
    scanId?: string;
  }): Promise<void> {
    const { day, scanId } = options;
    // Accounts with the same counts are updated together.
    const byCounts = new Map<string, string[]>();
    for (const [accountId, c] of options.counts) {
      const key = json([complianceOf(c), c.passing, c.failing, c.unknown]);
      byCounts.set(key, [...(byCounts.get(key) ?? []), accountId]);
    }
    await this.#db.transaction(async tx => {
      if (scanId) {
        await tx.raw(
          `INSERT INTO lz_guardrail_transitions (scan_id, account_id, check_id, status_before, status_after, evaluated_at)
           SELECT ?, n.account_id, n.check_id, c.status, n.status, n.evaluated_at
           FROM lz_guardrail_results_next n
           JOIN lz_guardrail_results c ON c.account_id = n.account_id AND c.check_id = n.check_id
           WHERE (c.status = 'pass' AND n.status = 'fail') OR (c.status = 'fail' AND n.status = 'pass')`,
          [scanId],
        );
      }
      await tx('lz_guardrail_results').delete();
      await tx.raw(
        'INSERT INTO lz_guardrail_results (account_id, check_id, status, evidence, evaluated_at, status_since) SELECT account_id, check_id, status, evidence, evaluated_at, COALESCE(status_since, evaluated_at) FROM lz_guardrail_results_next',
      );
      await tx('lz_guardrail_results_next').delete();
      await tx('lz_accounts').update({
        compliance: 'unknown',
        checks_passing: 0,
        checks_failing: 0,
        checks_unknown: 0,
      });
      for (const [key, ids] of byCounts) {
        const [compliance, passing, failing, unknown] = JSON.parse(key);
        for (let i = 0; i < ids.length; i += CHUNK) {
          await tx('lz_accounts')
            .whereIn('account_id', ids.slice(i, i + CHUNK))
            .update({
              compliance,
              checks_passing: passing,
              checks_failing: failing,
              checks_unknown: unknown,
            });
        }
      }

      const rollupRows = options.rollup.map(p => ({
        scope: p.scope,
        check_id: p.checkId,
        ...p.counts,
      }));
      await tx('lz_posture_current').delete();
      await tx('lz_posture_daily').where({ day }).delete();
      for (let i = 0; i < rollupRows.length; i += CHUNK) {
        const chunk = rollupRows.slice(i, i + CHUNK);
        await tx('lz_posture_current').insert(chunk);
        await tx('lz_posture_daily').insert(chunk.map(r => ({ day, ...r })));
      }
      const cutoff = new Date(Date.now() - options.historyDays * 86_400_000)
        .toISOString()
        .slice(0, 10);
      await tx('lz_posture_daily').where('day', '<', cutoff).delete();
    });
  }

  /** One account's verdicts, by check id. */
  async forAccount(accountId: string): Promise<GuardrailResult[]> {
    return this.#read(accountId);
  }

  /**
   * Every verdict of the estate, by account and check: for tests and
   * benchmarks. No request path reads this; they read the roll-up.
   */
  async all(): Promise<GuardrailResult[]> {
    return this.#read();
  }

  async #read(accountId?: string): Promise<GuardrailResult[]> {
    let query = this.#db('lz_guardrail_results');
    if (accountId) query = query.where({ account_id: accountId });
    const rows = await query.orderBy(['account_id', 'check_id']);
    return rows.map(r => ({
      accountId: r.account_id,
      checkId: r.check_id,
      status: r.status,
      evidence: parse(r.evidence, []),
      evaluatedAt: iso(r.evaluated_at)!,
    }));
  }

  /**
   * A page of the active accounts whose verdict on `checkId` has `status`,
   * longest in that status first (then by account id), with the verdict's
   * evidence: the lz_results_check_since_idx order.
   */
  async accountsByVerdict(options: {
    checkId: string;
    status: GuardrailStatus;
    filter: AccountFilter;
    page: PageRequest;
  }): Promise<Page<GuardrailAccount>> {
    const { checkId, status, filter } = options;
    const filtered = () =>
      this.#db('lz_guardrail_results')
        .join(
          'lz_accounts',
          'lz_accounts.account_id',
          'lz_guardrail_results.account_id',
        )
        .where('lz_guardrail_results.check_id', checkId)
        .where('lz_guardrail_results.status', status)
        .where('lz_accounts.status', 'ACTIVE')
        .modify(whereAccounts, filter);
    return keysetPage({
      page: options.page,
      parts: 2,
      dateAt: 0,
      scope: cursorScope('guardrail-accounts', { checkId, status, ...filter }),
      count: async () => (await filtered().count({ count: '*' }))[0].count,
      rows: (after, limit) => {
        const query = filtered().select(
          'lz_accounts.*',
          'lz_guardrail_results.status as verdict_status',
          'lz_guardrail_results.evidence as verdict_evidence',
          'lz_guardrail_results.evaluated_at as verdict_evaluated_at',
          'lz_guardrail_results.status_since as verdict_since',
        );
        if (after) {
          const [since, id] = after;
          // A row value: both databases start the index range at the cursor.
          query.whereRaw(
            '(lz_guardrail_results.status_since, lz_guardrail_results.account_id) > (?, ?)',
            [new Date(since), id],
          );
        }
        return query
          .orderBy([
            { column: 'lz_guardrail_results.status_since' },
            { column: 'lz_guardrail_results.account_id' },
          ])
          .limit(limit);
      },
      map: (row: VerdictRow): GuardrailAccount => ({
        account: mapAccount(row),
        status: row.verdict_status,
        since: iso(row.verdict_since ?? row.verdict_evaluated_at)!,
        evaluatedAt: iso(row.verdict_evaluated_at)!,
        evidence: parse(row.verdict_evidence, []),
      }),
      key: item => [item.since, item.account.id],
    });
  }

  /** Active accounts by their verdict on one check. */
  async countsOf(
    checkId: string,
    scope?: AccountScope,
  ): Promise<PostureCounts> {
    return (
      (await this.countsByCheck({ checkId, scope })).get(checkId) ?? noCounts()
    );
  }

  /**
   * Active accounts by their verdict on each check (or on `checkId`) among
   * those `scope` admits: the per-check figures of a narrowed user, counted
   * from the verdicts rather than read from the whole estate's roll-up.
   */
  async countsByCheck(options: {
    checkId?: string;
    scope?: AccountScope;
  }): Promise<Map<string, PostureCounts>> {
    const { checkId, scope } = options;
    const rows = await this.#db('lz_guardrail_results')
      .join(
        'lz_accounts',
        'lz_accounts.account_id',
        'lz_guardrail_results.account_id',
      )
      .modify(q => {
        if (checkId) q.where('lz_guardrail_results.check_id', checkId);
        if (scope) whereScope(q, scope);
      })
      .where('lz_accounts.status', 'ACTIVE')
      .whereNull('lz_accounts.removed_at')
      .groupBy('lz_guardrail_results.check_id', 'lz_guardrail_results.status')
      .select(
        'lz_guardrail_results.check_id as check_id',
        'lz_guardrail_results.status as status',
      )
      .count({ count: '*' });
    const byCheck = new Map<string, PostureCounts>();
    for (const row of rows as {
      check_id: string;
      status: string;
      count: unknown;
    }[]) {
      let counts = byCheck.get(row.check_id);
      if (!counts) {
        counts = noCounts();
        byCheck.set(row.check_id, counts);
      }
      const n = Number(row.count);
      if (row.status === 'pass') counts.passing += n;
      else if (row.status === 'fail') counts.failing += n;
      else counts.unknown += n;
    }
    return byCheck;
  }

  /**
   * Today's roll-up of the organisation (every check and '*') and of every OU
   * ('*' only): what GET /posture shows, one indexed read.
   */
  async currentPosture(): Promise<
    { scope: string; checkId: string; counts: PostureCounts }[]
  > {
    const rows = await this.#db('lz_posture_current')
      .where({ scope: ORG_SCOPE })
      .orWhere({ check_id: ALL_CHECKS });
    return rows.map(r => ({
      scope: r.scope,
      checkId: r.check_id,
      counts: {
        passing: Number(r.passing),
        failing: Number(r.failing),
        unknown: Number(r.unknown),
      },
    }));
  }

  /** The daily history of one scope and check since `sinceDay`, oldest first. */
  async history(options: {
    scope: string;
    checkId: string;
    sinceDay: string;
  }): Promise<({ day: string } & PostureCounts)[]> {
    const rows = await this.#db('lz_posture_daily')
      .where({ scope: options.scope, check_id: options.checkId })
      .where('day', '>=', options.sinceDay)
      .orderBy('day');
    return rows.map(r => ({
      day: r.day as string,
      passing: Number(r.passing),
      failing: Number(r.failing),
      unknown: Number(r.unknown),
    }));
  }
}
