/*
 * Which VPCs can reach which through a transit gateway, derived from its
 * owner's route tables once per pair of indexes (the organisation's transit
 * gateways and VPCs), so that each account's evaluation looks its links up
 * instead of walking a hub that holds most of the organisation.
 *
 * How AWS routes: traffic from an attachment is looked up in the one route
 * table the attachment is associated with. A table's routes are propagated
 * (an attachment propagating into it adds its VPC's CIDR blocks, leading to
 * that attachment) or static (a CIDR leading to attachments, or a blackhole
 * that drops it). The longest prefix wins, and a static route wins over a
 * propagated one of the same prefix. So VPC B is reachable from table T when
 * T has a route to B's attachment covering or overlapping one of B's blocks,
 * and no blackhole at least as specific as that route covers all of what it
 * carries to B. Routes through non-VPC attachments (VPN, Direct Connect,
 * gateway peering) are not followed.
 *
 * A VPC missing from the index (its account could not be read) has no known
 * blocks, except where the owner read the gateway's propagated routes: a
 * propagated route to its attachment names one of its blocks, and a table
 * whose propagated routes were all read names every block of each VPC that
 * propagates into it. Such a VPC is then judged by those blocks.
 */

import type {
  Environment,
  TransitGatewayFacts,
  TransitGatewayIndexEntry,
  TransitGatewayRouteTable,
  VpcIndexEntry,
} from '@internal/plugin-landing-zone-common';
import { parseCidr } from '../policy';
import { CidrIndex } from './cidrIndex';
import { errorText, said, type Said } from './common';
import { type Members, membersOf } from './hubIndex';

type Range = NonNullable<ReturnType<typeof parseCidr>>;

function prefixLength(range: Range): number {
  const bits = range.family === 4 ? 32 : 128;
  const size = range.last - range.first + 1n;
  return bits - (size.toString(2).length - 1);
}

const covers = (outer: Range, inner: Range) =>
  outer.family === inner.family &&
  outer.first <= inner.first &&
  inner.last <= outer.last;

const overlaps = (a: Range, b: Range) =>
  a.family === b.family && a.first <= b.last && b.first <= a.last;

/** A VPC a route table reaches, and the route that takes traffic there. */
export type Reached = { entry: VpcIndexEntry; route: Said };

/** A VPC attachment a route table reaches whose VPC is not in the index. */
export type Unindexed = {
  attachmentId: string;
  vpcId?: string;
  accountId?: string;
  route: Said;
  /**
   * Whether the route certainly carries traffic there: judged by the VPC's
   * blocks where the propagated routes name them, otherwise a propagated
   * route in a table without blackholes.
   */
  certain: boolean;
  /** The VPC's blocks, from the gateway's propagated routes to it. */
  cidrs?: string[];
};

export type RouteTableView = {
  routeTableId: string;
  /** VPCs the table routes to, by id. */
  reaches: Map<string, Reached>;
  unindexed: Unindexed[];
  /** VPCs whose attachment is associated with the table, by id. */
  associated: Map<string, VpcIndexEntry>;
  truncated: boolean;
};

/**
 * The VPCs one attachment is linked with through its gateway: those its
 * table reaches (outbound) and those associated with a table that reaches it
 * (inbound). Shared by every attachment with the same tables.
 */
export type LinkView = {
  outbound?: RouteTableView;
  inbound: RouteTableView[];
  members: Members;
  byEnvironment: Map<Environment, Members>;
  cidrs: CidrIndex;
  /** Reached attachments whose VPCs are not in the index, outbound only. */
  unindexed: Unindexed[];
};

export type GatewayView =
  | { readable: false; reason: Said }
  | {
      readable: true;
      tables: RouteTableView[];
      tableOfAttachment: Map<string, RouteTableView>;
      /** The tables that reach a VPC, by VPC id. */
      reachersOf: Map<string, RouteTableView[]>;
      /** Link views by the tables they combine (filled as asked). */
      links: Map<string, LinkView>;
    };

type Attachment = { vpcId?: string; accountId?: string; available: boolean };

function attachmentsOf(gateway: TransitGatewayFacts): Map<string, Attachment> {
  const attachments = new Map<string, Attachment>();
  for (const attachment of gateway.attachments) {
    const isVpc = attachment.resourceType.toLowerCase() === 'vpc';
    attachments.set(attachment.attachmentId, {
      vpcId: isVpc ? attachment.resourceId : undefined,
      accountId: attachment.resourceOwnerId,
      available: attachment.state.toLowerCase() === 'available',
    });
  }
  return attachments;
}

/**
 * The blocks of each VPC attachment, by attachment id, from the gateway's
 * propagated routes. Only tables whose propagated routes were all read
 * count: a truncated list may lack some of a VPC's blocks.
 */
function propagatedBlocksOf(
  tables: TransitGatewayRouteTable[],
): Map<string, string[]> {
  const blocks = new Map<string, Set<string>>();
  for (const table of tables) {
    if (!table.propagatedRoutes || table.propagatedRoutesTruncated) continue;
    for (const route of table.propagatedRoutes) {
      if (route.state.toLowerCase() !== 'active') continue;
      if (!parseCidr(route.destinationCidr)) continue;
      for (const attachmentId of route.attachmentIds) {
        const known = blocks.get(attachmentId) ?? new Set();
        known.add(route.destinationCidr);
        blocks.set(attachmentId, known);
      }
    }
  }
  return new Map([...blocks].map(([id, cidrs]) => [id, [...cidrs]]));
}

function tableView(
  table: TransitGatewayRouteTable,
  attachments: Map<string, Attachment>,
  vpcs: ReadonlyMap<string, VpcIndexEntry>,
  propagatedBlocks: Map<string, string[]>,
): RouteTableView {
  const blackholes: Range[] = [];
  for (const route of table.staticRoutes) {
    const range = parseCidr(route.destinationCidr);
    if (range && route.state.toLowerCase() === 'blackhole') {
      blackholes.push(range);
    }
  }
  const blackholed = (carried: Range, routePrefix: number) =>
    blackholes.some(
      hole => prefixLength(hole) >= routePrefix && covers(hole, carried),
    );

  const reaches = new Map<string, Reached>();
  const unindexed = new Map<string, Unindexed>();
  /** `destination` undefined: a propagated route, one per block of the VPC. */
  const consider = (
    attachmentId: string,
    resourceId: string | undefined,
    destination: Range | undefined,
    route: Said,
  ) => {
    const attachment = attachments.get(attachmentId);
    if (attachment && !attachment.available) return;
    const vpcId = attachment?.vpcId ?? resourceId;
    if (!vpcId || reaches.has(vpcId)) return;
    /** The route to the first of `cidrs` it carries traffic to, if any. */
    const reaching = (cidrs: string[]): Said | undefined => {
      for (const cidr of cidrs) {
        const block = parseCidr(cidr);
        if (!block) continue;
        if (destination && !overlaps(destination, block)) continue;
        // What the route carries to this block: the narrower of the two.
        const carried =
          destination && prefixLength(destination) > prefixLength(block)
            ? destination
            : block;
        const routePrefix = prefixLength(destination ?? block);
        if (!blackholed(carried, routePrefix)) {
          return destination ? route : said('route.propagatedBlock', { cidr });
        }
      }
      return undefined;
    };
    const entry = vpcs.get(vpcId);
    if (entry) {
      const reached = reaching(entry.cidrs);
      if (reached) reaches.set(vpcId, { entry, route: reached });
      return;
    }
    const far = {
      attachmentId,
      vpcId,
      accountId: attachment?.accountId,
    };
    const cidrs = propagatedBlocks.get(attachmentId);
    if (cidrs) {
      const reached = reaching(cidrs);
      if (reached) {
        unindexed.set(attachmentId, {
          ...far,
          route: reached,
          certain: true,
          cidrs,
        });
      }
      return;
    }
    // A later route does not make a certain one uncertain.
    if (unindexed.get(attachmentId)?.certain) return;
    unindexed.set(attachmentId, {
      ...far,
      route,
      certain: !destination && blackholes.length === 0,
    });
  };
  for (const propagation of table.propagations) {
    if (
      propagation.state.toLowerCase() !== 'enabled' ||
      propagation.resourceType.toLowerCase() !== 'vpc'
    ) {
      continue;
    }
    consider(
      propagation.attachmentId,
      propagation.resourceId,
      undefined,
      said('route.propagated'),
    );
  }
  for (const route of table.staticRoutes) {
    const destination = parseCidr(route.destinationCidr);
    if (!destination || route.state.toLowerCase() !== 'active') continue;
    for (const attachmentId of route.attachmentIds) {
      consider(
        attachmentId,
        undefined,
        destination,
        said('route.static', { destination: route.destinationCidr }),
      );
    }
  }

  const associated = new Map<string, VpcIndexEntry>();
  for (const association of table.associations) {
    if (association.state.toLowerCase() !== 'associated') continue;
    const attachment = attachments.get(association.attachmentId);
    if (attachment && !attachment.available) continue;
    const vpcId =
      attachment?.vpcId ??
      (association.resourceType.toLowerCase() === 'vpc'
        ? association.resourceId
        : undefined);
    const entry = vpcId ? vpcs.get(vpcId) : undefined;
    if (entry) associated.set(entry.vpcId, entry);
  }
  return {
    routeTableId: table.routeTableId,
    reaches,
    unindexed: [...unindexed.values()],
    associated,
    truncated: table.staticRoutesTruncated === true,
  };
}

function unreadable(
  transitGatewayId: string,
  entry: TransitGatewayIndexEntry | undefined,
): GatewayView | undefined {
  if (!entry) {
    return {
      readable: false,
      reason: said('gateway.notRead', { transitGatewayId }),
    };
  }
  if (entry.error) {
    return {
      readable: false,
      reason: said('gateway.unreadable', {
        transitGatewayId,
        ownerId: entry.ownerId,
        error: errorText(entry.error),
      }),
    };
  }
  if (!entry.facts) {
    return {
      readable: false,
      reason: said('gateway.noFacts', {
        transitGatewayId,
        ownerId: entry.ownerId,
      }),
    };
  }
  if (entry.facts.routeTables.error) {
    return {
      readable: false,
      reason: said('gateway.tablesUnreadable', {
        transitGatewayId,
        ownerId: entry.ownerId,
        error: errorText(entry.facts.routeTables.error),
      }),
    };
  }
  return undefined;
}

function gatewayView(
  transitGatewayId: string,
  entry: TransitGatewayIndexEntry | undefined,
  vpcs: ReadonlyMap<string, VpcIndexEntry>,
): GatewayView {
  const early = unreadable(transitGatewayId, entry);
  if (early) return early;
  const facts = entry!.facts!;
  const attachments = attachmentsOf(facts);
  const propagatedBlocks = propagatedBlocksOf(facts.routeTables.data!);
  const tables = facts.routeTables.data!.map(table =>
    tableView(table, attachments, vpcs, propagatedBlocks),
  );
  const tableOfAttachment = new Map<string, RouteTableView>();
  const reachersOf = new Map<string, RouteTableView[]>();
  facts.routeTables.data!.forEach((table, i) => {
    for (const association of table.associations) {
      if (association.state.toLowerCase() === 'associated') {
        tableOfAttachment.set(association.attachmentId, tables[i]);
      }
    }
  });
  for (const table of tables) {
    for (const vpcId of table.reaches.keys()) {
      const list = reachersOf.get(vpcId) ?? [];
      list.push(table);
      reachersOf.set(vpcId, list);
    }
  }
  return {
    readable: true,
    tables,
    tableOfAttachment,
    reachersOf,
    links: new Map(),
  };
}

/** Members of a list of entries, by environment. */
function byEnvironmentOf(entries: VpcIndexEntry[]): Map<Environment, Members> {
  const grouped = new Map<Environment, VpcIndexEntry[]>();
  for (const entry of entries) {
    const same = grouped.get(entry.environment) ?? [];
    same.push(entry);
    grouped.set(entry.environment, same);
  }
  return new Map([...grouped].map(([env, same]) => [env, membersOf(same)]));
}

/**
 * The links of a VPC's attachment through a readable gateway: computed once
 * per combination of tables, so a hub's thousands of VPCs share a handful.
 */
export function linksOf(
  view: Extract<GatewayView, { readable: true }>,
  attachmentId: string,
  vpcId: string,
): LinkView {
  const outbound = view.tableOfAttachment.get(attachmentId);
  const inbound = view.reachersOf.get(vpcId) ?? [];
  const key = [
    outbound?.routeTableId ?? '',
    ...inbound.map(table => table.routeTableId),
  ].join('|');
  let links = view.links.get(key);
  if (!links) {
    const linked = new Map<string, VpcIndexEntry>();
    for (const { entry } of outbound?.reaches.values() ?? []) {
      linked.set(entry.vpcId, entry);
    }
    for (const table of inbound) {
      for (const entry of table.associated.values()) {
        linked.set(entry.vpcId, entry);
      }
    }
    const entries = [...linked.values()];
    links = {
      outbound,
      inbound,
      members: membersOf(entries),
      byEnvironment: byEnvironmentOf(entries),
      cidrs: CidrIndex.of(entries),
      unindexed: outbound?.unindexed ?? [],
    };
    view.links.set(key, links);
  }
  return links;
}

/** Which way traffic flows between a VPC and one it is linked with. */
export function directionOf(links: LinkView, own: string, other: string): Said {
  const out = links.outbound?.reaches.get(other);
  const back = links.inbound.find(table => table.associated.has(other));
  const ends = { own, other };
  if (out && back) {
    return said('direction.gateway.both', {
      ...ends,
      table: links.outbound!.routeTableId,
      route: out.route,
      backTable: back.routeTableId,
    });
  }
  if (out) {
    return said('direction.gateway.out', {
      ...ends,
      table: links.outbound!.routeTableId,
      route: out.route,
    });
  }
  return said('direction.gateway.back', {
    ...ends,
    backTable: String(back?.routeTableId),
  });
}

// Checks run once per account over the same indexes: derive the views once.
const gatewayViews = new WeakMap<
  ReadonlyMap<string, TransitGatewayIndexEntry>,
  WeakMap<ReadonlyMap<string, VpcIndexEntry>, Map<string, GatewayView>>
>();
const noGateways: ReadonlyMap<string, TransitGatewayIndexEntry> = new Map();

/** The view of one transit gateway, built on first use for this pair of indexes. */
export function gatewayViewOf(
  transitGatewayId: string,
  gateways: ReadonlyMap<string, TransitGatewayIndexEntry> | undefined,
  vpcs: ReadonlyMap<string, VpcIndexEntry>,
): GatewayView {
  const index = gateways ?? noGateways;
  let byVpcs = gatewayViews.get(index);
  if (!byVpcs) {
    byVpcs = new WeakMap();
    gatewayViews.set(index, byVpcs);
  }
  let views = byVpcs.get(vpcs);
  if (!views) {
    views = new Map();
    byVpcs.set(vpcs, views);
  }
  let view = views.get(transitGatewayId);
  if (!view) {
    view = gatewayView(transitGatewayId, index.get(transitGatewayId), vpcs);
    views.set(transitGatewayId, view);
  }
  return view;
}
