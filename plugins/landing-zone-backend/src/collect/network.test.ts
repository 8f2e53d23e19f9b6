import type { RouteTable } from '@aws-sdk/client-ec2';
import { ConfigReader } from '@backstage/config';
import type { Sandbox } from '@internal/sandbox';
import { landingZoneConfig, startTestSandbox } from '../__testUtils__/sandbox';
import { readLandingZoneSettings } from '../config';
import { AwsClientFactory } from './clients';
import { ScanCredentials } from './credentials';
import { readNetwork, tierOf } from './network';

const table = (...routes: NonNullable<RouteTable['Routes']>): RouteTable => ({
  Routes: [
    { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' },
    ...routes,
  ],
});

describe('tierOf', () => {
  it('calls a subnet routed to an internet gateway public', () => {
    expect(
      tierOf(table({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' })),
    ).toBe('public');
  });

  it('calls a subnet with an egress-only path private', () => {
    expect(
      tierOf(
        table({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' }),
      ),
    ).toBe('private');
    // The hub-egress pattern: default route to a transit gateway.
    expect(
      tierOf(
        table({ DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-1' }),
      ),
    ).toBe('private');
    // A NAT instance, by instance or by its network interface.
    expect(
      tierOf(table({ DestinationCidrBlock: '0.0.0.0/0', InstanceId: 'i-1' })),
    ).toBe('private');
    expect(
      tierOf(
        table({
          DestinationCidrBlock: '0.0.0.0/0',
          NetworkInterfaceId: 'eni-1',
        }),
      ),
    ).toBe('private');
  });

  it('calls a subnet with no way out isolated', () => {
    expect(tierOf(table())).toBe('isolated');
    expect(tierOf(undefined)).toBe('isolated');
    // A transit-gateway route to a private range is not egress.
    expect(
      tierOf(
        table({
          DestinationCidrBlock: '10.1.0.0/16',
          TransitGatewayId: 'tgw-1',
        }),
      ),
    ).toBe('isolated');
  });

  it('ignores blackhole routes, whose target is gone', () => {
    expect(
      tierOf(
        table({
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: 'igw-1',
          State: 'blackhole',
        }),
      ),
    ).toBe('isolated');
    expect(
      tierOf(
        table({
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: 'nat-1',
          State: 'blackhole',
        }),
      ),
    ).toBe('isolated');
  });
});

describe('readNetwork against the sandbox', () => {
  let sandbox: Sandbox;
  let clients: AwsClientFactory;
  let credentials: ScanCredentials;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const settings = readLandingZoneSettings(
      new ConfigReader({ landingZone: landingZoneConfig(sandbox) }),
    );
    clients = AwsClientFactory.create(settings.aws);
    credentials = ScanCredentials.create({
      clients,
      member: { ...settings.memberRole, region: settings.regions[0] },
    });
  });

  afterAll(async () => {
    clients?.destroy();
    await sandbox?.close();
  });

  const idOf = (name: string) =>
    sandbox.organization.accounts.find(a => a.name === name)!.id;

  async function read(accountId: string, region: string) {
    const ec2 = clients.ec2(region, await credentials.member(accountId));
    return readNetwork(ec2, region);
  }

  it("reads a workload VPC's attachment to the hub's transit gateway", async () => {
    const prod = idOf('ledger-prod');
    const hub = idOf('network-hub');
    const tgw = sandbox.organization.transitGateways.find(
      t => t.region === 'eu-west-1' && t.hub,
    )!;
    expect(tgw.accountId).toBe(hub);
    const attached = tgw.attachments.filter(a => a.accountId === prod);
    expect(attached.length).toBeGreaterThan(0);

    const facts = await read(prod, 'eu-west-1');

    expect(facts.transitGatewayAttachments).toEqual({
      data: attached.map(a => ({
        attachmentId: a.id,
        transitGatewayId: tgw.id,
        transitGatewayOwnerId: hub,
        resourceType: 'vpc',
        resourceId: a.vpcId,
        resourceOwnerId: prod,
        state: 'available',
        associatedRouteTableId: tgw.routeTables.find(t =>
          t.associations.includes(a.id),
        )?.id,
      })),
      collectedAt: expect.any(String),
    });
    // The attached VPC is one the same read returns.
    expect(facts.vpcs.data!.map(v => v.vpcId)).toEqual(
      expect.arrayContaining(attached.map(a => a.vpcId)),
    );
  });

  it("reads every attachment to the hub's gateway from its owner, in one call", async () => {
    const hub = idOf('network-hub');
    const tgw = sandbox.organization.transitGateways.find(
      t => t.region === 'eu-west-1' && t.hub,
    )!;
    // More than the sandbox's page of 5, which the largest page reads at once.
    expect(tgw.attachments.length).toBeGreaterThan(5);
    sandbox.resetCounters();

    const facts = await read(hub, 'eu-west-1');

    expect(
      facts.transitGatewayAttachments.data!.map(a => [
        a.attachmentId,
        a.resourceId,
        a.resourceOwnerId,
        a.transitGatewayId,
      ]),
    ).toEqual(
      expect.arrayContaining(
        tgw.attachments.map(a => [a.id, a.vpcId, a.accountId, tgw.id]),
      ),
    );
    expect(facts.transitGatewayAttachments.data).toHaveLength(
      tgw.attachments.length,
    );
    expect(
      sandbox.counters().services.ec2.operations
        .DescribeTransitGatewayAttachments.calls,
    ).toBe(1);
  });

  it("reads each VPC's routes through peering connections and transit gateways, and its NAT gateways", async () => {
    const org = sandbox.organization;
    // Every active account-region whose VPCs have such routes or NAT gateways.
    const places = org.accounts
      .filter(a => a.status === 'ACTIVE' && !a.denyAssumeRole)
      .flatMap(a =>
        Object.entries(a.regions).map(([region, r]) => ({
          accountId: a.id,
          region,
          vpcs: r.vpcs,
        })),
      )
      .filter(p =>
        p.vpcs.some(
          v =>
            v.natGateways.length > 0 ||
            v.routeTables.some(t =>
              t.routes.some(r => r.vpcPeeringConnectionId),
            ),
        ),
      );
    expect(
      places.some(p =>
        p.vpcs.some(v =>
          v.routeTables.some(t => t.routes.some(r => r.vpcPeeringConnectionId)),
        ),
      ),
    ).toBe(true);

    for (const place of places.slice(0, 6)) {
      const facts = await read(place.accountId, place.region);
      for (const vpc of place.vpcs) {
        const readVpc = facts.vpcs.data!.find(v => v.vpcId === vpc.id)!;
        const expected = vpc.routeTables.flatMap(t =>
          t.routes.flatMap(r => {
            const target = r.vpcPeeringConnectionId ?? r.transitGatewayId;
            return target
              ? [
                  {
                    routeTableId: t.id,
                    destination: r.destinationCidrBlock,
                    target,
                    state: 'active',
                  },
                ]
              : [];
          }),
        );
        const order = (list: { routeTableId: string; destination: string }[]) =>
          [...list].sort((a, b) =>
            `${a.routeTableId}${a.destination}`.localeCompare(
              `${b.routeTableId}${b.destination}`,
            ),
          );
        expect(order(readVpc.routes!)).toEqual(order(expected));
        expect(readVpc.natGateways).toEqual(
          vpc.natGateways.map(n => ({
            natGatewayId: n.id,
            subnetId: n.subnetId,
            state: 'available',
          })),
        );
      }
    }
  });

  it('reads the route table each attachment is associated with', async () => {
    const tgw = sandbox.organization.transitGateways.find(g =>
      g.attachments.some(a => a.accountId !== g.accountId),
    )!;
    const attachment = tgw.attachments.find(
      a => a.accountId !== tgw.accountId,
    )!;
    const associated = tgw.routeTables.find(t =>
      t.associations.includes(attachment.id),
    );

    const facts = await read(attachment.accountId, tgw.region);

    expect(
      facts.transitGatewayAttachments.data!.find(
        a => a.attachmentId === attachment.id,
      ),
    ).toMatchObject({
      transitGatewayId: tgw.id,
      associatedRouteTableId: associated?.id,
    });
  });

  it('reads no attachment in a sandbox account, which is not attached', async () => {
    const facts = await read(idOf('sandbox-data'), 'eu-west-1');
    expect(facts.transitGatewayAttachments.data).toEqual([]);
    expect(facts.vpcs.data!.length).toBeGreaterThan(0);
  });
});
