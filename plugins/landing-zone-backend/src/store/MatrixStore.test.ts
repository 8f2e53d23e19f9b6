import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type {
  AccountIdentity,
  GuardrailResult,
  GuardrailStatus,
} from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import {
  OU,
  testAccount,
  testOrganization,
} from '../__testUtils__/organization';
import { countByAccount, postureRows } from '../evaluate/rollup';
import {
  createLandingZoneStore,
  type LandingZoneStore,
} from './LandingZoneStore';
import type { MatrixFilter, MatrixRow } from './types';

jest.setTimeout(60_000);

const databases = TestDatabases.create();

const organization = testOrganization;

const account = (
  id: string,
  name: string,
  ou: string,
  extra: Partial<AccountIdentity> = {},
): AccountIdentity => ({
  ...testAccount(id, ou, name),
  tags: { owner: ou === OU.sandbox ? 'team-lab' : 'team-pay' },
  environment: ou === OU.prod ? 'prod' : 'non-prod',
  ...extra,
});

const CHECKS = ['c-one', 'c-two', 'c-three'];

/**
 * Verdicts on c-one, c-two, c-three. Two accounts are both named "twin" (the
 * id breaks the tie); the suspended one has no verdicts.
 */
const estate: [AccountIdentity, GuardrailStatus[]][] = [
  [account('100000000001', 'alpha', OU.prod), ['pass', 'pass', 'pass']],
  [account('100000000002', 'bravo', OU.prod), ['fail', 'fail', 'pass']],
  [account('100000000003', 'charlie', OU.qa), ['fail', 'pass', 'unknown']],
  [account('100000000005', 'twin', OU.qa), ['pass', 'fail', 'pass']],
  [account('100000000004', 'twin', OU.sandbox), ['pass', 'pass', 'fail']],
  [account('100000000006', 'delta', OU.sandbox), ['unknown', 'pass', 'pass']],
  [account('100000000007', 'echo', OU.sandbox), ['fail', 'fail', 'fail']],
  [account('100000000008', 'frozen', OU.sandbox, { status: 'SUSPENDED' }), []],
];
const accounts = estate.map(([a]) => a);

const verdictsAt = (
  evaluatedAt: string,
  overrides: Record<string, GuardrailStatus> = {},
): GuardrailResult[] =>
  estate.flatMap(([a, statuses]) =>
    statuses.map((status, i) => ({
      accountId: a.id,
      checkId: CHECKS[i],
      status: overrides[`${a.id}/${CHECKS[i]}`] ?? status,
      evidence: [{ message: `${CHECKS[i]} of ${a.name}` }],
      evaluatedAt,
    })),
  );

/** An evaluation as Evaluation saves one: staged, then committed. */
async function evaluate(store: LandingZoneStore, results: GuardrailResult[]) {
  await store.results.clearStaged();
  for (const a of accounts) {
    await store.results.stage(results.filter(r => r.accountId === a.id));
  }
  await store.results.commitStaged({
    counts: countByAccount(results),
    rollup: postureRows(OU.root, accounts, results),
    day: results[0].evaluatedAt.slice(0, 10),
    historyDays: 90,
  });
}

const T1 = '2026-12-01T10:00:00.000Z';
const T2 = '2026-12-02T10:00:00.000Z';
const T3 = '2026-12-03T10:00:00.000Z';

const ids = (rows: { account: { id: string } }[]) =>
  rows.map(r => r.account.id);

describe.each(databases.eachSupportedId())(
  'the posture matrix on %p',
  databaseId => {
    let knex: Knex;
    let store: LandingZoneStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      store = await createLandingZoneStore({
        database: mockServices.database({ knex }),
      });
      await store.organization.save(organization, accounts);
      await evaluate(store, verdictsAt(T1));
    });

    /** Every row of the filtered matrix, `limit` at a time; fails on a repeat. */
    async function walk(filter: MatrixFilter, limit: number) {
      const rows: MatrixRow[] = [];
      let cursor: string | undefined;
      let pages = 0;
      let totalCount = 0;
      do {
        const page = await store.matrix.page(filter, { limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        rows.push(...page.items);
        cursor = page.nextCursor;
        totalCount = page.totalCount;
        pages++;
      } while (cursor);
      expect(new Set(ids(rows)).size).toBe(rows.length);
      return { ids: ids(rows), rows, pages, totalCount };
    }

    it('orders by failing guardrails, then name, then id, in pages', async () => {
      const expected = [
        '100000000007', // echo: 3 failing
        '100000000002', // bravo: 2
        '100000000003', // charlie: 1
        '100000000004', // twin: 1 (the lower id first)
        '100000000005', // twin: 1
        '100000000001', // alpha: 0
        '100000000006', // delta: 0
        '100000000008', // frozen: 0, no verdicts
      ];
      const whole = await store.matrix.page({}, { limit: 50 });
      expect(ids(whole.items)).toEqual(expected);
      expect(whole.totalCount).toBe(8);
      expect(whole.nextCursor).toBeUndefined();
      for (const limit of [1, 2, 3]) {
        const paged = await walk({}, limit);
        expect({ limit, ids: paged.ids }).toEqual({ limit, ids: expected });
        expect(paged.pages).toBe(Math.ceil(expected.length / limit));
        expect(paged.totalCount).toBe(8);
      }
    });

    it('serves each verdict with its status and since, and the account', async () => {
      const { items } = await store.matrix.page({}, { limit: 50 });
      const charlie = items.find(r => r.account.id === '100000000003')!;
      expect(charlie.cells).toEqual({
        'c-one': { status: 'fail', since: T1 },
        'c-two': { status: 'pass', since: T1 },
        'c-three': { status: 'unknown', since: T1 },
      });
      expect(charlie.account).toMatchObject({
        name: 'charlie',
        ouPath: 'Root/Workloads/QA',
        owner: 'team-pay',
        compliance: 'non-compliant',
        checks: { passing: 1, failing: 1, unknown: 1 },
      });
      expect(items.find(r => r.account.id === '100000000008')!.cells).toEqual(
        {},
      );
    });

    it('filters by the account filters and by verdicts', async () => {
      const cases: [MatrixFilter, string[]][] = [
        // Workloads holds no account itself: its sub-OUs' accounts.
        [
          { ou: OU.workloads },
          ['100000000002', '100000000003', '100000000005', '100000000001'],
        ],
        [{ ou: OU.prod }, ['100000000002', '100000000001']],
        [
          { ou: OU.root },
          ids((await store.matrix.page({}, { limit: 50 })).items),
        ],
        [
          { owner: 'team-lab' },
          ['100000000007', '100000000004', '100000000006', '100000000008'],
        ],
        [{ environment: 'prod' }, ['100000000002', '100000000001']],
        [{ compliance: 'unknown' }, ['100000000006', '100000000008']],
        [{ text: 'TWIN' }, ['100000000004', '100000000005']],
        [{ text: '%' }, []],
        [
          { check: 'c-two', status: 'fail' },
          ['100000000007', '100000000002', '100000000005'],
        ],
        [{ check: 'c-three', status: 'unknown' }, ['100000000003']],
        [
          { check: 'c-one', status: 'pass' },
          ['100000000004', '100000000005', '100000000001'],
        ],
        // A check alone: the accounts judged on it.
        [
          { check: 'c-one' },
          [
            '100000000007',
            '100000000002',
            '100000000003',
            '100000000004',
            '100000000005',
            '100000000001',
            '100000000006',
          ],
        ],
        // A status alone: any guardrail of that status.
        [{ status: 'unknown' }, ['100000000003', '100000000006']],
        [
          { status: 'fail' },
          [
            '100000000007',
            '100000000002',
            '100000000003',
            '100000000004',
            '100000000005',
          ],
        ],
        [
          { status: 'pass' },
          [
            '100000000002',
            '100000000003',
            '100000000004',
            '100000000005',
            '100000000001',
            '100000000006',
          ],
        ],
        [
          { ou: OU.sandbox, check: 'c-three', status: 'fail' },
          ['100000000007', '100000000004'],
        ],
        [
          { ou: OU.qa, status: 'fail', owner: 'team-pay', text: 'twin' },
          ['100000000005'],
        ],
      ];
      for (const [filter, expected] of cases) {
        const paged = await walk(filter, 2);
        expect({ filter, ids: paged.ids }).toEqual({ filter, ids: expected });
        expect({ filter, total: paged.totalCount }).toEqual({
          filter,
          total: expected.length,
        });
      }
    });

    it('reads a page in three statements, the next in two', async () => {
      const statements: string[] = [];
      const listener = (q: { sql: string }) => statements.push(q.sql);
      knex.on('query', listener);
      try {
        const first = await store.matrix.page(
          { ou: OU.workloads, status: 'fail' },
          { limit: 2 },
        );
        expect(statements).toHaveLength(3);
        statements.length = 0;
        await store.matrix.page(
          { ou: OU.workloads, status: 'fail' },
          { limit: 2, cursor: first.nextCursor },
        );
        expect(statements).toHaveLength(2);
      } finally {
        knex.off('query', listener);
      }
    });

    it('refuses a cursor of other filters, of another list, or garbled', async () => {
      const first = await store.matrix.page({ ou: OU.workloads }, { limit: 1 });
      await expect(
        store.matrix.page(
          { ou: OU.sandbox },
          { limit: 1, cursor: first.nextCursor },
        ),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(/other filters/),
      });
      await expect(
        store.matrix.page(
          { ou: OU.workloads, status: 'fail' },
          { limit: 1, cursor: first.nextCursor },
        ),
      ).rejects.toMatchObject({ name: 'InputError' });
      const accountsCursor = (await store.accounts.list({}, { limit: 1 }))
        .nextCursor;
      await expect(
        store.matrix.page({}, { limit: 1, cursor: accountsCursor }),
      ).rejects.toMatchObject({ name: 'InputError' });
      const forged = (key: unknown[]) =>
        Buffer.from(JSON.stringify(key)).toString('base64url');
      const scope = JSON.parse(
        Buffer.from(first.nextCursor!, 'base64url').toString('utf8'),
      )[1];
      for (const cursor of [
        'garbled!',
        forged(['8', scope, 'many', 'a', '1']),
        forged(['8', scope, '1e3', 'a', '1']),
        forged(['8', scope, 1, 'a', '1']),
        forged(['-1', scope, '1', 'a', '1']),
      ]) {
        await expect(
          store.matrix.page({ ou: OU.workloads }, { limit: 1, cursor }),
        ).rejects.toMatchObject({ name: 'InputError' });
      }
    });

    it('keeps since while a verdict holds its status and resets it on a change', async () => {
      const sinceOf = async (accountId: string, checkId: string) => {
        const { items } = await store.matrix.page({}, { limit: 50 });
        return items.find(r => r.account.id === accountId)!.cells[checkId];
      };
      // T2: bravo's c-one is fixed; the rest hold.
      await evaluate(store, verdictsAt(T2, { '100000000002/c-one': 'pass' }));
      expect(await sinceOf('100000000002', 'c-one')).toEqual({
        status: 'pass',
        since: T2,
      });
      expect(await sinceOf('100000000002', 'c-two')).toEqual({
        status: 'fail',
        since: T1,
      });
      expect(await sinceOf('100000000001', 'c-one')).toEqual({
        status: 'pass',
        since: T1,
      });
      // The verdict itself is from the latest evaluation.
      const [verdict] = (await store.results.forAccount('100000000002')).filter(
        r => r.checkId === 'c-two',
      );
      expect(verdict.evaluatedAt).toBe(T2);

      // T3: it fails again: a new since, not the first failure's.
      await evaluate(store, verdictsAt(T3));
      expect(await sinceOf('100000000002', 'c-one')).toEqual({
        status: 'fail',
        since: T3,
      });
      expect(await sinceOf('100000000002', 'c-two')).toEqual({
        status: 'fail',
        since: T1,
      });

      // An evaluation staged and never committed changes nothing.
      await store.results.clearStaged();
      await store.results.stage(
        verdictsAt(T3, { '100000000001/c-one': 'fail' }),
      );
      expect(await sinceOf('100000000001', 'c-one')).toEqual({
        status: 'pass',
        since: T1,
      });
    });

    it('exports the whole filtered matrix a batch at a time', async () => {
      const batches: string[][] = [];
      const statuses = new Map<string, Record<string, GuardrailStatus>>();
      for await (const rows of store.matrix.batches({ ou: OU.root }, 3)) {
        batches.push(ids(rows));
        for (const row of rows) statuses.set(row.account.id, row.statuses);
      }
      expect(batches.map(b => b.length)).toEqual([3, 3, 2]);
      expect(batches.flat()).toEqual(
        ids((await store.matrix.page({}, { limit: 50 })).items),
      );
      expect(statuses.get('100000000003')).toEqual({
        'c-one': 'fail',
        'c-two': 'pass',
        'c-three': 'unknown',
      });
      expect(statuses.get('100000000008')).toEqual({});

      const failing: string[] = [];
      for await (const rows of store.matrix.batches({ status: 'fail' }, 5)) {
        failing.push(...ids(rows));
      }
      expect(failing).toHaveLength(5);
      for await (const rows of store.matrix.batches({ owner: 'nobody' })) {
        expect(rows).toEqual([]);
      }
    });

    it('fails an export rather than miss rows when an evaluation reorders them', async () => {
      const read: string[] = [];
      const exported = async () => {
        for await (const rows of store.matrix.batches({}, 2)) {
          read.push(...ids(rows));
          if (read.length === 2) {
            // alpha now fails everything: it moves ahead of the rows read.
            await evaluate(
              store,
              verdictsAt(T2, {
                '100000000001/c-one': 'fail',
                '100000000001/c-two': 'fail',
                '100000000001/c-three': 'fail',
              }),
            );
          }
        }
      };
      await expect(exported()).rejects.toMatchObject({ name: 'ConflictError' });
      expect(read).toHaveLength(2);
    });

    it("lists a guardrail's accounts by verdict, longest first, with evidence", async () => {
      // bravo's c-two fails from T1; echo's c-two is fixed at T2 and fails again at T3.
      await evaluate(store, verdictsAt(T2, { '100000000007/c-two': 'pass' }));
      await evaluate(store, verdictsAt(T3));
      const page = await store.results.accountsByVerdict({
        checkId: 'c-two',
        status: 'fail',
        filter: {},
        page: { limit: 50 },
      });
      expect(
        page.items.map(i => [i.account.id, i.status, i.since, i.evaluatedAt]),
      ).toEqual([
        ['100000000002', 'fail', T1, T3],
        ['100000000005', 'fail', T1, T3],
        ['100000000007', 'fail', T3, T3],
      ]);
      expect(page.totalCount).toBe(3);
      expect(page.items[0].evidence).toEqual([{ message: 'c-two of bravo' }]);
      expect(page.items[0].account.name).toBe('bravo');

      const walked: string[] = [];
      let cursor: string | undefined;
      do {
        const next = await store.results.accountsByVerdict({
          checkId: 'c-two',
          status: 'fail',
          filter: {},
          page: { limit: 1, cursor },
        });
        expect(next.totalCount).toBe(3);
        walked.push(...ids(next.items));
        cursor = next.nextCursor;
      } while (cursor);
      expect(walked).toEqual(['100000000002', '100000000005', '100000000007']);

      const byFilter = async (
        filter: MatrixFilter,
        status: GuardrailStatus = 'fail',
      ) =>
        ids(
          (
            await store.results.accountsByVerdict({
              checkId: 'c-two',
              status,
              filter,
              page: { limit: 50 },
            })
          ).items,
        );
      expect(await byFilter({ ou: OU.workloads })).toEqual([
        '100000000002',
        '100000000005',
      ]);
      expect(await byFilter({ ou: OU.sandbox })).toEqual(['100000000007']);
      expect(await byFilter({ environment: 'prod' })).toEqual(['100000000002']);
      expect(await byFilter({ owner: 'team-lab' })).toEqual(['100000000007']);
      expect(await byFilter({ text: 'ECHO' })).toEqual(['100000000007']);
      expect(await byFilter({ compliance: 'compliant' })).toEqual([]);
      expect(await byFilter({}, 'pass')).toEqual([
        '100000000001',
        '100000000003',
        '100000000004',
        '100000000006',
      ]);

      const first = await store.results.accountsByVerdict({
        checkId: 'c-two',
        status: 'fail',
        filter: {},
        page: { limit: 1 },
      });
      await expect(
        store.results.accountsByVerdict({
          checkId: 'c-one',
          status: 'fail',
          filter: {},
          page: { limit: 1, cursor: first.nextCursor },
        }),
      ).rejects.toMatchObject({ name: 'InputError' });
      const scope = JSON.parse(
        Buffer.from(first.nextCursor!, 'base64url').toString('utf8'),
      )[1];
      await expect(
        store.results.accountsByVerdict({
          checkId: 'c-two',
          status: 'fail',
          filter: {},
          page: {
            limit: 1,
            cursor: Buffer.from(
              JSON.stringify(['3', scope, 'yesterday', '1']),
            ).toString('base64url'),
          },
        }),
      ).rejects.toMatchObject({ name: 'InputError' });
    });

    it('counts the active accounts by their verdict on one check', async () => {
      expect(await store.results.countsOf('c-one')).toEqual({
        passing: 3,
        failing: 3,
        unknown: 1,
      });
      expect(await store.results.countsOf('no-such-check')).toEqual({
        passing: 0,
        failing: 0,
        unknown: 0,
      });
      // echo leaves the organisation: its verdict stays until the next
      // evaluation, but it is no longer counted or listed.
      await store.organization.save(
        organization,
        accounts.filter(a => a.id !== '100000000007'),
      );
      expect(await store.results.countsOf('c-one')).toEqual({
        passing: 3,
        failing: 2,
        unknown: 1,
      });
      expect(
        ids(
          (
            await store.results.accountsByVerdict({
              checkId: 'c-one',
              status: 'fail',
              filter: {},
              page: { limit: 50 },
            })
          ).items,
        ),
      ).toEqual(['100000000002', '100000000003']);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'the posture matrix migration on %p',
  databaseId => {
    it('starts since at the last evaluation of verdicts stored before it, and rolls back', async () => {
      const knex = await databases.init(databaseId);
      const directory = resolvePackagePath(
        '@internal/plugin-landing-zone-backend',
        'migrations',
      );
      await knex.migrate.up({ directory, name: '20261125_init.js' });
      await knex.migrate.up({
        directory,
        name: '20261202_scan_lock_and_tag_age.js',
      });
      await knex.migrate.up({
        directory,
        name: '20261203_rollups_and_ou_membership.js',
      });
      await knex('lz_guardrail_results').insert({
        account_id: '100000000001',
        check_id: 'c-one',
        status: 'fail',
        evidence: '[]',
        evaluated_at: new Date(T1),
      });
      await knex.migrate.latest({ directory });
      const [row] = await knex('lz_guardrail_results').select(
        'evaluated_at',
        'status_since',
      );
      expect(new Date(row.status_since).toISOString()).toBe(T1);
      expect(
        await knex.schema.hasColumn(
          'lz_guardrail_results_next',
          'status_since',
        ),
      ).toBe(true);

      // Down: the columns go, the verdict stays. (The later migration first;
      // both by name, so migrations added after them are left alone.)
      await knex.migrate.down({
        directory,
        name: '20261212_account_owner_ref.js',
      });
      await knex.migrate.down({
        directory,
        name: '20261210_posture_matrix.js',
      });
      expect(
        await knex.schema.hasColumn('lz_guardrail_results', 'status_since'),
      ).toBe(false);
      expect(
        await knex.schema.hasColumn(
          'lz_guardrail_results_next',
          'status_since',
        ),
      ).toBe(false);
      expect(await knex('lz_guardrail_results').pluck('check_id')).toEqual([
        'c-one',
      ]);
      // The store works again once migrated up.
      await knex.migrate.latest({ directory });
      const store = await createLandingZoneStore({
        database: mockServices.database({ knex }),
      });
      expect(
        (
          await store.results.accountsByVerdict({
            checkId: 'c-one',
            status: 'fail',
            filter: { includeRemoved: true },
            page: { limit: 10 },
          })
        ).totalCount,
      ).toBe(0); // no such account in lz_accounts
      expect(await store.results.forAccount('100000000001')).toHaveLength(1);
    });
  },
);
