import type {
  OrganizationFacts,
  ResourceControlPolicy,
} from '@internal/plugin-landing-zone-common';
import {
  fullAwsAccess,
  guardrailsScp,
  makeAccount,
  makeContext,
  makeOrganization,
  managementAccountId,
  organizationId,
  perimeterRcp,
  prodOu,
  rcpFullAwsAccess,
  rootId,
  workloadsOu,
} from '../evaluate/fixtures';
import { outsideAccountId } from '../evaluate/checks/rcp';
import { RequestChanges, sampleDecisions } from './requests';

const account = '111122223333';
const everyLevel = [rootId, workloadsOu, prodOu, account];
const RESOURCE_ACTIONS = [
  's3:GetObject',
  'kms:Decrypt',
  'sts:AssumeRole',
  'sqs:SendMessage',
  'secretsmanager:GetSecretValue',
];

function organizationWith(
  rcps: ResourceControlPolicy[] | undefined,
  changes: Partial<OrganizationFacts> = {},
): OrganizationFacts {
  return { ...makeOrganization(), resourceControlPolicies: rcps, ...changes };
}

/** An RCP attached to the root, beside AWS's RCPFullAWSAccess everywhere. */
function atRoot(document: object): ResourceControlPolicy[] {
  return [
    rcpFullAwsAccess(everyLevel),
    {
      id: 'p-example',
      name: 'example',
      awsManaged: false,
      targets: [rootId],
      content: JSON.stringify(document),
    },
  ];
}

/**
 * The decisions on the account's resources, by `action principal transport`,
 * e.g. `s3:GetObject outside-organization TLS`.
 */
function resourceDecisions(organization: OrganizationFacts) {
  const decisions = sampleDecisions(
    makeContext(makeAccount(), { organization }),
  )!;
  return Object.fromEntries(
    [...decisions.values()]
      .filter(d => d.request.policyTypes.includes('RCP'))
      .map(({ request: r, decision }) => [
        `${r.action} ${r.principal} ${r.secureTransport ? 'TLS' : 'no TLS'}`,
        decision,
      ]),
  );
}

/** Every resource action decided `decision` for `who`. */
const each = (who: string, decision: string) =>
  Object.fromEntries(RESOURCE_ACTIONS.map(a => [`${a} ${who}`, decision]));

describe('sample requests to the account resources', () => {
  it('are judged by SCPs and RCPs: the perimeter stops outsiders and plain HTTP, not the account', () => {
    expect(resourceDecisions(makeOrganization())).toEqual({
      ...each('account-role TLS', 'allowed'),
      ...each('outside-organization TLS', 'explicit-deny'),
      ...each('account-role no TLS', 'explicit-deny'),
    });
    const samples = [
      ...sampleDecisions(
        makeContext(makeAccount(), { organization: makeOrganization() }),
      )!.values(),
    ].map(s => s.request);
    // In the first allowed region, as the rcp-* checks ask them.
    expect(
      samples.find(
        r =>
          r.action === 's3:GetObject' && r.principal === 'outside-organization',
      ),
    ).toEqual({
      action: 's3:GetObject',
      region: 'eu-west-1',
      principal: 'outside-organization',
      secureTransport: true,
      policyTypes: ['RCP'],
    });
    expect(
      samples.find(r => r.action === 's3:GetObject' && !r.secureTransport),
    ).toEqual(
      expect.objectContaining({
        principal: 'account-role',
        policyTypes: ['SCP', 'RCP'],
      }),
    );
    // What a role does with no resource named stays the SCPs' alone.
    expect(
      samples.find(r => r.action === 'ec2:RunInstances')?.policyTypes,
    ).toEqual(['SCP']);
  });

  it('are left out when the RCPs were not read, and bound by no RCP while the type is disabled', () => {
    expect(resourceDecisions(organizationWith(undefined))).toEqual({});
    const disabled = organizationWith(
      makeOrganization().resourceControlPolicies,
      {
        enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
      },
    );
    const decisions = sampleDecisions(
      makeContext(makeAccount(), { organization: disabled }),
    )!;
    const outside = [...decisions.values()].filter(
      d => d.request.principal === 'outside-organization',
    );
    expect(outside.map(d => [d.request.policyTypes, d.decision])).toEqual(
      RESOURCE_ACTIONS.map(() => [[], 'allowed']),
    );
  });

  it('are not tried for the management account, which RCPs do not bound', () => {
    const management = makeAccount({ id: managementAccountId });
    expect(
      sampleDecisions(
        makeContext(management, { organization: makeOrganization() }),
      ),
    ).toBeUndefined();
  });
});

describe("AWS's documented RCP examples", () => {
  // aws-samples/data-perimeter-policy-examples,
  // resource_control_policies/identity_perimeter_rcp.json, verbatim but for
  // its placeholders, filled in as a user would.
  const identityPerimeter = (thirdParty: string) => ({
    Version: '2012-10-17',
    Statement: [
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
            'aws:PrincipalOrgID': organizationId,
            'aws:PrincipalAccount': [
              '127311923021',
              '766988485536',
              thirdParty,
              '222222222222',
            ],
            'aws:ResourceTag/dp:exclude:identity': 'true',
          },
          BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
        },
      },
      {
        Sid: 'EnforceTrustedOIDCTenants',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Resource: '*',
        Condition: {
          StringNotEqualsIfExists: {
            'token.actions.githubusercontent.com:sub': 'repo:acme/*',
            'aws:ResourceTag/dp:exclude:identity': 'true',
          },
          Null: { 'token.actions.githubusercontent.com:sub': 'false' },
        },
      },
      {
        Sid: 'EnforceTrustedOIDCProviders',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Resource: '*',
        Condition: {
          Null: {
            'token.actions.githubusercontent.com:sub': 'true',
            'acme.okta.com:sub': 'true',
          },
        },
      },
      {
        Sid: 'EnforceConfusedDeputyProtection',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:*', 'sqs:*', 'kms:*', 'secretsmanager:*', 'sts:*'],
        Resource: '*',
        Condition: {
          StringNotEqualsIfExists: {
            'aws:SourceOrgID': organizationId,
            'aws:SourceAccount': [thirdParty, '222222222222'],
            'aws:ResourceTag/dp:exclude:identity': 'true',
          },
          Null: { 'aws:SourceAccount': 'false' },
          Bool: { 'aws:PrincipalIsAWSService': 'true' },
        },
      },
    ],
  });

  it('identity perimeter: identities outside the organisation are denied, trusted third parties and the organisation are not', () => {
    // "limits access to trusted identities": the organisation's, and third
    // parties' accounts named in aws:PrincipalAccount.
    expect(
      resourceDecisions(
        organizationWith(atRoot(identityPerimeter('333333333333'))),
      ),
    ).toEqual({
      ...each('account-role TLS', 'allowed'),
      ...each('outside-organization TLS', 'explicit-deny'),
      // The identity perimeter says nothing of the transport.
      ...each('account-role no TLS', 'allowed'),
    });
    expect(
      resourceDecisions(
        organizationWith(atRoot(identityPerimeter(outsideAccountId))),
      ),
    ).toEqual({
      ...each('account-role TLS', 'allowed'),
      ...each('outside-organization TLS', 'allowed'),
      ...each('account-role no TLS', 'allowed'),
    });
  });

  it('"Restrict access to only HTTPS connections to your resources": requests without TLS are denied, whoever makes them', () => {
    // Organizations User Guide, "Resource control policy examples"
    // (example-rcp-enforce-ssl); aws-samples/resource-control-policy-examples.
    const httpsOnly = {
      Version: '2012-10-17',
      Statement: [
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
      ],
    };
    expect(resourceDecisions(organizationWith(atRoot(httpsOnly)))).toEqual({
      ...each('account-role TLS', 'allowed'),
      // It keeps no one out who uses TLS.
      ...each('outside-organization TLS', 'allowed'),
      ...each('account-role no TLS', 'explicit-deny'),
    });
  });

  it('RCPFullAWSAccess detached from a level with nothing in its place denies every request to the resources, from inside too', () => {
    // Organizations User Guide, "RCP evaluation": every level needs an Allow.
    const rcps = [rcpFullAwsAccess([rootId, workloadsOu, account])];
    expect(resourceDecisions(organizationWith(rcps))).toEqual({
      ...each('account-role TLS', 'implicit-deny'),
      ...each('outside-organization TLS', 'implicit-deny'),
      ...each('account-role no TLS', 'implicit-deny'),
    });
  });
});

describe('RequestChanges', () => {
  it('names the accounts where a request to their resources turns around, with who makes it', () => {
    const other = '444455556666';
    const levels = [...everyLevel, other];
    const scps = [fullAwsAccess(levels), guardrailsScp()];
    const before = makeOrganization(scps, [
      rcpFullAwsAccess(levels),
      perimeterRcp(),
    ]);
    // The perimeter without its identity statement: outsiders get in.
    const perimeter = perimeterRcp();
    const document = JSON.parse(perimeter.content);
    document.Statement = document.Statement.filter(
      (s: { Sid: string }) => s.Sid !== 'EnforceOrgIdentities',
    );
    const after = makeOrganization(scps, [
      rcpFullAwsAccess(levels),
      { ...perimeter, content: JSON.stringify(document) },
    ]);
    const changes = new RequestChanges();
    for (const id of [account, other]) {
      const facts = makeAccount({ id });
      changes.add(
        id,
        sampleDecisions(makeContext(facts, { organization: before })),
        sampleDecisions(makeContext(facts, { organization: after })),
      );
    }
    expect(changes.list()).toEqual(
      RESOURCE_ACTIONS.map(action => ({
        action,
        region: 'eu-west-1',
        principal: 'outside-organization',
        secureTransport: true,
        policyTypes: ['RCP'],
        becameDenied: [],
        becameAllowed: [account, other],
      })),
    );
  });
});
