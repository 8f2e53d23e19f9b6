export { AlertsPage } from './AlertsPage';
export { AccountAlerts } from './AccountAlerts';
