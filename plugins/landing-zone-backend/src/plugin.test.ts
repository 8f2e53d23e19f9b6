import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Organization, Sandbox } from '@internal/sandbox';
import type { Knex } from 'knex';
import request from 'supertest';
import type { Server } from 'node:http';
import { apiTestConfig, waitForScan } from './__testUtils__/api';
import { landingZoneConfig, startTestSandbox } from './__testUtils__/sandbox';
import { landingZonePlugin } from './plugin';
import { createLandingZoneStore } from './store/LandingZoneStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create();

/** Every item of a list, a page at a time; fails on a repeated item. */
async function listAll<T>(
  server: Server,
  path: string,
  query: Record<string, string | number>,
  key: (item: T) => string,
): Promise<{ items: T[]; pages: number; totalCount: number }> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  let totalCount = 0;
  do {
    const res = await request(server)
      .get(`/api/landing-zone${path}`)
      .query({ ...query, ...(cursor && { cursor }) })
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    for (const item of res.body.items as T[]) {
      expect(seen).not.toContain(key(item));
      seen.add(key(item));
      items.push(item);
    }
    pages++;
    cursor = res.body.nextCursor;
    totalCount = res.body.totalCount;
  } while (cursor);
  return { items, pages, totalCount };
}

/** The seeded accounts in an OU or any OU below it (the root: all of them). */
function seededAccountsBelow(organization: Organization, ouId: string) {
  const parentOf = new Map(
    organization.organizationalUnits.map(u => [u.id, u.parentId]),
  );
  return organization.accounts
    .filter(account => {
      for (let id: string | undefined = account.parentId; id; ) {
        if (id === ouId) return true;
        id = parentOf.get(id);
      }
      return false;
    })
    .map(a => a.id)
    .sort();
}

/** Scopes as an organisation writes them: one guardrail off, one kept out of Prod. */
const GUARDRAILS = {
  identityCenterOnly: { organizationalUnits: ['Workloads'] },
  checks: {
    'security-hub-fsbp': { enabled: false },
    'vpc-flow-logs': { exclude: { organizationalUnits: ['Prod'] } },
  },
};

describe.each(databases.eachSupportedId())(
  'landing-zone API on %p',
  databaseId => {
    let sandbox: Sandbox;
    let server: Server;
    let knex: Knex;
    const auth = () => mockCredentials.user.header();
    const ouId = (path: string) =>
      sandbox.organization.organizationalUnits.find(u => u.path === path)!.id;

    beforeAll(async () => {
      sandbox = await startTestSandbox();
      knex = await databases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          landingZonePlugin,
          mockServices.database.factory({ knex }),
          apiTestConfig(sandbox, { guardrails: GUARDRAILS }),
        ],
      }));
    });

    afterAll(async () => {
      await sandbox.close();
    });

    it('starts a scan with POST /scans and reports its progress', async () => {
      const started = await request(server)
        .post('/api/landing-zone/scans')
        .set('Authorization', auth());
      expect(started.status).toBe(202);
      expect(started.body).toMatchObject({
        state: 'running',
        trigger: 'manual',
      });
      const second = await request(server)
        .post('/api/landing-zone/scans')
        .set('Authorization', auth());
      expect(second.status).toBe(409);
      expect(second.body.error.message).toContain(started.body.id);
      const finished = await waitForScan(server, started.body.id);
      expect(finished.state).toBe('partial');
      expect(finished.accountsTotal).toBe(finished.accountsDone);
      const latest = await request(server)
        .get('/api/landing-zone/scans?limit=1')
        .set('Authorization', auth());
      expect(latest.body.items[0].id).toBe(started.body.id);
    });

    it('lists accounts a page at a time with a cursor', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let total = 0;
      do {
        const res = await request(server)
          .get('/api/landing-zone/accounts')
          .query({ limit: 7, ...(cursor && { cursor }) })
          .set('Authorization', auth());
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(7);
        seen.push(...res.body.items.map((a: { id: string }) => a.id));
        cursor = res.body.nextCursor;
        total = res.body.totalCount;
      } while (cursor);
      expect(total).toBe(sandbox.organization.accounts.length);
      expect(new Set(seen).size).toBe(total);
    });

    it('filters accounts by environment, compliance and text', async () => {
      const prod = await request(server)
        .get('/api/landing-zone/accounts?environment=prod&limit=500')
        .set('Authorization', auth());
      expect(prod.status).toBe(200);
      expect(prod.body.items.length).toBeGreaterThan(0);
      expect(prod.body.items.every((a: any) => a.environment === 'prod')).toBe(
        true,
      );

      const failing = await request(server)
        .get('/api/landing-zone/accounts?compliance=non-compliant&limit=500')
        .set('Authorization', auth());
      expect(failing.body.items.length).toBeGreaterThan(0);
      expect(failing.body.items.every((a: any) => a.checks.failing > 0)).toBe(
        true,
      );

      const first = prod.body.items[0];
      const byText = await request(server)
        .get('/api/landing-zone/accounts')
        .query({ q: first.name.toUpperCase() })
        .set('Authorization', auth());
      expect(byText.body.items.map((a: any) => a.id)).toContain(first.id);
    });

    it('filters accounts by OU, including the OUs below it', async () => {
      const { rootId } = sandbox.organization;
      for (const ou of [
        ouId('Workloads'),
        ouId('Workloads/Prod'),
        ouId('Security'),
        rootId,
      ]) {
        const { items } = await listAll<{ id: string }>(
          server,
          '/accounts',
          { ou, limit: 10 },
          a => a.id,
        );
        expect({ ou, ids: items.map(a => a.id).sort() }).toEqual({
          ou,
          ids: seededAccountsBelow(sandbox.organization, ou),
        });
      }
      // Workloads holds no account itself: everything comes from its sub-OUs.
      expect(
        seededAccountsBelow(sandbox.organization, ouId('Workloads')),
      ).toEqual(
        [
          ...seededAccountsBelow(sandbox.organization, ouId('Workloads/Prod')),
          ...seededAccountsBelow(
            sandbox.organization,
            ouId('Workloads/Staging'),
          ),
          ...seededAccountsBelow(sandbox.organization, ouId('Workloads/QA')),
        ].sort(),
      );

      const unknown = await request(server)
        .get('/api/landing-zone/accounts?ou=ou-f1nt-n0tth3r3')
        .set('Authorization', auth());
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(
        'No organizational unit ou-f1nt-n0tth3r3',
      );
    });

    it('filters accounts by owner tag', async () => {
      const byOwner = new Map<string, string[]>();
      for (const account of sandbox.organization.accounts) {
        const owner = Object.entries(account.tags).find(([k]) =>
          /^owner$/i.test(k),
        )?.[1];
        if (owner)
          byOwner.set(owner, [...(byOwner.get(owner) ?? []), account.id]);
      }
      expect(byOwner.size).toBeGreaterThan(3);
      for (const [owner, ids] of byOwner) {
        const res = await request(server)
          .get('/api/landing-zone/accounts')
          .query({ owner, limit: 500 })
          .set('Authorization', auth());
        expect(res.status).toBe(200);
        expect({
          owner,
          ids: res.body.items.map((a: { id: string }) => a.id).sort(),
        }).toEqual({ owner, ids: ids.sort() });
        expect(res.body.items.every((a: any) => a.owner === owner)).toBe(true);
      }

      const none = await request(server)
        .get('/api/landing-zone/accounts?owner=team-nobody')
        .set('Authorization', auth());
      expect(none.body).toMatchObject({ items: [], totalCount: 0 });
    });

    it('serves one account with facts, guardrails and VPCs', async () => {
      const list = await request(server)
        .get('/api/landing-zone/accounts?environment=prod&limit=1')
        .set('Authorization', auth());
      const id = list.body.items[0].id;
      const res = await request(server)
        .get(`/api/landing-zone/accounts/${id}`)
        .set('Authorization', auth());
      expect(res.status).toBe(200);
      expect(res.body.account.id).toBe(id);
      expect(res.body.guardrails.length).toBeGreaterThanOrEqual(21);
      // Out of scope: no verdict, and the reason instead.
      const judged = res.body.guardrails.map((g: any) => g.checkId);
      expect(judged).not.toContain('security-hub-fsbp');
      expect(judged).not.toContain('vpc-flow-logs');
      expect(judged).toContain('guardduty-enabled');
      expect(res.body.notJudged).toEqual(
        expect.arrayContaining([
          { checkId: 'security-hub-fsbp', reason: 'disabled' },
          { checkId: 'vpc-flow-logs', reason: 'excluded' },
        ]),
      );
      expect(
        res.body.notJudged
          .map((n: any) => n.checkId)
          .filter((c: string) => judged.includes(c)),
      ).toEqual([]);
      expect(Object.keys(res.body.facts.regions ?? {})).toEqual(
        expect.arrayContaining(['eu-west-1']),
      );
      expect(res.body.vpcs.every((v: any) => v.accountId === id)).toBe(true);
    });

    it('serves VPCs, the OU tree, posture, the catalogue and scans', async () => {
      const vpcs = await request(server)
        .get('/api/landing-zone/vpcs?region=eu-west-1&limit=3')
        .set('Authorization', auth());
      expect(vpcs.status).toBe(200);
      expect(vpcs.body.items).toHaveLength(3);
      expect(vpcs.body.items.every((v: any) => v.region === 'eu-west-1')).toBe(
        true,
      );
      const next = await request(server)
        .get('/api/landing-zone/vpcs')
        .query({ region: 'eu-west-1', limit: 3, cursor: vpcs.body.nextCursor })
        .set('Authorization', auth());
      expect(next.body.items[0].vpcId).not.toBe(vpcs.body.items[0].vpcId);

      const tree = await request(server)
        .get('/api/landing-zone/organizational-units')
        .set('Authorization', auth());
      expect(tree.status).toBe(200);
      const names = tree.body.children.map((c: any) => c.name);
      expect(names).toEqual(expect.arrayContaining(['Security', 'Workloads']));
      // Counts, not accounts: GET /accounts?ou= pages through those.
      expect(tree.body.accounts).toBeUndefined();
      const direct = (node: any): [string, number][] => [
        [node.id, node.accountCount],
        ...node.children.flatMap(direct),
      ];
      for (const [id, accountCount] of direct(tree.body)) {
        expect({ id, accountCount }).toEqual({
          id,
          accountCount: sandbox.organization.accounts.filter(
            a => a.parentId === id,
          ).length,
        });
      }
      const rootCounts = tree.body.compliance;
      expect(
        rootCounts.compliant + rootCounts.nonCompliant + rootCounts.unknown,
      ).toBe(
        sandbox.organization.accounts.filter(a => a.status === 'ACTIVE').length,
      );

      const posture = await request(server)
        .get('/api/landing-zone/posture?days=7')
        .set('Authorization', auth());
      expect(posture.status).toBe(200);
      expect(posture.body.trend).toHaveLength(1);
      expect(posture.body.checks.length).toBeGreaterThanOrEqual(21);
      expect(posture.body.organization.nonCompliant).toBeGreaterThan(0);

      const catalogue = await request(server)
        .get('/api/landing-zone/guardrails')
        .set('Authorization', auth());
      expect(catalogue.body.items.map((g: any) => g.id)).toContain('root-mfa');
      expect(catalogue.body.configuration).toMatchObject({
        scopes: {
          'security-hub-fsbp': { enabled: false },
          'vpc-flow-logs': {
            enabled: true,
            exclude: { organizationalUnits: ['Prod'] },
          },
        },
        identityCenterOnly: { organizationalUnits: ['Workloads'] },
        settings: { instanceMaxAgeDays: 30 },
      });

      // The posture counts only the accounts a guardrail is judged in.
      const off = await request(server)
        .get('/api/landing-zone/guardrails/security-hub-fsbp')
        .set('Authorization', auth());
      expect(off.body.counts).toEqual({ passing: 0, failing: 0, unknown: 0 });

      const scans = await request(server)
        .get('/api/landing-zone/scans')
        .set('Authorization', auth());
      expect(scans.body.items[0]).toMatchObject({
        state: 'partial',
        accountsFailed: expect.any(Number),
      });
    });

    it('answers a policy what-if: what removing a region from the allow-list would deny, and where a pasted policy is wrong', async () => {
      const whatIf = (body: object) =>
        request(server)
          .post('/api/landing-zone/policies/what-if')
          .set('Authorization', auth())
          .send(body);
      const allowList = sandbox.organization.policies.find(
        p => p.name === 'region-allow-list',
      )!;
      const document = JSON.parse(
        typeof allowList.content === 'string'
          ? allowList.content
          : JSON.stringify(allowList.content),
      );
      document.Statement[0].Condition.StringNotEquals['aws:RequestedRegion'] = [
        'eu-west-1',
        'eu-central-1',
        'us-east-1',
      ];
      const res = await whatIf({
        kind: 'edit',
        policyId: allowList.id,
        content: JSON.stringify(document),
      });
      expect([res.status, res.body.error?.message]).toEqual([200, undefined]);
      expect(res.body.problems).toEqual([]);
      expect(res.body.reached).toBeGreaterThan(0);
      expect(res.body.accounts).toHaveLength(res.body.reached);
      expect(
        res.body.requests.find(
          (r: any) =>
            r.action === 'ec2:RunInstances' && r.region === 'us-west-2',
        ).becameDenied,
      ).toHaveLength(res.body.reached);

      const broken = await whatIf({
        kind: 'edit',
        policyId: allowList.id,
        content: '{\n  "Statement": [\n    {"Effect": "Deny",}\n  ]\n}',
      });
      expect(broken.status).toBe(200);
      expect(broken.body).toEqual({
        problems: [
          {
            message:
              'Not valid JSON at line 3, column 23: expected a property name in double quotes',
            line: 3,
            column: 23,
          },
        ],
      });

      const unknown = await whatIf({
        kind: 'detach',
        policyId: 'p-nope1234',
        targetId: '123456789012',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe('No SCP or RCP p-nope1234');

      const bad = await whatIf({ kind: 'edit', policyId: 'nope' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^Invalid request: /);
    });

    it('lists the policies the what-if page picks from, with their targets named', async () => {
      const res = await request(server)
        .get('/api/landing-zone/policies')
        .set('Authorization', auth());
      expect(res.status).toBe(200);
      const items: any[] = res.body.items;
      const types = items.map(p => p.policyType);
      // SCPs first, then RCPs, each by name.
      const firstRcp = types.indexOf('RCP');
      expect(firstRcp).toBeGreaterThan(0);
      expect(types.slice(firstRcp)).not.toContain('SCP');
      expect(types).toContain('RCP');
      const allowList = items.find(p => p.name === 'region-allow-list');
      const seeded = sandbox.organization.policies.find(
        p => p.name === 'region-allow-list',
      )!;
      expect(allowList).toMatchObject({
        id: seeded.id,
        policyType: 'SCP',
        awsManaged: false,
      });
      expect(allowList.content).toBe(seeded.content);
      expect(allowList.targets.map((t: any) => t.id).sort()).toEqual(
        [...seeded.targetIds].sort(),
      );
      // Named: an OU by its path from the root, an account by its name.
      for (const target of allowList.targets) {
        expect(target.name).not.toBe(target.id);
      }
      expect(
        allowList.targets
          .filter((t: any) => t.type === 'ORGANIZATIONAL_UNIT')
          .map((t: any) => t.name),
      ).toEqual(expect.arrayContaining([expect.stringMatching(/^Root\//)]));
    });

    it('serves the posture trend of one OU, one check, or both', async () => {
      const trend = async (query: Record<string, string>) => {
        const res = await request(server)
          .get('/api/landing-zone/posture/trend')
          .query(query)
          .set('Authorization', auth());
        expect(res.status).toBe(200);
        return res.body.items as {
          day: string;
          compliant: number;
          nonCompliant: number;
          unknown: number;
        }[];
      };
      const counts = ({ day: _day, ...rest }: { day: string }) => rest;
      const summary = await request(server)
        .get('/api/landing-zone/posture')
        .set('Authorization', auth());
      const workloads = ouId('Workloads');

      const org = await trend({});
      expect(org).toEqual(summary.body.trend);
      expect(org).toHaveLength(1);
      // The root is the organisation.
      expect(await trend({ ou: sandbox.organization.rootId })).toEqual(org);

      // One OU: accounts below it by overall compliance, as the OU summary counts them.
      const ou = await trend({ ou: workloads });
      expect(ou).toHaveLength(1);
      expect(ou[0].day).toBe(org[0].day);
      const ouSummary = summary.body.organizationalUnits.find(
        (u: { id: string }) => u.id === workloads,
      );
      expect(counts(ou[0])).toEqual(ouSummary.compliance);
      expect(counts(ou[0])).not.toEqual(counts(org[0]));

      // One check: accounts by that check's verdict, as the check summary counts them.
      const check = await trend({ check: 'root-mfa' });
      const checkSummary = summary.body.checks.find(
        (c: { id: string }) => c.id === 'root-mfa',
      );
      expect(check).toHaveLength(1);
      expect(counts(check[0])).toEqual({
        compliant: checkSummary.passing,
        nonCompliant: checkSummary.failing,
        unknown: checkSummary.unknown,
      });

      // Both: that check's verdicts on the accounts below the OU.
      const expected = { compliant: 0, nonCompliant: 0, unknown: 0 };
      for (const id of seededAccountsBelow(sandbox.organization, workloads)) {
        const res = await request(server)
          .get(`/api/landing-zone/accounts/${id}`)
          .set('Authorization', auth());
        const verdict = res.body.guardrails.find(
          (g: { checkId: string }) => g.checkId === 'root-mfa',
        );
        if (!verdict) continue; // not evaluated: suspended
        if (verdict.status === 'pass') expected.compliant++;
        else if (verdict.status === 'fail') expected.nonCompliant++;
        else expected.unknown++;
      }
      expect(expected.nonCompliant).toBeGreaterThan(0);
      const both = await trend({ ou: workloads, check: 'root-mfa' });
      expect(both.map(counts)).toEqual([expected]);
      expect(counts(both[0])).not.toEqual(counts(check[0]));
    });

    it('pages through all VPCs with a cursor', async () => {
      const all = await request(server)
        .get('/api/landing-zone/vpcs?limit=500')
        .set('Authorization', auth());
      const key = (v: { accountId: string; region: string; vpcId: string }) =>
        `${v.accountId}/${v.region}/${v.vpcId}`;
      const paged = await listAll(server, '/vpcs', { limit: 4 }, key);
      expect(paged.pages).toBeGreaterThan(2);
      expect(paged.totalCount).toBe(all.body.totalCount);
      expect(paged.items.map(key)).toEqual(all.body.items.map(key));
      expect(paged.items.length).toBe(all.body.totalCount);
    });

    it('pages through scans with a cursor, newest first', async () => {
      // Seeded through the store: more real scans would take half a minute
      // and page no differently. Runs started within one millisecond tie on
      // startedAt, which the cursor must break by id.
      const store = await createLandingZoneStore({
        database: mockServices.database({ knex }),
      });
      for (let i = 0; i < 4; i++) {
        const scan = await store.scans.start({
          trigger: 'manual',
          requestedBy: 'user:default/paging',
          staleAfterMs: 60_000,
        });
        await store.scans.finish(scan.id, 'succeeded', []);
      }
      const all = await request(server)
        .get('/api/landing-zone/scans?limit=500')
        .set('Authorization', auth());
      expect(all.body.items.length).toBeGreaterThanOrEqual(5);
      const paged = await listAll<{ id: string; startedAt: string }>(
        server,
        '/scans',
        { limit: 2 },
        s => s.id,
      );
      expect(paged.pages).toBeGreaterThanOrEqual(3);
      expect(paged.totalCount).toBe(all.body.totalCount);
      expect(paged.items.map(s => s.id)).toEqual(
        all.body.items.map((s: { id: string }) => s.id),
      );
      const started = paged.items.map(s => s.startedAt);
      expect(started).toEqual([...started].sort().reverse());
    });
  },
);

describe('landing-zone permissions', () => {
  it('denies reading and scanning when the policy denies', async () => {
    const sandbox = await startTestSandbox();
    try {
      const { server } = await startTestBackend({
        features: [
          landingZonePlugin,
          mockServices.permissions.mock({
            authorize: async requests =>
              requests.map(() => ({ result: AuthorizeResult.DENY })),
          }).factory,
          mockServices.rootConfig.factory({
            data: { landingZone: landingZoneConfig(sandbox) },
          }),
        ],
      });
      const read = await request(server)
        .get('/api/landing-zone/accounts')
        .set('Authorization', mockCredentials.user.header());
      expect(read.status).toBe(403);
      const scan = await request(server)
        .post('/api/landing-zone/scans')
        .set('Authorization', mockCredentials.user.header());
      expect(scan.status).toBe(403);
      expect(scan.body.error.message).toMatch(/landing-zone.scan.create/);
    } finally {
      await sandbox.close();
    }
  });
});
