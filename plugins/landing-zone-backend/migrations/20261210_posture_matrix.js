// @ts-check

/**
 * What the posture dashboard reads:
 * - status_since on every verdict: when it last became its current status,
 *   carried over by an evaluation that finds the same status and reset by one
 *   that finds another. Verdicts stored before now only know when they were
 *   last judged, so that is their start.
 * - the matrix's order (most failing guardrails first, then name and id) as
 *   an index, so a page walks it instead of sorting the estate. PostgreSQL
 *   reads an index backwards only when every column flips, so the mixed
 *   direction is in the index itself; knex has no portable builder for it.
 * - a guardrail's accounts by verdict, oldest first: (check, status, since,
 *   account). It starts with the old (check, status) index, which goes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('lz_guardrail_results', table => {
    table
      .timestamp('status_since', { useTz: true })
      .nullable()
      .comment('When the verdict last became its current status');
  });
  await knex('lz_guardrail_results').update({
    status_since: knex.ref('evaluated_at'),
  });
  await knex.schema.alterTable('lz_guardrail_results_next', table => {
    table
      .timestamp('status_since', { useTz: true })
      .nullable()
      .comment('Carried over from lz_guardrail_results when the status holds');
  });

  await knex.schema.alterTable('lz_guardrail_results', table => {
    table.dropIndex([], 'lz_results_check_status_idx');
    table.index(
      ['check_id', 'status', 'status_since', 'account_id'],
      'lz_results_check_since_idx',
    );
  });
  await knex.raw(
    'CREATE INDEX lz_accounts_matrix_idx ON lz_accounts (checks_failing DESC, name, account_id)',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX lz_accounts_matrix_idx');
  await knex.schema.alterTable('lz_guardrail_results', table => {
    table.dropIndex([], 'lz_results_check_since_idx');
    table.index(['check_id', 'status'], 'lz_results_check_status_idx');
  });
  await knex.schema.alterTable('lz_guardrail_results_next', table => {
    table.dropColumn('status_since');
  });
  await knex.schema.alterTable('lz_guardrail_results', table => {
    table.dropColumn('status_since');
  });
};
