import { AwsError } from '../errors';
import type { QueryHandler, QueryService } from '../types';
import { el, node } from '../xml';

const ROLE_ARN =
  /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function denied(callerArn: string, roleArn: string): AwsError {
  return new AwsError(
    'AccessDenied',
    `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    403,
  );
}

const operations: Record<string, QueryHandler> = {
  AssumeRole: (ctx, params) => {
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    const m = ROLE_ARN.exec(roleArn);
    if (!m) {
      throw new AwsError(
        'ValidationError',
        `${roleArn || 'RoleArn'} is invalid`,
      );
    }
    if (!SESSION_NAME.test(sessionName)) {
      throw new AwsError(
        'ValidationError',
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      );
    }
    const duration = params.int('DurationSeconds') ?? 3600;
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw new AwsError(
        'ValidationError',
        "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200",
      );
    }
    const [, accountId, roleName] = m;
    const account = ctx.index.account(accountId);
    const role = account?.roles.find(r => r.name === roleName);
    // Every way AssumeRole fails in AWS looks the same to the caller: AccessDenied.
    if (
      !account ||
      !role ||
      // Suspended, closing and closed accounts cannot be entered.
      account.status !== 'ACTIVE' ||
      account.denyAssumeRole ||
      ctx.faults.isAssumeRoleDenied(accountId) ||
      (role.externalId !== undefined &&
        params.get('ExternalId') !== role.externalId)
    ) {
      throw denied(ctx.caller.arn, roleArn);
    }
    const credentials = ctx.credentials.issue(
      accountId,
      roleName,
      sessionName,
      duration,
    );
    const assumed = ctx.credentials.assumedRoleCaller(
      accountId,
      roleName,
      sessionName,
      credentials.accessKeyId,
    );
    return (
      node(
        'Credentials',
        el('AccessKeyId', credentials.accessKeyId),
        el('SecretAccessKey', credentials.secretAccessKey),
        el('SessionToken', credentials.sessionToken),
        el('Expiration', credentials.expiration.toISOString()),
      ) +
      node(
        'AssumedRoleUser',
        el('AssumedRoleId', assumed.userId),
        el('Arn', assumed.arn),
      ) +
      el('PackedPolicySize', 0)
    );
  },

  GetCallerIdentity: ctx =>
    el('UserId', ctx.caller.userId) +
    el('Account', ctx.caller.accountId) +
    el('Arn', ctx.caller.arn),
};

/** AWS STS: awsQuery. */
export const stsService: QueryService = {
  name: 'sts',
  protocol: 'awsQuery',
  signingNames: ['sts'],
  version: '2011-06-15',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  throttling: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  serverError: {
    code: 'InternalFailure',
    status: 500,
    message:
      'The request processing has failed because of an unknown error, exception or failure.',
  },
  operations,
};
