import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type {
  GuardrailCheck,
  GuardrailDefinition,
} from '@internal/plugin-landing-zone-common';
import { landingZoneChecksExtensionPoint } from '@internal/plugin-landing-zone-node';
import type { Sandbox } from '@internal/sandbox';
import type { Server } from 'node:http';
import request from 'supertest';
import { apiTestConfig, waitForScan } from './__testUtils__/api';
import { startTestSandbox } from './__testUtils__/sandbox';
import { landingZonePlugin } from './plugin';

jest.setTimeout(120_000);

// The extension point is wiring, the same on every database; the store paths
// its results take are the built-in checks' ones, tested on each database in
// plugin.test.ts. One database keeps this to one scan.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const definition = (id: string): GuardrailDefinition => ({
  id,
  title: 'Shared accounts belong to the platform team',
  description:
    'An account tagged environment=shared is owned by platform-team.',
  category: 'detective',
  severity: 'low',
  remediation: 'Hand the account to the platform team.',
  controls: {},
});

/** What the check below decides for an account with these tags. */
const sharedOwnerVerdict = (tags: Record<string, string>) => {
  if (tags.environment !== 'shared') {
    return { status: 'pass' as const, message: 'Not a shared account' };
  }
  return tags.owner === 'platform-team'
    ? { status: 'pass' as const, message: 'Owned by platform-team' }
    : { status: 'fail' as const, message: `Owned by ${tags.owner}` };
};

const sharedOwnerCheck: GuardrailCheck = {
  definition: definition('test-shared-owner'),
  evaluate({ account }) {
    const { status, message } = sharedOwnerVerdict(account.account.tags);
    return { status, evidence: [{ message }] };
  },
};

const checksModule = (moduleId: string, ...checks: GuardrailCheck[]) =>
  createBackendModule({
    pluginId: 'landing-zone',
    moduleId,
    register(reg) {
      reg.registerInit({
        deps: { extension: landingZoneChecksExtensionPoint },
        async init({ extension }) {
          extension.addChecks(...checks);
        },
      });
    },
  });

describe('landingZoneChecksExtensionPoint', () => {
  let sandbox: Sandbox;
  const config = () => apiTestConfig(sandbox);

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it("judges every account with a module's check and serves its results", async () => {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        landingZonePlugin,
        checksModule('shared-owner', sharedOwnerCheck),
        mockServices.database.factory({ knex }),
        config(),
      ],
    });
    const get = (path: string) =>
      request(server)
        .get(`/api/landing-zone${path}`)
        .set('Authorization', mockCredentials.user.header());

    const catalogue = await get('/guardrails');
    expect(
      catalogue.body.items.find(
        (g: { id: string }) => g.id === 'test-shared-owner',
      ),
    ).toEqual(definition('test-shared-owner'));
    expect(catalogue.body.items.map((g: { id: string }) => g.id)).toContain(
      'root-mfa',
    );

    await scan(server);

    const active = sandbox.organization.accounts.filter(
      a => a.status === 'ACTIVE',
    );
    const expected = new Map(
      active.map(a => [a.id, sharedOwnerVerdict(a.tags).status]),
    );
    // The demo organisation must exercise both verdicts.
    expect(new Set(expected.values())).toEqual(new Set(['pass', 'fail']));

    const verdicts = new Map<string, string>();
    for (const account of active) {
      const res = await get(`/accounts/${account.id}`);
      expect(res.status).toBe(200);
      const result = res.body.guardrails.find(
        (g: { checkId: string }) => g.checkId === 'test-shared-owner',
      );
      verdicts.set(account.id, result?.status);
      expect(result?.evidence).toEqual([
        { message: sharedOwnerVerdict(account.tags).message },
      ]);
    }
    expect(verdicts).toEqual(expected);

    const failing = [...expected.values()].filter(v => v === 'fail').length;
    const posture = await get('/posture');
    expect(
      posture.body.checks.find(
        (c: { id: string }) => c.id === 'test-shared-owner',
      ),
    ).toMatchObject({
      passing: expected.size - failing,
      failing,
      unknown: 0,
    });
    const trend = await get('/posture/trend?check=test-shared-owner');
    expect(trend.status).toBe(200);
    expect(trend.body.items).toEqual([
      {
        day: expect.any(String),
        compliant: expected.size - failing,
        nonCompliant: failing,
        unknown: 0,
      },
    ]);
  });

  it('refuses at startup a check whose id is taken', async () => {
    const knex = await databases.init('SQLITE_3');
    await expect(
      startTestBackend({
        features: [
          landingZonePlugin,
          checksModule('clash', {
            ...sharedOwnerCheck,
            definition: definition('root-mfa'),
          }),
          mockServices.database.factory({ knex }),
          config(),
        ],
      }),
    ).rejects.toThrow(/Duplicate guardrail check id 'root-mfa'/);

    const other = await databases.init('SQLITE_3');
    await expect(
      startTestBackend({
        features: [
          landingZonePlugin,
          checksModule('one', sharedOwnerCheck),
          checksModule('two', sharedOwnerCheck),
          mockServices.database.factory({ knex: other }),
          config(),
        ],
      }),
    ).rejects.toThrow(/Duplicate guardrail check id 'test-shared-owner'/);
  });
});

async function scan(server: Server) {
  const started = await request(server)
    .post('/api/landing-zone/scans')
    .set('Authorization', mockCredentials.user.header());
  expect(started.status).toBe(202);
  return waitForScan(server, started.body.id);
}
