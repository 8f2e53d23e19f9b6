import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type {
  GuardrailResult,
  GuardrailStatus,
} from '@internal/plugin-landing-zone-common';
import {
  OU,
  testAccount,
  testOrganization,
} from '../__testUtils__/organization';
import { postureRows } from '../evaluate/rollup';
import { createLandingZoneStore } from './LandingZoneStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create();

const organization = testOrganization;
const account = testAccount;

const verdicts = (
  accountId: string,
  statuses: GuardrailStatus[],
): GuardrailResult[] =>
  statuses.map((status, i) => ({
    accountId,
    checkId: `check-${i}`,
    status,
    evidence: [],
    evaluatedAt: '2026-12-01T10:00:00.000Z',
  }));

describe.each(databases.eachSupportedId())(
  'roll-ups and OU membership on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await createLandingZoneStore({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    // Prod: one compliant, one failing; QA: one unknown; Sandbox: one compliant.
    const accounts = [
      account('100000000001', OU.prod),
      account('100000000002', OU.prod),
      account('100000000003', OU.qa),
      account('100000000004', OU.sandbox),
    ];
    const results = [
      ...verdicts('100000000001', ['pass', 'pass']),
      ...verdicts('100000000002', ['pass', 'fail']),
      ...verdicts('100000000003', ['unknown', 'pass']),
      ...verdicts('100000000004', ['pass', 'pass']),
    ];

    it('keeps the roll-up current and serves the OU tree from it with counts', async () => {
      const { store } = await createStore();
      await store.organization.save(organization, accounts);
      await store.results.save({
        results,
        rollup: postureRows(OU.root, accounts, results),
        day: '2026-12-01',
        historyDays: 90,
      });

      const tree = (await store.organization.tree())!;
      expect(tree.organizationId).toBe('o-t3st');
      expect(tree.managementAccountId).toBe('111111111111');
      const byId = new Map<string, typeof tree>();
      const walk = (n: typeof tree) => {
        byId.set(n.id, n);
        n.children.forEach(walk);
      };
      walk(tree);
      expect(tree.compliance).toEqual({
        compliant: 2,
        nonCompliant: 1,
        unknown: 1,
      });
      expect(byId.get(OU.workloads)!.compliance).toEqual({
        compliant: 1,
        nonCompliant: 1,
        unknown: 1,
      });
      expect(byId.get(OU.prod)!.compliance).toEqual({
        compliant: 1,
        nonCompliant: 1,
        unknown: 0,
      });
      expect(
        [...byId.values()].map(n => [n.id, n.accountCount]).sort(),
      ).toEqual([
        [OU.prod, 2],
        [OU.qa, 1],
        [OU.sandbox, 1],
        [OU.workloads, 0],
        [OU.root, 0],
      ]);
      expect(tree.children.map(c => c.name)).toEqual(['Sandbox', 'Workloads']);

      const current = await store.results.currentPosture();
      const org = new Map(
        current.filter(r => r.scope === 'org').map(r => [r.checkId, r.counts]),
      );
      expect(org.get('*')).toEqual({ passing: 2, failing: 1, unknown: 1 });
      expect(org.get('check-1')).toEqual({
        passing: 3,
        failing: 1,
        unknown: 0,
      });
      // Per OU only the accounts' roll-up is read, not every check.
      expect(
        current.filter(r => r.scope !== 'org').every(r => r.checkId === '*'),
      ).toBe(true);

      // A later evaluation replaces the roll-up; the account counts follow.
      const fixed = results.map(r => ({ ...r, status: 'pass' as const }));
      await store.results.save({
        results: fixed,
        rollup: postureRows(OU.root, accounts, fixed),
        day: '2026-12-02',
        historyDays: 90,
      });
      expect((await store.organization.tree())!.compliance).toEqual({
        compliant: 4,
        nonCompliant: 0,
        unknown: 0,
      });
      expect((await store.accounts.get('100000000002'))!.checks).toEqual({
        passing: 2,
        failing: 0,
        unknown: 0,
      });
      // Both days stay in the history.
      expect(
        await store.results.history({
          scope: OU.prod,
          checkId: '*',
          sinceDay: '2026-11-01',
        }),
      ).toEqual([
        { day: '2026-12-01', passing: 1, failing: 1, unknown: 0 },
        { day: '2026-12-02', passing: 2, failing: 0, unknown: 0 },
      ]);
    });

    it('serves the last evaluation until staged verdicts are committed whole', async () => {
      const { store } = await createStore();
      await store.organization.save(organization, accounts);
      await store.results.save({
        results,
        rollup: postureRows(OU.root, accounts, results),
        day: '2026-12-01',
        historyDays: 90,
      });
      const before = await store.results.all();

      // An evaluation that stages a chunk and dies: nothing a reader sees moves.
      const fixed = results.map(r => ({ ...r, status: 'pass' as const }));
      await store.results.clearStaged();
      await store.results.stage(fixed.slice(0, 2));
      expect(await store.results.all()).toEqual(before);
      expect((await store.accounts.get('100000000002'))!.compliance).toBe(
        'non-compliant',
      );

      // The next one clears what the dead one left and commits its own.
      await store.results.clearStaged();
      for (const accountId of accounts.map(a => a.id)) {
        await store.results.stage(fixed.filter(r => r.accountId === accountId));
      }
      await store.results.commitStaged({
        counts: new Map(
          accounts.map(a => [a.id, { passing: 2, failing: 0, unknown: 0 }]),
        ),
        rollup: postureRows(OU.root, accounts, fixed),
        day: '2026-12-02',
        historyDays: 90,
      });
      expect((await store.results.all()).map(r => r.status)).toEqual(
        fixed.map(() => 'pass'),
      );
      expect(await store.results.all()).toHaveLength(results.length);
      expect((await store.accounts.get('100000000002'))!.compliance).toBe(
        'compliant',
      );
    });

    it('filters by stored OU membership, which follows an account that moved', async () => {
      const { store } = await createStore();
      await store.organization.save(organization, accounts);
      const ids = async (ou: string) =>
        (await store.accounts.list({ ou }, { limit: 50 })).items
          .map(a => a.id)
          .sort();
      expect(await ids(OU.workloads)).toEqual([
        '100000000001',
        '100000000002',
        '100000000003',
      ]);
      expect(await ids(OU.root)).toHaveLength(4);
      // No OU id is a pattern of another.
      expect(await ids('ou-%')).toEqual([]);
      expect(await ids('ou-_')).toEqual([]);

      const moved = account('100000000003', OU.sandbox);
      await store.organization.save(organization, [
        ...accounts.filter(a => a.id !== moved.id),
        moved,
      ]);
      expect(await ids(OU.workloads)).toEqual(['100000000001', '100000000002']);
      expect(await ids(OU.sandbox)).toEqual(['100000000003', '100000000004']);
    });

    it('counts a list with its first page and carries the count in the cursor', async () => {
      const { store } = await createStore();
      await store.organization.save(organization, accounts);
      const first = await store.accounts.list({}, { limit: 2 });
      expect(first.totalCount).toBe(4);
      // An account that joins while the list is paged does not change the
      // total a reader was shown on the first page.
      await store.organization.save(organization, [
        ...accounts,
        account('100000000005', OU.sandbox, 'zz-new'),
      ]);
      const second = await store.accounts.list(
        {},
        { limit: 2, cursor: first.nextCursor },
      );
      expect(second.totalCount).toBe(4);
      const third = await store.accounts.list(
        {},
        { limit: 2, cursor: second.nextCursor },
      );
      expect(third.items.map(a => a.name)).toEqual(['zz-new']);
      expect(third.nextCursor).toBeUndefined();
    });

    it('fills OU membership and the current roll-up for data stored before them', async () => {
      const knex = await databases.init(databaseId);
      const directory = resolvePackagePath(
        '@internal/plugin-landing-zone-backend',
        'migrations',
      );
      await knex.migrate.up({
        directory,
        name: '20261125_init.js',
      });
      await knex.migrate.up({
        directory,
        name: '20261202_scan_lock_and_tag_age.js',
      });
      await knex('lz_accounts').insert({
        account_id: '100000000001',
        name: 'old',
        email: 'old@example.com',
        status: 'ACTIVE',
        parent_id: OU.prod,
        parent_ids: JSON.stringify([OU.root, OU.workloads]),
        ou_path: 'Root/Workloads/Prod',
        tags: '{}',
        environment: 'prod',
      });
      await knex('lz_posture_daily').insert([
        {
          day: '2026-11-30',
          scope: 'org',
          check_id: '*',
          passing: 0,
          failing: 1,
          unknown: 0,
        },
        {
          day: '2026-12-01',
          scope: 'org',
          check_id: '*',
          passing: 1,
          failing: 0,
          unknown: 0,
        },
      ]);
      await knex('lz_scan_runs').insert({
        id: 's-1',
        trigger: 'manual',
        state: 'partial',
        started_at: new Date(),
        heartbeat_at: new Date(),
        errors: JSON.stringify([
          {
            code: 'AccessDenied',
            message:
              'User: arn:aws:sts::111111111111:assumed-role/Reader/portal is not authorized',
          },
        ]),
      });
      await knex.migrate.latest({ directory });

      expect(
        (await knex('lz_account_ous').orderBy('ou_id')).map(r => r.ou_id),
      ).toEqual([OU.prod, OU.workloads, OU.root]);
      expect(
        await knex('lz_posture_current').select('scope', 'check_id', 'passing'),
      ).toEqual([{ scope: 'org', check_id: '*', passing: 1 }]);
      const [scan] = await knex('lz_scan_runs').select('errors');
      expect(JSON.parse(scan.errors)[0].message).toBe(
        "User: [the portal's AWS identity] is not authorized",
      );
    });
  },
);
