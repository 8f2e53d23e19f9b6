import { z } from 'zod';
import { GithubApiError, notFound, validationFailed } from '../errors';
import type { HostedRepository } from '../model/HostedRepository';
import type { PullRequest } from '../model/types';
import { paginate, type RestContext } from './context';
import { route, type Route } from './route';
import {
  commentShape,
  fileShape,
  fullPullShape,
  issueShape,
  labelShape,
  pullShape,
  repoCommitShape,
  userShape,
  teamShape,
} from './shapes';

/*
 * Pull requests, and the issue endpoints GitHub serves for them (comments,
 * labels, assignees): a pull request is an issue with the same number.
 */

const createInput = z.object({
  title: z.string().min(1),
  head: z.string().min(1),
  base: z.string().min(1),
  body: z.string().nullish(),
  draft: z.boolean().optional(),
  maintainer_can_modify: z.boolean().optional(),
});

const updateInput = z.object({
  title: z.string().min(1).optional(),
  body: z.string().nullish(),
  state: z.enum(['open', 'closed']).optional(),
  base: z.string().min(1).optional(),
});

const mergeInput = z.object({
  commit_title: z.string().optional(),
  commit_message: z.string().optional(),
  sha: z.string().optional(),
  merge_method: z.enum(['merge', 'squash', 'rebase']).optional(),
});

const reviewersInput = z.object({
  reviewers: z.array(z.string()).optional(),
  team_reviewers: z.array(z.string()).optional(),
});

const commentInput = z.object({ body: z.string().min(1) });
const labelsInput = z.union([
  z.object({ labels: z.array(z.string().min(1)) }),
  z.array(z.string().min(1)).transform(labels => ({ labels })),
]);
const assigneesInput = z.object({ assignees: z.array(z.string()).optional() });

async function fullPull(
  ctx: RestContext,
  repo: HostedRepository,
  pr: PullRequest,
) {
  const tips = await repo.tipsOf(pr);
  const { files, commits } = await repo.changesOf(tips);
  let mergeable: boolean | null = null;
  if (pr.state === 'open' && tips.baseSha) {
    const { conflicts } = await repo.git.mergeTrees(tips.baseSha, tips.headSha);
    mergeable = conflicts.length === 0;
  }
  return fullPullShape(ctx.host, ctx.urls, repo, pr, tips, {
    commits: commits.length,
    files,
    mergeable,
  });
}

export const pullRoutes: Route[] = [
  route('GET', '/repos/:owner/:repo/pulls', async ctx => {
    const repo = ctx.repo();
    const state = ctx.query('state') ?? 'open';
    if (!['open', 'closed', 'all'].includes(state)) {
      throw validationFailed({
        resource: 'PullRequest',
        field: 'state',
        code: 'invalid',
      });
    }
    const head = ctx.query('head');
    const base = ctx.query('base');
    let pulls = repo.pulls.filter(
      p =>
        (state === 'all' || p.state === state) &&
        (base === undefined || p.base === base) &&
        (head === undefined ||
          `${repo.owner}:${p.head}`.toLowerCase() === head.toLowerCase()),
    );
    const sort = ctx.query('sort') ?? 'created';
    const key = (p: PullRequest) =>
      sort === 'updated' || sort === 'popularity' || sort === 'long-running'
        ? p.updatedAt
        : p.createdAt;
    const ascending = (ctx.query('direction') ?? 'desc') === 'asc';
    pulls = [...pulls].sort((a, b) => {
      const order = key(a).localeCompare(key(b)) || a.number - b.number;
      return ascending ? order : -order;
    });
    const page = paginate(ctx, pulls);
    const refs = await repo.git.refs();
    const body = await Promise.all(
      page.items.map(async p =>
        pullShape(ctx.host, ctx.urls, repo, p, await repo.tipsOf(p, refs)),
      ),
    );
    return { status: 200, body, headers: page.headers };
  }),

  route('POST', '/repos/:owner/:repo/pulls', async ctx => {
    const repo = ctx.repo();
    const input = ctx.input(createInput);
    const pr = await ctx.host.createPull(repo, input, ctx.login);
    return {
      status: 201,
      body: await fullPull(ctx, repo, pr),
      headers: { location: `${ctx.urls.repoApi(repo)}/pulls/${pr.number}` },
    };
  }),

  route('GET', '/repos/:owner/:repo/pulls/:number', async ctx => {
    const repo = ctx.repo();
    return { status: 200, body: await fullPull(ctx, repo, ctx.pull(repo)) };
  }),

  route('PATCH', '/repos/:owner/:repo/pulls/:number', async ctx => {
    const repo = ctx.repo();
    const pr = ctx.pull(repo);
    await ctx.host.updatePull(repo, pr, ctx.input(updateInput));
    return { status: 200, body: await fullPull(ctx, repo, pr) };
  }),

  route('GET', '/repos/:owner/:repo/pulls/:number/files', async ctx => {
    const repo = ctx.repo();
    const pr = ctx.pull(repo);
    const tips = await repo.tipsOf(pr);
    const { files } = await repo.changesOf(tips);
    const page = paginate(ctx, files);
    return {
      status: 200,
      body: page.items.map(f => fileShape(ctx.urls, repo, tips.headSha, f)),
      headers: page.headers,
    };
  }),

  route('GET', '/repos/:owner/:repo/pulls/:number/commits', async ctx => {
    const repo = ctx.repo();
    const pr = ctx.pull(repo);
    const { commits } = await repo.changesOf(await repo.tipsOf(pr));
    const page = paginate(ctx, commits);
    return {
      status: 200,
      body: page.items.map(c => repoCommitShape(ctx.host, ctx.urls, repo, c)),
      headers: page.headers,
    };
  }),

  route('GET', '/repos/:owner/:repo/pulls/:number/merge', async ctx => {
    const repo = ctx.repo();
    if (!ctx.pull(repo).mergedAt) throw notFound();
    return { status: 204 };
  }),

  route('PUT', '/repos/:owner/:repo/pulls/:number/merge', async ctx => {
    const repo = ctx.repo();
    const pr = ctx.pull(repo);
    const input = ctx.input(mergeInput);
    const { sha } = await ctx.host.mergePull(
      repo,
      pr,
      {
        sha: input.sha,
        method: input.merge_method,
        title: input.commit_title,
        message: input.commit_message,
      },
      ctx.login,
    );
    return {
      status: 200,
      body: { sha, merged: true, message: 'Pull Request successfully merged' },
    };
  }),

  route(
    'GET',
    '/repos/:owner/:repo/pulls/:number/requested_reviewers',
    async ctx => {
      const repo = ctx.repo();
      const pr = ctx.pull(repo);
      return {
        status: 200,
        body: {
          users: pr.requestedReviewers.map(r =>
            userShape(ctx.host, ctx.urls, r),
          ),
          teams: pr.requestedTeams.map(t => teamShape(ctx.urls, repo, t)),
        },
      };
    },
  ),

  route(
    'POST',
    '/repos/:owner/:repo/pulls/:number/requested_reviewers',
    async ctx => {
      const repo = ctx.repo();
      const pr = ctx.pull(repo);
      const input = ctx.input(reviewersInput);
      if (!input.reviewers?.length && !input.team_reviewers?.length) {
        throw new GithubApiError(
          422,
          'Invalid request.\n\nNo subschema in "anyOf" matched.\n"reviewers" wasn\'t supplied.\n"team_reviewers" wasn\'t supplied.',
        );
      }
      if (input.reviewers?.includes(pr.user)) {
        throw new GithubApiError(
          422,
          'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the repository.',
        );
      }
      pr.requestedReviewers = union(pr.requestedReviewers, input.reviewers);
      pr.requestedTeams = union(pr.requestedTeams, input.team_reviewers);
      pr.updatedAt = ctx.host.now();
      const tips = await repo.tipsOf(pr);
      return {
        status: 201,
        body: pullShape(ctx.host, ctx.urls, repo, pr, tips),
      };
    },
  ),

  route('GET', '/repos/:owner/:repo/pulls/:number/reviews', async ctx => {
    ctx.pull(ctx.repo());
    return { status: 200, body: [] };
  }),

  route('GET', '/repos/:owner/:repo/issues/:number', async ctx => {
    const repo = ctx.repo();
    return {
      status: 200,
      body: issueShape(ctx.host, ctx.urls, repo, ctx.pull(repo)),
    };
  }),

  route('GET', '/repos/:owner/:repo/issues/:number/comments', async ctx => {
    const repo = ctx.repo();
    const pr = ctx.pull(repo);
    const page = paginate(ctx, pr.comments);
    return {
      status: 200,
      body: page.items.map(c => commentShape(ctx.host, ctx.urls, repo, pr, c)),
      headers: page.headers,
    };
  }),

  route('POST', '/repos/:owner/:repo/issues/:number/comments', async ctx => {
    const repo = ctx.repo();
    const pr = ctx.pull(repo);
    const { body } = ctx.input(commentInput);
    const comment = ctx.host.addComment(pr, body, ctx.login);
    return {
      status: 201,
      body: commentShape(ctx.host, ctx.urls, repo, pr, comment),
    };
  }),

  route('GET', '/repos/:owner/:repo/issues/:number/labels', async ctx => {
    const repo = ctx.repo();
    const pr = ctx.pull(repo);
    return {
      status: 200,
      body: pr.labels.map(l => labelShape(ctx.urls, repo, l)),
    };
  }),

  route('POST', '/repos/:owner/:repo/issues/:number/labels', async ctx => {
    const repo = ctx.repo();
    const pr = ctx.pull(repo);
    pr.labels = union(pr.labels, ctx.input(labelsInput).labels);
    pr.updatedAt = ctx.host.now();
    return {
      status: 200,
      body: pr.labels.map(l => labelShape(ctx.urls, repo, l)),
    };
  }),

  route('POST', '/repos/:owner/:repo/issues/:number/assignees', async ctx => {
    const repo = ctx.repo();
    const pr = ctx.pull(repo);
    pr.assignees = union(
      pr.assignees,
      ctx.input(assigneesInput).assignees,
    ).slice(0, 10);
    pr.updatedAt = ctx.host.now();
    return { status: 201, body: issueShape(ctx.host, ctx.urls, repo, pr) };
  }),
];

function union(current: string[], added: string[] = []): string[] {
  return [...new Set([...current, ...added])];
}
