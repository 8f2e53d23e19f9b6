/** Minimal XML writing for the Query, EC2 and REST-XML protocols. */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};

/** Escapes element text (never used for attribute values), as AWS does: quotes stay as they are. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, c => ESCAPES[c]);
}

/** `<name>text</name>`, or nothing when the value is undefined. */
export function el(
  name: string,
  value: string | number | boolean | undefined,
): string {
  if (value === undefined) return '';
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<name>…children…</name>` where children are already XML. */
export function node(name: string, ...children: string[]): string {
  return `<${name}>${children.join('')}</${name}>`;
}

/** A wrapped list: `<name><item>…</item><item>…</item></name>`. */
export function list<T>(
  name: string,
  memberName: string,
  items: readonly T[],
  render: (item: T) => string,
): string {
  let out = `<${name}>`;
  for (const item of items) {
    out += `<${memberName}>${render(item)}</${memberName}>`;
  }
  return `${out}</${name}>`;
}

/** EC2's `tagSet` from a plain map. */
export function tagSet(tags: Record<string, string>): string {
  return list(
    'tagSet',
    'item',
    Object.entries(tags),
    ([k, v]) => el('key', k) + el('value', v),
  );
}
