// Accounts, VPCs and links for the network checks' tests.
import type {
  AccountFacts,
  Environment,
  Fact,
  TransitGatewayAttachment,
  TransitGatewayFacts,
  TransitGatewayRouteTable,
  VpcPeering,
  VpcRoute,
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
  where = region,
) {
  return makeAccount({
    id,
    environment,
    vpcs: { [where]: [makeVpc(vpcId, cidr)] },
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

/** The id `attach` gives a VPC's attachment to a transit gateway. */
export const attachmentIdOf = (transitGatewayId: string, vpcId: string) =>
  `${transitGatewayId}-attach-${vpcId}`;

export function attach(
  account: AccountFacts,
  vpcId: string,
  transitGatewayId: string,
  ownerId: string,
  state = 'available',
  where = region,
) {
  const attachment: TransitGatewayAttachment = {
    attachmentId: attachmentIdOf(transitGatewayId, vpcId),
    transitGatewayId,
    transitGatewayOwnerId: ownerId,
    resourceType: 'vpc',
    resourceId: vpcId,
    resourceOwnerId: account.account.id,
    state,
  };
  const facts = account.regions![where];
  facts.transitGatewayAttachments = data([
    ...facts.transitGatewayAttachments.data!,
    attachment,
  ]);
}

/** Sets the routes of one of the account's VPCs (through peerings, gateways). */
export function setRoutes(
  account: AccountFacts,
  vpcId: string,
  routes: { destination: string; target: string; state?: string }[],
  where = region,
) {
  const vpc = account.regions![where].vpcs.data!.find(v => v.vpcId === vpcId)!;
  vpc.routes = routes.map(
    (route): VpcRoute => ({
      routeTableId: `rtb-${vpcId}`,
      state: 'active',
      ...route,
    }),
  );
}

/**
 * A route table by the VPCs whose attachments are associated with it and
 * propagate into it, and static routes to a VPC's attachment or blackholes.
 */
export type TableSpec = {
  id: string;
  associate: string[];
  propagate: string[];
  routes?: { cidr: string; to?: string; state?: string }[];
  truncated?: boolean;
};

/**
 * Gives `owner` the transit gateway its facts would show: every attachment
 * `members` made to it (as `attach` records them) and `tables`, or the
 * route tables' read error.
 */
export function addTransitGateway(
  owner: AccountFacts,
  transitGatewayId: string,
  members: AccountFacts[],
  tables: TableSpec[] | Fact<TransitGatewayRouteTable[]>,
  where = region,
) {
  const attachments = members.flatMap(
    member =>
      member.regions![where].transitGatewayAttachments.data?.filter(
        a => a.transitGatewayId === transitGatewayId,
      ) ?? [],
  );
  const attachmentOf = new Map(attachments.map(a => [a.resourceId, a]));
  const byVpc = (vpcId: string) => {
    const attachment = attachmentOf.get(vpcId);
    if (!attachment) {
      throw new Error(`${vpcId} is not attached to ${transitGatewayId}`);
    }
    return attachment;
  };
  const routeTables = Array.isArray(tables)
    ? data(
        tables.map(
          (table, i): TransitGatewayRouteTable => ({
            routeTableId: table.id,
            defaultAssociation: i === 0,
            defaultPropagation: i === 0,
            associations: table.associate.map(vpcId => ({
              attachmentId: byVpc(vpcId).attachmentId,
              resourceType: 'vpc',
              resourceId: vpcId,
              state: 'associated',
            })),
            propagations: table.propagate.map(vpcId => ({
              attachmentId: byVpc(vpcId).attachmentId,
              resourceType: 'vpc',
              resourceId: vpcId,
              state: 'enabled',
            })),
            staticRoutes: (table.routes ?? []).map(route => ({
              destinationCidr: route.cidr,
              state: route.state ?? (route.to ? 'active' : 'blackhole'),
              attachmentIds: route.to ? [byVpc(route.to).attachmentId] : [],
            })),
            staticRoutesTruncated: table.truncated,
          }),
        ),
      )
    : tables;
  const gateway: TransitGatewayFacts = {
    transitGatewayId,
    ownerId: owner.account.id,
    state: 'available',
    autoAcceptSharedAttachments: false,
    attachments,
    routeTables,
  };
  const facts = owner.regions![where];
  facts.transitGateways = data([
    ...(facts.transitGateways?.data ?? []),
    gateway,
  ]);
}
