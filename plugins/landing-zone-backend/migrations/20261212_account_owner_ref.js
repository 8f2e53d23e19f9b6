// @ts-check

/**
 * The account's owner as the catalog names it, for the permission rule
 * IS_OWNED_BY: the owner tag as a lower-case full entity reference (a bare
 * name is a group in the default namespace), NULL when the tag is missing or
 * not a valid reference (the catalog's fallback owner then owns it). Indexed,
 * so a narrowed list looks the user's accounts up instead of scanning.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('lz_accounts', table => {
    table
      .string('owner_ref', 400)
      .nullable()
      .comment('The owner tag as a lower-case full entity reference');
    table.index(['owner_ref'], 'lz_accounts_owner_ref_idx');
  });
  const rows = await knex('lz_accounts')
    .whereNotNull('owner')
    .select('account_id', 'owner');
  for (const row of rows) {
    const ref = ownerRefOf(row.owner);
    if (ref) {
      await knex('lz_accounts')
        .where({ account_id: row.account_id })
        .update({ owner_ref: ref });
    }
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('lz_accounts', table => {
    table.dropIndex([], 'lz_accounts_owner_ref_idx');
    table.dropColumn('owner_ref');
  });
};

// A copy of ownerRefOf in src/store/rows.ts as it was when this migration was
// written: a migration must not change with the code.
const KIND = /^[a-zA-Z][a-z0-9A-Z]*$/;
const NAME = /^[a-z0-9A-Z]+([-_.][a-z0-9A-Z]+)*$/;

/**
 * @param {string | null | undefined} owner
 * @returns {string | null}
 */
function ownerRefOf(owner) {
  const value = (owner ?? '').trim();
  if (!value) return null;
  const match = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(value);
  if (!match) return null;
  const [, kind = 'group', namespace = 'default', name] = match;
  if (
    !KIND.test(kind) ||
    kind.length > 63 ||
    !NAME.test(namespace) ||
    namespace.length > 63 ||
    !NAME.test(name) ||
    name.length > 63
  ) {
    return null;
  }
  return `${kind}:${namespace}/${name}`.toLowerCase();
}
