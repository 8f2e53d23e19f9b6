/*
 * Guardrail scopes: which accounts an organisation judges each guardrail in.
 * Pure functions of an account's identity and the OU list, shared by the
 * evaluator (which skips what is out of scope) and the pages (which say why a
 * guardrail is not judged in an account).
 */

import type {
  AccountSelector,
  GuardrailDefinition,
  GuardrailScope,
  GuardrailSettings,
} from './checks';
import type { AccountIdentity, OrganizationalUnit } from './facts';

/**
 * The organisation's guardrail configuration (`landingZone.guardrails`).
 *
 * @public
 */
export type GuardrailConfiguration = {
  /** By guardrail id; a guardrail not listed is judged in its whole population. */
  scopes: Record<string, GuardrailScope>;
  /** The accounts that hold data (guardrails that apply to data accounts). */
  dataAccounts: AccountSelector;
  /** The OUs whose accounts sign in through IAM Identity Center only. */
  identityCenterOnly: AccountSelector;
  settings: GuardrailSettings;
};

/**
 * Why a guardrail is not judged in an account:
 * - `disabled`: switched off in config;
 * - `not-data-account`: it applies to data accounts and this is not one;
 * - `not-identity-center-only`: it applies to Identity-Center-only OUs and the account is in none;
 * - `not-included`: the configured scope's `include` does not pick the account;
 * - `excluded`: the configured scope's `exclude` picks it.
 *
 * @public
 */
export type NotJudgedReason =
  | 'disabled'
  | 'not-data-account'
  | 'not-identity-center-only'
  | 'not-included'
  | 'excluded';

/**
 * The organisation's units by id (only their ids and names are read).
 *
 * @public
 */
export type UnitsById = ReadonlyMap<
  string,
  Pick<OrganizationalUnit, 'id' | 'name'>
>;

function hasEntries(selector: AccountSelector | undefined): boolean {
  return Boolean(
    selector &&
      ((selector.organizationalUnits?.length ?? 0) > 0 ||
        Object.keys(selector.tags ?? {}).length > 0 ||
        (selector.accounts?.length ?? 0) > 0),
  );
}

/**
 * Whether `selector` picks the account: one of its OUs (any unit on its path,
 * by id or name, case-insensitive), one of its tags' values (`*` for any), or
 * its id. An empty selector picks nobody.
 *
 * @public
 */
export function selectorMatches(
  selector: AccountSelector,
  account: Pick<AccountIdentity, 'id' | 'parentIds' | 'ouPath' | 'tags'>,
  units: UnitsById | readonly Pick<OrganizationalUnit, 'id' | 'name'>[],
): boolean {
  if (selector.accounts?.includes(account.id)) return true;
  const wanted = new Set(
    (selector.organizationalUnits ?? []).map(u => u.trim().toLowerCase()),
  );
  if (wanted.size > 0) {
    const byId: UnitsById = Array.isArray(units)
      ? new Map(units.map(u => [u.id, u]))
      : (units as UnitsById);
    for (const id of account.parentIds) {
      if (wanted.has(id.toLowerCase())) return true;
      const name = byId.get(id)?.name;
      if (name !== undefined && wanted.has(name.toLowerCase())) return true;
    }
  }
  for (const [key, values] of Object.entries(selector.tags ?? {})) {
    const value = account.tags[key];
    if (value === undefined) continue;
    if (values.some(v => v === '*' || v === value)) return true;
  }
  return false;
}

/**
 * Why the guardrail is not judged in the account, or undefined when it is.
 *
 * @public
 */
export function notJudgedReason(
  definition: Pick<GuardrailDefinition, 'id' | 'appliesTo'>,
  configuration: Pick<
    GuardrailConfiguration,
    'scopes' | 'dataAccounts' | 'identityCenterOnly'
  >,
  account: Pick<AccountIdentity, 'id' | 'parentIds' | 'ouPath' | 'tags'>,
  units: UnitsById | readonly Pick<OrganizationalUnit, 'id' | 'name'>[],
): NotJudgedReason | undefined {
  const scope = configuration.scopes[definition.id];
  if (scope && !scope.enabled) return 'disabled';
  if (
    definition.appliesTo === 'data-accounts' &&
    !selectorMatches(configuration.dataAccounts, account, units)
  ) {
    return 'not-data-account';
  }
  if (
    definition.appliesTo === 'identity-center-only' &&
    !selectorMatches(configuration.identityCenterOnly, account, units)
  ) {
    return 'not-identity-center-only';
  }
  if (
    scope?.include &&
    hasEntries(scope.include) &&
    !selectorMatches(scope.include, account, units)
  ) {
    return 'not-included';
  }
  if (scope?.exclude && selectorMatches(scope.exclude, account, units)) {
    return 'excluded';
  }
  return undefined;
}
