export { VpcNetwork } from './VpcNetwork';
