/*
 * Statement matching and the SCP decision.
 *
 * SCP semantics (AWS Organizations, "SCP evaluation"): a request is permitted
 * only if, at every level of the account's path (the root, each OU down to
 * the account's parent, and the account itself), at least one attached SCP
 * has an Allow statement that applies to it, and no statement of any SCP at
 * any level denies it. An explicit Deny wins over everything; a level without
 * an applicable Allow denies implicitly. SCPs never grant: "allowed" here
 * means "not blocked by SCPs".
 */

import { evaluateCondition } from './conditions';
import { parsePolicy, parsePolicyCached } from './parse';
import {
  type ContextLookup,
  createContextLookup,
  matchesWildcard,
} from './patterns';
import {
  type ParsedPolicy,
  type ParsedStatement,
  PolicyError,
  type PolicyRequest,
} from './types';

function matchesAction(patterns: string[], action: string): boolean {
  // Action names are not case-sensitive.
  return patterns.some(pattern =>
    matchesWildcard(pattern, action, { ignoreCase: true }),
  );
}

function matchesResource(
  patterns: string[],
  resource: string,
  variables: boolean,
  lookup: ContextLookup,
): boolean {
  return patterns.some(pattern =>
    matchesWildcard(pattern, resource, { variables, lookup }),
  );
}

/** Whether a statement applies to a request, whatever its effect. */
export function statementApplies(
  statement: ParsedStatement,
  request: PolicyRequest,
  variables: boolean,
  lookup: ContextLookup = createContextLookup(request.context),
): boolean {
  const actionMatches = statement.actions
    ? matchesAction(statement.actions, request.action)
    : !matchesAction(statement.notActions ?? [], request.action);
  if (!actionMatches) {
    return false;
  }
  const resource = request.resource ?? '*';
  if (
    statement.resources &&
    !matchesResource(statement.resources, resource, variables, lookup)
  ) {
    return false;
  }
  if (
    statement.notResources &&
    matchesResource(statement.notResources, resource, variables, lookup)
  ) {
    return false;
  }
  return statement.conditions.every(condition =>
    evaluateCondition(condition, lookup, variables),
  );
}

/** The statements of one policy that apply to a request, by effect. */
export function evaluatePolicy(
  policy: ParsedPolicy | string,
  request: PolicyRequest,
  lookup: ContextLookup = createContextLookup(request.context),
): { allows: ParsedStatement[]; denies: ParsedStatement[] } {
  const parsed =
    typeof policy === 'string' ? parsePolicyCached(policy) : policy;
  const applying = parsed.statements.filter(statement =>
    statementApplies(statement, request, parsed.variables, lookup),
  );
  return {
    allows: applying.filter(statement => statement.effect === 'Allow'),
    denies: applying.filter(statement => statement.effect === 'Deny'),
  };
}

/** An SCP as attached to a level: its content as JSON text or a parsed object. */
export type ScpPolicy = { id: string; name: string; content: string | object };

/** One level of an account's path and the SCPs attached directly to it. */
export type ScpLevel = { target: string; policies: ScpPolicy[] };

export type ScpDecision = 'allowed' | 'explicit-deny' | 'implicit-deny';

/**
 * What decided: the statement that allowed at a level or denied, or for an
 * implicit deny the level where no statement allowed (no policy then).
 */
export type ScpDecidingStatement = {
  target: string;
  policy?: { id: string; name: string };
  statement?: { index: number; sid?: string };
};

export type ScpEvaluation = {
  decision: ScpDecision;
  /**
   * explicit-deny: every applicable Deny statement; implicit-deny: every
   * level without an applicable Allow; allowed: the first applicable Allow
   * of each level.
   */
  deciding: ScpDecidingStatement[];
};

/** SCPs and RCPs share grammar and layering; messages name which. */
export type PolicyType = 'SCP' | 'RCP';

function parseScp(policy: ScpPolicy, type: PolicyType): ParsedPolicy {
  try {
    return typeof policy.content === 'string'
      ? parsePolicyCached(policy.content)
      : parsePolicy(policy.content);
  } catch (error) {
    // Name the policy: the caller reports it as the reason for "unknown".
    if (error instanceof PolicyError) {
      throw new PolicyError(
        `${type} ${policy.name} (${policy.id}): ${error.message}`,
      );
    }
    throw error;
  }
}

/**
 * Evaluates a request against the SCPs on an account's path, levels ordered
 * from the root down to the account. Throws a PolicyError when a policy
 * cannot be parsed.
 */
export function evaluateScps(
  request: PolicyRequest,
  levels: ScpLevel[],
): ScpEvaluation {
  return evaluateLevels(request, levels, 'SCP');
}

/**
 * The layered decision over the levels of a path, as for SCPs; RCPs are
 * judged the same way over the resource account's path (AWS Organizations,
 * "RCP evaluation").
 */
export function evaluateLevels(
  request: PolicyRequest,
  levels: ScpLevel[],
  type: PolicyType,
): ScpEvaluation {
  const lookup = createContextLookup(request.context);
  const denies: ScpDecidingStatement[] = [];
  const allowsByLevel: ScpDecidingStatement[][] = [];
  for (const level of levels) {
    const allows: ScpDecidingStatement[] = [];
    for (const policy of level.policies) {
      const result = evaluatePolicy(parseScp(policy, type), request, lookup);
      const decided = (statement: ParsedStatement): ScpDecidingStatement => ({
        target: level.target,
        policy: { id: policy.id, name: policy.name },
        statement: { index: statement.index, sid: statement.sid },
      });
      denies.push(...result.denies.map(decided));
      allows.push(...result.allows.map(decided));
    }
    allowsByLevel.push(allows);
  }
  if (denies.length > 0) {
    return { decision: 'explicit-deny', deciding: denies };
  }
  const levelsWithoutAllow = levels.filter(
    (_, index) => allowsByLevel[index].length === 0,
  );
  if (levelsWithoutAllow.length > 0) {
    return {
      decision: 'implicit-deny',
      deciding: levelsWithoutAllow.map(level => ({ target: level.target })),
    };
  }
  return {
    decision: 'allowed',
    deciding: allowsByLevel.map(allows => allows[0]),
  };
}
