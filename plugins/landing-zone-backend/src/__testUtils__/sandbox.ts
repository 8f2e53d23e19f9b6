import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  startSandbox,
  type Sandbox,
  type StartSandboxOptions,
} from '@internal/sandbox';
import type { Knex } from 'knex';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { AwsClientFactory } from '../collect/clients';
import { readLandingZoneSettings } from '../config';
import { defaultChecks } from '../evaluate';
import { Scanner } from '../scan/Scanner';
import { createLandingZoneStore } from '../store/LandingZoneStore';

/** The demo organisation's allowed regions. */
export const DEMO_REGIONS = [
  'eu-west-1',
  'eu-central-1',
  'us-east-1',
  'us-west-2',
];

/**
 * Starts the sandbox and points the default AWS credential chain at its
 * management keys, as an operator's environment would.
 */
export async function startTestSandbox(
  options?: StartSandboxOptions,
): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  process.env.AWS_ACCESS_KEY_ID = sandbox.managementCredentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY =
    sandbox.managementCredentials.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  return sandbox;
}

/**
 * `landingZone.guardrails` as the demo's app-config.yaml sets it: tests that
 * judge the demo organisation judge it as the started portal does.
 */
export function demoGuardrails(): Record<string, unknown> {
  const appConfig = parse(
    readFileSync(resolve(__dirname, '../../../../app-config.yaml'), 'utf8'),
  );
  return appConfig.landingZone.guardrails;
}

export function landingZoneConfig(
  sandbox: Pick<Sandbox, 'url'>,
  overrides: Record<string, unknown> = {},
) {
  const { aws, scan, ...rest } = overrides as {
    aws?: object;
    scan?: object;
  };
  return {
    regions: DEMO_REGIONS,
    aws: {
      endpoints: { default: sandbox.url },
      maxAttempts: 4,
      requestTimeoutMs: 5000,
      ...aws,
    },
    scan: { concurrency: 4, batchSize: 5, ...scan },
    ...rest,
  };
}

export async function createTestScanner(options: {
  knex: Knex;
  sandbox: Sandbox;
  config?: Record<string, unknown>;
}) {
  const settings = readLandingZoneSettings(
    new ConfigReader({
      landingZone: landingZoneConfig(options.sandbox, options.config),
    }),
  );
  const store = await createLandingZoneStore({
    database: mockServices.database({ knex: options.knex }),
  });
  const clients = AwsClientFactory.create(settings.aws);
  const scanner = Scanner.create({
    store,
    settings,
    clients,
    checks: () => defaultChecks,
    logger: mockServices.logger.mock(),
  });
  return { store, scanner, clients, settings };
}
