/*
 * Inventories a running sandbox through the real AWS SDK, the way the portal's
 * scanner will: Organizations from the management account, then per member
 * account AssumeRole(LandingZoneReadOnly) and the guardrail-relevant reads.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     scripts/demo-inventory.ts http://127.0.0.1:4566 [region,region…]
 */
import {
  CloudTrailClient,
  paginateLookupEvents,
} from '@aws-sdk/client-cloudtrail';
import {
  AccessAnalyzerClient,
  paginateListAnalyzers,
} from '@aws-sdk/client-accessanalyzer';
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
} from '@aws-sdk/client-config-service';
import {
  DescribeVpcBlockPublicAccessOptionsCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  GetImageBlockPublicAccessStateCommand,
  GetInstanceMetadataDefaultsCommand,
  GetSnapshotBlockPublicAccessStateCommand,
  paginateDescribeFlowLogs,
  paginateDescribeInstances,
  paginateDescribeNetworkAcls,
  paginateDescribeSecurityGroups,
  paginateDescribeTransitGatewayRouteTables,
  paginateDescribeTransitGateways,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import {
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import {
  GetAccountSummaryCommand,
  IAMClient,
  ListOrganizationsFeaturesCommand,
  paginateListRoles,
  paginateListUsers,
  paginateListVirtualMFADevices,
} from '@aws-sdk/client-iam';
import {
  ListParentsCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListPoliciesForTarget,
  paginateListTagsForResource,
} from '@aws-sdk/client-organizations';
import {
  GetPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import {
  DescribeHubCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  AutoScalingClient,
  paginateDescribeAutoScalingGroups,
} from '@aws-sdk/client-auto-scaling';
import {
  CloudFrontClient,
  ListDistributionsCommand,
} from '@aws-sdk/client-cloudfront';
import {
  ElastiCacheClient,
  paginateDescribeReplicationGroups,
} from '@aws-sdk/client-elasticache';
import {
  ElasticLoadBalancingV2Client,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import {
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  RDSClient,
} from '@aws-sdk/client-rds';
import {
  GetBucketEncryptionCommand,
  paginateListBuckets,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetWebACLForResourceCommand,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { MANAGEMENT_CREDENTIALS } from '../src';

/** Every item of a listing: the sandbox pages at 5 by default, as clients must expect. */
async function all<P, T>(
  pages: AsyncIterable<P>,
  pick: (page: P) => T[] | undefined,
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...(pick(page) ?? []));
  return items;
}

const ROLE = 'LandingZoneReadOnly';
const CONCURRENCY = 8;

type Credentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
};

const endpoint = process.argv[2];
const regions = (
  process.argv[3] ?? 'eu-west-1,eu-central-1,us-east-1,us-west-2'
).split(',');
if (!endpoint) {
  process.stderr.write(
    'usage: demo-inventory.ts SANDBOX_URL [region,region…]\n',
  );
  process.exit(2);
}

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

/** Renders a read's result, or the error code it failed with. */
function show<T>(value: T | string, render: (v: T) => string): string {
  return typeof value === 'string' ? value : render(value);
}

/** The error code of a failed read, so one missing fact does not hide the others. */
async function attempt<T>(read: () => Promise<T>): Promise<T | string> {
  try {
    return await read();
  } catch (e) {
    return `✗ ${(e as Error).name}`;
  }
}

function config(region: string, credentials: Credentials) {
  return {
    endpoint,
    region,
    credentials,
    retryMode: 'adaptive' as const,
    maxAttempts: 6,
  };
}

/** The organisation's account ids: a role trusting one of them trusts inside. */
const organizationAccounts = new Set<string>();

/** Issue 13, account-wide: outside trust, CloudFront without WAF, bucket encryption. */
async function issue13Global(credentials: Credentials): Promise<string> {
  const c = config('us-east-1', credentials);
  const roles = await attempt(async () => {
    const outside = (
      await all(
        paginateListRoles({ client: new IAMClient(c) }, {}),
        p => p.Roles,
      )
    ).flatMap(r =>
      JSON.parse(decodeURIComponent(r.AssumeRolePolicyDocument!))
        .Statement.flatMap((st: { Principal?: { AWS?: string | string[] } }) =>
          [st.Principal?.AWS ?? []].flat(),
        )
        .filter(
          (arn: string) =>
            arn !== '*' && !organizationAccounts.has(arn.split(':')[4]),
        )
        .map((arn: string) => `${r.RoleName}→${arn.split(':')[4]}`),
    );
    return outside.join(', ') || 'none';
  });
  const distributions = await attempt(async () => {
    const list =
      (await new CloudFrontClient(c).send(new ListDistributionsCommand({})))
        .DistributionList!.Items ?? [];
    return list
      .map(
        d => `${d.Aliases?.Items?.[0] ?? d.Id}${d.WebACLId ? '' : ' (NO WAF)'}`,
      )
      .join(', ');
  });
  const buckets = await attempt(async () => {
    const s3 = new S3Client({ ...c, forcePathStyle: true });
    const kms = new KMSClient(c);
    const list = await all(
      paginateListBuckets({ client: s3 }, {}),
      p => p.Buckets,
    );
    const described = await Promise.all(
      list.map(async b => {
        const sse = await attempt(async () => {
          const rule = (
            await s3.send(new GetBucketEncryptionCommand({ Bucket: b.Name }))
          ).ServerSideEncryptionConfiguration!.Rules![0]
            .ApplyServerSideEncryptionByDefault!;
          if (!rule.KMSMasterKeyID) return rule.SSEAlgorithm;
          const key = await kms.send(
            new DescribeKeyCommand({ KeyId: rule.KMSMasterKeyID }),
          );
          return `${rule.SSEAlgorithm}/${key.KeyMetadata!.KeyManager}`;
        });
        return `${b.Name} ${sse}`;
      }),
    );
    return described.join(', ');
  });
  return `roles trusting outside accounts ${roles} · CloudFront ${
    distributions || 'none'
  } · buckets ${buckets || 'none'}`;
}

/** Issue 13, per region: tiers' ACLs, open admin ports, WAF, encryption, old instances, Macie. */
async function issue13Region(c: ReturnType<typeof config>): Promise<string> {
  const ec2 = new EC2Client(c);
  const parts: string[] = [];
  const acls = await attempt(() =>
    all(paginateDescribeNetworkAcls({ client: ec2 }, {}), p => p.NetworkAcls),
  );
  if (typeof acls === 'string') parts.push(`ACLs ${acls}`);
  else if (acls.length) {
    const onDefault = acls.some(a => a.IsDefault && a.Associations?.length);
    const open = acls.some(
      a =>
        a.Tags?.some(t => t.Value?.endsWith('-isolated')) &&
        a.Entries?.some(
          e =>
            !e.Egress &&
            e.RuleAction === 'allow' &&
            e.CidrBlock === '0.0.0.0/0',
        ),
    );
    parts.push(
      `ACLs ${onDefault ? 'DEFAULT' : 'per tier'}${
        open ? ' (ISOLATED OPEN)' : ''
      }`,
    );
  }
  const groups = await attempt(() =>
    all(
      paginateDescribeSecurityGroups({ client: ec2 }, {}),
      p => p.SecurityGroups,
    ),
  );
  const openAdmin =
    typeof groups === 'string'
      ? groups
      : groups
          .flatMap(g =>
            (g.IpPermissions ?? [])
              .filter(
                p =>
                  [22, 3389].includes(p.FromPort ?? -1) &&
                  (p.IpRanges?.some(r => r.CidrIp === '0.0.0.0/0') ||
                    p.Ipv6Ranges?.some(r => r.CidrIpv6 === '::/0')),
              )
              .map(p => `${g.GroupName}:${p.FromPort}`),
          )
          .join(', ');
  if (openAdmin) parts.push(`OPEN ADMIN ${openAdmin}`);
  const lbs = await attempt(() =>
    all(
      paginateDescribeLoadBalancers(
        {
          client: new ElasticLoadBalancingV2Client(c),
        },
        {},
      ),
      p => p.LoadBalancers,
    ),
  );
  if (typeof lbs !== 'string' && lbs.length) {
    const waf = new WAFV2Client(c);
    const publicAlbs = await Promise.all(
      lbs
        .filter(l => l.Scheme === 'internet-facing' && l.Type === 'application')
        .map(async l => {
          const acl = await attempt(
            async () =>
              (
                await waf.send(
                  new GetWebACLForResourceCommand({
                    ResourceArn: l.LoadBalancerArn,
                  }),
                )
              ).WebACL?.Name ?? 'NO WAF',
          );
          return `${l.LoadBalancerName} ${acl}`;
        }),
    );
    parts.push(
      `LBs ${lbs.length}${
        publicAlbs.length ? ` (public: ${publicAlbs.join(', ')})` : ''
      }`,
    );
  }
  const rds = new RDSClient(c);
  const kms = new KMSClient(c);
  const stores = await attempt(async () => {
    const instances = await all(
      paginateDescribeDBInstances({ client: rds }, {}),
      p => p.DBInstances,
    );
    const clusters = await all(
      paginateDescribeDBClusters({ client: rds }, {}),
      p => p.DBClusters,
    );
    const caches = await all(
      paginateDescribeReplicationGroups(
        { client: new ElastiCacheClient(c) },
        {},
      ),
      p => p.ReplicationGroups,
    );
    const keyOf = async (keyId: string | undefined) =>
      keyId
        ? (await kms.send(new DescribeKeyCommand({ KeyId: keyId })))
            .KeyMetadata!.KeyManager
        : 'UNENCRYPTED';
    const rows = [
      ...(await Promise.all(
        [
          ...clusters.map(x => [x.DBClusterIdentifier, x.KmsKeyId] as const),
          ...instances
            .filter(x => !x.DBClusterIdentifier)
            .map(x => [x.DBInstanceIdentifier, x.KmsKeyId] as const),
        ].map(async ([id, key]) => `${id} ${await keyOf(key)}`),
      )),
      ...caches.map(
        g =>
          `${g.ReplicationGroupId} ${
            g.AtRestEncryptionEnabled ? 'at rest' : 'NOT AT REST'
          }/${g.TransitEncryptionEnabled ? 'in transit' : 'NOT IN TRANSIT'}`,
      ),
    ];
    return rows.join(', ');
  });
  if (stores) parts.push(`data stores ${stores}`);
  const old = await attempt(async () => {
    const instances = (
      await all(
        paginateDescribeInstances(
          { client: ec2 },
          { Filters: [{ Name: 'instance-state-name', Values: ['running'] }] },
        ),
        p => p.Reservations,
      )
    ).flatMap(r => r.Instances ?? []);
    const scalingGroups = await all(
      paginateDescribeAutoScalingGroups(
        { client: new AutoScalingClient(c) },
        {},
      ),
      p => p.AutoScalingGroups,
    );
    const aged = instances
      .map(i => ({
        days: Math.floor((Date.now() - i.LaunchTime!.getTime()) / 86_400_000),
        group: i.Tags?.find(t => t.Key === 'aws:autoscaling:groupName')?.Value,
      }))
      .filter(i => i.days > 30);
    return instances.length
      ? `instances ${instances.length} in ${scalingGroups.length} group(s)${
          aged.length
            ? ` (OLD: ${aged
                .map(i => `${i.days}d${i.group ? ` in ${i.group}` : ''}`)
                .join(', ')})`
            : ''
        }`
      : '';
  });
  if (old) parts.push(old);
  const macie = await attempt(
    async () =>
      (
        await new Macie2Client(c).send(new GetMacieSessionCommand({}))
      ).status,
  );
  if (macie !== '✗ AccessDeniedException') parts.push(`Macie ${macie}`);
  return parts.join(' · ');
}

async function inventoryAccount(
  account: { id: string; name: string; status: string },
  management: Credentials,
) {
  const sts = new STSClient(config('us-east-1', management));
  let credentials: Credentials;
  try {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account.id}:role/${ROLE}`,
        RoleSessionName: 'demo-inventory',
      }),
    );
    credentials = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    };
  } catch (e) {
    return [`  AssumeRole ${ROLE}: ✗ ${(e as Error).name}`];
  }

  const lines: string[] = [];
  const iam = new IAMClient(config('us-east-1', credentials));
  const summary = await attempt(
    async () => (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!,
  );
  const users = await attempt(async () =>
    (
      await all(paginateListUsers({ client: iam }, {}), p => p.Users)
    ).map(u => u.UserName),
  );
  const s3control = new S3ControlClient({
    ...config('us-east-1', credentials),
    // S3 Control prefixes the account id to the host by endpoint rule; keep the sandbox host.
    endpointProvider: () => ({ url: new URL(endpoint) }),
  });
  const bpa = await attempt(async () => {
    const { PublicAccessBlockConfiguration: c } = await s3control.send(
      new GetPublicAccessBlockCommand({ AccountId: account.id }),
    );
    return c!.BlockPublicAcls &&
      c!.IgnorePublicAcls &&
      c!.BlockPublicPolicy &&
      c!.RestrictPublicBuckets
      ? 'all on'
      : 'partial';
  });
  const virtualMfa = await attempt(async () =>
    (
      await all(
        paginateListVirtualMFADevices(
          { client: iam },
          { AssignmentStatus: 'Assigned' },
        ),
        p => p.VirtualMFADevices,
      )
    ).some(d => d.User?.Arn?.endsWith(':root')),
  );
  const rootCredentials = show(summary, m =>
    m.AccountPasswordPresent ||
    m.AccountAccessKeysPresent ||
    m.AccountSigningCertificatesPresent ||
    m.AccountMFAEnabled
      ? 'PRESENT'
      : 'none',
  );
  const rootMfa = show(summary, m =>
    m.AccountMFAEnabled
      ? `on${virtualMfa === true ? ' (VIRTUAL)' : ''}`
      : 'OFF',
  );
  const rootKeys = show(summary, m =>
    m.AccountAccessKeysPresent ? 'PRESENT' : 'none',
  );
  const userList = show(users, u => u.join(', ') || 'none');
  lines.push(
    `  root credentials ${rootCredentials} · root MFA ${rootMfa} · root keys ${rootKeys} · IAM users ${userList} · S3 BPA ${bpa}`,
  );
  lines.push(`  ${await issue13Global(credentials)}`);

  for (const region of regions) {
    const c = config(region, credentials);
    const ec2 = new EC2Client(c);
    const vpcs = await attempt(() =>
      all(paginateDescribeVpcs({ client: ec2 }, {}), p => p.Vpcs),
    );
    const flowLogs = await attempt(() =>
      all(paginateDescribeFlowLogs({ client: ec2 }, {}), p => p.FlowLogs),
    );
    const peerings = await attempt(() =>
      all(
        paginateDescribeVpcPeeringConnections({ client: ec2 }, {}),
        p => p.VpcPeeringConnections,
      ),
    );
    const ebs = await attempt(
      async () =>
        (
          await ec2.send(new GetEbsEncryptionByDefaultCommand({}))
        ).EbsEncryptionByDefault,
    );
    const guardDuty = await attempt(async () => {
      const gd = new GuardDutyClient(c);
      const { DetectorIds } = await gd.send(new ListDetectorsCommand({}));
      if (!DetectorIds?.length) return 'none';
      return (
        await gd.send(new GetDetectorCommand({ DetectorId: DetectorIds[0] }))
      ).Status;
    });
    const recorder = await attempt(async () => {
      const { ConfigurationRecordersStatus: s } = await new ConfigServiceClient(
        c,
      ).send(new DescribeConfigurationRecorderStatusCommand({}));
      if (!s?.length) return 'none';
      return s[0].recording ? 'recording' : 'STOPPED';
    });
    const hub = await attempt(async () => {
      await new SecurityHubClient(c).send(new DescribeHubCommand({}));
      return 'on';
    });
    const analyzers = await attempt(
      async () =>
        (
          await all(
            paginateListAnalyzers({ client: new AccessAnalyzerClient(c) }, {}),
            p => p.analyzers,
          )
        ).length,
    );
    // Issue 12: EC2 settings (and who manages them), root events, owned gateways.
    const by = (managedBy: string | undefined) =>
      managedBy === 'declarative-policy' ? '(policy)' : '(own)';
    const ec2Settings = await attempt(async () => {
      const [vpcBpa, snapshot, image, imds] = await Promise.all([
        ec2.send(new DescribeVpcBlockPublicAccessOptionsCommand({})),
        ec2.send(new GetSnapshotBlockPublicAccessStateCommand({})),
        ec2.send(new GetImageBlockPublicAccessStateCommand({})),
        ec2.send(new GetInstanceMetadataDefaultsCommand({})),
      ]);
      const o = vpcBpa.VpcBlockPublicAccessOptions!;
      return `VPC BPA ${o.InternetGatewayBlockMode} ${by(
        o.ManagedBy,
      )} · snapshots ${snapshot.State} ${by(snapshot.ManagedBy)} · AMIs ${
        image.ImageBlockPublicAccessState
      } ${by(image.ManagedBy)} · IMDS ${
        imds.AccountLevel?.HttpTokens ?? 'no default'
      } ${by(imds.AccountLevel?.ManagedBy)}`;
    });
    const rootEvents = await attempt(async () => {
      const events = await all(
        paginateLookupEvents(
          { client: new CloudTrailClient(c) },
          {
            LookupAttributes: [
              { AttributeKey: 'Username', AttributeValue: 'root' },
            ],
            StartTime: new Date(Date.now() - 90 * 86_400_000),
          },
        ),
        p => p.Events,
      );
      return events.map(e => e.EventName).join(', ');
    });
    const gateways = await attempt(async () => {
      const owned = (
        await all(
          paginateDescribeTransitGateways({ client: ec2 }, {}),
          p => p.TransitGateways,
        )
      ).filter(g => g.OwnerId === account.id);
      if (owned.length === 0) return '';
      const tables = await all(
        paginateDescribeTransitGatewayRouteTables({ client: ec2 }, {}),
        p => p.TransitGatewayRouteTables,
      );
      return ` · gateways ${owned
        .map(
          g =>
            `${g.Description} [${tables
              .filter(t => t.TransitGatewayId === g.TransitGatewayId)
              .map(t => t.Tags?.find(x => x.Key === 'Name')?.Value ?? '?')
              .join(', ')}]`,
        )
        .join(', ')}`;
    });
    const withLogs = new Set(
      typeof flowLogs === 'string' ? [] : flowLogs.map(f => f.ResourceId),
    );
    const vpcText =
      typeof vpcs === 'string'
        ? vpcs
        : vpcs
            .map(
              v =>
                `${v.CidrBlock}${
                  withLogs.has(v.VpcId) ? '' : ' (NO flow logs)'
                }`,
            )
            .join(', ') || 'no VPC';
    const peeringText =
      typeof peerings === 'string' || peerings.length === 0
        ? ''
        : ` · peerings ${peerings
            .map(
              p =>
                `${p.RequesterVpcInfo?.CidrBlock}↔${p.AccepterVpcInfo?.CidrBlock} ${p.Status?.Code}`,
            )
            .join(', ')}`;
    const ebsText = show(ebs, e => (e ? 'encrypted' : 'OFF'));
    lines.push(
      `  ${region.padEnd(
        12,
      )} VPCs ${vpcText}${peeringText} · GuardDuty ${guardDuty}` +
        ` · Config ${recorder} · Security Hub ${hub} · analyzers ${analyzers} · EBS default ${ebsText}`,
    );
    lines.push(
      `  ${''.padEnd(12)} ${ec2Settings}${
        rootEvents ? ` · ROOT EVENTS ${rootEvents}` : ''
      }${gateways}`,
    );
    const issue13 = await issue13Region(c);
    if (issue13) lines.push(`  ${''.padEnd(12)} ${issue13}`);
  }
  return lines;
}

async function main() {
  const management: Credentials = { ...MANAGEMENT_CREDENTIALS };
  const org = new OrganizationsClient(config('us-east-1', management));
  const accounts: { id: string; name: string; status: string }[] = [];
  for await (const page of paginateListAccounts({ client: org }, {})) {
    for (const a of page.Accounts ?? [])
      accounts.push({ id: a.Id!, name: a.Name!, status: a.State! });
  }
  for (const a of accounts) organizationAccounts.add(a.id);
  out(`${accounts.length} accounts in the organisation at ${endpoint}`);
  const { Roots } = await org.send(new ListRootsCommand({}));
  const features = await attempt(
    async () =>
      (
        await new IAMClient(config('us-east-1', management)).send(
          new ListOrganizationsFeaturesCommand({}),
        )
      ).EnabledFeatures,
  );
  out(
    `policy types ${Roots?.[0]?.PolicyTypes?.map(t => t.Type).join(
      ', ',
    )} · root access ${show(
      features,
      f => f?.join(', ') || 'not managed centrally',
    )}`,
  );

  const details = await mapLimited(accounts, CONCURRENCY, async account => {
    const [{ Parents }, Tags] = await Promise.all([
      org.send(new ListParentsCommand({ ChildId: account.id })),
      all(
        paginateListTagsForResource(
          { client: org },
          { ResourceId: account.id },
        ),
        p => p.Tags,
      ),
    ]);
    const tags = Object.fromEntries(Tags.map(t => [t.Key, t.Value]));
    const rcps = await all(
      paginateListPoliciesForTarget(
        { client: org },
        { TargetId: account.id, Filter: 'RESOURCE_CONTROL_POLICY' },
      ),
      p => p.Policies,
    );
    return {
      header: `${account.id} ${account.name} [${account.status}] parent=${
        Parents?.[0]?.Id
      } owner=${tags.owner ?? '-'} env=${
        tags.environment ?? '-'
      } RCPs on the account=${rcps.map(p => p.Name).join(', ')}`,
      lines: await inventoryAccount(account, management),
    };
  });
  for (const { header, lines } of details) {
    out();
    out(header);
    for (const line of lines) out(line);
  }
  const counters = await (await fetch(`${endpoint}/_sandbox/counters`)).json();
  out();
  out(
    `AWS calls made: ${counters.total.calls} (throttled ${counters.total.throttled}, failed ${counters.total.failed})`,
  );
}

main().catch(e => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
