import type { AccountRegion } from '@internal/sandbox';
import { readEc2Resources } from './ec2Resources';
import {
  denyCommands,
  startCollectorSandbox,
  type CollectorSandbox,
} from './__testUtils__/collectors';
import { workloadsOrganization } from './__testUtils__/workloads';

jest.setTimeout(120_000);

const anyName = expect.any(String);

const REGION = 'eu-west-1';
const INTERNET = ['0.0.0.0/0', '::/0'];

describe('readEc2Resources against the sandbox', () => {
  let env: CollectorSandbox;
  let seeded: AccountRegion;
  let accountId: string;

  beforeAll(async () => {
    env = await startCollectorSandbox({
      org: workloadsOrganization(),
      github: false,
    });
    accountId = env.idOf('workloads');
    seeded = env.sandbox.organization.accounts.find(a => a.id === accountId)!
      .regions[REGION];
  });

  afterAll(async () => {
    await env?.close();
  });

  async function ec2() {
    return env.clients.ec2(REGION, await env.member(accountId));
  }

  it('reads every network ACL with its entries and subnets, the default ACL marked', async () => {
    const facts = await readEc2Resources(await ec2());

    const vpc = seeded.vpcs[0];
    expect(vpc.networkAcls.length).toBeGreaterThan(1);
    expect(facts.networkAcls.data).toEqual(
      expect.arrayContaining(
        vpc.networkAcls.map(acl => ({
          networkAclId: acl.id,
          vpcId: vpc.id,
          isDefault: acl.isDefault,
          entries: acl.entries.map(e => ({
            ruleNumber: e.ruleNumber,
            egress: e.egress,
            protocol: e.protocol,
            ruleAction: e.ruleAction,
            cidrBlock: e.cidrBlock,
            ipv6CidrBlock: e.ipv6CidrBlock,
            portRange: e.portRange,
          })),
          subnetIds: acl.subnetIds,
          name: acl.isDefault ? undefined : anyName,
        })),
      ),
    );
    expect(facts.networkAcls.data).toHaveLength(vpc.networkAcls.length);
    // The seeded fault: the isolated tier's ACL lets the internet in.
    const isolated = vpc.networkAcls.find(a => a.tier === 'isolated')!;
    const read = facts.networkAcls.data!.find(
      a => a.networkAclId === isolated.id,
    )!;
    expect(
      read.entries.some(
        e =>
          !e.egress && e.ruleAction === 'allow' && e.cidrBlock === '0.0.0.0/0',
      ),
    ).toBe(true);
  });

  it('lists every security group, keeping only its inbound rules open to the internet', async () => {
    const facts = await readEc2Resources(await ec2());

    const groups = seeded.vpcs.flatMap(v =>
      v.securityGroups.map(g => ({ vpcId: v.id, group: g })),
    );
    const expected = groups.map(({ vpcId, group }) => ({
      groupId: group.id,
      groupName: group.name,
      vpcId,
      openIngress: group.ingress.flatMap(rule =>
        [...rule.cidrs, ...rule.ipv6Cidrs]
          .filter(source => INTERNET.includes(source))
          .map(source => ({
            ipProtocol: rule.ipProtocol,
            fromPort: rule.ipProtocol === '-1' ? undefined : rule.fromPort,
            toPort: rule.ipProtocol === '-1' ? undefined : rule.toPort,
            source,
          })),
      ),
    }));
    expect(facts.securityGroups.data).toEqual(expect.arrayContaining(expected));
    expect(facts.securityGroups.data).toHaveLength(expected.length);

    const byName = (name: string) =>
      facts.securityGroups.data!.find(g => g.groupName === name)!;
    expect(byName('bastion').openIngress).toEqual([
      { ipProtocol: 'tcp', fromPort: 22, toPort: 22, source: '0.0.0.0/0' },
      { ipProtocol: 'tcp', fromPort: 443, toPort: 443, source: '0.0.0.0/0' },
      { ipProtocol: 'tcp', fromPort: 443, toPort: 443, source: '::/0' },
    ]);
    expect(byName('open-all').openIngress).toEqual([
      { ipProtocol: '-1', source: '0.0.0.0/0' },
    ]);
    expect(byName('web-2').openIngress).toEqual([]);
  });

  it('reads the running instances only, with their launch time and Auto Scaling group', async () => {
    const started = Date.now();
    const facts = await readEc2Resources(await ec2());

    const running = seeded.instances.filter(i => i.state === 'running');
    expect(running.length).toBeLessThan(seeded.instances.length);
    expect(facts.instances.data).toEqual(
      expect.arrayContaining(
        running.map(i => ({
          instanceId: i.id,
          launchTime: expect.any(String),
          instanceType: i.instanceType,
          name: i.name,
          autoScalingGroupName: i.autoScalingGroup,
        })),
      ),
    );
    expect(facts.instances.data).toHaveLength(running.length);
    // Launched that many minutes before the sandbox started, so no later.
    for (const instance of facts.instances.data!) {
      const seed = running.find(i => i.id === instance.instanceId)!;
      const launched = Date.parse(instance.launchTime);
      expect(launched).toBeLessThanOrEqual(
        started - seed.launchedMinutesAgo * 60_000 + 1_000,
      );
      expect(launched).toBeGreaterThan(
        started - (seed.launchedMinutesAgo + 60) * 60_000,
      );
    }
    expect(
      facts.instances.data!.filter(i => i.autoScalingGroupName === 'web-asg'),
    ).toHaveLength(2);
  });

  it('records each denied call as the error of its own fact', async () => {
    const client = denyCommands(
      await ec2(),
      ['DescribeSecurityGroupsCommand', 'DescribeInstancesCommand'],
      'UnauthorizedOperation',
    );

    const facts = await readEc2Resources(client);

    expect(facts.securityGroups).toEqual({
      error: expect.objectContaining({
        code: 'UnauthorizedOperation',
        operation: 'ec2:DescribeSecurityGroups',
      }),
      collectedAt: expect.any(String),
    });
    expect(facts.instances.error).toMatchObject({
      code: 'UnauthorizedOperation',
      operation: 'ec2:DescribeInstances',
    });
    expect(facts.networkAcls.data).toHaveLength(
      seeded.vpcs[0].networkAcls.length,
    );
  });
});
