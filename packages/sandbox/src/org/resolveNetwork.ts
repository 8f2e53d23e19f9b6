/*
 * The network part of resolving an organisation file: VPCs cut into tiered subnets
 * with their route tables, gateways and flow logs, and the peerings between them.
 */
import { cidrsOverlap, subBlock } from './cidr';
import { awsId, derivedDate } from './ids';
import type { OrganizationSpec, VpcSpec } from './schema';
import type { SpecIssue } from './resolve';
import type {
  Account,
  Route,
  RouteTable,
  Subnet,
  SubnetTier,
  TransitGateway,
  Vpc,
  VpcPeering,
} from './types';

const TIER_ORDER: SubnetTier[] = ['public', 'private', 'isolated'];
const AZ_LETTERS = ['a', 'b', 'c', 'd'];
const DIRECTIONS: Record<string, string> = {
  east: 'e',
  west: 'w',
  north: 'n',
  south: 's',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

/** The short region code AWS uses in AZ ids: eu-west-1 → euw1. */
export function regionCode(region: string): string {
  const [area, direction, number] = region.split('-');
  return `${area}${DIRECTIONS[direction] ?? direction[0]}${number}`;
}

export function resolveVpc(
  spec: OrganizationSpec,
  accountId: string,
  region: string,
  v: VpcSpec,
  tgw: TransitGateway | undefined,
  flowLogBucket: string,
): Vpc {
  const dv = spec.defaults?.vpc ?? {};
  const key = `${accountId}|${region}|${v.name}`;
  const tiers = TIER_ORDER.filter(t =>
    (v.tiers ?? dv.tiers ?? TIER_ORDER).includes(t),
  );
  const azs = v.azs ?? dv.azs ?? 2;
  const hasPublic = tiers.includes('public');
  const internetGatewayId = hasPublic ? awsId('igw', key) : undefined;
  const natGatewayIds =
    hasPublic && tiers.includes('private')
      ? AZ_LETTERS.slice(0, azs).map(az => awsId('nat', `${key}|${az}`))
      : [];
  const vpcId = v.id ?? awsId('vpc', key);
  const attachmentId = tgw ? awsId('tgw-attach', key) : undefined;
  if (tgw && attachmentId) {
    tgw.attachments.push({ id: attachmentId, accountId, vpcId });
  }

  const local: Route = { destinationCidrBlock: v.cidr, gatewayId: 'local' };
  const routeTables: RouteTable[] = [
    {
      id: awsId('rtb', `${key}|main`),
      main: true,
      subnetIds: [],
      routes: [local],
    },
  ];
  const subnets: Subnet[] = [];
  for (const tier of tiers) {
    const tierIndex = TIER_ORDER.indexOf(tier);
    // Public and isolated subnets share one table per tier; private ones get one per AZ (own NAT).
    const tables: RouteTable[] = [];
    const tableCount = tier === 'private' ? azs : 1;
    for (let i = 0; i < tableCount; i++) {
      const routes: Route[] = [local];
      if (tier === 'public' && internetGatewayId) {
        routes.push({
          destinationCidrBlock: '0.0.0.0/0',
          gatewayId: internetGatewayId,
        });
      }
      if (tier === 'private') {
        if (natGatewayIds[i]) {
          routes.push({
            destinationCidrBlock: '0.0.0.0/0',
            natGatewayId: natGatewayIds[i],
          });
        }
        if (tgw) {
          routes.push({
            destinationCidrBlock: '10.0.0.0/8',
            transitGatewayId: tgw.id,
          });
        }
      }
      tables.push({
        id: awsId('rtb', `${key}|${tier}|${i}`),
        main: false,
        tier,
        subnetIds: [],
        routes,
      });
    }
    routeTables.push(...tables);
    for (let i = 0; i < azs; i++) {
      const table = tables[tier === 'private' ? i : 0];
      const id = awsId('subnet', `${key}|${tier}|${i}`);
      table.subnetIds.push(id);
      subnets.push({
        id,
        cidr: subBlock(v.cidr, 4, tierIndex * 4 + i),
        tier,
        availabilityZone: `${region}${AZ_LETTERS[i]}`,
        availabilityZoneId: `${regionCode(region)}-az${i + 1}`,
        routeTableId: table.id,
      });
    }
  }

  return {
    id: vpcId,
    name: v.name,
    cidr: v.cidr,
    tags: { Name: v.name, ...(v.tags ?? {}) },
    tiers,
    internetGatewayId,
    natGatewayIds,
    subnets,
    routeTables,
    networkAclId: awsId('acl', key),
    flowLogs:
      v.flowLogs ?? dv.flowLogs ?? false
        ? [
            {
              id: awsId('fl', key),
              trafficType: 'ALL',
              logDestinationType: 's3',
              logDestination: flowLogBucket,
              createdAt: derivedDate(`${key}|fl`, 1500),
            },
          ]
        : [],
    transitGatewayAttachmentId: attachmentId,
  };
}

export function resolvePeerings(
  spec: OrganizationSpec,
  accountsByName: Map<string, Account>,
  accounts: Account[],
  issues: SpecIssue[],
): VpcPeering[] {
  const byId = new Map(accounts.map(a => [a.id, a]));
  const find = (ref: string, path: (string | number)[]) => {
    const [accountRef, region, vpcName] = ref.split('/');
    const account = accountsByName.get(accountRef) ?? byId.get(accountRef);
    const vpc = account?.regions[region]?.vpcs.find(v => v.name === vpcName);
    if (!account || !vpc) {
      issues.push({
        path,
        message: account
          ? `account "${accountRef}" has no VPC named "${vpcName}" in ${region}`
          : `no account named or numbered "${accountRef}"`,
      });
      return undefined;
    }
    return { accountId: account.id, region, vpc };
  };
  const peerings: VpcPeering[] = [];
  (spec.peerings ?? []).forEach((p, index) => {
    const requester = find(p.requester, ['peerings', index, 'requester']);
    const accepter = find(p.accepter, ['peerings', index, 'accepter']);
    if (!requester || !accepter) return;
    const id = p.id ?? awsId('pcx', `${requester.vpc.id}|${accepter.vpc.id}`);
    const status = p.status ?? 'active';
    peerings.push({
      id,
      status,
      requester: {
        accountId: requester.accountId,
        region: requester.region,
        vpcId: requester.vpc.id,
        cidr: requester.vpc.cidr,
      },
      accepter: {
        accountId: accepter.accountId,
        region: accepter.region,
        vpcId: accepter.vpc.id,
        cidr: accepter.vpc.cidr,
      },
    });
    // An active peering is only useful with routes; overlapping blocks cannot be routed.
    if (
      status === 'active' &&
      !cidrsOverlap(requester.vpc.cidr, accepter.vpc.cidr)
    ) {
      for (const [side, peer] of [
        [requester.vpc, accepter.vpc],
        [accepter.vpc, requester.vpc],
      ]) {
        for (const table of side.routeTables) {
          if (table.tier === 'private') {
            table.routes.push({
              destinationCidrBlock: peer.cidr,
              vpcPeeringConnectionId: id,
            });
          }
        }
      }
    }
  });
  return peerings;
}
