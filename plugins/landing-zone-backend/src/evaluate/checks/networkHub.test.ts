import type {
  AccountFacts,
  CheckContext,
  Environment,
  VpcIndexEntry,
} from '@internal/plugin-landing-zone-common';
import { inEnglish, makeAccount, makeContext, makeVpc } from '../fixtures';
import { cidrsOverlap } from '../policy';
import { buildTransitGatewayIndex } from '../transitGatewayIndex';
import { buildVpcIndex } from '../vpcIndex';
import {
  networkNoOverlappingCidrsCheck,
  networkProdIsolationCheck,
} from './network';

import {
  accountWithVpc,
  addTransitGateway,
  attach,
  hubId,
  prodId,
  qaId,
  region,
  type TableSpec,
} from './networkFixtures';

/** A segmented hub's tables: each environment reaches itself and the shared VPCs. */
function segmentedTables(members: VpcIndexEntry[]): TableSpec[] {
  const ids = (environment: Environment) =>
    members.filter(m => m.environment === environment).map(m => m.vpcId);
  const shared = ids('unknown');
  return [
    {
      id: 'tgw-rtb-prod',
      associate: ids('prod'),
      propagate: [...ids('prod'), ...shared],
    },
    {
      id: 'tgw-rtb-nonprod',
      associate: ids('non-prod'),
      propagate: [...ids('non-prod'), ...shared],
    },
    {
      id: 'tgw-rtb-shared',
      associate: shared,
      propagate: members.map(m => m.vpcId),
    },
  ];
}

function flatTable(members: VpcIndexEntry[]): TableSpec[] {
  const all = members.map(m => m.vpcId);
  return [{ id: 'tgw-rtb-flat', associate: all, propagate: all }];
}

const contextWith = (
  account: AccountFacts,
  accounts: AccountFacts[],
): CheckContext => ({
  ...makeContext(account),
  vpcs: buildVpcIndex(accounts),
  transitGateways: buildTransitGatewayIndex(
    accounts.map(a => ({
      accountId: a.account.id,
      access: a.access,
      regions: a.regions,
    })),
  ),
});

describe('network checks on a large hub', () => {
  // 3,000 workload VPCs on one shared transit gateway, prod and non-prod
  // alternating, and a prod newcomer whose block overlaps two of them. Each
  // account's verdict must stay small whatever the hub's size.
  function organisation(tables: (members: VpcIndexEntry[]) => TableSpec[]) {
    const hub = accountWithVpc(hubId, 'unknown', 'vpc-hub', '10.255.0.0/16');
    const accounts: AccountFacts[] = [hub];
    attach(hub, 'vpc-hub', 'tgw-hub', hubId);
    for (let i = 0; i < 3000; i++) {
      const id = String(400000000000 + i);
      const account = accountWithVpc(
        id,
        i % 2 ? 'prod' : 'non-prod',
        `vpc-${i}`,
        `10.${Math.floor(i / 250)}.${i % 250}.0/24`,
      );
      attach(account, `vpc-${i}`, 'tgw-hub', hubId);
      accounts.push(account);
    }
    const prod = accountWithVpc(prodId, 'prod', 'vpc-new', '10.0.0.0/23');
    attach(prod, 'vpc-new', 'tgw-hub', hubId);
    accounts.push(prod);
    addTransitGateway(
      hub,
      'tgw-hub',
      accounts,
      tables([...buildVpcIndex(accounts).values()]),
    );
    return contextWith(prod, accounts);
  }

  describe('segmented by environment', () => {
    const context = organisation(segmentedTables);

    it('passes isolation, counting the VPCs it is linked with', () => {
      expect(inEnglish(networkProdIsolationCheck.evaluate(context))).toEqual({
        status: 'pass',
        evidence: [
          {
            // 1,500 prod VPCs and the hub's.
            message:
              '1501 VPC connection(s) checked: none joins prod and non-prod',
          },
        ],
      });
    });

    it('counts only the overlapping VPC it reaches', () => {
      const verdict = networkNoOverlappingCidrsCheck.evaluate(context);
      expect(verdict.status).toBe('fail');
      // vpc-0 (non-prod) overlaps too, but no route links the two.
      expect(verdict.evidence.map(e => e.resource)).toEqual([
        'vpc-new ↔ vpc-1',
      ]);
      expect(verdict.evidence[0].message).toBe(
        `10.0.0.0/23 of vpc-new overlaps 10.0.1.0/24 of vpc-1 (account 400000000001), linked by transit gateway tgw-hub (both ways: tgw-rtb-prod has a propagated route 10.0.1.0/24 to vpc-1, tgw-rtb-prod routes back to vpc-new)`,
      );
    });
  });

  describe('flat', () => {
    const context = organisation(flatTable);

    it('fails isolation, listing ten links and counting the rest', () => {
      const verdict = networkProdIsolationCheck.evaluate(context);
      expect(verdict.status).toBe('fail');
      expect(verdict.evidence).toHaveLength(11);
      expect(verdict.evidence[0].message).toBe(
        `prod VPC vpc-new is linked with non-prod VPC vpc-0 (account 400000000000) by transit gateway tgw-hub (both ways: tgw-rtb-flat has a propagated route 10.0.0.0/24 to vpc-0, tgw-rtb-flat routes back to vpc-new)`,
      );
      expect(verdict.evidence[10].message).toBe(
        '…and 1490 more VPCs of the other environment linked through transit gateway tgw-hub',
      );
    });

    it('finds exactly the overlapping VPCs', () => {
      const verdict = networkNoOverlappingCidrsCheck.evaluate(context);
      expect(verdict.status).toBe('fail');
      expect(verdict.evidence.map(e => e.resource).sort()).toEqual([
        'vpc-new ↔ vpc-0',
        'vpc-new ↔ vpc-1',
      ]);
    });
  });
});

describe('network checks on a large hub, against a pass over every link', () => {
  // 4,000 workload VPCs, prod and non-prod alternating, each on the
  // segmented hub tgw-hub and on tgw-work, a flat transit gateway a prod
  // account owns. The checks must report what a pass over every route would:
  // the account's own VPC left out, the first ten in index order listed, the
  // rest counted.
  const workOwnerId = String(500000000001);
  const hub = accountWithVpc(hubId, 'unknown', 'vpc-hub', '10.255.0.0/16');
  attach(hub, 'vpc-hub', 'tgw-hub', hubId);
  const workloads: AccountFacts[] = [];
  for (let i = 0; i < 4000; i++) {
    const account = accountWithVpc(
      String(500000000000 + i),
      i % 2 ? 'prod' : 'non-prod',
      `vpc-${i}`,
      // Ascending blocks: index order is also the CIDR index's order.
      `10.${Math.floor(i / 256)}.${i % 256}.0/24`,
    );
    attach(account, `vpc-${i}`, 'tgw-hub', hubId);
    attach(account, `vpc-${i}`, 'tgw-work', workOwnerId);
    workloads.push(account);
  }
  // A non-prod account with three VPCs on both transit gateways.
  const qa = makeAccount({
    id: qaId,
    environment: 'non-prod',
    vpcs: {
      [region]: [0, 1, 2].map(n => makeVpc(`vpc-q${n}`, `10.200.${n}.0/24`)),
    },
  });
  for (const n of [0, 1, 2]) {
    attach(qa, `vpc-q${n}`, 'tgw-hub', hubId);
    attach(qa, `vpc-q${n}`, 'tgw-work', workOwnerId);
  }
  // A prod account with two VPCs on the hub only.
  const prod = makeAccount({
    id: prodId,
    environment: 'prod',
    vpcs: {
      [region]: [0, 1].map(n => makeVpc(`vpc-p${n}`, `10.201.${n}.0/24`)),
    },
  });
  for (const n of [0, 1]) attach(prod, `vpc-p${n}`, 'tgw-hub', hubId);
  // A shared VPC whose /20 overlaps the first 16 workload VPCs.
  const wide = accountWithVpc(
    '666666666666',
    'unknown',
    'vpc-wide',
    '10.0.0.0/20',
  );
  attach(wide, 'vpc-wide', 'tgw-hub', hubId);
  const accounts = [qa, prod, wide, hub, ...workloads];
  const members = [...buildVpcIndex(accounts).values()];
  addTransitGateway(hub, 'tgw-hub', accounts, segmentedTables(members));
  // The owner of tgw-work is workloads[1], a prod account.
  addTransitGateway(
    workloads[1],
    'tgw-work',
    accounts,
    flatTable(members.filter(m => m.vpcId.match(/^vpc-(\d+|q\d)$/))),
  );
  const contextOf = (account: AccountFacts) => contextWith(account, accounts);
  const { vpcs } = contextOf(qa);

  /**
   * Every VPC linked with `own` by a pass over the tables: on tgw-work all
   * members reach each other; on the segmented hub, VPCs of one environment
   * reach each other and the shared ones.
   */
  function everyLink(
    own: VpcIndexEntry,
    tgw: string,
    keep: (entry: VpcIndexEntry) => boolean,
  ) {
    const shared = (e: VpcIndexEntry) =>
      e.environment !== 'prod' && e.environment !== 'non-prod';
    const found = [...vpcs.values()].filter(
      entry =>
        entry.vpcId !== own.vpcId &&
        (entry.transitGatewayIds ?? []).includes(tgw) &&
        (tgw === 'tgw-work' ||
          shared(own) ||
          shared(entry) ||
          entry.environment === own.environment) &&
        keep(entry),
    );
    return { listed: found.slice(0, 10), omitted: found.length - 10 };
  }

  it('fails the flat, workload-owned gateway with the same links, ten listed per VPC', () => {
    const verdict = networkProdIsolationCheck.evaluate(contextOf(qa));
    const expected = ['vpc-q0', 'vpc-q1', 'vpc-q2'].flatMap(own => {
      const { listed, omitted } = everyLink(
        vpcs.get(own)!,
        'tgw-work',
        entry => entry.environment === 'prod',
      );
      return [
        ...listed.map(entry => ({
          region,
          resource: `${own} ↔ ${entry.vpcId}`,
          message: `non-prod VPC ${own} is linked with prod VPC ${entry.vpcId} (account ${entry.accountId}) by transit gateway tgw-work (both ways: tgw-rtb-flat has a propagated route ${entry.cidrs[0]} to ${entry.vpcId}, tgw-rtb-flat routes back to ${own})`,
        })),
        {
          region,
          resource: own,
          message: `…and ${omitted} more VPCs of the other environment linked through transit gateway tgw-work`,
        },
      ];
    });
    expect(inEnglish(verdict)).toEqual({ status: 'fail', evidence: expected });
    expect(verdict.evidence).toHaveLength(3 * 11);
    expect(verdict.evidence[10].message).toBe(
      '…and 1990 more VPCs of the other environment linked through transit gateway tgw-work',
    );
  });

  it('passes the segmented hub, counting every link', () => {
    const verdict = networkProdIsolationCheck.evaluate(contextOf(prod));
    const connections = ['vpc-p0', 'vpc-p1']
      .map(own => everyLink(vpcs.get(own)!, 'tgw-hub', () => true))
      .map(({ listed, omitted }) => listed.length + omitted)
      .reduce((a, b) => a + b);
    // 2,000 other prod VPCs and the two shared ones, from each of two VPCs.
    expect(connections).toBe(2 * 2003);
    expect(inEnglish(verdict)).toEqual({
      status: 'pass',
      evidence: [
        {
          message: `${connections} VPC connection(s) checked: none joins prod and non-prod`,
        },
      ],
    });
  });

  it('lists the same overlapping VPCs as a pass over every link', () => {
    const { listed, omitted } = everyLink(vpcs.get('vpc-wide')!, 'tgw-hub', e =>
      e.cidrs.some(cidr => cidrsOverlap(cidr, '10.0.0.0/20')),
    );
    expect(omitted).toBe(6);
    expect(
      inEnglish(networkNoOverlappingCidrsCheck.evaluate(contextOf(wide))),
    ).toEqual({
      status: 'fail',
      evidence: [
        ...listed.map(entry => ({
          region,
          resource: `vpc-wide ↔ ${entry.vpcId}`,
          message: `10.0.0.0/20 of vpc-wide overlaps ${entry.cidrs[0]} of ${
            entry.vpcId
          } (account ${
            entry.accountId
          }), linked by transit gateway tgw-hub (both ways: tgw-rtb-shared has a propagated route ${
            entry.cidrs[0]
          } to ${entry.vpcId}, tgw-rtb-${
            entry.environment === 'prod' ? 'prod' : 'nonprod'
          } routes back to vpc-wide)`,
        })),
        {
          region,
          resource: 'vpc-wide',
          message:
            '…and 6 more VPCs with overlapping CIDRs linked through transit gateway tgw-hub',
        },
      ],
    });
  });
});
