/*
 * EC2 resources on the wire: which filter names each supports and how each is
 * written as ec2Query XML (lower-camel element names, lists of <item>).
 */
import { availableAddresses } from '../../org/cidr';
import type { AttachmentView } from '../../org/OrganizationIndex';
import type {
  FlowLog,
  NetworkAcl,
  NetworkAclEntry,
  RouteTable,
  Subnet,
  TransitGatewayRouteTable,
  Vpc,
  VpcPeering,
} from '../../org/types';
import type { OperationContext } from '../types';
import { el, list, node, tagSet } from '../xml';

/** Values of one resource for one filter name. */
export type FilterTable<T> = Record<
  string,
  (item: T) => (string | undefined)[]
>;

export const vpcFilters: FilterTable<Vpc> = {
  'vpc-id': v => [v.id],
  cidr: v => [v.cidr],
  'cidr-block-association.cidr-block': v => [v.cidr],
  'is-default': () => ['false'],
  state: () => ['available'],
  'dhcp-options-id': v => [`dopt-${v.id.slice(4, 21)}`],
};

export function renderVpc(ownerId: string, v: Vpc): string {
  return (
    el('vpcId', v.id) +
    el('ownerId', ownerId) +
    el('state', 'available') +
    el('cidrBlock', v.cidr) +
    list(
      'cidrBlockAssociationSet',
      'item',
      [v],
      x =>
        el('associationId', `vpc-cidr-assoc-${x.id.slice(4)}`) +
        el('cidrBlock', x.cidr) +
        node('cidrBlockState', el('state', 'associated')),
    ) +
    el('dhcpOptionsId', `dopt-${v.id.slice(4, 21)}`) +
    el('instanceTenancy', 'default') +
    el('isDefault', false) +
    tagSet(v.tags)
  );
}

export type SubnetRow = { vpc: Vpc; item: Subnet };
export const subnetFilters: FilterTable<SubnetRow> = {
  'subnet-id': s => [s.item.id],
  'vpc-id': s => [s.vpc.id],
  'cidr-block': s => [s.item.cidr],
  cidr: s => [s.item.cidr],
  'availability-zone': s => [s.item.availabilityZone],
  'availability-zone-id': s => [s.item.availabilityZoneId],
  state: () => ['available'],
  'default-for-az': () => ['false'],
  'map-public-ip-on-launch': s => [String(s.item.tier === 'public')],
};

export function subnetName(vpc: Vpc, s: Subnet): string {
  return `${vpc.name}-${s.tier}-${s.availabilityZone.slice(-1)}`;
}

export function renderSubnet(
  ctx: OperationContext,
  { vpc, item: s }: SubnetRow,
): string {
  return (
    el('subnetId', s.id) +
    el(
      'subnetArn',
      `arn:aws:ec2:${ctx.region}:${ctx.caller.accountId}:subnet/${s.id}`,
    ) +
    el('state', 'available') +
    el('ownerId', ctx.caller.accountId) +
    el('vpcId', vpc.id) +
    el('cidrBlock', s.cidr) +
    el('availableIpAddressCount', availableAddresses(s.cidr)) +
    el('availabilityZone', s.availabilityZone) +
    el('availabilityZoneId', s.availabilityZoneId) +
    el('defaultForAz', false) +
    el('mapPublicIpOnLaunch', s.tier === 'public') +
    el('assignIpv6AddressOnCreation', false) +
    list('ipv6CidrBlockAssociationSet', 'item', [], () => '') +
    tagSet({ Name: subnetName(vpc, s), tier: s.tier })
  );
}

export type TableRow = { vpc: Vpc; item: RouteTable };
export const routeTableFilters: FilterTable<TableRow> = {
  'route-table-id': r => [r.item.id],
  'vpc-id': r => [r.vpc.id],
  'association.subnet-id': r => r.item.subnetIds,
  'association.main': r => [String(r.item.main)],
  'association.route-table-id': r => [r.item.id],
  'route.destination-cidr-block': r =>
    r.item.routes.map(x => x.destinationCidrBlock),
  'route.gateway-id': r => r.item.routes.map(x => x.gatewayId),
  'route.nat-gateway-id': r => r.item.routes.map(x => x.natGatewayId),
  'route.transit-gateway-id': r => r.item.routes.map(x => x.transitGatewayId),
  'route.vpc-peering-connection-id': r =>
    r.item.routes.map(x => x.vpcPeeringConnectionId),
};

export function renderRouteTable(
  ctx: OperationContext,
  { vpc, item: t }: TableRow,
): string {
  const associations = t.main
    ? [
        {
          id: `rtbassoc-${t.id.slice(4)}`,
          subnetId: undefined as string | undefined,
        },
      ]
    : t.subnetIds.map(subnetId => ({
        id: `rtbassoc-${subnetId.slice(7)}`,
        subnetId,
      }));
  return (
    el('routeTableId', t.id) +
    el('vpcId', vpc.id) +
    el('ownerId', ctx.caller.accountId) +
    list(
      'routeSet',
      'item',
      t.routes,
      r =>
        el('destinationCidrBlock', r.destinationCidrBlock) +
        el('gatewayId', r.gatewayId) +
        el('natGatewayId', r.natGatewayId) +
        el('transitGatewayId', r.transitGatewayId) +
        el('vpcPeeringConnectionId', r.vpcPeeringConnectionId) +
        el('state', 'active') +
        el(
          'origin',
          r.gatewayId === 'local' ? 'CreateRouteTable' : 'CreateRoute',
        ),
    ) +
    list(
      'associationSet',
      'item',
      associations,
      a =>
        el('routeTableAssociationId', a.id) +
        el('routeTableId', t.id) +
        el('subnetId', a.subnetId) +
        el('main', t.main) +
        node('associationState', el('state', 'associated')),
    ) +
    list('propagatingVgwSet', 'item', [], () => '') +
    tagSet({ Name: t.main ? `${vpc.name}-main` : `${vpc.name}-${t.tier}` })
  );
}

export type FlowLogRow = { vpc: Vpc; item: FlowLog };
export const flowLogFilters: FilterTable<FlowLogRow> = {
  'resource-id': f => [f.vpc.id],
  'flow-log-id': f => [f.item.id],
  'traffic-type': f => [f.item.trafficType],
  'log-destination-type': f => [f.item.logDestinationType],
  'deliver-log-status': () => ['SUCCESS'],
};

export function renderFlowLog({ vpc, item: f }: FlowLogRow): string {
  return (
    el('flowLogId', f.id) +
    el('flowLogStatus', 'ACTIVE') +
    el('deliverLogsStatus', 'SUCCESS') +
    el('resourceId', vpc.id) +
    el('trafficType', f.trafficType) +
    el('logDestinationType', f.logDestinationType) +
    el('logDestination', f.logDestination) +
    el(
      'logFormat',
      '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}',
    ) +
    el('maxAggregationInterval', 600) +
    el('creationTime', f.createdAt) +
    tagSet({})
  );
}

export const peeringFilters: FilterTable<VpcPeering> = {
  'vpc-peering-connection-id': p => [p.id],
  'status-code': p => [p.status],
  'requester-vpc-info.vpc-id': p => [p.requester.vpcId],
  'requester-vpc-info.owner-id': p => [p.requester.accountId],
  'requester-vpc-info.cidr-block': p => [p.requester.cidr],
  'accepter-vpc-info.vpc-id': p => [p.accepter.vpcId],
  'accepter-vpc-info.owner-id': p => [p.accepter.accountId],
  'accepter-vpc-info.cidr-block': p => [p.accepter.cidr],
};

export function renderPeering(p: VpcPeering): string {
  const side = (s: VpcPeering['requester']) =>
    el('ownerId', s.accountId) +
    el('vpcId', s.vpcId) +
    el('region', s.region) +
    el('cidrBlock', s.cidr) +
    list('cidrBlockSet', 'item', [s.cidr], c => el('cidrBlock', c));
  const messages: Record<VpcPeering['status'], string> = {
    active: 'Active',
    'pending-acceptance': 'Pending Acceptance by the accepter',
    rejected: 'Rejected',
    failed:
      'Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range',
    deleted: 'Deleted',
  };
  return (
    el('vpcPeeringConnectionId', p.id) +
    node('requesterVpcInfo', side(p.requester)) +
    node('accepterVpcInfo', side(p.accepter)) +
    node('status', el('code', p.status) + el('message', messages[p.status])) +
    tagSet({})
  );
}

export const attachmentFilters: FilterTable<AttachmentView> = {
  'transit-gateway-attachment-id': a => [a.id],
  'transit-gateway-id': a => [a.transitGateway.id],
  'transit-gateway-owner-id': a => [a.transitGateway.accountId],
  'resource-id': a => [a.vpcId],
  'resource-owner-id': a => [a.accountId],
  'resource-type': () => ['vpc'],
  state: () => ['available'],
};

export function renderAttachment(
  a: AttachmentView,
  associated: TransitGatewayRouteTable | undefined,
): string {
  return (
    el('transitGatewayAttachmentId', a.id) +
    el('transitGatewayId', a.transitGateway.id) +
    el('transitGatewayOwnerId', a.transitGateway.accountId) +
    el('resourceOwnerId', a.accountId) +
    el('resourceType', 'vpc') +
    el('resourceId', a.vpcId) +
    el('state', 'available') +
    (associated
      ? node(
          'association',
          el('transitGatewayRouteTableId', associated.id) +
            el('state', 'associated'),
        )
      : '') +
    el('creationTime', '2021-01-01T00:00:00.000Z') +
    tagSet({})
  );
}

export type AclRow = { vpc: Vpc; item: NetworkAcl };
export const aclFilters: FilterTable<AclRow> = {
  'network-acl-id': a => [a.item.id],
  'vpc-id': a => [a.vpc.id],
  default: a => [String(a.item.isDefault)],
  'association.subnet-id': a => a.item.subnetIds,
  'association.network-acl-id': a => [a.item.id],
  'association.association-id': a =>
    a.item.subnetIds.map(id => aclAssociationId(id)),
  'owner-id': () => [],
};

function aclAssociationId(subnetId: string): string {
  return `aclassoc-${subnetId.slice(7)}`;
}

/** The Name tag of an ACL: the VPC's name and its tier. */
export function aclName(vpc: Vpc, acl: NetworkAcl): string {
  return acl.tier ? `${vpc.name}-${acl.tier}` : `${vpc.name}-default`;
}

function renderAclEntry(e: NetworkAclEntry): string {
  return (
    el('ruleNumber', e.ruleNumber) +
    el('protocol', e.protocol) +
    el('ruleAction', e.ruleAction) +
    el('egress', e.egress) +
    el('cidrBlock', e.cidrBlock) +
    el('ipv6CidrBlock', e.ipv6CidrBlock) +
    (e.portRange
      ? node(
          'portRange',
          el('from', e.portRange.from) + el('to', e.portRange.to),
        )
      : '')
  );
}

export function renderAcl(
  ctx: OperationContext,
  { vpc, item }: AclRow,
): string {
  return (
    el('networkAclId', item.id) +
    el('vpcId', vpc.id) +
    el('default', item.isDefault) +
    el('ownerId', ctx.caller.accountId) +
    list('entrySet', 'item', item.entries, renderAclEntry) +
    list(
      'associationSet',
      'item',
      item.subnetIds,
      id =>
        el('networkAclAssociationId', aclAssociationId(id)) +
        el('networkAclId', item.id) +
        el('subnetId', id),
    ) +
    tagSet(item.isDefault ? {} : { Name: aclName(vpc, item) })
  );
}
