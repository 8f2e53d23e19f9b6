import type { Account } from '@internal/sandbox';
import { decodePolicyDocument, readIamIdentities } from './iamIdentities';
import {
  denyCommands,
  type CollectorSandbox,
} from './__testUtils__/collectors';
import { startWorkloadsSandbox } from './__testUtils__/workloads';

jest.setTimeout(120_000);

describe('readIamIdentities against the sandbox', () => {
  let env: CollectorSandbox;
  let account: Account;

  beforeAll(async () => {
    ({ env, account } = await startWorkloadsSandbox());
  });

  afterAll(async () => {
    await env?.close();
  });

  async function iam() {
    return env.clients.iam(await env.member(account.id));
  }

  it('reads every user from one listing, those with an active key, and every role with its trust policy as JSON', async () => {
    env.sandbox.resetCounters();

    const facts = await readIamIdentities(await iam());

    const users = account.iam.users;
    expect(users.length).toBeGreaterThan(5);
    expect(facts.iamUsers.data).toEqual(
      users.map(u => ({
        userName: u.name,
        arn: expect.stringContaining(`:user${u.path ?? '/'}${u.name}`),
        createdAt: expect.any(String),
        passwordLastUsed: undefined,
      })),
    );
    expect(
      facts.iamUsers.data!.find(u => u.userName === 'alice')!.createdAt,
    ).toBe('2020-01-02T03:04:05.000Z');
    expect(facts.iamUsersWithKeys.data).toEqual([
      { userName: 'alice', accessKeyIds: [expect.any(String)] },
    ]);
    // Listed once for both facts.
    expect(env.sandbox.counters().services.iam.operations.ListUsers.calls).toBe(
      1,
    );

    expect(facts.iamRoles.data).toEqual(
      account.iam.roles.map(r => ({
        roleName: r.name,
        arn: `arn:aws:iam::${account.id}:role${r.path}${r.name}`,
        path: r.path,
        trustPolicy: r.trustPolicy,
        createdAt: new Date(r.createDate).toISOString(),
      })),
    );
    const partner = facts.iamRoles.data!.find(
      r => r.roleName === 'partner-read',
    )!;
    expect(JSON.stringify(JSON.parse(partner.trustPolicy))).toContain(
      '444455556666',
    );
  });

  it('records a denied user list as the error of both user facts, and a denied role list as its own', async () => {
    const client = denyCommands(
      await iam(),
      ['ListUsersCommand', 'ListRolesCommand'],
      'AccessDenied',
    );

    const facts = await readIamIdentities(client);

    for (const fact of [facts.iamUsers, facts.iamUsersWithKeys]) {
      expect(fact.error).toMatchObject({
        code: 'AccessDenied',
        operation: 'iam:ListUsers',
      });
    }
    expect(facts.iamRoles.error).toMatchObject({
      code: 'AccessDenied',
      operation: 'iam:ListRoles',
    });
  });

  it('decodes a URL-encoded policy document and keeps a plain one', () => {
    const json = '{"Version":"2012-10-17","Statement":[]}';
    expect(decodePolicyDocument(encodeURIComponent(json))).toBe(json);
    expect(decodePolicyDocument('{"a":"100%"}')).toBe('{"a":"100%"}');
    expect(decodePolicyDocument(undefined)).toBe('');
  });
});
