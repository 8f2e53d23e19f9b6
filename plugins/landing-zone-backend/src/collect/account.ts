import {
  GetAccountSummaryCommand,
  paginateListAccessKeys,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import type {
  AccountFacts,
  AccountIdentity,
  GlobalFacts,
  RegionFacts,
} from '@internal/plugin-landing-zone-common';
import type { AwsCredentialIdentity } from '@smithy/types';
import pLimit from 'p-limit';
import { AwsClientFactory } from './clients';
import type { ScanCredentials } from './credentials';
import {
  callOptions,
  capture,
  collectPages,
  isErrorNamed,
  toFactError,
} from './errors';
import { readNetwork } from './network';
import { PAGE_SIZE } from './pageSizes';
import { readSecurityServices } from './security';

/**
 * Reads one member account: assumes the configured read-only role, then reads
 * the global services once and every configured region in parallel. Nothing
 * here throws for an AWS error: each becomes the error of its fact, and a
 * denied role becomes `access`. Every call ends when `signal` is aborted, with
 * an `AbortError` as its fact's error.
 */
export class AccountCollector {
  readonly #clients: AwsClientFactory;
  readonly #credentials: ScanCredentials;
  readonly #regions: string[];

  private constructor(options: {
    clients: AwsClientFactory;
    credentials: ScanCredentials;
    regions: string[];
  }) {
    this.#clients = options.clients;
    this.#credentials = options.credentials;
    this.#regions = options.regions;
  }

  /** `regions`: the regions read in every account; the first also serves S3 Control. */
  static create(options: {
    clients: AwsClientFactory;
    credentials: ScanCredentials;
    regions: string[];
  }) {
    return new AccountCollector(options);
  }

  async collect(
    account: AccountIdentity,
    signal?: AbortSignal,
  ): Promise<AccountFacts> {
    let credentials: AwsCredentialIdentity;
    try {
      credentials = await this.#credentials.member(account.id, signal);
    } catch (error) {
      return {
        account,
        access: toFactError(error, 'sts:AssumeRole'),
        collectedAt: new Date().toISOString(),
      };
    }

    const [global, ...regions] = await Promise.all([
      this.#readGlobal(account.id, credentials, signal),
      ...this.#regions.map(region =>
        this.#readRegion(region, credentials, signal),
      ),
    ]);
    return {
      account,
      global,
      regions: Object.fromEntries(
        this.#regions.map((region, i) => [region, regions[i]]),
      ),
      collectedAt: new Date().toISOString(),
    };
  }

  async #readGlobal(
    accountId: string,
    credentials: AwsCredentialIdentity,
    signal?: AbortSignal,
  ): Promise<GlobalFacts> {
    const iam = this.#clients.iam(credentials);
    const s3control = this.#clients.s3control(this.#regions[0], credentials);
    const call = callOptions(signal);
    const [iamSummary, iamUsersWithKeys, s3PublicAccessBlock] =
      await Promise.all([
        capture('iam:GetAccountSummary', async () => {
          const { SummaryMap = {} } = await iam.send(
            new GetAccountSummaryCommand({}),
            call,
          );
          return {
            accountMfaEnabled: SummaryMap.AccountMFAEnabled === 1,
            accountAccessKeysPresent:
              (SummaryMap.AccountAccessKeysPresent ?? 0) > 0,
          };
        }),
        capture('iam:ListUsers', async () => {
          const users = await collectPages(
            paginateListUsers(
              { client: iam, pageSize: PAGE_SIZE.iam },
              {},
              call,
            ),
            p => p.Users,
          );
          // An account may hold thousands of users: a few key reads at a time
          // keep within IAM's per-account rate.
          const keyLimit = pLimit(4);
          const withKeys = await Promise.all(
            users.map(user =>
              keyLimit(async () => {
                const keys = await collectPages(
                  paginateListAccessKeys(
                    { client: iam, pageSize: PAGE_SIZE.iam },
                    { UserName: user.UserName },
                    call,
                  ),
                  p => p.AccessKeyMetadata,
                );
                return {
                  userName: user.UserName ?? '',
                  accessKeyIds: keys
                    .filter(k => k.Status === 'Active')
                    .flatMap(k => (k.AccessKeyId ? [k.AccessKeyId] : [])),
                };
              }),
            ),
          );
          return withKeys.filter(u => u.accessKeyIds.length > 0);
        }),
        capture('s3:GetPublicAccessBlock', async () => {
          try {
            const { PublicAccessBlockConfiguration: c } = await s3control.send(
              new GetPublicAccessBlockCommand({ AccountId: accountId }),
              call,
            );
            return {
              blockPublicAcls: c?.BlockPublicAcls ?? false,
              ignorePublicAcls: c?.IgnorePublicAcls ?? false,
              blockPublicPolicy: c?.BlockPublicPolicy ?? false,
              restrictPublicBuckets: c?.RestrictPublicBuckets ?? false,
            };
          } catch (error) {
            // No configuration at all is a fact (nothing is blocked), not a failure.
            if (isErrorNamed(error, 'NoSuchPublicAccessBlockConfiguration')) {
              return null;
            }
            throw error;
          }
        }),
      ]);
    return { iamSummary, iamUsersWithKeys, s3PublicAccessBlock };
  }

  async #readRegion(
    region: string,
    credentials: AwsCredentialIdentity,
    signal?: AbortSignal,
  ): Promise<RegionFacts> {
    const clients = this.#clients;
    const [network, security] = await Promise.all([
      readNetwork(clients.ec2(region, credentials), region, signal),
      readSecurityServices(
        {
          guardduty: clients.guardduty(region, credentials),
          cloudtrail: clients.cloudtrail(region, credentials),
          config: clients.config(region, credentials),
          securityhub: clients.securityhub(region, credentials),
          accessanalyzer: clients.accessanalyzer(region, credentials),
        },
        signal,
      ),
    ]);
    return { ...network, ...security };
  }
}
