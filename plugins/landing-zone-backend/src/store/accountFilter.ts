import type { Knex } from 'knex';
import { whereScope } from '../permissions';
import type { AccountFilter } from './types';

/**
 * The account filters of every list that shows accounts (GET /accounts, the
 * matrix, a guardrail's accounts), for `query.modify(whereAccounts, filter)`
 * on a query that reads lz_accounts, alone or joined. Columns are qualified,
 * so a joined table may share their names.
 */
export function whereAccounts(
  query: Knex.QueryBuilder,
  filter: AccountFilter,
): void {
  if (!filter.includeRemoved) query.whereNull('lz_accounts.removed_at');
  // What the user may see, as a permission policy's conditions say.
  if (filter.scope) whereScope(query, filter.scope);
  if (filter.ou) {
    // The OU's accounts and those of every OU below it, by stored id.
    // EXISTS, not IN: a page then walks the list's sort index and looks up
    // each account's membership, instead of sorting the whole OU.
    const ou = filter.ou;
    query.whereExists(sub =>
      sub
        .select('lz_account_ous.account_id')
        .from('lz_account_ous')
        .where('lz_account_ous.ou_id', ou)
        .whereRaw('lz_account_ous.account_id = lz_accounts.account_id'),
    );
  }
  if (filter.owner) query.where('lz_accounts.owner', filter.owner);
  if (filter.environment) {
    query.where('lz_accounts.environment', filter.environment);
  }
  if (filter.compliance) {
    query.where('lz_accounts.compliance', filter.compliance);
  }
  if (filter.text) {
    // The user's text is matched literally: % and _ are not wildcards here.
    const text = `%${filter.text
      .toLowerCase()
      .replace(/[\\%_]/g, c => `\\${c}`)}%`;
    query.where(sub =>
      sub
        .whereRaw("LOWER(lz_accounts.name) LIKE ? ESCAPE '\\'", [text])
        .orWhereRaw("LOWER(lz_accounts.email) LIKE ? ESCAPE '\\'", [text])
        .orWhereRaw("lz_accounts.account_id LIKE ? ESCAPE '\\'", [text]),
    );
  }
}
