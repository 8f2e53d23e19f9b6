/*
 * Organizations policies: the file's SCPs, RCPs and EC2 declarative policies,
 * and the AWS-managed FullAWSAccess and RCPFullAWSAccess that AWS attaches to
 * the root, every OU and every account when their type is enabled.
 */
import { hashHex } from './ids';
import type { SpecIssue } from './resolve';
import type { OrganizationSpec } from './schema';
import type {
  Account,
  OrganizationalUnit,
  PolicyType,
  ServiceControlPolicy,
} from './types';

/** AWS's own SCP, attached to every root, OU and account unless detached. */
export const FULL_AWS_ACCESS_ID = 'p-FullAWSAccess';
/** AWS's own RCP, attached everywhere once RCPs are enabled, unless detached. */
export const RCP_FULL_AWS_ACCESS_ID = 'p-RCPFullAWSAccess';

const MANAGED: Record<
  'FullAWSAccess' | 'RCPFullAWSAccess',
  Omit<ServiceControlPolicy, 'targetIds'>
> = {
  FullAWSAccess: {
    id: FULL_AWS_ACCESS_ID,
    name: 'FullAWSAccess',
    description: 'Allows access to every operation',
    type: 'SERVICE_CONTROL_POLICY',
    awsManaged: true,
    content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    }),
  },
  RCPFullAWSAccess: {
    id: RCP_FULL_AWS_ACCESS_ID,
    name: 'RCPFullAWSAccess',
    description: 'Allows access to every operation',
    type: 'RESOURCE_CONTROL_POLICY',
    awsManaged: true,
    content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      ],
    }),
  },
};

/** The organisation's entities, as policy targets name them. */
export type PolicyTargets = {
  rootId: string;
  ous: OrganizationalUnit[];
  ouByPath: Map<string, OrganizationalUnit>;
  accounts: Account[];
  accountsByName: Map<string, Account>;
};

export function resolvePolicies(
  spec: OrganizationSpec,
  enabledTypes: PolicyType[],
  t: PolicyTargets,
  issues: SpecIssue[],
): ServiceControlPolicy[] {
  const ouIds = new Set(t.ous.map(o => o.id));
  const accountIds = new Set(t.accounts.map(a => a.id));
  const targetId = (target: string) =>
    target === 'Root' || target === t.rootId
      ? t.rootId
      : t.ouByPath.get(target)?.id ??
        (ouIds.has(target) ? target : undefined) ??
        t.accountsByName.get(target)?.id ??
        (accountIds.has(target) ? target : undefined);
  const targetsOf = (targets: string[], path: (string | number)[]) => {
    const ids: string[] = [];
    targets.forEach((target, i) => {
      const id = targetId(target);
      if (id) ids.push(id);
      else {
        issues.push({
          path: [...path, i],
          message: `target "${target}" is neither Root, an OU path nor an account name or id`,
        });
      }
    });
    return ids;
  };

  const everywhere = [
    t.rootId,
    ...t.ous.map(o => o.id),
    ...t.accounts.map(a => a.id),
  ];
  const managed: ServiceControlPolicy[] = [];
  for (const name of ['FullAWSAccess', 'RCPFullAWSAccess'] as const) {
    const policy = MANAGED[name];
    const detached = new Set(
      targetsOf(spec.managedPolicies?.[name]?.detachedFrom ?? [], [
        'managedPolicies',
        name,
        'detachedFrom',
      ]),
    );
    if (!enabledTypes.includes(policy.type)) {
      if (detached.size > 0) {
        issues.push({
          path: ['managedPolicies', name],
          message: `${name} exists only when ${policy.type} is in organization.policyTypes`,
        });
      }
      continue;
    }
    managed.push({
      ...policy,
      targetIds: everywhere.filter(id => !detached.has(id)),
    });
  }

  const own = (spec.policies ?? []).map((policy, index) => {
    const type = policy.type ?? 'SERVICE_CONTROL_POLICY';
    if (!enabledTypes.includes(type)) {
      issues.push({
        path: ['policies', index, 'type'],
        message: `policy type ${type} is not enabled (add it to organization.policyTypes)`,
      });
    }
    return {
      id:
        policy.id ??
        `p-${hashHex(`${spec.organization.id}|${policy.name}`, 8)}`,
      name: policy.name,
      description: policy.description ?? '',
      type,
      awsManaged: false,
      content:
        typeof policy.content === 'string'
          ? policy.content
          : JSON.stringify(policy.content, null, 2),
      targetIds: targetsOf(policy.targets, ['policies', index, 'targets']),
    };
  });

  // AWS refuses to detach the last authorization policy of a type from a
  // target: every entity keeps at least one SCP (and RCP, once enabled).
  const policies = [...managed, ...own];
  for (const policy of managed) {
    for (const id of everywhere) {
      const kept = policies.some(
        p => p.type === policy.type && p.targetIds.includes(id),
      );
      if (!kept) {
        issues.push({
          path: ['managedPolicies', policy.name, 'detachedFrom'],
          message: `${id} would be left without any ${policy.type}; attach another one there before detaching ${policy.name}`,
        });
      }
    }
  }
  return policies;
}
