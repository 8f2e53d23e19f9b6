import type { KmsKey } from '../../org/types';
import { AwsError } from '../errors';
import type { JsonRpcService, OperationContext } from '../types';

/** Finds a key of the caller's account by id, key ARN, alias name or alias ARN. */
function findKey(ctx: OperationContext, keyId: string): KmsKey | undefined {
  const account = ctx.index.account(ctx.caller.accountId);
  if (!account) return undefined;
  const arn = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/.exec(
    keyId,
  );
  if (arn) {
    const [, region, owner, kind, rest] = arn;
    if (owner !== ctx.caller.accountId) return undefined;
    const keys = account.regions[region]?.kmsKeys ?? [];
    return kind === 'key'
      ? keys.find(k => k.id === rest)
      : keys.find(k => k.alias === rest);
  }
  const keys = ctx.index.region(ctx.caller.accountId, ctx.region).kmsKeys;
  return keyId.startsWith('alias/')
    ? keys.find(k => k.alias === keyId.slice('alias/'.length))
    : keys.find(k => k.id === keyId);
}

/** AWS KMS: awsJson1_1 `TrentService.X`, regional; DescribeKey only. */
export const kmsService: JsonRpcService = {
  name: 'kms',
  protocol: 'awsJson1_1',
  signingNames: ['kms'],
  targetPrefixes: ['TrentService'],
  errorMessageKey: 'message',
  throttling: {
    code: 'ThrottlingException',
    status: 400,
    message: 'Rate exceeded',
  },
  serverError: {
    code: 'KMSInternalException',
    status: 500,
    message: 'An internal error occurred.',
  },
  operations: {
    DescribeKey: (ctx, input) => {
      const keyId = input.KeyId;
      if (typeof keyId !== 'string' || keyId.length === 0) {
        throw new AwsError(
          'ValidationException',
          "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
        );
      }
      const key = findKey(ctx, keyId);
      if (!key) {
        throw new AwsError(
          'NotFoundException',
          keyId.includes('alias/')
            ? `Alias ${
                keyId.startsWith('arn:')
                  ? keyId
                  : `arn:aws:kms:${ctx.region}:${ctx.caller.accountId}:${keyId}`
              } is not found.`
            : `Key '${
                keyId.startsWith('arn:')
                  ? keyId
                  : `arn:aws:kms:${ctx.region}:${ctx.caller.accountId}:key/${keyId}`
              }' does not exist`,
        );
      }
      return {
        KeyMetadata: {
          AWSAccountId: ctx.caller.accountId,
          KeyId: key.id,
          Arn: key.arn,
          CreationDate: Date.parse(key.createdAt) / 1000,
          Enabled: true,
          Description: key.description,
          KeyUsage: 'ENCRYPT_DECRYPT',
          KeyState: 'Enabled',
          Origin: 'AWS_KMS',
          KeyManager: key.keyManager,
          CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
          KeySpec: 'SYMMETRIC_DEFAULT',
          EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
          MultiRegion: false,
        },
      };
    },
  },
};
