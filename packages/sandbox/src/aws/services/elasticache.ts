import { AwsError } from '../errors';
import { QUERY_SERVICE_ERRORS } from './queryErrors';
import { page, type PageRules } from '../paging';
import type { QueryHandler, QueryService } from '../types';
import { el, escapeXml, list } from '../xml';

// MaxRecords 20–100.
const PAGING: PageRules = {
  min: 20,
  max: 100,
  invalidToken: () =>
    new AwsError('InvalidParameterValue', 'The marker is not valid.'),
  invalidSize: message => new AwsError('InvalidParameterValue', message),
};

const operations: Record<string, QueryHandler> = {
  DescribeReplicationGroups: (ctx, params) => {
    const all = ctx.index.region(
      ctx.caller.accountId,
      ctx.region,
    ).replicationGroups;
    const id = params.get('ReplicationGroupId');
    const selected = id ? all.filter(g => g.id === id) : all;
    if (id && !selected.length) {
      throw new AwsError(
        'ReplicationGroupNotFoundFault',
        `ReplicationGroup ${id} not found.`,
        404,
      );
    }
    const result = page(
      selected,
      {
        scope: `elasticache|DescribeReplicationGroups|${ctx.caller.accountId}|${ctx.region}`,
        token: params.get('Marker'),
        size: params.int('MaxRecords'),
        defaultSize: ctx.faults.pageSize,
      },
      PAGING,
    );
    return (
      list(
        'ReplicationGroups',
        'ReplicationGroup',
        result.items,
        g =>
          el('ReplicationGroupId', g.id) +
          el('Description', `${g.id} (${g.engine})`) +
          el('Status', 'available') +
          list('MemberClusters', 'ClusterId', g.memberClusters, escapeXml) +
          el('AutomaticFailover', 'enabled') +
          el('MultiAZ', 'enabled') +
          el('ClusterEnabled', false) +
          el('CacheNodeType', 'cache.r7g.large') +
          el('AuthTokenEnabled', g.transitEncryptionEnabled) +
          el('TransitEncryptionEnabled', g.transitEncryptionEnabled) +
          el('TransitEncryptionMode', g.transitEncryptionMode) +
          el('AtRestEncryptionEnabled', g.atRestEncryptionEnabled) +
          el('KmsKeyId', g.kmsKeyId) +
          el(
            'ARN',
            `arn:aws:elasticache:${ctx.region}:${ctx.caller.accountId}:replicationgroup:${g.id}`,
          ) +
          el('ReplicationGroupCreateTime', g.createdAt) +
          el('Engine', g.engine),
      ) + el('Marker', result.nextToken)
    );
  },
};

/** Amazon ElastiCache: awsQuery, regional. */
export const elastiCacheService: QueryService = {
  name: 'elasticache',
  protocol: 'awsQuery',
  signingNames: ['elasticache'],
  version: '2015-02-02',
  xmlNamespace: 'http://elasticache.amazonaws.com/doc/2015-02-02/',
  ...QUERY_SERVICE_ERRORS,
  operations,
};
