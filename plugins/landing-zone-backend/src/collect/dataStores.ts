import {
  ElastiCacheClient,
  paginateDescribeReplicationGroups,
} from '@aws-sdk/client-elasticache';
import {
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  RDSClient,
} from '@aws-sdk/client-rds';
import type {
  Fact,
  RdsFacts,
  RegionFacts,
} from '@internal/plugin-landing-zone-common';
import {
  callOptions,
  capture,
  collectPages,
  during,
  type CallOptions,
} from './errors';
import type { KmsKeyResolver } from './kmsKeys';
import { PAGE_SIZE } from './pageSizes';

type DataStoreFacts = Required<
  Pick<RegionFacts, 'rds' | 'elastiCacheReplicationGroups'>
>;

/**
 * The RDS DB instances and clusters as one fact: a check of an instance in a
 * cluster needs the cluster, whose storage it is. Either list failing is the
 * fact's error, named by its own operation.
 */
async function readRds(
  client: RDSClient,
  keys: KmsKeyResolver,
  region: string,
  call: CallOptions,
): Promise<Fact<RdsFacts>> {
  return capture('rds:DescribeDBInstances', async () => {
    const [instances, clusters] = await Promise.all([
      collectPages(
        paginateDescribeDBInstances(
          { client, pageSize: PAGE_SIZE.rds },
          {},
          call,
        ),
        p => p.DBInstances,
      ),
      during('rds:DescribeDBClusters', () =>
        collectPages(
          paginateDescribeDBClusters(
            { client, pageSize: PAGE_SIZE.rds },
            {},
            call,
          ),
          p => p.DBClusters,
        ),
      ),
    ]);
    return {
      instances: await Promise.all(
        instances
          .filter(i => i.DBInstanceIdentifier)
          .map(async i => ({
            dbInstanceIdentifier: i.DBInstanceIdentifier!,
            engine: i.Engine ?? 'unknown',
            status: i.DBInstanceStatus,
            storageEncrypted: i.StorageEncrypted ?? false,
            kmsKey: await keys.resolve(i.KmsKeyId, region),
            dbClusterIdentifier: i.DBClusterIdentifier,
          })),
      ),
      clusters: await Promise.all(
        clusters
          .filter(c => c.DBClusterIdentifier)
          .map(async c => ({
            dbClusterIdentifier: c.DBClusterIdentifier!,
            engine: c.Engine ?? 'unknown',
            status: c.Status,
            storageEncrypted: c.StorageEncrypted ?? false,
            kmsKey: await keys.resolve(c.KmsKeyId, region),
          })),
      ),
    };
  });
}

/**
 * Reads the RDS DB instances and clusters and the ElastiCache replication
 * groups of one account-region, with who manages the KMS key of each
 * (`keys`, shared by the account's readers so each key is described once).
 * Every call ends with `signal`.
 */
export async function readDataStores(
  clients: { rds: RDSClient; elasticache: ElastiCacheClient },
  keys: KmsKeyResolver,
  region: string,
  signal?: AbortSignal,
): Promise<DataStoreFacts> {
  const call = callOptions(signal);
  const [rds, elastiCacheReplicationGroups] = await Promise.all([
    readRds(clients.rds, keys, region, call),
    capture('elasticache:DescribeReplicationGroups', async () => {
      const groups = await collectPages(
        paginateDescribeReplicationGroups(
          { client: clients.elasticache, pageSize: PAGE_SIZE.elasticache },
          {},
          call,
        ),
        p => p.ReplicationGroups,
      );
      return Promise.all(
        groups
          .filter(g => g.ReplicationGroupId)
          .map(async g => ({
            replicationGroupId: g.ReplicationGroupId!,
            engine: g.Engine,
            status: g.Status,
            atRestEncryptionEnabled: g.AtRestEncryptionEnabled ?? false,
            transitEncryptionEnabled: g.TransitEncryptionEnabled ?? false,
            transitEncryptionMode: g.TransitEncryptionMode,
            kmsKey: await keys.resolve(g.KmsKeyId, region),
          })),
      );
    }),
  ]);
  return { rds, elastiCacheReplicationGroups };
}
