import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { OrganizationIndex } from '../org/OrganizationIndex';
import { AccountFactory } from './automation/AccountFactory';
import { Atlantis } from './automation/Atlantis';
import { GithubDispatcher } from './GithubDispatcher';
import { GithubHost, type RepositorySeed } from './GithubHost';
import { policyFiles } from './policyFiles';
import { Urls } from './rest/shapes';
import { WebPages } from './web';

/**
 * The token the GitHub side accepts (`Authorization: token …` or `Bearer …`, or
 * as the password of a git push). Not a secret: it opens nothing but the sandbox.
 *
 * @public
 */
export const SANDBOX_GITHUB_TOKEN = 'lz-sandbox-github-NOT-A-REAL-TOKEN';

/** Who the token authenticates as. */
export const SANDBOX_GITHUB_LOGIN = 'lz-portal';

/**
 * Options of the sandbox's GitHub side.
 *
 * @public
 */
export type GithubSandboxOptions = {
  /**
   * Where the bare repositories live (`<root>/<owner>/<repo>.git`). A fresh
   * temporary directory by default, removed on close; a given directory is kept,
   * but the seeded repositories in it are recreated at every start.
   */
  root?: string;
  /** Milliseconds before CI's `atlantis/plan` and `atlantis/apply` statuses turn from pending to their outcome (default 2000). */
  ciDelayMs?: number;
  /** Milliseconds from a merge to the account factory's outcome (default 5000). */
  factoryDelayMs?: number;
};

const PACKAGE_DIR = path.dirname(
  require.resolve('@internal/sandbox/package.json'),
);

/**
 * The repositories every start creates: the AFT-shaped infrastructure
 * repository (its organisation policies are added from the organisation
 * served, see policyFiles).
 */
export const REPOSITORY_SEEDS: RepositorySeed[] = [
  {
    owner: 'lz-demo',
    name: 'infrastructure',
    description:
      'Landing zone infrastructure: AFT account requests, account and global customizations',
    defaultBranch: 'main',
    dir: path.join(PACKAGE_DIR, 'repos', 'lz-demo', 'infrastructure'),
    commit: {
      message:
        'Landing zone infrastructure: AFT account requests and customizations',
      author: {
        name: 'Platform Team',
        email: 'platform-team@users.noreply.example.com',
        date: '2024-01-15T09:00:00Z',
      },
    },
  },
];

export async function startGithub(options: {
  github: GithubSandboxOptions;
  index: OrganizationIndex;
  origin: () => string;
}): Promise<{ host: GithubHost; dispatcher: GithubDispatcher }> {
  const host = await GithubHost.create({
    root: options.github.root,
    token: SANDBOX_GITHUB_TOKEN,
    login: SANDBOX_GITHUB_LOGIN,
    seeds: REPOSITORY_SEEDS.map(seed =>
      seed.name === 'infrastructure'
        ? { ...seed, files: policyFiles(options.index.organization) }
        : seed,
    ),
  });
  const urls = () => new Urls(options.origin());
  host.listen(
    Atlantis.create({
      host,
      urls,
      delayMs: options.github.ciDelayMs ?? 2000,
    }),
  );
  host.listen(
    AccountFactory.create({
      host,
      index: options.index,
      urls,
      delayMs: options.github.factoryDelayMs ?? 5000,
    }),
  );
  const web = WebPages.create({ host, urls, nonce: randomUUID() });
  return {
    host,
    dispatcher: GithubDispatcher.create({ host, origin: options.origin, web }),
  };
}
