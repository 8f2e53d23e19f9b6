/*
 * Issue 12 against the demo organisation with the real SDK clients: account
 * states and paths, RCPs and EC2 declarative policies (effective policies),
 * IAM's root access features and root MFA devices, CloudTrail's root events.
 */
import {
  CloudTrailClient,
  InvalidLookupAttributesException,
  InvalidMaxResultsException,
  LookupEventsCommand,
  paginateLookupEvents,
} from '@aws-sdk/client-cloudtrail';
import {
  AccountNotManagementOrDelegatedAdministratorException,
  GetAccountSummaryCommand,
  IAMClient,
  ListOrganizationsFeaturesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import {
  AccessDeniedException,
  AccountNotFoundException,
  DescribeAccountCommand,
  DescribeEffectivePolicyCommand,
  EffectivePolicyNotFoundException,
  type EffectivePolicyType,
  InvalidInputException,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListTargetsForPolicy,
} from '@aws-sdk/client-organizations';
import {
  accountId,
  assumeRole,
  clientConfig,
} from '../../__testUtils__/clients';
import { startSandbox, type Sandbox } from '../../startSandbox';

describe('issue 12: Organizations, IAM and CloudTrail', () => {
  let sandbox: Sandbox;
  let org: OrganizationsClient;
  const ou = (path: string) =>
    sandbox.organization.organizationalUnits.find(o => o.path === path)!.id;
  const member = async <C>(
    make: (config: ReturnType<typeof clientConfig>) => C,
    name: string,
    region = 'us-east-1',
  ): Promise<C> =>
    make(
      clientConfig(
        sandbox,
        region,
        await assumeRole(sandbox, accountId(sandbox, name)),
      ),
    );

  beforeAll(async () => {
    sandbox = await startSandbox({ github: false });
    org = new OrganizationsClient(clientConfig(sandbox));
  });
  afterAll(() => sandbox.close());

  describe('Organizations', () => {
    it('lists every account with its State and path, never the retired Status', async () => {
      const accounts = [];
      for await (const page of paginateListAccounts({ client: org }, {})) {
        accounts.push(...page.Accounts!);
      }
      expect(accounts).toHaveLength(44);
      expect(accounts.filter(a => 'Status' in a)).toEqual([]);
      const byName = new Map(accounts.map(a => [a.Name, a]));
      expect(byName.get('旧請求システム')).toMatchObject({
        Id: '402716958331',
        State: 'CLOSED',
        Paths: ['o-f1nt3chd3m/r-f1nt/ou-f1nt-susp3nd0/402716958331/'],
      });
      expect(byName.get('ancien-système-facturation')?.State).toBe(
        'PENDING_CLOSURE',
      );
      expect(byName.get('legacy-billing')?.State).toBe('SUSPENDED');
      expect(byName.get('🚀 launchpad')?.Email).toBe('launchpad@example.com');
      expect(
        byName.get(
          'リスク分析プラットフォーム-risk-analytics-platform-qa-tokyo-001',
        )?.Paths,
      ).toEqual([
        'o-f1nt3chd3m/r-f1nt/ou-f1nt-w0rkl0ad/ou-f1nt-qa000000/731594682047/',
      ]);
    });

    it('describes one account, and answers AccountNotFoundException for another id', async () => {
      const { Account } = await org.send(
        new DescribeAccountCommand({ AccountId: '583920174466' }),
      );
      expect(Account).toMatchObject({
        Name: 'ancien-système-facturation',
        State: 'PENDING_CLOSURE',
      });
      await expect(
        org.send(new DescribeAccountCommand({ AccountId: '111111111111' })),
      ).rejects.toBeInstanceOf(AccountNotFoundException);
    });

    it('refuses AssumeRole into accounts that are not ACTIVE', async () => {
      for (const id of ['583920174466', '402716958331']) {
        await expect(assumeRole(sandbox, id)).rejects.toMatchObject({
          name: 'AccessDenied',
        });
      }
    });

    it('enables the three policy types on the root', async () => {
      const { Roots } = await org.send(new ListRootsCommand({}));
      expect(Roots![0].PolicyTypes).toEqual([
        { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
        { Type: 'RESOURCE_CONTROL_POLICY', Status: 'ENABLED' },
        { Type: 'DECLARATIVE_POLICY_EC2', Status: 'ENABLED' },
      ]);
    });

    it('lists RCPs with RCPFullAWSAccess attached everywhere, the perimeter RCPs not on Sandbox', async () => {
      const { Policies } = await org.send(
        new ListPoliciesCommand({ Filter: 'RESOURCE_CONTROL_POLICY' }),
      );
      expect(Policies!.map(p => [p.Id, p.Name, p.AwsManaged, p.Arn])).toEqual([
        [
          'p-RCPFullAWSAccess',
          'RCPFullAWSAccess',
          true,
          'arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess',
        ],
        [
          'p-rcpidperimeter',
          'rcp-identity-perimeter',
          false,
          'arn:aws:organizations::910221622225:policy/o-f1nt3chd3m/resource_control_policy/p-rcpidperimeter',
        ],
        [
          'p-rcpsecuretransport',
          'rcp-secure-transport',
          false,
          'arn:aws:organizations::910221622225:policy/o-f1nt3chd3m/resource_control_policy/p-rcpsecuretransport',
        ],
      ]);
      const targets = [];
      for await (const page of paginateListTargetsForPolicy(
        { client: org },
        { PolicyId: 'p-RCPFullAWSAccess' },
      )) {
        targets.push(...page.Targets!);
      }
      expect(targets).toHaveLength(1 + 8 + 44);
      const onSandbox = await org.send(
        new ListPoliciesForTargetCommand({
          TargetId: ou('Sandbox'),
          Filter: 'RESOURCE_CONTROL_POLICY',
        }),
      );
      expect(onSandbox.Policies!.map(p => p.Name)).toEqual([
        'RCPFullAWSAccess',
      ]);
      const onWorkloads = await org.send(
        new ListPoliciesForTargetCommand({
          TargetId: ou('Workloads'),
          Filter: 'RESOURCE_CONTROL_POLICY',
        }),
      );
      expect(onWorkloads.Policies!.map(p => [p.Name, p.Type])).toEqual([
        ['RCPFullAWSAccess', 'RESOURCE_CONTROL_POLICY'],
        ['rcp-identity-perimeter', 'RESOURCE_CONTROL_POLICY'],
        ['rcp-secure-transport', 'RESOURCE_CONTROL_POLICY'],
      ]);
    });

    it('runs Security on an allow-list SCP instead of FullAWSAccess', async () => {
      const { Policies } = await org.send(
        new ListPoliciesForTargetCommand({
          TargetId: ou('Security'),
          Filter: 'SERVICE_CONTROL_POLICY',
        }),
      );
      expect(Policies!.map(p => p.Name)).toEqual([
        'region-allow-list',
        'security-allow-list',
      ]);
    });

    it('merges the effective EC2 declarative policy down the account’s path', async () => {
      const effective = async (targetId: string) => {
        const { EffectivePolicy } = await org.send(
          new DescribeEffectivePolicyCommand({
            PolicyType: 'DECLARATIVE_POLICY_EC2',
            TargetId: targetId,
          }),
        );
        return {
          ...EffectivePolicy,
          PolicyContent: JSON.parse(EffectivePolicy!.PolicyContent!),
        };
      };
      const prod = await effective(accountId(sandbox, 'payments-prod'));
      expect(prod).toMatchObject({
        TargetId: accountId(sandbox, 'payments-prod'),
        PolicyType: 'DECLARATIVE_POLICY_EC2',
        LastUpdatedTimestamp: expect.any(Date),
      });
      expect(prod.PolicyContent).toEqual({
        ec2_attributes: {
          snapshot_block_public_access: { state: 'block_all_sharing' },
          image_block_public_access: { state: 'block_new_sharing' },
          instance_metadata_defaults: {
            http_tokens: 'required',
            http_put_response_hop_limit: '2',
            http_endpoint: 'enabled',
          },
          vpc_block_public_access: {
            internet_gateway_block: {
              mode: 'block_ingress',
              exclusions_allowed: 'enabled',
            },
          },
        },
      });
      // The baseline locks image sharing: the account's own exception is ignored.
      const cards = await effective(accountId(sandbox, 'cards-staging'));
      expect(
        cards.PolicyContent.ec2_attributes.image_block_public_access,
      ).toEqual({ state: 'block_new_sharing' });
      // Infrastructure has the baseline but no VPC Block Public Access policy.
      const hub = await effective(accountId(sandbox, 'network-hub'));
      expect(
        hub.PolicyContent.ec2_attributes.vpc_block_public_access,
      ).toBeUndefined();
      // Sandbox has none at all.
      await expect(
        effective(accountId(sandbox, 'sandbox-identity')),
      ).rejects.toBeInstanceOf(EffectivePolicyNotFoundException);
    });

    it('answers a member for itself only, and refuses types without effective policies', async () => {
      const client = await member(
        c => new OrganizationsClient(c),
        'payments-prod',
      );
      const { EffectivePolicy } = await client.send(
        new DescribeEffectivePolicyCommand({
          PolicyType: 'DECLARATIVE_POLICY_EC2',
        }),
      );
      expect(EffectivePolicy!.TargetId).toBe(
        accountId(sandbox, 'payments-prod'),
      );
      await expect(
        client.send(
          new DescribeEffectivePolicyCommand({
            PolicyType: 'DECLARATIVE_POLICY_EC2',
            TargetId: accountId(sandbox, 'ledger-prod'),
          }),
        ),
      ).rejects.toBeInstanceOf(AccessDeniedException);
      await expect(
        org.send(
          new DescribeEffectivePolicyCommand({
            // Outside the SDK's enum: authorization policies have no effective policy.
            PolicyType: 'SERVICE_CONTROL_POLICY' as EffectivePolicyType,
            TargetId: accountId(sandbox, 'ledger-prod'),
          }),
        ),
      ).rejects.toBeInstanceOf(InvalidInputException);
      await expect(
        org.send(
          new DescribeEffectivePolicyCommand({
            PolicyType: 'DECLARATIVE_POLICY_EC2',
            TargetId: ou('Workloads'),
          }),
        ),
      ).rejects.toBeInstanceOf(InvalidInputException);
    });
  });

  describe('IAM', () => {
    it('lists the root access features in the management account only', async () => {
      const iam = new IAMClient(clientConfig(sandbox));
      expect(
        await iam.send(new ListOrganizationsFeaturesCommand({})),
      ).toMatchObject({
        OrganizationId: 'o-f1nt3chd3m',
        EnabledFeatures: ['RootCredentialsManagement', 'RootSessions'],
      });
      const client = await member(c => new IAMClient(c), 'payments-prod');
      await expect(
        client.send(new ListOrganizationsFeaturesCommand({})),
      ).rejects.toBeInstanceOf(
        AccountNotManagementOrDelegatedAdministratorException,
      );
    });

    it('summarises an account without root credentials, and one with them', async () => {
      const summary = async (name: string) =>
        (
          await (
            await member(c => new IAMClient(c), name)
          ).send(new GetAccountSummaryCommand({}))
        ).SummaryMap;
      expect(await summary('payments-prod')).toMatchObject({
        AccountMFAEnabled: 0,
        AccountAccessKeysPresent: 0,
        AccountPasswordPresent: 0,
        AccountSigningCertificatesPresent: 0,
      });
      expect(await summary('fraud-prod')).toMatchObject({
        AccountMFAEnabled: 1,
        AccountAccessKeysPresent: 0,
        AccountPasswordPresent: 1,
        AccountSigningCertificatesPresent: 0,
      });
    });

    it('lists a root virtual MFA device where the root user has one', async () => {
      const fraud = await member(c => new IAMClient(c), 'fraud-prod');
      const id = accountId(sandbox, 'fraud-prod');
      const assigned = await fraud.send(
        new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }),
      );
      expect(assigned.IsTruncated).toBe(false);
      expect(assigned.VirtualMFADevices).toEqual([
        {
          SerialNumber: `arn:aws:iam::${id}:mfa/root-account-mfa-device`,
          User: {
            UserId: id,
            Arn: `arn:aws:iam::${id}:root`,
            CreateDate: expect.any(Date),
          },
          EnableDate: expect.any(Date),
        },
      ]);
      const unassigned = await fraud.send(
        new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }),
      );
      expect(unassigned.VirtualMFADevices).toEqual([]);
      // The management account's root MFA is a hardware device.
      const management = new IAMClient(clientConfig(sandbox));
      const none = await management.send(new ListVirtualMFADevicesCommand({}));
      expect(none.VirtualMFADevices).toEqual([]);
    });
  });

  describe('CloudTrail', () => {
    const ninetyDays = () => ({
      StartTime: new Date(Date.now() - 90 * 86_400_000),
      EndTime: new Date(),
    });

    it('finds the root user’s events of the last 90 days, newest first, in their region', async () => {
      const trail = await member(
        c => new CloudTrailClient(c),
        'auth-prod',
        'eu-west-1',
      );
      const events = [];
      for await (const page of paginateLookupEvents(
        { client: trail, pageSize: 2 },
        {
          LookupAttributes: [
            { AttributeKey: 'Username', AttributeValue: 'root' },
          ],
          ...ninetyDays(),
        },
      )) {
        events.push(...page.Events!);
      }
      expect(events.map(e => e.EventName)).toEqual([
        'CreateAccessKey',
        'DescribeInstances',
        'ListBuckets',
      ]);
      const [latest] = events;
      expect(latest).toMatchObject({
        EventSource: 'iam.amazonaws.com',
        Username: 'root',
        Resources: [],
      });
      const ageDays =
        (sandbox.startedAt - latest.EventTime!.getTime()) / 86_400_000;
      expect(ageDays).toBeCloseTo(4300 / 1440, 3);
      expect(JSON.parse(latest.CloudTrailEvent!)).toMatchObject({
        userIdentity: {
          type: 'Root',
          accountId: accountId(sandbox, 'auth-prod'),
        },
        sourceIPAddress: '198.51.100.23',
        awsRegion: 'eu-west-1',
        eventID: latest.EventId,
      });

      const console = await member(
        c => new CloudTrailClient(c),
        'auth-prod',
        'us-east-1',
      );
      const login = await console.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'Username', AttributeValue: 'root' },
          ],
          ...ninetyDays(),
        }),
      );
      expect(login.Events!.map(e => e.EventName)).toEqual(['ConsoleLogin']);
    });

    it('finds nothing for an account whose root user was not used, or outside the window', async () => {
      const trail = await member(
        c => new CloudTrailClient(c),
        'payments-prod',
        'eu-west-1',
      );
      const { Events } = await trail.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'Username', AttributeValue: 'root' },
          ],
          ...ninetyDays(),
        }),
      );
      expect(Events).toEqual([]);
      const auth = await member(
        c => new CloudTrailClient(c),
        'auth-prod',
        'eu-west-1',
      );
      const lastDay = await auth.send(
        new LookupEventsCommand({
          StartTime: new Date(Date.now() - 86_400_000),
          EndTime: new Date(),
        }),
      );
      expect(lastDay.Events).toEqual([]);
    });

    it('answers CloudTrail’s errors for bad lookups', async () => {
      const trail = await member(
        c => new CloudTrailClient(c),
        'auth-prod',
        'eu-west-1',
      );
      await expect(
        trail.send(new LookupEventsCommand({ MaxResults: 51 })),
      ).rejects.toBeInstanceOf(InvalidMaxResultsException);
      await expect(
        trail.send(
          new LookupEventsCommand({
            LookupAttributes: [
              { AttributeKey: 'Username', AttributeValue: 'root' },
              { AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' },
            ],
          }),
        ),
      ).rejects.toBeInstanceOf(InvalidLookupAttributesException);
    });
  });
});
