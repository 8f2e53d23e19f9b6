/*
 * EC2 security groups and instances: what issue 13's guardrails read about
 * open administrative ports and instance age.
 */
import type {
  Ec2Instance,
  SecurityGroup,
  SecurityGroupRule,
  Vpc,
} from '../../org/types';
import { AwsError } from '../errors';
import type { OperationContext, QueryHandler } from '../types';
import { el, list, node, tagSet } from '../xml';
import {
  applyFilters,
  byIds,
  dryRun,
  paged,
  rules,
  withVpc,
} from './ec2Common';
import type { FilterTable } from './ec2Resources';

type GroupRow = { vpc: Vpc; item: SecurityGroup };

const groupFilters: FilterTable<GroupRow> = {
  'group-id': g => [g.item.id],
  'group-name': g => [g.item.name],
  'vpc-id': g => [g.vpc.id],
  description: g => [g.item.description],
  'ip-permission.from-port': g =>
    g.item.ingress.map(r => r.fromPort?.toString()),
  'ip-permission.to-port': g => g.item.ingress.map(r => r.toPort?.toString()),
  'ip-permission.cidr': g => g.item.ingress.flatMap(r => r.cidrs),
  'ip-permission.ipv6-cidr': g => g.item.ingress.flatMap(r => r.ipv6Cidrs),
  'ip-permission.protocol': g => g.item.ingress.map(r => r.ipProtocol),
};

function renderPermission(accountId: string, r: SecurityGroupRule): string {
  return (
    el('ipProtocol', r.ipProtocol) +
    el('fromPort', r.fromPort) +
    el('toPort', r.toPort) +
    list(
      'groups',
      'item',
      r.groupIds,
      id => el('userId', accountId) + el('groupId', id),
    ) +
    list('ipRanges', 'item', r.cidrs, c => el('cidrIp', c)) +
    list('ipv6Ranges', 'item', r.ipv6Cidrs, c => el('cidrIpv6', c)) +
    list('prefixListIds', 'item', [], () => '')
  );
}

function renderGroup(ctx: OperationContext, { vpc, item }: GroupRow): string {
  const owner = ctx.caller.accountId;
  return (
    el('ownerId', owner) +
    el('groupId', item.id) +
    el('groupName', item.name) +
    el('groupDescription', item.description) +
    el('vpcId', vpc.id) +
    list('ipPermissions', 'item', item.ingress, r =>
      renderPermission(owner, r),
    ) +
    list('ipPermissionsEgress', 'item', item.egress, r =>
      renderPermission(owner, r),
    ) +
    tagSet(item.name === 'default' ? {} : { Name: item.name }) +
    el(
      'securityGroupArn',
      `arn:aws:ec2:${ctx.region}:${owner}:security-group/${item.id}`,
    )
  );
}

const STATE_CODES = { running: 16, stopped: 80 } as const;

function instanceTags(i: Ec2Instance): Record<string, string> {
  return i.autoScalingGroup
    ? { Name: i.name, 'aws:autoscaling:groupName': i.autoScalingGroup }
    : { Name: i.name };
}

const instanceFilters: FilterTable<Ec2Instance> = {
  'instance-id': i => [i.id],
  'instance-state-name': i => [i.state],
  'instance-state-code': i => [String(STATE_CODES[i.state])],
  'instance-type': i => [i.instanceType],
  'vpc-id': i => [i.vpcId],
  'subnet-id': i => [i.subnetId],
  'availability-zone': i => [i.availabilityZone],
  'image-id': i => [i.imageId],
  'private-ip-address': i => [i.privateIp],
};

function launchTime(ctx: OperationContext, i: Ec2Instance): string {
  return new Date(
    ctx.index.startedAt - i.launchedMinutesAgo * 60_000,
  ).toISOString();
}

function renderInstance(ctx: OperationContext, i: Ec2Instance): string {
  const ip = i.privateIp;
  const dns = `ip-${ip.replace(/\./g, '-')}.${ctx.region}.compute.internal`;
  return (
    el('instanceId', i.id) +
    el('imageId', i.imageId) +
    node(
      'instanceState',
      el('code', STATE_CODES[i.state]) + el('name', i.state),
    ) +
    el('privateDnsName', dns) +
    el('dnsName', '') +
    el('amiLaunchIndex', 0) +
    el('instanceType', i.instanceType) +
    el('launchTime', launchTime(ctx, i)) +
    node(
      'placement',
      el('availabilityZone', i.availabilityZone) + el('tenancy', 'default'),
    ) +
    node('monitoring', el('state', 'disabled')) +
    el('subnetId', i.subnetId) +
    el('vpcId', i.vpcId) +
    el('privateIpAddress', ip) +
    el('architecture', 'x86_64') +
    el('rootDeviceType', 'ebs') +
    el('rootDeviceName', '/dev/xvda') +
    el('hypervisor', 'xen') +
    el('virtualizationType', 'hvm') +
    tagSet(instanceTags(i)) +
    node(
      'metadataOptions',
      el('state', 'applied') +
        el('httpTokens', 'required') +
        el('httpPutResponseHopLimit', 2) +
        el('httpEndpoint', 'enabled'),
    )
  );
}

export const ec2WorkloadOperations: Record<string, QueryHandler> = {
  DescribeSecurityGroups: (ctx, params) => {
    dryRun(params);
    let rows = byIds(
      withVpc(ctx, v => v.securityGroups),
      params.list('GroupId'),
      r => r.item.id,
      'InvalidGroup.NotFound',
      'security group',
    );
    const names = params.list('GroupName');
    if (names.length) {
      const missing = names.filter(n => !rows.some(r => r.item.name === n));
      if (missing.length) {
        throw new AwsError(
          'InvalidGroup.NotFound',
          `The security group '${missing[0]}' does not exist in default VPC`,
        );
      }
      rows = rows.filter(r => names.includes(r.item.name));
    }
    const filtered = applyFilters(
      rows,
      params,
      groupFilters,
      r =>
        (r.item.name === 'default' ? {} : { Name: r.item.name }) as Record<
          string,
          string
        >,
    );
    const result = paged(
      ctx,
      'DescribeSecurityGroups',
      params,
      filtered,
      rules(1000),
    );
    return (
      list('securityGroupInfo', 'item', result.items, r =>
        renderGroup(ctx, r),
      ) + el('nextToken', result.nextToken)
    );
  },

  DescribeInstances: (ctx, params) => {
    dryRun(params);
    const ids = params.list('InstanceId');
    if (ids.length && params.int('MaxResults') !== undefined) {
      throw new AwsError(
        'InvalidParameterCombination',
        'The parameter instancesSet cannot be used with the parameter maxResults',
      );
    }
    const all = ctx.index.region(ctx.caller.accountId, ctx.region).instances;
    const instances = applyFilters(
      byIds(all, ids, i => i.id, 'InvalidInstanceID.NotFound', 'instance'),
      params,
      instanceFilters,
      instanceTags,
    );
    const result = paged(
      ctx,
      'DescribeInstances',
      params,
      instances,
      rules(1000),
    );
    // One reservation per instance, as instances launched one by one (and
    // by Auto Scaling) are.
    return (
      list(
        'reservationSet',
        'item',
        result.items,
        i =>
          el('reservationId', `r-${i.id.slice(2)}`) +
          el('ownerId', ctx.caller.accountId) +
          list('groupSet', 'item', [], () => '') +
          list('instancesSet', 'item', [i], x => renderInstance(ctx, x)),
      ) + el('nextToken', result.nextToken)
    );
  },
};
