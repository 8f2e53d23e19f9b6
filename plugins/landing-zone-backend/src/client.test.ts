import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import {
  LandingZoneClient,
  type ScanRun,
} from '@internal/plugin-landing-zone-common';
import {
  landingZoneServiceRef,
  type LandingZoneService,
} from '@internal/plugin-landing-zone-node';
import type { Sandbox } from '@internal/sandbox';
import type { AddressInfo } from 'node:net';
import { apiTestConfig } from './__testUtils__/api';
import { startTestSandbox } from './__testUtils__/sandbox';
import { landingZonePlugin } from './plugin';

/*
 * The contract from both sides: LandingZoneClient from -common against the
 * real router, and landingZoneServiceRef from -node as another plugin gets it
 * (the typed client over HTTP with a service token).
 */

jest.setTimeout(120_000);

describe('the landing-zone API through its typed client', () => {
  let sandbox: Sandbox;
  let service: LandingZoneService;
  let client: LandingZoneClient;
  const asUser = { token: mockCredentials.user.token() };

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    // Another plugin, as the catalog and the scaffolder will be.
    const consumer = createBackendPlugin({
      pluginId: 'consumer',
      register(env) {
        env.registerInit({
          deps: { landingZone: landingZoneServiceRef },
          async init({ landingZone }) {
            service = landingZone;
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [landingZonePlugin, consumer, apiTestConfig(sandbox)],
    });
    const { port } = server.address() as AddressInfo;
    client = new LandingZoneClient({
      discoveryApi: {
        getBaseUrl: async id => `http://localhost:${port}/api/${id}`,
      },
    });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('starts a scan and reads the estate as another plugin', async () => {
    const started = await service.startScan();
    expect(started.state).toBe('running');
    // The scan is recorded as the calling plugin's.
    expect(started.requestedBy).toBe('plugin:consumer');
    let scan: ScanRun | undefined = started;
    for (let i = 0; i < 240 && scan?.state === 'running'; i++) {
      await new Promise(r => setTimeout(r, 250));
      scan = await service.getScan(started.id);
    }
    expect(scan?.state).toBe('partial');

    const accounts = await service.listAccounts({ limit: 5 });
    expect(accounts.items).toHaveLength(5);
    expect(accounts.totalCount).toBe(sandbox.organization.accounts.length);
    const next = await service.listAccounts({
      limit: 5,
      cursor: accounts.nextCursor,
    });
    expect(next.items[0].name >= accounts.items[4].name).toBe(true);

    const tree = await service.getOrganizationalUnits();
    const prod = sandbox.organization.organizationalUnits.find(
      u => u.path === 'Workloads/Prod',
    )!;
    const inProd = await service.listAccounts({ ou: prod.id, limit: 500 });
    expect(inProd.items.map(a => a.id).sort()).toEqual(
      sandbox.organization.accounts
        .filter(a => a.parentId === prod.id)
        .map(a => a.id)
        .sort(),
    );
    expect(tree.compliance.nonCompliant).toBeGreaterThan(0);

    const posture = await service.getPosture({ days: 7 });
    expect(posture.organization).toEqual({
      accounts:
        tree.compliance.compliant +
        tree.compliance.nonCompliant +
        tree.compliance.unknown,
      ...tree.compliance,
    });
    const detail = await service.getAccount(accounts.items[0].id);
    expect(detail?.account.id).toBe(accounts.items[0].id);
    expect(await service.getAccount('000000000000')).toBeUndefined();
    expect(await service.getScan('no-such-scan')).toBeUndefined();
    expect((await service.listGuardrails()).items.length).toBeGreaterThan(20);
    expect(
      (await service.getPostureTrend({ ou: prod.id, days: 7 })).items,
    ).toHaveLength(1);
    expect((await service.listVpcs({ limit: 3 })).items).toHaveLength(3);
    expect((await service.listScans()).items[0].id).toBe(started.id);
  });

  it("reads the posture dashboard's routes as another plugin and as a user", async () => {
    // The scan of the first test has been judged.
    const matrix = await service.getMatrix({ limit: 10 });
    expect(matrix.totalCount).toBe(sandbox.organization.accounts.length);
    expect(matrix.checks).toEqual(
      (await service.listGuardrails()).items.map(g => g.id),
    );
    const [worst] = matrix.items;
    expect(worst.account.checks.failing).toBeGreaterThan(0);
    const failed = Object.entries(worst.cells).filter(
      ([, cell]) => cell.status === 'fail',
    );
    expect(failed).toHaveLength(worst.account.checks.failing);
    const next = await service.getMatrix({
      limit: 10,
      cursor: matrix.nextCursor,
    });
    expect(next.items[0].account.checks.failing).toBeLessThanOrEqual(
      matrix.items[9].account.checks.failing,
    );

    // identity-staging has no MFA on its root user.
    const rootMfa = await service.getGuardrail('root-mfa');
    expect(rootMfa?.definition.id).toBe('root-mfa');
    expect(rootMfa?.counts.failing).toBe(1);
    expect(await service.getGuardrail('no-such-check')).toBeUndefined();
    const failing = await service.listGuardrailAccounts('root-mfa');
    expect(failing.items.map(i => i.account.id)).toEqual(['607760163782']);
    expect(failing.items[0].evidence.length).toBeGreaterThan(0);
    // Never changed since the first evaluation.
    expect(failing.items[0].since).toBe(failing.items[0].evaluatedAt);
    const fromMatrix = await service.getMatrix({
      check: 'root-mfa',
      status: 'fail',
    });
    expect(fromMatrix.items.map(r => r.account.id)).toEqual(['607760163782']);

    let csv = '';
    for await (const chunk of await service.exportMatrixCsv({
      check: 'root-mfa',
      status: 'fail',
    })) {
      csv += chunk;
    }
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(/^account_id,account_name,ou_path,/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^607760163782,identity-staging,/),
      '',
    ]);
    const viaUser = await client.exportMatrixCsv({ status: 'fail' }, asUser);
    expect((await viaUser.text()).split('\r\n')).toHaveLength(
      (await service.getMatrix({ status: 'fail' })).totalCount + 2,
    );

    const unknownCheck = await client
      .getMatrix({ check: 'no-such-check' }, asUser)
      .catch(error => error);
    expect(unknownCheck).toBeInstanceOf(ResponseError);
    expect(unknownCheck.statusCode).toBe(400);
    expect(await client.getGuardrail('no-such-check', asUser)).toBeUndefined();
  });

  it('answers as a user, and turns an error answer into a ResponseError', async () => {
    const viaUser = await client.listAccounts({ limit: 2 }, asUser);
    expect(viaUser.items).toHaveLength(2);
    const bad = await client
      .listAccounts({ limit: 0 }, asUser)
      .catch(error => error);
    expect(bad).toBeInstanceOf(ResponseError);
    expect(bad.statusCode).toBe(400);
    expect(bad.body.error.message).toMatch(/limit/);
    const unknownOu = await client
      .listAccounts({ ou: 'ou-f1nt-n0tth3r3' }, asUser)
      .catch(error => error);
    expect(unknownOu.statusCode).toBe(404);
  });
});
