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
  regionalVerdict,
  verdictOf,
} from './common';

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
        // A shared account may be linked with anything.
        if (isShared(environment)) return;
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
