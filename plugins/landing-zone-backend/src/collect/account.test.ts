import type { Account } from '@internal/sandbox';
import { AccountCollector } from './account';
import {
  denyCommands,
  startCollectorSandbox,
  type CollectorSandbox,
} from './__testUtils__/collectors';

jest.setTimeout(120_000);

describe("AccountCollector's global facts against the sandbox", () => {
  let env: CollectorSandbox;

  beforeAll(async () => {
    env = await startCollectorSandbox();
  });

  afterAll(async () => {
    await env?.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const active = () =>
    env.sandbox.organization.accounts.filter(
      a => a.status === 'ACTIVE' && !a.denyAssumeRole,
    );

  /** The first active account that `pick` accepts; the demo must hold one. */
  function accountWhere(pick: (a: Account) => boolean): Account {
    const account = active().find(pick);
    if (!account)
      throw new Error('the demo organisation holds no such account');
    return account;
  }

  async function globalFacts(account: Account) {
    // One region is enough: these facts are global.
    const collector = AccountCollector.create({
      clients: env.clients,
      credentials: env.credentials,
      regions: [env.sandbox.organization.regions[0]],
    });
    const facts = await collector.collect({
      id: account.id,
      name: account.name,
      email: account.email,
      status: account.status,
      parentId: account.parentId,
      parentIds: [],
      ouPath: '',
      tags: {},
      environment: 'unknown',
    });
    expect(facts.access).toBeUndefined();
    return facts.global!;
  }

  it("reads whether the root user has a password and signing certificates, as IAM's summary counts them", async () => {
    for (const account of [
      accountWhere(a => a.iam.rootPasswordPresent),
      accountWhere(a => !a.iam.rootPasswordPresent),
    ]) {
      const { iamSummary } = await globalFacts(account);
      expect(iamSummary.data).toEqual({
        accountMfaEnabled: account.iam.rootMfaEnabled,
        accountAccessKeysPresent: account.iam.rootAccessKeysPresent,
        accountPasswordPresent: account.iam.rootPasswordPresent,
        accountSigningCertificatesPresent:
          account.iam.rootSigningCertificatesPresent,
      });
    }
  });

  it("finds the root user's virtual MFA device, and none for a hardware device or none at all", async () => {
    const virtual = accountWhere(a => a.iam.rootMfaDevice === 'virtual');
    expect((await globalFacts(virtual)).rootVirtualMfa).toEqual({
      data: {
        serialNumber: expect.stringMatching(
          new RegExp(`^arn:aws:iam::${virtual.id}:mfa/`),
        ),
      },
      collectedAt: expect.any(String),
    });

    const hardware = accountWhere(a => a.iam.rootMfaDevice === 'hardware');
    expect((await globalFacts(hardware)).rootVirtualMfa).toEqual({
      data: null,
      collectedAt: expect.any(String),
    });
    const none = accountWhere(a => !a.iam.rootMfaEnabled);
    expect((await globalFacts(none)).rootVirtualMfa?.data).toBeNull();
  });

  it('reads the EC2 declarative policy in effect with the account’s own credentials, and null where none is', async () => {
    const declarative = env.sandbox.organization.policies.filter(
      p => p.type === 'DECLARATIVE_POLICY_EC2',
    );
    expect(declarative.length).toBeGreaterThan(0);
    const under = (a: Account) => {
      const ids = new Set([a.id, a.parentId]);
      // An OU's ancestors count: the policy is inherited down the tree.
      for (let ou = a.parentId; ou; ) {
        ids.add(ou);
        ou = env.sandbox.organization.organizationalUnits.find(u => u.id === ou)
          ?.parentId as string;
      }
      ids.add(env.sandbox.organization.rootId);
      return declarative.some(p => p.targetIds.some(t => ids.has(t)));
    };
    const governed = accountWhere(under);
    env.sandbox.resetCounters();

    const facts = await globalFacts(governed);

    expect(facts.declarativePolicyEc2).toEqual({
      data: { content: expect.any(String), lastUpdated: expect.any(String) },
      collectedAt: expect.any(String),
    });
    expect(
      JSON.parse(facts.declarativePolicyEc2!.data!.content),
    ).toHaveProperty('ec2_attributes');
    // Asked by the member itself: nothing on the management account's rate.
    expect(
      env.sandbox.counters().services.organizations.operations
        .DescribeEffectivePolicy.calls,
    ).toBe(1);

    const free = active().find(a => !under(a));
    expect(free).toBeDefined();
    expect((await globalFacts(free!)).declarativePolicyEc2).toEqual({
      data: null,
      collectedAt: expect.any(String),
    });
  });

  it('records a denied call as the error of its own fact, the others read', async () => {
    const iam = env.clients.iam.bind(env.clients);
    jest
      .spyOn(env.clients, 'iam')
      .mockImplementation(credentials =>
        denyCommands(
          iam(credentials),
          ['ListVirtualMFADevicesCommand'],
          'AccessDenied',
        ),
      );
    const organizations = env.clients.organizations.bind(env.clients);
    jest
      .spyOn(env.clients, 'organizations')
      .mockImplementation(credentials =>
        denyCommands(
          organizations(credentials),
          ['DescribeEffectivePolicyCommand'],
          'AccessDeniedException',
        ),
      );

    const facts = await globalFacts(active()[0]);

    expect(facts.rootVirtualMfa).toEqual({
      error: expect.objectContaining({
        code: 'AccessDenied',
        operation: 'iam:ListVirtualMFADevices',
      }),
      collectedAt: expect.any(String),
    });
    expect(facts.declarativePolicyEc2).toEqual({
      error: expect.objectContaining({
        code: 'AccessDeniedException',
        operation: 'organizations:DescribeEffectivePolicy',
      }),
      collectedAt: expect.any(String),
    });
    expect(facts.iamSummary.data).toBeDefined();
    expect(facts.s3PublicAccessBlock.error).toBeUndefined();
  });
});
