import type {
  AccountFacts,
  CheckContext,
  Environment,
  VpcIndexEntry,
} from '@internal/plugin-landing-zone-common';
import { makeAccount, makeContext, makeVpc } from '../fixtures';
import { cidrsOverlap } from '../policy';
import { buildVpcIndex } from '../vpcIndex';
import {
  networkNoOverlappingCidrsCheck,
  networkProdIsolationCheck,
} from './network';

import {
  accountWithVpc,
  attach,
  hubId,
  prodId,
  qaId,
  region,
} from './networkFixtures';

describe('network checks on a large hub', () => {
  // 3,000 workload VPCs on one shared transit gateway: every one is connected
  // to every other, and each account's verdict must stay small.
  const hub = accountWithVpc(hubId, 'unknown', 'vpc-hub', '10.255.0.0/16');
  const others: AccountFacts[] = [hub];
  attach(hub, 'vpc-hub', 'tgw-hub', hubId);
  for (let i = 0; i < 3000; i++) {
    const id = String(400000000000 + i);
    const environment: Environment = i % 2 ? 'prod' : 'non-prod';
    const account = accountWithVpc(
      id,
      environment,
      `vpc-${i}`,
      `10.${Math.floor(i / 250)}.${i % 250}.0/24`,
    );
    attach(account, `vpc-${i}`, 'tgw-hub', hubId);
    others.push(account);
  }
  // A newcomer whose block overlaps two of them.
  const prod = accountWithVpc(prodId, 'prod', 'vpc-new', '10.0.0.0/23');
  attach(prod, 'vpc-new', 'tgw-hub', hubId);
  const context = makeContext(prod, { others });

  it('summarises the other environment on the hub instead of listing it', () => {
    const verdict = networkProdIsolationCheck.evaluate(context);
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence[0].message).toBe(
      '3001 VPC connection(s) checked: none joins prod and non-prod',
    );
    expect(verdict.evidence).toHaveLength(1 + 10 + 1);
    expect(verdict.evidence[11].message).toBe(
      '…and 1490 more VPCs of the other environment on transit gateway tgw-hub',
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

describe('network checks on a large hub, against a pass over every member', () => {
  // 4,000 workload VPCs, prod and non-prod alternating, each on the shared
  // hub tgw-hub and on tgw-work, a transit gateway a prod account owns. The
  // checks must report what a pass over every VPC on the transit gateway
  // would: the account's own VPC left out, the first ten in index order
  // listed, the rest counted.
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
  // A prod account with two VPCs on the shared hub only.
  const prod = makeAccount({
    id: prodId,
    environment: 'prod',
    vpcs: {
      [region]: [0, 1].map(n => makeVpc(`vpc-p${n}`, `10.201.${n}.0/24`)),
    },
  });
  for (const n of [0, 1]) attach(prod, `vpc-p${n}`, 'tgw-hub', hubId);
  // A VPC whose /20 overlaps the first 16 workload VPCs.
  const wide = accountWithVpc(
    '666666666666',
    'unknown',
    'vpc-wide',
    '10.0.0.0/20',
  );
  attach(wide, 'vpc-wide', 'tgw-hub', hubId);
  const vpcs = buildVpcIndex([qa, prod, wide, hub, ...workloads]);
  const contextOf = (account: AccountFacts): CheckContext => ({
    ...makeContext(account),
    vpcs,
  });

  /** The VPCs a pass over every member of `tgw` finds for `own`. */
  function everyMember(
    index: ReadonlyMap<string, VpcIndexEntry>,
    own: string,
    tgw: string,
    keep: (entry: VpcIndexEntry) => boolean,
  ) {
    const found = [...index.values()].filter(
      entry =>
        entry.vpcId !== own &&
        (entry.transitGatewayIds ?? []).includes(tgw) &&
        keep(entry),
    );
    return { listed: found.slice(0, 10), omitted: found.length - 10 };
  }

  /** Isolation evidence for `own` on `tgw`, from a pass over every member. */
  function isolationEvidence(
    index: ReadonlyMap<string, VpcIndexEntry>,
    own: string,
    environment: Environment,
    tgw: string,
    suffix: string,
  ) {
    const other = environment === 'prod' ? 'non-prod' : 'prod';
    const { listed, omitted } = everyMember(
      index,
      own,
      tgw,
      entry => entry.environment === other,
    );
    return [
      ...listed.map(entry => ({
        region,
        resource: `${own} ↔ ${entry.vpcId}`,
        message: `${environment} VPC ${own} is connected to ${other} VPC ${entry.vpcId} (account ${entry.accountId}) by transit gateway ${tgw}${suffix}`,
      })),
      {
        region,
        resource: own,
        message: `…and ${omitted} more VPCs of the other environment on transit gateway ${tgw}`,
      },
    ];
  }

  const onHub =
    ', a shared hub: isolation relies on its route tables, which are not checked';

  it('fails the workload-owned transit gateway with the same links, ten listed per VPC', () => {
    const verdict = networkProdIsolationCheck.evaluate(contextOf(qa));
    expect(verdict).toEqual({
      status: 'fail',
      evidence: ['vpc-q0', 'vpc-q1', 'vpc-q2'].flatMap(own =>
        isolationEvidence(vpcs, own, 'non-prod', 'tgw-work', ''),
      ),
    });
    expect(verdict.evidence).toHaveLength(3 * 11);
    expect(verdict.evidence[10].message).toBe(
      '…and 1990 more VPCs of the other environment on transit gateway tgw-work',
    );
  });

  it('counts every connection on the shared hub and reports the same links', () => {
    const verdict = networkProdIsolationCheck.evaluate(contextOf(prod));
    const connections = ['vpc-p0', 'vpc-p1']
      .map(
        own =>
          [...vpcs.values()].filter(
            entry =>
              entry.vpcId !== own &&
              (entry.transitGatewayIds ?? []).includes('tgw-hub'),
          ).length,
      )
      .reduce((a, b) => a + b);
    expect(connections).toBe(2 * 4006);
    expect(verdict).toEqual({
      status: 'pass',
      evidence: [
        {
          message: `${connections} VPC connection(s) checked: none joins prod and non-prod`,
        },
        ...['vpc-p0', 'vpc-p1'].flatMap(own =>
          isolationEvidence(vpcs, own, 'prod', 'tgw-hub', onHub),
        ),
      ],
    });
    expect(verdict.evidence).toHaveLength(1 + 2 * 11);
  });

  it('leaves a VPC out of its own links when the index files it under the other environment', () => {
    // An index read while the account changed environment: vpc-q0 is listed
    // among the prod VPCs its own account's VPCs are compared with.
    const stale = new Map(vpcs);
    stale.set('vpc-q0', { ...vpcs.get('vpc-q0')!, environment: 'prod' });
    const verdict = networkProdIsolationCheck.evaluate({
      ...contextOf(qa),
      vpcs: stale,
    });
    expect(verdict.evidence).toEqual(
      ['vpc-q0', 'vpc-q1', 'vpc-q2'].flatMap(own =>
        isolationEvidence(stale, own, 'non-prod', 'tgw-work', ''),
      ),
    );
    expect(verdict.evidence.map(e => e.resource)).not.toContain(
      'vpc-q0 ↔ vpc-q0',
    );
    expect(verdict.evidence.map(e => e.resource)).toContain('vpc-q1 ↔ vpc-q0');
    expect(verdict.evidence[10].message).toBe(
      '…and 1990 more VPCs of the other environment on transit gateway tgw-work',
    );
    expect(verdict.evidence[21].message).toBe(
      '…and 1991 more VPCs of the other environment on transit gateway tgw-work',
    );
  });

  it('lists the same overlapping VPCs as comparing with every member', () => {
    const { listed, omitted } = everyMember(vpcs, 'vpc-wide', 'tgw-hub', e =>
      e.cidrs.some(cidr => cidrsOverlap(cidr, '10.0.0.0/20')),
    );
    expect(omitted).toBe(6);
    expect(networkNoOverlappingCidrsCheck.evaluate(contextOf(wide))).toEqual({
      status: 'fail',
      evidence: [
        ...listed.map(entry => ({
          region,
          resource: `vpc-wide ↔ ${entry.vpcId}`,
          message: `10.0.0.0/20 of vpc-wide overlaps ${entry.cidrs[0]} of ${entry.vpcId} (account ${entry.accountId}), connected by transit gateway tgw-hub`,
        })),
        {
          region,
          resource: 'vpc-wide',
          message:
            '…and 6 more VPCs with overlapping CIDRs on transit gateway tgw-hub',
        },
      ],
    });
  });
});
