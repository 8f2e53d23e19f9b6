// @ts-check

/**
 * The landing-zone store: current state in narrow tables, history as daily
 * roll-ups. JSON columns only for evidence and raw facts that are read whole.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lz_scan_runs', table => {
    table.comment('One row per scan, with its progress');
    table.string('id').primary();
    table.string('trigger').notNullable().comment('schedule | manual');
    table.string('requested_by').nullable();
    table
      .string('state')
      .notNullable()
      .comment(
        'running | succeeded | partial | failed | interrupted | cancelled',
      );
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('heartbeat_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.integer('accounts_total').notNullable().defaultTo(0);
    table.integer('accounts_done').notNullable().defaultTo(0);
    table.integer('accounts_failed').notNullable().defaultTo(0);
    table.text('errors').nullable().comment('JSON array of scan-level errors');
    table.index(['state'], 'lz_scan_runs_state_idx');
    table.index(['started_at'], 'lz_scan_runs_started_idx');
  });

  await knex.schema.createTable('lz_organization', table => {
    table.comment('The organisation, a single row');
    table.string('id').primary();
    table.string('management_account_id').notNullable();
    table.string('root_id').notNullable();
    table.timestamp('collected_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('lz_organizational_units', table => {
    table.string('id').primary();
    table.string('parent_id').nullable();
    table.string('name').notNullable();
    table.string('path', 2048).notNullable();
  });

  await knex.schema.createTable('lz_policies', table => {
    table.string('id').primary();
    table.string('name').notNullable();
    table.text('description').nullable();
    table.boolean('aws_managed').notNullable().defaultTo(false);
    table.text('content').notNullable();
    table.text('targets').notNullable().comment('JSON array of target ids');
  });

  await knex.schema.createTable('lz_accounts', table => {
    table.comment('Stable identity is the account id, never the name');
    table.string('account_id').primary();
    table.string('name').notNullable();
    table.string('email').notNullable();
    table.string('status').notNullable();
    table.string('parent_id').notNullable();
    table.text('parent_ids').notNullable().comment('JSON array, root first');
    table.string('ou_path', 2048).notNullable();
    table.text('tags').notNullable().comment('JSON object');
    table.string('owner').nullable().comment('The owner tag, for filtering');
    table.string('environment').notNullable();
    table.string('joined_at').nullable();
    table.timestamp('last_collected_at', { useTz: true }).nullable();
    table.timestamp('last_attempted_at', { useTz: true }).nullable();
    table.text('stale_reason').nullable();
    table
      .string('compliance')
      .notNullable()
      .defaultTo('unknown')
      .comment('compliant | non-compliant | unknown');
    table.integer('checks_passing').notNullable().defaultTo(0);
    table.integer('checks_failing').notNullable().defaultTo(0);
    table.integer('checks_unknown').notNullable().defaultTo(0);
    table
      .timestamp('removed_at', { useTz: true })
      .nullable()
      .comment('Set when the account left the organisation');
    table.index(['parent_id'], 'lz_accounts_parent_idx');
    table.index(['last_collected_at'], 'lz_accounts_collected_idx');
    table.index(['name'], 'lz_accounts_name_idx');
  });

  await knex.schema.createTable('lz_facts', table => {
    table.comment('The last good collection per key, and the latest error');
    table.string('account_id').notNullable();
    table.string('region').notNullable().comment("a region, or 'global'");
    table.string('kind').notNullable();
    table.text('data').nullable().comment('JSON; the last good value');
    table.text('error').nullable().comment('JSON; the latest failure, if any');
    table.timestamp('collected_at', { useTz: true }).nullable();
    table.timestamp('attempted_at', { useTz: true }).notNullable();
    table.primary(['account_id', 'region', 'kind']);
  });

  await knex.schema.createTable('lz_vpcs', table => {
    table.string('vpc_id').notNullable();
    table.string('account_id').notNullable();
    table.string('region').notNullable();
    table.string('name').nullable();
    table.boolean('is_default').notNullable().defaultTo(false);
    table.string('environment').notNullable();
    table.text('cidrs').notNullable().comment('JSON array');
    table.text('tiers').notNullable().comment('JSON: subnet counts per tier');
    table.boolean('flow_logs').notNullable();
    table
      .text('links')
      .notNullable()
      .comment('JSON: peerings and TGW attachments');
    table.primary(['account_id', 'region', 'vpc_id']);
    table.index(['vpc_id'], 'lz_vpcs_vpc_idx');
  });

  await knex.schema.createTable('lz_guardrail_results', table => {
    table.string('account_id').notNullable();
    table.string('check_id').notNullable();
    table.string('status').notNullable();
    table.text('evidence').notNullable().comment('JSON array');
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.primary(['account_id', 'check_id']);
    table.index(['check_id', 'status'], 'lz_results_check_status_idx');
  });

  await knex.schema.createTable('lz_posture_daily', table => {
    table.comment('Daily roll-ups that trends are drawn from');
    table.string('day').notNullable().comment('YYYY-MM-DD (UTC)');
    table.string('scope').notNullable().comment("'org' or an OU id");
    table.string('check_id').notNullable().comment("a check id, or '*'");
    table.integer('passing').notNullable();
    table.integer('failing').notNullable();
    table.integer('unknown').notNullable();
    table.primary(['day', 'scope', 'check_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'lz_posture_daily',
    'lz_guardrail_results',
    'lz_vpcs',
    'lz_facts',
    'lz_accounts',
    'lz_policies',
    'lz_organizational_units',
    'lz_organization',
    'lz_scan_runs',
  ]) {
    await knex.schema.dropTable(table);
  }
};
