import type {
  AccountFacts,
  CheckContext,
  Environment,
} from '@internal/plugin-landing-zone-common';
import {
  allowedRegions,
  failed,
  inEnglish,
  makeAccount,
  makeContext,
  makeVpc,
} from '../fixtures';
import {
  networkNoOverlappingCidrsCheck,
  networkProdIsolationCheck,
  vpcThreeTiersCheck,
} from './network';

import {
  accountWithVpc,
  addPeering,
  addTransitGateway,
  attach,
  attachmentIdOf,
  hubId,
  peering,
  prodId,
  qaId,
  region,
  setRoutes,
  type TableSpec,
} from './networkFixtures';

const isolation = (account: AccountFacts, others: AccountFacts[]) =>
  networkProdIsolationCheck.evaluate(makeContext(account, { others }));
const overlap = (account: AccountFacts, others: AccountFacts[]) =>
  networkNoOverlappingCidrsCheck.evaluate(makeContext(account, { others }));

describe('network-prod-isolation through peerings', () => {
  function peered(
    prodRoutes: { destination: string; target: string }[],
    qaRoutes: { destination: string; target: string }[],
  ) {
    const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
    const qa = accountWithVpc(qaId, 'non-prod', 'vpc-qa', '10.1.0.0/16');
    addPeering(peering('pcx-1', [prod, 'vpc-prod'], [qa, 'vpc-qa']), prod, qa);
    setRoutes(prod, 'vpc-prod', prodRoutes);
    setRoutes(qa, 'vpc-qa', qaRoutes);
    return { prod, qa };
  }

  it('fails a peering with routes on both sides, from both ends', () => {
    const { prod, qa } = peered(
      [{ destination: '10.1.0.0/16', target: 'pcx-1' }],
      [{ destination: '10.0.0.0/16', target: 'pcx-1' }],
    );
    expect(inEnglish(isolation(prod, [qa]))).toEqual({
      status: 'fail',
      evidence: [
        {
          region,
          resource: 'vpc-prod ↔ vpc-qa',
          message: `prod VPC vpc-prod is linked with non-prod VPC vpc-qa (account ${qaId}) by peering pcx-1 (both ways: vpc-prod routes 10.1.0.0/16 and vpc-qa routes 10.0.0.0/16 through it)`,
        },
      ],
    });
    expect(isolation(qa, [prod]).status).toBe('fail');
  });

  it('fails a peering with a route on one side only, saying which way', () => {
    const { prod, qa } = peered(
      [],
      [{ destination: '10.0.128.0/17', target: 'pcx-1' }],
    );
    expect(isolation(prod, [qa]).evidence[0].message).toBe(
      `prod VPC vpc-prod is linked with non-prod VPC vpc-qa (account ${qaId}) by peering pcx-1 (vpc-qa → vpc-prod: vpc-qa routes 10.0.128.0/17 through it)`,
    );
  });

  it('reports a peering no route uses, without failing', () => {
    const { prod, qa } = peered(
      // Routes elsewhere, and through the peering to a block not the far side's.
      [
        { destination: '10.9.0.0/16', target: 'pcx-1' },
        { destination: '10.1.0.0/16', target: 'tgw-1' },
      ],
      [],
    );
    expect(inEnglish(isolation(prod, [qa]))).toEqual({
      status: 'pass',
      evidence: [
        {
          message: '1 VPC connection(s) checked: none joins prod and non-prod',
        },
        {
          region,
          resource: 'vpc-prod ↔ vpc-qa',
          message: `prod VPC vpc-prod is peered with non-prod VPC vpc-qa (account ${qaId}) by pcx-1, but no route on either side uses the peering`,
        },
      ],
    });
  });

  it('is unknown when either side has no routes in its facts (older facts)', () => {
    const { prod, qa } = peered([], []);
    delete prod.regions![region].vpcs.data![0].routes;
    expect(inEnglish(isolation(prod, [qa]))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region,
          resource: 'vpc-prod ↔ vpc-qa',
          message: `Cannot tell whether vpc-prod and vpc-qa (account ${qaId}) are linked by peering pcx-1: the route tables of vpc-prod were not collected (facts from before the portal read them)`,
        },
      ],
    });
    const again = peered([], []);
    delete again.qa.regions![region].vpcs.data![0].routes;
    expect(isolation(again.prod, [again.qa]).status).toBe('unknown');
    // A route on the side that was read is enough to know.
    const known = peered([{ destination: '10.1.0.0/16', target: 'pcx-1' }], []);
    delete known.qa.regions![region].vpcs.data![0].routes;
    expect(isolation(known.prod, [known.qa]).status).toBe('fail');
  });

  it('passes peerings with shared accounts and peerings that are not active', () => {
    const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
    const hub = accountWithVpc(hubId, 'unknown', 'vpc-hub', '10.255.0.0/16');
    const qa = accountWithVpc(qaId, 'non-prod', 'vpc-qa', '10.1.0.0/16');
    addPeering(
      peering('pcx-hub', [prod, 'vpc-prod'], [hub, 'vpc-hub']),
      prod,
      hub,
    );
    addPeering(
      peering(
        'pcx-qa',
        [prod, 'vpc-prod'],
        [qa, 'vpc-qa'],
        'pending-acceptance',
      ),
      prod,
      qa,
    );
    setRoutes(prod, 'vpc-prod', [
      { destination: '10.255.0.0/16', target: 'pcx-hub' },
      { destination: '10.1.0.0/16', target: 'pcx-qa' },
    ]);
    expect(inEnglish(isolation(prod, [hub, qa]))).toEqual({
      status: 'pass',
      evidence: [
        {
          message: '1 VPC connection(s) checked: none joins prod and non-prod',
        },
      ],
    });
  });

  it('is unknown when the far side is not in the inventory', () => {
    const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
    const stranger = accountWithVpc(
      '999999999999',
      'non-prod',
      'vpc-x',
      '10.9.0.0/16',
    );
    addPeering(peering('pcx-x', [stranger, 'vpc-x'], [prod, 'vpc-prod']), prod);
    setRoutes(prod, 'vpc-prod', [
      { destination: '10.9.0.0/16', target: 'pcx-x' },
    ]);
    expect(inEnglish(isolation(prod, []))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region,
          resource: 'vpc-prod ↔ vpc-x',
          message:
            'vpc-x (account 999999999999), linked by peering pcx-x (vpc-prod → vpc-x: vpc-prod routes 10.9.0.0/16 through it), is not in the inventory',
        },
      ],
    });
  });

  it('does not judge a shared account by what it is linked with, known or not', () => {
    const hub = accountWithVpc(hubId, 'unknown', 'vpc-hub', '10.255.0.0/16');
    const stranger = accountWithVpc(
      '999999999999',
      'non-prod',
      'vpc-x',
      '10.9.0.0/16',
    );
    addPeering(peering('pcx-x', [stranger, 'vpc-x'], [hub, 'vpc-hub']), hub);
    setRoutes(hub, 'vpc-hub', [
      { destination: '10.9.0.0/16', target: 'pcx-x' },
    ]);
    expect(inEnglish(isolation(hub, []))).toEqual({
      status: 'pass',
      evidence: [
        {
          message: '1 VPC connection(s) checked: none joins prod and non-prod',
        },
      ],
    });
  });

  it('is unknown when peerings could not be read', () => {
    const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
    prod.regions![region].peerings = failed(
      'UnauthorizedOperation',
      'ec2:DescribeVpcPeeringConnections',
    );
    expect(inEnglish(isolation(prod, []))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region,
          message:
            'ec2:DescribeVpcPeeringConnections: UnauthorizedOperation: UnauthorizedOperation (test)',
        },
      ],
    });
  });

  it('passes an account without connections', () => {
    expect(inEnglish(isolation(makeAccount(), []))).toEqual({
      status: 'pass',
      evidence: [
        {
          message:
            'The account has no peered or transit gateway connected VPCs',
        },
      ],
    });
  });
});

/*
 * The shared hub: a network account owns the transit gateway; a prod and a
 * non-prod account attach a VPC each, and the network account its own. What
 * keeps prod and non-prod apart is the hub's route tables.
 */
describe.each(allowedRegions)(
  'network-prod-isolation through a shared transit gateway in %s',
  where => {
    function hub(tables: TableSpec[] | 'outside' | 'unreadable') {
      const prod = accountWithVpc(
        prodId,
        'prod',
        'vpc-prod',
        '10.0.0.0/16',
        where,
      );
      const qa = accountWithVpc(
        qaId,
        'non-prod',
        'vpc-qa',
        '10.1.0.0/16',
        where,
      );
      const network = accountWithVpc(
        hubId,
        'unknown',
        'vpc-hub',
        '10.255.0.0/16',
        where,
      );
      const ownerId = tables === 'outside' ? '999999999999' : hubId;
      attach(prod, 'vpc-prod', 'tgw-hub', ownerId, 'available', where);
      attach(qa, 'vpc-qa', 'tgw-hub', ownerId, 'available', where);
      attach(network, 'vpc-hub', 'tgw-hub', ownerId, 'available', where);
      if (tables === 'unreadable') {
        addTransitGateway(
          network,
          'tgw-hub',
          [prod, qa, network],
          failed(
            'UnauthorizedOperation',
            'ec2:GetTransitGatewayRouteTableAssociations',
          ),
          where,
        );
      } else if (tables !== 'outside') {
        addTransitGateway(
          network,
          'tgw-hub',
          [prod, qa, network],
          tables,
          where,
        );
      }
      return { prod, qa, network, all: [prod, qa, network] };
    }
    const judge = (account: AccountFacts, all: AccountFacts[]) => {
      const context = makeContext(account, { others: all });
      return networkProdIsolationCheck.evaluate({
        ...context,
        // The scanner judges every allowed region; the hub is in `where`.
        allowedRegions: [where],
      });
    };

    const segmented: TableSpec[] = [
      {
        id: 'tgw-rtb-prod',
        associate: ['vpc-prod'],
        propagate: ['vpc-prod', 'vpc-hub'],
      },
      {
        id: 'tgw-rtb-nonprod',
        associate: ['vpc-qa'],
        propagate: ['vpc-qa', 'vpc-hub'],
      },
      {
        id: 'tgw-rtb-shared',
        associate: ['vpc-hub'],
        propagate: ['vpc-prod', 'vpc-qa', 'vpc-hub'],
      },
    ];

    it('passes route tables that keep prod and non-prod apart, from both ends', () => {
      const { prod, qa, all } = hub(segmented);
      expect(inEnglish(judge(prod, all))).toEqual({
        status: 'pass',
        evidence: [
          {
            message:
              '1 VPC connection(s) checked: none joins prod and non-prod',
          },
        ],
      });
      expect(judge(qa, all).status).toBe('pass');
    });

    it('fails a shared route table both propagate into, both ways', () => {
      const { prod, qa, all } = hub([
        {
          id: 'tgw-rtb-flat',
          associate: ['vpc-prod', 'vpc-qa', 'vpc-hub'],
          propagate: ['vpc-prod', 'vpc-qa', 'vpc-hub'],
        },
      ]);
      expect(inEnglish(judge(prod, all))).toEqual({
        status: 'fail',
        evidence: [
          {
            region: where,
            resource: 'vpc-prod ↔ vpc-qa',
            message: `prod VPC vpc-prod is linked with non-prod VPC vpc-qa (account ${qaId}) by transit gateway tgw-hub (both ways: tgw-rtb-flat has a propagated route 10.1.0.0/16 to vpc-qa, tgw-rtb-flat routes back to vpc-prod)`,
          },
        ],
      });
      expect(judge(qa, all).status).toBe('fail');
    });

    it('fails a static route from the prod table to a non-prod attachment, from both ends', () => {
      const tables = structuredClone(segmented);
      tables[0].routes = [{ cidr: '10.0.0.0/8', to: 'vpc-qa' }];
      const { prod, qa, all } = hub(tables);
      expect(inEnglish(judge(prod, all).evidence)).toEqual([
        {
          region: where,
          resource: 'vpc-prod ↔ vpc-qa',
          message: `prod VPC vpc-prod is linked with non-prod VPC vpc-qa (account ${qaId}) by transit gateway tgw-hub (vpc-prod → vpc-qa only: tgw-rtb-prod has a static route 10.0.0.0/8 to it)`,
        },
      ]);
      expect(inEnglish(judge(qa, all).evidence)).toEqual([
        {
          region: where,
          resource: 'vpc-qa ↔ vpc-prod',
          message: `non-prod VPC vpc-qa is linked with prod VPC vpc-prod (account ${prodId}) by transit gateway tgw-hub (vpc-prod → vpc-qa only: tgw-rtb-prod routes to vpc-qa)`,
        },
      ]);
    });

    it('passes a flat table with a blackhole for the non-prod block in the prod direction', () => {
      // The prod table propagates everything but drops the non-prod block; the
      // non-prod table does not route to prod at all.
      const { prod, all } = hub([
        {
          id: 'tgw-rtb-prod',
          associate: ['vpc-prod'],
          propagate: ['vpc-prod', 'vpc-qa', 'vpc-hub'],
          routes: [{ cidr: '10.1.0.0/16' }],
        },
        {
          id: 'tgw-rtb-nonprod',
          associate: ['vpc-qa'],
          propagate: ['vpc-hub'],
        },
        {
          id: 'tgw-rtb-shared',
          associate: ['vpc-hub'],
          propagate: ['vpc-prod', 'vpc-qa'],
        },
      ]);
      expect(judge(prod, all).status).toBe('pass');
    });

    it('does not let a broader blackhole hide a more specific propagated route', () => {
      const { prod, all } = hub([
        {
          id: 'tgw-rtb-prod',
          associate: ['vpc-prod'],
          propagate: ['vpc-prod', 'vpc-qa', 'vpc-hub'],
          routes: [{ cidr: '10.0.0.0/8' }],
        },
      ]);
      expect(judge(prod, all).status).toBe('fail');
    });

    it('is unknown when the gateway is owned outside the organisation', () => {
      const { prod, all } = hub('outside');
      expect(inEnglish(judge(prod, all))).toEqual({
        status: 'unknown',
        evidence: [
          {
            region: where,
            resource: 'vpc-prod ↔ vpc-qa',
            message: `Cannot tell whether vpc-prod and vpc-qa (account ${qaId}) are linked by transit gateway tgw-hub: The route tables of transit gateway tgw-hub were not read: its owner is outside the organisation, or its gateways could not be listed`,
          },
        ],
      });
    });

    it('is unknown, never a pass, when the route tables cannot be read and no VPC of the other environment is known on the gateway', () => {
      // The gateway's own list of attachments was not read either: an account
      // nobody could read may have a non-prod VPC on it.
      const { prod, qa, all } = hub('outside');
      const verdict = inEnglish(
        judge(
          prod,
          all.filter(account => account !== qa),
        ),
      );
      expect(verdict).toEqual({
        status: 'unknown',
        evidence: [
          {
            region: where,
            resource: 'vpc-prod',
            message:
              'Cannot tell which VPCs vpc-prod reaches through transit gateway tgw-hub: The route tables of transit gateway tgw-hub were not read: its owner is outside the organisation, or its gateways could not be listed',
          },
        ],
      });
    });

    it("is unknown when the owner's route tables could not be read", () => {
      const { prod, qa, all } = hub('unreadable');
      const verdict = judge(prod, all);
      expect(verdict.status).toBe('unknown');
      expect(verdict.evidence[0].message).toBe(
        `Cannot tell whether vpc-prod and vpc-qa (account ${qaId}) are linked by transit gateway tgw-hub: The route tables of transit gateway tgw-hub could not be read in its owner ${hubId}: ec2:GetTransitGatewayRouteTableAssociations: UnauthorizedOperation: UnauthorizedOperation (test)`,
      );
      expect(judge(qa, all).status).toBe('unknown');
    });

    it("is unknown when the owner's gateways could not be listed", () => {
      const { prod, network, all } = hub(segmented);
      network.regions![where].transitGateways = failed('UnauthorizedOperation');
      expect(judge(prod, all).status).toBe('unknown');
    });

    it('is unknown when static routes were truncated and the known ones do not link', () => {
      const tables = structuredClone(segmented);
      tables[0].truncated = true;
      const { prod, qa, all } = hub(tables);
      const verdict = judge(prod, all);
      expect(verdict.status).toBe('unknown');
      expect(verdict.evidence[0].message).toBe(
        `Cannot tell whether vpc-prod and vpc-qa (account ${qaId}) are linked by transit gateway tgw-hub: the static routes of tgw-rtb-prod were truncated`,
      );
      expect(judge(qa, all).status).toBe('unknown');
    });

    it('ignores attachments that are not available', () => {
      const { prod, all } = hub([
        {
          id: 'tgw-rtb-flat',
          associate: ['vpc-prod', 'vpc-qa', 'vpc-hub'],
          propagate: ['vpc-prod', 'vpc-qa', 'vpc-hub'],
        },
      ]);
      const network = all[2];
      const gateway = network.regions![where].transitGateways!.data![0];
      gateway.attachments.find(
        a => a.attachmentId === attachmentIdOf('tgw-hub', 'vpc-qa'),
      )!.state = 'deleted';
      expect(judge(prod, all).status).toBe('pass');
    });
  },
);

describe('network-prod-isolation on a gateway a workload account owns', () => {
  it('fails when its one table links prod and non-prod', () => {
    const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
    const qa = accountWithVpc(qaId, 'non-prod', 'vpc-qa', '10.1.0.0/16');
    attach(prod, 'vpc-prod', 'tgw-1', prodId);
    attach(qa, 'vpc-qa', 'tgw-1', prodId);
    addTransitGateway(
      prod,
      'tgw-1',
      [prod, qa],
      [
        {
          id: 'tgw-rtb-1',
          associate: ['vpc-prod', 'vpc-qa'],
          propagate: ['vpc-prod', 'vpc-qa'],
        },
      ],
    );
    expect(isolation(prod, [qa]).status).toBe('fail');
    expect(isolation(qa, [prod]).status).toBe('fail');
  });

  /** A prod VPC on tgw-1 with a VPC of an unreadable account, vpc-far. */
  function withUnreadVpc(route: 'propagated' | 'static') {
    const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
    attach(prod, 'vpc-prod', 'tgw-1', prodId);
    addTransitGateway(
      prod,
      'tgw-1',
      [prod],
      [{ id: 'tgw-rtb-1', associate: ['vpc-prod'], propagate: ['vpc-prod'] }],
    );
    const gateway = prod.regions![region].transitGateways!.data![0];
    gateway.attachments.push({
      attachmentId: 'tgw-attach-far',
      transitGatewayId: 'tgw-1',
      resourceType: 'vpc',
      resourceId: 'vpc-far',
      resourceOwnerId: qaId,
      state: 'available',
    });
    const table = gateway.routeTables.data![0];
    if (route === 'propagated') {
      table.propagations.push({
        attachmentId: 'tgw-attach-far',
        resourceType: 'vpc',
        resourceId: 'vpc-far',
        state: 'enabled',
      });
    } else {
      table.staticRoutes.push({
        destinationCidr: '10.1.0.0/16',
        state: 'active',
        attachmentIds: ['tgw-attach-far'],
      });
    }
    return prod;
  }
  const withEnvironments = (
    account: AccountFacts,
    environments: [string, Environment][],
  ): CheckContext => ({
    ...makeContext(account),
    accountEnvironments: new Map(environments),
  });

  it('is unknown for a VPC it routes to that is not in the inventory', () => {
    expect(inEnglish(isolation(withUnreadVpc('propagated'), []))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region,
          resource: 'vpc-prod ↔ vpc-far',
          message: `vpc-far (account ${qaId}), linked by transit gateway tgw-1 (vpc-prod → vpc-far: tgw-rtb-1 has a propagated route to it), is not in the inventory`,
        },
      ],
    });
  });

  it("judges such a VPC by its account's environment where the scanner gives it", () => {
    const prod = withUnreadVpc('propagated');
    expect(
      inEnglish(
        networkProdIsolationCheck.evaluate(
          withEnvironments(prod, [[qaId, 'non-prod']]),
        ).evidence,
      ),
    ).toEqual([
      {
        region,
        resource: 'vpc-prod ↔ vpc-far',
        message: `prod VPC vpc-prod is linked with non-prod VPC vpc-far (account ${qaId}) by transit gateway tgw-1 (vpc-prod → vpc-far: tgw-rtb-1 has a propagated route to it)`,
      },
    ]);
    expect(
      networkProdIsolationCheck.evaluate(
        withEnvironments(prod, [[qaId, 'prod']]),
      ).status,
    ).toBe('pass');
    // Its blocks are still unknown: an overlap cannot be ruled out.
    expect(
      networkNoOverlappingCidrsCheck.evaluate(
        withEnvironments(prod, [[qaId, 'prod']]),
      ).status,
    ).toBe('unknown');
  });

  it('stays certain of a propagated route when a static route leads there too', () => {
    const prod = withUnreadVpc('propagated');
    prod.regions![
      region
    ].transitGateways!.data![0].routeTables.data![0].staticRoutes.push({
      destinationCidr: '10.1.0.0/16',
      state: 'active',
      attachmentIds: ['tgw-attach-far'],
    });
    expect(
      networkProdIsolationCheck.evaluate(
        withEnvironments(prod, [[qaId, 'non-prod']]),
      ).status,
    ).toBe('fail');
  });

  it('is unknown when only a static route leads there: whether it covers the blocks is not known', () => {
    const prod = withUnreadVpc('static');
    const verdict = networkProdIsolationCheck.evaluate(
      withEnvironments(prod, [[qaId, 'non-prod']]),
    );
    expect(verdict.status).toBe('unknown');
    expect(verdict.evidence[0].message).toBe(
      `Cannot tell whether vpc-prod and vpc-far (account ${qaId}) are linked by transit gateway tgw-1: vpc-far is not in the inventory, so whether the static route 10.1.0.0/16 reaches its blocks is not known`,
    );
  });

  /** The propagated routes the owner read in tgw-rtb-1. */
  function withPropagatedRoutes(
    prod: AccountFacts,
    routes: { cidr: string; to: string }[],
    truncated?: boolean,
  ) {
    const table =
      prod.regions![region].transitGateways!.data![0].routeTables.data![0];
    table.propagatedRoutes = routes.map(route => ({
      destinationCidr: route.cidr,
      state: 'active',
      attachmentIds: [route.to],
    }));
    table.propagatedRoutesTruncated = truncated;
    return prod;
  }

  it("takes such a VPC's blocks from the propagated routes to its attachment", () => {
    const prod = withPropagatedRoutes(withUnreadVpc('propagated'), [
      { cidr: '10.0.0.0/16', to: 'tgw-1-attach-vpc-prod' },
      { cidr: '10.0.128.0/20', to: 'tgw-attach-far' },
      { cidr: '192.168.0.0/24', to: 'tgw-attach-far' },
    ]);
    const context = withEnvironments(prod, [[qaId, 'prod']]);
    expect(inEnglish(networkNoOverlappingCidrsCheck.evaluate(context))).toEqual(
      {
        status: 'fail',
        evidence: [
          {
            region,
            resource: 'vpc-prod ↔ vpc-far',
            message: `10.0.0.0/16 of vpc-prod overlaps 10.0.128.0/20 of vpc-far (account ${qaId}), linked by transit gateway tgw-1 (vpc-prod → vpc-far: tgw-rtb-1 has a propagated route 10.0.128.0/20 to it)`,
          },
        ],
      },
    );
    // Blocks that do not overlap pass, where unknown blocks could not.
    withPropagatedRoutes(prod, [{ cidr: '10.1.0.0/16', to: 'tgw-attach-far' }]);
    expect(
      networkNoOverlappingCidrsCheck.evaluate(
        withEnvironments(prod, [[qaId, 'prod']]),
      ).status,
    ).toBe('pass');
  });

  it('judges a static route by the blocks the propagated routes name', () => {
    const prod = withPropagatedRoutes(withUnreadVpc('static'), [
      { cidr: '10.1.0.0/20', to: 'tgw-attach-far' },
    ]);
    // The static route 10.1.0.0/16 covers the block: certainly linked.
    expect(
      inEnglish(
        networkProdIsolationCheck.evaluate(
          withEnvironments(prod, [[qaId, 'non-prod']]),
        ).evidence,
      ),
    ).toEqual([
      {
        region,
        resource: 'vpc-prod ↔ vpc-far',
        message: `prod VPC vpc-prod is linked with non-prod VPC vpc-far (account ${qaId}) by transit gateway tgw-1 (vpc-prod → vpc-far: tgw-rtb-1 has a static route 10.1.0.0/16 to it)`,
      },
    ]);
    // A static route that misses every block does not reach the VPC at all.
    withPropagatedRoutes(prod, [{ cidr: '10.2.0.0/20', to: 'tgw-attach-far' }]);
    expect(
      networkProdIsolationCheck.evaluate(
        withEnvironments(prod, [[qaId, 'non-prod']]),
      ),
    ).toEqual(expect.objectContaining({ status: 'pass' }));
  });

  it('keeps the blocks unknown when no propagated route to the VPC was read, or the list was truncated', () => {
    const others = withPropagatedRoutes(withUnreadVpc('propagated'), [
      { cidr: '10.0.0.0/16', to: 'tgw-1-attach-vpc-prod' },
    ]);
    const truncated = withPropagatedRoutes(
      withUnreadVpc('propagated'),
      [{ cidr: '10.1.0.0/16', to: 'tgw-attach-far' }],
      true,
    );
    for (const prod of [others, truncated]) {
      const verdict = networkNoOverlappingCidrsCheck.evaluate(
        withEnvironments(prod, [[qaId, 'prod']]),
      );
      expect(verdict.status).toBe('unknown');
      expect(verdict.evidence[0].message).toBe(
        `The CIDRs of vpc-far (account ${qaId}), linked by transit gateway tgw-1, are not known`,
      );
    }
  });
});

describe('network-no-overlapping-cidrs', () => {
  it('fails peered VPCs whose CIDRs overlap, naming both', () => {
    const a = accountWithVpc(prodId, 'prod', 'vpc-a', '10.0.0.0/16');
    const b = accountWithVpc(hubId, 'unknown', 'vpc-b', '10.0.128.0/17');
    addPeering(peering('pcx-1', [a, 'vpc-a'], [b, 'vpc-b']), a, b);
    setRoutes(a, 'vpc-a', [{ destination: '10.0.128.0/17', target: 'pcx-1' }]);
    expect(inEnglish(overlap(a, [b]))).toEqual({
      status: 'fail',
      evidence: [
        {
          region,
          resource: 'vpc-a ↔ vpc-b',
          message: `10.0.0.0/16 of vpc-a overlaps 10.0.128.0/17 of vpc-b (account ${hubId}), linked by peering pcx-1 (vpc-a → vpc-b: vpc-a routes 10.0.128.0/17 through it)`,
        },
      ],
    });
  });

  it('reports overlapping peered VPCs no route links, without failing', () => {
    const a = accountWithVpc(prodId, 'prod', 'vpc-a', '10.0.0.0/16');
    const b = accountWithVpc(hubId, 'unknown', 'vpc-b', '10.0.128.0/17');
    addPeering(peering('pcx-1', [a, 'vpc-a'], [b, 'vpc-b']), a, b);
    expect(overlap(a, [b]).status).toBe('pass');
  });

  function twoOnOneGateway(tables: (a: string, b: string) => TableSpec[]) {
    const account = makeAccount({
      id: prodId,
      vpcs: {
        [region]: [
          makeVpc('vpc-a', '10.0.0.0/16'),
          makeVpc('vpc-b', '10.0.0.0/24'),
        ],
      },
    });
    attach(account, 'vpc-a', 'tgw-1', prodId);
    attach(account, 'vpc-b', 'tgw-1', prodId);
    addTransitGateway(account, 'tgw-1', [account], tables('vpc-a', 'vpc-b'));
    return account;
  }

  it('fails overlapping VPCs on one gateway that reach each other, within one account too', () => {
    const account = twoOnOneGateway((a, b) => [
      { id: 'tgw-rtb-1', associate: [a, b], propagate: [a, b] },
    ]);
    const verdict = networkNoOverlappingCidrsCheck.evaluate(
      makeContext(account),
    );
    expect(verdict.status).toBe('fail');
    // The pair is reported once, not once from each end.
    expect(verdict.evidence).toHaveLength(1);
  });

  it('passes overlapping VPCs on one gateway whose tables do not link them', () => {
    const account = twoOnOneGateway((a, b) => [
      { id: 'tgw-rtb-a', associate: [a], propagate: [a] },
      { id: 'tgw-rtb-b', associate: [b], propagate: [b] },
    ]);
    expect(
      networkNoOverlappingCidrsCheck.evaluate(makeContext(account)).status,
    ).toBe('pass');
  });

  it('fails overlapping VPCs linked one way only', () => {
    const account = twoOnOneGateway((a, b) => [
      { id: 'tgw-rtb-a', associate: [a], propagate: [b] },
      { id: 'tgw-rtb-b', associate: [b], propagate: [] },
    ]);
    const verdict = networkNoOverlappingCidrsCheck.evaluate(
      makeContext(account),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence[0].message).toMatch(/\(vpc-\w → vpc-\w only: /);
  });

  it('passes linked VPCs that do not overlap', () => {
    const a = accountWithVpc(prodId, 'prod', 'vpc-a', '10.0.0.0/16');
    const b = accountWithVpc(hubId, 'unknown', 'vpc-b', '10.1.0.0/16');
    attach(a, 'vpc-a', 'tgw-1', hubId);
    attach(b, 'vpc-b', 'tgw-1', hubId);
    addTransitGateway(
      b,
      'tgw-1',
      [a, b],
      [
        {
          id: 'tgw-rtb-1',
          associate: ['vpc-a', 'vpc-b'],
          propagate: ['vpc-a', 'vpc-b'],
        },
      ],
    );
    expect(overlap(a, [b]).status).toBe('pass');
  });

  it('is unknown for overlapping VPCs on a gateway whose tables were not read', () => {
    const a = accountWithVpc(prodId, 'prod', 'vpc-a', '10.0.0.0/16');
    const b = accountWithVpc(hubId, 'unknown', 'vpc-b', '10.0.0.0/24');
    attach(a, 'vpc-a', 'tgw-1', hubId);
    attach(b, 'vpc-b', 'tgw-1', hubId);
    addTransitGateway(b, 'tgw-1', [a, b], failed('AccessDenied'));
    expect(overlap(a, [b]).status).toBe('unknown');
  });

  it('is unknown when the far side CIDRs are not known', () => {
    const a = accountWithVpc(prodId, 'prod', 'vpc-a', '10.0.0.0/16');
    const link = peering('pcx-1', [a, 'vpc-a'], [a, 'vpc-a']);
    link.accepter = {
      vpcId: 'vpc-far',
      accountId: '999999999999',
      region,
      cidrs: [],
    };
    addPeering(link, a);
    setRoutes(a, 'vpc-a', [{ destination: '10.9.0.0/16', target: 'pcx-1' }]);
    expect(overlap(a, []).status).toBe('unknown');
  });
});

describe('vpc-three-tiers', () => {
  it('fails VPCs missing a tier, the default VPC included', () => {
    const full = makeVpc('vpc-full', '10.0.0.0/16');
    const account = makeAccount({
      vpcs: {
        [region]: [
          full,
          makeVpc('vpc-two', '10.1.0.0/16', {
            subnets: full.subnets.filter(s => s.tier !== 'isolated'),
          }),
          makeVpc('vpc-default', '172.31.0.0/16', {
            isDefault: true,
            subnets: [
              { subnetId: 's-1', cidr: '172.31.0.0/20', tier: 'public' },
            ],
          }),
        ],
      },
    });
    expect(
      inEnglish(vpcThreeTiersCheck.evaluate(makeContext(account))),
    ).toEqual({
      status: 'fail',
      evidence: [
        { region, resource: 'vpc-two', message: 'VPC has no isolated subnets' },
        {
          region,
          resource: 'vpc-default',
          message: 'Default VPC has no private, isolated subnets',
        },
      ],
    });
  });

  it('passes an account without VPCs', () => {
    expect(
      inEnglish(vpcThreeTiersCheck.evaluate(makeContext(makeAccount()))),
    ).toEqual({
      status: 'pass',
      evidence: [{ message: 'No VPCs' }],
    });
  });

  it('is unknown when VPCs could not be read', () => {
    const account = makeAccount();
    account.regions![region].vpcs = failed('RequestLimitExceeded');
    expect(vpcThreeTiersCheck.evaluate(makeContext(account)).status).toBe(
      'unknown',
    );
  });
});

describe('buildVpcIndex routes', () => {
  it('keeps active peering and gateway routes, undefined when not read', () => {
    const a = accountWithVpc(prodId, 'prod', 'vpc-a', '10.0.0.0/16');
    setRoutes(a, 'vpc-a', [
      { destination: '10.1.0.0/16', target: 'pcx-1' },
      { destination: '10.2.0.0/16', target: 'tgw-1', state: 'blackhole' },
      { destination: 'pl-123', target: 'tgw-1' },
    ]);
    const b = accountWithVpc(qaId, 'non-prod', 'vpc-b', '10.1.0.0/16');
    delete b.regions![region].vpcs.data![0].routes;
    const context = makeContext(a, { others: [b] });
    expect(context.vpcs.get('vpc-a')!.routes).toEqual([
      { destination: '10.1.0.0/16', target: 'pcx-1' },
      { destination: 'pl-123', target: 'tgw-1' },
    ]);
    expect(context.vpcs.get('vpc-b')!.routes).toBeUndefined();
  });
});
