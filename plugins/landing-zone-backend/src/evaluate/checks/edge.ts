/*
 * Where the internet meets the account's networks: network ACLs per subnet
 * tier, security groups on the administration ports, and a WAF web ACL in
 * front of every public entry (internet-facing Application Load Balancers
 * and CloudFront distributions).
 */

import {
  type CheckContext,
  guardrailIds,
  type GuardrailCheck,
  type GuardrailVerdict,
  type NetworkAcl,
  type NetworkAclEntry,
  type SecurityGroup,
  type SubnetTier,
  type Vpc,
} from '@internal/plugin-landing-zone-common';
import {
  accessVerdict,
  definitionOf,
  emptyFindings,
  errorText,
  type Findings,
  forEachRegion,
  notCollected,
  regionalVerdict,
  said,
  type Said,
  verdictOf,
} from './common';

const internet = ['0.0.0.0/0', '::/0'];

/** The source of an entry: its IPv4 or IPv6 block. */
const sourceOf = (entry: NetworkAclEntry) =>
  entry.cidrBlock ?? entry.ipv6CidrBlock;

/** Whether `outer` matches all the traffic `inner` does (protocol and ports). */
function coversTraffic(outer: NetworkAclEntry, inner: NetworkAclEntry) {
  if (outer.protocol === '-1') return true;
  if (outer.protocol !== inner.protocol) return false;
  if (!outer.portRange) return true;
  if (!inner.portRange) return false;
  return (
    outer.portRange.from <= inner.portRange.from &&
    outer.portRange.to >= inner.portRange.to
  );
}

/**
 * The inbound `allow` entries from the internet that traffic can reach: ACL
 * entries are evaluated in rule-number order and the first that matches
 * decides, so a lower-numbered deny from the same block for all the same
 * traffic shadows an allow. (Several denies that only together cover an
 * allow are not combined: the allow is reported.)
 */
export function reachableInternetAllows(acl: NetworkAcl): NetworkAclEntry[] {
  const inbound = acl.entries
    .filter(entry => !entry.egress)
    .sort((a, b) => a.ruleNumber - b.ruleNumber);
  const reachable: NetworkAclEntry[] = [];
  inbound.forEach((entry, index) => {
    const source = sourceOf(entry);
    if (entry.ruleAction !== 'allow' || !source || !internet.includes(source)) {
      return;
    }
    const shadowed = inbound
      .slice(0, index)
      .some(
        earlier =>
          earlier.ruleAction === 'deny' &&
          earlier.ruleNumber < entry.ruleNumber &&
          sourceOf(earlier) === source &&
          coversTraffic(earlier, entry),
      );
    if (!shadowed) reachable.push(entry);
  });
  return reachable;
}

function trafficOf(entry: NetworkAclEntry): Said {
  if (entry.protocol === '-1') return said('nacl.traffic.all');
  return entry.portRange
    ? said('nacl.traffic.ports', {
        protocol: entry.protocol,
        from: entry.portRange.from,
        to: entry.portRange.to,
      })
    : said('nacl.traffic.protocol', { protocol: entry.protocol });
}

const tiers: SubnetTier[] = ['public', 'private', 'isolated'];
const tierText = (tier: SubnetTier) => said(`tier.${tier}`);

/** Judges one VPC's tiers against the ACLs of its region. */
function judgeVpcAcls(
  vpc: Vpc,
  acls: NetworkAcl[],
  region: string,
  findings: Findings,
) {
  const own = acls.filter(acl => acl.vpcId === vpc.vpcId);
  const byId = new Map(own.map(acl => [acl.networkAclId, acl]));
  const bySubnet = new Map<string, NetworkAcl>();
  for (const acl of own) {
    for (const subnetId of acl.subnetIds) bySubnet.set(subnetId, acl);
  }
  const defaultAcl = own.find(acl => acl.isDefault);
  const where = { region, resource: vpc.vpcId };
  const failures = findings.failures.length;
  const unknowns = findings.unknowns.length;
  // The ACL ids each tier's subnets use.
  const used = new Map<SubnetTier, Set<string>>();
  for (const tier of tiers) {
    const subnets = vpc.subnets.filter(subnet => subnet.tier === tier);
    const ids = new Set<string>();
    const onDefault: string[] = [];
    const unassociated: string[] = [];
    for (const subnet of subnets) {
      const acl = bySubnet.get(subnet.subnetId) ?? defaultAcl;
      if (!acl) {
        unassociated.push(subnet.subnetId);
        continue;
      }
      ids.add(acl.networkAclId);
      if (acl.isDefault) onDefault.push(subnet.subnetId);
    }
    used.set(tier, ids);
    if (onDefault.length > 0) {
      findings.failures.push({
        ...where,
        ...said('nacl.default', {
          tier: tierText(tier),
          subnets: onDefault.join(', '),
          networkAclId: defaultAcl!.networkAclId,
        }),
      });
    }
    if (unassociated.length > 0) {
      findings.unknowns.push({
        ...where,
        ...said('nacl.unassociated', {
          tier: tierText(tier),
          subnets: unassociated.join(', '),
        }),
      });
    }
  }
  // The default ACL is reported as such, not again as shared.
  for (const networkAclId of used.get('public')!) {
    if (byId.get(networkAclId)?.isDefault) continue;
    for (const tier of ['private', 'isolated'] as const) {
      if (used.get(tier)!.has(networkAclId)) {
        findings.failures.push({
          ...where,
          ...said('nacl.shared', { networkAclId, tier: tierText(tier) }),
        });
      }
    }
  }
  for (const networkAclId of used.get('isolated')!) {
    for (const entry of reachableInternetAllows(byId.get(networkAclId)!)) {
      findings.failures.push({
        ...where,
        ...said('nacl.isolatedOpen', {
          networkAclId,
          traffic: trafficOf(entry),
          source: sourceOf(entry)!,
          ruleNumber: entry.ruleNumber,
        }),
      });
    }
  }
  if (
    findings.failures.length === failures &&
    findings.unknowns.length === unknowns
  ) {
    findings.passes.push({ ...where, ...said('nacl.tiers') });
  }
}

function evaluateNetworkAcls(context: CheckContext): GuardrailVerdict {
  return regionalVerdict(
    context,
    facts => facts.vpcs,
    (vpcs, region, findings) => {
      if (vpcs.length === 0) return;
      const acls = context.account.regions![region].networkAcls;
      if (!acls) {
        findings.unknowns.push(notCollected(said('nacl.what'), region));
        return;
      }
      if (acls.error) {
        findings.unknowns.push({ region, ...errorText(acls.error) });
        return;
      }
      for (const vpc of vpcs) {
        judgeVpcAcls(vpc, acls.data, region, findings);
      }
    },
    [said('vpc.none')],
  );
}

export const networkAclTiersCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.networkAclTiers),
  evaluate: evaluateNetworkAcls,
};

/** SSH and RDP, over TCP (or all protocols). */
const adminPorts = [22, 3389];
const tcpProtocols = ['tcp', '6'];

type OpenRule = SecurityGroup['openIngress'][number];

function opensPort(rule: OpenRule, port: number): boolean {
  const protocol = rule.ipProtocol.toLowerCase();
  if (protocol === '-1') return true;
  if (!tcpProtocols.includes(protocol)) return false;
  // EC2 gives -1 (or nothing) for all ports.
  const from = rule.fromPort ?? -1;
  const to = rule.toPort ?? -1;
  if (from === -1 && to === -1) return true;
  return from <= port && port <= to;
}

const groupText = (group: SecurityGroup) =>
  group.groupName
    ? said('sg.group.named', {
        groupId: group.groupId,
        groupName: group.groupName,
      })
    : said('sg.group', { groupId: group.groupId });

export const securityGroupAdminPortsCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.securityGroupAdminPorts),
  evaluate: context =>
    regionalVerdict(
      context,
      facts => facts.securityGroups,
      (groups, region, findings) => {
        let open = false;
        for (const group of groups) {
          for (const rule of group.openIngress) {
            if (!internet.includes(rule.source)) continue;
            for (const port of adminPorts.filter(p => opensPort(rule, p))) {
              open = true;
              const values = {
                group: groupText(group),
                port,
                source: rule.source,
              };
              findings.failures.push({
                region,
                resource: group.groupId,
                ...(rule.ipProtocol === '-1'
                  ? said('sg.open.all', values)
                  : said('sg.open.ports', {
                      ...values,
                      protocol: rule.ipProtocol,
                      from: rule.fromPort ?? 0,
                      to: rule.toPort ?? 65535,
                    })),
              });
            }
          }
        }
        if (!open) {
          findings.passes.push({
            region,
            ...said('sg.closed', { groups: groups.length }),
          });
        }
      },
      [],
      said('sg.what'),
    ),
};

function evaluateWaf(context: CheckContext): GuardrailVerdict {
  const denied = accessVerdict(context);
  if (denied) return denied;
  const findings = emptyFindings();
  forEachRegion(
    context,
    findings,
    facts => facts.loadBalancers,
    (balancers, region) => {
      for (const balancer of balancers) {
        if (
          balancer.type !== 'application' ||
          balancer.scheme !== 'internet-facing'
        ) {
          continue;
        }
        const where = { region, resource: balancer.loadBalancerArn };
        const name = balancer.name;
        const webAcl = balancer.webAcl;
        if (!webAcl) {
          findings.unknowns.push({
            ...where,
            ...said('waf.lb.notRead', { name }),
          });
        } else if (webAcl.error) {
          findings.unknowns.push({
            ...where,
            ...said('waf.lb.unreadable', {
              name,
              error: errorText(webAcl.error),
            }),
          });
        } else if (webAcl.data === null) {
          findings.failures.push({
            ...where,
            ...said('waf.lb.unprotected', { name }),
          });
        } else {
          findings.passes.push({
            ...where,
            ...said('waf.lb.protected', { name, webAcl: webAcl.data.name }),
          });
        }
      }
    },
    said('waf.lb.what'),
  );
  const global = context.account.global;
  const distributions = global?.cloudFrontDistributions;
  if (!global) {
    findings.unknowns.push(said('global.notCollected'));
  } else if (!distributions) {
    findings.unknowns.push(notCollected(said('waf.cloudFront.what')));
  } else if (distributions.error) {
    findings.unknowns.push(errorText(distributions.error));
  } else {
    for (const distribution of distributions.data) {
      const values = {
        id: distribution.id,
        domainName: distribution.domainName,
      };
      if (distribution.webAclId) {
        findings.passes.push({
          resource: distribution.arn,
          ...said('waf.cloudFront.protected', {
            ...values,
            webAclId: distribution.webAclId,
          }),
        });
      } else {
        findings.failures.push({
          resource: distribution.arn,
          ...said('waf.cloudFront.unprotected', values),
        });
      }
    }
  }
  return verdictOf(findings, [said('waf.none')]);
}

export const wafPublicEntryCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.wafPublicEntry),
  evaluate: evaluateWaf,
};

export const edgeChecks: GuardrailCheck[] = [
  networkAclTiersCheck,
  securityGroupAdminPortsCheck,
  wafPublicEntryCheck,
];
