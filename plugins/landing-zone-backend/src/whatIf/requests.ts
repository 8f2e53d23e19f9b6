import type { CheckContext } from '@internal/plugin-landing-zone-common';
import {
  scpLevels,
  sampleContext,
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

/**
 * How the account's SCPs decide each sample request (`action region`), as a
 * workload role of the account would make it. Undefined for the management
 * account, which SCPs do not bound. Throws a PolicyError for a policy that
 * cannot be parsed.
 */
export function sampleDecisions(
  context: CheckContext,
): Map<string, ScpDecision> | undefined {
  if (context.account.account.id === context.organization.managementAccountId) {
    return undefined;
  }
  const levels = scpLevels(context);
  const decisions = new Map<string, ScpDecision>();
  for (const region of sampleRegions(context.allowedRegions)) {
    for (const action of SAMPLE_ACTIONS) {
      const { decision } = evaluateScps(
        { action, context: sampleContext(context, { action, region }) },
        levels,
      );
      decisions.set(`${action} ${region}`, decision);
    }
  }
  return decisions;
}

/** A sample request the change turns around, and in how many accounts. */
export type RequestChange = {
  action: string;
  region: string;
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
    before: Map<string, ScpDecision> | undefined,
    after: Map<string, ScpDecision> | undefined,
  ): void {
    if (!before || !after) return;
    for (const [key, was] of before) {
      const now = after.get(key);
      if (now === undefined || (was === 'allowed') === (now === 'allowed')) {
        continue;
      }
      const [action, region] = key.split(' ');
      const change = this.#byRequest.get(key) ?? {
        action,
        region,
        becameDenied: [],
        becameAllowed: [],
      };
      (now === 'allowed' ? change.becameAllowed : change.becameDenied).push(
        accountId,
      );
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
