export { AccountGuardrails, AccountOverviewCard } from './AccountGuardrails';
