import {
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeNetworkAcls,
  paginateDescribeSecurityGroups,
  type IpPermission,
  type NetworkAclEntry as AwsNetworkAclEntry,
} from '@aws-sdk/client-ec2';
import type {
  NetworkAclEntry,
  RegionFacts,
  SecurityGroup,
} from '@internal/plugin-landing-zone-common';
import { callOptions, capture, collectPages } from './errors';
import { PAGE_SIZE } from './pageSizes';

const INTERNET = ['0.0.0.0/0', '::/0'];

function entryOf(entry: AwsNetworkAclEntry): NetworkAclEntry {
  const range = entry.PortRange;
  return {
    ruleNumber: entry.RuleNumber ?? 0,
    egress: entry.Egress ?? false,
    protocol: entry.Protocol ?? '-1',
    ruleAction: entry.RuleAction === 'allow' ? 'allow' : 'deny',
    cidrBlock: entry.CidrBlock,
    ipv6CidrBlock: entry.Ipv6CidrBlock,
    portRange:
      range?.From !== undefined && range?.To !== undefined
        ? { from: range.From, to: range.To }
        : undefined,
  };
}

/** A group's inbound rules whose source is the whole internet, one per source. */
export function openIngressOf(
  permissions: IpPermission[] | undefined,
): SecurityGroup['openIngress'] {
  return (permissions ?? []).flatMap(p => {
    const sources = [
      ...(p.IpRanges ?? []).map(r => r.CidrIp),
      ...(p.Ipv6Ranges ?? []).map(r => r.CidrIpv6),
    ].filter((s): s is string => !!s && INTERNET.includes(s));
    const allProtocols = p.IpProtocol === '-1';
    return sources.map(source => ({
      ipProtocol: p.IpProtocol ?? '-1',
      fromPort: allProtocols ? undefined : p.FromPort,
      toPort: allProtocols ? undefined : p.ToPort,
      source,
    }));
  });
}

type Ec2ResourceFacts = Required<
  Pick<RegionFacts, 'networkAcls' | 'securityGroups' | 'instances'>
>;

/**
 * Reads the network ACLs, the security groups (keeping only their inbound
 * rules open to the internet) and the running instances of one
 * account-region; every call ends with `signal`.
 */
export async function readEc2Resources(
  client: EC2Client,
  signal?: AbortSignal,
): Promise<Ec2ResourceFacts> {
  const call = callOptions(signal);
  const [networkAcls, securityGroups, instances] = await Promise.all([
    capture('ec2:DescribeNetworkAcls', async () => {
      const acls = await collectPages(
        paginateDescribeNetworkAcls(
          { client, pageSize: PAGE_SIZE.ec2RouteTables },
          {},
          call,
        ),
        p => p.NetworkAcls,
      );
      return acls
        .filter(a => a.NetworkAclId)
        .map(acl => ({
          networkAclId: acl.NetworkAclId!,
          vpcId: acl.VpcId ?? '',
          isDefault: acl.IsDefault ?? false,
          entries: (acl.Entries ?? []).map(entryOf),
          subnetIds: (acl.Associations ?? []).flatMap(a =>
            a.SubnetId ? [a.SubnetId] : [],
          ),
          name: acl.Tags?.find(t => t.Key === 'Name')?.Value,
        }));
    }),
    capture('ec2:DescribeSecurityGroups', async () => {
      const groups = await collectPages(
        paginateDescribeSecurityGroups(
          { client, pageSize: PAGE_SIZE.ec2 },
          {},
          call,
        ),
        p => p.SecurityGroups,
      );
      return groups
        .filter(g => g.GroupId)
        .map(group => ({
          groupId: group.GroupId!,
          groupName: group.GroupName,
          vpcId: group.VpcId,
          openIngress: openIngressOf(group.IpPermissions),
        }));
    }),
    capture('ec2:DescribeInstances', async () => {
      const reservations = await collectPages(
        paginateDescribeInstances(
          { client, pageSize: PAGE_SIZE.ec2 },
          {
            Filters: [{ Name: 'instance-state-name', Values: ['running'] }],
          },
          call,
        ),
        p => p.Reservations,
      );
      return reservations
        .flatMap(r => r.Instances ?? [])
        .filter(i => i.InstanceId)
        .map(instance => {
          const tag = (key: string) =>
            instance.Tags?.find(t => t.Key === key)?.Value;
          return {
            instanceId: instance.InstanceId!,
            launchTime: instance.LaunchTime?.toISOString() ?? '',
            instanceType: instance.InstanceType,
            name: tag('Name'),
            autoScalingGroupName: tag('aws:autoscaling:groupName'),
          };
        });
    }),
  ]);
  return { networkAcls, securityGroups, instances };
}
