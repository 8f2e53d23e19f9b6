import type { Account } from '@internal/sandbox';
import { readAutoScalingGroups } from './autoScaling';
import { readCloudFrontDistributions } from './cloudFront';
import { readEc2Resources } from './ec2Resources';
import { readIamIdentities } from './iamIdentities';
import { KmsKeyResolver } from './kmsKeys';
import { readLoadBalancers } from './loadBalancers';
import { readS3Buckets } from './s3Buckets';
import { type CollectorSandbox } from './__testUtils__/collectors';
import { startWorkloadsSandbox } from './__testUtils__/workloads';

// The smallest page each API takes, so the small organisation needs several:
// a reader that stops after its first page reads less than was seeded.
jest.mock('./pageSizes', () => ({
  PAGE_SIZE: {
    ...jest.requireActual('./pageSizes').PAGE_SIZE,
    ec2: 5,
    ec2RouteTables: 5,
    iam: 2,
    elbv2: 2,
    cloudfront: 1,
    autoscaling: 1,
    s3: 2,
  },
}));

jest.setTimeout(120_000);

const REGION = 'eu-west-1';

describe("issue 13's readers follow every page", () => {
  let env: CollectorSandbox;
  let account: Account;

  beforeAll(async () => {
    ({ env, account } = await startWorkloadsSandbox());
  });

  afterAll(async () => {
    await env?.close();
  });

  /** The calls the sandbox answered for `service:Operation` since the last reset. */
  const calls = (key: string) => {
    const [service, operation] = key.split(':');
    return (
      env.sandbox.counters().services[service]?.operations[operation]?.calls ??
      0
    );
  };

  it('reads every page of security groups, load balancers, Auto Scaling groups and scheduled actions', async () => {
    const credentials = await env.member(account.id);
    const seeded = account.regions[REGION];
    env.sandbox.resetCounters();

    const [ec2, lbs, asgs] = await Promise.all([
      readEc2Resources(env.clients.ec2(REGION, credentials)),
      readLoadBalancers({
        elbv2: env.clients.elbv2(REGION, credentials),
        wafv2: env.clients.wafv2(REGION, credentials),
      }),
      readAutoScalingGroups(env.clients.autoscaling(REGION, credentials)),
    ]);

    const groups = seeded.vpcs.flatMap(v => v.securityGroups);
    expect(groups.length).toBeGreaterThan(5);
    expect(ec2.securityGroups.data).toHaveLength(groups.length);
    expect(calls('ec2:DescribeSecurityGroups')).toBe(
      Math.ceil(groups.length / 5),
    );

    expect(lbs.loadBalancers.data).toHaveLength(seeded.loadBalancers.length);
    expect(calls('elasticloadbalancing:DescribeLoadBalancers')).toBe(
      Math.ceil(seeded.loadBalancers.length / 2),
    );

    expect(
      asgs.autoScalingGroups.data!.map(g => g.autoScalingGroupName),
    ).toEqual(seeded.autoScalingGroups.map(g => g.name));
    expect(calls('autoscaling:DescribeAutoScalingGroups')).toBe(
      seeded.autoScalingGroups.length,
    );
    expect(
      asgs.autoScalingGroups.data!.flatMap(g => g.scheduledActions),
    ).toHaveLength(
      seeded.autoScalingGroups.flatMap(g => g.scheduledActions).length,
    );
  });

  it('reads every page of users, roles, distributions and buckets', async () => {
    const credentials = await env.member(account.id);
    env.sandbox.resetCounters();

    const [iam, cloudFront, s3] = await Promise.all([
      readIamIdentities(env.clients.iam(credentials)),
      readCloudFrontDistributions(env.clients.cloudfront(credentials)),
      readS3Buckets(
        region => env.clients.s3(region, credentials),
        new KmsKeyResolver(region => env.clients.kms(region, credentials)),
        REGION,
      ),
    ]);

    expect(iam.iamUsers.data).toHaveLength(account.iam.users.length);
    expect(calls('iam:ListUsers')).toBe(
      Math.ceil(account.iam.users.length / 2),
    );
    expect(iam.iamRoles.data).toHaveLength(account.iam.roles.length);
    expect(calls('iam:ListRoles')).toBe(
      Math.ceil(account.iam.roles.length / 2),
    );
    expect(cloudFront.cloudFrontDistributions.data).toHaveLength(
      account.distributions.length,
    );
    expect(calls('cloudfront:ListDistributions')).toBe(
      account.distributions.length,
    );
    expect(s3.s3Buckets.data).toHaveLength(account.buckets.length);
    expect(calls('s3:ListBuckets')).toBe(Math.ceil(account.buckets.length / 2));
  });
});
