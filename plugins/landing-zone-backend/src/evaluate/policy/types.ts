/** A value of the request context: single-valued, multivalued, or absent. */
export type ContextValue = string | string[] | boolean | number | undefined;

/**
 * One request to judge: an action on a resource, with its context keys
 * (`aws:RequestedRegion`, `aws:PrincipalArn`, `aws:PrincipalAccount`, …).
 */
export type PolicyRequest = {
  /** `service:Action`, e.g. `cloudtrail:StopLogging`. */
  action: string;
  /**
   * The resource ARN. Defaults to `*`, meaning "unspecified": it is matched
   * literally, so only statements whose Resource covers the string `*` (in
   * practice `"Resource": "*"`) apply to it.
   */
  resource?: string;
  context: Record<string, ContextValue>;
};

export type Effect = 'Allow' | 'Deny';

/** Set qualifiers for multivalued context keys. */
export type SetQualifier = 'ForAnyValue' | 'ForAllValues';

/** One context key of one condition operator, with the policy's values. */
export type ParsedCondition = {
  /** As written, e.g. `ForAllValues:StringNotLikeIfExists`. */
  operator: string;
  /** Without qualifier and suffix, e.g. `StringNotLike`. */
  base: string;
  set?: SetQualifier;
  ifExists: boolean;
  key: string;
  values: string[];
};

export type ParsedStatement = {
  /** Position in the policy's Statement list, from 0. */
  index: number;
  sid?: string;
  effect: Effect;
  /** Exactly one of actions and notActions is set. */
  actions?: string[];
  notActions?: string[];
  /** At most one of resources and notResources is set; neither means `*`. */
  resources?: string[];
  notResources?: string[];
  conditions: ParsedCondition[];
};

export type ParsedPolicy = {
  statements: ParsedStatement[];
  /**
   * Policy variables (`${aws:username}`) are only replaced in policies of
   * version 2012-10-17; older versions treat them as literal text.
   */
  variables: boolean;
};

/** A policy document that cannot be parsed or uses what we cannot judge. */
export class PolicyError extends Error {
  name = 'PolicyError';
}
