/*
 * The resolved organisation: every id and derived resource (subnets, route
 * tables, flow logs…) spelled out, so tests can assert exact values. Plain JSON
 * only (no Dates, no Maps) so two organisations compare with deep equality.
 */

/**
 * Faults the sandbox injects into its answers.
 *
 * @public
 */
export type FaultConfig = {
  /** Seed of the PRNG that decides which calls get a 5xx; the same seed gives the same sequence. */
  seed?: number;
  /** Added to every AWS call before it is answered. */
  latency?: { ms: number; jitterMs?: number };
  /**
   * Token buckets keyed by service (`organizations`) or service and operation
   * (`organizations:ListAccounts`); the most specific key wins. Buckets are kept per
   * calling account and region, as AWS's own limits are.
   */
  rateLimits?: Record<string, RateLimit>;
  /** A fraction (0–1) of calls answered with the service's 5xx error, optionally only for some services. */
  serverErrors?: { rate: number; services?: string[] };
  /** Account ids into which STS AssumeRole is refused with AccessDenied. */
  assumeRoleDenied?: string[];
  /**
   * Calls the sandbox accepts and never answers: the socket stays open, with no
   * status line, until the client gives up and closes it or the sandbox stops.
   * `keys` are services (`guardduty`) or service and operation (`ec2:DescribeVpcs`),
   * as in `rateLimits`; `accounts`, when given, limits the fault to calls made with
   * those accounts' credentials (the caller after AssumeRole). Hung calls are
   * counted as `hung`.
   */
  hang?: { keys: string[]; accounts?: string[] };
  /**
   * Items per page of every paged operation when the caller sends no MaxResults
   * (capped at each API's maximum). Default 5, so that clients must page.
   */
  pageSize?: number;
};

/**
 * A token bucket: `rate` tokens per second, at most `burst` stored.
 *
 * @public
 */
export type RateLimit = { rate: number; burst: number };

/** @public */
export type AccountStatus = 'ACTIVE' | 'SUSPENDED';

/** @public */
export type SubnetTier = 'public' | 'private' | 'isolated';

/** @public */
export type OrganizationalUnit = {
  id: string;
  name: string;
  parentId: string;
  /** Names from the root, e.g. `Workloads/Prod`. */
  path: string;
  tags: Record<string, string>;
};

/** @public */
export type ServiceControlPolicy = {
  id: string;
  name: string;
  description: string;
  awsManaged: boolean;
  /** The policy document as the JSON string Organizations returns. */
  content: string;
  /** Root, OU and account ids the policy is attached to. */
  targetIds: string[];
};

/** @public */
export type AccountRole = { name: string; externalId?: string };

/** @public */
export type IamAccessKey = {
  id: string;
  status: 'Active' | 'Inactive';
  createDate: string;
};

/** @public */
export type IamUser = {
  name: string;
  id: string;
  path: string;
  createDate: string;
  accessKeys: IamAccessKey[];
};

/** @public */
export type PublicAccessBlock = {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
};

/** @public */
export type Trail = {
  name: string;
  arn: string;
  homeRegion: string;
  s3BucketName: string;
  isMultiRegion: boolean;
  isOrganizationTrail: boolean;
  logFileValidation: boolean;
  includeGlobalServiceEvents: boolean;
  isLogging: boolean;
};

/** @public */
export type Route = {
  destinationCidrBlock: string;
  gatewayId?: string;
  natGatewayId?: string;
  transitGatewayId?: string;
  vpcPeeringConnectionId?: string;
};

/** @public */
export type RouteTable = {
  id: string;
  main: boolean;
  /** The tier whose subnets it serves; undefined for the main table. */
  tier?: SubnetTier;
  subnetIds: string[];
  routes: Route[];
};

/** @public */
export type Subnet = {
  id: string;
  cidr: string;
  tier: SubnetTier;
  availabilityZone: string;
  availabilityZoneId: string;
  routeTableId: string;
};

/** @public */
export type FlowLog = {
  id: string;
  trafficType: 'ALL' | 'ACCEPT' | 'REJECT';
  logDestinationType: 's3' | 'cloud-watch-logs';
  logDestination: string;
  createdAt: string;
};

/** @public */
export type Vpc = {
  id: string;
  name: string;
  cidr: string;
  tags: Record<string, string>;
  tiers: SubnetTier[];
  internetGatewayId?: string;
  natGatewayIds: string[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  networkAclId: string;
  flowLogs: FlowLog[];
  /** Set when the VPC is attached to the region's hub transit gateway. */
  transitGatewayAttachmentId?: string;
};

/** @public */
export type AccountRegion = {
  region: string;
  ebsEncryptionByDefault: boolean;
  guardDuty?: { detectorId: string; status: 'ENABLED' | 'DISABLED' };
  configRecorder?: { name: string; recording: boolean };
  /** Undefined when Security Hub is not enabled (DescribeHub answers InvalidAccessException). */
  securityHub?: { standardsArns: string[] };
  accessAnalyzers: { name: string; type: 'ACCOUNT' | 'ORGANIZATION' }[];
  vpcs: Vpc[];
};

/** @public */
export type Account = {
  id: string;
  name: string;
  email: string;
  status: AccountStatus;
  joinedMethod: 'CREATED' | 'INVITED';
  joinedTimestamp: string;
  parentId: string;
  tags: Record<string, string>;
  /** Roles that STS AssumeRole may enter; any other role name is AccessDenied. */
  roles: AccountRole[];
  /** Every AssumeRole into this account is AccessDenied (e.g. a broken trust policy). */
  denyAssumeRole: boolean;
  iam: {
    rootMfaEnabled: boolean;
    rootAccessKeysPresent: boolean;
    users: IamUser[];
  };
  /** Undefined when not configured (GetPublicAccessBlock answers NoSuchPublicAccessBlockConfiguration). */
  s3PublicAccessBlock?: PublicAccessBlock;
  /** The account's own trails; the organisation trail is added to these when answering. */
  trails: Trail[];
  /** Keyed by region name: every operating region of the organisation. */
  regions: Record<string, AccountRegion>;
};

/** @public */
export type VpcPeering = {
  id: string;
  status: 'active' | 'pending-acceptance' | 'rejected' | 'failed' | 'deleted';
  requester: { accountId: string; region: string; vpcId: string; cidr: string };
  accepter: { accountId: string; region: string; vpcId: string; cidr: string };
};

/** @public */
export type TransitGateway = {
  id: string;
  accountId: string;
  region: string;
  attachments: { id: string; accountId: string; vpcId: string }[];
};

/**
 * One AWS Organization with the state of every member account.
 *
 * @public
 */
export type Organization = {
  id: string;
  featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  /** False makes every Organizations call answer AWSOrganizationsNotInUseException. */
  inUse: boolean;
  rootId: string;
  managementAccountId: string;
  /** The operating regions: every account has GuardDuty, Config… state in each. */
  regions: string[];
  organizationalUnits: OrganizationalUnit[];
  policies: ServiceControlPolicy[];
  accounts: Account[];
  /** The organisation trail, owned by the management account, visible in every account. */
  trail?: Trail;
  peerings: VpcPeering[];
  transitGateways: TransitGateway[];
  faults: FaultConfig;
};
