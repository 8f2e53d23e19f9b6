import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  scaffolderActionsExtensionPoint,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// Only the tests run the landing-zone plugin beside the module; the actions
// reach it over HTTP through landingZoneVendingServiceRef.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import landingZonePlugin from '@internal/plugin-landing-zone-backend';
import { startSandbox, type Sandbox } from '@internal/sandbox';
import type { JsonObject } from '@backstage/types';
import type { Server } from 'node:http';
import request from 'supertest';
import { scaffolderModuleLandingZone } from './module';

/*
 * The actions against the landing-zone backend after it scanned the
 * sandbox's demo organisation: every check is the backend's, over HTTP with
 * the scaffolder's service credentials, on the demo's OUs, SCPs, accounts
 * and VPCs.
 */

jest.setTimeout(180_000);

const LATER = {
  frequency: { hours: 24 },
  timeout: { minutes: 10 },
  initialDelay: { hours: 24 },
};

const DEMO = {
  qa: 'ou-f1nt-qa000000',
  workloads: 'ou-f1nt-w0rkl0ad',
  suspended: 'ou-f1nt-susp3nd0',
  sandbox: 'ou-f1nt-sandb0x0',
  paymentsProd: '914736720336',
  cardsProd: '756163449514',
  ledgerProd: '525081682932',
};

const PR = 'https://github.com/lz-demo/infrastructure/pull';

describe('the landing-zone actions on the demo organisation', () => {
  let sandbox: Sandbox;
  let server: Server;
  const actions = new Map<string, TemplateAction<any, any>>();

  /** Runs an action; resolves to its outputs. */
  async function run(
    id: string,
    input: JsonObject,
  ): Promise<Record<string, unknown>> {
    const ctx = createMockActionContext({
      input,
      user: { ref: 'user:default/pat-payments' },
    });
    await actions.get(id)!.handler(ctx);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  }
  const failure = (id: string, input: JsonObject) =>
    run(id, input).then(
      () => {
        throw new Error(`${id} succeeded`);
      },
      (error: Error) => error,
    );

  const request1 = {
    accountName: 'payments-sandbox',
    email: 'aws+payments-sandbox@example.com',
    ouId: DEMO.qa,
    environment: 'qa',
    regions: ['eu-west-1', 'eu-central-1'],
  };

  beforeAll(async () => {
    sandbox = await startSandbox();
    process.env.AWS_ACCESS_KEY_ID = sandbox.managementCredentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY =
      sandbox.managementCredentials.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;

    ({ server } = await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...added: TemplateAction<any, any>[]) =>
              added.forEach(a => actions.set(a.id, a)),
          },
        ],
      ],
      features: [
        landingZonePlugin,
        scaffolderModuleLandingZone,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'https://portal.example.com' },
            integrations: { github: [{ host: 'github.com', token: 'test' }] },
            landingZone: {
              regions: sandbox.organization.regions,
              aws: {
                endpoints: { default: sandbox.url },
                maxAttempts: 4,
                requestTimeoutMs: 5000,
              },
              scan: { concurrency: 4, schedule: LATER },
              vending: {
                repository: {
                  url: 'github.com?owner=lz-demo&repo=infrastructure',
                },
                // 10.64.0.0/12 holds the staging VPCs: its free /16s are
                // 10.74, 10.78 and 10.79.
                cidrPools: [
                  { name: 'staging-range', cidr: '10.64.0.0/12' },
                  { name: 'demo', cidr: '10.128.0.0/12' },
                ],
                follow: { schedule: LATER },
              },
            },
          },
        }),
      ],
    }));

    const started = await request(server)
      .post('/api/landing-zone/scans')
      .set('Authorization', mockCredentials.user.header());
    if (started.status !== 202) {
      throw new Error(`The scan did not start: ${started.status}`);
    }
    for (let i = 0; i < 480; i++) {
      const scan = await request(server)
        .get(`/api/landing-zone/scans/${started.body.id}`)
        .set('Authorization', mockCredentials.user.header());
      if (scan.body.state !== 'running') break;
      await new Promise(r => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('registers all six actions', () => {
    expect([...actions.keys()].sort()).toEqual([
      'landing-zone:account-request:register',
      'landing-zone:account:network',
      'landing-zone:account:validate',
      'landing-zone:cidr:allocate',
      'landing-zone:policy:what-if',
      'landing-zone:vending:repository',
    ]);
  });

  it('outputs the infrastructure repository', async () => {
    expect(await run('landing-zone:vending:repository', {})).toMatchObject({
      repoUrl: 'github.com?owner=lz-demo&repo=infrastructure',
      targetBranch: 'main',
    });
  });

  it('passes a good request with the OU as AFT names it', async () => {
    expect(await run('landing-zone:account:validate', request1)).toEqual({
      ouId: DEMO.qa,
      ouName: 'QA',
      ouPath: 'Root/Workloads/QA',
      managedOrganizationalUnit: `QA (${DEMO.qa})`,
      allowedRegions: ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2'],
      slug: 'payments-sandbox',
      ownerTag: 'owner',
    });
  });

  it('names an invalid name and email, and a region the SCPs deny, in one error', async () => {
    const error = await failure('landing-zone:account:validate', {
      ...request1,
      accountName: 'payments-sandbox-with-a-name-far-longer-than-aws-allows',
      email: 'aws+payments@sandbox@example.com',
      regions: ['eu-west-1', 'ap-southeast-2'],
    });
    expect(error).toBeInstanceOf(InputError);
    expect(error.message.split('\n')).toEqual([
      'accountName: must be at most 50 characters (it has 55); an AWS account name is 1 to 50 characters',
      'email: must contain exactly one @; a root email is an address like aws+payments-prod@example.com',
      `regions: ap-southeast-2 is denied by SCP region-allow-list at ${DEMO.workloads} on the path of Root/Workloads/QA; choose among eu-west-1, eu-central-1, us-east-1, us-west-2`,
    ]);
  });

  it('refuses an unknown OU and the suspended one', async () => {
    expect(
      (
        await failure('landing-zone:account:validate', {
          ...request1,
          ouId: 'ou-f1nt-n0th3r3x',
        })
      ).message,
    ).toBe(
      'ouId: there is no organizational unit ou-f1nt-n0th3r3x in the organisation as last scanned; pick one from the OU tree',
    );
    expect(
      (
        await failure('landing-zone:account:validate', {
          ...request1,
          ouId: DEMO.suspended,
        })
      ).message,
    ).toBe(
      `ouId: Root/Suspended (${DEMO.suspended}) holds suspended accounts; no new account goes there, pick another OU`,
    );
  });

  it("refuses an account's name and email", async () => {
    const error = await failure('landing-zone:account:validate', {
      ...request1,
      accountName: 'Payments-Prod',
      email: 'aws+payments-prod@example.com',
    });
    expect(error.message.split('\n')).toEqual([
      `accountName: 'Payments-Prod' is the name of account ${DEMO.paymentsProd} (payments-prod); choose another name`,
      `email: 'aws+payments-prod@example.com' is the root email of account ${DEMO.paymentsProd} (payments-prod); use another address (e.g. with a +tag)`,
    ]);
  });

  it('allocates around the VPCs, holds the block for the request, and refuses a duplicate request', async () => {
    const first = await run('landing-zone:cidr:allocate', {
      requestKey: 'payments-sandbox',
    });
    expect(first).toMatchObject({
      cidr: '10.74.0.0/16',
      pool: 'staging-range',
    });
    // A retried task gets the same block.
    expect(
      await run('landing-zone:cidr:allocate', {
        requestKey: 'payments-sandbox',
      }),
    ).toMatchObject({
      cidr: '10.74.0.0/16',
      allocationId: first.allocationId,
    });

    const registered = await run('landing-zone:account-request:register', {
      ...request1,
      monthlyBudgetUsd: 500,
      allocationId: String(first.allocationId),
      pullRequestUrl: `${PR}/1`,
    });
    expect(registered).toEqual({
      requestId: expect.any(String),
      requestUrl: `https://portal.example.com/landing-zone/requests/${registered.requestId}`,
      cidr: '10.74.0.0/16',
    });
    const stored = await request(server)
      .get(`/api/landing-zone/account-requests/${registered.requestId}`)
      .set('Authorization', mockCredentials.user.header());
    expect(stored.body).toMatchObject({
      state: 'open',
      requestedBy: 'user:default/pat-payments',
      cidr: '10.74.0.0/16',
    });

    // The name and the email are taken by the request in flight.
    const again = await failure('landing-zone:account:validate', {
      ...request1,
      accountName: 'PAYMENTS-SANDBOX',
    });
    expect(again.message.split('\n')).toEqual([
      `accountName: 'PAYMENTS-SANDBOX' is the name of account request ${registered.requestId} (${PR}/1), still in flight; choose another name, or close that pull request first`,
      `email: 'aws+payments-sandbox@example.com' is the root email of account request ${registered.requestId} (${PR}/1), still in flight; use another address (e.g. with a +tag), or close that pull request first`,
    ]);
    const duplicate = await failure('landing-zone:account-request:register', {
      ...request1,
      accountName: 'payments-sandbox-2',
      pullRequestUrl: `${PR}/2`,
    });
    expect(duplicate).toBeInstanceOf(InputError);
    expect(duplicate.message).toBe(
      `email: account request ${registered.requestId} (${PR}/1) for 'payments-sandbox' is still open with the same email; close this pull request and choose another`,
    );
  });

  it('gives parallel requests different blocks, and says when the pool is spent', async () => {
    // 10.74 is held by payments-sandbox: 10.78 and 10.79 are left.
    const [a, b] = await Promise.all([
      run('landing-zone:cidr:allocate', { requestKey: 'parallel-a' }),
      run('landing-zone:cidr:allocate', { requestKey: 'parallel-b' }),
    ]);
    expect([a.cidr, b.cidr].sort()).toEqual(['10.78.0.0/16', '10.79.0.0/16']);

    const spent = await failure('landing-zone:cidr:allocate', {
      requestKey: 'spent',
    });
    expect(spent).toBeInstanceOf(InputError);
    expect(spent.message).toMatch(
      /^pool: 'staging-range' \(10\.64\.0\.0\/12\) has no free \/16: all 16 are taken by VPCs in the inventory or by open requests/,
    );
    expect(
      await run('landing-zone:cidr:allocate', {
        requestKey: 'spent',
        pool: 'demo',
        prefixLength: 20,
      }),
    ).toMatchObject({ cidr: '10.128.0.0/20', pool: 'demo' });
    const wide = await failure('landing-zone:cidr:allocate', {
      requestKey: 'wide',
      prefixLength: 8,
    });
    expect(wide.message).toBe(
      "prefixLength: /8 does not fit pool 'staging-range' (10.64.0.0/12); a VPC takes /16 to /28, so use /16 to /28",
    );
  });

  it("outputs a compliant prod account's network", async () => {
    const auth = mockCredentials.user.header();
    const compliant = await request(server)
      .get('/api/landing-zone/accounts')
      .query({ environment: 'prod', compliance: 'compliant', limit: 1 })
      .set('Authorization', auth);
    const [account] = compliant.body.items;
    expect(account).toBeDefined();
    const vpcs = await request(server)
      .get('/api/landing-zone/vpcs')
      .query({ accountId: account.id, region: 'eu-west-1' })
      .set('Authorization', auth);
    const [vpc] = vpcs.body.items;

    const network = await run('landing-zone:account:network', {
      accountId: account.id,
      region: 'eu-west-1',
      environment: 'prod',
    });
    expect(network).toMatchObject({
      accountId: account.id,
      accountName: account.name,
      environment: 'prod',
      region: 'eu-west-1',
      vpcId: vpc.vpcId,
      vpcCidr: vpc.cidrs[0],
      compliant: true,
    });
    expect(network.privateSubnetIds).toHaveLength(vpc.tiers.private);
    expect(network.publicSubnetIds).toHaveLength(vpc.tiers.public);
  });

  it('refuses payments-prod for prod: its VPC is peered with a non-prod one', async () => {
    const error = await failure('landing-zone:account:network', {
      accountId: DEMO.paymentsProd,
      environment: 'prod',
    });
    expect(error.message).toBe(
      `accountId: payments-prod (${DEMO.paymentsProd}) is a prod account and fails 1 guardrail: Prod and non-prod networks are isolated. A prod stack goes only into a compliant account: fix the guardrails (the account's Guardrails tab says how) and run again after the next scan`,
    );
  });

  it('refuses a non-compliant prod account, an unknown one and a region without a VPC', async () => {
    const cards = await failure('landing-zone:account:network', {
      accountId: DEMO.cardsProd,
      environment: 'prod',
    });
    expect(cards).toBeInstanceOf(InputError);
    expect(cards.message).toMatch(
      /^accountId: cards-prod \(756163449514\) is a prod account and fails \d+ guardrails?: .*GuardDuty is enabled/,
    );
    expect(
      (
        await failure('landing-zone:account:network', {
          accountId: '123456789012',
        })
      ).message,
    ).toMatch(/^accountId: there is no account 123456789012/);
    expect(
      (
        await failure('landing-zone:account:network', {
          accountId: DEMO.ledgerProd,
          region: 'us-east-1',
        })
      ).message,
    ).toBe(
      `region: account ${DEMO.ledgerProd} (ledger-prod) has no VPC in us-east-1 as last scanned: it has VPCs in eu-central-1, eu-west-1; pass one of those as region`,
    );
  });

  describe('landing-zone:policy:what-if', () => {
    /** The demo's region allow-list as the backend serves it. */
    async function allowList() {
      const res = await request(server)
        .get('/api/landing-zone/policies')
        .set('Authorization', mockCredentials.user.header());
      const policy = res.body.items.find(
        (p: { name: string }) => p.name === 'region-allow-list',
      );
      return { policy, document: JSON.parse(policy.content) };
    }

    it('summarises removing us-west-2 from the allow-list: RunInstances there becomes denied in the accounts under it', async () => {
      const { policy, document } = await allowList();
      const condition = document.Statement[0].Condition.StringNotEquals;
      condition['aws:RequestedRegion'] = condition[
        'aws:RequestedRegion'
      ].filter((r: string) => r !== 'us-west-2');
      const output = await run('landing-zone:policy:what-if', {
        change: {
          kind: 'edit',
          policyId: policy.id,
          content: JSON.stringify(document),
        },
      });
      // Every active account under Security, Infrastructure, Workloads and
      // Suspended; every one fails scp-region-allow-list after.
      const under = new Set(policy.targets.map((t: { id: string }) => t.id));
      const unitOf = new Map(
        sandbox.organization.organizationalUnits.map(u => [u.id, u]),
      );
      const reached = sandbox.organization.accounts.filter(a => {
        for (
          let id: string | undefined = a.parentId;
          id;
          id = unitOf.get(id)?.parentId
        ) {
          if (under.has(id)) return a.status === 'ACTIVE';
        }
        return false;
      });
      expect(output).toMatchObject({
        problems: [],
        reached: reached.length,
        accountsChanged: reached.length,
        document: JSON.stringify(document, null, 2),
      });
      const markdown = output.markdown as string;
      const firstFive = reached
        .map(a => a.name)
        .sort()
        .slice(0, 5)
        .join(', ');
      expect(markdown).toContain(
        `| \`ec2:RunInstances\` in us-west-2, by a role of the account | **denied** | ${
          reached.length
        }: ${firstFive}, and ${reached.length - 5} more |`,
      );
      expect(markdown).toContain(
        `| Only allowed regions can be used | pass → **fail** | ${
          reached.length
        }: ${firstFive}, and ${reached.length - 5} more |`,
      );
      // Only us-west-2 changes; IAM is global, exempt from the allow-list.
      const rows = markdown.split('\n').filter(l => l.startsWith('| `'));
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows) expect(row).toContain(' in us-west-2, ');
      expect(markdown).not.toContain('iam:CreateUser');
    });

    it('fails a broken document at its line and column, and names an unknown policy', async () => {
      const { policy, document } = await allowList();
      const broken = await failure('landing-zone:policy:what-if', {
        change: {
          kind: 'edit',
          policyId: policy.id,
          content: '{\n  "Version": "2012-10-17",\n  "Statement": [,]\n}',
        },
      });
      expect(broken).toBeInstanceOf(InputError);
      expect(broken.message).toMatch(
        /^change\.content: the policy document has a problem: line 3, column 17: /,
      );
      const unknown = await failure('landing-zone:policy:what-if', {
        change: {
          kind: 'edit',
          policyId: 'p-nope',
          content: JSON.stringify(document),
        },
      });
      expect(unknown.message).toMatch(/^change: .*p-nope/);
    });
  });
});
