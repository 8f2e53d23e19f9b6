export { AccountRequestsPage } from './AccountRequestsPage';
export { stagesOf } from './stages';
