// @ts-check

/**
 * Alerts: what a scan turned around, told to the teams that own the accounts.
 *
 * - lz_guardrail_transitions: verdicts a scan's evaluation turned from pass to
 *   fail or from fail to pass, written in the transaction that makes the
 *   verdicts current, so a regression is never lost between evaluating and
 *   alerting.
 * - lz_accounts.first_seen_at: when the account was first stored (null for
 *   accounts stored before this migration); stale_since: when its
 *   stale_reason last went from none to some.
 * - lz_alert_scans: one row per scan whose alerts were detected (the row is
 *   inserted in the detecting transaction: two backends never detect a scan
 *   twice) and the claim of its delivery (one backend sends at a time).
 * - lz_alerts: each alert, unique by dedupe_key, with whom it was sent to and
 *   when; a regression is resolved by its recovery.
 * - lz_alert_root_events: root-user events already announced.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lz_guardrail_transitions', table => {
    table.increments('id');
    table.string('scan_id').notNullable();
    table.string('account_id').notNullable();
    table.string('check_id').notNullable();
    table.string('status_before').notNullable();
    table.string('status_after').notNullable();
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.index(['scan_id'], 'lz_transitions_scan_idx');
  });
  await knex.schema.alterTable('lz_accounts', table => {
    table.timestamp('first_seen_at', { useTz: true }).nullable();
    table.timestamp('stale_since', { useTz: true }).nullable();
  });
  await knex.schema.createTable('lz_alert_scans', table => {
    table.string('scan_id').primary();
    table.timestamp('detected_at', { useTz: true }).notNullable();
    table.string('claimed_by').nullable();
    table.timestamp('claimed_at', { useTz: true }).nullable();
    table
      .timestamp('delivered_at', { useTz: true })
      .nullable()
      .comment('every alert of the scan sent (or not to be sent)');
  });
  await knex.schema.createTable('lz_alerts', table => {
    table.string('id').primary();
    table.string('dedupe_key').notNullable().unique();
    table.string('scan_id').notNullable();
    table.string('kind').notNullable();
    table.string('account_id').notNullable();
    table.string('account_name').notNullable();
    table.string('check_id').nullable();
    table.string('severity').notNullable();
    table
      .text('details')
      .nullable()
      .comment('JSON: ouPath, staleReason, events');
    table.text('recipients').notNullable().comment('JSON array of entity refs');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('notified_at', { useTz: true }).nullable();
    table
      .timestamp('resolved_at', { useTz: true })
      .nullable()
      .comment('a regression: when its recovery was found');
    table.index(['account_id', 'created_at'], 'lz_alerts_account_idx');
    table.index(['scan_id'], 'lz_alerts_scan_idx');
    table.index(['created_at', 'id'], 'lz_alerts_created_idx');
  });
  await knex.schema.createTable('lz_alert_root_events', table => {
    table.string('account_id').notNullable();
    table.string('event_id').notNullable();
    table.primary(['account_id', 'event_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lz_alert_root_events');
  await knex.schema.dropTable('lz_alerts');
  await knex.schema.dropTable('lz_alert_scans');
  await knex.schema.alterTable('lz_accounts', table => {
    table.dropColumn('first_seen_at');
    table.dropColumn('stale_since');
  });
  await knex.schema.dropTable('lz_guardrail_transitions');
};
