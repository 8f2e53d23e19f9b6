export { GroupAccounts } from './GroupAccounts';
