import { TestDatabases } from '@backstage/backend-test-utils';
import type { Sandbox } from '@internal/sandbox';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { createTestScanner, startTestSandbox } from '../__testUtils__/sandbox';
import type { LandingZoneStore } from '../store/LandingZoneStore';

jest.setTimeout(240_000);

const databases = TestDatabases.create();

async function verdicts(store: LandingZoneStore) {
  return Object.fromEntries(
    (await store.results.all()).map(r => [
      `${r.accountId}/${r.checkId}`,
      r.status,
    ]),
  );
}

/**
 * Per account: how many of its facts, and whether its own record, were written
 * after `since`. A torn batch would leave some of an account's facts new and
 * others old, or facts new and the account's record not.
 */
async function writtenSince(knex: Knex, since: Date) {
  const rows = await knex('lz_facts').select('account_id', 'attempted_at');
  const accounts = await knex('lz_accounts')
    .whereNotNull('last_attempted_at')
    .select('account_id', 'last_attempted_at');
  const byAccount = new Map<
    string,
    { facts: number; newFacts: number; accountNew: boolean }
  >();
  for (const a of accounts) {
    byAccount.set(a.account_id, {
      facts: 0,
      newFacts: 0,
      accountNew: new Date(a.last_attempted_at) > since,
    });
  }
  for (const row of rows) {
    const entry = byAccount.get(row.account_id)!;
    entry.facts++;
    if (new Date(row.attempted_at) > since) entry.newFacts++;
  }
  return byAccount;
}

function startChildScan(connection: Knex.Config, sandbox: Sandbox) {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      join(__dirname, '..', '__testUtils__', 'scanInChild.ts'),
    ],
    {
      env: {
        ...process.env,
        LZ_TEST_DB: JSON.stringify(connection),
        LZ_TEST_SANDBOX_URL: sandbox.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', d => {
    stderr += d;
  });
  const exited = new Promise<void>(resolve => child.once('exit', resolve));
  return { child, exited, stderr: () => stderr };
}

async function killWhenDone(
  knex: Knex,
  scanner: { child: ChildProcess; stderr: () => string },
  accounts: number,
) {
  for (let i = 0; i < 600; i++) {
    const row = await knex('lz_scan_runs').where({ state: 'running' }).first();
    if (row && Number(row.accounts_done) >= accounts) {
      scanner.child.kill('SIGKILL');
      return;
    }
    if (scanner.child.exitCode !== null) {
      throw new Error(`the scan process exited: ${scanner.stderr()}`);
    }
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error('the scan process made no progress');
}

describe.each(databases.eachSupportedId())(
  'A scan killed midway on %p',
  databaseId => {
    let sandbox: Sandbox;
    let knex: Knex;
    let connection: Knex.Config;
    let dir: string | undefined;

    beforeAll(async () => {
      sandbox = await startTestSandbox();
      if (databaseId.startsWith('SQLITE')) {
        // The child needs the same database: a file, not TestDatabases' memory.
        dir = mkdtempSync(join(tmpdir(), 'lz-killed-'));
        connection = {
          client: 'better-sqlite3',
          connection: { filename: join(dir, 'lz.sqlite') },
          useNullAsDefault: true,
        };
        knex = knexFactory(connection);
      } else {
        knex = await databases.init(databaseId);
        connection = {
          client: knex.client.config.client,
          connection: knex.client.config.connection,
        };
      }
    });

    afterAll(async () => {
      await sandbox?.close();
      if (dir) {
        await knex.destroy();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('leaves the previous complete data, and the next scan finishes the work', async () => {
      const first = await createTestScanner({ knex, sandbox });
      const complete = await first.scanner.run({ trigger: 'manual' });
      first.clients.destroy();
      expect(complete.state).toBe('partial'); // the demo's denied account
      const baseline = await verdicts(first.store);
      const killedAt = new Date();

      // Slow AWS down so the kill lands between batches of a running scan.
      sandbox.setFaults({ latency: { ms: 40 } });
      const child = startChildScan(connection, sandbox);
      await killWhenDone(knex, child, 6);
      await child.exited;
      sandbox.setFaults({});

      // Every batch committed whole or not at all: each account's facts and
      // record come from one collection, the earlier one or the killed scan's.
      const written = await writtenSince(knex, killedAt);
      let rewritten = 0;
      for (const [account, w] of written) {
        const whole = w.accountNew ? w.facts : 0;
        expect({ account, newFacts: w.newFacts }).toEqual({
          account,
          newFacts: whole,
        });
        if (w.accountNew) rewritten++;
      }
      expect(rewritten).toBeGreaterThanOrEqual(6);
      expect(rewritten).toBeLessThan(written.size);
      // Results are only replaced by a finished evaluation.
      expect(await verdicts(first.store)).toEqual(baseline);

      // The dead scan holds the lock until its heartbeat is stale.
      const next = await createTestScanner({ knex, sandbox });
      await expect(next.scanner.run({ trigger: 'manual' })).rejects.toThrow(
        /is already running/,
      );
      await knex('lz_scan_runs')
        .where({ state: 'running' })
        .update({ heartbeat_at: new Date(Date.now() - 3_600_000) });
      const resumed = await next.scanner.run({ trigger: 'schedule' });
      next.clients.destroy();
      expect(resumed.state).toBe('partial');
      expect(resumed.accountsDone).toBe(resumed.accountsTotal);
      expect(await verdicts(next.store)).toEqual(baseline);
      const states = (await next.store.scans.list({ limit: 10 })).items.map(
        s => s.state,
      );
      expect(states).toEqual(['partial', 'interrupted', 'partial']);
    });
  },
);
