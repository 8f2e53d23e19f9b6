import { callerAccount } from '../context';
import { AwsError } from '../errors';
import { page, type PageRules } from '../paging';
import type { QueryParams } from '../query';
import type { OperationContext, QueryHandler, QueryService } from '../types';
import { el, escapeXml, list, node } from '../xml';

// IAM's Marker/MaxItems paging: at most 1,000 (IAM's own default of 100 gives way
// to the sandbox's smaller faults.pageSize).
const PAGING: PageRules = {
  min: 1,
  max: 1000,
  invalidToken: () => new AwsError('InvalidInput', 'Invalid Marker.'),
  invalidSize: message => new AwsError('ValidationError', message),
};

const QUOTAS: Record<string, number> = {
  AccessKeysPerUserQuota: 2,
  AssumeRolePolicySizeQuota: 2048,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: 10,
  AttachedPoliciesPerUserQuota: 10,
  GlobalEndpointTokenVersion: 1,
  GroupPolicySizeQuota: 5120,
  Groups: 0,
  GroupsPerUserQuota: 10,
  GroupsQuota: 300,
  InstanceProfiles: 0,
  InstanceProfilesQuota: 1000,
  Policies: 0,
  PoliciesQuota: 1500,
  PolicySizeQuota: 6144,
  PolicyVersionsInUse: 0,
  PolicyVersionsInUseQuota: 10000,
  Providers: 0,
  RolePolicySizeQuota: 10240,
  RolesQuota: 1000,
  ServerCertificates: 0,
  ServerCertificatesQuota: 20,
  SigningCertificatesPerUserQuota: 2,
  UserPolicySizeQuota: 2048,
  UsersQuota: 5000,
  VersionsPerPolicyQuota: 5,
};

/** ListUsers and ListRoles: the caller's entities under PathPrefix, paged with Marker/MaxItems. */
function pathListing<T extends { path: string }>(
  ctx: OperationContext,
  params: QueryParams,
  member: 'Users' | 'Roles',
  all: T[],
  render: (item: T) => string,
): string {
  const prefix = params.get('PathPrefix') ?? '/';
  const result = page(
    all.filter(e => e.path.startsWith(prefix)),
    {
      scope: `iam|List${member}|${ctx.caller.accountId}|${prefix}`,
      token: params.get('Marker'),
      size: params.int('MaxItems'),
      defaultSize: ctx.faults.pageSize,
    },
    PAGING,
  );
  return (
    el('IsTruncated', result.nextToken !== undefined) +
    list(member, 'member', result.items, render) +
    el('Marker', result.nextToken)
  );
}

const operations: Record<string, QueryHandler> = {
  GetAccountSummary: ctx => {
    const account = callerAccount(ctx);
    const { iam } = account;
    const summary: Record<string, number> = {
      ...QUOTAS,
      AccountMFAEnabled: iam.rootMfaEnabled ? 1 : 0,
      AccountAccessKeysPresent: iam.rootAccessKeysPresent ? 1 : 0,
      AccountPasswordPresent: iam.rootPasswordPresent ? 1 : 0,
      AccountSigningCertificatesPresent: iam.rootSigningCertificatesPresent
        ? 1
        : 0,
      MFADevices: iam.rootMfaEnabled ? 1 : 0,
      MFADevicesInUse: iam.rootMfaEnabled ? 1 : 0,
      Users: iam.users.length,
      Roles: account.iam.roles.length,
    };
    return list(
      'SummaryMap',
      'entry',
      Object.entries(summary),
      ([k, v]) => el('key', k) + el('value', v),
    );
  },

  /*
   * Centralised root access is read in the management account; a member
   * account is refused as AWS refuses it.
   */
  ListOrganizationsFeatures: ctx => {
    const org = ctx.index.organization;
    if (!org.inUse) {
      throw new AwsError(
        'OrganizationNotFoundException',
        'The request was rejected because no organization is associated with your account.',
      );
    }
    if (ctx.caller.accountId !== org.managementAccountId) {
      throw new AwsError(
        'AccountNotManagementOrDelegatedAdministratorException',
        'The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.',
      );
    }
    return (
      el('OrganizationId', org.id) +
      list('EnabledFeatures', 'member', org.rootAccessFeatures, f =>
        escapeXml(f),
      )
    );
  },

  /*
   * Only the root user's virtual device is modelled: its serial number is the
   * one AWS gives a root device, and its user is the root (no user name).
   */
  ListVirtualMFADevices: (ctx, params) => {
    const account = callerAccount(ctx);
    const status = params.get('AssignmentStatus') ?? 'Any';
    if (!['Assigned', 'Unassigned', 'Any'].includes(status)) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${status}' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Assigned, Any, Unassigned]`,
      );
    }
    const devices =
      account.iam.rootMfaDevice === 'virtual' && status !== 'Unassigned'
        ? [account]
        : [];
    const result = page(
      devices,
      {
        scope: `iam|ListVirtualMFADevices|${account.id}|${status}`,
        token: params.get('Marker'),
        size: params.int('MaxItems'),
        defaultSize: ctx.faults.pageSize,
      },
      PAGING,
    );
    return (
      list(
        'VirtualMFADevices',
        'member',
        result.items,
        a =>
          el(
            'SerialNumber',
            `arn:aws:iam::${a.id}:mfa/root-account-mfa-device`,
          ) +
          node(
            'User',
            el('UserId', a.id) +
              el('Arn', `arn:aws:iam::${a.id}:root`) +
              el('CreateDate', a.joinedTimestamp),
          ) +
          el('EnableDate', a.joinedTimestamp),
      ) +
      el('IsTruncated', result.nextToken !== undefined) +
      el('Marker', result.nextToken)
    );
  },

  ListUsers: (ctx, params) => {
    const account = callerAccount(ctx);
    return pathListing(
      ctx,
      params,
      'Users',
      account.iam.users,
      u =>
        el('Path', u.path) +
        el('UserName', u.name) +
        el('UserId', u.id) +
        el('Arn', `arn:aws:iam::${account.id}:user${u.path}${u.name}`) +
        el('CreateDate', u.createDate) +
        el('PasswordLastUsed', u.passwordLastUsed),
    );
  },

  ListRoles: (ctx, params) => {
    const account = callerAccount(ctx);
    return pathListing(
      ctx,
      params,
      'Roles',
      account.iam.roles,
      r =>
        el('Path', r.path) +
        el('RoleName', r.name) +
        el('RoleId', r.id) +
        el('Arn', `arn:aws:iam::${account.id}:role${r.path}${r.name}`) +
        el('CreateDate', r.createDate) +
        // IAM returns the trust policy URL-encoded (RFC 3986).
        el('AssumeRolePolicyDocument', encodeURIComponent(r.trustPolicy)) +
        el('Description', r.description) +
        el('MaxSessionDuration', 3600),
    );
  },

  ListAccessKeys: (ctx, params) => {
    const account = callerAccount(ctx);
    const userName = params.get('UserName');
    if (!userName) {
      // Without a user name IAM lists the calling user's keys; a role session has none.
      if (ctx.caller.roleName) {
        throw new AwsError(
          'ValidationError',
          'Must specify userName when calling with non-User credentials',
        );
      }
      return (
        el('IsTruncated', false) +
        list('AccessKeyMetadata', 'member', [], () => '')
      );
    }
    const user = account.iam.users.find(u => u.name === userName);
    if (!user) {
      throw new AwsError(
        'NoSuchEntity',
        `The user with name ${userName} cannot be found.`,
        404,
      );
    }
    const result = page(
      user.accessKeys,
      {
        scope: `iam|ListAccessKeys|${account.id}|${userName}`,
        token: params.get('Marker'),
        size: params.int('MaxItems'),
        defaultSize: ctx.faults.pageSize,
      },
      PAGING,
    );
    return (
      el('IsTruncated', result.nextToken !== undefined) +
      list(
        'AccessKeyMetadata',
        'member',
        result.items,
        k =>
          el('UserName', user.name) +
          el('AccessKeyId', k.id) +
          el('Status', k.status) +
          el('CreateDate', k.createDate),
      ) +
      el('Marker', result.nextToken)
    );
  },
};

/** AWS IAM: awsQuery, global. */
export const iamService: QueryService = {
  name: 'iam',
  protocol: 'awsQuery',
  signingNames: ['iam'],
  version: '2010-05-08',
  xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  throttling: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  serverError: {
    code: 'ServiceFailure',
    status: 500,
    message:
      'The request processing has failed because of an unknown error, exception or failure.',
  },
  operations,
};
