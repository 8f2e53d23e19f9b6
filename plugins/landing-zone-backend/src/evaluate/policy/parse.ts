/*
 * Policy documents as Organizations returns them (JSON text) into a shape the
 * evaluator can walk. Anything malformed, or any element we cannot judge,
 * throws a PolicyError: a verdict built on a half-understood policy would be
 * worse than an "unknown".
 */

import { parseOperator } from './conditions';
import {
  type Effect,
  type ParsedCondition,
  type ParsedPolicy,
  type ParsedStatement,
  PolicyError,
} from './types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, element: string, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every(item => typeof item === 'string')) {
    throw new PolicyError(
      `${where}: ${element} must be a string or a list of strings`,
    );
  }
  return list as string[];
}

// Condition values may be written as strings, numbers or booleans.
function conditionValues(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (
    !list.every(item => ['string', 'number', 'boolean'].includes(typeof item))
  ) {
    throw new PolicyError(
      `${where}: condition values must be strings, numbers or booleans`,
    );
  }
  return list.map(String);
}

function parseConditions(value: unknown, where: string): ParsedCondition[] {
  if (value === undefined) {
    return [];
  }
  if (!isRecord(value)) {
    throw new PolicyError(`${where}: Condition must be an object`);
  }
  const conditions: ParsedCondition[] = [];
  for (const [operator, keys] of Object.entries(value)) {
    if (!isRecord(keys)) {
      throw new PolicyError(
        `${where}: ${operator} must map condition keys to values`,
      );
    }
    const { base, set, ifExists } = parseOperator(operator);
    for (const [key, values] of Object.entries(keys)) {
      conditions.push({
        operator,
        base,
        set,
        ifExists,
        key,
        values: conditionValues(values, `${where} ${operator} ${key}`),
      });
    }
  }
  return conditions;
}

function parseStatement(value: unknown, index: number): ParsedStatement {
  const where = `Statement ${index}`;
  if (!isRecord(value)) {
    throw new PolicyError(`${where} must be an object`);
  }
  const effect = value.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    throw new PolicyError(`${where}: Effect must be Allow or Deny`);
  }
  if ((value.Action === undefined) === (value.NotAction === undefined)) {
    throw new PolicyError(
      `${where} must have exactly one of Action and NotAction`,
    );
  }
  if (value.Resource !== undefined && value.NotResource !== undefined) {
    throw new PolicyError(`${where} cannot have both Resource and NotResource`);
  }
  const sid = value.Sid;
  return {
    index,
    sid: typeof sid === 'string' && sid !== '' ? sid : undefined,
    effect: effect as Effect,
    actions:
      value.Action === undefined
        ? undefined
        : stringList(value.Action, 'Action', where),
    notActions:
      value.NotAction === undefined
        ? undefined
        : stringList(value.NotAction, 'NotAction', where),
    // SCPs may leave Resource out; AWS then applies the statement to all.
    resources:
      value.Resource === undefined
        ? undefined
        : stringList(value.Resource, 'Resource', where),
    notResources:
      value.NotResource === undefined
        ? undefined
        : stringList(value.NotResource, 'NotResource', where),
    conditions: parseConditions(value.Condition, where),
  };
}

/** Parses a policy document, as JSON text or as an already parsed object. */
export function parsePolicy(document: unknown): ParsedPolicy {
  let json: unknown = document;
  if (typeof document === 'string') {
    try {
      json = JSON.parse(document);
    } catch (error) {
      throw new PolicyError(
        `Policy is not valid JSON: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }
  if (!isRecord(json)) {
    throw new PolicyError('Policy must be a JSON object');
  }
  const statement = json.Statement;
  if (statement === undefined) {
    throw new PolicyError('Policy has no Statement');
  }
  const statements = Array.isArray(statement) ? statement : [statement];
  return {
    statements: statements.map(parseStatement),
    variables: json.Version === '2012-10-17',
  };
}

// Organizations returns the same few documents for every account: parse once.
const parsedCache = new Map<string, ParsedPolicy | PolicyError>();

/** parsePolicy for JSON text, remembering results (and errors) by content. */
export function parsePolicyCached(content: string): ParsedPolicy {
  let parsed = parsedCache.get(content);
  if (!parsed) {
    try {
      parsed = parsePolicy(content);
    } catch (error) {
      if (!(error instanceof PolicyError)) {
        throw error;
      }
      parsed = error;
    }
    if (parsedCache.size > 1_000) {
      parsedCache.clear();
    }
    parsedCache.set(content, parsed);
  }
  if (parsed instanceof PolicyError) {
    throw parsed;
  }
  return parsed;
}
