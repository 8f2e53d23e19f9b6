/*
 * A scan in a process of its own, so a test can kill it with SIGKILL in the
 * middle of a batch, as a crashed or evicted backend would be. Reads the knex
 * connection (JSON) from LZ_TEST_DB and the sandbox's URL from
 * LZ_TEST_SANDBOX_URL; AWS credentials come from the environment.
 */
import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import knexFactory from 'knex';
import { landingZoneConfig } from './sandbox';
import { AwsClientFactory } from '../collect/clients';
import { readLandingZoneSettings } from '../config';
import { defaultChecks } from '../evaluate';
import { createLandingZoneStore } from '../store/LandingZoneStore';
import { Scanner } from '../scan/Scanner';

// Outside jest: the test utilities' mocks are not available here.
const silent: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => silent,
};

async function main() {
  const knex = knexFactory(JSON.parse(process.env.LZ_TEST_DB!));
  const settings = readLandingZoneSettings(
    new ConfigReader({
      landingZone: landingZoneConfig(
        { url: process.env.LZ_TEST_SANDBOX_URL! },
        { scan: { concurrency: 2, batchSize: 2 } },
      ),
    }),
  );
  const store = await createLandingZoneStore({
    database: { getClient: async () => knex } as DatabaseService,
  });
  const scanner = Scanner.create({
    store,
    settings,
    clients: AwsClientFactory.create(settings.aws),
    checks: () => defaultChecks,
    logger: silent,
  });
  const { scan } = await scanner.start({ trigger: 'manual' });
  process.stdout.write(`${JSON.stringify({ started: scan.id })}\n`);
  // Never finishes on its own terms in the test: it is killed first.
  await new Promise(() => {});
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
