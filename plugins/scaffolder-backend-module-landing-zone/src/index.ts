/**
 * Scaffolder actions of the Landing Zone Portal: the infrastructure
 * repository, account requests checked against the live organisation, VPC
 * CIDR blocks, request registration and an account's network.
 *
 * @packageDocumentation
 */

export { scaffolderModuleLandingZone as default } from './module';
export {
  createAccountNetworkAction,
  createAccountRequestRegisterAction,
  createAccountValidateAction,
  createCidrAllocateAction,
  createVendingRepositoryAction,
} from './actions';
