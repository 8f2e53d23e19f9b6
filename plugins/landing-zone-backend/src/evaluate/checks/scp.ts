/*
 * Preventive guardrails: whether the SCPs in effect on the account's path
 * block what they should. We never look at policy names; each guardrail asks
 * the policy evaluator about sample requests, made by a principal the
 * guardrail must hold against, and reports the statements that decided.
 *
 * Sample requests (all made by arn:aws:iam::<account>:role/SomeDeveloperRole
 * in the first allowed region unless said otherwise):
 * - leave organization: organizations:LeaveOrganization
 * - CloudTrail: cloudtrail:StopLogging, DeleteTrail, UpdateTrail and
 *   PutEventSelectors, on each multi-region trail visible in the account (the
 *   baseline trail a protection is usually scoped to), else on `*`
 * - GuardDuty: guardduty:DeleteDetector, UpdateDetector, and both names of
 *   leaving the administrator (DisassociateFromAdministratorAccount and the
 *   older DisassociateFromMasterAccount, which IAM still honours)
 * - Config: config:StopConfigurationRecorder, DeleteConfigurationRecorder,
 *   DeleteDeliveryChannel
 * - Security Hub: securityhub:DisableSecurityHub, BatchDisableStandards,
 *   DeleteMembers, DisassociateFromAdministratorAccount,
 *   DisassociateFromMasterAccount
 * - region allow list: ec2:RunInstances in the first well-known region that is
 *   not allowed must be denied, and ec2:RunInstances in every allowed region
 *   must not be (a list that blocks an allowed region is broken too)
 * - root user: s3:ListAllMyBuckets and ec2:DescribeInstances by
 *   arn:aws:iam::<account>:root. Harmless reads on purpose: nothing but a
 *   root restriction denies them, so the verdict cannot come from elsewhere.
 *
 * A sample counts as blocked when it is denied explicitly, or implicitly
 * because a level of the path allows nothing that covers it (an allow-list
 * SCP): either way the principal cannot do it.
 */

import {
  type CheckContext,
  type GuardrailCheck,
  type GuardrailEvidence,
  guardrailIds,
  type GuardrailVerdict,
  type ServiceControlPolicy,
} from '@internal/plugin-landing-zone-common';
import {
  type ContextValue,
  evaluateScps,
  PolicyError,
  type ScpEvaluation,
  type ScpLevel,
} from '../policy';
import {
  definitionOf,
  type Findings,
  emptyFindings,
  said,
  type Said,
  verdictOf,
} from './common';

/** Regions tried, in order, for a request that the allow list must deny. */
export const wellKnownRegions = [
  'ap-southeast-2',
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-northeast-1',
  'sa-east-1',
  'ca-central-1',
  'af-south-1',
];

export type Sample = {
  action: string;
  resource?: string;
  region?: string;
  root?: boolean;
};

/** The policies attached at each level of the account's path, root first. */
export function policyLevels(
  context: CheckContext,
  policies: ServiceControlPolicy[],
): ScpLevel[] {
  const { account, organization } = context;
  const targets = [
    organization.rootId,
    ...account.account.parentIds,
    account.account.id,
  ];
  return [...new Set(targets)].map(target => ({
    target,
    policies: policies.filter(policy => policy.targets.includes(target)),
  }));
}

/** The SCPs attached at each level of the account's path, root first. */
export function scpLevels(context: CheckContext): ScpLevel[] {
  return policyLevels(context, context.organization.policies);
}

export function primaryRegion(context: CheckContext): string {
  return context.allowedRegions[0] ?? 'us-east-1';
}

export function sampleContext(
  context: CheckContext,
  sample: Sample,
): Record<string, ContextValue> {
  const accountId = context.account.account.id;
  const now = Date.parse(context.account.collectedAt);
  return {
    'aws:PrincipalArn': sample.root
      ? `arn:aws:iam::${accountId}:root`
      : `arn:aws:iam::${accountId}:role/SomeDeveloperRole`,
    'aws:PrincipalAccount': accountId,
    'aws:PrincipalOrgID': context.organization.organizationId,
    'aws:PrincipalType': sample.root ? 'Account' : 'AssumedRole',
    'aws:RequestedRegion': sample.region ?? primaryRegion(context),
    // The collection time stands in for "now", so verdicts stay reproducible.
    'aws:CurrentTime': context.account.collectedAt,
    'aws:EpochTime': Number.isNaN(now) ? undefined : Math.floor(now / 1000),
    'aws:SecureTransport': true,
    'aws:ViaAWSService': false,
  };
}

function evaluateSample(
  context: CheckContext,
  levels: ScpLevel[],
  sample: Sample,
) {
  return evaluateScps(
    {
      action: sample.action,
      resource: sample.resource,
      context: sampleContext(context, sample),
    },
    levels,
  );
}

function describeSample(sample: Sample): Said {
  return sample.resource && sample.resource !== '*'
    ? said('scp.sample.on', {
        action: sample.action,
        resource: sample.resource,
      })
    : said('scp.sample', { action: sample.action });
}

/** Evidence naming what blocked a sample. */
function decidingEvidence(
  sample: Sample,
  result: ScpEvaluation,
  region: string,
): (GuardrailEvidence & Said)[] {
  const what = describeSample(sample);
  if (result.decision === 'implicit-deny') {
    return result.deciding.map(level => ({
      region,
      ...said('scp.implicitDeny', { sample: what, target: level.target }),
    }));
  }
  // Only blocked samples are reported: the rest are denied explicitly.
  return result.deciding.map(decided => ({
    region,
    ...said('scp.deniedBy', {
      sample: what,
      policy: String(decided.policy?.name),
      target: decided.target,
    }),
    policy: decided.policy && {
      id: decided.policy.id,
      name: decided.policy.name,
      sid: decided.statement?.sid ?? `#${decided.statement?.index}`,
      target: decided.target,
    },
  }));
}

/** Verdicts that hold before any sample is evaluated. */
function preconditions(context: CheckContext): GuardrailVerdict | undefined {
  if (context.account.account.id === context.organization.managementAccountId) {
    return {
      status: 'unknown',
      evidence: [said('scp.managementAccount')],
    };
  }
  if (context.organization.policies.length === 0) {
    return {
      status: 'unknown',
      evidence: [said('scp.none')],
    };
  }
  return undefined;
}

/** Runs a judgement, turning an SCP we cannot parse into "unknown". */
function withPolicies(
  context: CheckContext,
  judge: (levels: ScpLevel[], findings: Findings) => void,
): GuardrailVerdict {
  const early = preconditions(context);
  if (early) {
    return early;
  }
  const findings = emptyFindings();
  try {
    judge(scpLevels(context), findings);
  } catch (error) {
    if (error instanceof PolicyError) {
      // The parser's reason names the policy and statement it rejects.
      return {
        status: 'unknown',
        evidence: [said('policy.error', { reason: error.message })],
      };
    }
    throw error;
  }
  return verdictOf(findings);
}

/** A guardrail that holds when every sample is blocked for its principal. */
function protection(
  id: string,
  samples: (context: CheckContext) => Sample[],
): GuardrailCheck {
  return {
    definition: definitionOf(id),
    evaluate: context =>
      withPolicies(context, (levels, findings) => {
        for (const sample of samples(context)) {
          const region = sample.region ?? primaryRegion(context);
          const result = evaluateSample(context, levels, sample);
          if (result.decision === 'allowed') {
            findings.failures.push({
              region,
              ...said('scp.notDenied', { sample: describeSample(sample) }),
            });
          } else {
            // One line per sample: the first deciding statement says enough.
            findings.passes.push(
              ...decidingEvidence(sample, result, region).slice(0, 1),
            );
          }
        }
      }),
  };
}

const actions =
  (...names: string[]) =>
  (): Sample[] =>
    names.map(action => ({ action }));

function baselineTrailArns(context: CheckContext): string[] {
  const arns = new Set<string>();
  for (const region of context.allowedRegions) {
    for (const trail of context.account.regions?.[region]?.cloudTrail.data
      ?.trails ?? []) {
      if (trail.isMultiRegion) {
        arns.add(trail.arn);
      }
    }
  }
  return [...arns].sort();
}

const cloudTrailActions = [
  'cloudtrail:StopLogging',
  'cloudtrail:DeleteTrail',
  'cloudtrail:UpdateTrail',
  'cloudtrail:PutEventSelectors',
];

export const scpDenyLeaveOrganizationCheck = protection(
  guardrailIds.scpDenyLeaveOrganization,
  actions('organizations:LeaveOrganization'),
);

export const scpProtectCloudTrailCheck = protection(
  guardrailIds.scpProtectCloudTrail,
  context => {
    const trails = baselineTrailArns(context);
    const resources = trails.length > 0 ? trails : ['*'];
    return resources.flatMap(resource =>
      cloudTrailActions.map(action => ({ action, resource })),
    );
  },
);

export const scpProtectGuardDutyCheck = protection(
  guardrailIds.scpProtectGuardDuty,
  actions(
    'guardduty:DeleteDetector',
    'guardduty:UpdateDetector',
    'guardduty:DisassociateFromAdministratorAccount',
    'guardduty:DisassociateFromMasterAccount',
  ),
);

export const scpProtectConfigCheck = protection(
  guardrailIds.scpProtectConfig,
  actions(
    'config:StopConfigurationRecorder',
    'config:DeleteConfigurationRecorder',
    'config:DeleteDeliveryChannel',
  ),
);

export const scpProtectSecurityHubCheck = protection(
  guardrailIds.scpProtectSecurityHub,
  actions(
    'securityhub:DisableSecurityHub',
    'securityhub:BatchDisableStandards',
    'securityhub:DeleteMembers',
    'securityhub:DisassociateFromAdministratorAccount',
    'securityhub:DisassociateFromMasterAccount',
  ),
);

export const scpDenyRootUserCheck = protection(
  guardrailIds.scpDenyRootUser,
  () => [
    { action: 's3:ListAllMyBuckets', root: true },
    { action: 'ec2:DescribeInstances', root: true },
  ],
);

export const scpRegionAllowListCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.scpRegionAllowList),
  evaluate: context => {
    if (context.allowedRegions.length === 0) {
      return {
        status: 'unknown',
        evidence: [said('regions.none')],
      };
    }
    return withPolicies(context, (levels, findings) => {
      const outside = wellKnownRegions.find(
        r => !context.allowedRegions.includes(r),
      );
      if (outside) {
        const sample = { action: 'ec2:RunInstances', region: outside };
        const result = evaluateSample(context, levels, sample);
        if (result.decision === 'allowed') {
          findings.failures.push({
            region: outside,
            ...said('scp.region.notDenied', { region: outside }),
          });
        } else {
          findings.passes.push(
            ...decidingEvidence(sample, result, outside).slice(0, 1),
          );
        }
      }
      for (const region of context.allowedRegions) {
        const sample = { action: 'ec2:RunInstances', region };
        const result = evaluateSample(context, levels, sample);
        if (result.decision === 'allowed') {
          findings.passes.push({
            region,
            ...said('scp.region.allowed', { region }),
          });
        } else {
          findings.failures.push(
            ...decidingEvidence(sample, result, region).map(evidence => ({
              ...evidence,
              ...said('scp.region.blocked', { finding: evidence }),
            })),
          );
        }
      }
    });
  },
};

export const scpChecks: GuardrailCheck[] = [
  scpDenyLeaveOrganizationCheck,
  scpProtectCloudTrailCheck,
  scpProtectGuardDutyCheck,
  scpProtectConfigCheck,
  scpProtectSecurityHubCheck,
  scpRegionAllowListCheck,
  scpDenyRootUserCheck,
];
