/*
 * The one rule that rolls verdicts up: an account is non-compliant when any
 * guardrail fails, unknown when none fails but one could not be judged, else
 * compliant. Every count of the API (an account's, an OU's, the
 * organisation's, a day of history) is made here.
 */
import type {
  AccountIdentity,
  Compliance,
  ComplianceCounts,
  GuardrailResult,
  GuardrailStatus,
  PostureCounts,
} from '@internal/plugin-landing-zone-common';

/** The whole organisation's scope; an OU's scope is its id. */
export const ORG_SCOPE = 'org';
/** The check id of the rows that count accounts by overall compliance. */
export const ALL_CHECKS = '*';

/** One roll-up row: verdicts of one check (or accounts, for '*') in one scope. */
export type PostureRow = {
  scope: string;
  checkId: string;
  counts: PostureCounts;
};

export const noCounts = (): PostureCounts => ({
  passing: 0,
  failing: 0,
  unknown: 0,
});

/** Adds one verdict to the counts. */
export function count(counts: PostureCounts, status: GuardrailStatus): void {
  if (status === 'pass') counts.passing++;
  else if (status === 'fail') counts.failing++;
  else counts.unknown++;
}

/** An account's compliance from its verdict counts. */
export function complianceOf(counts: PostureCounts): Compliance {
  if (counts.failing > 0) return 'non-compliant';
  if (counts.unknown > 0) return 'unknown';
  return 'compliant';
}

/** The status a '*' row counts an account under. */
function statusOf(compliance: Compliance): GuardrailStatus {
  if (compliance === 'compliant') return 'pass';
  if (compliance === 'non-compliant') return 'fail';
  return 'unknown';
}

/** A '*' row read as accounts by compliance. */
export function asCompliance(counts: PostureCounts): ComplianceCounts {
  return {
    compliant: counts.passing,
    nonCompliant: counts.failing,
    unknown: counts.unknown,
  };
}

/** Every account's verdict counts. */
export function countByAccount(
  results: Pick<GuardrailResult, 'accountId' | 'status'>[],
): Map<string, PostureCounts> {
  const byAccount = new Map<string, PostureCounts>();
  for (const r of results) {
    const counts = byAccount.get(r.accountId) ?? noCounts();
    count(counts, r.status);
    byAccount.set(r.accountId, counts);
  }
  return byAccount;
}

/**
 * Rolls verdicts up for the organisation and every OU (counting the accounts
 * below it): one row per check and one '*' row counting accounts by overall
 * compliance. The root's scope is the organisation's. Accounts are added one
 * at a time, so an evaluation can roll up chunk by chunk without holding every
 * verdict; accounts without verdicts (suspended, left) are not counted.
 */
export class PostureRollup {
  readonly #rootId: string;
  readonly #scopes = new Map<string, Map<string, PostureCounts>>();

  constructor(rootId: string) {
    this.#rootId = rootId;
  }

  add(
    account: Pick<AccountIdentity, 'parentId' | 'parentIds'>,
    verdicts: Pick<GuardrailResult, 'checkId' | 'status'>[],
  ): void {
    if (verdicts.length === 0) return;
    const overall = noCounts();
    for (const v of verdicts) count(overall, v.status);
    const ous = new Set(
      [...account.parentIds, account.parentId].filter(
        id => id !== this.#rootId,
      ),
    );
    for (const scope of [ORG_SCOPE, ...ous]) {
      this.#bump(scope, ALL_CHECKS, statusOf(complianceOf(overall)));
      for (const v of verdicts) this.#bump(scope, v.checkId, v.status);
    }
  }

  rows(): PostureRow[] {
    const rows: PostureRow[] = [];
    for (const [scope, checks] of this.#scopes) {
      for (const [checkId, counts] of checks) {
        rows.push({ scope, checkId, counts: { ...counts } });
      }
    }
    return rows;
  }

  #bump(scope: string, checkId: string, status: GuardrailStatus) {
    const checks = this.#scopes.get(scope) ?? new Map<string, PostureCounts>();
    this.#scopes.set(scope, checks);
    const counts = checks.get(checkId) ?? noCounts();
    checks.set(checkId, counts);
    count(counts, status);
  }
}

/** The roll-up of a whole set of verdicts at once (see PostureRollup). */
export function postureRows(
  rootId: string,
  accounts: Pick<AccountIdentity, 'id' | 'parentId' | 'parentIds'>[],
  results: Pick<GuardrailResult, 'accountId' | 'checkId' | 'status'>[],
): PostureRow[] {
  const byAccount = new Map<string, typeof results>();
  for (const r of results) {
    const list = byAccount.get(r.accountId) ?? [];
    list.push(r);
    byAccount.set(r.accountId, list);
  }
  const rollup = new PostureRollup(rootId);
  for (const account of accounts) {
    rollup.add(account, byAccount.get(account.id) ?? []);
  }
  return rollup.rows();
}
