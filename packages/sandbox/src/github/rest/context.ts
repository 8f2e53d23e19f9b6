import type { z } from 'zod';
import type { SandboxRequest } from '../../server/types';
import { GithubApiError, notFound } from '../errors';
import type { GithubHost } from '../GithubHost';
import type { HostedRepository } from '../model/HostedRepository';
import type { PullRequest } from '../model/types';
import type { Urls } from './shapes';

/** What one REST handler answers; the body becomes JSON. */
export type RestReply = {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
};

/** One authenticated REST request with its path parameters. */
export class RestContext {
  readonly host: GithubHost;
  readonly urls: Urls;
  readonly request: SandboxRequest;
  /** Who the token belongs to. */
  readonly login: string;
  readonly params: string[];

  constructor(options: {
    host: GithubHost;
    urls: Urls;
    request: SandboxRequest;
    login: string;
    params: string[];
  }) {
    this.host = options.host;
    this.urls = options.urls;
    this.request = options.request;
    this.login = options.login;
    this.params = options.params;
  }

  /** The repository named by the first two path parameters, or GitHub's 404. */
  repo(): HostedRepository {
    const repo = this.host.repo(this.params[0], this.params[1]);
    if (!repo) throw notFound();
    return repo;
  }

  /** The pull request numbered by the third path parameter, or GitHub's 404. */
  pull(repo: HostedRepository): PullRequest {
    const number = Number(this.params[2]);
    const pr = Number.isInteger(number) ? repo.pull(number) : undefined;
    if (!pr) throw notFound();
    return pr;
  }

  /**
   * The JSON body checked against `schema`; GitHub's 400 for unparsable JSON and
   * 422 `Invalid request.` naming each field that is missing or of the wrong type.
   */
  input<T extends z.ZodType>(schema: T): z.output<T> {
    let body: unknown = {};
    const text = this.request.body.toString('utf8');
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw new GithubApiError(400, 'Problems parsing JSON');
      }
    }
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const lines = parsed.error.issues.map(issue => {
      const field = issue.path.join('/');
      if (issue.code === 'invalid_type' && issue.input === undefined) {
        return `"${field}" wasn't supplied.`;
      }
      return `For 'properties/${field}', ${JSON.stringify(
        issue.input,
      )} is not valid: ${issue.message}.`;
    });
    throw new GithubApiError(422, `Invalid request.\n\n${lines.join('\n')}`);
  }

  query(name: string): string | undefined {
    return this.request.query.get(name) ?? undefined;
  }
}

const MAX_PER_PAGE = 100;

/**
 * One page of a list as GitHub pages it: `per_page` (default 30, at most 100)
 * and `page` (from 1), with a Link header naming the first, previous, next and
 * last pages.
 */
export function paginate<T>(
  ctx: RestContext,
  items: readonly T[],
): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(
    MAX_PER_PAGE,
    Math.max(1, parseInt(ctx.query('per_page') ?? '30', 10) || 30),
  );
  const page = Math.max(1, parseInt(ctx.query('page') ?? '1', 10) || 1);
  const start = (page - 1) * perPage;
  return {
    items: items.slice(start, start + perPage),
    headers: linkHeader(ctx, page, Math.ceil(items.length / perPage)),
  };
}

/** The Link header for page `page` of `last` pages. */
export function linkHeader(
  ctx: RestContext,
  page: number,
  last: number,
): Record<string, string> {
  const link = (n: number, rel: string) => {
    const query = new URLSearchParams(ctx.request.query);
    query.set('page', String(n));
    const origin = ctx.urls.api.replace(/\/github\/api\/v3$/, '');
    return `<${origin}${ctx.request.path}?${query}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'));
  if (last > 1 && page < last) links.push(link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return links.length > 0 ? { link: links.join(', ') } : {};
}
