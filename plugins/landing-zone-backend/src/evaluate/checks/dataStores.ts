/*
 * Data stores encrypted: RDS instances and clusters, ElastiCache replication
 * groups and S3 buckets' default encryption, with a customer managed KMS key
 * when the organisation requires one; and Macie watching the data.
 */

import {
  type CheckContext,
  defaultGuardrailSettings,
  type GuardrailCheck,
  guardrailIds,
  type GuardrailEvidence,
  type KmsKeyRef,
} from '@internal/plugin-landing-zone-common';
import {
  definitionOf,
  emptyFindings,
  errorText,
  type Findings,
  globalVerdict,
  regionalVerdict,
  said,
  type Said,
  verdictOf,
} from './common';

const customerKeysRequired = (context: CheckContext) =>
  (context.settings ?? defaultGuardrailSettings).requireCustomerManagedKeys;

function keyText(key: KmsKeyRef): Said {
  if (key.keyManager === 'CUSTOMER') {
    return said('kms.customer', { keyId: key.keyId });
  }
  if (key.keyManager === 'AWS') return said('kms.aws', { keyId: key.keyId });
  return said('kms.other', {
    keyId: key.keyId,
    keyManager: key.keyManager ?? '',
  });
}

/**
 * Judges the key of a store encrypted at rest: any key will do unless the
 * organisation requires a customer managed one, which a key nobody read
 * cannot be shown to be. `noKey` is what encrypts when no key is named.
 */
function judgeKey(
  where: Pick<GuardrailEvidence, 'region' | 'resource'>,
  store: Said,
  key: KmsKeyRef | undefined,
  required: boolean,
  findings: Findings,
  noKey?: Said,
) {
  if (!required) {
    findings.passes.push({
      ...where,
      ...(key?.keyManager
        ? said('store.encryptedWith', { store, key: keyText(key) })
        : said('store.encrypted', { store })),
    });
    return;
  }
  if (!key && noKey) {
    findings.failures.push({
      ...where,
      ...said('store.notCustomerKey', { store, key: noKey }),
    });
  } else if (!key?.keyManager) {
    findings.unknowns.push({
      ...where,
      ...said('store.keyNotRead', { store }),
    });
  } else if (key.keyManager === 'CUSTOMER') {
    findings.passes.push({
      ...where,
      ...said('store.encryptedWith', { store, key: keyText(key) }),
    });
  } else {
    findings.failures.push({
      ...where,
      ...said('store.notCustomerKey', { store, key: keyText(key) }),
    });
  }
}

export const rdsEncryptedCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.rdsEncrypted),
  evaluate: context => {
    const required = customerKeysRequired(context);
    return regionalVerdict(
      context,
      facts => facts.rds,
      (rds, region, findings) => {
        const clusters = new Set(rds.clusters.map(c => c.dbClusterIdentifier));
        const stores = [
          ...rds.clusters.map(cluster => ({
            id: cluster.dbClusterIdentifier,
            store: said('store.rdsCluster', {
              id: cluster.dbClusterIdentifier,
            }),
            encrypted: cluster.storageEncrypted,
            key: cluster.kmsKey,
          })),
          // A cluster member's storage is its cluster's, judged above.
          ...rds.instances
            .filter(
              instance =>
                !instance.dbClusterIdentifier ||
                !clusters.has(instance.dbClusterIdentifier),
            )
            .map(instance => ({
              id: instance.dbInstanceIdentifier,
              store: said('store.rdsInstance', {
                id: instance.dbInstanceIdentifier,
              }),
              encrypted: instance.storageEncrypted,
              key: instance.kmsKey,
            })),
        ];
        for (const { id, store, encrypted, key } of stores) {
          const where = { region, resource: id };
          if (!encrypted) {
            findings.failures.push({
              ...where,
              ...said('store.notEncrypted', { store }),
            });
          } else {
            judgeKey(where, store, key, required, findings);
          }
        }
      },
      [said('rds.none')],
      said('rds.what'),
    );
  },
};

export const elastiCacheEncryptedCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.elastiCacheEncrypted),
  evaluate: context => {
    const required = customerKeysRequired(context);
    return regionalVerdict(
      context,
      facts => facts.elastiCacheReplicationGroups,
      (groups, region, findings) => {
        for (const group of groups) {
          const where = { region, resource: group.replicationGroupId };
          const store = said('store.elastiCache', {
            id: group.replicationGroupId,
          });
          const atRest = emptyFindings();
          if (group.atRestEncryptionEnabled) {
            judgeKey(where, store, group.kmsKey, required, atRest);
          } else {
            atRest.failures.push({
              ...where,
              ...said('store.notEncrypted', { store }),
            });
          }
          if (!group.transitEncryptionEnabled) {
            atRest.failures.push({
              ...where,
              ...said('store.notInTransit', { store }),
            });
          }
          findings.failures.push(...atRest.failures);
          findings.unknowns.push(...atRest.unknowns);
          if (atRest.failures.length + atRest.unknowns.length === 0) {
            findings.passes.push({
              ...where,
              ...said('store.encryptedInTransit', { store }),
            });
          }
        }
      },
      [said('elastiCache.none')],
      said('elastiCache.what'),
    );
  },
};

const kmsAlgorithms = ['aws:kms', 'aws:kms:dsse'];

export const s3BucketEncryptionCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.s3BucketEncryption),
  evaluate: context => {
    const required = customerKeysRequired(context);
    return globalVerdict(
      context,
      facts => facts.s3Buckets,
      buckets => {
        const findings = emptyFindings();
        for (const bucket of buckets) {
          const where = {
            resource: bucket.name,
            ...(bucket.region ? { region: bucket.region } : {}),
          };
          const store = said('store.bucket', { id: bucket.name });
          const { encryption } = bucket;
          if (encryption.error) {
            findings.unknowns.push({
              ...where,
              ...said('bucket.unreadable', {
                store,
                error: errorText(encryption.error),
              }),
            });
            continue;
          }
          if (!encryption.data) {
            findings.failures.push({
              ...where,
              ...said('bucket.noDefault', { store }),
            });
            continue;
          }
          const algorithm = encryption.data.sseAlgorithm;
          if (!required) {
            findings.passes.push({
              ...where,
              ...said('bucket.encrypted', { store, algorithm }),
            });
          } else if (!kmsAlgorithms.includes(algorithm)) {
            findings.failures.push({
              ...where,
              ...said('bucket.notKms', { store, algorithm }),
            });
          } else {
            // SSE-KMS naming no key encrypts with the AWS managed aws/s3.
            judgeKey(
              where,
              store,
              encryption.data.kmsKey,
              required,
              findings,
              said('kms.s3Default'),
            );
          }
        }
        return verdictOf(findings, [said('buckets.none')]);
      },
      said('buckets.what'),
    );
  },
};

export const macieEnabledCheck: GuardrailCheck = {
  definition: definitionOf(guardrailIds.macieEnabled),
  evaluate: context =>
    regionalVerdict(
      context,
      facts => facts.macie,
      (macie, region, findings) => {
        if (macie.status.toUpperCase() === 'ENABLED') {
          findings.passes.push({ region, ...said('macie.enabled') });
        } else {
          findings.failures.push({
            region,
            ...said('macie.status', { status: macie.status }),
          });
        }
      },
      [],
      said('macie.what'),
    ),
};

export const dataStoreChecks: GuardrailCheck[] = [
  rdsEncryptedCheck,
  elastiCacheEncryptedCheck,
  s3BucketEncryptionCheck,
  macieEnabledCheck,
];
