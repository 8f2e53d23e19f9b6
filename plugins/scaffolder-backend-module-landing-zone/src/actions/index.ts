export { createAccountNetworkAction } from './accountNetwork';
export { createAccountRequestRegisterAction } from './accountRequestRegister';
export { createAccountValidateAction } from './accountValidate';
export { createCidrAllocateAction } from './cidrAllocate';
export { createPolicyWhatIfAction } from './policyWhatIf';
export { createVendingRepositoryAction } from './vendingRepository';
