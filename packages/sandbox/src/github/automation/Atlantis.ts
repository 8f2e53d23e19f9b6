import type { GithubHost, PullRequestListener } from '../GithubHost';
import type { FileChange } from '../git/BareRepository';
import type { HostedRepository } from '../model/HostedRepository';
import type { PullRequest } from '../model/types';
import type { Urls } from '../rest/shapes';
import { isAccountRequestFile, parseAccountRequests } from './accountRequests';

/** The bot CI statuses come from. */
export const ATLANTIS_LOGIN = 'atlantis[bot]';

/**
 * CI as Atlantis runs it for Terraform repositories: every new head commit of a
 * pull request gets `atlantis/plan` (pending, then the plan's outcome some time
 * later), every merge commit `atlantis/apply`. The plan fails when a changed
 * account request is not one Terraform could plan (not valid HCL, a field of the
 * wrong shape), which is what a reviewer would see before merging.
 */
export class Atlantis implements PullRequestListener {
  readonly #host: GithubHost;
  readonly #urls: () => Urls;
  readonly #delayMs: number;

  static create(options: {
    host: GithubHost;
    urls: () => Urls;
    delayMs: number;
  }): Atlantis {
    return new Atlantis(options);
  }

  private constructor(options: {
    host: GithubHost;
    urls: () => Urls;
    delayMs: number;
  }) {
    this.#host = options.host;
    this.#urls = options.urls;
    this.#delayMs = options.delayMs;
  }

  headChanged(repo: HostedRepository, pr: PullRequest, sha: string): void {
    const status = this.#status(repo, pr, sha, 'atlantis/plan');
    this.#host.pendingThen(
      () => status('pending', 'Plan in progress...'),
      this.#delayMs,
      async () => {
        const tips = await repo.tipsOf(pr);
        // A newer head has its own plan coming; this one is moot.
        if (pr.state === 'open' && tips.headSha !== sha) return;
        const { files } = await repo.changesOf({ ...tips, headSha: sha });
        const problem = await this.#planProblem(repo, files);
        if (problem) await status('failure', `Plan failed: ${problem}`);
        else await status('success', 'Plan succeeded.');
      },
    );
  }

  merged(
    repo: HostedRepository,
    pr: PullRequest,
    merge: { sha: string },
  ): void {
    const status = this.#status(repo, pr, merge.sha, 'atlantis/apply');
    this.#host.pendingThen(
      () => status('pending', 'Apply in progress...'),
      this.#delayMs,
      () => status('success', 'Apply succeeded.'),
    );
  }

  #status(
    repo: HostedRepository,
    pr: PullRequest,
    sha: string,
    context: string,
  ) {
    return async (
      state: 'pending' | 'success' | 'failure',
      description: string,
    ) => {
      await this.#host.postStatus(
        repo,
        sha,
        {
          state,
          context,
          description: truncate(description),
          targetUrl: this.#urls().pullHtml(repo, pr.number),
        },
        ATLANTIS_LOGIN,
      );
    };
  }

  async #planProblem(
    repo: HostedRepository,
    files: FileChange[],
  ): Promise<string | undefined> {
    for (const file of files) {
      if (file.status === 'removed' || !isAccountRequestFile(file.path))
        continue;
      const content = await repo.git.readBlob(file.sha);
      const { problems } = parseAccountRequests(
        content?.toString('utf8') ?? '',
      );
      if (problems.length > 0) {
        const [first] = problems;
        return `${file.path}${
          first.module ? ` module "${first.module}"` : ''
        } ${first.message}`;
      }
    }
    return undefined;
  }
}

/** GitHub keeps status descriptions to 140 characters. */
export function truncate(text: string): string {
  return text.length <= 140 ? text : `${text.slice(0, 139)}…`;
}
