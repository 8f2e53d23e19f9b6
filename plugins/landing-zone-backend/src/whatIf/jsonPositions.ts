/*
 * Where each member of a (valid) JSON document starts: what lets a policy's
 * problem found after parsing (an unknown condition operator, a statement
 * without an Effect) be shown at its line and column.
 */

/** A member or array item, by its path from the top, and the offset of its key (or of the item). */
export type JsonLocation = { path: (string | number)[]; offset: number };

/** Every member and array item of `text`, in document order; [] when it is not JSON. */
export function jsonLocations(text: string): JsonLocation[] {
  const found: JsonLocation[] = [];
  let i = 0;
  const space = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const string = (): string => {
    const start = i;
    i++; // the opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (path: (string | number)[]): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        const offset = i;
        const key = string();
        found.push({ path: [...path, key], offset });
        space();
        i++; // ':'
        value([...path, key]);
        space();
        if (text[i++] === '}') return;
      }
    } else if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        space();
        found.push({ path: [...path, index], offset: i });
        value([...path, index]);
        space();
        if (text[i++] === ']') return;
      }
    } else if (c === '"') {
      string();
    } else {
      while (i < text.length && /[^\s,\]}]/.test(text[i])) i++;
    }
  };
  try {
    JSON.parse(text);
    value([]);
  } catch {
    return [];
  }
  return found;
}

/**
 * The offset a policy problem message points at: the condition operator, the
 * element or the statement it names; undefined when it names none of them.
 */
export function problemOffset(
  text: string,
  message: string,
): number | undefined {
  const locations = jsonLocations(text);
  const operator = /^Unsupported condition operator (.+)$/.exec(message);
  if (operator) {
    return locations.find(
      l => l.path.at(-2) === 'Condition' && l.path.at(-1) === operator[1],
    )?.offset;
  }
  const statement = /^Statement (\d+)\b(.*)$/.exec(message);
  if (!statement) return undefined;
  const index = Number(statement[1]);
  const rest = statement[2];
  // A single statement may be written as an object rather than a list.
  const inStatement = locations.filter(
    l =>
      l.path[0] === 'Statement' &&
      (l.path[1] === index || (index === 0 && typeof l.path[1] === 'string')),
  );
  // The most specific member the message names (a condition key, an
  // operator, an element), else the statement itself.
  const words = new Set(rest.split(/[\s:]+/));
  const named = [...inStatement]
    .sort((a, b) => b.path.length - a.path.length)
    .find(
      l =>
        typeof l.path.at(-1) === 'string' && words.has(l.path.at(-1) as string),
    );
  const own =
    locations.find(
      l =>
        l.path.length === 2 && l.path[0] === 'Statement' && l.path[1] === index,
    ) ?? locations.find(l => l.path.length === 1 && l.path[0] === 'Statement');
  return (named ?? own)?.offset;
}
