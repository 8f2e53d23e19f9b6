// @ts-check

/**
 * - At most one running scan, enforced by the database: a partial unique
 *   index on the running state, so two replicas (or a POST racing the
 *   schedule) cannot both start one whatever their clocks say.
 * - When each account's tags were last read, so tags are re-read by age and
 *   not on every scan (one Organizations call per account, the slowest API).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('lz_accounts', table => {
    table
      .timestamp('tags_read_at', { useTz: true })
      .nullable()
      .comment('When the tags were last read from Organizations');
  });
  // Earlier versions could leave more than one running row behind; keep the
  // newest, the others were interrupted.
  const running = await knex('lz_scan_runs')
    .where({ state: 'running' })
    .orderBy('started_at', 'desc')
    .pluck('id');
  if (running.length > 1) {
    await knex('lz_scan_runs')
      .whereIn('id', running.slice(1))
      .update({ state: 'interrupted', finished_at: new Date() });
  }
  // PostgreSQL and SQLite both take a partial index; knex has no portable
  // builder for one.
  await knex.raw(
    "CREATE UNIQUE INDEX lz_scan_runs_one_running ON lz_scan_runs (state) WHERE state = 'running'",
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX lz_scan_runs_one_running');
  await knex.schema.alterTable('lz_accounts', table => {
    table.dropColumn('tags_read_at');
  });
};
