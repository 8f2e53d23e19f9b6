import { isDeepStrictEqual } from 'node:util';
import { cidrsOverlap } from './cidr';
import { DATA_FAULTS, generateOrganization, ISSUE_13_FAULTS } from './generate';
import { demoOrganizationPath, loadOrganization } from './load';
import type { Account, Organization } from './types';

const OPEN = ['0.0.0.0/0', '::/0'];

/** Issue 13's faults in one region of an account, by kind. */
function issue13Faults(r: Account['regions'][string]): string[] {
  const faults: string[] = [];
  const ageDays = (minutes: number) => minutes / 1440;
  if (r.vpcs.some(v => v.networkAcls.length === 1)) faults.push('nacl-default');
  if (
    r.vpcs.some(v =>
      v.networkAcls.some(
        a =>
          a.tier === 'isolated' &&
          a.entries.some(
            e =>
              !e.egress &&
              e.ruleAction === 'allow' &&
              e.cidrBlock === '0.0.0.0/0',
          ),
      ),
    )
  ) {
    faults.push('nacl-isolated-open');
  }
  if (
    r.vpcs.some(v =>
      v.securityGroups.some(g =>
        g.ingress.some(
          rule =>
            [22, 3389].includes(rule.fromPort ?? -1) &&
            [...rule.cidrs, ...rule.ipv6Cidrs].some(c => OPEN.includes(c)),
        ),
      ),
    )
  ) {
    faults.push('sg-admin-open');
  }
  if (
    r.loadBalancers.some(
      lb =>
        lb.type === 'application' &&
        lb.scheme === 'internet-facing' &&
        !lb.webAclArn,
    )
  ) {
    faults.push('alb-no-waf');
  }
  const aws = new Set(
    r.kmsKeys.filter(k => k.keyManager === 'AWS').map(k => k.arn),
  );
  if (r.rds.instances.some(i => !i.storageEncrypted))
    faults.push('rds-unencrypted');
  if (r.rds.instances.some(i => i.kmsKeyId && aws.has(i.kmsKeyId))) {
    faults.push('rds-aws-key');
  }
  if (r.replicationGroups.some(g => !g.transitEncryptionEnabled)) {
    faults.push('cache-no-transit');
  }
  if (
    r.instances.some(
      i =>
        i.state === 'running' &&
        !i.autoScalingGroup &&
        ageDays(i.launchedMinutesAgo) > 30,
    )
  ) {
    faults.push('old-instance');
  }
  if (
    r.autoScalingGroups.some(
      g =>
        g.maxInstanceLifetime === undefined &&
        g.instanceRefreshes.length === 0 &&
        g.scheduledActions.length === 0,
    )
  ) {
    faults.push('asg-no-rotation');
  }
  if (r.macie?.status === 'PAUSED') faults.push('macie-paused');
  return faults;
}

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
        r.vpcs.some(v => v.flowLogs.length === 0 || v.tiers.length < 3) ||
        issue13Faults(r).length > 0,
    ) ||
    account.iam.roles.some(r => r.trustPolicy.includes('999988887777')) ||
    account.distributions.some(d => !d.webAclId) ||
    account.buckets.some(b => b.encryption?.sseAlgorithm !== 'aws:kms') ||
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
      accounts: 3000,
      regions: 2,
      seed: 12,
      // Issue 13's faults take a share of the faulty accounts: 0.3 keeps a
      // few of each Sandbox-only kind of issue 12's.
      nonCompliantFraction: 0.3,
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
    expect(new Set(org.accounts.map(a => a.email)).size).toBe(3000);

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

  it("has issue 13's resources at scale, with a few of each new fault and none without faults", () => {
    const org = generateOrganization({
      accounts: 4000,
      regions: 4,
      seed: 13,
      nonCompliantFraction: 0.3,
    });
    const active = org.accounts.filter(a => a.status === 'ACTIVE');
    const regions = active.flatMap(a => Object.values(a.regions));
    const found = new Map<string, number>();
    const add = (kind: string) => found.set(kind, (found.get(kind) ?? 0) + 1);
    for (const account of active) {
      for (const kind of new Set(
        Object.values(account.regions).flatMap(issue13Faults),
      )) {
        add(kind);
      }
      if (account.iam.users.some(u => u.accessKeys.length === 0)) {
        add('iam-user-no-key');
      }
      if (account.iam.roles.some(r => r.trustPolicy.includes('999988887777'))) {
        add('role-outside-trust');
      }
      if (account.distributions.some(d => !d.webAclId))
        add('cloudfront-no-waf');
      if (account.buckets.some(b => b.encryption?.sseAlgorithm === 'AES256')) {
        add('bucket-sse-s3');
      }
    }
    for (const kind of [...ISSUE_13_FAULTS, ...DATA_FAULTS]) {
      const n = found.get(kind) ?? 0;
      // A sprinkling: present, and in under 3% of the accounts each.
      expect([kind, n > 0, n < active.length * 0.03]).toEqual([
        kind,
        true,
        true,
      ]);
    }
    // The resources themselves, a few per account and region.
    const count = (pick: (r: (typeof regions)[number]) => unknown[]) =>
      regions.reduce((n, r) => n + pick(r).length, 0);
    expect(count(r => r.vpcs.flatMap(v => v.networkAcls))).toBeGreaterThan(
      count(r => r.vpcs) * 3,
    );
    expect(count(r => r.loadBalancers)).toBeGreaterThan(active.length * 0.8);
    expect(count(r => r.autoScalingGroups)).toBeGreaterThan(
      active.length * 0.6,
    );
    expect(count(r => r.instances)).toBeGreaterThan(active.length);
    expect(count(r => r.rds.instances)).toBeGreaterThan(active.length * 0.2);
    expect(count(r => r.replicationGroups)).toBeGreaterThan(
      active.length * 0.1,
    );
    const data = active.filter(a => a.tags['data-classification']);
    expect(data.length).toBeGreaterThan(active.length * 0.02);
    expect(
      data.every(a =>
        Object.values(a.regions).every(r => r.macie !== undefined),
      ),
    ).toBe(true);
    const workloads = active.filter(a => a.tags.environment !== 'shared');
    expect(workloads.every(a => a.buckets.length > 0)).toBe(true);
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
