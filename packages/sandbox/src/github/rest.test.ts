import { createHash } from 'node:crypto';
import type { Octokit, RequestError } from 'octokit';
import {
  FAST_GITHUB,
  octokitFor,
  settledStatus,
} from '../__testUtils__/github';
import { startSandbox, type Sandbox } from '../startSandbox';

/*
 * The REST API v3 with octokit (the client the scaffolder's GitHub module uses),
 * call by call: the git data API, pull requests, statuses, comments, errors and
 * paging, each answered from a real bare repository.
 */
const repo = { owner: 'lz-demo', repo: 'infrastructure' };

/** The error a call fails with (octokit's RequestError, from whichever copy of @octokit/request-error threw it). */
async function failure(call: Promise<unknown>): Promise<RequestError> {
  try {
    await call;
  } catch (e) {
    if (typeof (e as RequestError).status === 'number')
      return e as RequestError;
    throw e;
  }
  throw new Error('expected the call to fail');
}

// Every call spawns git; on a busy two-core machine a test takes seconds, not ms.
jest.setTimeout(30_000);

describe('GitHub REST API v3', () => {
  let sandbox: Sandbox;
  let octokit: Octokit;

  beforeAll(async () => {
    sandbox = await startSandbox({ github: FAST_GITHUB });
    octokit = octokitFor(sandbox);
  });
  afterAll(() => sandbox.close());

  /** A branch from main with `files` changed, through the git data API. */
  async function branchWith(
    branch: string,
    files: Record<string, string | null>,
    from = 'heads/main',
  ): Promise<string> {
    const { data: ref } = await octokit.rest.git.getRef({ ...repo, ref: from });
    const { data: base } = await octokit.rest.git.getCommit({
      ...repo,
      commit_sha: ref.object.sha,
    });
    const { data: tree } = await octokit.rest.git.createTree({
      ...repo,
      base_tree: base.tree.sha,
      tree: Object.entries(files).map(([path, content]) =>
        content === null
          ? { path, mode: '100644' as const, sha: null }
          : { path, mode: '100644' as const, content },
      ),
    });
    const { data: commit } = await octokit.rest.git.createCommit({
      ...repo,
      message: `Change ${Object.keys(files).join(', ')}`,
      tree: tree.sha,
      parents: [base.sha],
      author: {
        name: 'Pat',
        email: 'pat@example.com',
        date: '2025-06-01T12:00:00Z',
      },
    });
    await octokit.rest.git.createRef({
      ...repo,
      ref: `refs/heads/${branch}`,
      sha: commit.sha,
    });
    return commit.sha;
  }

  describe('authentication', () => {
    it('answers 401 without a token and with a wrong one, as GitHub does', async () => {
      const anonymous = await fetch(
        `${sandbox.github!.apiBaseUrl}/repos/lz-demo/infrastructure`,
      );
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({
        message: 'Requires authentication',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });

      const wrong = await failure(
        octokitFor(sandbox, 'ghp_not-the-sandbox-token').rest.repos.get(repo),
      );
      expect(wrong.status).toBe(401);
      expect(wrong.response?.data).toMatchObject({
        message: 'Bad credentials',
      });
      const wrongGraphql = await failure(
        octokitFor(sandbox, 'nope').graphql('{ viewer { login } }'),
      );
      expect(wrongGraphql.status).toBe(401);
    });

    it('accepts the token as Bearer and as token, and says who it is', async () => {
      const res = await fetch(`${sandbox.github!.apiBaseUrl}/user`, {
        headers: { authorization: `Bearer ${sandbox.github!.token}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        login: 'lz-portal',
        type: 'User',
      });
      const { data, headers } = await octokit.rest.users.getAuthenticated();
      expect(data.login).toBe('lz-portal');
      expect(headers['x-oauth-scopes']).toBe('repo, workflow');
    });
  });

  it('describes the seeded repository', async () => {
    const { data } = await octokit.rest.repos.get(repo);
    expect(data).toMatchObject({
      name: 'infrastructure',
      full_name: 'lz-demo/infrastructure',
      default_branch: 'main',
      private: false,
      owner: { login: 'lz-demo', type: 'Organization' },
      html_url: `${sandbox.url}/github/lz-demo/infrastructure`,
      clone_url: `${sandbox.url}/github/git/lz-demo/infrastructure.git`,
      permissions: { push: true, admin: true },
    });
    const { data: readme } = await octokit.rest.repos.getContent({
      ...repo,
      path: 'account-requests/terraform/sandbox-data.tf',
    });
    expect(readme).toMatchObject({ type: 'file', encoding: 'base64' });
    expect(
      Buffer.from((readme as { content: string }).content, 'base64').toString(),
    ).toContain('module "sandbox-data"');
    const { data: folder } = await octokit.rest.repos.getContent({
      ...repo,
      path: 'account-customizations',
    });
    expect(
      (folder as { name: string; type: string }[]).map(f => [f.name, f.type]),
    ).toEqual([
      ['README.md', 'file'],
      ['standard-vpc', 'dir'],
    ]);
    const raw = await octokit.request(
      'GET /repos/{owner}/{repo}/contents/{path}',
      {
        ...repo,
        path: 'README.md',
        mediaType: { format: 'raw' },
      },
    );
    expect(String(raw.data)).toMatch(/^# infrastructure\n/);
  });

  it('answers 404 with GitHub’s body for what does not exist', async () => {
    for (const call of [
      () => octokit.rest.repos.get({ owner: 'lz-demo', repo: 'nope' }),
      () => octokit.rest.pulls.get({ ...repo, pull_number: 999 }),
      () => octokit.rest.git.getRef({ ...repo, ref: 'heads/nope' }),
      () => octokit.rest.git.getBlob({ ...repo, file_sha: '0'.repeat(40) }),
      () => octokit.request('GET /nothing/here'),
    ]) {
      const error = await failure(call());
      expect(error.status).toBe(404);
      expect(error.response?.data).toEqual({
        message: expect.stringMatching(/not found/i),
        documentation_url: 'https://docs.github.com/rest',
        status: '404',
      });
    }
  });

  it('writes blobs, trees and commits as git objects, and moves refs like git', async () => {
    const { data: blob } = await octokit.rest.git.createBlob({
      ...repo,
      content: Buffer.from('binary\0bytes').toString('base64'),
      encoding: 'base64',
    });
    // git's own object id for these bytes: sha1 of "blob <size>\0<bytes>".
    expect(blob.sha).toBe(
      createHash('sha1').update('blob 12\0binary\0bytes').digest('hex'),
    );
    const { data: readBack } = await octokit.rest.git.getBlob({
      ...repo,
      file_sha: blob.sha,
    });
    expect(Buffer.from(readBack.content, 'base64').toString()).toBe(
      'binary\0bytes',
    );
    expect(readBack.size).toBe(12);

    const { data: main } = await octokit.rest.git.getRef({
      ...repo,
      ref: 'heads/main',
    });
    const { data: mainCommit } = await octokit.rest.git.getCommit({
      ...repo,
      commit_sha: main.object.sha,
    });
    const { data: tree } = await octokit.rest.git.createTree({
      ...repo,
      base_tree: mainCommit.tree.sha,
      tree: [
        { path: 'docs/blob.bin', mode: '100644', sha: blob.sha },
        { path: 'docs/notes.md', mode: '100644', content: '# notes\n' },
        { path: 'global-customizations', mode: '040000', sha: null },
      ],
    });
    const { data: full } = await octokit.rest.git.getTree({
      ...repo,
      tree_sha: tree.sha,
      recursive: 'true',
    });
    const paths = full.tree.map(e => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['docs/blob.bin', 'docs/notes.md', 'README.md']),
    );
    expect(paths.filter(p => p!.startsWith('global-customizations'))).toEqual(
      [],
    );

    const { data: commit } = await octokit.rest.git.createCommit({
      ...repo,
      message: 'Docs',
      tree: tree.sha,
      parents: [main.object.sha],
    });
    expect(commit).toMatchObject({
      message: 'Docs',
      tree: { sha: tree.sha },
      parents: [{ sha: main.object.sha }],
      author: { name: 'lz-portal' },
      verification: { verified: false },
    });

    const { data: created } = await octokit.rest.git.createRef({
      ...repo,
      ref: 'refs/heads/docs',
      sha: commit.sha,
    });
    expect(created).toMatchObject({
      ref: 'refs/heads/docs',
      object: { sha: commit.sha, type: 'commit' },
    });
    const again = await failure(
      octokit.rest.git.createRef({
        ...repo,
        ref: 'refs/heads/docs',
        sha: commit.sha,
      }),
    );
    expect([again.status, again.message]).toEqual([
      422,
      expect.stringContaining('Reference already exists'),
    ]);
    const badRef = await failure(
      octokit.rest.git.createRef({ ...repo, ref: 'docs2', sha: commit.sha }),
    );
    expect(badRef.status).toBe(422);
    const missing = await failure(
      octokit.rest.git.createRef({
        ...repo,
        ref: 'refs/heads/x',
        sha: 'f'.repeat(40),
      }),
    );
    expect([missing.status, missing.message]).toEqual([
      422,
      expect.stringContaining('Object does not exist'),
    ]);

    // Back to main is not a fast forward; with force it is allowed.
    const behind = await failure(
      octokit.rest.git.updateRef({
        ...repo,
        ref: 'heads/docs',
        sha: main.object.sha,
      }),
    );
    expect([behind.status, behind.message]).toEqual([
      422,
      expect.stringContaining('Update is not a fast forward'),
    ]);
    const { data: forced } = await octokit.rest.git.updateRef({
      ...repo,
      ref: 'heads/docs',
      sha: main.object.sha,
      force: true,
    });
    expect(forced.object.sha).toBe(main.object.sha);
    await octokit.rest.git.deleteRef({ ...repo, ref: 'heads/docs' });
    expect(
      (await failure(octokit.rest.git.getRef({ ...repo, ref: 'heads/docs' })))
        .status,
    ).toBe(404);

    const badTree = await failure(
      octokit.rest.git.createTree({
        ...repo,
        tree: [{ path: '../escape', mode: '100644', content: 'x' }],
      }),
    );
    expect(badTree.status).toBe(422);
  });

  it('opens, lists, reads and merges a pull request with its files, commits, statuses and comments', async () => {
    const head = await branchWith('feature/readme', {
      'README.md': '# infrastructure\n\nEdited.\n',
      'account-requests/terraform/sandbox-data.tf': null,
    });
    const { data: created, status } = await octokit.rest.pulls.create({
      ...repo,
      title: 'Edit the README',
      head: 'lz-demo:feature/readme',
      base: 'main',
      body: 'Words',
    });
    expect(status).toBe(201);
    expect(created).toMatchObject({
      number: 1,
      state: 'open',
      merged: false,
      mergeable: true,
      head: {
        ref: 'feature/readme',
        sha: head,
        label: 'lz-demo:feature/readme',
      },
      base: { ref: 'main' },
      html_url: `${sandbox.url}/github/lz-demo/infrastructure/pull/1`,
      commits: 1,
      changed_files: 2,
      deletions: expect.any(Number),
    });

    const duplicate = await failure(
      octokit.rest.pulls.create({
        ...repo,
        title: 'again',
        head: 'feature/readme',
        base: 'main',
      }),
    );
    expect(duplicate.status).toBe(422);
    expect(duplicate.response?.data).toMatchObject({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: 'A pull request already exists for lz-demo:feature/readme.',
        },
      ],
    });
    const unknownBase = await failure(
      octokit.rest.pulls.create({
        ...repo,
        title: 'x',
        head: 'feature/readme',
        base: 'nope',
      }),
    );
    expect(unknownBase.response?.data).toMatchObject({
      errors: [{ resource: 'PullRequest', field: 'base', code: 'invalid' }],
    });
    const missingTitle = await failure(
      octokit.request('POST /repos/{owner}/{repo}/pulls', {
        ...repo,
        head: 'feature/readme',
        base: 'main',
      }),
    );
    expect([missingTitle.status, missingTitle.message]).toEqual([
      422,
      expect.stringContaining('"title" wasn\'t supplied.'),
    ]);

    const { data: files } = await octokit.rest.pulls.listFiles({
      ...repo,
      pull_number: 1,
    });
    expect(files.map(f => [f.filename, f.status])).toEqual([
      ['README.md', 'modified'],
      ['account-requests/terraform/sandbox-data.tf', 'removed'],
    ]);
    expect(files[0].patch).toContain('+Edited.');
    const { data: commits } = await octokit.rest.pulls.listCommits({
      ...repo,
      pull_number: 1,
    });
    expect(
      commits.map(c => [c.sha, c.commit.author?.name, c.commit.author?.date]),
    ).toEqual([[head, 'Pat', '2025-06-01T12:00:00Z']]);

    // Statuses: posted by anyone with the token, combined per context.
    await octokit.rest.repos.createCommitStatus({
      ...repo,
      sha: head,
      state: 'failure',
      context: 'ci/lint',
      description: 'Lint failed',
    });
    await octokit.rest.repos.createCommitStatus({
      ...repo,
      sha: head,
      state: 'success',
      context: 'ci/lint',
      description: 'Lint passed',
      target_url: 'http://127.0.0.1/ci/1',
    });
    await settledStatus(octokit, head, 'atlantis/plan');
    const { data: combined } = await octokit.rest.repos.getCombinedStatusForRef(
      { ...repo, ref: 'feature/readme' },
    );
    expect(combined).toMatchObject({
      state: 'success',
      sha: head,
      total_count: 2,
    });
    expect(combined.statuses.find(s => s.context === 'ci/lint')).toMatchObject({
      state: 'success',
      description: 'Lint passed',
      target_url: 'http://127.0.0.1/ci/1',
      creator: { login: 'lz-portal' },
    });
    const { data: all } = await octokit.rest.repos.listCommitStatusesForRef({
      ...repo,
      ref: head,
    });
    expect(all.filter(s => s.context === 'ci/lint').map(s => s.state)).toEqual([
      'success',
      'failure',
    ]);
    const badState = await failure(
      // A route octokit has no types for, so that it sends what GitHub would refuse.
      octokit.request(`POST /repos/lz-demo/infrastructure/statuses/${head}`, {
        state: 'green',
      }),
    );
    expect(badState.status).toBe(422);
    const noCommit = await failure(
      octokit.rest.repos.createCommitStatus({
        ...repo,
        sha: 'a'.repeat(40),
        state: 'success',
      }),
    );
    expect(noCommit.status).toBe(422);

    // Comments, paged as GitHub pages: per_page, page and a Link header.
    for (const body of ['first', 'second', 'third']) {
      await octokit.rest.issues.createComment({
        ...repo,
        issue_number: 1,
        body,
      });
    }
    const firstPage = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: 1,
      per_page: 2,
    });
    expect(firstPage.data.map(c => c.body)).toEqual(['first', 'second']);
    expect(firstPage.headers.link).toContain('page=2');
    expect(firstPage.headers.link).toContain('rel="next"');
    const everything = await octokit.paginate(
      octokit.rest.issues.listComments,
      {
        ...repo,
        issue_number: 1,
        per_page: 1,
      },
    );
    expect(everything.map(c => c.body)).toEqual(['first', 'second', 'third']);
    expect(
      (
        await failure(
          octokit.rest.issues.createComment({
            ...repo,
            issue_number: 42,
            body: 'x',
          }),
        )
      ).status,
    ).toBe(404);

    // A merge with a stale head is refused; with the right one it lands.
    const stale = await failure(
      octokit.rest.pulls.merge({
        ...repo,
        pull_number: 1,
        sha: 'b'.repeat(40),
      }),
    );
    expect([stale.status, stale.message]).toEqual([
      409,
      expect.stringContaining('Head branch was modified'),
    ]);
    const { data: merged } = await octokit.rest.pulls.merge({
      ...repo,
      pull_number: 1,
      sha: head,
      merge_method: 'squash',
    });
    expect(merged).toMatchObject({
      merged: true,
      message: 'Pull Request successfully merged',
    });
    const { data: after } = await octokit.rest.pulls.get({
      ...repo,
      pull_number: 1,
    });
    expect(after).toMatchObject({
      state: 'closed',
      merged: true,
      merge_commit_sha: merged.sha,
      merged_by: { login: 'lz-portal' },
      head: { sha: head },
    });
    const { data: squashed } = await octokit.rest.repos.getCommit({
      ...repo,
      ref: 'main',
    });
    expect(squashed).toMatchObject({
      sha: merged.sha,
      commit: {
        message:
          'Edit the README (#1)\n\nChange README.md, account-requests/terraform/sandbox-data.tf',
      },
      parents: [{ sha: commits[0].parents[0].sha }],
    });
    expect(squashed.files?.map(f => f.filename)).toEqual([
      'README.md',
      'account-requests/terraform/sandbox-data.tf',
    ]);
    expect(
      (
        await octokit.request(
          'GET /repos/{owner}/{repo}/pulls/{pull_number}/merge',
          { ...repo, pull_number: 1 },
        )
      ).status,
    ).toBe(204);
    const twice = await failure(
      octokit.rest.pulls.merge({ ...repo, pull_number: 1 }),
    );
    expect([twice.status, twice.message]).toEqual([
      405,
      expect.stringContaining('Pull Request is not mergeable'),
    ]);
  });

  it('lists pull requests by state and pages them', async () => {
    await branchWith('feature/a', { 'a.txt': 'a\n' });
    await branchWith('feature/b', { 'b.txt': 'b\n' });
    const a = (
      await octokit.rest.pulls.create({
        ...repo,
        title: 'A',
        head: 'feature/a',
        base: 'main',
      })
    ).data;
    const b = (
      await octokit.rest.pulls.create({
        ...repo,
        title: 'B',
        head: 'feature/b',
        base: 'main',
      })
    ).data;
    await octokit.rest.pulls.update({
      ...repo,
      pull_number: b.number,
      state: 'closed',
    });

    const titles = async (state: 'open' | 'closed' | 'all') =>
      (await octokit.rest.pulls.list({ ...repo, state })).data.map(
        p => p.title,
      );
    expect(await titles('open')).toEqual(['A']);
    expect(await titles('closed')).toEqual(['B', 'Edit the README']);
    expect(await titles('all')).toEqual(['B', 'A', 'Edit the README']);
    const byHead = await octokit.rest.pulls.list({
      ...repo,
      state: 'all',
      head: 'lz-demo:feature/a',
    });
    expect(byHead.data.map(p => p.number)).toEqual([a.number]);

    const paged = await octokit.rest.pulls.list({
      ...repo,
      state: 'all',
      per_page: 1,
      page: 2,
    });
    expect(paged.data.map(p => p.title)).toEqual(['A']);
    expect(paged.headers.link).toMatch(/page=1[^>]*>; rel="prev"/);
    expect(paged.headers.link).toMatch(/page=3[^>]*>; rel="next"/);
    expect(paged.headers.link).toMatch(/page=3[^>]*>; rel="last"/);

    const { data: commits } = await octokit.rest.repos.listCommits({
      ...repo,
      sha: 'main',
      per_page: 1,
    });
    expect(commits).toHaveLength(1);
    expect(commits[0].commit.message).toMatch(/^Edit the README \(#1\)/);

    // Reopened, then merged with a merge commit.
    await octokit.rest.pulls.update({
      ...repo,
      pull_number: b.number,
      state: 'open',
    });
    const { data: merge } = await octokit.rest.pulls.merge({
      ...repo,
      pull_number: b.number,
      merge_method: 'merge',
    });
    const { data: mergeCommit } = await octokit.rest.git.getCommit({
      ...repo,
      commit_sha: merge.sha,
    });
    expect(mergeCommit.message).toBe(
      `Merge pull request #${b.number} from lz-demo/feature/b\n\nB`,
    );
    expect(mergeCommit.parents).toHaveLength(2);
    const nothing = await failure(
      octokit.rest.pulls.create({
        ...repo,
        title: 'again',
        head: 'feature/b',
        base: 'main',
      }),
    );
    expect(nothing.response?.data).toMatchObject({
      errors: [{ message: 'No commits between main and feature/b' }],
    });
    const { data: rebased } = await octokit.rest.pulls.merge({
      ...repo,
      pull_number: a.number,
      merge_method: 'rebase',
    });
    const { data: rebasedCommit } = await octokit.rest.git.getCommit({
      ...repo,
      commit_sha: rebased.sha,
    });
    expect(rebasedCommit).toMatchObject({
      message: 'Change a.txt',
      author: { name: 'Pat' },
      parents: [{ sha: merge.sha }],
    });
  });

  it('refuses to merge a pull request that conflicts with its base', async () => {
    await branchWith('conflict/one', { 'shared.txt': 'one\n' });
    await branchWith('conflict/two', { 'shared.txt': 'two\n' });
    const one = (
      await octokit.rest.pulls.create({
        ...repo,
        title: 'one',
        head: 'conflict/one',
        base: 'main',
      })
    ).data;
    const two = (
      await octokit.rest.pulls.create({
        ...repo,
        title: 'two',
        head: 'conflict/two',
        base: 'main',
      })
    ).data;
    await octokit.rest.pulls.merge({ ...repo, pull_number: one.number });
    const { data: blocked } = await octokit.rest.pulls.get({
      ...repo,
      pull_number: two.number,
    });
    expect(blocked).toMatchObject({
      mergeable: false,
      mergeable_state: 'dirty',
    });
    const refused = await failure(
      octokit.rest.pulls.merge({ ...repo, pull_number: two.number }),
    );
    expect([refused.status, refused.message]).toEqual([
      405,
      expect.stringContaining('Pull Request is not mergeable'),
    ]);
  });

  it('answers the GraphQL query octokit-plugin-create-pull-request asks', async () => {
    await branchWith('graphql/x', { 'x.txt': 'x\n' });
    const pr = (
      await octokit.rest.pulls.create({
        ...repo,
        title: 'X',
        head: 'graphql/x',
        base: 'main',
      })
    ).data;
    const query = `query ($owner: String!, $repo: String!, $head: String!) {
      repository(name: $repo, owner: $owner) {
        ref(qualifiedName: $head) {
          associatedPullRequests(first: 1, states: OPEN) { edges { node { id number url } } }
        }
      }
    }`;
    expect(
      await octokit.graphql(query, { ...repo, head: 'graphql/x' }),
    ).toEqual({
      repository: {
        ref: {
          associatedPullRequests: {
            edges: [
              {
                node: {
                  id: expect.any(String),
                  number: pr.number,
                  url: pr.html_url,
                },
              },
            ],
          },
        },
      },
    });
    expect(
      await octokit.graphql(query, { ...repo, head: 'no-such-branch' }),
    ).toEqual({
      repository: { ref: null },
    });
    const unknownField = await octokit
      .graphql(
        '{ repository(owner: "lz-demo", name: "infrastructure") { stargazerCount } }',
      )
      .catch(e => e);
    expect(String((unknownField as Error).message)).toContain(
      'Cannot query field "stargazerCount"',
    );
  });
});
