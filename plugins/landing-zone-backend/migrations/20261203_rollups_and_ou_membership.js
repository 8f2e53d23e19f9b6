// @ts-check

/**
 * What the API reads instead of the whole estate:
 * - lz_posture_current: today's roll-up (organisation and every OU, per check
 *   and '*' for accounts by compliance), replaced with every evaluation, so
 *   GET /posture and the OU tree read a few hundred rows, not every verdict.
 * - lz_account_ous: which OUs (and the root) each account is below, so the OU
 *   filter is an indexed lookup of stored ids, not a LIKE on a JSON column.
 * - lz_guardrail_results_next: an evaluation's verdicts, staged a chunk at a
 *   time and swapped in whole in one transaction, so neither a 10,000-account
 *   estate's verdicts in memory nor a half-written evaluation is ever served.
 * - indexes for the filters and orders the lists use.
 * - errors stored before now lose the portal's own IAM identity (AWS puts the
 *   caller's ARN in its messages); src/collect/redact.ts does it for new ones.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lz_posture_current', table => {
    table.comment('The roll-up of the current verdicts; see lz_posture_daily');
    table.string('scope').notNullable().comment("'org' or an OU id");
    table.string('check_id').notNullable().comment("a check id, or '*'");
    table.integer('passing').notNullable();
    table.integer('failing').notNullable();
    table.integer('unknown').notNullable();
    table.primary(['scope', 'check_id']);
  });
  // The last evaluation's day of history is the roll-up it saved.
  const latest = await knex('lz_posture_daily').max({ day: 'day' }).first();
  if (latest?.day) {
    const rows = await knex('lz_posture_daily')
      .where({ day: latest.day })
      .select('scope', 'check_id', 'passing', 'failing', 'unknown');
    for (let i = 0; i < rows.length; i += 200) {
      await knex('lz_posture_current').insert(rows.slice(i, i + 200));
    }
  }

  await knex.schema.createTable('lz_guardrail_results_next', table => {
    table.comment('The verdicts of the evaluation under way, not yet current');
    table.string('account_id').notNullable();
    table.string('check_id').notNullable();
    table.string('status').notNullable();
    table.text('evidence').notNullable().comment('JSON array');
    table.timestamp('evaluated_at', { useTz: true }).notNullable();
    table.primary(['account_id', 'check_id']);
  });

  await knex.schema.createTable('lz_account_ous', table => {
    table.comment('Each account and every OU (and the root) above it');
    table.string('ou_id').notNullable();
    table.string('account_id').notNullable();
    table.primary(['ou_id', 'account_id']);
    table.index(['account_id'], 'lz_account_ous_account_idx');
  });
  const accounts = await knex('lz_accounts').select(
    'account_id',
    'parent_id',
    'parent_ids',
  );
  const memberships = accounts.flatMap(a =>
    [...new Set([...JSON.parse(a.parent_ids || '[]'), a.parent_id])].map(
      ou_id => ({ ou_id, account_id: a.account_id }),
    ),
  );
  for (let i = 0; i < memberships.length; i += 200) {
    await knex('lz_account_ous').insert(memberships.slice(i, i + 200));
  }

  await knex.schema.alterTable('lz_accounts', table => {
    table.index(['compliance', 'name'], 'lz_accounts_compliance_idx');
    table.index(['owner', 'name'], 'lz_accounts_owner_idx');
    table.index(['environment', 'name'], 'lz_accounts_environment_idx');
  });
  await knex.schema.alterTable('lz_vpcs', table => {
    table.index(['region'], 'lz_vpcs_region_idx');
    table.index(['environment'], 'lz_vpcs_environment_idx');
  });
  await knex.schema.alterTable('lz_posture_daily', table => {
    table.index(['scope', 'check_id', 'day'], 'lz_posture_daily_scope_idx');
  });

  const caller =
    /arn:aws[a-z-]*:(?:iam|sts)::\d{12}:(?:user|assumed-role|role|federated-user)\/[^\s,;"']+/g;
  /** @param {string} text */
  const redact = text => text.replace(caller, "[the portal's AWS identity]");
  const facts = await knex('lz_facts')
    .whereNotNull('error')
    .select('account_id', 'region', 'kind', 'error');
  for (const f of facts) {
    if (redact(f.error) === f.error) continue;
    await knex('lz_facts')
      .where({ account_id: f.account_id, region: f.region, kind: f.kind })
      .update({ error: redact(f.error) });
  }
  const scans = await knex('lz_scan_runs')
    .whereNotNull('errors')
    .select('id', 'errors');
  for (const s of scans) {
    if (redact(s.errors) === s.errors) continue;
    await knex('lz_scan_runs')
      .where({ id: s.id })
      .update({ errors: redact(s.errors) });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('lz_posture_daily', table => {
    table.dropIndex([], 'lz_posture_daily_scope_idx');
  });
  await knex.schema.alterTable('lz_vpcs', table => {
    table.dropIndex([], 'lz_vpcs_region_idx');
    table.dropIndex([], 'lz_vpcs_environment_idx');
  });
  await knex.schema.alterTable('lz_accounts', table => {
    table.dropIndex([], 'lz_accounts_compliance_idx');
    table.dropIndex([], 'lz_accounts_owner_idx');
    table.dropIndex([], 'lz_accounts_environment_idx');
  });
  await knex.schema.dropTable('lz_account_ous');
  await knex.schema.dropTable('lz_guardrail_results_next');
  await knex.schema.dropTable('lz_posture_current');
};
