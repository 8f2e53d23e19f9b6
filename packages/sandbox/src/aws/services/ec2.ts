import type { OperationContext, QueryHandler, QueryService } from '../types';
import {
  applyFilters,
  byIds,
  dryRun,
  paged,
  rules,
  vpcsOf,
  withVpc,
} from './ec2Common';
import { ec2NetworkOperations } from './ec2Network';
import { ec2SettingsOperations } from './ec2Settings';
import { el, list } from '../xml';
import { ec2WorkloadOperations } from './ec2Workloads';
import {
  aclFilters,
  aclName,
  attachmentFilters,
  flowLogFilters,
  peeringFilters,
  renderAcl,
  renderAttachment,
  renderFlowLog,
  renderPeering,
  renderRouteTable,
  renderSubnet,
  renderVpc,
  routeTableFilters,
  subnetFilters,
  subnetName,
  vpcFilters,
} from './ec2Resources';

// Regions AWS has; those outside the organisation's list answer as not enabled.
const KNOWN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'me-south-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

// Regions AWS ships disabled: enabled ones answer opted-in, not opt-in-not-required.
const OPT_IN_REGIONS = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'eu-central-2',
  'eu-south-1',
  'me-south-1',
]);

/**
 * The organisation's operating regions are the enabled ones; with AllRegions
 * every other region is listed as not opted in. (In AWS the 17 original regions
 * cannot be disabled; the sandbox keeps the list to what the organisation uses,
 * so a client that scans "every enabled region" scans the organisation's.)
 */
function regionsOf(ctx: OperationContext, all: boolean) {
  const enabled = ctx.index.organization.regions;
  const regions = [
    ...enabled.map(name => ({
      name,
      optIn: OPT_IN_REGIONS.has(name) ? 'opted-in' : 'opt-in-not-required',
    })),
    ...(all
      ? KNOWN_REGIONS.filter(name => !enabled.includes(name)).map(name => ({
          name,
          optIn: 'not-opted-in',
        }))
      : []),
  ];
  return regions.sort((a, b) => a.name.localeCompare(b.name));
}

const operations: Record<string, QueryHandler> = {
  DescribeRegions: (ctx, params) => {
    dryRun(params);
    const regions = regionsOf(ctx, params.bool('AllRegions'));
    const names = params.list('RegionName');
    const selected = applyFilters(
      names.length ? regions.filter(r => names.includes(r.name)) : regions,
      params,
      {
        'region-name': r => [r.name],
        endpoint: r => [`ec2.${r.name}.amazonaws.com`],
        'opt-in-status': r => [r.optIn],
      },
    );
    return list(
      'regionInfo',
      'item',
      selected,
      r =>
        el('regionName', r.name) +
        el('regionEndpoint', `ec2.${r.name}.amazonaws.com`) +
        el('optInStatus', r.optIn),
    );
  },

  DescribeVpcs: (ctx, params) => {
    dryRun(params);
    const vpcs = applyFilters(
      byIds(
        vpcsOf(ctx),
        params.list('VpcId'),
        v => v.id,
        'InvalidVpcID.NotFound',
        'vpc',
      ),
      params,
      vpcFilters,
      v => v.tags,
    );
    const result = paged(ctx, 'DescribeVpcs', params, vpcs, rules(1000));
    return (
      list('vpcSet', 'item', result.items, v =>
        renderVpc(ctx.caller.accountId, v),
      ) + el('nextToken', result.nextToken)
    );
  },

  DescribeSubnets: (ctx, params) => {
    dryRun(params);
    const rows = applyFilters(
      byIds(
        withVpc(ctx, v => v.subnets),
        params.list('SubnetId'),
        r => r.item.id,
        'InvalidSubnetID.NotFound',
        'subnet',
      ),
      params,
      subnetFilters,
      r => ({ Name: subnetName(r.vpc, r.item), tier: r.item.tier }),
    );
    const result = paged(ctx, 'DescribeSubnets', params, rows, rules(1000));
    return (
      list('subnetSet', 'item', result.items, r => renderSubnet(ctx, r)) +
      el('nextToken', result.nextToken)
    );
  },

  DescribeRouteTables: (ctx, params) => {
    dryRun(params);
    const rows = applyFilters(
      byIds(
        withVpc(ctx, v => v.routeTables),
        params.list('RouteTableId'),
        r => r.item.id,
        'InvalidRouteTableID.NotFound',
        'route table',
      ),
      params,
      routeTableFilters,
      r => ({
        Name: r.item.main
          ? `${r.vpc.name}-main`
          : `${r.vpc.name}-${r.item.tier}`,
      }),
    );
    const result = paged(ctx, 'DescribeRouteTables', params, rows, rules(100));
    return (
      list('routeTableSet', 'item', result.items, r =>
        renderRouteTable(ctx, r),
      ) + el('nextToken', result.nextToken)
    );
  },

  DescribeFlowLogs: (ctx, params) => {
    dryRun(params);
    const ids = params.list('FlowLogId');
    const rows = applyFilters(
      withVpc(ctx, v => v.flowLogs).filter(
        r => ids.length === 0 || ids.includes(r.item.id),
      ),
      params,
      flowLogFilters,
    );
    const result = paged(ctx, 'DescribeFlowLogs', params, rows, rules(1000, 1));
    return (
      list('flowLogSet', 'item', result.items, renderFlowLog) +
      el('nextToken', result.nextToken)
    );
  },

  DescribeVpcPeeringConnections: (ctx, params) => {
    dryRun(params);
    const peerings = applyFilters(
      byIds(
        ctx.index.peerings(ctx.caller.accountId, ctx.region),
        params.list('VpcPeeringConnectionId'),
        p => p.id,
        'InvalidVpcPeeringConnectionID.NotFound',
        'vpc peering connection',
      ),
      params,
      peeringFilters,
      () => ({}),
    );
    const result = paged(
      ctx,
      'DescribeVpcPeeringConnections',
      params,
      peerings,
      rules(1000),
    );
    return (
      list('vpcPeeringConnectionSet', 'item', result.items, renderPeering) +
      el('nextToken', result.nextToken)
    );
  },

  DescribeTransitGatewayAttachments: (ctx, params) => {
    dryRun(params);
    const ids = params.list('TransitGatewayAttachmentIds');
    const attachments = applyFilters(
      ctx.index
        .attachments(ctx.caller.accountId, ctx.region)
        .filter(a => ids.length === 0 || ids.includes(a.id)),
      params,
      attachmentFilters,
      () => ({}),
    );
    const result = paged(
      ctx,
      'DescribeTransitGatewayAttachments',
      params,
      attachments,
      rules(1000),
    );
    return (
      list('transitGatewayAttachments', 'item', result.items, a =>
        renderAttachment(a, ctx.index.associatedRouteTable(a.id)),
      ) + el('nextToken', result.nextToken)
    );
  },

  GetEbsEncryptionByDefault: (ctx, params) => {
    dryRun(params);
    const state = ctx.index.region(ctx.caller.accountId, ctx.region);
    return (
      el('ebsEncryptionByDefault', state.ebsEncryptionByDefault) +
      el('sseType', 'sse-ebs')
    );
  },

  DescribeNetworkAcls: (ctx, params) => {
    dryRun(params);
    const rows = applyFilters(
      byIds(
        withVpc(ctx, v => v.networkAcls),
        params.list('NetworkAclId'),
        r => r.item.id,
        'InvalidNetworkAclID.NotFound',
        'network ACL',
      ),
      params,
      aclFilters,
      (r): Record<string, string> =>
        r.item.isDefault ? {} : { Name: aclName(r.vpc, r.item) },
    );
    const result = paged(ctx, 'DescribeNetworkAcls', params, rows, rules(100));
    return (
      list('networkAclSet', 'item', result.items, r => renderAcl(ctx, r)) +
      el('nextToken', result.nextToken)
    );
  },

  ...ec2NetworkOperations,
  ...ec2SettingsOperations,
  ...ec2WorkloadOperations,
};

/** Amazon EC2: ec2Query, regional. */
export const ec2Service: QueryService = {
  name: 'ec2',
  protocol: 'ec2Query',
  signingNames: ['ec2'],
  version: '2016-11-15',
  xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  throttling: {
    code: 'RequestLimitExceeded',
    status: 503,
    message: 'Request limit exceeded.',
  },
  serverError: {
    code: 'InternalError',
    status: 500,
    message: 'An internal error has occurred.',
  },
  operations,
};
