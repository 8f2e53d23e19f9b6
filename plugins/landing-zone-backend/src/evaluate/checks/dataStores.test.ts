import {
  type AccountFacts,
  defaultGuardrailSettings,
  type ElastiCacheReplicationGroup,
  type GuardrailCheck,
  type RdsFacts,
  type S3Bucket,
} from '@internal/plugin-landing-zone-common';
import { data, failed, inEnglish, makeAccount, makeContext } from '../fixtures';
import {
  dataStoreChecks,
  elastiCacheEncryptedCheck,
  macieEnabledCheck,
  rdsEncryptedCheck,
  s3BucketEncryptionCheck,
} from './dataStores';

const region = 'eu-west-1';
const other = 'eu-central-1';

function evaluate(
  check: GuardrailCheck,
  account: AccountFacts,
  requireCustomerManagedKeys = false,
) {
  return check.evaluate({
    ...makeContext(account),
    settings: { ...defaultGuardrailSettings, requireCustomerManagedKeys },
  });
}

const messages = (verdict: { evidence: { message: string }[] }) =>
  verdict.evidence.map(e => e.message);

const customer = { keyId: 'key-cmk', keyManager: 'CUSTOMER' };
const awsManaged = { keyId: 'key-aws', keyManager: 'AWS' };

describe('every data store check', () => {
  it.each(dataStoreChecks.map(c => [c.definition.id, c] as const))(
    '%s passes the compliant account, with or without customer keys required',
    (_, check) => {
      expect(evaluate(check, makeAccount()).status).toBe('pass');
      expect(evaluate(check, makeAccount(), true).status).toBe('pass');
    },
  );

  it.each(dataStoreChecks.map(c => [c.definition.id, c] as const))(
    '%s is unknown when the member role could not be assumed',
    (_, check) => {
      const account = makeAccount();
      account.access = { code: 'AccessDenied', message: 'no' };
      delete account.regions;
      delete account.global;
      expect(evaluate(check, account).status).toBe('unknown');
    },
  );
});

function withRds(rds: RdsFacts) {
  const account = makeAccount();
  account.regions![region].rds = data(rds);
  return account;
}

const instance = (
  id: string,
  overrides: Partial<RdsFacts['instances'][number]> = {},
) => ({
  dbInstanceIdentifier: id,
  engine: 'postgres',
  storageEncrypted: true,
  kmsKey: customer,
  ...overrides,
});

const cluster = (
  id: string,
  overrides: Partial<RdsFacts['clusters'][number]> = {},
) => ({
  dbClusterIdentifier: id,
  engine: 'aurora-postgresql',
  storageEncrypted: true,
  kmsKey: customer,
  ...overrides,
});

describe('rds-encrypted', () => {
  it('passes an account without databases, saying so', () => {
    expect(inEnglish(evaluate(rdsEncryptedCheck, makeAccount()))).toEqual({
      status: 'pass',
      evidence: [{ message: 'No RDS DB instances or clusters' }],
    });
  });

  it('fails unencrypted instances and clusters, judging cluster members by their cluster', () => {
    const account = withRds({
      clusters: [cluster('aurora', { storageEncrypted: false })],
      instances: [
        // The member's own flag is ignored: its storage is the cluster's.
        instance('aurora-1', { dbClusterIdentifier: 'aurora' }),
        instance('plain', { storageEncrypted: false, kmsKey: undefined }),
        // A member whose cluster was not listed is judged itself.
        instance('orphan-1', {
          dbClusterIdentifier: 'gone',
          storageEncrypted: false,
        }),
      ],
    });
    expect(inEnglish(evaluate(rdsEncryptedCheck, account))).toEqual({
      status: 'fail',
      evidence: [
        {
          region,
          resource: 'aurora',
          message: 'DB cluster aurora is not encrypted at rest',
        },
        {
          region,
          resource: 'plain',
          message: 'DB instance plain is not encrypted at rest',
        },
        {
          region,
          resource: 'orphan-1',
          message: 'DB instance orphan-1 is not encrypted at rest',
        },
      ],
    });
  });

  it('accepts any key unless customer managed keys are required', () => {
    const account = withRds({
      clusters: [cluster('aurora', { kmsKey: awsManaged })],
      instances: [
        instance('aurora-1', {
          dbClusterIdentifier: 'aurora',
          kmsKey: awsManaged,
        }),
        instance('db', { kmsKey: { keyId: 'key-x' } }),
      ],
    });
    expect(messages(inEnglish(evaluate(rdsEncryptedCheck, account)))).toEqual([
      'DB cluster aurora is encrypted at rest with AWS managed KMS key key-aws',
      'DB instance db is encrypted at rest',
    ]);
    const required = evaluate(rdsEncryptedCheck, account, true);
    expect(required.status).toBe('fail');
    expect(messages(inEnglish(required))).toEqual([
      'DB cluster aurora is encrypted with AWS managed KMS key key-aws, not a customer managed key',
      'Whether the KMS key of DB instance db is customer managed is not known: the key was not read',
    ]);
  });

  it('is unknown, not passing, when a required key was not read', () => {
    const account = withRds({
      clusters: [],
      instances: [instance('db', { kmsKey: undefined })],
    });
    expect(evaluate(rdsEncryptedCheck, account, true).status).toBe('unknown');
    expect(evaluate(rdsEncryptedCheck, account, false).status).toBe('pass');
  });

  it('passes customer managed keys when required', () => {
    const account = withRds({
      clusters: [cluster('aurora')],
      instances: [instance('aurora-1', { dbClusterIdentifier: 'aurora' })],
    });
    expect(inEnglish(evaluate(rdsEncryptedCheck, account, true))).toEqual({
      status: 'pass',
      evidence: [
        {
          region,
          resource: 'aurora',
          message:
            'DB cluster aurora is encrypted at rest with customer managed KMS key key-cmk',
        },
      ],
    });
  });

  it('is unknown when RDS was not collected or could not be read', () => {
    const account = makeAccount();
    delete account.regions![region].rds;
    account.regions![other].rds = failed(
      'AccessDenied',
      'rds:DescribeDBInstances',
    );
    expect(inEnglish(evaluate(rdsEncryptedCheck, account))).toEqual({
      status: 'unknown',
      evidence: [
        {
          region,
          message:
            'RDS databases was not collected (facts from before the portal read it)',
        },
        {
          region: other,
          message: 'rds:DescribeDBInstances: AccessDenied: AccessDenied (test)',
        },
      ],
    });
  });
});

const replicationGroup = (
  id: string,
  overrides: Partial<ElastiCacheReplicationGroup> = {},
): ElastiCacheReplicationGroup => ({
  replicationGroupId: id,
  atRestEncryptionEnabled: true,
  transitEncryptionEnabled: true,
  transitEncryptionMode: 'required',
  kmsKey: customer,
  ...overrides,
});

function withGroups(groups: ElastiCacheReplicationGroup[]) {
  const account = makeAccount();
  account.regions![region].elastiCacheReplicationGroups = data(groups);
  return account;
}

describe('elasticache-encrypted', () => {
  it('passes groups encrypted both ways, and says when there are none', () => {
    expect(
      inEnglish(
        evaluate(
          elastiCacheEncryptedCheck,
          withGroups([replicationGroup('cache')]),
          true,
        ),
      ),
    ).toEqual({
      status: 'pass',
      evidence: [
        {
          region,
          resource: 'cache',
          message:
            'ElastiCache replication group cache is encrypted at rest and in transit',
        },
      ],
    });
    expect(
      messages(inEnglish(evaluate(elastiCacheEncryptedCheck, makeAccount()))),
    ).toEqual(['No ElastiCache replication groups']);
  });

  it('fails a group unencrypted at rest or in transit, naming each', () => {
    const account = withGroups([
      replicationGroup('bare', {
        atRestEncryptionEnabled: false,
        transitEncryptionEnabled: false,
        transitEncryptionMode: undefined,
        kmsKey: undefined,
      }),
      replicationGroup('wire', { transitEncryptionEnabled: false }),
    ]);
    expect(
      messages(inEnglish(evaluate(elastiCacheEncryptedCheck, account))),
    ).toEqual([
      'ElastiCache replication group bare is not encrypted at rest',
      'ElastiCache replication group bare is not encrypted in transit',
      'ElastiCache replication group wire is not encrypted in transit',
    ]);
  });

  it('requires a customer managed key at rest only when configured', () => {
    const account = withGroups([
      replicationGroup('aws', { kmsKey: awsManaged }),
      replicationGroup('unread', { kmsKey: { keyId: 'key-u' } }),
    ]);
    expect(evaluate(elastiCacheEncryptedCheck, account).status).toBe('pass');
    const required = inEnglish(
      evaluate(elastiCacheEncryptedCheck, account, true),
    );
    expect(required.status).toBe('fail');
    expect(messages(required)).toEqual([
      'ElastiCache replication group aws is encrypted with AWS managed KMS key key-aws, not a customer managed key',
      'Whether the KMS key of ElastiCache replication group unread is customer managed is not known: the key was not read',
    ]);
    const unreadOnly = withGroups([
      replicationGroup('unread', { kmsKey: { keyId: 'key-u' } }),
    ]);
    expect(evaluate(elastiCacheEncryptedCheck, unreadOnly, true).status).toBe(
      'unknown',
    );
  });

  it('is unknown when the groups were not collected', () => {
    const account = makeAccount();
    delete account.regions![other].elastiCacheReplicationGroups;
    expect(
      messages(inEnglish(evaluate(elastiCacheEncryptedCheck, account))),
    ).toEqual([
      'ElastiCache replication groups was not collected (facts from before the portal read it)',
    ]);
  });
});

const bucket = (
  name: string,
  encryption: S3Bucket['encryption'],
): S3Bucket => ({ name, region, encryption });

function withBuckets(buckets: S3Bucket[]) {
  const account = makeAccount();
  account.global!.s3Buckets = data(buckets);
  return account;
}

describe('s3-bucket-encryption', () => {
  it('passes an account without buckets, saying so', () => {
    expect(
      messages(inEnglish(evaluate(s3BucketEncryptionCheck, makeAccount()))),
    ).toEqual(['The account has no S3 buckets']);
  });

  it('fails a bucket without default encryption and is unknown for one whose encryption could not be read', () => {
    const account = withBuckets([
      bucket('lake-raw', data(null)),
      bucket('lake-denied', failed('AccessDenied', 's3:GetBucketEncryption')),
      bucket('lake-sse-s3', data({ sseAlgorithm: 'AES256' })),
    ]);
    expect(inEnglish(evaluate(s3BucketEncryptionCheck, account))).toEqual({
      status: 'fail',
      evidence: [
        {
          region,
          resource: 'lake-raw',
          message: 'S3 bucket lake-raw has no default encryption',
        },
        {
          region,
          resource: 'lake-denied',
          message:
            'The default encryption of S3 bucket lake-denied could not be read: s3:GetBucketEncryption: AccessDenied: AccessDenied (test)',
        },
      ],
    });
    const unreadOnly = withBuckets([
      bucket('lake-denied', failed('AccessDenied')),
      bucket('lake-sse-s3', data({ sseAlgorithm: 'AES256' })),
    ]);
    expect(evaluate(s3BucketEncryptionCheck, unreadOnly).status).toBe(
      'unknown',
    );
  });

  it('requires SSE-KMS or DSSE-KMS with a customer managed key when configured', () => {
    const account = withBuckets([
      bucket('sse-s3', data({ sseAlgorithm: 'AES256' })),
      bucket('kms-default', data({ sseAlgorithm: 'aws:kms' })),
      bucket('kms-aws', data({ sseAlgorithm: 'aws:kms', kmsKey: awsManaged })),
      bucket('kms-cmk', data({ sseAlgorithm: 'aws:kms', kmsKey: customer })),
      bucket(
        'dsse-cmk',
        data({ sseAlgorithm: 'aws:kms:dsse', kmsKey: customer }),
      ),
    ]);
    expect(evaluate(s3BucketEncryptionCheck, account).status).toBe('pass');
    expect(
      messages(inEnglish(evaluate(s3BucketEncryptionCheck, account))).slice(
        0,
        2,
      ),
    ).toEqual([
      'S3 bucket sse-s3 encrypts new objects with AES256',
      'S3 bucket kms-default encrypts new objects with aws:kms',
    ]);
    const required = inEnglish(
      evaluate(s3BucketEncryptionCheck, account, true),
    );
    expect(required.status).toBe('fail');
    expect(messages(required)).toEqual([
      'S3 bucket sse-s3 encrypts new objects with AES256, not SSE-KMS with a customer managed key',
      'S3 bucket kms-default is encrypted with the AWS managed key aws/s3, not a customer managed key',
      'S3 bucket kms-aws is encrypted with AWS managed KMS key key-aws, not a customer managed key',
    ]);
    const cmkOnly = withBuckets([
      bucket('kms-cmk', data({ sseAlgorithm: 'aws:kms', kmsKey: customer })),
      bucket(
        'dsse-cmk',
        data({ sseAlgorithm: 'aws:kms:dsse', kmsKey: customer }),
      ),
    ]);
    expect(
      messages(inEnglish(evaluate(s3BucketEncryptionCheck, cmkOnly, true))),
    ).toEqual([
      'S3 bucket kms-cmk is encrypted at rest with customer managed KMS key key-cmk',
      'S3 bucket dsse-cmk is encrypted at rest with customer managed KMS key key-cmk',
    ]);
    const unread = withBuckets([
      bucket(
        'kms-u',
        data({ sseAlgorithm: 'aws:kms', kmsKey: { keyId: 'k' } }),
      ),
    ]);
    expect(evaluate(s3BucketEncryptionCheck, unread, true).status).toBe(
      'unknown',
    );
  });

  it('is unknown when the buckets were not collected or could not be listed', () => {
    const account = makeAccount();
    delete account.global!.s3Buckets;
    expect(inEnglish(evaluate(s3BucketEncryptionCheck, account))).toEqual({
      status: 'unknown',
      evidence: [
        {
          message:
            'S3 buckets was not collected (facts from before the portal read it)',
        },
      ],
    });
    account.global!.s3Buckets = failed('AccessDenied', 's3:ListBuckets');
    expect(evaluate(s3BucketEncryptionCheck, account).status).toBe('unknown');
  });
});

describe('macie-enabled', () => {
  it('passes where Macie is enabled and fails where it is paused or disabled', () => {
    const account = makeAccount();
    account.regions![region].macie = data({ status: 'PAUSED' });
    expect(inEnglish(evaluate(macieEnabledCheck, account))).toEqual({
      status: 'fail',
      evidence: [{ region, message: 'Macie is PAUSED' }],
    });
    account.regions![region].macie = data({ status: 'DISABLED' });
    expect(evaluate(macieEnabledCheck, account).status).toBe('fail');
    account.regions![region].macie = data({ status: 'ENABLED' });
    expect(messages(inEnglish(evaluate(macieEnabledCheck, account)))).toEqual([
      'Macie is enabled',
      'Macie is enabled',
    ]);
  });

  it('is unknown when a region was not collected, could not be read or was not scanned', () => {
    const account = makeAccount();
    delete account.regions![region].macie;
    expect(messages(inEnglish(evaluate(macieEnabledCheck, account)))).toEqual([
      'Macie was not collected (facts from before the portal read it)',
    ]);
    account.regions![region].macie = failed('AccessDeniedException');
    expect(evaluate(macieEnabledCheck, account).status).toBe('unknown');
    delete account.regions![other];
    account.regions![region].macie = data({ status: 'ENABLED' });
    expect(inEnglish(evaluate(macieEnabledCheck, account))).toEqual({
      status: 'unknown',
      evidence: [{ region: other, message: 'Region was not scanned' }],
    });
  });
});
