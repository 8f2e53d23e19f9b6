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
 * makes that link unknown, unless its account's environment is known
 * (`CheckContext.accountEnvironments`) and, for overlaps, the gateway owner's
 * propagated routes name its blocks. So does a link whose routes nobody read: a
 * gateway owned outside the organisation or unreadable, truncated static
 * routes, or VPC route tables from facts older than the portal reading them.
 *
 * Prod isolation: a link between a prod and a non-prod VPC is a violation.
 * Accounts that are neither (environment `unknown`: shared services, the
 * network hub) may be linked with both.
 */

import {
  type CheckContext,
  guardrailIds,
  type GuardrailCheck,
  type GuardrailEvidence,
  type GuardrailVerdict,
  type SubnetTier,
  type VpcIndexEntry,
} from '@internal/plugin-landing-zone-common';
import { cidrsOverlap } from '../policy';
import { membersOf, noMembers } from './hubIndex';
import {
  collectLinks,
  isShared,
  type Link,
  type MemberSelector,
} from './links';
import {
  accessVerdict,
  definitionOf,
  emptyFindings,
  type Findings,
  listOf,
  regionalVerdict,
  said,
  type Said,
  verdictOf,
} from './common';

function describeOther(link: Link): Said {
  const { vpcId, accountId } = link.other;
  return accountId
    ? said('network.other.account', { vpcId, accountId })
    : said('network.other', { vpcId });
}

/** `peering pcx-…` or `transit gateway tgw-…`. */
const describeLink = (link: Link) =>
  link.kind === 'peering'
    ? said('network.via.peering', { via: link.via })
    : said('network.via.transitGateway', { via: link.via });

/** Says `code`, or its `…Directed` variant when the link's direction is known. */
function withDirection(
  link: Link,
  code:
    | 'network.isolation.notInInventory'
    | 'network.isolation.linked'
    | 'network.overlap.linked',
  values: Record<string, string | Said>,
): Said {
  return link.direction
    ? said(`${code}Directed`, { ...values, direction: link.direction })
    : said(code, values);
}

function networkVerdict(
  context: CheckContext,
  select: MemberSelector,
  judge: (link: Link, findings: Findings) => void,
  checked: 'network.checked.isolation' | 'network.checked.overlaps',
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
      connections === 0 ? said('network.none') : said(checked, { connections }),
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

function omittedEvidence(
  link: Link,
  what: 'network.omitted.isolation' | 'network.omitted.overlaps',
): GuardrailEvidence {
  const values = { more: link.omitted!, link: describeLink(link) };
  return {
    region: link.region,
    resource: link.own.vpcId,
    ...(link.unread
      ? said(`${what}Unread`, { ...values, unread: link.unread })
      : said(what, values)),
  };
}

function unreadGatewayEvidence(link: Link): GuardrailEvidence {
  return {
    region: link.region,
    resource: link.own.vpcId,
    ...said('network.gatewayUnread', {
      own: link.own.vpcId,
      link: describeLink(link),
      unread: link.unread!,
    }),
  };
}

function unreadEvidence(link: Link, resource: string): GuardrailEvidence {
  return {
    region: link.region,
    resource,
    ...said('network.unread', {
      own: link.own.vpcId,
      other: describeOther(link),
      link: describeLink(link),
      unread: link.unread!,
    }),
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
        // A shared account may be linked with anything.
        if (isShared(environment)) return;
        if (link.unreadGateway) {
          findings.unknowns.push(unreadGatewayEvidence(link));
          return;
        }
        if (link.omitted) {
          const note = omittedEvidence(link, 'network.omitted.isolation');
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
            ...said('network.isolation.idle', {
              environment,
              own: link.own.vpcId,
              otherEnvironment: other ?? 'unknown',
              other: describeOther(link),
              via: link.via,
            }),
          });
        } else if (link.unread) {
          findings.unknowns.push(unreadEvidence(link, resource));
        } else if (other === undefined) {
          findings.unknowns.push({
            region: link.region,
            resource,
            ...withDirection(link, 'network.isolation.notInInventory', {
              other: describeOther(link),
              link: describeLink(link),
            }),
          });
        } else {
          findings.failures.push({
            region: link.region,
            resource,
            ...withDirection(link, 'network.isolation.linked', {
              environment,
              own: link.own.vpcId,
              otherEnvironment: other,
              other: describeOther(link),
              link: describeLink(link),
            }),
          });
        }
      },
      'network.checked.isolation',
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
        if (link.unreadGateway) {
          findings.unknowns.push(unreadGatewayEvidence(link));
          return;
        }
        if (link.omitted) {
          const note = omittedEvidence(link, 'network.omitted.overlaps');
          (link.unread ? findings.unknowns : findings.failures).push(note);
          return;
        }
        const resource = `${link.own.vpcId} ↔ ${link.other.vpcId}`;
        if (!link.other.cidrs) {
          findings.unknowns.push({
            region: link.region,
            resource,
            ...said('network.overlap.unknownCidrs', {
              other: describeOther(link),
              link: describeLink(link),
            }),
          });
          return;
        }
        for (const ownCidr of link.own.cidrs) {
          for (const otherCidr of link.other.cidrs) {
            if (!cidrsOverlap(ownCidr, otherCidr)) continue;
            const overlap = {
              ownCidr,
              own: link.own.vpcId,
              otherCidr,
              other: describeOther(link),
            };
            if (link.idle) {
              findings.passes.push({
                region: link.region,
                resource,
                ...said('network.overlap.idle', { ...overlap, via: link.via }),
              });
            } else if (link.unread) {
              findings.unknowns.push(unreadEvidence(link, resource));
            } else {
              findings.failures.push({
                region: link.region,
                resource,
                ...withDirection(link, 'network.overlap.linked', {
                  ...overlap,
                  link: describeLink(link),
                }),
              });
            }
          }
        }
      },
      'network.checked.overlaps',
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
          if (missing.length > 0) {
            const list = listOf(
              missing.map(tier => said(`tier.${tier}`)),
              'comma',
            );
            findings.failures.push({
              region,
              resource: vpc.vpcId,
              ...said(
                vpc.isDefault
                  ? 'vpc.tiers.missingDefault'
                  : 'vpc.tiers.missing',
                { tiers: list },
              ),
            });
          } else {
            findings.passes.push({
              region,
              resource: vpc.vpcId,
              ...said(
                vpc.isDefault
                  ? 'vpc.tiers.completeDefault'
                  : 'vpc.tiers.complete',
              ),
            });
          }
        }
      },
      [said('vpc.none')],
    ),
};

export const networkChecks: GuardrailCheck[] = [
  vpcThreeTiersCheck,
  networkProdIsolationCheck,
  networkNoOverlappingCidrsCheck,
];
