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

/**
 * An account's state, as Organizations' `State` field reports it (the older
 * `Status` field is retired and not served).
 *
 * @public
 */
export type AccountStatus =
  | 'ACTIVE'
  | 'SUSPENDED'
  | 'PENDING_CLOSURE'
  | 'CLOSED';

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

/**
 * The authorization and management policy types the sandbox serves.
 *
 * @public
 */
export type PolicyType =
  | 'SERVICE_CONTROL_POLICY'
  | 'RESOURCE_CONTROL_POLICY'
  | 'DECLARATIVE_POLICY_EC2';

/**
 * A policy of Organizations: an SCP, an RCP or an EC2 declarative policy (the
 * name is the first type the sandbox served).
 *
 * @public
 */
export type ServiceControlPolicy = {
  id: string;
  name: string;
  description: string;
  type: PolicyType;
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
  /** When the user's console password was last used; undefined when never (or no password). */
  passwordLastUsed?: string;
  accessKeys: IamAccessKey[];
};

/**
 * An IAM role: its trust policy (the JSON document) and where it lives
 * (`/aws-service-role/…` for service-linked roles).
 *
 * @public
 */
export type IamRole = {
  name: string;
  id: string;
  path: string;
  createDate: string;
  description?: string;
  /** The trust policy as JSON (ListRoles returns it URL-encoded). */
  trustPolicy: string;
};

/**
 * A general purpose S3 bucket and its default encryption; undefined
 * encryption answers ServerSideEncryptionConfigurationNotFoundError.
 *
 * @public
 */
export type S3Bucket = {
  name: string;
  region: string;
  createdAt: string;
  encryption?: {
    sseAlgorithm: 'AES256' | 'aws:kms' | 'aws:kms:dsse';
    kmsMasterKeyId?: string;
    bucketKeyEnabled: boolean;
  };
};

/**
 * A CloudFront distribution (global); `webAclId` is the WAFv2 web ACL's ARN.
 *
 * @public
 */
export type CloudFrontDistribution = {
  id: string;
  arn: string;
  domainName: string;
  aliases: string[];
  enabled: boolean;
  originDomainName: string;
  webAclId?: string;
  lastModified: string;
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
export type NetworkAclEntry = {
  ruleNumber: number;
  egress: boolean;
  /** `-1` (all) or a protocol number (`6` TCP, `17` UDP). */
  protocol: string;
  ruleAction: 'allow' | 'deny';
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  portRange?: { from: number; to: number };
};

/** @public */
export type NetworkAcl = {
  id: string;
  isDefault: boolean;
  /** The tier it serves; undefined for the default ACL. */
  tier?: SubnetTier;
  entries: NetworkAclEntry[];
  /** Subnets explicitly associated (the default ACL: those left on it). */
  subnetIds: string[];
};

/** @public */
export type SecurityGroupRule = {
  /** `-1`, `tcp`, `udp` or `icmp`. */
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
  ipv6Cidrs: string[];
  /** Source security groups (same account). */
  groupIds: string[];
};

/** @public */
export type SecurityGroup = {
  id: string;
  name: string;
  description: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
};

/**
 * A NAT gateway: `public` in a public subnet (routes to the internet gateway),
 * `private` in a VPC without a public tier (private connectivity only).
 *
 * @public
 */
export type NatGateway = {
  id: string;
  subnetId: string;
  connectivityType: 'public' | 'private';
  privateIp: string;
  /** Only for public NAT gateways. */
  publicIp?: string;
  allocationId?: string;
  networkInterfaceId: string;
  createdAt: string;
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
  natGateways: NatGateway[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  /** The VPC's default network ACL's id (also the first of `networkAcls`). */
  networkAclId: string;
  /** The default ACL first, then one per tier unless the subnets stay on the default. */
  networkAcls: NetworkAcl[];
  /** The VPC's default security group first. */
  securityGroups: SecurityGroup[];
  flowLogs: FlowLog[];
  /** Set when the VPC is attached to the region's hub transit gateway. */
  transitGatewayAttachmentId?: string;
};

/**
 * A CloudTrail event of the root user. `minutesAgo` is counted back from the
 * moment the sandbox started, so a window such as "the last 90 days" finds it
 * whenever the sandbox runs.
 *
 * @public
 */
export type RootEvent = {
  id: string;
  region: string;
  eventName: string;
  eventSource: string;
  minutesAgo: number;
  sourceIpAddress: string;
  readOnly: boolean;
  userAgent: string;
};

/**
 * The account's own EC2 settings in a region (what it set by hand); an EC2
 * declarative policy in effect overrides them when answering.
 *
 * @public
 */
export type Ec2AccountSettings = {
  vpcBlockPublicAccess: {
    mode: 'off' | 'block-ingress' | 'block-bidirectional';
    exclusionsAllowed: boolean;
  };
  snapshotBlockPublicAccess:
    | 'block-all-sharing'
    | 'block-new-sharing'
    | 'unblocked';
  imageBlockPublicAccess: 'block-new-sharing' | 'unblocked';
  instanceMetadataDefaults: {
    /** Undefined: no account default (AWS's "no-preference"). */
    httpTokens?: 'required' | 'optional';
    httpPutResponseHopLimit?: number;
    httpEndpoint?: 'enabled' | 'disabled';
    instanceMetadataTags?: 'enabled' | 'disabled';
  };
};

/** @public */
export type AccountRegion = {
  region: string;
  ebsEncryptionByDefault: boolean;
  ec2: Ec2AccountSettings;
  guardDuty?: { detectorId: string; status: 'ENABLED' | 'DISABLED' };
  configRecorder?: { name: string; recording: boolean };
  /** Undefined when Security Hub is not enabled (DescribeHub answers InvalidAccessException). */
  securityHub?: { standardsArns: string[] };
  accessAnalyzers: { name: string; type: 'ACCOUNT' | 'ORGANIZATION' }[];
  vpcs: Vpc[];
  /** KMS keys: the AWS managed ones (aws/rds, aws/s3…) and the customer's. */
  kmsKeys: KmsKey[];
  loadBalancers: LoadBalancer[];
  /** Regional WAFv2 web ACLs; load balancers name theirs by ARN. */
  webAcls: WebAcl[];
  rds: { instances: RdsInstance[]; clusters: RdsCluster[] };
  replicationGroups: ReplicationGroup[];
  instances: Ec2Instance[];
  autoScalingGroups: AutoScalingGroup[];
  /** Undefined when Macie is not enabled (GetMacieSession answers AccessDeniedException). */
  macie?: { status: 'ENABLED' | 'PAUSED'; createdAt: string };
};

/** @public */
export type KmsKey = {
  id: string;
  arn: string;
  keyManager: 'AWS' | 'CUSTOMER';
  /** Without `alias/`, e.g. `aws/rds` or `ledger-data`. */
  alias?: string;
  description: string;
  createdAt: string;
};

/** @public */
export type WebAcl = { id: string; name: string; arn: string };

/** @public */
export type LoadBalancer = {
  arn: string;
  name: string;
  type: 'application' | 'network';
  scheme: 'internet-facing' | 'internal';
  vpcId: string;
  subnetIds: string[];
  dnsName: string;
  createdAt: string;
  /** The web ACL's ARN, when one is associated. */
  webAclArn?: string;
};

/** @public */
export type RdsInstance = {
  id: string;
  engine: string;
  engineVersion: string;
  instanceClass: string;
  storageEncrypted: boolean;
  /** The KMS key's ARN when encrypted. */
  kmsKeyId?: string;
  clusterId?: string;
  vpcId?: string;
  createdAt: string;
};

/** @public */
export type RdsCluster = {
  id: string;
  engine: string;
  engineVersion: string;
  storageEncrypted: boolean;
  kmsKeyId?: string;
  memberIds: string[];
  createdAt: string;
};

/** @public */
export type ReplicationGroup = {
  id: string;
  engine: 'redis' | 'valkey';
  atRestEncryptionEnabled: boolean;
  transitEncryptionEnabled: boolean;
  transitEncryptionMode?: 'preferred' | 'required';
  kmsKeyId?: string;
  memberClusters: string[];
  createdAt: string;
};

/**
 * An EC2 instance; its launch time is `launchedMinutesAgo` before the sandbox
 * started, so its age is the same whenever the sandbox runs.
 *
 * @public
 */
export type Ec2Instance = {
  id: string;
  name: string;
  instanceType: string;
  state: 'running' | 'stopped';
  launchedMinutesAgo: number;
  vpcId?: string;
  subnetId?: string;
  availabilityZone: string;
  privateIp: string;
  imageId: string;
  autoScalingGroup?: string;
};

/** @public */
export type AutoScalingGroup = {
  name: string;
  arn: string;
  launchTemplate: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  /** Seconds; undefined when unset. */
  maxInstanceLifetime?: number;
  subnetIds: string[];
  availabilityZones: string[];
  instanceIds: string[];
  createdAt: string;
  /** Newest first; times relative to the sandbox's start. */
  instanceRefreshes: {
    id: string;
    status: 'Successful' | 'InProgress' | 'Failed' | 'Cancelled';
    startedMinutesAgo: number;
    endedMinutesAgo?: number;
  }[];
  scheduledActions: {
    name: string;
    recurrence?: string;
    desiredCapacity?: number;
    minSize?: number;
    maxSize?: number;
  }[];
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
    /** The kind of the root user's MFA device when it has one: a virtual one is listed by ListVirtualMFADevices. */
    rootMfaDevice?: 'virtual' | 'hardware';
    rootAccessKeysPresent: boolean;
    /** False for an account without root credentials (centralised root access) or whose root password was removed. */
    rootPasswordPresent: boolean;
    rootSigningCertificatesPresent: boolean;
    users: IamUser[];
    /** Every IAM role, those of `roles` included (ListRoles). */
    roles: IamRole[];
  };
  /** General purpose S3 buckets (global, each with its region). */
  buckets: S3Bucket[];
  /** CloudFront distributions (global). */
  distributions: CloudFrontDistribution[];
  /** What the root user did, for CloudTrail's LookupEvents; each event's time is relative to the sandbox's start. */
  rootEvents: RootEvent[];
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
export type TransitGatewayAttachment = {
  id: string;
  /** The VPC's owner; another account than the gateway's for a RAM-shared gateway. */
  accountId: string;
  vpcId: string;
  /** The VPC's CIDR block: what the attachment propagates. */
  vpcCidr: string;
};

/** @public */
export type TransitGatewayStaticRoute = {
  destinationCidrBlock: string;
  /** Undefined for a blackhole route. */
  attachmentId?: string;
};

/** @public */
export type TransitGatewayRouteTable = {
  id: string;
  name: string;
  /** Attachment ids associated with the table (an attachment has at most one table). */
  associations: string[];
  /** Attachment ids whose VPC CIDRs propagate into the table. */
  propagations: string[];
  staticRoutes: TransitGatewayStaticRoute[];
  /** New attachments of accounts with these tags (tag → allowed values) are associated with the table. */
  associateTags?: Record<string, string[]>;
  /** New attachments of accounts with these tags propagate into the table. */
  propagateTags?: Record<string, string[]>;
};

/**
 * A transit gateway, owned by one account and (through RAM, implicitly) shared
 * with the organisation: any account's VPC may attach to it.
 *
 * @public
 */
export type TransitGateway = {
  id: string;
  name: string;
  accountId: string;
  region: string;
  /** The region's hub: VPCs with `transitGateway: true` attach to it. */
  hub: boolean;
  autoAcceptSharedAttachments: boolean;
  /** The default association route table's id; undefined when default association is off. */
  associationDefaultRouteTableId?: string;
  /** The default propagation route table's id; undefined when default propagation is off. */
  propagationDefaultRouteTableId?: string;
  attachments: TransitGatewayAttachment[];
  routeTables: TransitGatewayRouteTable[];
};

/**
 * IAM's centralised root access features of the organisation.
 *
 * @public
 */
export type RootAccessFeature = 'RootCredentialsManagement' | 'RootSessions';

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
  /** The policy types enabled on the root. */
  enabledPolicyTypes: PolicyType[];
  /** Every policy of every type, the AWS-managed ones included. */
  policies: ServiceControlPolicy[];
  /** IAM's root access features enabled for the organisation (ListOrganizationsFeatures). */
  rootAccessFeatures: RootAccessFeature[];
  accounts: Account[];
  /** The organisation trail, owned by the management account, visible in every account. */
  trail?: Trail;
  peerings: VpcPeering[];
  transitGateways: TransitGateway[];
  faults: FaultConfig;
};
