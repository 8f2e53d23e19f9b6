import type { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import {
  LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
  landingZoneAccountReadPermission,
  landingZoneAccountRules,
} from '@internal/plugin-landing-zone-common';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  createConditionTransformer,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import type { Knex } from 'knex';
import { CHUNK, ownerRefOf } from './store/rows';

/**
 * An account as the permission rules see it: its owner as a lower-case full
 * entity reference (null: the catalog's fallback owner owns it) and every OU
 * (and the root) it is below.
 */
export type LandingZoneAccountResource = {
  id: string;
  ownerRef: string | null;
  ouIds: string[];
};

/** A rule's condition as a filter on a query that reads lz_accounts. */
export type AccountQuery = (query: Knex.QueryBuilder) => void;

/** The accounts a permission decision admits, as a filter on lz_accounts. */
export type AccountScope = PermissionCriteria<AccountQuery>;

export const landingZoneAccountResourceRef = createPermissionResourceRef<
  LandingZoneAccountResource,
  AccountQuery
>().with({
  pluginId: 'landing-zone',
  resourceType: LANDING_ZONE_ACCOUNT_RESOURCE_TYPE,
});

/** The catalog module's default fallback owner of accounts without one. */
export const DEFAULT_FALLBACK_OWNER = 'group:default/platform-team';

/**
 * The rules on accounts. `fallbackOwner` is the owner the catalog gives an
 * account whose owner tag is missing or invalid, so that its owners see it.
 */
export function landingZoneAccountPermissionRules(options: {
  fallbackOwner: string;
}) {
  const fallbackOwner = options.fallbackOwner.toLowerCase();
  const isOwnedBy = createPermissionRule({
    ...landingZoneAccountRules.isOwnedBy,
    resourceRef: landingZoneAccountResourceRef,
    apply: (resource, { owners }) => {
      const wanted = owners.map(o => o.toLowerCase());
      return wanted.includes(resource.ownerRef ?? fallbackOwner);
    },
    toQuery: ({ owners }) => {
      const wanted = [...new Set(owners.map(o => o.toLowerCase()))];
      return query => {
        // NULL-safe both ways, so that `not` of the rule admits exactly the
        // accounts the rule does not: an account without a valid owner is
        // the fallback owner's.
        query.where(sub => {
          if (wanted.length === 0) {
            sub.whereRaw('1 = 0');
          } else if (wanted.includes(fallbackOwner)) {
            sub
              .whereIn('lz_accounts.owner_ref', wanted)
              .orWhereNull('lz_accounts.owner_ref');
          } else {
            sub
              .whereNotNull('lz_accounts.owner_ref')
              .whereIn('lz_accounts.owner_ref', wanted);
          }
        });
      };
    },
  });
  const isBelowOu = createPermissionRule({
    ...landingZoneAccountRules.isBelowOu,
    resourceRef: landingZoneAccountResourceRef,
    apply: (resource, { ouId }) => resource.ouIds.includes(ouId),
    toQuery:
      ({ ouId }) =>
      query => {
        query.whereExists(sub =>
          sub
            .select('lz_account_ous.account_id')
            .from('lz_account_ous')
            .where('lz_account_ous.ou_id', ouId)
            .whereRaw('lz_account_ous.account_id = lz_accounts.account_id'),
        );
      },
  });
  return { isOwnedBy, isBelowOu };
}

/** Loads accounts as the rules see them, for the permission framework. */
export async function loadAccountResources(
  db: Knex,
  ids: string[],
): Promise<Array<LandingZoneAccountResource | undefined>> {
  const found = new Map<string, LandingZoneAccountResource>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const [accounts, memberships] = await Promise.all([
      db('lz_accounts')
        .whereIn('account_id', chunk)
        .select('account_id', 'owner', 'owner_ref'),
      db('lz_account_ous')
        .whereIn('account_id', chunk)
        .select('account_id', 'ou_id'),
    ]);
    for (const a of accounts) {
      found.set(a.account_id, {
        id: a.account_id,
        ownerRef: a.owner_ref ?? ownerRefOf(a.owner),
        ouIds: [],
      });
    }
    for (const m of memberships) found.get(m.account_id)?.ouIds.push(m.ou_id);
  }
  return ids.map(id => found.get(id));
}

/** Registers accounts as a permission resource type with their rules. */
export function registerAccountResourceType(options: {
  permissionsRegistry: PermissionsRegistryService;
  db: () => Promise<Knex>;
  fallbackOwner: string;
}) {
  const { isOwnedBy, isBelowOu } = landingZoneAccountPermissionRules(options);
  options.permissionsRegistry.addResourceType({
    resourceRef: landingZoneAccountResourceRef,
    permissions: [landingZoneAccountReadPermission],
    rules: [isOwnedBy, isBelowOu],
    getResources: async ids => loadAccountResources(await options.db(), ids),
  });
  return createConditionTransformer(
    options.permissionsRegistry.getPermissionRuleset(
      landingZoneAccountResourceRef,
    ),
  );
}

/** Applies a decision's conditions to a query that reads lz_accounts. */
export function whereScope(query: Knex.QueryBuilder, scope: AccountScope) {
  if ('allOf' in scope) {
    query.where(sub => {
      for (const c of scope.allOf) sub.where(s => whereScope(s, c));
    });
  } else if ('anyOf' in scope) {
    query.where(sub => {
      for (const c of scope.anyOf) sub.orWhere(s => whereScope(s, c));
    });
  } else if ('not' in scope) {
    query.whereNot(sub => whereScope(sub, scope.not));
  } else {
    query.where(sub => scope(sub));
  }
}
