/**
 * An offline AWS Organization on localhost that speaks AWS's wire protocols, for
 * development, tests and benchmarks. Product code never imports this package: it
 * only points its endpoints at the sandbox.
 *
 * @packageDocumentation
 */

export { startSandbox } from './startSandbox';
export type { Sandbox, StartSandboxOptions } from './startSandbox';
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
  FaultConfig,
  FlowLog,
  IamAccessKey,
  IamUser,
  Organization,
  OrganizationalUnit,
  PublicAccessBlock,
  RateLimit,
  Route,
  RouteTable,
  ServiceControlPolicy,
  Subnet,
  SubnetTier,
  Trail,
  TransitGateway,
  Vpc,
  VpcPeering,
} from './org/types';
