import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
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

  destroy() {
    this.#requestHandler.destroy();
  }
}
