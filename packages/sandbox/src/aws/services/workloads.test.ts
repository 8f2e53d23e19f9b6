import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  DescribeScheduledActionsCommand,
  paginateDescribeAutoScalingGroups,
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
  paginateDescribeInstances,
  paginateDescribeNetworkAcls,
  paginateDescribeSecurityGroups,
} from '@aws-sdk/client-ec2';
import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  paginateDescribeReplicationGroups,
} from '@aws-sdk/client-elasticache';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  IAMClient,
  ListRolesCommand,
  ListUsersCommand,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import {
  DescribeKeyCommand,
  KMSClient,
  NotFoundException,
} from '@aws-sdk/client-kms';
import {
  AccessDeniedException,
  GetMacieSessionCommand,
  Macie2Client,
} from '@aws-sdk/client-macie2';
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  paginateDescribeDBInstances,
  RDSClient,
} from '@aws-sdk/client-rds';
import {
  GetBucketEncryptionCommand,
  ListBucketsCommand,
  paginateListBuckets,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import {
  GetWebACLForResourceCommand,
  WAFNonexistentItemException,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { memberConfigs } from '../../__testUtils__/clients';
import { parseOrganization } from '../../org/load';
import { startSandbox, type Sandbox } from '../../startSandbox';

const ORG = `
organization:
  id: o-w0rkl0ads00
  rootId: r-wkld
  managementAccount: '111111111111'
  regions: [eu-west-1, us-east-1]
defaults:
  roles: [LandingZoneReadOnly]
  rootMfa: true
  vpc: { tiers: [public, private, isolated], azs: 2 }
accounts:
  - id: '111111111111'
    name: management
  - id: '222222222222'
    name: shop
    s3PublicAccessBlock:
      { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }
    iamUsers:
      - { name: console-user, created: '2019-05-06T07:08:09Z', passwordLastUsed: '2026-10-01T12:00:00Z' }
      - { name: bot }
    iamRoles:
      - { name: vendor-support, trust: ['999988887777'] }
      - { name: org-reader, trust: [org] }
    buckets:
      - { name: shop-data, region: eu-west-1 }
      - { name: shop-logs, region: us-east-1, encryption: AES256 }
      - { name: shop-legacy, encryption: NONE }
      - { name: shop-aws-key, key: aws }
      - { name: shop-dsse, encryption: 'aws:kms:dsse' }
      - { name: shop-six }
    distributions:
      - { alias: www.shop.example, webAcl: edge }
      - { alias: static.shop.example }
    regions:
      eu-west-1:
        macie: ENABLED
        vpcs:
          - { name: shop-euw1, cidr: 10.20.0.0/16, isolatedInbound: [0.0.0.0/0] }
          - { name: shop-lab-euw1, cidr: 10.21.0.0/16, networkAcls: default }
          - { name: shop-batch-euw1, cidr: 10.22.0.0/16, tiers: [private] }
        securityGroups:
          - name: bastion
            ingress: [{ port: 22, from: 0.0.0.0/0 }, { port: 3389, from: '::/0' }]
        loadBalancers:
          - { name: web, scheme: internet-facing, webAcl: shop-acl }
          - { name: api, scheme: internet-facing }
          - { name: internal-api }
          - { name: tcp, type: network }
          - { name: b1 }
          - { name: b2 }
        databases:
          - { name: orders, cluster: 2 }
          - { name: legacy-db, encrypted: false }
          - { name: reports-db, key: aws }
        cacheGroups:
          - { name: sessions }
          - { name: cache-plain, atRest: false, inTransit: false }
          - { name: cache-pref, inTransit: preferred, key: customer }
        instances:
          - { name: old-box, ageDays: 200 }
          - { name: stopped-box, ageDays: 300, state: stopped }
        autoScalingGroups:
          - { name: web-asg, instances: 3, ageDays: 10, maxInstanceLifetimeDays: 14 }
          - { name: worker-asg, instances: 2, ageDays: 3, refreshedDaysAgo: 3 }
          - { name: batch-asg, instances: 1, ageDays: 1, schedule: '0 3 * * *' }
          - { name: stale-asg, instances: 2, ageDays: 90 }
      us-east-1:
        macie: PAUSED
  - id: '333333333333'
    name: other
    buckets: [{ name: other-data }]
`;

describe('issue 13 services through the SDK', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      org: parseOrganization(ORG, 'workloads.yaml'),
    });
  });
  afterAll(() => sandbox.close());

  const config = memberConfigs(() => sandbox);

  async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const p of pages) out.push(p);
    return out;
  }

  it('EC2: network ACLs per tier, the default ACL, entries and associations, paged', async () => {
    const ec2 = new EC2Client(await config('shop'));
    const pages = await all(
      paginateDescribeNetworkAcls({ client: ec2 }, { MaxResults: 5 }),
    );
    expect(pages.length).toBe(2);
    const acls = pages.flatMap(p => p.NetworkAcls ?? []);
    // shop-euw1: default + 3 tiers; shop-lab-euw1: default only; shop-batch-euw1: default + 1.
    expect(acls).toHaveLength(7);
    const vpcs = sandbox.organization.accounts.find(a => a.name === 'shop')!
      .regions['eu-west-1'].vpcs;
    const [main, lab] = vpcs;
    const ofMain = acls.filter(a => a.VpcId === main.id);
    expect(ofMain.filter(a => a.IsDefault)).toHaveLength(1);
    expect(ofMain.find(a => a.IsDefault)!.Associations).toEqual([]);
    const isolated = ofMain.find(
      a => a.Tags?.find(t => t.Key === 'Name')?.Value === 'shop-euw1-isolated',
    )!;
    expect(isolated.Associations!.map(a => a.SubnetId).sort()).toEqual(
      main.subnets
        .filter(s => s.tier === 'isolated')
        .map(s => s.id)
        .sort(),
    );
    const inbound = isolated.Entries!.filter(e => !e.Egress);
    expect(inbound.map(e => [e.RuleNumber, e.RuleAction, e.CidrBlock])).toEqual(
      [
        [100, 'allow', '10.20.0.0/16'],
        [200, 'allow', '0.0.0.0/0'],
        [32767, 'deny', '0.0.0.0/0'],
      ],
    );
    const publicAcl = ofMain.find(a =>
      a.Tags?.some(t => t.Value === 'shop-euw1-public'),
    )!;
    expect(publicAcl.Entries).toContainEqual(
      expect.objectContaining({
        RuleNumber: 101,
        Ipv6CidrBlock: '::/0',
        Protocol: '6',
        PortRange: { From: 443, To: 443 },
      }),
    );
    const labDefault = acls.find(a => a.VpcId === lab.id)!;
    expect(labDefault.IsDefault).toBe(true);
    expect(labDefault.Associations).toHaveLength(lab.subnets.length);
    // Filters by association.
    const bySubnet = await ec2.send(
      new DescribeNetworkAclsCommand({
        Filters: [
          { Name: 'association.subnet-id', Values: [lab.subnets[0].id] },
        ],
      }),
    );
    expect(bySubnet.NetworkAcls!.map(a => a.NetworkAclId)).toEqual([
      lab.networkAclId,
    ]);
  });

  it('EC2: security groups with IpRanges, Ipv6Ranges and UserIdGroupPairs', async () => {
    const ec2 = new EC2Client(await config('shop'));
    const pages = await all(
      paginateDescribeSecurityGroups({ client: ec2 }, { MaxResults: 5 }),
    );
    const groups = pages.flatMap(p => p.SecurityGroups ?? []);
    // Two VPCs × (default, app, alb), one × (default, app), and bastion.
    expect(groups).toHaveLength(9);
    expect(pages.length).toBe(2);
    const bastion = groups.find(g => g.GroupName === 'bastion')!;
    expect(
      bastion.IpPermissions!.map(p => [
        p.IpProtocol,
        p.FromPort,
        p.ToPort,
        p.IpRanges!.map(r => r.CidrIp),
        p.Ipv6Ranges!.map(r => r.CidrIpv6),
      ]),
    ).toEqual([
      ['tcp', 22, 22, ['0.0.0.0/0'], []],
      ['tcp', 3389, 3389, [], ['::/0']],
    ]);
    const defaults = groups.filter(g => g.GroupName === 'default');
    expect(defaults[0].IpPermissions![0].UserIdGroupPairs).toEqual([
      { UserId: '222222222222', GroupId: defaults[0].GroupId },
    ]);
    // The other account sees none of them.
    const other = new EC2Client(await config('other'));
    const none = await other.send(new DescribeSecurityGroupsCommand({}));
    expect(none.SecurityGroups).toEqual([]);
  });

  it('EC2: running instances with launch times relative to the sandbox clock and ASG tags', async () => {
    const ec2 = new EC2Client(await config('shop'));
    const pages = await all(
      paginateDescribeInstances(
        { client: ec2 },
        {
          Filters: [{ Name: 'instance-state-name', Values: ['running'] }],
          MaxResults: 5,
        },
      ),
    );
    const instances = pages.flatMap(p =>
      (p.Reservations ?? []).flatMap(r => r.Instances ?? []),
    );
    // old-box + 3 + 2 + 1 + 2; the stopped one is filtered out.
    expect(instances).toHaveLength(9);
    const old = instances.find(i =>
      i.Tags?.some(t => t.Key === 'Name' && t.Value === 'old-box'),
    )!;
    const started = sandbox.startedAt;
    expect(Math.round((started - old.LaunchTime!.getTime()) / 86_400_000)).toBe(
      200,
    );
    expect(old.State).toEqual({ Code: 16, Name: 'running' });
    const inGroup = instances.filter(i =>
      i.Tags?.some(
        t => t.Key === 'aws:autoscaling:groupName' && t.Value === 'web-asg',
      ),
    );
    expect(inGroup).toHaveLength(3);
    const stopped = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [{ Name: 'instance-state-name', Values: ['stopped'] }],
      }),
    );
    expect(stopped.Reservations!.flatMap(r => r.Instances)).toHaveLength(1);
  });

  it('ELBv2: load balancers paged with Marker; WAFv2: the web ACL of each, {} when none', async () => {
    const elb = new ElasticLoadBalancingV2Client(await config('shop'));
    const pages = await all(
      paginateDescribeLoadBalancers({ client: elb }, { PageSize: 4 }),
    );
    expect(pages.map(p => p.LoadBalancers!.length)).toEqual([4, 2]);
    const lbs = pages.flatMap(p => p.LoadBalancers!);
    const web = lbs.find(l => l.LoadBalancerName === 'web')!;
    expect([web.Type, web.Scheme, web.State?.Code]).toEqual([
      'application',
      'internet-facing',
      'active',
    ]);
    expect(web.DNSName).toMatch(/^web-\d+\.eu-west-1\.elb\.amazonaws\.com$/);
    expect(lbs.find(l => l.LoadBalancerName === 'tcp')!.Type).toBe('network');

    const waf = new WAFV2Client(await config('shop'));
    const withAcl = await waf.send(
      new GetWebACLForResourceCommand({ ResourceArn: web.LoadBalancerArn }),
    );
    expect(withAcl.WebACL?.Name).toBe('shop-acl');
    expect(withAcl.WebACL?.ARN).toMatch(
      /^arn:aws:wafv2:eu-west-1:222222222222:regional\/webacl\/shop-acl\//,
    );
    const api = lbs.find(l => l.LoadBalancerName === 'api')!;
    const without = await waf.send(
      new GetWebACLForResourceCommand({ ResourceArn: api.LoadBalancerArn }),
    );
    expect(without.WebACL).toBeUndefined();
    // Another account cannot read it.
    const otherWaf = new WAFV2Client(await config('other'));
    await expect(
      otherWaf.send(
        new GetWebACLForResourceCommand({ ResourceArn: web.LoadBalancerArn }),
      ),
    ).rejects.toBeInstanceOf(WAFNonexistentItemException);
    // Not-found by name.
    await expect(
      elb.send(new DescribeLoadBalancersCommand({ Names: ['nope'] })),
    ).rejects.toMatchObject({ name: 'LoadBalancerNotFoundException' });
  });

  it('CloudFront: distributions with WebACLId, empty when none, paged with Marker', async () => {
    const cf = new CloudFrontClient(await config('shop', 'us-east-1'));
    const first = await cf.send(new ListDistributionsCommand({ MaxItems: 1 }));
    expect(first.DistributionList!.IsTruncated).toBe(true);
    const second = await cf.send(
      new ListDistributionsCommand({
        MaxItems: 1,
        Marker: first.DistributionList!.NextMarker,
      }),
    );
    expect(second.DistributionList!.IsTruncated).toBe(false);
    const items = [
      ...first.DistributionList!.Items!,
      ...second.DistributionList!.Items!,
    ];
    expect(items.map(d => [d.Aliases!.Items, d.Enabled, d.Status])).toEqual([
      [['www.shop.example'], true, 'Deployed'],
      [['static.shop.example'], true, 'Deployed'],
    ]);
    expect(items[0].WebACLId).toMatch(
      /^arn:aws:wafv2:us-east-1:222222222222:global\/webacl\/edge\//,
    );
    expect(items[1].WebACLId).toBe('');
    expect(items[0].ARN).toBe(
      `arn:aws:cloudfront::222222222222:distribution/${items[0].Id}`,
    );
    const other = new CloudFrontClient(await config('other', 'us-east-1'));
    const none = await other.send(new ListDistributionsCommand({}));
    expect(none.DistributionList!.Quantity).toBe(0);
  });

  it('RDS: instances and clusters, encryption and key, paged with Marker', async () => {
    const rds = new RDSClient(await config('shop'));
    const pages = await all(
      paginateDescribeDBInstances({ client: rds }, { MaxRecords: 20 }),
    );
    const instances = pages.flatMap(p => p.DBInstances!);
    expect(
      instances.map(i => [
        i.DBInstanceIdentifier,
        i.StorageEncrypted,
        i.DBClusterIdentifier,
      ]),
    ).toEqual([
      ['orders-instance-1', true, 'orders'],
      ['orders-instance-2', true, 'orders'],
      ['legacy-db', false, undefined],
      ['reports-db', true, undefined],
    ]);
    expect(instances[0].KmsKeyId).toMatch(
      /^arn:aws:kms:eu-west-1:222222222222:key\//,
    );
    expect(instances[2].KmsKeyId).toBeUndefined();
    // The default page (5) is smaller than RDS's minimum MaxRecords; the Marker still pages.
    const firstPage = await rds.send(new DescribeDBInstancesCommand({}));
    expect(firstPage.DBInstances).toHaveLength(4);
    const clusters = await rds.send(new DescribeDBClustersCommand({}));
    expect(
      clusters.DBClusters!.map(c => [
        c.DBClusterIdentifier,
        c.Engine,
        c.StorageEncrypted,
        c.DBClusterMembers!.map(m => m.DBInstanceIdentifier),
      ]),
    ).toEqual([
      [
        'orders',
        'aurora-postgresql',
        true,
        ['orders-instance-1', 'orders-instance-2'],
      ],
    ]);
    await expect(
      rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'x' })),
    ).rejects.toMatchObject({ name: 'DBInstanceNotFoundFault' });

    // KMS tells a customer managed key from the AWS managed aws/rds.
    const kms = new KMSClient(await config('shop'));
    const customer = await kms.send(
      new DescribeKeyCommand({ KeyId: instances[0].KmsKeyId }),
    );
    expect(customer.KeyMetadata!.KeyManager).toBe('CUSTOMER');
    const managed = await kms.send(
      new DescribeKeyCommand({ KeyId: instances[3].KmsKeyId }),
    );
    expect(managed.KeyMetadata!.KeyManager).toBe('AWS');
    const byAlias = await kms.send(
      new DescribeKeyCommand({ KeyId: 'alias/aws/rds' }),
    );
    expect(byAlias.KeyMetadata!.Arn).toBe(instances[3].KmsKeyId);
    expect(byAlias.KeyMetadata!.CreationDate).toBeInstanceOf(Date);
    await expect(
      kms.send(
        new DescribeKeyCommand({
          KeyId: '00000000-0000-0000-0000-000000000000',
        }),
      ),
    ).rejects.toBeInstanceOf(NotFoundException);
    // Another account's key is not found from here.
    const otherKms = new KMSClient(await config('other'));
    await expect(
      otherKms.send(new DescribeKeyCommand({ KeyId: instances[0].KmsKeyId })),
    ).rejects.toBeInstanceOf(NotFoundException);
  });

  it('ElastiCache: replication groups with at-rest and in-transit encryption', async () => {
    const cache = new ElastiCacheClient(await config('shop'));
    const pages = await all(
      paginateDescribeReplicationGroups({ client: cache }, {}),
    );
    const groups = pages.flatMap(p => p.ReplicationGroups!);
    expect(
      groups.map(g => [
        g.ReplicationGroupId,
        g.AtRestEncryptionEnabled,
        g.TransitEncryptionEnabled,
        g.TransitEncryptionMode,
        g.KmsKeyId !== undefined,
        g.MemberClusters,
      ]),
    ).toEqual([
      [
        'sessions',
        true,
        true,
        'required',
        false,
        ['sessions-001', 'sessions-002'],
      ],
      [
        'cache-plain',
        false,
        false,
        undefined,
        false,
        ['cache-plain-001', 'cache-plain-002'],
      ],
      [
        'cache-pref',
        true,
        true,
        'preferred',
        true,
        ['cache-pref-001', 'cache-pref-002'],
      ],
    ]);
    await expect(
      cache.send(
        new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'nope' }),
      ),
    ).rejects.toMatchObject({ name: 'ReplicationGroupNotFoundFault' });
  });

  it('S3: buckets with their region, paged; default encryption or its absence (path style)', async () => {
    const s3 = new S3Client({
      ...(await config('shop', 'us-east-1')),
      forcePathStyle: true,
    });
    const pages = await all(paginateListBuckets({ client: s3 }, {}));
    expect(pages.length).toBe(2);
    const buckets = pages.flatMap(p => p.Buckets!);
    expect(buckets.map(b => [b.Name, b.BucketRegion])).toEqual([
      ['shop-data', 'eu-west-1'],
      ['shop-logs', 'us-east-1'],
      ['shop-legacy', 'eu-west-1'],
      ['shop-aws-key', 'eu-west-1'],
      ['shop-dsse', 'eu-west-1'],
      ['shop-six', 'eu-west-1'],
    ]);
    const sse = async (bucket: string) =>
      (await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })))
        .ServerSideEncryptionConfiguration!.Rules![0];
    const data = await sse('shop-data');
    expect(data.ApplyServerSideEncryptionByDefault!.SSEAlgorithm).toBe(
      'aws:kms',
    );
    expect(data.ApplyServerSideEncryptionByDefault!.KMSMasterKeyID).toMatch(
      /^arn:aws:kms:eu-west-1:222222222222:key\//,
    );
    expect(data.BucketKeyEnabled).toBe(true);
    const logs = await sse('shop-logs');
    expect(logs.ApplyServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'AES256',
    });
    expect(logs.BucketKeyEnabled).toBe(false);
    const error = await s3
      .send(new GetBucketEncryptionCommand({ Bucket: 'shop-legacy' }))
      .catch(e => e);
    expect(error).toBeInstanceOf(S3ServiceException);
    expect([error.name, error.$metadata.httpStatusCode]).toEqual([
      'ServerSideEncryptionConfigurationNotFoundError',
      404,
    ]);
    // Another account's bucket is forbidden.
    const foreign = await s3
      .send(new GetBucketEncryptionCommand({ Bucket: 'other-data' }))
      .catch(e => e);
    expect(foreign.$metadata.httpStatusCode).toBe(403);
    const other = new S3Client({
      ...(await config('other')),
      forcePathStyle: true,
    });
    const mine = await other.send(new ListBucketsCommand({}));
    expect(mine.Buckets!.map(b => b.Name)).toEqual(['other-data']);
    // S3 Control still answers on the same signing name.
    const control = new S3ControlClient({
      ...(await config('shop')),
      endpointProvider: () => ({ url: new URL(sandbox.url) }),
    });
    const bpa = await control.send(
      new GetPublicAccessBlockCommand({ AccountId: '222222222222' }),
    );
    expect(bpa.PublicAccessBlockConfiguration!.BlockPublicAcls).toBe(true);
  });

  it('Auto Scaling: groups with lifetimes and instances, refreshes, scheduled actions', async () => {
    const asg = new AutoScalingClient(await config('shop'));
    const pages = await all(
      paginateDescribeAutoScalingGroups({ client: asg }, { MaxRecords: 3 }),
    );
    expect(pages.length).toBe(2);
    const groups = pages.flatMap(p => p.AutoScalingGroups!);
    expect(
      groups.map(g => [
        g.AutoScalingGroupName,
        g.MaxInstanceLifetime,
        g.Instances!.length,
      ]),
    ).toEqual([
      ['web-asg', 14 * 86_400, 3],
      ['worker-asg', undefined, 2],
      ['batch-asg', undefined, 1],
      ['stale-asg', undefined, 2],
    ]);
    const refreshes = await asg.send(
      new DescribeInstanceRefreshesCommand({
        AutoScalingGroupName: 'worker-asg',
      }),
    );
    expect(refreshes.InstanceRefreshes!.map(r => r.Status)).toEqual([
      'Successful',
    ]);
    const daysAgo =
      (sandbox.startedAt -
        refreshes.InstanceRefreshes![0].StartTime!.getTime()) /
      86_400_000;
    expect(Math.round(daysAgo)).toBe(3);
    const none = await asg.send(
      new DescribeInstanceRefreshesCommand({
        AutoScalingGroupName: 'stale-asg',
      }),
    );
    expect(none.InstanceRefreshes).toEqual([]);
    const scheduled = await asg.send(new DescribeScheduledActionsCommand({}));
    expect(
      scheduled.ScheduledUpdateGroupActions!.map(a => [
        a.AutoScalingGroupName,
        a.Recurrence,
      ]),
    ).toEqual([['batch-asg', '0 3 * * *']]);
    const named = await asg.send(
      new DescribeAutoScalingGroupsCommand({
        AutoScalingGroupNames: ['stale-asg'],
      }),
    );
    expect(named.AutoScalingGroups!.map(g => g.AutoScalingGroupName)).toEqual([
      'stale-asg',
    ]);
  });

  it('Macie: ENABLED, PAUSED, or AccessDeniedException "Macie is not enabled"', async () => {
    const euw1 = new Macie2Client(await config('shop'));
    expect((await euw1.send(new GetMacieSessionCommand({}))).status).toBe(
      'ENABLED',
    );
    const use1 = new Macie2Client(await config('shop', 'us-east-1'));
    expect((await use1.send(new GetMacieSessionCommand({}))).status).toBe(
      'PAUSED',
    );
    const other = new Macie2Client(await config('other'));
    const error = await other
      .send(new GetMacieSessionCommand({}))
      .catch(e => e);
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect([error.message, error.$metadata.httpStatusCode]).toEqual([
      'Macie is not enabled',
      403,
    ]);
  });

  it('IAM: roles with their URL-encoded trust policies and service-linked paths, paged; users with CreateDate and PasswordLastUsed', async () => {
    const iam = new IAMClient(await config('shop', 'us-east-1'));
    const pages = await all(paginateListRoles({ client: iam }, {}));
    expect(pages.length).toBeGreaterThan(1);
    const roles = pages.flatMap(p => p.Roles!);
    const names = roles.map(r => r.RoleName);
    expect(names).toEqual(
      expect.arrayContaining([
        'LandingZoneReadOnly',
        'account-operator',
        'AWSServiceRoleForOrganizations',
        'vendor-support',
        'org-reader',
      ]),
    );
    const trust = (name: string) =>
      JSON.parse(
        decodeURIComponent(
          roles.find(r => r.RoleName === name)!.AssumeRolePolicyDocument!,
        ),
      ).Statement;
    expect(trust('vendor-support')[0].Principal).toEqual({
      AWS: 'arn:aws:iam::999988887777:root',
    });
    expect(trust('LandingZoneReadOnly')[0].Principal).toEqual({
      AWS: 'arn:aws:iam::111111111111:root',
    });
    expect(trust('org-reader')[0].Condition).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': 'o-w0rkl0ads00' },
    });
    const sso = roles.find(r => r.RoleName!.startsWith('AWSReservedSSO_'))!;
    expect(trust(sso.RoleName!)[0].Action).toContain('sts:AssumeRoleWithSAML');
    const linked = await iam.send(
      new ListRolesCommand({ PathPrefix: '/aws-service-role/' }),
    );
    expect(linked.Roles!.map(r => r.RoleName)).toEqual([
      'AWSServiceRoleForOrganizations',
      'AWSServiceRoleForSSO',
    ]);
    const users = await iam.send(new ListUsersCommand({}));
    expect(
      users.Users!.map(u => [
        u.UserName,
        u.CreateDate?.toISOString().slice(0, 4),
        u.PasswordLastUsed?.toISOString(),
      ]),
    ).toEqual([
      ['console-user', '2019', '2026-10-01T12:00:00.000Z'],
      ['bot', expect.any(String), undefined],
    ]);
    expect(linked.Roles![0].Arn).toBe(
      'arn:aws:iam::222222222222:role/aws-service-role/organizations.amazonaws.com/AWSServiceRoleForOrganizations',
    );
  });
});
