import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  AccountFacts,
  AccountIdentity,
  Fact,
  FactError,
  OrganizationFacts,
  VpcIndexEntry,
} from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import {
  CHUNK,
  decodeCursor,
  iso,
  json,
  mapAccount,
  mapVpc,
  ownerOf,
  parse,
  toPage,
  type AccountRow,
  type FactRow,
  type VpcRow,
} from './rows';
import { ScanRunStore } from './ScanRunStore';
import type {
  AccountFilter,
  AccountSummary,
  Compliance,
  GuardrailResult,
  Page,
  PostureCounts,
  VpcSummary,
} from './types';
import { vpcSummaries } from './vpcs';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-landing-zone-backend',
  'migrations',
);

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
] as const;
const GLOBAL_KINDS = [
  'iamSummary',
  'iamUsersWithKeys',
  's3PublicAccessBlock',
] as const;

/**
 * The knex store behind the plugin: scan runs, the organisation, accounts,
 * facts (last good value per key), VPCs, guardrail results and daily history.
 * Every multi-row write happens inside one transaction, so a crash leaves the
 * previous complete data in place.
 */
export class LandingZoneStore {
  readonly #db: Knex;
  /** Scan runs and their progress. */
  readonly scans: ScanRunStore;

  private constructor(db: Knex) {
    this.#db = db;
    this.scans = ScanRunStore.create({ db });
  }

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<LandingZoneStore> {
    const { database } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new LandingZoneStore(client);
  }

  // ---- organisation ------------------------------------------------------

  /** Replaces the OU tree and policies and upserts every account's identity. */
  async saveOrganization(
    organization: OrganizationFacts,
    accounts: AccountIdentity[],
  ): Promise<void> {
    const now = new Date();
    await this.#db.transaction(async tx => {
      await tx('lz_organization').delete();
      await tx('lz_organization').insert({
        id: organization.organizationId,
        management_account_id: organization.managementAccountId,
        root_id: organization.rootId,
        collected_at: now,
      });
      await tx('lz_organizational_units').delete();
      for (let i = 0; i < organization.units.length; i += CHUNK) {
        await tx('lz_organizational_units').insert(
          organization.units.slice(i, i + CHUNK).map(u => ({
            id: u.id,
            parent_id: u.parentId ?? null,
            name: u.name,
            path: u.path,
          })),
        );
      }
      await tx('lz_policies').delete();
      for (const p of organization.policies) {
        await tx('lz_policies').insert({
          id: p.id,
          name: p.name,
          description: p.description ?? null,
          aws_managed: p.awsManaged,
          content: p.content,
          targets: json(p.targets),
        });
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
              owner: ownerOf(a.tags),
              environment: a.environment,
              joined_at: a.joinedAt ?? null,
              removed_at: null,
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
            'environment',
            'joined_at',
            'removed_at',
          ]);
      }
      const present = new Set(accounts.map(a => a.id));
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

  /** Records freshly read tags, and the environment and owner they imply, on accounts and their VPCs. */
  async updateAccountTags(
    updates: {
      id: string;
      tags: Record<string, string>;
      environment: string;
    }[],
  ): Promise<void> {
    const now = new Date();
    await this.#db.transaction(async tx => {
      for (const update of updates) {
        await tx('lz_accounts')
          .where({ account_id: update.id })
          .update({
            tags: json(update.tags),
            owner: ownerOf(update.tags),
            environment: update.environment,
            tags_read_at: now,
          });
        await tx('lz_vpcs')
          .where({ account_id: update.id })
          .update({ environment: update.environment });
      }
    });
  }

  async getOrganization(): Promise<OrganizationFacts | undefined> {
    const org = await this.#db('lz_organization').first();
    if (!org) return undefined;
    const [units, policies] = await Promise.all([
      this.#db('lz_organizational_units').orderBy('path'),
      this.#db('lz_policies').orderBy('name'),
    ]);
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
      policies: policies.map(p => ({
        id: p.id,
        name: p.name,
        description: p.description ?? undefined,
        awsManaged: Boolean(p.aws_managed),
        content: p.content,
        targets: parse(p.targets, []),
      })),
    };
  }

  /** Tags from earlier runs, so Organizations is not asked again for every account. */
  async getCachedTags(): Promise<Map<string, Record<string, string>>> {
    const rows = await this.#db('lz_accounts').select('account_id', 'tags');
    return new Map(rows.map(r => [r.account_id, parse(r.tags, {})]));
  }

  /**
   * Accounts whose tags were never read or were read before `readBefore`,
   * oldest first: each costs one call to Organizations, the slowest API.
   */
  async accountsWithStaleTags(options: {
    readBefore: Date;
    limit?: number;
  }): Promise<string[]> {
    let query = this.#db('lz_accounts')
      .whereNull('removed_at')
      .where(q =>
        q
          .whereNull('tags_read_at')
          .orWhere('tags_read_at', '<', options.readBefore),
      )
      .orderByRaw('tags_read_at IS NOT NULL')
      .orderBy([{ column: 'tags_read_at' }, { column: 'account_id' }]);
    if (options.limit !== undefined) query = query.limit(options.limit);
    return query.pluck('account_id');
  }

  /** Active accounts, stalest (never collected first) to freshest. */
  async accountsByStaleness(): Promise<string[]> {
    const rows = await this.#db('lz_accounts')
      .whereNull('removed_at')
      .where({ status: 'ACTIVE' })
      .orderByRaw('last_collected_at IS NOT NULL')
      .orderBy([
        { column: 'last_collected_at' },
        { column: 'last_attempted_at' },
        { column: 'account_id' },
      ])
      .pluck('account_id');
    return rows;
  }

  // ---- facts ---------------------------------------------------------------

  /**
   * Saves a batch of collected accounts in one transaction. A fact that failed
   * this time keeps its last good data and records the new error; the account
   * is marked stale with the reason.
   */
  async saveAccountFacts(batch: AccountFacts[]): Promise<void> {
    const now = new Date();
    await this.#db.transaction(async tx => {
      const good: FactRow[] = [];
      const failed: FactRow[] = [];
      const push = (
        accountId: string,
        region: string,
        kind: string,
        fact: Fact<unknown>,
      ) => {
        const row = {
          account_id: accountId,
          region,
          kind,
          data: fact.error ? null : json(fact.data),
          error: fact.error ? json(fact.error) : null,
          collected_at: fact.error ? null : new Date(fact.collectedAt),
          attempted_at: new Date(fact.collectedAt),
        };
        (fact.error ? failed : good).push(row);
      };
      for (const facts of batch) {
        const id = facts.account.id;
        if (facts.access) {
          push(id, 'global', 'access', {
            error: facts.access,
            collectedAt: facts.collectedAt,
          });
        } else {
          push(id, 'global', 'access', {
            data: true,
            collectedAt: facts.collectedAt,
          });
        }
        for (const kind of GLOBAL_KINDS) {
          const fact = facts.global?.[kind];
          if (fact) push(id, 'global', kind, fact);
        }
        for (const [region, regionFacts] of Object.entries(
          facts.regions ?? {},
        )) {
          for (const kind of REGION_KINDS)
            push(id, region, kind, regionFacts[kind]);
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
        const errors = [
          facts.access,
          ...Object.values(facts.global ?? {}).map(f => f.error),
          ...Object.values(facts.regions ?? {}).flatMap(r =>
            Object.values(r).map(f => f.error),
          ),
        ].filter((e): e is FactError => !!e);
        const staleReason = errors.length
          ? errors
              .slice(0, 3)
              .map(e => `${e.operation ?? 'read'}: ${e.code}`)
              .join('; ') +
            (errors.length > 3 ? ` (+${errors.length - 3} more)` : '')
          : null;
        await tx('lz_accounts')
          .where({ account_id: id })
          .update({
            last_attempted_at: now,
            stale_reason: staleReason,
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
          if (regions.length) {
            await tx('lz_vpcs')
              .where({ account_id: id })
              .whereIn('region', regions)
              .delete();
          }
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
            }));
          for (let i = 0; i < rows.length; i += CHUNK) {
            await tx('lz_vpcs').insert(rows.slice(i, i + CHUNK));
          }
        }
      }
    });
  }

  /**
   * Rebuilds every account's facts from the store, for evaluation: the last
   * good value of each key, or its error when none was ever read.
   */
  async loadAccountFacts(accountIds?: string[]): Promise<AccountFacts[]> {
    let accountQuery =
      this.#db<AccountRow>('lz_accounts').whereNull('removed_at');
    if (accountIds)
      accountQuery = accountQuery.whereIn('account_id', accountIds);
    const accounts = (await accountQuery.orderBy('account_id')).map(mapAccount);
    const byId = new Map<string, AccountFacts>();
    for (const a of accounts) {
      const {
        owner,
        lastCollectedAt,
        staleReason,
        compliance,
        checks,
        ...identity
      } = a;
      byId.set(a.id, { account: identity, collectedAt: lastCollectedAt ?? '' });
    }
    let factQuery = this.#db<FactRow>('lz_facts');
    if (accountIds) factQuery = factQuery.whereIn('account_id', accountIds);
    for (const row of await factQuery) {
      const facts = byId.get(row.account_id);
      if (!facts) continue;
      const fact: Fact<unknown> =
        row.data !== null
          ? { data: JSON.parse(row.data), collectedAt: iso(row.collected_at)! }
          : {
              error: parse(row.error, { code: 'Unknown', message: '' }),
              collectedAt: iso(row.attempted_at)!,
            };
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
    // Once any read succeeded, the last good facts stand; a later denied role only marks them stale.
    for (const facts of byId.values()) {
      if (facts.access && (facts.global || facts.regions)) delete facts.access;
    }
    return [...byId.values()];
  }

  /** Every account's identity (removed accounts excluded), without facts. */
  async listAccountIdentities(): Promise<AccountIdentity[]> {
    const rows = await this.#db<AccountRow>('lz_accounts')
      .whereNull('removed_at')
      .orderBy('account_id');
    return rows.map(row => {
      const {
        owner,
        lastCollectedAt,
        staleReason,
        compliance,
        checks,
        ...identity
      } = mapAccount(row);
      return identity;
    });
  }

  /**
   * Every stored VPC by id, with the transit gateways it is attached to and
   * the VPCs it is actively peered with, for the network checks. The
   * environment is the owning account's current one.
   */
  async loadVpcIndex(): Promise<Map<string, VpcIndexEntry>> {
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
      });
    }
    return index;
  }

  // ---- results and history ---------------------------------------------------

  async saveEvaluation(options: {
    results: GuardrailResult[];
    posture: {
      day: string;
      scope: string;
      checkId: string;
      counts: PostureCounts;
    }[];
    historyDays: number;
  }): Promise<void> {
    const { results, posture } = options;
    const perAccount = new Map<string, PostureCounts>();
    for (const r of results) {
      const c = perAccount.get(r.accountId) ?? {
        passing: 0,
        failing: 0,
        unknown: 0,
      };
      if (r.status === 'pass') c.passing++;
      else if (r.status === 'fail') c.failing++;
      else c.unknown++;
      perAccount.set(r.accountId, c);
    }
    await this.#db.transaction(async tx => {
      await tx('lz_guardrail_results').delete();
      const rows = results.map(r => ({
        account_id: r.accountId,
        check_id: r.checkId,
        status: r.status,
        evidence: json(r.evidence),
        evaluated_at: new Date(r.evaluatedAt),
      }));
      for (let i = 0; i < rows.length; i += CHUNK) {
        await tx('lz_guardrail_results').insert(rows.slice(i, i + CHUNK));
      }
      // Accounts that were not judged this time (suspended, left) have no
      // verdict any more, so no compliance either.
      await tx('lz_accounts').update({
        compliance: 'unknown',
        checks_passing: 0,
        checks_failing: 0,
        checks_unknown: 0,
      });
      for (const [accountId, c] of perAccount) {
        let compliance: Compliance = 'compliant';
        if (c.failing > 0) compliance = 'non-compliant';
        else if (c.unknown > 0) compliance = 'unknown';
        await tx('lz_accounts').where({ account_id: accountId }).update({
          compliance,
          checks_passing: c.passing,
          checks_failing: c.failing,
          checks_unknown: c.unknown,
        });
      }
      const days = [...new Set(posture.map(p => p.day))];
      if (days.length)
        await tx('lz_posture_daily').whereIn('day', days).delete();
      const postureRows = posture.map(p => ({
        day: p.day,
        scope: p.scope,
        check_id: p.checkId,
        ...p.counts,
      }));
      for (let i = 0; i < postureRows.length; i += CHUNK) {
        await tx('lz_posture_daily').insert(postureRows.slice(i, i + CHUNK));
      }
      const cutoff = new Date(Date.now() - options.historyDays * 86_400_000)
        .toISOString()
        .slice(0, 10);
      await tx('lz_posture_daily').where('day', '<', cutoff).delete();
    });
  }

  async getResults(accountId?: string): Promise<GuardrailResult[]> {
    let query = this.#db('lz_guardrail_results');
    if (accountId) query = query.where({ account_id: accountId });
    const rows = await query.orderBy(['account_id', 'check_id']);
    return rows.map(r => ({
      accountId: r.account_id,
      checkId: r.check_id,
      status: r.status,
      evidence: parse(r.evidence, []),
      evaluatedAt: iso(r.evaluated_at)!,
    }));
  }

  async getPostureHistory(scope: string, sinceDay: string) {
    const rows = await this.#db('lz_posture_daily')
      .where({ scope })
      .where('day', '>=', sinceDay)
      .orderBy(['day', 'check_id']);
    return rows.map(r => ({
      day: r.day as string,
      checkId: r.check_id as string,
      passing: Number(r.passing),
      failing: Number(r.failing),
      unknown: Number(r.unknown),
    }));
  }

  // ---- queries -----------------------------------------------------------------

  async listAccounts(
    filter: AccountFilter,
    page: { limit: number; cursor?: string },
  ): Promise<Page<AccountSummary>> {
    let query = this.#db<AccountRow>('lz_accounts');
    if (!filter.includeRemoved) query = query.whereNull('removed_at');
    if (filter.ou) {
      // An OU filter includes the accounts of every OU below it.
      const ou = filter.ou;
      query = query.where(q =>
        q.where('parent_id', ou).orWhere('parent_ids', 'like', `%"${ou}"%`),
      );
    }
    if (filter.owner) query = query.where('owner', filter.owner);
    if (filter.environment)
      query = query.where('environment', filter.environment);
    if (filter.compliance) query = query.where('compliance', filter.compliance);
    if (filter.text) {
      // The user's text is matched literally: % and _ are not wildcards here.
      const text = `%${filter.text
        .toLowerCase()
        .replace(/[\\%_]/g, c => `\\${c}`)}%`;
      query = query.where(q =>
        q
          .whereRaw("LOWER(name) LIKE ? ESCAPE '\\'", [text])
          .orWhereRaw("LOWER(email) LIKE ? ESCAPE '\\'", [text])
          .orWhereRaw("account_id LIKE ? ESCAPE '\\'", [text]),
      );
    }
    const [{ count }] = await query.clone().count({ count: '*' });
    if (page.cursor) {
      const [name, id] = decodeCursor(page.cursor, { parts: 2 });
      query = query.where(q =>
        q
          .where('name', '>', name)
          .orWhere(q2 => q2.where('name', name).where('account_id', '>', id)),
      );
    }
    const rows = await query
      .orderBy([{ column: 'name' }, { column: 'account_id' }])
      .limit(page.limit + 1);
    return toPage(rows, {
      limit: page.limit,
      count,
      map: mapAccount,
      key: account => [account.name, account.id],
    });
  }

  async getAccount(accountId: string): Promise<AccountSummary | undefined> {
    const row = await this.#db<AccountRow>('lz_accounts')
      .where({ account_id: accountId })
      .first();
    return row && mapAccount(row);
  }

  async listVpcs(
    filter: { accountId?: string; region?: string; environment?: string },
    page: { limit: number; cursor?: string },
  ): Promise<Page<VpcSummary>> {
    // VPCs of accounts that left the organisation are history, not inventory.
    let query = this.#db<VpcRow>('lz_vpcs').whereIn(
      'account_id',
      this.#db('lz_accounts').whereNull('removed_at').select('account_id'),
    );
    if (filter.accountId) query = query.where('account_id', filter.accountId);
    if (filter.region) query = query.where('region', filter.region);
    if (filter.environment)
      query = query.where('environment', filter.environment);
    const [{ count }] = await query.clone().count({ count: '*' });
    if (page.cursor) {
      const [accountId, region, vpcId] = decodeCursor(page.cursor, {
        parts: 3,
      });
      query = query.whereRaw('(account_id, region, vpc_id) > (?, ?, ?)', [
        accountId,
        region,
        vpcId,
      ]);
    }
    const rows = await query
      .orderBy(['account_id', 'region', 'vpc_id'])
      .limit(page.limit + 1);
    return toPage(rows, {
      limit: page.limit,
      count,
      map: mapVpc,
      key: vpc => [vpc.accountId, vpc.region, vpc.vpcId],
    });
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
