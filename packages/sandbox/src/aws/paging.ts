import { hashHex } from '../org/ids';
import { AwsError } from './errors';

/** How one operation pages, and which error it answers for bad paging input. */
export type PageRules = {
  /** Page size when the caller gives none. */
  defaultSize: number;
  /** Allowed range of the caller's page size. */
  min: number;
  max: number;
  invalidToken: () => AwsError;
  invalidSize: (message: string) => AwsError;
};

/**
 * Cuts one page out of `items`. The token is opaque to callers but stateless here:
 * the offset plus a checksum bound to `scope` (operation, caller, region, filters),
 * so a token from one listing is refused by another, as AWS does.
 */
export function page<T>(
  items: readonly T[],
  scope: string,
  token: string | undefined,
  size: number | undefined,
  rules: PageRules,
): { items: T[]; nextToken?: string } {
  if (
    size !== undefined &&
    (!Number.isInteger(size) || size < rules.min || size > rules.max)
  ) {
    throw rules.invalidSize(
      `The value ${size} for the page size is outside the allowed range ${rules.min}..${rules.max}.`,
    );
  }
  const offset = token === undefined || token === '' ? 0 : decode(token, scope);
  if (offset === undefined || offset > items.length) {
    throw rules.invalidToken();
  }
  const end = Math.min(items.length, offset + (size ?? rules.defaultSize));
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? encode(end, scope) : undefined,
  };
}

function encode(offset: number, scope: string): string {
  return Buffer.from(`${offset}:${hashHex(`${scope}|${offset}`, 12)}`).toString(
    'base64url',
  );
}

function decode(token: string, scope: string): number | undefined {
  const [offset, check] = Buffer.from(token, 'base64url')
    .toString('utf8')
    .split(':');
  const n = Number(offset);
  if (!Number.isInteger(n) || n < 0 || check !== hashHex(`${scope}|${n}`, 12)) {
    return undefined;
  }
  return n;
}
