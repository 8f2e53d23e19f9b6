import type {
  AccountFacts,
  Vpc,
  VpcIndexEntry,
} from '@internal/plugin-landing-zone-common';

const isActivePeering = (status: string) => status.toLowerCase() === 'active';

/** The VPC's active routes through peerings and transit gateways, if read. */
function activeRoutes(vpc: Vpc): VpcIndexEntry['routes'] {
  return vpc.routes
    ?.filter(
      route =>
        route.state.toLowerCase() === 'active' &&
        (route.target.startsWith('pcx-') || route.target.startsWith('tgw-')),
    )
    .map(({ destination, target }) => ({ destination, target }));
}

/**
 * Indexes every collected VPC of the organisation by id, with what connects
 * it: transit gateways it has an available attachment to, and VPCs it has an
 * active peering with, and its active routes through them (undefined in
 * facts from before the portal read route tables). Network checks look the
 * far side of a link up here.
 * Regions or facts that could not be read contribute nothing.
 */
export function buildVpcIndex(
  accounts: AccountFacts[],
): Map<string, VpcIndexEntry> {
  const index = new Map<string, VpcIndexEntry>();
  for (const account of accounts) {
    for (const [region, facts] of Object.entries(account.regions ?? {})) {
      const attachments = facts.transitGatewayAttachments.data ?? [];
      const peerings = (facts.peerings.data ?? []).filter(peering =>
        isActivePeering(peering.status),
      );
      for (const vpc of facts.vpcs.data ?? []) {
        const transitGatewayIds = attachments
          .filter(
            attachment =>
              attachment.resourceType.toLowerCase() === 'vpc' &&
              attachment.resourceId === vpc.vpcId &&
              attachment.state.toLowerCase() === 'available',
          )
          .map(attachment => attachment.transitGatewayId);
        const peeredVpcIds = peerings.flatMap(peering => {
          if (peering.requester.vpcId === vpc.vpcId)
            return [peering.accepter.vpcId];
          if (peering.accepter.vpcId === vpc.vpcId)
            return [peering.requester.vpcId];
          return [];
        });
        index.set(vpc.vpcId, {
          vpcId: vpc.vpcId,
          accountId: account.account.id,
          region,
          environment: account.account.environment,
          cidrs: vpc.cidrs,
          transitGatewayIds: [...new Set(transitGatewayIds)],
          peeredVpcIds: [...new Set(peeredVpcIds)],
          routes: activeRoutes(vpc),
        });
      }
    }
  }
  return index;
}
