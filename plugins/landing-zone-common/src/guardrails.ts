/*
 * The guardrail catalogue: what the portal judges, and which published
 * controls each guardrail corresponds to.
 *
 * Control mappings are copied from the sources, never inferred; a guardrail
 * without a published control has none listed. Sources used:
 *
 * - AWS Security Hub controls reference (security control ids, e.g.
 *   `[S3.1]`, and their "Related requirements" lists), docs.aws.amazon.com/
 *   securityhub/latest/userguide/*-controls.html, as published in 2025.
 * - AWS Security Hub "CIS AWS Foundations Benchmark" page (controls that apply
 *   to CIS v3.0.0) and the standard-control ids of the v3.0.0 standard
 *   (`cis-aws-foundations-benchmark/v/3.0.0/<n>`).
 * - CIS Amazon Web Services Foundations Benchmark v3.0.0 recommendation list
 *   (as transcribed in prowler's compliance/aws/cis_3.0_aws.json).
 *
 * `securityHub` holds Security Hub security control ids. Most are part of the
 * Foundational Security Best Practices (FSBP) standard; `IAM.28` is a
 * Security Hub control that AWS ships with the CIS v3.0.0 standard instead.
 * Service control policies have no Security Hub or CIS counterpart, so the
 * preventive guardrails list none.
 *
 * Added with the 2026 guardrails (sources read in December 2026):
 * - `root-hardware-mfa`: Security Hub [IAM.6] "Hardware MFA should be enabled
 *   for the root user", whose related requirements list CIS v3.0.0 1.6
 *   "Ensure hardware MFA is enabled for the 'root' user account"
 *   (securityhub/latest/userguide/iam-controls.html#iam-6).
 * - `root-user-activity`: CIS v3.0.0 1.7 "Eliminate use of the 'root' user for
 *   administrative and daily tasks". Security Hub has no control that reads
 *   root activity itself; [CloudWatch.1] (an alarm on root usage) maps to CIS
 *   v1.2/v1.4 only, so it is not listed.
 * - `ec2-vpc-block-public-access`: Security Hub [EC2.172] "EC2 VPC Block
 *   Public Access settings should block internet gateway traffic"
 *   (ec2-controls.html#ec2-172).
 * - `ec2-snapshot-block-public-access`: Security Hub [EC2.182] "Block public
 *   access settings should be enabled for Amazon EBS snapshots" (Config rule
 *   ebs-snapshot-block-public-access; ec2-controls.html#ec2-182).
 * - `ec2-image-block-public-access`, `ec2-imdsv2-default`: no published
 *   control judges the account-level setting ([EC2.8] and CIS 5.6 judge
 *   instances, not the account default), so none is listed.
 * - RCP guardrails and `root-credentials-centralized`: neither Security Hub
 *   nor CIS v3.0.0 has a control for them.
 *
 * Added with issue 13's guardrails (sources read in December 2026: the
 * Security Hub per-service control pages and its CIS v3.0.0 list, and
 * prowler's compliance/aws/cis_3.0_aws.json):
 * - `security-group-admin-ports`: [EC2.53] "EC2 security groups should not
 *   allow ingress from 0.0.0.0/0 to remote server administration ports" (CIS
 *   v3.0.0 5.2) and [EC2.54] "... from ::/0 ..." (CIS v3.0.0 5.3). EC2.13 and
 *   EC2.14 say the same per port but map only to CIS v1.2.0, so are not listed.
 * - `waf-public-entry`: [ELB.16] "Application Load Balancers should be
 *   associated with an AWS WAF web ACL" and [CloudFront.6] "CloudFront
 *   distributions should have WAF enabled"; no CIS recommendation.
 * - `rds-encrypted`: [RDS.3] "RDS DB instances should have encryption at-rest
 *   enabled" (CIS v3.0.0 2.3.1) and [RDS.27] "RDS DB clusters should be
 *   encrypted at rest".
 * - `elasticache-encrypted`: [ElastiCache.4] "ElastiCache replication groups
 *   should be encrypted at rest" and [ElastiCache.5] "... encrypted in transit".
 * - `macie-enabled`: [Macie.1] "Amazon Macie should be enabled"; CIS v3.0.0
 *   2.1.3 "Ensure all data in Amazon S3 has been discovered, classified and
 *   secured when required" as prowler maps it (macie_is_enabled); Security
 *   Hub lists no CIS requirement for Macie.1.
 * - `iam-no-users`: CIS v3.0.0 1.21 "Ensure IAM users are managed centrally
 *   via identity federation or AWS Organizations for multi-account
 *   environments" (prowler); Security Hub has no control for it.
 * - `network-acl-tiers`: none. [EC2.21] (CIS 5.1) judges only ports 22 and
 *   3389 and skips default ACLs, [EC2.16] only unused ACLs: related, not the same.
 * - `s3-bucket-encryption`: none. [S3.17] "S3 general purpose buckets should be
 *   encrypted at rest with AWS KMS keys" matches only when customer managed
 *   keys are required; S3.4 is no longer in the controls reference.
 * - `ec2-instance-rotation`, `iam-role-trust`: no published control ([EC2.4]
 *   judges stopped instances; [IAM.28] only that an analyzer exists).
 */

import type { GuardrailDefinition } from './checks';

/**
 * The ids of the built-in guardrails, by name.
 *
 * @public
 */
export const guardrailIds = {
  scpDenyLeaveOrganization: 'scp-deny-leave-organization',
  scpProtectCloudTrail: 'scp-protect-cloudtrail',
  scpProtectGuardDuty: 'scp-protect-guardduty',
  scpProtectConfig: 'scp-protect-config',
  scpProtectSecurityHub: 'scp-protect-security-hub',
  scpRegionAllowList: 'scp-region-allow-list',
  scpDenyRootUser: 'scp-deny-root-user',
  rcpResourcesOrgOnly: 'rcp-resources-org-only',
  rcpSecureTransport: 'rcp-secure-transport',
  ec2VpcBlockPublicAccess: 'ec2-vpc-block-public-access',
  ec2SnapshotBlockPublicAccess: 'ec2-snapshot-block-public-access',
  ec2ImageBlockPublicAccess: 'ec2-image-block-public-access',
  ec2ImdsV2Default: 'ec2-imdsv2-default',
  cloudTrailMultiRegion: 'cloudtrail-multi-region',
  guardDutyEnabled: 'guardduty-enabled',
  configRecorderEnabled: 'config-recorder-enabled',
  accessAnalyzerEnabled: 'access-analyzer-enabled',
  ebsDefaultEncryption: 'ebs-default-encryption',
  securityHubFsbp: 'security-hub-fsbp',
  rootMfa: 'root-mfa',
  rootHardwareMfa: 'root-hardware-mfa',
  noRootAccessKeys: 'no-root-access-keys',
  rootCredentialsCentralized: 'root-credentials-centralized',
  rootUserActivity: 'root-user-activity',
  noIamUserAccessKeys: 'no-iam-user-access-keys',
  s3AccountPublicAccessBlock: 's3-account-public-access-block',
  vpcFlowLogs: 'vpc-flow-logs',
  vpcThreeTiers: 'vpc-three-tiers',
  networkProdIsolation: 'network-prod-isolation',
  networkNoOverlappingCidrs: 'network-no-overlapping-cidrs',
  networkAclTiers: 'network-acl-tiers',
  securityGroupAdminPorts: 'security-group-admin-ports',
  wafPublicEntry: 'waf-public-entry',
  rdsEncrypted: 'rds-encrypted',
  elastiCacheEncrypted: 'elasticache-encrypted',
  s3BucketEncryption: 's3-bucket-encryption',
  ec2InstanceRotation: 'ec2-instance-rotation',
  macieEnabled: 'macie-enabled',
  iamNoUsers: 'iam-no-users',
  iamRoleTrust: 'iam-role-trust',
} as const;

/**
 * The id of a built-in guardrail.
 *
 * @public
 */
export type GuardrailId = (typeof guardrailIds)[keyof typeof guardrailIds];

// SCPs never apply to the management account, so their verdict there says so.
const scpManagementNote =
  ' SCPs do not apply to the management account: there this guardrail is reported as unknown.';
const rcpManagementNote =
  ' RCPs do not apply to the management account: there this guardrail is reported as unknown.';
const rcpServices =
  'Amazon S3, AWS KMS, AWS STS, Amazon SQS and AWS Secrets Manager';
const declarativeNote =
  ' The evidence says whether an EC2 declarative policy enforces the setting or it is set by hand in the account.';

/**
 * Every built-in guardrail, in display order: preventive, detective, network.
 *
 * @public
 */
export const guardrailCatalogue: GuardrailDefinition[] = [
  {
    id: guardrailIds.scpDenyLeaveOrganization,
    title: 'Accounts cannot leave the organization',
    description: `The service control policies on the account's path deny organizations:LeaveOrganization, so the account stays under the organisation's guardrails and billing.${scpManagementNote}`,
    category: 'preventive',
    severity: 'high',
    remediation:
      'Attach an SCP that denies organizations:LeaveOrganization to the root.',
    controls: {},
  },
  {
    id: guardrailIds.scpProtectCloudTrail,
    title: 'CloudTrail cannot be disabled',
    description: `The SCPs on the account's path deny stopping, deleting or reconfiguring CloudTrail trails to workload principals (cloudtrail:StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors), with at most an exception for the platform's own roles.${scpManagementNote}`,
    category: 'preventive',
    severity: 'high',
    remediation:
      'Attach an SCP that denies cloudtrail:StopLogging, DeleteTrail, UpdateTrail and PutEventSelectors, excepting only the platform role (ArnNotLike aws:PrincipalArn).',
    controls: {},
  },
  {
    id: guardrailIds.scpProtectGuardDuty,
    title: 'GuardDuty cannot be disabled',
    description: `The SCPs on the account's path deny deleting or suspending GuardDuty detectors and leaving the GuardDuty administrator account.${scpManagementNote}`,
    category: 'preventive',
    severity: 'high',
    remediation:
      'Attach an SCP that denies guardduty:DeleteDetector, UpdateDetector, DisassociateFromMasterAccount and DisassociateFromAdministratorAccount.',
    controls: {},
  },
  {
    id: guardrailIds.scpProtectConfig,
    title: 'AWS Config cannot be disabled',
    description: `The SCPs on the account's path deny stopping or deleting the AWS Config recorder and its delivery channel.${scpManagementNote}`,
    category: 'preventive',
    severity: 'high',
    remediation:
      'Attach an SCP that denies config:StopConfigurationRecorder, DeleteConfigurationRecorder and DeleteDeliveryChannel.',
    controls: {},
  },
  {
    id: guardrailIds.scpProtectSecurityHub,
    title: 'Security Hub cannot be disabled',
    description: `The SCPs on the account's path deny disabling Security Hub, its standards and its member relationships.${scpManagementNote}`,
    category: 'preventive',
    severity: 'high',
    remediation:
      'Attach an SCP that denies securityhub:DisableSecurityHub, BatchDisableStandards, DeleteMembers, DisassociateFromAdministratorAccount and DisassociateFromMasterAccount.',
    controls: {},
  },
  {
    id: guardrailIds.scpRegionAllowList,
    title: 'Only allowed regions can be used',
    description: `The SCPs on the account's path deny regional actions outside the allowed regions, and still allow them inside every allowed region (a list that blocks an allowed region is broken too).${scpManagementNote}`,
    category: 'preventive',
    severity: 'medium',
    remediation:
      'Attach a region deny SCP (Deny with NotAction for global services and StringNotEquals aws:RequestedRegion) listing exactly the allowed regions.',
    controls: {},
  },
  {
    id: guardrailIds.scpDenyRootUser,
    title: 'The root user cannot act',
    description: `The SCPs on the account's path deny actions by the account's root user (StringLike aws:PrincipalArn arn:aws:iam::*:root).${scpManagementNote}`,
    category: 'preventive',
    severity: 'high',
    remediation:
      'Attach an SCP that denies "*" when aws:PrincipalArn is like arn:aws:iam::*:root.',
    controls: {},
  },
  {
    id: guardrailIds.rcpResourcesOrgOnly,
    title: 'Resources are closed to principals outside the organization',
    description: `The resource control policies on the account's path deny access to the account's ${rcpServices} resources by principals outside the organisation (aws:PrincipalOrgID), except AWS services acting for the account; judged by evaluating a request from outside the organisation, and one from inside it, against the SCPs and RCPs together.${rcpManagementNote}`,
    category: 'preventive',
    severity: 'high',
    remediation:
      "Enable resource control policies on the root and attach an RCP that denies s3:*, kms:*, sts:AssumeRole, sqs:* and secretsmanager:* when aws:PrincipalOrgID is not the organisation's id and aws:PrincipalIsAWSService is false.",
    controls: {},
  },
  {
    id: guardrailIds.rcpSecureTransport,
    title: 'Resources accept only encrypted connections',
    description: `The resource control policies on the account's path deny requests to the account's ${rcpServices} resources made without TLS (aws:SecureTransport false).${rcpManagementNote}`,
    category: 'preventive',
    severity: 'medium',
    remediation:
      'Attach an RCP that denies s3:*, kms:*, sts:*, sqs:* and secretsmanager:* when aws:SecureTransport is false (BoolIfExists).',
    controls: {},
  },
  {
    id: guardrailIds.ec2VpcBlockPublicAccess,
    title: 'VPC Block Public Access is on',
    description: `In every allowed region, VPC Block Public Access blocks internet gateway traffic (block-ingress or block-bidirectional).${declarativeNote}`,
    category: 'preventive',
    severity: 'medium',
    remediation:
      'Attach an EC2 declarative policy with vpc_block_public_access internet_gateway_block.mode block_ingress (or block_bidirectional), or run ec2 modify-vpc-block-public-access-options in every allowed region.',
    controls: { securityHub: ['EC2.172'] },
  },
  {
    id: guardrailIds.ec2SnapshotBlockPublicAccess,
    title: 'EBS snapshots cannot be shared publicly',
    description: `In every allowed region, block public access for EBS snapshots is on (block-all-sharing or block-new-sharing).${declarativeNote}`,
    category: 'preventive',
    severity: 'high',
    remediation:
      'Attach an EC2 declarative policy with snapshot_block_public_access state block_all_sharing, or run ec2 enable-snapshot-block-public-access --state block-all-sharing in every allowed region.',
    controls: { securityHub: ['EC2.182'] },
  },
  {
    id: guardrailIds.ec2ImageBlockPublicAccess,
    title: 'AMIs cannot be shared publicly',
    description: `In every allowed region, block public access for AMIs is on (block-new-sharing).${declarativeNote}`,
    category: 'preventive',
    severity: 'high',
    remediation:
      'Attach an EC2 declarative policy with image_block_public_access state block_new_sharing, or run ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing in every allowed region.',
    controls: {},
  },
  {
    id: guardrailIds.ec2ImdsV2Default,
    title: 'New instances default to IMDSv2',
    description: `In every allowed region, the account's instance metadata defaults require IMDSv2 (http_tokens required) for instances launched without their own setting.${declarativeNote}`,
    category: 'preventive',
    severity: 'medium',
    remediation:
      'Attach an EC2 declarative policy with instance_metadata_defaults http_tokens required, or run ec2 modify-instance-metadata-defaults --http-tokens required in every allowed region.',
    controls: {},
  },
  {
    id: guardrailIds.cloudTrailMultiRegion,
    title: 'A multi-region trail is logging',
    description:
      'At least one multi-region CloudTrail trail (the organisation trail counts) is logging with log file validation enabled.',
    category: 'detective',
    severity: 'high',
    remediation:
      'Create an organisation trail in the management account with --is-multi-region-trail and --enable-log-file-validation, and start logging.',
    controls: {
      securityHub: ['CloudTrail.1', 'CloudTrail.4'],
      cis: ['3.1', '3.2'],
    },
  },
  {
    id: guardrailIds.guardDutyEnabled,
    title: 'GuardDuty is enabled',
    description: 'A GuardDuty detector is enabled in every allowed region.',
    category: 'detective',
    severity: 'high',
    remediation:
      'Enable GuardDuty for the organisation from the delegated administrator, with auto-enable for new accounts, in every allowed region.',
    controls: { securityHub: ['GuardDuty.1'] },
  },
  {
    id: guardrailIds.configRecorderEnabled,
    title: 'AWS Config is recording',
    description:
      'An AWS Config recorder is recording all supported resource types in every allowed region.',
    category: 'detective',
    severity: 'medium',
    remediation:
      'Deploy the Config recorder with allSupported recording and start it in every allowed region.',
    controls: { securityHub: ['Config.1'], cis: ['3.3'] },
  },
  {
    id: guardrailIds.accessAnalyzerEnabled,
    title: 'IAM Access Analyzer is active',
    description:
      'An active external access analyzer (account or organisation zone of trust) exists in every allowed region.',
    category: 'detective',
    severity: 'medium',
    remediation:
      'Create an organisation analyzer in the delegated administrator account, or an account analyzer, in every allowed region.',
    controls: { securityHub: ['IAM.28'], cis: ['1.20'] },
  },
  {
    id: guardrailIds.ebsDefaultEncryption,
    title: 'EBS encryption by default',
    description:
      'New EBS volumes are encrypted by default in every allowed region.',
    category: 'detective',
    severity: 'medium',
    remediation:
      'Run ec2 enable-ebs-encryption-by-default in every allowed region.',
    controls: { securityHub: ['EC2.7'], cis: ['2.2.1'] },
  },
  {
    id: guardrailIds.securityHubFsbp,
    title: 'Security Hub runs FSBP',
    description:
      'Security Hub is enabled with the AWS Foundational Security Best Practices standard ready in every allowed region.',
    category: 'detective',
    severity: 'medium',
    remediation:
      'Enable Security Hub from the delegated administrator with central configuration enabling FSBP in every allowed region.',
    controls: { cis: ['4.16'] },
  },
  {
    id: guardrailIds.rootMfa,
    title: 'Root user has MFA',
    description:
      "The account's root user has multi-factor authentication enabled.",
    category: 'detective',
    severity: 'critical',
    remediation:
      'Sign in as the root user and assign an MFA device, or remove root credentials with centralized root access.',
    controls: { securityHub: ['IAM.9'], cis: ['1.5'] },
  },
  {
    id: guardrailIds.rootHardwareMfa,
    title: 'Prod root user has a hardware MFA device',
    description:
      "In prod accounts, the root user's MFA is a hardware device, not a virtual one. Accounts without root credentials (centralised root access) pass for that reason; non-prod accounts pass as not required.",
    category: 'detective',
    severity: 'high',
    remediation:
      'Remove the root credentials of the account with centralised root access (preferred), or sign in as the root user, remove the virtual MFA device and register a hardware (FIDO or TOTP token) device.',
    controls: { securityHub: ['IAM.6'], cis: ['1.6'] },
  },
  {
    id: guardrailIds.noRootAccessKeys,
    title: 'Root user has no access keys',
    description: "The account's root user has no access keys.",
    category: 'detective',
    severity: 'critical',
    remediation: 'Sign in as the root user and delete its access keys.',
    controls: { securityHub: ['IAM.4'], cis: ['1.4'] },
  },
  {
    id: guardrailIds.rootCredentialsCentralized,
    title: 'Member accounts have no root credentials',
    description:
      "The organisation manages root access centrally (IAM RootCredentialsManagement), and the member account's root user has no password, access keys, signing certificates or MFA devices left. The management account keeps its root user, so there the guardrail is reported as unknown.",
    category: 'detective',
    severity: 'high',
    remediation:
      "Enable centralised root access (iam enable-organizations-root-credentials-management and enable-organizations-root-sessions) in the management account, then delete the member account's root credentials through sts:AssumeRoot with the IAMDeleteRootUserCredentials task policy.",
    controls: {},
  },
  {
    id: guardrailIds.rootUserActivity,
    title: 'The root user was not used',
    description:
      "CloudTrail recorded no event by the account's root user in any allowed region within the configured window (default 90 days). The events found are the evidence.",
    category: 'detective',
    severity: 'high',
    remediation:
      'Find out who signed in as root and why (the events name the source address); rotate the root password or remove root credentials with centralised root access, and use roles for daily work.',
    controls: { cis: ['1.7'] },
  },
  {
    id: guardrailIds.noIamUserAccessKeys,
    title: 'No IAM user access keys',
    description:
      'No IAM user has an active access key: people sign in through IAM Identity Center and workloads use roles.',
    category: 'detective',
    severity: 'medium',
    remediation:
      'Replace each key with a role (or Identity Center access), then deactivate and delete it.',
    controls: {},
  },
  {
    id: guardrailIds.s3AccountPublicAccessBlock,
    title: 'S3 Block Public Access at account level',
    description:
      'All four S3 Block Public Access settings are enabled for the account.',
    category: 'detective',
    severity: 'high',
    remediation:
      'Run s3control put-public-access-block with all four settings true for the account.',
    controls: { securityHub: ['S3.1'], cis: ['2.1.4'] },
  },
  {
    id: guardrailIds.iamNoUsers,
    title: 'No IAM users: one identity source',
    description:
      'The account has no IAM user at all, with or without keys or a password: people sign in through IAM Identity Center and workloads use roles. Judged only in accounts under the OUs configured as Identity-Center-only (landingZone.guardrails.identityCenterOnly).',
    category: 'detective',
    severity: 'high',
    appliesTo: 'identity-center-only',
    remediation:
      "Give each person an IAM Identity Center user and permission set, replace each workload's user with a role, then delete the IAM users (keys, password, MFA devices, then the user).",
    controls: { cis: ['1.21'] },
  },
  {
    id: guardrailIds.iamRoleTrust,
    title: 'Roles trust only the organization and named partners',
    description:
      "Every IAM role's trust policy admits only principals of the organisation's accounts, AWS services, the account's own identity providers, or the partner accounts configured (landingZone.guardrails.trustedAccounts); any other principal (or *) is allowed only under a condition that keeps it inside them: aws:PrincipalOrgID naming the organisation, aws:PrincipalOrgPaths within it, or aws:PrincipalAccount / aws:PrincipalArn naming only such accounts. Service-linked roles are AWS's and not judged.",
    category: 'detective',
    severity: 'high',
    remediation:
      "Remove the outside account from the role's trust policy, or add it to landingZone.guardrails.trustedAccounts when it is a partner the organisation has agreed to trust (and require an sts:ExternalId).",
    controls: {},
  },
  {
    id: guardrailIds.rdsEncrypted,
    title: 'RDS databases are encrypted',
    description:
      'Every RDS DB instance and DB cluster (Aurora included) in every allowed region has storage encryption, with a customer managed KMS key when the organisation requires one (landingZone.guardrails.requireCustomerManagedKeys).',
    category: 'detective',
    severity: 'high',
    remediation:
      'Storage encryption cannot be turned on in place: snapshot the database, copy the snapshot with a KMS key (a customer managed key where required), restore from the copy and switch the application over.',
    controls: { securityHub: ['RDS.3', 'RDS.27'], cis: ['2.3.1'] },
  },
  {
    id: guardrailIds.elastiCacheEncrypted,
    title: 'ElastiCache is encrypted at rest and in transit',
    description:
      'Every ElastiCache replication group in every allowed region has encryption at rest and in transit, at rest with a customer managed KMS key when the organisation requires one.',
    category: 'detective',
    severity: 'medium',
    remediation:
      'Create the replication group again with --at-rest-encryption-enabled, --transit-encryption-enabled and a KMS key (or migrate in transit encryption to required), then move clients to it.',
    controls: { securityHub: ['ElastiCache.4', 'ElastiCache.5'] },
  },
  {
    id: guardrailIds.s3BucketEncryption,
    title: 'Data buckets are encrypted by default',
    description:
      "In data accounts (landingZone.guardrails.dataAccounts), every general purpose S3 bucket has default encryption, SSE-KMS with a customer managed key when the organisation requires one. S3 encrypts new objects with SSE-S3 by default since 2023; this judges the bucket's own configuration.",
    category: 'detective',
    severity: 'medium',
    appliesTo: 'data-accounts',
    remediation:
      'Run s3api put-bucket-encryption with SSEAlgorithm aws:kms and the KMS key (BucketKeyEnabled true) on each bucket, from the bucket module of the account baseline.',
    controls: {},
  },
  {
    id: guardrailIds.macieEnabled,
    title: 'Macie watches the data',
    description:
      'In data accounts (landingZone.guardrails.dataAccounts), Amazon Macie is enabled (not paused) in every allowed region.',
    category: 'detective',
    severity: 'medium',
    appliesTo: 'data-accounts',
    remediation:
      'Enable Macie for the organisation from its delegated administrator with auto-enable for new accounts, or run macie2 enable-macie in the account in every allowed region.',
    controls: { securityHub: ['Macie.1'], cis: ['2.1.3'] },
  },
  {
    id: guardrailIds.ec2InstanceRotation,
    title: 'Instances are rotated',
    description:
      'No running EC2 instance is older than the configured age (landingZone.guardrails.instanceMaxAgeDays, default 30 days), so no ad-hoc change or foothold persists. An instance of an Auto Scaling group that rotates (a maximum instance lifetime within the age, an instance refresh started within it, or a recurring scheduled action) counts as rotated. The evidence lists the oldest instances with their launch times.',
    category: 'detective',
    severity: 'medium',
    remediation:
      'Run the workload in an Auto Scaling group with a maximum instance lifetime or a scheduled instance refresh, or replace the old instances from a fresh image.',
    controls: {},
  },
  {
    id: guardrailIds.vpcFlowLogs,
    title: 'VPC flow logs',
    description: 'Every VPC in every allowed region has an active flow log.',
    category: 'detective',
    severity: 'medium',
    remediation:
      'Create a flow log for each VPC to the central log archive (the VPC module of the account baseline does this).',
    controls: { securityHub: ['EC2.6'], cis: ['3.7'] },
  },
  {
    id: guardrailIds.vpcThreeTiers,
    title: 'VPCs have three tiers',
    description:
      'Every VPC, including a default VPC, has public, private and isolated subnets. An account without VPCs passes.',
    category: 'network',
    severity: 'low',
    remediation:
      'Rebuild the VPC from the three-tier VPC module, and delete default VPCs.',
    controls: {},
  },
  {
    id: guardrailIds.networkProdIsolation,
    title: 'Prod and non-prod networks are isolated',
    description:
      'No active VPC peering and no transit gateway connects a prod VPC with a non-prod VPC. VPCs of accounts that are neither prod nor non-prod (shared services, network hub) may connect to both, and so may a transit gateway owned by such an account, whose route tables are expected to keep environments apart.',
    category: 'network',
    severity: 'high',
    remediation:
      'Delete the peering or attachment, and route prod to non-prod traffic only through the network hub.',
    controls: {},
  },
  {
    id: guardrailIds.networkNoOverlappingCidrs,
    title: 'Connected VPCs do not overlap',
    description:
      'VPCs connected by peering or by a shared transit gateway have no overlapping CIDR blocks.',
    category: 'network',
    severity: 'medium',
    remediation:
      'Allocate CIDRs from the organisation IPAM pool and re-address the overlapping VPC.',
    controls: {},
  },
  {
    id: guardrailIds.networkAclTiers,
    title: 'Each subnet tier has its own network ACL',
    description:
      "In every VPC, the subnets of each tier use a network ACL of their own, not the VPC's default ACL; the public tier's ACL is not the one of the private or isolated tier; and the isolated tier's ACL allows no inbound traffic from the internet (0.0.0.0/0 or ::/0). An account without VPCs passes.",
    category: 'network',
    severity: 'medium',
    remediation:
      "Create one network ACL per tier from the VPC module, associate every subnet of the tier with it, and allow the isolated tier inbound traffic only from the VPC's own blocks.",
    controls: {},
  },
  {
    id: guardrailIds.securityGroupAdminPorts,
    title: 'No security group opens admin ports to the internet',
    description:
      'No security group in any allowed region allows inbound traffic from 0.0.0.0/0 or ::/0 to SSH (22) or RDP (3389), whether by a port range or all traffic.',
    category: 'network',
    severity: 'high',
    remediation:
      'Remove the rule and reach instances through Session Manager, or allow only the bastion or VPN address range.',
    controls: { securityHub: ['EC2.53', 'EC2.54'], cis: ['5.2', '5.3'] },
  },
  {
    id: guardrailIds.wafPublicEntry,
    title: 'A WAF guards every public entry',
    description:
      'Every internet-facing Application Load Balancer in every allowed region, and every CloudFront distribution, has an AWS WAF web ACL associated.',
    category: 'network',
    severity: 'high',
    remediation:
      "Associate the organisation's web ACL (from a Firewall Manager WAF policy, or wafv2 associate-web-acl for a load balancer and the distribution's WebACLId for CloudFront).",
    controls: { securityHub: ['ELB.16', 'CloudFront.6'] },
  },
];

/**
 * The catalogue entry of a guardrail, if it exists.
 *
 * @public
 */
export function getGuardrailDefinition(
  id: string,
): GuardrailDefinition | undefined {
  return guardrailCatalogue.find(definition => definition.id === id);
}
