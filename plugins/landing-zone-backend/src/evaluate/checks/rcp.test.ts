import type {
  OrganizationFacts,
  ResourceControlPolicy,
} from '@internal/plugin-landing-zone-common';
import {
  inEnglish,
  makeAccount,
  makeContext,
  makeOrganization,
  managementAccountId,
  perimeterRcp,
  prodOu,
  rcpFullAwsAccess,
  rootId,
  scp,
  workloadsOu,
} from '../fixtures';
import {
  rcpChecks,
  rcpResourcesOrgOnlyCheck,
  rcpSecureTransportCheck,
} from './rcp';

const account = '111122223333';
const everyLevel = [rootId, workloadsOu, prodOu, account];
const services = [
  'Amazon S3',
  'AWS KMS',
  'AWS STS',
  'Amazon SQS',
  'AWS Secrets Manager',
];

function withRcps(
  rcps: ResourceControlPolicy[] | undefined,
): OrganizationFacts {
  return { ...makeOrganization(), resourceControlPolicies: rcps };
}

const evaluateWith = (
  check: (typeof rcpChecks)[number],
  organization: OrganizationFacts,
) => check.evaluate(makeContext(makeAccount(), { organization }));

describe('rcp-resources-org-only', () => {
  it('passes when a request from outside is denied and one from inside is not, per service', () => {
    const verdict = evaluateWith(rcpResourcesOrgOnlyCheck, makeOrganization());
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence.map(e => e.resource)).toEqual(services);
    expect(inEnglish(verdict.evidence[0])).toEqual({
      region: 'eu-west-1',
      resource: 'Amazon S3',
      message: `s3:GetObject on arn:aws:s3:::example-${account}/example-object by a principal outside the organisation (account 999999999999) is denied by RCP perimeter at ${rootId}`,
      policy: {
        id: 'p-perimeter',
        name: 'perimeter',
        sid: 'EnforceOrgIdentities',
        target: rootId,
      },
    });
  });

  it('fails for each service the RCPs leave open, naming it', () => {
    // The perimeter without Secrets Manager and STS.
    const perimeter = perimeterRcp();
    const content = JSON.parse(perimeter.content);
    content.Statement[0].Action = ['s3:*', 'sqs:*', 'kms:*'];
    const verdict = evaluateWith(
      rcpResourcesOrgOnlyCheck,
      withRcps([
        rcpFullAwsAccess(everyLevel),
        { ...perimeter, content: JSON.stringify(content) },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(inEnglish(verdict.evidence)).toEqual([
      {
        region: 'eu-west-1',
        resource: 'AWS STS',
        message: `sts:AssumeRole on arn:aws:iam::${account}:role/ExampleRole by a principal outside the organisation (account 999999999999) is not denied by any RCP`,
      },
      {
        region: 'eu-west-1',
        resource: 'AWS Secrets Manager',
        message: `secretsmanager:GetSecretValue on arn:aws:secretsmanager:eu-west-1:${account}:secret:example-AbCdEf by a principal outside the organisation (account 999999999999) is not denied by any RCP`,
      },
    ]);
  });

  it('fails with RCPFullAWSAccess alone', () => {
    const verdict = evaluateWith(
      rcpResourcesOrgOnlyCheck,
      withRcps([rcpFullAwsAccess(everyLevel)]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence).toHaveLength(5);
  });

  it('fails an RCP that denies everyone: the organisation is locked out too', () => {
    const denyAll = scp(
      'p-deny-all',
      [prodOu],
      [
        {
          Sid: 'DenyAll',
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Resource: '*',
        },
      ],
    );
    const verdict = evaluateWith(
      rcpResourcesOrgOnlyCheck,
      withRcps([rcpFullAwsAccess(everyLevel), denyAll]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence[0]).toMatchObject({
      resource: 'Amazon S3',
      message: `The RCPs are broken: s3:GetObject on arn:aws:s3:::example-${account}/example-object by a principal of the organisation over TLS is denied by RCP p-deny-all at ${prodOu}`,
      policy: { id: 'p-deny-all', sid: 'DenyAll', target: prodOu },
    });
  });

  it('fails when RCPFullAWSAccess is missing from a level: nothing lets the organisation in', () => {
    const verdict = evaluateWith(
      rcpResourcesOrgOnlyCheck,
      withRcps([
        rcpFullAwsAccess([rootId, workloadsOu, account]),
        perimeterRcp(),
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence[0].message).toBe(
      `The RCPs are broken: s3:GetObject on arn:aws:s3:::example-${account}/example-object by a principal of the organisation over TLS is denied implicitly: no RCP attached to ${prodOu} allows it`,
    );
  });

  it('is not fooled by an SCP: an outside principal is bound by RCPs only', () => {
    // An SCP denying everything binds the organisation's principals, not
    // the outsider; the RCPs must still deny the outsider.
    const organization = {
      ...withRcps([rcpFullAwsAccess(everyLevel)]),
      policies: [
        ...makeOrganization().policies,
        scp(
          'p-deny-all',
          [rootId],
          [{ Effect: 'Deny', Action: '*', Resource: '*' }],
        ),
      ],
    };
    expect(evaluateWith(rcpResourcesOrgOnlyCheck, organization).status).toBe(
      'fail',
    );
  });
});

describe('rcp-secure-transport', () => {
  it('passes when requests without TLS are denied and with TLS are not', () => {
    const verdict = evaluateWith(rcpSecureTransportCheck, makeOrganization());
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence.map(e => e.policy?.sid)).toEqual(
      services.map(() => 'EnforceSecureTransport'),
    );
    expect(verdict.evidence[1].message).toBe(
      `kms:Decrypt on arn:aws:kms:eu-west-1:${account}:key/00000000-0000-0000-0000-000000000000 by a principal of the organisation without TLS is denied by RCP perimeter at ${rootId}`,
    );
  });

  it('fails when only the identity perimeter is attached', () => {
    const perimeter = perimeterRcp();
    const content = JSON.parse(perimeter.content);
    content.Statement = [content.Statement[0]];
    const verdict = evaluateWith(
      rcpSecureTransportCheck,
      withRcps([
        rcpFullAwsAccess(everyLevel),
        { ...perimeter, content: JSON.stringify(content) },
      ]),
    );
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence.map(e => e.resource)).toEqual(services);
  });
});

describe('every RCP check', () => {
  const cases = rcpChecks.map(check => [check.definition.id, check] as const);

  it.each(cases)('%s is unknown on the management account', (_, check) => {
    const verdict = check.evaluate(
      makeContext(makeAccount({ id: managementAccountId })),
    );
    expect(inEnglish(verdict)).toEqual({
      status: 'unknown',
      evidence: [{ message: 'RCPs do not apply to the management account' }],
    });
  });

  it.each(cases)('%s is unknown when RCPs were not collected', (_, check) => {
    expect(inEnglish(evaluateWith(check, withRcps(undefined)))).toEqual({
      status: 'unknown',
      evidence: [
        {
          message:
            "The organisation's RCP list was not collected (facts from before the portal read it)",
        },
      ],
    });
  });

  it.each(cases)('%s is unknown when RCPs could not be read', (_, check) => {
    const organization: OrganizationFacts = {
      ...withRcps(undefined),
      resourceControlPoliciesError: {
        code: 'AccessDeniedException',
        message: 'no',
        operation: 'organizations:ListPolicies',
      },
    };
    expect(inEnglish(evaluateWith(check, organization))).toEqual({
      status: 'unknown',
      evidence: [
        {
          message:
            'RCPs could not be read: organizations:ListPolicies: AccessDeniedException: no',
        },
      ],
    });
  });

  it.each(cases)(
    '%s fails when the RCP type is not enabled, saying so',
    (_, check) => {
      const organization: OrganizationFacts = {
        ...withRcps([]),
        enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
      };
      expect(inEnglish(evaluateWith(check, organization))).toEqual({
        status: 'fail',
        evidence: [
          {
            message:
              'The RCP policy type is not enabled on the root (enabled: SERVICE_CONTROL_POLICY): no RCP is in effect',
          },
        ],
      });
    },
  );

  it.each(cases)('%s is unknown when an RCP cannot be parsed', (_, check) => {
    const broken = { ...perimeterRcp(), content: '{"Statement": 3}' };
    const verdict = evaluateWith(
      check,
      withRcps([rcpFullAwsAccess(everyLevel), broken]),
    );
    expect(verdict.status).toBe('unknown');
    expect(verdict.evidence[0].message).toMatch(
      /^RCP perimeter \(p-perimeter\)/,
    );
  });
});
