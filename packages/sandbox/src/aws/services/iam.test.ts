import {
  GetAccountSummaryCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  NoSuchEntityException,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import {
  accountId,
  assumeRole,
  clientConfig,
} from '../../__testUtils__/clients';
import { parseOrganization } from '../../org/load';
import { startSandbox, type Sandbox } from '../../startSandbox';

const MANY_USERS = `
organization:
  id: o-iamtesting0
  rootId: r-iamt
  managementAccount: '111111111111'
  regions: [us-east-1]
defaults:
  roles: [LandingZoneReadOnly]
  rootMfa: true
accounts:
  - id: '111111111111'
    name: management
  - id: '222222222222'
    name: legacy
    rootAccessKeys: true
    iamUsers:
      - { name: alice, accessKeys: [{ status: Active, created: '2020-01-02T03:04:05Z' }, { status: Inactive }] }
      - { name: bob }
      - { name: carol, path: /ops/ }
      - { name: dave }
      - { name: erin }
`;

describe('IAM', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      org: parseOrganization(MANY_USERS, 'iam.yaml'),
    });
  });
  afterAll(() => sandbox.close());

  async function iam(name: string): Promise<IAMClient> {
    return new IAMClient(
      clientConfig(
        sandbox,
        'us-east-1',
        await assumeRole(sandbox, accountId(sandbox, name)),
      ),
    );
  }

  it('summarises root MFA, root keys and users', async () => {
    const management = new IAMClient(clientConfig(sandbox));
    const mgmt = (await management.send(new GetAccountSummaryCommand({})))
      .SummaryMap!;
    expect([
      mgmt.AccountMFAEnabled,
      mgmt.AccountAccessKeysPresent,
      mgmt.Users,
    ]).toEqual([1, 0, 0]);
    const legacy = (
      await (await iam('legacy')).send(new GetAccountSummaryCommand({}))
    ).SummaryMap!;
    expect([
      legacy.AccountMFAEnabled,
      legacy.AccountAccessKeysPresent,
      legacy.Users,
    ]).toEqual([1, 1, 5]);
  });

  it('pages ListUsers with Marker and MaxItems', async () => {
    const client = await iam('legacy');
    const pages: string[][] = [];
    for await (const page of paginateListUsers({ client, pageSize: 2 }, {})) {
      pages.push(page.Users!.map(u => u.UserName!));
    }
    expect(pages).toEqual([['alice', 'bob'], ['carol', 'dave'], ['erin']]);
    const first = await client.send(new ListUsersCommand({ MaxItems: 4 }));
    expect([first.IsTruncated, typeof first.Marker]).toEqual([true, 'string']);
    const ops = await client.send(
      new ListUsersCommand({ PathPrefix: '/ops/' }),
    );
    expect(ops.Users!.map(u => u.Arn)).toEqual([
      'arn:aws:iam::222222222222:user/ops/carol',
    ]);
    expect(ops.IsTruncated).toBe(false);
  });

  it('lists a user’s access keys and answers NoSuchEntity for unknown users', async () => {
    const client = await iam('legacy');
    const { AccessKeyMetadata } = await client.send(
      new ListAccessKeysCommand({ UserName: 'alice' }),
    );
    expect(
      AccessKeyMetadata!.map(k => [
        k.UserName,
        k.Status,
        k.AccessKeyId?.slice(0, 4),
      ]),
    ).toEqual([
      ['alice', 'Active', 'AKIA'],
      ['alice', 'Inactive', 'AKIA'],
    ]);
    expect(AccessKeyMetadata![0].CreateDate).toEqual(
      new Date('2020-01-02T03:04:05Z'),
    );
    const error = await client
      .send(new ListAccessKeysCommand({ UserName: 'mallory' }))
      .catch(e => e);
    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect(error.$metadata.httpStatusCode).toBe(404);
  });
});
