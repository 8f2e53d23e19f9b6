/**
 * Where a JSON text first goes wrong: the offset of the first character a
 * JSON parser cannot accept (the text's length when it ends too early), and
 * what was expected there. Undefined for valid JSON. JSON.parse's own
 * messages do not always give a position, and a person fixing a pasted
 * policy needs one.
 */
export function jsonErrorAt(
  text: string,
): { offset: number; expected: string } | undefined {
  let i = 0;
  const fail = (expected: string): never => {
    throw Object.assign(new Error(expected), { offset: i, expected });
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(`"${word}"`);
      i++;
    }
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) fail('a closing quote');
      const ch = text[i];
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) {
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail('a hex digit');
          }
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('an escape character');
        i++;
        continue;
      }
      if (ch < ' ') fail('no control character in a string');
      i++;
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '' || match[0] === '-') fail('a value');
    i += match![0].length;
  };
  /** The members of an object or the items of an array, up to `close`. */
  const sequence = (close: '}' | ']', item: () => void) => {
    i++; // the opening bracket
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      fail(`"," or "${close}"`);
    }
  };
  const member = () => {
    space();
    if (text[i] !== '"') fail('a property name in double quotes');
    string();
    space();
    if (text[i] !== ':') fail('":"');
    i++;
    value();
  };
  const literals: Record<string, string> = { t: 'true', f: 'false', n: 'null' };
  function value(): void {
    space();
    const ch = text[i];
    if (ch === '{') sequence('}', member);
    else if (ch === '[') sequence(']', value);
    else if (ch === '"') string();
    else if (ch in literals) literal(literals[ch]);
    else number();
  }
  try {
    value();
    space();
    if (i < text.length) fail('the end of the document');
    return undefined;
  } catch (error) {
    const { offset, expected } = error as { offset: number; expected: string };
    return { offset: Math.min(offset, text.length), expected };
  }
}
