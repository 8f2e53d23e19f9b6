import type { RestContext, RestReply } from './context';

/** One REST endpoint: a method, a path pattern below `/github/api/v3`, a handler. */
export type Route = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Anchored; capture groups become `ctx.params`, URI-decoded. */
  pattern: RegExp;
  handler: (ctx: RestContext) => Promise<RestReply>;
};

const SEGMENT = '([^/]+)';

/**
 * `route('GET', '/repos/:owner/:repo/pulls/:number', h)`; a trailing `:path*`
 * captures the rest of the path, slashes included (octokit sends `a%2Fb` or `a/b`).
 */
export function route(
  method: Route['method'],
  template: string,
  handler: Route['handler'],
): Route {
  const source = template
    .split('/')
    .map(part => {
      if (part.endsWith('*')) return '(.+)';
      if (part.endsWith('?')) return '?(.*)';
      return part.startsWith(':') ? SEGMENT : part.replace(/[.]/g, '\\.');
    })
    .join('/');
  return { method, pattern: new RegExp(`^${source}/?$`), handler };
}
