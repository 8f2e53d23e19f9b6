import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import type { Sandbox } from '@internal/sandbox';
import type { Server } from 'node:http';
import request from 'supertest';
import { waitForScan } from './__testUtils__/api';
import {
  demoGuardrails,
  landingZoneConfig,
  startTestSandbox,
} from './__testUtils__/sandbox';
import { landingZonePlugin } from './plugin';

jest.setTimeout(300_000);

const databases = TestDatabases.create();

/**
 * The demo organisation scanned by two backends on one database, each with
 * the alerts task running every second beside the scan's own alerting: a
 * guardrail broken through the sandbox's admin API and mended again.
 */
describe.each(databases.eachSupportedId())(
  'alerts of two backends on one %p database',
  databaseId => {
    let sandbox: Sandbox;
    const sent: { replica: string; options: NotificationSendOptions }[] = [];
    let a: { server: Server; stop: () => Promise<void> };
    let b: { stop: () => Promise<void> };

    const auth = () => mockCredentials.user.header();
    const to = (ref: string) =>
      sent.filter(
        s =>
          s.options.recipients.type === 'entity' &&
          s.options.recipients.entityRef === ref,
      );

    beforeAll(async () => {
      sandbox = await startTestSandbox();
      const knex = await databases.init(databaseId);
      const replica = (name: string) =>
        startTestBackend({
          features: [
            landingZonePlugin,
            schedulerServiceFactory,
            mockServices.database.factory({ knex }),
            createServiceFactory({
              service: notificationService,
              deps: {},
              factory: () => ({
                send: async (options: NotificationSendOptions) => {
                  sent.push({ replica: name, options });
                },
              }),
            }),
            mockServices.rootConfig.factory({
              data: {
                landingZone: {
                  ...landingZoneConfig(sandbox, {
                    guardrails: demoGuardrails(),
                  }),
                  scan: {
                    concurrency: 4,
                    schedule: {
                      frequency: { hours: 24 },
                      timeout: { minutes: 10 },
                      initialDelay: { hours: 24 },
                    },
                  },
                  alerts: {
                    securityGroup: 'group:default/security-team',
                    knownOrganizationalUnits: [
                      'Security',
                      'Infrastructure',
                      'Workloads',
                      'Sandbox',
                      'Suspended',
                    ],
                    schedule: {
                      frequency: { seconds: 1 },
                      timeout: { minutes: 1 },
                      initialDelay: { seconds: 0 },
                    },
                  },
                },
              },
            }),
          ],
        });
      a = await replica('a');
      b = await replica('b');
    });

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await sandbox?.close();
    });

    async function scan() {
      const started = await request(a.server)
        .post('/api/landing-zone/scans')
        .set('Authorization', auth());
      expect(started.status).toBe(202);
      const finished = await waitForScan(a.server, started.body.id);
      // Give the other backend's periodic run every chance to send it again.
      await new Promise(r => setTimeout(r, 2500));
      return finished.id as string;
    }

    const paymentsProd = () =>
      sandbox.organization.accounts.find(x => x.name === 'payments-prod')!;

    it("tells the security team of the root user's activity at the first scan, once", async () => {
      const first = await scan();
      const security = to('group:default/security-team');
      expect(security).toHaveLength(1);
      expect(security[0].options.payload.title).toMatch(
        /^Landing zone: root user activity in \d+ accounts? /,
      );
      expect(security[0].options.payload.description).toContain(
        'auth-prod (278283156651): root user',
      );
      // Nothing else is new at the first scan: no regressions, no stale accounts.
      expect(
        sent.every(s => /root user activity/.test(s.options.payload.title)),
      ).toBe(true);
      const alerts = await request(a.server)
        .get('/api/landing-zone/alerts')
        .query({ scanId: first })
        .set('Authorization', auth());
      expect(alerts.status).toBe(200);
      expect(alerts.body.items.map((x: any) => x.kind)).toContain(
        'root-activity',
      );
    });

    it('tells the owning team of a guardrail broken in the sandbox, with a link to the evidence, exactly once; then of its mending', async () => {
      const account = paymentsProd();
      const owner = `group:default/${account.tags.owner}`;
      const before = sent.length;
      const patch = (guardDuty: string) =>
        fetch(
          `${sandbox.url}/_sandbox/accounts/${account.id}/regions/eu-west-1`,
          {
            method: 'PATCH',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ guardDuty }),
          },
        );
      expect((await patch('DISABLED')).status).toBe(200);
      const broken = await scan();

      const told = sent.slice(before);
      const toOwner = told.filter(
        s =>
          s.options.recipients.type === 'entity' &&
          s.options.recipients.entityRef === owner,
      );
      expect(toOwner).toHaveLength(1);
      expect(toOwner[0].options.payload).toMatchObject({
        title: 'Landing zone: 1 guardrail regression (payments-prod)',
        link: `/catalog/default/resource/aws-account-${account.id}/guardrails`,
        severity: 'high',
      });
      // GuardDuty is high: the security team hears too; nobody else.
      expect(
        told
          .map(s =>
            s.options.recipients.type === 'entity'
              ? s.options.recipients.entityRef
              : '',
          )
          .sort(),
      ).toEqual([owner, 'group:default/security-team'].sort());

      // The link leads to the verdict and its evidence.
      const page = await request(a.server)
        .get(`/api/landing-zone/accounts/${account.id}`)
        .set('Authorization', auth());
      const verdict = page.body.guardrails.find(
        (g: any) => g.checkId === 'guardduty-enabled',
      );
      expect(verdict.status).toBe('fail');
      expect(JSON.stringify(verdict.evidence)).toContain('eu-west-1');
      const history = await request(a.server)
        .get(`/api/landing-zone/accounts/${account.id}/alerts`)
        .set('Authorization', auth());
      expect(history.body.items).toEqual([
        expect.objectContaining({
          scanId: broken,
          kind: 'regression',
          checkId: 'guardduty-enabled',
          severity: 'high',
          recipients: expect.arrayContaining([
            owner,
            'group:default/security-team',
          ]),
          notifiedAt: expect.any(String),
        }),
      ]);

      const mendedFrom = sent.length;
      expect((await patch('ENABLED')).status).toBe(200);
      await scan();
      const followUps = sent.slice(mendedFrom);
      expect(
        followUps
          .map(s => [
            s.options.recipients.type === 'entity'
              ? s.options.recipients.entityRef
              : '',
            s.options.payload.title,
          ])
          .sort(),
      ).toEqual(
        [
          [owner, 'Landing zone: 1 recovery (payments-prod)'],
          [
            'group:default/security-team',
            'Landing zone: 1 recovery (payments-prod)',
          ],
        ].sort(),
      );
    });
  },
);
