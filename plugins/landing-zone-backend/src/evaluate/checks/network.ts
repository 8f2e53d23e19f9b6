/*
 * Network guardrails: how the account's VPCs are laid out and connected.
 *
 * Two VPCs are connected when an active peering joins them, or when both
 * have an available attachment to the same transit gateway. The far side of
 * a link is looked up in the organisation's VPC index; a VPC missing from it
 * (another organisation, an account that could not be read) makes that link
 * unknown.
 *
 * Prod isolation: a link between a prod and a non-prod VPC is a violation.
 * Accounts that are neither (environment `unknown`: shared services, the
 * network hub) are shared and may connect to both. A transit gateway owned by
 * such a shared account is the hub: its route tables, which the scanner does
 * not read, are what keeps environments apart, so prod and non-prod VPCs on
 * it are reported but not failed. On a transit gateway owned by a prod or
 * non-prod account they fail.
 */

import {
  type CheckContext,
  type Environment,
  type GuardrailCheck,
  type GuardrailEvidence,
  guardrailIds,
  type GuardrailVerdict,
  type SubnetTier,
  type VpcIndexEntry,
} from '@internal/plugin-landing-zone-common';
import { cidrsOverlap } from '../policy';
import {
  countOthers,
  firstOthers,
  membersOf,
  noMembers,
  viewsOf,
  type Members,
  type TransitGatewayView,
} from './hubIndex';
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
  /** For transit gateways: whether a shared (hub) account owns it. */
  sharedHub?: boolean;
  /** Set on a stand-in for links not listed one by one: how many. */
  omitted?: number;
};

const isShared = (environment: Environment | undefined) =>
  environment !== 'prod' && environment !== 'non-prod';

/**
 * Picks, among the VPCs on a transit gateway, the ones a check must look at.
 * Every VPC on a hub is connected to every other, so enumerating them all
 * would make each account's evaluation grow with the organisation: a selector
 * hands back a precomputed list, or one as long as what it found.
 */
type MemberSelector = (
  own: { vpcId: string; cidrs: string[] },
  view: TransitGatewayView,
  environment: Environment,
) => Members;

// Most links listed per VPC and transit gateway; the rest are counted.
const MAX_LISTED = 10;

/** The account's links in every allowed region; unreadable facts become unknowns. */
function collectLinks(
  context: CheckContext,
  findings: Findings,
  select: MemberSelector,
): { links: Link[]; connections: number } {
  const links = new Map<string, Link>();
  let connections = 0;
  const views = viewsOf(context.vpcs);
  const accountId = context.account.account.id;
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
      connections++;
      add({
        region,
        kind: 'peering',
        via: peering.peeringId,
        own: { vpcId: ownVpc.vpcId, cidrs: ownVpc.cidrs },
        other: {
          vpcId: otherSide.vpcId,
          accountId: otherSide.accountId,
          environment: entry?.environment,
          cidrs: otherSide.cidrs.length > 0 ? otherSide.cidrs : entry?.cidrs,
        },
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
      const ownerId = attachment.transitGatewayOwnerId ?? accountId;
      const ownerEnvironment =
        ownerId === accountId
          ? environment
          : views.environmentByAccount.get(ownerId);
      const view = views.byTransitGateway.get(attachment.transitGatewayId);
      if (!view) continue;
      connections += countOthers(view.members, ownVpc.vpcId);
      const selected = select(ownVpc, view, environment);
      const count = countOthers(selected, ownVpc.vpcId);
      const base = {
        region,
        kind: 'transit gateway' as const,
        via: attachment.transitGatewayId,
        own: { vpcId: ownVpc.vpcId, cidrs: ownVpc.cidrs },
        sharedHub: isShared(ownerEnvironment),
      };
      for (const member of firstOthers(selected, ownVpc.vpcId, MAX_LISTED)) {
        add({ ...base, other: member });
      }
      if (count > MAX_LISTED) {
        add({ ...base, other: { vpcId: '…' }, omitted: count - MAX_LISTED });
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

/** On a transit gateway, only VPCs of the opposite environment can break isolation. */
const oppositeEnvironment: MemberSelector = (_own, view, environment) => {
  if (isShared(environment)) return noMembers;
  return (
    view.byEnvironment.get(environment === 'prod' ? 'non-prod' : 'prod') ??
    noMembers
  );
};

/**
 * On a transit gateway, only VPCs whose blocks overlap one of ours matter; the
 * CIDR index finds them in time proportional to how many there are.
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
  return {
    region: link.region,
    resource: link.own.vpcId,
    message: `…and ${link.omitted} more ${what} on ${link.kind} ${link.via}`,
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
          (link.sharedHub ? findings.passes : findings.failures).push(note);
          return;
        }
        const other = link.other.environment;
        const resource = `${link.own.vpcId} ↔ ${link.other.vpcId}`;
        if (other === undefined) {
          findings.unknowns.push({
            region: link.region,
            resource,
            message: `${describeOther(link)}, connected by ${link.kind} ${
              link.via
            }, is not in the inventory`,
          });
        } else if (
          !isShared(environment) &&
          !isShared(other) &&
          environment !== other
        ) {
          const message = `${environment} VPC ${
            link.own.vpcId
          } is connected to ${other} VPC ${describeOther(link)} by ${
            link.kind
          } ${link.via}`;
          if (link.sharedHub) {
            findings.passes.push({
              region: link.region,
              resource,
              message: `${message}, a shared hub: isolation relies on its route tables, which are not checked`,
            });
          } else {
            findings.failures.push({ region: link.region, resource, message });
          }
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
          findings.failures.push(
            omittedEvidence(link, 'VPCs with overlapping CIDRs'),
          );
          return;
        }
        const resource = `${link.own.vpcId} ↔ ${link.other.vpcId}`;
        if (!link.other.cidrs) {
          findings.unknowns.push({
            region: link.region,
            resource,
            message: `The CIDRs of ${describeOther(link)}, connected by ${
              link.kind
            } ${link.via}, are not known`,
          });
          return;
        }
        for (const ownCidr of link.own.cidrs) {
          for (const otherCidr of link.other.cidrs) {
            if (cidrsOverlap(ownCidr, otherCidr)) {
              findings.failures.push({
                region: link.region,
                resource,
                message: `${ownCidr} of ${
                  link.own.vpcId
                } overlaps ${otherCidr} of ${describeOther(
                  link,
                )}, connected by ${link.kind} ${link.via}`,
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
