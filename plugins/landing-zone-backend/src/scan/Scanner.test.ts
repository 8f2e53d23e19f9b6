import { TestDatabases } from '@backstage/backend-test-utils';
import {
  guardrailCatalogue,
  notJudgedReason,
  type GuardrailConfiguration,
} from '@internal/plugin-landing-zone-common';
import type { Sandbox } from '@internal/sandbox';
import {
  createTestScanner,
  DEMO_REGIONS,
  demoGuardrails,
  startTestSandbox,
} from '../__testUtils__/sandbox';
import type { LandingZoneStore } from '../store/LandingZoneStore';
import type { ScanRun } from '../store/types';

jest.setTimeout(120_000);

const databases = TestDatabases.create();

// The demo organisation's deliberate faults (packages/sandbox/README.md,
// both fault tables) and the guardrails each must fail. Every other verdict
// of every active account must be a pass.
const SANDBOX_OU = 'ou-f1nt-sandb0x0';
const EXPECTED_FAILURES: Record<string, string[]> = {
  '756163449514': ['guardduty-enabled'], // cards-prod: detector disabled in eu-central-1
  '914736720336': ['network-prod-isolation'], // payments-prod peered to payments-qa
  '461029250136': ['network-prod-isolation'], // payments-qa
  // identity-staging: root password kept, no MFA
  '607760163782': ['root-mfa', 'root-credentials-centralized'],
  '374159676113': ['vpc-flow-logs'], // data-lake-qa
  '829717706104': ['no-iam-user-access-keys'], // shared-services: ci-deployer
  '278565808499': ['s3-account-public-access-block'], // analytics-qa
  '716760560982': ['network-no-overlapping-cidrs'], // data-lake-staging
  '347900260182': ['network-no-overlapping-cidrs'], // analytics-staging
  '719995029025': ['vpc-three-tiers'], // auth-qa: no isolated tier
  '135738571379': ['security-hub-fsbp'], // ledger-qa: off in eu-west-1
  '495626755521': ['config-recorder-enabled'], // cards-staging: stopped in eu-west-1
  '466391705720': ['ebs-default-encryption'], // sandbox-data: off in eu-west-1
  // sandbox-identity: snapshots unblocked and IMDS optional by hand
  '938465357204': ['ec2-snapshot-block-public-access', 'ec2-imdsv2-default'],
  '230200610035': ['ec2-vpc-block-public-access'], // sandbox-cards: off by hand
  '359414710960': ['ec2-image-block-public-access'], // sandbox-platform
  // fraud-prod: root credentials with a virtual MFA device; its VPC shares
  // legacy-euw1's one table with fraud-staging's
  '512984451320': [
    'root-hardware-mfa',
    'root-credentials-centralized',
    'network-prod-isolation',
  ],
  '892437834606': ['network-prod-isolation'], // fraud-staging
  // auth-prod: root credentials kept and used in the last 90 days
  '278283156651': ['root-user-activity', 'root-credentials-centralized'],
};
// Issue 13's seeds (packages/sandbox/README.md): network ACLs, admin ports,
// WAF, data store encryption, instance rotation, Macie, IAM users and trust.
// Out-of-scope verdicts are dropped by expectedVerdicts (sandbox-platform's
// old instance: the demo keeps the Sandbox OU out of ec2-instance-rotation).
const ISSUE_13_FAILURES: Record<string, string[]> = {
  '495626755521': ['network-acl-tiers', 'ec2-instance-rotation'], // cards-staging: isolated ACL open, never-rotating group
  '559261988171': ['network-acl-tiers'], // sandbox-payments: default ACL
  '938465357204': ['network-acl-tiers'], // sandbox-identity: default ACL
  '466391705720': ['network-acl-tiers'], // sandbox-data: default ACL
  '230200610035': ['network-acl-tiers', 'security-group-admin-ports'], // sandbox-cards: default ACL, RDP from ::/0
  '359414710960': ['network-acl-tiers', 'ec2-instance-rotation'], // sandbox-platform: default ACL, 120-day experiment
  '869912252806': ['security-group-admin-ports'], // ci-cd: SSH from 0.0.0.0/0
  '220708113115': ['waf-public-entry', 'iam-no-users'], // payments-staging: partner ALB without WAF, deploy-bot
  '829717706104': ['waf-public-entry'], // shared-services: docs distribution without WAF
  '599084961991': ['rds-encrypted'], // ledger-staging: unencrypted app-db
  '520989685322': ['rds-encrypted', 's3-bucket-encryption'], // analytics-prod: aws/rds key, SSE-S3 bucket
  '892437834606': ['elasticache-encrypted'], // fraud-staging: no in-transit encryption
  '290318382221': ['macie-enabled'], // reporting-prod: paused in us-west-2
  '525081682932': ['ec2-instance-rotation'], // ledger-prod: 200-day-old server
  '756163449514': ['iam-role-trust'], // cards-prod: trusts vendor 999988887777
};
// The Sandbox OU's accounts lack the region allow-list SCP and both RCPs.
const SANDBOX_OU_FAILURES = [
  'scp-region-allow-list',
  'rcp-resources-org-only',
  'rcp-secure-transport',
];
// reporting-prod: attached to data-mesh-euc1, a gateway of data-lake-prod,
// whose role is denied, so the gateway's route tables and attachments cannot
// be read: which VPCs reporting-prod reaches there is unknown (issue 12: never
// a pass for want of data), for isolation and for overlaps alike.
const UNREAD_GATEWAY_ACCOUNT = '290318382221';
const NETWORK_LINK_CHECKS = [
  'network-prod-isolation',
  'network-no-overlapping-cidrs',
];
const DENIED_ACCOUNT = '830849763555'; // data-lake-prod: AssumeRole denied
const MANAGEMENT_ACCOUNT = '910221622225';

/** SCPs and RCPs: judged from the organisation's policies, not the account's facts. */
const isPolicyCheck = (checkId: string) =>
  checkId.startsWith('scp-') || checkId.startsWith('rcp-');

/** The ids from the root down to the account's parent. */
function parentIdsOf(sandbox: Sandbox, parentId: string): string[] {
  const org = sandbox.organization;
  const ids: string[] = [];
  for (let id: string | undefined = parentId; id; ) {
    ids.unshift(id);
    id = org.organizationalUnits.find(ou => ou.id === id)?.parentId;
  }
  return ids;
}

function expectedVerdicts(
  sandbox: Sandbox,
  configuration: GuardrailConfiguration,
): Record<string, string> {
  const expected: Record<string, string> = {};
  const units = sandbox.organization.organizationalUnits;
  for (const account of sandbox.organization.accounts) {
    if (account.status !== 'ACTIVE') continue;
    const identity = {
      id: account.id,
      parentIds: parentIdsOf(sandbox, account.parentId),
      ouPath: '',
      tags: account.tags,
    };
    for (const check of guardrailCatalogue) {
      // Out of its scope (app-config.yaml's landingZone.guardrails): no verdict.
      if (notJudgedReason(check, configuration, identity, units)) continue;
      let status = 'pass';
      if (
        EXPECTED_FAILURES[account.id]?.includes(check.id) ||
        ISSUE_13_FAILURES[account.id]?.includes(check.id)
      ) {
        status = 'fail';
      }
      if (
        account.parentId === SANDBOX_OU &&
        SANDBOX_OU_FAILURES.includes(check.id)
      ) {
        status = 'fail';
      }
      // SCPs and RCPs do not apply to the management account, and it keeps
      // its root user.
      if (
        account.id === MANAGEMENT_ACCOUNT &&
        (isPolicyCheck(check.id) || check.id === 'root-credentials-centralized')
      ) {
        status = 'unknown';
      }
      if (
        account.id === UNREAD_GATEWAY_ACCOUNT &&
        NETWORK_LINK_CHECKS.includes(check.id)
      ) {
        status = 'unknown';
      }
      // Nothing could be read in the denied account; its SCPs and RCPs are still judged.
      if (account.id === DENIED_ACCOUNT && !isPolicyCheck(check.id)) {
        status = 'unknown';
      }
      expected[`${account.id}/${check.id}`] = status;
    }
  }
  return expected;
}

async function actualVerdicts(store: LandingZoneStore) {
  return Object.fromEntries(
    (await store.results.all()).map(r => [
      `${r.accountId}/${r.checkId}`,
      r.status,
    ]),
  );
}

describe.each(databases.eachSupportedId())('Scanner on %p', databaseId => {
  let sandbox: Sandbox;
  let store: LandingZoneStore;
  let scan: ScanRun;
  let counters: ReturnType<Sandbox['counters']>;
  let configuration: GuardrailConfiguration;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const knex = await databases.init(databaseId);
    // A generous attempt timeout: on a busy machine a retried attempt would
    // count twice where the test counts calls.
    const scanner = await createTestScanner({
      knex,
      sandbox,
      config: {
        aws: { requestTimeoutMs: 30_000 },
        guardrails: demoGuardrails(),
      },
    });
    store = scanner.store;
    configuration = scanner.settings.guardrails;
    sandbox.resetCounters();
    scan = await scanner.scanner.run({ trigger: 'manual' });
    counters = sandbox.counters();
    scanner.clients.destroy();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('records the run, with the denied account as its only error', () => {
    const active = sandbox.organization.accounts.filter(
      a => a.status === 'ACTIVE',
    );
    expect(scan).toMatchObject({
      state: 'partial',
      accountsTotal: active.length,
      accountsDone: active.length,
      accountsFailed: 1,
    });
    expect(scan.errors).toHaveLength(1);
    expect(scan.errors[0]).toMatchObject({
      code: 'AccessDenied',
      operation: 'sts:AssumeRole',
    });
    expect(scan.errors[0].message).toContain(DENIED_ACCOUNT);
  });

  it('asks for the largest page, so one call reads what the sandbox pages at 5', () => {
    // The demo has more than 5 subnets and route tables in most account-regions
    // and more than 5 accounts under several OUs; the sandbox pages those at 5
    // without MaxResults.
    const regions =
      sandbox.organization.accounts.filter(
        a => a.status === 'ACTIVE' && a.id !== DENIED_ACCOUNT,
      ).length * DEMO_REGIONS.length;
    const ec2 = counters.services.ec2.operations;
    expect(ec2.DescribeSubnets.calls).toBe(regions);
    expect(ec2.DescribeRouteTables.calls).toBe(regions);
    expect(ec2.DescribeVpcs.calls).toBe(regions);
    const org = counters.services.organizations.operations;
    expect(org.ListAccountsForParent.calls).toBe(
      // the root and every OU, one call each
      sandbox.organization.organizationalUnits.length + 1,
    );
  });

  it('reproduces every account with its OU path, tags and environment', async () => {
    const { items } = await store.accounts.list({}, { limit: 500 });
    const units = new Map(
      sandbox.organization.organizationalUnits.map(u => [u.id, u]),
    );
    expect(items.map(a => a.id).sort()).toEqual(
      sandbox.organization.accounts.map(a => a.id).sort(),
    );
    for (const account of sandbox.organization.accounts) {
      const stored = items.find(a => a.id === account.id)!;
      const unit = units.get(account.parentId);
      expect({
        id: stored.id,
        ouPath: stored.ouPath,
        tags: stored.tags,
        status: stored.status,
      }).toEqual({
        id: account.id,
        ouPath: unit ? `Root/${unit.path}` : 'Root',
        tags: account.tags,
        status: account.status,
      });
    }
    const prod = items.find(a => a.id === '914736720336')!;
    expect(prod.environment).toBe('prod');
    expect(items.find(a => a.id === '461029250136')!.environment).toBe(
      'non-prod',
    );
  });

  it('reproduces every VPC with its CIDRs and subnet tiers', async () => {
    const { items } = await store.vpcs.list({}, { limit: 500 });
    const seeded = sandbox.organization.accounts
      .filter(a => a.status === 'ACTIVE' && a.id !== DENIED_ACCOUNT)
      .flatMap(a =>
        Object.values(a.regions).flatMap(r =>
          r.vpcs.map(v => ({ accountId: a.id, region: r.region, vpc: v })),
        ),
      );
    expect(items).toHaveLength(seeded.length);
    for (const { accountId, region, vpc } of seeded) {
      const stored = items.find(v => v.vpcId === vpc.id);
      const tiers = { public: 0, private: 0, isolated: 0 };
      for (const subnet of vpc.subnets) tiers[subnet.tier]++;
      expect(stored).toMatchObject({
        accountId,
        region,
        tiers,
        cidrs: [vpc.cidr],
      });
    }
  });

  it("stores an attached VPC's link to the hub's transit gateway, and judges prod isolation across the shared hub", async () => {
    const ledgerProd = sandbox.organization.accounts.find(
      a => a.name === 'ledger-prod',
    )!;
    const hub = sandbox.organization.accounts.find(
      a => a.name === 'network-hub',
    )!;
    const tgw = sandbox.organization.transitGateways.find(
      t => t.region === 'eu-west-1' && t.hub,
    )!;
    const [attachment] = tgw.attachments.filter(
      a => a.accountId === ledgerProd.id,
    );
    expect(attachment).toBeDefined();

    const { items } = await store.vpcs.list(
      { accountId: ledgerProd.id, region: 'eu-west-1' },
      { limit: 10 },
    );
    expect(items.find(v => v.vpcId === attachment.vpcId)?.links).toEqual([
      {
        type: 'transit-gateway',
        id: attachment.id,
        status: 'available',
        peer: tgw.id,
        peerAccountId: hub.id,
      },
    ]);
    // Non-prod VPCs share the hub, whose segmented route tables (read from
    // its owner) keep them apart.
    const [isolation] = (await store.results.forAccount(ledgerProd.id)).filter(
      r => r.checkId === 'network-prod-isolation',
    );
    expect(isolation.status).toBe('pass');
  });

  it("reproduces each guardrail's seeded verdict", async () => {
    const actual = await actualVerdicts(store);
    const expected = expectedVerdicts(sandbox, configuration);
    expect(actual).toEqual(expected);
  });

  it("says why links through a gateway whose route tables cannot be read are unknown (reporting-prod on data-lake-prod's gateway)", async () => {
    const [isolation] = (
      await store.results.forAccount(UNREAD_GATEWAY_ACCOUNT)
    ).filter(r => r.checkId === 'network-prod-isolation');
    expect(isolation.status).toBe('unknown');
    expect(isolation.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'network.gatewayUnread',
          message: expect.stringMatching(
            /^Cannot tell which VPCs vpc-\w+ reaches through transit gateway tgw-\w+: The route tables of transit gateway tgw-\w+ were not read/,
          ),
        }),
      ]),
    );
  });

  it('explains a failure with evidence naming the region and resource', async () => {
    const [guardDuty] = (await store.results.forAccount('756163449514')).filter(
      r => r.checkId === 'guardduty-enabled',
    );
    expect(guardDuty.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ region: 'eu-central-1' }),
      ]),
    );
    const [peering] = (await store.results.forAccount('914736720336')).filter(
      r => r.checkId === 'network-prod-isolation',
    );
    expect(JSON.stringify(peering.evidence)).toMatch(/pcx-/);
    // Through a gateway: the one whose shared table joins the two.
    const legacy = sandbox.organization.transitGateways.find(
      t => t.name === 'legacy-euw1',
    )!;
    const [shared] = (await store.results.forAccount('512984451320')).filter(
      r => r.checkId === 'network-prod-isolation',
    );
    expect(JSON.stringify(shared.evidence)).toContain(legacy.id);
  });
});
