import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { GuardrailResult } from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultChecks } from '../evaluate';
import { postureRows } from '../evaluate/rollup';
import type { LandingZoneStore } from '../store/LandingZoneStore';
import {
  estateAccounts,
  estateResults,
  OU,
  POOLS,
  seedEstate,
  vendingOrganization,
} from './__testUtils__/estate';
import { createVending } from '.';

/*
 * The follower against a fake GitHub: a small HTTP server answering the three
 * REST calls it makes (a pull request, the combined status of its head, a
 * new commit status) from a table the test edits, and recording the statuses
 * posted. The real GitHub client reaches it through integrations.github.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create();
const REGIONS = ['eu-west-1', 'eu-central-1'];

type FakePull = {
  state: 'open' | 'closed';
  merged: boolean;
  sha: string;
  statuses: { context: string; state: string; description?: string }[];
  failing?: boolean;
};

class FakeGithub {
  readonly pulls = new Map<number, FakePull>();
  readonly posted: { sha: string; body: Record<string, string> }[] = [];
  readonly auth = new Set<string>();
  #server?: Server;

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      this.auth.add(String(req.headers.authorization));
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url!, 'http://x');
      let m = /^\/api\/v3\/repos\/acme\/infrastructure\/pulls\/(\d+)$/.exec(
        url.pathname,
      );
      if (req.method === 'GET' && m) {
        const pull = this.pulls.get(Number(m[1]));
        if (!pull) return send(404, { message: 'Not Found' });
        if (pull.failing) return send(500, { message: 'Server Error' });
        return send(200, {
          number: Number(m[1]),
          state: pull.state,
          merged: pull.merged,
          merged_at: pull.merged ? '2026-12-02T10:00:00Z' : null,
          closed_at: pull.state === 'closed' ? '2026-12-02T10:00:00Z' : null,
          head: { sha: pull.sha, ref: 'account-request/x' },
        });
      }
      m =
        /^\/api\/v3\/repos\/acme\/infrastructure\/commits\/([0-9a-f]+)\/status$/.exec(
          url.pathname,
        );
      if (req.method === 'GET' && m) {
        const pull = [...this.pulls.values()].find(p => p.sha === m![1]);
        return send(200, {
          state: 'pending',
          sha: m[1],
          statuses: (pull?.statuses ?? []).map(s => ({
            ...s,
            target_url: null,
            updated_at: '2026-12-02T09:00:00Z',
          })),
        });
      }
      m =
        /^\/api\/v3\/repos\/acme\/infrastructure\/statuses\/([0-9a-f]+)$/.exec(
          url.pathname,
        );
      if (req.method === 'POST' && m) {
        let text = '';
        req.on('data', chunk => (text += chunk));
        req.on('end', () => {
          this.posted.push({ sha: m![1], body: JSON.parse(text) });
          send(201, { id: this.posted.length });
        });
        return undefined;
      }
      return send(404, { message: 'Not Found' });
    });
    await new Promise<void>(resolve =>
      this.#server!.listen(0, '127.0.0.1', resolve),
    );
    return `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop() {
    await new Promise(resolve => this.#server?.close(resolve));
  }
}

describe.each(databases.eachSupportedId())(
  'RequestFollower on %p',
  databaseId => {
    const github = new FakeGithub();
    let knex: Knex;
    let store: LandingZoneStore;
    let vending: Awaited<ReturnType<typeof createVending>>;
    let host: string;
    const pr = (n: number) => `http://${host}/acme/infrastructure/pull/${n}`;

    beforeAll(async () => {
      host = await github.start();
      knex = await databases.init(databaseId);
      store = await seedEstate(knex);
      vending = await createVending({
        config: new ConfigReader({
          app: { baseUrl: 'https://portal.example.com' },
          integrations: {
            github: [
              {
                host,
                apiBaseUrl: `http://${host}/api/v3`,
                token: 'fake-token',
              },
            ],
          },
          landingZone: { regions: REGIONS, vending: { cidrPools: POOLS } },
        }),
        db: knex,
        store,
        regions: REGIONS,
        checks: () => defaultChecks,
        logger: mockServices.logger.mock(),
      });
    });

    afterAll(() => github.stop());

    beforeEach(async () => {
      github.pulls.clear();
      github.posted.length = 0;
      await knex('lz_account_requests').delete();
      await knex('lz_cidr_allocations').delete();
    });

    async function request(
      n: number,
      options: { name: string; ouId?: string; cidr?: boolean },
    ) {
      const allocation = options.cidr
        ? (
            await vending.service.allocateCidr({
              requestKey: options.name,
              prefixLength: 16,
            })
          ).allocation
        : undefined;
      const { registered } = await vending.service.registerAccountRequest({
        accountName: options.name,
        email: `aws+${options.name}@example.com`,
        ouId: options.ouId ?? OU.qa,
        environment: 'qa',
        regions: ['eu-west-1'],
        allocationId: allocation?.id,
        pullRequestUrl: pr(n),
      });
      return registered.request;
    }
    const reload = async (id: string) =>
      (await vending.service.getAccountRequest(id))!;

    it('records the pull request and its statuses, and posts the guardrails the account will inherit', async () => {
      const good = await request(1, { name: 'payments-dev', cidr: true });
      const sandbox = await request(2, { name: 'lab-two', ouId: OU.sandbox });
      github.pulls.set(1, {
        state: 'open',
        merged: false,
        sha: 'aaa111',
        statuses: [
          {
            context: 'atlantis/plan',
            state: 'success',
            description: 'Plan: 3 to add',
          },
        ],
      });
      github.pulls.set(2, {
        state: 'open',
        merged: false,
        sha: 'bbb222',
        statuses: [],
      });

      expect(await vending.follower.run()).toEqual({ followed: 2, failed: 0 });

      expect(github.auth).toEqual(new Set(['token fake-token']));
      expect(github.posted).toEqual([
        {
          sha: 'aaa111',
          body: {
            context: 'landing-zone/guardrails',
            state: 'success',
            description:
              'Inherits 7/7 preventive guardrails; name, email and 10.66.0.0/16 free',
            target_url: `https://portal.example.com/landing-zone/requests/${good.id}`,
          },
        },
        {
          sha: 'bbb222',
          body: {
            context: 'landing-zone/guardrails',
            state: 'failure',
            description: 'Not inherited: Only allowed regions can be used',
            target_url: `https://portal.example.com/landing-zone/requests/${sandbox.id}`,
          },
        },
      ]);
      const followed = await reload(good.id);
      expect(followed).toMatchObject({
        state: 'open',
        pullRequest: {
          state: 'open',
          headSha: 'aaa111',
          statuses: [
            {
              context: 'atlantis/plan',
              state: 'success',
              description: 'Plan: 3 to add',
              updatedAt: '2026-12-02T09:00:00Z',
            },
          ],
        },
        portalStatus: {
          context: 'landing-zone/guardrails',
          state: 'success',
          sha: 'aaa111',
          conflicts: [],
        },
      });
      expect(followed.portalStatus?.guardrails).toHaveLength(7);
      expect(followed.followedAt).toBeDefined();

      // Nothing changed: nothing posted again. A new head: posted there.
      await vending.follower.run();
      expect(github.posted).toHaveLength(2);
      github.pulls.get(1)!.sha = 'ccc333';
      await vending.follower.run();
      expect(github.posted.map(p => p.sha)).toEqual([
        'aaa111',
        'bbb222',
        'ccc333',
      ]);
    });

    it('says on the pull request when its name is taken since', async () => {
      await request(3, { name: 'taken-later' });
      github.pulls.set(3, {
        state: 'open',
        merged: false,
        sha: 'ddd444',
        statuses: [],
      });
      const newcomer = {
        ...estateAccounts[2].account,
        id: '100000000009',
        name: 'Taken-Later',
        email: 'someone@example.com',
      };
      await store.organization.save(vendingOrganization, [
        ...estateAccounts.map(a => a.account),
        newcomer,
      ]);
      try {
        await vending.follower.run();
        expect(github.posted[0].body).toMatchObject({
          state: 'failure',
          description:
            'account 100000000009 (Taken-Later) already has its name or email',
        });
      } finally {
        await store.organization.save(
          vendingOrganization,
          estateAccounts.map(a => a.account),
        );
      }
    });

    it('closes a request whose pull request was closed unmerged and frees its block', async () => {
      const closed = await request(4, { name: 'abandoned', cidr: true });
      github.pulls.set(4, {
        state: 'closed',
        merged: false,
        sha: 'eee555',
        statuses: [],
      });
      await vending.follower.run();
      const after = await reload(closed.id);
      expect(after.state).toBe('closed');
      expect(after.pullRequest.state).toBe('closed');
      expect(github.posted).toEqual([]);
      const allocation = await vending.service.getCidrAllocation(
        closed.allocationId!,
      );
      expect(allocation).toMatchObject({
        state: 'released',
        releaseReason: 'the pull request was closed without being merged',
      });
      // Its name and block are free for the next request.
      expect(
        (
          await vending.service.validateAccountRequest({
            accountName: 'abandoned',
            email: 'aws+abandoned@example.com',
            ouId: OU.qa,
            environment: 'qa',
            regions: ['eu-west-1'],
          })
        ).valid,
      ).toBe(true);
      const next = await vending.service.allocateCidr({ requestKey: 'next' });
      expect(next.allocation.cidr).toBe(after.cidr);
      // A closed request is not read again.
      github.pulls.delete(4);
      expect(await vending.follower.run()).toEqual({ followed: 0, failed: 0 });
    });

    it('follows a merged request to its account and that account to compliant', async () => {
      const merged = await request(5, { name: 'payments-dev', cidr: true });
      github.pulls.set(5, {
        state: 'closed',
        merged: true,
        sha: 'fff666',
        statuses: [
          { context: 'atlantis/plan', state: 'success' },
          { context: 'atlantis/apply', state: 'success' },
        ],
      });
      await vending.follower.run();
      let after = await reload(merged.id);
      expect(after.state).toBe('merged');
      expect(after.pullRequest.statuses.map(s => s.context)).toEqual([
        'atlantis/apply',
        'atlantis/plan',
      ]);
      expect(
        (await vending.service.getCidrAllocation(merged.allocationId!))?.state,
      ).toBe('assigned');

      // The account factory created it; the next scan sees it.
      const created = {
        ...estateAccounts[0].account,
        id: '100000000010',
        name: 'payments-dev',
        email: 'AWS+payments-dev@example.com',
        parentId: OU.qa,
        parentIds: [OU.root, OU.workloads, OU.qa],
      };
      const accounts = [...estateAccounts.map(a => a.account), created];
      await store.organization.save(vendingOrganization, accounts);
      await vending.follower.run();
      after = await reload(merged.id);
      expect(after.state).toBe('account-seen');
      expect(after.account).toMatchObject({
        id: '100000000010',
        name: 'payments-dev',
        compliance: 'unknown',
      });

      const verdicts: GuardrailResult[] = [
        ...estateResults,
        {
          accountId: created.id,
          checkId: 'guardduty-enabled',
          status: 'pass',
          evidence: [],
          evaluatedAt: '2026-12-02T11:00:00.000Z',
        },
      ];
      await store.results.save({
        results: verdicts,
        rollup: postureRows(OU.root, accounts, verdicts),
        day: '2026-12-02',
        historyDays: 90,
      });
      await vending.follower.run();
      after = await reload(merged.id);
      expect(after.state).toBe('compliant');
      expect(after.account).toMatchObject({
        compliance: 'compliant',
        checks: { passing: 1, failing: 0, unknown: 0 },
      });
      expect(after.account?.seenAt).toBeDefined();
      await store.organization.save(
        vendingOrganization,
        estateAccounts.map(a => a.account),
      );
    });

    it("records one request's failure and goes on with the others", async () => {
      const broken = await request(6, { name: 'broken' });
      const fine = await request(7, { name: 'fine' });
      github.pulls.set(6, {
        state: 'open',
        merged: false,
        sha: 'abc123',
        statuses: [],
        failing: true,
      });
      github.pulls.set(7, {
        state: 'open',
        merged: false,
        sha: 'def456',
        statuses: [],
      });
      expect(await vending.follower.run()).toEqual({ followed: 1, failed: 1 });
      expect((await reload(broken.id)).followError).toMatch(/Server Error/);
      expect((await reload(fine.id)).pullRequest.headSha).toBe('def456');
      github.pulls.get(6)!.failing = false;
      await vending.follower.run();
      expect((await reload(broken.id)).followError).toBeUndefined();
    });

    it('releases reservations that lapsed', async () => {
      await knex('lz_cidr_allocations').insert({
        id: 'lapsed',
        pool: 'workloads',
        cidr: '10.66.0.0/16',
        prefix_length: 16,
        request_key: 'slow',
        request_key_norm: 'slow',
        state: 'reserved',
        created_at: new Date(Date.now() - 7_200_000),
        expires_at: new Date(Date.now() - 3_600_000),
      });
      await vending.follower.run();
      expect(await vending.service.getCidrAllocation('lapsed')).toMatchObject({
        state: 'released',
        releaseReason: 'the reservation expired before a request held it',
      });
    });
  },
);
