/*
 * The sample requests a what-if tries in every account it reaches, before and
 * after the change, and the ones whose decision turns around.
 *
 * Two kinds, as the evaluator's checks ask them (evaluate/checks/scp.ts and
 * rcp.ts build the requests; nothing here builds its own):
 * - requests a workload role of the account makes (SAMPLE_ACTIONS, in every
 *   allowed and well-known region, no resource named): SCPs decide;
 * - requests made to a resource of the account (an S3 object, a KMS key, a
 *   role to assume, an SQS queue, a secret; in the first allowed region, as
 *   the rcp-* checks): by a role of the account over TLS and without it
 *   (SCPs and RCPs decide), and by a role of an account outside the
 *   organisation over TLS (RCPs alone decide: SCPs bound only the
 *   organisation's principals).
 */

import type { CheckContext } from '@internal/plugin-landing-zone-common';
import {
  evaluateSample as evaluateResourceSample,
  resourceLevels,
  sampleServices,
  type Principal,
} from '../evaluate/checks/rcp';
import {
  primaryRegion,
  sampleContext,
  scpLevels,
  wellKnownRegions,
} from '../evaluate/checks/scp';
import { evaluateScps, type ScpDecision } from '../evaluate/policy';

/**
 * The requests a what-if tries in every account it reaches: everyday work
 * (launching, storing, deploying, creating users) and what the preventive
 * guardrails exist to stop.
 */
export const SAMPLE_ACTIONS = [
  'ec2:RunInstances',
  's3:PutObject',
  'lambda:CreateFunction',
  'iam:CreateUser',
  'cloudtrail:StopLogging',
  'guardduty:DeleteDetector',
  'config:StopConfigurationRecorder',
  'securityhub:DisableSecurityHub',
  'organizations:LeaveOrganization',
];

/** The allowed regions, then well-known regions outside them. */
export function sampleRegions(allowedRegions: string[]): string[] {
  return [...new Set([...allowedRegions, ...wellKnownRegions])];
}

/** One sample request, as the what-if's answer names it. */
export type SampleRequest = {
  action: string;
  region: string;
  /** A role of the account, or of an account outside the organisation. */
  principal: 'account-role' | 'outside-organization';
  /** False for a request without TLS (`aws:SecureTransport` false). */
  secureTransport: boolean;
  /**
   * The policy types that judge it: SCPs alone for a request a role of the
   * account makes with no resource named; SCPs and RCPs for one to a
   * resource of the account; RCPs alone for one from outside.
   */
  policyTypes: ('SCP' | 'RCP')[];
};

/** The resource-side variations: who asks, and over what. */
const RESOURCE_REQUESTS: { principal: Principal; secureTransport: boolean }[] =
  [
    { principal: 'inside', secureTransport: true },
    { principal: 'outside', secureTransport: true },
    { principal: 'inside', secureTransport: false },
  ];

/** A sample request and how the organisation's policies decide it. */
export type SampleDecision = { request: SampleRequest; decision: ScpDecision };

// The same request before and after the change, whichever types judge it.
const keyOf = (on: 'no-resource' | 'account-resource', r: SampleRequest) =>
  [on, r.action, r.region, r.principal, r.secureTransport].join(' ');

function identitySamples(context: CheckContext): SampleDecision[] {
  const levels = scpLevels(context);
  return sampleRegions(context.allowedRegions).flatMap(region =>
    SAMPLE_ACTIONS.map(action => ({
      request: {
        action,
        region,
        principal: 'account-role' as const,
        secureTransport: true,
        policyTypes: ['SCP' as const],
      },
      decision: evaluateScps(
        { action, context: sampleContext(context, { action, region }) },
        levels,
      ).decision,
    })),
  );
}

/**
 * Requests to the account's resources; none when its RCPs are not known
 * (not collected, or unreadable): a change to them could not be judged.
 */
function resourceSamples(context: CheckContext): SampleDecision[] {
  const { organization } = context;
  if (
    organization.resourceControlPoliciesError ||
    !organization.resourceControlPolicies
  ) {
    return [];
  }
  // RCPs bound nothing until the policy type is enabled.
  const rcpsEnabled =
    !organization.enabledPolicyTypes ||
    organization.enabledPolicyTypes.includes('RESOURCE_CONTROL_POLICY');
  const levels = resourceLevels(context);
  const judgedBy = {
    scps: levels.scps,
    rcps: rcpsEnabled ? levels.rcps : undefined,
  };
  const region = primaryRegion(context);
  return sampleServices(context).flatMap(service =>
    RESOURCE_REQUESTS.map(({ principal, secureTransport }) => {
      const outside = principal === 'outside';
      const policyTypes: SampleRequest['policyTypes'] = [];
      if (!outside && judgedBy.scps) policyTypes.push('SCP');
      if (judgedBy.rcps) policyTypes.push('RCP');
      return {
        request: {
          action: service.action,
          region,
          principal: outside ? 'outside-organization' : 'account-role',
          secureTransport,
          policyTypes,
        },
        decision: evaluateResourceSample(
          context,
          judgedBy,
          service,
          principal,
          secureTransport,
        ).decision,
      };
    }),
  );
}

/**
 * How the organisation's policies decide each sample request, by a key of
 * the request. Undefined for the management account, which SCPs and RCPs do
 * not bound. Throws a PolicyError for a policy that cannot be parsed.
 */
export function sampleDecisions(
  context: CheckContext,
): Map<string, SampleDecision> | undefined {
  if (context.account.account.id === context.organization.managementAccountId) {
    return undefined;
  }
  return new Map([
    ...identitySamples(context).map(
      s => [keyOf('no-resource', s.request), s] as const,
    ),
    ...resourceSamples(context).map(
      s => [keyOf('account-resource', s.request), s] as const,
    ),
  ]);
}

/** A sample request the change turns around, and in which accounts. */
export type RequestChange = SampleRequest & {
  /** Allowed before, denied after. */
  becameDenied: string[];
  /** Denied before, allowed after. */
  becameAllowed: string[];
};

/** Collects, request by request, the accounts where a decision turned around. */
export class RequestChanges {
  readonly #byRequest = new Map<string, RequestChange>();

  add(
    accountId: string,
    before: Map<string, SampleDecision> | undefined,
    after: Map<string, SampleDecision> | undefined,
  ): void {
    if (!before || !after) return;
    for (const [key, was] of before) {
      const now = after.get(key);
      if (
        now === undefined ||
        (was.decision === 'allowed') === (now.decision === 'allowed')
      ) {
        continue;
      }
      const change = this.#byRequest.get(key) ?? {
        ...was.request,
        becameDenied: [],
        becameAllowed: [],
      };
      (now.decision === 'allowed'
        ? change.becameAllowed
        : change.becameDenied
      ).push(accountId);
      this.#byRequest.set(key, change);
    }
  }

  /** Most accounts first. */
  list(): RequestChange[] {
    const size = (c: RequestChange) =>
      c.becameDenied.length + c.becameAllowed.length;
    return [...this.#byRequest.values()].sort((a, b) => size(b) - size(a));
  }
}
