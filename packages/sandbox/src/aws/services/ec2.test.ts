import {
  DescribeFlowLogsCommand,
  DescribeNetworkAclsCommand,
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeSubnets,
  paginateDescribeTransitGatewayAttachments,
} from '@aws-sdk/client-ec2';
import {
  accountId,
  assumeRole,
  clientConfig,
} from '../../__testUtils__/clients';
import type { Account } from '../../org/types';
import { startSandbox, type Sandbox } from '../../startSandbox';

describe('EC2', () => {
  let sandbox: Sandbox;
  const clients = new Map<string, EC2Client>();
  const account = (name: string): Account =>
    sandbox.organization.accounts.find(a => a.name === name)!;

  /** An EC2 client for a member account in a region, through AssumeRole. */
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
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('lists the organisation’s regions as the enabled ones', async () => {
    const client = await ec2('payments-prod');
    const { Regions } = await client.send(new DescribeRegionsCommand({}));
    expect(Regions!.map(r => r.RegionName)).toEqual([
      'eu-central-1',
      'eu-west-1',
      'us-east-1',
      'us-west-2',
    ]);
    expect(Regions).toContainEqual({
      RegionName: 'eu-west-1',
      Endpoint: 'ec2.eu-west-1.amazonaws.com',
      OptInStatus: 'opt-in-not-required',
    });
    const all = await client.send(
      new DescribeRegionsCommand({ AllRegions: true }),
    );
    expect(all.Regions).toHaveLength(23);
    expect(all.Regions).toContainEqual({
      RegionName: 'us-east-2',
      Endpoint: 'ec2.us-east-2.amazonaws.com',
      OptInStatus: 'not-opted-in',
    });
    const filtered = await client.send(
      new DescribeRegionsCommand({
        AllRegions: true,
        Filters: [{ Name: 'opt-in-status', Values: ['opt-in-not-required'] }],
      }),
    );
    expect(filtered.Regions).toHaveLength(4);
  });

  it('answers VPCs, subnets and route tables from the calling account and region', async () => {
    const prod = account('payments-prod');
    const vpc = prod.regions['eu-central-1'].vpcs[0];
    const client = await ec2('payments-prod', 'eu-central-1');
    const { Vpcs } = await client.send(new DescribeVpcsCommand({}));
    expect(Vpcs).toEqual([
      expect.objectContaining({
        VpcId: vpc.id,
        CidrBlock: '10.21.0.0/16',
        OwnerId: prod.id,
        State: 'available',
        IsDefault: false,
        Tags: [{ Key: 'Name', Value: 'payments-prod-euc1' }],
      }),
    ]);

    const subnets = [];
    let pages = 0;
    for await (const page of paginateDescribeSubnets(
      { client, pageSize: 5 },
      { Filters: [{ Name: 'vpc-id', Values: [vpc.id] }] },
    )) {
      pages += 1;
      subnets.push(...page.Subnets!);
    }
    expect(pages).toBe(2);
    expect(
      subnets.map(s => [s.SubnetId, s.CidrBlock, s.AvailabilityZone]),
    ).toEqual(vpc.subnets.map(s => [s.id, s.cidr, s.availabilityZone]));

    const routesFor = async (tier: string) => {
      const subnet = vpc.subnets.find(s => s.tier === tier)!;
      const { RouteTables } = await client.send(
        new DescribeRouteTablesCommand({
          Filters: [{ Name: 'association.subnet-id', Values: [subnet.id] }],
        }),
      );
      expect(RouteTables).toHaveLength(1);
      return RouteTables![0].Routes!.find(
        r => r.DestinationCidrBlock === '0.0.0.0/0',
      );
    };
    expect((await routesFor('public'))?.GatewayId).toBe(vpc.internetGatewayId);
    expect((await routesFor('private'))?.NatGatewayId).toBe(
      vpc.natGateways[0].id,
    );
    expect(await routesFor('isolated')).toBeUndefined();

    // Another region of the same account answers its own VPC only.
    const euw1 = await ec2('payments-prod', 'eu-west-1');
    const other = await euw1.send(new DescribeVpcsCommand({}));
    expect(other.Vpcs!.map(v => v.CidrBlock)).toEqual(['10.20.0.0/16']);
    // A region the account never used is empty, not an error.
    const unused = await (
      await ec2('payments-prod', 'us-west-2')
    ).send(new DescribeVpcsCommand({}));
    expect(unused.Vpcs).toEqual([]);
  });

  it('filters by resource id for flow logs and finds the VPC without them', async () => {
    const good = account('payments-qa').regions['eu-west-1'].vpcs[0];
    const { FlowLogs } = await (
      await ec2('payments-qa')
    ).send(
      new DescribeFlowLogsCommand({
        Filter: [{ Name: 'resource-id', Values: [good.id] }],
      }),
    );
    expect(
      FlowLogs!.map(f => [
        f.ResourceId,
        f.TrafficType,
        f.FlowLogStatus,
        f.LogDestinationType,
      ]),
    ).toEqual([[good.id, 'ALL', 'ACTIVE', 's3']]);
    const bad = account('data-lake-qa').regions['eu-west-1'].vpcs[0];
    const none = await (
      await ec2('data-lake-qa')
    ).send(
      new DescribeFlowLogsCommand({
        Filter: [{ Name: 'resource-id', Values: [bad.id] }],
      }),
    );
    expect(none.FlowLogs).toEqual([]);
  });

  it('shows the prod–QA peering from both sides and the TGW attachments', async () => {
    const prod = account('payments-prod');
    const qa = account('payments-qa');
    const fromQa = await (
      await ec2('payments-qa')
    ).send(new DescribeVpcPeeringConnectionsCommand({}));
    expect(
      fromQa.VpcPeeringConnections!.map(p => [
        p.Status?.Code,
        p.RequesterVpcInfo?.OwnerId,
        p.RequesterVpcInfo?.CidrBlock,
        p.AccepterVpcInfo?.OwnerId,
        p.AccepterVpcInfo?.CidrBlock,
      ]),
    ).toEqual([['active', prod.id, '10.20.0.0/16', qa.id, '10.100.0.0/16']]);
    const fromProd = await (
      await ec2('payments-prod')
    ).send(
      new DescribeVpcPeeringConnectionsCommand({
        Filters: [{ Name: 'accepter-vpc-info.owner-id', Values: [qa.id] }],
      }),
    );
    expect(fromProd.VpcPeeringConnections).toHaveLength(1);

    const { TransitGatewayAttachments } = await (
      await ec2('payments-prod')
    ).send(new DescribeTransitGatewayAttachmentsCommand({}));
    expect(
      TransitGatewayAttachments!.map(a => [
        a.ResourceId,
        a.ResourceOwnerId,
        a.TransitGatewayOwnerId,
        a.State,
      ]),
    ).toEqual([
      [
        prod.regions['eu-west-1'].vpcs[0].id,
        prod.id,
        accountId(sandbox, 'network-hub'),
        'available',
      ],
    ]);
    // The hub sees every attachment to its gateway.
    const hub = await (
      await ec2('network-hub')
    ).send(new DescribeTransitGatewayAttachmentsCommand({ MaxResults: 5 }));
    expect(hub.TransitGatewayAttachments).toHaveLength(5);
    expect(hub.NextToken).toBeDefined();
  });

  it('answers EBS default encryption and network ACLs', async () => {
    expect(
      (
        await (
          await ec2('sandbox-data')
        ).send(new GetEbsEncryptionByDefaultCommand({}))
      ).EbsEncryptionByDefault,
    ).toBe(false);
    expect(
      (
        await (
          await ec2('payments-prod')
        ).send(new GetEbsEncryptionByDefaultCommand({}))
      ).EbsEncryptionByDefault,
    ).toBe(true);
    const vpc = account('payments-prod').regions['eu-west-1'].vpcs[0];
    const { NetworkAcls } = await (
      await ec2('payments-prod')
    ).send(
      new DescribeNetworkAclsCommand({
        Filters: [{ Name: 'vpc-id', Values: [vpc.id] }],
      }),
    );
    expect(
      NetworkAcls!.map(n => [
        n.NetworkAclId,
        n.IsDefault,
        n.Associations!.length,
        n.Entries!.length,
      ]),
    ).toEqual([
      // The default ACL keeps no subnets: each tier has its own.
      [vpc.networkAclId, true, 0, 4],
      ...vpc.tiers.map(tier => [
        vpc.networkAcls.find(a => a.tier === tier)!.id,
        false,
        vpc.subnets.filter(s => s.tier === tier).length,
        { public: 8, private: 6, isolated: 4 }[tier],
      ]),
    ]);
  });

  it('pages without MaxResults (unlike EC2) and rejects bad input the way EC2 does', async () => {
    const client = await ec2('network-hub');
    // The hub sees every attachment to its transit gateway: more than one page.
    const hub = sandbox.organization.transitGateways.find(
      t => t.region === 'eu-west-1',
    )!;
    const pages = [];
    const ids = [];
    for await (const page of paginateDescribeTransitGatewayAttachments(
      { client },
      {},
    )) {
      pages.push(page.TransitGatewayAttachments!.length);
      ids.push(
        ...page.TransitGatewayAttachments!.map(
          a => a.TransitGatewayAttachmentId,
        ),
      );
    }
    expect(ids).toEqual(hub.attachments.map(a => a.id));
    expect(pages.length).toBe(Math.ceil(hub.attachments.length / 5));
    expect(pages.length).toBeGreaterThan(1);
    // MaxResults is still honoured up to the API's maximum.
    const all = await client.send(
      new DescribeTransitGatewayAttachmentsCommand({ MaxResults: 1000 }),
    );
    expect(all.TransitGatewayAttachments).toHaveLength(hub.attachments.length);
    expect(all.NextToken).toBeUndefined();

    const errorOf = (p: Promise<unknown>): Promise<EC2ServiceException> =>
      p.then(
        () => {
          throw new Error('expected the call to fail');
        },
        e => e,
      );
    const notFound = await errorOf(
      client.send(
        new DescribeVpcsCommand({ VpcIds: ['vpc-0000000000000000a'] }),
      ),
    );
    expect(notFound).toBeInstanceOf(EC2ServiceException);
    expect([notFound.name, notFound.$metadata.httpStatusCode]).toEqual([
      'InvalidVpcID.NotFound',
      400,
    ]);
    const badFilter = await errorOf(
      client.send(
        new DescribeVpcsCommand({
          Filters: [{ Name: 'colour', Values: ['x'] }],
        }),
      ),
    );
    expect(badFilter.name).toBe('InvalidParameterValue');
    const badToken = await errorOf(
      client.send(
        new DescribeSubnetsCommand({ NextToken: 'AAAA', MaxResults: 5 }),
      ),
    );
    expect(badToken.name).toBe('InvalidPaginationToken');
    const badSize = await errorOf(
      client.send(new DescribeSubnetsCommand({ MaxResults: 2 })),
    );
    expect(badSize.name).toBe('InvalidParameterValue');
    const dryRun = await errorOf(
      client.send(new DescribeVpcsCommand({ DryRun: true })),
    );
    expect(dryRun.name).toBe('DryRunOperation');
  });

  it('supports tag filters with wildcards', async () => {
    const { Vpcs } = await (
      await ec2('network-hub')
    ).send(
      new DescribeVpcsCommand({
        Filters: [{ Name: 'tag:Name', Values: ['gateway-*'] }],
      }),
    );
    expect(Vpcs!.map(v => v.CidrBlock)).toEqual(['10.0.0.0/16']);
  });
});
