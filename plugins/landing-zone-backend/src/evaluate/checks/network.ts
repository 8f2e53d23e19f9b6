/*
 * Network guardrails: how the account's VPCs are laid out and connected.
 *
 * Two VPCs are linked when traffic can flow between them, in either
 * direction (the evidence says which):
 * - through a peering connection, when a route table on either side has an
 *   active route through it to (part of) the other side's blocks. A peering
 *   no route uses is reported, not judged;
 * - through a transit gateway, when the route table one's attachment is
 *   associated with routes to the other's attachment (routeViews.ts says
 *   how, from the gateway owner's facts).
 * The far side of a link is looked up in the organisation's VPC index; a VPC
 * missing from it (another organisation, an account that could not be read)
 * makes that link unknown. So does a link whose routes nobody read: a
 * gateway owned outside the organisation or unreadable, truncated static
 * routes, or VPC route tables from facts older than the portal reading them.
 *
 * Prod isolation: a link between a prod and a non-prod VPC is a violation.
 * Accounts that are neither (environment `unknown`: shared services, the
 * network hub) may be linked with both.
 */

import {
  type CheckContext,
  type Environment,
  type GuardrailCheck,
  type GuardrailEvidence,
  guardrailIds,
  type GuardrailVerdict,
  type SubnetTier,
  type Vpc,
  type VpcIndexEntry,
} from '@internal/plugin-landing-zone-common';
import { cidrsOverlap, parseCidr } from '../policy';
import type { CidrIndex } from './cidrIndex';
import {
  countOthers,
  firstOthers,
  membersOf,
  noMembers,
  viewsOf,
  type Members,
} from './hubIndex';
import { directionOf, gatewayViewOf, linksOf } from './routeViews';
import {
  accessVerdict,
  definitionOf,
  describeError,
  emptyFindings,
  type Findings,
  regionalVerdict,
  verdictOf,
} from './common';

type Link = {
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
  direction?: string;
  /** Set when nobody can tell whether the link carries traffic: why. */
  unread?: string;
  /** A peering no route uses: reported, never a violation. */
  idle?: boolean;
  /** Set on a stand-in for links not listed one by one: how many. */
  omitted?: number;
};

const isShared = (environment: Environment | undefined) =>
  environment !== 'prod' && environment !== 'non-prod';

/** VPCs a link check can pick from: a gateway's members, or one VPC's links. */
type MemberView = {
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
type MemberSelector = (
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
  const own = ownVpc.vpcId;
  if (out && back) {
    return {
      direction: `both ways: ${own} routes ${out.destination} and ${other.vpcId} routes ${back.destination} through it`,
    };
  }
  if (out) {
    return {
      direction: `${own} → ${other.vpcId}: ${own} routes ${out.destination} through it`,
    };
  }
  if (back) {
    return {
      direction: `${other.vpcId} → ${own}: ${other.vpcId} routes ${back.destination} through it`,
    };
  }
  if (!ownVpc.routes) {
    return {
      unread: `the route tables of ${own} were not collected (facts from before the portal read them)`,
    };
  }
  if (!entry?.routes) {
    return { unread: `the route tables of ${other.vpcId} were not read` };
  }
  return { idle: true };
}

/** The account's links in every allowed region; unreadable facts become unknowns. */
function collectLinks(
  context: CheckContext,
  findings: Findings,
  select: MemberSelector,
): { links: Link[]; connections: number } {
  const links = new Map<string, Link>();
  let connections = 0;
  const views = viewsOf(context.vpcs);
  const environment = context.account.account.environment;
  for (const region of context.allowedRegions) {
    const facts = context.account.regions?.[region];
    if (!facts) {
      findings.unknowns.push({ region, message: 'Region was not scanned' });
      continue;
    }
    if (facts.vpcs.error) {
      findings.unknowns.push({
        region,
        message: describeError(facts.vpcs.error),
      });
      continue;
    }
    const own = new Map(facts.vpcs.data.map(vpc => [vpc.vpcId, vpc]));
    const add = (link: Link) => {
      const ends = [link.own.vpcId, link.other.vpcId].sort().join('|');
      links.set(`${ends}|${link.via}`, link);
    };
    if (facts.peerings.error) {
      findings.unknowns.push({
        region,
        message: describeError(facts.peerings.error),
      });
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
        message: describeError(facts.transitGatewayAttachments.error),
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
        if (onGateway) {
          const unread = gateway.reason;
          addSelected(
            select(ownEnd, onGateway, environment),
            () => ({ unread }),
            {
              unread,
            },
          );
        }
        continue;
      }
      const linked = linksOf(gateway, attachment.attachmentId, ownVpc.vpcId);
      connections += countOthers(linked.members, ownVpc.vpcId);
      addSelected(select(ownEnd, linked, environment), entry => ({
        direction: directionOf(linked, ownVpc.vpcId, entry.vpcId),
      }));
      for (const far of linked.unindexed.slice(0, MAX_LISTED)) {
        add({
          ...base,
          other: {
            vpcId: far.vpcId ?? far.attachmentId,
            accountId: far.accountId,
          },
          direction: `${ownVpc.vpcId} → ${far.vpcId ?? far.attachmentId}: ${
            linked.outbound?.routeTableId
          } has a ${far.route} to it`,
        });
      }
      const truncated = gateway.tables
        .filter(table => table.truncated)
        .map(table => table.routeTableId);
      if (truncated.length > 0 && onGateway) {
        // Routes AWS did not return may link us with any other member.
        const unread = `the static routes of ${truncated.join(
          ', ',
        )} were truncated`;
        const maybe = select(ownEnd, onGateway, environment).entries.filter(
          entry => !linked.members.occurrences.has(entry.vpcId),
        );
        addSelected(membersOf(maybe), () => ({ unread }), { unread });
      }
    }
  }
  return { links: [...links.values()], connections };
}

function describeOther(link: Link): string {
  const owner = link.other.accountId
    ? ` (account ${link.other.accountId})`
    : '';
  return `${link.other.vpcId}${owner}`;
}

const describeDirection = (link: Link) =>
  link.direction ? ` (${link.direction})` : '';

function networkVerdict(
  context: CheckContext,
  select: MemberSelector,
  judge: (link: Link, findings: Findings) => void,
  what: string,
): GuardrailVerdict {
  const denied = accessVerdict(context);
  if (denied) {
    return denied;
  }
  const findings = emptyFindings();
  const { links, connections } = collectLinks(context, findings, select);
  for (const link of links) {
    judge(link, findings);
  }
  const verdict = verdictOf(findings);
  if (verdict.status === 'pass') {
    verdict.evidence = [
      {
        message:
          connections === 0
            ? 'The account has no peered or transit gateway connected VPCs'
            : `${connections} VPC connection(s) checked: ${what}`,
      },
      ...findings.passes,
    ];
  }
  return verdict;
}

/** Only VPCs of the opposite environment can break isolation. */
const oppositeEnvironment: MemberSelector = (_own, view, environment) => {
  if (isShared(environment)) return noMembers;
  return (
    view.byEnvironment.get(environment === 'prod' ? 'non-prod' : 'prod') ??
    noMembers
  );
};

/**
 * Only VPCs whose blocks overlap one of ours matter; the CIDR index finds
 * them in time proportional to how many there are.
 */
const overlappingBlocks: MemberSelector = (own, view) => {
  const found = new Map<string, VpcIndexEntry>();
  for (const cidr of own.cidrs) {
    for (const { entry } of view.cidrs.overlapping(cidr)) {
      found.set(entry.vpcId, entry);
    }
  }
  return membersOf([...found.values()]);
};

function omittedEvidence(link: Link, what: string): GuardrailEvidence {
  const how = link.unread
    ? `, which may be linked (${link.unread})`
    : ` linked`;
  return {
    region: link.region,
    resource: link.own.vpcId,
    message: `…and ${link.omitted} more ${what}${how} through ${link.kind} ${link.via}`,
  };
}

function unreadEvidence(link: Link, resource: string): GuardrailEvidence {
  return {
    region: link.region,
    resource,
    message: `Cannot tell whether ${link.own.vpcId} and ${describeOther(
      link,
    )} are linked by ${link.kind} ${link.via}: ${link.unread}`,
  };
}

export const networkProdIsolationCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.networkProdIsolation),
  evaluate: context => {
    const environment = context.account.account.environment;
    return networkVerdict(
      context,
      oppositeEnvironment,
      (link, findings) => {
        if (link.omitted) {
          const note = omittedEvidence(link, 'VPCs of the other environment');
          (link.unread ? findings.unknowns : findings.failures).push(note);
          return;
        }
        const other = link.other.environment;
        const resource = `${link.own.vpcId} ↔ ${link.other.vpcId}`;
        const opposite =
          !isShared(environment) && !isShared(other) && environment !== other;
        if (other !== undefined && !opposite) return;
        if (link.idle) {
          findings.passes.push({
            region: link.region,
            resource,
            message: `${environment} VPC ${link.own.vpcId} is peered with ${
              other ?? 'unknown'
            } VPC ${describeOther(link)} by ${
              link.via
            }, but no route on either side uses the peering`,
          });
        } else if (link.unread) {
          findings.unknowns.push(unreadEvidence(link, resource));
        } else if (other === undefined) {
          findings.unknowns.push({
            region: link.region,
            resource,
            message: `${describeOther(link)}, linked by ${link.kind} ${
              link.via
            }${describeDirection(link)}, is not in the inventory`,
          });
        } else {
          findings.failures.push({
            region: link.region,
            resource,
            message: `${environment} VPC ${
              link.own.vpcId
            } is linked with ${other} VPC ${describeOther(link)} by ${
              link.kind
            } ${link.via}${describeDirection(link)}`,
          });
        }
      },
      'none joins prod and non-prod',
    );
  },
};

export const networkNoOverlappingCidrsCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.networkNoOverlappingCidrs),
  evaluate: context =>
    networkVerdict(
      context,
      overlappingBlocks,
      (link, findings) => {
        if (link.omitted) {
          const note = omittedEvidence(link, 'VPCs with overlapping CIDRs');
          (link.unread ? findings.unknowns : findings.failures).push(note);
          return;
        }
        const resource = `${link.own.vpcId} ↔ ${link.other.vpcId}`;
        if (!link.other.cidrs) {
          findings.unknowns.push({
            region: link.region,
            resource,
            message: `The CIDRs of ${describeOther(link)}, linked by ${
              link.kind
            } ${link.via}, are not known`,
          });
          return;
        }
        for (const ownCidr of link.own.cidrs) {
          for (const otherCidr of link.other.cidrs) {
            if (!cidrsOverlap(ownCidr, otherCidr)) continue;
            const overlap = `${ownCidr} of ${
              link.own.vpcId
            } overlaps ${otherCidr} of ${describeOther(link)}`;
            if (link.idle) {
              findings.passes.push({
                region: link.region,
                resource,
                message: `${overlap}, peered by ${link.via}, but no route on either side uses the peering`,
              });
            } else if (link.unread) {
              findings.unknowns.push(unreadEvidence(link, resource));
            } else {
              findings.failures.push({
                region: link.region,
                resource,
                message: `${overlap}, linked by ${link.kind} ${
                  link.via
                }${describeDirection(link)}`,
              });
            }
          }
        }
      },
      'no overlapping CIDRs',
    ),
};

const tiers: SubnetTier[] = ['public', 'private', 'isolated'];

export const vpcThreeTiersCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.vpcThreeTiers),
  // Default VPCs count: they have public subnets only, and a landing zone
  // should not keep them.
  evaluate: context =>
    regionalVerdict(
      context,
      facts => facts.vpcs,
      (vpcs, region, findings) => {
        for (const vpc of vpcs) {
          const present = new Set(vpc.subnets.map(subnet => subnet.tier));
          const missing = tiers.filter(tier => !present.has(tier));
          const label = vpc.isDefault ? 'Default VPC' : 'VPC';
          if (missing.length > 0) {
            findings.failures.push({
              region,
              resource: vpc.vpcId,
              message: `${label} has no ${missing.join(', ')} subnets`,
            });
          } else {
            findings.passes.push({
              region,
              resource: vpc.vpcId,
              message: `${label} has public, private and isolated subnets`,
            });
          }
        }
      },
      [{ message: 'No VPCs' }],
    ),
};

export const networkChecks: GuardrailCheck[] = [
  vpcThreeTiersCheck,
  networkProdIsolationCheck,
  networkNoOverlappingCidrsCheck,
];
