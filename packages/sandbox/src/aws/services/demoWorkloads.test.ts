import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CloudFrontClient,
  ListDistributionsCommand,
} from '@aws-sdk/client-cloudfront';
import {
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  IAMClient,
  ListRolesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import {
  GetBucketEncryptionCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetWebACLForResourceCommand,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { memberConfigs } from '../../__testUtils__/clients';
import { startSandbox, type Sandbox } from '../../startSandbox';

/*
 * The demo organisation's seeded failures of issue 13's guardrails, read as
 * the collectors read them (the full truth table: packages/sandbox/README.md).
 */
describe('the demo organisation: issue 13 seeds', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ github: false, faults: { pageSize: 1000 } });
  });
  afterAll(() => sandbox.close());

  const config = memberConfigs(() => sandbox);

  it('network ACLs: cards-staging lets the internet into its isolated tier; Sandbox subnets stay on the default ACL', async () => {
    const acls = async (name: string) =>
      (
        await new EC2Client(await config(name)).send(
          new DescribeNetworkAclsCommand({}),
        )
      ).NetworkAcls!;
    const isolatedInbound = (list: Awaited<ReturnType<typeof acls>>) =>
      list
        .filter(a => a.Tags?.some(t => t.Value?.endsWith('-isolated')))
        .flatMap(a => a.Entries!)
        .filter(
          e =>
            !e.Egress &&
            e.RuleAction === 'allow' &&
            e.CidrBlock === '0.0.0.0/0',
        );
    expect(isolatedInbound(await acls('cards-staging'))).toHaveLength(1);
    expect(isolatedInbound(await acls('cards-prod'))).toHaveLength(0);
    const sandboxAcls = await acls('sandbox-payments');
    expect(sandboxAcls.map(a => [a.IsDefault, a.Associations!.length])).toEqual(
      [[true, 6]],
    );
    const prod = await acls('payments-prod');
    expect(prod.filter(a => a.IsDefault).map(a => a.Associations)).toEqual([
      [],
    ]);
  });

  it('security groups: SSH open in ci-cd, RDP over IPv6 in sandbox-cards', async () => {
    const open = async (name: string) =>
      (
        await new EC2Client(await config(name)).send(
          new DescribeSecurityGroupsCommand({}),
        )
      ).SecurityGroups!.flatMap(g =>
        g
          .IpPermissions!.filter(
            p =>
              [22, 3389].includes(p.FromPort ?? -1) &&
              (p.IpRanges!.some(r => r.CidrIp === '0.0.0.0/0') ||
                p.Ipv6Ranges!.some(r => r.CidrIpv6 === '::/0')),
          )
          .map(p => `${g.GroupName}:${p.FromPort}`),
      );
    expect(await open('ci-cd')).toEqual(['build-runners:22']);
    expect(await open('sandbox-cards')).toEqual(['windows-lab:3389']);
    expect(await open('network-hub')).toEqual([]);
  });

  it('WAF: network-hub guards its public ALBs and distributions; payments-staging and shared-services do not', async () => {
    const publicAlbAcls = async (name: string) => {
      const cfg = await config(name);
      const lbs = (
        await new ElasticLoadBalancingV2Client(cfg).send(
          new DescribeLoadBalancersCommand({}),
        )
      ).LoadBalancers!.filter(
        l => l.Scheme === 'internet-facing' && l.Type === 'application',
      );
      const waf = new WAFV2Client(cfg);
      return Promise.all(
        lbs.map(
          async l =>
            [
              l.LoadBalancerName,
              (
                await waf.send(
                  new GetWebACLForResourceCommand({
                    ResourceArn: l.LoadBalancerArn,
                  }),
                )
              ).WebACL?.Name ?? null,
            ] as const,
        ),
      );
    };
    expect(await publicAlbAcls('network-hub')).toEqual([
      ['edge-euw1', 'edge-euw1'],
      ['edge-api-euw1', 'edge-euw1'],
    ]);
    expect(await publicAlbAcls('payments-staging')).toEqual([
      ['partner-demo', null],
    ]);
    const distributions = async (name: string) =>
      (
        await new CloudFrontClient(await config(name, 'us-east-1')).send(
          new ListDistributionsCommand({}),
        )
      ).DistributionList!.Items!.map(d => [d.Aliases!.Items![0], d.WebACLId]);
    expect(await distributions('shared-services')).toEqual([
      ['docs.fintech-demo.example', ''],
    ]);
    expect(
      (await distributions('network-hub')).every(([, acl]) =>
        acl!.startsWith('arn:aws:wafv2:us-east-1:133965935006:global/webacl/'),
      ),
    ).toBe(true);
  });

  it('RDS: ledger-staging unencrypted; analytics-prod on the AWS managed key', async () => {
    const ledger = await new RDSClient(await config('ledger-staging')).send(
      new DescribeDBInstancesCommand({}),
    );
    expect(
      ledger.DBInstances!.map(i => [
        i.DBInstanceIdentifier,
        i.StorageEncrypted,
      ]),
    ).toEqual([['app-db', false]]);
    const cfg = await config('analytics-prod');
    const clusters = await new RDSClient(cfg).send(
      new DescribeDBClustersCommand({}),
    );
    const kms = new KMSClient(cfg);
    const key = await kms.send(
      new DescribeKeyCommand({ KeyId: clusters.DBClusters![0].KmsKeyId }),
    );
    expect(key.KeyMetadata!.KeyManager).toBe('AWS');
    const payments = await new RDSClient(await config('payments-prod')).send(
      new DescribeDBClustersCommand({}),
    );
    const paymentsKey = await new KMSClient(await config('payments-prod')).send(
      new DescribeKeyCommand({ KeyId: payments.DBClusters![0].KmsKeyId }),
    );
    expect(paymentsKey.KeyMetadata!.KeyManager).toBe('CUSTOMER');
  });

  it('ElastiCache: fraud-staging without in-transit encryption', async () => {
    const groups = async (name: string) =>
      (
        await new ElastiCacheClient(await config(name)).send(
          new DescribeReplicationGroupsCommand({}),
        )
      ).ReplicationGroups!.map(g => [
        g.AtRestEncryptionEnabled,
        g.TransitEncryptionEnabled,
      ]);
    expect(await groups('fraud-staging')).toEqual([[true, false]]);
    expect(await groups('fraud-prod')).toEqual([[true, true]]);
  });

  it('S3 and Macie in the data accounts: an SSE-S3 bucket in analytics-prod, Macie paused in one region of reporting-prod', async () => {
    const s3 = new S3Client({
      ...(await config('analytics-prod', 'us-east-1')),
      forcePathStyle: true,
    });
    const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets!;
    const algorithms = await Promise.all(
      buckets.map(async b => [
        b.Name,
        (
          await s3.send(new GetBucketEncryptionCommand({ Bucket: b.Name }))
        ).ServerSideEncryptionConfiguration!.Rules![0]
          .ApplyServerSideEncryptionByDefault!.SSEAlgorithm,
      ]),
    );
    expect(algorithms.filter(([, a]) => a !== 'aws:kms')).toEqual([
      ['fintech-demo-analytics-raw', 'AES256'],
    ]);
    const macie = async (name: string) =>
      Promise.all(
        sandbox.organization.regions.map(async region => {
          const client = new Macie2Client(await config(name, region));
          return (await client.send(new GetMacieSessionCommand({}))).status;
        }),
      );
    expect(await macie('analytics-prod')).toEqual([
      'ENABLED',
      'ENABLED',
      'ENABLED',
      'ENABLED',
    ]);
    expect(await macie('reporting-prod')).toEqual([
      'ENABLED',
      'ENABLED',
      'ENABLED',
      'PAUSED',
    ]);
  });

  it('instances: ledger-prod keeps a 200-day-old server, cards-staging a group that never rotates', async () => {
    const running = async (name: string) =>
      (
        await new EC2Client(await config(name)).send(
          new DescribeInstancesCommand({
            Filters: [{ Name: 'instance-state-name', Values: ['running'] }],
          }),
        )
      )
        .Reservations!.flatMap(r => r.Instances!)
        .map(i => ({
          days: Math.floor(
            (sandbox.startedAt - i.LaunchTime!.getTime()) / 86_400_000,
          ),
          group: i.Tags!.find(t => t.Key === 'aws:autoscaling:groupName')
            ?.Value,
        }));
    const ledger = await running('ledger-prod');
    expect(ledger.filter(i => i.days > 30)).toEqual([
      { days: 200, group: undefined },
    ]);
    const cards = await running('cards-staging');
    expect(cards.filter(i => i.days > 30).map(i => i.group)).toEqual([
      'app',
      'app',
    ]);
    const groups = await new AutoScalingClient(
      await config('cards-staging'),
    ).send(new DescribeAutoScalingGroupsCommand({}));
    expect(groups.AutoScalingGroups![0].MaxInstanceLifetime).toBeUndefined();
    expect(
      (await running('sandbox-platform')).filter(i => i.days > 30),
    ).toEqual([{ days: 120, group: undefined }]);
  });

  it('IAM: deploy-bot in payments-staging; cards-prod trusts an outside account', async () => {
    const users = async (name: string) =>
      (
        await new IAMClient(await config(name, 'us-east-1')).send(
          new ListUsersCommand({}),
        )
      ).Users!.map(u => [u.UserName, u.CreateDate instanceof Date]);
    expect(await users('payments-staging')).toEqual([['deploy-bot', true]]);
    expect(await users('payments-prod')).toEqual([]);
    const outside = async (name: string) =>
      (
        await new IAMClient(await config(name, 'us-east-1')).send(
          new ListRolesCommand({}),
        )
      )
        .Roles!.map(r =>
          JSON.parse(decodeURIComponent(r.AssumeRolePolicyDocument!)),
        )
        .flatMap(doc => doc.Statement)
        .flatMap(s => [s.Principal.AWS ?? []].flat())
        .filter(
          (arn: string) =>
            arn !== '*' &&
            !sandbox.organization.accounts.some(a =>
              arn.includes(`::${a.id}:`),
            ),
        );
    expect(await outside('cards-prod')).toEqual([
      'arn:aws:iam::999988887777:root',
    ]);
    expect(await outside('auth-prod')).toEqual([
      'arn:aws:iam::111122223333:root',
    ]);
    expect(await outside('payments-prod')).toEqual([]);
  });
});
