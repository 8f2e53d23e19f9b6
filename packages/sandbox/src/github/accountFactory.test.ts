import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GetDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import {
  ListParentsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  paginateListAccounts,
  type Account,
} from '@aws-sdk/client-organizations';
import { assumeRole, clientConfig } from '../__testUtils__/clients';
import {
  accountRequest,
  FAST_GITHUB,
  octokitFor,
  publishPullRequest,
  settledStatus,
} from '../__testUtils__/github';
import type { Octokit } from 'octokit';
import { startSandbox, type Sandbox } from '../startSandbox';

/*
 * The lifecycle end to end: an account request opened as a pull request by the
 * scaffolder's own action, merged, and the account appearing in the organisation
 * through the real AWS SDK, as the portal's scanner will see it.
 */

// Every call spawns git; on a busy two-core machine a test takes seconds, not ms.
jest.setTimeout(30_000);

const repo = { owner: 'lz-demo', repo: 'infrastructure' };

describe('the account factory', () => {
  let sandbox: Sandbox;
  let octokit: Octokit;
  let organizations: OrganizationsClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ github: FAST_GITHUB });
    octokit = octokitFor(sandbox);
    organizations = new OrganizationsClient(clientConfig(sandbox));
  });
  afterAll(() => sandbox.close());

  async function accounts(): Promise<Account[]> {
    const all: Account[] = [];
    for await (const page of paginateListAccounts(
      { client: organizations },
      {},
    )) {
      all.push(...(page.Accounts ?? []));
    }
    return all;
  }

  /** Opens the request as a pull request, waits for its plan, merges it; answers the merge commit. */
  async function requestAndMerge(name: string, content: string) {
    const { outputs } = await publishPullRequest(
      sandbox,
      {
        branchName: `account/${name}`,
        title: `Account request: ${name}`,
        description: `Please create ${name}`,
        targetPath: 'account-requests/terraform',
      },
      { [`${name}.tf`]: content },
    );
    const { data: pr } = await octokit.rest.pulls.get({
      ...repo,
      pull_number: outputs.pullRequestNumber,
    });
    const plan = await settledStatus(octokit, pr.head.sha, 'atlantis/plan');
    const { data: merge } = await octokit.rest.pulls.merge({
      ...repo,
      pull_number: pr.number,
      sha: pr.head.sha,
      merge_method: 'merge',
    });
    return { pr, plan, mergeSha: merge.sha };
  }

  it('creates a merged request’s account in its OU with its tags, a compliant baseline and its VPC', async () => {
    const before = await accounts();
    const { pr, plan, mergeSha } = await requestAndMerge(
      'payments-dev',
      accountRequest({
        name: 'payments-dev',
        ou: 'QA (ou-f1nt-qa000000)',
        tags: { owner: 'team-payments', environment: 'qa' },
        vpc: { cidr: '10.130.0.0/16', region: 'eu-west-1' },
      }),
    );
    expect(plan.state).toBe('success');

    const factory = await settledStatus(
      octokit,
      mergeSha,
      'aft/account-factory',
    );
    expect(factory).toMatchObject({
      state: 'success',
      description: expect.stringMatching(
        /^created payments-dev \(\d{12}\) in Workloads\/QA$/,
      ),
      target_url: pr.html_url,
      creator: { login: 'aft-account-factory[bot]' },
    });
    const apply = await settledStatus(octokit, mergeSha, 'atlantis/apply');
    expect(apply).toMatchObject({
      state: 'success',
      description: 'Apply succeeded.',
    });

    const after = await accounts();
    expect(after).toHaveLength(before.length + 1);
    const created = after.find(a => a.Email === 'aws+payments-dev@example.com');
    expect(created).toMatchObject({
      Name: 'payments-dev',
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
      Id: expect.stringMatching(/^\d{12}$/),
    });
    expect(factory.description).toContain(created!.Id);
    const { Parents } = await organizations.send(
      new ListParentsCommand({ ChildId: created!.Id }),
    );
    expect(Parents).toEqual([
      { Id: 'ou-f1nt-qa000000', Type: 'ORGANIZATIONAL_UNIT' },
    ]);
    const { Tags } = await organizations.send(
      new ListTagsForResourceCommand({ ResourceId: created!.Id }),
    );
    expect(Object.fromEntries(Tags!.map(t => [t.Key, t.Value]))).toEqual({
      owner: 'team-payments',
      environment: 'qa',
    });

    // The portal's scanner reaches it like any member account.
    const member = await assumeRole(sandbox, created!.Id!);
    const guardDuty = new GuardDutyClient(
      clientConfig(sandbox, 'eu-central-1', member),
    );
    const { DetectorIds } = await guardDuty.send(new ListDetectorsCommand({}));
    const detector = await guardDuty.send(
      new GetDetectorCommand({ DetectorId: DetectorIds![0] }),
    );
    expect(detector.Status).toBe('ENABLED');
    const ec2 = new EC2Client(clientConfig(sandbox, 'eu-west-1', member));
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({}));
    expect(
      Vpcs?.map(v => [v.CidrBlock, v.Tags?.find(t => t.Key === 'Name')?.Value]),
    ).toEqual([['10.130.0.0/16', 'payments-dev-euw1']]);

    const { data: comments } = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: pr.number,
    });
    expect(comments).toEqual([
      expect.objectContaining({
        user: expect.objectContaining({
          login: 'aft-account-factory[bot]',
          type: 'Bot',
        }),
        body: expect.stringContaining(
          `| created | ${created!.Id} | Workloads/QA |`,
        ),
      }),
    ]);
  });

  it('records a failure instead of an account when the OU does not exist', async () => {
    const before = await accounts();
    const { plan, mergeSha } = await requestAndMerge(
      'ghost-dev',
      accountRequest({
        name: 'ghost-dev',
        ou: 'QA (ou-f1nt-n0such00)',
        tags: { owner: 'team-ghost' },
      }),
    );
    // Terraform plans data it cannot check: the plan passes, the factory does not.
    expect(plan.state).toBe('success');
    const factory = await settledStatus(
      octokit,
      mergeSha,
      'aft/account-factory',
    );
    expect(factory).toMatchObject({
      state: 'failure',
      description:
        '1 of 1 request(s) failed: ghost-dev: ManagedOrganizationalUnit "QA (ou-f1nt-n0such00)": no OU ou-f1nt-n0such00 in organization o-f1nt3chd3m',
    });
    const { data: combined } = await octokit.rest.repos.getCombinedStatusForRef(
      {
        ...repo,
        ref: mergeSha,
      },
    );
    expect(combined.state).toBe('failure');
    const after = await accounts();
    expect(after).toHaveLength(before.length);
    expect(after.find(a => a.Name === 'ghost-dev')).toBeUndefined();

    const admin = await fetch(`${sandbox.url}/_sandbox/github/repos`).then(r =>
      r.json(),
    );
    expect(admin.repos[0].factoryRuns.at(-1)).toMatchObject({
      mergeCommitSha: mergeSha,
      state: 'failure',
      results: [{ module: 'ghost-dev', outcome: 'failed' }],
    });
  });

  it('moves and retags an existing account whose request changed', async () => {
    const sandboxData = '466391705720';
    const { mergeSha } = await requestAndMerge(
      'sandbox-data',
      accountRequest({
        name: 'sandbox-data',
        ou: 'Staging (ou-f1nt-stag1ng0)',
        tags: { owner: 'team-data', environment: 'staging' },
      }),
    );
    const factory = await settledStatus(
      octokit,
      mergeSha,
      'aft/account-factory',
    );
    expect(factory).toMatchObject({
      state: 'success',
      description: `sandbox-data (${sandboxData}): moved to Workloads/Staging, tags updated`,
    });
    const { Parents } = await organizations.send(
      new ListParentsCommand({ ChildId: sandboxData }),
    );
    expect(Parents).toEqual([
      { Id: 'ou-f1nt-stag1ng0', Type: 'ORGANIZATIONAL_UNIT' },
    ]);
  });

  it('fails the plan of a request that is not valid Terraform, before anyone merges it', async () => {
    const { outputs } = await publishPullRequest(
      sandbox,
      {
        branchName: 'account/broken',
        title: 'Account request: broken',
        description: 'Oops',
        targetPath: 'account-requests/terraform',
      },
      { 'broken.tf': 'module "broken" {\n  source = \n' },
    );
    const { data: pr } = await octokit.rest.pulls.get({
      ...repo,
      pull_number: outputs.pullRequestNumber,
    });
    const plan = await settledStatus(octokit, pr.head.sha, 'atlantis/plan');
    expect(plan).toMatchObject({
      state: 'failure',
      description:
        'Plan failed: account-requests/terraform/broken.tf is not valid HCL (terraform would not parse it)',
    });
    expect(pr.mergeable_state).not.toBe('dirty');
  });

  it('starts over from the seeded repository on reset', async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/github/reset`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    const { data: pulls } = await octokit.rest.pulls.list({
      ...repo,
      state: 'all',
    });
    expect(pulls).toEqual([]);
    const { data: branches } = await octokit.rest.repos.listBranches(repo);
    expect(branches.map(b => b.name)).toEqual(['main']);
    // The organisation keeps what the factory made.
    expect((await accounts()).some(a => a.Name === 'payments-dev')).toBe(true);
  });
});
