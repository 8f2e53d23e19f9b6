import { inEnglish } from '../fixtures';
import type { GuardrailCheck } from '@internal/plugin-landing-zone-common';
import {
  fullAwsAccess,
  guardrailsScp,
  makeAccount,
  makeContext,
  makeOrganization,
  managementAccountId,
  orgTrailArn,
  prodOu,
  rootId,
  scp,
  workloadsOu,
} from '../fixtures';
import {
  scpChecks,
  scpDenyLeaveOrganizationCheck,
  scpDenyRootUserCheck,
  scpLevels,
  scpProtectCloudTrailCheck,
  scpProtectGuardDutyCheck,
  scpRegionAllowListCheck,
} from './scp';

const accountId = '111122223333';
const everywhere = [rootId, workloadsOu, prodOu, accountId];

function evaluate(
  check: GuardrailCheck,
  policies = makeOrganization().policies,
) {
  return check.evaluate(
    makeContext(makeAccount(), { organization: makeOrganization(policies) }),
  );
}

describe('scpLevels', () => {
  it('lists the root, each OU and the account with the SCPs attached to each', () => {
    const onOu = scp('p-ou', [prodOu], {
      Effect: 'Deny',
      Action: 's3:*',
      Resource: '*',
    });
    const levels = scpLevels(
      makeContext(makeAccount(), {
        organization: makeOrganization([fullAwsAccess(everywhere), onOu]),
      }),
    );
    expect(levels.map(l => [l.target, l.policies.map(p => p.id)])).toEqual([
      [rootId, ['p-FullAWSAccess']],
      [workloadsOu, ['p-FullAWSAccess']],
      [prodOu, ['p-FullAWSAccess', 'p-ou']],
      [accountId, ['p-FullAWSAccess']],
    ]);
  });
});

describe('SCP checks on a compliant organisation', () => {
  it.each(scpChecks.map(check => [check.definition.id, check]))(
    '%s passes',
    (_, check) => {
      const verdict = evaluate(check);
      expect(verdict.status).toBe('pass');
      expect(verdict.evidence.length).toBeGreaterThan(0);
    },
  );

  it('names the deciding policy and statement', () => {
    expect(inEnglish(evaluate(scpDenyLeaveOrganizationCheck).evidence)).toEqual(
      [
        {
          region: 'eu-west-1',
          message:
            'organizations:LeaveOrganization is denied by p-guardrails at r-abcd',
          policy: {
            id: 'p-guardrails',
            name: 'p-guardrails',
            sid: 'DenyLeaveOrganization',
            target: rootId,
          },
        },
      ],
    );
  });
});

describe('SCP checks without the guardrail policy', () => {
  it.each(scpChecks.map(check => [check.definition.id, check]))(
    '%s fails',
    (_, check) => {
      expect(evaluate(check, [fullAwsAccess(everywhere)]).status).toBe('fail');
    },
  );

  it('names the sample action that is allowed', () => {
    expect(
      inEnglish(
        evaluate(scpDenyLeaveOrganizationCheck, [fullAwsAccess(everywhere)])
          .evidence,
      ),
    ).toEqual([
      {
        region: 'eu-west-1',
        message: 'organizations:LeaveOrganization is not denied by any SCP',
      },
    ]);
  });
});

describe('protections', () => {
  it('hold against the developer even with an exception for the platform role', () => {
    const verdict = evaluate(scpProtectGuardDutyCheck);
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence).toHaveLength(4);
  });

  it('fail when the exception covers every role', () => {
    const loose = scp('p-loose', [rootId], {
      Effect: 'Deny',
      Action: 'guardduty:*',
      Resource: '*',
      Condition: {
        ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' },
      },
    });
    const verdict = evaluate(scpProtectGuardDutyCheck, [
      fullAwsAccess(everywhere),
      loose,
    ]);
    expect(verdict.status).toBe('fail');
    expect(inEnglish(verdict.evidence)).toContainEqual({
      region: 'eu-west-1',
      message: 'guardduty:DeleteDetector is not denied by any SCP',
    });
  });

  it('fail when only part of the sample actions is denied', () => {
    const partial = scp('p-partial', [rootId], {
      Effect: 'Deny',
      Action: [
        'guardduty:DeleteDetector',
        'guardduty:UpdateDetector',
        'guardduty:DisassociateFromMasterAccount',
      ],
      Resource: '*',
    });
    const verdict = evaluate(scpProtectGuardDutyCheck, [
      fullAwsAccess(everywhere),
      partial,
    ]);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence.map(e => e.message)).toEqual([
      'guardduty:DisassociateFromAdministratorAccount is not denied by any SCP',
    ]);
  });

  it('count an allow list that leaves the action out as blocking it', () => {
    const allowList = scp('p-allow', [workloadsOu], {
      Effect: 'Allow',
      Action: ['ec2:*', 's3:*'],
      Resource: '*',
    });
    const verdict = evaluate(scpDenyLeaveOrganizationCheck, [
      fullAwsAccess([rootId, prodOu, accountId]),
      allowList,
    ]);
    expect(inEnglish(verdict)).toEqual({
      status: 'pass',
      evidence: [
        {
          region: 'eu-west-1',
          message: `organizations:LeaveOrganization is denied implicitly: no SCP attached to ${workloadsOu} allows it`,
        },
      ],
    });
  });

  it('target CloudTrail protections at the baseline trail', () => {
    const trailOnly = scp('p-trail', [rootId], {
      Effect: 'Deny',
      Action: [
        'cloudtrail:StopLogging',
        'cloudtrail:DeleteTrail',
        'cloudtrail:UpdateTrail',
        'cloudtrail:PutEventSelectors',
      ],
      Resource: 'arn:aws:cloudtrail:*:*:trail/org-*',
    });
    const verdict = evaluate(scpProtectCloudTrailCheck, [
      fullAwsAccess(everywhere),
      trailOnly,
    ]);
    expect(verdict.status).toBe('pass');
    expect(verdict.evidence[0].message).toBe(
      `cloudtrail:StopLogging on ${orgTrailArn()} is denied by p-trail at ${rootId}`,
    );
  });
});

describe('region allow list', () => {
  it('fails when an allowed region is blocked', () => {
    const tooNarrow = scp('p-narrow', [rootId], {
      Sid: 'OnlyIreland',
      Effect: 'Deny',
      NotAction: 'iam:*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
    });
    const verdict = evaluate(scpRegionAllowListCheck, [
      fullAwsAccess(everywhere),
      tooNarrow,
    ]);
    expect(inEnglish(verdict)).toEqual({
      status: 'fail',
      evidence: [
        {
          region: 'eu-central-1',
          message: `Allowed region blocked: ec2:RunInstances is denied by p-narrow at ${rootId}`,
          policy: {
            id: 'p-narrow',
            name: 'p-narrow',
            sid: 'OnlyIreland',
            target: rootId,
          },
        },
      ],
    });
  });

  it('tries a region outside the list and every allowed region', () => {
    const verdict = evaluate(scpRegionAllowListCheck);
    expect(verdict.evidence.map(e => e.region)).toEqual([
      'ap-southeast-2',
      'eu-west-1',
      'eu-central-1',
    ]);
  });

  it('is unknown without allowed regions', () => {
    const context = { ...makeContext(makeAccount()), allowedRegions: [] };
    expect(scpRegionAllowListCheck.evaluate(context).status).toBe('unknown');
  });
});

describe('deny root user', () => {
  it('fails when only some services are denied to the root user', () => {
    const ec2Only = scp('p-ec2-root', [rootId], {
      Sid: 'RestrictEC2ForRoot',
      Effect: 'Deny',
      Action: ['ec2:*'],
      Resource: ['*'],
      Condition: {
        StringLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:root'] },
      },
    });
    const verdict = evaluate(scpDenyRootUserCheck, [
      fullAwsAccess(everywhere),
      ec2Only,
    ]);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence.map(e => e.message)).toEqual([
      's3:ListAllMyBuckets is not denied by any SCP',
    ]);
  });
});

describe('unknown verdicts', () => {
  it.each(scpChecks.map(check => [check.definition.id, check]))(
    '%s is unknown for the management account',
    (_, check) => {
      const account = makeAccount({
        id: managementAccountId,
        parentIds: [rootId],
      });
      expect(inEnglish(check.evaluate(makeContext(account)))).toEqual({
        status: 'unknown',
        evidence: [{ message: 'SCPs do not apply to the management account' }],
      });
    },
  );

  it('is unknown when no SCPs were collected', () => {
    expect(evaluate(scpDenyLeaveOrganizationCheck, []).status).toBe('unknown');
  });

  it('is unknown, naming the policy, when an SCP cannot be parsed', () => {
    const broken = {
      ...guardrailsScp(),
      content: '{"Statement": {"Effect": "Deny"}}',
    };
    expect(
      inEnglish(
        evaluate(scpDenyLeaveOrganizationCheck, [
          fullAwsAccess(everywhere),
          broken,
        ]),
      ),
    ).toEqual({
      status: 'unknown',
      evidence: [
        {
          message:
            'SCP p-guardrails (p-guardrails): Statement 0 must have exactly one of Action and NotAction',
        },
      ],
    });
  });

  it('still judges an account whose member role could not be assumed', () => {
    const account = makeAccount();
    account.access = { code: 'AccessDenied', message: 'denied' };
    delete account.global;
    delete account.regions;
    expect(
      scpDenyLeaveOrganizationCheck.evaluate(makeContext(account)).status,
    ).toBe('pass');
  });
});
