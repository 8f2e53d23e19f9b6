import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import type { Sandbox } from '@internal/sandbox';
import { landingZoneConfig, startTestSandbox } from '../__testUtils__/sandbox';
import { landingZonePlugin } from '../plugin';

jest.setTimeout(120_000);

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'two backend replicas on one %p database',
  databaseId => {
    let sandbox: Sandbox;

    beforeAll(async () => {
      sandbox = await startTestSandbox();
    });
    afterAll(async () => {
      await sandbox.close();
    });

    it('run the scheduled scan once between them', async () => {
      const knex = await databases.init(databaseId);
      const replica = () =>
        startTestBackend({
          features: [
            landingZonePlugin,
            // The real, database-locked scheduler, not the in-memory mock.
            schedulerServiceFactory,
            mockServices.database.factory({ knex }),
            mockServices.rootConfig.factory({
              data: {
                landingZone: {
                  ...landingZoneConfig(sandbox),
                  scan: {
                    schedule: {
                      frequency: { hours: 24 },
                      timeout: { minutes: 5 },
                      initialDelay: { seconds: 1 },
                    },
                  },
                },
              },
            }),
          ],
        });
      sandbox.resetCounters();
      // Started one after the other, as a rolling deploy does: the first
      // replica's migrations must finish before the second connects.
      const a = await replica();
      const b = await replica();
      try {
        let rows: { state: string; trigger: string }[] = [];
        for (let i = 0; i < 240; i++) {
          rows = await knex('lz_scan_runs').select('state', 'trigger');
          if (rows.length > 0 && rows.every(r => r.state !== 'running')) break;
          await new Promise(r => setTimeout(r, 250));
        }
        // Give a second replica every chance to start its own run.
        await new Promise(r => setTimeout(r, 3000));
        rows = await knex('lz_scan_runs').select('state', 'trigger');
        expect(rows).toEqual([{ state: 'partial', trigger: 'schedule' }]);
        const counters = JSON.stringify(sandbox.counters());
        // One organisation read in all: the losing replica never called AWS.
        expect(counters).toMatch(/"DescribeOrganization":\{"calls":1[,}]/);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    });
  },
);
