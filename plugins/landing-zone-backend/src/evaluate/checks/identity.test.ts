import {
  type AccountFacts,
  type CheckContext,
  defaultGuardrailSettings,
  type IamRole,
} from '@internal/plugin-landing-zone-common';
import {
  data,
  failed,
  inEnglish,
  makeAccount,
  makeContext,
  managementAccountId,
  organizationId,
} from '../fixtures';
import { iamNoUsersCheck, iamRoleTrustCheck } from './identity';

const accountId = '111122223333';
const siblingId = '444455556666';
const partnerId = '777788889999';
const strangerId = '999900001111';

const messages = (verdict: { evidence: { message: string }[] }) =>
  inEnglish(verdict).evidence.map(e => e.message);

describe('iam-no-users', () => {
  const evaluate = (account: AccountFacts) =>
    iamNoUsersCheck.evaluate(makeContext(account));

  it('passes an account without IAM users', () => {
    expect(inEnglish(evaluate(makeAccount()))).toEqual({
      status: 'pass',
      evidence: [{ message: 'The account has no IAM users' }],
    });
  });

  it('fails any user, with or without keys, naming ten by name and counting the rest', () => {
    const account = makeAccount();
    account.global!.iamUsers = data([
      {
        userName: 'ci',
        arn: `arn:aws:iam::${accountId}:user/ci`,
        passwordLastUsed: '2025-05-01T00:00:00Z',
      },
      { userName: 'alice' },
    ]);
    expect(inEnglish(evaluate(account))).toEqual({
      status: 'fail',
      evidence: [
        { resource: 'alice', message: 'IAM user alice exists' },
        {
          resource: `arn:aws:iam::${accountId}:user/ci`,
          message:
            'IAM user ci exists; its password was last used at 2025-05-01T00:00:00Z',
        },
      ],
    });
    account.global!.iamUsers = data(
      Array.from({ length: 13 }, (_, i) => ({
        userName: `user-${String(i).padStart(2, '0')}`,
      })),
    );
    const many = messages(evaluate(account));
    expect(many).toHaveLength(11);
    expect(many[0]).toBe('IAM user user-00 exists');
    expect(many[9]).toBe('IAM user user-09 exists');
    expect(many[10]).toBe('…and 3 more IAM users (13 in all)');
  });

  it('is unknown when the users were not collected or could not be listed', () => {
    const account = makeAccount();
    delete account.global!.iamUsers;
    expect(inEnglish(evaluate(account))).toEqual({
      status: 'unknown',
      evidence: [
        {
          message:
            'The list of IAM users was not collected (facts from before the portal read it)',
        },
      ],
    });
    account.global!.iamUsers = failed('AccessDenied', 'iam:ListUsers');
    expect(messages(evaluate(account))).toEqual([
      'iam:ListUsers: AccessDenied: AccessDenied (test)',
    ]);
  });
});

/** A role whose trust policy has `statements`. */
const role = (roleName: string, statements: unknown, path = '/'): IamRole => ({
  roleName,
  arn: `arn:aws:iam::${accountId}:role${path}${roleName}`,
  path,
  trustPolicy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
});

const allow = (principal: unknown, condition?: unknown) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'sts:AssumeRole',
  ...(condition ? { Condition: condition } : {}),
});

function contextWith(
  roles: IamRole[],
  options: { organizationListed?: boolean; trusted?: string[] } = {},
): CheckContext {
  const account = makeAccount({ id: accountId });
  account.global!.iamRoles = data(roles);
  return {
    ...makeContext(account),
    accountEnvironments:
      options.organizationListed === false
        ? undefined
        : new Map([
            [accountId, 'prod' as const],
            [siblingId, 'non-prod' as const],
          ]),
    settings: {
      ...defaultGuardrailSettings,
      trustedAccountIds: options.trusted ?? [partnerId],
    },
  };
}

const trustOf = (
  roles: IamRole[],
  options?: Parameters<typeof contextWith>[1],
) => iamRoleTrustCheck.evaluate(contextWith(roles, options));

describe('iam-role-trust', () => {
  it('passes services, identity providers, the organisation and named partners', () => {
    const verdict = trustOf([
      role('lambda', allow({ Service: 'lambda.amazonaws.com' })),
      role(
        'ec2',
        allow({ Service: ['ec2.amazonaws.com', 'ssm.amazonaws.com'] }),
      ),
      role(
        'github',
        allow({
          Federated: `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`,
        }),
      ),
      role(
        'saml',
        allow({ Federated: `arn:aws:iam::${accountId}:saml-provider/Okta` }),
      ),
      role('cognito', allow({ Federated: 'cognito-identity.amazonaws.com' })),
      role(
        'org',
        allow({
          AWS: [
            siblingId,
            `arn:aws:iam::${managementAccountId}:root`,
            `arn:aws:sts::${accountId}:assumed-role/Admin/alice`,
          ],
        }),
      ),
      role(
        'partner',
        allow(
          { AWS: `arn:aws:iam::${partnerId}:role/Auditor` },
          {
            StringEquals: { 'sts:ExternalId': 'x' },
          },
        ),
      ),
      // A deleted principal's unique id admits nobody.
      role('orphan', allow({ AWS: 'AROAEXAMPLEEXAMPLE123' })),
    ]);
    expect(inEnglish(verdict)).toEqual({
      status: 'pass',
      evidence: [
        {
          message:
            '8 role(s) checked: each trusts only the organisation, AWS services, identity providers or named partners',
        },
      ],
    });
  });

  it('fails an outside account and any principal without a condition, one piece of evidence per principal', () => {
    const verdict = trustOf([
      role('vendor', [
        allow({ AWS: [`arn:aws:iam::${strangerId}:root`, siblingId] }),
        allow({ AWS: strangerId }),
      ]),
      role('open', allow('*')),
      role('openAws', allow({ AWS: '*' })),
    ]);
    expect(inEnglish(verdict)).toEqual({
      status: 'fail',
      evidence: [
        {
          resource: `arn:aws:iam::${accountId}:role/vendor`,
          message: `Role vendor trusts arn:aws:iam::${strangerId}:root, of account ${strangerId} outside the organisation, without an aws:PrincipalOrgID condition`,
        },
        {
          resource: `arn:aws:iam::${accountId}:role/vendor`,
          message: `Role vendor trusts ${strangerId}, of account ${strangerId} outside the organisation, without an aws:PrincipalOrgID condition`,
        },
        {
          resource: `arn:aws:iam::${accountId}:role/open`,
          message:
            'Role open trusts any AWS principal (*) without an aws:PrincipalOrgID condition naming the organisation',
        },
        {
          resource: `arn:aws:iam::${accountId}:role/openAws`,
          message:
            'Role openAws trusts any AWS principal (*) without an aws:PrincipalOrgID condition naming the organisation',
        },
      ],
    });
  });

  it('admits * or an outside account under aws:PrincipalOrgID naming the organisation, or aws:PrincipalAccount naming trusted accounts', () => {
    const orgOnly = { StringEquals: { 'aws:PrincipalOrgID': organizationId } };
    expect(
      trustOf([
        role('any', allow('*', orgOnly)),
        role('stranger', allow({ AWS: strangerId }, orgOnly)),
        role(
          'lowercase',
          allow(
            { AWS: '*' },
            { StringEquals: { 'aws:principalorgid': [organizationId] } },
          ),
        ),
        role(
          'accounts',
          allow(
            { AWS: '*' },
            {
              StringEquals: { 'aws:PrincipalAccount': [siblingId, partnerId] },
            },
          ),
        ),
      ]).status,
    ).toBe('pass');
  });

  it('admits * under aws:PrincipalOrgPaths within the organisation, or aws:PrincipalArn naming trusted accounts', () => {
    expect(
      trustOf([
        role(
          'paths',
          allow('*', {
            'ForAnyValue:StringLike': {
              'aws:PrincipalOrgPaths': [
                `${organizationId}/r-abcd/ou-abcd-prod/*`,
              ],
            },
          }),
        ),
        role(
          'arns',
          allow(
            { AWS: '*' },
            {
              ArnLike: {
                'aws:PrincipalArn': [
                  `arn:aws:iam::${siblingId}:role/deployer-*`,
                  `arn:aws:iam::${partnerId}:role/sync`,
                ],
              },
            },
          ),
        ),
      ]).status,
    ).toBe('pass');
  });

  it('does not count an org path of another organisation, or an ARN of any or an outside account', () => {
    const roles = [
      role(
        'otherPath',
        allow('*', {
          'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-other/*'] },
        }),
      ),
      role(
        'anyAccount',
        allow('*', {
          ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' },
        }),
      ),
      role(
        'strangerArn',
        allow('*', {
          ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${strangerId}:root` },
        }),
      ),
      role(
        'pathsForAll',
        allow('*', {
          'ForAllValues:StringLike': {
            'aws:PrincipalOrgPaths': [`${organizationId}/*`],
          },
        }),
      ),
    ];
    const verdict = trustOf(roles);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence.map(e => e.resource)).toEqual(
      roles.map(r => r.arn),
    );
  });

  it('does not count conditions that restrict nothing or admit another organisation', () => {
    const roles = [
      role(
        'other',
        allow('*', { StringEquals: { 'aws:PrincipalOrgID': ['o-other'] } }),
      ),
      role(
        'both',
        allow('*', {
          StringEquals: { 'aws:PrincipalOrgID': [organizationId, 'o-other'] },
        }),
      ),
      role(
        'ifExists',
        allow('*', {
          StringEqualsIfExists: { 'aws:PrincipalOrgID': organizationId },
        }),
      ),
      role(
        'notEquals',
        allow('*', {
          StringNotEquals: { 'aws:PrincipalOrgID': organizationId },
        }),
      ),
      role(
        'stranger',
        allow('*', { StringEquals: { 'aws:PrincipalAccount': strangerId } }),
      ),
      role(
        'externalId',
        allow('*', { StringEquals: { 'sts:ExternalId': 'secret' } }),
      ),
    ];
    const verdict = trustOf(roles);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence.map(e => e.resource)).toEqual(
      roles.map(r => r.arn),
    );
  });

  it('fails NotPrincipal in an Allow statement and an identity provider of an outside account', () => {
    expect(
      messages(
        trustOf([
          role('not', {
            Effect: 'Allow',
            NotPrincipal: { AWS: `arn:aws:iam::${accountId}:root` },
            Action: 'sts:AssumeRole',
          }),
          role(
            'idp',
            allow({
              Federated: `arn:aws:iam::${strangerId}:saml-provider/Other`,
            }),
          ),
        ]),
      ),
    ).toEqual([
      `Role not trusts every principal but arn:aws:iam::${accountId}:root (NotPrincipal) without an aws:PrincipalOrgID condition naming the organisation`,
      `Role idp trusts arn:aws:iam::${strangerId}:saml-provider/Other, of account ${strangerId} outside the organisation, without an aws:PrincipalOrgID condition`,
    ]);
  });

  it('ignores Deny statements and skips service-linked roles', () => {
    expect(
      trustOf([
        role('denied', [
          allow({ Service: 'ec2.amazonaws.com' }),
          { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' },
        ]),
        role(
          'AWSServiceRoleForSupport',
          allow({ AWS: strangerId }),
          '/aws-service-role/support.amazonaws.com/',
        ),
      ]).status,
    ).toBe('pass');
    expect(
      messages(
        trustOf([
          role(
            'AWSServiceRoleForSupport',
            allow({ Service: 'support.amazonaws.com' }),
            '/aws-service-role/support.amazonaws.com/',
          ),
        ]),
      ),
    ).toEqual(['The account has no IAM roles but service-linked ones']);
  });

  it('reads URL-encoded trust policies as IAM returns them', () => {
    const encoded = role('vendor', allow({ AWS: strangerId }));
    encoded.trustPolicy = encodeURIComponent(encoded.trustPolicy);
    expect(trustOf([encoded]).status).toBe('fail');
  });

  it('trusts accounts only named as partners, and is unknown for an account when the organisation was not listed', () => {
    expect(
      trustOf([role('partner', allow({ AWS: partnerId }))], { trusted: [] })
        .status,
    ).toBe('fail');
    const sibling = role('sibling', allow({ AWS: siblingId }));
    expect(
      inEnglish(trustOf([sibling], { organizationListed: false })),
    ).toEqual({
      status: 'unknown',
      evidence: [
        {
          resource: sibling.arn,
          message: `Role sibling trusts ${siblingId}, of account ${siblingId}: whether it is in the organisation is not known (its accounts were not listed)`,
        },
      ],
    });
    // The account itself, the management account and partners are known without the list.
    expect(
      trustOf(
        [
          role(
            'known',
            allow({ AWS: [accountId, managementAccountId, partnerId] }),
          ),
        ],
        { organizationListed: false },
      ).status,
    ).toBe('pass');
  });

  it('is unknown for a role whose trust policy cannot be read or names principals it cannot judge', () => {
    const broken = { ...role('broken', []), trustPolicy: '{"Statement": [' };
    const noPrincipal = role('noPrincipal', {
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
    });
    const canonical = role('canonical', allow({ CanonicalUser: 'abc123' }));
    const verdict = trustOf([broken, noPrincipal, canonical]);
    expect(verdict.status).toBe('unknown');
    expect(messages(verdict)).toEqual([
      expect.stringMatching(
        /^The trust policy of role broken could not be read: Policy is not valid JSON: /,
      ),
      'The trust policy of role noPrincipal could not be read: Statement 0 names no Principal',
      'Role canonical trusts abc123, which this check cannot judge',
    ]);
    // An unreadable role does not hide a failing one.
    expect(trustOf([broken, role('open', allow('*'))]).status).toBe('fail');
  });

  it('is unknown when the roles were not collected or could not be listed', () => {
    const context = contextWith([]);
    delete context.account.global!.iamRoles;
    expect(messages(iamRoleTrustCheck.evaluate(context))).toEqual([
      'The list of IAM roles was not collected (facts from before the portal read it)',
    ]);
    context.account.global!.iamRoles = failed('AccessDenied');
    expect(iamRoleTrustCheck.evaluate(context).status).toBe('unknown');
  });
});
