import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceRef } from '@backstage/plugin-events-node';
// Only this test runs the landing-zone plugin beside the catalog; the module
// itself talks to it over HTTP through landingZoneServiceRef.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import landingZonePlugin from '@internal/plugin-landing-zone-backend';
import { startSandbox, type Sandbox } from '@internal/sandbox';
import type { Server } from 'node:http';
import request from 'supertest';
import { catalogModuleLandingZoneEntityProvider } from './module';

/*
 * The whole path in one backend: the landing-zone plugin scans the sandbox's
 * demo organisation, and the catalog, through this module and the API over
 * HTTP, lists its accounts and VPCs.
 */

jest.setTimeout(180_000);

// Far away: the test starts the scan and the refresh itself.
const LATER = {
  frequency: { hours: 24 },
  timeout: { minutes: 10 },
  initialDelay: { hours: 24 },
};

async function entitiesOfType(server: Server, type: string) {
  const res = await request(server)
    .get('/api/catalog/entities')
    .query({ filter: `kind=resource,spec.type=${type}` })
    .set('Authorization', mockCredentials.user.header());
  expect(res.status).toBe(200);
  return res.body as Entity[];
}

describe('the landing zone in the catalog', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
    // The default AWS credential chain, as an operator's environment sets it.
    process.env.AWS_ACCESS_KEY_ID = sandbox.managementCredentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY =
      sandbox.managementCredentials.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('lists every demo account with its owner group, and its VPCs, once a scan ends', async () => {
    let scheduler: SchedulerService | undefined;
    // Reaches the shared mock scheduler, to run the provider's task on demand.
    const probe = createBackendPlugin({
      pluginId: 'probe',
      register(env) {
        env.registerInit({
          deps: { s: coreServices.scheduler },
          async init({ s }) {
            scheduler = s;
          },
        });
      },
    });
    // One events service for every plugin, as backend-defaults gives them
    // (the test backend's default is one per plugin).
    const events = mockServices.events();
    const { server } = await startTestBackend({
      features: [
        createServiceFactory({
          service: eventsServiceRef,
          deps: {},
          factory: () => events,
        }),
        landingZonePlugin,
        catalogPlugin,
        catalogModuleLandingZoneEntityProvider,
        probe,
        mockServices.rootConfig.factory({
          data: {
            landingZone: {
              regions: sandbox.organization.regions,
              aws: {
                endpoints: { default: sandbox.url },
                maxAttempts: 4,
                requestTimeoutMs: 5000,
              },
              scan: { concurrency: 4, schedule: LATER },
            },
            catalog: {
              rules: [{ allow: ['Resource', 'Group', 'Location'] }],
              processingInterval: { seconds: 1 },
              providers: { landingZone: { schedule: LATER } },
            },
          },
        }),
      ],
    });
    // Before the first scan the API answers 404: nothing is applied.
    await scheduler!.triggerTask('landing-zone:refresh');
    expect(await entitiesOfType(server, 'aws-account')).toEqual([]);

    const started = await request(server)
      .post('/api/landing-zone/scans')
      .set('Authorization', mockCredentials.user.header());
    expect(started.status).toBe(202);
    // No refresh is triggered from here on: the scan's end is announced on
    // the events service and the provider refreshes on it, long before its
    // schedule (a day away) would.
    const demo = sandbox.organization.accounts;
    let accounts: Entity[] = [];
    for (let i = 0; i < 240 && accounts.length < demo.length; i++) {
      await new Promise(r => setTimeout(r, 500));
      accounts = await entitiesOfType(server, 'aws-account');
    }

    const owners = Object.fromEntries(
      accounts.map(e => [e.metadata.name, e.spec?.owner]),
    );
    expect(owners).toEqual(
      Object.fromEntries(
        demo.map(a => [
          `aws-account-${a.id}`,
          `group:default/${a.tags.owner ?? 'platform-team'}`,
        ]),
      ),
    );
    // Every name as AWS has it (any Unicode), and every state, closed too.
    const byName = new Map(accounts.map(e => [e.metadata.name, e]));
    expect(
      demo.map(a => {
        const { metadata } = byName.get(`aws-account-${a.id}`)!;
        return [
          metadata.title,
          metadata.annotations?.['landing-zone.io/account-status'],
          metadata.labels?.['landing-zone.io/account-state'],
        ];
      }),
    ).toEqual(
      demo.map(a => [
        a.name,
        a.status,
        a.status.toLowerCase().replace(/_/g, '-'),
      ]),
    );

    // Every VPC the scan stored, by the landing-zone API.
    const stored = await request(server)
      .get('/api/landing-zone/vpcs')
      .query({ limit: 500 })
      .set('Authorization', mockCredentials.user.header());
    const vpcIds: string[] = stored.body.items.map(
      (v: { vpcId: string }) => v.vpcId,
    );
    expect(vpcIds.length).toBeGreaterThan(10);
    let vpcs: Entity[] = [];
    for (let i = 0; i < 120 && vpcs.length < vpcIds.length; i++) {
      vpcs = await entitiesOfType(server, 'aws-vpc');
      await new Promise(r => setTimeout(r, 500));
    }
    expect(vpcs.map(e => e.metadata.name).sort()).toEqual(
      vpcIds.map(id => `aws-vpc-${id}`).sort(),
    );
    const names = new Set(accounts.map(e => e.metadata.name));
    for (const vpc of vpcs) {
      const [account] = vpc.spec?.dependencyOf as string[];
      expect(names).toContain(account.replace('resource:default/', ''));
      expect(vpc.spec?.owner).toBe(
        owners[account.replace('resource:default/', '')],
      );
    }
    // The relation the catalog graph draws, on both ends.
    const withVpcs = accounts.find(e =>
      e.relations?.some(r => r.type === 'dependsOn'),
    );
    expect(withVpcs).toBeDefined();
  });
});
