import {
  GetBucketEncryptionCommand,
  paginateListBuckets,
  S3Client,
} from '@aws-sdk/client-s3';
import type {
  GlobalFacts,
  KmsKeyRef,
  S3Bucket,
} from '@internal/plugin-landing-zone-common';
import pLimit from 'p-limit';
import { callOptions, capture, collectPages, isErrorNamed } from './errors';
import type { KmsKeyResolver } from './kmsKeys';
import { PAGE_SIZE } from './pageSizes';

/** Bucket encryption reads of one account in flight at a time. */
const BUCKET_CONCURRENCY = 4;

/** The AWS managed key S3 uses for SSE-KMS when the bucket names none. */
const S3_MANAGED_KEY = 'alias/aws/s3';

/**
 * Reads the account's general purpose buckets (`ListBuckets`, with each
 * bucket's region) and the default encryption of each, asked in the bucket's
 * own region, a few at a time. A bucket without default encryption has `null`;
 * one whose encryption cannot be read keeps its place in the list with the
 * error. Only a failed listing fails the fact. Every call ends with `signal`.
 *
 * `s3(region)` gives the account's S3 client of a region (one per region);
 * `listRegion` is where the list is asked and where a bucket of unknown
 * region is read.
 */
export async function readS3Buckets(
  s3: (region: string) => S3Client,
  keys: KmsKeyResolver,
  listRegion: string,
  signal?: AbortSignal,
): Promise<Required<Pick<GlobalFacts, 's3Buckets'>>> {
  const call = callOptions(signal);
  const clients = new Map<string, S3Client>();
  const clientOf = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = s3(region);
      clients.set(region, client);
    }
    return client;
  };

  const s3Buckets = await capture('s3:ListBuckets', async () => {
    const buckets = await collectPages(
      paginateListBuckets(
        { client: clientOf(listRegion), pageSize: PAGE_SIZE.s3 },
        {},
        call,
      ),
      p => p.Buckets,
    );
    const limit = pLimit(BUCKET_CONCURRENCY);
    return Promise.all(
      buckets
        .filter(b => b.Name)
        .map(async (bucket): Promise<S3Bucket> => {
          const region = bucket.BucketRegion ?? listRegion;
          const encryption = await limit(() =>
            capture('s3:GetBucketEncryption', async () => {
              let rules;
              try {
                const res = await clientOf(region).send(
                  new GetBucketEncryptionCommand({ Bucket: bucket.Name }),
                  call,
                );
                rules = res.ServerSideEncryptionConfiguration?.Rules;
              } catch (error) {
                // No default encryption configured: a fact, not a failure.
                if (
                  isErrorNamed(
                    error,
                    'ServerSideEncryptionConfigurationNotFoundError',
                  )
                ) {
                  return null;
                }
                throw error;
              }
              const rule = rules?.find(
                r => r.ApplyServerSideEncryptionByDefault,
              );
              const defaults = rule?.ApplyServerSideEncryptionByDefault;
              if (!defaults?.SSEAlgorithm) return null;
              let kmsKey: KmsKeyRef | undefined;
              if (defaults.SSEAlgorithm.startsWith('aws:kms')) {
                kmsKey = defaults.KMSMasterKeyID
                  ? await keys.resolve(defaults.KMSMasterKeyID, region)
                  : // No key named: the AWS managed aws/s3 key.
                    { keyId: S3_MANAGED_KEY, keyManager: 'AWS' };
              }
              return {
                sseAlgorithm: defaults.SSEAlgorithm,
                kmsKey,
                bucketKeyEnabled: rule?.BucketKeyEnabled,
              };
            }),
          );
          return {
            name: bucket.Name!,
            region: bucket.BucketRegion,
            createdAt: bucket.CreationDate?.toISOString(),
            encryption,
          };
        }),
    );
  });
  return { s3Buckets };
}
