import type { UserInfoService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createLandingZoneAccountConditionalDecision,
  landingZoneAccountConditions,
  landingZoneAccountReadPermission,
  landingZonePostureReadPermission,
} from '@internal/plugin-landing-zone-common';

const FULL_ACCESS_GROUPS_KEY = 'permission.landingZone.fullAccessGroups';

const DEFAULT_FULL_ACCESS_GROUPS = [
  'group:default/security-team',
  'group:default/platform-team',
];

// Every permission of the landing-zone plugin is named so, including ones
// added after this policy was written: those are denied to team members until
// the policy says otherwise, rather than allowed by accident.
const LANDING_ZONE_PERMISSION_PREFIX = 'landing-zone.';

/**
 * The portal's permission policy. Members of the full-access groups may do
 * everything. Everyone else may read the posture, but of the accounts only
 * those their groups own: the account read permission is answered with an
 * `IS_OWNED_BY` condition that the landing-zone backend applies to every list
 * and summary. They may not start scans. Other plugins' permissions are
 * allowed, as the allow-all policy this one replaces did.
 */
export class LandingZonePermissionPolicy implements PermissionPolicy {
  readonly #fullAccessGroups: ReadonlySet<string>;
  readonly #userInfo: UserInfoService;

  static create(options: {
    config: Config;
    userInfo: UserInfoService;
  }): LandingZonePermissionPolicy {
    return new LandingZonePermissionPolicy(
      readFullAccessGroups(options.config),
      options.userInfo,
    );
  }

  private constructor(fullAccessGroups: string[], userInfo: UserInfoService) {
    this.#fullAccessGroups = new Set(fullAccessGroups);
    this.#userInfo = userInfo;
  }

  /** The full-access groups as normalised entity references. */
  get fullAccessGroups(): string[] {
    return [...this.#fullAccessGroups];
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith(LANDING_ZONE_PERMISSION_PREFIX)) {
      return { result: AuthorizeResult.ALLOW };
    }
    // No user: an unauthenticated request. Service principals never reach a
    // policy; the permissions service decides for them from their access
    // restrictions.
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }

    // From the user info service rather than `user.info`, which
    // PolicyQueryUser deprecates; the service caches per token, so this is
    // the lookup the permission backend has just made.
    const { ownershipEntityRefs } = await this.#userInfo.getUserInfo(
      user.credentials,
    );
    if (
      ownershipEntityRefs.some(ref =>
        this.#fullAccessGroups.has(ref.toLocaleLowerCase('en-US')),
      )
    ) {
      return { result: AuthorizeResult.ALLOW };
    }

    if (isPermission(permission, landingZonePostureReadPermission)) {
      // The page and the organisation-wide totals; which accounts are listed
      // is decided by the account read permission below.
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(permission, landingZoneAccountReadPermission)) {
      return createLandingZoneAccountConditionalDecision(
        permission,
        landingZoneAccountConditions.isOwnedBy({
          owners: ownershipEntityRefs,
        }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}

function readFullAccessGroups(config: Config): string[] {
  const values =
    config.getOptionalStringArray(FULL_ACCESS_GROUPS_KEY) ??
    DEFAULT_FULL_ACCESS_GROUPS;
  return values.map(value => {
    try {
      // Sign-in issues ownership references in lower case.
      return stringifyEntityRef(
        parseEntityRef(value, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      ).toLocaleLowerCase('en-US');
    } catch (error) {
      // Fails start-up rather than silently giving nobody full access.
      throw new InputError(
        `${FULL_ACCESS_GROUPS_KEY} holds an invalid entity reference: '${value}'`,
        error,
      );
    }
  });
}
