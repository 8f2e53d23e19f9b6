// @ts-check

/**
 * Policies beyond SCPs and the organisation's root access features.
 *
 * - lz_policies.type: SERVICE_CONTROL_POLICY (every row before this one) or
 *   RESOURCE_CONTROL_POLICY; both kinds are replaced on each read of the
 *   organisation, RCPs only when they were read.
 * - lz_vpcs.routes: the VPC's active routes through peering connections and
 *   transit gateways (JSON), which tell the network checks whether a link
 *   carries traffic; null when they were not read.
 * - lz_organization: the policy types enabled on the root, whether RCPs were
 *   read (and the error when they could not be), and the root access
 *   features as a fact (JSON), so "not read" stays apart from "off".
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('lz_policies', table => {
    table
      .string('type')
      .notNullable()
      .defaultTo('SERVICE_CONTROL_POLICY')
      .comment('SERVICE_CONTROL_POLICY | RESOURCE_CONTROL_POLICY');
  });
  await knex.schema.alterTable('lz_vpcs', table => {
    table
      .text('routes')
      .nullable()
      .comment('JSON: active routes via pcx-/tgw-; null when not read');
  });
  await knex.schema.alterTable('lz_organization', table => {
    table
      .text('enabled_policy_types')
      .nullable()
      .comment('JSON array; null when not read');
    table
      .boolean('rcps_read')
      .notNullable()
      .defaultTo(false)
      .comment('Whether lz_policies holds the RCPs of a read');
    table
      .text('rcps_error')
      .nullable()
      .comment('JSON; why the RCPs of the last read could not be read');
    table
      .text('root_access')
      .nullable()
      .comment('JSON fact of the root access features; null when not read');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('lz_vpcs', table => {
    table.dropColumn('routes');
  });
  await knex.schema.alterTable('lz_organization', table => {
    table.dropColumn('enabled_policy_types');
    table.dropColumn('rcps_read');
    table.dropColumn('rcps_error');
    table.dropColumn('root_access');
  });
  await knex('lz_policies').whereNot('type', 'SERVICE_CONTROL_POLICY').delete();
  await knex.schema.alterTable('lz_policies', table => {
    table.dropColumn('type');
  });
};
