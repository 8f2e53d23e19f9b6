import { buildSchema, graphql } from 'graphql';
import type { GithubHost } from './GithubHost';
import type { HostedRepository } from './model/HostedRepository';
import type { PullRequest } from './model/types';
import type { Urls } from './rest/shapes';

/*
 * A slice of GitHub's GraphQL API (POST /github/api/graphql, where octokit sends
 * GraphQL when its baseUrl ends in /api/v3): what octokit-plugin-create-pull-request
 * asks before it opens a pull request (does the branch exist, has it an open pull
 * request), and a little around it. Queries outside this schema get GraphQL's own
 * validation errors, naming the field that does not exist.
 */

const schema = buildSchema(`
  type Query {
    repository(owner: String!, name: String!): Repository
    viewer: User!
  }
  type User {
    id: ID!
    login: String!
  }
  type Repository {
    id: ID!
    name: String!
    nameWithOwner: String!
    url: String!
    defaultBranchRef: Ref
    ref(qualifiedName: String!): Ref
    pullRequest(number: Int!): PullRequest
    pullRequests(
      states: [PullRequestState!]
      headRefName: String
      baseRefName: String
      first: Int
      last: Int
    ): PullRequestConnection!
  }
  type Ref {
    id: ID!
    name: String!
    prefix: String!
    target: Commit
    associatedPullRequests(
      states: [PullRequestState!]
      first: Int
      last: Int
    ): PullRequestConnection!
  }
  type Commit {
    oid: String!
    message: String!
  }
  type PullRequestConnection {
    edges: [PullRequestEdge!]!
    nodes: [PullRequest!]!
    totalCount: Int!
  }
  type PullRequestEdge {
    cursor: String!
    node: PullRequest!
  }
  type PullRequest {
    id: ID!
    number: Int!
    url: String!
    title: String!
    state: PullRequestState!
    merged: Boolean!
    isDraft: Boolean!
    headRefName: String!
    baseRefName: String!
    headRefOid: String!
  }
  enum PullRequestState {
    OPEN
    CLOSED
    MERGED
  }
`);

type PullState = 'OPEN' | 'CLOSED' | 'MERGED';

function stateOf(pr: PullRequest): PullState {
  if (pr.mergedAt) return 'MERGED';
  return pr.state === 'open' ? 'OPEN' : 'CLOSED';
}

function id(type: string, value: string | number): string {
  return Buffer.from(`${type}:${value}`).toString('base64');
}

type Window = { states?: PullState[]; first?: number; last?: number };

export function resolvers(host: GithubHost, urls: Urls, login: string) {
  const pullNode = (repo: HostedRepository, pr: PullRequest) => ({
    id: id('PullRequest', pr.id),
    number: pr.number,
    url: urls.pullHtml(repo, pr.number),
    title: pr.title,
    state: stateOf(pr),
    merged: pr.mergedAt !== null,
    isDraft: pr.draft,
    headRefName: pr.head,
    baseRefName: pr.base,
    headRefOid: pr.closedHeadSha ?? pr.lastHeadSha,
  });

  const connection = (
    repo: HostedRepository,
    pulls: PullRequest[],
    window: Window,
  ) => {
    let selected = pulls.filter(
      p => !window.states || window.states.includes(stateOf(p)),
    );
    const totalCount = selected.length;
    if (window.first !== undefined) selected = selected.slice(0, window.first);
    if (window.last !== undefined) selected = selected.slice(-window.last);
    const nodes = selected.map(p => pullNode(repo, p));
    return {
      totalCount,
      nodes,
      edges: nodes.map(node => ({ cursor: id('cursor', node.number), node })),
    };
  };

  const refNode = async (repo: HostedRepository, qualifiedName: string) => {
    const refs = await repo.git.refs();
    const name = [
      qualifiedName,
      `refs/heads/${qualifiedName}`,
      `refs/tags/${qualifiedName}`,
    ].find(candidate => candidate.startsWith('refs/') && refs.has(candidate));
    if (!name) return null;
    const sha = refs.get(name)!;
    const [, kind] = name.split('/');
    const short = name.slice(`refs/${kind}/`.length);
    return {
      id: id('Ref', `${repo.id}:${name}`),
      name: short,
      prefix: `refs/${kind}/`,
      target: async () => {
        const commit = await repo.git.readCommit(sha);
        return commit ? { oid: commit.sha, message: commit.message } : null;
      },
      associatedPullRequests: (window: Window) =>
        connection(
          repo,
          kind === 'heads' ? repo.pulls.filter(p => p.head === short) : [],
          window,
        ),
    };
  };

  return {
    viewer: () => ({ id: id('User', login), login }),
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = host.repo(owner, name);
      if (!repo) return null;
      return {
        id: id('Repository', repo.id),
        name: repo.name,
        nameWithOwner: repo.fullName,
        url: urls.repoHtml(repo),
        defaultBranchRef: () => refNode(repo, repo.defaultBranch),
        ref: ({ qualifiedName }: { qualifiedName: string }) =>
          refNode(repo, qualifiedName),
        pullRequest: ({ number }: { number: number }) => {
          const pr = repo.pull(number);
          return pr ? pullNode(repo, pr) : null;
        },
        pullRequests: (
          window: Window & { headRefName?: string; baseRefName?: string },
        ) =>
          connection(
            repo,
            repo.pulls.filter(
              p =>
                (window.headRefName === undefined ||
                  p.head === window.headRefName) &&
                (window.baseRefName === undefined ||
                  p.base === window.baseRefName),
            ),
            window,
          ),
      };
    },
  };
}

/** Answers one GraphQL request body (`{ query, variables, operationName }`). */
export async function executeGraphql(
  body: unknown,
  options: { host: GithubHost; urls: Urls; login: string },
): Promise<{ status: number; body: unknown }> {
  const request = (body ?? {}) as {
    query?: unknown;
    variables?: unknown;
    operationName?: unknown;
  };
  if (typeof request.query !== 'string') {
    return {
      status: 400,
      body: {
        message: 'Body should be a JSON object with a "query" string',
        documentation_url: 'https://docs.github.com/graphql',
      },
    };
  }
  const result = await graphql({
    schema,
    source: request.query,
    rootValue: resolvers(options.host, options.urls, options.login),
    variableValues:
      request.variables && typeof request.variables === 'object'
        ? (request.variables as Record<string, unknown>)
        : undefined,
    operationName:
      typeof request.operationName === 'string'
        ? request.operationName
        : undefined,
  });
  return { status: 200, body: result };
}
