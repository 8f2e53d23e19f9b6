import { TestDatabases } from '@backstage/backend-test-utils';
import type { Sandbox } from '@internal/sandbox';
import type { Knex } from 'knex';
import { createTestScanner, startTestSandbox } from '../__testUtils__/sandbox';
import type { LandingZoneStore } from '../store/LandingZoneStore';

jest.setTimeout(240_000);

const databases = TestDatabases.create();

async function verdicts(store: LandingZoneStore) {
  const results = await store.results.all();
  return Object.fromEntries(
    results.map(r => [`${r.accountId}/${r.checkId}`, r.status]),
  );
}

async function factCount(knex: Knex) {
  const [{ count }] = await knex('lz_facts')
    .whereNotNull('data')
    .count({ count: '*' });
  return Number(count);
}

describe.each(databases.eachSupportedId())(
  'Scanner under faults on %p',
  databaseId => {
    let sandbox: Sandbox;
    let knex: Knex;
    let baseline: Record<string, string>;
    let baselineFacts: number;

    beforeAll(async () => {
      sandbox = await startTestSandbox();
      knex = await databases.init(databaseId);
      const { scanner, store, clients } = await createTestScanner({
        knex,
        sandbox,
      });
      await scanner.run({ trigger: 'manual' });
      clients.destroy();
      baseline = await verdicts(store);
      baselineFacts = await factCount(knex);
    });

    afterAll(async () => {
      await sandbox?.close();
    });

    afterEach(() => {
      sandbox.setFaults({});
    });

    it('loses no data in a throttling storm with 5xx answers', async () => {
      sandbox.resetCounters();
      sandbox.setFaults({
        seed: 7,
        rateLimits: {
          organizations: { rate: 10, burst: 2 },
          ec2: { rate: 60, burst: 10 },
          sts: { rate: 20, burst: 4 },
          iam: { rate: 20, burst: 4 },
        },
        serverErrors: { rate: 0.05 },
      });
      const { scanner, store, clients } = await createTestScanner({
        knex,
        sandbox,
      });
      const scan = await scanner.run({ trigger: 'manual' });
      clients.destroy();

      const counters = sandbox.counters();
      expect(JSON.stringify(counters)).toMatch(/throttled"?:\s*[1-9]/);
      expect(scan.state).not.toBe('failed');
      expect(await verdicts(store)).toEqual(baseline);
      expect(await factCount(knex)).toBe(baselineFacts);
    });

    it('collects from the stored organisation when Organizations cannot be read', async () => {
      sandbox.setFaults({
        seed: 3,
        serverErrors: { rate: 1, services: ['organizations'] },
      });
      const { scanner, store, clients } = await createTestScanner({
        knex,
        sandbox,
        config: { aws: { maxAttempts: 2 } },
      });
      const scan = await scanner.run({ trigger: 'manual' });
      clients.destroy();

      expect(scan.state).toBe('partial');
      expect(scan.errors.map(e => e.message)).toContainEqual(
        expect.stringMatching(
          /^The organisation could not be read; its last stored state was used/,
        ),
      );
      const active = sandbox.organization.accounts.filter(
        a => a.status === 'ACTIVE',
      );
      expect(scan.accountsTotal).toBe(active.length);
      expect(scan.accountsDone).toBe(active.length);
      expect(await verdicts(store)).toEqual(baseline);
    });

    it('collects an account that joined since the last scan once the organisation read finds it', async () => {
      // The store forgets one account, as if it had joined after the last scan.
      const joined = '914736720336';
      await knex('lz_facts').where({ account_id: joined }).delete();
      await knex('lz_vpcs').where({ account_id: joined }).delete();
      await knex('lz_accounts').where({ account_id: joined }).delete();
      const { scanner, store, clients } = await createTestScanner({
        knex,
        sandbox,
      });
      const scan = await scanner.run({ trigger: 'manual' });
      clients.destroy();

      const active = sandbox.organization.accounts.filter(
        a => a.status === 'ACTIVE',
      );
      expect(scan.accountsTotal).toBe(active.length);
      expect(scan.accountsDone).toBe(active.length);
      expect((await store.accounts.get(joined))?.lastCollectedAt).toBeDefined();
      expect(await verdicts(store)).toEqual(baseline);
      expect(await factCount(knex)).toBe(baselineFacts);
    });

    it('stops collecting when aborted at its timeout and still judges', async () => {
      const controller = new AbortController();
      controller.abort();
      const { scanner, store, clients } = await createTestScanner({
        knex,
        sandbox,
      });
      const scan = await scanner.run({
        trigger: 'schedule',
        signal: controller.signal,
      });
      clients.destroy();

      expect(scan.state).toBe('partial');
      expect(scan.accountsDone).toBe(0);
      expect(scan.errors).toContainEqual(
        expect.objectContaining({
          code: 'ScanTimeout',
          message: `Stopped at the scan's timeout: ${scan.accountsTotal} of ${scan.accountsTotal} account(s) not collected`,
        }),
      );
      expect(await verdicts(store)).toEqual(baseline);
    });

    it('reads tags again only when they are older than tagsMaxAge', async () => {
      const tagCalls = () =>
        sandbox.counters().services.organizations?.operations
          .ListTagsForResource?.calls ?? 0;
      const { scanner, store, clients } = await createTestScanner({
        knex,
        sandbox,
        config: { scan: { tagsMaxAge: { hours: 1 } } },
      });
      sandbox.resetCounters();
      await scanner.run({ trigger: 'manual' });
      expect(tagCalls()).toBe(0);

      const aged = ['914736720336', '461029250136', '607760163782'];
      await knex('lz_accounts')
        .whereIn('account_id', aged)
        .update({ tags_read_at: new Date(Date.now() - 2 * 3_600_000) });
      sandbox.resetCounters();
      await scanner.run({ trigger: 'manual' });
      clients.destroy();
      expect(tagCalls()).toBe(aged.length);
      expect(
        await store.accounts.withStaleTags({
          readBefore: new Date(Date.now() - 3_600_000),
        }),
      ).toEqual([]);
      expect(await verdicts(store)).toEqual(baseline);
    });

    it('keeps the last good facts of an account whose role is now denied', async () => {
      const { scanner, store, clients } = await createTestScanner({
        knex,
        sandbox,
      });
      const victim = (
        await store.accounts.list({ environment: 'prod' }, { limit: 100 })
      ).items.find(a => !a.staleReason)!;
      expect(victim).toBeDefined();
      sandbox.setFaults({ assumeRoleDenied: [victim.id] });

      const scan = await scanner.run({ trigger: 'manual' });
      clients.destroy();

      expect(scan.state).toBe('partial');
      expect(scan.errors.map(e => e.message).join('\n')).toContain(victim.id);
      const after = await store.accounts.get(victim.id);
      expect(after?.staleReason).toMatch(/sts:AssumeRole: AccessDenied/);
      expect(after?.compliance).toBe(victim.compliance);
      expect(await verdicts(store)).toEqual(baseline);
    });

    it('survives AWS failing midway and resumes with the accounts it missed', async () => {
      const before = new Map(
        (await activeAccounts(knex)).map(a => [
          a.account_id,
          a.last_collected_at,
        ]),
      );
      sandbox.setFaults({ latency: { ms: 40 } });
      const {
        scanner,
        store: lzStore,
        clients,
      } = await createTestScanner({
        knex,
        sandbox,
        // Fail fast once AWS is gone.
        config: {
          aws: { maxAttempts: 2, requestTimeoutMs: 2000 },
          scan: { concurrency: 2, batchSize: 2 },
        },
      });
      const { scan, done } = await scanner.start({ trigger: 'manual' });
      for (let i = 0; i < 400; i++) {
        if (((await lzStore.scans.get(scan.id))?.accountsDone ?? 0) >= 6) break;
        await new Promise(r => setTimeout(r, 50));
      }
      // AWS goes away: every call from now on is answered 500.
      sandbox.setFaults({ serverErrors: { rate: 1 } });
      const interrupted = await done;
      clients.destroy();

      // Whatever was committed is complete; nothing collected earlier was lost.
      expect(['partial', 'succeeded', 'failed']).toContain(interrupted.state);
      expect(await verdicts(lzStore)).toEqual(baseline);
      expect(await factCount(knex)).toBe(baselineFacts);

      const refreshed = (await activeAccounts(knex))
        .filter(
          a =>
            a.last_collected_at &&
            String(a.last_collected_at) !== String(before.get(a.account_id)),
        )
        .map(a => a.account_id);
      expect(refreshed.length).toBeGreaterThanOrEqual(6);

      // AWS is back: the next run takes the accounts the cut-off run missed first.
      sandbox.setFaults({});
      const due = await lzStore.accounts.byStaleness();
      const missed = due.filter(id => !refreshed.includes(id));
      const next = await createTestScanner({
        knex,
        sandbox,
        config: { scan: { accountsPerRun: missed.length, concurrency: 4 } },
      });
      const resumed = await next.scanner.run({ trigger: 'schedule' });
      next.clients.destroy();
      expect(resumed.accountsTotal).toBe(missed.length);
      const nowRefreshed = (await activeAccounts(knex)).filter(
        a => String(a.last_collected_at) !== String(before.get(a.account_id)),
      );
      const denied = new Set(
        (await next.store.accounts.list({}, { limit: 500 })).items
          .filter(a => /AssumeRole: AccessDenied/.test(a.staleReason ?? ''))
          .map(a => a.id),
      );
      expect(nowRefreshed.map(a => a.account_id)).toEqual(
        expect.arrayContaining(missed.filter(id => !denied.has(id))),
      );
      expect(await verdicts(next.store)).toEqual(baseline);
    });
  },
);

function activeAccounts(knex: Knex) {
  return knex('lz_accounts')
    .whereNull('removed_at')
    .where({ status: 'ACTIVE' })
    .select('account_id', 'last_collected_at');
}
