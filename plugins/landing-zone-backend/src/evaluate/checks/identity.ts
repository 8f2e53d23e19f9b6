/*
 * One identity source: no IAM users at all, and roles that trust only the
 * organisation, AWS services, identity providers and named partners.
 */

import {
  type CheckContext,
  defaultGuardrailSettings,
  type GuardrailCheck,
  guardrailIds,
  type GuardrailEvidence,
  type IamRole,
} from '@internal/plugin-landing-zone-common';
import { parsePolicy, type ParsedStatement, PolicyError } from '../policy';
import {
  definitionOf,
  emptyFindings,
  type Findings,
  globalVerdict,
  said,
  verdictOf,
} from './common';

/** The users the evidence names; the others are counted. */
export const listedUsers = 10;

export const iamNoUsersCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.iamNoUsers),
  evaluate: context =>
    globalVerdict(
      context,
      facts => facts.iamUsers,
      users => {
        if (users.length === 0) {
          return { status: 'pass', evidence: [said('iamUsers.noUsers')] };
        }
        const sorted = [...users].sort((a, b) =>
          a.userName.localeCompare(b.userName),
        );
        const evidence: GuardrailEvidence[] = sorted
          .slice(0, listedUsers)
          .map(user => ({
            resource: user.arn ?? user.userName,
            ...(user.passwordLastUsed
              ? said('iamUsers.userPassword', {
                  userName: user.userName,
                  passwordLastUsed: user.passwordLastUsed,
                })
              : said('iamUsers.user', { userName: user.userName })),
          }));
        if (users.length > listedUsers) {
          evidence.push(
            said('iamUsers.more', {
              more: users.length - listedUsers,
              total: users.length,
            }),
          );
        }
        return { status: 'fail', evidence };
      },
      said('iamUsers.what'),
    ),
};

/** Service-linked roles are AWS's: their trust is not the account's to set. */
const serviceLinkedPath = '/aws-service-role/';

/** The accounts a role may trust, and whether all of the organisation's are known. */
type Trust = {
  organizationId: string;
  trusted: Set<string>;
  /** False when the organisation's accounts were not listed. */
  complete: boolean;
};

function trustOf(context: CheckContext): Trust {
  const settings = context.settings ?? defaultGuardrailSettings;
  const trusted = new Set([
    context.account.account.id,
    context.organization.managementAccountId,
    ...settings.trustedAccountIds,
    ...(context.accountEnvironments?.keys() ?? []),
  ]);
  return {
    organizationId: context.organization.organizationId,
    trusted,
    complete: context.accountEnvironments !== undefined,
  };
}

/** The account of an ARN (`arn:partition:service:region:account:…`). */
function arnAccount(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && /^\d{12}$/.test(parts[4])
    ? parts[4]
    : undefined;
}

/** The account an AWS or Federated principal belongs to, if it says. */
function accountOf(kind: string, principal: string): string | undefined {
  if (kind === 'AWS' && /^\d{12}$/.test(principal)) return principal;
  if (kind === 'AWS' || kind === 'Federated') return arnAccount(principal);
  return undefined;
}

/**
 * Whether a statement admits only principals of the organisation (or
 * trusted accounts) whatever its Principal says: an aws:PrincipalOrgID
 * condition naming the organisation, an aws:PrincipalOrgPaths condition
 * whose every path lies in it, an aws:PrincipalAccount condition naming
 * trusted accounts only, or an aws:PrincipalArn condition whose every ARN
 * names a trusted account. An `…IfExists` or `ForAllValues` condition holds
 * for a principal outside any organisation, so it restricts nothing.
 */
function restrictedToOrganization(
  statement: ParsedStatement,
  trust: Trust,
): boolean {
  return statement.conditions.some(condition => {
    if (
      condition.ifExists ||
      condition.set === 'ForAllValues' ||
      condition.values.length === 0
    ) {
      return false;
    }
    const strings = ['StringEquals', 'StringLike'].includes(condition.base);
    const key = condition.key.toLowerCase();
    if (key === 'aws:principalorgid' && strings) {
      return condition.values.every(v => v === trust.organizationId);
    }
    if (key === 'aws:principalorgpaths' && strings) {
      // Paths start with the organisation's id: o-abcd/r-ab12/ou-ab12-…/
      return condition.values.every(v =>
        v.startsWith(`${trust.organizationId}/`),
      );
    }
    if (key === 'aws:principalaccount' && strings) {
      return condition.values.every(v => trust.trusted.has(v));
    }
    if (
      key === 'aws:principalarn' &&
      (strings || ['ArnEquals', 'ArnLike'].includes(condition.base))
    ) {
      // A wildcard in the account field would admit any account.
      return condition.values.every(v => {
        const account = arnAccount(v);
        return account !== undefined && trust.trusted.has(account);
      });
    }
    return false;
  });
}

function stringsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every(item => typeof item === 'string')) {
    throw new PolicyError('Principal values must be strings');
  }
  return list as string[];
}

type Principals = Record<string, string[]>;

function principalsOf(value: unknown, element: string): Principals {
  if (value === '*') return { AWS: ['*'] };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicyError(`${element} must be "*" or an object`);
  }
  return Object.fromEntries(
    Object.entries(value).map(([kind, values]) => [kind, stringsOf(values)]),
  );
}

/** Trust policies come as JSON, or URL-encoded JSON as IAM's API returns them. */
function trustDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    try {
      return JSON.parse(decodeURIComponent(text));
    } catch {
      throw new PolicyError(
        `Policy is not valid JSON: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }
}

type Allowed = {
  statement: ParsedStatement;
  principals: Principals;
  /** The statement names a NotPrincipal: everyone but them. */
  not: boolean;
};

/** The Allow statements of a trust policy with their principals; throws a PolicyError. */
function allowStatements(trustPolicy: string): Allowed[] {
  const document = trustDocument(trustPolicy);
  const { statements } = parsePolicy(document);
  const raw = (document as { Statement: unknown }).Statement;
  const rawStatements = (Array.isArray(raw) ? raw : [raw]) as Record<
    string,
    unknown
  >[];
  return statements
    .filter(statement => statement.effect === 'Allow')
    .map(statement => {
      const source = rawStatements[statement.index];
      const not = source.NotPrincipal !== undefined;
      const value = not ? source.NotPrincipal : source.Principal;
      if (value === undefined) {
        throw new PolicyError(
          `Statement ${statement.index} names no Principal`,
        );
      }
      return {
        statement,
        principals: principalsOf(value, not ? 'NotPrincipal' : 'Principal'),
        not,
      };
    });
}

/** A unique id (AROA…, AIDA…) stands in for a deleted principal: it admits nobody. */
const uniqueId = /^A[A-Z0-9]{15,}$/;

function judgeRole(role: IamRole, trust: Trust, findings: Findings): void {
  const where = { resource: role.arn };
  const roleName = role.roleName;
  const reported = new Set<string>();
  const report = (
    list: GuardrailEvidence[],
    principal: string,
    evidence: ReturnType<typeof said>,
  ) => {
    if (reported.has(principal)) return;
    reported.add(principal);
    list.push({ ...where, ...evidence });
  };
  let judged: Allowed[];
  try {
    judged = allowStatements(role.trustPolicy);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    findings.unknowns.push({
      ...where,
      ...said('role.unreadable', { roleName, reason: error.message }),
    });
    return;
  }
  for (const { statement, principals, not } of judged) {
    if (restrictedToOrganization(statement, trust)) continue;
    if (not) {
      const principal = Object.values(principals).flat().join(', ');
      report(
        findings.failures,
        principal,
        said('role.notPrincipal', { roleName, principal }),
      );
      continue;
    }
    for (const [kind, values] of Object.entries(principals)) {
      for (const principal of values) {
        if (kind === 'Service') continue;
        if (kind === 'AWS' && principal === '*') {
          report(
            findings.failures,
            principal,
            said('role.everyone', { roleName, principal }),
          );
          continue;
        }
        if (kind === 'AWS' && uniqueId.test(principal)) continue;
        // Web identity providers (accounts.google.com, cognito-identity…)
        // name no account: they are identity providers, admitted.
        if (kind === 'Federated' && !principal.startsWith('arn:')) continue;
        const accountId = accountOf(kind, principal);
        if (!accountId) {
          report(
            findings.unknowns,
            principal,
            said('role.principalUnjudged', { roleName, principal }),
          );
        } else if (trust.trusted.has(accountId)) {
          continue;
        } else if (!trust.complete) {
          report(
            findings.unknowns,
            principal,
            said('role.accountUnknown', { roleName, principal, accountId }),
          );
        } else {
          report(
            findings.failures,
            principal,
            said('role.outside', { roleName, principal, accountId }),
          );
        }
      }
    }
  }
}

export const iamRoleTrustCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.iamRoleTrust),
  evaluate: context =>
    globalVerdict(
      context,
      facts => facts.iamRoles,
      roles => {
        const trust = trustOf(context);
        const judged = roles.filter(
          role => !role.path.startsWith(serviceLinkedPath),
        );
        const findings = emptyFindings();
        for (const role of judged) judgeRole(role, trust, findings);
        return verdictOf(findings, [
          judged.length === 0
            ? said('roles.none')
            : said('roles.trusted', { roles: judged.length }),
        ]);
      },
      said('roles.what'),
    ),
};

export const identityChecks: GuardrailCheck[] = [
  iamNoUsersCheck,
  iamRoleTrustCheck,
];
