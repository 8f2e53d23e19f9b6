/*
 * Matching policy text against request values: wildcards (`*`, `?`), policy
 * variables (`${aws:PrincipalAccount}`) and ARNs compared component by
 * component.
 */

import type { ContextValue } from './types';

/**
 * Looks up request context keys. Condition key names are not case-sensitive
 * in AWS (the documented region SCP writes `aws:PrincipalARN`), so neither
 * is the lookup. Values come back as strings; an absent key, or one whose
 * value is an empty list, comes back undefined.
 */
export type ContextLookup = (key: string) => string[] | undefined;

export function createContextLookup(
  context: Record<string, ContextValue>,
): ContextLookup {
  const byKey = new Map<string, string[]>();
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) {
      continue;
    }
    const values = (Array.isArray(value) ? value : [value]).map(String);
    if (values.length > 0) {
      byKey.set(key.toLowerCase(), values);
    }
  }
  return key => byKey.get(key.toLowerCase());
}

type Token =
  | { kind: 'literal'; text: string }
  | { kind: 'any' }
  | { kind: 'one' };

// `${*}`, `${?}` and `${$}` stand for the characters themselves, never wildcards.
const escapedCharacters: Record<string, string> = {
  '*': '*',
  '?': '?',
  $: '$',
};

/**
 * Resolves one `${…}` body: a key, optionally with a default value
 * (`aws:PrincipalTag/team, 'none'`). Multivalued keys cannot be variables.
 */
function resolveVariable(
  body: string,
  lookup: ContextLookup,
): string | undefined {
  const trimmed = body.trim();
  if (trimmed in escapedCharacters) {
    return escapedCharacters[trimmed];
  }
  const withDefault = /^([^,]+),\s*'([^']*)'$/.exec(trimmed);
  const key = withDefault ? withDefault[1].trim() : trimmed;
  const values = lookup(key);
  if (values && values.length === 1) {
    return values[0];
  }
  return withDefault ? withDefault[2] : undefined;
}

/**
 * Splits policy text into literal text and wildcards, replacing policy
 * variables by their (literal) values. Returns undefined when a variable
 * names a key absent from the request: AWS then treats the value as not
 * matching anything.
 */
function tokenize(
  pattern: string,
  options: { wildcards: boolean; variables: boolean },
  lookup: ContextLookup,
): Token[] | undefined {
  const tokens: Token[] = [];
  const pushLiteral = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') {
      last.text += text;
    } else {
      tokens.push({ kind: 'literal', text });
    }
  };
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i];
    if (options.variables && char === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i + 2);
      if (end !== -1) {
        const value = resolveVariable(pattern.slice(i + 2, end), lookup);
        if (value === undefined) {
          return undefined;
        }
        pushLiteral(value);
        i = end + 1;
        continue;
      }
    }
    if (options.wildcards && char === '*') {
      tokens.push({ kind: 'any' });
    } else if (options.wildcards && char === '?') {
      tokens.push({ kind: 'one' });
    } else {
      pushLiteral(char);
    }
    i++;
  }
  return tokens;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function tokensToRegExp(tokens: Token[], ignoreCase: boolean): RegExp {
  const source = tokens
    .map(token => {
      if (token.kind === 'any') return '.*';
      if (token.kind === 'one') return '.';
      return escapeRegExp(token.text);
    })
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
}

// Patterns without variables recur across accounts; compile them once.
const regExpCache = new Map<string, RegExp>();
const noVariables: ContextLookup = () => undefined;

/**
 * Whether `value` matches `pattern`, where `*` matches any run of characters
 * and `?` any one character.
 */
export function matchesWildcard(
  pattern: string,
  value: string,
  options: {
    ignoreCase?: boolean;
    variables?: boolean;
    lookup?: ContextLookup;
  },
): boolean {
  const ignoreCase = options.ignoreCase ?? false;
  const variables = (options.variables ?? false) && pattern.includes('${');
  if (!variables) {
    const cacheKey = `${ignoreCase ? 'i' : 's'}${pattern}`;
    let regExp = regExpCache.get(cacheKey);
    if (!regExp) {
      const tokens = tokenize(
        pattern,
        { wildcards: true, variables: false },
        noVariables,
      );
      regExp = tokensToRegExp(tokens!, ignoreCase);
      if (regExpCache.size > 10_000) {
        regExpCache.clear();
      }
      regExpCache.set(cacheKey, regExp);
    }
    return regExp.test(value);
  }
  const tokens = tokenize(
    pattern,
    { wildcards: true, variables: true },
    options.lookup ?? noVariables,
  );
  return !!tokens && tokensToRegExp(tokens, ignoreCase).test(value);
}

/**
 * Replaces policy variables in a value compared without wildcards
 * (`StringEquals`); undefined when a variable cannot be resolved.
 */
export function substituteVariables(
  text: string,
  variables: boolean,
  lookup: ContextLookup,
): string | undefined {
  if (!variables || !text.includes('${')) {
    return text;
  }
  const tokens = tokenize(text, { wildcards: false, variables: true }, lookup);
  return tokens
    ?.map(token => (token.kind === 'literal' ? token.text : ''))
    .join('');
}

/** Splits an ARN into its six components; the last keeps any further colons. */
function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) {
    return undefined;
  }
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** Splits pattern tokens at the first five literal colons. */
function splitArnTokens(tokens: Token[]): Token[][] {
  const components: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind !== 'literal') {
      components[components.length - 1].push(token);
      continue;
    }
    const pieces = token.text.split(':');
    pieces.forEach((piece, index) => {
      if (index > 0) {
        if (components.length < 6) {
          components.push([]);
        } else {
          components[5].push({ kind: 'literal', text: ':' });
        }
      }
      if (piece !== '') {
        components[components.length - 1].push({
          kind: 'literal',
          text: piece,
        });
      }
    });
  }
  return components;
}

/**
 * ArnEquals / ArnLike: AWS checks each of the six colon-delimited components
 * separately, case-sensitively, each with its own wildcards, so a `*` never
 * spans a colon of the first five. A pattern or value that is not a
 * six-component ARN matches nothing, except that a bare `*` matches anything.
 */
export function matchesArn(
  pattern: string,
  value: string,
  variables: boolean,
  lookup: ContextLookup,
): boolean {
  const tokens = tokenize(pattern, { wildcards: true, variables }, lookup);
  if (!tokens) {
    return false;
  }
  if (tokens.length > 0 && tokens.every(token => token.kind === 'any')) {
    return true;
  }
  const patternParts = splitArnTokens(tokens);
  const valueParts = splitArn(value);
  if (patternParts.length !== 6 || !valueParts) {
    return false;
  }
  return patternParts.every((part, index) =>
    tokensToRegExp(part, false).test(valueParts[index]),
  );
}
