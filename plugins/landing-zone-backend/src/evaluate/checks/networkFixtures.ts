// Accounts, VPCs and links for the network checks' tests.
import type {
  AccountFacts,
  Environment,
  TransitGatewayAttachment,
  VpcPeering,
} from '@internal/plugin-landing-zone-common';
import { data, makeAccount, makeVpc } from '../fixtures';

export const region = 'eu-west-1';
export const prodId = '111111111111';
export const qaId = '222222222222';
export const hubId = '333333333333';

export function accountWithVpc(
  id: string,
  environment: Environment,
  vpcId: string,
  cidr: string,
) {
  return makeAccount({
    id,
    environment,
    vpcs: { [region]: [makeVpc(vpcId, cidr)] },
  });
}

export function peering(
  peeringId: string,
  requester: [AccountFacts, string],
  accepter: [AccountFacts, string],
  status = 'active',
): VpcPeering {
  const side = ([account, vpcId]: [AccountFacts, string]) => ({
    vpcId,
    accountId: account.account.id,
    region,
    cidrs:
      account.regions![region].vpcs.data!.find(v => v.vpcId === vpcId)?.cidrs ??
      [],
  });
  return {
    peeringId,
    status,
    requester: side(requester),
    accepter: side(accepter),
  };
}

export function addPeering(link: VpcPeering, ...accounts: AccountFacts[]) {
  for (const account of accounts) {
    account.regions![region].peerings = data([
      ...account.regions![region].peerings.data!,
      link,
    ]);
  }
}

export function attach(
  account: AccountFacts,
  vpcId: string,
  transitGatewayId: string,
  ownerId: string,
  state = 'available',
) {
  const attachment: TransitGatewayAttachment = {
    attachmentId: `tgw-attach-${vpcId}`,
    transitGatewayId,
    transitGatewayOwnerId: ownerId,
    resourceType: 'vpc',
    resourceId: vpcId,
    resourceOwnerId: account.account.id,
    state,
  };
  const facts = account.regions![region];
  facts.transitGatewayAttachments = data([
    ...facts.transitGatewayAttachments.data!,
    attachment,
  ]);
}
