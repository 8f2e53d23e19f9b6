import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
  landingZoneAccountConditions,
  type AccountIdentity,
  type GuardrailResult,
  type GuardrailStatus,
  type MatrixRow,
} from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import type { Server } from 'node:http';
import request from 'supertest';
import { apiTestConfig } from './__testUtils__/api';
import {
  OU,
  testAccount,
  testOrganization,
} from './__testUtils__/organization';
import { postureRows } from './evaluate/rollup';
import {
  DEFAULT_FALLBACK_OWNER,
  landingZoneAccountPermissionRules,
  loadAccountResources,
  whereScope,
  type AccountScope,
} from './permissions';
import { landingZonePlugin } from './plugin';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createLandingZoneStore } from './store/LandingZoneStore';
import { ownerRefOf } from './store/rows';

/*
 * Per-team visibility: the rules IS_OWNED_BY and IS_BELOW_OU, in memory
 * (apply) and in SQL (toQuery), and the routes narrowed by a conditional
 * decision, on every supported database.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create();
const config = apiTestConfig({ url: 'http://127.0.0.1:9' });

const CHECKS = ['root-mfa', 'guardduty-enabled'];
const AT = '2026-12-02T10:00:00.000Z';

type Seed = {
  account: AccountIdentity;
  statuses: GuardrailStatus[];
};
const seed = (
  id: string,
  ou: string,
  owner: string | undefined,
  statuses: GuardrailStatus[],
): Seed => ({
  account: {
    ...testAccount(id, ou, `acct-${id}`),
    tags: owner === undefined ? {} : { Owner: owner },
  },
  statuses,
});

const PAY_BARE = '400000000001';
const PAY_FULL = '400000000002';
const LAB = '400000000003';
const UNTAGGED = '400000000004';
const INVALID = '400000000005';
const PAY_SANDBOX = '400000000006';

const estate: Seed[] = [
  seed(PAY_BARE, OU.prod, 'team-payments', ['fail', 'pass']),
  seed(PAY_FULL, OU.qa, 'Group:Default/Team-Payments', ['pass', 'pass']),
  seed(LAB, OU.sandbox, 'team-lab', ['fail', 'fail']),
  seed(UNTAGGED, OU.sandbox, undefined, ['pass', 'unknown']),
  seed(INVALID, OU.prod, 'not a ref!', ['fail', 'pass']),
  seed(PAY_SANDBOX, OU.sandbox, ' team-payments ', ['pass', 'fail']),
];
const PAYMENTS = [PAY_BARE, PAY_FULL, PAY_SANDBOX].sort();
const ALL = estate.map(s => s.account.id).sort();

const results: GuardrailResult[] = estate.flatMap(({ account, statuses }) =>
  statuses.map((status, i) => ({
    accountId: account.id,
    checkId: CHECKS[i],
    status,
    evidence: [{ message: `${CHECKS[i]} on ${account.name}` }],
    evaluatedAt: AT,
  })),
);

async function seedEstate(knex: Knex) {
  const store = await createLandingZoneStore({
    database: mockServices.database({ knex }),
  });
  const accounts = estate.map(s => s.account);
  await store.organization.save(testOrganization, accounts);
  await store.results.save({
    results,
    rollup: postureRows(OU.root, accounts, results),
    day: AT.slice(0, 10),
    historyDays: 90,
  });
}

const payments = landingZoneAccountConditions.isOwnedBy({
  owners: ['group:default/team-payments'],
});

describe('ownerRefOf', () => {
  it('names the owner as the catalog does, lower-case', () => {
    expect(ownerRefOf('team-payments')).toBe('group:default/team-payments');
    expect(ownerRefOf('Group:Default/Team-Payments')).toBe(
      'group:default/team-payments',
    );
    expect(ownerRefOf('user:pat')).toBe('user:default/pat');
    expect(ownerRefOf('other/team-x')).toBe('group:other/team-x');
    expect(ownerRefOf('not a ref!')).toBeNull();
    expect(ownerRefOf('a:b/c/d')).toBeNull();
    expect(ownerRefOf('')).toBeNull();
    expect(ownerRefOf(null)).toBeNull();
  });
});

describe.each(databases.eachSupportedId())(
  'a configured owner tag on %p',
  databaseId => {
    it('stores the owner the catalog module reads from that tag, any case, on save and on tag refresh', async () => {
      const knex = await databases.init(databaseId);
      // catalog.providers.landingZone.ownerTag: Team
      const store = await createLandingZoneStore({
        database: mockServices.database({ knex }),
        ownerTag: 'Team',
      });
      const exact = {
        ...testAccount('500000000001', OU.prod, 'exact'),
        tags: { Team: 'team-x', team: 'team-other', owner: 'team-y' },
      };
      const anyCase = {
        ...testAccount('500000000002', OU.prod, 'any-case'),
        tags: { TEAM: 'Group:Default/Team-Z', owner: 'team-y' },
      };
      const onlyOwner = {
        ...testAccount('500000000003', OU.prod, 'only-owner'),
        tags: { owner: 'team-y' },
      };
      await store.organization.save(testOrganization, [
        exact,
        anyCase,
        onlyOwner,
      ]);
      const refs = async () =>
        Object.fromEntries(
          (
            await knex('lz_accounts')
              .select('account_id', 'owner', 'owner_ref')
              .orderBy('account_id')
          ).map(r => [r.account_id, [r.owner, r.owner_ref]]),
        );
      expect(await refs()).toEqual({
        '500000000001': ['team-x', 'group:default/team-x'],
        '500000000002': ['Group:Default/Team-Z', 'group:default/team-z'],
        // No Team tag: the fallback owner's, whatever `owner` says.
        '500000000003': [null, null],
      });

      await store.accounts.updateTags([
        { id: '500000000003', tags: { team: 'team-q' }, environment: 'prod' },
      ]);
      expect((await refs())['500000000003']).toEqual([
        'team-q',
        'group:default/team-q',
      ]);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'landing-zone account permission rules on %p',
  databaseId => {
    let knex: Knex;
    const rules = landingZoneAccountPermissionRules({
      fallbackOwner: DEFAULT_FALLBACK_OWNER,
    });
    const byRule = {
      IS_OWNED_BY: rules.isOwnedBy,
      IS_BELOW_OU: rules.isBelowOu,
    } as Record<string, any>;

    const toScope = (
      criteria: PermissionCriteria<PermissionCondition>,
    ): AccountScope => {
      if ('allOf' in criteria)
        return { allOf: criteria.allOf.map(toScope) as any };
      if ('anyOf' in criteria)
        return { anyOf: criteria.anyOf.map(toScope) as any };
      if ('not' in criteria) return { not: toScope(criteria.not) };
      return byRule[criteria.rule].toQuery(criteria.params);
    };

    async function viaQuery(criteria: PermissionCriteria<PermissionCondition>) {
      const ids = await knex('lz_accounts')
        .modify(q => whereScope(q, toScope(criteria)))
        .pluck('account_id');
      return (ids as string[]).sort();
    }

    async function viaApply(criteria: PermissionCriteria<PermissionCondition>) {
      const resources = await loadAccountResources(knex, ALL);
      const admits = (
        c: PermissionCriteria<PermissionCondition>,
        r: NonNullable<(typeof resources)[number]>,
      ): boolean => {
        if ('allOf' in c) return c.allOf.every(x => admits(x, r));
        if ('anyOf' in c) return c.anyOf.some(x => admits(x, r));
        if ('not' in c) return !admits(c.not, r);
        return byRule[c.rule].apply(r, c.params);
      };
      return resources
        .filter(r => r && admits(criteria, r))
        .map(r => r!.id)
        .sort();
    }

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await seedEstate(knex);
    });

    const cases: [string, PermissionCriteria<PermissionCondition>, string[]][] =
      [
        ['IS_OWNED_BY a group, tag bare or full, any case', payments, PAYMENTS],
        [
          'IS_OWNED_BY the fallback owner: untagged and invalid tags',
          landingZoneAccountConditions.isOwnedBy({
            owners: ['group:default/platform-team'],
          }),
          [UNTAGGED, INVALID],
        ],
        [
          'IS_OWNED_BY several owners, refs in any case',
          landingZoneAccountConditions.isOwnedBy({
            owners: ['GROUP:default/team-lab', 'group:default/team-payments'],
          }),
          [...PAYMENTS, LAB].sort(),
        ],
        [
          'IS_OWNED_BY nobody',
          landingZoneAccountConditions.isOwnedBy({ owners: [] }),
          [],
        ],
        [
          'IS_BELOW_OU an OU and the OUs below it',
          landingZoneAccountConditions.isBelowOu({ ouId: OU.workloads }),
          [PAY_BARE, PAY_FULL, INVALID].sort(),
        ],
        [
          'IS_BELOW_OU the root',
          landingZoneAccountConditions.isBelowOu({ ouId: OU.root }),
          ALL,
        ],
        [
          'IS_BELOW_OU an unknown OU',
          landingZoneAccountConditions.isBelowOu({ ouId: 'ou-none-nonenone' }),
          [],
        ],
        [
          'allOf owned and below an OU',
          {
            allOf: [
              payments,
              landingZoneAccountConditions.isBelowOu({ ouId: OU.sandbox }),
            ],
          },
          [PAY_SANDBOX],
        ],
        [
          'anyOf owned or below an OU',
          {
            anyOf: [
              payments,
              landingZoneAccountConditions.isBelowOu({ ouId: OU.prod }),
            ],
          },
          [...PAYMENTS, INVALID].sort(),
        ],
        ['not owned', { not: payments }, [LAB, UNTAGGED, INVALID].sort()],
      ];

    it.each(cases)('%s: apply and toQuery agree', async (_, criteria, want) => {
      expect(await viaQuery(criteria)).toEqual(want);
      expect(await viaApply(criteria)).toEqual(want);
    });

    it('loads no resource for an unknown account', async () => {
      expect(await loadAccountResources(knex, ['999999999999'])).toEqual([
        undefined,
      ]);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'the API narrowed by a conditional decision on %p',
  databaseId => {
    let server: Server;
    let decision: () => PolicyDecision;
    const get = (path: string, query: Record<string, unknown> = {}) =>
      request(server)
        .get(`/api/landing-zone${path}`)
        .query(query)
        .set('Authorization', mockCredentials.user.header());
    const conditional = (): PolicyDecision => ({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'landing-zone',
      resourceType: LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
      conditions: payments,
    });

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      await seedEstate(knex);
      ({ server } = await startTestBackend({
        features: [
          landingZonePlugin,
          mockServices.database.factory({ knex }),
          mockServices.permissions.mock({
            authorize: async requests =>
              requests.map(() => ({ result: AuthorizeResult.ALLOW })),
            authorizeConditional: async requests =>
              requests.map(() => decision()),
          }).factory,
          config,
        ],
      }));
    });

    beforeEach(() => {
      decision = conditional;
    });

    const ids = (items: { id?: string; account?: { id: string } }[]) =>
      items.map(i => i.account?.id ?? i.id!).sort();

    it('lists only the owned accounts', async () => {
      const res = await get('/accounts', { limit: 500 });
      expect(res.status).toBe(200);
      expect(ids(res.body.items)).toEqual(PAYMENTS);
      expect(res.body.totalCount).toBe(PAYMENTS.length);
    });

    it('shows only the owned accounts in the matrix and its CSV', async () => {
      const res = await get('/matrix', { limit: 500 });
      expect(res.status).toBe(200);
      expect(ids(res.body.items as MatrixRow[])).toEqual(PAYMENTS);
      expect(res.body.totalCount).toBe(PAYMENTS.length);

      const csv = await get('/matrix.csv');
      expect(csv.status).toBe(200);
      for (const id of ALL) {
        expect({ id, listed: csv.text.includes(id) }).toEqual({
          id,
          listed: PAYMENTS.includes(id),
        });
      }
    });

    it('answers 403 for an account it does not admit, 404 for one that does not exist', async () => {
      expect((await get(`/accounts/${PAY_BARE}`)).status).toBe(200);
      const res = await get(`/accounts/${LAB}`);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(`You may not see account ${LAB}`);
      expect(JSON.stringify(res.body)).not.toContain('team-lab');
      const vpcs = await get('/vpcs', { accountId: LAB });
      expect(vpcs.status).toBe(403);
      expect(JSON.stringify(vpcs.body)).not.toContain('team-lab');
      expect((await get('/accounts/999999999999')).status).toBe(404);
      expect((await get('/vpcs', { accountId: '999999999999' })).status).toBe(
        404,
      );
    });

    it('refuses the policy what-if, which would judge accounts it does not admit', async () => {
      const res = await request(server)
        .post('/api/landing-zone/policies/what-if')
        .set('Authorization', mockCredentials.user.header())
        .send({ kind: 'detach', policyId: 'p-FullAWSAccess', targetId: LAB });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /the policy what-if judges every account/,
      );
    });

    it("narrows a guardrail's accounts and counts", async () => {
      const res = await get('/guardrails/root-mfa/accounts', { limit: 500 });
      expect(res.status).toBe(200);
      expect(ids(res.body.items)).toEqual([PAY_BARE]);
      const details = await get('/guardrails/root-mfa');
      expect(details.body.counts).toEqual({
        passing: 2,
        failing: 1,
        unknown: 0,
      });
    });

    it('narrows the per-OU and per-check figures, the organisation stays a total', async () => {
      const res = await get('/posture');
      expect(res.status).toBe(200);
      expect(res.body.visibility).toBe('limited');
      expect(res.body.organization.accounts).toBe(ALL.length);
      const sandbox = res.body.organizationalUnits.find(
        (u: { id: string }) => u.id === OU.sandbox,
      );
      // PAY_SANDBOX only: it fails guardduty.
      expect(sandbox.compliance).toEqual({
        compliant: 0,
        nonCompliant: 1,
        unknown: 0,
      });
      const root = res.body.organizationalUnits.find(
        (u: { id: string }) => u.id === OU.root,
      );
      expect(root.compliance).toEqual({
        compliant: 1,
        nonCompliant: 2,
        unknown: 0,
      });
      const rootMfa = res.body.checks.find(
        (c: { id: string }) => c.id === 'root-mfa',
      );
      expect(rootMfa).toMatchObject({ passing: 2, failing: 1, unknown: 0 });

      const tree = await get('/organizational-units');
      expect(tree.body.compliance).toEqual(root.compliance);

      expect((await get('/posture/trend')).status).toBe(200);
      expect((await get('/posture/trend', { ou: OU.prod })).status).toBe(403);
    });

    it('shows everything on ALLOW', async () => {
      decision = () => ({ result: AuthorizeResult.ALLOW });
      const res = await get('/accounts', { limit: 500 });
      expect(ids(res.body.items)).toEqual(ALL);
      const matrix = await get('/matrix', { limit: 500 });
      expect(matrix.body.totalCount).toBe(ALL.length);
      expect((await get(`/accounts/${LAB}`)).status).toBe(200);
      expect((await get('/posture')).body.visibility).toBe('all');
    });

    it('answers 403 on DENY', async () => {
      decision = () => ({ result: AuthorizeResult.DENY });
      for (const path of [
        '/accounts',
        `/accounts/${PAY_BARE}`,
        '/matrix',
        '/matrix.csv',
        '/vpcs',
        '/posture',
        '/organizational-units',
        '/guardrails/root-mfa/accounts',
      ]) {
        const res = await get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
        expect(res.body.error.message).toMatch(/landing-zone.account.read/);
      }
    });
  },
);

describe.each(databases.eachSupportedId())(
  'the owner_ref migration on %p',
  databaseId => {
    it('fills the reference of accounts stored before it, and rolls back', async () => {
      const knex = await databases.init(databaseId);
      const directory = resolvePackagePath(
        '@internal/plugin-landing-zone-backend',
        'migrations',
      );
      for (const name of [
        '20261125_init.js',
        '20261202_scan_lock_and_tag_age.js',
        '20261203_rollups_and_ou_membership.js',
        '20261210_posture_matrix.js',
      ]) {
        await knex.migrate.up({ directory, name });
      }
      const row = (id: string, owner: string | null) => ({
        account_id: id,
        name: `acct-${id}`,
        email: `${id}@example.com`,
        status: 'ACTIVE',
        parent_id: OU.prod,
        parent_ids: JSON.stringify([OU.root, OU.workloads]),
        ou_path: 'Root/Workloads/Prod',
        tags: JSON.stringify(owner === null ? {} : { owner }),
        owner,
        environment: 'prod',
      });
      await knex('lz_accounts').insert([
        row(PAY_BARE, 'Team-Payments'),
        row(PAY_FULL, 'group:default/team-payments'),
        row(UNTAGGED, null),
        row(INVALID, 'not a ref!'),
      ]);
      await knex.migrate.latest({ directory });
      const refs = await knex('lz_accounts')
        .orderBy('account_id')
        .select('account_id', 'owner_ref');
      expect(refs).toEqual([
        { account_id: PAY_BARE, owner_ref: 'group:default/team-payments' },
        { account_id: PAY_FULL, owner_ref: 'group:default/team-payments' },
        { account_id: UNTAGGED, owner_ref: null },
        { account_id: INVALID, owner_ref: null },
      ]);

      // Named: migrations added later are not this one.
      await knex.migrate.down({
        directory,
        name: '20261212_account_owner_ref.js',
      });
      expect(await knex.schema.hasColumn('lz_accounts', 'owner_ref')).toBe(
        false,
      );
      expect(await knex('lz_accounts').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasColumn('lz_accounts', 'owner_ref')).toBe(
        true,
      );
    });
  },
);
