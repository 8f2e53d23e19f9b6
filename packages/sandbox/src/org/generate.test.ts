import { isDeepStrictEqual } from 'node:util';
import { cidrsOverlap } from './cidr';
import { generateOrganization } from './generate';
import { demoOrganizationPath, loadOrganization } from './load';
import type { Account, Organization } from './types';

/** Whether an account carries one of the generator's deliberate faults. */
function isNonCompliant(org: Organization, account: Account): boolean {
  const regions = Object.values(account.regions);
  return (
    // Members have no root credentials unless a fault left them some.
    (account.id !== org.managementAccountId &&
      account.iam.rootPasswordPresent) ||
    account.iam.rootAccessKeysPresent ||
    account.iam.users.length > 0 ||
    account.denyAssumeRole ||
    !account.s3PublicAccessBlock ||
    regions.some(
      r =>
        r.guardDuty?.status !== 'ENABLED' ||
        !r.securityHub ||
        r.configRecorder?.recording !== true ||
        !r.ebsEncryptionByDefault ||
        r.ec2.snapshotBlockPublicAccess === 'unblocked' ||
        r.ec2.instanceMetadataDefaults.httpTokens !== 'required' ||
        r.ec2.vpcBlockPublicAccess.mode === 'off' ||
        r.vpcs.some(v => v.flowLogs.length === 0 || v.tiers.length < 3),
    ) ||
    org.peerings.some(
      p =>
        p.accepter.accountId === account.id ||
        p.requester.accountId === account.id,
    ) ||
    // Attached to another account's gateway besides the hub.
    org.transitGateways.some(
      t =>
        !t.hub &&
        t.accountId !== account.id &&
        t.attachments.some(a => a.accountId === account.id),
    )
  );
}

describe('generateOrganization', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const options = {
      accounts: 300,
      regions: 3,
      seed: 42,
      nonCompliantFraction: 0.2,
    };
    const a = generateOrganization(options);
    const b = generateOrganization(options);
    const c = generateOrganization({ ...options, seed: 43 });
    // node's deep equality: Jest's toEqual takes seconds on objects this size.
    expect(isDeepStrictEqual(a, b)).toBe(true);
    expect(isDeepStrictEqual(a, c)).toBe(false);
    expect(c.accounts.map(x => x.id)).not.toEqual(a.accounts.map(x => x.id));
  });

  it('has the demo organisation’s OU layout and policies', () => {
    const demo = loadOrganization(demoOrganizationPath);
    const org = generateOrganization({ accounts: 120, regions: 2, seed: 3 });
    expect(org.organizationalUnits.map(o => o.path).sort()).toEqual(
      demo.organizationalUnits.map(o => o.path).sort(),
    );
    expect(org.policies.map(p => p.name)).toEqual(
      demo.policies
        .map(p => p.name)
        // The demo's own: one OU's, one account's.
        .filter(
          n => n !== 'deny-iam-users' && n !== 'cards-staging-image-sharing',
        ),
    );
    expect(org.regions).toEqual(['eu-west-1', 'eu-central-1']);
    const paths = new Set(
      org.accounts.map(
        a =>
          org.organizationalUnits.find(o => o.id === a.parentId)?.path ??
          'Root',
      ),
    );
    expect([...paths].sort()).toEqual([
      'Infrastructure',
      'Root',
      'Sandbox',
      'Security',
      'Suspended',
      'Workloads/Prod',
      'Workloads/QA',
      'Workloads/Staging',
    ]);
  });

  it('puts faults into about the requested fraction of workload accounts', () => {
    const org = generateOrganization({
      accounts: 1500,
      regions: 2,
      seed: 9,
      nonCompliantFraction: 0.1,
    });
    const workloads = org.accounts.slice(5).filter(a => a.status === 'ACTIVE');
    const faulty =
      workloads.filter(a => isNonCompliant(org, a)).length / workloads.length;
    // Peering faults mark two accounts, so the share runs slightly above the fraction.
    expect(faulty).toBeGreaterThan(0.07);
    expect(faulty).toBeLessThan(0.14);
    expect(org.peerings.length).toBeGreaterThan(0);

    const clean = generateOrganization({
      accounts: 300,
      regions: 2,
      seed: 9,
      nonCompliantFraction: 0,
    });
    expect(clean.accounts.filter(a => isNonCompliant(clean, a))).toEqual([]);
  });

  it('has issue 12 at scale: states, Unicode names, segmented hubs, a few of each new fault', () => {
    const org = generateOrganization({
      accounts: 2000,
      regions: 2,
      seed: 12,
      nonCompliantFraction: 0.2,
    });
    const states = new Set(org.accounts.map(a => a.status));
    expect([...states].sort()).toEqual([
      'ACTIVE',
      'CLOSED',
      'PENDING_CLOSURE',
      'SUSPENDED',
    ]);
    const unicode = org.accounts.filter(a => /[^\x20-\x7e]/.test(a.name));
    expect(unicode.length).toBeGreaterThan(20);
    expect(
      org.accounts.every(a => [...a.name].length <= 50 && a.email.length > 0),
    ).toBe(true);
    expect(new Set(org.accounts.map(a => a.email)).size).toBe(2000);

    const hubs = org.transitGateways.filter(t => t.hub);
    expect(hubs.map(t => t.routeTables.map(r => r.name))).toEqual([
      ['prod', 'non-prod', 'shared'],
      ['prod', 'non-prod', 'shared'],
    ]);
    // Every hub attachment is associated with exactly one table.
    for (const hub of hubs) {
      const associated = hub.routeTables.flatMap(r => r.associations).sort();
      expect(associated).toEqual(hub.attachments.map(a => a.id).sort());
    }
    const active = org.accounts.filter(a => a.status === 'ACTIVE');
    const count = (test: (a: Account) => boolean) => active.filter(test).length;
    const ec2 = (a: Account) => Object.values(a.regions).map(r => r.ec2);
    const faults = {
      virtualMfa: count(a => a.iam.rootMfaDevice === 'virtual'),
      rootActivity: count(a => a.rootEvents.length > 0),
      snapshot: count(a =>
        ec2(a).some(e => e.snapshotBlockPublicAccess === 'unblocked'),
      ),
      imds: count(a =>
        ec2(a).some(e => e.instanceMetadataDefaults.httpTokens === 'optional'),
      ),
      vpcBpa: count(a =>
        ec2(a).some(e => e.vpcBlockPublicAccess.mode === 'off'),
      ),
      sharedTable: org.transitGateways.find(t => !t.hub)!.attachments.length,
      oneSided: org.peerings.filter(p => {
        const accepter = org.accounts.find(a => a.id === p.accepter.accountId)!;
        const vpc = accepter.regions[p.accepter.region].vpcs.find(
          v => v.id === p.accepter.vpcId,
        )!;
        return !vpc.routeTables.some(t =>
          t.routes.some(r => r.vpcPeeringConnectionId === p.id),
        );
      }).length,
    };
    for (const [kind, n] of Object.entries(faults)) {
      expect([kind, n > 0]).toEqual([kind, true]);
    }
    // A few, not many: each kind is one of 21.
    expect(faults.virtualMfa).toBeLessThan(active.length * 0.05);
  });

  it.each([
    { regions: 9 },
    { regions: 0 },
    { regions: 2.5 },
    { regions: [] },
    { accounts: 10.5 },
    { accounts: 5 },
    { nonCompliantFraction: 1.5 },
  ])('refuses %j rather than cutting it to size', options => {
    expect(() => generateOrganization({ accounts: 10, ...options })).toThrow(
      RangeError,
    );
  });

  describe('at 5,000 accounts × 4 regions', () => {
    let org: Organization;
    let elapsed: number;
    beforeAll(() => {
      const started = performance.now();
      org = generateOrganization({ accounts: 5000, regions: 4, seed: 1 });
      elapsed = performance.now() - started;
    });

    it('builds in seconds, with unique VPC blocks except peering faults', () => {
      expect(org.accounts).toHaveLength(5000);
      expect(new Set(org.accounts.map(a => a.id)).size).toBe(5000);
      expect(Object.keys(org.accounts[10].regions).sort()).toEqual([
        'eu-central-1',
        'eu-west-1',
        'us-east-1',
        'us-west-2',
      ]);
      // Generous bound for a busy CI machine; typically 1–3 s.
      expect(elapsed).toBeLessThan(15_000);

      const cidrs = new Map<string, number>();
      for (const account of org.accounts) {
        for (const region of Object.values(account.regions)) {
          for (const vpc of region.vpcs)
            cidrs.set(vpc.cidr, (cidrs.get(vpc.cidr) ?? 0) + 1);
        }
      }
      const duplicated = [...cidrs.values()].filter(n => n > 1).length;
      const overlappingPeerings = org.peerings.filter(p =>
        cidrsOverlap(p.requester.cidr, p.accepter.cidr),
      );
      expect(duplicated).toBe(overlappingPeerings.length);
    });

    it('derives unique VPC, subnet, route table, peering and attachment ids', () => {
      const vpcs = org.accounts.flatMap(a =>
        Object.values(a.regions).flatMap(r => r.vpcs),
      );
      const ids = {
        vpc: vpcs.map(v => v.id),
        subnet: vpcs.flatMap(v => v.subnets.map(s => s.id)),
        routeTable: vpcs.flatMap(v => v.routeTables.map(t => t.id)),
        peering: org.peerings.map(p => p.id),
        attachment: org.transitGateways.flatMap(t =>
          t.attachments.map(a => a.id),
        ),
      };
      // Big enough to mean something: a 32-bit hash collides at this size.
      expect(ids.subnet.length).toBeGreaterThan(80_000);
      expect(ids.routeTable.length).toBeGreaterThan(70_000);
      expect(ids.peering.length).toBeGreaterThan(10);
      const duplicates = Object.fromEntries(
        Object.entries(ids).map(([kind, list]) => [
          kind,
          list.length - new Set(list).size,
        ]),
      );
      expect(duplicates).toEqual({
        vpc: 0,
        subnet: 0,
        routeTable: 0,
        peering: 0,
        attachment: 0,
      });
    });
  });
});
