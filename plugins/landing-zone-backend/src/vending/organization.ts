/*
 * What a new account would inherit from the OU it is requested in, judged
 * before it exists: the SCPs on the OU's path, through the same evaluator
 * and the same preventive checks that judge the accounts already there. The
 * account is a stand-in (id 000000000000) placed directly in the OU.
 */
import {
  guardrailCatalogue,
  type AccountFacts,
  type InheritedGuardrail,
  type OrganizationFacts,
  type OrganizationalUnit,
  type RegionDecision,
  type VendingOrganizationalUnit,
} from '@internal/plugin-landing-zone-common';
import { scpChecks, scpLevels } from '../evaluate/checks/scp';
import { evaluateScps, PolicyError } from '../evaluate/policy';

const STAND_IN_ACCOUNT = '000000000000';

const FULL_AWS_ACCESS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

/**
 * The organisation with the stand-in account attached to FullAWSAccess, as
 * AWS attaches every new account to it: the account's own level allows all,
 * and what is denied is the OU path's doing.
 */
function withStandIn(organization: OrganizationFacts): OrganizationFacts {
  // No SCPs at all: the checks say so (unknown) rather than judge a default.
  if (organization.policies.length === 0) return organization;
  const full = organization.policies.find(
    p => p.name === 'FullAWSAccess' && p.awsManaged,
  );
  return {
    ...organization,
    policies: full
      ? organization.policies.map(p =>
          p === full ? { ...p, targets: [...p.targets, STAND_IN_ACCOUNT] } : p,
        )
      : [
          ...organization.policies,
          {
            id: 'p-FullAWSAccess',
            name: 'FullAWSAccess',
            awsManaged: true,
            content: FULL_AWS_ACCESS,
            targets: [STAND_IN_ACCOUNT],
          },
        ],
  };
}

/** The OU (or the root) and the ids from the root down to it. */
export function findUnit(
  organization: OrganizationFacts,
  ouId: string,
): { unit: OrganizationalUnit; ids: string[] } | undefined {
  const byId = new Map(organization.units.map(u => [u.id, u]));
  const unit = byId.get(ouId);
  if (!unit) return undefined;
  const ids: string[] = [];
  for (let u: OrganizationalUnit | undefined = unit; u; ) {
    ids.unshift(u.id);
    u = u.parentId ? byId.get(u.parentId) : undefined;
  }
  return { unit, ids };
}

/**
 * The OU as a request names it. It is suspended when it, or an OU above it,
 * is one of `suspendedUnits` (by name, any case, or by id): where suspended
 * and closing accounts are parked.
 */
export function describeUnit(
  organization: OrganizationFacts,
  ouId: string,
  suspendedUnits: string[],
): VendingOrganizationalUnit | undefined {
  const found = findUnit(organization, ouId);
  if (!found) return undefined;
  const marks = new Set(suspendedUnits.map(s => s.trim().toLowerCase()));
  const byId = new Map(organization.units.map(u => [u.id, u]));
  const suspended = found.ids.some(id => {
    const unit = byId.get(id)!;
    return (
      marks.has(unit.id.toLowerCase()) || marks.has(unit.name.toLowerCase())
    );
  });
  return {
    id: found.unit.id,
    name: found.unit.name,
    path: found.unit.path,
    managedOrganizationalUnit: `${found.unit.name} (${found.unit.id})`,
    suspended,
  };
}

/** A stand-in account directly in the OU, for the checks and the evaluator. */
function standIn(
  found: { unit: OrganizationalUnit; ids: string[] },
  now: Date,
): AccountFacts {
  return {
    account: {
      id: STAND_IN_ACCOUNT,
      name: 'requested account',
      email: '',
      status: 'ACTIVE',
      tags: {},
      parentId: found.unit.id,
      parentIds: found.ids,
      ouPath: found.unit.path,
      environment: 'unknown',
    },
    collectedAt: now.toISOString(),
  };
}

/**
 * How the SCPs on the OU's path judge ec2:RunInstances, by a developer role
 * of an account in the OU, in each region: the request the region allow-list
 * guardrail asks about. A region is allowed unless denied explicitly or by a
 * level with no Allow that covers it.
 */
export function judgeRegions(
  organization: OrganizationFacts,
  ouId: string,
  regions: string[],
  now: Date = new Date(),
): RegionDecision[] | undefined {
  const found = findUnit(organization, ouId);
  if (!found) return undefined;
  if (organization.policies.length === 0) {
    return regions.map(region => ({
      region,
      allowed: true,
      reason: 'no SCPs were collected for the organisation',
    }));
  }
  const account = standIn(found, now);
  const levels = scpLevels({
    account,
    organization: withStandIn(organization),
    allowedRegions: regions,
    vpcs: new Map(),
  });
  return regions.map(region => {
    let result;
    try {
      result = evaluateScps(
        {
          action: 'ec2:RunInstances',
          context: {
            'aws:PrincipalArn': `arn:aws:iam::${STAND_IN_ACCOUNT}:role/SomeDeveloperRole`,
            'aws:PrincipalAccount': STAND_IN_ACCOUNT,
            'aws:PrincipalOrgID': organization.organizationId,
            'aws:PrincipalType': 'AssumedRole',
            'aws:RequestedRegion': region,
            'aws:CurrentTime': now.toISOString(),
            'aws:EpochTime': Math.floor(now.getTime() / 1000),
            'aws:SecureTransport': true,
            'aws:ViaAWSService': false,
          },
        },
        levels,
      );
    } catch (error) {
      if (error instanceof PolicyError) {
        return {
          region,
          allowed: false,
          reason: `an SCP on the path could not be read: ${error.message}`,
        };
      }
      throw error;
    }
    if (result.decision === 'allowed') {
      return { region, allowed: true, reason: 'allowed by the SCPs' };
    }
    if (result.decision === 'implicit-deny') {
      const target = result.deciding[0]?.target ?? ouId;
      return {
        region,
        allowed: false,
        reason: `denied: no SCP attached to ${target} allows it`,
      };
    }
    const deciding = result.deciding.find(d => d.policy) ?? result.deciding[0];
    const policy = deciding?.policy;
    return {
      region,
      allowed: false,
      reason: policy
        ? `denied by SCP ${policy.name} at ${deciding.target}`
        : 'denied by an SCP',
      deniedBy: policy && {
        policyId: policy.id,
        policyName: policy.name,
        target: deciding.target,
      },
    };
  });
}

/**
 * The preventive guardrails a new account in the OU inherits, judged as the
 * scan will judge it once it exists. Detective and network guardrails depend
 * on what is built in the account and are not judged before it is.
 */
export function inheritedGuardrails(
  organization: OrganizationFacts,
  ouId: string,
  allowedRegions: string[],
  now: Date = new Date(),
): InheritedGuardrail[] | undefined {
  const found = findUnit(organization, ouId);
  if (!found) return undefined;
  const context = {
    account: standIn(found, now),
    organization: withStandIn(organization),
    allowedRegions,
    vpcs: new Map(),
  };
  const titles = new Map(guardrailCatalogue.map(g => [g.id, g.title]));
  return scpChecks.map(check => {
    let status: InheritedGuardrail['status'];
    try {
      status = check.evaluate(context).status;
    } catch {
      status = 'unknown';
    }
    return {
      checkId: check.definition.id,
      title: titles.get(check.definition.id) ?? check.definition.title,
      status,
    };
  });
}
