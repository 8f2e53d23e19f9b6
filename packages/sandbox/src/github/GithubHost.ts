import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { hashHex } from '../org/ids';
import { GithubApiError, validationFailed } from './errors';
import {
  BareRepository,
  type FileChange,
  type GitPerson,
} from './git/BareRepository';
import { HostedRepository } from './model/HostedRepository';
import type {
  CommitStatus,
  IssueComment,
  PullRequest,
  StatusState,
} from './model/types';

/** A user or organisation as the API names them. */
export type GithubUser = {
  login: string;
  id: number;
  type: 'User' | 'Organization' | 'Bot';
};

/** A repository the sandbox creates at every start, from files in the package. */
export type RepositorySeed = {
  owner: string;
  name: string;
  description: string;
  defaultBranch: string;
  /** The files of the first commit. */
  dir: string;
  /** More files of the first commit, made at start (over the directory's). */
  files?: { path: string; content: string }[];
  commit: { message: string; author: GitPerson };
};

/** What automation (CI, the account factory) hears about pull requests. */
export interface PullRequestListener {
  /** A pull request was opened, or its head moved to a commit not seen before. */
  headChanged?(repo: HostedRepository, pr: PullRequest, sha: string): void;
  merged?(
    repo: HostedRepository,
    pr: PullRequest,
    merge: { sha: string; files: FileChange[] },
  ): void;
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

const GIT_COMMITTER = { name: 'GitHub', email: 'noreply@example.com' };

/**
 * GitHub's state behind the REST API, GraphQL, smart HTTP and the web pages:
 * repositories (bare git repositories under `root`), pull requests, statuses and
 * comments, and the operations that change them with GitHub's rules.
 */
export class GithubHost {
  readonly root: string;
  readonly token: string;
  /** Who the token authenticates as. */
  readonly login: string;
  readonly #seeds: RepositorySeed[];
  readonly #ownsRoot: boolean;
  readonly #listeners: PullRequestListener[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();
  readonly #errors: { at: string; message: string }[] = [];
  #repos = new Map<string, HostedRepository>();
  #ids = 1000;

  static async create(options: {
    root?: string;
    token: string;
    login: string;
    seeds: RepositorySeed[];
  }): Promise<GithubHost> {
    const root =
      options.root ??
      (await fs.mkdtemp(path.join(os.tmpdir(), 'lz-sandbox-github-')));
    await fs.mkdir(root, { recursive: true });
    const host = new GithubHost({ ...options, root }, !options.root);
    await host.#seed();
    return host;
  }

  private constructor(
    options: {
      root: string;
      token: string;
      login: string;
      seeds: RepositorySeed[];
    },
    ownsRoot: boolean,
  ) {
    this.root = options.root;
    this.token = options.token;
    this.login = options.login;
    this.#seeds = options.seeds;
    this.#ownsRoot = ownsRoot;
  }

  async #seed(): Promise<void> {
    const repos = new Map<string, HostedRepository>();
    for (const seed of this.#seeds) {
      const git = await BareRepository.init(
        path.join(this.root, seed.owner, `${seed.name}.git`),
        seed.defaultBranch,
      );
      let tree = await git.writeTreeFromDirectory(seed.dir);
      if (seed.files?.length) {
        tree = await git.writeTree(
          seed.files.map(f => ({ ...f, mode: '100644' })),
          tree,
        );
      }
      const sha = await git.createCommit({
        tree,
        parents: [],
        message: seed.commit.message,
        author: seed.commit.author,
        committer: seed.commit.author,
      });
      await git.updateRef(`refs/heads/${seed.defaultBranch}`, sha, null);
      const repo = HostedRepository.create({
        id: this.nextId(),
        owner: seed.owner,
        name: seed.name,
        description: seed.description,
        defaultBranch: seed.defaultBranch,
        createdAt: seed.commit.author.date,
        git,
      });
      repos.set(key(seed.owner, seed.name), repo);
    }
    this.#repos = repos;
  }

  /** Throws away every pull request, branch and status: the seeded repositories as at start. */
  async reset(): Promise<void> {
    this.#cancelTimers();
    await this.idle();
    await this.#seed();
  }

  /** Stops pending automation and removes the repositories when they live in a directory of our own. */
  async close(): Promise<void> {
    this.#cancelTimers();
    await this.idle();
    if (this.#ownsRoot) {
      await fs.rm(this.root, { recursive: true, force: true });
    }
  }

  nextId(): number {
    return this.#ids++;
  }

  /** Now, as GitHub prints times: UTC to the second. */
  now(): string {
    return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  get repositories(): HostedRepository[] {
    return [...this.#repos.values()];
  }

  /** GitHub matches owner and repository names without regard to case. */
  repo(owner: string, name: string): HostedRepository | undefined {
    return this.#repos.get(key(owner, name));
  }

  user(login: string): GithubUser {
    const isOrganization = this.repositories.some(
      r => r.owner.toLowerCase() === login.toLowerCase(),
    );
    let type: GithubUser['type'] = 'User';
    if (isOrganization) type = 'Organization';
    else if (login.endsWith('[bot]')) type = 'Bot';
    return {
      login,
      id: parseInt(hashHex(`github-user|${login.toLowerCase()}`, 7), 16),
      type,
    };
  }

  /** The login a token acts as; undefined for a token the sandbox did not issue. */
  authenticate(token: string): string | undefined {
    return token === this.token ? this.login : undefined;
  }

  listen(listener: PullRequestListener): void {
    this.#listeners.push(listener);
  }

  /** Runs `fn` after `ms`, as CI or the account factory would, some time later. */
  later(ms: number, fn: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const run = fn()
        .catch(e => {
          this.#errors.push({ at: this.now(), message: String(e) });
        })
        .finally(() => this.#running.delete(run));
      this.#running.add(run);
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }

  /**
   * Posts `pending` now and schedules `outcome` `ms` after it has landed. Two
   * statuses posted independently can land in either order on a busy machine
   * (each first reads its commit through git), and a pending status landing
   * after the outcome would leave the context pending for ever.
   */
  pendingThen(
    pending: () => Promise<void>,
    ms: number,
    outcome: () => Promise<void>,
  ): void {
    this.later(0, async () => {
      await pending();
      this.later(ms, outcome);
    });
  }

  /** Errors automation ran into (a bug, not a failed request: those are statuses). */
  get automationErrors(): { at: string; message: string }[] {
    return [...this.#errors];
  }

  /** Resolves when no automation is running (scheduled work may still come). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) {
      await Promise.allSettled([...this.#running]);
    }
  }

  #cancelTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  // Pull requests ---------------------------------------------------------

  async createPull(
    repo: HostedRepository,
    input: {
      title: string;
      head: string;
      base: string;
      body?: string | null;
      draft?: boolean;
    },
    login: string,
  ): Promise<PullRequest> {
    // One at a time per repository: two requests for the same branch must not
    // both pass the duplicate check.
    return repo.exclusive(() => this.#createPull(repo, input, login));
  }

  async #createPull(
    repo: HostedRepository,
    input: {
      title: string;
      head: string;
      base: string;
      body?: string | null;
      draft?: boolean;
    },
    login: string,
  ): Promise<PullRequest> {
    const [headOwner, headBranch] = input.head.includes(':')
      ? input.head.split(':', 2)
      : [repo.owner, input.head];
    const refs = await repo.git.refs();
    const baseSha = refs.get(`refs/heads/${input.base}`);
    if (!baseSha) {
      throw validationFailed({
        resource: 'PullRequest',
        field: 'base',
        code: 'invalid',
      });
    }
    const headSha = refs.get(`refs/heads/${headBranch}`);
    if (headOwner.toLowerCase() !== repo.owner.toLowerCase() || !headSha) {
      throw validationFailed({
        resource: 'PullRequest',
        field: 'head',
        code: 'invalid',
      });
    }
    if (repo.openPullFor(headBranch, input.base)) {
      throw validationFailed({
        resource: 'PullRequest',
        code: 'custom',
        message: `A pull request already exists for ${repo.owner}:${headBranch}.`,
      });
    }
    if (await repo.git.isAncestor(headSha, baseSha)) {
      throw validationFailed({
        resource: 'PullRequest',
        code: 'custom',
        message: `No commits between ${input.base} and ${headBranch}`,
      });
    }
    const now = this.now();
    const pr: PullRequest = {
      number: repo.pulls.length + 1,
      id: this.nextId(),
      title: input.title,
      body: input.body ?? null,
      state: 'open',
      draft: input.draft ?? false,
      user: login,
      head: headBranch,
      base: input.base,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      lastHeadSha: headSha,
      closedHeadSha: null,
      closedBaseSha: null,
      requestedReviewers: [],
      requestedTeams: [],
      assignees: [],
      labels: [],
      comments: [],
    };
    repo.pulls.push(pr);
    for (const l of this.#listeners) l.headChanged?.(repo, pr, headSha);
    return pr;
  }

  async updatePull(
    repo: HostedRepository,
    pr: PullRequest,
    input: {
      title?: string;
      body?: string | null;
      state?: 'open' | 'closed';
      base?: string;
    },
  ): Promise<void> {
    const refs = await repo.git.refs();
    if (input.base !== undefined && !refs.has(`refs/heads/${input.base}`)) {
      throw validationFailed({
        resource: 'PullRequest',
        field: 'base',
        code: 'invalid',
      });
    }
    if (input.state === 'open' && pr.state === 'closed') {
      const headSha = refs.get(`refs/heads/${pr.head}`);
      if (pr.mergedAt || !headSha) {
        throw validationFailed({
          resource: 'PullRequest',
          code: 'custom',
          message: pr.mergedAt
            ? 'Cannot reopen a merged pull request'
            : `Cannot reopen: the branch ${pr.head} no longer exists`,
        });
      }
      Object.assign(pr, {
        state: 'open',
        closedAt: null,
        closedHeadSha: null,
        closedBaseSha: null,
      });
      this.#seeHead(repo, pr, headSha);
    }
    if (input.state === 'closed' && pr.state === 'open') {
      this.#close(pr, refs);
    }
    if (input.title !== undefined) pr.title = input.title;
    if (input.body !== undefined) pr.body = input.body;
    if (input.base !== undefined) pr.base = input.base;
    pr.updatedAt = this.now();
  }

  #close(pr: PullRequest, refs: Map<string, string>): void {
    pr.state = 'closed';
    pr.closedAt = this.now();
    pr.updatedAt = pr.closedAt;
    pr.closedHeadSha = refs.get(`refs/heads/${pr.head}`) ?? pr.lastHeadSha;
    pr.closedBaseSha = refs.get(`refs/heads/${pr.base}`) ?? null;
  }

  #seeHead(repo: HostedRepository, pr: PullRequest, sha: string): void {
    if (sha === pr.lastHeadSha) return;
    pr.lastHeadSha = sha;
    pr.updatedAt = this.now();
    for (const l of this.#listeners) l.headChanged?.(repo, pr, sha);
  }

  /**
   * After refs moved (the API or a push): open pull requests whose branch moved
   * get the new head's checks; those whose branch is gone are closed, as GitHub does.
   */
  async refsChanged(repo: HostedRepository): Promise<void> {
    const refs = await repo.git.refs();
    repo.pushedAt = this.now();
    for (const pr of repo.pulls) {
      if (pr.state !== 'open') continue;
      const head = refs.get(`refs/heads/${pr.head}`);
      if (!head) this.#close(pr, refs);
      else this.#seeHead(repo, pr, head);
    }
  }

  /** Merges as GitHub's merge button does; answers the new tip of the base branch. */
  mergePull(
    repo: HostedRepository,
    pr: PullRequest,
    options: {
      sha?: string;
      method?: MergeMethod;
      title?: string;
      message?: string;
    },
    login: string,
  ): Promise<{ sha: string }> {
    return repo.exclusive(async () => {
      const refs = await repo.git.refs();
      const headSha = refs.get(`refs/heads/${pr.head}`);
      const baseSha = refs.get(`refs/heads/${pr.base}`);
      if (pr.state !== 'open' || !headSha || !baseSha) {
        throw new GithubApiError(405, 'Pull Request is not mergeable');
      }
      if (pr.draft) {
        throw new GithubApiError(405, 'Pull Request is still a draft');
      }
      if (options.sha !== undefined && options.sha !== headSha) {
        throw new GithubApiError(
          409,
          'Head branch was modified. Review and try the merge again.',
        );
      }
      const { tree, conflicts } = await repo.git.mergeTrees(baseSha, headSha);
      if (conflicts.length > 0) {
        throw new GithubApiError(405, 'Pull Request is not mergeable');
      }
      const now = this.now();
      const merger: GitPerson = {
        name: login,
        email: `${login}@users.noreply.example.com`,
        date: now,
      };
      const committer: GitPerson = { ...GIT_COMMITTER, date: now };
      const commits = await repo.git.log({
        from: headSha,
        exclude: baseSha,
        reverse: true,
      });
      let mergeSha: string;
      const method = options.method ?? 'merge';
      if (method === 'merge') {
        mergeSha = await repo.git.createCommit({
          tree,
          parents: [baseSha, headSha],
          message: `${
            options.title ??
            `Merge pull request #${pr.number} from ${repo.owner}/${pr.head}`
          }\n\n${options.message ?? pr.title}`,
          author: merger,
          committer,
        });
      } else if (method === 'squash') {
        mergeSha = await repo.git.createCommit({
          tree,
          parents: [baseSha],
          message: `${options.title ?? `${pr.title} (#${pr.number})`}\n\n${
            options.message ??
            (commits.length === 1
              ? commits[0].message
              : commits.map(c => `* ${c.message}`).join('\n\n'))
          }`,
          author: commits[0]?.author ?? merger,
          committer,
        });
      } else {
        // Each commit replayed on the new tip; the merge base of the tip and the
        // next original commit stays the fork point, so changes already replayed
        // appear on both sides and merge cleanly.
        mergeSha = baseSha;
        for (const commit of commits) {
          const step = await repo.git.mergeTrees(mergeSha, commit.sha);
          if (step.conflicts.length > 0) {
            throw new GithubApiError(405, 'Pull Request is not mergeable');
          }
          mergeSha = await repo.git.createCommit({
            tree: step.tree,
            parents: [mergeSha],
            message: commit.message,
            author: commit.author,
            committer,
          });
        }
      }
      if (
        !(await repo.git.updateRef(`refs/heads/${pr.base}`, mergeSha, baseSha))
      ) {
        throw new GithubApiError(
          409,
          'Base branch was modified. Review and try the merge again.',
        );
      }
      const forkPoint = await repo.git.mergeBase(baseSha, headSha);
      const files = await repo.git.diff(forkPoint, headSha);
      Object.assign(pr, {
        state: 'closed',
        closedAt: now,
        updatedAt: now,
        mergedAt: now,
        mergedBy: login,
        mergeCommitSha: mergeSha,
        closedHeadSha: headSha,
        closedBaseSha: baseSha,
      });
      repo.pushedAt = now;
      for (const l of this.#listeners) {
        l.merged?.(repo, pr, { sha: mergeSha, files });
      }
      return { sha: mergeSha };
    });
  }

  // Statuses and comments -------------------------------------------------

  async postStatus(
    repo: HostedRepository,
    sha: string,
    input: {
      state: StatusState;
      description?: string | null;
      targetUrl?: string | null;
      context?: string;
    },
    login: string,
  ): Promise<CommitStatus> {
    if (!(await repo.git.readCommit(sha))) {
      throw validationFailed({
        resource: 'Status',
        code: 'custom',
        field: 'sha',
        message: `No commit found for SHA: ${sha}`,
      });
    }
    const now = this.now();
    const status: CommitStatus = {
      id: this.nextId(),
      state: input.state,
      description: input.description ?? null,
      targetUrl: input.targetUrl ?? null,
      context: input.context ?? 'default',
      createdAt: now,
      updatedAt: now,
      creator: login,
    };
    const list = repo.statuses.get(sha) ?? [];
    list.push(status);
    repo.statuses.set(sha, list);
    return status;
  }

  addComment(pr: PullRequest, body: string, login: string): IssueComment {
    const now = this.now();
    const comment: IssueComment = {
      id: this.nextId(),
      body,
      user: login,
      createdAt: now,
      updatedAt: now,
    };
    pr.comments.push(comment);
    pr.updatedAt = now;
    return comment;
  }
}

function key(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}
