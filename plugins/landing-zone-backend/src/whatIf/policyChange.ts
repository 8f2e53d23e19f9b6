/*
 * Policy what-if, its core (issue 14, part 2): a proposed change to the
 * organisation's SCPs or RCPs applied to a copy of the organisation's facts,
 * the accounts it reaches, and what it changes in their verdicts. Pure: the
 * facts are the stored ones, nothing calls AWS and nothing is saved.
 */

import type {
  AccountIdentity,
  OrganizationFacts,
  PolicyDocumentProblem,
  PolicyWhatIfRequest,
  ServiceControlPolicy,
} from '@internal/plugin-landing-zone-common';
import { parsePolicy } from '../evaluate/policy';
import type { GuardrailResult } from '../evaluate';
import { jsonErrorAt } from './jsonError';
import { problemOffset } from './jsonPositions';

/** SCPs and RCPs may be at most 5,120 characters (Organizations' quotas). */
export const POLICY_MAX_CHARACTERS = 5120;

/**
 * A proposed change to the organisation's authorization policies: the API's
 * request (a new policy attached to one target, an edit, a detach).
 */
export type PolicyChange = PolicyWhatIfRequest;

/** What is wrong with a proposed policy document, and where (1-based line and column) when it is known. */
export type PolicyProblem = PolicyDocumentProblem;

/** The id a proposed new policy has in the changed organisation. */
export const PROPOSED_POLICY_ID = 'p-proposed';

function position(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * The problems of a policy document as Organizations would see them: not
 * JSON (with the position JSON.parse names), over the size quota, or not a
 * policy the portal can evaluate (an element or condition operator it does
 * not know). None: it can be judged.
 */
export function policyProblems(content: string): PolicyProblem[] {
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch {
    const at = jsonErrorAt(content);
    const where = at ? position(content, at.offset) : undefined;
    return [
      {
        message: where
          ? `Not valid JSON at line ${where.line}, column ${
              where.column
            }: expected ${at!.expected}`
          : 'Not valid JSON',
        ...where,
      },
    ];
  }
  const problems: PolicyProblem[] = [];
  // The console saves a document without its white space; through the API
  // every character counts. Judge the smaller, say which.
  const minified = JSON.stringify(document).length;
  if (minified > POLICY_MAX_CHARACTERS) {
    problems.push({
      message: `The policy has ${minified} characters without white space; Organizations allows at most ${POLICY_MAX_CHARACTERS}`,
    });
  }
  try {
    parsePolicy(document);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = problemOffset(content, message);
    problems.push({
      message,
      ...(offset === undefined ? {} : position(content, offset)),
    });
  }
  return problems;
}

function policyList(
  organization: OrganizationFacts,
  type: 'SCP' | 'RCP',
): ServiceControlPolicy[] {
  return type === 'SCP'
    ? organization.policies
    : organization.resourceControlPolicies ?? [];
}

function withPolicies(
  organization: OrganizationFacts,
  type: 'SCP' | 'RCP',
  policies: ServiceControlPolicy[],
): OrganizationFacts {
  return type === 'SCP'
    ? { ...organization, policies }
    : { ...organization, resourceControlPolicies: policies };
}

function find(organization: OrganizationFacts, policyId: string) {
  for (const type of ['SCP', 'RCP'] as const) {
    const policy = policyList(organization, type).find(p => p.id === policyId);
    if (policy) return { type, policy };
  }
  return undefined;
}

/** Thrown for a change that names what the organisation does not have. */
export class PolicyChangeError extends Error {
  name = 'PolicyChangeError';
}

function knownTarget(
  organization: OrganizationFacts,
  targetId: string,
  accountIds: ReadonlySet<string>,
): boolean {
  return (
    targetId === organization.rootId ||
    organization.units.some(u => u.id === targetId) ||
    accountIds.has(targetId)
  );
}

/**
 * The organisation as it would be after the change. Throws a
 * PolicyChangeError for an unknown policy or target, or a detach from a
 * target the policy is not attached to.
 */
export function applyPolicyChange(
  organization: OrganizationFacts,
  change: PolicyChange,
  accountIds: ReadonlySet<string>,
): OrganizationFacts {
  if (change.kind === 'attach-new') {
    if (!knownTarget(organization, change.targetId, accountIds)) {
      throw new PolicyChangeError(
        `No root, OU or account ${change.targetId} in the organisation`,
      );
    }
    const proposed: ServiceControlPolicy = {
      id: PROPOSED_POLICY_ID,
      name: change.name,
      awsManaged: false,
      content: change.content,
      targets: [change.targetId],
    };
    return withPolicies(organization, change.policyType, [
      ...policyList(organization, change.policyType),
      proposed,
    ]);
  }
  const found = find(organization, change.policyId);
  if (!found) {
    throw new PolicyChangeError(`No SCP or RCP ${change.policyId}`);
  }
  const { type, policy } = found;
  const changed: ServiceControlPolicy =
    change.kind === 'edit'
      ? { ...policy, content: change.content }
      : {
          ...policy,
          targets: policy.targets.filter(t => t !== change.targetId),
        };
  if (change.kind === 'detach' && !policy.targets.includes(change.targetId)) {
    throw new PolicyChangeError(
      `${policy.name} (${policy.id}) is not attached to ${change.targetId}`,
    );
  }
  return withPolicies(
    organization,
    type,
    policyList(organization, type).map(p => (p.id === policy.id ? changed : p)),
  );
}

/**
 * The accounts whose effective policies the change can alter: those with the
 * changed policy's targets (or the new policy's target) on their path.
 */
export function reachedAccounts<
  T extends Pick<AccountIdentity, 'id' | 'parentIds'>,
>(
  organization: OrganizationFacts,
  change: PolicyChange,
  accounts: readonly T[],
): T[] {
  const targets = new Set<string>();
  if (change.kind === 'attach-new' || change.kind === 'detach') {
    targets.add(change.targetId);
  } else {
    for (const target of find(organization, change.policyId)?.policy.targets ??
      []) {
      targets.add(target);
    }
  }
  return accounts.filter(
    account =>
      targets.has(account.id) || account.parentIds.some(id => targets.has(id)),
  );
}

/** A verdict the change turns around. */
export type VerdictChange = {
  checkId: string;
  before: GuardrailResult['status'];
  after: GuardrailResult['status'];
  /** The evidence of the verdict after the change. */
  evidence: GuardrailResult['evidence'];
};

/** The verdicts that differ, by check id; a check judged on one side only is skipped. */
export function verdictChanges(
  before: readonly GuardrailResult[],
  after: readonly GuardrailResult[],
): VerdictChange[] {
  const was = new Map(before.map(r => [r.checkId, r.status]));
  return after.flatMap(result => {
    const previous = was.get(result.checkId);
    return previous !== undefined && previous !== result.status
      ? [
          {
            checkId: result.checkId,
            before: previous,
            after: result.status,
            evidence: result.evidence,
          },
        ]
      : [];
  });
}
