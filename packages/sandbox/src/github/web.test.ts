import fs from 'node:fs/promises';
import path from 'node:path';
import {
  FAST_GITHUB,
  gitClone,
  gitIn,
  octokitFor,
  publishPullRequest,
  settledStatus,
} from '../__testUtils__/github';
import type { Octokit } from 'octokit';
import { startSandbox, type Sandbox } from '../startSandbox';

/*
 * What a person meets: the pull request's page behind its html_url, with the
 * merge button, and git over smart HTTP, pushing included.
 */

// Every call spawns git; on a busy two-core machine a test takes seconds, not ms.
jest.setTimeout(30_000);

const repo = { owner: 'lz-demo', repo: 'infrastructure' };

describe('the GitHub side for people', () => {
  let sandbox: Sandbox;
  let octokit: Octokit;
  const clones: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ github: FAST_GITHUB });
    octokit = octokitFor(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
    await Promise.all(
      clones.map(c => fs.rm(path.dirname(c), { recursive: true, force: true })),
    );
  });

  it('shows a pull request at its html_url and merges it from the form', async () => {
    const { outputs } = await publishPullRequest(
      sandbox,
      {
        branchName: 'docs/runbook',
        title: 'Runbook <for> on-call',
        description: 'How to page the platform team',
      },
      { 'docs/runbook.md': '# Runbook\n\nPage the platform team.\n' },
    );
    const { data: pr } = await octokit.rest.pulls.get({
      ...repo,
      pull_number: outputs.pullRequestNumber,
    });
    await settledStatus(octokit, pr.head.sha, 'atlantis/plan');

    const page = await fetch(outputs.remoteUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('Runbook &lt;for&gt; on-call');
    expect(html).toContain('<span class="state open">Open</span>');
    expect(html).toContain('<code>docs/runbook</code>');
    expect(html).toContain('<code>docs/runbook.md</code>');
    expect(html).toContain('<span class="add">+Page the platform team.</span>');
    expect(html).toContain('<b>atlantis/plan</b></td><td>Plan succeeded.</td>');
    const nonce = /name="nonce" value="([^"]+)"/.exec(html)![1];

    // Another site cannot post the form: it does not know the page's nonce.
    const forged = await fetch(`${outputs.remoteUrl}/merge`, {
      method: 'POST',
      body: new URLSearchParams({ merge_method: 'merge' }),
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);

    const merged = await fetch(`${outputs.remoteUrl}/merge`, {
      method: 'POST',
      body: new URLSearchParams({
        nonce,
        sha: pr.head.sha,
        merge_method: 'squash',
      }),
      redirect: 'manual',
    });
    expect(merged.status).toBe(303);
    expect(merged.headers.get('location')).toBe(outputs.remoteUrl);
    const { data: after } = await octokit.rest.pulls.get({
      ...repo,
      pull_number: pr.number,
    });
    expect(after).toMatchObject({
      merged: true,
      merged_by: { login: 'demo-reviewer' },
    });
    const mergedPage = await fetch(outputs.remoteUrl).then(r => r.text());
    expect(mergedPage).toContain('<span class="state merged">Merged</span>');
    expect(mergedPage).toContain(
      '<b>demo-reviewer</b> merged 1 commit into <code>main</code> from <code>docs/runbook</code>',
    );
    const listing = await fetch(`${sandbox.url}/github/lz-demo/infrastructure`);
    expect(await listing.text()).toContain('#1 Runbook &lt;for&gt; on-call');
    const avatar = await fetch(`${sandbox.url}/github/avatars/lz-portal`);
    expect(avatar.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('takes a push to a pull request’s branch with the token, plans the new head, and refuses one without', async () => {
    const { outputs } = await publishPullRequest(
      sandbox,
      { branchName: 'docs/more', title: 'More docs', description: 'More' },
      { 'docs/more.md': 'more\n' },
    );
    const cloneUrl = sandbox.github!.cloneUrl('lz-demo', 'infrastructure');
    const clone = await gitClone(cloneUrl, 'docs/more');
    clones.push(clone);
    await fs.writeFile(
      path.join(clone, 'docs/more.md'),
      'more, and then some\n',
    );
    await gitIn(clone, ['commit', '--quiet', '-am', 'Then some']);

    await expect(
      gitIn(clone, ['push', '--quiet', 'origin', 'docs/more']),
    ).rejects.toThrow(/401|Authentication failed|could not read Username/);
    const authenticated = cloneUrl.replace(
      'http://',
      `http://x-access-token:${sandbox.github!.token}@`,
    );
    await gitIn(clone, ['push', '--quiet', authenticated, 'docs/more']);
    const head = (await gitIn(clone, ['rev-parse', 'HEAD'])).trim();

    const { data: pr } = await octokit.rest.pulls.get({
      ...repo,
      pull_number: outputs.pullRequestNumber,
    });
    expect(pr).toMatchObject({ head: { sha: head }, commits: 2 });
    const plan = await settledStatus(octokit, head, 'atlantis/plan');
    expect(plan.state).toBe('success');

    // Deleting the branch closes its pull request, as GitHub does.
    await gitIn(clone, ['push', '--quiet', authenticated, ':docs/more']);
    const { data: closed } = await octokit.rest.pulls.get({
      ...repo,
      pull_number: pr.number,
    });
    expect(closed).toMatchObject({ state: 'closed', merged: false });
  });

  it('answers 404 for a repository it does not hold, over git and the web', async () => {
    const git = await fetch(
      `${sandbox.url}/github/git/lz-demo/nope.git/info/refs?service=git-upload-pack`,
    );
    expect(git.status).toBe(404);
    const web = await fetch(`${sandbox.url}/github/lz-demo/nope/pull/1`);
    expect(web.status).toBe(404);
  });
});
