import { InputError } from '@backstage/errors';
import type {
  AccountSummary,
  RegionFacts,
  Vpc,
} from '@internal/plugin-landing-zone-common';

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
