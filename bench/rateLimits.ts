/*
 * AWS's default API rate limits, as the sandbox's token buckets (per calling
 * account and region, like AWS). bench/README.md has the same table with its
 * sources; change both together.
 *
 * Where AWS publishes no number the entry says so (`basis: 'assumed'`) and the
 * value is a stated assumption, overridable from the command line.
 */

/** One token bucket: a sustained rate (calls per second) and a burst (bucket size). */
export type Bucket = { rate: number; burst: number };

export type RateLimitEntry = Bucket & {
  /** Sandbox fault key: `service` (one bucket for the service) or `service:Operation`. */
  key: string;
  basis: 'published' | 'assumed';
  source: string;
};

const EC2_THROTTLING =
  'https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html';

// EC2 throttles each API separately ("each API is evaluated individually"), so
// every action the collector uses gets its own bucket. All of them are in the
// "non-mutating actions" category; none is in the smaller "unfiltered and
// unpaginated" list (DescribeInstances, DescribeVolumes, … — 50/10).
const EC2_ACTIONS = [
  'DescribeVpcs',
  'DescribeSubnets',
  'DescribeRouteTables',
  'DescribeFlowLogs',
  'DescribeVpcPeeringConnections',
  'DescribeTransitGatewayAttachments',
  'GetEbsEncryptionByDefault',
  'DescribeNetworkAcls',
  'DescribeRegions',
  // Issue 12: transit gateways and their route tables, NAT gateways, and the
  // account settings an EC2 declarative policy may enforce.
  'DescribeTransitGateways',
  'DescribeTransitGatewayRouteTables',
  'GetTransitGatewayRouteTableAssociations',
  'GetTransitGatewayRouteTablePropagations',
  'SearchTransitGatewayRoutes',
  'DescribeNatGateways',
  'DescribeVpcBlockPublicAccessOptions',
  'GetSnapshotBlockPublicAccessState',
  'GetImageBlockPublicAccessState',
  'GetInstanceMetadataDefaults',
  // Issue 13: security groups and running instances (DescribeNetworkAcls is
  // above). DescribeInstances is filtered (instance-state-name) and
  // paginated, so it is not in the "unfiltered and unpaginated" list.
  'DescribeSecurityGroups',
  'DescribeInstances',
];

const ASSUMED_READ: Bucket = { rate: 10, burst: 10 };

export const AWS_DEFAULT_RATE_LIMITS: RateLimitEntry[] = [
  ...EC2_ACTIONS.map(action => ({
    key: `ec2:${action}`,
    rate: 20,
    burst: 100,
    basis: 'published' as const,
    source: EC2_THROTTLING,
  })),
  {
    key: 'ec2',
    rate: 20,
    burst: 100,
    basis: 'published',
    source: EC2_THROTTLING,
  },
  {
    // 600 requests per second per account per Region, shared by the STS
    // credential operations; no burst is published, so the bucket holds one second.
    key: 'sts',
    rate: 600,
    burst: 600,
    basis: 'published',
    source:
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
  },
  {
    // AWS publishes no rate for Organizations (awsdocs/aws-organizations-docs#39).
    // Assumed: the per-caller-account rate AWS publishes for the sibling
    // Account Management read APIs (GetAccountInformation, GetPrimaryEmail:
    // 3 per second, burst 3), one bucket shared by every Organizations call.
    key: 'organizations',
    rate: 3,
    burst: 3,
    basis: 'assumed',
    source: 'https://docs.aws.amazon.com/accounts/latest/reference/quotas.html',
  },
  {
    // "The rate of lookup requests is limited to two per second, per account,
    // per Region" (LookupEvents' API reference); no burst published.
    key: 'cloudtrail:LookupEvents',
    rate: 2,
    burst: 2,
    basis: 'published',
    source:
      'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html',
  },
  {
    // "Get, describe, and list APIs: 10 transactions per second"; no burst published.
    key: 'cloudtrail',
    rate: 10,
    burst: 10,
    basis: 'published',
    source:
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html',
  },
  {
    // "All other operations - RateLimit of 10 requests per second. BurstLimit of 30".
    key: 'securityhub',
    rate: 10,
    burst: 30,
    basis: 'published',
    source:
      'https://docs.aws.amazon.com/securityhub/1.0/APIReference/Welcome.html',
  },
  {
    key: 'iam',
    ...ASSUMED_READ,
    basis: 'assumed',
    source:
      'https://aws.amazon.com/blogs/security/how-to-monitor-and-query-iam-resources-at-scale-part-2/',
  },
  {
    key: 'guardduty',
    ...ASSUMED_READ,
    basis: 'assumed',
    source:
      'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_limits.html',
  },
  {
    key: 'config',
    ...ASSUMED_READ,
    basis: 'assumed',
    source:
      'https://docs.aws.amazon.com/config/latest/developerguide/configlimits.html',
  },
  {
    key: 'access-analyzer',
    ...ASSUMED_READ,
    basis: 'assumed',
    source:
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-quotas.html',
  },
  {
    key: 's3control',
    ...ASSUMED_READ,
    basis: 'assumed',
    source:
      'https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetPublicAccessBlock.html',
  },
  // ---- issue 13 ----
  {
    // ELB API version 2 has its own bucket; "the bucket size for non-mutating
    // API actions is 40 tokens … refill rate of 10 tokens per second"
    // (DescribeLoadBalancers).
    key: 'elasticloadbalancing',
    rate: 10,
    burst: 40,
    basis: 'published',
    source:
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html',
  },
  {
    // WAF's fixed call quotas per account per Region: "Maximum number of
    // calls to GetWebACLForResource: One request per second"; no burst.
    key: 'wafv2:GetWebACLForResource',
    rate: 1,
    burst: 1,
    basis: 'published',
    source: 'https://docs.aws.amazon.com/waf/latest/developerguide/limits.html',
  },
  {
    // "any individual Get or List action, if no other quota is defined for
    // it: Five requests per second" (none other is called).
    key: 'wafv2',
    rate: 5,
    burst: 5,
    basis: 'published',
    source: 'https://docs.aws.amazon.com/waf/latest/developerguide/limits.html',
  },
  {
    // CloudFront publishes quotas on resources and viewer traffic, none on
    // its control-plane API's request rate.
    key: 'cloudfront',
    ...ASSUMED_READ,
    basis: 'assumed',
    source:
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html',
  },
  {
    // "By default, you can make up to 300 requests in a burst and a sustained
    // 12 requests per second" per account per Region; one bucket for the API
    // here (conservative: DescribeDBInstances and DescribeDBClusters share it).
    key: 'rds',
    rate: 12,
    burst: 300,
    basis: 'published',
    source:
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-api-throttling.html',
  },
  {
    key: 'elasticache',
    ...ASSUMED_READ,
    basis: 'assumed',
    source:
      'https://docs.aws.amazon.com/general/latest/gr/elasticache-service.html',
  },
  {
    // S3 publishes object request rates per prefix (5,500 GET/HEAD per
    // second), none for ListBuckets or bucket configuration reads such as
    // GetBucketEncryption; assumed, per account and bucket region.
    key: 's3',
    ...ASSUMED_READ,
    basis: 'assumed',
    source:
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html',
  },
  {
    // "Amazon EC2 Auto Scaling throttles API requests based on a shared API
    // bucket" (DescribeAutoScalingGroups and DescribeScheduledActions draw
    // from the same one); its size and refill are not published.
    key: 'autoscaling',
    ...ASSUMED_READ,
    basis: 'assumed',
    source:
      'https://docs.aws.amazon.com/autoscaling/ec2/APIReference/Welcome.html',
  },
  {
    key: 'macie2',
    ...ASSUMED_READ,
    basis: 'assumed',
    source: 'https://docs.aws.amazon.com/macie/latest/user/macie-quotas.html',
  },
  {
    // KMS request quotas: "DescribeKey request rate: 2000" per second per
    // account per Region (its own quota, not the shared cryptographic
    // operations one); no burst published, so the bucket holds one second.
    key: 'kms:DescribeKey',
    rate: 2000,
    burst: 2000,
    basis: 'published',
    source:
      'https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html',
  },
];

/** The table as the sandbox's `rateLimits`, with optional overrides by key. */
export function rateLimitFaults(
  overrides: Record<string, Bucket> = {},
): Record<string, Bucket> {
  const limits: Record<string, Bucket> = {};
  for (const { key, rate, burst } of AWS_DEFAULT_RATE_LIMITS) {
    limits[key] = { rate, burst };
  }
  return { ...limits, ...overrides };
}

/** The bucket a call draws from, resolved as the sandbox does: the operation's key wins. */
export function bucketKeyOf(
  limits: Record<string, Bucket>,
  service: string,
  operation: string,
): string {
  const specific = `${service}:${operation}`;
  if (limits[specific]) return specific;
  if (limits[service]) return service;
  return specific;
}
