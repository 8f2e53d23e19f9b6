/**
 * The largest page each API accepts (its MaxResults / MaxItems range). Asking
 * for it turns what the service would answer in several pages into one call:
 * fewer calls against rate limits that are per account and region.
 */
export const PAGE_SIZE = {
  ec2: 1000,
  /** DescribeRouteTables and DescribeNetworkAcls take at most 100. */
  ec2RouteTables: 100,
  organizations: 20,
  iam: 1000,
  guardduty: 50,
  securityhub: 100,
  /** ListAnalyzers publishes no maximum; 100 is within every documented page. */
  accessanalyzer: 100,
  /** DescribeLoadBalancers' PageSize: 1-400. */
  elbv2: 400,
  /** ListDistributions: 100 (CloudFront's default and maximum). */
  cloudfront: 100,
  /** DescribeDBInstances and DescribeDBClusters: MaxRecords 20-100. */
  rds: 100,
  /** DescribeReplicationGroups: MaxRecords 20-100. */
  elasticache: 100,
  /** DescribeAutoScalingGroups and DescribeScheduledActions: MaxRecords up to 100. */
  autoscaling: 100,
  /** ListBuckets' MaxBuckets: 1-10000. */
  s3: 10000,
} as const;
