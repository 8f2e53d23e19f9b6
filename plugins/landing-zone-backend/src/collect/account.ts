import {
  GetAccountSummaryCommand,
  paginateListVirtualMFADevices,
} from '@aws-sdk/client-iam';
import { DescribeEffectivePolicyCommand } from '@aws-sdk/client-organizations';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import type {
  AccountFacts,
  AccountIdentity,
  GlobalFacts,
  RegionFacts,
} from '@internal/plugin-landing-zone-common';
import type { AwsCredentialIdentity } from '@smithy/types';
import { AwsClientFactory } from './clients';
import type { ScanCredentials } from './credentials';
import {
  callOptions,
  capture,
  collectPages,
  isErrorNamed,
  toFactError,
} from './errors';
import { readAutoScalingGroups } from './autoScaling';
import { readCloudFrontDistributions } from './cloudFront';
import { readDataStores } from './dataStores';
import { readEc2Resources } from './ec2Resources';
import { readEc2Settings } from './ec2Settings';
import { readIamIdentities } from './iamIdentities';
import { KmsKeyResolver } from './kmsKeys';
import { readLoadBalancers } from './loadBalancers';
import { readMacie } from './macie';
import { readNetwork } from './network';
import { PAGE_SIZE } from './pageSizes';
import { readRootActivity } from './rootActivity';
import { readS3Buckets } from './s3Buckets';
import { readSecurityServices } from './security';
import { readTransitGateways } from './transitGateways';

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
  readonly #rootActivityDays: number;

  private constructor(options: {
    clients: AwsClientFactory;
    credentials: ScanCredentials;
    regions: string[];
    rootActivityDays?: number;
  }) {
    this.#clients = options.clients;
    this.#credentials = options.credentials;
    this.#regions = options.regions;
    this.#rootActivityDays = options.rootActivityDays ?? 90;
  }

  /**
   * `regions`: the regions read in every account; the first also serves S3
   * Control. `rootActivityDays`: how far back the root user's CloudTrail
   * events are read (default 90, CloudTrail's own event history).
   */
  static create(options: {
    clients: AwsClientFactory;
    credentials: ScanCredentials;
    regions: string[];
    rootActivityDays?: number;
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

    // The KMS keys the account's resources name, each described once per
    // region whichever reader meets it first.
    const keys = new KmsKeyResolver(
      region => this.#clients.kms(region, credentials),
      signal,
    );
    const [global, ...regions] = await Promise.all([
      this.#readGlobal(account.id, credentials, keys, signal),
      ...this.#regions.map(region =>
        this.#readRegion(account.id, region, credentials, keys, signal),
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
    keys: KmsKeyResolver,
    signal?: AbortSignal,
  ): Promise<GlobalFacts> {
    const iam = this.#clients.iam(credentials);
    const s3control = this.#clients.s3control(this.#regions[0], credentials);
    // The account's own credentials: a member may describe its own effective
    // policy, which keeps these calls off the management account's
    // Organizations rate.
    const organizations = this.#clients.organizations(credentials);
    const call = callOptions(signal);
    const present = (count: number | undefined) =>
      count === undefined ? undefined : count > 0;
    const [
      iamSummary,
      s3PublicAccessBlock,
      rootVirtualMfa,
      declarativePolicyEc2,
      iamIdentities,
      cloudFront,
      s3Buckets,
    ] = await Promise.all([
      capture('iam:GetAccountSummary', async () => {
        const { SummaryMap = {} } = await iam.send(
          new GetAccountSummaryCommand({}),
          call,
        );
        return {
          accountMfaEnabled: SummaryMap.AccountMFAEnabled === 1,
          accountAccessKeysPresent:
            (SummaryMap.AccountAccessKeysPresent ?? 0) > 0,
          accountPasswordPresent: present(SummaryMap.AccountPasswordPresent),
          accountSigningCertificatesPresent: present(
            SummaryMap.AccountSigningCertificatesPresent,
          ),
        };
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
      capture('iam:ListVirtualMFADevices', async () => {
        const devices = await collectPages(
          paginateListVirtualMFADevices(
            { client: iam, pageSize: PAGE_SIZE.iam },
            { AssignmentStatus: 'Assigned' },
            call,
          ),
          p => p.VirtualMFADevices,
        );
        // The root user's ARN is the account's (arn:<partition>:iam::<id>:root).
        const root = devices.find(d =>
          d.User?.Arn?.endsWith(`:iam::${accountId}:root`),
        );
        return root?.SerialNumber ? { serialNumber: root.SerialNumber } : null;
      }),
      capture('organizations:DescribeEffectivePolicy', async () => {
        try {
          const { EffectivePolicy } = await organizations.send(
            new DescribeEffectivePolicyCommand({
              PolicyType: 'DECLARATIVE_POLICY_EC2',
            }),
            call,
          );
          return {
            content: EffectivePolicy?.PolicyContent ?? '{}',
            lastUpdated: EffectivePolicy?.LastUpdatedTimestamp?.toISOString(),
          };
        } catch (error) {
          // No declarative policy reaches the account: a fact, not a failure.
          if (isErrorNamed(error, 'EffectivePolicyNotFoundException')) {
            return null;
          }
          throw error;
        }
      }),
      readIamIdentities(iam, signal),
      readCloudFrontDistributions(
        this.#clients.cloudfront(credentials),
        signal,
      ),
      readS3Buckets(
        region => this.#clients.s3(region, credentials),
        keys,
        this.#regions[0],
        signal,
      ),
    ]);
    return {
      iamSummary,
      s3PublicAccessBlock,
      rootVirtualMfa,
      declarativePolicyEc2,
      ...iamIdentities,
      ...cloudFront,
      ...s3Buckets,
    };
  }

  async #readRegion(
    accountId: string,
    region: string,
    credentials: AwsCredentialIdentity,
    keys: KmsKeyResolver,
    signal?: AbortSignal,
  ): Promise<RegionFacts> {
    const clients = this.#clients;
    // One client per service for the account-region, shared by its readers.
    const ec2 = clients.ec2(region, credentials);
    const cloudtrail = clients.cloudtrail(region, credentials);
    const [
      network,
      transitGateways,
      ec2Settings,
      security,
      rootActivity,
      ec2Resources,
      loadBalancers,
      dataStores,
      autoScalingGroups,
      macie,
    ] = await Promise.all([
      readNetwork(ec2, region, signal),
      readTransitGateways(ec2, accountId, signal),
      readEc2Settings(ec2, signal),
      readSecurityServices(
        {
          guardduty: clients.guardduty(region, credentials),
          cloudtrail,
          config: clients.config(region, credentials),
          securityhub: clients.securityhub(region, credentials),
          accessanalyzer: clients.accessanalyzer(region, credentials),
        },
        signal,
      ),
      readRootActivity(cloudtrail, { days: this.#rootActivityDays, signal }),
      readEc2Resources(ec2, signal),
      readLoadBalancers(
        {
          elbv2: clients.elbv2(region, credentials),
          wafv2: clients.wafv2(region, credentials),
        },
        signal,
      ),
      readDataStores(
        {
          rds: clients.rds(region, credentials),
          elasticache: clients.elasticache(region, credentials),
        },
        keys,
        region,
        signal,
      ),
      readAutoScalingGroups(clients.autoscaling(region, credentials), signal),
      readMacie(clients.macie2(region, credentials), signal),
    ]);
    return {
      ...network,
      transitGateways,
      ...ec2Settings,
      ...security,
      rootActivity,
      ...ec2Resources,
      ...loadBalancers,
      ...dataStores,
      ...autoScalingGroups,
      ...macie,
    };
  }
}
