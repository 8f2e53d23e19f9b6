import type { Vpc } from '../../org/types';
import { AwsError } from '../errors';
import { page, type PageRules } from '../paging';
import type { QueryParams } from '../query';
import type { OperationContext, QueryHandler, QueryService } from '../types';
import { el, list } from '../xml';
import {
  aclFilters,
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
  type FilterTable,
} from './ec2Resources';

function tagFilter(
  name: string,
  tags: Record<string, string>,
): (string | undefined)[] | undefined {
  if (name === 'tag-key') return Object.keys(tags);
  if (name === 'tag-value') return Object.values(tags);
  if (name.startsWith('tag:')) return [tags[name.slice(4)]];
  return undefined;
}

function wildcard(pattern: string): RegExp {
  // EC2 filter values accept * and ? wildcards.
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}

function applyFilters<T>(
  items: T[],
  params: QueryParams,
  table: FilterTable<T>,
  tags?: (item: T) => Record<string, string>,
  filterPrefix = 'Filter',
): T[] {
  let out = items;
  for (const filter of params.filters(filterPrefix)) {
    const valuesOf = table[filter.name];
    const isTag =
      tags &&
      (filter.name.startsWith('tag:') ||
        filter.name === 'tag-key' ||
        filter.name === 'tag-value');
    if (!valuesOf && !isTag) {
      throw new AwsError(
        'InvalidParameterValue',
        `The filter '${filter.name}' is invalid`,
      );
    }
    const patterns = filter.values.map(wildcard);
    out = out.filter(item => {
      const values = valuesOf
        ? valuesOf(item)
        : tagFilter(filter.name, tags!(item)) ?? [];
      return values.some(v => v !== undefined && patterns.some(p => p.test(v)));
    });
  }
  return out;
}

// EC2 itself returns everything when MaxResults is absent; the sandbox pages at
// faults.pageSize instead (see paging.ts), so a client that ignores NextToken fails here.
function rules(max: number, min = 5): PageRules {
  return {
    min,
    max,
    invalidToken: () =>
      new AwsError(
        'InvalidPaginationToken',
        'The specified pagination token is not valid or is expired.',
      ),
    invalidSize: message => new AwsError('InvalidParameterValue', message),
  };
}

function paged<T>(
  ctx: OperationContext,
  operation: string,
  params: QueryParams,
  items: T[],
  pageRules: PageRules,
): { items: T[]; nextToken?: string } {
  // Tokens are bound to the same listing: same caller, region and filters.
  const scope = `ec2|${operation}|${ctx.caller.accountId}|${
    ctx.region
  }|${JSON.stringify(params.filters())}`;
  return page(
    items,
    {
      scope,
      token: params.get('NextToken'),
      size: params.int('MaxResults'),
      defaultSize: ctx.faults.pageSize,
    },
    pageRules,
  );
}

function byIds<T>(
  items: T[],
  ids: string[],
  idOf: (item: T) => string,
  notFound: string,
  noun: string,
): T[] {
  if (ids.length === 0) return items;
  const found = new Map(items.map(i => [idOf(i), i]));
  const missing = ids.filter(id => !found.has(id));
  if (missing.length > 0) {
    throw new AwsError(
      notFound,
      `The ${noun} ID '${missing.join(', ')}' does not exist`,
    );
  }
  return ids.flatMap(id => found.get(id) ?? []);
}

function vpcsOf(ctx: OperationContext): Vpc[] {
  return ctx.index.region(ctx.caller.accountId, ctx.region).vpcs;
}

function withVpc<T>(
  ctx: OperationContext,
  pick: (vpc: Vpc) => T[],
): { vpc: Vpc; item: T }[] {
  const out: { vpc: Vpc; item: T }[] = [];
  for (const vpc of vpcsOf(ctx)) {
    for (const item of pick(vpc)) out.push({ vpc, item });
  }
  return out;
}

function dryRun(params: QueryParams): void {
  if (params.bool('DryRun')) {
    throw new AwsError(
      'DryRunOperation',
      'Request would have succeeded, but DryRun flag is set.',
      412,
    );
  }
}

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
      list(
        'transitGatewayAttachments',
        'item',
        result.items,
        renderAttachment,
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
        vpcsOf(ctx).map(vpc => ({ vpc, item: vpc })),
        params.list('NetworkAclId'),
        r => r.vpc.networkAclId,
        'InvalidNetworkAclID.NotFound',
        'network ACL',
      ),
      params,
      aclFilters,
      () => ({}),
    );
    const result = paged(ctx, 'DescribeNetworkAcls', params, rows, rules(100));
    return (
      list('networkAclSet', 'item', result.items, r => renderAcl(ctx, r)) +
      el('nextToken', result.nextToken)
    );
  },
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
