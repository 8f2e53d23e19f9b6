/*
 * SCPs and RCPs judged together, against AWS's documented examples:
 * - Organizations User Guide, "SCP evaluation" (orgs_manage_policies_scps_
 *   evaluation): an Allow is needed at the root, every OU on the path and the
 *   account itself ("How SCPs work with Allow", figures 1 and 2); a Deny at
 *   any level denies for every account below it ("How SCPs work with Deny").
 * - Organizations User Guide, "RCP evaluation" (orgs_manage_policies_rcps_
 *   evaluation): RCPFullAWSAccess is attached to the root, every OU and every
 *   account and cannot be detached; any RCP on the path to the resource's
 *   account can deny.
 * - Organizations User Guide, "Resource control policy examples"
 *   (orgs_manage_policies_rcps_examples): RCPFullAWSAccess and "Enforce
 *   secure transport"; github.com/aws-samples/resource-control-policy-
 *   examples, Restrict-resource-access-patterns/Restrict-access-to-only-
 *   HTTPS-connections-to-your-resources.json and Enforce-controls-on-AWS-
 *   services-that-use-service-principals-to-access-your-resources.json;
 *   github.com/aws-samples/data-perimeter-policy-examples,
 *   resource_control_policies/identity_perimeter_rcp.json.
 * - AWS KMS Developer Guide, "Resource control policies in AWS KMS": the
 *   RCPEnforceIdentityPerimeter example.
 */

import {
  evaluateAuthorization,
  type AuthorizationScope,
} from './authorization';
import type { ScpLevel, ScpPolicy } from './evaluate';
import type { ContextValue } from './types';

const root = 'r-root';
const productionOu = 'ou-production';
const accountB = '111122223333';
const myOrgId = 'o-myorg';

const policy = (id: string, statement: object): ScpPolicy => ({
  id,
  name: id,
  content: JSON.stringify({ Version: '2012-10-17', Statement: statement }),
});

// Verbatim from AWS's pages (the RCP examples' placeholders filled in).
const fullAwsAccess = policy('FullAWSAccess', [
  { Effect: 'Allow', Action: '*', Resource: '*' },
]);
const rcpFullAwsAccess = policy('RCPFullAWSAccess', [
  { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
]);
const enforceSecureTransport = policy('EnforceSecureTransport', [
  {
    Effect: 'Deny',
    Principal: '*',
    Action: [
      's3:*',
      'sts:*',
      'kms:*',
      'sqs:*',
      'secretsmanager:*',
      'cognito-identity:*',
      'cognito-idp:*',
      'logs:*',
      'dynamodb:*',
      'ecr:*',
      'aoss:*',
    ],
    Resource: '*',
    Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
  },
]);
const kmsIdentityPerimeter = policy('KmsIdentityPerimeter', [
  {
    Sid: 'RCPEnforceIdentityPerimeter',
    Effect: 'Deny',
    Principal: '*',
    Action: 'kms:*',
    Resource: '*',
    Condition: {
      StringNotEqualsIfExists: { 'aws:PrincipalOrgID': myOrgId },
      Bool: { 'aws:PrincipalIsAWSService': 'false' },
    },
  },
]);
const enforceOrgIdentities = policy('IdentityPerimeter', [
  {
    Sid: 'EnforceOrgIdentities',
    Effect: 'Deny',
    Principal: '*',
    Action: [
      's3:*',
      'sqs:*',
      'kms:*',
      'secretsmanager:*',
      'sts:AssumeRole',
      'sts:DecodeAuthorizationMessage',
      'sts:GetAccessKeyInfo',
      'sts:GetFederationToken',
      'sts:GetServiceBearerToken',
      'sts:GetSessionToken',
      'sts:SetContext',
    ],
    Resource: '*',
    Condition: {
      StringNotEqualsIfExists: {
        'aws:PrincipalOrgID': myOrgId,
        'aws:PrincipalAccount': ['444455556666'],
        'aws:ResourceTag/dp:exclude:identity': 'true',
      },
      BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
    },
  },
]);
const confusedDeputy = policy('ConfusedDeputy', [
  {
    Effect: 'Deny',
    Principal: '*',
    Action: [
      's3:*',
      'sts:*',
      'kms:*',
      'sqs:*',
      'secretsmanager:*',
      'cognito-identity:*',
      'cognito-idp:*',
      'logs:*',
      'dynamodb:*',
      'ecr:*',
      'aoss:*',
    ],
    Resource: '*',
    Condition: {
      StringNotEqualsIfExists: {
        'aws:SourceOrgID': myOrgId,
        'aws:SourceAccount': '777788889999',
      },
      Null: { 'aws:SourceAccount': 'false' },
      Bool: { 'aws:PrincipalIsAWSService': 'true' },
    },
  },
]);

/** Root, Production OU and account B, each with `policies` plus extras. */
function path(
  base: ScpPolicy,
  extra: Partial<Record<string, ScpPolicy[]>> = {},
): ScpLevel[] {
  return [root, productionOu, accountB].map(target => ({
    target,
    policies: [base, ...(extra[target] ?? [])],
  }));
}

const object = `arn:aws:s3:::bucket-of-b/report.csv`;

const inside: Record<string, ContextValue> = {
  'aws:PrincipalArn': `arn:aws:iam::${accountB}:role/Developer`,
  'aws:PrincipalAccount': accountB,
  'aws:PrincipalOrgID': myOrgId,
  'aws:PrincipalIsAWSService': false,
  'aws:SecureTransport': true,
};
const outside: Record<string, ContextValue> = {
  'aws:PrincipalArn': 'arn:aws:iam::999999999999:role/Partner',
  'aws:PrincipalAccount': '999999999999',
  'aws:PrincipalOrgID': 'o-otherorg',
  'aws:PrincipalIsAWSService': false,
  'aws:SecureTransport': true,
};

function decide(
  action: string,
  context: Record<string, ContextValue>,
  scope: AuthorizationScope,
  resource = object,
) {
  return evaluateAuthorization({ action, resource, context }, scope);
}

describe('SCP evaluation (Organizations User Guide) through evaluateAuthorization', () => {
  it('figure 1: an Allow at the root, the Production OU and account B allows', () => {
    expect(
      decide('s3:GetObject', inside, { scps: path(fullAwsAccess) }).decision,
    ).toBe('allowed');
  });

  it('figure 2: without an Allow at the Production OU, account B is denied', () => {
    const scps = path(fullAwsAccess);
    scps[1] = { target: productionOu, policies: [] };
    const result = decide('s3:GetObject', inside, { scps });
    expect(result.decision).toBe('implicit-deny');
    expect(result.deciding).toEqual([{ type: 'SCP', target: productionOu }]);
  });

  it('a Deny attached to the Production OU denies account B below it', () => {
    const denyS3 = policy('DenyS3', [
      { Effect: 'Deny', Action: 's3:*', Resource: '*' },
    ]);
    const result = decide('s3:GetObject', inside, {
      scps: path(fullAwsAccess, { [productionOu]: [denyS3] }),
    });
    expect(result.decision).toBe('explicit-deny');
    expect(result.deciding[0]).toMatchObject({
      type: 'SCP',
      target: productionOu,
      policy: { id: 'DenyS3' },
    });
  });
});

describe('RCP evaluation (Organizations User Guide) and the RCP examples', () => {
  const rcps = (extra: Partial<Record<string, ScpPolicy[]>> = {}) =>
    path(rcpFullAwsAccess, extra);

  it('RCPFullAWSAccess alone lets every request through, as before RCPs', () => {
    expect(decide('s3:GetObject', outside, { rcps: rcps() }).decision).toBe(
      'allowed',
    );
  });

  it('Enforce secure transport: denies a request without TLS, allows one with it', () => {
    const scope = { rcps: rcps({ [root]: [enforceSecureTransport] }) };
    const plain = decide(
      'secretsmanager:GetSecretValue',
      { ...inside, 'aws:SecureTransport': false },
      scope,
    );
    expect(plain.decision).toBe('explicit-deny');
    expect(plain.deciding).toEqual([
      {
        type: 'RCP',
        target: root,
        policy: {
          id: 'EnforceSecureTransport',
          name: 'EnforceSecureTransport',
        },
        statement: { index: 0, sid: undefined },
      },
    ]);
    expect(
      decide('secretsmanager:GetSecretValue', inside, scope).decision,
    ).toBe('allowed');
    // BoolIfExists: a condition on a missing key holds, so the Deny applies.
    const { 'aws:SecureTransport': _, ...noKey } = inside;
    expect(decide('s3:GetObject', noKey, scope).decision).toBe('explicit-deny');
  });

  it('an RCP attached to the Production OU denies for account B, the account below it', () => {
    const scope = { rcps: rcps({ [productionOu]: [kmsIdentityPerimeter] }) };
    const key = `arn:aws:kms:eu-west-1:${accountB}:key/1234`;
    const result = decide('kms:Decrypt', outside, scope, key);
    expect(result.decision).toBe('explicit-deny');
    expect(result.deciding[0]).toMatchObject({
      type: 'RCP',
      target: productionOu,
      statement: { sid: 'RCPEnforceIdentityPerimeter' },
    });
    expect(decide('kms:Decrypt', inside, scope, key).decision).toBe('allowed');
    // The KMS example's Bool (not BoolIfExists) lets a request without the key through.
    const { 'aws:PrincipalIsAWSService': _, ...unknownKind } = outside;
    expect(decide('kms:Decrypt', unknownKind, scope, key).decision).toBe(
      'allowed',
    );
  });

  it('the identity perimeter exempts the trusted account, AWS services and excluded resources', () => {
    const scope = { rcps: rcps({ [root]: [enforceOrgIdentities] }) };
    expect(decide('sqs:SendMessage', outside, scope).decision).toBe(
      'explicit-deny',
    );
    expect(
      decide(
        'sqs:SendMessage',
        { ...outside, 'aws:PrincipalAccount': '444455556666' },
        scope,
      ).decision,
    ).toBe('allowed');
    expect(
      decide(
        'sqs:SendMessage',
        {
          'aws:PrincipalIsAWSService': true,
          'aws:SecureTransport': true,
        },
        scope,
      ).decision,
    ).toBe('allowed');
    expect(
      decide(
        'sqs:SendMessage',
        { ...outside, 'aws:ResourceTag/dp:exclude:identity': 'true' },
        scope,
      ).decision,
    ).toBe('allowed');
    // Only the listed STS actions: AssumeRoleWithWebIdentity is not one.
    expect(
      decide('sts:AssumeRoleWithWebIdentity', outside, scope).decision,
    ).toBe('allowed');
  });

  it('the confused deputy RCP applies to AWS service principals, from whatever source account', () => {
    const scope = { rcps: rcps({ [root]: [confusedDeputy] }) };
    const service = {
      'aws:PrincipalIsAWSService': true,
      'aws:SourceAccount': '123412341234',
      'aws:SourceOrgID': 'o-otherorg',
    };
    expect(decide('s3:PutObject', service, scope).decision).toBe(
      'explicit-deny',
    );
    expect(
      decide('s3:PutObject', { ...service, 'aws:SourceOrgID': myOrgId }, scope)
        .decision,
    ).toBe('allowed');
    // Without aws:SourceAccount (the Null condition), the statement is silent.
    expect(
      decide('s3:PutObject', { 'aws:PrincipalIsAWSService': true }, scope)
        .decision,
    ).toBe('allowed');
  });
});

describe('SCPs and RCPs together', () => {
  const denyS3 = policy('DenyS3', [
    { Effect: 'Deny', Action: 's3:*', Resource: '*' },
  ]);

  it('allows only when both allow, naming the allows of both', () => {
    const result = decide('s3:GetObject', inside, {
      scps: path(fullAwsAccess),
      rcps: path(rcpFullAwsAccess),
    });
    expect(result.decision).toBe('allowed');
    expect(result.deciding.map(d => `${d.type} ${d.target}`)).toEqual([
      `SCP ${root}`,
      `SCP ${productionOu}`,
      `SCP ${accountB}`,
      `RCP ${root}`,
      `RCP ${productionOu}`,
      `RCP ${accountB}`,
    ]);
  });

  it('an RCP Deny denies what the SCPs allow, and the other way round', () => {
    const overTls = decide('s3:GetObject', inside, {
      scps: path(fullAwsAccess),
      rcps: path(rcpFullAwsAccess, { [accountB]: [enforceSecureTransport] }),
    });
    expect(overTls.decision).toBe('allowed');
    const plain = { ...inside, 'aws:SecureTransport': false };
    expect(
      decide('s3:GetObject', plain, {
        scps: path(fullAwsAccess),
        rcps: path(rcpFullAwsAccess, { [accountB]: [enforceSecureTransport] }),
      }).deciding.map(d => d.type),
    ).toEqual(['RCP']);
    expect(
      decide('s3:GetObject', inside, {
        scps: path(fullAwsAccess, { [root]: [denyS3] }),
        rcps: path(rcpFullAwsAccess),
      }).deciding.map(d => d.type),
    ).toEqual(['SCP']);
  });

  it('an explicit Deny of one type decides over an implicit deny of the other', () => {
    const scps = path(fullAwsAccess);
    scps[2] = { target: accountB, policies: [] };
    const result = decide('s3:GetObject', inside, {
      scps,
      rcps: path(rcpFullAwsAccess, { [root]: [denyS3] }),
    });
    expect(result.decision).toBe('explicit-deny');
    expect(result.deciding).toHaveLength(1);
    expect(result.deciding[0]).toMatchObject({ type: 'RCP', target: root });
  });

  it('RCPs do not bound what they are not given: the management account, other organisations', () => {
    // The caller leaves rcps out for a resource of the management account.
    expect(
      decide('s3:GetObject', outside, {
        scps: path(fullAwsAccess, { [root]: [denyS3] }),
      }).decision,
    ).toBe('explicit-deny');
    expect(decide('s3:GetObject', outside, {}).decision).toBe('allowed');
  });

  it('neither bounds a service-linked role', () => {
    const result = decide(
      's3:GetObject',
      {
        ...inside,
        'aws:PrincipalArn': `arn:aws:iam::${accountB}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      },
      {
        scps: path(fullAwsAccess, { [root]: [denyS3] }),
        rcps: path(rcpFullAwsAccess, { [root]: [denyS3] }),
      },
    );
    expect(result.decision).toBe('allowed');
    expect(result.exemptions).toEqual([
      'SCPs do not apply to service-linked roles',
      'RCPs do not apply to actions of service-linked roles',
    ]);
  });

  it('SCPs do not bound an AWS service principal; RCPs do', () => {
    const result = decide(
      's3:GetObject',
      { 'aws:PrincipalIsAWSService': true },
      {
        scps: path(fullAwsAccess, { [root]: [denyS3] }),
        rcps: path(rcpFullAwsAccess, { [productionOu]: [denyS3] }),
      },
    );
    expect(result.scp).toBeUndefined();
    expect(result.decision).toBe('explicit-deny');
    expect(result.deciding[0]).toMatchObject({
      type: 'RCP',
      target: productionOu,
    });
  });

  it('names the RCP it cannot parse', () => {
    expect(() =>
      decide('s3:GetObject', inside, {
        rcps: [
          {
            target: root,
            policies: [{ id: 'p-bad', name: 'bad', content: '{' }],
          },
        ],
      }),
    ).toThrow(/^RCP bad \(p-bad\): Policy is not valid JSON/);
  });
});
