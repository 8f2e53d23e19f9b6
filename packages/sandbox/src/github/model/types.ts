/*
 * What the GitHub side keeps in memory beside the git objects on disk: pull
 * requests, commit statuses, comments and the account factory's runs. Logins
 * stand for users; the REST layer spells them out as GitHub's user objects.
 */

export type StatusState = 'error' | 'failure' | 'pending' | 'success';

export type CommitStatus = {
  id: number;
  state: StatusState;
  description: string | null;
  targetUrl: string | null;
  context: string;
  createdAt: string;
  updatedAt: string;
  creator: string;
};

export type IssueComment = {
  id: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
};

export type PullRequest = {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  user: string;
  /** Branch names in the same repository (the sandbox has no forks). */
  head: string;
  base: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  /** The head commit last seen: statuses of a new head are posted once. */
  lastHeadSha: string;
  /** Head and base tips when the pull request was closed or merged (while open, the live branches count). */
  closedHeadSha: string | null;
  closedBaseSha: string | null;
  requestedReviewers: string[];
  requestedTeams: string[];
  assignees: string[];
  labels: string[];
  comments: IssueComment[];
};

/** One account request the factory read from a merged pull request. */
export type FactoryResult = {
  file: string;
  module: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'failed';
  message: string;
  accountName?: string;
  accountEmail?: string;
  accountId?: string;
  ouId?: string;
  ouPath?: string;
};

/** What the account factory did for one merge commit. */
export type FactoryRun = {
  pullNumber: number;
  mergeCommitSha: string;
  state: 'pending' | 'success' | 'failure';
  startedAt: string;
  finishedAt: string | null;
  results: FactoryResult[];
};

/** The commits a pull request is about: the live branches while open, the recorded tips once closed. */
export type PullTips = { headSha: string; baseSha: string | null };
