/*
 * The policy what-if against the SCP examples AWS documents
 * (docs.aws.amazon.com/organizations/latest/userguide/
 * orgs_manage_policies_scps_examples_general.html and aws-samples/
 * service-control-policy-examples), attached to an organisation that lacks
 * what they guard: the verdicts and the sample requests they turn around.
 */
import { defaultChecks, evaluateAccount } from '../evaluate';
import {
  fullAwsAccess,
  guardrailsScp,
  makeAccount,
  makeContext,
  makeOrganization,
  prodOu,
  rootId,
  workloadsOu,
} from '../evaluate/fixtures';
import { wellKnownRegions } from '../evaluate/checks/scp';
import {
  applyPolicyChange,
  verdictChanges,
  type PolicyChange,
} from './policyChange';
import { RequestChanges, sampleDecisions } from './requests';

const account = makeAccount();
const ids = new Set([account.account.id]);

/** The fixture organisation with the guardrail SCP's statements of these Sids only. */
function organizationWithout(...sids: string[]) {
  const guardrails = guardrailsScp();
  const document = JSON.parse(guardrails.content);
  document.Statement = document.Statement.filter(
    (s: { Sid: string }) => !sids.includes(s.Sid),
  );
  return makeOrganization([
    fullAwsAccess([rootId, workloadsOu, prodOu, account.account.id]),
    { ...guardrails, content: JSON.stringify(document) },
  ]);
}

function whatIf(
  organization: ReturnType<typeof makeOrganization>,
  change: PolicyChange,
) {
  const changed = applyPolicyChange(organization, change, ids);
  const before = makeContext(account, { organization });
  const after = makeContext(account, { organization: changed });
  const requests = new RequestChanges();
  requests.add(
    account.account.id,
    sampleDecisions(before),
    sampleDecisions(after),
  );
  return {
    verdicts: verdictChanges(
      evaluateAccount(defaultChecks, before),
      evaluateAccount(defaultChecks, after),
    ).map(c => [c.checkId, c.before, c.after]),
    requests: requests
      .list()
      .filter(
        r => r.principal === 'account-role' && r.secureTransport !== false,
      )
      .map(r => ({
        request: `${r.action} in ${r.region}`,
        becameDenied: r.becameDenied,
        becameAllowed: r.becameAllowed,
      })),
  };
}

const attach = (name: string, statement: unknown): PolicyChange => ({
  kind: 'attach-new',
  policyType: 'SCP',
  name,
  content: JSON.stringify({ Version: '2012-10-17', Statement: statement }),
  targetId: rootId,
});

describe("the policy what-if on AWS's example SCPs", () => {
  it('"Deny access to AWS based on the requested AWS Region": regional actions outside eu-central-1 and eu-west-1 become denied, global services and the allowed regions stay open', () => {
    const organization = organizationWithout('DenyOutsideAllowedRegions');
    const result = whatIf(
      organization,
      attach('Deny-access-to-AWS-based-on-the-requested-AWS-region', [
        {
          Effect: 'Deny',
          NotAction: [
            'a4b:*',
            'acm:*',
            'aws-marketplace-management:*',
            'aws-marketplace:*',
            'aws-portal:*',
            'budgets:*',
            'ce:*',
            'chime:*',
            'cloudfront:*',
            'config:*',
            'cur:*',
            'directconnect:*',
            'ec2:DescribeRegions',
            'ec2:DescribeTransitGateways',
            'ec2:DescribeVpnGateways',
            'fms:*',
            'globalaccelerator:*',
            'health:*',
            'iam:*',
            'importexport:*',
            'kms:*',
            'mobileanalytics:*',
            'networkmanager:*',
            'organizations:*',
            'pricing:*',
            'route53:*',
            'route53domains:*',
            'route53-recovery-cluster:*',
            'route53-recovery-control-config:*',
            'route53-recovery-readiness:*',
            's3:GetAccountPublic*',
            's3:ListAllMyBuckets',
            's3:ListMultiRegionAccessPoints',
            's3:PutAccountPublic*',
            'shield:*',
            'sts:*',
            'support:*',
            'trustedadvisor:*',
            'waf-regional:*',
            'waf:*',
            'wafv2:*',
            'wellarchitected:*',
          ],
          Resource: '*',
          Condition: {
            StringNotEquals: {
              'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'],
            },
            ArnNotLike: {
              'aws:PrincipalARN': 'arn:aws:iam::*:role/PlatformAdmin',
            },
          },
        },
      ]),
    );
    expect(result.verdicts).toEqual([
      ['scp-region-allow-list', 'fail', 'pass'],
    ]);
    const outside = wellKnownRegions.filter(
      r => r !== 'eu-west-1' && r !== 'eu-central-1',
    );
    // Regional services are denied outside the two regions; config and
    // organizations are in NotAction, so they stay as they were (denied by
    // the protection statements, or allowed).
    const expected = [
      'ec2:RunInstances',
      's3:PutObject',
      'lambda:CreateFunction',
      'cloudtrail:StopLogging',
      'guardduty:DeleteDetector',
      'securityhub:DisableSecurityHub',
    ]
      .flatMap(action => outside.map(region => `${action} in ${region}`))
      // The guardrail SCP already denies these everywhere.
      .filter(r => !/^(cloudtrail|guardduty|securityhub):/.test(r));
    expect(result.requests.map(r => r.request).sort()).toEqual(expected.sort());
    expect(
      result.requests.every(
        r =>
          r.becameDenied.join() === account.account.id &&
          r.becameAllowed.length === 0,
      ),
    ).toBe(true);
  });

  it('"Prevent member accounts from leaving the organization": LeaveOrganization becomes denied in every region', () => {
    const organization = organizationWithout('DenyLeaveOrganization');
    const result = whatIf(
      organization,
      attach('deny-leave-organization', [
        {
          Effect: 'Deny',
          Action: ['organizations:LeaveOrganization'],
          Resource: '*',
        },
      ]),
    );
    expect(result.verdicts).toEqual([
      ['scp-deny-leave-organization', 'fail', 'pass'],
    ]);
    expect(result.requests.map(r => r.request).sort()).toEqual(
      [...new Set(['eu-west-1', 'eu-central-1', ...wellKnownRegions])]
        .map(region => `organizations:LeaveOrganization in ${region}`)
        .sort(),
    );
  });

  it('detaching FullAWSAccess from the root with nothing in its place denies every sample request', () => {
    const organization = makeOrganization();
    const result = whatIf(organization, {
      kind: 'detach',
      policyId: 'p-FullAWSAccess',
      targetId: rootId,
    });
    // Without an Allow at the root, every request is implicitly denied,
    // global services and the allowed regions too.
    expect(result.requests.length).toBeGreaterThan(0);
    expect(result.requests.filter(r => r.becameDenied.length === 0)).toEqual(
      [],
    );
    expect(result.requests.map(r => r.request)).toEqual(
      expect.arrayContaining([
        'ec2:RunInstances in eu-west-1',
        'iam:CreateUser in us-east-1',
      ]),
    );
  });
});
