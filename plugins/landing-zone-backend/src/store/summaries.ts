import type {
  GuardrailCheck,
  OrganizationFacts,
} from '@internal/plugin-landing-zone-common';
import type { LandingZoneStore } from './LandingZoneStore';
import type { AccountSummary, PostureCounts } from './types';

/** @public */
export type OrganizationTreeNode = {
  id: string;
  name: string;
  path: string;
  /** Accounts directly in this OU. */
  accounts: Pick<AccountSummary, 'id' | 'name' | 'status' | 'compliance'>[];
  /** Accounts in this OU and everything below it, by compliance. */
  compliance: { compliant: number; nonCompliant: number; unknown: number };
  children: OrganizationTreeNode[];
};

/** The OU tree with each OU's accounts and compliance counts (inclusive of sub-OUs). */
export function organizationTree(
  organization: OrganizationFacts,
  accounts: AccountSummary[],
): OrganizationTreeNode {
  const nodes = new Map<string, OrganizationTreeNode>();
  for (const unit of organization.units) {
    nodes.set(unit.id, {
      id: unit.id,
      name: unit.name,
      path: unit.path,
      accounts: [],
      compliance: { compliant: 0, nonCompliant: 0, unknown: 0 },
      children: [],
    });
  }
  for (const unit of organization.units) {
    if (unit.parentId)
      nodes.get(unit.parentId)?.children.push(nodes.get(unit.id)!);
  }
  for (const account of accounts) {
    nodes.get(account.parentId)?.accounts.push({
      id: account.id,
      name: account.name,
      status: account.status,
      compliance: account.compliance,
    });
    if (account.status !== 'ACTIVE') continue;
    for (const id of new Set([...account.parentIds, account.parentId])) {
      const counts = nodes.get(id)?.compliance;
      if (!counts) continue;
      if (account.compliance === 'compliant') counts.compliant++;
      else if (account.compliance === 'non-compliant') counts.nonCompliant++;
      else counts.unknown++;
    }
  }
  for (const node of nodes.values()) {
    node.children.sort((a, b) => a.name.localeCompare(b.name));
    node.accounts.sort((a, b) => a.name.localeCompare(b.name));
  }
  return nodes.get(organization.rootId)!;
}

/**
 * One day of a posture trend. For all checks it counts accounts by overall
 * compliance; for one check, accounts by that check's verdict.
 *
 * @public
 */
export type PostureTrendPoint = {
  day: string;
  compliant: number;
  nonCompliant: number;
  unknown: number;
};

/**
 * The daily history of the last `days` days for the organisation (`scope`
 * `'org'`) or one OU (its id; the accounts below it), for all checks (`'*'`)
 * or one check id.
 */
export async function postureTrend(
  store: LandingZoneStore,
  options: { scope: string; checkId: string; days: number },
): Promise<PostureTrendPoint[]> {
  const since = new Date(Date.now() - (options.days - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const history = await store.getPostureHistory(options.scope, since);
  return history
    .filter(h => h.checkId === options.checkId)
    .map(h => ({
      day: h.day,
      compliant: h.passing,
      nonCompliant: h.failing,
      unknown: h.unknown,
    }));
}

/** Org-wide posture: today's counts, per OU and per check, and the trend. */
export async function postureSummary(
  store: LandingZoneStore,
  checks: GuardrailCheck[],
  days: number,
) {
  const [organization, trend, results] = await Promise.all([
    store.getOrganization(),
    postureTrend(store, { scope: 'org', checkId: '*', days }),
    store.getResults(),
  ]);
  const perCheck = new Map<string, PostureCounts>();
  const accounts = new Map<string, PostureCounts>();
  for (const r of results) {
    for (const [map, key] of [
      [perCheck, r.checkId],
      [accounts, r.accountId],
    ] as const) {
      const c = map.get(key) ?? { passing: 0, failing: 0, unknown: 0 };
      if (r.status === 'pass') c.passing++;
      else if (r.status === 'fail') c.failing++;
      else c.unknown++;
      map.set(key, c);
    }
  }
  const org = { compliant: 0, nonCompliant: 0, unknown: 0 };
  for (const c of accounts.values()) {
    if (c.failing) org.nonCompliant++;
    else if (c.unknown) org.unknown++;
    else org.compliant++;
  }
  const accountList = await store.listAccounts({}, { limit: 1_000_000 });
  const tree = organization
    ? organizationTree(organization, accountList.items)
    : undefined;
  const units: { id: string; path: string; compliance: typeof org }[] = [];
  const walk = (node?: ReturnType<typeof organizationTree>) => {
    if (!node) return;
    units.push({ id: node.id, path: node.path, compliance: node.compliance });
    node.children.forEach(walk);
  };
  walk(tree);

  return {
    organization: { accounts: accounts.size, ...org },
    checks: checks.map(c => ({
      id: c.definition.id,
      title: c.definition.title,
      category: c.definition.category,
      severity: c.definition.severity,
      ...(perCheck.get(c.definition.id) ?? {
        passing: 0,
        failing: 0,
        unknown: 0,
      }),
    })),
    organizationalUnits: units,
    trend,
  };
}
