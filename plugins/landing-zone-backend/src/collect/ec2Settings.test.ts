import type { Account } from '@internal/sandbox';
import { readEc2Settings } from './ec2Settings';
import {
  denyCommands,
  startCollectorSandbox,
  type CollectorSandbox,
} from './__testUtils__/collectors';

jest.setTimeout(120_000);

describe('readEc2Settings against the sandbox', () => {
  let env: CollectorSandbox;

  beforeAll(async () => {
    env = await startCollectorSandbox();
  });

  afterAll(async () => {
    await env?.close();
  });

  /** Whether an EC2 declarative policy is attached anywhere on the account's path. */
  function governed(account: Account): boolean {
    const org = env.sandbox.organization;
    const path = new Set([org.rootId, account.id]);
    for (let id: string | undefined = account.parentId; id; ) {
      path.add(id);
      id = org.organizationalUnits.find(ou => ou.id === id)?.parentId;
    }
    return org.policies.some(
      p =>
        p.type === 'DECLARATIVE_POLICY_EC2' &&
        p.targetIds.some(t => path.has(t)),
    );
  }

  const active = () =>
    env.sandbox.organization.accounts.filter(
      a => a.status === 'ACTIVE' && !a.denyAssumeRole,
    );

  async function read(account: Account, region: string) {
    const ec2 = env.clients.ec2(region, await env.member(account.id));
    return { ec2, facts: await readEc2Settings(ec2) };
  }

  it("reads every region's settings as the account set them, managed by the account", async () => {
    const accounts = active().filter(a => !governed(a));
    expect(accounts.length).toBeGreaterThan(0);
    // Every region of a few accounts, among them any with settings of their own.
    const sample = [
      ...accounts.filter(a =>
        Object.values(a.regions).some(
          r =>
            r.ec2.vpcBlockPublicAccess.mode !== 'off' ||
            r.ec2.instanceMetadataDefaults.httpTokens !== undefined,
        ),
      ),
      ...accounts.slice(0, 2),
    ].slice(0, 4);
    for (const account of sample) {
      for (const [region, state] of Object.entries(account.regions)) {
        const { facts } = await read(account, region);
        const own = state.ec2;
        expect(facts.vpcBlockPublicAccess.data).toMatchObject({
          internetGatewayBlockMode: own.vpcBlockPublicAccess.mode,
          managedBy: 'account',
        });
        expect(facts.snapshotBlockPublicAccess.data).toEqual({
          state: own.snapshotBlockPublicAccess,
          managedBy: 'account',
        });
        expect(facts.imageBlockPublicAccess.data).toEqual({
          state: own.imageBlockPublicAccess,
          managedBy: 'account',
        });
        expect(facts.instanceMetadataDefaults.data).toEqual({
          httpTokens: own.instanceMetadataDefaults.httpTokens,
          httpPutResponseHopLimit:
            own.instanceMetadataDefaults.httpPutResponseHopLimit,
          httpEndpoint: own.instanceMetadataDefaults.httpEndpoint,
          instanceMetadataTags:
            own.instanceMetadataDefaults.instanceMetadataTags,
          managedBy: 'account',
        });
      }
    }
  });

  it('says which settings an EC2 declarative policy enforces', async () => {
    const account = active().find(governed);
    expect(account).toBeDefined();
    const region = env.sandbox.organization.regions[0];

    const { facts } = await read(account!, region);

    const managers = [
      facts.vpcBlockPublicAccess,
      facts.snapshotBlockPublicAccess,
      facts.imageBlockPublicAccess,
      facts.instanceMetadataDefaults,
    ].map(f => f.data?.managedBy);
    expect(managers).toContain('declarative-policy');
    expect(
      managers.every(m => m === 'declarative-policy' || m === 'account'),
    ).toBe(true);
  });

  it('records each denied call as the error of its own setting', async () => {
    const account = active()[0];
    const region = env.sandbox.organization.regions[0];
    const ec2 = denyCommands(
      env.clients.ec2(region, await env.member(account.id)),
      [
        'GetSnapshotBlockPublicAccessStateCommand',
        'GetInstanceMetadataDefaultsCommand',
      ],
      'UnauthorizedOperation',
    );

    const facts = await readEc2Settings(ec2);

    expect(facts.snapshotBlockPublicAccess).toEqual({
      error: expect.objectContaining({
        code: 'UnauthorizedOperation',
        operation: 'ec2:GetSnapshotBlockPublicAccessState',
      }),
      collectedAt: expect.any(String),
    });
    expect(facts.instanceMetadataDefaults.error).toMatchObject({
      code: 'UnauthorizedOperation',
      operation: 'ec2:GetInstanceMetadataDefaults',
    });
    expect(facts.vpcBlockPublicAccess.data).toBeDefined();
    expect(facts.imageBlockPublicAccess.data).toBeDefined();
  });
});
