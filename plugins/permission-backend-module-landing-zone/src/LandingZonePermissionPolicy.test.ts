import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
  type Permission,
} from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  landingZoneAccountReadPermission,
  landingZonePostureReadPermission,
  landingZoneScanCreatePermission,
} from '@internal/plugin-landing-zone-common';
import { LandingZonePermissionPolicy } from './LandingZonePermissionPolicy';
import { demoUserInfo, ownershipOf } from './__testUtils__/demoUsers';

const { ALLOW, DENY, CONDITIONAL } = AuthorizeResult;

function policyWith(config: object = {}) {
  return LandingZonePermissionPolicy.create({
    config: mockServices.rootConfig({ data: config }),
    userInfo: demoUserInfo,
  });
}

const catalogEntityRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const scaffolderTaskCreate = createPermission({
  name: 'scaffolder.task.create',
  attributes: { action: 'create' },
});
// A landing-zone permission the policy was not written for.
const landingZoneFutureDelete = createPermission({
  name: 'landing-zone.account.delete',
  attributes: { action: 'delete' },
});

const everyPermission = [
  landingZonePostureReadPermission,
  landingZoneAccountReadPermission,
  landingZoneScanCreatePermission,
  landingZoneFutureDelete,
  catalogEntityRead,
  scaffolderTaskCreate,
];

// The decisions for `userEntityRef` (none: unauthenticated), one per
// permission.
async function decide(
  policy: LandingZonePermissionPolicy,
  userEntityRef: string | undefined,
  permissions: Permission[] = everyPermission,
) {
  const user: PolicyQueryUser | undefined = userEntityRef
    ? {
        credentials: mockCredentials.user(userEntityRef),
        info: {
          userEntityRef,
          ownershipEntityRefs: ownershipOf(userEntityRef),
        },
      }
    : undefined;
  return Promise.all(
    permissions.map(permission => policy.handle({ permission }, user)),
  );
}

function results(decisions: Array<{ result: AuthorizeResult }>) {
  return decisions.map(decision => decision.result);
}

function ownedBy(owners: string[]) {
  return {
    result: CONDITIONAL,
    pluginId: 'landing-zone',
    resourceType: 'landing-zone-account',
    conditions: {
      rule: 'IS_OWNED_BY',
      resourceType: 'landing-zone-account',
      params: { owners },
    },
  };
}

describe('LandingZonePermissionPolicy', () => {
  describe('with the default full-access groups', () => {
    const policy = policyWith();

    it.each(['user:development/guest', 'user:default/sam-security'])(
      'allows %s, of a full-access group, everything',
      async ref => {
        expect(results(await decide(policy, ref))).toEqual(
          everyPermission.map(() => ALLOW),
        );
      },
    );

    it('lets a team member read the posture of the accounts their groups own, and no more', async () => {
      const [posture, account, scan, future, catalog, scaffolder] =
        await decide(policy, 'user:default/pat-payments');
      expect(posture).toEqual({ result: ALLOW });
      expect(account).toEqual(
        ownedBy(['user:default/pat-payments', 'group:default/team-payments']),
      );
      // Scans, and landing-zone permissions the policy does not know.
      expect(results([scan, future])).toEqual([DENY, DENY]);
      // Other plugins, as the allow-all policy left them.
      expect(results([catalog, scaffolder])).toEqual([ALLOW, ALLOW]);
    });

    it('narrows a user in no group to the accounts the user owns', async () => {
      const [account] = await decide(policy, 'user:default/lone-wolf', [
        landingZoneAccountReadPermission,
      ]);
      expect(account).toEqual(ownedBy(['user:default/lone-wolf']));
    });

    it('denies unauthenticated requests the landing zone only', async () => {
      expect(results(await decide(policy, undefined))).toEqual([
        DENY,
        DENY,
        DENY,
        DENY,
        ALLOW,
        ALLOW,
      ]);
    });

    it('names its full-access groups', () => {
      expect(policy.fullAccessGroups).toEqual([
        'group:default/security-team',
        'group:default/platform-team',
      ]);
    });
  });

  describe('with permission.landingZone.fullAccessGroups', () => {
    const scanAndAccounts = [
      landingZoneScanCreatePermission,
      landingZoneAccountReadPermission,
    ];

    it('gives full access to the configured groups only', async () => {
      const policy = policyWith({
        permission: { landingZone: { fullAccessGroups: ['team-payments'] } },
      });
      expect(policy.fullAccessGroups).toEqual(['group:default/team-payments']);
      expect(
        results(
          await decide(policy, 'user:default/pat-payments', scanAndAccounts),
        ),
      ).toEqual([ALLOW, ALLOW]);
      expect(
        await decide(policy, 'user:development/guest', scanAndAccounts),
      ).toEqual([
        { result: DENY },
        ownedBy(['user:development/guest', 'group:default/platform-team']),
      ]);
    });

    it('compares references without regard to case', async () => {
      const policy = policyWith({
        permission: {
          landingZone: { fullAccessGroups: ['Group:Default/Team-Payments'] },
        },
      });
      expect(
        results(
          await decide(policy, 'user:default/pat-payments', scanAndAccounts),
        ),
      ).toEqual([ALLOW, ALLOW]);
    });

    it('gives nobody full access when the list is empty', async () => {
      const policy = policyWith({
        permission: { landingZone: { fullAccessGroups: [] } },
      });
      expect(
        results(
          await decide(policy, 'user:development/guest', scanAndAccounts),
        ),
      ).toEqual([DENY, CONDITIONAL]);
    });

    it('refuses a value that is not an entity reference', () => {
      expect(() =>
        policyWith({
          permission: {
            landingZone: { fullAccessGroups: ['group:default/'] },
          },
        }),
      ).toThrow(
        "permission.landingZone.fullAccessGroups holds an invalid entity reference: 'group:default/'",
      );
    });
  });
});
