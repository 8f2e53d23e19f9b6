import type { Account } from '@internal/sandbox';
import { readDataStores } from './dataStores';
import { KmsKeyResolver } from './kmsKeys';
import {
  denyCommands,
  type CollectorSandbox,
} from './__testUtils__/collectors';
import { startWorkloadsSandbox } from './__testUtils__/workloads';

jest.setTimeout(120_000);

const REGION = 'eu-west-1';

describe('readDataStores against the sandbox', () => {
  let env: CollectorSandbox;
  let account: Account;

  beforeAll(async () => {
    ({ env, account } = await startWorkloadsSandbox());
  });

  afterAll(async () => {
    await env?.close();
  });

  async function setUp() {
    const credentials = await env.member(account.id);
    const kms = env.clients.kms(REGION, credentials);
    return {
      clients: {
        rds: env.clients.rds(REGION, credentials),
        elasticache: env.clients.elasticache(REGION, credentials),
      },
      kms,
      keys: new KmsKeyResolver(() => kms),
    };
  }

  /** The key a seed names, with who manages it, as the reader should give it. */
  function keyOf(arn: string | undefined) {
    if (!arn) return undefined;
    const key = account.regions[REGION].kmsKeys.find(k => k.arn === arn);
    expect(key).toBeDefined();
    return { keyId: arn, keyManager: key!.keyManager };
  }

  it('reads RDS instances and clusters, ElastiCache replication groups, and who manages each key, each key described once', async () => {
    const seeded = account.regions[REGION];
    const { clients, keys } = await setUp();
    env.sandbox.resetCounters();

    const facts = await readDataStores(clients, keys, REGION);

    expect(facts.rds.data).toEqual({
      instances: expect.arrayContaining(
        seeded.rds.instances.map(i => ({
          dbInstanceIdentifier: i.id,
          engine: i.engine,
          status: 'available',
          storageEncrypted: i.storageEncrypted,
          kmsKey: keyOf(i.kmsKeyId),
          dbClusterIdentifier: i.clusterId,
        })),
      ),
      clusters: seeded.rds.clusters.map(c => ({
        dbClusterIdentifier: c.id,
        engine: c.engine,
        status: 'available',
        storageEncrypted: c.storageEncrypted,
        kmsKey: keyOf(c.kmsKeyId),
      })),
    });
    expect(facts.rds.data!.instances).toHaveLength(seeded.rds.instances.length);
    expect(facts.elastiCacheReplicationGroups.data).toEqual(
      seeded.replicationGroups.map(g => ({
        replicationGroupId: g.id,
        engine: g.engine,
        status: 'available',
        atRestEncryptionEnabled: g.atRestEncryptionEnabled,
        transitEncryptionEnabled: g.transitEncryptionEnabled,
        transitEncryptionMode: g.transitEncryptionMode,
        kmsKey: keyOf(g.kmsKeyId),
      })),
    );
    // Both kinds of key are seeded, and an unencrypted store names none.
    const managers = facts.rds.data!.instances.map(i => i.kmsKey?.keyManager);
    expect(managers).toEqual(
      expect.arrayContaining(['AWS', 'CUSTOMER', undefined]),
    );
    const distinct = new Set(
      [
        ...seeded.rds.instances.map(i => i.kmsKeyId),
        ...seeded.rds.clusters.map(c => c.kmsKeyId),
        ...seeded.replicationGroups.map(g => g.kmsKeyId),
      ].filter(Boolean),
    );
    expect(
      env.sandbox.counters().services.kms.operations.DescribeKey.calls,
    ).toBe(distinct.size);
  });

  it('keeps a key whose description is denied, without who manages it', async () => {
    const { clients, kms, keys } = await setUp();
    denyCommands(kms, ['DescribeKeyCommand'], 'AccessDeniedException');

    const facts = await readDataStores(clients, keys, REGION);

    const ledger = facts.rds.data!.instances.find(
      i => i.dbInstanceIdentifier === 'ledger-db',
    )!;
    expect(ledger.storageEncrypted).toBe(true);
    expect(ledger.kmsKey).toEqual({
      keyId: expect.stringContaining(':key/'),
      keyManager: undefined,
    });
  });

  it("records a denied cluster list as the RDS fact's error, named by its operation", async () => {
    const { clients, keys } = await setUp();
    denyCommands(clients.rds, ['DescribeDBClustersCommand'], 'AccessDenied');
    denyCommands(
      clients.elasticache,
      ['DescribeReplicationGroupsCommand'],
      'AccessDenied',
    );

    const facts = await readDataStores(clients, keys, REGION);

    expect(facts.rds).toEqual({
      error: expect.objectContaining({
        code: 'AccessDenied',
        operation: 'rds:DescribeDBClusters',
      }),
      collectedAt: expect.any(String),
    });
    expect(facts.elastiCacheReplicationGroups.error).toMatchObject({
      code: 'AccessDenied',
      operation: 'elasticache:DescribeReplicationGroups',
    });
  });
});
