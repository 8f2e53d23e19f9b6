/**
 * Scaffolder actions of the Landing Zone Portal: the infrastructure
 * repository, account requests checked against the live organisation, VPC
 * CIDR blocks, request registration, an account's network, and what a
 * proposed SCP or RCP change would do.
 *
 * @packageDocumentation
 */

export { scaffolderModuleLandingZone as default } from './module';
export {
  createAccountNetworkAction,
  createAccountRequestRegisterAction,
  createAccountValidateAction,
  createCidrAllocateAction,
  createPolicyWhatIfAction,
  createVendingRepositoryAction,
} from './actions';
