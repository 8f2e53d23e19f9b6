import type { Account } from '@internal/sandbox';
import { collectionErrors } from '../scan/failures';
import { AccountCollector } from './account';
import { type CollectorSandbox } from './__testUtils__/collectors';
import { startWorkloadsSandbox } from './__testUtils__/workloads';

jest.setTimeout(120_000);

const REGIONS = ['eu-west-1', 'us-east-1'];

describe("AccountCollector's issue 13 facts against the sandbox", () => {
  let env: CollectorSandbox;
  let account: Account;

  beforeAll(async () => {
    ({ env, account } = await startWorkloadsSandbox());
  });

  afterAll(async () => {
    await env?.close();
  });

  async function collect() {
    const collector = AccountCollector.create({
      clients: env.clients,
      credentials: env.credentials,
      regions: REGIONS,
    });
    return collector.collect({
      id: account.id,
      name: account.name,
      email: account.email,
      status: account.status,
      parentId: account.parentId,
      parentIds: [],
      ouPath: '',
      tags: {},
      environment: 'unknown',
    });
  }

  it('reads the global facts once and the regional ones in every region, without an error', async () => {
    env.sandbox.resetCounters();

    const facts = await collect();

    expect(collectionErrors(facts)).toEqual([]);
    const global = facts.global!;
    expect(global.iamUsers?.data).toHaveLength(account.iam.users.length);
    expect(global.iamRoles?.data).toHaveLength(account.iam.roles.length);
    expect(global.cloudFrontDistributions?.data).toHaveLength(
      account.distributions.length,
    );
    expect(global.s3Buckets?.data).toHaveLength(account.buckets.length);
    for (const region of REGIONS) {
      const seeded = account.regions[region];
      const read = facts.regions![region];
      expect(read.networkAcls?.data).toHaveLength(
        seeded.vpcs.flatMap(v => v.networkAcls).length,
      );
      expect(read.securityGroups?.data).toHaveLength(
        seeded.vpcs.flatMap(v => v.securityGroups).length,
      );
      expect(read.loadBalancers?.data).toHaveLength(
        seeded.loadBalancers.length,
      );
      expect(read.rds?.data?.instances).toHaveLength(
        seeded.rds.instances.length,
      );
      expect(read.elastiCacheReplicationGroups?.data).toHaveLength(
        seeded.replicationGroups.length,
      );
      expect(read.instances?.data).toHaveLength(
        seeded.instances.filter(i => i.state === 'running').length,
      );
      expect(read.autoScalingGroups?.data).toHaveLength(
        seeded.autoScalingGroups.length,
      );
      expect(read.macie?.data).toEqual({
        status: seeded.macie?.status ?? 'DISABLED',
      });
    }

    const counters = env.sandbox.counters().services;
    // Global: once per account, whatever the number of regions.
    expect(counters.cloudfront.operations.ListDistributions.calls).toBe(1);
    expect(counters.s3.operations.ListBuckets.calls).toBe(1);
    expect(counters.iam.operations.ListUsers.calls).toBe(1);
    expect(counters.iam.operations.ListRoles.calls).toBe(1);
    // Regional: once per region.
    expect(counters.macie2.operations.GetMacieSession.calls).toBe(
      REGIONS.length,
    );
    // A key named by an RDS instance, a cache group and a bucket of one
    // region is described once in that region.
    const named = new Set(
      [
        ...REGIONS.flatMap(r => [
          ...account.regions[r].rds.instances.map(i => i.kmsKeyId),
          ...account.regions[r].rds.clusters.map(c => c.kmsKeyId),
          ...account.regions[r].replicationGroups.map(g => g.kmsKeyId),
        ]),
        ...account.buckets.map(b => b.encryption?.kmsMasterKeyId),
      ].filter(Boolean),
    );
    expect(counters.kms.operations.DescribeKey.calls).toBe(named.size);
  });
});
