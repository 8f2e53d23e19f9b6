import { generateOrganization, type TransitGateway } from '@internal/sandbox';
import type { TransitGatewayFacts } from '@internal/plugin-landing-zone-common';
import { readTransitGateways } from './transitGateways';
import {
  denyCommands,
  startCollectorSandbox,
  type CollectorSandbox,
} from './__testUtils__/collectors';

jest.setTimeout(120_000);

const byRoute = (
  a: { destinationCidr: string; attachmentIds: string[] },
  b: { destinationCidr: string; attachmentIds: string[] },
) =>
  a.destinationCidr.localeCompare(b.destinationCidr) ||
  a.attachmentIds.join().localeCompare(b.attachmentIds.join());

/** What the owner should read of a sandbox gateway, lists sorted. */
function expectedFacts(gateway: TransitGateway) {
  return {
    transitGatewayId: gateway.id,
    ownerId: gateway.accountId,
    state: 'available',
    name: gateway.name,
    autoAcceptSharedAttachments: gateway.autoAcceptSharedAttachments,
    attachments: gateway.attachments
      .map(a => ({
        attachmentId: a.id,
        resourceId: a.vpcId,
        resourceOwnerId: a.accountId,
        associatedRouteTableId: gateway.routeTables.find(t =>
          t.associations.includes(a.id),
        )?.id,
      }))
      .sort((a, b) => a.attachmentId.localeCompare(b.attachmentId)),
    routeTables: gateway.routeTables
      .map(t => ({
        routeTableId: t.id,
        name: t.name,
        defaultAssociation: t.id === gateway.associationDefaultRouteTableId,
        defaultPropagation: t.id === gateway.propagationDefaultRouteTableId,
        associations: [...t.associations].sort(),
        propagations: [...t.propagations].sort(),
        staticRoutes: t.staticRoutes
          .map(r => ({
            destinationCidr: r.destinationCidrBlock,
            state: r.attachmentId ? 'active' : 'blackhole',
            attachmentIds: r.attachmentId ? [r.attachmentId] : [],
          }))
          .sort((a, b) => a.destinationCidr.localeCompare(b.destinationCidr)),
        // One route per propagating attachment's VPC block.
        propagatedRoutes: t.propagations
          .map(id => ({
            destinationCidr: gateway.attachments.find(a => a.id === id)!
              .vpcCidr,
            state: 'active',
            attachmentIds: [id],
          }))
          .sort(byRoute),
      }))
      .sort((a, b) => a.routeTableId.localeCompare(b.routeTableId)),
  };
}

/** The read facts in the same shape as {@link expectedFacts}. */
function readShape(gateway: TransitGatewayFacts) {
  return {
    transitGatewayId: gateway.transitGatewayId,
    ownerId: gateway.ownerId,
    state: gateway.state,
    name: gateway.name,
    autoAcceptSharedAttachments: gateway.autoAcceptSharedAttachments,
    attachments: gateway.attachments
      .map(a => ({
        attachmentId: a.attachmentId,
        resourceId: a.resourceId,
        resourceOwnerId: a.resourceOwnerId,
        associatedRouteTableId: a.associatedRouteTableId,
      }))
      .sort((a, b) => a.attachmentId.localeCompare(b.attachmentId)),
    routeTables: (gateway.routeTables.data ?? [])
      .map(t => ({
        routeTableId: t.routeTableId,
        name: t.name,
        defaultAssociation: t.defaultAssociation,
        defaultPropagation: t.defaultPropagation,
        associations: t.associations.map(a => a.attachmentId).sort(),
        propagations: t.propagations
          .filter(p => p.state === 'enabled')
          .map(p => p.attachmentId)
          .sort(),
        staticRoutes: [...t.staticRoutes].sort((a, b) =>
          a.destinationCidr.localeCompare(b.destinationCidr),
        ),
        propagatedRoutes: [...(t.propagatedRoutes ?? [])].sort(byRoute),
      }))
      .sort((a, b) => a.routeTableId.localeCompare(b.routeTableId)),
  };
}

describe('readTransitGateways against the demo organisation', () => {
  let env: CollectorSandbox;

  beforeAll(async () => {
    env = await startCollectorSandbox();
  });

  afterAll(async () => {
    await env?.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  async function read(accountId: string, region: string) {
    const ec2 = env.clients.ec2(region, await env.member(accountId));
    return { ec2, fact: await readTransitGateways(ec2, accountId) };
  }

  it('reads every gateway its owner holds, with every account’s attachments and each route table', async () => {
    // Those of accounts the member role can enter (one of the demo's denies it).
    const readable = new Set(
      env.sandbox.organization.accounts
        .filter(a => a.status === 'ACTIVE' && !a.denyAssumeRole)
        .map(a => a.id),
    );
    const gateways = env.sandbox.organization.transitGateways.filter(g =>
      readable.has(g.accountId),
    );
    expect(gateways.length).toBeGreaterThan(0);
    // Some gateway has tables of its own beyond the default one, with static routes.
    expect(
      gateways.some(
        g =>
          g.routeTables.length > 1 &&
          g.routeTables.some(t => t.staticRoutes.length > 0),
      ),
    ).toBe(true);
    const places = new Set(gateways.map(g => `${g.accountId}/${g.region}`));

    for (const place of places) {
      const [accountId, region] = place.split('/');
      const owned = gateways.filter(
        g => g.accountId === accountId && g.region === region,
      );
      const { fact } = await read(accountId, region);
      expect(fact.error).toBeUndefined();
      expect(
        fact
          .data!.map(readShape)
          .sort((a, b) => a.transitGatewayId.localeCompare(b.transitGatewayId)),
      ).toEqual(
        owned
          .map(expectedFacts)
          .sort((a, b) => a.transitGatewayId.localeCompare(b.transitGatewayId)),
      );
    }
  });

  it('reads none in an account that only attaches to a gateway another account owns', async () => {
    const gateway = env.sandbox.organization.transitGateways[0];
    const attached = gateway.attachments.find(
      a => a.accountId !== gateway.accountId,
    )!;
    const { fact } = await read(attached.accountId, gateway.region);
    expect(fact).toEqual({ data: [], collectedAt: expect.any(String) });
  });

  it("still lists a gateway whose route tables cannot be read, with the error as its tables' fact", async () => {
    const gateway = env.sandbox.organization.transitGateways[0];
    const ec2 = denyCommands(
      env.clients.ec2(gateway.region, await env.member(gateway.accountId)),
      ['GetTransitGatewayRouteTablePropagationsCommand'],
      'UnauthorizedOperation',
    );

    const fact = await readTransitGateways(ec2, gateway.accountId);

    const listed = fact.data!.find(g => g.transitGatewayId === gateway.id)!;
    expect(listed.attachments).toHaveLength(gateway.attachments.length);
    expect(listed.routeTables).toEqual({
      error: expect.objectContaining({
        code: 'UnauthorizedOperation',
        operation: 'ec2:DescribeTransitGatewayRouteTables',
      }),
      collectedAt: expect.any(String),
    });
  });

  it('records a denied DescribeTransitGateways as the error of the whole fact', async () => {
    const gateway = env.sandbox.organization.transitGateways[0];
    const ec2 = denyCommands(
      env.clients.ec2(gateway.region, await env.member(gateway.accountId)),
      ['DescribeTransitGatewaysCommand'],
      'UnauthorizedOperation',
    );
    expect(await readTransitGateways(ec2, gateway.accountId)).toEqual({
      error: expect.objectContaining({
        code: 'UnauthorizedOperation',
        operation: 'ec2:DescribeTransitGateways',
      }),
      collectedAt: expect.any(String),
    });
  });
});

describe('readTransitGateways on a hub of more than 1,000 attachments', () => {
  let env: CollectorSandbox;

  beforeAll(async () => {
    env = await startCollectorSandbox({
      org: generateOrganization({ accounts: 1500, regions: 1, seed: 3 }),
      github: false,
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  it('pages the attachments, associations and propagations at the largest page', async () => {
    const hub = env.sandbox.organization.transitGateways.find(
      g => g.attachments.length > 1000,
    );
    expect(hub).toBeDefined();
    env.sandbox.resetCounters();

    const ec2 = env.clients.ec2(hub!.region, await env.member(hub!.accountId));
    const fact = await readTransitGateways(ec2, hub!.accountId);

    const read = fact.data!.find(g => g.transitGatewayId === hub!.id)!;
    const { routeTables, ...rest } = readShape(read);
    const { routeTables: expectedTables, ...expectedRest } = expectedFacts(
      hub!,
    );
    expect(rest).toEqual(expectedRest);
    // Every table but for the propagated routes cut at 1,000.
    expect(routeTables.map(({ propagatedRoutes, ...t }) => t)).toEqual(
      expectedTables.map(({ propagatedRoutes, ...t }) => t),
    );
    const ec2Calls = env.sandbox.counters().services.ec2.operations;
    const pages = Math.ceil(hub!.attachments.length / 1000);
    expect(ec2Calls.DescribeTransitGatewayAttachments.calls).toBe(pages);
    // A table with more than 1,000 propagations: its propagated routes are
    // one call's worth, and say so.
    const crowded = hub!.routeTables.find(t => t.propagations.length > 1000);
    expect(crowded).toBeDefined();
    const table = read.routeTables.data!.find(
      t => t.routeTableId === crowded!.id,
    )!;
    expect(table.propagations).toHaveLength(crowded!.propagations.length);
    expect(table.propagatedRoutes).toHaveLength(1000);
    expect(table.propagatedRoutesTruncated).toBe(true);
  });
});
