import type {
  BareRepository,
  FileChange,
  GitCommit,
} from '../git/BareRepository';
import type {
  CommitStatus,
  FactoryRun,
  PullRequest,
  PullTips,
  StatusState,
} from './types';

/**
 * One repository: its bare git repository on disk and what GitHub keeps beside
 * it. Ref updates that read-then-write (merges, ref PATCHes) run one at a time
 * through {@link HostedRepository.exclusive}; object writes need no lock.
 */
export class HostedRepository {
  readonly id: number;
  readonly owner: string;
  readonly name: string;
  readonly description: string;
  readonly defaultBranch: string;
  readonly createdAt: string;
  readonly git: BareRepository;
  readonly pulls: PullRequest[] = [];
  /** Statuses per commit sha, oldest first. */
  readonly statuses = new Map<string, CommitStatus[]>();
  readonly factoryRuns: FactoryRun[] = [];
  pushedAt: string;
  #tail: Promise<unknown> = Promise.resolve();

  static create(options: {
    id: number;
    owner: string;
    name: string;
    description: string;
    defaultBranch: string;
    createdAt: string;
    git: BareRepository;
  }): HostedRepository {
    return new HostedRepository(options);
  }

  private constructor(options: {
    id: number;
    owner: string;
    name: string;
    description: string;
    defaultBranch: string;
    createdAt: string;
    git: BareRepository;
  }) {
    this.id = options.id;
    this.owner = options.owner;
    this.name = options.name;
    this.description = options.description;
    this.defaultBranch = options.defaultBranch;
    this.createdAt = options.createdAt;
    this.pushedAt = options.createdAt;
    this.git = options.git;
  }

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  /** Runs `fn` after every earlier exclusive operation on this repository has finished. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn, fn);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  pull(number: number): PullRequest | undefined {
    return this.pulls.find(p => p.number === number);
  }

  openPullFor(head: string, base?: string): PullRequest | undefined {
    return this.pulls.find(
      p =>
        p.state === 'open' &&
        p.head === head &&
        (base === undefined || p.base === base),
    );
  }

  /** The tips a pull request is about: the live branches while open, the recorded ones after. */
  async tipsOf(pr: PullRequest, refs?: Map<string, string>): Promise<PullTips> {
    if (pr.state === 'closed' && pr.closedHeadSha) {
      return { headSha: pr.closedHeadSha, baseSha: pr.closedBaseSha };
    }
    const live = refs ?? (await this.git.refs());
    return {
      headSha: live.get(`refs/heads/${pr.head}`) ?? pr.lastHeadSha,
      baseSha: live.get(`refs/heads/${pr.base}`) ?? null,
    };
  }

  /** The files and commits of a pull request: from its fork point with the base to its head. */
  async changesOf(
    tips: PullTips,
  ): Promise<{ files: FileChange[]; commits: GitCommit[] }> {
    const forkPoint = tips.baseSha
      ? await this.git.mergeBase(tips.baseSha, tips.headSha)
      : undefined;
    const [files, commits] = await Promise.all([
      this.git.diff(forkPoint, tips.headSha),
      this.git.log({
        from: tips.headSha,
        exclude: tips.baseSha ?? undefined,
        reverse: true,
      }),
    ]);
    return { files, commits };
  }

  statusesOf(sha: string): CommitStatus[] {
    return this.statuses.get(sha) ?? [];
  }

  /** The latest status of each context, newest first, and their combined state as GitHub computes it. */
  combinedStatus(sha: string): {
    state: StatusState;
    statuses: CommitStatus[];
  } {
    const latest = new Map<string, CommitStatus>();
    for (const status of this.statusesOf(sha))
      latest.set(status.context, status);
    const statuses = [...latest.values()].sort((a, b) => b.id - a.id);
    let state: StatusState = 'success';
    if (statuses.length === 0) state = 'pending';
    else if (statuses.some(s => s.state === 'error' || s.state === 'failure'))
      state = 'failure';
    else if (statuses.some(s => s.state === 'pending')) state = 'pending';
    return { state, statuses };
  }
}
