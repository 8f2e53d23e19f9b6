import { AwsDispatcher } from './aws/AwsDispatcher';
import { CredentialIssuer, MANAGEMENT_CREDENTIALS } from './aws/identity';
import { awsServices } from './aws/services';
import { FaultInjector } from './faults/FaultInjector';
import {
  SANDBOX_GITHUB_TOKEN,
  startGithub,
  type GithubSandboxOptions,
} from './github/startGithub';
import { faultConfigSchema } from './faults/schema';
import { demoOrganizationPath, loadOrganization } from './org/load';
import { OrganizationIndex } from './org/OrganizationIndex';
import type { FaultConfig, Organization } from './org/types';
import { AdminDispatcher } from './server/AdminDispatcher';
import { CallCounters, type Counters } from './server/CallCounters';
import { SandboxServer } from './server/SandboxServer';

/**
 * Options of {@link startSandbox}.
 *
 * @public
 */
export type StartSandboxOptions = {
  /** The organisation, or the path of its YAML file; the demo organisation by default. */
  org?: Organization | string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only. */
  host?: '127.0.0.1';
  /** Replaces the organisation file's `faults:` block. */
  faults?: FaultConfig;
  /** Options of the GitHub side; `false` leaves it out (AWS only). */
  github?: GithubSandboxOptions | false;
};

/**
 * The sandbox's GitHub side, as a Backstage GitHub integration addresses it.
 *
 * @public
 */
export type SandboxGithub = {
  /** The integration's `host`, e.g. `127.0.0.1:4566`. */
  host: string;
  /** The integration's `apiBaseUrl`, e.g. `http://127.0.0.1:4566/github/api/v3`. */
  apiBaseUrl: string;
  /** The integration's `token`. */
  token: string;
  /** Where `git clone` reads a repository: `http://127.0.0.1:4566/github/git/<owner>/<repo>.git`. */
  cloneUrl(owner: string, repo: string): string;
  /** Where the bare repositories are on disk. */
  root: string;
  /** Back to the seeded repositories: no pull requests, branches or statuses (vended accounts stay). */
  reset(): Promise<void>;
  /** Resolves when no CI or account factory work is running (work scheduled later may still come). */
  idle(): Promise<void>;
};

/**
 * A running sandbox.
 *
 * @public
 */
export type Sandbox = {
  /** Give this to every AWS SDK client as `endpoint`, e.g. `http://127.0.0.1:4566`. */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Calls per service and operation since the start or the last reset. */
  counters(): Counters;
  resetCounters(): void;
  /** Replaces the fault configuration; buckets refill and the 5xx PRNG restarts from its seed. */
  setFaults(faults: FaultConfig): void;
  organization: Organization;
  /** When the sandbox started (epoch ms): CloudTrail's root events are dated back from it. */
  startedAt: number;
  /** Keys that act as the management account's admin user. */
  managementCredentials: { accessKeyId: string; secretAccessKey: string };
  /** The GitHub side; undefined when started with `github: false`. */
  github?: SandboxGithub;
};

/**
 * Starts the offline AWS Organization on localhost.
 *
 * @public
 */
export async function startSandbox(
  options: StartSandboxOptions = {},
): Promise<Sandbox> {
  const organization =
    typeof options.org === 'object'
      ? options.org
      : loadOrganization(options.org ?? demoOrganizationPath);
  const faults = FaultInjector.create(
    faultConfigSchema.parse(options.faults ?? organization.faults),
  );
  const counters = CallCounters.create();
  const index = OrganizationIndex.create(organization);
  const credentials = CredentialIssuer.create(index);
  // The GitHub side prints URLs to itself; the port is known once listening.
  let origin = '';
  const github =
    options.github === false
      ? undefined
      : await startGithub({
          github: options.github ?? {},
          index,
          origin: () => origin,
        });
  let server: SandboxServer;
  try {
    server = await SandboxServer.start({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      dispatchers: [
        ...(github ? [github.dispatcher] : []),
        AdminDispatcher.create({ faults, counters, index }),
        // AWS last: it takes whatever no other dispatcher claims.
        AwsDispatcher.create({
          services: awsServices,
          index,
          faults,
          counters,
          credentials,
        }),
      ],
    });
  } catch (e) {
    await github?.host.close();
    throw e;
  }
  origin = server.url;
  const githubHost = github?.host;
  return {
    url: server.url,
    port: server.port,
    close: async () => {
      await server.close();
      await githubHost?.close();
    },
    counters: () => counters.snapshot(),
    resetCounters: () => counters.reset(),
    setFaults: config => faults.set(faultConfigSchema.parse(config)),
    organization,
    startedAt: index.startedAt,
    managementCredentials: { ...MANAGEMENT_CREDENTIALS },
    github: githubHost && {
      host: `${server.host}:${server.port}`,
      apiBaseUrl: `${server.url}/github/api/v3`,
      token: SANDBOX_GITHUB_TOKEN,
      cloneUrl: (owner, repo) =>
        `${server.url}/github/git/${owner}/${repo}.git`,
      root: githubHost.root,
      reset: () => githubHost.reset(),
      idle: () => githubHost.idle(),
    },
  };
}
