import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { PullRequestRef } from './AccountRequestStore';

/**
 * A Backstage repoUrl (`github.com?owner=acme&repo=infrastructure`) as host,
 * owner and repository.
 */
export function parseRepoUrl(
  repoUrl: string,
): { host: string; owner: string; repo: string } | undefined {
  try {
    const url = new URL(`https://${repoUrl}`);
    const owner = url.searchParams.get('owner');
    const repo = url.searchParams.get('repo');
    if (!owner || !repo) return undefined;
    return { host: url.host, owner, repo };
  } catch {
    return undefined;
  }
}

/**
 * A pull request's web URL (`https://github.com/acme/infrastructure/pull/7`,
 * GitHub Enterprise's the same under its host) read for following: its host
 * must have a GitHub integration, and with `repositoryUrl` configured it must
 * be a pull request of that repository, so the portal follows and posts
 * statuses only where it was told to.
 */
export function parsePullRequestUrl(
  text: string,
  integrations: ScmIntegrationRegistry,
  repositoryUrl?: string,
): PullRequestRef {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(
      `pullRequestUrl: '${text}' is not a URL; pass publish:github:pull-request's remoteUrl`,
    );
  }
  const match = /^(.*)\/([^/]+)\/([^/]+)\/pull\/(\d{1,9})\/?$/.exec(
    url.pathname,
  );
  if (!/^https?:$/.test(url.protocol) || !match) {
    throw new InputError(
      `pullRequestUrl: '${text}' is not a pull request's web URL (…/owner/repo/pull/number); pass publish:github:pull-request's remoteUrl`,
    );
  }
  const [, prefix, owner, repo, number] = match;
  const host = url.host.toLowerCase();
  if (!integrations.github.byHost(host)) {
    throw new InputError(
      `pullRequestUrl: no GitHub integration is configured for ${host} (integrations.github), so its pull request cannot be followed`,
    );
  }
  if (repositoryUrl) {
    const repository = parseRepoUrl(repositoryUrl);
    if (
      !repository ||
      repository.host.toLowerCase() !== host ||
      repository.owner.toLowerCase() !== owner.toLowerCase() ||
      repository.repo.toLowerCase() !== repo.toLowerCase()
    ) {
      throw new InputError(
        `pullRequestUrl: '${text}' is not a pull request of the infrastructure repository (landingZone.vending.repository.url: ${repositoryUrl})`,
      );
    }
  }
  return {
    url: `${url.protocol}//${host}${prefix}/${owner}/${repo}/pull/${Number(
      number,
    )}`,
    host,
    owner,
    repo,
    number: Number(number),
  };
}
