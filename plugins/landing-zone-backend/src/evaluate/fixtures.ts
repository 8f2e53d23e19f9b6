/*
 * Hand-written facts for check tests. `makeAccount()` builds an account that
 * passes every guardrail; a test breaks exactly the thing it is about, e.g.
 * `account.regions!['eu-west-1'].guardDuty = failed('AccessDenied')`.
 */

import type {
  AccountFacts,
  CheckContext,
  Environment,
  Fact,
  NetworkAcl,
  OrganizationFacts,
  RegionFacts,
  ResourceControlPolicy,
  ServiceControlPolicy,
  TransitGatewayAttachment,
  TransitGatewayFacts,
  TransitGatewayRouteTable,
  Vpc,
} from '@internal/plugin-landing-zone-common';
import { buildTransitGatewayIndex } from './transitGatewayIndex';
import { buildVpcIndex } from './vpcIndex';

export const collectedAt = '2025-06-01T12:00:00.000Z';
export const allowedRegions = ['eu-west-1', 'eu-central-1'];
export const rootId = 'r-abcd';
export const managementAccountId = '000000000000';
export const workloadsOu = 'ou-abcd-workloads';
export const prodOu = 'ou-abcd-prod';

export function data<T>(value: T): Fact<T> {
  return { data: value, collectedAt };
}

export function failed<T>(code = 'AccessDenied', operation?: string): Fact<T> {
  return { error: { code, message: `${code} (test)`, operation }, collectedAt };
}

export function makeVpc(
  vpcId: string,
  cidr: string,
  overrides: Partial<Vpc> = {},
): Vpc {
  return {
    vpcId,
    isDefault: false,
    cidrs: [cidr],
    tags: {},
    subnets: [
      { subnetId: `${vpcId}-pub`, cidr, tier: 'public' },
      { subnetId: `${vpcId}-priv`, cidr, tier: 'private' },
      { subnetId: `${vpcId}-iso`, cidr, tier: 'isolated' },
    ],
    flowLogs: [{ flowLogId: `fl-${vpcId}`, status: 'ACTIVE' }],
    routes: [],
    natGateways: [],
    ...overrides,
  };
}

export function orgTrailArn(): string {
  return `arn:aws:cloudtrail:eu-west-1:${managementAccountId}:trail/org-trail`;
}

/**
 * The network ACLs of a three-tier VPC: the default ACL (AWS's, allowing
 * everything) associated with no subnet, and one ACL per tier; the isolated
 * tier admits only the VPC's own blocks.
 */
export function makeNetworkAcls(vpc: Vpc): NetworkAcl[] {
  const allowAll = (ruleNumber: number, cidrBlock: string) => ({
    ruleNumber,
    egress: false,
    protocol: '-1',
    ruleAction: 'allow' as const,
    cidrBlock,
  });
  const denyAll = {
    ruleNumber: 32767,
    egress: false,
    protocol: '-1',
    ruleAction: 'deny' as const,
    cidrBlock: '0.0.0.0/0',
  };
  const tierAcl = (
    tier: 'public' | 'private' | 'isolated',
    entries: NetworkAcl['entries'],
  ): NetworkAcl => ({
    networkAclId: `acl-${vpc.vpcId}-${tier}`,
    vpcId: vpc.vpcId,
    isDefault: false,
    entries: [...entries, denyAll],
    subnetIds: vpc.subnets.filter(s => s.tier === tier).map(s => s.subnetId),
  });
  return [
    {
      networkAclId: `acl-${vpc.vpcId}-default`,
      vpcId: vpc.vpcId,
      isDefault: true,
      entries: [allowAll(100, '0.0.0.0/0'), denyAll],
      subnetIds: [],
    },
    tierAcl('public', [
      {
        ruleNumber: 100,
        egress: false,
        protocol: '6',
        ruleAction: 'allow',
        cidrBlock: '0.0.0.0/0',
        portRange: { from: 443, to: 443 },
      },
    ]),
    tierAcl('private', [allowAll(100, vpc.cidrs[0])]),
    tierAcl(
      'isolated',
      vpc.cidrs.map((cidr, i) => allowAll(100 + i, cidr)),
    ),
  ];
}

/** Compliant facts for one region; `vpcs` defaults to none. */
export function makeRegion(vpcs: Vpc[] = []): RegionFacts {
  return {
    vpcs: data(vpcs),
    peerings: data([]),
    transitGatewayAttachments: data([]),
    ebsEncryptionByDefault: data(true),
    guardDuty: data({
      detectors: [{ detectorId: 'det-1', status: 'ENABLED' }],
    }),
    cloudTrail: data({
      trails: [
        {
          name: 'org-trail',
          arn: orgTrailArn(),
          homeRegion: 'eu-west-1',
          isMultiRegion: true,
          isOrganizationTrail: true,
          logFileValidation: true,
          isLogging: true,
        },
      ],
    }),
    config: data({
      recorders: [
        {
          name: 'default',
          allSupported: true,
          includeGlobalResourceTypes: true,
          recording: true,
        },
      ],
    }),
    securityHub: data({
      enabled: true,
      hubArn: 'arn:aws:securityhub:eu-west-1:111122223333:hub/default',
      standards: [
        {
          standardsArn:
            'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0',
          subscriptionArn:
            'arn:aws:securityhub:eu-west-1:111122223333:subscription/aws-foundational-security-best-practices/v/1.0.0',
          status: 'READY',
        },
      ],
    }),
    accessAnalyzer: data({
      analyzers: [{ name: 'org', type: 'ORGANIZATION', status: 'ACTIVE' }],
    }),
    transitGateways: data([]),
    vpcBlockPublicAccess: data({
      internetGatewayBlockMode: 'block-bidirectional',
      managedBy: 'account',
    }),
    snapshotBlockPublicAccess: data({
      state: 'block-all-sharing',
      managedBy: 'account',
    }),
    imageBlockPublicAccess: data({
      state: 'block-new-sharing',
      managedBy: 'account',
    }),
    instanceMetadataDefaults: data({
      httpTokens: 'required',
      managedBy: 'account',
    }),
    rootActivity: data({
      days: 90,
      since: '2025-03-03T12:00:00.000Z',
      events: [],
    }),
    networkAcls: data(vpcs.flatMap(makeNetworkAcls)),
    securityGroups: data([
      {
        groupId: 'sg-web',
        groupName: 'web',
        openIngress: [
          {
            ipProtocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            source: '0.0.0.0/0',
          },
        ],
      },
    ]),
    loadBalancers: data([]),
    rds: data({ instances: [], clusters: [] }),
    elastiCacheReplicationGroups: data([]),
    instances: data([]),
    autoScalingGroups: data([]),
    macie: data({ status: 'ENABLED' }),
  };
}

export type AccountOptions = {
  id?: string;
  environment?: Environment;
  parentIds?: string[];
  /** VPCs per region; regions default to the allowed regions, without VPCs. */
  vpcs?: Record<string, Vpc[]>;
};

/**
 * An account that passes every guardrail: its root user has no credentials
 * left (centralised root access, see `makeOrganization`).
 */
export function makeAccount(options: AccountOptions = {}): AccountFacts {
  const id = options.id ?? '111122223333';
  const parentIds = options.parentIds ?? [rootId, workloadsOu, prodOu];
  const regions: Record<string, RegionFacts> = {};
  for (const region of allowedRegions) {
    regions[region] = makeRegion(options.vpcs?.[region] ?? []);
  }
  return {
    account: {
      id,
      name: `account-${id}`,
      email: `aws+${id}@example.com`,
      status: 'ACTIVE',
      tags: {},
      parentId: parentIds[parentIds.length - 1],
      parentIds,
      ouPath: 'Root/Workloads/Prod',
      environment: options.environment ?? 'prod',
    },
    global: {
      iamSummary: data({
        accountMfaEnabled: false,
        accountAccessKeysPresent: false,
        accountPasswordPresent: false,
        accountSigningCertificatesPresent: false,
      }),
      rootVirtualMfa: data(null),
      declarativePolicyEc2: data(null),
      iamUsersWithKeys: data([]),
      s3PublicAccessBlock: data({
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      }),
      iamUsers: data([]),
      iamRoles: data([
        {
          roleName: 'PlatformAdmin',
          arn: `arn:aws:iam::${id}:role/PlatformAdmin`,
          path: '/',
          trustPolicy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${managementAccountId}:root` },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
        },
      ]),
      cloudFrontDistributions: data([]),
      s3Buckets: data([]),
    },
    regions,
    collectedAt,
  };
}

export function scp(
  id: string,
  targets: string[],
  statement: unknown,
): ServiceControlPolicy {
  return {
    id,
    name: id,
    awsManaged: false,
    targets,
    content: JSON.stringify({ Version: '2012-10-17', Statement: statement }),
  };
}

/** AWS attaches FullAWSAccess to the root, every OU and every account. */
export function fullAwsAccess(targets: string[]): ServiceControlPolicy {
  return {
    ...scp('p-FullAWSAccess', targets, [
      { Effect: 'Allow', Action: '*', Resource: '*' },
    ]),
    name: 'FullAWSAccess',
    awsManaged: true,
  };
}

/** The landing zone's guardrail SCP, attached to the root. */
export function guardrailsScp(): ServiceControlPolicy {
  return scp(
    'p-guardrails',
    [rootId],
    [
      {
        Sid: 'DenyLeaveOrganization',
        Effect: 'Deny',
        Action: 'organizations:LeaveOrganization',
        Resource: '*',
      },
      {
        Sid: 'ProtectSecurityServices',
        Effect: 'Deny',
        Action: [
          'cloudtrail:StopLogging',
          'cloudtrail:DeleteTrail',
          'cloudtrail:UpdateTrail',
          'cloudtrail:PutEventSelectors',
          'guardduty:DeleteDetector',
          'guardduty:UpdateDetector',
          'guardduty:Disassociate*',
          'config:StopConfigurationRecorder',
          'config:DeleteConfigurationRecorder',
          'config:DeleteDeliveryChannel',
          'securityhub:DisableSecurityHub',
          'securityhub:BatchDisableStandards',
          'securityhub:DeleteMembers',
          'securityhub:Disassociate*',
        ],
        Resource: '*',
        Condition: {
          ArnNotLike: {
            'aws:PrincipalARN': 'arn:aws:iam::*:role/PlatformAdmin',
          },
        },
      },
      {
        Sid: 'DenyOutsideAllowedRegions',
        Effect: 'Deny',
        NotAction: [
          'iam:*',
          'organizations:*',
          'sts:*',
          'support:*',
          'route53:*',
          'cloudfront:*',
        ],
        Resource: '*',
        Condition: {
          StringNotEquals: { 'aws:RequestedRegion': allowedRegions },
        },
      },
      {
        Sid: 'DenyRootUser',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' },
        },
      },
    ],
  );
}

export const organizationId = 'o-abcd';

/** AWS attaches RCPFullAWSAccess to the root, every OU and every account. */
export function rcpFullAwsAccess(targets: string[]): ResourceControlPolicy {
  return {
    id: 'p-RCPFullAWSAccess',
    name: 'RCPFullAWSAccess',
    awsManaged: true,
    targets,
    content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      ],
    }),
  };
}

/**
 * The landing zone's RCP, attached to the root: the identity perimeter of
 * aws-samples/data-perimeter-policy-examples (identity_perimeter_rcp.json,
 * statement EnforceOrgIdentities, without its partner accounts) and the
 * secure transport RCP of AWS's "Resource control policy examples".
 */
export function perimeterRcp(): ResourceControlPolicy {
  return {
    ...scp(
      'p-perimeter',
      [rootId],
      [
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
              'aws:ResourceTag/dp:exclude:identity': 'true',
            },
            BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
          },
        },
        {
          Sid: 'EnforceSecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: ['s3:*', 'sts:*', 'kms:*', 'sqs:*', 'secretsmanager:*'],
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
        },
      ],
    ),
    name: 'perimeter',
  };
}

export function makeOrganization(
  policies: ServiceControlPolicy[] = [
    fullAwsAccess([rootId, workloadsOu, prodOu, '111122223333']),
    guardrailsScp(),
  ],
  resourceControlPolicies: ResourceControlPolicy[] = [
    rcpFullAwsAccess([rootId, workloadsOu, prodOu, '111122223333']),
    perimeterRcp(),
  ],
): OrganizationFacts {
  return {
    organizationId,
    managementAccountId,
    rootId,
    units: [
      { id: rootId, name: 'Root', path: 'Root' },
      {
        id: workloadsOu,
        parentId: rootId,
        name: 'Workloads',
        path: 'Root/Workloads',
      },
      {
        id: prodOu,
        parentId: workloadsOu,
        name: 'Prod',
        path: 'Root/Workloads/Prod',
      },
    ],
    policies,
    enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
    resourceControlPolicies,
    rootAccess: data({ rootCredentialsManagement: true, rootSessions: true }),
  };
}

/**
 * The context for `account`, with the VPC and transit gateway indexes built
 * from `others` too.
 */
export function makeContext(
  account: AccountFacts,
  options: { organization?: OrganizationFacts; others?: AccountFacts[] } = {},
): CheckContext {
  const accounts = [account, ...(options.others ?? [])];
  return {
    account,
    organization: options.organization ?? makeOrganization(),
    allowedRegions,
    vpcs: buildVpcIndex(accounts),
    transitGateways: buildTransitGatewayIndex(
      accounts.map(a => ({
        accountId: a.account.id,
        access: a.access,
        regions: a.regions,
      })),
    ),
  };
}

/** How a hub's route tables keep environments apart, or do not. */
export type HubShape = 'segmented' | 'flat';

/**
 * A hub transit gateway as its owner reads it, for benchmarks: `segmented`,
 * the usual landing zone, has a prod table (prod attachments associated;
 * prod and shared ones propagate), a non-prod table likewise and a shared
 * table (shared attachments associated; all propagate); `flat` has one
 * table every attachment is associated with and propagates into.
 */
export function hubGateway(
  transitGatewayId: string,
  ownerId: string,
  members: { attachment: TransitGatewayAttachment; environment: Environment }[],
  shape: HubShape,
): TransitGatewayFacts {
  const ref = ({ attachment }: (typeof members)[number]) => ({
    attachmentId: attachment.attachmentId,
    resourceType: attachment.resourceType,
    resourceId: attachment.resourceId,
  });
  const table = (
    name: string,
    associate: typeof members,
    propagate: typeof members,
  ): TransitGatewayRouteTable => ({
    routeTableId: `${transitGatewayId}-rtb-${name}`,
    name,
    defaultAssociation: false,
    defaultPropagation: false,
    associations: associate.map(m => ({ ...ref(m), state: 'associated' })),
    propagations: propagate.map(m => ({ ...ref(m), state: 'enabled' })),
    staticRoutes: [],
  });
  const of = (environment: Environment) =>
    members.filter(m => m.environment === environment);
  const shared = members.filter(
    m => m.environment !== 'prod' && m.environment !== 'non-prod',
  );
  return {
    transitGatewayId,
    ownerId,
    state: 'available',
    autoAcceptSharedAttachments: true,
    attachments: members.map(m => m.attachment),
    routeTables: data(
      shape === 'flat'
        ? [table('flat', members, members)]
        : [
            table('prod', of('prod'), [...of('prod'), ...shared]),
            table('non-prod', of('non-prod'), [...of('non-prod'), ...shared]),
            table('shared', shared, members),
          ],
    ),
  };
}

/**
 * A verdict or its evidence as English readers see it: without the codes and
 * params the pages translate (evidence.test.ts checks those).
 */
export function inEnglish<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, field) =>
      key === 'code' || key === 'params' ? undefined : field,
    ),
  );
}
