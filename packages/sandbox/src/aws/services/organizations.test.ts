import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  InvalidInputException,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListPolicies,
  paginateListTargetsForPolicy,
  PolicyNotFoundException,
} from '@aws-sdk/client-organizations';
import {
  accountId,
  assumeRole,
  clientConfig,
} from '../../__testUtils__/clients';
import { startSandbox, type Sandbox } from '../../startSandbox';

describe('Organizations', () => {
  let sandbox: Sandbox;
  let client: OrganizationsClient;
  const ou = (path: string) =>
    sandbox.organization.organizationalUnits.find(o => o.path === path)!.id;

  beforeAll(async () => {
    sandbox = await startSandbox();
    client = new OrganizationsClient(clientConfig(sandbox));
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.resetCounters());

  it('describes the organisation', async () => {
    const { Organization } = await client.send(
      new DescribeOrganizationCommand({}),
    );
    expect(Organization).toEqual({
      Id: 'o-f1nt3chd3m',
      Arn: 'arn:aws:organizations::910221622225:organization/o-f1nt3chd3m',
      FeatureSet: 'ALL',
      MasterAccountArn:
        'arn:aws:organizations::910221622225:account/o-f1nt3chd3m/910221622225',
      MasterAccountId: '910221622225',
      MasterAccountEmail: 'aws+management@example.com',
      AvailablePolicyTypes: [
        { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
        { Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' },
        { Type: 'DECLARATIVE_POLICY_EC2', Status: 'ENABLED' },
      ],
    });
  });

  it('pages ListAccounts at the sandbox’s default of 5, and up to 20 when asked', async () => {
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client }, {})) {
      pages.push(page.Accounts!.length);
      ids.push(...page.Accounts!.map(a => a.Id!));
    }
    expect(pages).toEqual([5, 5, 5, 5, 5, 5, 5, 5, 4]);
    expect(ids).toEqual(sandbox.organization.accounts.map(a => a.id));
    expect(
      sandbox.counters().services.organizations.operations.ListAccounts.calls,
    ).toBe(9);

    const most = [];
    for await (const page of paginateListAccounts(
      { client, pageSize: 20 },
      {},
    )) {
      most.push(page.Accounts!.length);
    }
    expect(most).toEqual([20, 20, 4]);

    const small = [];
    for await (const page of paginateListAccounts(
      { client, pageSize: 7 },
      {},
    )) {
      small.push(page.Accounts!.length);
    }
    expect(small).toEqual([7, 7, 7, 7, 7, 7, 2]);
  });

  it('describes accounts as AWS does', async () => {
    const { Accounts } = await client.send(
      new ListAccountsCommand({ MaxResults: 2 }),
    );
    expect(Accounts![0]).toEqual({
      Id: '910221622225',
      Arn: 'arn:aws:organizations::910221622225:account/o-f1nt3chd3m/910221622225',
      Email: 'aws+management@example.com',
      Name: 'management',
      State: 'ACTIVE',
      Paths: ['o-f1nt3chd3m/r-f1nt/910221622225/'],
      JoinedMethod: 'CREATED',
      JoinedTimestamp: new Date('2019-03-04T09:12:00Z'),
    });
  });

  it('walks the OU tree', async () => {
    const { Roots } = await client.send(new ListRootsCommand({}));
    expect(Roots!.map(r => r.Id)).toEqual(['r-f1nt']);
    const top = await client.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: 'r-f1nt' }),
    );
    expect(top.OrganizationalUnits!.map(o => o.Name)).toEqual([
      'Security',
      'Infrastructure',
      'Workloads',
      'Sandbox',
      'Suspended',
    ]);
    const workloads = await client.send(
      new ListOrganizationalUnitsForParentCommand({
        ParentId: ou('Workloads'),
      }),
    );
    expect(workloads.OrganizationalUnits!.map(o => [o.Name, o.Path])).toEqual([
      ['Prod', 'o-f1nt3chd3m/r-f1nt/ou-f1nt-w0rkl0ad/ou-f1nt-pr0d0000/'],
      ['Staging', 'o-f1nt3chd3m/r-f1nt/ou-f1nt-w0rkl0ad/ou-f1nt-stag1ng0/'],
      ['QA', 'o-f1nt3chd3m/r-f1nt/ou-f1nt-w0rkl0ad/ou-f1nt-qa000000/'],
    ]);
    const prod: string[] = [];
    for await (const page of paginateListAccountsForParent(
      { client, pageSize: 5 },
      { ParentId: ou('Workloads/Prod') },
    )) {
      prod.push(...page.Accounts!.map(a => a.Name!));
    }
    expect(prod).toEqual([
      'payments-prod',
      'ledger-prod',
      'cards-prod',
      'fraud-prod',
      'identity-prod',
      'auth-prod',
      'data-lake-prod',
      'analytics-prod',
      'reporting-prod',
    ]);
    const { Parents } = await client.send(
      new ListParentsCommand({ ChildId: accountId(sandbox, 'payments-prod') }),
    );
    expect(Parents).toEqual([
      { Id: ou('Workloads/Prod'), Type: 'ORGANIZATIONAL_UNIT' },
    ]);
    const { Tags } = await client.send(
      new ListTagsForResourceCommand({
        ResourceId: accountId(sandbox, 'payments-prod'),
      }),
    );
    expect(Tags).toEqual([
      { Key: 'owner', Value: 'team-payments' },
      { Key: 'environment', Value: 'prod' },
    ]);
  });

  it('lists SCPs, their targets and content', async () => {
    const policies = [];
    for await (const page of paginateListPolicies(
      { client },
      { Filter: 'SERVICE_CONTROL_POLICY' },
    )) {
      policies.push(...page.Policies!);
    }
    expect(policies.map(p => [p.Id, p.AwsManaged])).toEqual([
      ['p-FullAWSAccess', true],
      ['p-denyleave', false],
      ['p-protectsecsvc', false],
      ['p-regionallow', false],
      ['p-denyrootuser', false],
      ['p-denyiamusers', false],
      ['p-secallowlist', false],
    ]);
    const tagPolicies = await client.send(
      new ListPoliciesCommand({ Filter: 'TAG_POLICY' }),
    );
    expect(tagPolicies.Policies).toEqual([]);

    const onSandbox = await client.send(
      new ListPoliciesForTargetCommand({
        TargetId: ou('Sandbox'),
        Filter: 'SERVICE_CONTROL_POLICY',
      }),
    );
    expect(onSandbox.Policies!.map(p => p.Name)).toEqual(['FullAWSAccess']);
    const onRoot = await client.send(
      new ListPoliciesForTargetCommand({
        TargetId: 'r-f1nt',
        Filter: 'SERVICE_CONTROL_POLICY',
      }),
    );
    expect(onRoot.Policies!.map(p => p.Name)).toEqual([
      'FullAWSAccess',
      'deny-leave-organization',
      'protect-security-services',
      'deny-root-user',
    ]);

    const targets = [];
    for await (const page of paginateListTargetsForPolicy(
      { client },
      { PolicyId: 'p-regionallow' },
    )) {
      targets.push(...page.Targets!);
    }
    expect(targets.map(t => [t.Name, t.Type])).toEqual([
      ['Security', 'ORGANIZATIONAL_UNIT'],
      ['Infrastructure', 'ORGANIZATIONAL_UNIT'],
      ['Workloads', 'ORGANIZATIONAL_UNIT'],
      ['Suspended', 'ORGANIZATIONAL_UNIT'],
    ]);
    const everywhere = [];
    for await (const page of paginateListTargetsForPolicy(
      { client },
      { PolicyId: 'p-FullAWSAccess' },
    )) {
      everywhere.push(...page.Targets!);
    }
    expect(everywhere).toHaveLength(1 + 8 + 44 - 1);

    const { Policy } = await client.send(
      new DescribePolicyCommand({ PolicyId: 'p-regionallow' }),
    );
    expect(Policy!.PolicySummary!.Arn).toBe(
      'arn:aws:organizations::910221622225:policy/o-f1nt3chd3m/service_control_policy/p-regionallow',
    );
    const document = JSON.parse(Policy!.Content!);
    expect(document.Statement[0].NotAction).toContain('organizations:*');
    expect(
      document.Statement[0].Condition.StringNotEquals['aws:RequestedRegion'],
    ).toEqual(['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2']);
  });

  it('answers with the typed exceptions', async () => {
    await expect(
      client.send(new DescribePolicyCommand({ PolicyId: 'p-doesnotexist' })),
    ).rejects.toBeInstanceOf(PolicyNotFoundException);
    const badToken = client.send(
      new ListAccountsCommand({ NextToken: 'bm90LWEtdG9rZW4' }),
    );
    await expect(badToken).rejects.toBeInstanceOf(InvalidInputException);
    await expect(badToken).rejects.toMatchObject({
      Reason: 'INVALID_NEXT_TOKEN',
    });
    await expect(
      client.send(new ListAccountsCommand({ MaxResults: 50 })),
    ).rejects.toBeInstanceOf(InvalidInputException);
    // A token from one listing is refused by another.
    const first = await client.send(new ListAccountsCommand({ MaxResults: 5 }));
    await expect(
      client.send(
        new ListAccountsForParentCommand({
          ParentId: 'r-f1nt',
          NextToken: first.NextToken,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidInputException);
  });

  it('refuses member accounts with AccessDeniedException', async () => {
    const member = new OrganizationsClient(
      clientConfig(
        sandbox,
        'us-east-1',
        await assumeRole(sandbox, accountId(sandbox, 'payments-prod')),
      ),
    );
    const error = await member.send(new ListAccountsCommand({})).catch(e => e);
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    // Any member may describe its organisation, as in AWS.
    const { Organization } = await member.send(
      new DescribeOrganizationCommand({}),
    );
    expect(Organization!.Id).toBe('o-f1nt3chd3m');
  });

  it('answers AWSOrganizationsNotInUseException when the organisation is not in use', async () => {
    const standalone = await startSandbox({
      org: { ...sandbox.organization, inUse: false },
    });
    try {
      const c = new OrganizationsClient(clientConfig(standalone));
      await expect(c.send(new ListRootsCommand({}))).rejects.toBeInstanceOf(
        AWSOrganizationsNotInUseException,
      );
      await expect(
        c.send(new DescribeOrganizationCommand({})),
      ).rejects.toBeInstanceOf(AWSOrganizationsNotInUseException);
    } finally {
      await standalone.close();
    }
  });
});
