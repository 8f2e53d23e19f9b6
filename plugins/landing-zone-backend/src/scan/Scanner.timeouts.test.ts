import { TestDatabases } from '@backstage/backend-test-utils';
import type { Sandbox } from '@internal/sandbox';
import type { Knex } from 'knex';
import { createServer } from 'node:net';
import { createTestScanner, startTestSandbox } from '../__testUtils__/sandbox';
import type { LandingZoneStore } from '../store/LandingZoneStore';
import type { ScanRun } from '../store/types';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

const DENIED_ACCOUNT = '830849763555'; // data-lake-prod: AssumeRole denied

/**
 * Gives up on a hung attempt after three seconds, twice. Shorter timeouts fail
 * calls that are merely slow when the machine is busy (the timeout includes
 * waiting for a free connection), and the counts would be off by those: at
 * one second, a clean-clone CI run sharing two cores with other jobs saw 3–5
 * accounts fail instead of 1.
 */
const IMPATIENT = { aws: { requestTimeoutMs: 3_000, maxAttempts: 2 } };

async function verdicts(store: LandingZoneStore) {
  return Object.fromEntries(
    (await store.results.all()).map(r => [
      `${r.accountId}/${r.checkId}`,
      r.status,
    ]),
  );
}

/** Active accounts the store marks stale, by id. */
async function staleAccounts(store: LandingZoneStore) {
  const { items } = await store.accounts.list({}, { limit: 500 });
  return items
    .filter(a => a.status === 'ACTIVE' && a.staleReason)
    .map(a => a.id)
    .sort();
}

/** The accounts a scan's errors name, from their messages' leading ids. */
function failedInErrors(scan: ScanRun) {
  return scan.errors
    .map(e => /^(\d{12}): /.exec(e.message)?.[1])
    .filter(id => id !== undefined)
    .sort();
}

async function waitFor(condition: () => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 20));
  }
}

/** A loopback port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe.each(databases.eachSupportedId())(
  'Scanner with calls that hang, time out or fail on %p',
  databaseId => {
    let sandbox: Sandbox;
    let knex: Knex;
    let baseline: Record<string, string>;
    const idOf = (name: string) =>
      sandbox.organization.accounts.find(a => a.name === name)!.id;
    const active = () =>
      sandbox.organization.accounts.filter(a => a.status === 'ACTIVE');

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
    });

    afterAll(async () => {
      await sandbox?.close();
    });

    afterEach(() => {
      sandbox.setFaults({});
    });

    /** After each faulty scan: the lock is free, and a clean scan clears the staleness. */
    async function expectNextScanRuns() {
      const next = await createTestScanner({ knex, sandbox });
      const scan = await next.scanner.run({ trigger: 'manual' });
      next.clients.destroy();
      expect(scan).toMatchObject({ state: 'partial', accountsFailed: 1 });
      expect(await staleAccounts(next.store)).toEqual([DENIED_ACCOUNT]);
      expect(await verdicts(next.store)).toEqual(baseline);
    }

    it('ends partial when ec2:DescribeVpcs hangs for some accounts, with those accounts failed and stale', async () => {
      const hung = [
        idOf('payments-prod'),
        idOf('ledger-qa'),
        idOf('cards-staging'),
      ].sort();
      sandbox.setFaults({
        hang: { keys: ['ec2:DescribeVpcs'], accounts: hung },
      });
      sandbox.resetCounters();
      const { scanner, store, clients } = await createTestScanner({
        knex,
        sandbox,
        config: IMPATIENT,
      });
      const started = Date.now();
      const scan = await scanner.run({ trigger: 'manual' });
      const elapsed = Date.now() - started;
      clients.destroy();

      // Without a request timeout that fails the call this never ends.
      expect(sandbox.counters().services.ec2.operations.DescribeVpcs.hung).toBe(
        // every attempt in every region of each hung account
        hung.length * 4 * 2,
      );
      expect(elapsed).toBeLessThan(90_000);
      expect(scan).toMatchObject({
        state: 'partial',
        accountsTotal: active().length,
        accountsDone: active().length,
        accountsFailed: hung.length + 1,
      });
      expect(failedInErrors(scan)).toEqual([...hung, DENIED_ACCOUNT].sort());
      for (const id of hung) {
        const entry = scan.errors.find(e => e.message.startsWith(id))!;
        expect(entry).toMatchObject({
          code: 'ETIMEDOUT',
          operation: 'ec2:DescribeVpcs',
        });
        // one entry per account, naming each failed read
        expect(entry.message).toMatch(
          /^\d{12}: 4 read\(s\) failed: ec2:DescribeVpcs \(eu-west-1\): ETIMEDOUT;/,
        );
      }
      // The record's count is the number of accounts the scan left stale.
      expect(await staleAccounts(store)).toEqual(
        [...hung, DENIED_ACCOUNT].sort(),
      );
      // The last good VPCs stand, so the verdicts do not change.
      expect(await verdicts(store)).toEqual(baseline);
      sandbox.setFaults({});
      await expectNextScanRuns();
    });

    it('ends partial when an Organizations read after the organisation is stored hangs', async () => {
      const aged = [idOf('payments-prod'), idOf('ledger-qa')];
      await knex('lz_accounts')
        .whereIn('account_id', aged)
        .update({ tags_read_at: new Date(Date.now() - 2 * 3_600_000) });
      sandbox.setFaults({
        hang: { keys: ['organizations:ListTagsForResource'] },
      });
      sandbox.resetCounters();
      const { scanner, store, clients } = await createTestScanner({
        knex,
        sandbox,
        config: { ...IMPATIENT, scan: { tagsMaxAge: { hours: 1 } } },
      });
      const started = Date.now();
      const scan = await scanner.run({ trigger: 'manual' });
      clients.destroy();

      expect(
        sandbox.counters().services.organizations.operations.ListTagsForResource
          .hung,
      ).toBe(aged.length * 2);
      expect(Date.now() - started).toBeLessThan(90_000);
      expect(scan.state).toBe('partial');
      expect(scan.errors).toContainEqual({
        code: 'ETIMEDOUT',
        operation: 'organizations:ListTagsForResource',
        message: expect.stringMatching(
          /^2 account\(s\) kept their earlier tags: /,
        ),
      });
      // Tags are not collection: no account failed for them.
      expect(scan.accountsFailed).toBe(1);
      expect(await staleAccounts(store)).toEqual([DENIED_ACCOUNT]);
      sandbox.setFaults({});
      await expectNextScanRuns();
    });

    it('ends partial when AssumeRole hangs, for the organisation role and every member role', async () => {
      sandbox.setFaults({ hang: { keys: ['sts:AssumeRole'] } });
      const { scanner, store, clients } = await createTestScanner({
        knex,
        sandbox,
        config: {
          ...IMPATIENT,
          // Every account waits out its timeouts: more at once.
          scan: { concurrency: 16 },
          organization: {
            roleArn: `arn:aws:iam::${sandbox.organization.managementAccountId}:role/LandingZoneReadOnly`,
          },
        },
      });
      const started = Date.now();
      const scan = await scanner.run({ trigger: 'manual' });
      clients.destroy();

      expect(Date.now() - started).toBeLessThan(120_000);
      expect(scan).toMatchObject({
        state: 'partial',
        accountsTotal: active().length,
        accountsDone: active().length,
        accountsFailed: active().length,
      });
      // Organizations could not be read through its role: the stored
      // organisation stood in.
      expect(scan.errors.map(e => e.message)).toContainEqual(
        expect.stringMatching(
          /^The organisation could not be read; its last stored state was used/,
        ),
      );
      expect(failedInErrors(scan)).toEqual(
        active()
          .map(a => a.id)
          .sort(),
      );
      expect(
        scan.errors.filter(e => e.operation === 'sts:AssumeRole'),
      ).toHaveLength(active().length);
      expect(await staleAccounts(store)).toEqual(
        active()
          .map(a => a.id)
          .sort(),
      );
      expect(await verdicts(store)).toEqual(baseline);
      sandbox.setFaults({});
      await expectNextScanRuns();
    });

    it('stops at once when aborted with hung calls in flight, not after their timeouts', async () => {
      // Calls would wait a minute for their timeout: only the signal ends them.
      sandbox.setFaults({ hang: { keys: ['ec2:DescribeVpcs'] } });
      sandbox.resetCounters();
      const { scanner, store, clients } = await createTestScanner({
        knex,
        sandbox,
        config: { aws: { requestTimeoutMs: 60_000, maxAttempts: 6 } },
      });
      const controller = new AbortController();
      const { done } = await scanner.start({
        trigger: 'schedule',
        signal: controller.signal,
      });
      await waitFor(() => (sandbox.counters().services.ec2?.hung ?? 0) >= 4);
      const abortedAt = Date.now();
      controller.abort();
      const scan = await done;
      clients.destroy();

      expect(Date.now() - abortedAt).toBeLessThan(5_000);
      expect(scan.state).toBe('partial');
      const stopped = scan.errors.find(e => e.code === 'ScanTimeout')!;
      const [, skipped, total] = /: (\d+) of (\d+) account/.exec(
        stopped.message,
      )!;
      expect(Number(total)).toBe(scan.accountsTotal);
      // Each account either finished (only the denied one can: it makes no
      // EC2 call) or is left for next time, not saved half-read.
      expect(scan.accountsDone + Number(skipped)).toBe(scan.accountsTotal);
      expect(scan.accountsDone).toBeLessThanOrEqual(1);
      expect(await staleAccounts(store)).toEqual([DENIED_ACCOUNT]);
      // What was collected before is still judged.
      expect(await verdicts(store)).toEqual(baseline);
      sandbox.setFaults({});
      await expectNextScanRuns();
    });

    it('counts refused connections and throttling past the retries as failed accounts, one error each', async () => {
      const port = await closedPort();
      const refused = await createTestScanner({
        knex,
        sandbox,
        config: {
          aws: {
            maxAttempts: 2,
            endpoints: {
              default: sandbox.url,
              guardduty: `http://127.0.0.1:${port}`,
            },
          },
        },
      });
      const scan = await refused.scanner.run({ trigger: 'manual' });
      refused.clients.destroy();
      expect(scan).toMatchObject({
        state: 'partial',
        accountsDone: active().length,
        accountsFailed: active().length,
      });
      expect(failedInErrors(scan)).toEqual(
        active()
          .map(a => a.id)
          .sort(),
      );
      expect(scan.errors).toHaveLength(active().length);
      // Under jest the socket's error comes from another realm and the SDK
      // wraps it (code "Error"); under node its code is ECONNREFUSED.
      expect(scan.errors).toContainEqual({
        code: expect.any(String),
        operation: 'guardduty:ListDetectors',
        message: expect.stringMatching(
          /^\d{12}: 4 read\(s\) failed: guardduty:ListDetectors \(eu-west-1\): .*ECONNREFUSED/,
        ),
      });
      expect(await staleAccounts(refused.store)).toHaveLength(
        scan.accountsFailed,
      );

      // IAM answers one call per account and region, then throttles; one
      // attempt leaves no retry.
      sandbox.setFaults({ rateLimits: { iam: { rate: 0.001, burst: 1 } } });
      const throttled = await createTestScanner({
        knex,
        sandbox,
        config: { aws: { maxAttempts: 1 } },
      });
      const next = await throttled.scanner.run({ trigger: 'manual' });
      throttled.clients.destroy();
      expect(next).toMatchObject({
        state: 'partial',
        accountsFailed: active().length,
      });
      expect(next.errors).toContainEqual(
        expect.objectContaining({
          code: 'Throttling',
          operation: expect.stringMatching(/^iam:/),
        }),
      );
      expect(await staleAccounts(throttled.store)).toHaveLength(
        next.accountsFailed,
      );
      sandbox.setFaults({});
      await expectNextScanRuns();
    });
  },
);
