import type { Account } from '@internal/sandbox';
import type { S3Client } from '@aws-sdk/client-s3';
import { KmsKeyResolver } from './kmsKeys';
import { readS3Buckets } from './s3Buckets';
import {
  denyCommands,
  type CollectorSandbox,
} from './__testUtils__/collectors';
import { startWorkloadsSandbox } from './__testUtils__/workloads';

jest.setTimeout(120_000);

describe('readS3Buckets against the sandbox', () => {
  let env: CollectorSandbox;
  let account: Account;

  beforeAll(async () => {
    ({ env, account } = await startWorkloadsSandbox());
  });

  afterAll(async () => {
    await env?.close();
  });

  /** The account's S3 clients by region, each recording the buckets it was asked about. */
  async function setUp(deny?: (client: S3Client) => void) {
    const credentials = await env.member(account.id);
    const asked = new Map<string, string[]>();
    const s3 = (region: string) => {
      const client = env.clients.s3(region, credentials);
      const send = client.send.bind(client);
      // A plain wrapper, not a spy: `deny` may spy on the method after it.
      (client as { send: unknown }).send = async (
        command: any,
        ...rest: any[]
      ) => {
        if (command.input.Bucket) {
          asked.set(region, [
            ...(asked.get(region) ?? []),
            command.input.Bucket,
          ]);
        }
        return send(command, ...rest);
      };
      deny?.(client);
      return client;
    };
    const keys = new KmsKeyResolver(region =>
      env.clients.kms(region, credentials),
    );
    return { s3, keys, asked };
  }

  function keyOf(arn: string) {
    const key = Object.values(account.regions)
      .flatMap(r => r.kmsKeys)
      .find(k => k.arn === arn);
    expect(key).toBeDefined();
    return { keyId: arn, keyManager: key!.keyManager };
  }

  it("lists every bucket and reads each one's default encryption in its own region", async () => {
    const { s3, keys, asked } = await setUp();

    const { s3Buckets } = await readS3Buckets(s3, keys, 'eu-west-1');

    expect(s3Buckets.data).toEqual(
      expect.arrayContaining(
        account.buckets.map(b => ({
          name: b.name,
          region: b.region,
          createdAt: new Date(b.createdAt).toISOString(),
          encryption: {
            data: b.encryption
              ? {
                  sseAlgorithm: b.encryption.sseAlgorithm,
                  kmsKey: b.encryption.kmsMasterKeyId
                    ? keyOf(b.encryption.kmsMasterKeyId)
                    : undefined,
                  bucketKeyEnabled: b.encryption.bucketKeyEnabled,
                }
              : null,
            collectedAt: expect.any(String),
          },
        })),
      ),
    );
    expect(s3Buckets.data).toHaveLength(account.buckets.length);
    // No default encryption is a fact (null), not an error.
    expect(
      s3Buckets.data!.find(b => b.name === 'workloads-raw')!.encryption,
    ).toEqual({ data: null, collectedAt: expect.any(String) });
    // Each bucket asked in its region, and buckets of two regions are seeded.
    const regions = new Set(account.buckets.map(b => b.region));
    expect(regions.size).toBeGreaterThan(1);
    for (const region of regions) {
      expect([...(asked.get(region) ?? [])].sort()).toEqual(
        account.buckets
          .filter(b => b.region === region)
          .map(b => b.name)
          .sort(),
      );
    }
  });

  it("records one bucket's denied encryption read as that bucket's error; the others are read", async () => {
    const { s3, keys } = await setUp(client =>
      denyCommands(
        client,
        command => command.input.Bucket === 'workloads-logs',
        'AccessDenied',
      ),
    );

    const { s3Buckets } = await readS3Buckets(s3, keys, 'eu-west-1');

    expect(s3Buckets.data).toHaveLength(account.buckets.length);
    expect(
      s3Buckets.data!.find(b => b.name === 'workloads-logs')!.encryption,
    ).toEqual({
      error: expect.objectContaining({
        code: 'AccessDenied',
        operation: 's3:GetBucketEncryption',
      }),
      collectedAt: expect.any(String),
    });
    expect(
      s3Buckets.data!.find(b => b.name === 'workloads-tmp')!.encryption.data,
    ).toEqual({ sseAlgorithm: 'AES256', bucketKeyEnabled: false });
  });

  it('takes SSE-KMS without a key id as the AWS managed aws/s3 key', async () => {
    const { s3, keys } = await setUp(client => {
      const send = client.send.bind(client);
      jest
        .spyOn(client as { send: (...args: any[]) => Promise<unknown> }, 'send')
        .mockImplementation(async (command: any, ...rest: any[]) => {
          const answer: any = await send(command, ...rest);
          if (command.input.Bucket === 'workloads-reports') {
            const rule = answer.ServerSideEncryptionConfiguration.Rules[0];
            delete rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID;
          }
          return answer;
        });
    });

    const { s3Buckets } = await readS3Buckets(s3, keys, 'eu-west-1');

    expect(
      s3Buckets.data!.find(b => b.name === 'workloads-reports')!.encryption
        .data,
    ).toEqual({
      sseAlgorithm: 'aws:kms',
      kmsKey: { keyId: 'alias/aws/s3', keyManager: 'AWS' },
      bucketKeyEnabled: true,
    });
  });

  it("records a denied bucket list as the fact's error", async () => {
    const { s3, keys } = await setUp(client =>
      denyCommands(client, ['ListBucketsCommand'], 'AccessDenied'),
    );

    const { s3Buckets } = await readS3Buckets(s3, keys, 'eu-west-1');

    expect(s3Buckets.error).toMatchObject({
      code: 'AccessDenied',
      operation: 's3:ListBuckets',
    });
  });
});
