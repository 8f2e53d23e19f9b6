import {
  AuthorizeResult,
  createPermission,
  type ConditionalPolicyDecision,
  type Permission,
  type PermissionCondition,
  type PermissionCriteria,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { z } from 'zod';

// The plugin that evaluates the conditions on landing-zone resources.
const LANDING_ZONE_PLUGIN_ID = 'landing-zone';

/**
 * Permission resource type of the organisation's AWS accounts. A resource ref
 * of this type is an account id (`123456789012`).
 *
 * @public
 */
export const LANDING_ZONE_ACCOUNT_RESOURCE_TYPE = 'landing-zone-account';

/**
 * A permission on landing-zone accounts, whose decision may be conditional
 * on the account.
 *
 * @public
 */
export type LandingZoneAccountPermission = ResourcePermission<
  typeof LANDING_ZONE_ACCOUNT_RESOURCE_TYPE
>;

/**
 * Read the inventory and posture: accounts, VPCs, OUs, guardrail results,
 * history, the catalogue and scan status.
 *
 * @public
 */
export const landingZonePostureReadPermission = createPermission({
  name: 'landing-zone.posture.read',
  attributes: { action: 'read' },
});

/**
 * Read an account: its facts, VPCs and guardrail results. Policies may answer
 * it with conditions on the account (see {@link landingZoneAccountConditions}),
 * which the backend applies to every list and summary, so a user who may read
 * the posture sees only the accounts the conditions admit.
 *
 * @public
 */
export const landingZoneAccountReadPermission: LandingZoneAccountPermission =
  createPermission({
    name: 'landing-zone.account.read',
    attributes: { action: 'read' },
    resourceType: LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
  });

/**
 * Start a scan of the organisation on demand (POST /scans).
 *
 * @public
 */
export const landingZoneScanCreatePermission = createPermission({
  name: 'landing-zone.scan.create',
  attributes: { action: 'create' },
});

/**
 * Vend accounts: reserve a CIDR block and register an account request
 * (POST /cidr-allocations, POST /account-requests). The scaffolder's actions
 * call these with their own service credentials; people read requests with
 * the posture read permission.
 *
 * @public
 */
export const landingZoneAccountRequestCreatePermission = createPermission({
  name: 'landing-zone.account-request.create',
  attributes: { action: 'create' },
});

/**
 * Every permission of the landing-zone plugin.
 *
 * @public
 */
export const landingZonePermissions: Permission[] = [
  landingZonePostureReadPermission,
  landingZoneAccountReadPermission,
  landingZoneScanCreatePermission,
  landingZoneAccountRequestCreatePermission,
];

/**
 * The rules on landing-zone accounts: the contract between permission
 * policies, which name them in conditions, and the landing-zone backend, which
 * implements them. Each entry holds what `createPermissionRule` takes apart
 * from the implementation (`resourceRef`, `apply`, `toQuery`), so the names
 * and parameters the backend serves cannot drift from the ones policies send.
 *
 * @public
 */
export const landingZoneAccountRules = {
  /**
   * The account's owner, as the catalog names it (its owner tag as a full
   * entity reference, e.g. `group:default/team-payments`), is one of
   * `owners`. Policies pass the user's ownership entity references.
   */
  isOwnedBy: {
    name: 'IS_OWNED_BY',
    description:
      'Allow accounts owned by one of the given entities (the owner tag as a full entity reference)',
    paramsSchema: z.object({
      owners: z
        .array(z.string())
        .describe(
          'Entity references of owners, e.g. the ownership entity references of the user',
        ),
    }),
  },
  /**
   * The account is in the organizational unit `ouId` or in an OU below it.
   */
  isBelowOu: {
    name: 'IS_BELOW_OU',
    description:
      'Allow accounts in the given organizational unit or in any OU below it',
    paramsSchema: z.object({
      ouId: z
        .string()
        .describe('Id of the organizational unit, e.g. ou-ab12-34cd56ef'),
    }),
  },
} as const;

/**
 * Parameters of the `IS_OWNED_BY` rule on landing-zone accounts.
 *
 * @public
 */
export type LandingZoneAccountIsOwnedByParams = z.infer<
  typeof landingZoneAccountRules.isOwnedBy.paramsSchema
>;

/**
 * Parameters of the `IS_BELOW_OU` rule on landing-zone accounts.
 *
 * @public
 */
export type LandingZoneAccountIsBelowOuParams = z.infer<
  typeof landingZoneAccountRules.isBelowOu.paramsSchema
>;

/**
 * A condition on landing-zone accounts.
 *
 * @public
 */
export type LandingZoneAccountCondition =
  | PermissionCondition<
      typeof LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
      LandingZoneAccountIsOwnedByParams
    >
  | PermissionCondition<
      typeof LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
      LandingZoneAccountIsBelowOuParams
    >;

/**
 * Conditions on landing-zone accounts for permission policies, one per rule
 * of {@link landingZoneAccountRules}.
 *
 * @remarks
 *
 * They are plain data, so a policy builds them without depending on the
 * backend plugin that implements the rules; this is what
 * `createConditionExports` of `@backstage/plugin-permission-node` would give
 * for the same rules.
 *
 * @public
 */
export const landingZoneAccountConditions = {
  isOwnedBy(
    params: LandingZoneAccountIsOwnedByParams,
  ): PermissionCondition<
    typeof LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
    LandingZoneAccountIsOwnedByParams
  > {
    return {
      rule: landingZoneAccountRules.isOwnedBy.name,
      resourceType: LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
      params,
    };
  },
  isBelowOu(
    params: LandingZoneAccountIsBelowOuParams,
  ): PermissionCondition<
    typeof LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
    LandingZoneAccountIsBelowOuParams
  > {
    return {
      rule: landingZoneAccountRules.isBelowOu.name,
      resourceType: LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
      params,
    };
  },
};

/**
 * A conditional decision on a landing-zone account permission, for permission
 * policies: the landing-zone plugin evaluates `conditions` on each account.
 *
 * @example
 * ```ts
 * if (isPermission(request.permission, landingZoneAccountReadPermission)) {
 *   return createLandingZoneAccountConditionalDecision(
 *     request.permission,
 *     landingZoneAccountConditions.isOwnedBy({ owners: ownershipEntityRefs }),
 *   );
 * }
 * ```
 *
 * @public
 */
export function createLandingZoneAccountConditionalDecision(
  permission: LandingZoneAccountPermission,
  conditions: PermissionCriteria<LandingZoneAccountCondition>,
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: LANDING_ZONE_PLUGIN_ID,
    resourceType: permission.resourceType,
    conditions,
  };
}
