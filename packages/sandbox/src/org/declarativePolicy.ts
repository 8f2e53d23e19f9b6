/*
 * EC2 declarative policies: the effective policy of an account, merged from the
 * DECLARATIVE_POLICY_EC2 policies attached on its path (root, then each OU
 * down, then the account) with Organizations' inheritance operators, and the
 * EC2 account settings it enforces.
 *
 * As documented for management policies: `@@assign` replaces the inherited
 * value; `@@operators_allowed_for_child_policies` on a node limits what
 * policies further down may do to it and below it (`["@@none"]`: nothing, so
 * a child's `@@assign` there is ignored). Policies attached to the same target
 * are merged in the order they were attached. The effective policy is written
 * without operators, values in place.
 */
import type { OrganizationIndex } from './OrganizationIndex';
import type { Ec2AccountSettings, ServiceControlPolicy } from './types';

type Json = Record<string, unknown>;

const ASSIGN = '@@assign';
const ALLOWED = '@@operators_allowed_for_child_policies';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a node forbids children from assigning under it. */
function locksChildren(node: Json): boolean {
  const allowed = node[ALLOWED];
  return Array.isArray(allowed) && !allowed.includes(ASSIGN);
}

function merge(
  target: Json,
  source: Json,
  path: string,
  locked: ReadonlySet<string>,
  newLocks: Set<string>,
): void {
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith('@@')) continue;
    const at = `${path}/${key}`;
    // A lock on a node covers everything under it.
    if ([...locked].some(l => at === l || at.startsWith(`${l}/`))) continue;
    if (!isObject(value)) continue;
    if (ASSIGN in value) {
      target[key] = value[ASSIGN];
    } else {
      const child = isObject(target[key]) ? (target[key] as Json) : {};
      target[key] = child;
      merge(child, value, at, locked, newLocks);
    }
    if (locksChildren(value)) newLocks.add(at);
  }
}

function parse(policy: ServiceControlPolicy): Json {
  try {
    const content = JSON.parse(policy.content);
    return isObject(content) ? content : {};
  } catch {
    // The loader keeps policy text as written; an unparseable one contributes nothing.
    return {};
  }
}

/**
 * The account's effective EC2 declarative policy, or undefined when no
 * declarative policy applies to it.
 */
export function effectiveDeclarativePolicy(
  index: OrganizationIndex,
  accountId: string,
): Json | undefined {
  const effective: Json = {};
  const locked = new Set<string>();
  let found = false;
  for (const target of index.pathOf(accountId)) {
    const newLocks = new Set<string>();
    for (const policy of index.policiesFor(target)) {
      if (policy.type !== 'DECLARATIVE_POLICY_EC2') continue;
      found = true;
      merge(effective, parse(policy), '', locked, newLocks);
    }
    for (const lock of newLocks) locked.add(lock);
  }
  return found ? effective : undefined;
}

/** The EC2 settings a declarative policy enforces; absent keys are left to the account. */
export type DeclaredEc2Settings = {
  vpcBlockPublicAccess?: Partial<Ec2AccountSettings['vpcBlockPublicAccess']>;
  snapshotBlockPublicAccess?: Ec2AccountSettings['snapshotBlockPublicAccess'];
  imageBlockPublicAccess?: Ec2AccountSettings['imageBlockPublicAccess'];
  instanceMetadataDefaults?: Ec2AccountSettings['instanceMetadataDefaults'];
};

// Declarative policies spell values with underscores, EC2's API with dashes.
const dashed = (value: unknown) =>
  typeof value === 'string' ? value.replace(/_/g, '-') : undefined;

function preference<T extends string>(value: unknown): T | undefined {
  return typeof value === 'string' && value !== 'no_preference'
    ? (value as T)
    : undefined;
}

/** What the account's effective declarative policy sets among the EC2 settings the sandbox serves. */
export function declaredEc2Settings(
  index: OrganizationIndex,
  accountId: string,
): DeclaredEc2Settings {
  const attributes = effectiveDeclarativePolicy(
    index,
    accountId,
  )?.ec2_attributes;
  if (!isObject(attributes)) return {};
  const out: DeclaredEc2Settings = {};
  const vpc = attributes.vpc_block_public_access;
  if (isObject(vpc) && isObject(vpc.internet_gateway_block)) {
    const block = vpc.internet_gateway_block;
    out.vpcBlockPublicAccess = {
      mode: dashed(
        block.mode,
      ) as Ec2AccountSettings['vpcBlockPublicAccess']['mode'],
      exclusionsAllowed:
        block.exclusions_allowed === undefined
          ? undefined
          : block.exclusions_allowed === 'enabled',
    };
  }
  const snapshot = attributes.snapshot_block_public_access;
  if (isObject(snapshot) && typeof snapshot.state === 'string') {
    out.snapshotBlockPublicAccess = dashed(
      snapshot.state,
    ) as Ec2AccountSettings['snapshotBlockPublicAccess'];
  }
  const image = attributes.image_block_public_access;
  if (isObject(image) && typeof image.state === 'string') {
    out.imageBlockPublicAccess = dashed(
      image.state,
    ) as Ec2AccountSettings['imageBlockPublicAccess'];
  }
  const imds = attributes.instance_metadata_defaults;
  if (isObject(imds)) {
    const hops = Number(imds.http_put_response_hop_limit);
    out.instanceMetadataDefaults = {
      httpTokens: preference(imds.http_tokens),
      httpPutResponseHopLimit: hops > 0 ? hops : undefined,
      httpEndpoint: preference(imds.http_endpoint),
      instanceMetadataTags: preference(imds.instance_metadata_tags),
    };
  }
  return out;
}
