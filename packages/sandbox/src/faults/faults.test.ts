import {
  AccessAnalyzerClient,
  ListAnalyzersCommand,
} from '@aws-sdk/client-accessanalyzer';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
} from '@aws-sdk/client-config-service';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  ListAccountsCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import {
  GetPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import {
  DescribeHubCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CloudFrontClient,
  ListDistributionsCommand,
} from '@aws-sdk/client-cloudfront';
import {
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetWebACLForResourceCommand,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { clientConfig } from '../__testUtils__/clients';
import { parseOrganization } from '../org/load';
import { startSandbox, type Sandbox } from '../startSandbox';

describe('faults and counters', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close(), 30_000);
  beforeEach(() => {
    sandbox.setFaults({});
    sandbox.resetCounters();
  });

  it('throttles ListAccounts, and the adaptive SDK retries until it has every page', async () => {
    sandbox.setFaults({
      rateLimits: { 'organizations:ListAccounts': { rate: 5, burst: 1 } },
    });
    const client = new OrganizationsClient({
      ...clientConfig(sandbox),
      retryMode: 'adaptive',
      maxAttempts: 6,
    });
    const ids: string[] = [];
    for await (const page of paginateListAccounts(
      { client, pageSize: 20 },
      {},
    )) {
      ids.push(...page.Accounts!.map(a => a.Id!));
    }
    expect(ids).toHaveLength(sandbox.organization.accounts.length);
    const counts =
      sandbox.counters().services.organizations.operations.ListAccounts;
    expect(counts.throttled).toBeGreaterThanOrEqual(1);
    expect(counts.calls).toBe(
      Math.ceil(sandbox.organization.accounts.length / 20) + counts.throttled,
    );
    expect(counts.failed).toBe(0);
    // Other operations of the service have no limit configured.
    await expect(client.send(new ListRootsCommand({}))).resolves.toBeDefined();
  });

  /** Swallows the expected not-found error of a first call; anything else goes on. */
  const notFound = (name: string) => (e: { name?: string }) => {
    if (e.name !== name) throw e;
  };

  it('answers each service’s own throttling error, which the SDK retries', async () => {
    const region = 'eu-west-1';
    const config = clientConfig(sandbox, region);
    const management = sandbox.organization.managementAccountId;
    const calls: [string, () => Promise<unknown>, string, number][] = [
      [
        'organizations',
        () => new OrganizationsClient(config).send(new ListRootsCommand({})),
        'TooManyRequestsException',
        400,
      ],
      [
        'sts',
        () => new STSClient(config).send(new GetCallerIdentityCommand({})),
        'Throttling',
        400,
      ],
      [
        'iam',
        () => new IAMClient(config).send(new GetAccountSummaryCommand({})),
        'Throttling',
        400,
      ],
      [
        'ec2',
        () => new EC2Client(config).send(new DescribeVpcsCommand({})),
        'RequestLimitExceeded',
        503,
      ],
      [
        'guardduty',
        () => new GuardDutyClient(config).send(new ListDetectorsCommand({})),
        'TooManyRequestsException',
        429,
      ],
      [
        'cloudtrail',
        () => new CloudTrailClient(config).send(new DescribeTrailsCommand({})),
        'ThrottlingException',
        400,
      ],
      [
        'config',
        () =>
          new ConfigServiceClient(config).send(
            new DescribeConfigurationRecordersCommand({}),
          ),
        'ThrottlingException',
        400,
      ],
      [
        'securityhub',
        () => new SecurityHubClient(config).send(new DescribeHubCommand({})),
        'TooManyRequestsException',
        429,
      ],
      [
        'access-analyzer',
        () =>
          new AccessAnalyzerClient(config).send(new ListAnalyzersCommand({})),
        'ThrottlingException',
        429,
      ],
      [
        's3control',
        () =>
          new S3ControlClient({
            ...config,
            endpointProvider: () => ({ url: new URL(sandbox.url) }),
          }).send(new GetPublicAccessBlockCommand({ AccountId: management })),
        'SlowDown',
        503,
      ],
      // Issue 13's services. The management account has no load balancer,
      // key or Macie: those answer their not-found error once, then throttle.
      [
        'elasticloadbalancing',
        () =>
          new ElasticLoadBalancingV2Client(config).send(
            new DescribeLoadBalancersCommand({}),
          ),
        'Throttling',
        400,
      ],
      [
        'wafv2',
        () =>
          new WAFV2Client(config)
            .send(
              new GetWebACLForResourceCommand({
                ResourceArn: `arn:aws:elasticloadbalancing:${region}:${management}:loadbalancer/app/none/0123456789abcdef`,
              }),
            )
            .catch(notFound('WAFNonexistentItemException')),
        'ThrottlingException',
        400,
      ],
      [
        'cloudfront',
        () =>
          new CloudFrontClient(config).send(new ListDistributionsCommand({})),
        'Throttling',
        400,
      ],
      [
        'rds',
        () => new RDSClient(config).send(new DescribeDBInstancesCommand({})),
        'Throttling',
        400,
      ],
      [
        'elasticache',
        () =>
          new ElastiCacheClient(config).send(
            new DescribeReplicationGroupsCommand({}),
          ),
        'Throttling',
        400,
      ],
      [
        's3',
        () =>
          new S3Client({ ...config, forcePathStyle: true }).send(
            new ListBucketsCommand({}),
          ),
        'SlowDown',
        503,
      ],
      [
        'autoscaling',
        () =>
          new AutoScalingClient(config).send(
            new DescribeAutoScalingGroupsCommand({}),
          ),
        'Throttling',
        400,
      ],
      [
        'macie2',
        () =>
          new Macie2Client(config)
            .send(new GetMacieSessionCommand({}))
            .catch(notFound('AccessDeniedException')),
        'ThrottlingException',
        429,
      ],
      [
        'kms',
        () =>
          new KMSClient(config)
            .send(new DescribeKeyCommand({ KeyId: 'alias/none' }))
            .catch(notFound('NotFoundException')),
        'ThrottlingException',
        400,
      ],
    ];
    // One call per second at most: the first passes, every retry of the second is refused.
    sandbox.setFaults({
      rateLimits: Object.fromEntries(
        calls.map(([service]) => [service, { rate: 0.01, burst: 1 }]),
      ),
    });
    const results = await Promise.all(
      calls.map(async ([service, call, code, status]) => {
        await call();
        const error = await call().then(
          () => undefined,
          e => e,
        );
        return [
          service,
          error?.name,
          error?.$metadata?.httpStatusCode,
          error?.$metadata?.attempts,
          code,
          status,
        ];
      }),
    );
    for (const [service, name, httpStatus, attempts, code, status] of results) {
      // Three attempts (the SDK's default) show the code is classified as retryable.
      expect({ service, name, httpStatus, attempts }).toEqual({
        service,
        name: code,
        httpStatus: status,
        attempts: 3,
      });
    }
    const counters = sandbox.counters();
    expect(counters.total).toEqual({
      calls: 76,
      throttled: 57,
      // The first WAFv2, Macie and KMS calls: not found, as expected.
      failed: 3,
      hung: 0,
    });
    expect(counters.services.ec2.operations.DescribeVpcs).toEqual({
      calls: 4,
      throttled: 3,
      failed: 0,
      hung: 0,
    });
  });

  it('raises the typed exception when retries run out', async () => {
    sandbox.setFaults({
      rateLimits: { organizations: { rate: 0.01, burst: 1 } },
    });
    const client = new OrganizationsClient({
      ...clientConfig(sandbox),
      maxAttempts: 1,
    });
    await client.send(new ListRootsCommand({}));
    await expect(client.send(new ListRootsCommand({}))).rejects.toBeInstanceOf(
      TooManyRequestsException,
    );
  });

  it('fails a seeded fraction of calls with 5xx, the same calls for the same seed', async () => {
    const sts = new STSClient({ ...clientConfig(sandbox), maxAttempts: 1 });
    const run = async () => {
      sandbox.setFaults({
        seed: 7,
        serverErrors: { rate: 0.4, services: ['sts'] },
      });
      const outcomes: string[] = [];
      for (let i = 0; i < 20; i++) {
        outcomes.push(
          await sts.send(new GetCallerIdentityCommand({})).then(
            () => 'ok',
            e => `${e.name}/${e.$metadata.httpStatusCode}`,
          ),
        );
      }
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const failures = first.filter(o => o !== 'ok');
    expect(new Set(failures)).toEqual(new Set(['InternalFailure/500']));
    expect(failures.length).toBeGreaterThan(2);
    expect(failures.length).toBeLessThan(16);
    expect(sandbox.counters().services.sts.failed).toBe(2 * failures.length);
    // Services outside the list are unaffected.
    const iam = new IAMClient({ ...clientConfig(sandbox), maxAttempts: 1 });
    for (let i = 0; i < 5; i++)
      await iam.send(new GetAccountSummaryCommand({}));
  });

  it('retries injected 5xx answers, so a scan still completes', async () => {
    sandbox.setFaults({ seed: 3, serverErrors: { rate: 0.3 } });
    const client = new OrganizationsClient({
      ...clientConfig(sandbox),
      maxAttempts: 8,
    });
    const ids: string[] = [];
    for await (const page of paginateListAccounts(
      { client, pageSize: 5 },
      {},
    )) {
      ids.push(...page.Accounts!.map(a => a.Id!));
    }
    expect(ids).toHaveLength(sandbox.organization.accounts.length);
    const counts =
      sandbox.counters().services.organizations.operations.ListAccounts;
    expect(counts.calls).toBe(9 + counts.failed);
  });

  it('adds latency to every call', async () => {
    sandbox.setFaults({ latency: { ms: 150 } });
    const sts = new STSClient(clientConfig(sandbox));
    const started = performance.now();
    await sts.send(new GetCallerIdentityCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('changes faults and reads counters over HTTP', async () => {
    const post = (path: string, body?: unknown) =>
      fetch(`${sandbox.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const faults = {
      rateLimits: { 'sts:GetCallerIdentity': { rate: 0.01, burst: 1 } },
    };
    const set = await post('/_sandbox/faults', faults);
    expect([set.status, await set.json()]).toEqual([200, faults]);
    expect(
      await (await fetch(`${sandbox.url}/_sandbox/faults`)).json(),
    ).toEqual(faults);

    const sts = new STSClient({ ...clientConfig(sandbox), maxAttempts: 1 });
    await sts.send(new GetCallerIdentityCommand({}));
    await expect(
      sts.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ name: 'Throttling' });
    const counters = await (
      await fetch(`${sandbox.url}/_sandbox/counters`)
    ).json();
    expect(counters.services.sts.operations.GetCallerIdentity).toEqual({
      calls: 2,
      throttled: 1,
      failed: 0,
      hung: 0,
    });

    const reset = await post('/_sandbox/counters/reset');
    expect(await reset.json()).toEqual({
      total: { calls: 0, throttled: 0, failed: 0, hung: 0 },
      services: {},
    });

    const bad = await post('/_sandbox/faults', {
      latency: { ms: -1 },
      rateLimits: {
        'guard-duty': { rate: 1, burst: 1 },
        'ec2:DescribeVPCs': { rate: 1, burst: 1 },
      },
      serverErrors: { rate: 2, services: ['ec2', 'guard-duty'] },
      pageSize: 0,
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues).toEqual([
      { path: 'latency.ms', message: expect.any(String) },
      {
        path: 'rateLimits.guard-duty',
        message: expect.stringMatching(
          /^unknown service "guard-duty" \(known: organizations, sts, ec2, iam, guardduty,/,
        ),
      },
      {
        path: 'rateLimits.ec2:DescribeVPCs',
        message: expect.stringMatching(
          /^ec2 has no operation "DescribeVPCs" \(known: DescribeRegions, DescribeVpcs,/,
        ),
      },
      { path: 'serverErrors.rate', message: expect.any(String) },
      {
        path: 'serverErrors.services[1]',
        message: expect.stringMatching(/^unknown service "guard-duty"/),
      },
      {
        path: 'pageSize',
        message: 'expected a page size of at least 1 item (got 0)',
      },
    ]);
    // A rejected body leaves the faults as they were.
    expect(
      await (await fetch(`${sandbox.url}/_sandbox/faults`)).json(),
    ).toEqual(faults);
  });

  it('takes its initial faults from the organisation file', async () => {
    const yaml = `
organization: { id: o-faultsfile0, rootId: r-faul, managementAccount: '111111111111', regions: [eu-west-1] }
defaults: { roles: [LandingZoneReadOnly] }
accounts:
  - { id: '111111111111', name: management }
  - { id: '222222222222', name: member }
faults:
  pageSize: 1
  assumeRoleDenied: ['222222222222']
  rateLimits:
    sts:GetCallerIdentity: { rate: 0.01, burst: 1 }
`;
    const fromFile = await startSandbox({
      org: parseOrganization(yaml, 'faults.yaml'),
    });
    try {
      const sts = new STSClient({ ...clientConfig(fromFile), maxAttempts: 1 });
      await expect(
        sts.send(
          new AssumeRoleCommand({
            RoleArn: 'arn:aws:iam::222222222222:role/LandingZoneReadOnly',
            RoleSessionName: 'from-file',
          }),
        ),
      ).rejects.toMatchObject({ name: 'AccessDenied' });
      await sts.send(new GetCallerIdentityCommand({}));
      await expect(
        sts.send(new GetCallerIdentityCommand({})),
      ).rejects.toMatchObject({
        name: 'Throttling',
      });
      // faults.pageSize: one account per page when the caller sends no MaxResults.
      const listed = await new OrganizationsClient(clientConfig(fromFile)).send(
        new ListAccountsCommand({}),
      );
      expect(listed.Accounts?.map(a => a.Id)).toEqual(['111111111111']);
      expect(listed.NextToken).toBeDefined();
    } finally {
      await fromFile.close();
    }
  });

  it('serves many concurrent keep-alive requests', async () => {
    const sts = new STSClient(clientConfig(sandbox));
    const results = await Promise.all(
      Array.from({ length: 300 }, () =>
        sts.send(new GetCallerIdentityCommand({})),
      ),
    );
    expect(new Set(results.map(r => r.Account))).toEqual(
      new Set([sandbox.organization.managementAccountId]),
    );
    expect(sandbox.counters().services.sts.calls).toBe(300);
    // 300 requests through 50 sockets: seconds on a machine busy with other
    // suites, more than jest's default 5 s.
  }, 30_000);
});
