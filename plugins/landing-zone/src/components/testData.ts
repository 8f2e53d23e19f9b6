import type { Entity } from '@backstage/catalog-model';
import {
  defaultGuardrailSettings,
  type GuardrailConfiguration,
  guardrailCatalogue,
  type AccountDetails,
  type GuardrailDefinition,
  type LandingZoneApi,
  type PolicySummary,
  type VpcSummary,
} from '@internal/plugin-landing-zone-common';

export const accountEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'aws-account-111122223333',
    title: '決済-prod',
    annotations: { 'amazonaws.com/account-id': '111122223333' },
  },
  spec: { type: 'aws-account', owner: 'group:default/team-payments' },
};

export const vpcEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'aws-vpc-vpc-0a1b2c3d',
    annotations: {
      'amazonaws.com/account-id': '111122223333',
      'amazonaws.com/arn':
        'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a1b2c3d',
    },
  },
  spec: { type: 'aws-vpc', owner: 'group:default/team-payments' },
};

/** Three built-in guardrails, and one a module added (not in the catalogue). */
export const definitions: GuardrailDefinition[] = [
  ...guardrailCatalogue.filter(d =>
    ['guardduty-enabled', 'vpc-flow-logs', 'ebs-default-encryption'].includes(
      d.id,
    ),
  ),
  {
    id: 'acme-cost-tags',
    title: 'Cost tags on every account',
    description: 'Accounts carry the cost-centre tag.',
    category: 'detective',
    severity: 'low',
    remediation: 'Tag the account with cost-centre.',
    controls: {},
  },
];

export const definitionOf = (id: string) => definitions.find(d => d.id === id)!;

export const vpc: VpcSummary = {
  vpcId: 'vpc-0a1b2c3d',
  accountId: '111122223333',
  region: 'eu-west-1',
  name: 'payments-prod-euw1',
  isDefault: false,
  environment: 'prod',
  cidrs: ['10.20.0.0/16'],
  tiers: { public: 3, private: 3, isolated: 2 },
  flowLogs: false,
  links: [
    {
      type: 'peering',
      id: 'pcx-0f0f0f0f',
      status: 'active',
      peer: 'vpc-0gateway',
      peerAccountId: '999988887777',
    },
    {
      type: 'transit-gateway',
      id: 'tgw-attach-0123',
      status: 'available',
      peer: 'tgw-0abc',
      peerAccountId: '999988887777',
    },
  ],
};

export const details: AccountDetails = {
  account: {
    id: '111122223333',
    name: '決済-prod',
    email: 'aws+payments@example.com',
    status: 'ACTIVE',
    tags: { owner: 'team-payments', environment: 'prod' },
    parentId: 'ou-1',
    parentIds: ['r-1', 'ou-1'],
    ouPath: 'Root/Workloads/Prod',
    environment: 'prod',
    owner: 'team-payments',
    lastCollectedAt: new Date(Date.now() - 3 * 60_000).toISOString(),
    staleReason: 'ec2:DescribeFlowLogs in ap-northeast-1: AccessDenied',
    compliance: 'non-compliant',
    checks: { passing: 1, failing: 2, unknown: 1 },
  },
  facts: {} as AccountDetails['facts'],
  guardrails: [
    {
      accountId: '111122223333',
      checkId: 'acme-cost-tags',
      status: 'fail',
      evidence: [{ message: 'No cost-centre tag' }],
      evaluatedAt: new Date().toISOString(),
    },
    {
      accountId: '111122223333',
      checkId: 'ebs-default-encryption',
      status: 'pass',
      evidence: [
        { message: 'Encryption by default is on', region: 'eu-west-1' },
      ],
      evaluatedAt: new Date().toISOString(),
    },
    {
      accountId: '111122223333',
      checkId: 'guardduty-enabled',
      status: 'unknown',
      evidence: [
        { message: 'AccessDenied reading detectors', region: 'ap-northeast-1' },
      ],
      evaluatedAt: new Date().toISOString(),
    },
    {
      accountId: '111122223333',
      checkId: 'vpc-flow-logs',
      status: 'fail',
      evidence: [
        {
          message: 'No flow log',
          region: 'eu-west-1',
          resource: 'vpc-0a1b2c3d',
        },
      ],
      evaluatedAt: new Date().toISOString(),
    },
  ],
  vpcs: [vpc],
  notJudged: [],
};

/** The guardrail configuration of an organisation that configured nothing. */
export const noConfiguration: GuardrailConfiguration = {
  scopes: {},
  dataAccounts: {},
  identityCenterOnly: {},
  settings: defaultGuardrailSettings,
};

/**
 * The guardrails of `definitions` and four of issue 13's: two for data
 * accounts, one for Identity-Center-only OUs, one reading a setting.
 */
export const scopedDefinitions: GuardrailDefinition[] = [
  ...definitions,
  ...guardrailCatalogue.filter(d =>
    [
      'macie-enabled',
      's3-bucket-encryption',
      'iam-no-users',
      'ec2-instance-rotation',
    ].includes(d.id),
  ),
];

/**
 * An organisation that configured its guardrails: GuardDuty only in
 * Workloads and not in sandboxes, EBS encryption everywhere but one account,
 * instance rotation switched off, data accounts by OU or tag, customer
 * managed keys required.
 */
export const configuration: GuardrailConfiguration = {
  scopes: {
    'guardduty-enabled': {
      enabled: true,
      include: { organizationalUnits: ['Workloads'] },
      exclude: { tags: { env: ['sandbox'] } },
    },
    'ec2-instance-rotation': { enabled: false },
    'ebs-default-encryption': {
      enabled: true,
      exclude: { accounts: ['999988887777'] },
    },
  },
  dataAccounts: {
    organizationalUnits: ['Data'],
    tags: { 'data-classification': ['*'] },
  },
  identityCenterOnly: { organizationalUnits: ['Workloads'] },
  settings: {
    instanceMaxAgeDays: 14,
    requireCustomerManagedKeys: true,
    trustedAccountIds: ['444455556666'],
  },
};

/** The demo's region allow-list, as a document. */
export const regionAllowList = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyOutsideOperatingRegions',
      Effect: 'Deny',
      NotAction: ['iam:*', 'sts:*'],
      Resource: '*',
      Condition: {
        StringNotEquals: {
          'aws:RequestedRegion': ['eu-west-1', 'us-east-1', 'us-west-2'],
        },
      },
    },
  ],
};

/** Two SCPs (one AWS managed) and an RCP, as GET /policies lists them. */
export const policies: PolicySummary[] = [
  {
    id: 'p-regionallow',
    policyType: 'SCP',
    name: 'region-allow-list',
    description: 'Only the operating regions',
    awsManaged: false,
    // As Organizations returns it: no white space.
    content: JSON.stringify(regionAllowList),
    targets: [
      { id: 'ou-work', type: 'ORGANIZATIONAL_UNIT', name: 'Root/Workloads' },
      { id: 'ou-sec', type: 'ORGANIZATIONAL_UNIT', name: 'Root/Security' },
    ],
  },
  {
    id: 'p-FullAWSAccess',
    policyType: 'SCP',
    name: 'FullAWSAccess',
    awsManaged: true,
    content:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    targets: [{ id: 'r-root', type: 'ROOT', name: 'Root' }],
  },
  {
    id: 'p-rcptls',
    policyType: 'RCP',
    name: 'rcp-secure-transport',
    awsManaged: false,
    content:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}',
    targets: [
      { id: 'ou-work', type: 'ORGANIZATIONAL_UNIT', name: 'Root/Workloads' },
    ],
  },
];

/** The props the scaffolder's form passes a field. */
export const fieldProps = (overrides: Record<string, unknown>) =>
  ({
    schema: { title: 'Target OU', type: 'string' },
    uiSchema: {},
    rawErrors: [],
    required: true,
    disabled: false,
    formData: undefined,
    onChange: jest.fn(),
    idSchema: { $id: 'root_field' },
    ...overrides,
  } as any);

/** A LandingZoneApi whose methods fail unless a test gives them a body. */
export function mockLandingZoneApi(
  overrides: Partial<LandingZoneApi>,
): LandingZoneApi {
  const unexpected = () => Promise.reject(new Error('unexpected call'));
  return {
    listAccounts: unexpected,
    getAccount: unexpected,
    listVpcs: unexpected,
    getOrganizationalUnits: unexpected,
    getPosture: unexpected,
    whatIfPolicy: unexpected,
    listPolicies: unexpected,
    listAlerts: unexpected,
    listAccountAlerts: unexpected,
    getPostureTrend: unexpected,
    listGuardrails: unexpected,
    listScans: unexpected,
    getScan: unexpected,
    startScan: unexpected,
    getMatrix: unexpected,
    exportMatrixCsv: unexpected,
    getGuardrail: unexpected,
    listGuardrailAccounts: unexpected,
    ...overrides,
  };
}
