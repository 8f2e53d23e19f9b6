import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type {
  AccountFacts,
  AccountIdentity,
} from '@internal/plugin-landing-zone-common';
import { createLandingZoneStore } from './LandingZoneStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create();

const identity = (id: string, name: string): AccountIdentity => ({
  id,
  name,
  email: `${name}@example.com`,
  status: 'ACTIVE',
  tags: { owner: 'team-a' },
  parentId: 'ou-1',
  parentIds: ['r-1', 'ou-1'],
  ouPath: 'Root/Workloads',
  environment: 'prod',
});

const organization = {
  organizationId: 'o-1',
  managementAccountId: '111111111111',
  rootId: 'r-1',
  units: [
    { id: 'r-1', name: 'Root', path: 'Root' },
    { id: 'ou-1', parentId: 'r-1', name: 'Workloads', path: 'Root/Workloads' },
  ],
  policies: [],
};

const at = '2026-11-25T10:00:00.000Z';

function goodFacts(account: AccountIdentity, mfa: boolean): AccountFacts {
  return {
    account,
    collectedAt: at,
    global: {
      iamSummary: {
        data: { accountMfaEnabled: mfa, accountAccessKeysPresent: false },
        collectedAt: at,
      },
      iamUsersWithKeys: { data: [], collectedAt: at },
      s3PublicAccessBlock: { data: null, collectedAt: at },
    },
  };
}

function networkFacts(
  account: AccountIdentity,
  links: { peering?: boolean; peeringError?: boolean; tgwError?: boolean },
): AccountFacts {
  const ok = <T>(data: T) => ({ data, collectedAt: at });
  const failed = (operation: string) => ({
    error: { code: 'ThrottlingException', message: 'Rate exceeded', operation },
    collectedAt: at,
  });
  return {
    ...goodFacts(account, true),
    regions: {
      'eu-west-1': {
        vpcs: ok([
          {
            vpcId: 'vpc-prod',
            isDefault: false,
            cidrs: ['10.0.0.0/16'],
            tags: {},
            subnets: [],
            flowLogs: [],
          },
        ]),
        peerings: links.peeringError
          ? failed('ec2:DescribeVpcPeeringConnections')
          : ok(
              links.peering
                ? [
                    {
                      peeringId: 'pcx-1',
                      status: 'active',
                      requester: {
                        vpcId: 'vpc-prod',
                        accountId: account.id,
                        region: 'eu-west-1',
                        cidrs: ['10.0.0.0/16'],
                      },
                      accepter: {
                        vpcId: 'vpc-qa',
                        accountId: '999999999999',
                        region: 'eu-west-1',
                        cidrs: ['10.1.0.0/16'],
                      },
                    },
                  ]
                : [],
            ),
        transitGatewayAttachments: links.tgwError
          ? failed('ec2:DescribeTransitGatewayAttachments')
          : ok([
              {
                attachmentId: 'tgw-attach-1',
                transitGatewayId: 'tgw-hub',
                resourceType: 'vpc',
                resourceId: 'vpc-prod',
                state: 'available',
              },
            ]),
        ebsEncryptionByDefault: ok(true),
        guardDuty: ok({ detectors: [] }),
        cloudTrail: ok({ trails: [] }),
        config: ok({ recorders: [] }),
        securityHub: ok({ enabled: false, standards: [] }),
        accessAnalyzer: ok({ analyzers: [] }),
      },
    },
  };
}

describe.each(databases.eachSupportedId())(
  'LandingZoneStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await createLandingZoneStore({
        database: mockServices.database({ knex }),
      });
      return { knex, store };
    }

    it('migrates up and down', async () => {
      const { knex } = await createStore();
      expect(await knex.schema.hasTable('lz_facts')).toBe(true);
      const directory = resolvePackagePath(
        '@internal/plugin-landing-zone-backend',
        'migrations',
      );
      await knex.migrate.rollback({ directory }, true);
      expect(await knex.schema.hasTable('lz_facts')).toBe(false);
      expect(await knex.schema.hasTable('lz_scan_runs')).toBe(false);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('lz_posture_daily')).toBe(true);
    });

    it('lets exactly one of two racing scans run', async () => {
      const { store } = await createStore();
      const outcomes = await Promise.allSettled([
        store.scans.start({ trigger: 'manual', staleAfterMs: 60_000 }),
        store.scans.start({ trigger: 'schedule', staleAfterMs: 60_000 }),
      ]);
      const started = outcomes.filter(o => o.status === 'fulfilled');
      const refused = outcomes.filter(o => o.status === 'rejected');
      expect(started).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason.name).toBe(
        'ConflictError',
      );
      const scans = await store.scans.list({ limit: 10 });
      expect(scans.items.map(s => s.state)).toEqual(['running']);
    });

    it('refuses a second scan while another replica runs one, whatever its clock', async () => {
      const { store, knex } = await createStore();
      // Another replica's scan, started by a clock running an hour ahead: an
      // order by start time would let a second scan think it came first.
      const ahead = new Date(Date.now() + 3_600_000);
      await knex('lz_scan_runs').insert({
        id: 'other-replica',
        trigger: 'schedule',
        state: 'running',
        started_at: ahead,
        heartbeat_at: ahead,
      });
      await expect(
        store.scans.start({ trigger: 'manual', staleAfterMs: 60_000 }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: 'Scan other-replica is already running',
      });
      const states = await knex('lz_scan_runs').pluck('state');
      expect(states).toEqual(['running']);
    });

    it('marks a scan whose heartbeat stopped as interrupted and starts anew', async () => {
      const { store, knex } = await createStore();
      const dead = await store.scans.start({
        trigger: 'schedule',
        staleAfterMs: 60_000,
      });
      await knex('lz_scan_runs')
        .where({ id: dead.id })
        .update({ heartbeat_at: new Date(Date.now() - 3_600_000) });
      const next = await store.scans.start({
        trigger: 'manual',
        staleAfterMs: 60_000,
      });
      expect(next.id).not.toBe(dead.id);
      expect((await store.scans.get(dead.id))?.state).toBe('interrupted');
    });

    it('keeps the last good fact when a later read fails, and marks the account stale', async () => {
      const { store } = await createStore();
      const account = identity('222222222222', 'payments-prod');
      await store.organization.save(organization, [account]);
      await store.facts.save([goodFacts(account, true)]);

      const failed = goodFacts(account, false);
      failed.global!.iamSummary = {
        error: {
          code: 'ThrottlingException',
          message: 'Rate exceeded',
          operation: 'iam:GetAccountSummary',
        },
        collectedAt: '2026-11-25T11:00:00.000Z',
      };
      await store.facts.save([failed]);

      const [facts] = await store.facts.load();
      expect(facts.global?.iamSummary.data).toEqual({
        accountMfaEnabled: true,
        accountAccessKeysPresent: false,
      });
      const summary = await store.accounts.get(account.id);
      expect(summary?.staleReason).toBe(
        'iam:GetAccountSummary: ThrottlingException',
      );
    });

    it('keeps earlier facts when the role is later denied', async () => {
      const { store } = await createStore();
      const account = identity('333333333333', 'ledger-prod');
      await store.organization.save(organization, [account]);
      await store.facts.save([goodFacts(account, true)]);
      const before = (await store.accounts.get(account.id))?.lastCollectedAt;
      await store.facts.save([
        {
          account,
          access: {
            code: 'AccessDenied',
            message: 'denied',
            operation: 'sts:AssumeRole',
          },
          collectedAt: '2026-11-25T12:00:00.000Z',
        },
      ]);
      const [facts] = await store.facts.load();
      expect(facts.access).toBeUndefined();
      expect(facts.global?.iamSummary.data?.accountMfaEnabled).toBe(true);
      const after = await store.accounts.get(account.id);
      expect(after?.lastCollectedAt).toBe(before);
      expect(after?.staleReason).toBe('sts:AssumeRole: AccessDenied');
    });

    it("keeps a VPC's last good links when its peerings or attachments could not be read", async () => {
      const { store } = await createStore();
      const account = identity('666666666666', 'payments-prod');
      await store.organization.save(organization, [account]);
      await store.facts.save([networkFacts(account, { peering: true })]);
      const links = async () =>
        (await store.vpcs.list({}, { limit: 10 })).items.map(v =>
          v.links.map(l => `${l.type}:${l.id}`).sort(),
        );
      expect(await links()).toEqual([
        ['peering:pcx-1', 'transit-gateway:tgw-attach-1'],
      ]);

      // Both link reads fail: an empty list would hide the prod-to-QA peering.
      await store.facts.save([
        networkFacts(account, { peeringError: true, tgwError: true }),
      ]);
      expect(await links()).toEqual([
        ['peering:pcx-1', 'transit-gateway:tgw-attach-1'],
      ]);
      const index = await store.vpcs.index();
      expect(index.get('vpc-prod')).toMatchObject({
        peeredVpcIds: ['vpc-qa'],
        transitGatewayIds: ['tgw-hub'],
      });

      // A good read that finds the peering gone does remove it.
      await store.facts.save([networkFacts(account, {})]);
      expect(await links()).toEqual([['transit-gateway:tgw-attach-1']]);
    });

    it('keeps RCPs, enabled policy types and root access apart from SCPs, and the last RCPs when a read fails', async () => {
      const { store } = await createStore();
      const account = identity('121212121212', '決済-prod 💳');
      const policy = (id: string, name: string) => ({
        id,
        name,
        awsManaged: false,
        content: '{"Version":"2012-10-17","Statement":[]}',
        targets: ['r-1'],
      });
      // Facts from before RCPs were read: nothing about them is claimed.
      await store.organization.save(organization, [account]);
      expect(await store.organization.get()).toMatchObject({
        policies: [],
        enabledPolicyTypes: undefined,
        resourceControlPolicies: undefined,
        rootAccess: undefined,
      });

      const rootAccess = {
        data: { rootCredentialsManagement: true, rootSessions: false },
        collectedAt: at,
      };
      await store.organization.save(
        {
          ...organization,
          policies: [policy('p-scp', 'deny-leave')],
          enabledPolicyTypes: [
            'SERVICE_CONTROL_POLICY',
            'RESOURCE_CONTROL_POLICY',
          ],
          resourceControlPolicies: [policy('p-rcp', 'identity-perimeter')],
          rootAccess,
        },
        [account],
      );
      const read = await store.organization.get();
      expect(read?.policies.map(p => p.id)).toEqual(['p-scp']);
      expect(read?.resourceControlPolicies?.map(p => p.id)).toEqual(['p-rcp']);
      expect(read?.enabledPolicyTypes).toEqual([
        'SERVICE_CONTROL_POLICY',
        'RESOURCE_CONTROL_POLICY',
      ]);
      expect(read?.rootAccess).toEqual(rootAccess);
      expect(read?.resourceControlPoliciesError).toBeUndefined();
      expect((await store.accounts.identities())[0].name).toBe('決済-prod 💳');

      // The RCPs could not be read this time: the last ones stay, with the error.
      const error = {
        code: 'AccessDeniedException',
        message: 'denied',
        operation: 'organizations:ListPolicies',
      };
      await store.organization.save(
        {
          ...organization,
          policies: [policy('p-scp2', 'deny-leave-v2')],
          resourceControlPoliciesError: error,
        },
        [account],
      );
      const after = await store.organization.get();
      expect(after?.policies.map(p => p.id)).toEqual(['p-scp2']);
      expect(after?.resourceControlPolicies?.map(p => p.id)).toEqual(['p-rcp']);
      expect(after?.resourceControlPoliciesError).toEqual(error);
    });

    it('stores the newer fact kinds, VPC routes and the transit gateways of their owners', async () => {
      const { store } = await createStore();
      const owner = identity('131313131313', 'network-hub');
      const member = identity('141414141414', 'payments-prod');
      await store.organization.save(organization, [owner, member]);
      const base = networkFacts(owner, {});
      const region = base.regions!['eu-west-1'];
      const tgw = {
        transitGatewayId: 'tgw-hub',
        ownerId: owner.id,
        state: 'available',
        autoAcceptSharedAttachments: false,
        attachments: [],
        routeTables: {
          error: {
            code: 'UnauthorizedOperation',
            message: 'no',
            operation: 'ec2:GetTransitGatewayRouteTableAssociations',
          },
          collectedAt: at,
        },
      };
      await store.facts.save([
        {
          ...base,
          global: {
            ...base.global!,
            rootVirtualMfa: { data: null, collectedAt: at },
            declarativePolicyEc2: {
              data: { content: '{"ec2_attributes":{}}' },
              collectedAt: at,
            },
          },
          regions: {
            'eu-west-1': {
              ...region,
              vpcs: {
                data: [
                  {
                    ...region.vpcs.data![0],
                    routes: [
                      {
                        routeTableId: 'rtb-1',
                        destination: '10.1.0.0/16',
                        target: 'pcx-1',
                        state: 'active',
                      },
                      {
                        routeTableId: 'rtb-1',
                        destination: '10.2.0.0/16',
                        target: 'tgw-hub',
                        state: 'blackhole',
                      },
                    ],
                  },
                ],
                collectedAt: at,
              },
              transitGateways: { data: [tgw], collectedAt: at },
              snapshotBlockPublicAccess: {
                data: { state: 'block-all-sharing', managedBy: 'account' },
                collectedAt: at,
              },
            },
          },
        },
        // An account that owns no gateway is not among the owners.
        {
          ...networkFacts(member, {}),
          regions: {
            'eu-west-1': {
              ...networkFacts(member, {}).regions!['eu-west-1'],
              vpcs: { data: [], collectedAt: at },
              transitGateways: { data: [], collectedAt: at },
            },
          },
        },
      ]);
      const [loaded] = await store.facts.load([owner.id]);
      expect(loaded.global?.declarativePolicyEc2?.data).toEqual({
        content: '{"ec2_attributes":{}}',
      });
      expect(loaded.global?.rootVirtualMfa).toEqual({
        data: null,
        collectedAt: at,
      });
      expect(
        loaded.regions?.['eu-west-1'].snapshotBlockPublicAccess?.data,
      ).toEqual({ state: 'block-all-sharing', managedBy: 'account' });
      expect(loaded.regions?.['eu-west-1'].rootActivity).toBeUndefined();

      expect(await store.facts.transitGatewayOwners()).toEqual([
        {
          accountId: owner.id,
          regions: {
            'eu-west-1': { transitGateways: { data: [tgw], collectedAt: at } },
          },
        },
      ]);
      // Only active routes through links reach the index; facts without routes say so.
      const index = await store.vpcs.index();
      expect(index.get('vpc-prod')?.routes).toEqual([
        { destination: '10.1.0.0/16', target: 'pcx-1' },
      ]);
      await store.facts.save([networkFacts(owner, {})]);
      expect(
        (await store.vpcs.index()).get('vpc-prod')?.routes,
      ).toBeUndefined();
    });

    it('matches the text filter literally and hides VPCs of accounts that left', async () => {
      const { store } = await createStore();
      const a = identity('777777777777', 'ledger_prod');
      const b = identity('888888888888', 'ledgerXprod');
      await store.organization.save(organization, [a, b]);
      const names = async (text: string) =>
        (await store.accounts.list({ text }, { limit: 10 })).items
          .map(x => x.name)
          .sort();
      expect(await names('ledger_p')).toEqual(['ledger_prod']);
      expect(await names('%')).toEqual([]);
      expect(await names('LEDGER')).toEqual(['ledgerXprod', 'ledger_prod']);

      await store.facts.save([networkFacts(b, {})]);
      expect((await store.vpcs.list({}, { limit: 10 })).totalCount).toBe(1);
      await store.organization.save(organization, [a]);
      expect((await store.vpcs.list({}, { limit: 10 })).items).toEqual([]);
    });

    it('orders accounts stalest first and flags accounts that left', async () => {
      const { store } = await createStore();
      const a = identity('444444444444', 'a');
      const b = identity('555555555555', 'b');
      await store.organization.save(organization, [a, b]);
      await store.facts.save([goodFacts(a, true)]);
      expect(await store.accounts.byStaleness()).toEqual([b.id, a.id]);

      await store.organization.save(organization, [a]);
      const listed = await store.accounts.list({}, { limit: 10 });
      expect(listed.items.map(x => x.id)).toEqual([a.id]);
      const all = await store.accounts.list(
        { includeRemoved: true },
        { limit: 10 },
      );
      expect(all.totalCount).toBe(2);
    });
  },
);
