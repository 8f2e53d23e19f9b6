import type { RdsCluster, RdsInstance } from '../../org/types';
import { AwsError } from '../errors';
import { QUERY_SERVICE_ERRORS } from './queryErrors';
import { page, type PageRules } from '../paging';
import type { QueryParams } from '../query';
import type { OperationContext, QueryHandler, QueryService } from '../types';
import { el, list, node } from '../xml';

// MaxRecords 20–100; a Marker from elsewhere is refused.
const PAGING: PageRules = {
  min: 20,
  max: 100,
  invalidToken: () =>
    new AwsError('InvalidParameterValue', 'The marker is not valid.'),
  invalidSize: message => new AwsError('InvalidParameterValue', message),
};

function paged<T>(
  ctx: OperationContext,
  operation: string,
  params: QueryParams,
  items: T[],
) {
  return page(
    items,
    {
      scope: `rds|${operation}|${ctx.caller.accountId}|${ctx.region}`,
      token: params.get('Marker'),
      size: params.int('MaxRecords'),
      defaultSize: ctx.faults.pageSize,
    },
    PAGING,
  );
}

function host(ctx: OperationContext, id: string, kind: string): string {
  return `${id}.${kind}${ctx.caller.accountId.slice(0, 8)}.${
    ctx.region
  }.rds.amazonaws.com`;
}

function renderInstance(ctx: OperationContext, i: RdsInstance): string {
  const aurora = i.engine.startsWith('aurora');
  return (
    el('DBInstanceIdentifier', i.id) +
    el('DBInstanceClass', i.instanceClass) +
    el('Engine', i.engine) +
    el('DBInstanceStatus', 'available') +
    el('MasterUsername', 'admin') +
    node(
      'Endpoint',
      el('Address', host(ctx, i.id, 'c')) +
        el('Port', i.engine.includes('mysql') ? 3306 : 5432),
    ) +
    el('AllocatedStorage', aurora ? 1 : 100) +
    el('InstanceCreateTime', i.createdAt) +
    el('MultiAZ', !aurora) +
    el('EngineVersion', i.engineVersion) +
    node(
      'DBSubnetGroup',
      el('DBSubnetGroupName', 'data') + el('VpcId', i.vpcId),
    ) +
    el('StorageType', aurora ? 'aurora' : 'gp3') +
    el('DBClusterIdentifier', i.clusterId) +
    el('StorageEncrypted', i.storageEncrypted) +
    el('KmsKeyId', i.kmsKeyId) +
    el('DbiResourceId', `db-${i.id.length}${ctx.caller.accountId}`) +
    el(
      'DBInstanceArn',
      `arn:aws:rds:${ctx.region}:${ctx.caller.accountId}:db:${i.id}`,
    ) +
    el('DeletionProtection', true)
  );
}

function renderCluster(ctx: OperationContext, c: RdsCluster): string {
  return (
    el('DBClusterIdentifier', c.id) +
    el('Status', 'available') +
    el('Endpoint', host(ctx, c.id, 'cluster-')) +
    el('Engine', c.engine) +
    el('EngineVersion', c.engineVersion) +
    el('Port', c.engine.includes('mysql') ? 3306 : 5432) +
    el('MasterUsername', 'admin') +
    list(
      'DBClusterMembers',
      'DBClusterMember',
      c.memberIds,
      (id, n = c.memberIds.indexOf(id)) =>
        el('DBInstanceIdentifier', id) + el('IsClusterWriter', n === 0),
    ) +
    el('StorageEncrypted', c.storageEncrypted) +
    el('KmsKeyId', c.kmsKeyId) +
    el(
      'DBClusterArn',
      `arn:aws:rds:${ctx.region}:${ctx.caller.accountId}:cluster:${c.id}`,
    ) +
    el('ClusterCreateTime', c.createdAt) +
    el('MultiAZ', c.memberIds.length > 1) +
    el('DeletionProtection', true)
  );
}

const operations: Record<string, QueryHandler> = {
  DescribeDBInstances: (ctx, params) => {
    const all = ctx.index.region(ctx.caller.accountId, ctx.region).rds
      .instances;
    const id = params.get('DBInstanceIdentifier');
    const selected = id ? all.filter(i => i.id === id) : all;
    if (id && !selected.length) {
      throw new AwsError(
        'DBInstanceNotFound',
        `DBInstance ${id} not found.`,
        404,
      );
    }
    const result = paged(ctx, 'DescribeDBInstances', params, selected);
    return (
      list('DBInstances', 'DBInstance', result.items, i =>
        renderInstance(ctx, i),
      ) + el('Marker', result.nextToken)
    );
  },

  DescribeDBClusters: (ctx, params) => {
    const all = ctx.index.region(ctx.caller.accountId, ctx.region).rds.clusters;
    const id = params.get('DBClusterIdentifier');
    const selected = id ? all.filter(c => c.id === id) : all;
    if (id && !selected.length) {
      throw new AwsError(
        'DBClusterNotFoundFault',
        `DBCluster ${id} not found.`,
        404,
      );
    }
    const result = paged(ctx, 'DescribeDBClusters', params, selected);
    return (
      list('DBClusters', 'DBCluster', result.items, c =>
        renderCluster(ctx, c),
      ) + el('Marker', result.nextToken)
    );
  },
};

/** Amazon RDS (and Aurora): awsQuery, regional. */
export const rdsService: QueryService = {
  name: 'rds',
  protocol: 'awsQuery',
  signingNames: ['rds'],
  version: '2014-10-31',
  xmlNamespace: 'http://rds.amazonaws.com/doc/2014-10-31/',
  ...QUERY_SERVICE_ERRORS,
  operations,
};
