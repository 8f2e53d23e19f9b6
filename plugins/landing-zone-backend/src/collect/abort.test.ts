import { ConfigReader } from '@backstage/config';
import type { Sandbox } from '@internal/sandbox';
import { landingZoneConfig, startTestSandbox } from '../__testUtils__/sandbox';
import { readLandingZoneSettings } from '../config';
import { collectionErrors } from '../scan/failures';
import { AccountCollector } from './account';
import { AwsClientFactory } from './clients';
import { ScanCredentials } from './credentials';
import { OrganizationReader } from './organization';
import {
  startCollectorSandbox,
  type CollectorSandbox,
} from './__testUtils__/collectors';
import { workloadsOrganization } from './__testUtils__/workloads';

jest.setTimeout(120_000);

// shared-services: an IAM user with a key, detectors, trails, Security Hub
// with standards, so every read the collector makes reaches its second call.
const MEMBER = '829717706104';

/*
 * Each case hangs one AWS operation (the sandbox accepts the call and never
 * answers), waits until the call is in flight, then aborts the scan's signal.
 * The request timeout is a minute: only the signal can end the call within
 * the few seconds allowed. A call made without the signal fails the case.
 */
describe('every AWS call of a scan ends when its signal is aborted', () => {
  let sandbox: Sandbox;
  let clients: AwsClientFactory;
  let credentials: ScanCredentials;
  let collector: AccountCollector;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const settings = readLandingZoneSettings(
      new ConfigReader({
        landingZone: landingZoneConfig(sandbox, {
          aws: { requestTimeoutMs: 60_000, maxAttempts: 2 },
          organization: {
            roleArn: `arn:aws:iam::${sandbox.organization.managementAccountId}:role/LandingZoneReadOnly`,
          },
        }),
      }),
    );
    clients = AwsClientFactory.create(settings.aws);
    credentials = ScanCredentials.create({
      clients,
      organization: {
        ...settings.organizationRole!,
        region: settings.aws.organizationsRegion,
      },
      member: { ...settings.memberRole, region: settings.regions[0] },
    });
    collector = AccountCollector.create({
      clients,
      credentials,
      regions: settings.regions,
    });
  });

  afterAll(async () => {
    clients?.destroy();
    await sandbox?.close();
  });

  afterEach(() => {
    sandbox.setFaults({});
  });

  /** Runs `work` with a signal aborted once `key` hangs; how long it took after. */
  async function abortWhenHung<T>(
    key: string,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<{ result: PromiseSettledResult<T>; afterAbortMs: number }> {
    sandbox.resetCounters();
    const controller = new AbortController();
    const settled = work(controller.signal).then(
      value => ({ status: 'fulfilled' as const, value }),
      (reason: unknown) => ({ status: 'rejected' as const, reason }),
    );
    const [service, operation] = key.split(':');
    const deadline = Date.now() + 20_000;
    while (
      (sandbox.counters().services[service]?.operations[operation]?.hung ??
        0) === 0
    ) {
      if (Date.now() > deadline) throw new Error(`${key} never hung`);
      await new Promise(r => setTimeout(r, 10));
    }
    const abortedAt = Date.now();
    controller.abort();
    const result = await settled;
    return { result, afterAbortMs: Date.now() - abortedAt };
  }

  const identity = (name?: string) => {
    const account = sandbox.organization.accounts.find(a =>
      name ? a.name === name : a.id === MEMBER,
    )!;
    return {
      id: account.id,
      name: account.name,
      email: account.email,
      status: 'ACTIVE',
      parentId: account.parentId,
      parentIds: [],
      ouPath: 'Root/Infrastructure',
      tags: {},
      environment: 'unknown' as const,
    };
  };

  /**
   * Hangs `key` in the account and aborts: how long the collection took to
   * end after the abort, and the codes of its facts' errors.
   */
  async function abortAccount(key: string, name?: string) {
    const account = identity(name);
    sandbox.setFaults({ hang: { keys: [key], accounts: [account.id] } });
    const { result, afterAbortMs } = await abortWhenHung(key, signal =>
      collector.collect(account, signal),
    );
    const facts = (result as PromiseFulfilledResult<any>).value;
    return {
      status: result.status,
      afterAbortMs,
      codes: [
        ...new Set(collectionErrors(facts).map(({ error }) => error.code)),
      ],
    };
  }

  it.each([
    'iam:GetAccountSummary',
    'iam:ListUsers',
    'iam:ListAccessKeys',
    's3control:GetPublicAccessBlock',
    'ec2:DescribeVpcs',
    'ec2:DescribeSubnets',
    'ec2:DescribeRouteTables',
    'ec2:DescribeFlowLogs',
    'ec2:DescribeVpcPeeringConnections',
    'ec2:DescribeTransitGatewayAttachments',
    'ec2:GetEbsEncryptionByDefault',
    'guardduty:ListDetectors',
    'guardduty:GetDetector',
    'cloudtrail:DescribeTrails',
    'cloudtrail:GetTrailStatus',
    'config:DescribeConfigurationRecorders',
    'config:DescribeConfigurationRecorderStatus',
    'securityhub:DescribeHub',
    'securityhub:GetEnabledStandards',
    'access-analyzer:ListAnalyzers',
    'iam:ListVirtualMFADevices',
    'organizations:DescribeEffectivePolicy',
    'ec2:DescribeNatGateways',
    'ec2:DescribeTransitGateways',
    'ec2:DescribeVpcBlockPublicAccessOptions',
    'ec2:GetSnapshotBlockPublicAccessState',
    'ec2:GetImageBlockPublicAccessState',
    'ec2:GetInstanceMetadataDefaults',
    'cloudtrail:LookupEvents',
    // Issue 13: every list, made in every account-region (or account).
    'ec2:DescribeNetworkAcls',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeInstances',
    'elasticloadbalancing:DescribeLoadBalancers',
    'rds:DescribeDBInstances',
    'rds:DescribeDBClusters',
    'elasticache:DescribeReplicationGroups',
    'autoscaling:DescribeAutoScalingGroups',
    'autoscaling:DescribeScheduledActions',
    'macie2:GetMacieSession',
    'cloudfront:ListDistributions',
    's3:ListBuckets',
    'iam:ListRoles',
  ])('a member account read: %s', async key => {
    const { status, afterAbortMs, codes } = await abortAccount(key);
    expect(afterAbortMs).toBeLessThan(3_000);
    expect(status).toBe('fulfilled');
    expect(codes).toEqual(['AbortError']);
  });

  // Made only for gateways the account owns: the hub's.
  it.each([
    'ec2:DescribeTransitGatewayRouteTables',
    'ec2:GetTransitGatewayRouteTableAssociations',
    'ec2:GetTransitGatewayRouteTablePropagations',
    'ec2:SearchTransitGatewayRoutes',
  ])("a transit gateway owner's read: %s", async key => {
    const { status, afterAbortMs, codes } = await abortAccount(
      key,
      'network-hub',
    );
    expect(afterAbortMs).toBeLessThan(3_000);
    expect(status).toBe('fulfilled');
    expect(codes).toEqual(['AbortError']);
  });

  it("a member account's AssumeRole", async () => {
    sandbox.setFaults({ hang: { keys: ['sts:AssumeRole'] } });
    const { result, afterAbortMs } = await abortWhenHung(
      'sts:AssumeRole',
      signal => collector.collect(identity(), signal),
    );
    expect(afterAbortMs).toBeLessThan(3_000);
    expect((result as PromiseFulfilledResult<any>).value.access).toMatchObject({
      code: 'AbortError',
      operation: 'sts:AssumeRole',
    });
  });

  const reader = (signal: AbortSignal, role: boolean) => {
    const organization = role ? credentials.organization(signal) : undefined;
    return OrganizationReader.create({
      client: clients.organizations(organization),
      iam: clients.iam(organization),
    });
  };

  it.each([
    'organizations:DescribeOrganization',
    'organizations:ListRoots',
    'organizations:ListOrganizationalUnitsForParent',
    'organizations:ListAccountsForParent',
    'organizations:ListPolicies',
    'organizations:DescribePolicy',
    'organizations:ListTargetsForPolicy',
    'iam:ListOrganizationsFeatures',
    // the organisation's own role, assumed before its first call
    'sts:AssumeRole',
  ])('the organisation read: %s', async key => {
    sandbox.setFaults({ hang: { keys: [key] } });
    const { result, afterAbortMs } = await abortWhenHung(key, signal =>
      reader(signal, key.startsWith('sts:')).read({
        cachedTags: new Map(),
        signal,
      }),
    );
    expect(afterAbortMs).toBeLessThan(3_000);
    expect(result).toMatchObject({
      status: 'rejected',
      reason: { name: 'AbortError' },
    });
  });

  it('the tag reads: organizations:ListTagsForResource', async () => {
    const key = 'organizations:ListTagsForResource';
    sandbox.setFaults({ hang: { keys: [key] } });
    const ids = sandbox.organization.accounts.slice(0, 5).map(a => a.id);
    const { result, afterAbortMs } = await abortWhenHung(key, signal =>
      reader(signal, false).readTags(ids, signal),
    );
    expect(afterAbortMs).toBeLessThan(3_000);
    const { tags, failed } = (result as PromiseFulfilledResult<any>).value;
    expect(tags.size).toBe(0);
    expect(
      failed.map((f: { error: { code: string } }) => f.error.code),
    ).toEqual(ids.map(() => 'AbortError'));
  });
});

/*
 * The calls made per resource (a load balancer's web ACL, a bucket's
 * encryption, a group's refreshes, a key's manager) need resources: the
 * small organisation of issue 13's reader tests has them.
 */
describe('every per-resource call of issue 13 ends when its signal is aborted', () => {
  let env: CollectorSandbox;
  let collector: AccountCollector;

  beforeAll(async () => {
    env = await startCollectorSandbox({
      org: workloadsOrganization(),
      github: false,
    });
    collector = AccountCollector.create({
      clients: env.clients,
      credentials: env.credentials,
      regions: ['eu-west-1', 'us-east-1'],
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  afterEach(() => {
    env.sandbox.setFaults({});
  });

  /** Hangs `key` in the workload account, aborts once it hangs: the facts and how long they took after. */
  async function hangAndAbort(key: string) {
    const { sandbox } = env;
    const account = sandbox.organization.accounts.find(
      a => a.name === 'workloads',
    )!;
    sandbox.setFaults({ hang: { keys: [key], accounts: [account.id] } });
    sandbox.resetCounters();
    const controller = new AbortController();
    const collected = collector.collect(
      {
        id: account.id,
        name: account.name,
        email: account.email,
        status: 'ACTIVE',
        parentId: account.parentId,
        parentIds: [],
        ouPath: '',
        tags: {},
        environment: 'unknown',
      },
      controller.signal,
    );
    const [service, operation] = key.split(':');
    const deadline = Date.now() + 20_000;
    while (
      (sandbox.counters().services[service]?.operations[operation]?.hung ??
        0) === 0
    ) {
      if (Date.now() > deadline) throw new Error(`${key} never hung`);
      await new Promise(r => setTimeout(r, 10));
    }
    const abortedAt = Date.now();
    controller.abort();
    const facts = await collected;
    return { facts, afterAbortMs: Date.now() - abortedAt };
  }

  it.each([
    'wafv2:GetWebACLForResource',
    's3:GetBucketEncryption',
    'autoscaling:DescribeInstanceRefreshes',
  ])('%s', async key => {
    const { facts, afterAbortMs } = await hangAndAbort(key);

    expect(afterAbortMs).toBeLessThan(3_000);
    // Calls still in flight elsewhere end too, each as its fact's AbortError.
    for (const { error } of collectionErrors(facts)) {
      expect(error.code).toBe('AbortError');
    }
    // The aborted call is the error of the fact nested in the resource.
    const nested = [
      ...Object.values(facts.regions!).flatMap(r => [
        ...(r.loadBalancers?.data ?? []).flatMap(lb =>
          lb.webAcl?.error ? [lb.webAcl.error.code] : [],
        ),
        ...(r.autoScalingGroups?.error ? [r.autoScalingGroups.error.code] : []),
      ]),
      ...(facts.global!.s3Buckets?.data ?? []).flatMap(b =>
        b.encryption.error ? [b.encryption.error.code] : [],
      ),
    ];
    expect(nested).toContain('AbortError');
  });

  it('kms:DescribeKey, whose key is left without its manager', async () => {
    const { facts, afterAbortMs } = await hangAndAbort('kms:DescribeKey');

    expect(afterAbortMs).toBeLessThan(3_000);
    // Who manages the key is unknown; the data store is still read.
    const ledger = facts.regions!['eu-west-1'].rds!.data!.instances.find(
      i => i.dbInstanceIdentifier === 'ledger-db',
    )!;
    expect(ledger.kmsKey).toEqual({
      keyId: expect.any(String),
      keyManager: undefined,
    });
  });
});
