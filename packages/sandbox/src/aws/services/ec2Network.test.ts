/*
 * Issue 12's EC2 operations against the demo organisation with the real SDK
 * client: transit gateways and their route tables, NAT gateways, VPC routes
 * to peerings and gateways, and the account settings a declarative policy may
 * enforce.
 */
import {
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  EC2Client,
  EC2ServiceException,
  GetImageBlockPublicAccessStateCommand,
  GetInstanceMetadataDefaultsCommand,
  GetSnapshotBlockPublicAccessStateCommand,
  GetTransitGatewayRouteTableAssociationsCommand,
  paginateGetTransitGatewayRouteTablePropagations,
  SearchTransitGatewayRoutesCommand,
  type SearchTransitGatewayRoutesCommandInput,
} from '@aws-sdk/client-ec2';
import {
  accountId,
  assumeRole,
  clientConfig,
} from '../../__testUtils__/clients';
import type { Account, Vpc } from '../../org/types';
import { startSandbox, type Sandbox } from '../../startSandbox';

describe('issue 12: EC2', () => {
  let sandbox: Sandbox;
  const clients = new Map<string, EC2Client>();
  const account = (name: string): Account =>
    sandbox.organization.accounts.find(a => a.name === name)!;
  const vpc = (name: string, region: string, vpcName: string): Vpc =>
    account(name).regions[region].vpcs.find(v => v.name === vpcName)!;

  async function ec2(name: string, region = 'eu-west-1'): Promise<EC2Client> {
    const key = `${name}|${region}`;
    if (!clients.has(key)) {
      const credentials = await assumeRole(sandbox, accountId(sandbox, name));
      clients.set(
        key,
        new EC2Client(clientConfig(sandbox, region, credentials)),
      );
    }
    return clients.get(key)!;
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ github: false });
  });
  afterAll(() => sandbox.close());

  describe('transit gateways', () => {
    it('describes the hub with its options, to its owner and to an account attached to it', async () => {
      const hub = sandbox.organization.transitGateways[0];
      const prodTable = hub.routeTables.find(t => t.name === 'prod')!;
      const owner = await ec2('network-hub');
      const { TransitGateways } = await owner.send(
        new DescribeTransitGatewaysCommand({}),
      );
      expect(TransitGateways).toEqual([
        {
          TransitGatewayId: hub.id,
          TransitGatewayArn: `arn:aws:ec2:eu-west-1:${hub.accountId}:transit-gateway/${hub.id}`,
          State: 'available',
          OwnerId: hub.accountId,
          Description: 'hub-euw1',
          CreationTime: expect.any(Date),
          Options: {
            AmazonSideAsn: 64512,
            AutoAcceptSharedAttachments: 'enable',
            DefaultRouteTableAssociation: 'disable',
            DefaultRouteTablePropagation: 'disable',
            VpnEcmpSupport: 'enable',
            DnsSupport: 'enable',
            SecurityGroupReferencingSupport: 'disable',
            MulticastSupport: 'disable',
          },
          Tags: [{ Key: 'Name', Value: 'hub-euw1' }],
        },
      ]);
      const fraud = await ec2('fraud-prod');
      const seen = await fraud.send(new DescribeTransitGatewaysCommand({}));
      expect(
        seen.TransitGateways!.map(t => [t.Description, t.OwnerId]),
      ).toEqual([
        ['hub-euw1', accountId(sandbox, 'network-hub')],
        ['legacy-euw1', accountId(sandbox, 'shared-services')],
      ]);
      // A shared gateway's route tables are its owner's alone.
      const tables = await fraud.send(
        new DescribeTransitGatewayRouteTablesCommand({}),
      );
      expect(tables.TransitGatewayRouteTables).toEqual([]);
      await expect(
        fraud.send(
          new GetTransitGatewayRouteTableAssociationsCommand({
            TransitGatewayRouteTableId: prodTable.id,
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidRouteTableID.NotFound' });
    });

    it('keeps prod and non-prod apart on the hub’s segmented route tables', async () => {
      const owner = await ec2('network-hub');
      const { TransitGatewayRouteTables } = await owner.send(
        new DescribeTransitGatewayRouteTablesCommand({ MaxResults: 5 }),
      );
      expect(
        TransitGatewayRouteTables!.map(t => [
          t.Tags?.[0].Value,
          t.DefaultAssociationRouteTable,
          t.DefaultPropagationRouteTable,
        ]),
      ).toEqual([
        ['prod', false, false],
        ['non-prod', false, false],
        ['shared', false, false],
      ]);
      const [prod, nonProd] = TransitGatewayRouteTables!;
      const associations = await owner.send(
        new GetTransitGatewayRouteTableAssociationsCommand({
          TransitGatewayRouteTableId: prod.TransitGatewayRouteTableId,
          MaxResults: 100,
        }),
      );
      const prodVpc = vpc('payments-prod', 'eu-west-1', 'payments-prod-euw1');
      expect(associations.Associations).toContainEqual({
        TransitGatewayAttachmentId: expect.stringMatching(/^tgw-attach-/),
        ResourceId: prodVpc.id,
        ResourceType: 'vpc',
        State: 'associated',
      });
      const qaVpc = vpc('payments-qa', 'eu-west-1', 'payments-qa-euw1');
      expect(associations.Associations!.map(a => a.ResourceId)).not.toContain(
        qaVpc.id,
      );

      // Paged at the sandbox's default of 5.
      const propagations = [];
      let pages = 0;
      for await (const page of paginateGetTransitGatewayRouteTablePropagations(
        { client: owner },
        { TransitGatewayRouteTableId: nonProd.TransitGatewayRouteTableId },
      )) {
        pages++;
        propagations.push(...page.TransitGatewayRouteTablePropagations!);
      }
      expect(pages).toBeGreaterThan(1);
      expect(propagations.every(p => p.State === 'enabled')).toBe(true);
      expect(propagations.map(p => p.ResourceId)).toContain(qaVpc.id);
      expect(propagations.map(p => p.ResourceId)).not.toContain(prodVpc.id);
    });

    it('searches a table’s static, blackhole and propagated routes', async () => {
      const owner = await ec2('network-hub');
      const hub = sandbox.organization.transitGateways[0];
      const prod = hub.routeTables.find(t => t.name === 'prod')!;
      const statics = await owner.send(
        new SearchTransitGatewayRoutesCommand({
          TransitGatewayRouteTableId: prod.id,
          Filters: [{ Name: 'type', Values: ['static'] }],
        }),
      );
      const gateway = vpc('network-hub', 'eu-west-1', 'gateway-euw1');
      expect(statics.Routes).toEqual([
        {
          DestinationCidrBlock: '0.0.0.0/0',
          TransitGatewayAttachments: [
            {
              ResourceId: gateway.id,
              TransitGatewayAttachmentId: expect.stringMatching(/^tgw-attach-/),
              ResourceType: 'vpc',
            },
          ],
          Type: 'static',
          State: 'active',
        },
        {
          DestinationCidrBlock: '10.100.0.0/14',
          TransitGatewayAttachments: [],
          Type: 'static',
          State: 'blackhole',
        },
      ]);
      expect(statics.AdditionalRoutesAvailable).toBe(false);
      const blackholes = await owner.send(
        new SearchTransitGatewayRoutesCommand({
          TransitGatewayRouteTableId: prod.id,
          Filters: [{ Name: 'state', Values: ['blackhole'] }],
        }),
      );
      expect(blackholes.Routes!.map(r => r.DestinationCidrBlock)).toEqual([
        '10.100.0.0/14',
      ]);
      const propagated = await owner.send(
        new SearchTransitGatewayRoutesCommand({
          TransitGatewayRouteTableId: prod.id,
          Filters: [{ Name: 'type', Values: ['propagated'] }],
          MaxResults: 5,
        }),
      );
      expect(propagated.Routes).toHaveLength(5);
      expect(propagated.AdditionalRoutesAvailable).toBe(true);
      await expect(
        owner.send(
          // Filters is required; without it EC2 answers MissingParameter.
          new SearchTransitGatewayRoutesCommand({
            TransitGatewayRouteTableId: prod.id,
          } as SearchTransitGatewayRoutesCommandInput),
        ),
      ).rejects.toMatchObject({ name: 'MissingParameter' });
    });

    it('puts a prod and a non-prod VPC on the legacy gateway’s one table', async () => {
      const owner = await ec2('shared-services');
      const { TransitGateways } = await owner.send(
        new DescribeTransitGatewaysCommand({
          Filters: [
            {
              Name: 'owner-id',
              Values: [accountId(sandbox, 'shared-services')],
            },
          ],
        }),
      );
      expect(TransitGateways).toHaveLength(1);
      const [legacy] = TransitGateways!;
      expect(legacy.Options).toMatchObject({
        DefaultRouteTableAssociation: 'enable',
        DefaultRouteTablePropagation: 'enable',
      });
      const table = legacy.Options!.AssociationDefaultRouteTableId!;
      expect(legacy.Options!.PropagationDefaultRouteTableId).toBe(table);
      const { Associations } = await owner.send(
        new GetTransitGatewayRouteTableAssociationsCommand({
          TransitGatewayRouteTableId: table,
          MaxResults: 10,
        }),
      );
      expect(Associations!.map(a => a.ResourceId)).toEqual([
        vpc('shared-services', 'eu-west-1', 'shared-services-euw1').id,
        vpc('fraud-prod', 'eu-west-1', 'fraud-prod-euw1').id,
        vpc('fraud-staging', 'eu-west-1', 'fraud-staging-euw1').id,
      ]);
      // The owner sees every attachment, other accounts' included, with its association.
      const attachments = await owner.send(
        new DescribeTransitGatewayAttachmentsCommand({
          Filters: [
            { Name: 'transit-gateway-id', Values: [legacy.TransitGatewayId!] },
          ],
        }),
      );
      expect(
        attachments.TransitGatewayAttachments!.map(a => [
          a.ResourceOwnerId,
          a.Association,
        ]),
      ).toEqual(
        ['shared-services', 'fraud-prod', 'fraud-staging'].map(name => [
          accountId(sandbox, name),
          { TransitGatewayRouteTableId: table, State: 'associated' },
        ]),
      );
    });

    it('routes an attached VPC to the gateway, and peerings from one side or both', async () => {
      const fraud = await ec2('fraud-prod');
      const fraudVpc = vpc('fraud-prod', 'eu-west-1', 'fraud-prod-euw1');
      const legacy = sandbox.organization.transitGateways.find(
        t => t.name === 'legacy-euw1',
      )!;
      const { RouteTables } = await fraud.send(
        new DescribeRouteTablesCommand({
          Filters: [
            { Name: 'vpc-id', Values: [fraudVpc.id] },
            { Name: 'route.transit-gateway-id', Values: [legacy.id] },
          ],
        }),
      );
      expect(RouteTables!.length).toBeGreaterThan(0);
      expect(
        RouteTables![0].Routes!.filter(r => r.TransitGatewayId === legacy.id),
      ).toEqual(
        ['10.4.0.0/16', '10.66.0.0/16'].map(cidr =>
          expect.objectContaining({
            DestinationCidrBlock: cidr,
            TransitGatewayId: legacy.id,
            State: 'active',
          }),
        ),
      );
      const peering = sandbox.organization.peerings[2];
      const routed = async (name: string, vpcName: string) => {
        const client = await ec2(name);
        const result = await client.send(
          new DescribeRouteTablesCommand({
            Filters: [
              { Name: 'vpc-id', Values: [vpc(name, 'eu-west-1', vpcName).id] },
              { Name: 'route.vpc-peering-connection-id', Values: [peering.id] },
            ],
          }),
        );
        return result.RouteTables!.length;
      };
      expect(await routed('cards-staging', 'cards-staging-euw1')).toBe(2);
      expect(await routed('cards-qa', 'cards-qa-euw1')).toBe(0);
    });
  });

  it('knows the new operations to the fault machinery: throttled, failed and refused by name', async () => {
    const table = sandbox.organization.transitGateways[0].routeTables[0].id;
    expect(() =>
      sandbox.setFaults({
        rateLimits: { 'ec2:SearchTransitGatewayRoute': { rate: 1, burst: 1 } },
      }),
    ).toThrow();
    sandbox.setFaults({
      rateLimits: { 'ec2:SearchTransitGatewayRoutes': { rate: 1, burst: 1 } },
    });
    sandbox.resetCounters();
    // One attempt each, so the outcome does not depend on retry timing.
    const once = new EC2Client({
      ...clientConfig(
        sandbox,
        'eu-west-1',
        await assumeRole(sandbox, accountId(sandbox, 'network-hub')),
      ),
      maxAttempts: 1,
    });
    const search = () =>
      once.send(
        new SearchTransitGatewayRoutesCommand({
          TransitGatewayRouteTableId: table,
          Filters: [{ Name: 'type', Values: ['static'] }],
        }),
      );
    const outcomes = await Promise.allSettled([search(), search()]);
    expect(outcomes.map(o => o.status).sort()).toEqual([
      'fulfilled',
      'rejected',
    ]);
    expect(outcomes.find(o => o.status === 'rejected')).toMatchObject({
      reason: { name: 'RequestLimitExceeded' },
    });
    const counts =
      sandbox.counters().services.ec2.operations.SearchTransitGatewayRoutes;
    expect(counts.throttled).toBe(1);
    sandbox.setFaults({
      seed: 1,
      serverErrors: { rate: 1, services: ['ec2'] },
    });
    await expect(
      (
        await ec2('payments-prod')
      ).send(
        // At rate 1 every retry fails too.
        new GetSnapshotBlockPublicAccessStateCommand({}),
      ),
    ).rejects.toMatchObject({ name: 'InternalError' });
    sandbox.setFaults({});
  });

  describe('NAT gateways', () => {
    it('lists per-AZ, single and private NAT gateways with their addresses', async () => {
      const perAz = await (
        await ec2('payments-prod')
      ).send(new DescribeNatGatewaysCommand({ MaxResults: 5 }));
      const payments = vpc('payments-prod', 'eu-west-1', 'payments-prod-euw1');
      expect(perAz.NatGateways).toHaveLength(3);
      expect(perAz.NatGateways![0]).toEqual({
        CreateTime: expect.any(Date),
        NatGatewayAddresses: [
          {
            AllocationId: expect.stringMatching(/^eipalloc-/),
            NetworkInterfaceId: expect.stringMatching(/^eni-/),
            PrivateIp: expect.stringMatching(/^10\.20\./),
            PublicIp: expect.stringMatching(/^52\./),
            IsPrimary: true,
            Status: 'succeeded',
          },
        ],
        NatGatewayId: payments.natGateways[0].id,
        State: 'available',
        SubnetId: payments.subnets.find(s => s.tier === 'public')!.id,
        VpcId: payments.id,
        Tags: [expect.objectContaining({ Key: 'Name' })],
        ConnectivityType: 'public',
      });
      const single = await (
        await ec2('ci-cd')
      ).send(new DescribeNatGatewaysCommand({}));
      expect(single.NatGateways).toHaveLength(1);
      const batch = vpc('auth-qa', 'eu-central-1', 'auth-qa-batch-euc1');
      const privateNat = await (
        await ec2('auth-qa', 'eu-central-1')
      ).send(
        new DescribeNatGatewaysCommand({
          Filter: [{ Name: 'vpc-id', Values: [batch.id] }],
        }),
      );
      expect(privateNat.NatGateways).toEqual([
        expect.objectContaining({
          ConnectivityType: 'private',
          SubnetId: batch.subnets.find(s => s.tier === 'private')!.id,
          NatGatewayAddresses: [
            expect.not.objectContaining({ PublicIp: expect.anything() }),
          ],
        }),
      ]);
      // The private tier's default route goes to the private NAT gateway.
      const routed = await (
        await ec2('auth-qa', 'eu-central-1')
      ).send(
        new DescribeRouteTablesCommand({
          Filters: [
            {
              Name: 'route.nat-gateway-id',
              Values: [privateNat.NatGateways![0].NatGatewayId!],
            },
          ],
        }),
      );
      expect(routed.RouteTables!.map(t => t.Tags?.[0]?.Value)).toEqual([
        'auth-qa-batch-euc1-private',
        'auth-qa-batch-euc1-private',
      ]);
      await expect(
        (
          await ec2('ci-cd')
        ).send(
          new DescribeNatGatewaysCommand({
            NatGatewayIds: ['nat-0000000000000000f'],
          }),
        ),
      ).rejects.toBeInstanceOf(EC2ServiceException);
    });
  });

  describe('account settings a declarative policy may enforce', () => {
    async function settings(name: string, region = 'eu-west-1') {
      const client = await ec2(name, region);
      const [vpcBpa, snapshot, image, imds] = await Promise.all([
        client.send(new DescribeVpcBlockPublicAccessOptionsCommand({})),
        client.send(new GetSnapshotBlockPublicAccessStateCommand({})),
        client.send(new GetImageBlockPublicAccessStateCommand({})),
        client.send(new GetInstanceMetadataDefaultsCommand({})),
      ]);
      return {
        vpc: [
          vpcBpa.VpcBlockPublicAccessOptions!.InternetGatewayBlockMode,
          vpcBpa.VpcBlockPublicAccessOptions!.ManagedBy,
        ],
        snapshot: [snapshot.State, snapshot.ManagedBy],
        image: [image.ImageBlockPublicAccessState, image.ManagedBy],
        imds: [imds.AccountLevel!.HttpTokens, imds.AccountLevel!.ManagedBy],
      };
    }

    it('answers the policy’s values in a workload account', async () => {
      expect(await settings('payments-prod')).toEqual({
        vpc: ['block-ingress', 'declarative-policy'],
        snapshot: ['block-all-sharing', 'declarative-policy'],
        image: ['block-new-sharing', 'declarative-policy'],
        imds: ['required', 'declarative-policy'],
      });
      const client = await ec2('payments-prod');
      const { VpcBlockPublicAccessOptions } = await client.send(
        new DescribeVpcBlockPublicAccessOptionsCommand({}),
      );
      expect(VpcBlockPublicAccessOptions).toEqual({
        AwsAccountId: accountId(sandbox, 'payments-prod'),
        AwsRegion: 'eu-west-1',
        State: 'update-complete',
        InternetGatewayBlockMode: 'block-ingress',
        LastUpdateTimestamp: expect.any(Date),
        ManagedBy: 'declarative-policy',
        ExclusionsAllowed: 'allowed',
      });
    });

    it('answers the account’s own settings where no policy sets them', async () => {
      // Infrastructure: the baseline policy, VPC Block Public Access by hand.
      expect(await settings('network-hub')).toEqual({
        vpc: ['block-ingress', 'account'],
        snapshot: ['block-all-sharing', 'declarative-policy'],
        image: ['block-new-sharing', 'declarative-policy'],
        imds: ['required', 'declarative-policy'],
      });
      // Sandbox: everything by hand, two of them broken here.
      expect(await settings('sandbox-identity')).toEqual({
        vpc: ['block-ingress', 'account'],
        snapshot: ['unblocked', 'account'],
        image: ['block-new-sharing', 'account'],
        imds: ['optional', 'account'],
      });
      expect((await settings('sandbox-cards', 'us-east-1')).vpc).toEqual([
        'off',
        'account',
      ]);
      expect((await settings('sandbox-platform', 'us-east-1')).image).toEqual([
        'unblocked',
        'account',
      ]);
    });

    it('follows a runtime change of the account’s setting', async () => {
      const id = accountId(sandbox, 'sandbox-payments');
      const res = await fetch(
        `${sandbox.url}/_sandbox/accounts/${id}/regions/eu-west-1`,
        {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ snapshotBlockPublicAccess: 'unblocked' }),
        },
      );
      expect(res.status).toBe(200);
      expect((await settings('sandbox-payments')).snapshot).toEqual([
        'unblocked',
        'account',
      ]);
    });
  });
});
