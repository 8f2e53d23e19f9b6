import {
  EC2Client,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeTransitGatewayRouteTables,
  paginateDescribeTransitGateways,
  paginateGetTransitGatewayRouteTableAssociations,
  paginateGetTransitGatewayRouteTablePropagations,
  SearchTransitGatewayRoutesCommand,
  type SearchTransitGatewayRoutesResult,
  type Tag,
  type TransitGateway,
  type TransitGatewayRouteTable as Ec2RouteTable,
} from '@aws-sdk/client-ec2';
import type {
  Fact,
  TransitGatewayFacts,
  TransitGatewayRoute,
  TransitGatewayRouteTable,
} from '@internal/plugin-landing-zone-common';
import pLimit from 'p-limit';
import { callOptions, capture, collectPages, type CallOptions } from './errors';
import { associatedRouteTableOf } from './network';
import { PAGE_SIZE } from './pageSizes';

/**
 * SearchTransitGatewayRoutes answers at most this many routes and says whether
 * there were more (AdditionalRoutesAvailable); it is read once per route type,
 * not paged.
 */
const ROUTES_MAX = 1000;

/**
 * Route tables read at once per gateway, four calls each: a gateway has up
 * to 20 tables, and EC2's buckets are per account and region.
 */
const TABLE_CONCURRENCY = 4;

function nameOf(tags: Tag[] | undefined): string | undefined {
  return tags?.find(t => t.Key === 'Name')?.Value;
}

/**
 * Reads the transit gateways the account owns in the region, each with every
 * attachment (other accounts' too: only the owner sees them all) and its
 * route tables with their associations, propagations, static routes and
 * propagated routes. Reachability follows from the first three; propagated
 * routes add the CIDR blocks of VPCs whose own accounts could not be read. A
 * gateway whose route tables cannot be read is still listed, with the error
 * as its `routeTables`; every call ends with `signal`.
 */
export async function readTransitGateways(
  client: EC2Client,
  accountId: string,
  signal?: AbortSignal,
): Promise<Fact<TransitGatewayFacts[]>> {
  const call = callOptions(signal);
  return capture('ec2:DescribeTransitGateways', async () => {
    const gateways = await collectPages(
      paginateDescribeTransitGateways(
        { client, pageSize: PAGE_SIZE.ec2 },
        // Gateways shared with the account through RAM are listed too; only
        // the owner's read is complete, so each is read by its owner.
        { Filters: [{ Name: 'owner-id', Values: [accountId] }] },
        call,
      ),
      p => p.TransitGateways,
    );
    // A deleted gateway stays listed for a while; it has nothing left to read.
    return Promise.all(
      gateways
        .filter(g => g.TransitGatewayId && g.State !== 'deleted')
        .map(gateway => readGateway(client, gateway, call)),
    );
  });
}

async function readGateway(
  client: EC2Client,
  gateway: TransitGateway,
  call: CallOptions,
): Promise<TransitGatewayFacts> {
  const id = gateway.TransitGatewayId!;
  const byGateway = [{ Name: 'transit-gateway-id', Values: [id] }];
  const [attachments, routeTables] = await Promise.all([
    collectPages(
      paginateDescribeTransitGatewayAttachments(
        { client, pageSize: PAGE_SIZE.ec2 },
        { Filters: byGateway },
        call,
      ),
      p => p.TransitGatewayAttachments,
    ),
    capture('ec2:DescribeTransitGatewayRouteTables', async () => {
      const tables = await collectPages(
        paginateDescribeTransitGatewayRouteTables(
          { client, pageSize: PAGE_SIZE.ec2 },
          { Filters: byGateway },
          call,
        ),
        p => p.TransitGatewayRouteTables,
      );
      const limit = pLimit(TABLE_CONCURRENCY);
      return Promise.all(
        tables
          .filter(t => t.TransitGatewayRouteTableId && t.State !== 'deleted')
          .map(table => limit(() => readRouteTable(client, table, call))),
      );
    }),
  ]);
  return {
    transitGatewayId: id,
    ownerId: gateway.OwnerId ?? '',
    state: gateway.State ?? 'unknown',
    name: nameOf(gateway.Tags),
    autoAcceptSharedAttachments:
      gateway.Options?.AutoAcceptSharedAttachments === 'enable',
    attachments: attachments.map(a => ({
      attachmentId: a.TransitGatewayAttachmentId ?? '',
      transitGatewayId: a.TransitGatewayId ?? id,
      transitGatewayOwnerId: a.TransitGatewayOwnerId,
      resourceType: a.ResourceType ?? 'unknown',
      resourceId: a.ResourceId,
      resourceOwnerId: a.ResourceOwnerId,
      state: a.State ?? 'unknown',
      associatedRouteTableId: associatedRouteTableOf(a.Association),
    })),
    routeTables,
  };
}

async function readRouteTable(
  client: EC2Client,
  table: Ec2RouteTable,
  call: CallOptions,
): Promise<TransitGatewayRouteTable> {
  const tableId = table.TransitGatewayRouteTableId!;
  const searchRoutes = (type: 'static' | 'propagated') =>
    client.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: tableId,
        Filters: [{ Name: 'type', Values: [type] }],
        MaxResults: ROUTES_MAX,
      }),
      call,
    );
  const [associations, propagations, statics, propagated] = await Promise.all([
    collectPages(
      paginateGetTransitGatewayRouteTableAssociations(
        { client, pageSize: PAGE_SIZE.ec2 },
        { TransitGatewayRouteTableId: tableId },
        call,
      ),
      p => p.Associations,
    ),
    collectPages(
      paginateGetTransitGatewayRouteTablePropagations(
        { client, pageSize: PAGE_SIZE.ec2 },
        { TransitGatewayRouteTableId: tableId },
        call,
      ),
      p => p.TransitGatewayRouteTablePropagations,
    ),
    searchRoutes('static'),
    searchRoutes('propagated'),
  ]);
  return {
    routeTableId: tableId,
    name: nameOf(table.Tags),
    defaultAssociation: table.DefaultAssociationRouteTable ?? false,
    defaultPropagation: table.DefaultPropagationRouteTable ?? false,
    associations: associations.map(a => ({
      attachmentId: a.TransitGatewayAttachmentId ?? '',
      resourceType: a.ResourceType ?? 'unknown',
      resourceId: a.ResourceId,
      state: a.State ?? 'unknown',
    })),
    propagations: propagations.map(p => ({
      attachmentId: p.TransitGatewayAttachmentId ?? '',
      resourceType: p.ResourceType ?? 'unknown',
      resourceId: p.ResourceId,
      state: p.State ?? 'unknown',
    })),
    staticRoutes: routesOf(statics),
    ...(statics.AdditionalRoutesAvailable && { staticRoutesTruncated: true }),
    propagatedRoutes: routesOf(propagated),
    ...(propagated.AdditionalRoutesAvailable && {
      propagatedRoutesTruncated: true,
    }),
  };
}

function routesOf(
  search: SearchTransitGatewayRoutesResult,
): TransitGatewayRoute[] {
  return (search.Routes ?? []).flatMap(route => {
    const destination = route.DestinationCidrBlock ?? route.PrefixListId;
    if (!destination) return [];
    return [
      {
        destinationCidr: destination,
        state: route.State ?? 'unknown',
        attachmentIds: (route.TransitGatewayAttachments ?? []).flatMap(a =>
          a.TransitGatewayAttachmentId ? [a.TransitGatewayAttachmentId] : [],
        ),
      },
    ];
  });
}
