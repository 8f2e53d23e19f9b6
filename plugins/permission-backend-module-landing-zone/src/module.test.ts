import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  createPermission,
  type Permission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  createPermissionResourceRef,
  createPermissionRule,
  type PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
  landingZoneAccountReadPermission,
  landingZoneAccountRules,
  landingZonePermissions,
  landingZonePostureReadPermission,
  landingZoneScanCreatePermission,
} from '@internal/plugin-landing-zone-common';
import request from 'supertest';
import { permissionModuleLandingZone } from './module';
import { demoUserInfo } from './__testUtils__/demoUsers';

// A stand-in for the landing-zone backend: its accounts as a permission
// resource type, with the rules of -common implemented over a fixed list. It
// shows that the conditions the policy sends are ones a plugin built from
// landingZoneAccountRules evaluates, in memory and as a query.
type Account = { id: string; owner: string; ouIds: string[] };
type AccountQuery = { key: string; values: string[] };

const accounts: Account[] = [
  {
    id: '111111111111',
    owner: 'group:default/team-payments',
    ouIds: ['r-root', 'ou-workloads', 'ou-prod'],
  },
  {
    id: '222222222222',
    owner: 'group:default/team-cards',
    ouIds: ['r-root', 'ou-workloads', 'ou-prod'],
  },
  {
    id: '333333333333',
    owner: 'group:default/platform-team',
    ouIds: ['r-root', 'ou-infrastructure'],
  },
];

const accountResourceRef = createPermissionResourceRef<
  Account,
  AccountQuery
>().with({
  pluginId: 'landing-zone',
  resourceType: LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
});

let ruleset: PermissionRuleset<Account, AccountQuery>;

const landingZoneStandIn = createBackendPlugin({
  pluginId: 'landing-zone',
  register(reg) {
    reg.registerInit({
      deps: { permissionsRegistry: coreServices.permissionsRegistry },
      async init({ permissionsRegistry }) {
        ruleset = permissionsRegistry.getPermissionRuleset(accountResourceRef);
        permissionsRegistry.addResourceType({
          resourceRef: accountResourceRef,
          permissions: landingZonePermissions,
          rules: [
            createPermissionRule({
              ...landingZoneAccountRules.isOwnedBy,
              resourceRef: accountResourceRef,
              apply: (account, { owners }) => owners.includes(account.owner),
              toQuery: ({ owners }) => ({ key: 'owner', values: owners }),
            }),
            createPermissionRule({
              ...landingZoneAccountRules.isBelowOu,
              resourceRef: accountResourceRef,
              apply: (account, { ouId }) => account.ouIds.includes(ouId),
              toQuery: ({ ouId }) => ({ key: 'ou', values: [ouId] }),
            }),
          ],
        });
      },
    });
  },
});

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => demoUserInfo,
});

const catalogEntityCreate = createPermission({
  name: 'catalog.entity.create',
  attributes: { action: 'create' },
});

async function startBackend(landingZone: object = {}) {
  const { server } = await startTestBackend({
    features: [
      permissionPlugin,
      permissionModuleLandingZone,
      landingZoneStandIn,
      userInfoFactory,
      mockServices.rootConfig.factory({
        data: { permission: { enabled: true, landingZone } },
      }),
    ],
  });
  return server;
}

// A user's request as the landing-zone backend makes it on the user's behalf
// (`permissions.authorizeConditional([...], { credentials })`). Without
// resource refs: the permission backend would then call the stand-in's
// apply-conditions endpoint, which refuses the mock auth service's
// on-behalf-of tokens (they carry no actor); visibleAccounts applies the
// conditions instead, with the stand-in's own rules.
async function decide(
  server: Awaited<ReturnType<typeof startBackend>>,
  userEntityRef: string,
  permissions: Permission[],
): Promise<PolicyDecision[]> {
  const res = await request(server)
    .post('/api/permission/authorize')
    .set(
      'Authorization',
      `Bearer ${mockCredentials.user.token(userEntityRef, {
        actor: { subject: 'plugin:landing-zone' },
      })}`,
    )
    .send({
      items: permissions.map((permission, i) => ({
        id: String(i),
        permission,
      })),
    });
  expect(res.status).toBe(200);
  return res.body.items.map(
    ({ id: _id, ...decision }: PolicyDecision & { id: string }) => decision,
  );
}

// The accounts a decision admits, as the backend filters an account it has
// loaded.
function visibleAccounts(decision: PolicyDecision): string[] {
  const authorize = createConditionAuthorizer(ruleset);
  return accounts
    .filter(account => authorize(decision, account))
    .map(account => account.id);
}

const allow = { result: AuthorizeResult.ALLOW };
const deny = { result: AuthorizeResult.DENY };

describe('permissionModuleLandingZone', () => {
  it('lets the guest, of platform-team, read every account and start scans', async () => {
    const server = await startBackend();
    const [posture, account, scan, catalog] = await decide(
      server,
      'user:development/guest',
      [
        landingZonePostureReadPermission,
        landingZoneAccountReadPermission,
        landingZoneScanCreatePermission,
        catalogEntityCreate,
      ],
    );
    expect([posture, account, scan, catalog]).toEqual([
      allow,
      allow,
      allow,
      allow,
    ]);
    expect(visibleAccounts(account)).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
    ]);
  });

  it("lets a team member read only their team's accounts, and no scans", async () => {
    const server = await startBackend();
    const [posture, account, scan, catalog] = await decide(
      server,
      'user:default/pat-payments',
      [
        landingZonePostureReadPermission,
        landingZoneAccountReadPermission,
        landingZoneScanCreatePermission,
        catalogEntityCreate,
      ],
    );
    expect(posture).toEqual(allow);
    expect(scan).toEqual(deny);
    expect(catalog).toEqual(allow);
    expect(account).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'landing-zone',
      resourceType: 'landing-zone-account',
      conditions: {
        rule: 'IS_OWNED_BY',
        resourceType: 'landing-zone-account',
        params: {
          owners: ['user:default/pat-payments', 'group:default/team-payments'],
        },
      },
    });
    expect(visibleAccounts(account)).toEqual(['111111111111']);
    // What a list query is filtered by.
    if (account.result !== AuthorizeResult.CONDITIONAL) {
      throw new Error('expected a conditional decision');
    }
    expect(createConditionTransformer(ruleset)(account.conditions)).toEqual({
      key: 'owner',
      values: ['user:default/pat-payments', 'group:default/team-payments'],
    });
  });

  it('reads the full-access groups from config', async () => {
    const server = await startBackend({ fullAccessGroups: ['team-payments'] });
    const [payments, paymentsScan] = await decide(
      server,
      'user:default/pat-payments',
      [landingZoneAccountReadPermission, landingZoneScanCreatePermission],
    );
    expect([payments, paymentsScan]).toEqual([allow, allow]);

    const [guest, guestScan] = await decide(server, 'user:development/guest', [
      landingZoneAccountReadPermission,
      landingZoneScanCreatePermission,
    ]);
    expect(guestScan).toEqual(deny);
    expect(visibleAccounts(guest)).toEqual(['333333333333']);
  });

  it('serves the rules of -common with their parameter schemas', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/landing-zone/.well-known/backstage/permissions/metadata')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.permissions.map((p: Permission) => p.name)).toEqual(
      landingZonePermissions.map(p => p.name),
    );
    expect(res.body.rules).toEqual([
      expect.objectContaining({
        name: 'IS_OWNED_BY',
        resourceType: 'landing-zone-account',
        paramsSchema: expect.objectContaining({
          type: 'object',
          required: ['owners'],
          properties: {
            owners: expect.objectContaining({
              type: 'array',
              items: { type: 'string' },
            }),
          },
        }),
      }),
      expect.objectContaining({
        name: 'IS_BELOW_OU',
        resourceType: 'landing-zone-account',
        paramsSchema: expect.objectContaining({
          required: ['ouId'],
          properties: { ouId: expect.objectContaining({ type: 'string' }) },
        }),
      }),
    ]);
  });
});
