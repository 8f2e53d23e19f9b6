import { whereScope, type AccountScope } from '../permissions';
import type {
  AccountIdentity,
  OrganizationFacts,
  OrganizationTreeNode,
} from '@internal/plugin-landing-zone-common';
import { DEFAULT_OWNER_TAG } from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import { ALL_CHECKS, ORG_SCOPE } from '../evaluate/rollup';
import { CHUNK, json, ownerOf, ownerRefOf, parse } from './rows';

const SCP = 'SERVICE_CONTROL_POLICY';
const RCP = 'RESOURCE_CONTROL_POLICY';

/**
 * The organisation as last read: the OU tree, its policies, and the identity
 * of every account (which OU, which tags). Saved whole in one transaction.
 */
export class OrganizationStore {
  readonly #db: Knex;
  readonly #ownerTag: string;

  private constructor(db: Knex, ownerTag: string) {
    this.#db = db;
    this.#ownerTag = ownerTag;
  }

  /** `ownerTag`: the account tag naming the owner (default `owner`). */
  static create(options: { db: Knex; ownerTag?: string }) {
    return new OrganizationStore(
      options.db,
      options.ownerTag ?? DEFAULT_OWNER_TAG,
    );
  }

  /**
   * Replaces the OU tree and policies, upserts every account's identity and
   * its OU memberships, and marks the accounts that left.
   */
  async save(
    organization: OrganizationFacts,
    accounts: AccountIdentity[],
  ): Promise<void> {
    const now = new Date();
    await this.#db.transaction(async tx => {
      const previous = await tx('lz_organization').first('rcps_read');
      await tx('lz_organization').delete();
      const rcpsRead = organization.resourceControlPolicies !== undefined;
      await tx('lz_organization').insert({
        id: organization.organizationId,
        management_account_id: organization.managementAccountId,
        root_id: organization.rootId,
        collected_at: now,
        enabled_policy_types: organization.enabledPolicyTypes
          ? json(organization.enabledPolicyTypes)
          : null,
        // RCPs that could not be read this time keep the last read ones.
        rcps_read: rcpsRead || (previous?.rcps_read ?? false),
        rcps_error: organization.resourceControlPoliciesError
          ? json(organization.resourceControlPoliciesError)
          : null,
        root_access: organization.rootAccess
          ? json(organization.rootAccess)
          : null,
      });
      await tx('lz_organizational_units').delete();
      await insertChunked(
        tx,
        'lz_organizational_units',
        organization.units.map(u => ({
          id: u.id,
          parent_id: u.parentId ?? null,
          name: u.name,
          path: u.path,
        })),
      );
      const policyRow =
        (type: string) => (p: OrganizationFacts['policies'][number]) => ({
          id: p.id,
          type,
          name: p.name,
          description: p.description ?? null,
          aws_managed: p.awsManaged,
          content: p.content,
          targets: json(p.targets),
        });
      await tx('lz_policies').where('type', SCP).delete();
      await insertChunked(
        tx,
        'lz_policies',
        organization.policies.map(policyRow(SCP)),
      );
      if (rcpsRead) {
        await tx('lz_policies').where('type', RCP).delete();
        await insertChunked(
          tx,
          'lz_policies',
          organization.resourceControlPolicies!.map(policyRow(RCP)),
        );
      }
      for (let i = 0; i < accounts.length; i += CHUNK) {
        await tx('lz_accounts')
          .insert(
            accounts.slice(i, i + CHUNK).map(a => ({
              account_id: a.id,
              name: a.name,
              email: a.email,
              status: a.status,
              parent_id: a.parentId,
              parent_ids: json(a.parentIds),
              ou_path: a.ouPath,
              tags: json(a.tags),
              owner: ownerOf(a.tags, this.#ownerTag),
              owner_ref: ownerRefOf(ownerOf(a.tags, this.#ownerTag)),
              environment: a.environment,
              joined_at: a.joinedAt ?? null,
              removed_at: null,
              // Kept by the merge below: when the portal first saw it.
              first_seen_at: now,
            })),
          )
          .onConflict('account_id')
          .merge([
            'name',
            'email',
            'status',
            'parent_id',
            'parent_ids',
            'ou_path',
            'tags',
            'owner',
            'owner_ref',
            'environment',
            'joined_at',
            'removed_at',
          ]);
      }
      // Accounts that left keep their last memberships: their history still
      // belongs to the OUs they were in.
      const present = new Set(accounts.map(a => a.id));
      for (let i = 0; i < accounts.length; i += CHUNK) {
        await tx('lz_account_ous')
          .whereIn(
            'account_id',
            accounts.slice(i, i + CHUNK).map(a => a.id),
          )
          .delete();
      }
      await insertChunked(
        tx,
        'lz_account_ous',
        accounts.flatMap(a =>
          [...new Set([...a.parentIds, a.parentId])].map(ou => ({
            ou_id: ou,
            account_id: a.id,
          })),
        ),
      );
      const known = await tx('lz_accounts')
        .whereNull('removed_at')
        .pluck('account_id');
      const gone = known.filter((id: string) => !present.has(id));
      for (let i = 0; i < gone.length; i += CHUNK) {
        await tx('lz_accounts')
          .whereIn('account_id', gone.slice(i, i + CHUNK))
          .update({ removed_at: now });
      }
    });
  }

  async get(): Promise<OrganizationFacts | undefined> {
    const org = await this.#db('lz_organization').first();
    if (!org) return undefined;
    const [units, policies] = await Promise.all([
      this.#db('lz_organizational_units').orderBy('path'),
      this.#db('lz_policies').orderBy('name'),
    ]);
    const policyOf = (p: any) => ({
      id: p.id,
      name: p.name,
      description: p.description ?? undefined,
      awsManaged: Boolean(p.aws_managed),
      content: p.content,
      targets: parse(p.targets, []),
    });
    return {
      organizationId: org.id,
      managementAccountId: org.management_account_id,
      rootId: org.root_id,
      units: units.map(u => ({
        id: u.id,
        parentId: u.parent_id ?? undefined,
        name: u.name,
        path: u.path,
      })),
      policies: policies.filter(p => (p.type ?? SCP) === SCP).map(policyOf),
      enabledPolicyTypes: org.enabled_policy_types
        ? parse(org.enabled_policy_types, [])
        : undefined,
      resourceControlPolicies: org.rcps_read
        ? policies.filter(p => p.type === RCP).map(policyOf)
        : undefined,
      resourceControlPoliciesError: org.rcps_error
        ? parse(org.rcps_error, { code: 'Unknown', message: '' })
        : undefined,
      rootAccess: org.root_access
        ? parse(org.root_access, undefined)
        : undefined,
    };
  }

  /** Whether the root or an OU of the stored organisation has this id. */
  async hasUnit(id: string): Promise<boolean> {
    const row = await this.#db('lz_organizational_units')
      .where({ id })
      .first('id');
    return Boolean(row);
  }

  /** The root id, or undefined before the first scan. */
  async rootId(): Promise<string | undefined> {
    const org = await this.#db('lz_organization').first('root_id');
    return org?.root_id;
  }

  /**
   * The OU tree with each OU's direct account count and the compliance of the
   * active accounts below it, from the stored roll-up: three small queries
   * whatever the number of accounts.
   */
  async tree(scope?: AccountScope): Promise<OrganizationTreeNode | undefined> {
    const org = await this.#db('lz_organization').first(
      'id',
      'root_id',
      'management_account_id',
    );
    if (!org) return undefined;
    const [units, direct, rollup]: [
      { id: string; parent_id: string | null; name: string; path: string }[],
      { parent_id: string | null; count: unknown }[],
      { scope: string; passing: unknown; failing: unknown; unknown: unknown }[],
    ] = await Promise.all([
      this.#db('lz_organizational_units').select(
        'id',
        'parent_id',
        'name',
        'path',
      ),
      this.#db('lz_accounts')
        .whereNull('lz_accounts.removed_at')
        .modify(q => {
          if (scope) whereScope(q, scope);
        })
        .groupBy('lz_accounts.parent_id')
        .select('lz_accounts.parent_id')
        .count({ count: '*' }),
      scope ? this.#scopedRollup(scope) : this.#rollup(),
    ]);
    const directCounts = new Map(
      direct.map(r => [
        String((r as { parent_id: string }).parent_id),
        Number(r.count),
      ]),
    );
    const compliance = new Map(
      rollup.map(r => [
        r.scope === ORG_SCOPE ? org.root_id : String(r.scope),
        {
          compliant: Number(r.passing),
          nonCompliant: Number(r.failing),
          unknown: Number(r.unknown),
        },
      ]),
    );
    const nodes = new Map<string, OrganizationTreeNode>();
    for (const unit of units) {
      nodes.set(unit.id, {
        id: unit.id,
        name: unit.name,
        path: unit.path,
        accountCount: directCounts.get(unit.id) ?? 0,
        compliance: compliance.get(unit.id) ?? {
          compliant: 0,
          nonCompliant: 0,
          unknown: 0,
        },
        children: [],
      });
    }
    for (const unit of units) {
      if (unit.parent_id) {
        nodes.get(unit.parent_id)?.children.push(nodes.get(unit.id)!);
      }
    }
    for (const node of nodes.values()) {
      node.children.sort((a, b) => a.name.localeCompare(b.name));
    }
    const root = nodes.get(org.root_id);
    return (
      root && {
        ...root,
        organizationId: org.id,
        managementAccountId: org.management_account_id,
      }
    );
  }

  async #rollup(): Promise<
    { scope: string; passing: unknown; failing: unknown; unknown: unknown }[]
  > {
    return this.#db('lz_posture_current')
      .where({ check_id: ALL_CHECKS })
      .select('scope', 'passing', 'failing', 'unknown');
  }

  /**
   * The roll-up of only the accounts `scope` admits, counted from the
   * accounts' compliance (what the stored roll-up holds for all of them):
   * the active accounts below each OU, the root's under its id.
   */
  async #scopedRollup(scope: AccountScope) {
    const rows = (await this.#db('lz_accounts')
      .join(
        'lz_account_ous',
        'lz_account_ous.account_id',
        'lz_accounts.account_id',
      )
      .where('lz_accounts.status', 'ACTIVE')
      .whereNull('lz_accounts.removed_at')
      .modify(q => whereScope(q, scope))
      .groupBy('lz_account_ous.ou_id', 'lz_accounts.compliance')
      .select(
        'lz_account_ous.ou_id as ou_id',
        'lz_accounts.compliance as compliance',
      )
      .count({ count: '*' })) as {
      ou_id: string;
      compliance: string;
      count: unknown;
    }[];
    const byOu = new Map<
      string,
      { scope: string; passing: number; failing: number; unknown: number }
    >();
    for (const row of rows) {
      let entry = byOu.get(row.ou_id);
      if (!entry) {
        entry = { scope: row.ou_id, passing: 0, failing: 0, unknown: 0 };
        byOu.set(row.ou_id, entry);
      }
      const n = Number(row.count);
      if (row.compliance === 'compliant') entry.passing += n;
      else if (row.compliance === 'non-compliant') entry.failing += n;
      else entry.unknown += n;
    }
    return [...byOu.values()];
  }
}

async function insertChunked(
  tx: Knex.Transaction,
  table: string,
  rows: Record<string, unknown>[],
) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx(table).insert(rows.slice(i, i + CHUNK));
  }
}
