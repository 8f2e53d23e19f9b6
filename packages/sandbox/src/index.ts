/**
 * An offline AWS Organization on localhost that speaks AWS's wire protocols, and
 * a GitHub (REST API v3, git over HTTP) holding the landing zone's infrastructure
 * repository, for development, tests and benchmarks. Product code never imports this package: it
 * only points its endpoints at the sandbox.
 *
 * @packageDocumentation
 */

export { startSandbox } from './startSandbox';
export type {
  Sandbox,
  SandboxGithub,
  StartSandboxOptions,
} from './startSandbox';
export { SANDBOX_GITHUB_TOKEN } from './github/startGithub';
export type { GithubSandboxOptions } from './github/startGithub';
export {
  loadOrganization,
  parseOrganization,
  demoOrganizationPath,
  OrganizationFileError,
} from './org/load';
export type { OrganizationFileIssue } from './org/load';
export { generateOrganization } from './org/generate';
export type { GenerateOrganizationOptions } from './org/generate';
export { MANAGEMENT_CREDENTIALS } from './aws/identity';
export type { CallCount, Counters } from './server/CallCounters';
export type {
  Account,
  AccountRegion,
  AccountRole,
  AccountStatus,
  AutoScalingGroup,
  CloudFrontDistribution,
  Ec2AccountSettings,
  Ec2Instance,
  FaultConfig,
  FlowLog,
  IamAccessKey,
  IamRole,
  IamUser,
  KmsKey,
  LoadBalancer,
  NatGateway,
  NetworkAcl,
  NetworkAclEntry,
  Organization,
  OrganizationalUnit,
  PolicyType,
  PublicAccessBlock,
  RateLimit,
  RdsCluster,
  RdsInstance,
  ReplicationGroup,
  RootAccessFeature,
  RootEvent,
  Route,
  RouteTable,
  S3Bucket,
  SecurityGroup,
  SecurityGroupRule,
  ServiceControlPolicy,
  Subnet,
  SubnetTier,
  Trail,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayRouteTable,
  TransitGatewayStaticRoute,
  Vpc,
  VpcPeering,
  WebAcl,
} from './org/types';
