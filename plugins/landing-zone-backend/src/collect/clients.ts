import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { Macie2Client } from '@aws-sdk/client-macie2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, Provider } from '@smithy/types';
import { Agent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import type { AwsSettings } from '../config';
import type { AwsServiceName } from './services';

type Credentials = AwsCredentialIdentity | Provider<AwsCredentialIdentity>;

/**
 * Builds the SDK clients with the settings every call must share: adaptive
 * retry, a per-attempt timeout, a bounded connection pool, and the endpoint
 * overrides from config (so the same code runs against any AWS-compatible
 * endpoint).
 */
export class AwsClientFactory {
  readonly #settings: AwsSettings;
  readonly #requestHandler: NodeHttpHandler;

  private constructor(settings: AwsSettings) {
    this.#settings = settings;
    const agentOptions = { keepAlive: true, maxSockets: settings.maxSockets };
    this.#requestHandler = new NodeHttpHandler({
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new Agent(agentOptions),
      connectionTimeout: settings.requestTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      // Without it the handler (4.x) only logs a warning when an attempt
      // exceeds requestTimeout and goes on waiting: a call AWS accepted and
      // never answered would hold its account, and the scan, for ever. As an
      // error (TimeoutError, ETIMEDOUT) the retry strategy retries it and, past
      // maxAttempts, it becomes the fact's error.
      throwOnRequestTimeout: true,
    });
  }

  static create(settings: AwsSettings): AwsClientFactory {
    return new AwsClientFactory(settings);
  }

  #base(service: AwsServiceName, region: string, credentials?: Credentials) {
    const endpoint =
      this.#settings.endpoints[service] ?? this.#settings.endpoints.default;
    return {
      region,
      endpoint,
      credentials,
      retryMode: 'adaptive',
      maxAttempts: this.#settings.maxAttempts,
      requestHandler: this.#requestHandler,
    };
  }

  /**
   * The organisation reader's (default provider chain, or its role), or a
   * member account's own (it may describe its effective policies).
   */
  organizations(credentials?: Credentials) {
    // Organizations is global: its calls go to us-east-1 (or the partition's home region).
    return new OrganizationsClient(
      this.#base(
        'organizations',
        this.#settings.organizationsRegion,
        credentials,
      ),
    );
  }

  sts(region: string, credentials?: Credentials) {
    return new STSClient(this.#base('sts', region, credentials));
  }

  ec2(region: string, credentials: Credentials) {
    return new EC2Client(this.#base('ec2', region, credentials));
  }

  /** Without credentials: the default provider chain (the organisation reader's IAM). */
  iam(credentials?: Credentials) {
    // IAM is global; its endpoint lives in us-east-1.
    return new IAMClient(this.#base('iam', 'us-east-1', credentials));
  }

  guardduty(region: string, credentials: Credentials) {
    return new GuardDutyClient(this.#base('guardduty', region, credentials));
  }

  cloudtrail(region: string, credentials: Credentials) {
    return new CloudTrailClient(this.#base('cloudtrail', region, credentials));
  }

  config(region: string, credentials: Credentials) {
    return new ConfigServiceClient(this.#base('config', region, credentials));
  }

  securityhub(region: string, credentials: Credentials) {
    return new SecurityHubClient(
      this.#base('securityhub', region, credentials),
    );
  }

  accessanalyzer(region: string, credentials: Credentials) {
    return new AccessAnalyzerClient(
      this.#base('accessanalyzer', region, credentials),
    );
  }

  s3control(region: string, credentials: Credentials) {
    const base = this.#base('s3control', region, credentials);
    const endpoint = base.endpoint;
    return new S3ControlClient({
      ...base,
      // S3 Control's endpoint rules put the account id in front of the host
      // ({AccountId}.s3-control.<region>.amazonaws.com), also in front of an
      // overridden endpoint. Behind a VPC endpoint or proxy that name does not
      // exist (and before an IP address it is not even a valid URL), so an
      // override is used as given; the account id still travels in the
      // x-amz-account-id header.
      ...(endpoint && { endpointProvider: () => ({ url: new URL(endpoint) }) }),
    });
  }

  /**
   * S3 in `region`: a bucket's configuration is read in the bucket's own
   * region (`ListBuckets` says which), the bucket list in any.
   */
  s3(region: string, credentials: Credentials) {
    const base = this.#base('s3', region, credentials);
    return new S3Client({
      ...base,
      // An overridden endpoint (a VPC interface endpoint, a proxy, an
      // S3-compatible store) is addressed in path style: the bucket in the
      // path, not in front of the host name, which such an endpoint does not
      // resolve.
      forcePathStyle: base.endpoint !== undefined,
      // A bucket whose region S3 did not say answers from its own region.
      followRegionRedirects: true,
    });
  }

  elbv2(region: string, credentials: Credentials) {
    return new ElasticLoadBalancingV2Client(
      this.#base('elbv2', region, credentials),
    );
  }

  /** WAFv2 of `region`: web ACLs of regional resources (load balancers) live there. */
  wafv2(region: string, credentials: Credentials) {
    return new WAFV2Client(this.#base('wafv2', region, credentials));
  }

  cloudfront(credentials: Credentials) {
    // CloudFront is global; its endpoint lives in us-east-1.
    return new CloudFrontClient(
      this.#base('cloudfront', 'us-east-1', credentials),
    );
  }

  rds(region: string, credentials: Credentials) {
    return new RDSClient(this.#base('rds', region, credentials));
  }

  elasticache(region: string, credentials: Credentials) {
    return new ElastiCacheClient(
      this.#base('elasticache', region, credentials),
    );
  }

  autoscaling(region: string, credentials: Credentials) {
    return new AutoScalingClient(
      this.#base('autoscaling', region, credentials),
    );
  }

  macie2(region: string, credentials: Credentials) {
    return new Macie2Client(this.#base('macie2', region, credentials));
  }

  kms(region: string, credentials: Credentials) {
    return new KMSClient(this.#base('kms', region, credentials));
  }

  destroy() {
    this.#requestHandler.destroy();
  }
}
