import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { createPublishGithubPullRequestAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { Octokit } from 'octokit';
import type { Sandbox } from '../startSandbox';

const run = promisify(execFile);

/** Quick CI and factory: tests wait for statuses, not for seconds. */
export const FAST_GITHUB = { ciDelayMs: 20, factoryDelayMs: 60 };

/** An octokit against the sandbox, as the scaffolder builds one (no retries, no throttling). */
export function octokitFor(
  sandbox: Sandbox,
  token = sandbox.github!.token,
): Octokit {
  return new Octokit({
    baseUrl: sandbox.github!.apiBaseUrl,
    auth: token,
    throttle: { enabled: false },
    retry: { enabled: false },
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
}

/** Backstage's GitHub integration for the sandbox, as app-config.sandbox.yaml configures it. */
export function sandboxIntegrations(sandbox: Sandbox) {
  const config = new ConfigReader({
    integrations: {
      github: [
        {
          host: sandbox.github!.host,
          apiBaseUrl: sandbox.github!.apiBaseUrl,
          token: sandbox.github!.token,
        },
      ],
    },
  });
  return { config, integrations: ScmIntegrations.fromConfig(config) };
}

/**
 * Runs Backstage's real `publish:github:pull-request` action against the
 * sandbox, with `files` as the workspace, and answers its outputs.
 */
export async function publishPullRequest(
  sandbox: Sandbox,
  input: {
    branchName: string;
    title: string;
    description: string;
    targetPath?: string;
    reviewers?: string[];
    teamReviewers?: string[];
    assignees?: string[];
    update?: boolean;
    filesToDelete?: string[];
  },
  files: Record<string, string>,
) {
  const { config, integrations } = sandboxIntegrations(sandbox);
  const action = createPublishGithubPullRequestAction({
    integrations,
    githubCredentialsProvider:
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    config,
  });
  const workspacePath = await fs.mkdtemp(
    path.join(os.tmpdir(), 'lz-sandbox-workspace-'),
  );
  try {
    for (const [file, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(workspacePath, file)), {
        recursive: true,
      });
      await fs.writeFile(path.join(workspacePath, file), content);
    }
    const outputs: Record<string, unknown> = {};
    const logger = mockServices.logger.mock();
    await action.handler({
      input: {
        repoUrl: `${sandbox.github!.host}?owner=lz-demo&repo=infrastructure`,
        ...input,
      },
      workspacePath,
      logger,
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
      checkpoint: async ({ fn }: { fn: () => Promise<any> }) => fn(),
      createTemporaryDirectory: () =>
        fs.mkdtemp(path.join(os.tmpdir(), 'lz-sandbox-action-')),
      getInitiatorCredentials: async () => mockCredentials.user(),
      task: { id: 'sandbox-test-task' },
      isDryRun: false,
    } as unknown as Parameters<typeof action.handler>[0]);
    return {
      outputs: outputs as {
        remoteUrl: string;
        pullRequestNumber: number;
        targetBranchName: string;
      },
      logger,
    };
  } finally {
    await fs.rm(workspacePath, { recursive: true, force: true });
  }
}

/** `git clone --branch` into a new temporary directory; answers the directory. */
export async function gitClone(url: string, branch: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lz-sandbox-clone-'));
  await run(
    'git',
    ['clone', '--quiet', '--branch', branch, url, path.join(dir, 'repo')],
    { env: { PATH: process.env.PATH ?? '', GIT_TERMINAL_PROMPT: '0' } },
  );
  return path.join(dir, 'repo');
}

/** Runs git in a clone, with a fixed identity. */
export async function gitIn(dir: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Tester',
      GIT_AUTHOR_EMAIL: 'tester@example.com',
      GIT_COMMITTER_NAME: 'Tester',
      GIT_COMMITTER_EMAIL: 'tester@example.com',
    },
  });
  return stdout;
}

/** Polls until `check` answers something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/** The status of `context` on `ref` once it is no longer pending. */
export function settledStatus(octokit: Octokit, ref: string, context: string) {
  return eventually(async () => {
    const { data } = await octokit.rest.repos.getCombinedStatusForRef({
      owner: 'lz-demo',
      repo: 'infrastructure',
      ref,
    });
    const status = data.statuses.find(s => s.context === context);
    return status && status.state !== 'pending' ? status : undefined;
  });
}

/** An AFT account request file, as the aws-account template writes one. */
export function accountRequest(options: {
  name: string;
  ou: string;
  tags: Record<string, string>;
  vpc?: { cidr: string; region: string };
}): string {
  const tags = Object.entries(options.tags)
    .map(([k, v]) => `    ${k} = "${v}"`)
    .join('\n');
  return `module "${options.name}" {
  source = "./modules/aft-account-request"

  control_tower_parameters = {
    AccountEmail              = "aws+${options.name}@example.com"
    AccountName               = "${options.name}"
    ManagedOrganizationalUnit = "${options.ou}"
    SSOUserEmail              = "owner@example.com"
    SSOUserFirstName          = "Owner"
    SSOUserLastName           = "Person"
  }

  account_tags = {
${tags}
  }

  change_management_parameters = {
    change_requested_by = "sandbox-test"
    change_reason       = "test"
  }
${
  options.vpc
    ? `
  custom_fields = {
    vpc_cidr   = "${options.vpc.cidr}"
    vpc_region = "${options.vpc.region}"
  }

  account_customizations_name = "standard-vpc"
`
    : ''
}}
`;
}
