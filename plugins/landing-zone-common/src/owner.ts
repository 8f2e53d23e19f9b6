import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * The account tag that names an account's owning group, unless configured
 * otherwise (`catalog.providers.landingZone.ownerTag`).
 *
 * @public
 */
export const DEFAULT_OWNER_TAG = 'owner';

/**
 * The value of an account's owner tag. AWS tag keys are case-sensitive, but
 * organisations write `Owner` and `owner` alike: the key exactly as
 * configured wins, otherwise the first key equal to it ignoring case. The
 * catalog module (the entity's owner) and the backend (the permission rule
 * IS_OWNED_BY) both read it here, so they never disagree about an owner.
 *
 * @public
 */
export function accountOwnerTag(
  tags: Record<string, string>,
  key: string = DEFAULT_OWNER_TAG,
): string | undefined {
  if (Object.prototype.hasOwnProperty.call(tags, key)) return tags[key];
  const lower = key.toLowerCase();
  const found = Object.keys(tags).find(k => k.toLowerCase() === lower);
  return found === undefined ? undefined : tags[found];
}

const validator = makeValidator();

/**
 * The owner a tag value names, as a full entity reference: a bare name is a
 * group in the default namespace, a value with a kind or namespace is taken
 * as written. Undefined when the value cannot be an entity reference
 * (spaces, Unicode, too long): the configured fallback owner owns the
 * account then.
 *
 * @public
 */
export function ownerRefOf(value: string | undefined): string | undefined {
  const trimmed = (value ?? '').trim();
  if (!trimmed) return undefined;
  let ref;
  try {
    ref = parseEntityRef(trimmed, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    return undefined;
  }
  // Namespaces are lower-case DNS labels; `Default` in a tag means `default`.
  ref = { ...ref, namespace: ref.namespace.toLocaleLowerCase('en-US') };
  if (
    !validator.isValidKind(ref.kind) ||
    !validator.isValidNamespace(ref.namespace) ||
    !validator.isValidEntityName(ref.name)
  ) {
    return undefined;
  }
  return stringifyEntityRef(ref);
}
