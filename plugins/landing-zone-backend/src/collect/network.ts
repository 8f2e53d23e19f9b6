import {
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeFlowLogs,
  paginateDescribeNatGateways,
  paginateDescribeRouteTables,
  paginateDescribeSubnets,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  type RouteTable,
  type Tag,
  type TransitGatewayAttachmentAssociation,
} from '@aws-sdk/client-ec2';
import type {
  RegionFacts,
  SubnetTier,
  Vpc,
  VpcRoute,
} from '@internal/plugin-landing-zone-common';
import { callOptions, capture, collectPages, type CallOptions } from './errors';
import { PAGE_SIZE } from './pageSizes';

function tagMap(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries(
    (tags ?? []).map(t => [t.Key ?? '', t.Value ?? '']),
  );
}

/**
 * A subnet's tier follows from its route table's default route: to an
 * internet gateway makes it public; to a NAT gateway, a NAT instance (an
 * instance or network interface target) or a transit gateway (the hub-egress
 * pattern) private; neither isolated. Blackhole routes lead nowhere and do not
 * count.
 */
export function tierOf(table: RouteTable | undefined): SubnetTier {
  const routes = (table?.Routes ?? []).filter(r => r.State !== 'blackhole');
  if (routes.some(r => r.GatewayId?.startsWith('igw-'))) return 'public';
  const egress = routes.filter(
    r =>
      r.DestinationCidrBlock === '0.0.0.0/0' ||
      r.DestinationIpv6CidrBlock === '::/0',
  );
  if (
    routes.some(r => r.NatGatewayId) ||
    egress.some(r => r.TransitGatewayId || r.InstanceId || r.NetworkInterfaceId)
  ) {
    return 'private';
  }
  return 'isolated';
}

/**
 * The routes of a table that leave the VPC through a peering connection or a
 * transit gateway: what tells a link that exists from one that carries
 * traffic. Local, internet, NAT and endpoint routes are not kept.
 */
export function linkRoutesOf(table: RouteTable): VpcRoute[] {
  return (table.Routes ?? []).flatMap(route => {
    const target = route.VpcPeeringConnectionId ?? route.TransitGatewayId;
    const destination =
      route.DestinationCidrBlock ??
      route.DestinationIpv6CidrBlock ??
      route.DestinationPrefixListId;
    if (!target || !destination) return [];
    return [
      {
        routeTableId: table.RouteTableId ?? '',
        destination,
        target,
        state: route.State ?? 'active',
      },
    ];
  });
}

async function readVpcs(client: EC2Client, call: CallOptions): Promise<Vpc[]> {
  const [vpcs, subnets, tables, flowLogs, natGateways] = await Promise.all([
    collectPages(
      paginateDescribeVpcs({ client, pageSize: PAGE_SIZE.ec2 }, {}, call),
      p => p.Vpcs,
    ),
    collectPages(
      paginateDescribeSubnets({ client, pageSize: PAGE_SIZE.ec2 }, {}, call),
      p => p.Subnets,
    ),
    collectPages(
      paginateDescribeRouteTables(
        { client, pageSize: PAGE_SIZE.ec2RouteTables },
        {},
        call,
      ),
      p => p.RouteTables,
    ),
    collectPages(
      paginateDescribeFlowLogs({ client, pageSize: PAGE_SIZE.ec2 }, {}, call),
      p => p.FlowLogs,
    ),
    collectPages(
      paginateDescribeNatGateways(
        { client, pageSize: PAGE_SIZE.ec2 },
        {},
        call,
      ),
      p => p.NatGateways,
    ),
  ]);

  const explicit = new Map<string, RouteTable>();
  const main = new Map<string, RouteTable>();
  for (const table of tables) {
    for (const association of table.Associations ?? []) {
      if (association.SubnetId) explicit.set(association.SubnetId, table);
      if (association.Main && table.VpcId) main.set(table.VpcId, table);
    }
  }

  return vpcs
    .filter(v => v.VpcId)
    .map(vpc => {
      const tags = tagMap(vpc.Tags);
      const cidrs = (vpc.CidrBlockAssociationSet ?? [])
        .filter(a => a.CidrBlockState?.State !== 'disassociated')
        .flatMap(a => (a.CidrBlock ? [a.CidrBlock] : []));
      if (cidrs.length === 0 && vpc.CidrBlock) cidrs.push(vpc.CidrBlock);
      return {
        vpcId: vpc.VpcId!,
        name: tags.Name,
        isDefault: vpc.IsDefault ?? false,
        cidrs,
        tags,
        subnets: subnets
          .filter(s => s.VpcId === vpc.VpcId && s.SubnetId)
          .map(s => ({
            subnetId: s.SubnetId!,
            cidr: s.CidrBlock ?? '',
            availabilityZone: s.AvailabilityZone,
            tier: tierOf(explicit.get(s.SubnetId!) ?? main.get(vpc.VpcId!)),
          })),
        flowLogs: flowLogs
          .filter(f => f.ResourceId === vpc.VpcId)
          .map(f => ({
            flowLogId: f.FlowLogId ?? '',
            status: f.FlowLogStatus ?? 'UNKNOWN',
            trafficType: f.TrafficType,
            destinationType: f.LogDestinationType,
          })),
        routes: tables.filter(t => t.VpcId === vpc.VpcId).flatMap(linkRoutesOf),
        // Deleted gateways stay listed for about an hour; their state says so.
        natGateways: natGateways
          .filter(n => n.VpcId === vpc.VpcId && n.NatGatewayId)
          .map(n => ({
            natGatewayId: n.NatGatewayId!,
            subnetId: n.SubnetId,
            state: n.State ?? 'unknown',
          })),
      };
    });
}

/**
 * The transit gateway route table an attachment is associated with, or is
 * being associated with; none once it is being or has been disassociated.
 */
export function associatedRouteTableOf(
  association: TransitGatewayAttachmentAssociation | undefined,
): string | undefined {
  if (!association?.TransitGatewayRouteTableId) return undefined;
  if (association.State?.startsWith('disassociat')) return undefined;
  return association.TransitGatewayRouteTableId;
}

type NetworkFacts = Pick<
  RegionFacts,
  'vpcs' | 'peerings' | 'transitGatewayAttachments' | 'ebsEncryptionByDefault'
>;

/** Reads the EC2 side of one account-region; every call ends with `signal`. */
export async function readNetwork(
  client: EC2Client,
  region: string,
  signal?: AbortSignal,
): Promise<NetworkFacts> {
  const call = callOptions(signal);
  const [vpcs, peerings, transitGatewayAttachments, ebsEncryptionByDefault] =
    await Promise.all([
      capture('ec2:DescribeVpcs', () => readVpcs(client, call)),
      capture('ec2:DescribeVpcPeeringConnections', async () => {
        const list = await collectPages(
          paginateDescribeVpcPeeringConnections(
            { client, pageSize: PAGE_SIZE.ec2 },
            {},
            call,
          ),
          p => p.VpcPeeringConnections,
        );
        const side = (info: (typeof list)[number]['RequesterVpcInfo']) => {
          const cidrs = (info?.CidrBlockSet ?? []).flatMap(c =>
            c.CidrBlock ? [c.CidrBlock] : [],
          );
          if (cidrs.length === 0 && info?.CidrBlock) cidrs.push(info.CidrBlock);
          return {
            vpcId: info?.VpcId ?? '',
            accountId: info?.OwnerId ?? '',
            region: info?.Region ?? region,
            cidrs,
          };
        };
        return list.map(p => ({
          peeringId: p.VpcPeeringConnectionId ?? '',
          status: p.Status?.Code ?? 'unknown',
          requester: side(p.RequesterVpcInfo),
          accepter: side(p.AccepterVpcInfo),
        }));
      }),
      capture('ec2:DescribeTransitGatewayAttachments', async () => {
        const list = await collectPages(
          paginateDescribeTransitGatewayAttachments(
            { client, pageSize: PAGE_SIZE.ec2 },
            {},
            call,
          ),
          p => p.TransitGatewayAttachments,
        );
        return list.map(a => ({
          attachmentId: a.TransitGatewayAttachmentId ?? '',
          transitGatewayId: a.TransitGatewayId ?? '',
          transitGatewayOwnerId: a.TransitGatewayOwnerId,
          resourceType: a.ResourceType ?? 'unknown',
          resourceId: a.ResourceId,
          resourceOwnerId: a.ResourceOwnerId,
          state: a.State ?? 'unknown',
          associatedRouteTableId: associatedRouteTableOf(a.Association),
        }));
      }),
      capture('ec2:GetEbsEncryptionByDefault', async () => {
        const res = await client.send(
          new GetEbsEncryptionByDefaultCommand({}),
          call,
        );
        return res.EbsEncryptionByDefault ?? false;
      }),
    ]);
  return { vpcs, peerings, transitGatewayAttachments, ebsEncryptionByDefault };
}
