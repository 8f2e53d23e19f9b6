import type { IncomingHttpHeaders } from 'node:http';

/** One HTTP request, body already read. */
export type SandboxRequest = {
  method: string;
  /** The path without the query string, e.g. `/detector/abc`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
};

/** What a dispatcher answers. */
export type SandboxResponse = {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
};

/**
 * What a dispatcher returns to leave a request unanswered (the `hang` fault): the
 * server writes nothing and keeps the socket open until the client closes it or
 * the server stops, which destroys it.
 */
export const NO_RESPONSE: unique symbol = Symbol('sandbox: no response');

/**
 * One family of endpoints on the shared server. AWS is one; the GitHub side will be
 * another (matching requests under `/github/` or its own Host header), registered
 * before AWS so that AWS stays the fallback for anything unrecognised.
 */
export interface Dispatcher {
  readonly name: string;
  matches(request: SandboxRequest): boolean;
  handle(
    request: SandboxRequest,
  ): Promise<SandboxResponse | typeof NO_RESPONSE>;
}

export function jsonResponse(status: number, body: unknown): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}
