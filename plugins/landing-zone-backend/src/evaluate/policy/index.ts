export {
  evaluatePolicy,
  evaluateScps,
  statementApplies,
  type ScpDecidingStatement,
  type ScpDecision,
  type ScpEvaluation,
  type ScpLevel,
  type ScpPolicy,
} from './evaluate';
export { cidrsOverlap, ipInCidr, parseCidr, parseIp } from './ip';
export { parsePolicy } from './parse';
export {
  type ContextValue,
  type ParsedPolicy,
  type ParsedStatement,
  PolicyError,
  type PolicyRequest,
} from './types';
