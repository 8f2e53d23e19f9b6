import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, Provider } from '@smithy/types';
import type { AwsClientFactory } from './clients';

/**
 * Assumes a role and returns its session's credentials, with their
 * expiration so that the SDK assumes it again before they run out. The one
 * AssumeRole of the scanner: the organisation's role and every member's.
 */
export async function assumeRole(
  sts: STSClient,
  options: {
    roleArn: string;
    sessionName: string;
    externalId?: string;
    durationSeconds?: number;
    signal?: AbortSignal;
  },
): Promise<AwsCredentialIdentity> {
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: options.roleArn,
      RoleSessionName: options.sessionName,
      ExternalId: options.externalId,
      DurationSeconds: options.durationSeconds,
    }),
    { abortSignal: options.signal },
  );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
    throw new Error(
      `AssumeRole into ${options.roleArn} returned no credentials`,
    );
  }
  return {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
    expiration: Credentials.Expiration,
  };
}

/** A role to assume, as configured. */
export type RoleSettings = {
  externalId?: string;
  sessionName: string;
};

/**
 * Credentials for the scanner's two kinds of caller: the organisation reader
 * (the default provider chain, or a configured role assumed through it) and
 * the read-only role in each member account.
 */
export class ScanCredentials {
  readonly #clients: AwsClientFactory;
  readonly #organization?: RoleSettings & { arn: string; region: string };
  readonly #member: RoleSettings & { name: string; region: string };

  private constructor(options: {
    clients: AwsClientFactory;
    organization?: RoleSettings & { arn: string; region: string };
    member: RoleSettings & { name: string; region: string };
  }) {
    this.#clients = options.clients;
    this.#organization = options.organization;
    this.#member = options.member;
  }

  /**
   * `organization.region` is where its role is assumed (Organizations'
   * region); `member.region` where member roles are (the first scanned region).
   */
  static create(options: {
    clients: AwsClientFactory;
    organization?: RoleSettings & { arn: string; region: string };
    member: RoleSettings & { name: string; region: string };
  }) {
    return new ScanCredentials(options);
  }

  /**
   * For Organizations: undefined for the default provider chain, else a
   * provider that assumes the configured role. The SDK calls it again before
   * the session expires, so a scan longer than a session does not fail half
   * way; every AssumeRole it makes ends with the scan's `signal`.
   */
  organization(
    signal?: AbortSignal,
  ): Provider<AwsCredentialIdentity> | undefined {
    const role = this.#organization;
    if (!role) return undefined;
    const sts = this.#clients.sts(role.region);
    return () =>
      assumeRole(sts, {
        roleArn: role.arn,
        sessionName: role.sessionName,
        externalId: role.externalId,
        signal,
      });
  }

  /** The member account's read-only role, for one account's collection (an hour). */
  member(
    accountId: string,
    signal?: AbortSignal,
  ): Promise<AwsCredentialIdentity> {
    const role = this.#member;
    return assumeRole(this.#clients.sts(role.region), {
      roleArn: `arn:aws:iam::${accountId}:role/${role.name}`,
      sessionName: role.sessionName,
      externalId: role.externalId,
      durationSeconds: 3600,
      signal,
    });
  }
}
