import { hashHex } from '../org/ids';
import { AwsError } from './errors';

/**
 * The page size of every paged operation when the caller sends no MaxResults
 * (MaxItems, maxResults). Deliberately small, unlike AWS (EC2 returns everything,
 * IAM 100): against the small demo organisation a client that forgets to follow
 * NextToken would otherwise never notice. Configurable as `faults.pageSize`.
 */
export const DEFAULT_PAGE_SIZE = 5;

/** How one operation pages, and which error it answers for bad paging input. */
export type PageRules = {
  /** Allowed range of the caller's page size, as the API documents it. */
  min: number;
  max: number;
  invalidToken: () => AwsError;
  invalidSize: (message: string) => AwsError;
};

/** One paging request: where it is, what the caller asked for, and the default. */
export type PageRequest = {
  /** Binds tokens to one listing: operation, caller, region, filters. */
  scope: string;
  token: string | undefined;
  /** The caller's MaxResults; undefined when not sent. */
  size: number | undefined;
  /** The sandbox's page size for callers that send none (capped at `rules.max`). */
  defaultSize: number;
};

/**
 * Cuts one page out of `items`. The token is opaque to callers but stateless here:
 * the offset plus a checksum bound to the request's scope, so a token from one
 * listing is refused by another, as AWS does.
 */
export function page<T>(
  items: readonly T[],
  request: PageRequest,
  rules: PageRules,
): { items: T[]; nextToken?: string } {
  const { scope, token, size } = request;
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
  const end = Math.min(
    items.length,
    offset + (size ?? Math.min(request.defaultSize, rules.max)),
  );
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
