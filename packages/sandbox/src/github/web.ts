import type { SandboxRequest, SandboxResponse } from '../server/types';
import { GithubApiError } from './errors';
import type { GithubHost, MergeMethod } from './GithubHost';
import type { HostedRepository } from './model/HostedRepository';
import type { PullRequest } from './model/types';
import type { Urls } from './rest/shapes';

/*
 * Pages a person opens from the portal's links (`html_url`s): a repository with
 * its pull requests, a pull request with its files, checks, comments and a merge
 * button, a file, a commit. Plain HTML, no scripts. The merge form acts as the
 * demo's reviewer and carries a per-start nonce, so other web pages cannot post it.
 */

/** Who merges from the browser. */
export const WEB_REVIEWER = 'demo-reviewer';

const MERGE_METHODS: MergeMethod[] = ['merge', 'squash', 'rebase'];

/** Text made safe inside HTML, attributes included. */
function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );
}

const STYLE = `
body{font:14px/1.5 system-ui,sans-serif;max-width:980px;margin:24px auto;padding:0 16px;color:#1f2328}
a{color:#0969da}h1{font-size:24px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#59636e}.state{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-weight:600}
.open{background:#1f883d}.closed{background:#cf222e}.merged{background:#8250df}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #d0d7de;vertical-align:top}
pre{background:#f6f8fa;padding:8px;overflow:auto;font:12px/1.45 ui-monospace,monospace;margin:0 0 12px}
.add{background:#dafbe1;display:block}.del{background:#ffebe9;display:block}.hunk{color:#59636e;display:block}
.success{color:#1f883d}.failure,.error{color:#cf222e}.pending{color:#9a6700}
.comment{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:8px 0;white-space:pre-wrap}
.notice{border:1px solid #cf222e;background:#ffebe9;padding:8px 12px;border-radius:6px}
form{margin:12px 0}button{font:inherit;padding:5px 16px;border-radius:6px;border:1px solid #1a7f37;background:#1f883d;color:#fff;cursor:pointer}`;

function page(title: string, body: string, status = 200): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(
      title,
    )}</title><style>${STYLE}</style></head><body>${body}</body></html>`,
  };
}

function text(status: number, body: string | Buffer): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body,
  };
}

function stateBadge(pr: PullRequest): string {
  const state = pr.mergedAt ? 'merged' : pr.state;
  return `<span class="state ${state}">${state[0].toUpperCase()}${state.slice(
    1,
  )}</span>`;
}

function lineClass(line: string): string | undefined {
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return undefined;
}

function patchHtml(patch: string): string {
  return patch
    .split('\n')
    .map(line => {
      const cls = lineClass(line);
      return cls
        ? `<span class="${cls}">${escapeHtml(line)}</span>`
        : `${escapeHtml(line)}\n`;
    })
    .join('');
}

export class WebPages {
  readonly #host: GithubHost;
  readonly #urls: () => Urls;
  readonly #nonce: string;

  static create(options: {
    host: GithubHost;
    urls: () => Urls;
    nonce: string;
  }): WebPages {
    return new WebPages(options);
  }

  private constructor(options: {
    host: GithubHost;
    urls: () => Urls;
    nonce: string;
  }) {
    this.#host = options.host;
    this.#urls = options.urls;
    this.#nonce = options.nonce;
  }

  /** `rest` is the path below `/github/`, e.g. `lz-demo/infrastructure/pull/1`. */
  async handle(
    request: SandboxRequest,
    rest: string,
  ): Promise<SandboxResponse> {
    const avatar = /^avatars\/([^/]+)$/.exec(rest);
    if (avatar) return avatarSvg(decodeURIComponent(avatar[1]));
    const [owner, name, kind, ...more] = rest.split('/');
    const repo = owner && name ? this.#host.repo(owner, name) : undefined;
    if (!repo) return page('Not Found', '<h1>Not Found</h1>', 404);
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    if (
      method === 'GET' &&
      (kind === undefined || kind === '' || kind === 'pulls')
    ) {
      return this.#repoPage(repo);
    }
    if (kind === 'pull' && more.length >= 1) {
      const diff = /^(\d+)\.(diff|patch)$/.exec(more[0]);
      const pr = repo.pull(Number(diff ? diff[1] : more[0]));
      if (!pr) return page('Not Found', '<h1>Not Found</h1>', 404);
      if (diff && method === 'GET') return this.#diff(repo, pr);
      if (method === 'POST' && more[1] === 'merge') {
        return this.#merge(repo, pr, request);
      }
      if (method === 'GET' && more.length === 1)
        return this.#pullPage(repo, pr);
    }
    if (
      method === 'GET' &&
      (kind === 'blob' || kind === 'raw') &&
      more.length >= 2
    ) {
      return this.#file(
        repo,
        kind,
        more[0],
        more.slice(1).map(decodeURIComponent).join('/'),
      );
    }
    if (method === 'GET' && kind === 'commit' && more.length === 1) {
      return this.#commit(repo, more[0]);
    }
    return page('Not Found', '<h1>Not Found</h1>', 404);
  }

  async #repoPage(repo: HostedRepository): Promise<SandboxResponse> {
    const urls = this.#urls();
    const refs = await repo.git.refs();
    const branches = [...refs.keys()]
      .filter(r => r.startsWith('refs/heads/'))
      .map(r => `<li><code>${escapeHtml(r.slice(11))}</code></li>`)
      .join('');
    const rows = [...repo.pulls]
      .reverse()
      .map(
        pr =>
          `<tr><td>${stateBadge(pr)}</td><td><a href="${escapeHtml(
            urls.pullHtml(repo, pr.number),
          )}">#${pr.number} ${escapeHtml(
            pr.title,
          )}</a></td><td><code>${escapeHtml(
            pr.head,
          )}</code> → <code>${escapeHtml(pr.base)}</code></td><td>${escapeHtml(
            pr.updatedAt,
          )}</td></tr>`,
      )
      .join('');
    return page(
      repo.fullName,
      `<h1>${escapeHtml(repo.fullName)}</h1><p class="meta">${escapeHtml(
        repo.description,
      )}</p><p>Clone: <code>git clone ${escapeHtml(
        urls.cloneUrl(repo),
      )}</code></p>
      <h2>Pull requests</h2>${
        rows
          ? `<table>${rows}</table>`
          : '<p class="meta">No pull requests yet.</p>'
      }<h2>Branches</h2><ul>${branches}</ul>`,
    );
  }

  async #pullPage(
    repo: HostedRepository,
    pr: PullRequest,
    notice?: string,
    status = 200,
  ): Promise<SandboxResponse> {
    const urls = this.#urls();
    const tips = await repo.tipsOf(pr);
    const { files, commits } = await repo.changesOf(tips);
    const combined = repo.combinedStatus(tips.headSha);
    const checks = (sha: string) =>
      repo
        .combinedStatus(sha)
        .statuses.map(
          s =>
            `<tr><td class="${s.state}">● ${escapeHtml(
              s.state,
            )}</td><td><b>${escapeHtml(s.context)}</b></td><td>${escapeHtml(
              s.description ?? '',
            )}</td></tr>`,
        )
        .join('');
    const headChecks = checks(tips.headSha);
    const mergeChecks = pr.mergeCommitSha ? checks(pr.mergeCommitSha) : '';
    const fileList = files
      .map(
        f =>
          `<h3><code>${escapeHtml(f.path)}</code> <span class="meta">${
            f.status
          }, +${f.additions} −${f.deletions}</span></h3>${
            f.patch !== undefined
              ? `<pre>${patchHtml(f.patch)}</pre>`
              : '<p class="meta">Binary file</p>'
          }`,
      )
      .join('');
    const comments = pr.comments
      .map(
        c =>
          `<div class="comment" id="issuecomment-${c.id}"><b>${escapeHtml(
            c.user,
          )}</b> <span class="meta">${escapeHtml(
            c.createdAt,
          )}</span>\n${escapeHtml(c.body)}</div>`,
      )
      .join('');
    let mergeBox = '';
    if (pr.state === 'open') {
      const mergeable =
        tips.baseSha !== null &&
        (await repo.git.mergeTrees(tips.baseSha, tips.headSha)).conflicts
          .length === 0;
      mergeBox = mergeable
        ? `<form method="post" action="${escapeHtml(
            `${urls.pullHtml(repo, pr.number)}/merge`,
          )}"><input type="hidden" name="nonce" value="${escapeHtml(
            this.#nonce,
          )}">
          <input type="hidden" name="sha" value="${escapeHtml(tips.headSha)}">
          <select name="merge_method">${MERGE_METHODS.map(
            m => `<option value="${m}">${m}</option>`,
          ).join('')}</select>
          <button type="submit">Merge pull request</button>
          <span class="meta">as ${WEB_REVIEWER}; checks: ${escapeHtml(
            combined.state,
          )}</span></form>`
        : '<p class="notice">This branch has conflicts with the base branch and cannot be merged.</p>';
    }
    return page(
      `${pr.title} · #${pr.number}`,
      `<p><a href="${escapeHtml(urls.repoHtml(repo))}">${escapeHtml(
        repo.fullName,
      )}</a></p>
      <h1>${escapeHtml(pr.title)} <span class="meta">#${pr.number}</span></h1>
      <p>${stateBadge(pr)} ${this.#summary(repo, pr, commits.length)}</p>
      ${notice ? `<p class="notice">${escapeHtml(notice)}</p>` : ''}
      ${pr.body ? `<div class="comment">${escapeHtml(pr.body)}</div>` : ''}
      <h2>Checks on <code>${escapeHtml(tips.headSha.slice(0, 7))}</code></h2>${
        headChecks
          ? `<table>${headChecks}</table>`
          : '<p class="meta">No checks yet.</p>'
      }
      ${
        mergeChecks
          ? `<h2>Checks on the merge commit <code>${escapeHtml(
              pr.mergeCommitSha!.slice(0, 7),
            )}</code></h2><table>${mergeChecks}</table>`
          : ''
      }
      ${mergeBox}
      <h2>Files changed (${files.length})</h2>${fileList}
      <h2>Conversation</h2>${comments || '<p class="meta">No comments.</p>'}`,
      status,
    );
  }

  /** GitHub's line under the title: who wants to merge, or merged, what into what. */
  #summary(repo: HostedRepository, pr: PullRequest, commits: number): string {
    const count = `${commits} commit${commits === 1 ? '' : 's'}`;
    const branches = `<code>${escapeHtml(
      pr.base,
    )}</code> from <code>${escapeHtml(pr.head)}</code>`;
    if (pr.mergedAt && pr.mergeCommitSha) {
      const commit = `${this.#urls().repoHtml(repo)}/commit/${
        pr.mergeCommitSha
      }`;
      return `<b>${escapeHtml(
        pr.mergedBy ?? '',
      )}</b> merged ${count} into ${branches} at ${escapeHtml(
        pr.mergedAt,
      )} as <a href="${escapeHtml(commit)}"><code>${pr.mergeCommitSha.slice(
        0,
        7,
      )}</code></a>`;
    }
    if (pr.state === 'closed') {
      return `<b>${escapeHtml(
        pr.user,
      )}</b> proposed ${count} into ${branches}; closed at ${escapeHtml(
        pr.closedAt ?? '',
      )} without merging`;
    }
    return `<b>${escapeHtml(
      pr.user,
    )}</b> wants to merge ${count} into ${branches}`;
  }

  async #merge(
    repo: HostedRepository,
    pr: PullRequest,
    request: SandboxRequest,
  ): Promise<SandboxResponse> {
    const form = new URLSearchParams(request.body.toString('utf8'));
    if (form.get('nonce') !== this.#nonce) {
      return text(403, 'The merge form is only accepted from its own page.');
    }
    const method = form.get('merge_method') as MergeMethod | null;
    try {
      await this.#host.mergePull(
        repo,
        pr,
        {
          sha: form.get('sha') ?? undefined,
          method: method && MERGE_METHODS.includes(method) ? method : 'merge',
        },
        WEB_REVIEWER,
      );
    } catch (e) {
      if (e instanceof GithubApiError) {
        return this.#pullPage(repo, pr, e.message, e.status);
      }
      throw e;
    }
    return {
      status: 303,
      headers: { location: this.#urls().pullHtml(repo, pr.number) },
      body: '',
    };
  }

  async #diff(
    repo: HostedRepository,
    pr: PullRequest,
  ): Promise<SandboxResponse> {
    const tips = await repo.tipsOf(pr);
    const { files } = await repo.changesOf(tips);
    return text(
      200,
      files
        .map(f => `--- ${f.path} (${f.status})\n${f.patch ?? 'Binary file'}\n`)
        .join('\n'),
    );
  }

  async #file(
    repo: HostedRepository,
    kind: 'blob' | 'raw',
    ref: string,
    filePath: string,
  ): Promise<SandboxResponse> {
    const refs = await repo.git.refs();
    const sha =
      refs.get(`refs/heads/${ref}`) ??
      (/^[0-9a-f]{4,40}$/.test(ref)
        ? await repo.git.resolve(`${ref}^{commit}`)
        : undefined);
    const entry = sha ? await repo.git.entryAt(sha, filePath) : undefined;
    if (!entry || entry.type !== 'blob')
      return page('Not Found', '<h1>Not Found</h1>', 404);
    const content = (await repo.git.readBlob(entry.sha)) ?? Buffer.alloc(0);
    if (kind === 'raw') return text(200, content);
    return page(
      filePath,
      `<p><a href="${escapeHtml(this.#urls().repoHtml(repo))}">${escapeHtml(
        repo.fullName,
      )}</a> · <code>${escapeHtml(ref)}</code></p><h1><code>${escapeHtml(
        filePath,
      )}</code></h1><pre>${escapeHtml(content.toString('utf8'))}</pre>`,
    );
  }

  async #commit(repo: HostedRepository, sha: string): Promise<SandboxResponse> {
    const commit = await repo.git.readCommit(sha);
    if (!commit) return page('Not Found', '<h1>Not Found</h1>', 404);
    const files = await repo.git.diff(commit.parents[0], commit.sha);
    const checks = repo
      .combinedStatus(commit.sha)
      .statuses.map(
        s =>
          `<tr><td class="${s.state}">● ${escapeHtml(
            s.state,
          )}</td><td><b>${escapeHtml(s.context)}</b></td><td>${escapeHtml(
            s.description ?? '',
          )}</td></tr>`,
      )
      .join('');
    return page(
      commit.message.split('\n')[0],
      `<p><a href="${escapeHtml(this.#urls().repoHtml(repo))}">${escapeHtml(
        repo.fullName,
      )}</a></p><h1>${escapeHtml(commit.message.split('\n')[0])}</h1>
      <p class="meta"><code>${commit.sha}</code> · ${escapeHtml(
        commit.author.name,
      )} · ${escapeHtml(commit.author.date)}</p>
      <pre>${escapeHtml(commit.message)}</pre>
      ${checks ? `<h2>Checks</h2><table>${checks}</table>` : ''}
      <h2>Files (${files.length})</h2>${files
        .map(
          f =>
            `<h3><code>${escapeHtml(f.path)}</code> <span class="meta">${
              f.status
            }</span></h3>${
              f.patch !== undefined ? `<pre>${patchHtml(f.patch)}</pre>` : ''
            }`,
        )
        .join('')}`,
    );
  }
}

/** A round avatar with the login's first letter, coloured by the login. */
function avatarSvg(login: string): SandboxResponse {
  let hue = 0;
  for (const c of login) hue = (hue * 31 + c.charCodeAt(0)) % 360;
  return {
    status: 200,
    headers: {
      'content-type': 'image/svg+xml',
      'cache-control': 'max-age=3600',
    },
    body: `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><circle cx="32" cy="32" r="32" fill="hsl(${hue},55%,45%)"/><text x="32" y="42" font-family="sans-serif" font-size="30" fill="#fff" text-anchor="middle">${escapeHtml(
      (login[0] ?? '?').toUpperCase(),
    )}</text></svg>`,
  };
}
