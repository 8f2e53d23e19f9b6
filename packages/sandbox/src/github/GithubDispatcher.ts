import {
  jsonResponse,
  type Dispatcher,
  type SandboxRequest,
  type SandboxResponse,
} from '../server/types';
import { GithubApiError } from './errors';
import { serveGitHttp } from './git/smartHttp';
import type { GithubHost } from './GithubHost';
import { executeGraphql } from './graphql';
import { RestContext, type RestReply } from './rest/context';
import { gitDataRoutes } from './rest/gitData';
import { pullRoutes } from './rest/pulls';
import { repoRoutes } from './rest/repos';
import type { Route } from './rest/route';
import { Urls } from './rest/shapes';
import type { WebPages } from './web';

export const GITHUB_PREFIX = '/github/';
export const GITHUB_ADMIN_PREFIX = '/_sandbox/github/';
const API_PREFIX = '/github/api/v3';
const GRAPHQL_PATH = '/github/api/graphql';
const GIT_ROUTE = /^\/github\/git\/([^/]+)\/([^/]+?)\.git(\/.*)$/;

const ROUTES: Route[] = [...repoRoutes, ...gitDataRoutes, ...pullRoutes];

// Headers GitHub sends with every API answer; octokit-plugin-create-pull-request
// reads x-oauth-scopes to tell a user's token from an app's.
const API_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'x-github-media-type': 'github.v3; format=json',
  'x-github-api-version-selected': '2022-11-28',
  'x-oauth-scopes': 'repo, workflow',
  'x-accepted-oauth-scopes': 'repo',
  'x-ratelimit-limit': '5000',
  'x-ratelimit-remaining': '4999',
  'x-ratelimit-used': '1',
  'x-ratelimit-resource': 'core',
};

function apiResponse(reply: RestReply): SandboxResponse {
  let body: string | Buffer = '';
  if (Buffer.isBuffer(reply.body)) body = reply.body;
  else if (reply.body !== undefined) body = JSON.stringify(reply.body);
  return {
    status: reply.status,
    headers: {
      ...API_HEADERS,
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      ...reply.headers,
    },
    body,
  };
}

function header(request: SandboxRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The token of `Authorization: token X`, `Bearer X` or Basic with the token as password. */
function tokenOf(request: SandboxRequest): string | undefined {
  const authorization = header(request, 'authorization');
  if (!authorization) return undefined;
  const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
  switch (scheme.toLowerCase()) {
    case 'token':
    case 'bearer':
      return value;
    case 'basic': {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      return decoded.slice(decoded.indexOf(':') + 1);
    }
    default:
      return '';
  }
}

/**
 * The GitHub side of the sandbox, on the same port as AWS: the REST API v3 under
 * `/github/api/v3` (a GitHub Enterprise `apiBaseUrl`), GraphQL at
 * `/github/api/graphql`, git's smart HTTP under `/github/git/<owner>/<repo>.git`,
 * web pages under `/github/<owner>/<repo>`, and its admin endpoints under
 * `/_sandbox/github/`.
 */
export class GithubDispatcher implements Dispatcher {
  readonly name = 'github';
  readonly #host: GithubHost;
  readonly #origin: () => string;
  readonly #web: WebPages;

  static create(options: {
    host: GithubHost;
    origin: () => string;
    web: WebPages;
  }): GithubDispatcher {
    return new GithubDispatcher(options);
  }

  private constructor(options: {
    host: GithubHost;
    origin: () => string;
    web: WebPages;
  }) {
    this.#host = options.host;
    this.#origin = options.origin;
    this.#web = options.web;
  }

  matches(request: SandboxRequest): boolean {
    return (
      request.path.startsWith(GITHUB_PREFIX) ||
      request.path.startsWith(GITHUB_ADMIN_PREFIX)
    );
  }

  async handle(request: SandboxRequest): Promise<SandboxResponse> {
    const urls = new Urls(this.#origin());
    if (request.path.startsWith(GITHUB_ADMIN_PREFIX)) {
      return this.#admin(request, urls);
    }
    const git = GIT_ROUTE.exec(request.path);
    if (git) return this.#git(request, git);
    if (
      request.path === GRAPHQL_PATH ||
      request.path.startsWith(`${API_PREFIX}/`) ||
      request.path === API_PREFIX
    ) {
      const login = this.#authenticate(request);
      if (typeof login !== 'string') return apiResponse(login);
      try {
        if (request.path === GRAPHQL_PATH) {
          if (request.method !== 'POST')
            throw new GithubApiError(404, 'Not Found');
          let body: unknown;
          try {
            body = JSON.parse(request.body.toString('utf8'));
          } catch {
            throw new GithubApiError(400, 'Problems parsing JSON');
          }
          return apiResponse(
            await executeGraphql(body, { host: this.#host, urls, login }),
          );
        }
        return apiResponse(await this.#rest(request, urls, login));
      } catch (e) {
        if (e instanceof GithubApiError) {
          return apiResponse({ status: e.status, body: e.body });
        }
        throw e;
      }
    }
    return this.#web.handle(request, request.path.slice(GITHUB_PREFIX.length));
  }

  /** The caller's login, or GitHub's 401. */
  #authenticate(request: SandboxRequest): string | RestReply {
    const token = tokenOf(request);
    if (token === undefined) {
      return {
        status: 401,
        body: new GithubApiError(401, 'Requires authentication').body,
      };
    }
    const login = this.#host.authenticate(token);
    if (!login) {
      return {
        status: 401,
        body: new GithubApiError(401, 'Bad credentials').body,
      };
    }
    return login;
  }

  async #rest(
    request: SandboxRequest,
    urls: Urls,
    login: string,
  ): Promise<RestReply> {
    const path = request.path.slice(API_PREFIX.length) || '/';
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    if (path === '/') {
      return {
        status: 200,
        body: {
          current_user_url: `${urls.api}/user`,
          repository_url: `${urls.api}/repos/{owner}/{repo}`,
        },
      };
    }
    for (const route of ROUTES) {
      const match = route.method === method && route.pattern.exec(path);
      if (!match) continue;
      const params = match.slice(1).map(p => decodeURIComponent(p ?? ''));
      return route.handler(
        new RestContext({ host: this.#host, urls, request, login, params }),
      );
    }
    // GitHub answers 404 for unknown paths and for known paths with another method.
    throw new GithubApiError(404, 'Not Found');
  }

  async #git(
    request: SandboxRequest,
    match: RegExpExecArray,
  ): Promise<SandboxResponse> {
    const repo = this.#host.repo(
      decodeURIComponent(match[1]),
      decodeURIComponent(match[2]),
    );
    if (!repo) {
      return {
        status: 404,
        headers: { 'content-type': 'text/plain' },
        body: 'Repository not found.\n',
      };
    }
    const pushing =
      request.query.get('service') === 'git-receive-pack' ||
      match[3] === '/git-receive-pack';
    let remoteUser: string | undefined;
    if (pushing) {
      const token = tokenOf(request);
      remoteUser = token ? this.#host.authenticate(token) : undefined;
      if (!remoteUser) {
        return {
          status: 401,
          headers: {
            'content-type': 'text/plain',
            'www-authenticate': 'Basic realm="GitHub"',
          },
          body: 'Pushing needs the sandbox token as the password.\n',
        };
      }
    }
    const response = await serveGitHttp({
      projectRoot: this.#host.root,
      pathInfo: `/${repo.owner}/${repo.name}.git${match[3]}`,
      request,
      remoteUser,
    });
    if (pushing && request.method === 'POST') {
      await this.#host.refsChanged(repo);
    }
    return response;
  }

  async #admin(request: SandboxRequest, urls: Urls): Promise<SandboxResponse> {
    const route = `${request.method} ${request.path.replace(/\/$/, '')}`;
    switch (route) {
      case 'GET /_sandbox/github/repos':
        return jsonResponse(200, await this.#describe(urls));
      case 'POST /_sandbox/github/reset':
        await this.#host.reset();
        return jsonResponse(200, await this.#describe(urls));
      default:
        return jsonResponse(404, {
          message: `No sandbox endpoint ${route}. Known: GET github/repos, POST github/reset (under /_sandbox/).`,
        });
    }
  }

  async #describe(urls: Urls) {
    const repos = await Promise.all(
      this.#host.repositories.map(async repo => {
        const refs = await repo.git.refs();
        return {
          fullName: repo.fullName,
          defaultBranch: repo.defaultBranch,
          htmlUrl: urls.repoHtml(repo),
          cloneUrl: urls.cloneUrl(repo),
          branches: Object.fromEntries(
            [...refs]
              .filter(([name]) => name.startsWith('refs/heads/'))
              .map(([name, sha]) => [name.slice('refs/heads/'.length), sha]),
          ),
          pulls: await Promise.all(
            repo.pulls.map(async pr => {
              const tips = await repo.tipsOf(pr, refs);
              return {
                number: pr.number,
                title: pr.title,
                state: pr.state,
                merged: pr.mergedAt !== null,
                head: pr.head,
                base: pr.base,
                headSha: tips.headSha,
                mergeCommitSha: pr.mergeCommitSha,
                htmlUrl: urls.pullHtml(repo, pr.number),
                checks: repo.combinedStatus(tips.headSha).state,
                mergeChecks: pr.mergeCommitSha
                  ? repo.combinedStatus(pr.mergeCommitSha).state
                  : null,
              };
            }),
          ),
          factoryRuns: repo.factoryRuns,
        };
      }),
    );
    return {
      apiBaseUrl: urls.api,
      graphqlUrl: urls.api.replace(/\/v3$/, '/graphql'),
      login: this.#host.login,
      root: this.#host.root,
      repos,
      automationErrors: this.#host.automationErrors,
    };
  }
}
