import type {
  AccountIdentity,
  OrganizationFacts,
} from '@internal/plugin-landing-zone-common';
import type { GuardrailResult, PostureCounts } from '../store/types';

type PostureRow = {
  day: string;
  scope: string;
  checkId: string;
  counts: PostureCounts;
};

const empty = (): PostureCounts => ({ passing: 0, failing: 0, unknown: 0 });

/**
 * Rolls the current verdicts up into the day's history rows: for the
 * organisation and every OU (counting the accounts below it), one row per check
 * and one `'*'` row counting accounts by overall compliance.
 */
export function postureRows(
  day: string,
  organization: OrganizationFacts,
  accounts: AccountIdentity[],
  results: GuardrailResult[],
): PostureRow[] {
  const byAccount = new Map<string, GuardrailResult[]>();
  for (const r of results) {
    const list = byAccount.get(r.accountId) ?? [];
    list.push(r);
    byAccount.set(r.accountId, list);
  }
  const scopes = new Map<string, Map<string, PostureCounts>>();
  const bump = (scope: string, checkId: string, status: string) => {
    const checks = scopes.get(scope) ?? new Map<string, PostureCounts>();
    scopes.set(scope, checks);
    const counts = checks.get(checkId) ?? empty();
    checks.set(checkId, counts);
    if (status === 'pass') counts.passing++;
    else if (status === 'fail') counts.failing++;
    else counts.unknown++;
  };

  for (const account of accounts) {
    const verdicts = byAccount.get(account.id) ?? [];
    if (verdicts.length === 0) continue;
    let overall = 'pass';
    if (verdicts.some(v => v.status === 'fail')) overall = 'fail';
    else if (verdicts.some(v => v.status === 'unknown')) overall = 'unknown';
    const ous = new Set(
      [...account.parentIds, account.parentId].filter(
        id => id !== organization.rootId,
      ),
    );
    for (const scope of ['org', ...ous]) {
      bump(scope, '*', overall);
      for (const v of verdicts) bump(scope, v.checkId, v.status);
    }
  }

  const rows: PostureRow[] = [];
  for (const [scope, checks] of scopes) {
    for (const [checkId, counts] of checks) {
      rows.push({ day, scope, checkId, counts });
    }
  }
  return rows;
}
