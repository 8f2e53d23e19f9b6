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

/**
 * The account's state as Organizations' `State` field returns it (the older
 * `Status` field, retired by AWS, is read only when `State` is absent).
 * Only ACTIVE accounts are collected and judged.
 *
 * @public
 */
export type AccountStatus =
  | 'ACTIVE'
  | 'SUSPENDED'
  | 'PENDING_ACTIVATION'
  | 'PENDING_CLOSURE'
  | 'CLOSED'
  | string;

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
 * An authorization policy of another type than SCP, with its targets: a
 * resource control policy (RCP) has the same shape and grammar as an SCP.
 *
 * @public
 */
export type ResourceControlPolicy = ServiceControlPolicy;

/**
 * IAM's centralised root access features of the organisation
 * (`iam:ListOrganizationsFeatures`, read in the management account).
 *
 * @public
 */
export type RootAccessFeatures = {
  /** `RootCredentialsManagement`: member accounts may be left without root credentials. */
  rootCredentialsManagement: boolean;
  /** `RootSessions`: privileged root tasks run through sts:AssumeRoot from the management account. */
  rootSessions: boolean;
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
  /** Service control policies (type SERVICE_CONTROL_POLICY). */
  policies: ServiceControlPolicy[];
  /**
   * The policy types enabled on the root, e.g. `SERVICE_CONTROL_POLICY`,
   * `RESOURCE_CONTROL_POLICY`, `DECLARATIVE_POLICY_EC2`. Undefined in facts
   * collected before the portal read them.
   */
  enabledPolicyTypes?: string[];
  /**
   * Resource control policies and their targets; an empty list when the
   * organisation has none. Undefined in facts collected before the portal
   * read them, or when they could not be read (`resourceControlPoliciesError`).
   */
  resourceControlPolicies?: ResourceControlPolicy[];
  resourceControlPoliciesError?: FactError;
  /** The organisation's root access features; undefined before the portal read them. */
  rootAccess?: Fact<RootAccessFeatures>;
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

/**
 * A route of a VPC route table that leaves the VPC through a peering
 * connection or a transit gateway (local, internet and NAT routes are not kept).
 *
 * @public
 */
export type VpcRoute = {
  routeTableId: string;
  /** The destination CIDR block (IPv4 or IPv6) or prefix list id. */
  destination: string;
  /** `pcx-…` or `tgw-…`. */
  target: string;
  /** `active` or `blackhole`. */
  state: string;
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
  /**
   * Routes of the VPC's route tables through peering connections and transit
   * gateways. Undefined in facts collected before the portal read them: a
   * check then cannot tell which links carry traffic.
   */
  routes?: VpcRoute[];
  /** NAT gateways in the VPC. Undefined in facts collected before the portal read them. */
  natGateways?: { natGatewayId: string; subnetId?: string; state: string }[];
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
  /** The transit gateway route table the attachment is associated with, if any. */
  associatedRouteTableId?: string;
};

/**
 * A route of a transit gateway route table. Reachability follows from the
 * table's associations, propagations and static routes; propagated routes
 * only add the blocks of VPCs that are not otherwise known.
 *
 * @public
 */
export type TransitGatewayRoute = {
  /** The destination CIDR block, or the prefix list id when AWS gives no block. */
  destinationCidr: string;
  /** `active` or `blackhole`. */
  state: string;
  /** The attachments the route leads to; none for a blackhole route. */
  attachmentIds: string[];
};

/** @public */
export type TransitGatewayRouteTable = {
  routeTableId: string;
  name?: string;
  /** The gateway's default association route table. */
  defaultAssociation: boolean;
  /** The gateway's default propagation route table. */
  defaultPropagation: boolean;
  associations: {
    attachmentId: string;
    resourceType: string;
    resourceId?: string;
    state: string;
  }[];
  propagations: {
    attachmentId: string;
    resourceType: string;
    resourceId?: string;
    /** `enabled` or `disabled`. */
    state: string;
  }[];
  staticRoutes: TransitGatewayRoute[];
  /** True when AWS reported more static routes than it returned. */
  staticRoutesTruncated?: boolean;
  /**
   * Propagated routes as the owner reads them: they name the CIDR blocks of
   * VPCs whose own accounts could not be read. Undefined when not read;
   * `propagatedRoutesTruncated` when AWS had more than it returned.
   */
  propagatedRoutes?: TransitGatewayRoute[];
  propagatedRoutesTruncated?: boolean;
};

/**
 * A transit gateway as its owner account reads it: every attachment
 * (including other accounts' attachments through RAM sharing) and its route
 * tables.
 *
 * @public
 */
export type TransitGatewayFacts = {
  transitGatewayId: string;
  ownerId: string;
  state: string;
  name?: string;
  /** Whether attachment requests from other accounts are accepted automatically. */
  autoAcceptSharedAttachments: boolean;
  attachments: TransitGatewayAttachment[];
  /** The route tables, or why they could not be read. */
  routeTables: Fact<TransitGatewayRouteTable[]>;
};

/**
 * An account-level EC2 setting that a declarative policy may enforce:
 * `managedBy` is `declarative-policy` when one does, `account` when it is
 * set by hand (undefined when EC2 did not say).
 *
 * @public
 */
export type Ec2AccountSetting<T> = T & { managedBy?: string };

/** @public */
export type VpcBlockPublicAccess = Ec2AccountSetting<{
  /** `off`, `block-bidirectional` or `block-ingress`. */
  internetGatewayBlockMode: string;
  /** `allowed-bidirectional`, `allowed-egress` or `off` (exclusions). */
  exclusionsAllowed?: string;
  state?: string;
}>;

/** @public */
export type SnapshotBlockPublicAccess = Ec2AccountSetting<{
  /** `block-all-sharing`, `block-new-sharing` or `unblocked`. */
  state: string;
}>;

/** @public */
export type ImageBlockPublicAccess = Ec2AccountSetting<{
  /** `block-new-sharing` or `unblocked`. */
  state: string;
}>;

/** @public */
export type InstanceMetadataDefaults = Ec2AccountSetting<{
  /** `required` (IMDSv2 only), `optional`, or undefined (no account default). */
  httpTokens?: string;
  httpPutResponseHopLimit?: number;
  httpEndpoint?: string;
  instanceMetadataTags?: string;
}>;

/**
 * One entry of a network ACL.
 *
 * @public
 */
export type NetworkAclEntry = {
  ruleNumber: number;
  /** True for an outbound rule. */
  egress: boolean;
  /** `-1` (all), `6` (TCP), `17` (UDP), `1` (ICMP) or another protocol number. */
  protocol: string;
  ruleAction: 'allow' | 'deny';
  /** The IPv4 block, or `ipv6CidrBlock` for IPv6. */
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  /** For TCP and UDP: the port range (inclusive); undefined means all ports. */
  portRange?: { from: number; to: number };
};

/**
 * A network ACL of a VPC, with its entries and the subnets associated with it.
 *
 * @public
 */
export type NetworkAcl = {
  networkAclId: string;
  vpcId: string;
  /** The VPC's default ACL (subnets without an explicit association use it). */
  isDefault: boolean;
  entries: NetworkAclEntry[];
  /** The subnets associated with the ACL. */
  subnetIds: string[];
  name?: string;
};

/**
 * A security group, keeping only its inbound rules open to the internet
 * (source 0.0.0.0/0 or ::/0); other rules are not kept. Groups without such a
 * rule are listed with `openIngress: []`.
 *
 * @public
 */
export type SecurityGroup = {
  groupId: string;
  groupName?: string;
  vpcId?: string;
  openIngress: {
    /** `-1` (all), `tcp`, `udp`, `icmp` or a protocol number, as EC2 gives it. */
    ipProtocol: string;
    /** Undefined for all protocols (`-1`). */
    fromPort?: number;
    toPort?: number;
    /** `0.0.0.0/0` or `::/0`. */
    source: string;
  }[];
};

/**
 * An Elastic Load Balancing v2 load balancer and, for internet-facing
 * Application Load Balancers, the WAF web ACL associated with it
 * (`wafv2:GetWebACLForResource`).
 *
 * @public
 */
export type LoadBalancer = {
  loadBalancerArn: string;
  name: string;
  /** `application`, `network` or `gateway`. */
  type: string;
  /** `internet-facing` or `internal`. */
  scheme: string;
  vpcId?: string;
  dnsName?: string;
  state?: string;
  /**
   * The web ACL, `null` when none is associated, or why it could not be
   * read. Undefined for load balancers whose web ACL is not read (internal
   * ones, and types WAF cannot protect).
   */
  webAcl?: Fact<{ arn: string; name: string } | null>;
};

/**
 * A CloudFront distribution (global, `cloudfront:ListDistributions`).
 *
 * @public
 */
export type CloudFrontDistribution = {
  id: string;
  arn: string;
  domainName: string;
  aliases: string[];
  enabled: boolean;
  status?: string;
  /** The associated web ACL (a WAFv2 ARN, or a WAF Classic id); undefined when none. */
  webAclId?: string;
};

/**
 * Which KMS key encrypts a resource, and who manages it
 * (`kms:DescribeKey`): `AWS` for an AWS managed key such as aws/rds,
 * `CUSTOMER` for a customer managed key; undefined when it could not be read.
 *
 * @public
 */
export type KmsKeyRef = {
  keyId: string;
  keyManager?: 'AWS' | 'CUSTOMER' | string;
};

/**
 * RDS DB instances and clusters (Aurora and Multi-AZ DB clusters) in a region.
 *
 * @public
 */
export type RdsFacts = {
  instances: {
    dbInstanceIdentifier: string;
    engine: string;
    status?: string;
    storageEncrypted: boolean;
    kmsKey?: KmsKeyRef;
    /** The cluster the instance belongs to (its storage is the cluster's). */
    dbClusterIdentifier?: string;
  }[];
  clusters: {
    dbClusterIdentifier: string;
    engine: string;
    status?: string;
    storageEncrypted: boolean;
    kmsKey?: KmsKeyRef;
  }[];
};

/**
 * An ElastiCache replication group (Valkey or Redis OSS).
 *
 * @public
 */
export type ElastiCacheReplicationGroup = {
  replicationGroupId: string;
  engine?: string;
  status?: string;
  atRestEncryptionEnabled: boolean;
  transitEncryptionEnabled: boolean;
  /** `preferred` or `required` when in-transit encryption is on. */
  transitEncryptionMode?: string;
  kmsKey?: KmsKeyRef;
};

/**
 * A general purpose S3 bucket of the account and its default encryption
 * (`s3:GetBucketEncryption`): `null` when the bucket has none, or why it
 * could not be read.
 *
 * @public
 */
export type S3Bucket = {
  name: string;
  /** The bucket's region (`BucketRegion`), when S3 said. */
  region?: string;
  createdAt?: string;
  encryption: Fact<{
    /** `AES256` (SSE-S3), `aws:kms` (SSE-KMS) or `aws:kms:dsse` (DSSE-KMS). */
    sseAlgorithm: string;
    kmsKey?: KmsKeyRef;
    bucketKeyEnabled?: boolean;
  } | null>;
};

/**
 * A running EC2 instance (`ec2:DescribeInstances`, state running).
 *
 * @public
 */
export type Ec2Instance = {
  instanceId: string;
  /** When the instance was launched (ISO). */
  launchTime: string;
  instanceType?: string;
  name?: string;
  /** The Auto Scaling group that launched it (tag aws:autoscaling:groupName). */
  autoScalingGroupName?: string;
};

/**
 * An Auto Scaling group and what rotates its instances.
 *
 * @public
 */
export type AutoScalingGroup = {
  autoScalingGroupName: string;
  /** Seconds after which the group replaces an instance; undefined when unset. */
  maxInstanceLifetime?: number;
  /** The group's most recent instance refresh, if any. */
  lastInstanceRefresh?: {
    status: string;
    startTime?: string;
    endTime?: string;
  };
  /** Scheduled actions of the group (`autoscaling:DescribeScheduledActions`). */
  scheduledActions: { name: string; recurrence?: string; startTime?: string }[];
  instanceIds: string[];
};

/**
 * Amazon Macie in a region (`macie2:GetMacieSession`): `ENABLED`, `PAUSED`,
 * or `DISABLED` when Macie is not enabled there.
 *
 * @public
 */
export type MacieFacts = {
  status: 'ENABLED' | 'PAUSED' | 'DISABLED' | string;
};

/**
 * An IAM user of the account (`iam:ListUsers`).
 *
 * @public
 */
export type IamUser = {
  userName: string;
  arn?: string;
  createdAt?: string;
  /** When the user's password was last used, if ever. */
  passwordLastUsed?: string;
};

/**
 * An IAM role and its trust policy (`iam:ListRoles`).
 *
 * @public
 */
export type IamRole = {
  roleName: string;
  arn: string;
  path: string;
  /** The trust (assume role) policy document, as JSON. */
  trustPolicy: string;
  createdAt?: string;
};

/**
 * Root-user events CloudTrail recorded in one region within the window.
 *
 * @public
 */
export type RootActivity = {
  /** The window's length in days, and its start (ISO). */
  days: number;
  since: string;
  events: {
    eventId: string;
    eventName: string;
    eventTime: string;
    eventSource?: string;
    sourceIpAddress?: string;
  }[];
  /** True when more events existed than were read. */
  truncated?: boolean;
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
  /*
   * The following were added after the first release: facts stored before
   * then lack them, and a check reads their absence as "not collected".
   */
  /** Transit gateways this account owns in the region, with their route tables. */
  transitGateways?: Fact<TransitGatewayFacts[]>;
  vpcBlockPublicAccess?: Fact<VpcBlockPublicAccess>;
  snapshotBlockPublicAccess?: Fact<SnapshotBlockPublicAccess>;
  imageBlockPublicAccess?: Fact<ImageBlockPublicAccess>;
  instanceMetadataDefaults?: Fact<InstanceMetadataDefaults>;
  /** CloudTrail `LookupEvents` for Username `root` in the region. */
  rootActivity?: Fact<RootActivity>;
  /** Network ACLs of every VPC in the region. */
  networkAcls?: Fact<NetworkAcl[]>;
  /** Security groups, with their inbound rules open to the internet. */
  securityGroups?: Fact<SecurityGroup[]>;
  /** ELBv2 load balancers, with the web ACL of internet-facing ALBs. */
  loadBalancers?: Fact<LoadBalancer[]>;
  rds?: Fact<RdsFacts>;
  elastiCacheReplicationGroups?: Fact<ElastiCacheReplicationGroup[]>;
  /** Running EC2 instances. */
  instances?: Fact<Ec2Instance[]>;
  autoScalingGroups?: Fact<AutoScalingGroup[]>;
  macie?: Fact<MacieFacts>;
};

/** @public */
export type IamAccountSummary = {
  accountMfaEnabled: boolean;
  accountAccessKeysPresent: boolean;
  /** The root user has a password (`AccountPasswordPresent`); undefined when IAM did not say. */
  accountPasswordPresent?: boolean;
  /** The root user has signing certificates (`AccountSigningCertificatesPresent`). */
  accountSigningCertificatesPresent?: boolean;
};

/**
 * The account's effective EC2 declarative policy
 * (`organizations:DescribeEffectivePolicy`, type DECLARATIVE_POLICY_EC2).
 *
 * @public
 */
export type EffectiveDeclarativePolicy = {
  /** The effective policy document as Organizations returns it (JSON string). */
  content: string;
  lastUpdated?: string;
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
  /**
   * The virtual MFA device assigned to the root user (`iam:ListVirtualMFADevices`),
   * `null` when none is: root MFA, if enabled, is then a hardware device.
   */
  rootVirtualMfa?: Fact<{ serialNumber: string } | null>;
  /** `null` when no EC2 declarative policy is in effect for the account. */
  declarativePolicyEc2?: Fact<EffectiveDeclarativePolicy | null>;
  /** Every IAM user of the account, with or without keys. */
  iamUsers?: Fact<IamUser[]>;
  /** Every IAM role of the account with its trust policy. */
  iamRoles?: Fact<IamRole[]>;
  /** CloudFront distributions (a global service). */
  cloudFrontDistributions?: Fact<CloudFrontDistribution[]>;
  /** General purpose S3 buckets and their default encryption. */
  s3Buckets?: Fact<S3Bucket[]>;
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
