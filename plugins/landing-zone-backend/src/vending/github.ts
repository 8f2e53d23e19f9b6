import {
  DefaultGithubCredentialsProvider,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import type { CommitStatus } from '@internal/plugin-landing-zone-common';
import { Octokit } from '@octokit/rest';
import type { PullRequestReading, PullRequestRef } from './AccountRequestStore';

/** What the follower needs of the host of a request's pull request. */
export interface PullRequestHost {
  read(pr: PullRequestRef): Promise<PullRequestReading>;
  postStatus(
    pr: PullRequestRef,
    sha: string,
    status: {
      context: string;
      state: 'success' | 'failure';
      description: string;
      targetUrl?: string;
    },
  ): Promise<void>;
}

const STATES = new Set(['pending', 'success', 'failure', 'error']);

/**
 * Pull requests through the GitHub API of the integration configured for
 * their host (integrations.github: token or app), as Backstage's own GitHub
 * modules reach GitHub and GitHub Enterprise.
 */
export class GithubPullRequests implements PullRequestHost {
  readonly #integrations: ScmIntegrationRegistry;
  readonly #credentials: GithubCredentialsProvider;

  private constructor(
    integrations: ScmIntegrationRegistry,
    credentials: GithubCredentialsProvider,
  ) {
    this.#integrations = integrations;
    this.#credentials = credentials;
  }

  static create(options: {
    integrations: ScmIntegrationRegistry;
    credentials?: GithubCredentialsProvider;
  }) {
    return new GithubPullRequests(
      options.integrations,
      options.credentials ??
        DefaultGithubCredentialsProvider.fromIntegrations(options.integrations),
    );
  }

  async read(pr: PullRequestRef): Promise<PullRequestReading> {
    const octokit = await this.#client(pr);
    const { data } = await octokit.pulls.get({
      owner: pr.owner,
      repo: pr.repo,
      pull_number: pr.number,
    });
    const headSha = data.head.sha;
    const { data: combined } = await octokit.repos.getCombinedStatusForRef({
      owner: pr.owner,
      repo: pr.repo,
      ref: headSha,
      per_page: 100,
    });
    const statuses: CommitStatus[] = combined.statuses
      .filter(s => STATES.has(s.state))
      .map(s => ({
        context: s.context,
        state: s.state as CommitStatus['state'],
        description: s.description ?? undefined,
        targetUrl: s.target_url ?? undefined,
        updatedAt: s.updated_at ?? undefined,
      }))
      .sort((a, b) => a.context.localeCompare(b.context));
    let state: PullRequestReading['state'] = 'open';
    if (data.merged || data.merged_at) state = 'merged';
    else if (data.state === 'closed') state = 'closed';
    return {
      state,
      headSha,
      statuses,
      mergedAt: data.merged_at ?? undefined,
      closedAt: data.closed_at ?? undefined,
    };
  }

  async postStatus(
    pr: PullRequestRef,
    sha: string,
    status: {
      context: string;
      state: 'success' | 'failure';
      description: string;
      targetUrl?: string;
    },
  ): Promise<void> {
    const octokit = await this.#client(pr);
    await octokit.repos.createCommitStatus({
      owner: pr.owner,
      repo: pr.repo,
      sha,
      context: status.context,
      state: status.state,
      // GitHub keeps 140 characters of a status's description.
      description: status.description.slice(0, 140),
      target_url: status.targetUrl,
    });
  }

  async #client(pr: PullRequestRef): Promise<Octokit> {
    const integration = this.#integrations.github.byHost(pr.host);
    if (!integration) {
      throw new Error(
        `No GitHub integration is configured for ${pr.host} (integrations.github)`,
      );
    }
    const { token } = await this.#credentials.getCredentials({
      url: `https://${pr.host}/${encodeURIComponent(
        pr.owner,
      )}/${encodeURIComponent(pr.repo)}`,
    });
    return new Octokit({
      auth: token,
      baseUrl: integration.config.apiBaseUrl,
      // The follower tries again on its next run; no retries inside one.
      request: { retries: 0 },
    });
  }
}
