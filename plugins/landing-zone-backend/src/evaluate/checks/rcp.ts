/*
 * Resource control policy guardrails: whether the RCPs on the account's path
 * keep its resources closed to principals outside the organisation, and to
 * requests without TLS. As for SCPs, we never look at policy names: each
 * guardrail asks the evaluator about sample requests on a resource of the
 * account, per service RCPs support, and reports the statements that decided.
 *
 * Sample resources (in the first allowed region):
 * - S3: s3:GetObject on arn:aws:s3:::example-<account>/example-object
 * - KMS: kms:Decrypt on a key of the account
 * - STS: sts:AssumeRole on a role of the account
 * - SQS: sqs:SendMessage on a queue of the account
 * - Secrets Manager: secretsmanager:GetSecretValue on a secret of the account
 *
 * Sample principals: a role of an account outside the organisation (its own
 * organisation, not an AWS service, over TLS), and a role of the account
 * itself. A guardrail holds when the RCPs deny what it is about and still let
 * the organisation's own request through: an RCP that denies everyone is
 * broken, not strict. SCPs are evaluated too (they bound the inside
 * principal), but only the RCPs' part of the decision is judged here: an SCP
 * that denies the inside request says nothing about the RCPs.
 */

import {
  type CheckContext,
  type GuardrailCheck,
  type GuardrailEvidence,
  guardrailIds,
  type GuardrailVerdict,
} from '@internal/plugin-landing-zone-common';
import {
  type AuthorizationEvaluation,
  type ContextValue,
  evaluateAuthorization,
  PolicyError,
  type ScpEvaluation,
  type ScpLevel,
} from '../policy';
import {
  definitionOf,
  emptyFindings,
  errorText,
  type Findings,
  notCollected,
  said,
  type Said,
  verdictOf,
} from './common';
import { policyLevels, primaryRegion, scpLevels } from './scp';

/** An account id no organisation of ours holds, for the outside principal. */
export const outsideAccountId = '999999999999';
const outsideOrganizationId = 'o-outside00000';
const rcpPolicyType = 'RESOURCE_CONTROL_POLICY';

export type Service = { name: string; action: string; resource: string };

export function sampleServices(context: CheckContext): Service[] {
  const account = context.account.account.id;
  const region = primaryRegion(context);
  return [
    {
      name: 'Amazon S3',
      action: 's3:GetObject',
      resource: `arn:aws:s3:::example-${account}/example-object`,
    },
    {
      name: 'AWS KMS',
      action: 'kms:Decrypt',
      resource: `arn:aws:kms:${region}:${account}:key/00000000-0000-0000-0000-000000000000`,
    },
    {
      name: 'AWS STS',
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${account}:role/ExampleRole`,
    },
    {
      name: 'Amazon SQS',
      action: 'sqs:SendMessage',
      resource: `arn:aws:sqs:${region}:${account}:example-queue`,
    },
    {
      name: 'AWS Secrets Manager',
      action: 'secretsmanager:GetSecretValue',
      resource: `arn:aws:secretsmanager:${region}:${account}:secret:example-AbCdEf`,
    },
  ];
}

/** Who makes a sample request: a role outside the organisation, or one of the account. */
export type Principal = 'outside' | 'inside';

function requestContext(
  context: CheckContext,
  principal: Principal,
  secureTransport: boolean,
): Record<string, ContextValue> {
  const account = context.account.account.id;
  const now = Date.parse(context.account.collectedAt);
  const outside = principal === 'outside';
  const principalAccount = outside ? outsideAccountId : account;
  return {
    'aws:PrincipalArn': `arn:aws:iam::${principalAccount}:role/${
      outside ? 'ExternalRole' : 'SomeDeveloperRole'
    }`,
    'aws:PrincipalAccount': principalAccount,
    'aws:PrincipalOrgID': outside
      ? outsideOrganizationId
      : context.organization.organizationId,
    'aws:PrincipalType': 'AssumedRole',
    'aws:PrincipalIsAWSService': false,
    'aws:ResourceAccount': account,
    'aws:ResourceOrgID': context.organization.organizationId,
    'aws:RequestedRegion': primaryRegion(context),
    // The collection time stands in for "now", so verdicts stay reproducible.
    'aws:CurrentTime': context.account.collectedAt,
    'aws:EpochTime': Number.isNaN(now) ? undefined : Math.floor(now / 1000),
    'aws:SecureTransport': secureTransport,
    'aws:ViaAWSService': false,
  };
}

/** The SCPs and RCPs on the account's path; RCPs bound its resources. */
export type Levels = { scps?: ScpLevel[]; rcps?: ScpLevel[] };

/**
 * The levels a request to a resource of the account is judged by (the policy
 * what-if asks the same). Call after the RCPs are known to be collected.
 */
export function resourceLevels(context: CheckContext): Levels {
  return {
    scps:
      context.organization.policies.length > 0 ? scpLevels(context) : undefined,
    rcps: policyLevels(context, context.organization.resourceControlPolicies!),
  };
}

/**
 * How the SCPs (for a principal of the account) and the RCPs judge a request
 * to `service`'s sample resource. The policy what-if asks the same.
 */
export function evaluateSample(
  context: CheckContext,
  levels: Levels,
  service: Service,
  principal: Principal,
  secureTransport: boolean,
): AuthorizationEvaluation {
  return evaluateAuthorization(
    {
      action: service.action,
      resource: service.resource,
      context: requestContext(context, principal, secureTransport),
    },
    // SCPs bound only the organisation's own principals.
    {
      scps: principal === 'inside' ? levels.scps : undefined,
      rcps: levels.rcps,
    },
  );
}

/** Evidence naming the RCP statements that blocked a request. */
function rcpEvidence(
  request: Said,
  result: ScpEvaluation,
  region: string,
  service: string,
): (GuardrailEvidence & Said)[] {
  if (result.decision === 'implicit-deny') {
    return result.deciding.map(level => ({
      region,
      resource: service,
      ...said('rcp.implicitDeny', { request, target: level.target }),
    }));
  }
  // Only blocked requests are reported: the rest are denied explicitly.
  return result.deciding.map(decided => ({
    region,
    resource: service,
    ...said('rcp.deniedBy', {
      request,
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

/** Verdicts that hold before any request is evaluated. */
function preconditions(context: CheckContext): GuardrailVerdict | undefined {
  const { organization } = context;
  if (context.account.account.id === organization.managementAccountId) {
    return {
      status: 'unknown',
      evidence: [said('rcp.managementAccount')],
    };
  }
  if (organization.resourceControlPoliciesError) {
    return {
      status: 'unknown',
      evidence: [
        said('rcp.unreadable', {
          error: errorText(organization.resourceControlPoliciesError),
        }),
      ],
    };
  }
  if (!organization.resourceControlPolicies) {
    return {
      status: 'unknown',
      evidence: [notCollected(said('rcp.list'))],
    };
  }
  if (
    organization.enabledPolicyTypes &&
    !organization.enabledPolicyTypes.includes(rcpPolicyType)
  ) {
    const enabled = organization.enabledPolicyTypes.join(', ');
    return {
      status: 'fail',
      evidence: [
        enabled
          ? said('rcp.typeDisabled', { enabled })
          : said('rcp.typeDisabled.none'),
      ],
    };
  }
  return undefined;
}

/** Runs a judgement, turning a policy we cannot parse into "unknown". */
function withRcps(
  context: CheckContext,
  judge: (levels: Levels, findings: Findings, region: string) => void,
): GuardrailVerdict {
  const early = preconditions(context);
  if (early) {
    return early;
  }
  const findings = emptyFindings();
  const levels = resourceLevels(context);
  try {
    judge(levels, findings, primaryRegion(context));
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

const blocked = (result: ScpEvaluation | undefined) =>
  result !== undefined && result.decision !== 'allowed';

/**
 * Judges, per service, that the RCPs deny `denied` and still allow the
 * organisation's own request over TLS.
 */
function perimeter(
  id: string,
  denied: {
    principal: Principal;
    secureTransport: boolean;
    request: 'rcp.request.outside' | 'rcp.request.withoutTls';
  },
): GuardrailCheck {
  return {
    definition: definitionOf(id),
    evaluate: context =>
      withRcps(context, (levels, findings, region) => {
        for (const service of sampleServices(context)) {
          const on = { action: service.action, resource: service.resource };
          const result = evaluateSample(
            context,
            levels,
            service,
            denied.principal,
            denied.secureTransport,
          );
          const request = said(
            denied.request,
            denied.principal === 'outside'
              ? { ...on, outsideAccount: outsideAccountId }
              : on,
          );
          if (!blocked(result.rcp)) {
            findings.failures.push({
              region,
              resource: service.name,
              ...said('rcp.notDenied', { request }),
            });
            continue;
          }
          const inside = evaluateSample(
            context,
            levels,
            service,
            'inside',
            true,
          );
          if (blocked(inside.rcp)) {
            findings.failures.push(
              ...rcpEvidence(
                said('rcp.request.overTls', on),
                inside.rcp!,
                region,
                service.name,
              ).map(evidence => ({
                ...evidence,
                ...said('rcp.broken', { finding: evidence }),
              })),
            );
            continue;
          }
          // One line per service: the first deciding statement says enough.
          findings.passes.push(
            ...rcpEvidence(request, result.rcp!, region, service.name).slice(
              0,
              1,
            ),
          );
        }
      }),
  };
}

export const rcpResourcesOrgOnlyCheck = perimeter(
  guardrailIds.rcpResourcesOrgOnly,
  {
    principal: 'outside',
    secureTransport: true,
    request: 'rcp.request.outside',
  },
);

export const rcpSecureTransportCheck = perimeter(
  guardrailIds.rcpSecureTransport,
  {
    principal: 'inside',
    secureTransport: false,
    request: 'rcp.request.withoutTls',
  },
);

export const rcpChecks: GuardrailCheck[] = [
  rcpResourcesOrgOnlyCheck,
  rcpSecureTransportCheck,
];
