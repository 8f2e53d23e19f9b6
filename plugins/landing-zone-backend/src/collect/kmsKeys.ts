import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { KmsKeyRef } from '@internal/plugin-landing-zone-common';
import pLimit from 'p-limit';
import { callOptions } from './errors';

/** DescribeKey calls of one account in flight at a time (KMS's quota is shared by its reads). */
const KMS_CONCURRENCY = 4;

/** The region of a key ARN (`arn:aws:kms:<region>:<account>:key/<id>`). */
function regionOfArn(keyId: string): string | undefined {
  const parts = keyId.split(':');
  return keyId.startsWith('arn:') && parts[2] === 'kms' && parts[3]
    ? parts[3]
    : undefined;
}

/**
 * Who manages the KMS keys an account's resources name (`kms:DescribeKey`):
 * each distinct key is described once per account and region, and the answer
 * is shared by every resource that names it. A key that cannot be described
 * keeps its id with `keyManager` undefined: the resource's own fact is still
 * known, only who manages its key is not.
 */
export class KmsKeyResolver {
  readonly #client: (region: string) => KMSClient;
  readonly #signal?: AbortSignal;
  readonly #clients = new Map<string, KMSClient>();
  readonly #keys = new Map<string, Promise<string | undefined>>();
  readonly #limit = pLimit(KMS_CONCURRENCY);

  constructor(client: (region: string) => KMSClient, signal?: AbortSignal) {
    this.#client = client;
    this.#signal = signal;
  }

  /**
   * The key a resource of `region` names (a key id, ARN or alias), with who
   * manages it; undefined when the resource names none. A key ARN is
   * described in its own region.
   */
  async resolve(
    keyId: string | undefined,
    region: string,
  ): Promise<KmsKeyRef | undefined> {
    if (!keyId) return undefined;
    const keyRegion = regionOfArn(keyId) ?? region;
    const cacheKey = `${keyRegion} ${keyId}`;
    let manager = this.#keys.get(cacheKey);
    if (!manager) {
      manager = this.#limit(() => this.#describe(keyId, keyRegion));
      this.#keys.set(cacheKey, manager);
    }
    return { keyId, keyManager: await manager };
  }

  async #describe(keyId: string, region: string) {
    let client = this.#clients.get(region);
    if (!client) {
      client = this.#client(region);
      this.#clients.set(region, client);
    }
    try {
      const { KeyMetadata } = await client.send(
        new DescribeKeyCommand({ KeyId: keyId }),
        callOptions(this.#signal),
      );
      return KeyMetadata?.KeyManager;
    } catch {
      // Denied, throttled beyond retries or aborted: who manages the key is
      // unknown, which the checks read as such.
      return undefined;
    }
  }
}
