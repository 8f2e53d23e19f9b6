/*
 * Transit gateways with their route tables, and NAT gateways. A gateway's
 * owner sees it, its route tables and every attachment to it (other accounts'
 * too: the organisation shares it through RAM); an account that attached a VPC
 * sees the gateway and its own attachment, never the route tables.
 */
import type { TransitGateway, TransitGatewayRouteTable } from '../../org/types';
import { AwsError } from '../errors';
import type { QueryParams } from '../query';
import type { OperationContext, QueryHandler } from '../types';
import { el, list, node, tagSet } from '../xml';
import {
  applyFilters,
  byIds,
  dryRun,
  paged,
  rules,
  withVpc,
} from './ec2Common';
import type { FilterTable } from './ec2Resources';

const CREATED = '2021-01-01T00:00:00.000Z';

function gatewayFilters(): FilterTable<TransitGateway> {
  return {
    'transit-gateway-id': g => [g.id],
    'owner-id': g => [g.accountId],
    state: () => ['available'],
    'options.auto-accept-shared-attachments': g => [
      g.autoAcceptSharedAttachments ? 'enable' : 'disable',
    ],
    'options.default-route-table-association': g => [
      g.associationDefaultRouteTableId ? 'enable' : 'disable',
    ],
    'options.default-route-table-propagation': g => [
      g.propagationDefaultRouteTableId ? 'enable' : 'disable',
    ],
    'options.association-default-route-table-id': g => [
      g.associationDefaultRouteTableId,
    ],
    'options.propagation-default-route-table-id': g => [
      g.propagationDefaultRouteTableId,
    ],
  };
}

function renderGateway(g: TransitGateway): string {
  const enable = (on: boolean) => (on ? 'enable' : 'disable');
  return (
    el('transitGatewayId', g.id) +
    el(
      'transitGatewayArn',
      `arn:aws:ec2:${g.region}:${g.accountId}:transit-gateway/${g.id}`,
    ) +
    el('state', 'available') +
    el('ownerId', g.accountId) +
    el('description', g.name) +
    el('creationTime', CREATED) +
    node(
      'options',
      el('amazonSideAsn', 64512) +
        el(
          'autoAcceptSharedAttachments',
          enable(g.autoAcceptSharedAttachments),
        ) +
        el(
          'defaultRouteTableAssociation',
          enable(g.associationDefaultRouteTableId !== undefined),
        ) +
        el('associationDefaultRouteTableId', g.associationDefaultRouteTableId) +
        el(
          'defaultRouteTablePropagation',
          enable(g.propagationDefaultRouteTableId !== undefined),
        ) +
        el('propagationDefaultRouteTableId', g.propagationDefaultRouteTableId) +
        el('vpnEcmpSupport', 'enable') +
        el('dnsSupport', 'enable') +
        el('securityGroupReferencingSupport', 'disable') +
        el('multicastSupport', 'disable'),
    ) +
    tagSet({ Name: g.name })
  );
}

type TableRow = { gateway: TransitGateway; table: TransitGatewayRouteTable };

const tableFilters: FilterTable<TableRow> = {
  'transit-gateway-route-table-id': r => [r.table.id],
  'transit-gateway-id': r => [r.gateway.id],
  state: () => ['available'],
  'default-association-route-table': r => [
    String(r.table.id === r.gateway.associationDefaultRouteTableId),
  ],
  'default-propagation-route-table': r => [
    String(r.table.id === r.gateway.propagationDefaultRouteTableId),
  ],
};

/** A route table of a gateway the caller owns; AWS answers as if any other did not exist. */
function ownedTable(ctx: OperationContext, params: QueryParams): TableRow {
  const id = params.get('TransitGatewayRouteTableId');
  if (!id) {
    throw new AwsError(
      'MissingParameter',
      'The request must contain the parameter TransitGatewayRouteTableId',
    );
  }
  const row = ctx.index.transitGatewayRouteTable(id);
  if (
    !row ||
    row.gateway.accountId !== ctx.caller.accountId ||
    row.gateway.region !== ctx.region
  ) {
    throw new AwsError(
      'InvalidRouteTableID.NotFound',
      `The transitGatewayRouteTable ID '${id}' does not exist`,
    );
  }
  return row;
}

/** An attachment of the table's gateway, as route table listings describe it. */
type AttachmentRow = { id: string; vpcId: string; state: string };

const attachmentRowFilters: FilterTable<AttachmentRow> = {
  'transit-gateway-attachment-id': a => [a.id],
  'resource-id': a => [a.vpcId],
  'resource-type': () => ['vpc'],
};

function attachmentRows(
  ctx: OperationContext,
  ids: string[],
  state: string,
): AttachmentRow[] {
  return ids.map(id => ({
    id,
    vpcId: ctx.index.transitGatewayAttachment(id)?.vpcId ?? '',
    state,
  }));
}

function renderAttachmentRow(a: AttachmentRow): string {
  return (
    el('transitGatewayAttachmentId', a.id) +
    el('resourceId', a.vpcId) +
    el('resourceType', 'vpc') +
    el('state', a.state)
  );
}

type RouteRow = {
  cidr: string;
  type: 'static' | 'propagated';
  state: 'active' | 'blackhole';
  attachment?: { id: string; vpcId: string };
};

/** A table's routes: its static ones, then one per propagating attachment's VPC block. */
function routesOf(ctx: OperationContext, { table }: TableRow): RouteRow[] {
  const attachment = (id: string) => {
    const a = ctx.index.transitGatewayAttachment(id);
    return a ? { id: a.id, vpcId: a.vpcId } : undefined;
  };
  return [
    ...table.staticRoutes.map(r => ({
      cidr: r.destinationCidrBlock,
      type: 'static' as const,
      state: r.attachmentId ? ('active' as const) : ('blackhole' as const),
      attachment: r.attachmentId ? attachment(r.attachmentId) : undefined,
    })),
    ...table.propagations.map(id => ({
      cidr: ctx.index.transitGatewayAttachment(id)?.vpcCidr ?? '',
      type: 'propagated' as const,
      state: 'active' as const,
      attachment: attachment(id),
    })),
  ];
}

const routeFilters: FilterTable<RouteRow> = {
  type: r => [r.type],
  state: r => [r.state],
  'route-search.exact-match': r => [r.cidr],
  'attachment.transit-gateway-attachment-id': r => [r.attachment?.id],
  'attachment.resource-id': r => [r.attachment?.vpcId],
  'attachment.resource-type': r => [r.attachment ? 'vpc' : undefined],
};

export const ec2NetworkOperations: Record<string, QueryHandler> = {
  DescribeTransitGateways: (ctx, params) => {
    dryRun(params);
    const gateways = applyFilters(
      byIds(
        ctx.index.transitGateways(ctx.caller.accountId, ctx.region),
        params.list('TransitGatewayIds'),
        g => g.id,
        'InvalidTransitGatewayID.NotFound',
        'transitGateway',
      ),
      params,
      gatewayFilters(),
      g => ({ Name: g.name }),
    );
    const result = paged(
      ctx,
      'DescribeTransitGateways',
      params,
      gateways,
      rules(1000),
    );
    return (
      list('transitGatewaySet', 'item', result.items, renderGateway) +
      el('nextToken', result.nextToken)
    );
  },

  DescribeTransitGatewayRouteTables: (ctx, params) => {
    dryRun(params);
    const owned = ctx.index
      .transitGateways(ctx.caller.accountId, ctx.region)
      .filter(g => g.accountId === ctx.caller.accountId)
      .flatMap(gateway =>
        gateway.routeTables.map(table => ({ gateway, table })),
      );
    const rows = applyFilters(
      byIds(
        owned,
        params.list('TransitGatewayRouteTableIds'),
        r => r.table.id,
        'InvalidRouteTableID.NotFound',
        'transitGatewayRouteTable',
      ),
      params,
      tableFilters,
      r => ({ Name: r.table.name }),
    );
    const result = paged(
      ctx,
      'DescribeTransitGatewayRouteTables',
      params,
      rows,
      rules(1000),
    );
    return (
      list(
        'transitGatewayRouteTables',
        'item',
        result.items,
        ({ gateway, table }) =>
          el('transitGatewayRouteTableId', table.id) +
          el('transitGatewayId', gateway.id) +
          el('state', 'available') +
          el(
            'defaultAssociationRouteTable',
            table.id === gateway.associationDefaultRouteTableId,
          ) +
          el(
            'defaultPropagationRouteTable',
            table.id === gateway.propagationDefaultRouteTableId,
          ) +
          el('creationTime', CREATED) +
          tagSet({ Name: table.name }),
      ) + el('nextToken', result.nextToken)
    );
  },

  GetTransitGatewayRouteTableAssociations: (ctx, params) => {
    dryRun(params);
    const row = ownedTable(ctx, params);
    const associations = applyFilters(
      attachmentRows(ctx, row.table.associations, 'associated'),
      params,
      attachmentRowFilters,
    );
    const result = paged(
      ctx,
      `GetTransitGatewayRouteTableAssociations|${row.table.id}`,
      params,
      associations,
      rules(1000),
    );
    return (
      list('associations', 'item', result.items, renderAttachmentRow) +
      el('nextToken', result.nextToken)
    );
  },

  GetTransitGatewayRouteTablePropagations: (ctx, params) => {
    dryRun(params);
    const row = ownedTable(ctx, params);
    const propagations = applyFilters(
      attachmentRows(ctx, row.table.propagations, 'enabled'),
      params,
      attachmentRowFilters,
    );
    const result = paged(
      ctx,
      `GetTransitGatewayRouteTablePropagations|${row.table.id}`,
      params,
      propagations,
      rules(1000),
    );
    return (
      list(
        'transitGatewayRouteTablePropagations',
        'item',
        result.items,
        renderAttachmentRow,
      ) + el('nextToken', result.nextToken)
    );
  },

  SearchTransitGatewayRoutes: (ctx, params) => {
    dryRun(params);
    const row = ownedTable(ctx, params);
    if (params.filters().length === 0) {
      throw new AwsError(
        'MissingParameter',
        'The request must contain the parameter Filters',
      );
    }
    const routes = applyFilters(routesOf(ctx, row), params, routeFilters);
    const result = paged(
      ctx,
      `SearchTransitGatewayRoutes|${row.table.id}`,
      params,
      routes,
      rules(1000),
    );
    return (
      list(
        'routeSet',
        'item',
        result.items,
        r =>
          el('destinationCidrBlock', r.cidr) +
          list(
            'transitGatewayAttachments',
            'item',
            r.attachment ? [r.attachment] : [],
            a =>
              el('resourceId', a.vpcId) +
              el('transitGatewayAttachmentId', a.id) +
              el('resourceType', 'vpc'),
          ) +
          el('type', r.type) +
          el('state', r.state),
      ) +
      el('additionalRoutesAvailable', result.nextToken !== undefined) +
      el('nextToken', result.nextToken)
    );
  },

  DescribeNatGateways: (ctx, params) => {
    dryRun(params);
    const rows = applyFilters(
      byIds(
        withVpc(ctx, v => v.natGateways),
        params.list('NatGatewayId'),
        r => r.item.id,
        'NatGatewayNotFound',
        'NAT gateway',
      ),
      params,
      {
        'nat-gateway-id': r => [r.item.id],
        'vpc-id': r => [r.vpc.id],
        'subnet-id': r => [r.item.subnetId],
        state: () => ['available'],
      },
      r => ({ Name: `${r.vpc.name}-nat-${r.item.subnetId.slice(-4)}` }),
      'Filter',
    );
    const result = paged(ctx, 'DescribeNatGateways', params, rows, rules(1000));
    return (
      list(
        'natGatewaySet',
        'item',
        result.items,
        ({ vpc, item: n }) =>
          el('createTime', n.createdAt) +
          list(
            'natGatewayAddressSet',
            'item',
            [n],
            a =>
              el('allocationId', a.allocationId) +
              el('networkInterfaceId', a.networkInterfaceId) +
              el('privateIp', a.privateIp) +
              el('publicIp', a.publicIp) +
              el('isPrimary', true) +
              el('status', 'succeeded'),
          ) +
          el('natGatewayId', n.id) +
          el('state', 'available') +
          el('subnetId', n.subnetId) +
          el('vpcId', vpc.id) +
          tagSet({ Name: `${vpc.name}-nat-${n.subnetId.slice(-4)}` }) +
          el('connectivityType', n.connectivityType),
      ) + el('nextToken', result.nextToken)
    );
  },
};
