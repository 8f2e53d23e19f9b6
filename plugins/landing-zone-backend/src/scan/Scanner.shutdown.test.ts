import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Sandbox } from '@internal/sandbox';
import type { Knex } from 'knex';
import request from 'supertest';
import { apiTestConfig, waitForScan } from '../__testUtils__/api';
import { createTestScanner, startTestSandbox } from '../__testUtils__/sandbox';
import { landingZonePlugin } from '../plugin';
import { createLandingZoneStore } from '../store/LandingZoneStore';
import { ScanRuns } from './ScanRuns';

jest.setTimeout(180_000);

const databases = TestDatabases.create();

async function waitFor(condition: () => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 20));
  }
}

/** A scan left `running` by a backend that died an hour ago. */
async function insertDeadScan(knex: Knex, id: string) {
  const anHourAgo = new Date(Date.now() - 3_600_000);
  await knex('lz_scan_runs').insert({
    id,
    trigger: 'schedule',
    state: 'running',
    started_at: anHourAgo,
    heartbeat_at: anHourAgo,
  });
}

describe.each(databases.eachSupportedId())(
  'Scans when their backend stops, on %p',
  databaseId => {
    let sandbox: Sandbox;

    beforeAll(async () => {
      sandbox = await startTestSandbox();
    });

    afterAll(async () => {
      await sandbox?.close();
    });

    afterEach(() => {
      sandbox.setFaults({});
    });

    async function runs(knex: Knex) {
      const store = await createLandingZoneStore({
        database: mockServices.database({ knex }),
      });
      const logger = mockServices.logger.mock();
      return {
        store,
        logger,
        runs: ScanRuns.create({ scans: store.scans, logger }),
      };
    }

    it('recovers at start-up a scan whose heartbeat is gone, and leaves a live one', async () => {
      const knex = await databases.init(databaseId);
      const { store, runs: first } = await runs(knex);
      await insertDeadScan(knex, 'dead');
      expect(await first.recover()).toEqual(['dead']);
      expect(await store.scans.get('dead')).toMatchObject({
        state: 'interrupted',
        errors: [
          {
            code: 'ScanInterrupted',
            message: expect.stringMatching(/^No heartbeat for 120 s/),
          },
        ],
      });

      // A scan with a fresh heartbeat may be another replica's: untouched.
      const live = await first.begin({ trigger: 'manual' });
      const { runs: second } = await runs(knex);
      expect(await second.recover()).toEqual([]);
      expect((await store.scans.get(live.scan.id))?.state).toBe('running');
      await live.finish('succeeded', []);
    });

    it('records a scan that does not stop in time as interrupted at shutdown, and a late finish does not revive it', async () => {
      const knex = await databases.init(databaseId);
      const { store, runs: stopping } = await runs(knex);
      const active = await stopping.begin({ trigger: 'manual' });
      await stopping.shutdown({ graceMs: 50 });

      expect(active.interrupted.aborted).toBe(true);
      expect(await store.scans.get(active.scan.id)).toMatchObject({
        state: 'interrupted',
        errors: [expect.objectContaining({ code: 'ScanInterrupted' })],
      });
      // No new scan on a backend that is going away…
      await expect(stopping.begin({ trigger: 'manual' })).rejects.toThrow(
        /shutting down/,
      );
      // …and the scan, ending after all, keeps its interrupted record.
      expect(await active.finish('succeeded', [])).toMatchObject({
        state: 'interrupted',
      });
      // The next backend scans at once: the lock is free.
      const { runs: restarted } = await runs(knex);
      const next = await restarted.begin({ trigger: 'manual' });
      expect(next.scan.state).toBe('running');
      await next.finish('succeeded', []);
    });

    it('stops a scan with hung calls at shutdown and records it interrupted, with results untouched', async () => {
      const knex = await databases.init(databaseId);
      const first = await createTestScanner({ knex, sandbox });
      await first.scanner.run({ trigger: 'manual' });
      first.clients.destroy();
      const results = await first.store.results.all();

      sandbox.setFaults({ hang: { keys: ['ec2:DescribeVpcs'] } });
      sandbox.resetCounters();
      const { scanner, store, clients } = await createTestScanner({
        knex,
        sandbox,
        config: { aws: { requestTimeoutMs: 60_000 } },
      });
      const { scan, done } = await scanner.start({ trigger: 'manual' });
      await waitFor(() => (sandbox.counters().services.ec2?.hung ?? 0) >= 4);
      const stoppedAt = Date.now();
      await scanner.shutdown();
      clients.destroy();

      expect(Date.now() - stoppedAt).toBeLessThan(5_000);
      const ended = await done;
      expect(ended).toMatchObject({ id: scan.id, state: 'interrupted' });
      expect(ended.errors).toContainEqual({
        code: 'ScanInterrupted',
        message: expect.stringMatching(
          /^The backend shut down while the scan was running: \d+ of \d+ account\(s\) not collected$/,
        ),
      });
      // No evaluation ran on the way out.
      expect(await store.results.all()).toEqual(results);

      sandbox.setFaults({});
      const next = await createTestScanner({ knex, sandbox });
      const resumed = await next.scanner.run({ trigger: 'manual' });
      next.clients.destroy();
      expect(resumed.state).toBe('partial'); // the demo's denied account
    });

    it('through a real backend: stopping it interrupts its scan, and the restarted backend accepts POST /scans at once', async () => {
      const knex = await databases.init(databaseId);
      const features = () => [
        landingZonePlugin,
        mockServices.database.factory({ knex }),
        // Hung calls wait a minute: only the shutdown ends them.
        apiTestConfig(sandbox, { aws: { requestTimeoutMs: 60_000 } }),
      ];
      const auth = mockCredentials.user.header();

      const backend = await startTestBackend({ features: features() });
      sandbox.setFaults({ hang: { keys: ['ec2:DescribeVpcs'] } });
      sandbox.resetCounters();
      const started = await request(backend.server)
        .post('/api/landing-zone/scans')
        .set('Authorization', auth);
      expect(started.status).toBe(202);
      await waitFor(() => (sandbox.counters().services.ec2?.hung ?? 0) >= 4);
      const stoppedAt = Date.now();
      await backend.stop();
      expect(Date.now() - stoppedAt).toBeLessThan(10_000);

      const row = await knex('lz_scan_runs')
        .where({ id: started.body.id })
        .first();
      expect(row.state).toBe('interrupted');
      expect(JSON.parse(row.errors)).toContainEqual(
        expect.objectContaining({ code: 'ScanInterrupted' }),
      );

      sandbox.setFaults({});
      const restarted = await startTestBackend({ features: features() });
      try {
        const again = await request(restarted.server)
          .post('/api/landing-zone/scans')
          .set('Authorization', auth);
        expect(again.status).toBe(202);
        const finished = await waitForScan(restarted.server, again.body.id);
        expect(finished.state).toBe('partial');
      } finally {
        await restarted.stop();
      }
    });

    it('through a real backend: a scan left running by a dead backend is interrupted when the next one starts', async () => {
      const knex = await databases.init(databaseId);
      // The tables, then a row as a backend killed an hour ago left it.
      await createLandingZoneStore({
        database: mockServices.database({ knex }),
      });
      await insertDeadScan(knex, 'killed-scan');
      const backend = await startTestBackend({
        features: [
          landingZonePlugin,
          mockServices.database.factory({ knex }),
          apiTestConfig(sandbox),
        ],
      });
      try {
        const auth = mockCredentials.user.header();
        // Recovered at init, before any scan was asked for.
        const dead = await request(backend.server)
          .get('/api/landing-zone/scans/killed-scan')
          .set('Authorization', auth);
        expect(dead.body).toMatchObject({
          state: 'interrupted',
          errors: [expect.objectContaining({ code: 'ScanInterrupted' })],
        });
        const started = await request(backend.server)
          .post('/api/landing-zone/scans')
          .set('Authorization', auth);
        expect(started.status).toBe(202);
        await waitForScan(backend.server, started.body.id);
      } finally {
        await backend.stop();
      }
    });
  },
);
