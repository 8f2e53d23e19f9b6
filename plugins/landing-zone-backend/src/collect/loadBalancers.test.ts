import type { Account } from '@internal/sandbox';
import { readCloudFrontDistributions } from './cloudFront';
import { readLoadBalancers } from './loadBalancers';
import {
  denyCommands,
  type CollectorSandbox,
} from './__testUtils__/collectors';
import { startWorkloadsSandbox } from './__testUtils__/workloads';

jest.setTimeout(120_000);

const anyTime = expect.any(String);

const REGION = 'eu-west-1';

describe('readLoadBalancers and readCloudFrontDistributions against the sandbox', () => {
  let env: CollectorSandbox;
  let account: Account;

  beforeAll(async () => {
    ({ env, account } = await startWorkloadsSandbox());
  });

  afterAll(async () => {
    await env?.close();
  });

  async function clients() {
    const credentials = await env.member(account.id);
    return {
      elbv2: env.clients.elbv2(REGION, credentials),
      wafv2: env.clients.wafv2(REGION, credentials),
    };
  }

  it('reads every load balancer and the web ACL of each internet-facing ALB, null when it has none', async () => {
    const seeded = account.regions[REGION];
    env.sandbox.resetCounters();

    const { loadBalancers } = await readLoadBalancers(await clients());

    const publicAlbs = seeded.loadBalancers.filter(
      lb => lb.type === 'application' && lb.scheme === 'internet-facing',
    );
    expect(loadBalancers.data).toEqual(
      expect.arrayContaining(
        seeded.loadBalancers.map(lb => {
          const webAcl = seeded.webAcls.find(w => w.arn === lb.webAclArn);
          return {
            loadBalancerArn: lb.arn,
            name: lb.name,
            type: lb.type,
            scheme: lb.scheme,
            vpcId: lb.vpcId,
            dnsName: lb.dnsName,
            state: 'active',
            ...(publicAlbs.includes(lb) && {
              webAcl: {
                data: webAcl ? { arn: webAcl.arn, name: webAcl.name } : null,
                collectedAt: anyTime,
              },
            }),
          };
        }),
      ),
    );
    expect(loadBalancers.data).toHaveLength(seeded.loadBalancers.length);
    // Both cases are seeded: with a web ACL and without.
    const acls = loadBalancers.data!.flatMap(lb =>
      lb.webAcl ? [lb.webAcl.data] : [],
    );
    expect(acls).toContain(null);
    expect(acls.some(a => a?.name === 'web-acl')).toBe(true);
    // Internal load balancers and NLBs are not asked about.
    expect(
      env.sandbox.counters().services.wafv2.operations.GetWebACLForResource
        .calls,
    ).toBe(publicAlbs.length);
  });

  it("records a denied web ACL read as that load balancer's error; the list stays", async () => {
    const { elbv2, wafv2 } = await clients();
    const denied = account.regions[REGION].loadBalancers.find(
      lb => lb.name === 'web',
    )!;
    denyCommands(
      wafv2,
      command => command.input.ResourceArn === denied.arn,
      'AccessDeniedException',
    );

    const { loadBalancers } = await readLoadBalancers({ elbv2, wafv2 });

    const web = loadBalancers.data!.find(lb => lb.name === 'web')!;
    expect(web.webAcl).toEqual({
      error: expect.objectContaining({
        code: 'AccessDeniedException',
        operation: 'wafv2:GetWebACLForResource',
      }),
      collectedAt: expect.any(String),
    });
    const shop = loadBalancers.data!.find(lb => lb.name === 'shop')!;
    expect(shop.webAcl?.data).toMatchObject({ name: 'web-acl' });
  });

  it('reads WAFNonexistentItemException as no web ACL', async () => {
    const { elbv2, wafv2 } = await clients();
    const web = account.regions[REGION].loadBalancers.find(
      lb => lb.name === 'web',
    )!;
    expect(web.webAclArn).toBeDefined();
    denyCommands(
      wafv2,
      command => command.input.ResourceArn === web.arn,
      'WAFNonexistentItemException',
    );

    const { loadBalancers } = await readLoadBalancers({ elbv2, wafv2 });

    expect(loadBalancers.data!.find(lb => lb.name === 'web')!.webAcl).toEqual({
      data: null,
      collectedAt: expect.any(String),
    });
  });

  it("records a denied load balancer list as the fact's error", async () => {
    const { elbv2, wafv2 } = await clients();
    denyCommands(elbv2, ['DescribeLoadBalancersCommand'], 'AccessDenied');

    const { loadBalancers } = await readLoadBalancers({ elbv2, wafv2 });

    expect(loadBalancers.error).toMatchObject({
      code: 'AccessDenied',
      operation: 'elasticloadbalancing:DescribeLoadBalancers',
    });
  });

  it('reads every CloudFront distribution with its web ACL, none when CloudFront says ""', async () => {
    const cloudfront = env.clients.cloudfront(await env.member(account.id));

    const { cloudFrontDistributions } = await readCloudFrontDistributions(
      cloudfront,
    );

    expect(cloudFrontDistributions.data).toEqual(
      expect.arrayContaining(
        account.distributions.map(d => ({
          id: d.id,
          arn: d.arn,
          domainName: d.domainName,
          aliases: d.aliases,
          enabled: d.enabled,
          status: 'Deployed',
          webAclId: d.webAclId,
        })),
      ),
    );
    expect(cloudFrontDistributions.data).toHaveLength(
      account.distributions.length,
    );
    expect(
      cloudFrontDistributions.data!.filter(d => d.webAclId === undefined),
    ).not.toHaveLength(0);
  });

  it("records a denied distribution list as the fact's error", async () => {
    const cloudfront = denyCommands(
      env.clients.cloudfront(await env.member(account.id)),
      ['ListDistributionsCommand'],
      'AccessDenied',
    );

    const { cloudFrontDistributions } = await readCloudFrontDistributions(
      cloudfront,
    );

    expect(cloudFrontDistributions.error).toMatchObject({
      code: 'AccessDenied',
      operation: 'cloudfront:ListDistributions',
    });
  });
});
