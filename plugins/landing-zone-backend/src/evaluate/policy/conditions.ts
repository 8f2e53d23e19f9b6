/*
 * The Condition element, following the IAM User Guide ("IAM JSON policy
 * elements: Condition operators", "Conditions with multiple context keys or
 * values", "Set operators for multivalued context keys"):
 *
 * - Operators in a block, and keys under one operator, are ANDed; the values
 *   listed for one key are ORed, and for a negated operator (StringNotEquals,
 *   ArnNotLike, NotIpAddress, …) NORed: "not equal to any of them".
 * - A key absent from the request makes a condition false, except that a
 *   negated operator is then true. `...IfExists` makes any operator true on an
 *   absent key and otherwise changes nothing. `Null` tests presence only.
 * - `ForAllValues:` is true when every request value satisfies the operator
 *   against the policy values, and also when the key is absent or empty.
 *   `ForAnyValue:` is true when at least one request value does, and false
 *   when the key is absent. With a negated operator, "satisfies" means
 *   "matches none of the policy values".
 * - Without a set qualifier a multivalued request key matches when any of its
 *   values does; a negated operator is the negation of that.
 */

import { ipInCidr } from './ip';
import {
  type ContextLookup,
  matchesArn,
  matchesWildcard,
  substituteVariables,
} from './patterns';
import { type ParsedCondition, PolicyError, type SetQualifier } from './types';

type Comparer = (
  requestValue: string,
  policyValue: string,
  variables: boolean,
  lookup: ContextLookup,
) => boolean;

type OperatorSpec = { negated: boolean; compare: Comparer };

function parseNumber(text: string): number | undefined {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text)
    ? Number(text)
    : undefined;
}

// Dates are ISO 8601 (`2025-01-01T00:00:00Z`) or epoch seconds, as in AWS.
function parseDate(text: string): number | undefined {
  if (/^\s*\d+\s*$/.test(text)) {
    return Number(text) * 1000;
  }
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

function numeric(test: (request: number, policy: number) => boolean): Comparer {
  return (requestValue, policyValue) => {
    const request = parseNumber(requestValue);
    const policy = parseNumber(policyValue);
    return (
      request !== undefined && policy !== undefined && test(request, policy)
    );
  };
}

function date(test: (request: number, policy: number) => boolean): Comparer {
  return (requestValue, policyValue) => {
    const request = parseDate(requestValue);
    const policy = parseDate(policyValue);
    return (
      request !== undefined && policy !== undefined && test(request, policy)
    );
  };
}

const stringEquals: Comparer = (requestValue, policyValue, variables, lookup) =>
  substituteVariables(policyValue, variables, lookup) === requestValue;

const stringEqualsIgnoreCase: Comparer = (
  requestValue,
  policyValue,
  variables,
  lookup,
) =>
  substituteVariables(policyValue, variables, lookup)?.toLowerCase() ===
  requestValue.toLowerCase();

const stringLike: Comparer = (requestValue, policyValue, variables, lookup) =>
  matchesWildcard(policyValue, requestValue, { variables, lookup });

const arnLike: Comparer = (requestValue, policyValue, variables, lookup) =>
  matchesArn(policyValue, requestValue, variables, lookup);

const bool: Comparer = (requestValue, policyValue, variables, lookup) =>
  substituteVariables(policyValue, variables, lookup)?.toLowerCase() ===
  requestValue.toLowerCase();

const operators: Record<string, OperatorSpec> = {
  StringEquals: { negated: false, compare: stringEquals },
  StringNotEquals: { negated: true, compare: stringEquals },
  StringEqualsIgnoreCase: { negated: false, compare: stringEqualsIgnoreCase },
  StringNotEqualsIgnoreCase: { negated: true, compare: stringEqualsIgnoreCase },
  StringLike: { negated: false, compare: stringLike },
  StringNotLike: { negated: true, compare: stringLike },
  // ArnEquals and ArnLike are documented identically: both take wildcards.
  ArnEquals: { negated: false, compare: arnLike },
  ArnLike: { negated: false, compare: arnLike },
  ArnNotEquals: { negated: true, compare: arnLike },
  ArnNotLike: { negated: true, compare: arnLike },
  NumericEquals: { negated: false, compare: numeric((r, p) => r === p) },
  NumericNotEquals: { negated: true, compare: numeric((r, p) => r === p) },
  NumericLessThan: { negated: false, compare: numeric((r, p) => r < p) },
  NumericLessThanEquals: { negated: false, compare: numeric((r, p) => r <= p) },
  NumericGreaterThan: { negated: false, compare: numeric((r, p) => r > p) },
  NumericGreaterThanEquals: {
    negated: false,
    compare: numeric((r, p) => r >= p),
  },
  DateEquals: { negated: false, compare: date((r, p) => r === p) },
  DateNotEquals: { negated: true, compare: date((r, p) => r === p) },
  DateLessThan: { negated: false, compare: date((r, p) => r < p) },
  DateLessThanEquals: { negated: false, compare: date((r, p) => r <= p) },
  DateGreaterThan: { negated: false, compare: date((r, p) => r > p) },
  DateGreaterThanEquals: { negated: false, compare: date((r, p) => r >= p) },
  Bool: { negated: false, compare: bool },
  // Base64 text is compared as written.
  BinaryEquals: { negated: false, compare: (r, p) => r === p },
  IpAddress: { negated: false, compare: (r, p) => ipInCidr(r, p) },
  NotIpAddress: { negated: true, compare: (r, p) => ipInCidr(r, p) },
};

/**
 * Splits an operator as written into qualifier, base operator and IfExists;
 * throws a PolicyError for operators this evaluator does not know, so that a
 * policy it cannot judge is never judged wrongly.
 */
export function parseOperator(operator: string): {
  base: string;
  set?: SetQualifier;
  ifExists: boolean;
} {
  let rest = operator;
  let set: SetQualifier | undefined;
  const qualifier = /^(ForAnyValue|ForAllValues):/i.exec(rest);
  if (qualifier) {
    set =
      qualifier[1].toLowerCase() === 'foranyvalue'
        ? 'ForAnyValue'
        : 'ForAllValues';
    rest = rest.slice(qualifier[0].length);
  }
  const ifExists = /IfExists$/i.test(rest) && rest.toLowerCase() !== 'ifexists';
  if (ifExists) {
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = Object.keys(operators)
    .concat('Null')
    .find(name => name.toLowerCase() === rest.toLowerCase());
  if (!base || (base === 'Null' && (ifExists || set))) {
    throw new PolicyError(`Unsupported condition operator ${operator}`);
  }
  return { base, set, ifExists };
}

/** Evaluates one context key of one condition operator. */
export function evaluateCondition(
  condition: ParsedCondition,
  lookup: ContextLookup,
  variables: boolean,
): boolean {
  const requestValues = lookup(condition.key);
  if (condition.base === 'Null') {
    // "Null": "true" asks for an absent key, "false" for a present one.
    const absent = requestValues === undefined;
    return condition.values.some(value =>
      value.toLowerCase() === 'true' ? absent : !absent,
    );
  }
  const spec = operators[condition.base];
  if (requestValues === undefined) {
    if (condition.ifExists) {
      return true;
    }
    if (condition.set === 'ForAllValues') {
      return true;
    }
    if (condition.set === 'ForAnyValue') {
      return false;
    }
    return spec.negated;
  }
  const matchesAny = (requestValue: string) =>
    condition.values.some(policyValue =>
      spec.compare(requestValue, policyValue, variables, lookup),
    );
  const satisfies = (requestValue: string) =>
    spec.negated ? !matchesAny(requestValue) : matchesAny(requestValue);
  if (condition.set === 'ForAllValues') {
    return requestValues.every(satisfies);
  }
  if (condition.set === 'ForAnyValue') {
    return requestValues.some(satisfies);
  }
  const matched = requestValues.some(matchesAny);
  return spec.negated ? !matched : matched;
}
