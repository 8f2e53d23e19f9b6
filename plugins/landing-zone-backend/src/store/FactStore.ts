import type {
  AccountFacts,
  Fact,
  FactError,
  GlobalFacts,
  RegionFacts,
  TransitGatewayFacts,
} from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import { collectionErrors } from '../scan/failures';
import { identityOf } from './AccountStore';
import {
  CHUNK,
  iso,
  json,
  mapAccount,
  parse,
  type AccountRow,
  type FactRow,
} from './rows';
import { replaceAccountVpcs, vpcSummaries } from './VpcStore';

/** The kinds of fact stored per region and for the account as a whole. */
const REGION_KINDS = [
  'vpcs',
  'peerings',
  'transitGatewayAttachments',
  'ebsEncryptionByDefault',
  'guardDuty',
  'cloudTrail',
  'config',
  'securityHub',
  'accessAnalyzer',
  'transitGateways',
  'vpcBlockPublicAccess',
  'snapshotBlockPublicAccess',
  'imageBlockPublicAccess',
  'instanceMetadataDefaults',
  'rootActivity',
  'networkAcls',
  'securityGroups',
  'loadBalancers',
  'rds',
  'elastiCacheReplicationGroups',
  'instances',
  'autoScalingGroups',
  'macie',
] as const;
const GLOBAL_KINDS = [
  'iamSummary',
  'iamUsersWithKeys',
  's3PublicAccessBlock',
  'rootVirtualMfa',
  'declarativePolicyEc2',
  'iamUsers',
  'iamRoles',
  'cloudFrontDistributions',
  's3Buckets',
] as const;

// A fact kind the contract gains must be stored too, or its checks would read
// "not collected" after every scan: these fail to compile when one is missing.
const everyRegionKind: [
  Exclude<keyof RegionFacts, (typeof REGION_KINDS)[number]>,
] extends [never]
  ? true
  : false = true;
const everyGlobalKind: [
  Exclude<keyof GlobalFacts, (typeof GLOBAL_KINDS)[number]>,
] extends [never]
  ? true
  : false = true;
void everyRegionKind;
void everyGlobalKind;

/**
 * Collected facts: the last good value of every (account, region, kind) and
 * the latest error. Saving a batch also records each account's freshness and
 * its VPC rows, all in one transaction, so a crash leaves the previous
 * complete batch in place.
 */
export class FactStore {
  readonly #db: Knex;

  private constructor(db: Knex) {
    this.#db = db;
  }

  static create(options: { db: Knex }) {
    return new FactStore(options.db);
  }

  /**
   * Saves a batch of collected accounts. A fact that failed this time keeps
   * its last good data and records the new error; the account is marked stale
   * with the reason.
   */
  async save(batch: AccountFacts[]): Promise<void> {
    const now = new Date();
    await this.#db.transaction(async tx => {
      const good: FactRow[] = [];
      const failed: FactRow[] = [];
      for (const facts of batch) {
        for (const row of factRows(facts)) {
          (row.error ? failed : good).push(row);
        }
      }
      for (let i = 0; i < good.length; i += CHUNK) {
        await tx('lz_facts')
          .insert(good.slice(i, i + CHUNK))
          .onConflict(['account_id', 'region', 'kind'])
          .merge();
      }
      for (let i = 0; i < failed.length; i += CHUNK) {
        await tx('lz_facts')
          .insert(failed.slice(i, i + CHUNK))
          .onConflict(['account_id', 'region', 'kind'])
          .merge(['error', 'attempted_at']);
      }

      for (const facts of batch) {
        const id = facts.account.id;
        const reason = staleReason(facts);
        await tx('lz_accounts')
          .where({ account_id: id })
          .update({
            last_attempted_at: now,
            stale_reason: reason,
            // When it became stale: kept while it stays so (the CASE reads
            // the row as it was before this update).
            stale_since: reason
              ? tx.raw(
                  'CASE WHEN stale_reason IS NULL THEN ? ELSE stale_since END',
                  [now],
                )
              : null,
            // Only a complete read counts as fresh; a failed one leaves it stale.
            ...(facts.access ? {} : { last_collected_at: now }),
          });
        if (!facts.access && facts.regions) {
          // Tags may have been re-read since this account was collected: its
          // VPCs take the account's environment as it is now.
          const current = await tx('lz_accounts')
            .where({ account_id: id })
            .first('environment');
          const vpcs = vpcSummaries({
            ...facts,
            account: {
              ...facts.account,
              environment: current?.environment ?? facts.account.environment,
            },
            regions: await withLastGoodLinks(tx, id, facts.regions),
          });
          const regions = Object.keys(facts.regions).filter(
            r => !facts.regions![r].vpcs.error,
          );
          await replaceAccountVpcs(tx, id, regions, vpcs);
        }
      }
    });
  }

  /**
   * Rebuilds accounts' facts from the store, for evaluation: the last good
   * value of each key, or its error when none was ever read. All accounts in
   * the organisation when no ids are given.
   */
  async load(accountIds?: string[]): Promise<AccountFacts[]> {
    let accountQuery =
      this.#db<AccountRow>('lz_accounts').whereNull('removed_at');
    if (accountIds)
      accountQuery = accountQuery.whereIn('account_id', accountIds);
    const accounts = (await accountQuery.orderBy('account_id')).map(mapAccount);
    const byId = new Map<string, AccountFacts>();
    for (const a of accounts) {
      byId.set(a.id, {
        account: identityOf(a),
        collectedAt: a.lastCollectedAt ?? '',
      });
    }
    let factQuery = this.#db<FactRow>('lz_facts');
    if (accountIds) factQuery = factQuery.whereIn('account_id', accountIds);
    for (const row of await factQuery) {
      const facts = byId.get(row.account_id);
      if (facts) addFact(facts, row);
    }
    // Once any read succeeded, the last good facts stand; a later denied role only marks them stale.
    for (const facts of byId.values()) {
      if (facts.access && (facts.global || facts.regions)) delete facts.access;
    }
    return [...byId.values()];
  }

  /** See {@link TransitGatewayOwnerFacts}. */
  async transitGatewayOwners(): Promise<TransitGatewayOwnerFacts[]> {
    const rows: (FactRow & { access_error: string | null })[] = await this.#db(
      'lz_facts as f',
    )
      .join('lz_accounts as a', 'a.account_id', 'f.account_id')
      .whereNull('a.removed_at')
      .where('f.kind', 'transitGateways')
      .where(q => q.whereNot('f.data', '[]').orWhereNull('f.data'))
      .leftJoin('lz_facts as x', function access() {
        this.on('x.account_id', '=', 'f.account_id')
          .andOnVal('x.region', '=', 'global')
          .andOnVal('x.kind', '=', 'access');
      })
      .select('f.*', 'x.error as access_error');
    const byAccount = new Map<string, TransitGatewayOwnerFacts>();
    for (const row of rows) {
      const owner = byAccount.get(row.account_id) ?? {
        accountId: row.account_id,
        regions: {},
      };
      if (row.access_error) owner.access = parse(row.access_error, undefined);
      owner.regions[row.region] = {
        transitGateways: factOf(row) as Fact<TransitGatewayFacts[]>,
      };
      byAccount.set(row.account_id, owner);
    }
    return [...byAccount.values()];
  }
}

/**
 * The transit gateways the organisation's accounts own, as their owners' facts
 * hold them, for the network checks' index: only accounts that own a gateway
 * or whose gateway read failed, each with its error when its role was denied.
 */
export type TransitGatewayOwnerFacts = {
  accountId: string;
  access?: FactError;
  regions: Record<string, { transitGateways?: Fact<TransitGatewayFacts[]> }>;
};

function factRows(facts: AccountFacts): FactRow[] {
  const id = facts.account.id;
  const row = (region: string, kind: string, fact: Fact<unknown>) => ({
    account_id: id,
    region,
    kind,
    data: fact.error ? null : json(fact.data),
    error: fact.error ? json(fact.error) : null,
    collected_at: fact.error ? null : new Date(fact.collectedAt),
    attempted_at: new Date(fact.collectedAt),
  });
  const rows = [
    row(
      'global',
      'access',
      facts.access
        ? { error: facts.access, collectedAt: facts.collectedAt }
        : { data: true, collectedAt: facts.collectedAt },
    ),
  ];
  for (const kind of GLOBAL_KINDS) {
    const fact = facts.global?.[kind];
    if (fact) rows.push(row('global', kind, fact));
  }
  for (const [region, regionFacts] of Object.entries(facts.regions ?? {})) {
    for (const kind of REGION_KINDS) {
      // Kinds added later may be absent from a collector's facts.
      const fact = regionFacts[kind];
      if (fact) rows.push(row(region, kind, fact));
    }
  }
  return rows;
}

/** The first three errors of an account's collection, or null when it was complete. */
function staleReason(facts: AccountFacts): string | null {
  // The same errors a scan counts the account failed for.
  const errors = collectionErrors(facts).map(e => e.error);
  if (errors.length === 0) return null;
  return (
    errors
      .slice(0, 3)
      .map(e => `${e.operation ?? 'read'}: ${e.code}`)
      .join('; ') + (errors.length > 3 ? ` (+${errors.length - 3} more)` : '')
  );
}

/** A stored fact: its last good data, else its error. */
function factOf(row: FactRow): Fact<unknown> {
  return row.data !== null
    ? { data: JSON.parse(row.data), collectedAt: iso(row.collected_at)! }
    : {
        error: parse(row.error, { code: 'Unknown', message: '' }),
        collectedAt: iso(row.attempted_at)!,
      };
}

function addFact(facts: AccountFacts, row: FactRow): void {
  const fact = factOf(row);
  if (row.region === 'global' && row.kind === 'access') {
    if (fact.error) facts.access = fact.error;
  } else if (row.region === 'global') {
    facts.global = {
      ...facts.global,
      [row.kind]: fact,
    } as AccountFacts['global'];
  } else {
    facts.regions = facts.regions ?? {};
    facts.regions[row.region] = {
      ...facts.regions[row.region],
      [row.kind]: fact,
    } as NonNullable<AccountFacts['regions']>[string];
  }
}

/**
 * A region whose VPCs were read but whose peerings or transit-gateway
 * attachments were not takes the last good links from the store (already
 * written in this transaction): an empty list would hide a connection from the
 * network checks and pass them wrongly.
 */
async function withLastGoodLinks(
  tx: Knex.Transaction,
  accountId: string,
  regions: NonNullable<AccountFacts['regions']>,
): Promise<NonNullable<AccountFacts['regions']>> {
  const result = { ...regions };
  for (const [region, facts] of Object.entries(regions)) {
    for (const kind of ['peerings', 'transitGatewayAttachments'] as const) {
      if (facts.vpcs.error || !facts[kind].error) continue;
      const row = await tx<FactRow>('lz_facts')
        .where({ account_id: accountId, region, kind })
        .first('data');
      result[region] = {
        ...result[region],
        [kind]: { ...facts[kind], data: parse(row?.data ?? null, []) },
      };
    }
  }
  return result;
}
