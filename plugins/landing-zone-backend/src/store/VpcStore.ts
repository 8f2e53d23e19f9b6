import { whereScope } from '../permissions';
import type {
  AccountFacts,
  VpcIndexEntry,
} from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import { CHUNK, json, keysetPage, mapVpc, parse, type VpcRow } from './rows';
import type { Page, PageRequest, VpcFilter, VpcSummary } from './types';

/**
 * The VPC environments: one row per VPC, flattened from the account's facts
 * when they are saved (FactStore writes them in its transaction).
 */
export class VpcStore {
  readonly #db: Knex;

  private constructor(db: Knex) {
    this.#db = db;
  }

  static create(options: { db: Knex }) {
    return new VpcStore(options.db);
  }

  /** A page of VPCs of accounts in the organisation, by account, region and id. */
  async list(filter: VpcFilter, page: PageRequest): Promise<Page<VpcSummary>> {
    const filtered = () => {
      // VPCs of accounts that left the organisation are history, not inventory.
      // (EXISTS: a page walks the primary key and looks each account up.)
      let query = this.#db<VpcRow>('lz_vpcs').whereExists(q =>
        q
          .select(this.#db.raw('1'))
          .from('lz_accounts')
          .whereRaw('lz_accounts.account_id = lz_vpcs.account_id')
          .whereNull('lz_accounts.removed_at')
          .modify(q2 => {
            if (filter.scope) whereScope(q2, filter.scope);
          }),
      );
      if (filter.accountId)
        query = query.where('lz_vpcs.account_id', filter.accountId);
      if (filter.region) query = query.where('lz_vpcs.region', filter.region);
      if (filter.environment)
        query = query.where('lz_vpcs.environment', filter.environment);
      return query;
    };
    return keysetPage({
      page,
      parts: 3,
      count: async () => (await filtered().count({ count: '*' }))[0].count,
      rows: (after, limit) => {
        let query = filtered();
        if (after) {
          query = query.whereRaw(
            '(account_id, region, vpc_id) > (?, ?, ?)',
            after,
          );
        }
        return query.orderBy(['account_id', 'region', 'vpc_id']).limit(limit);
      },
      map: mapVpc,
      key: vpc => [vpc.accountId, vpc.region, vpc.vpcId],
    });
  }

  /**
   * Every stored VPC by id, with the transit gateways it is attached to and
   * the VPCs it is actively peered with, for the network checks. The
   * environment is the owning account's current one.
   */
  async index(): Promise<Map<string, VpcIndexEntry>> {
    const rows = await this.#db('lz_vpcs as v')
      .join('lz_accounts as a', 'a.account_id', 'v.account_id')
      .whereNull('a.removed_at')
      .select('v.*', 'a.environment as account_environment');
    const index = new Map<string, VpcIndexEntry>();
    for (const row of rows) {
      const vpc = mapVpc(row as VpcRow);
      const linked = (type: string, status: string) => [
        ...new Set(
          vpc.links
            .filter(l => l.type === type && l.status.toLowerCase() === status)
            .map(l => l.peer),
        ),
      ];
      index.set(vpc.vpcId, {
        vpcId: vpc.vpcId,
        accountId: vpc.accountId,
        region: vpc.region,
        environment: row.account_environment,
        cidrs: vpc.cidrs,
        transitGatewayIds: linked('transit-gateway', 'available'),
        peeredVpcIds: linked('peering', 'active'),
        routes: row.routes ? parse(row.routes, []) : undefined,
      });
    }
    return index;
  }
}

/**
 * Replaces an account's VPC rows in the regions whose VPCs were read, inside
 * the caller's transaction; a region whose read failed keeps its rows.
 */
export async function replaceAccountVpcs(
  tx: Knex.Transaction,
  accountId: string,
  regions: string[],
  vpcs: VpcRecord[],
): Promise<void> {
  if (regions.length === 0) return;
  await tx('lz_vpcs')
    .where({ account_id: accountId })
    .whereIn('region', regions)
    .delete();
  const rows = vpcs
    .filter(v => regions.includes(v.region))
    .map(v => ({
      vpc_id: v.vpcId,
      account_id: v.accountId,
      region: v.region,
      name: v.name ?? null,
      is_default: v.isDefault,
      environment: v.environment,
      cidrs: json(v.cidrs),
      tiers: json(v.tiers),
      flow_logs: v.flowLogs,
      links: json(v.links),
      routes: v.routes ? json(v.routes) : null,
    }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx('lz_vpcs').insert(rows.slice(i, i + CHUNK));
  }
}

/**
 * A VPC row: what the API serves, and the routes through its links that the
 * network checks read (undefined when the route tables were not read).
 */
export type VpcRecord = VpcSummary & {
  routes?: { destination: string; target: string }[];
};

/** Flattens an account's VPC facts into the rows the VPC table and API serve. */
export function vpcSummaries(facts: AccountFacts): VpcRecord[] {
  const summaries: VpcRecord[] = [];
  for (const [region, regionFacts] of Object.entries(facts.regions ?? {})) {
    const peerings = regionFacts.peerings.data ?? [];
    const attachments = regionFacts.transitGatewayAttachments.data ?? [];
    for (const vpc of regionFacts.vpcs.data ?? []) {
      const tiers = { public: 0, private: 0, isolated: 0 };
      for (const subnet of vpc.subnets) tiers[subnet.tier]++;
      const links: VpcSummary['links'] = [];
      for (const p of peerings) {
        let other;
        if (p.requester.vpcId === vpc.vpcId) other = p.accepter;
        else if (p.accepter.vpcId === vpc.vpcId) other = p.requester;
        else continue;
        links.push({
          type: 'peering',
          id: p.peeringId,
          status: p.status,
          peer: other.vpcId,
          peerAccountId: other.accountId,
        });
      }
      for (const a of attachments) {
        if (a.resourceType !== 'vpc' || a.resourceId !== vpc.vpcId) continue;
        links.push({
          type: 'transit-gateway',
          id: a.attachmentId,
          status: a.state,
          peer: a.transitGatewayId,
          peerAccountId: a.transitGatewayOwnerId,
        });
      }
      summaries.push({
        vpcId: vpc.vpcId,
        accountId: facts.account.id,
        region,
        name: vpc.name,
        isDefault: vpc.isDefault,
        environment: facts.account.environment,
        cidrs: vpc.cidrs,
        tiers,
        flowLogs: vpc.flowLogs.some(f => f.status === 'ACTIVE'),
        links,
        routes: vpc.routes
          ?.filter(r => r.state === 'active')
          .map(r => ({ destination: r.destination, target: r.target })),
      });
    }
  }
  return summaries;
}
