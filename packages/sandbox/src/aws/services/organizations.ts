import type {
  Account,
  OrganizationalUnit,
  ServiceControlPolicy,
} from '../../org/types';
import { effectiveDeclarativePolicy } from '../../org/declarativePolicy';
import type { OrganizationIndex } from '../../org/OrganizationIndex';
import { AwsError } from '../errors';
import { page, type PageRules } from '../paging';
import type { JsonHandler, JsonRpcService, OperationContext } from '../types';

// Organizations pages at most 20 items per call, whatever the caller asks for more.
const PAGING: PageRules = {
  min: 1,
  max: 20,
  invalidToken: () =>
    new AwsError(
      'InvalidInputException',
      'The provided NextToken is not valid.',
      400,
      {
        Reason: 'INVALID_NEXT_TOKEN',
      },
    ),
  invalidSize: message =>
    new AwsError('InvalidInputException', message, 400, {
      Reason: 'MAX_VALUE_EXCEEDED',
    }),
};

function str(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  return typeof value === 'string' ? value : undefined;
}

function num(input: Record<string, unknown>, name: string): number | undefined {
  const value = input[name];
  return typeof value === 'number' ? value : undefined;
}

function required(input: Record<string, unknown>, name: string): string {
  const value = str(input, name);
  if (!value) {
    throw new AwsError(
      'InvalidInputException',
      `You must specify a value for ${name}.`,
      400,
      {
        Reason: 'INPUT_REQUIRED',
      },
    );
  }
  return value;
}

/** Pages a list for one operation; the scope keeps tokens from crossing listings. */
function paged<T>(
  ctx: OperationContext,
  operation: string,
  items: readonly T[],
  input: Record<string, unknown>,
  scopeExtra = '',
): { items: T[]; NextToken?: string } {
  const result = page(
    items,
    {
      scope: `organizations|${operation}|${ctx.caller.accountId}|${scopeExtra}`,
      token: str(input, 'NextToken'),
      size: num(input, 'MaxResults'),
      defaultSize: ctx.faults.pageSize,
    },
    PAGING,
  );
  return { items: result.items, NextToken: result.nextToken };
}

function arns(index: OrganizationIndex) {
  const { id, managementAccountId: mgmt } = index.organization;
  return {
    organization: `arn:aws:organizations::${mgmt}:organization/${id}`,
    root: (rootId: string) =>
      `arn:aws:organizations::${mgmt}:root/${id}/${rootId}`,
    ou: (ouId: string) => `arn:aws:organizations::${mgmt}:ou/${id}/${ouId}`,
    account: (accountId: string) =>
      `arn:aws:organizations::${mgmt}:account/${id}/${accountId}`,
    policy: (policy: ServiceControlPolicy) =>
      policy.awsManaged
        ? `arn:aws:organizations::aws:policy/${policy.type.toLowerCase()}/${
            policy.id
          }`
        : `arn:aws:organizations::${mgmt}:policy/${id}/${policy.type.toLowerCase()}/${
            policy.id
          }`,
  };
}

/** The ids from the organisation down to `parentId`, as AWS writes entity paths. */
function pathTo(index: OrganizationIndex, parentId: string): string {
  const chain: string[] = [];
  for (let id: string | undefined = parentId; id; ) {
    chain.unshift(id);
    id = index.organizationalUnit(id)?.parentId;
  }
  return `${index.organization.id}/${chain.join('/')}/`;
}

function accountShape(index: OrganizationIndex, account: Account) {
  return {
    Id: account.id,
    Arn: arns(index).account(account.id),
    Email: account.email,
    Name: account.name,
    // `State` only: AWS retired `Status`, and a client still reading it should notice here.
    State: account.status,
    Paths: [`${pathTo(index, account.parentId)}${account.id}/`],
    JoinedMethod: account.joinedMethod,
    // awsJson timestamps are epoch seconds.
    JoinedTimestamp: Date.parse(account.joinedTimestamp) / 1000,
  };
}

function ouShape(index: OrganizationIndex, ou: OrganizationalUnit) {
  return {
    Id: ou.id,
    Arn: arns(index).ou(ou.id),
    Name: ou.name,
    Path: `${pathTo(index, ou.id)}`,
  };
}

function policySummary(index: OrganizationIndex, policy: ServiceControlPolicy) {
  return {
    Id: policy.id,
    Arn: arns(index).policy(policy),
    Name: policy.name,
    Description: policy.description,
    Type: policy.type,
    AwsManaged: policy.awsManaged,
  };
}

const POLICY_TYPES = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'BACKUP_POLICY',
  'TAG_POLICY',
  'CHATBOT_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'SECURITYHUB_POLICY',
];

/** The policy type asked for; the sandbox has policies of three of them, the others list empty. */
function policyType(input: Record<string, unknown>, name: string): string {
  const type = required(input, name);
  if (!POLICY_TYPES.includes(type)) {
    throw new AwsError(
      'InvalidInputException',
      `Invalid policy type ${type}.`,
      400,
      {
        Reason: 'INVALID_ENUM_POLICY_TYPE',
      },
    );
  }
  return type;
}

/** The policy types enabled on the root, as Organizations lists them. */
function enabledPolicyTypes(index: OrganizationIndex) {
  return index.organization.enabledPolicyTypes.map(Type => ({
    Type,
    Status: 'ENABLED',
  }));
}

// Only management policy types have an effective policy; authorization
// policies (SCPs, RCPs) are evaluated, not merged.
const EFFECTIVE_POLICY_TYPES = POLICY_TYPES.filter(
  t => t !== 'SERVICE_CONTROL_POLICY' && t !== 'RESOURCE_CONTROL_POLICY',
);

const ACCOUNT_NOT_FOUND = () =>
  new AwsError(
    'AccountNotFoundException',
    "We can't find an AWS account with the AccountId that you specified, or the account whose credentials you used to make this request isn't a member of an organization.",
  );

/** Only the management account reads the organisation; members get AccessDenied. */
function managementOnly(handler: JsonHandler): JsonHandler {
  return (ctx, input) => {
    const org = ctx.index.organization;
    if (!org.inUse) {
      throw new AwsError(
        'AWSOrganizationsNotInUseException',
        'Your account is not a member of an organization.',
      );
    }
    if (ctx.caller.accountId !== org.managementAccountId) {
      throw new AwsError(
        'AccessDeniedException',
        "You don't have permissions to access this resource.",
      );
    }
    return handler(ctx, input);
  };
}

function targetType(
  index: OrganizationIndex,
  id: string,
): 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT' | undefined {
  if (id === index.organization.rootId) return 'ROOT';
  if (index.organizationalUnit(id)) return 'ORGANIZATIONAL_UNIT';
  if (index.account(id)) return 'ACCOUNT';
  return undefined;
}

function targetName(index: OrganizationIndex, id: string): string {
  return (
    index.organizationalUnit(id)?.name ??
    index.account(id)?.name ??
    (id === index.organization.rootId ? 'Root' : id)
  );
}

const operations: Record<string, JsonHandler> = {
  DescribeOrganization: ctx => {
    const org = ctx.index.organization;
    if (!org.inUse) {
      throw new AwsError(
        'AWSOrganizationsNotInUseException',
        'Your account is not a member of an organization.',
      );
    }
    const mgmt = ctx.index.account(org.managementAccountId);
    return {
      Organization: {
        Id: org.id,
        Arn: arns(ctx.index).organization,
        FeatureSet: org.featureSet,
        MasterAccountArn: arns(ctx.index).account(org.managementAccountId),
        MasterAccountId: org.managementAccountId,
        MasterAccountEmail: mgmt?.email,
        AvailablePolicyTypes: enabledPolicyTypes(ctx.index),
      },
    };
  },

  ListRoots: managementOnly((ctx, input) => {
    const rootId = ctx.index.organization.rootId;
    const { items, NextToken } = paged(ctx, 'ListRoots', [rootId], input);
    return {
      Roots: items.map(id => ({
        Id: id,
        Arn: arns(ctx.index).root(id),
        Name: 'Root',
        PolicyTypes: enabledPolicyTypes(ctx.index),
      })),
      NextToken,
    };
  }),

  ListOrganizationalUnitsForParent: managementOnly((ctx, input) => {
    const parentId = required(input, 'ParentId');
    if (!ctx.index.isParent(parentId)) {
      throw new AwsError(
        'ParentNotFoundException',
        "We can't find a root or OU with the ParentId that you specified.",
      );
    }
    const { items, NextToken } = paged(
      ctx,
      'ListOrganizationalUnitsForParent',
      ctx.index.childOus(parentId),
      input,
      parentId,
    );
    return {
      OrganizationalUnits: items.map(ou => ouShape(ctx.index, ou)),
      NextToken,
    };
  }),

  ListAccounts: managementOnly((ctx, input) => {
    const { items, NextToken } = paged(
      ctx,
      'ListAccounts',
      ctx.index.organization.accounts,
      input,
    );
    return { Accounts: items.map(a => accountShape(ctx.index, a)), NextToken };
  }),

  DescribeAccount: managementOnly((ctx, input) => {
    const account = ctx.index.account(required(input, 'AccountId'));
    if (!account) throw ACCOUNT_NOT_FOUND();
    return { Account: accountShape(ctx.index, account) };
  }),

  ListAccountsForParent: managementOnly((ctx, input) => {
    const parentId = required(input, 'ParentId');
    if (!ctx.index.isParent(parentId)) {
      throw new AwsError(
        'ParentNotFoundException',
        "We can't find a root or OU with the ParentId that you specified.",
      );
    }
    const { items, NextToken } = paged(
      ctx,
      'ListAccountsForParent',
      ctx.index.childAccounts(parentId),
      input,
      parentId,
    );
    return { Accounts: items.map(a => accountShape(ctx.index, a)), NextToken };
  }),

  ListParents: managementOnly((ctx, input) => {
    const childId = required(input, 'ChildId');
    const parentId =
      ctx.index.account(childId)?.parentId ??
      ctx.index.organizationalUnit(childId)?.parentId;
    if (!parentId) {
      throw new AwsError(
        'ChildNotFoundException',
        "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
      );
    }
    const { items, NextToken } = paged(
      ctx,
      'ListParents',
      [parentId],
      input,
      childId,
    );
    return {
      Parents: items.map(id => ({
        Id: id,
        Type:
          id === ctx.index.organization.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT',
      })),
      NextToken,
    };
  }),

  ListTagsForResource: managementOnly((ctx, input) => {
    const resourceId = required(input, 'ResourceId');
    const tags =
      ctx.index.account(resourceId)?.tags ??
      ctx.index.organizationalUnit(resourceId)?.tags ??
      (resourceId === ctx.index.organization.rootId ||
      ctx.index.policy(resourceId)
        ? {}
        : undefined);
    if (!tags) {
      throw new AwsError(
        'TargetNotFoundException',
        "We can't find a root, OU, account, or policy with the TargetId that you specified.",
      );
    }
    const { items, NextToken } = paged(
      ctx,
      'ListTagsForResource',
      Object.entries(tags),
      { NextToken: input.NextToken },
      resourceId,
    );
    return { Tags: items.map(([Key, Value]) => ({ Key, Value })), NextToken };
  }),

  ListPolicies: managementOnly((ctx, input) => {
    const type = policyType(input, 'Filter');
    const { items, NextToken } = paged(
      ctx,
      'ListPolicies',
      ctx.index.organization.policies.filter(p => p.type === type),
      input,
      type,
    );
    return { Policies: items.map(p => policySummary(ctx.index, p)), NextToken };
  }),

  ListPoliciesForTarget: managementOnly((ctx, input) => {
    const targetId = required(input, 'TargetId');
    const type = policyType(input, 'Filter');
    if (!targetType(ctx.index, targetId)) {
      throw new AwsError(
        'TargetNotFoundException',
        "We can't find a root, OU, account, or policy with the TargetId that you specified.",
      );
    }
    const { items, NextToken } = paged(
      ctx,
      'ListPoliciesForTarget',
      ctx.index.policiesFor(targetId).filter(p => p.type === type),
      input,
      `${targetId}|${type}`,
    );
    return { Policies: items.map(p => policySummary(ctx.index, p)), NextToken };
  }),

  ListTargetsForPolicy: managementOnly((ctx, input) => {
    const policyId = required(input, 'PolicyId');
    const policy = ctx.index.policy(policyId);
    if (!policy) {
      throw new AwsError(
        'PolicyNotFoundException',
        "We can't find a policy with the PolicyId that you specified.",
      );
    }
    const { items, NextToken } = paged(
      ctx,
      'ListTargetsForPolicy',
      policy.targetIds,
      input,
      policyId,
    );
    const a = arns(ctx.index);
    const arnOf = {
      ROOT: a.root,
      ORGANIZATIONAL_UNIT: a.ou,
      ACCOUNT: a.account,
    };
    return {
      Targets: items.map(id => {
        const type = targetType(ctx.index, id) ?? 'ACCOUNT';
        return {
          TargetId: id,
          Arn: arnOf[type](id),
          Name: targetName(ctx.index, id),
          Type: type,
        };
      }),
      NextToken,
    };
  }),

  DescribePolicy: managementOnly((ctx, input) => {
    const policyId = required(input, 'PolicyId');
    const policy = ctx.index.policy(policyId);
    if (!policy) {
      throw new AwsError(
        'PolicyNotFoundException',
        "We can't find a policy with the PolicyId that you specified.",
      );
    }
    return {
      Policy: {
        PolicySummary: policySummary(ctx.index, policy),
        Content: policy.content,
      },
    };
  }),

  /*
   * Any member account may ask for its own effective policy (TargetId omitted
   * or its own id); the management account for any account's.
   */
  DescribeEffectivePolicy: (ctx, input) => {
    const org = ctx.index.organization;
    if (!org.inUse) {
      throw new AwsError(
        'AWSOrganizationsNotInUseException',
        'Your account is not a member of an organization.',
      );
    }
    const type = policyType(input, 'PolicyType');
    if (!EFFECTIVE_POLICY_TYPES.includes(type)) {
      throw new AwsError(
        'InvalidInputException',
        `You can't get an effective policy of type ${type}: effective policies exist only for management policy types.`,
        400,
        { Reason: 'INVALID_ENUM_POLICY_TYPE' },
      );
    }
    const targetId = str(input, 'TargetId') ?? ctx.caller.accountId;
    const management = ctx.caller.accountId === org.managementAccountId;
    if (!management && targetId !== ctx.caller.accountId) {
      throw new AwsError(
        'AccessDeniedException',
        "You don't have permissions to access this resource.",
      );
    }
    const kind = targetType(ctx.index, targetId);
    if (!kind) {
      throw new AwsError(
        'TargetNotFoundException',
        "We can't find a root, OU, account, or policy with the TargetId that you specified.",
      );
    }
    if (kind !== 'ACCOUNT') {
      throw new AwsError(
        'InvalidInputException',
        'You can specify only an account as the target of an effective policy.',
        400,
        { Reason: 'TARGET_NOT_SUPPORTED' },
      );
    }
    const effective =
      type === 'DECLARATIVE_POLICY_EC2'
        ? effectiveDeclarativePolicy(ctx.index, targetId)
        : undefined;
    if (!effective) {
      throw new AwsError(
        'EffectivePolicyNotFoundException',
        "We can't find an effective policy of the requested type for the target.",
      );
    }
    return {
      EffectivePolicy: {
        PolicyContent: JSON.stringify(effective),
        // awsJson timestamps are epoch seconds; the policies are as old as the sandbox.
        LastUpdatedTimestamp: Math.floor(ctx.index.startedAt / 1000),
        TargetId: targetId,
        PolicyType: type,
      },
    };
  },
};

/** AWS Organizations: awsJson1_1, global (the SDK signs for us-east-1). */
export const organizationsService: JsonRpcService = {
  name: 'organizations',
  protocol: 'awsJson1_1',
  signingNames: ['organizations'],
  targetPrefixes: ['AWSOrganizationsV20161128'],
  errorMessageKey: 'Message',
  throttling: {
    code: 'TooManyRequestsException',
    status: 400,
    message:
      "AWS Organizations can't complete your request because another request is already in progress. Try again later.",
  },
  serverError: {
    code: 'ServiceException',
    status: 500,
    message:
      "AWS Organizations can't complete your request because of an internal service error. Try again later.",
  },
  operations,
};
