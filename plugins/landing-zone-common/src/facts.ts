/*
 * Facts: what the scanner read from AWS, as plain JSON.
 *
 * The scanner produces these and never decides pass/fail; guardrail checks are
 * pure functions of them and never call AWS. Each fact carries either its data
 * or the error that prevented reading it, so "unknown" can be told apart from
 * "fail".
 */

/**
 * Why a fact could not be read (denied role, throttling beyond retries, timeout…).
 *
 * @public
 */
export type FactError = {
  /** The AWS error code or name, e.g. `AccessDenied`, `ThrottlingException`, `TimeoutError`. */
  code: string;
  message: string;
  /** The AWS operation that failed, e.g. `ec2:DescribeVpcs`. */
  operation?: string;
};

/**
 * One collected fact: its data, or the error that kept it from being read.
 *
 * @public
 */
export type Fact<T> =
  | { data: T; error?: undefined; collectedAt: string }
  | { data?: undefined; error: FactError; collectedAt: string };

/** @public */
export type AccountStatus = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | string;

/**
 * The account's environment, derived from its `environment` tag, else its OU path.
 *
 * @public
 */
export type Environment = 'prod' | 'non-prod' | 'unknown';

/** @public */
export type OrganizationalUnit = {
  id: string;
  /** Undefined for the root. */
  parentId?: string;
  name: string;
  /** Names from the root, e.g. `Root/Workloads/Prod`. */
  path: string;
};

/** @public */
export type ServiceControlPolicy = {
  id: string;
  name: string;
  description?: string;
  awsManaged: boolean;
  /** The policy document, as the JSON string Organizations returns. */
  content: string;
  /** Root, OU and account ids it is attached to. */
  targets: string[];
};

/**
 * Organisation-wide facts, read from the management (or delegated admin) account.
 *
 * @public
 */
export type OrganizationFacts = {
  organizationId: string;
  managementAccountId: string;
  rootId: string;
  units: OrganizationalUnit[];
  policies: ServiceControlPolicy[];
};

/** @public */
export type AccountIdentity = {
  id: string;
  name: string;
  email: string;
  status: AccountStatus;
  joinedAt?: string;
  tags: Record<string, string>;
  /** The OU directly containing the account (the root id for accounts at the root). */
  parentId: string;
  /** Ids from the root down to the parent, e.g. `['r-abcd', 'ou-abcd-1111', 'ou-abcd-2222']`. */
  parentIds: string[];
  /** Names from the root down to the parent, e.g. `Root/Workloads/Prod`. */
  ouPath: string;
  environment: Environment;
};

/** @public */
export type SubnetTier = 'public' | 'private' | 'isolated';

/** @public */
export type Subnet = {
  subnetId: string;
  cidr: string;
  availabilityZone?: string;
  tier: SubnetTier;
};

/** @public */
export type FlowLog = {
  flowLogId: string;
  status: string;
  trafficType?: string;
  destinationType?: string;
};

/** @public */
export type Vpc = {
  vpcId: string;
  name?: string;
  isDefault: boolean;
  cidrs: string[];
  tags: Record<string, string>;
  subnets: Subnet[];
  flowLogs: FlowLog[];
};

/**
 * A VPC peering connection as seen from one side.
 *
 * @public
 */
export type VpcPeering = {
  peeringId: string;
  status: string;
  requester: {
    vpcId: string;
    accountId: string;
    region: string;
    cidrs: string[];
  };
  accepter: {
    vpcId: string;
    accountId: string;
    region: string;
    cidrs: string[];
  };
};

/** @public */
export type TransitGatewayAttachment = {
  attachmentId: string;
  transitGatewayId: string;
  transitGatewayOwnerId?: string;
  resourceType: string;
  /** For VPC attachments, the VPC id. */
  resourceId?: string;
  resourceOwnerId?: string;
  state: string;
};

/** @public */
export type GuardDutyFacts = {
  detectors: { detectorId: string; status: string }[];
};

/** @public */
export type CloudTrailFacts = {
  trails: {
    name: string;
    arn: string;
    homeRegion?: string;
    isMultiRegion: boolean;
    isOrganizationTrail: boolean;
    logFileValidation: boolean;
    /** From GetTrailStatus; undefined when the status could not be read. */
    isLogging?: boolean;
  }[];
};

/** @public */
export type ConfigFacts = {
  recorders: {
    name: string;
    allSupported: boolean;
    includeGlobalResourceTypes: boolean;
    recording: boolean;
    lastStatus?: string;
  }[];
};

/** @public */
export type SecurityHubFacts = {
  enabled: boolean;
  hubArn?: string;
  standards: {
    standardsArn: string;
    subscriptionArn: string;
    status: string;
  }[];
};

/** @public */
export type AccessAnalyzerFacts = {
  analyzers: { name: string; type: string; status: string }[];
};

/**
 * Everything read in one account and region.
 *
 * @public
 */
export type RegionFacts = {
  vpcs: Fact<Vpc[]>;
  peerings: Fact<VpcPeering[]>;
  transitGatewayAttachments: Fact<TransitGatewayAttachment[]>;
  ebsEncryptionByDefault: Fact<boolean>;
  guardDuty: Fact<GuardDutyFacts>;
  cloudTrail: Fact<CloudTrailFacts>;
  config: Fact<ConfigFacts>;
  securityHub: Fact<SecurityHubFacts>;
  accessAnalyzer: Fact<AccessAnalyzerFacts>;
};

/** @public */
export type IamAccountSummary = {
  accountMfaEnabled: boolean;
  accountAccessKeysPresent: boolean;
};

/** @public */
export type S3PublicAccessBlock = {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
};

/**
 * Facts read once per account (global services).
 *
 * @public
 */
export type GlobalFacts = {
  iamSummary: Fact<IamAccountSummary>;
  /** IAM users that have at least one active access key. */
  iamUsersWithKeys: Fact<{ userName: string; accessKeyIds: string[] }[]>;
  /** `null` when the account has no Block Public Access configuration. */
  s3PublicAccessBlock: Fact<S3PublicAccessBlock | null>;
};

/**
 * All facts about one account. `regions` has one entry per scanned region;
 * when the member role could not be assumed, `access` carries the error and
 * `global`/`regions` are absent.
 *
 * @public
 */
export type AccountFacts = {
  account: AccountIdentity;
  access?: FactError;
  global?: GlobalFacts;
  regions?: Record<string, RegionFacts>;
  collectedAt: string;
};
