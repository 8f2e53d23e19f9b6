export {
  type AuthorizationDecidingStatement,
  type AuthorizationEvaluation,
  type AuthorizationScope,
  evaluateAuthorization,
} from './authorization';
export {
  evaluateLevels,
  evaluatePolicy,
  evaluateScps,
  type PolicyType,
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
