// @ts-check

/**
 * Account vending: the CIDR blocks handed to requests and the requests the
 * portal follows until their account is seen and compliant.
 *
 * - lz_cidr_pools: one row per configured pool, the row an allocation locks
 *   (SELECT ... FOR UPDATE on PostgreSQL) so two allocations in one pool run
 *   one after the other.
 * - lz_cidr_allocations: a block is live while reserved, held by a request or
 *   assigned to a merged one; the database admits each live block once and
 *   one live allocation per request key (partial unique indexes), so a race
 *   that slipped past the lock fails and is retried instead of sharing a
 *   block.
 * - lz_account_requests: names and emails are compared case-folded; while a
 *   request is open or merged (its account not yet seen) no other request
 *   may use them (partial unique indexes), and a pull request is followed
 *   once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lz_cidr_pools', table => {
    table.comment('The configured CIDR pools; allocations lock their row');
    table.string('name').primary();
    table.string('cidr').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('lz_cidr_allocations', table => {
    table.comment('VPC CIDR blocks handed to account requests');
    table.string('id').primary();
    table.string('pool').notNullable();
    table.string('cidr').notNullable();
    table.integer('prefix_length').notNullable();
    table.string('request_key', 400).notNullable().comment('As given');
    table
      .string('request_key_norm', 400)
      .notNullable()
      .comment('Case-folded, for idempotency');
    table
      .string('state')
      .notNullable()
      .comment('reserved | held | assigned | released');
    table.string('request_id').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.timestamp('released_at', { useTz: true }).nullable();
    table.string('release_reason', 400).nullable();
    table.index(['state', 'expires_at'], 'lz_cidr_allocations_state_idx');
    table.index(['pool', 'state'], 'lz_cidr_allocations_pool_idx');
  });
  // PostgreSQL and SQLite both take a partial index; knex has no portable
  // builder for one.
  await knex.raw(
    "CREATE UNIQUE INDEX lz_cidr_allocations_live_cidr ON lz_cidr_allocations (cidr) WHERE state IN ('reserved', 'held', 'assigned')",
  );
  await knex.raw(
    "CREATE UNIQUE INDEX lz_cidr_allocations_live_key ON lz_cidr_allocations (request_key_norm) WHERE state IN ('reserved', 'held')",
  );

  await knex.schema.createTable('lz_account_requests', table => {
    table.comment(
      'Account requests opened as pull requests, and their progress',
    );
    table.string('id').primary();
    table.string('account_name', 400).notNullable();
    table.string('account_name_norm', 400).notNullable();
    table.string('email', 200).notNullable();
    table.string('email_norm', 200).notNullable();
    table.string('slug', 100).notNullable();
    table.string('ou_id').notNullable();
    table.string('ou_path', 2048).nullable();
    table.string('environment').notNullable();
    table.text('regions').notNullable().comment('JSON array');
    table.double('monthly_budget_usd').nullable();
    table.string('requested_by', 400).nullable();
    table.string('allocation_id').nullable();
    table.string('cidr').nullable();
    table.string('pull_request_url', 1024).notNullable();
    table.string('pr_host').notNullable();
    table.string('pr_owner').notNullable();
    table.string('pr_repo').notNullable();
    table.integer('pr_number').notNullable();
    table
      .string('pr_state')
      .notNullable()
      .defaultTo('unknown')
      .comment('open | closed | merged | unknown');
    table.string('pr_head_sha').nullable();
    table
      .text('pr_statuses')
      .nullable()
      .comment('JSON: the head commit statuses');
    table.timestamp('pr_merged_at', { useTz: true }).nullable();
    table.timestamp('pr_closed_at', { useTz: true }).nullable();
    table
      .text('portal_status')
      .nullable()
      .comment('JSON: the status the portal last posted');
    table.string('account_id').nullable();
    table.timestamp('account_seen_at', { useTz: true }).nullable();
    table
      .string('state')
      .notNullable()
      .comment('open | merged | account-seen | compliant | closed');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('followed_at', { useTz: true }).nullable();
    table.text('follow_error').nullable();
    table.unique(['pull_request_url'], {
      indexName: 'lz_account_requests_pr_unique',
    });
    table.index(['created_at', 'id'], 'lz_account_requests_created_idx');
    table.index(['state', 'created_at'], 'lz_account_requests_state_idx');
  });
  await knex.raw(
    "CREATE UNIQUE INDEX lz_account_requests_active_name ON lz_account_requests (account_name_norm) WHERE state IN ('open', 'merged')",
  );
  await knex.raw(
    "CREATE UNIQUE INDEX lz_account_requests_active_email ON lz_account_requests (email_norm) WHERE state IN ('open', 'merged')",
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX lz_account_requests_active_email');
  await knex.raw('DROP INDEX lz_account_requests_active_name');
  await knex.schema.dropTable('lz_account_requests');
  await knex.raw('DROP INDEX lz_cidr_allocations_live_key');
  await knex.raw('DROP INDEX lz_cidr_allocations_live_cidr');
  await knex.schema.dropTable('lz_cidr_allocations');
  await knex.schema.dropTable('lz_cidr_pools');
};
