/*
 * The evaluator against aws-samples/service-control-policy-examples (MIT-0),
 * verbatim except for their `${Account}` / `[PRIVILEGED_ROLE]` placeholders,
 * filled in as a user would.
 */

import { account, decide } from './testUtils';

describe('aws-samples/service-control-policy-examples', () => {
  const privileged = `arn:aws:iam::${account}:role/PlatformAdmin`;

  it('Deny-modifications-to-specific-CloudTrail-trails', () => {
    const trail = `arn:aws:cloudtrail:eu-west-1:${account}:trail/org-trail`;
    const example = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: [
            'cloudtrail:DeleteTrail',
            'cloudtrail:PutEventSelectors',
            'cloudtrail:StopLogging',
            'cloudtrail:UpdateTrail',
            'cloudtrail:CreateTrail',
          ],
          Resource: trail,
          Condition: { ArnNotLike: { 'aws:PrincipalARN': privileged } },
        },
      ],
    };
    expect(decide(example, 'cloudtrail:StopLogging', {}, trail)).toBe(
      'explicit-deny',
    );
    expect(
      decide(
        example,
        'cloudtrail:StopLogging',
        { 'aws:PrincipalArn': privileged },
        trail,
      ),
    ).toBe('allowed');
    // An unspecified resource is not the protected trail.
    expect(decide(example, 'cloudtrail:StopLogging')).toBe('allowed');
  });

  it('Deny-deletion-or-disassociation-or-updation-to-AWS-SecurityHub', () => {
    const example = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: [
            'securityhub:DeleteInvitations',
            'securityhub:BatchDisableStandards',
            'securityhub:DeleteActionTarget',
            'securityhub:DeleteInsight',
            'securityhub:TagResource',
            'securityhub:UntagResource',
            'securityhub:UpdateStandardsControl',
            'securityhub:UpdateSecurityHubConfiguration',
            'securityhub:UpdateFindingAggregator',
            'securityhub:UpdateOrganizationConfiguration',
            'securityhub:DisableSecurityHub',
            'securityhub:DisassociateFromMasterAccount',
            'securityhub:DeleteMembers',
            'securityhub:DisassociateMembers',
            'securityhub:DisableImportFindingsForProduct',
          ],
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalARN': privileged } },
        },
      ],
    };
    expect(decide(example, 'securityhub:DisableSecurityHub')).toBe(
      'explicit-deny',
    );
    expect(
      decide(example, 'securityhub:DisableSecurityHub', {
        'aws:PrincipalArn': privileged,
      }),
    ).toBe('allowed');
    expect(decide(example, 'securityhub:GetFindings')).toBe('allowed');
  });

  it('Deny-the-root-user-from-performing-actions-except-S3-bucketpolicy-changes', () => {
    const example = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          NotAction: [
            's3:GetBucketPolicy',
            's3:PutBucketPolicy',
            's3:DeleteBucketPolicy',
          ],
          Resource: '*',
          Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } },
        },
      ],
    };
    const root = { 'aws:PrincipalArn': `arn:aws:iam::${account}:root` };
    expect(decide(example, 'iam:CreateUser', root)).toBe('explicit-deny');
    expect(decide(example, 's3:PutBucketPolicy', root)).toBe('allowed');
    expect(decide(example, 'iam:CreateUser')).toBe('allowed');
  });
});
