import { z } from 'zod';
import { GitObjectError } from '../git/BareRepository';
import { GithubApiError, notFound, unprocessable } from '../errors';
import type { HostedRepository } from '../model/HostedRepository';
import type { RestContext } from './context';
import { route, type Route } from './route';
import { base64Lines, gitCommitShape, refShape, treeShape } from './shapes';

/*
 * The Git database API (`/repos/{o}/{r}/git/...`): blobs, trees, commits and
 * refs, each a real object or ref of the bare repository.
 */

const SHA = /^[0-9a-f]{40}$/;

const blobInput = z.object({
  content: z.string(),
  encoding: z.enum(['utf-8', 'base64']).optional(),
});

const treeInput = z.object({
  base_tree: z.string().optional(),
  tree: z.array(
    z.object({
      path: z.string(),
      mode: z.string(),
      type: z.enum(['blob', 'tree', 'commit']).optional(),
      sha: z.string().nullable().optional(),
      content: z.string().optional(),
    }),
  ),
});

const personInput = z.object({
  name: z.string(),
  email: z.string(),
  date: z.string().optional(),
});

const commitInput = z.object({
  message: z.string(),
  tree: z.string(),
  parents: z.array(z.string()).optional(),
  author: personInput.optional(),
  committer: personInput.optional(),
  signature: z.string().optional(),
});

const refInput = z.object({ ref: z.string(), sha: z.string() });
const refUpdateInput = z.object({
  sha: z.string(),
  force: z.boolean().optional(),
});

/** Git data errors answer 422 with git's message, as GitHub's do. */
async function gitCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof GitObjectError) throw unprocessable(e.message);
    throw e;
  }
}

/** `heads/main` or `refs/heads/main` → `refs/heads/main`. */
function fullRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

async function refReply(
  ctx: RestContext,
  repo: HostedRepository,
  name: string,
  sha: string,
) {
  const type = (await repo.git.objects([sha])).get(sha)?.type ?? 'commit';
  return refShape(ctx.urls, repo, name, sha, type);
}

export const gitDataRoutes: Route[] = [
  route('POST', '/repos/:owner/:repo/git/blobs', async ctx => {
    const repo = ctx.repo();
    const input = ctx.input(blobInput);
    const content = Buffer.from(
      input.content,
      input.encoding === 'base64' ? 'base64' : 'utf8',
    );
    const sha = await repo.git.writeBlob(content);
    return {
      status: 201,
      body: { url: `${ctx.urls.repoApi(repo)}/git/blobs/${sha}`, sha },
    };
  }),

  route('GET', '/repos/:owner/:repo/git/blobs/:sha', async ctx => {
    const repo = ctx.repo();
    const sha = ctx.params[2];
    const content = await repo.git.readBlob(sha);
    if (!content) throw notFound();
    return {
      status: 200,
      body: {
        sha,
        node_id: Buffer.from(`04:Blob${sha}`).toString('base64'),
        size: content.length,
        url: `${ctx.urls.repoApi(repo)}/git/blobs/${sha}`,
        content: base64Lines(content),
        encoding: 'base64',
      },
    };
  }),

  route('POST', '/repos/:owner/:repo/git/trees', async ctx => {
    const repo = ctx.repo();
    const input = ctx.input(treeInput);
    if (input.base_tree !== undefined) {
      const base = await repo.git.objects([input.base_tree]);
      if (base.get(input.base_tree)?.type !== 'tree') {
        throw unprocessable(`base_tree ${input.base_tree} is not a valid tree`);
      }
    }
    const sha = await gitCall(() =>
      repo.git.writeTree(
        input.tree.map(e => ({
          path: e.path,
          mode: e.mode,
          sha: e.sha,
          content: e.content,
        })),
        input.base_tree,
      ),
    );
    const entries = await repo.git.readTree(sha);
    return { status: 201, body: treeShape(ctx.urls, repo, sha, entries) };
  }),

  route('GET', '/repos/:owner/:repo/git/trees/:sha', async ctx => {
    const repo = ctx.repo();
    const rev = ctx.params[2];
    const sha = await repo.git.resolve(`${rev}^{tree}`);
    if (!sha) throw notFound();
    const recursive = !['', '0', 'false', undefined].includes(
      ctx.query('recursive'),
    );
    const entries = await repo.git.readTree(sha, recursive);
    return { status: 200, body: treeShape(ctx.urls, repo, sha, entries) };
  }),

  route('POST', '/repos/:owner/:repo/git/commits', async ctx => {
    const repo = ctx.repo();
    const input = ctx.input(commitInput);
    const parents = input.parents ?? [];
    const objects = await repo.git.objects([input.tree, ...parents]);
    if (objects.get(input.tree)?.type !== 'tree') {
      throw unprocessable(`Tree SHA does not exist`);
    }
    if (parents.some(p => objects.get(p)?.type !== 'commit')) {
      throw unprocessable(
        `Parent SHA does not exist or is not a commit object`,
      );
    }
    const now = ctx.host.now();
    const fallback = {
      name: ctx.login,
      email: `${ctx.login}@users.noreply.example.com`,
    };
    const author = {
      ...(input.author ?? fallback),
      date: input.author?.date ?? now,
    };
    const committer = {
      ...(input.committer ?? input.author ?? fallback),
      date: input.committer?.date ?? author.date,
    };
    const sha = await gitCall(() =>
      repo.git.createCommit({
        tree: input.tree,
        parents,
        message: input.message,
        author,
        committer,
      }),
    );
    const commit = (await repo.git.readCommit(sha))!;
    return { status: 201, body: gitCommitShape(ctx.urls, repo, commit) };
  }),

  route('GET', '/repos/:owner/:repo/git/commits/:sha', async ctx => {
    const repo = ctx.repo();
    const commit = await repo.git.readCommit(ctx.params[2]);
    if (!commit) throw notFound();
    return { status: 200, body: gitCommitShape(ctx.urls, repo, commit) };
  }),

  route('GET', '/repos/:owner/:repo/git/ref/:ref*', async ctx => {
    const repo = ctx.repo();
    const name = fullRef(ctx.params[2]);
    const sha = (await repo.git.refs()).get(name);
    if (!sha) throw notFound();
    return { status: 200, body: await refReply(ctx, repo, name, sha) };
  }),

  route('GET', '/repos/:owner/:repo/git/matching-refs/:ref*', async ctx => {
    const repo = ctx.repo();
    const prefix = fullRef(ctx.params[2]);
    const matching = [...(await repo.git.refs())].filter(([name]) =>
      name.startsWith(prefix),
    );
    return {
      status: 200,
      body: await Promise.all(
        matching.map(([name, sha]) => refReply(ctx, repo, name, sha)),
      ),
    };
  }),

  // The old form: an exact ref answers the ref, a prefix the refs under it.
  route('GET', '/repos/:owner/:repo/git/refs/:ref?', async ctx => {
    const repo = ctx.repo();
    const name = fullRef(ctx.params[2].replace(/\/$/, '') || '');
    const refs = await repo.git.refs();
    const exact = refs.get(name);
    if (exact)
      return { status: 200, body: await refReply(ctx, repo, name, exact) };
    const prefix = name.endsWith('/') ? name : `${name}/`;
    const matching = [...refs].filter(([n]) => n.startsWith(prefix));
    if (matching.length === 0) throw notFound();
    return {
      status: 200,
      body: await Promise.all(
        matching.map(([n, sha]) => refReply(ctx, repo, n, sha)),
      ),
    };
  }),

  route('POST', '/repos/:owner/:repo/git/refs', async ctx => {
    const repo = ctx.repo();
    const input = ctx.input(refInput);
    if (!/^refs\/[^/]+\/.+/.test(input.ref) || input.ref.includes('..')) {
      throw unprocessable(
        "Reference name must start with 'refs/' and have at least two slashes.",
      );
    }
    if (
      !SHA.test(input.sha) ||
      !(await repo.git.objects([input.sha])).has(input.sha)
    ) {
      throw unprocessable('Object does not exist');
    }
    const created = await repo.exclusive(() =>
      repo.git.updateRef(input.ref, input.sha, null),
    );
    if (!created) throw unprocessable('Reference already exists');
    await ctx.host.refsChanged(repo);
    return {
      status: 201,
      body: await refReply(ctx, repo, input.ref, input.sha),
    };
  }),

  route('PATCH', '/repos/:owner/:repo/git/refs/:ref*', async ctx => {
    const repo = ctx.repo();
    const name = fullRef(ctx.params[2]);
    const input = ctx.input(refUpdateInput);
    if (
      !SHA.test(input.sha) ||
      (await repo.git.objects([input.sha])).get(input.sha)?.type !== 'commit'
    ) {
      throw unprocessable('Object does not exist');
    }
    await repo.exclusive(async () => {
      const current = (await repo.git.refs()).get(name);
      if (!current) throw unprocessable('Reference does not exist');
      if (!input.force && !(await repo.git.isAncestor(current, input.sha))) {
        throw unprocessable('Update is not a fast forward');
      }
      if (!(await repo.git.updateRef(name, input.sha, current))) {
        throw new GithubApiError(409, 'Reference cannot be updated');
      }
    });
    await ctx.host.refsChanged(repo);
    return { status: 200, body: await refReply(ctx, repo, name, input.sha) };
  }),

  route('DELETE', '/repos/:owner/:repo/git/refs/:ref*', async ctx => {
    const repo = ctx.repo();
    const name = fullRef(ctx.params[2]);
    const deleted = await repo.exclusive(async () =>
      (await repo.git.refs()).has(name) ? repo.git.deleteRef(name) : false,
    );
    if (!deleted) throw unprocessable('Reference does not exist');
    await ctx.host.refsChanged(repo);
    return { status: 204 };
  }),
];
