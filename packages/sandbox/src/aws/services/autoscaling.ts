import type { AutoScalingGroup } from '../../org/types';
import { AwsError } from '../errors';
import { QUERY_SERVICE_ERRORS } from './queryErrors';
import { page, type PageRules } from '../paging';
import type { QueryParams } from '../query';
import type { OperationContext, QueryHandler, QueryService } from '../types';
import { el, escapeXml, list, node } from '../xml';

// MaxRecords 1–100 (DescribeScheduledActions and DescribeInstanceRefreshes alike).
const PAGING: PageRules = {
  min: 1,
  max: 100,
  invalidToken: () =>
    new AwsError('InvalidNextToken', 'The token provided is not valid.'),
  invalidSize: message => new AwsError('ValidationError', message),
};

function paged<T>(
  ctx: OperationContext,
  operation: string,
  params: QueryParams,
  items: T[],
  scope = '',
) {
  return page(
    items,
    {
      scope: `autoscaling|${operation}|${ctx.caller.accountId}|${ctx.region}|${scope}`,
      token: params.get('NextToken'),
      size: params.int('MaxRecords'),
      defaultSize: ctx.faults.pageSize,
    },
    PAGING,
  );
}

function groupsOf(ctx: OperationContext): AutoScalingGroup[] {
  return ctx.index.region(ctx.caller.accountId, ctx.region).autoScalingGroups;
}

function ago(ctx: OperationContext, minutes: number): string {
  return new Date(ctx.index.startedAt - minutes * 60_000).toISOString();
}

function renderGroup(ctx: OperationContext, g: AutoScalingGroup): string {
  const state = ctx.index.region(ctx.caller.accountId, ctx.region);
  const template = node(
    'LaunchTemplate',
    el(
      'LaunchTemplateId',
      `lt-${g.arn.slice(-17).replace(/[^0-9a-f]/g, '0')}`,
    ) +
      el('LaunchTemplateName', g.launchTemplate) +
      el('Version', '$Latest'),
  );
  return (
    el('AutoScalingGroupName', g.name) +
    el('AutoScalingGroupARN', g.arn) +
    template +
    el('MinSize', g.minSize) +
    el('MaxSize', g.maxSize) +
    el('DesiredCapacity', g.desiredCapacity) +
    el('DefaultCooldown', 300) +
    list('AvailabilityZones', 'member', g.availabilityZones, escapeXml) +
    list('LoadBalancerNames', 'member', [], () => '') +
    list('TargetGroupARNs', 'member', [], () => '') +
    el('HealthCheckType', 'EC2') +
    el('HealthCheckGracePeriod', 300) +
    list('Instances', 'member', g.instanceIds, id => {
      const instance = state.instances.find(i => i.id === id);
      return (
        el('InstanceId', id) +
        el('InstanceType', instance?.instanceType) +
        el('AvailabilityZone', instance?.availabilityZone) +
        el('LifecycleState', 'InService') +
        el('HealthStatus', 'Healthy') +
        template +
        el('ProtectedFromScaleIn', false)
      );
    }) +
    el('CreatedTime', g.createdAt) +
    list('SuspendedProcesses', 'member', [], () => '') +
    el('VPCZoneIdentifier', g.subnetIds.join(',')) +
    list('EnabledMetrics', 'member', [], () => '') +
    list('Tags', 'member', [], () => '') +
    list('TerminationPolicies', 'member', ['Default'], escapeXml) +
    el('NewInstancesProtectedFromScaleIn', false) +
    el(
      'ServiceLinkedRoleARN',
      `arn:aws:iam::${ctx.caller.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    ) +
    el('MaxInstanceLifetime', g.maxInstanceLifetime)
  );
}

const operations: Record<string, QueryHandler> = {
  DescribeAutoScalingGroups: (ctx, params) => {
    const names = params.list('AutoScalingGroupNames.member');
    const all = groupsOf(ctx);
    const selected = names.length
      ? all.filter(g => names.includes(g.name))
      : all;
    const result = paged(
      ctx,
      'DescribeAutoScalingGroups',
      params,
      selected,
      names.join(','),
    );
    return (
      list('AutoScalingGroups', 'member', result.items, g =>
        renderGroup(ctx, g),
      ) + el('NextToken', result.nextToken)
    );
  },

  DescribeInstanceRefreshes: (ctx, params) => {
    const name = params.get('AutoScalingGroupName');
    if (!name) {
      throw new AwsError(
        'ValidationError',
        "1 validation error detected: Value null at 'autoScalingGroupName' failed to satisfy constraint: Member must not be null",
      );
    }
    const ids = params.list('InstanceRefreshIds.member');
    const group = groupsOf(ctx).find(g => g.name === name);
    const refreshes = (group?.instanceRefreshes ?? []).filter(
      r => ids.length === 0 || ids.includes(r.id),
    );
    const result = paged(
      ctx,
      'DescribeInstanceRefreshes',
      params,
      refreshes,
      name,
    );
    return (
      list(
        'InstanceRefreshes',
        'member',
        result.items,
        r =>
          el('InstanceRefreshId', r.id) +
          el('AutoScalingGroupName', name) +
          el('Status', r.status) +
          el('StartTime', ago(ctx, r.startedMinutesAgo)) +
          el(
            'EndTime',
            r.endedMinutesAgo === undefined
              ? undefined
              : ago(ctx, r.endedMinutesAgo),
          ) +
          el('PercentageComplete', r.status === 'Successful' ? 100 : 0) +
          el('InstancesToUpdate', 0),
      ) + el('NextToken', result.nextToken)
    );
  },

  DescribeScheduledActions: (ctx, params) => {
    const name = params.get('AutoScalingGroupName');
    const names = params.list('ScheduledActionNames.member');
    const actions = groupsOf(ctx)
      .filter(g => !name || g.name === name)
      .flatMap(g => g.scheduledActions.map(a => ({ group: g, action: a })))
      .filter(({ action }) => !names.length || names.includes(action.name));
    const result = paged(
      ctx,
      'DescribeScheduledActions',
      params,
      actions,
      `${name ?? ''}|${names.join(',')}`,
    );
    return (
      list(
        'ScheduledUpdateGroupActions',
        'member',
        result.items,
        ({ group, action }) =>
          el('AutoScalingGroupName', group.name) +
          el('ScheduledActionName', action.name) +
          el(
            'ScheduledActionARN',
            `arn:aws:autoscaling:${ctx.region}:${
              ctx.caller.accountId
            }:scheduledUpdateGroupAction:${group.arn
              .split(':')
              .at(-2)}:autoScalingGroupName/${group.name}:scheduledActionName/${
              action.name
            }`,
          ) +
          el('Recurrence', action.recurrence) +
          el('StartTime', group.createdAt) +
          el('MinSize', action.minSize) +
          el('MaxSize', action.maxSize) +
          el('DesiredCapacity', action.desiredCapacity) +
          el('TimeZone', 'Asia/Tokyo'),
      ) + el('NextToken', result.nextToken)
    );
  },
};

/** Amazon EC2 Auto Scaling: awsQuery, regional. */
export const autoScalingService: QueryService = {
  name: 'autoscaling',
  protocol: 'awsQuery',
  signingNames: ['autoscaling'],
  version: '2011-01-01',
  xmlNamespace: 'http://autoscaling.amazonaws.com/doc/2011-01-01/',
  ...QUERY_SERVICE_ERRORS,
  operations,
};
