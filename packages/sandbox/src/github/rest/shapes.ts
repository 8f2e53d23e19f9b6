import type { GithubHost } from '../GithubHost';
import type {
  FileChange,
  GitCommit,
  GitPerson,
  TreeEntry,
} from '../git/BareRepository';
import type { HostedRepository } from '../model/HostedRepository';
import type {
  CommitStatus,
  IssueComment,
  PullRequest,
  PullTips,
} from '../model/types';
import { hashHex } from '../../org/ids';

/*
 * The JSON GitHub's REST API v3 answers, field for field where a client may read
 * it (octokit's types, @octokit/openapi-types). URLs point back at the sandbox:
 * the API under /github/api/v3, pages under /github, git under /github/git.
 */

/** Where things live on this sandbox. */
export class Urls {
  readonly api: string;
  readonly html: string;
  readonly git: string;

  constructor(origin: string) {
    this.api = `${origin}/github/api/v3`;
    this.html = `${origin}/github`;
    this.git = `${origin}/github/git`;
  }

  repoApi(repo: HostedRepository): string {
    return `${this.api}/repos/${repo.fullName}`;
  }

  repoHtml(repo: HostedRepository): string {
    return `${this.html}/${repo.fullName}`;
  }

  pullHtml(repo: HostedRepository, number: number): string {
    return `${this.repoHtml(repo)}/pull/${number}`;
  }

  cloneUrl(repo: HostedRepository): string {
    return `${this.git}/${repo.fullName}.git`;
  }
}

/** A node id in GitHub's legacy form, base64 of `0<length>:<Type><id>`. */
function nodeId(type: string, id: number | string): string {
  const text = `${type}${id}`;
  return Buffer.from(`0${type.length}:${text}`).toString('base64');
}

export function userShape(host: GithubHost, urls: Urls, login: string) {
  const user = host.user(login);
  const url = `${urls.api}/users/${login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type, user.id),
    avatar_url: `${urls.html}/avatars/${encodeURIComponent(login)}`,
    gravatar_id: '',
    url,
    html_url: `${urls.html}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** The user behind a commit's email, when it is one of the sandbox's noreply addresses. */
function userByEmail(host: GithubHost, urls: Urls, email: string) {
  const match = /^([^@]+)@users\.noreply\.example\.com$/.exec(email);
  return match ? userShape(host, urls, match[1]) : null;
}

export function repoShape(
  host: GithubHost,
  urls: Urls,
  repo: HostedRepository,
) {
  const api = urls.repoApi(repo);
  const html = urls.repoHtml(repo);
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: false,
    owner: userShape(host, urls, repo.owner),
    html_url: html,
    description: repo.description,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issues_url: `${api}/issues{/number}`,
    labels_url: `${api}/labels{/name}`,
    pulls_url: `${api}/pulls{/number}`,
    statuses_url: `${api}/statuses/{sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    git_url: urls.cloneUrl(repo),
    ssh_url: urls.cloneUrl(repo),
    clone_url: urls.cloneUrl(repo),
    svn_url: html,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: 'HCL',
    has_issues: true,
    has_projects: false,
    has_downloads: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    archived: false,
    disabled: false,
    open_issues_count: repo.pulls.filter(p => p.state === 'open').length,
    license: null,
    allow_forking: false,
    is_template: false,
    topics: [],
    visibility: 'public',
    forks: 0,
    open_issues: repo.pulls.filter(p => p.state === 'open').length,
    watchers: 0,
    default_branch: repo.defaultBranch,
    permissions: {
      admin: true,
      maintain: true,
      push: true,
      triage: true,
      pull: true,
    },
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    pushed_at: repo.pushedAt,
  };
}

function personShape(person: GitPerson) {
  return { name: person.name, email: person.email, date: person.date };
}

const UNSIGNED = {
  verified: false,
  reason: 'unsigned',
  signature: null,
  payload: null,
  verified_at: null,
};

function parentsShape(urls: Urls, repo: HostedRepository, commit: GitCommit) {
  return commit.parents.map(sha => ({
    sha,
    url: `${urls.repoApi(repo)}/commits/${sha}`,
    html_url: `${urls.repoHtml(repo)}/commit/${sha}`,
  }));
}

/** `GET /repos/{o}/{r}/git/commits/{sha}` and what `POST /git/commits` answers. */
export function gitCommitShape(
  urls: Urls,
  repo: HostedRepository,
  commit: GitCommit,
) {
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: `${urls.repoApi(repo)}/git/commits/${commit.sha}`,
    html_url: `${urls.repoHtml(repo)}/commit/${commit.sha}`,
    author: personShape(commit.author),
    committer: personShape(commit.committer),
    tree: {
      sha: commit.tree,
      url: `${urls.repoApi(repo)}/git/trees/${commit.tree}`,
    },
    message: commit.message,
    parents: commit.parents.map(sha => ({
      sha,
      url: `${urls.repoApi(repo)}/git/commits/${sha}`,
      html_url: `${urls.repoHtml(repo)}/commit/${sha}`,
    })),
    verification: UNSIGNED,
  };
}

/** `GET /repos/{o}/{r}/commits` items; with `files`, the single-commit answer. */
export function repoCommitShape(
  host: GithubHost,
  urls: Urls,
  repo: HostedRepository,
  commit: GitCommit,
  files?: FileChange[],
) {
  const shape = {
    url: `${urls.repoApi(repo)}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    html_url: `${urls.repoHtml(repo)}/commit/${commit.sha}`,
    comments_url: `${urls.repoApi(repo)}/commits/${commit.sha}/comments`,
    commit: {
      url: `${urls.repoApi(repo)}/git/commits/${commit.sha}`,
      author: personShape(commit.author),
      committer: personShape(commit.committer),
      message: commit.message,
      tree: {
        sha: commit.tree,
        url: `${urls.repoApi(repo)}/git/trees/${commit.tree}`,
      },
      comment_count: 0,
      verification: UNSIGNED,
    },
    author: userByEmail(host, urls, commit.author.email),
    committer: userByEmail(host, urls, commit.committer.email),
    parents: parentsShape(urls, repo, commit),
  };
  if (!files) return shape;
  const additions = files.reduce((n, f) => n + f.additions, 0);
  const deletions = files.reduce((n, f) => n + f.deletions, 0);
  return {
    ...shape,
    stats: { total: additions + deletions, additions, deletions },
    files: files.map(f => fileShape(urls, repo, commit.sha, f)),
  };
}

/** One file of a pull request or commit; `ref` is the commit its URLs read from. */
export function fileShape(
  urls: Urls,
  repo: HostedRepository,
  ref: string,
  file: FileChange,
) {
  const encoded = file.path.split('/').map(encodeURIComponent).join('/');
  return {
    sha: file.sha,
    filename: file.path,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${urls.repoHtml(repo)}/blob/${ref}/${encoded}`,
    raw_url: `${urls.repoHtml(repo)}/raw/${ref}/${encoded}`,
    contents_url: `${urls.repoApi(repo)}/contents/${encoded}?ref=${ref}`,
    ...(file.patch !== undefined ? { patch: file.patch } : {}),
  };
}

export function refShape(
  urls: Urls,
  repo: HostedRepository,
  ref: string,
  sha: string,
  type = 'commit',
) {
  return {
    ref,
    node_id: nodeId('Ref', `${repo.id}:${ref}`),
    url: `${urls.repoApi(repo)}/git/${ref}`,
    object: {
      sha,
      type,
      url: `${urls.repoApi(repo)}/git/${type}s/${sha}`,
    },
  };
}

export function treeShape(
  urls: Urls,
  repo: HostedRepository,
  sha: string,
  entries: TreeEntry[],
) {
  return {
    sha,
    url: `${urls.repoApi(repo)}/git/trees/${sha}`,
    tree: entries.map(e => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === 'blob' ? { size: e.size } : {}),
      url: `${urls.repoApi(repo)}/git/${
        e.type === 'tree' ? 'trees' : 'blobs'
      }/${e.sha}`,
    })),
    truncated: false,
  };
}

/** Base64 as GitHub sends it: broken into lines of 60 characters. */
export function base64Lines(content: Buffer): string {
  const text = content.toString('base64');
  return `${text.replace(/(.{60})/g, '$1\n')}${
    text.length % 60 === 0 ? '' : '\n'
  }`;
}

export function labelShape(urls: Urls, repo: HostedRepository, name: string) {
  const id = parseInt(hashHex(`label|${repo.id}|${name}`, 7), 16);
  return {
    id,
    node_id: nodeId('Label', id),
    url: `${urls.repoApi(repo)}/labels/${encodeURIComponent(name)}`,
    name,
    color: 'ededed',
    default: false,
    description: null,
  };
}

export function statusShape(
  host: GithubHost,
  urls: Urls,
  repo: HostedRepository,
  sha: string,
  status: CommitStatus,
) {
  return {
    url: `${urls.repoApi(repo)}/statuses/${sha}`,
    avatar_url: `${urls.html}/avatars/${encodeURIComponent(status.creator)}`,
    id: status.id,
    node_id: nodeId('StatusContext', status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    creator: userShape(host, urls, status.creator),
  };
}

export function combinedStatusShape(
  host: GithubHost,
  urls: Urls,
  repo: HostedRepository,
  sha: string,
) {
  const { state, statuses } = repo.combinedStatus(sha);
  return {
    state,
    statuses: statuses.map(s => statusShape(host, urls, repo, sha, s)),
    sha,
    total_count: statuses.length,
    repository: repoShape(host, urls, repo),
    commit_url: `${urls.repoApi(repo)}/commits/${sha}`,
    url: `${urls.repoApi(repo)}/commits/${sha}/status`,
  };
}

export function commentShape(
  host: GithubHost,
  urls: Urls,
  repo: HostedRepository,
  pr: PullRequest,
  comment: IssueComment,
) {
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url: `${urls.repoApi(repo)}/issues/comments/${comment.id}`,
    html_url: `${urls.pullHtml(repo, pr.number)}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userShape(host, urls, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${urls.repoApi(repo)}/issues/${pr.number}`,
    author_association: associationOf(comment.user),
    performed_via_github_app: null,
  };
}

export function associationOf(login: string): string {
  return login.endsWith('[bot]') ? 'NONE' : 'MEMBER';
}

function branchShape(
  host: GithubHost,
  urls: Urls,
  repo: HostedRepository,
  ref: string,
  sha: string | null,
) {
  return {
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: userShape(host, urls, repo.owner),
    repo: repoShape(host, urls, repo),
  };
}

/** A pull request as lists show it; {@link fullPullShape} adds what `GET /pulls/{n}` computes. */
export function pullShape(
  host: GithubHost,
  urls: Urls,
  repo: HostedRepository,
  pr: PullRequest,
  tips: PullTips,
) {
  const api = `${urls.repoApi(repo)}/pulls/${pr.number}`;
  const issue = `${urls.repoApi(repo)}/issues/${pr.number}`;
  const html = urls.pullHtml(repo, pr.number);
  const statuses = `${urls.repoApi(repo)}/statuses/${tips.headSha}`;
  return {
    url: api,
    id: pr.id,
    node_id: nodeId('PullRequest', pr.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${urls.repoApi(repo)}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: statuses,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: userShape(host, urls, pr.user),
    body: pr.body,
    labels: pr.labels.map(l => labelShape(urls, repo, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: pr.assignees[0] ? userShape(host, urls, pr.assignees[0]) : null,
    assignees: pr.assignees.map(a => userShape(host, urls, a)),
    requested_reviewers: pr.requestedReviewers.map(r =>
      userShape(host, urls, r),
    ),
    requested_teams: pr.requestedTeams.map(t => teamShape(urls, repo, t)),
    head: branchShape(host, urls, repo, pr.head, tips.headSha),
    base: branchShape(host, urls, repo, pr.base, tips.baseSha),
    _links: {
      self: { href: api },
      html: { href: html },
      issue: { href: issue },
      comments: { href: `${issue}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: {
        href: `${urls.repoApi(repo)}/pulls/comments{/number}`,
      },
      commits: { href: `${api}/commits` },
      statuses: { href: statuses },
    },
    author_association: associationOf(pr.user),
    auto_merge: null,
    draft: pr.draft,
  };
}

export function fullPullShape(
  host: GithubHost,
  urls: Urls,
  repo: HostedRepository,
  pr: PullRequest,
  tips: PullTips,
  facts: {
    commits: number;
    files: FileChange[];
    mergeable: boolean | null;
  },
) {
  const { state } = repo.combinedStatus(tips.headSha);
  let mergeableState = 'unknown';
  if (pr.state === 'open') {
    if (facts.mergeable === false) mergeableState = 'dirty';
    else if (pr.draft) mergeableState = 'draft';
    else if (state === 'failure') mergeableState = 'unstable';
    else mergeableState = 'clean';
  }
  return {
    ...pullShape(host, urls, repo, pr, tips),
    merged: pr.mergedAt !== null,
    mergeable: facts.mergeable,
    rebaseable: facts.mergeable,
    mergeable_state: mergeableState,
    merged_by: pr.mergedBy ? userShape(host, urls, pr.mergedBy) : null,
    comments: pr.comments.length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: facts.commits,
    additions: facts.files.reduce((n, f) => n + f.additions, 0),
    deletions: facts.files.reduce((n, f) => n + f.deletions, 0),
    changed_files: facts.files.length,
  };
}

export function teamShape(urls: Urls, repo: HostedRepository, slug: string) {
  const id = parseInt(hashHex(`team|${repo.owner}|${slug}`, 7), 16);
  return {
    id,
    node_id: nodeId('Team', id),
    url: `${urls.api}/orgs/${repo.owner}/teams/${slug}`,
    html_url: `${urls.html}/orgs/${repo.owner}/teams/${slug}`,
    name: slug,
    slug,
    description: null,
    privacy: 'closed',
    permission: 'push',
    parent: null,
  };
}

/** The pull request as `GET /repos/{o}/{r}/issues/{n}` shows it. */
export function issueShape(
  host: GithubHost,
  urls: Urls,
  repo: HostedRepository,
  pr: PullRequest,
) {
  const issue = `${urls.repoApi(repo)}/issues/${pr.number}`;
  const html = urls.pullHtml(repo, pr.number);
  return {
    url: issue,
    repository_url: urls.repoApi(repo),
    labels_url: `${issue}/labels{/name}`,
    comments_url: `${issue}/comments`,
    events_url: `${issue}/events`,
    html_url: html,
    id: pr.id,
    node_id: nodeId('PullRequest', pr.id),
    number: pr.number,
    title: pr.title,
    user: userShape(host, urls, pr.user),
    labels: pr.labels.map(l => labelShape(urls, repo, l)),
    state: pr.state,
    locked: false,
    assignee: pr.assignees[0] ? userShape(host, urls, pr.assignees[0]) : null,
    assignees: pr.assignees.map(a => userShape(host, urls, a)),
    milestone: null,
    comments: pr.comments.length,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    author_association: associationOf(pr.user),
    active_lock_reason: null,
    draft: pr.draft,
    pull_request: {
      url: `${urls.repoApi(repo)}/pulls/${pr.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: pr.mergedAt,
    },
    body: pr.body,
    state_reason: pr.mergedAt || pr.state === 'open' ? null : 'completed',
  };
}
