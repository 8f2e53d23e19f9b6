import type { Server } from 'node:http';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
// Only the tests run the landing-zone plugin beside the module; the actions
// reach it over HTTP through landingZoneVendingServiceRef.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import landingZonePlugin from '@internal/plugin-landing-zone-backend';
import { startSandbox, type Sandbox } from '@internal/sandbox';
import request from 'supertest';
import {
  cloneBranch,
  directoryContents,
  evaluate,
  only,
  parseHcl,
  readTemplate,
  ref,
  within,
  type Files,
  type Hcl,
} from './__testUtils__/templates';
import { scaffolderModuleLandingZone } from './module';

/*
 * The templates of templates/ as the portal runs them: Backstage's scaffolder
 * with its GitHub module and this module's actions, the landing-zone backend
 * after one scan of the sandbox's demo organisation, and the sandbox's GitHub
 * side as the infrastructure repository. Dry runs go through /v2/dry-run as
 * the Template Editor sends them (the template and its directory's files);
 * real runs through /v2/tasks, then the pull request's branch is cloned with
 * git. Every .tf is read with an HCL2 parser (hcl2-parser, HashiCorp's hcl
 * compiled to JavaScript) and asserted by its blocks and attributes.
 */

jest.setTimeout(60_000);

const LATER = {
  frequency: { hours: 24 },
  timeout: { minutes: 10 },
  initialDelay: { hours: 24 },
};
const POOL = { name: 'workloads', cidr: '10.128.0.0/12' };
const USER = 'user:default/pat-payments';
const OWNER = 'group:default/team-payments';
const SERVICE = {
  region: 'eu-west-1',
  serviceName: 'payments-api',
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api:1.4.2',
  port: 8080,
  exposure: 'internal',
  desiredCount: 2,
  owner: OWNER,
};

type Unit = { id: string; name: string; path: string; children: Unit[] };

describe('the aws-account, aws-service-stack and policy-change templates', () => {
  let sandbox: Sandbox;
  let server: Server;
  const auth = mockCredentials.user.header(USER);
  const templates: Record<string, Entity> = {};
  const contents: Record<string, { path: string; base64Content: string }[]> =
    {};
  const jsonOfNode = Response.prototype.json;

  /** The QA OU and the suspended one, from the scanned organisation. */
  let qa: Unit;
  let suspended: Unit;
  /** A prod account that fails a guardrail. */
  let failingProd: { id: string; name: string };
  /** A good account request into QA, as the form would send it. */
  let account: {
    accountName: string;
    email: string;
    ouId: string;
    owner: string;
    environment: string;
    regions: string[];
    standardVpc: boolean;
    vpcPrefixLength: number;
    monthlyBudgetUsd: number;
    changeReason: string;
  };
  /** A compliant non-prod account of the inventory and its network. */
  let stack: {
    accountId: string;
    accountName: string;
    vpcId: string;
    vpcCidr: string;
    privateSubnetIds: string[];
    publicSubnetIds: string[];
  };

  const api = (method: 'get' | 'post', url: string) =>
    request(server)[method](url).set('Authorization', auth);

  async function dryRun(name: string, values: Record<string, unknown>) {
    return api('post', '/api/scaffolder/v2/dry-run').send({
      template: templates[name],
      values,
      directoryContents: contents[name],
    });
  }

  /** The files, exactly `expected`, each parsed. */
  function terraformOf(files: Files, expected: string[]): Record<string, Hcl> {
    expect(Object.keys(files).sort()).toEqual([...expected].sort());
    return Object.fromEntries(
      Object.entries(files).map(([file, text]) => [file, parseHcl(text)]),
    );
  }
  async function dryRunFiles(name: string, values: Record<string, unknown>) {
    const res = await dryRun(name, values);
    expect(res.status).toBe(200);
    const files: Files = {};
    for (const file of res.body.directoryContents) {
      files[file.path] = Buffer.from(file.base64Content, 'base64').toString();
    }
    return { files, output: res.body.output };
  }

  /** Runs a template for real; resolves to the task's status and events. */
  async function runTask(name: string, values: Record<string, unknown>) {
    const created = await api('post', '/api/scaffolder/v2/tasks').send({
      templateRef: `template:default/${name}`,
      values,
    });
    expect(created.status).toBe(201);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const task = await api(
        'get',
        `/api/scaffolder/v2/tasks/${created.body.id}`,
      );
      if (task.body.status === 'completed' || task.body.status === 'failed') {
        const events = await api(
          'get',
          `/api/scaffolder/v2/tasks/${created.body.id}/events`,
        );
        const completion = events.body.find(
          (e: { type: string }) => e.type === 'completion',
        );
        return {
          status: task.body.status as string,
          events: events.body as {
            type: string;
            body: { stepId?: string; status?: string; message: string };
          }[],
          output: completion.body.output,
        };
      }
      if (Date.now() > deadline) throw new Error(`${name} did not finish`);
      await new Promise(r => setTimeout(r, 100));
    }
  }

  async function github(url: string) {
    const res = await fetch(`${sandbox.github!.apiBaseUrl}${url}`, {
      headers: { Authorization: `token ${sandbox.github!.token}` },
    });
    expect(res.status).toBe(200);
    return res.json();
  }

  /** The status `context` on a commit once the sandbox's CI settled it. */
  async function settledStatus(sha: string, context: string) {
    for (let i = 0; i < 200; i++) {
      const { statuses } = await github(
        `/repos/lz-demo/infrastructure/commits/${sha}/status`,
      );
      const status = statuses.find(
        (s: { context: string }) => s.context === context,
      );
      if (status && status.state !== 'pending') return status;
      await new Promise(r => setTimeout(r, 50));
    }
    throw new Error(`${context} did not settle on ${sha}`);
  }

  beforeAll(async () => {
    // Jest runs this file in a realm of its own, while Node's fetch parses
    // JSON in Node's: the scaffolder's template engine refuses those arrays
    // ("Template arrays cannot use a custom prototype") in the actions'
    // outputs. A backend has one realm; here answers are parsed in the test's.
    Response.prototype.json = async function json(this: Response) {
      return JSON.parse(await this.text());
    };

    sandbox = await startSandbox({
      github: { ciDelayMs: 20, factoryDelayMs: 60 },
    });
    process.env.AWS_ACCESS_KEY_ID = sandbox.managementCredentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY =
      sandbox.managementCredentials.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;

    for (const name of ['aws-account', 'aws-service-stack', 'policy-change']) {
      templates[name] = await readTemplate(name);
      contents[name] = await directoryContents(name);
    }
    const { host, apiBaseUrl, token } = sandbox.github!;
    ({ server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        githubModule,
        scaffolderModuleLandingZone,
        landingZonePlugin,
        catalogServiceMock.factory({
          entities: [
            ...Object.values(templates),
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'User',
              metadata: { name: 'pat-payments', namespace: 'default' },
              spec: { memberOf: ['team-payments'] },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'https://portal.example.com' },
            integrations: { github: [{ host, apiBaseUrl, token }] },
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
                  url: `${host}?owner=lz-demo&repo=infrastructure`,
                },
                cidrPools: [POOL],
                follow: { schedule: LATER },
              },
            },
          },
        }),
      ],
    }));

    const started = await api('post', '/api/landing-zone/scans');
    if (started.status !== 202) {
      throw new Error(`The scan did not start: ${started.status}`);
    }
    for (let i = 0; i < 480; i++) {
      const scan = await api(
        'get',
        `/api/landing-zone/scans/${started.body.id}`,
      );
      if (scan.body.state !== 'running') break;
      await new Promise(r => setTimeout(r, 250));
    }

    const units: Unit[] = [];
    const walk = (unit: Unit) => {
      units.push(unit);
      unit.children.forEach(walk);
    };
    walk((await api('get', '/api/landing-zone/organizational-units')).body);
    qa = units.find(u => u.name === 'QA')!;
    suspended = units.find(u => u.name === 'Suspended')!;
    const allowed = await api(
      'get',
      `/api/landing-zone/organizational-units/${qa.id}/allowed-regions`,
    );
    account = {
      accountName: 'payments-dev',
      email: 'aws+payments-dev@example.com',
      ouId: qa.id,
      owner: OWNER,
      environment: 'qa',
      // The form offers the regions the OU's SCPs allow.
      regions: allowed.body.allowedRegions.slice(0, 2),
      standardVpc: true,
      vpcPrefixLength: 20,
      monthlyBudgetUsd: 750,
      changeReason: 'A QA account for the payments API',
    };
    const failing = await api('get', '/api/landing-zone/accounts').query({
      environment: 'prod',
      compliance: 'non-compliant',
    });
    failingProd = failing.body.items[0];

    // The service stack goes into a compliant non-prod account with a VPC in
    // eu-west-1, as the account picker offers it.
    const accounts = await api('get', '/api/landing-zone/accounts').query({
      environment: 'non-prod',
      compliance: 'compliant',
    });
    for (const candidate of accounts.body.items) {
      const network = await api(
        'get',
        `/api/landing-zone/accounts/${candidate.id}/network`,
      ).query({ region: 'eu-west-1' });
      if (network.status === 200 && network.body.privateSubnetIds.length) {
        stack = { ...network.body, accountName: candidate.name };
        break;
      }
    }
    if (!stack || !failingProd) {
      throw new Error('The demo organisation has changed: no account to use');
    }
  });

  afterAll(async () => {
    Response.prototype.json = jsonOfNode;
    await sandbox?.github?.idle();
    await sandbox?.close();
  });

  /** The account request's three files, parsed, asserted by structure. */
  function expectAccountRequest(
    files: Files,
    values: typeof account,
    slug: string,
  ): { cidr: string } {
    const requestFile = `account-requests/terraform/${slug}.tf`;
    const customizations = `account-customizations/${slug}/terraform`;
    const tf = terraformOf(files, [
      requestFile,
      `${customizations}/budget.tf`,
      `${customizations}/vpc.tf`,
    ]);

    const requestModule = only(tf[requestFile].module?.[slug]);
    expect(requestModule.source).toBe('./modules/aft-account-request');
    expect(requestModule.control_tower_parameters).toEqual({
      AccountEmail: values.email,
      AccountName: values.accountName,
      ManagedOrganizationalUnit: `${qa.name} (${qa.id})`,
      SSOUserEmail: values.email,
      SSOUserFirstName: values.accountName,
      SSOUserLastName: 'Admin',
    });
    expect(requestModule.account_tags).toEqual({
      owner: values.owner,
      environment: values.environment,
      'managed-by': 'landing-zone-portal',
    });
    expect(requestModule.change_management_parameters).toEqual({
      change_requested_by: 'pat-payments',
      change_reason: values.changeReason,
    });
    const customFields = requestModule.custom_fields;
    expect(customFields).toEqual({
      allowed_regions: values.regions.join(','),
      monthly_budget_usd: String(values.monthlyBudgetUsd),
      vpc_cidr: expect.stringMatching(
        new RegExp(`^\\d+\\.\\d+\\.\\d+\\.\\d+/${values.vpcPrefixLength}$`),
      ),
      ou_path: qa.path,
    });
    const cidr = customFields.vpc_cidr as string;
    expect(within(cidr, POOL.cidr)).toBe(true);
    expect(requestModule.account_customizations_name).toBe(slug);

    const budget = only(
      tf[`${customizations}/budget.tf`].resource?.aws_budgets_budget?.monthly,
    );
    expect(budget).toMatchObject({
      name: `${slug}-monthly`,
      budget_type: 'COST',
      limit_amount: String(values.monthlyBudgetUsd),
      limit_unit: 'USD',
      time_unit: 'MONTHLY',
    });
    expect(budget.notification).toEqual([
      expect.objectContaining({
        threshold: 80,
        notification_type: 'FORECASTED',
        subscriber_email_addresses: [values.email],
      }),
      expect.objectContaining({
        threshold: 100,
        notification_type: 'ACTUAL',
        subscriber_email_addresses: [values.email],
      }),
    ]);

    const network = tf[`${customizations}/vpc.tf`];
    const locals = only(network.locals);
    expect(locals.vpc_cidr).toBe(cidr);
    // Nine blocks of the VPC, three per tier: the expressions are the
    // structure here, Terraform evaluates them.
    expect(locals.subnets).toBe(
      ref('[for i in range(9) : cidrsubnet(local.vpc_cidr, 4, i)]'),
    );
    expect(only(network.provider?.aws)).toEqual({
      alias: 'home',
      region: values.regions[0],
    });
    const vpc = only(network.module?.vpc);
    expect(vpc).toMatchObject({
      source: 'terraform-aws-modules/vpc/aws',
      name: slug,
      cidr: ref('local.vpc_cidr'),
      azs: ref('local.azs'),
      public_subnets: ref('slice(local.subnets, 0, 3)'),
      private_subnets: ref('slice(local.subnets, 3, 6)'),
      database_subnets: ref('slice(local.subnets, 6, 9)'),
      public_subnet_tags: { tier: 'public' },
      private_subnet_tags: { tier: 'private' },
      database_subnet_tags: { tier: 'isolated' },
      enable_flow_log: true,
      create_flow_log_cloudwatch_log_group: true,
      create_flow_log_cloudwatch_iam_role: true,
      flow_log_cloudwatch_log_group_retention_in_days: 365,
      tags: { environment: values.environment },
    });
    return { cidr };
  }

  /** The service stack's three files, parsed, asserted by structure. */
  function expectServiceStack(files: Files, exposure: string) {
    const dir = `services/${stack.accountId}/${SERVICE.serviceName}`;
    const tf = terraformOf(files, [
      `${dir}/edge.tf`,
      `${dir}/providers.tf`,
      `${dir}/service.tf`,
    ]);
    const providers = tf[`${dir}/providers.tf`];
    const resources: Hcl = {};
    for (const file of Object.values(tf)) {
      for (const [type, named] of Object.entries(file.resource ?? {})) {
        resources[type] = { ...resources[type], ...(named as Hcl) };
      }
    }
    const resource = (type: string, name: string) =>
      only(resources[type]?.[name]);
    const locals = only(providers.locals);
    const value = (expression: unknown) => evaluate(expression, locals);

    expect(locals).toEqual({
      name: SERVICE.serviceName,
      vpc_id: stack.vpcId,
      vpc_cidr: stack.vpcCidr,
      private_subnet_ids: stack.privateSubnetIds,
      public_subnet_ids: stack.publicSubnetIds,
      internet_facing: exposure === 'internet-facing',
      container_port: SERVICE.port,
    });
    const aws = only(providers.provider?.aws);
    expect(aws.region).toBe(SERVICE.region);
    expect(only(aws.assume_role).role_arn).toBe(
      `arn:aws:iam::${stack.accountId}:role/AWSAFTExecution`,
    );
    expect(only(aws.default_tags).tags).toEqual({
      service: SERVICE.serviceName,
      owner: SERVICE.owner,
      environment: 'non-prod',
      'managed-by': 'landing-zone-portal',
    });

    // The tasks run in the VPC's private subnets, never with a public IP.
    const ecs = resource('aws_ecs_service', 'service');
    const ecsNetwork = only(ecs.network_configuration);
    expect(value(ecsNetwork.subnets)).toEqual(stack.privateSubnetIds);
    expect(ecsNetwork.assign_public_ip).toBe(false);
    expect(ecsNetwork.security_groups).toEqual([
      ref('aws_security_group.service.id'),
    ]);
    expect(ecs).toMatchObject({
      launch_type: 'FARGATE',
      desired_count: SERVICE.desiredCount,
      task_definition: ref('aws_ecs_task_definition.service.arn'),
    });
    expect(only(ecs.load_balancer).target_group_arn).toBe(
      ref('aws_lb_target_group.service.arn'),
    );

    // The load balancer: internal in the private subnets, or internet-facing
    // in the public ones; HTTPS with TLS 1.3, HTTP only redirects.
    const lb = resource('aws_lb', 'service');
    expect(value(lb.internal)).toBe(exposure === 'internal');
    expect(value(lb.subnets)).toEqual(
      exposure === 'internal' ? stack.privateSubnetIds : stack.publicSubnetIds,
    );
    expect(lb).toMatchObject({
      load_balancer_type: 'application',
      security_groups: [ref('aws_security_group.lb.id')],
      drop_invalid_header_fields: true,
    });
    expect(resource('aws_lb_listener', 'https')).toMatchObject({
      load_balancer_arn: ref('aws_lb.service.arn'),
      port: 443,
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
    expect(
      only(only(resource('aws_lb_listener', 'http').default_action).redirect),
    ).toMatchObject({ protocol: 'HTTPS', port: '443' });

    // A WAF web ACL with AWS's managed rules, associated with the load balancer.
    const waf = resource('aws_wafv2_web_acl', 'service');
    expect(waf.scope).toBe('REGIONAL');
    expect(
      waf.rule.map(
        (r: Hcl) =>
          only(only(r.statement).managed_rule_group_statement).name as string,
      ),
    ).toEqual([
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    expect(resource('aws_wafv2_web_acl_association', 'service')).toEqual({
      resource_arn: ref('aws_lb.service.arn'),
      web_acl_arn: ref('aws_wafv2_web_acl.service.arn'),
    });

    // Logs encrypted with the service's own rotating key, kept a year.
    expect(resource('aws_kms_key', 'logs').enable_key_rotation).toBe(true);
    expect(resource('aws_cloudwatch_log_group', 'service')).toMatchObject({
      kms_key_id: ref('aws_kms_key.logs.arn'),
      retention_in_days: 365,
    });

    // Security groups: the load balancer takes 443 (and 80, redirected) from
    // the internet or the VPC; the tasks take the container port from the
    // load balancer's group only.
    const ingress = Object.values(
      resources.aws_vpc_security_group_ingress_rule as Record<string, Hcl[]>,
    ).map(only);
    const into = (group: string) =>
      ingress.filter(r => r.security_group_id === ref(`${group}.id`));
    expect(
      into('aws_security_group.lb').map(r => ({
        ...r,
        cidr_ipv4: value(r.cidr_ipv4),
      })),
    ).toEqual(
      [80, 443].map(port => ({
        security_group_id: ref('aws_security_group.lb.id'),
        cidr_ipv4: exposure === 'internal' ? stack.vpcCidr : '0.0.0.0/0',
        from_port: port,
        to_port: port,
        ip_protocol: 'tcp',
      })),
    );
    const fromLb = into('aws_security_group.service');
    expect(fromLb).toEqual([
      {
        security_group_id: ref('aws_security_group.service.id'),
        referenced_security_group_id: ref('aws_security_group.lb.id'),
        from_port: ref('local.container_port'),
        to_port: ref('local.container_port'),
        ip_protocol: 'tcp',
      },
    ]);
    expect(value(fromLb[0].from_port)).toBe(SERVICE.port);
    expect(ingress).toHaveLength(3);
    expect(resource('aws_security_group', 'service').vpc_id).toBe(
      ref('local.vpc_id'),
    );

    // Two roles: the execution role with AWS's policy for pulling and
    // logging, the task role with none.
    const definition = resource('aws_ecs_task_definition', 'service');
    expect(definition).toMatchObject({
      requires_compatibilities: ['FARGATE'],
      network_mode: 'awsvpc',
      execution_role_arn: ref('aws_iam_role.execution.arn'),
      task_role_arn: ref('aws_iam_role.task.arn'),
    });
    expect(Object.keys(resources.aws_iam_role).sort()).toEqual([
      'execution',
      'task',
    ]);
    expect(resources.aws_iam_role_policy_attachment).toEqual({
      execution: [
        {
          role: ref('aws_iam_role.execution.name'),
          policy_arn:
            'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
        },
      ],
    });
  }

  describe('dry run', () => {
    it('renders the account request, its budget and its VPC from the live organisation', async () => {
      const { files, output } = await dryRunFiles('aws-account', account);
      const { cidr } = expectAccountRequest(files, account, 'payments-dev');
      // A dry run reserves nothing and shows the block an allocation would
      // get now: the pool's first /20.
      expect(cidr).toBe('10.128.0.0/20');
      expect(output.links[0]).toEqual({
        title: 'Pull request',
        url: `${sandbox.github!.host}?owner=lz-demo&repo=infrastructure`,
      });
    });

    it('leaves the VPC out when the request asks for none', async () => {
      const { files } = await dryRunFiles('aws-account', {
        ...account,
        accountName: 'payments-tools',
        email: 'aws+payments-tools@example.com',
        standardVpc: false,
      });
      const requestFile = 'account-requests/terraform/payments-tools.tf';
      const tf = terraformOf(files, [
        requestFile,
        'account-customizations/payments-tools/terraform/budget.tf',
      ]);
      const requestModule = only(tf[requestFile].module?.['payments-tools']);
      // An empty vpc_cidr: AFT's customization (and the sandbox's factory)
      // then builds no VPC.
      expect(requestModule.custom_fields.vpc_cidr).toBe('');
      expect(requestModule.account_customizations_name).toBe('payments-tools');
    });

    it('writes names and reasons as literal HCL strings, never as templates', async () => {
      // hcl2json gives a literal `$${x}` and an expression `${x}` the same
      // JSON, `${x}`; but it evaluates a literal inside one (`${42}` is `42`,
      // `${"eval"}` is `eval`) and rewrites a directive's spacing
      // (`%{ if true }` is `%{if true}`), so a value with those parses back
      // unchanged only if the template escaped it.
      expect(
        parseHcl('a = "x ${42} ${"eval"} %{ if true }y%{ endif }"').a,
      ).toBe('x 42 eval %{if true}y%{endif}');

      const tricky = {
        ...account,
        accountName: '"Team" ${42} ${"eval"} %{ if true }x%{ endif }',
        email: 'aws+blue-team@example.com',
        changeReason:
          'Quotes "like this", a backslash \\ and ${"eval"} on\ntwo lines,\tone tab\fand a form feed',
      };
      const { files } = await dryRunFiles('aws-account', tricky);
      // The template writes a form feed as a space: JSON's \f is no HCL escape.
      const written = {
        ...tricky,
        changeReason: tricky.changeReason.replace('\f', ' '),
      };
      expectAccountRequest(files, written, 'team-42-eval-if-true-x-endif');
    });

    it('renders the service stack into the inventory subnets of a compliant account', async () => {
      const { files, output } = await dryRunFiles('aws-service-stack', {
        ...SERVICE,
        accountId: stack.accountId,
      });
      expectServiceStack(files, 'internal');
      expect(output.links).toEqual([
        {
          title: 'Pull request',
          url: `${sandbox.github!.host}?owner=lz-demo&repo=infrastructure`,
        },
      ]);
    });

    it("reports a bad request with the action's message, not a crash", async () => {
      // A 400 with the action's InputError. The answer does not say which
      // step failed (the scaffolder drops a dry run's log when it throws);
      // a real run's events do, below.
      const refused = await dryRun('aws-account', {
        ...account,
        ouId: suspended.id,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toEqual({
        name: 'InputError',
        message: `ouId: ${suspended.path} (${suspended.id}) holds suspended accounts; no new account goes there, pick another OU`,
      });

      const prod = await dryRun('aws-service-stack', {
        ...SERVICE,
        accountId: failingProd.id,
      });
      expect(prod.status).toBe(400);
      expect(prod.body.error.name).toBe('InputError');
      expect(prod.body.error.message).toMatch(
        new RegExp(
          `^accountId: ${failingProd.name} \\(${failingProd.id}\\) is a prod account and fails \\d+ guardrails?: `,
        ),
      );
    });
  });

  describe('end to end', () => {
    it('opens a pull request per account request, each with its own CIDR, and follows them', async () => {
      const requests = [
        account,
        {
          ...account,
          accountName: 'cards-dev',
          email: 'aws+cards-dev@example.com',
          regions: [account.regions[1]],
        },
      ];
      // Started at once: the backend hands out two different blocks.
      const runs = await Promise.all(
        requests.map(values => runTask('aws-account', values)),
      );

      const cidrs: string[] = [];
      const listed = await api('get', '/api/landing-zone/account-requests');
      for (const [i, run] of runs.entries()) {
        const values = requests[i];
        expect(run.status).toBe('completed');
        const [pullRequest, follow] = run.output.links;
        expect(pullRequest.url).toMatch(
          new RegExp(
            `^${sandbox.url}/github/lz-demo/infrastructure/pull/\\d+$`,
          ),
        );
        expect(follow.url).toMatch(
          /^https:\/\/portal\.example\.com\/landing-zone\/requests\/[^/]+$/,
        );

        const number = pullRequest.url.split('/').pop();
        const pr = await github(
          `/repos/lz-demo/infrastructure/pulls/${number}`,
        );
        expect(pr).toMatchObject({
          state: 'open',
          title: `Account request: ${values.accountName} in ${qa.path}`,
          head: { ref: `account-request/${values.accountName}` },
          base: { ref: 'main' },
        });
        const files = await cloneBranch(
          sandbox.github!.cloneUrl('lz-demo', 'infrastructure'),
          pr.head.ref,
        );
        const { cidr } = expectAccountRequest(
          files,
          values,
          values.accountName,
        );
        cidrs.push(cidr);
        // The sandbox's CI reads the request as AFT would, and plans it.
        expect(await settledStatus(pr.head.sha, 'atlantis/plan')).toMatchObject(
          { state: 'success' },
        );

        expect(listed.body.items).toContainEqual(
          expect.objectContaining({
            id: follow.url.split('/').pop(),
            accountName: values.accountName,
            state: 'open',
            cidr,
            requestedBy: USER,
            pullRequest: expect.objectContaining({
              url: pullRequest.url,
              number: Number(number),
            }),
          }),
        );
      }
      // The dry run's block went to one of them (it reserved nothing).
      expect(cidrs.sort()).toEqual(['10.128.0.0/20', '10.128.16.0/20']);
    });

    it('opens a pull request with the service stack', async () => {
      const run = await runTask('aws-service-stack', {
        ...SERVICE,
        accountId: stack.accountId,
        exposure: 'internet-facing',
      });
      expect(run.status).toBe('completed');
      const number = run.output.links[0].url.split('/').pop();
      const pr = await github(`/repos/lz-demo/infrastructure/pulls/${number}`);
      expect(pr).toMatchObject({
        state: 'open',
        title: `Service stack: ${SERVICE.serviceName} in ${stack.accountName} (${SERVICE.region})`,
        head: { ref: `service/${stack.accountId}/${SERVICE.serviceName}` },
      });
      const files = await cloneBranch(
        sandbox.github!.cloneUrl('lz-demo', 'infrastructure'),
        pr.head.ref,
      );
      expectServiceStack(files, 'internet-facing');
    });

    it('fails at the step that refused the request, and opens nothing', async () => {
      const before = await github(
        '/repos/lz-demo/infrastructure/pulls?state=all',
      );
      const run = await runTask('aws-account', {
        ...account,
        accountName: 'ledger-dev',
        email: 'aws+ledger-dev@example.com',
        ouId: suspended.id,
      });
      expect(run.status).toBe('failed');
      expect(run.events.filter(e => e.body.status === 'failed')).toEqual([
        expect.objectContaining({
          body: expect.objectContaining({
            stepId: 'validate',
            message: expect.stringContaining(
              `InputError: ouId: ${suspended.path} (${suspended.id}) holds suspended accounts`,
            ),
          }),
        }),
      ]);
      const after = await github(
        '/repos/lz-demo/infrastructure/pulls?state=all',
      );
      expect(after).toHaveLength(before.length);
    });
  });

  describe('policy-change', () => {
    const FILE = 'organization/policies/scp/region-allow-list.json';

    /**
     * The demo's region allow-list as the policy editor gives it, with
     * us-west-2 removed from its regions.
     */
    async function withoutUsWest2() {
      const policies = await api('get', '/api/landing-zone/policies');
      const policy = policies.body.items.find(
        (p: { name: string }) => p.name === 'region-allow-list',
      );
      const document = JSON.parse(policy.content);
      const condition = document.Statement[0].Condition.StringNotEquals;
      condition['aws:RequestedRegion'] = condition[
        'aws:RequestedRegion'
      ].filter((r: string) => r !== 'us-west-2');
      return {
        policy: {
          policyId: policy.id,
          policyType: 'SCP',
          name: policy.name,
          // As an editor leaves it: its own indentation.
          content: JSON.stringify(document, null, 4),
        },
        document,
        targets: policy.targets.map((t: { id: string }) => t.id) as string[],
      };
    }

    /** The active demo accounts with one of `targets` on their path, by name. */
    function accountsUnder(targets: string[]): string[] {
      const org = sandbox.organization;
      const unitOf = new Map(org.organizationalUnits.map(u => [u.id, u]));
      return org.accounts
        .filter(a => {
          for (
            let id: string | undefined = a.parentId;
            id;
            id = unitOf.get(id)?.parentId
          ) {
            if (targets.includes(id)) return a.status === 'ACTIVE';
          }
          return false;
        })
        .map(a => a.name)
        .sort();
    }

    it('opens a pull request on its own branch with the edited policy and the requests and accounts it changes', async () => {
      const { policy, document, targets } = await withoutUsWest2();
      const run = await runTask('policy-change', {
        policy,
        reason: 'us-west-2 is no longer an operating region',
      });
      expect(run.status).toBe('completed');
      const number = run.output.links[0].url.split('/').pop();
      const pr = await github(`/repos/lz-demo/infrastructure/pulls/${number}`);
      expect(pr).toMatchObject({
        state: 'open',
        title: 'Policy change: region-allow-list (SCP)',
        head: {
          ref: expect.stringMatching(/^policy-change\/region-allow-list\/.+/),
        },
        base: { ref: 'main' },
      });

      // The one file, where the repository keeps the policy: the edited
      // document, indented as the repository keeps it, so the diff is the
      // region alone.
      const files = await cloneBranch(
        sandbox.github!.cloneUrl('lz-demo', 'infrastructure'),
        pr.head.ref,
      );
      expect(Object.keys(files)).toEqual([FILE]);
      expect(JSON.parse(files[FILE])).toEqual(document);
      expect(files[FILE]).toBe(`${JSON.stringify(document, null, 2)}\n`);
      const diff = await github(
        `/repos/lz-demo/infrastructure/pulls/${number}/files`,
      );
      expect(diff).toEqual([
        expect.objectContaining({
          filename: FILE,
          status: 'modified',
          additions: 1,
          deletions: 2,
          patch: expect.stringContaining(
            '-            "us-east-1",\n-            "us-west-2"\n+            "us-east-1"\n',
          ),
        }),
      ]);

      // The description: the reason, then what changes where.
      const reached = accountsUnder(targets);
      const body: string = pr.body;
      expect(body).toContain(
        'A change to the SCP **region-allow-list** (`p-regionallow`), proposed through the Landing Zone Portal.',
      );
      expect(body).toContain(
        'Reason: us-west-2 is no longer an operating region',
      );
      expect(body).toContain(`Requested by ${USER}.`);
      expect(body).toContain(`it reaches ${reached.length} active accounts.`);
      expect(body).toContain(
        `| \`ec2:RunInstances\` in us-west-2, by a role of the account | **denied** | ${
          reached.length
        }: ${reached.slice(0, 5).join(', ')}, and ${reached.length - 5} more |`,
      );
      const requestRows = body
        .split('\n')
        .filter(line => line.startsWith('| `'));
      for (const row of requestRows) expect(row).toContain(' in us-west-2, ');
      // One row for the guardrail that turns, naming where.
      expect(body).toContain(
        `${reached.length} accounts would have a guardrail verdict turned around.`,
      );
      const verdictRows = body
        .split('\n')
        .filter(line => line.startsWith('| Only allowed regions'));
      expect(verdictRows).toHaveLength(1);
      expect(verdictRows[0]).toMatch(
        new RegExp(
          `^\\| Only allowed regions can be used \\| pass → \\*\\*fail\\*\\* \\| ${
            reached.length
          }: ${reached.slice(0, 5).join(', ')}, and ${
            reached.length - 5
          } more \\| ${
            reached[0]
          }, us-west-2: Allowed region blocked: ec2:RunInstances is denied by region-allow-list at .* \\|$`,
        ),
      );
      expect(run.output.text[0].content).toContain(
        `reaches\n${reached.length} accounts`,
      );
    });

    it('shows the file in a dry run, and fails a broken document at its line and column before opening anything', async () => {
      const { policy, document } = await withoutUsWest2();
      const { files } = await dryRunFiles('policy-change', {
        policy,
        reason: 'us-west-2 is no longer an operating region',
      });
      expect(files).toEqual({
        [FILE]: `${JSON.stringify(document, null, 2)}\n`,
      });

      const before = await github(
        '/repos/lz-demo/infrastructure/pulls?state=all',
      );
      const run = await runTask('policy-change', {
        policy: {
          ...policy,
          content: '{\n  "Version": "2012-10-17",\n  "Statement": [,]\n}',
        },
        reason: 'A broken document, on purpose',
      });
      expect(run.status).toBe('failed');
      expect(run.events.filter(e => e.body.status === 'failed')).toEqual([
        expect.objectContaining({
          body: expect.objectContaining({
            stepId: 'whatIf',
            message: expect.stringMatching(
              /InputError: change\.content: the policy document has a problem: line 3, column 17: /,
            ),
          }),
        }),
      ]);
      expect(
        await github('/repos/lz-demo/infrastructure/pulls?state=all'),
      ).toHaveLength(before.length);
    });

    it('takes the policy as an object with its id, type, name and document', async () => {
      const { policy } = await withoutUsWest2();
      const { content: _dropped, ...withoutContent } = policy;
      const created = await api('post', '/api/scaffolder/v2/tasks').send({
        templateRef: 'template:default/policy-change',
        values: {
          policy: withoutContent,
          reason: 'No document at all',
        },
      });
      expect(created.status).toBe(400);
      expect(JSON.stringify(created.body)).toContain('content');
    });
  });
});
