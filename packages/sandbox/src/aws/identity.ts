import { base32Decode, base32Encode, hashHex, hashUpper } from '../org/ids';
import type { OrganizationIndex } from '../org/OrganizationIndex';
import type { Caller } from './types';

/**
 * The long-term keys of the management account's admin user. Any access key the
 * sandbox did not issue is taken as these, so a developer's real-looking
 * environment variables work too.
 *
 * @public
 */
export const MANAGEMENT_CREDENTIALS = {
  accessKeyId: 'AKIALZSANDBOXADMIN01',
  secretAccessKey: 'lz-sandbox/management/NOT-A-REAL-SECRET',
} as const;

/** The IAM user the management keys belong to. */
export const MANAGEMENT_USER = 'lz-sandbox-admin';

// Temporary keys are ASIA (as AWS's are) + a marker + base32 of "account:role": the
// sandbox keeps no session state, any key it issued decodes back to its account.
const ASSUMED_PREFIX = 'ASIALZ';

type SessionToken = { a: string; r: string; s: string; e: number };

/** Issues assumed-role credentials and tells the caller from an access key. */
export class CredentialIssuer {
  readonly #index: OrganizationIndex;

  static create(index: OrganizationIndex): CredentialIssuer {
    return new CredentialIssuer(index);
  }

  private constructor(index: OrganizationIndex) {
    this.#index = index;
  }

  issue(
    accountId: string,
    roleName: string,
    sessionName: string,
    durationSeconds: number,
  ): {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
    expiration: Date;
  } {
    const expiration = new Date(Date.now() + durationSeconds * 1000);
    const token: SessionToken = {
      a: accountId,
      r: roleName,
      s: sessionName,
      e: Math.floor(expiration.getTime() / 1000),
    };
    return {
      accessKeyId: `${ASSUMED_PREFIX}${base32Encode(
        `${accountId}:${roleName}`,
      )}`,
      secretAccessKey: hashHex(
        `${accountId}|${roleName}|${sessionName}|secret`,
        40,
      ),
      sessionToken: `LZSBX${Buffer.from(JSON.stringify(token)).toString(
        'base64url',
      )}`,
      expiration,
    };
  }

  /**
   * The caller behind an access key. Undefined for a key the sandbox issued for
   * an account that is not in the organisation (AWS: the token is invalid).
   */
  callerFor(
    accessKeyId: string | undefined,
    sessionToken?: string,
  ): Caller | undefined {
    if (accessKeyId?.startsWith(ASSUMED_PREFIX)) {
      const decoded = base32Decode(accessKeyId.slice(ASSUMED_PREFIX.length));
      const [accountId, roleName] = decoded?.split(':') ?? [];
      if (!accountId || !roleName || !this.#index.account(accountId)) {
        return undefined;
      }
      const sessionName = this.#sessionName(sessionToken, accountId, roleName);
      return this.assumedRoleCaller(
        accountId,
        roleName,
        sessionName,
        accessKeyId,
      );
    }
    const managementId = this.#index.organization.managementAccountId;
    return {
      accountId: managementId,
      arn: `arn:aws:iam::${managementId}:user/${MANAGEMENT_USER}`,
      userId: `AIDA${hashUpper(`${managementId}|user|${MANAGEMENT_USER}`, 17)}`,
      accessKeyId: accessKeyId ?? MANAGEMENT_CREDENTIALS.accessKeyId,
    };
  }

  assumedRoleCaller(
    accountId: string,
    roleName: string,
    sessionName: string,
    accessKeyId: string,
  ): Caller {
    return {
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId(accountId, roleName)}:${sessionName}`,
      accessKeyId,
      roleName,
      sessionName,
    };
  }

  #sessionName(
    token: string | undefined,
    accountId: string,
    roleName: string,
  ): string {
    if (token?.startsWith('LZSBX')) {
      try {
        const parsed = JSON.parse(
          Buffer.from(token.slice(5), 'base64url').toString('utf8'),
        ) as SessionToken;
        if (parsed.a === accountId && parsed.r === roleName && parsed.s) {
          return parsed.s;
        }
      } catch {
        // A mangled token still identifies the account through the key; only the session name is lost.
      }
    }
    return 'session';
  }
}

/** The unique id of a role (AROA…), stable per account and role name. */
export function roleId(accountId: string, roleName: string): string {
  return `AROA${hashUpper(`${accountId}|role|${roleName}`, 17)}`;
}
