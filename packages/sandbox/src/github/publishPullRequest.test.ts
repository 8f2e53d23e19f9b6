import fs from 'node:fs/promises';
import path from 'node:path';
import {
  accountRequest,
  FAST_GITHUB,
  gitClone,
  gitIn,
  octokitFor,
  publishPullRequest,
  settledStatus,
} from '../__testUtils__/github';
import { startSandbox, type Sandbox } from '../startSandbox';

/*
 * Backstage's own publish:github:pull-request action (and the
 * octokit-plugin-create-pull-request it uses) against the sandbox, configured as
 * app-config.sandbox.yaml configures the portal; then the branch cloned with git.
 */
// Every call spawns git; on a busy two-core machine a test takes seconds, not ms.
jest.setTimeout(30_000);

describe('publish:github:pull-request against the sandbox', () => {
  let sandbox: Sandbox;
  const clones: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ github: FAST_GITHUB });
  });
  afterAll(async () => {
    await sandbox.close();
    await Promise.all(
      clones.map(c => fs.rm(path.dirname(c), { recursive: true, force: true })),
    );
  });

  it('opens a pull request whose branch clones with the files, on top of main', async () => {
    const request = accountRequest({
      name: 'payments-dev',
      ou: 'QA (ou-f1nt-qa000000)',
      tags: { owner: 'team-payments', environment: 'qa' },
      vpc: { cidr: '10.130.0.0/16', region: 'eu-west-1' },
    });
    const { outputs, logger } = await publishPullRequest(
      sandbox,
      {
        branchName: 'account/payments-dev',
        title: 'Account request: payments-dev',
        description: 'A QA account for the payments API',
        targetPath: 'account-requests/terraform',
        reviewers: ['platform-lead'],
        teamReviewers: ['platform-team'],
        assignees: ['pat'],
      },
      {
        'payments-dev.tf': request,
        'payments-dev.baseline.json': '{"guardrails":"all"}\n',
      },
    );

    expect(outputs).toEqual({
      targetBranchName: 'main',
      remoteUrl: `${sandbox.url}/github/lz-demo/infrastructure/pull/1`,
      pullRequestNumber: 1,
    });
    // Reviewers and assignees are best effort in the action: it logs failures.
    expect(logger.error).not.toHaveBeenCalled();

    const octokit = octokitFor(sandbox);
    const { data: pr } = await octokit.rest.pulls.get({
      owner: 'lz-demo',
      repo: 'infrastructure',
      pull_number: 1,
    });
    expect(pr).toMatchObject({
      state: 'open',
      title: 'Account request: payments-dev',
      body: 'A QA account for the payments API',
      head: { ref: 'account/payments-dev' },
      base: { ref: 'main' },
      mergeable: true,
      commits: 1,
      changed_files: 2,
      requested_reviewers: [{ login: 'platform-lead' }],
      requested_teams: [{ slug: 'platform-team' }],
      assignees: [{ login: 'pat' }],
      user: { login: 'lz-portal' },
    });

    const clone = await gitClone(
      sandbox.github!.cloneUrl('lz-demo', 'infrastructure'),
      'account/payments-dev',
    );
    clones.push(clone);
    expect(
      await fs.readFile(
        path.join(clone, 'account-requests/terraform/payments-dev.tf'),
        'utf8',
      ),
    ).toBe(request);
    expect(
      await fs.readFile(
        path.join(
          clone,
          'account-requests/terraform/payments-dev.baseline.json',
        ),
        'utf8',
      ),
    ).toBe('{"guardrails":"all"}\n');
    // The seeded repository is still there underneath, and the branch is one commit on main.
    expect(
      await fs.readFile(
        path.join(clone, 'account-requests/terraform/sandbox-data.tf'),
        'utf8',
      ),
    ).toContain('ManagedOrganizationalUnit = "Sandbox"');
    // Without scaffolder.defaultAuthor the action names no author: GitHub, and
    // the sandbox, take the token's user.
    const log = await gitIn(clone, ['log', '--format=%s|%an', 'HEAD']);
    expect(log.trim().split('\n')).toEqual([
      'Account request: payments-dev|lz-portal',
      'Landing zone infrastructure: AFT account requests and customizations|Platform Team',
    ]);
    expect((await gitIn(clone, ['rev-parse', 'HEAD'])).trim()).toBe(
      pr.head.sha,
    );

    // CI plans the head commit.
    const plan = await settledStatus(octokit, pr.head.sha, 'atlantis/plan');
    expect(plan).toMatchObject({
      state: 'success',
      description: 'Plan succeeded.',
      target_url: outputs.remoteUrl,
      creator: { login: 'atlantis[bot]' },
    });
  });

  it('opens two pull requests at once, each with its own branch and number', async () => {
    const [a, b] = await Promise.all(
      ['cards-dev', 'ledger-dev'].map(name =>
        publishPullRequest(
          sandbox,
          {
            branchName: `account/${name}`,
            title: `Account request: ${name}`,
            description: name,
            targetPath: 'account-requests/terraform',
          },
          {
            [`${name}.tf`]: accountRequest({
              name,
              ou: 'Sandbox',
              tags: { owner: 'team-cards' },
            }),
          },
        ),
      ),
    );
    expect(
      [a.outputs.pullRequestNumber, b.outputs.pullRequestNumber].sort(),
    ).toEqual([2, 3]);

    const octokit = octokitFor(sandbox);
    const { data: open } = await octokit.rest.pulls.list({
      owner: 'lz-demo',
      repo: 'infrastructure',
      state: 'open',
    });
    expect(open.map(p => p.head.ref).sort()).toEqual([
      'account/cards-dev',
      'account/ledger-dev',
      'account/payments-dev',
    ]);
    for (const [name, number] of [
      ['cards-dev', a.outputs.pullRequestNumber],
      ['ledger-dev', b.outputs.pullRequestNumber],
    ] as const) {
      const { data: files } = await octokit.rest.pulls.listFiles({
        owner: 'lz-demo',
        repo: 'infrastructure',
        pull_number: number,
      });
      expect(files.map(f => [f.filename, f.status])).toEqual([
        [`account-requests/terraform/${name}.tf`, 'added'],
      ]);
    }

    // Merged one after the other, both land on main: the second merge is a real
    // three-way merge on top of the first.
    for (const number of [
      a.outputs.pullRequestNumber,
      b.outputs.pullRequestNumber,
    ]) {
      await octokit.rest.pulls.merge({
        owner: 'lz-demo',
        repo: 'infrastructure',
        pull_number: number,
        merge_method: 'merge',
      });
    }
    const clone = await gitClone(
      sandbox.github!.cloneUrl('lz-demo', 'infrastructure'),
      'main',
    );
    clones.push(clone);
    const files = await fs.readdir(
      path.join(clone, 'account-requests/terraform'),
    );
    expect(files).toEqual(
      expect.arrayContaining(['cards-dev.tf', 'ledger-dev.tf']),
    );
    expect(files).not.toContain('payments-dev.tf');
  });

  it('updates the open pull request of a branch when asked to, and refuses otherwise', async () => {
    const input = {
      branchName: 'account/payments-dev',
      title: 'Account request: payments-dev (v2)',
      description: 'Second thoughts',
      targetPath: 'account-requests/terraform',
    };
    const files = {
      'payments-dev.tf': accountRequest({
        name: 'payments-dev',
        ou: 'Sandbox',
        tags: { owner: 'team-payments' },
      }),
    };
    await expect(publishPullRequest(sandbox, input, files)).rejects.toThrow(
      'Pull request creation failed',
    );
    const { outputs } = await publishPullRequest(
      sandbox,
      {
        ...input,
        update: true,
        // One file that exists (the action checks with HEAD …/contents first), one that does not.
        filesToDelete: ['sandbox-data.tf', 'never-there.tf'],
      },
      files,
    );
    expect(outputs.pullRequestNumber).toBe(1);
    const octokit = octokitFor(sandbox);
    const { data: pr } = await octokit.rest.pulls.get({
      owner: 'lz-demo',
      repo: 'infrastructure',
      pull_number: 1,
    });
    // The action rebuilds the branch from main: one commit, forced onto the branch.
    expect(pr).toMatchObject({
      title: 'Account request: payments-dev (v2)',
      body: 'Second thoughts',
      commits: 1,
    });
    const { data: changed } = await octokit.rest.pulls.listFiles({
      owner: 'lz-demo',
      repo: 'infrastructure',
      pull_number: 1,
    });
    expect(changed.map(f => [f.filename, f.status])).toEqual([
      ['account-requests/terraform/payments-dev.tf', 'added'],
      ['account-requests/terraform/sandbox-data.tf', 'removed'],
    ]);
  });
});
