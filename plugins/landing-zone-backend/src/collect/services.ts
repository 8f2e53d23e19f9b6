/**
 * The AWS services the scanner calls. Endpoint overrides in config are keyed
 * by these names, and the client factory builds one client kind for each.
 */
export const AWS_SERVICES = [
  'organizations',
  'sts',
  'ec2',
  'iam',
  'guardduty',
  'cloudtrail',
  'config',
  'securityhub',
  'accessanalyzer',
  's3control',
  's3',
  'elbv2',
  'wafv2',
  'cloudfront',
  'rds',
  'elasticache',
  'autoscaling',
  'macie2',
  'kms',
] as const;

/** @internal */
export type AwsServiceName = (typeof AWS_SERVICES)[number];
