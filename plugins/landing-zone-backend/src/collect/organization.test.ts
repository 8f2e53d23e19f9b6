import {
  IAMClient,
  ServiceAccessNotEnabledException,
} from '@aws-sdk/client-iam';
import {
  ListTagsForResourceCommand,
  OrganizationsClient,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { OrganizationReader, parentIdsOf } from './organization';

describe('OrganizationReader.readTags', () => {
  it("keeps every other account's tags when one read fails", async () => {
    const client = new OrganizationsClient({ region: 'us-east-1' });
    jest.spyOn(client, 'send').mockImplementation(async command => {
      const id = (command as ListTagsForResourceCommand).input.ResourceId;
      if (id === '222222222222') {
        throw new TooManyRequestsException({
          message: 'AWS Organizations can not complete your request',
          $metadata: {},
        });
      }
      return { Tags: [{ Key: 'owner', Value: `team-${id}` }] };
    });
    const reader = OrganizationReader.create({ client });

    const { tags, failed } = await reader.readTags([
      '111111111111',
      '222222222222',
      '333333333333',
    ]);

    expect(Object.fromEntries(tags)).toEqual({
      '111111111111': { owner: 'team-111111111111' },
      '333333333333': { owner: 'team-333333333333' },
    });
    expect(failed).toEqual([
      {
        accountId: '222222222222',
        error: expect.objectContaining({
          code: 'TooManyRequestsException',
          operation: 'organizations:ListTagsForResource',
        }),
      },
    ]);
  });
});

describe('parentIdsOf', () => {
  const walked = ['r-1', 'ou-a', 'ou-b'];

  it('reads the ids above the account from its path, root first', () => {
    expect(
      parentIdsOf(['o-1/r-1/ou-a/ou-b/111111111111/'], '111111111111', walked),
    ).toEqual(['r-1', 'ou-a', 'ou-b']);
  });

  it("keeps the walk's ids when the path is absent or names another parent", () => {
    expect(parentIdsOf(undefined, '111111111111', walked)).toBe(walked);
    expect(parentIdsOf([], '111111111111', walked)).toBe(walked);
    // Moved between the two calls: the walk placed it under ou-b.
    expect(
      parentIdsOf(['o-1/r-1/ou-c/111111111111/'], '111111111111', walked),
    ).toBe(walked);
    expect(
      parentIdsOf(['o-1/r-1/ou-a/ou-b/222222222222/'], '111111111111', walked),
    ).toBe(walked);
  });
});

/**
 * An Organizations client answering from a table of commands, for what the
 * sandbox does not serve: the retired `Status` field without `State`.
 */
function fakeOrganizations(
  answers: Partial<Record<string, (input: any) => unknown>>,
) {
  const client = new OrganizationsClient({ region: 'us-east-1' });
  jest.spyOn(client, 'send').mockImplementation(async (command: any) => {
    const answer = answers[command.constructor.name];
    if (!answer) throw new Error(`unexpected ${command.constructor.name}`);
    return answer(command.input);
  });
  return client;
}

describe('OrganizationReader.read, account states', () => {
  const account = (id: string, fields: object) => ({
    Id: id,
    Name: `n-${id}`,
    Email: `${id}@example.com`,
    ...fields,
  });

  it('reads State, and the retired Status only when State is absent', async () => {
    const client = fakeOrganizations({
      DescribeOrganizationCommand: () => ({
        Organization: { Id: 'o-1', MasterAccountId: '111111111111' },
      }),
      ListRootsCommand: () => ({
        Roots: [
          {
            Id: 'r-1',
            Name: 'Root',
            PolicyTypes: [
              { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
              { Type: 'RESOURCE_CONTROL_POLICY', Status: 'PENDING_ENABLE' },
            ],
          },
        ],
      }),
      ListOrganizationalUnitsForParentCommand: () => ({
        OrganizationalUnits: [],
      }),
      ListAccountsForParentCommand: () => ({
        Accounts: [
          // State wins over the retired field, which AWS still fills
          account('111111111111', { State: 'ACTIVE', Status: 'ACTIVE' }),
          account('222222222222', {
            State: 'PENDING_CLOSURE',
            Status: 'PENDING_CLOSURE',
          }),
          account('333333333333', { State: 'CLOSED', Status: 'SUSPENDED' }),
          // an endpoint that predates State
          account('444444444444', { Status: 'SUSPENDED' }),
          account('555555555555', {}),
        ],
      }),
      ListPoliciesCommand: () => ({ Policies: [] }),
    });

    const { accounts, organization } = await OrganizationReader.create({
      client,
    }).read({ cachedTags: new Map() });

    expect(accounts.map(a => [a.id, a.status])).toEqual([
      ['111111111111', 'ACTIVE'],
      ['222222222222', 'PENDING_CLOSURE'],
      ['333333333333', 'CLOSED'],
      ['444444444444', 'SUSPENDED'],
      ['555555555555', 'UNKNOWN'],
    ]);
    // Without paths the walk's ids stand.
    expect(accounts.every(a => a.parentIds.join() === 'r-1')).toBe(true);
    // Only ENABLED types; pending ones do not apply yet.
    expect(organization.enabledPolicyTypes).toEqual(['SERVICE_CONTROL_POLICY']);
    // No IAM client given: root access is not claimed either way.
    expect(organization.rootAccess).toBeUndefined();
    expect(organization.resourceControlPolicies).toEqual([]);
  });
});

describe('OrganizationReader.read, root access features', () => {
  const organizations = () =>
    fakeOrganizations({
      DescribeOrganizationCommand: () => ({
        Organization: { Id: 'o-1', MasterAccountId: '111111111111' },
      }),
      ListRootsCommand: () => ({ Roots: [{ Id: 'r-1', Name: 'Root' }] }),
      ListOrganizationalUnitsForParentCommand: () => ({
        OrganizationalUnits: [],
      }),
      ListAccountsForParentCommand: () => ({ Accounts: [] }),
      ListPoliciesCommand: () => ({ Policies: [] }),
    });

  it('reads both features off when IAM has no trusted access, which they need', async () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    jest.spyOn(iam, 'send').mockImplementation(async () => {
      throw new ServiceAccessNotEnabledException({
        message: 'Trusted access is not enabled for IAM',
        $metadata: {},
      });
    });

    const { organization } = await OrganizationReader.create({
      client: organizations(),
      iam,
    }).read({ cachedTags: new Map() });

    expect(organization.rootAccess).toEqual({
      data: { rootCredentialsManagement: false, rootSessions: false },
      collectedAt: expect.any(String),
    });
  });
});
