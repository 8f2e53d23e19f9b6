import { InputError, NotAllowedError } from '@backstage/errors';
import {
  guardrailCatalogue,
  type AccountNetwork,
  type AccountNetworkQuery,
  type AccountSummary,
  type GuardrailCheck,
  type RegionFacts,
  type Vpc,
} from '@internal/plugin-landing-zone-common';
import type { AccountScope } from '../permissions';
import type { LandingZoneStore } from '../store/LandingZoneStore';

/**
 * The account's VPC in a region and its subnets by tier, with the account's
 * compliance and failing guardrails; undefined for an unknown account, 403
 * for one the scope excludes, as every account route.
 */
export async function readAccountNetwork(
  deps: {
    store: LandingZoneStore;
    regions: string[];
    checks: () => GuardrailCheck[];
  },
  accountId: string,
  query: AccountNetworkQuery,
  scope?: AccountScope,
): Promise<AccountNetwork | undefined> {
  const { store } = deps;
  const account = await store.accounts.get(accountId, scope);
  if (!account) {
    if (scope && (await store.accounts.exists(accountId))) {
      throw new NotAllowedError(`You may not see account ${accountId}`);
    }
    return undefined;
  }
  const [[facts], results] = await Promise.all([
    store.facts.load([accountId]),
    store.results.forAccount(accountId),
  ]);
  const { region, vpc } = pickVpc({
    account,
    regions: facts?.regions ?? {},
    configuredRegions: deps.regions,
    region: query.region,
    vpcId: query.vpcId,
  });
  const titles = new Map<string, string>([
    ...guardrailCatalogue.map(g => [g.id, g.title] as const),
    ...deps.checks().map(c => [c.definition.id, c.definition.title] as const),
  ]);
  const subnets = (tier: string) =>
    vpc.subnets
      .filter(s => s.tier === tier)
      .map(s => s.subnetId)
      .sort();
  return {
    accountId: account.id,
    accountName: account.name,
    environment: account.environment,
    region,
    vpcId: vpc.vpcId,
    vpcName: vpc.name,
    vpcCidr: vpc.cidrs[0],
    privateSubnetIds: subnets('private'),
    publicSubnetIds: subnets('public'),
    isolatedSubnetIds: subnets('isolated'),
    compliance: account.compliance,
    compliant: account.compliance === 'compliant',
    failingGuardrails: results
      .filter(r => r.status === 'fail')
      .map(r => ({
        checkId: r.checkId,
        title: titles.get(r.checkId) ?? r.checkId,
      })),
  };
}

/**
 * The VPC a service stack goes in: in `region` (else the first configured
 * region where the account has one), `vpcId` if given, else the account's
 * own VPC with private subnets before any other, the default VPC last.
 * None is an InputError that says where the account does have VPCs.
 */
export function pickVpc(options: {
  account: AccountSummary;
  regions: Partial<Record<string, RegionFacts>>;
  configuredRegions: string[];
  region?: string;
  vpcId?: string;
}): { region: string; vpc: Vpc } {
  const { account, regions } = options;
  const vpcsIn = (region: string): Vpc[] =>
    (regions[region]?.vpcs.data ?? [])
      .filter(v => v.cidrs.length > 0)
      .filter(v => !options.vpcId || v.vpcId === options.vpcId)
      .sort(
        (a, b) =>
          Number(a.isDefault) - Number(b.isDefault) ||
          Number(!a.subnets.some(s => s.tier === 'private')) -
            Number(!b.subnets.some(s => s.tier === 'private')) ||
          a.vpcId.localeCompare(b.vpcId),
      );
  const candidates = options.region
    ? [options.region]
    : [
        ...options.configuredRegions,
        ...Object.keys(regions).filter(
          r => !options.configuredRegions.includes(r),
        ),
      ];
  for (const region of candidates) {
    const [vpc] = vpcsIn(region);
    if (vpc) return { region, vpc };
  }

  const where = Object.keys(regions)
    .filter(r => (regions[r]?.vpcs.data ?? []).length > 0)
    .sort();
  const what = options.vpcId ? `VPC ${options.vpcId}` : 'VPC';
  const inRegion = options.region ? ` in ${options.region}` : '';
  const hint = where.length
    ? `it has VPCs in ${where.join(', ')}; pass one of those as region`
    : 'the inventory shows no VPC in it; request one first, or wait for the next scan';
  throw new InputError(
    `${options.region ? 'region' : 'accountId'}: account ${account.id} (${
      account.name
    }) has no ${what}${inRegion} as last scanned: ${hint}`,
  );
}
