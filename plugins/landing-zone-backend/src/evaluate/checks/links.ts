/*
 * The links of an account's VPCs, as the network checks judge them: which
 * VPCs each can exchange traffic with through a peering or a transit
 * gateway, which way, and what could not be read. See network.ts for the
 * rules.
 */

import type {
  CheckContext,
  Environment,
  Vpc,
  VpcIndexEntry,
} from '@internal/plugin-landing-zone-common';
import { cidrsOverlap, parseCidr } from '../policy';
import type { CidrIndex } from './cidrIndex';
import { errorText, type Findings, said, type Said } from './common';
import {
  countOthers,
  firstOthers,
  membersOf,
  viewsOf,
  type Members,
} from './hubIndex';
import { directionOf, gatewayViewOf, linksOf } from './routeViews';

export type Link = {
  region: string;
  kind: 'peering' | 'transit gateway';
  /** The peering connection or transit gateway id. */
  via: string;
  own: { vpcId: string; cidrs: string[] };
  other: {
    vpcId: string;
    accountId?: string;
    /** Undefined when the VPC is not in the index. */
    environment?: Environment;
    cidrs?: string[];
  };
  /** Which way traffic flows, and by which routes. */
  direction?: Said;
  /** Set when nobody can tell whether the link carries traffic: why. */
  unread?: Said;
  /** A peering no route uses: reported, never a violation. */
  idle?: boolean;
  /** Set on a stand-in for links not listed one by one: how many. */
  omitted?: number;
  /**
   * Set on a stand-in for every VPC a gateway whose route tables cannot be
   * read may link ours with: attachments of accounts nobody could read are
   * not in the index, so which VPCs ours reaches is unknown.
   */
  unreadGateway?: boolean;
};

export const isShared = (environment: Environment | undefined) =>
  environment !== 'prod' && environment !== 'non-prod';

/** VPCs a link check can pick from: a gateway's members, or one VPC's links. */
export type MemberView = {
  members: Members;
  byEnvironment: Map<Environment, Members>;
  cidrs: CidrIndex;
};

/**
 * Picks, among the VPCs linked with one of ours, the ones a check must look
 * at. A hub links a VPC with thousands of others, so enumerating them all
 * would make each account's evaluation grow with the organisation: a
 * selector hands back a precomputed list, or one as long as what it found.
 */
export type MemberSelector = (
  own: { vpcId: string; cidrs: string[] },
  view: MemberView,
  environment: Environment,
) => Members;

// Most links listed per VPC and transit gateway; the rest are counted.
const MAX_LISTED = 10;

/** Whether a route's destination reaches into any of `cidrs`. */
function routeCovers(destination: string, cidrs: string[] | undefined) {
  // A prefix list, or a far side whose blocks are not known: the route may
  // lead anywhere behind the peering, so it counts.
  if (!parseCidr(destination) || !cidrs || cidrs.length === 0) return true;
  return cidrs.some(cidr => cidrsOverlap(destination, cidr));
}

/** What a peering carries, judged from the route tables of both sides. */
function peeringTraffic(
  peeringId: string,
  ownVpc: Vpc,
  other: { vpcId: string; cidrs?: string[] },
  entry: VpcIndexEntry | undefined,
): Pick<Link, 'direction' | 'unread' | 'idle'> {
  const out = ownVpc.routes?.find(
    route =>
      route.target === peeringId &&
      route.state.toLowerCase() === 'active' &&
      routeCovers(route.destination, other.cidrs),
  );
  const back = entry?.routes?.find(
    route =>
      route.target === peeringId &&
      routeCovers(route.destination, ownVpc.cidrs),
  );
  const ends = { own: ownVpc.vpcId, other: other.vpcId };
  if (out && back) {
    return {
      direction: said('direction.peering.both', {
        ...ends,
        out: out.destination,
        back: back.destination,
      }),
    };
  }
  if (out) {
    return {
      direction: said('direction.peering.out', {
        ...ends,
        out: out.destination,
      }),
    };
  }
  if (back) {
    return {
      direction: said('direction.peering.back', {
        ...ends,
        back: back.destination,
      }),
    };
  }
  if (!ownVpc.routes) {
    return { unread: said('unread.ownRoutes', { vpcId: ownVpc.vpcId }) };
  }
  if (!entry?.routes) {
    return { unread: said('unread.otherRoutes', { vpcId: other.vpcId }) };
  }
  return { idle: true };
}

/** The account's links in every allowed region; unreadable facts become unknowns. */
export function collectLinks(
  context: CheckContext,
  findings: Findings,
  select: MemberSelector,
): { links: Link[]; connections: number } {
  const links = new Map<string, Link>();
  let connections = 0;
  const views = viewsOf(context.vpcs);
  const environments = context.accountEnvironments;
  const environment = context.account.account.environment;
  for (const region of context.allowedRegions) {
    const facts = context.account.regions?.[region];
    if (!facts) {
      findings.unknowns.push({ region, ...said('region.notScanned') });
      continue;
    }
    if (facts.vpcs.error) {
      findings.unknowns.push({ region, ...errorText(facts.vpcs.error) });
      continue;
    }
    const own = new Map(facts.vpcs.data.map(vpc => [vpc.vpcId, vpc]));
    const add = (link: Link) => {
      const ends = [link.own.vpcId, link.other.vpcId].sort().join('|');
      links.set(`${ends}|${link.via}`, link);
    };
    if (facts.peerings.error) {
      findings.unknowns.push({ region, ...errorText(facts.peerings.error) });
    }
    for (const peering of facts.peerings.data ?? []) {
      if (peering.status.toLowerCase() !== 'active') continue;
      const ownSide = own.has(peering.requester.vpcId)
        ? peering.requester
        : peering.accepter;
      const otherSide =
        ownSide === peering.requester ? peering.accepter : peering.requester;
      const ownVpc = own.get(ownSide.vpcId);
      if (!ownVpc) continue;
      const entry = context.vpcs.get(otherSide.vpcId);
      const other = {
        vpcId: otherSide.vpcId,
        accountId: otherSide.accountId,
        environment: entry?.environment,
        cidrs: otherSide.cidrs.length > 0 ? otherSide.cidrs : entry?.cidrs,
      };
      connections++;
      add({
        region,
        kind: 'peering',
        via: peering.peeringId,
        own: { vpcId: ownVpc.vpcId, cidrs: ownVpc.cidrs },
        other,
        ...peeringTraffic(peering.peeringId, ownVpc, other, entry),
      });
    }
    if (facts.transitGatewayAttachments.error) {
      findings.unknowns.push({
        region,
        ...errorText(facts.transitGatewayAttachments.error),
      });
    }
    for (const attachment of facts.transitGatewayAttachments.data ?? []) {
      const ownVpc = own.get(attachment.resourceId ?? '');
      if (
        !ownVpc ||
        attachment.resourceType.toLowerCase() !== 'vpc' ||
        attachment.state.toLowerCase() !== 'available'
      ) {
        continue;
      }
      const ownEnd = { vpcId: ownVpc.vpcId, cidrs: ownVpc.cidrs };
      const base = {
        region,
        kind: 'transit gateway' as const,
        via: attachment.transitGatewayId,
        own: ownEnd,
      };
      /** Lists the first few of `selected`, counting the rest. */
      const addSelected = (
        selected: Members,
        extra: (entry: VpcIndexEntry) => Partial<Link>,
        stand: Partial<Link> = {},
      ) => {
        for (const entry of firstOthers(selected, ownVpc.vpcId, MAX_LISTED)) {
          add({ ...base, other: entry, ...extra(entry) });
        }
        const count = countOthers(selected, ownVpc.vpcId);
        if (count > MAX_LISTED) {
          add({
            ...base,
            other: { vpcId: `…${stand.unread ? ' unread' : ''}` },
            omitted: count - MAX_LISTED,
            ...stand,
          });
        }
      };
      // Members of the gateway by the VPC index: whom an unread table may link us with.
      const onGateway = views.byTransitGateway.get(attachment.transitGatewayId);
      const gateway = gatewayViewOf(
        attachment.transitGatewayId,
        context.transitGateways,
        context.vpcs,
      );
      if (!gateway.readable) {
        const unread = gateway.reason;
        const selected = onGateway
          ? select(ownEnd, onGateway, environment)
          : membersOf([]);
        addSelected(selected, () => ({ unread }), { unread });
        // No VPC the index knows on it matters to the check, but the
        // gateway's own list of attachments was not read either: never a pass.
        if (countOthers(selected, ownVpc.vpcId) === 0) {
          add({ ...base, other: { vpcId: '*' }, unread, unreadGateway: true });
        }
        continue;
      }
      const linked = linksOf(gateway, attachment.attachmentId, ownVpc.vpcId);
      connections += countOthers(linked.members, ownVpc.vpcId);
      addSelected(select(ownEnd, linked, environment), entry => ({
        direction: directionOf(linked, ownVpc.vpcId, entry.vpcId),
      }));
      for (const far of linked.unindexed.slice(0, MAX_LISTED)) {
        const vpcId = far.vpcId ?? far.attachmentId;
        add({
          ...base,
          other: {
            vpcId,
            accountId: far.accountId,
            // Its account's, where known: the VPC is not in the index.
            environment: far.accountId
              ? environments?.get(far.accountId)
              : undefined,
            // Where the owner read the propagated routes to it.
            cidrs: far.cidrs,
          },
          direction: said('direction.gateway.unindexed', {
            own: ownVpc.vpcId,
            other: vpcId,
            table: String(linked.outbound?.routeTableId),
            route: far.route,
          }),
          unread: far.certain
            ? undefined
            : said('unread.unindexed', { vpcId, route: far.route }),
        });
      }
      const truncated = gateway.tables
        .filter(table => table.truncated)
        .map(table => table.routeTableId);
      if (truncated.length > 0 && onGateway) {
        // Routes AWS did not return may link us with any other member.
        const unread = said('unread.truncated', {
          tables: truncated.join(', '),
        });
        const maybe = select(ownEnd, onGateway, environment).entries.filter(
          entry => !linked.members.occurrences.has(entry.vpcId),
        );
        addSelected(membersOf(maybe), () => ({ unread }), { unread });
      }
    }
  }
  return { links: [...links.values()], connections };
}
