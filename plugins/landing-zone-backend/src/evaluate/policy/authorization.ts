/*
 * SCPs and RCPs judged together, as AWS does for one request (IAM User
 * Guide, "Policy evaluation logic"; Organizations User Guide, "SCP
 * evaluation" and "RCP evaluation"):
 *
 * - SCPs bound the principal. They apply to the principals of the
 *   organisation's member accounts: not to the management account's, not to
 *   principals of other organisations, not to service-linked roles, and not to
 *   AWS service principals, which belong to no account.
 * - RCPs bound the resource. They apply to the resources of member accounts,
 *   whoever asks, AWS service principals included (which is why AWS's example
 *   RCPs exempt `aws:PrincipalIsAWSService`); not to the management account's
 *   resources, and not to what service-linked roles do.
 * - Each applying set is layered over its account's path, root first: every
 *   level needs an applicable Allow (`FullAWSAccess`, `RCPFullAWSAccess`,
 *   which AWS attaches to every level), and any applicable Deny denies.
 *
 * The request passes only when both sets let it; an explicit Deny in either
 * decides over an implicit one. Neither set grants anything: "allowed" means
 * "not blocked by organisation policies".
 */

import {
  evaluateLevels,
  type PolicyType,
  type ScpDecidingStatement,
  type ScpDecision,
  type ScpEvaluation,
  type ScpLevel,
} from './evaluate';
import type { PolicyRequest } from './types';

export type AuthorizationScope = {
  /**
   * The SCPs on the principal's account's path, root first; undefined when
   * SCPs do not bound that account (outside the organisation, or its
   * management account).
   */
  scps?: ScpLevel[];
  /**
   * The RCPs on the resource's account's path, root first; undefined when
   * RCPs do not bound it (the management account, an account outside the
   * organisation, or the RCP policy type not enabled).
   */
  rcps?: ScpLevel[];
};

export type AuthorizationDecidingStatement = ScpDecidingStatement & {
  type: PolicyType;
};

export type AuthorizationEvaluation = {
  decision: ScpDecision;
  /** Undefined when SCPs did not apply to the request. */
  scp?: ScpEvaluation;
  /** Undefined when RCPs did not apply to the request. */
  rcp?: ScpEvaluation;
  /**
   * What decided, of the types that decided it: explicit-deny, every
   * applicable Deny; implicit-deny, every level without an applicable Allow;
   * allowed, the first Allow of each level of both types.
   */
  deciding: AuthorizationDecidingStatement[];
  /** Why a policy type that the scope named did not apply. */
  exemptions: string[];
};

const serviceLinkedRole =
  /^arn:aws[a-z-]*:iam::\d{12}:role\/aws-service-role\//;

function contextString(
  request: PolicyRequest,
  key: string,
): string | undefined {
  const wanted = key.toLowerCase();
  const entry = Object.entries(request.context).find(
    ([name]) => name.toLowerCase() === wanted,
  );
  const value = entry?.[1];
  return value === undefined ? undefined : String(value);
}

function tagged(
  evaluation: ScpEvaluation,
  type: PolicyType,
): AuthorizationDecidingStatement[] {
  return evaluation.deciding.map(deciding => ({ ...deciding, type }));
}

/**
 * Judges a request against the SCPs that bound its principal and the RCPs
 * that bound its resource. Throws a PolicyError when a policy cannot be
 * parsed.
 */
export function evaluateAuthorization(
  request: PolicyRequest,
  scope: AuthorizationScope,
): AuthorizationEvaluation {
  const exemptions: string[] = [];
  const principalArn = contextString(request, 'aws:PrincipalArn') ?? '';
  const isServiceLinkedRole = serviceLinkedRole.test(principalArn);
  const isServicePrincipal =
    contextString(request, 'aws:PrincipalIsAWSService') === 'true';

  let scps = scope.scps;
  if (scps && isServiceLinkedRole) {
    exemptions.push('SCPs do not apply to service-linked roles');
    scps = undefined;
  } else if (scps && isServicePrincipal) {
    exemptions.push('SCPs do not apply to AWS service principals');
    scps = undefined;
  }
  let rcps = scope.rcps;
  if (rcps && isServiceLinkedRole) {
    exemptions.push('RCPs do not apply to actions of service-linked roles');
    rcps = undefined;
  }

  const scp = scps && evaluateLevels(request, scps, 'SCP');
  const rcp = rcps && evaluateLevels(request, rcps, 'RCP');
  const results = [
    ...(scp ? [[scp, 'SCP'] as const] : []),
    ...(rcp ? [[rcp, 'RCP'] as const] : []),
  ];
  for (const decision of ['explicit-deny', 'implicit-deny'] as const) {
    const deciding = results.filter(([result]) => result.decision === decision);
    if (deciding.length > 0) {
      return {
        decision,
        scp,
        rcp,
        deciding: deciding.flatMap(([result, type]) => tagged(result, type)),
        exemptions,
      };
    }
  }
  return {
    decision: 'allowed',
    scp,
    rcp,
    deciding: results.flatMap(([result, type]) => tagged(result, type)),
    exemptions,
  };
}
