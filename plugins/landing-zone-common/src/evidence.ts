/*
 * The English of the built-in checks' evidence, by code: one source for the
 * backend, which writes each message from it, and for the pages, which say
 * the same in the reader's language.
 *
 * A template names its values `{{name}}`. Values are data (ids, regions,
 * CIDRs, AWS's own values and error messages) and are never translated;
 * words are in the templates. Where a message embeds another text (the
 * reason a link is unread, a list of credentials), that text is a part: its
 * code is the param `<part>.code` and its values are `<part>.<name>`, so one
 * flat `params` record carries texts nested to any depth.
 */

import type { GuardrailEvidence } from './checks';

/**
 * The English template of every evidence code of the built-in checks.
 *
 * @public
 */
export const evidenceMessages = {
  // What every check shares.
  error: '{{errorCode}}: {{errorMessage}}',
  'error.operation': '{{operation}}: {{errorCode}}: {{errorMessage}}',
  'account.unreadable': 'Account could not be read: {{error}}',
  'region.notScanned': 'Region was not scanned',
  'regions.none': 'No allowed regions are configured',
  'global.notCollected': 'Global facts were not collected',
  notCollected:
    '{{what}} was not collected (facts from before the portal read it)',
  fact: 'The fact',
  'check.failed': 'The check failed: {{reason}}',
  'policy.error': '{{reason}}',
  value: '{{value}}',
  'list.and': '{{head}} and {{last}}',
  'list.or': '{{head}} or {{last}}',
  'list.comma': '{{head}}, {{last}}',

  // Service control policies.
  'scp.sample': '{{action}}',
  'scp.sample.on': '{{action}} on {{resource}}',
  'scp.notDenied': '{{sample}} is not denied by any SCP',
  'scp.implicitDeny':
    '{{sample}} is denied implicitly: no SCP attached to {{target}} allows it',
  'scp.deniedBy': '{{sample}} is denied by {{policy}} at {{target}}',
  'scp.managementAccount': 'SCPs do not apply to the management account',
  'scp.none': 'No SCPs were collected for the organization',
  'scp.region.notDenied':
    'ec2:RunInstances in {{region}}, which is not allowed, is not denied by any SCP',
  'scp.region.allowed': 'ec2:RunInstances is allowed in {{region}}',
  'scp.region.blocked': 'Allowed region blocked: {{finding}}',

  // Resource control policies.
  'rcp.request.outside':
    '{{action}} on {{resource}} by a principal outside the organisation (account {{outsideAccount}})',
  'rcp.request.withoutTls':
    '{{action}} on {{resource}} by a principal of the organisation without TLS',
  'rcp.request.overTls':
    '{{action}} on {{resource}} by a principal of the organisation over TLS',
  'rcp.notDenied': '{{request}} is not denied by any RCP',
  'rcp.implicitDeny':
    '{{request}} is denied implicitly: no RCP attached to {{target}} allows it',
  'rcp.deniedBy': '{{request}} is denied by RCP {{policy}} at {{target}}',
  'rcp.broken': 'The RCPs are broken: {{finding}}',
  'rcp.managementAccount': 'RCPs do not apply to the management account',
  'rcp.unreadable': 'RCPs could not be read: {{error}}',
  'rcp.list': "The organisation's RCP list",
  'rcp.typeDisabled':
    'The RCP policy type is not enabled on the root (enabled: {{enabled}}): no RCP is in effect',
  'rcp.typeDisabled.none':
    'The RCP policy type is not enabled on the root (enabled: none): no RCP is in effect',

  // EC2 account settings.
  'ec2.setting.vpcBlockPublicAccess': 'VPC Block Public Access',
  'ec2.setting.snapshotBlockPublicAccess':
    'Block public access for EBS snapshots',
  'ec2.setting.imageBlockPublicAccess': 'Block public access for AMIs',
  'ec2.setting.instanceMetadataDefaults':
    'The instance metadata default http-tokens',
  'ec2.setting.pass': '{{setting}} is {{value}} in {{region}}, {{how}}',
  'ec2.setting.fail':
    '{{setting}} is {{value}} in {{region}} (needs {{accepted}}), {{how}}',
  'ec2.setting.unset':
    '{{setting}} is not set in {{region}} (needs {{accepted}}), {{how}}',
  'ec2.how.declarativePolicy': 'enforced by an EC2 declarative policy',
  'ec2.how.accountDespitePolicy':
    'set by hand in the account, although the effective declarative policy names {{attribute}}',
  'ec2.how.account':
    'set by hand in the account, no declarative policy enforces it',
  'ec2.how.policyNames':
    'the effective EC2 declarative policy names {{attribute}}',
  'ec2.how.policyNamesNot': 'no EC2 declarative policy names it',
  'ec2.how.unknown': 'whether a declarative policy enforces it is not known',

  // Detective guardrails: services and settings that report.
  'trail.compliant':
    'Trail {{name}} is multi-region, logging, with log file validation',
  'trail.compliantOrganization':
    'Organization trail {{name}} is multi-region, logging, with log file validation',
  'trail.problems': 'Trail {{name}} {{problems}}',
  'trail.notMultiRegion': 'is not multi-region',
  'trail.noValidation': 'has log file validation disabled',
  'trail.notLogging': 'is not logging',
  'trail.loggingUnknown': 'has an unknown logging status',
  'trail.none': 'No CloudTrail trail is visible in the account',
  'guardDuty.enabled': 'GuardDuty detector is enabled',
  'guardDuty.none': 'No GuardDuty detector',
  'guardDuty.status': 'GuardDuty detector is {{status}}',
  'config.recording':
    'Config recorder is recording all supported resource types',
  'config.none': 'No AWS Config recorder',
  'config.selected': 'Config recorder records only selected resource types',
  'config.notRecording': 'Config recorder is not recording',
  'accessAnalyzer.active': '{{type}} access analyzer is active',
  'accessAnalyzer.none': 'No IAM Access Analyzer analyzer',
  'accessAnalyzer.inactive':
    'No active external access analyzer (found {{analyzers}})',
  'ebs.enabled': 'EBS encryption by default is enabled',
  'ebs.disabled': 'EBS encryption by default is disabled',
  'securityHub.disabled': 'Security Hub is not enabled',
  'securityHub.fsbp': 'Security Hub runs FSBP',
  'securityHub.fsbpStatus': 'FSBP standard is {{status}}',
  'securityHub.fsbpMissing': 'FSBP standard is not enabled',
  'iamUsers.none': 'No IAM user has an active access key',
  'iamUsers.keys':
    'IAM user {{userName}} has active access keys {{accessKeyIds}}',
  's3.none': 'The account has no S3 Block Public Access configuration',
  's3.allOn': 'All four S3 Block Public Access settings are on',
  's3.off': 'S3 Block Public Access {{setting}} is off',
  'flowLogs.active': 'Flow log {{flowLogId}} is active',
  'flowLogs.none': 'VPC has no active flow log',

  // The root user.
  'root.credential.password': 'a password',
  'root.credential.accessKeys': 'access keys',
  'root.credential.signingCertificates': 'signing certificates',
  'root.credential.mfa': 'an MFA device',
  'root.unreported.password': 'password',
  'root.noCredentials':
    'The root user has no credentials (no password, access keys, signing certificates or MFA device): the organisation manages root access centrally',
  'root.mfa.enabled': 'Root user has MFA enabled',
  'root.mfa.none': 'Root user has no MFA device',
  'root.accessKeys.present': 'Root user has access keys',
  'root.accessKeys.none': 'Root user has no access keys',
  'root.hardwareMfa.notRequired':
    'Not required: the account is {{environment}}, and hardware root MFA is required in prod accounts',
  'root.hardwareMfa.virtual':
    'Root MFA is the virtual device {{serialNumber}}, not a hardware device',
  'root.hardwareMfa.hardware':
    'Root MFA is enabled and no virtual device is assigned to the root user: it is a hardware device',
  'root.virtualMfa': "The root user's virtual MFA device",
  'root.access.features': "The organisation's root access features",
  'root.access.unreadable':
    "The organisation's root access features could not be read: {{error}}",
  'root.access.off':
    'Centralised root access is off: IAM RootCredentialsManagement is not enabled for the organisation',
  'root.access.management':
    'The management account keeps its root user: centralised root access covers member accounts only',
  'root.credentials.remaining': 'The root user still has {{credentials}}',
  'root.credentials.unreported':
    'IAM did not report whether the root user has {{credentials}}',
  'root.credentials.none':
    'Root access is managed centrally and the root user has no password, access keys, signing certificates or MFA device',
  'rootActivity.what': 'Root user activity',
  'rootActivity.event':
    'Root user called {{eventName}} at {{eventTime}} in {{region}}',
  'rootActivity.event.from':
    'Root user called {{eventName}} at {{eventTime}} from {{sourceIpAddress}} in {{region}}',
  'rootActivity.event.source':
    'Root user called {{eventName}} ({{eventSource}}) at {{eventTime}} in {{region}}',
  'rootActivity.event.sourceFrom':
    'Root user called {{eventName}} ({{eventSource}}) at {{eventTime}} from {{sourceIpAddress}} in {{region}}',
  'rootActivity.truncated':
    'More root events were recorded in {{region}} than were read',
  'rootActivity.more': '…and {{more}} more root events',
  'rootActivity.none':
    'No root events in the last {{days}} days in {{regions}}',

  // Network: the VPCs of the account and their links.
  'vpc.none': 'No VPCs',
  'vpc.tiers.complete': 'VPC has public, private and isolated subnets',
  'vpc.tiers.completeDefault':
    'Default VPC has public, private and isolated subnets',
  'vpc.tiers.missing': 'VPC has no {{tiers}} subnets',
  'vpc.tiers.missingDefault': 'Default VPC has no {{tiers}} subnets',
  'tier.public': 'public',
  'tier.private': 'private',
  'tier.isolated': 'isolated',
  'network.none': 'The account has no peered or transit gateway connected VPCs',
  'network.checked.isolation':
    '{{connections}} VPC connection(s) checked: none joins prod and non-prod',
  'network.checked.overlaps':
    '{{connections}} VPC connection(s) checked: no overlapping CIDRs',
  'network.via.peering': 'peering {{via}}',
  'network.via.transitGateway': 'transit gateway {{via}}',
  'network.other': '{{vpcId}}',
  'network.other.account': '{{vpcId}} (account {{accountId}})',
  'network.unread':
    'Cannot tell whether {{own}} and {{other}} are linked by {{link}}: {{unread}}',
  'network.gatewayUnread':
    'Cannot tell which VPCs {{own}} reaches through {{link}}: {{unread}}',
  'network.omitted.isolation':
    '…and {{more}} more VPCs of the other environment linked through {{link}}',
  'network.omitted.isolationUnread':
    '…and {{more}} more VPCs of the other environment, which may be linked ({{unread}}) through {{link}}',
  'network.omitted.overlaps':
    '…and {{more}} more VPCs with overlapping CIDRs linked through {{link}}',
  'network.omitted.overlapsUnread':
    '…and {{more}} more VPCs with overlapping CIDRs, which may be linked ({{unread}}) through {{link}}',
  'network.isolation.idle':
    '{{environment}} VPC {{own}} is peered with {{otherEnvironment}} VPC {{other}} by {{via}}, but no route on either side uses the peering',
  'network.isolation.notInInventory':
    '{{other}}, linked by {{link}}, is not in the inventory',
  'network.isolation.notInInventoryDirected':
    '{{other}}, linked by {{link}} ({{direction}}), is not in the inventory',
  'network.isolation.linked':
    '{{environment}} VPC {{own}} is linked with {{otherEnvironment}} VPC {{other}} by {{link}}',
  'network.isolation.linkedDirected':
    '{{environment}} VPC {{own}} is linked with {{otherEnvironment}} VPC {{other}} by {{link}} ({{direction}})',
  'network.overlap.unknownCidrs':
    'The CIDRs of {{other}}, linked by {{link}}, are not known',
  'network.overlap.idle':
    '{{ownCidr}} of {{own}} overlaps {{otherCidr}} of {{other}}, peered by {{via}}, but no route on either side uses the peering',
  'network.overlap.linked':
    '{{ownCidr}} of {{own}} overlaps {{otherCidr}} of {{other}}, linked by {{link}}',
  'network.overlap.linkedDirected':
    '{{ownCidr}} of {{own}} overlaps {{otherCidr}} of {{other}}, linked by {{link}} ({{direction}})',
  'direction.peering.both':
    'both ways: {{own}} routes {{out}} and {{other}} routes {{back}} through it',
  'direction.peering.out':
    '{{own}} → {{other}}: {{own}} routes {{out}} through it',
  'direction.peering.back':
    '{{other}} → {{own}}: {{other}} routes {{back}} through it',
  'direction.gateway.both':
    'both ways: {{table}} has a {{route}} to {{other}}, {{backTable}} routes back to {{own}}',
  'direction.gateway.out':
    '{{own}} → {{other}} only: {{table}} has a {{route}} to it',
  'direction.gateway.back':
    '{{other}} → {{own}} only: {{backTable}} routes to {{own}}',
  'direction.gateway.unindexed':
    '{{own}} → {{other}}: {{table}} has a {{route}} to it',
  'route.propagated': 'propagated route',
  'route.propagatedBlock': 'propagated route {{cidr}}',
  'route.static': 'static route {{destination}}',
  'unread.ownRoutes':
    'the route tables of {{vpcId}} were not collected (facts from before the portal read them)',
  'unread.otherRoutes': 'the route tables of {{vpcId}} were not read',
  'unread.unindexed':
    '{{vpcId}} is not in the inventory, so whether the {{route}} reaches its blocks is not known',
  'unread.truncated': 'the static routes of {{tables}} were truncated',
  'gateway.notRead':
    'The route tables of transit gateway {{transitGatewayId}} were not read: its owner is outside the organisation, or its gateways could not be listed',
  'gateway.unreadable':
    'Transit gateway {{transitGatewayId}} could not be read in its owner {{ownerId}}: {{error}}',
  'gateway.noFacts':
    'Transit gateway {{transitGatewayId}} has no facts in its owner {{ownerId}}',
  'gateway.tablesUnreadable':
    'The route tables of transit gateway {{transitGatewayId}} could not be read in its owner {{ownerId}}: {{error}}',
  // Network ACLs per subnet tier.
  'nacl.what': 'Network ACLs',
  'nacl.tiers':
    'Each subnet tier of the VPC has a network ACL of its own, and the isolated tier admits no traffic from the internet',
  'nacl.default':
    'The {{tier}} subnets {{subnets}} use the default network ACL {{networkAclId}}',
  'nacl.unassociated':
    'The network ACL of the {{tier}} subnets {{subnets}} is not known: they have no explicit association and the default ACL of the VPC was not listed',
  'nacl.shared':
    'The public subnets share network ACL {{networkAclId}} with the {{tier}} subnets',
  'nacl.isolatedOpen':
    'Network ACL {{networkAclId}} of the isolated subnets allows inbound {{traffic}} from {{source}} (rule {{ruleNumber}})',
  'nacl.traffic.all': 'all traffic',
  'nacl.traffic.protocol': 'protocol {{protocol}} traffic',
  'nacl.traffic.ports':
    'protocol {{protocol}} traffic to ports {{from}}-{{to}}',

  // Security groups and administration ports.
  'sg.what': 'Security groups',
  'sg.group': '{{groupId}}',
  'sg.group.named': '{{groupId}} ({{groupName}})',
  'sg.closed':
    '{{groups}} security group(s) checked: none opens SSH (22) or RDP (3389) to the internet',
  'sg.open.all':
    'Security group {{group}} opens port {{port}} to {{source}}: it allows all traffic',
  'sg.open.ports':
    'Security group {{group}} opens port {{port}} to {{source}}: it allows {{protocol}} ports {{from}}-{{to}}',

  // WAF at every public entry.
  'waf.lb.what': 'Load balancers',
  'waf.cloudFront.what': 'CloudFront distributions',
  'waf.none':
    'No internet-facing Application Load Balancer or CloudFront distribution: there is no public entry to guard',
  'waf.lb.protected':
    'Internet-facing Application Load Balancer {{name}} is protected by web ACL {{webAcl}}',
  'waf.lb.unprotected':
    'Internet-facing Application Load Balancer {{name}} has no WAF web ACL',
  'waf.lb.notRead':
    'The web ACL of internet-facing Application Load Balancer {{name}} was not read',
  'waf.lb.unreadable':
    'The web ACL of internet-facing Application Load Balancer {{name}} could not be read: {{error}}',
  'waf.cloudFront.protected':
    'CloudFront distribution {{id}} ({{domainName}}) is protected by web ACL {{webAclId}}',
  'waf.cloudFront.unprotected':
    'CloudFront distribution {{id}} ({{domainName}}) has no WAF web ACL',

  // Data stores encrypted.
  'store.rdsInstance': 'DB instance {{id}}',
  'store.rdsCluster': 'DB cluster {{id}}',
  'store.elastiCache': 'ElastiCache replication group {{id}}',
  'store.bucket': 'S3 bucket {{id}}',
  'kms.customer': 'customer managed KMS key {{keyId}}',
  'kms.aws': 'AWS managed KMS key {{keyId}}',
  'kms.other': 'KMS key {{keyId}} (managed by {{keyManager}})',
  'kms.s3Default': 'the AWS managed key aws/s3',
  'store.encrypted': '{{store}} is encrypted at rest',
  'store.encryptedWith': '{{store}} is encrypted at rest with {{key}}',
  'store.notEncrypted': '{{store}} is not encrypted at rest',
  'store.notCustomerKey':
    '{{store}} is encrypted with {{key}}, not a customer managed key',
  'store.keyNotRead':
    'Whether the KMS key of {{store}} is customer managed is not known: the key was not read',
  'store.notInTransit': '{{store}} is not encrypted in transit',
  'store.encryptedInTransit': '{{store}} is encrypted at rest and in transit',
  'rds.what': 'RDS databases',
  'rds.none': 'No RDS DB instances or clusters',
  'elastiCache.what': 'ElastiCache replication groups',
  'elastiCache.none': 'No ElastiCache replication groups',
  'buckets.what': 'S3 buckets',
  'buckets.none': 'The account has no S3 buckets',
  'bucket.noDefault': '{{store}} has no default encryption',
  'bucket.encrypted': '{{store}} encrypts new objects with {{algorithm}}',
  'bucket.notKms':
    '{{store}} encrypts new objects with {{algorithm}}, not SSE-KMS with a customer managed key',
  'bucket.unreadable':
    'The default encryption of {{store}} could not be read: {{error}}',

  // Instances rotated.
  'instances.what': 'EC2 instances',
  'instances.none': 'No running EC2 instances',
  'instances.young':
    '{{count}} running instance(s): none is older than {{days}} days outside an Auto Scaling group that rotates',
  'instance.id': '{{instanceId}}',
  'instance.named': '{{instanceId}} ({{name}})',
  'instances.old':
    'Instance {{instance}} was launched at {{launchTime}}, {{age}} days ago (the limit is {{days}} days)',
  'instances.oldInGroup':
    'Instance {{instance}} was launched at {{launchTime}}, {{age}} days ago (the limit is {{days}} days); its Auto Scaling group {{group}} does not rotate',
  'instances.groupUnread':
    'Instance {{instance}} was launched at {{launchTime}}, {{age}} days ago; whether its Auto Scaling group {{group}} rotates is not known: {{reason}}',
  'instances.more':
    '…and {{more}} more instances older than {{days}} days ({{total}} in all)',
  'asg.what': 'Auto Scaling groups',

  // Macie.
  'macie.what': 'Macie',
  'macie.enabled': 'Macie is enabled',
  'macie.status': 'Macie is {{status}}',

  // One identity source.
  'iamUsers.what': 'The list of IAM users',
  'iamUsers.noUsers': 'The account has no IAM users',
  'iamUsers.user': 'IAM user {{userName}} exists',
  'iamUsers.userPassword':
    'IAM user {{userName}} exists; its password was last used at {{passwordLastUsed}}',
  'iamUsers.more': '…and {{more}} more IAM users ({{total}} in all)',
  'roles.what': 'The list of IAM roles',
  'roles.none': 'The account has no IAM roles but service-linked ones',
  'roles.trusted':
    '{{roles}} role(s) checked: each trusts only the organisation, AWS services, identity providers or named partners',
  'role.outside':
    'Role {{roleName}} trusts {{principal}}, of account {{accountId}} outside the organisation, without an aws:PrincipalOrgID condition',
  'role.everyone':
    'Role {{roleName}} trusts any AWS principal ({{principal}}) without an aws:PrincipalOrgID condition naming the organisation',
  'role.notPrincipal':
    'Role {{roleName}} trusts every principal but {{principal}} (NotPrincipal) without an aws:PrincipalOrgID condition naming the organisation',
  'role.accountUnknown':
    'Role {{roleName}} trusts {{principal}}, of account {{accountId}}: whether it is in the organisation is not known (its accounts were not listed)',
  'role.principalUnjudged':
    'Role {{roleName}} trusts {{principal}}, which this check cannot judge',
  'role.unreadable':
    'The trust policy of role {{roleName}} could not be read: {{reason}}',
} as const;

/**
 * A code of {@link evidenceMessages}.
 *
 * @public
 */
export type EvidenceCode = keyof typeof evidenceMessages;

/**
 * Says a code with its values: looks up the template of `code` in the
 * reader's language and fills in `values`.
 *
 * @public
 */
export type EvidenceTranslator = (
  code: string,
  values: Record<string, string | number>,
) => string;

const isEvidenceCode = (code: unknown): code is EvidenceCode =>
  typeof code === 'string' &&
  Object.prototype.hasOwnProperty.call(evidenceMessages, code);

/** Fills the `{{name}}` placeholders of an English template. */
const english: EvidenceTranslator = (code, values) =>
  evidenceMessages[code as EvidenceCode].replace(
    /\{\{(\w+)\}\}/g,
    (placeholder, name: string) =>
      values[name] === undefined ? placeholder : String(values[name]),
  );

/** The text of `code`, its parts said first; undefined if any code is unknown. */
function say(
  code: unknown,
  params: Record<string, string | number>,
  translate: EvidenceTranslator,
): string | undefined {
  if (!isEvidenceCode(code)) return undefined;
  const values: Record<string, string | number> = {};
  const parts = new Map<string, Record<string, string | number>>();
  for (const [key, value] of Object.entries(params)) {
    const dot = key.indexOf('.');
    if (dot < 0) {
      values[key] = value;
      continue;
    }
    const name = key.slice(0, dot);
    const part = parts.get(name) ?? {};
    part[key.slice(dot + 1)] = value;
    parts.set(name, part);
  }
  for (const [name, { code: partCode, ...partParams }] of parts) {
    const text = say(partCode, partParams, translate);
    if (text === undefined) return undefined;
    values[name] = text;
  }
  return translate(code, values);
}

/**
 * The text of a piece of evidence: its code said with `translate` (English
 * when omitted), or its message when it has no code or one this version does
 * not know (a check added by another module, a newer backend).
 *
 * @public
 */
export function renderEvidence(
  evidence: GuardrailEvidence,
  translate: EvidenceTranslator = english,
): string {
  if (!evidence.code) return evidence.message;
  return (
    say(evidence.code, evidence.params ?? {}, translate) ?? evidence.message
  );
}
