import { TestDatabases } from '@backstage/backend-test-utils';
import type { Sandbox } from '@internal/sandbox';
import {
  createTestScanner,
  DEMO_REGIONS,
  demoGuardrails,
  startTestSandbox,
} from '../__testUtils__/sandbox';
import { defaultChecks } from '../evaluate';
import type { LandingZoneStore } from '../store/LandingZoneStore';
import { PolicyChangeError } from './policyChange';
import { PolicyWhatIf } from './PolicyWhatIf';

jest.setTimeout(120_000);

// Stored facts are the same on every database; one is enough here.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('PolicyWhatIf on the scanned demo organisation', () => {
  let sandbox: Sandbox;
  let store: LandingZoneStore;
  let whatIf: PolicyWhatIf;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const knex = await databases.init('SQLITE_3');
    const scanner = await createTestScanner({
      knex,
      sandbox,
      config: { guardrails: demoGuardrails() },
    });
    store = scanner.store;
    await scanner.scanner.run({ trigger: 'manual' });
    scanner.clients.destroy();
    whatIf = PolicyWhatIf.create({
      store,
      checks: () => defaultChecks,
      regions: DEMO_REGIONS,
      guardrails: scanner.settings.guardrails,
    });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  /** The sandbox's active accounts with one of `targets` on their path. */
  function activeAccountsUnder(targets: string[]) {
    const org = sandbox.organization;
    const unitOf = new Map(org.organizationalUnits.map(u => [u.id, u]));
    return org.accounts.filter(a => {
      if (a.status !== 'ACTIVE') return false;
      for (
        let id: string | undefined = a.parentId;
        id;
        id = unitOf.get(id)?.parentId
      ) {
        if (targets.includes(id)) return true;
      }
      return false;
    });
  }

  /** The demo's identity perimeter RCP as stored. */
  async function identityPerimeter() {
    const organization = (await store.organization.get())!;
    return organization.resourceControlPolicies!.find(
      p => p.name === 'rcp-identity-perimeter',
    )!;
  }

  /** The demo's region allow-list SCP as stored, as a JSON object. */
  async function allowList() {
    const organization = (await store.organization.get())!;
    const policy = organization.policies.find(
      p => p.name === 'region-allow-list',
    )!;
    return { policy, document: JSON.parse(policy.content) };
  }

  it('shows exactly the accounts whose allow-list would block an allowed region', async () => {
    const { policy, document } = await allowList();
    const [statement] = document.Statement;
    statement.Condition.StringNotEquals['aws:RequestedRegion'] =
      DEMO_REGIONS.filter(r => r !== 'us-west-2');
    const impact = await whatIf.assess({
      kind: 'edit',
      policyId: policy.id,
      content: JSON.stringify(document, null, 2),
    });
    if (!('reached' in impact)) throw new Error(JSON.stringify(impact));

    // The policy is attached to Security, Infrastructure, Workloads and
    // Suspended, not to Sandbox nor the management account at the root.
    const underTargets = activeAccountsUnder(policy.targets);
    expect(impact.reached).toBe(underTargets.length);
    expect(impact.accounts.map(a => a.accountId).sort()).toEqual(
      underTargets.map(a => a.id).sort(),
    );
    for (const account of impact.accounts) {
      expect(account.changes.map(c => [c.checkId, c.before, c.after])).toEqual([
        ['scp-region-allow-list', 'pass', 'fail'],
      ]);
      expect(JSON.stringify(account.changes[0].evidence)).toContain(
        'us-west-2',
      );
    }
    // Every regional sample action becomes denied in us-west-2 for exactly
    // those accounts; IAM is global (exempt from the allow-list), and nothing
    // elsewhere changes.
    const ids = underTargets.map(a => a.id).sort();
    const runInstances = impact.requests.find(
      r => r.action === 'ec2:RunInstances' && r.region === 'us-west-2',
    );
    expect(runInstances?.becameDenied.sort()).toEqual(ids);
    expect(runInstances?.becameAllowed).toEqual([]);
    // Named, for a page or a pull request to say which.
    expect(impact.accountNames).toEqual(
      Object.fromEntries(underTargets.map(a => [a.id, a.name])),
    );
    expect(new Set(impact.requests.map(r => r.region))).toEqual(
      new Set(['us-west-2']),
    );
    expect(impact.requests.map(r => r.action)).not.toContain('iam:CreateUser');
  });

  it('lets principals outside the organisation reach the resources of exactly the accounts an identity perimeter RCP is detached from', async () => {
    const policy = await identityPerimeter();
    const workloads = sandbox.organization.organizationalUnits.find(
      u => u.path === 'Workloads',
    )!.id;
    const impact = await whatIf.assess({
      kind: 'detach',
      policyId: policy.id,
      targetId: workloads,
    });
    if (!('reached' in impact)) throw new Error(JSON.stringify(impact));
    const ids = activeAccountsUnder([workloads])
      .map(a => a.id)
      .sort();
    expect(ids.length).toBeGreaterThan(5);

    const outside = impact.requests.filter(
      r => r.principal === 'outside-organization',
    );
    expect(
      outside.map(r => [r.action, r.region, r.secureTransport, r.policyTypes]),
    ).toEqual(
      [
        's3:GetObject',
        'kms:Decrypt',
        'sts:AssumeRole',
        'sqs:SendMessage',
        'secretsmanager:GetSecretValue',
      ].map(action => [action, DEMO_REGIONS[0], true, ['RCP']]),
    );
    for (const request of outside) {
      expect(request.becameAllowed.sort()).toEqual(ids);
      expect(request.becameDenied).toEqual([]);
    }
    // rcp-secure-transport still stops plain HTTP; the account's own
    // requests and what its roles do are untouched.
    expect(impact.requests).toEqual(outside);
    expect(
      impact.accounts
        .map(a => [
          a.accountId,
          a.changes.map(c => [c.checkId, c.before, c.after]),
        ])
        .sort(),
    ).toEqual(
      ids.map(id => [id, [['rcp-resources-org-only', 'pass', 'fail']]]),
    );
  });

  it('opens only the service a statement no longer names', async () => {
    const policy = await identityPerimeter();
    const document = JSON.parse(policy.content);
    const [statement] = document.Statement;
    statement.Action = statement.Action.filter((a: string) => a !== 's3:*');
    const impact = await whatIf.assess({
      kind: 'edit',
      policyId: policy.id,
      content: JSON.stringify(document, null, 2),
    });
    if (!('reached' in impact)) throw new Error(JSON.stringify(impact));
    // Attached to Security, Infrastructure and Workloads.
    const ids = activeAccountsUnder(policy.targets)
      .map(a => a.id)
      .sort();
    expect(
      impact.requests.map(r => [
        r.action,
        r.principal,
        r.becameAllowed.sort(),
        r.becameDenied,
      ]),
    ).toEqual([['s3:GetObject', 'outside-organization', ids, []]]);
  });

  it('changes nothing when the allow-list is only reformatted', async () => {
    const { policy, document } = await allowList();
    const impact = await whatIf.assess({
      kind: 'edit',
      policyId: policy.id,
      content: JSON.stringify(document, null, 4),
    });
    expect(impact).toMatchObject({
      problems: [],
      accounts: [],
      requests: [],
      accountNames: {},
    });
  });

  it('answers a broken document with its problems, and an unknown policy with an error', async () => {
    const { policy } = await allowList();
    expect(
      await whatIf.assess({
        kind: 'edit',
        policyId: policy.id,
        content: '{"Version": ',
      }),
    ).toEqual({
      problems: [expect.objectContaining({ line: 1, column: 13 })],
    });
    await expect(
      whatIf.assess({ kind: 'detach', policyId: 'p-nope', targetId: 'r-x' }),
    ).rejects.toBeInstanceOf(PolicyChangeError);
  });
});
