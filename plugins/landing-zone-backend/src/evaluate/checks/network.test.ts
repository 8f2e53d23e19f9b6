import { failed, makeAccount, makeContext, makeVpc } from '../fixtures';
import {
  networkNoOverlappingCidrsCheck,
  networkProdIsolationCheck,
  vpcThreeTiersCheck,
} from './network';

import {
  accountWithVpc,
  addPeering,
  attach,
  hubId,
  peering,
  prodId,
  qaId,
  region,
} from './networkFixtures';

describe('network-prod-isolation', () => {
  it('fails a prod VPC peered with a non-prod VPC, on both sides', () => {
    const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
    const qa = accountWithVpc(qaId, 'non-prod', 'vpc-qa', '10.1.0.0/16');
    addPeering(peering('pcx-1', [prod, 'vpc-prod'], [qa, 'vpc-qa']), prod, qa);
    expect(
      networkProdIsolationCheck.evaluate(makeContext(prod, { others: [qa] })),
    ).toEqual({
      status: 'fail',
      evidence: [
        {
          region,
          resource: 'vpc-prod ↔ vpc-qa',
          message: `prod VPC vpc-prod is connected to non-prod VPC vpc-qa (account ${qaId}) by peering pcx-1`,
        },
      ],
    });
    expect(
      networkProdIsolationCheck.evaluate(makeContext(qa, { others: [prod] }))
        .status,
    ).toBe('fail');
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
    expect(
      networkProdIsolationCheck.evaluate(
        makeContext(prod, { others: [hub, qa] }),
      ),
    ).toEqual({
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
    expect(networkProdIsolationCheck.evaluate(makeContext(prod))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region,
          resource: 'vpc-prod ↔ vpc-x',
          message:
            'vpc-x (account 999999999999), connected by peering pcx-x, is not in the inventory',
        },
      ],
    });
  });

  it('fails prod and non-prod VPCs on a transit gateway owned by a workload account', () => {
    const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
    const qa = accountWithVpc(qaId, 'non-prod', 'vpc-qa', '10.1.0.0/16');
    attach(prod, 'vpc-prod', 'tgw-1', prodId);
    attach(qa, 'vpc-qa', 'tgw-1', prodId);
    const verdict = networkProdIsolationCheck.evaluate(
      makeContext(prod, { others: [qa] }),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence[0].message).toBe(
      `prod VPC vpc-prod is connected to non-prod VPC vpc-qa (account ${qaId}) by transit gateway tgw-1`,
    );
  });

  it('reports but passes prod and non-prod VPCs on the shared hub transit gateway', () => {
    const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
    const qa = accountWithVpc(qaId, 'non-prod', 'vpc-qa', '10.1.0.0/16');
    const hub = accountWithVpc(hubId, 'unknown', 'vpc-hub', '10.255.0.0/16');
    for (const [account, vpcId] of [
      [prod, 'vpc-prod'],
      [qa, 'vpc-qa'],
      [hub, 'vpc-hub'],
    ] as const) {
      attach(account, vpcId, 'tgw-hub', hubId);
    }
    const verdict = networkProdIsolationCheck.evaluate(
      makeContext(prod, { others: [qa, hub] }),
    );
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toEqual([
      { message: '2 VPC connection(s) checked: none joins prod and non-prod' },
      {
        region,
        resource: 'vpc-prod ↔ vpc-qa',
        message: `prod VPC vpc-prod is connected to non-prod VPC vpc-qa (account ${qaId}) by transit gateway tgw-hub, a shared hub: isolation relies on its route tables, which are not checked`,
      },
    ]);
  });

  it('ignores attachments that are not available', () => {
    const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
    const qa = accountWithVpc(qaId, 'non-prod', 'vpc-qa', '10.1.0.0/16');
    attach(prod, 'vpc-prod', 'tgw-1', prodId);
    attach(qa, 'vpc-qa', 'tgw-1', prodId, 'deleted');
    expect(
      networkProdIsolationCheck.evaluate(makeContext(prod, { others: [qa] }))
        .status,
    ).toBe('pass');
  });

  it('is unknown when peerings could not be read', () => {
    const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
    prod.regions![region].peerings = failed(
      'UnauthorizedOperation',
      'ec2:DescribeVpcPeeringConnections',
    );
    expect(networkProdIsolationCheck.evaluate(makeContext(prod))).toEqual({
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
    expect(
      networkProdIsolationCheck.evaluate(makeContext(makeAccount())),
    ).toEqual({
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

describe('network-no-overlapping-cidrs', () => {
  it('fails peered VPCs whose CIDRs overlap, naming both', () => {
    const a = accountWithVpc(prodId, 'prod', 'vpc-a', '10.0.0.0/16');
    const b = accountWithVpc(hubId, 'unknown', 'vpc-b', '10.0.128.0/17');
    addPeering(peering('pcx-1', [a, 'vpc-a'], [b, 'vpc-b']), a, b);
    expect(
      networkNoOverlappingCidrsCheck.evaluate(makeContext(a, { others: [b] })),
    ).toEqual({
      status: 'fail',
      evidence: [
        {
          region,
          resource: 'vpc-a ↔ vpc-b',
          message: `10.0.0.0/16 of vpc-a overlaps 10.0.128.0/17 of vpc-b (account ${hubId}), connected by peering pcx-1`,
        },
      ],
    });
  });

  it('fails overlapping VPCs on the same transit gateway, within one account too', () => {
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
    const verdict = networkNoOverlappingCidrsCheck.evaluate(
      makeContext(account),
    );
    expect(verdict.status).toBe('fail');
    // The pair is reported once, not once from each end.
    expect(verdict.evidence).toHaveLength(1);
  });

  it('passes connected VPCs that do not overlap', () => {
    const a = accountWithVpc(prodId, 'prod', 'vpc-a', '10.0.0.0/16');
    const b = accountWithVpc(hubId, 'unknown', 'vpc-b', '10.1.0.0/16');
    attach(a, 'vpc-a', 'tgw-1', hubId);
    attach(b, 'vpc-b', 'tgw-1', hubId);
    expect(
      networkNoOverlappingCidrsCheck.evaluate(makeContext(a, { others: [b] }))
        .status,
    ).toBe('pass');
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
    expect(networkNoOverlappingCidrsCheck.evaluate(makeContext(a)).status).toBe(
      'unknown',
    );
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
    expect(vpcThreeTiersCheck.evaluate(makeContext(account))).toEqual({
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
    expect(vpcThreeTiersCheck.evaluate(makeContext(makeAccount()))).toEqual({
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
