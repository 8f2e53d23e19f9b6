import type { AccountFacts } from '@internal/plugin-landing-zone-common';
import type { VpcSummary } from './types';

/** Flattens an account's VPC facts into the rows the VPC table and API serve. */
export function vpcSummaries(facts: AccountFacts): VpcSummary[] {
  const summaries: VpcSummary[] = [];
  for (const [region, regionFacts] of Object.entries(facts.regions ?? {})) {
    const peerings = regionFacts.peerings.data ?? [];
    const attachments = regionFacts.transitGatewayAttachments.data ?? [];
    for (const vpc of regionFacts.vpcs.data ?? []) {
      const tiers = { public: 0, private: 0, isolated: 0 };
      for (const subnet of vpc.subnets) tiers[subnet.tier]++;
      const links: VpcSummary['links'] = [];
      for (const p of peerings) {
        let other;
        if (p.requester.vpcId === vpc.vpcId) other = p.accepter;
        else if (p.accepter.vpcId === vpc.vpcId) other = p.requester;
        else continue;
        links.push({
          type: 'peering',
          id: p.peeringId,
          status: p.status,
          peer: other.vpcId,
          peerAccountId: other.accountId,
        });
      }
      for (const a of attachments) {
        if (a.resourceType !== 'vpc' || a.resourceId !== vpc.vpcId) continue;
        links.push({
          type: 'transit-gateway',
          id: a.attachmentId,
          status: a.state,
          peer: a.transitGatewayId,
          peerAccountId: a.transitGatewayOwnerId,
        });
      }
      summaries.push({
        vpcId: vpc.vpcId,
        accountId: facts.account.id,
        region,
        name: vpc.name,
        isDefault: vpc.isDefault,
        environment: facts.account.environment,
        cidrs: vpc.cidrs,
        tiers,
        flowLogs: vpc.flowLogs.some(f => f.status === 'ACTIVE'),
        links,
      });
    }
  }
  return summaries;
}
