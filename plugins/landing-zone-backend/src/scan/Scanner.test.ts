import { TestDatabases } from '@backstage/backend-test-utils';
import { guardrailCatalogue } from '@internal/plugin-landing-zone-common';
import type { Sandbox } from '@internal/sandbox';
import {
  createTestScanner,
  DEMO_REGIONS,
  startTestSandbox,
} from '../__testUtils__/sandbox';
import type { LandingZoneStore } from '../store/LandingZoneStore';
import type { ScanRun } from '../store/types';

jest.setTimeout(120_000);

const databases = TestDatabases.create();

// The demo organisation's deliberate faults (packages/sandbox/README.md) and
// the guardrail each must fail. Every other verdict of every active account
// must be a pass.
const SANDBOX_OU = 'ou-f1nt-sandb0x0';
const EXPECTED_FAILURES: Record<string, string[]> = {
  '756163449514': ['guardduty-enabled'], // cards-prod: detector disabled in eu-central-1
  '914736720336': ['network-prod-isolation'], // payments-prod peered to payments-qa
  '461029250136': ['network-prod-isolation'], // payments-qa
  '607760163782': ['root-mfa'], // identity-staging
  '374159676113': ['vpc-flow-logs'], // data-lake-qa
  '829717706104': ['no-iam-user-access-keys'], // shared-services: ci-deployer
  '278565808499': ['s3-account-public-access-block'], // analytics-qa
  '716760560982': ['network-no-overlapping-cidrs'], // data-lake-staging
  '347900260182': ['network-no-overlapping-cidrs'], // analytics-staging
  '719995029025': ['vpc-three-tiers'], // auth-qa: no isolated tier
  '135738571379': ['security-hub-fsbp'], // ledger-qa: off in eu-west-1
  '495626755521': ['config-recorder-enabled'], // cards-staging: stopped in eu-west-1
  '466391705720': ['ebs-default-encryption'], // sandbox-data: off in eu-west-1
};
const DENIED_ACCOUNT = '830849763555'; // data-lake-prod: AssumeRole denied
const MANAGEMENT_ACCOUNT = '910221622225';

function expectedVerdicts(sandbox: Sandbox): Record<string, string> {
  const expected: Record<string, string> = {};
  for (const account of sandbox.organization.accounts) {
    if (account.status !== 'ACTIVE') continue;
    for (const check of guardrailCatalogue) {
      let status = 'pass';
      if (EXPECTED_FAILURES[account.id]?.includes(check.id)) status = 'fail';
      if (
        check.id === 'scp-region-allow-list' &&
        account.parentId === SANDBOX_OU
      ) {
        status = 'fail';
      }
      // SCPs do not apply to the management account.
      if (
        account.id === MANAGEMENT_ACCOUNT &&
        check.category === 'preventive'
      ) {
        status = 'unknown';
      }
      // Nothing could be read in the denied account; its SCPs are still judged.
      if (account.id === DENIED_ACCOUNT && check.category !== 'preventive') {
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

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const knex = await databases.init(databaseId);
    const scanner = await createTestScanner({ knex, sandbox });
    store = scanner.store;
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
      t => t.region === 'eu-west-1',
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
    // Non-prod VPCs share the hub: reported, not failed, since the hub's
    // route tables (not read) keep them apart.
    const [isolation] = (await store.results.forAccount(ledgerProd.id)).filter(
      r => r.checkId === 'network-prod-isolation',
    );
    expect(isolation.status).toBe('pass');
    expect(JSON.stringify(isolation.evidence)).toContain(tgw.id);
  });

  it("reproduces each guardrail's seeded verdict", async () => {
    expect(await actualVerdicts(store)).toEqual(expectedVerdicts(sandbox));
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
  });
});
