/*
 * The evaluator against the AWS Organizations User Guide's example SCPs,
 * verbatim (awsdocs/aws-organizations-docs, doc_source/
 * orgs_manage_policies_scps_examples_*.md and orgs_manage_policies_example-
 * scps.md).
 */

import { account, decide } from './testUtils';

describe('Organizations User Guide: general examples', () => {
  const denyOutsideEu = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyAllOutsideEU',
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
          's3:GetAccountPublic*',
          's3:ListAllMyBuckets',
          's3:PutAccountPublic*',
          'shield:*',
          'sts:*',
          'support:*',
          'supportplans:*',
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
            'aws:PrincipalARN': [
              'arn:aws:iam::*:role/Role1AllowedToBypassThisSCP',
              'arn:aws:iam::*:role/Role2AllowedToBypassThisSCP',
            ],
          },
        },
      },
    ],
  };

  it('deny by requested region: denies regional actions outside the EU', () => {
    const usEast1 = { 'aws:RequestedRegion': 'us-east-1' };
    expect(decide(denyOutsideEu, 'ec2:RunInstances', usEast1)).toBe(
      'explicit-deny',
    );
    expect(
      decide(denyOutsideEu, 'ec2:RunInstances', {
        'aws:RequestedRegion': 'eu-central-1',
      }),
    ).toBe('allowed');
    // Global services listed in NotAction stay usable from us-east-1.
    expect(decide(denyOutsideEu, 'iam:CreateRole', usEast1)).toBe('allowed');
    expect(
      decide(denyOutsideEu, 's3:PutAccountPublicAccessBlock', usEast1),
    ).toBe('allowed');
    expect(decide(denyOutsideEu, 's3:CreateBucket', usEast1)).toBe(
      'explicit-deny',
    );
    // The exempted roles are matched by ARN, whatever the condition key's case.
    expect(
      decide(denyOutsideEu, 'ec2:RunInstances', {
        ...usEast1,
        'aws:PrincipalArn': `arn:aws:iam::${account}:role/Role2AllowedToBypassThisSCP`,
      }),
    ).toBe('allowed');
  });

  it('prevent IAM principals from making changes, except an admin role', () => {
    const example = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyAccessWithException',
          Effect: 'Deny',
          Action: [
            'iam:AttachRolePolicy',
            'iam:DeleteRole',
            'iam:DeleteRolePermissionsBoundary',
            'iam:DeleteRolePolicy',
            'iam:DetachRolePolicy',
            'iam:PutRolePermissionsBoundary',
            'iam:PutRolePolicy',
            'iam:UpdateAssumeRolePolicy',
            'iam:UpdateRole',
            'iam:UpdateRoleDescription',
          ],
          Resource: ['arn:aws:iam::*:role/name-of-role-to-deny'],
          Condition: {
            StringNotLike: {
              'aws:PrincipalARN':
                'arn:aws:iam::*:role/name-of-admin-role-to-allow',
            },
          },
        },
      ],
    };
    const role = `arn:aws:iam::${account}:role/name-of-role-to-deny`;
    expect(decide(example, 'iam:DeleteRole', {}, role)).toBe('explicit-deny');
    expect(
      decide(
        example,
        'iam:DeleteRole',
        {},
        `arn:aws:iam::${account}:role/other`,
      ),
    ).toBe('allowed');
    expect(
      decide(
        example,
        'iam:DeleteRole',
        {
          'aws:PrincipalArn': `arn:aws:iam::${account}:role/name-of-admin-role-to-allow`,
        },
        role,
      ),
    ).toBe('allowed');
  });

  it('require MFA to stop an instance (BoolIfExists)', () => {
    const example = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyStopAndTerminateWhenMFAIsNotPresent',
          Effect: 'Deny',
          Action: ['ec2:StopInstances', 'ec2:TerminateInstances'],
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': false } },
        },
      ],
    };
    expect(
      decide(example, 'ec2:StopInstances', {
        'aws:MultiFactorAuthPresent': false,
      }),
    ).toBe('explicit-deny');
    // Long-term credentials carry no MFA key at all: IfExists denies them too.
    expect(decide(example, 'ec2:StopInstances')).toBe('explicit-deny');
    expect(
      decide(example, 'ec2:StopInstances', {
        'aws:MultiFactorAuthPresent': true,
      }),
    ).toBe('allowed');
    expect(decide(example, 'ec2:StartInstances')).toBe('allowed');
  });

  it('block service access for the root user', () => {
    const example = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'RestrictEC2ForRoot',
          Effect: 'Deny',
          Action: ['ec2:*'],
          Resource: ['*'],
          Condition: {
            StringLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:root'] },
          },
        },
      ],
    };
    const root = { 'aws:PrincipalArn': `arn:aws:iam::${account}:root` };
    expect(decide(example, 'ec2:RunInstances', root)).toBe('explicit-deny');
    expect(decide(example, 's3:ListAllMyBuckets', root)).toBe('allowed');
    expect(decide(example, 'ec2:RunInstances')).toBe('allowed');
  });

  it('prevent member accounts from leaving the organization', () => {
    const example = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: ['organizations:LeaveOrganization'],
          Resource: '*',
        },
      ],
    };
    expect(decide(example, 'organizations:LeaveOrganization')).toBe(
      'explicit-deny',
    );
    expect(decide(example, 'organizations:DescribeOrganization')).toBe(
      'allowed',
    );
  });
});

describe('Organizations User Guide: service examples', () => {
  it('prevent users from disabling CloudTrail', () => {
    const example = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' },
      ],
    };
    expect(decide(example, 'cloudtrail:StopLogging')).toBe('explicit-deny');
    expect(decide(example, 'cloudtrail:DeleteTrail')).toBe('allowed');
  });

  it('prevent users from disabling GuardDuty or modifying its configuration', () => {
    const example = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: [
            'guardduty:AcceptInvitation',
            'guardduty:ArchiveFindings',
            'guardduty:CreateDetector',
            'guardduty:CreateFilter',
            'guardduty:CreateIPSet',
            'guardduty:CreateMembers',
            'guardduty:CreatePublishingDestination',
            'guardduty:CreateSampleFindings',
            'guardduty:CreateThreatIntelSet',
            'guardduty:DeclineInvitations',
            'guardduty:DeleteDetector',
            'guardduty:DeleteFilter',
            'guardduty:DeleteInvitations',
            'guardduty:DeleteIPSet',
            'guardduty:DeleteMembers',
            'guardduty:DeletePublishingDestination',
            'guardduty:DeleteThreatIntelSet',
            'guardduty:DisassociateFromMasterAccount',
            'guardduty:DisassociateMembers',
            'guardduty:InviteMembers',
            'guardduty:StartMonitoringMembers',
            'guardduty:StopMonitoringMembers',
            'guardduty:TagResource',
            'guardduty:UnarchiveFindings',
            'guardduty:UntagResource',
            'guardduty:UpdateDetector',
            'guardduty:UpdateFilter',
            'guardduty:UpdateFindingsFeedback',
            'guardduty:UpdateIPSet',
            'guardduty:UpdatePublishingDestination',
            'guardduty:UpdateThreatIntelSet',
          ],
          Resource: '*',
        },
      ],
    };
    expect(decide(example, 'guardduty:DeleteDetector')).toBe('explicit-deny');
    expect(decide(example, 'guardduty:DisassociateFromMasterAccount')).toBe(
      'explicit-deny',
    );
    expect(decide(example, 'guardduty:GetDetector')).toBe('allowed');
  });

  it('prevent users from disabling AWS Config or changing its rules', () => {
    const example = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: [
            'config:DeleteConfigRule',
            'config:DeleteConfigurationRecorder',
            'config:DeleteDeliveryChannel',
            'config:StopConfigurationRecorder',
          ],
          Resource: '*',
        },
      ],
    };
    expect(decide(example, 'config:StopConfigurationRecorder')).toBe(
      'explicit-deny',
    );
    expect(decide(example, 'config:DescribeConfigurationRecorders')).toBe(
      'allowed',
    );
  });

  it('require encryption on Amazon S3 buckets (StringNotEquals and Null)', () => {
    const example = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyIncorrectEncryptionHeader',
          Effect: 'Deny',
          Action: 's3:PutObject',
          Resource: '*',
          Condition: {
            StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' },
          },
        },
        {
          Sid: 'DenyUnEncryptedObjectUploads',
          Effect: 'Deny',
          Action: 's3:PutObject',
          Resource: '*',
          Condition: { Null: { 's3:x-amz-server-side-encryption': true } },
        },
      ],
    };
    expect(decide(example, 's3:PutObject')).toBe('explicit-deny');
    expect(
      decide(example, 's3:PutObject', {
        's3:x-amz-server-side-encryption': 'aws:kms',
      }),
    ).toBe('explicit-deny');
    expect(
      decide(example, 's3:PutObject', {
        's3:x-amz-server-side-encryption': 'AES256',
      }),
    ).toBe('allowed');
  });
});

describe('Organizations User Guide: tagging examples', () => {
  it('require a tag on specified created resources (Null)', () => {
    const example = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyCreateSecretWithNoProjectTag',
          Effect: 'Deny',
          Action: 'secretsmanager:CreateSecret',
          Resource: '*',
          Condition: { Null: { 'aws:RequestTag/Project': 'true' } },
        },
        {
          Sid: 'DenyRunInstanceWithNoProjectTag',
          Effect: 'Deny',
          Action: 'ec2:RunInstances',
          Resource: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:volume/*'],
          Condition: { Null: { 'aws:RequestTag/Project': 'true' } },
        },
      ],
    };
    const instance = `arn:aws:ec2:eu-west-1:${account}:instance/i-1`;
    expect(decide(example, 'secretsmanager:CreateSecret')).toBe(
      'explicit-deny',
    );
    expect(
      decide(example, 'secretsmanager:CreateSecret', {
        'aws:RequestTag/Project': 'x',
      }),
    ).toBe('allowed');
    expect(decide(example, 'ec2:RunInstances', {}, instance)).toBe(
      'explicit-deny',
    );
    expect(
      decide(
        example,
        'ec2:RunInstances',
        {},
        `arn:aws:ec2:eu-west-1:${account}:subnet/s-1`,
      ),
    ).toBe('allowed');
  });

  it('prevent tags from being modified except by authorized principals (policy variables)', () => {
    const example = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyModifyTagsIfResAuthzTagAndPrinTagDontMatch',
          Effect: 'Deny',
          Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
          Resource: ['*'],
          Condition: {
            StringNotEquals: {
              'ec2:ResourceTag/access-project':
                '${aws:PrincipalTag/access-project}',
              'aws:PrincipalArn':
                'arn:aws:iam::123456789012:role/org-admins/iam-admin',
            },
            Null: { 'ec2:ResourceTag/access-project': false },
          },
        },
      ],
    };
    const resource = { 'ec2:ResourceTag/access-project': 'alpha' };
    expect(
      decide(example, 'ec2:CreateTags', {
        ...resource,
        'aws:PrincipalTag/access-project': 'alpha',
      }),
    ).toBe('allowed');
    expect(
      decide(example, 'ec2:CreateTags', {
        ...resource,
        'aws:PrincipalTag/access-project': 'beta',
      }),
    ).toBe('explicit-deny');
    // Without the principal tag the variable cannot match, so "not equal" holds.
    expect(decide(example, 'ec2:CreateTags', resource)).toBe('explicit-deny');
    expect(
      decide(example, 'ec2:CreateTags', {
        ...resource,
        'aws:PrincipalArn':
          'arn:aws:iam::123456789012:role/org-admins/iam-admin',
      }),
    ).toBe('allowed');
    expect(decide(example, 'ec2:CreateTags')).toBe('allowed');
  });
});
