/*
 * The network part of resolving an organisation file: VPCs cut into tiered subnets
 * with their route tables, gateways and flow logs, and the peerings between them.
 */
import { cidrsOverlap, parseCidr, subBlock } from './cidr';
import { awsId, derivedDate, hashHex } from './ids';
import type { OrganizationSpec, VpcSpec } from './schema';
import { baselineSecurityGroups, resolveNetworkAcls } from './resolveResources';
import type { SpecIssue } from './resolve';
import type {
  Account,
  NatGateway,
  Route,
  RouteTable,
  Subnet,
  SubnetTier,
  TransitGateway,
  TransitGatewayAttachment,
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

/** An address inside a block: its base plus `offset`. */
function addressIn(cidr: string, offset: number): string {
  const base = parseCidr(cidr).base + offset;
  return [
    base >>> 24,
    (base >>> 16) & 255,
    (base >>> 8) & 255,
    base & 255,
  ].join('.');
}

/**
 * Resolves one VPC. `gateways` are the transit gateways it attaches to (the
 * region's hub gets a 10.0.0.0/8 route from the private tier; other gateways'
 * routes are added once every attached VPC is known); `attach` receives each
 * new attachment.
 */
export function resolveVpc(
  spec: OrganizationSpec,
  accountId: string,
  region: string,
  v: VpcSpec,
  gateways: TransitGateway[],
  flowLogBucket: string,
  attach: (
    gateway: TransitGateway,
    attachment: TransitGatewayAttachment,
  ) => void,
): Vpc {
  const dv = spec.defaults?.vpc ?? {};
  const key = `${accountId}|${region}|${v.name}`;
  const tiers = TIER_ORDER.filter(t =>
    (v.tiers ?? dv.tiers ?? TIER_ORDER).includes(t),
  );
  const azs = v.azs ?? dv.azs ?? 2;
  const hasPublic = tiers.includes('public');
  const internetGatewayId = hasPublic ? awsId('igw', key) : undefined;
  // By default a VPC with public and private tiers has a NAT gateway per AZ.
  const natLayout =
    v.natGateways ??
    dv.natGateways ??
    (hasPublic && tiers.includes('private') ? 'per-az' : 'none');
  const natAzs = { 'per-az': azs, single: 1, none: 0 }[natLayout];
  const natTier: SubnetTier = hasPublic ? 'public' : tiers[0];
  const natIds = AZ_LETTERS.slice(0, natAzs).map(az =>
    awsId('nat', `${key}|${az}`),
  );
  const vpcId = v.id ?? awsId('vpc', key);
  for (const gateway of gateways) {
    attach(gateway, {
      // The hub's attachment id depends only on the VPC, as it always has.
      id: gateway.hub
        ? awsId('tgw-attach', key)
        : awsId('tgw-attach', `${key}|${gateway.id}`),
      accountId,
      vpcId,
      vpcCidr: v.cidr,
    });
  }
  const hub = gateways.find(g => g.hub);

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
        // Each AZ's own NAT gateway, or the single one. A private NAT gateway
        // takes the default route too: it carries traffic on to other
        // networks (through a transit gateway), never to the internet.
        const nat = natIds[i] ?? natIds[0];
        if (nat) {
          routes.push({
            destinationCidrBlock: '0.0.0.0/0',
            natGatewayId: nat,
          });
        }
        if (hub) {
          routes.push({
            destinationCidrBlock: '10.0.0.0/8',
            transitGatewayId: hub.id,
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

  const natGateways: NatGateway[] = natIds.map((id, i) => {
    const subnet = subnets.find(
      s => s.tier === natTier && s.availabilityZone.endsWith(AZ_LETTERS[i]),
    )!;
    const natKey = `${key}|${AZ_LETTERS[i]}`;
    const publicOctets = hashHex(`${natKey}|eip`, 6);
    return {
      id,
      subnetId: subnet.id,
      connectivityType: hasPublic ? 'public' : 'private',
      privateIp: addressIn(subnet.cidr, 10),
      publicIp: hasPublic
        ? `52.${[0, 2, 4]
            .map(o => parseInt(publicOctets.slice(o, o + 2), 16))
            .join('.')}`
        : undefined,
      allocationId: hasPublic ? awsId('eipalloc', natKey) : undefined,
      networkInterfaceId: awsId('eni', natKey),
      createdAt: derivedDate(`${natKey}|nat`, 1500),
    };
  });

  return {
    id: vpcId,
    name: v.name,
    cidr: v.cidr,
    tags: { Name: v.name, ...(v.tags ?? {}) },
    tiers,
    internetGatewayId,
    natGateways,
    subnets,
    routeTables,
    networkAclId: awsId('acl', key),
    networkAcls: resolveNetworkAcls(
      key,
      v.cidr,
      tiers,
      subnets,
      v.networkAcls ?? dv.networkAcls ?? 'per-tier',
      v.isolatedInbound ?? [],
    ),
    securityGroups: baselineSecurityGroups(key, v.name, v.cidr, tiers),
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
    // An active peering is only useful with routes; overlapping blocks cannot
    // be routed. `routes` says which sides have them (both by default).
    const routed = p.routes ?? 'both';
    if (
      status === 'active' &&
      !cidrsOverlap(requester.vpc.cidr, accepter.vpc.cidr)
    ) {
      const sides: [Vpc, Vpc][] = [];
      if (routed === 'both' || routed === 'requester') {
        sides.push([requester.vpc, accepter.vpc]);
      }
      if (routed === 'both' || routed === 'accepter') {
        sides.push([accepter.vpc, requester.vpc]);
      }
      for (const [side, peer] of sides) {
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
