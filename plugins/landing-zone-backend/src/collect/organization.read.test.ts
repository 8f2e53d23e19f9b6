import { generateOrganization } from '@internal/sandbox';
import {
  denyCommands,
  startCollectorSandbox,
  type CollectorSandbox,
} from './__testUtils__/collectors';
import { OrganizationReader } from './organization';

jest.setTimeout(120_000);

function readerOf(env: CollectorSandbox) {
  return OrganizationReader.create({
    client: env.clients.organizations(),
    iam: env.clients.iam(),
  });
}

/** The ids from the root down to `parentId`, from the sandbox's own tree. */
function chainTo(env: CollectorSandbox, parentId: string): string[] {
  const { rootId, organizationalUnits } = env.sandbox.organization;
  const chain: string[] = [];
  for (let id: string | undefined = parentId; id && id !== rootId; ) {
    chain.unshift(id);
    id = organizationalUnits.find(ou => ou.id === id)?.parentId;
  }
  return [rootId, ...chain];
}

describe('OrganizationReader against the demo organisation', () => {
  let env: CollectorSandbox;

  beforeAll(async () => {
    env = await startCollectorSandbox();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('reads every account in its State, under the parents its path names', async () => {
    const { accounts } = await readerOf(env).read({ cachedTags: new Map() });

    const expected = env.sandbox.organization.accounts
      .map(a => ({
        id: a.id,
        status: a.status,
        parentId: a.parentId,
        parentIds: chainTo(env, a.parentId),
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(
      accounts.map(a => ({
        id: a.id,
        status: a.status,
        parentId: a.parentId,
        parentIds: a.parentIds,
      })),
    ).toEqual(expected);
    // The demo holds accounts beside the active ones, and the reader tells them apart.
    expect(new Set(accounts.map(a => a.status)).size).toBeGreaterThan(1);
  });

  it('reads the enabled policy types, the RCPs apart from the SCPs, each with its targets, and the root access features', async () => {
    const { organization } = await readerOf(env).read({
      cachedTags: new Map(),
    });
    const org = env.sandbox.organization;
    const ofType = (type: string) =>
      org.policies
        .filter(p => p.type === type)
        .map(p => ({
          id: p.id,
          name: p.name,
          content: p.content,
          awsManaged: p.awsManaged,
          targets: [...p.targetIds].sort(),
        }))
        .sort((a, b) => a.id.localeCompare(b.id));
    const read = (list: typeof organization.policies = []) =>
      list
        .map(p => ({
          id: p.id,
          name: p.name,
          content: p.content,
          awsManaged: p.awsManaged,
          targets: [...p.targets].sort(),
        }))
        .sort((a, b) => a.id.localeCompare(b.id));

    expect(organization.enabledPolicyTypes?.sort()).toEqual(
      [...org.enabledPolicyTypes].sort(),
    );
    expect(read(organization.policies)).toEqual(
      ofType('SERVICE_CONTROL_POLICY'),
    );
    expect(ofType('RESOURCE_CONTROL_POLICY').length).toBeGreaterThan(0);
    expect(read(organization.resourceControlPolicies)).toEqual(
      ofType('RESOURCE_CONTROL_POLICY'),
    );
    expect(organization.resourceControlPoliciesError).toBeUndefined();
    expect(organization.rootAccess).toEqual({
      data: {
        rootCredentialsManagement: org.rootAccessFeatures.includes(
          'RootCredentialsManagement',
        ),
        rootSessions: org.rootAccessFeatures.includes('RootSessions'),
      },
      collectedAt: expect.any(String),
    });
  });

  it('keeps the SCPs when the RCPs cannot be read, and says why', async () => {
    const client = denyCommands(
      env.clients.organizations(),
      command => command.input?.Filter === 'RESOURCE_CONTROL_POLICY',
      'AccessDeniedException',
    );
    const { organization } = await OrganizationReader.create({
      client,
      iam: env.clients.iam(),
    }).read({ cachedTags: new Map() });

    expect(organization.policies.map(p => p.id).sort()).toEqual(
      env.sandbox.organization.policies
        .filter(p => p.type === 'SERVICE_CONTROL_POLICY')
        .map(p => p.id)
        .sort(),
    );
    expect(organization.resourceControlPolicies).toBeUndefined();
    expect(organization.resourceControlPoliciesError).toMatchObject({
      code: 'AccessDeniedException',
      operation: 'organizations:ListPolicies',
    });
  });

  it('records a denied ListOrganizationsFeatures as the root access fact, not as a failed read', async () => {
    const iam = denyCommands(
      env.clients.iam(),
      ['ListOrganizationsFeaturesCommand'],
      'AccessDenied',
    );
    const { organization, accounts } = await OrganizationReader.create({
      client: env.clients.organizations(),
      iam,
    }).read({ cachedTags: new Map() });

    expect(accounts).toHaveLength(env.sandbox.organization.accounts.length);
    expect(organization.rootAccess).toEqual({
      error: expect.objectContaining({
        code: 'AccessDenied',
        operation: 'iam:ListOrganizationsFeatures',
      }),
      collectedAt: expect.any(String),
    });
  });
});

describe('OrganizationReader against a generated organisation', () => {
  let env: CollectorSandbox;

  beforeAll(async () => {
    env = await startCollectorSandbox({
      org: generateOrganization({ accounts: 120, regions: 1, seed: 7 }),
      github: false,
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  it('pages an OU of more than 20 accounts, with every path and state', async () => {
    const org = env.sandbox.organization;
    const perParent = new Map<string, number>();
    for (const a of org.accounts) {
      perParent.set(a.parentId, (perParent.get(a.parentId) ?? 0) + 1);
    }
    // Organizations answers at most 20 accounts per call.
    const crowded = [...perParent.values()].filter(n => n > 20);
    expect(crowded.length).toBeGreaterThan(0);
    env.sandbox.resetCounters();

    const { accounts } = await readerOf(env).read({ cachedTags: new Map() });

    expect(accounts).toHaveLength(org.accounts.length);
    for (const account of org.accounts) {
      expect(accounts.find(a => a.id === account.id)).toMatchObject({
        status: account.status,
        parentId: account.parentId,
        parentIds: chainTo(env, account.parentId),
      });
    }
    const operations = env.sandbox.counters().services.organizations.operations;
    const calls = operations.ListAccountsForParent.calls;
    const parents = org.organizationalUnits.length + 1;
    expect(calls).toBe(
      parents +
        [...perParent.values()].reduce(
          (extra, n) => extra + Math.max(0, Math.ceil(n / 20) - 1),
          0,
        ),
    );
  });

  it("pages every policy's targets but RCPFullAWSAccess's, which is attached everywhere", async () => {
    const org = env.sandbox.organization;
    env.sandbox.resetCounters();

    const { organization } = await readerOf(env).read({
      cachedTags: new Map(),
    });

    const full = organization.resourceControlPolicies!.find(
      p => p.name === 'RCPFullAWSAccess',
    )!;
    expect([...full.targets].sort()).toEqual(
      [
        org.rootId,
        ...org.organizationalUnits.map(ou => ou.id),
        ...org.accounts.map(a => a.id),
      ].sort(),
    );
    // One call per 20 targets of every other SCP and RCP, none for it.
    const listed = org.policies.filter(
      p => p.type !== 'DECLARATIVE_POLICY_EC2' && p.name !== 'RCPFullAWSAccess',
    );
    expect(listed.some(p => p.targetIds.length > 20)).toBe(true);
    expect(
      env.sandbox.counters().services.organizations.operations
        .ListTargetsForPolicy.calls,
    ).toBe(
      listed.reduce(
        (sum, p) => sum + Math.max(1, Math.ceil(p.targetIds.length / 20)),
        0,
      ),
    );
  });
});
