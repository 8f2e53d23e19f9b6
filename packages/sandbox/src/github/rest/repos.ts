import { z } from 'zod';
import { GithubApiError, notFound, validationFailed } from '../errors';
import type { HostedRepository } from '../model/HostedRepository';
import { linkHeader, paginate, type RestContext } from './context';
import { route, type Route } from './route';
import {
  base64Lines,
  combinedStatusShape,
  repoCommitShape,
  repoShape,
  statusShape,
  userShape,
} from './shapes';

/*
 * Users, repositories, branches, contents, commits and commit statuses.
 */

/**
 * A branch, tag or (abbreviated) sha as a commit sha; GitHub's 422 `No commit
 * found for SHA` when it names none.
 */
export async function commitOf(
  repo: HostedRepository,
  ref: string,
): Promise<string> {
  const refs = await repo.git.refs();
  const sha =
    refs.get(`refs/heads/${ref}`) ??
    refs.get(`refs/tags/${ref}`) ??
    refs.get(`refs/${ref}`) ??
    (/^[0-9a-f]{4,40}$/.test(ref)
      ? await repo.git.resolve(`${ref}^{commit}`)
      : undefined);
  if (!sha) {
    throw new GithubApiError(422, `No commit found for SHA: ${ref}`);
  }
  return sha;
}

const statusInput = z.object({
  state: z.enum(['error', 'failure', 'pending', 'success']),
  target_url: z.string().nullish(),
  description: z.string().max(140).nullish(),
  context: z.string().min(1).optional(),
});

export const repoRoutes: Route[] = [
  route('GET', '/user', async ctx => ({
    status: 200,
    body: {
      ...userShape(ctx.host, ctx.urls, ctx.login),
      name: ctx.login,
      email: null,
    },
  })),

  route('GET', '/users/:user', async ctx => ({
    status: 200,
    body: userShape(ctx.host, ctx.urls, ctx.params[0]),
  })),

  route('GET', '/rate_limit', async () => {
    const limit = {
      limit: 5000,
      used: 0,
      remaining: 5000,
      reset: Math.floor(Date.now() / 1000) + 3600,
    };
    return {
      status: 200,
      body: { resources: { core: limit, graphql: limit }, rate: limit },
    };
  }),

  route('GET', '/orgs/:org/repos', async ctx => {
    const repos = ctx.host.repositories.filter(
      r => r.owner.toLowerCase() === ctx.params[0].toLowerCase(),
    );
    if (repos.length === 0) throw notFound();
    const page = paginate(ctx, repos);
    return {
      status: 200,
      body: page.items.map(r => repoShape(ctx.host, ctx.urls, r)),
      headers: page.headers,
    };
  }),

  route('GET', '/repos/:owner/:repo', async ctx => ({
    status: 200,
    body: repoShape(ctx.host, ctx.urls, ctx.repo()),
  })),

  route('GET', '/repos/:owner/:repo/branches', async ctx => {
    const repo = ctx.repo();
    const branches = [...(await repo.git.refs())]
      .filter(([name]) => name.startsWith('refs/heads/'))
      .map(([name, sha]) => ({
        name: name.slice('refs/heads/'.length),
        commit: { sha, url: `${ctx.urls.repoApi(repo)}/commits/${sha}` },
        protected: false,
      }));
    const page = paginate(ctx, branches);
    return { status: 200, body: page.items, headers: page.headers };
  }),

  route('GET', '/repos/:owner/:repo/branches/:branch*', async ctx => {
    const repo = ctx.repo();
    const branch = ctx.params[2];
    const sha = (await repo.git.refs()).get(`refs/heads/${branch}`);
    if (!sha) throw new GithubApiError(404, 'Branch not found');
    const commit = await repo.git.readCommit(sha);
    return {
      status: 200,
      body: {
        name: branch,
        commit: repoCommitShape(ctx.host, ctx.urls, repo, commit!),
        _links: {
          self: `${ctx.urls.repoApi(repo)}/branches/${branch}`,
          html: `${ctx.urls.repoHtml(repo)}/tree/${branch}`,
        },
        protected: false,
        protection: {
          enabled: false,
          required_status_checks: {
            enforcement_level: 'off',
            contexts: [],
            checks: [],
          },
        },
        protection_url: `${ctx.urls.repoApi(
          repo,
        )}/branches/${branch}/protection`,
      },
    };
  }),

  route('GET', '/repos/:owner/:repo/contents/:path?', async ctx => {
    const repo = ctx.repo();
    const filePath = ctx.params[2].replace(/\/$/, '');
    const ref = ctx.query('ref') ?? repo.defaultBranch;
    const sha = await commitOf(repo, ref);
    const entry = await repo.git.entryAt(sha, filePath);
    if (!entry) throw notFound();
    const api = ctx.urls.repoApi(repo);
    const html = ctx.urls.repoHtml(repo);
    const item = (e: {
      path: string;
      type: string;
      sha: string;
      size?: number;
      mode: string;
    }) => {
      const type = contentType(e);
      return {
        type,
        size: e.size ?? 0,
        name: e.path.split('/').pop() ?? '',
        path: e.path,
        sha: e.sha,
        url: `${api}/contents/${e.path}?ref=${ref}`,
        git_url: `${api}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`,
        html_url: `${html}/${e.type === 'tree' ? 'tree' : 'blob'}/${ref}/${
          e.path
        }`,
        download_url: type === 'file' ? `${html}/raw/${ref}/${e.path}` : null,
        _links: {
          self: `${api}/contents/${e.path}?ref=${ref}`,
          git: `${api}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`,
          html: `${html}/${e.type === 'tree' ? 'tree' : 'blob'}/${ref}/${
            e.path
          }`,
        },
      };
    };
    if (entry.type === 'tree') {
      const children = await repo.git.readTree(entry.sha);
      const prefix = filePath === '' ? '' : `${filePath}/`;
      return {
        status: 200,
        body: children.map(c => item({ ...c, path: `${prefix}${c.path}` })),
      };
    }
    const content = (await repo.git.readBlob(entry.sha)) ?? Buffer.alloc(0);
    if (/\.raw\b/.test(String(ctx.request.headers.accept ?? ''))) {
      return {
        status: 200,
        body: content,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      };
    }
    return {
      status: 200,
      body: {
        ...item(entry),
        encoding: 'base64',
        content: base64Lines(content),
      },
    };
  }),

  route('GET', '/repos/:owner/:repo/commits', async ctx => {
    const repo = ctx.repo();
    const from = await commitOf(repo, ctx.query('sha') ?? repo.defaultBranch);
    const filePath = ctx.query('path');
    const perPage = Math.min(
      100,
      Math.max(1, parseInt(ctx.query('per_page') ?? '30', 10) || 30),
    );
    const page = Math.max(1, parseInt(ctx.query('page') ?? '1', 10) || 1);
    const [commits, total] = await Promise.all([
      repo.git.log({
        from,
        path: filePath,
        skip: (page - 1) * perPage,
        limit: perPage,
      }),
      repo.git.countCommits({ from, path: filePath }),
    ]);
    return {
      status: 200,
      body: commits.map(c => repoCommitShape(ctx.host, ctx.urls, repo, c)),
      headers: linkHeader(ctx, page, Math.ceil(total / perPage)),
    };
  }),

  route('GET', '/repos/:owner/:repo/commits/:ref/status', async ctx => {
    const repo = ctx.repo();
    const sha = await commitOf(repo, ctx.params[2]);
    return {
      status: 200,
      body: combinedStatusShape(ctx.host, ctx.urls, repo, sha),
    };
  }),

  route('GET', '/repos/:owner/:repo/commits/:ref/statuses', listStatuses),
  route('GET', '/repos/:owner/:repo/statuses/:ref', listStatuses),

  route('GET', '/repos/:owner/:repo/commits/:ref', async ctx => {
    const repo = ctx.repo();
    const sha = await commitOf(repo, ctx.params[2]);
    const commit = (await repo.git.readCommit(sha))!;
    const files = await repo.git.diff(commit.parents[0], sha);
    return {
      status: 200,
      body: repoCommitShape(ctx.host, ctx.urls, repo, commit, files),
    };
  }),

  route('POST', '/repos/:owner/:repo/statuses/:sha', async ctx => {
    const repo = ctx.repo();
    const input = ctx.input(statusInput);
    const sha = ctx.params[2];
    const status = await ctx.host.postStatus(
      repo,
      sha,
      {
        state: input.state,
        description: input.description,
        targetUrl: input.target_url,
        context: input.context,
      },
      ctx.login,
    );
    return {
      status: 201,
      body: statusShape(ctx.host, ctx.urls, repo, sha, status),
    };
  }),

  route('GET', '/repos/:owner/:repo/forks', async ctx => {
    ctx.repo();
    return { status: 200, body: [] };
  }),

  route('POST', '/repos/:owner/:repo/forks', async ctx => {
    ctx.repo();
    throw validationFailed({
      resource: 'Repository',
      code: 'custom',
      message:
        'The sandbox does not model forks: open the pull request from a branch of this repository.',
    });
  }),
];

/** What the contents API calls an entry: file, dir, symlink or submodule. */
function contentType(entry: { type: string; mode: string }): string {
  if (entry.mode === '120000') return 'symlink';
  if (entry.type === 'tree') return 'dir';
  if (entry.type === 'commit') return 'submodule';
  return 'file';
}

async function listStatuses(ctx: RestContext) {
  const repo = ctx.repo();
  const sha = await commitOf(repo, ctx.params[2]);
  const statuses = [...repo.statusesOf(sha)].reverse();
  const page = paginate(ctx, statuses);
  return {
    status: 200,
    body: page.items.map(s => statusShape(ctx.host, ctx.urls, repo, sha, s)),
    headers: page.headers,
  };
}
