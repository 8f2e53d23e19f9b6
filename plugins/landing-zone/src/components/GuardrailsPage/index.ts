export { GuardrailsPage } from './GuardrailsPage';
