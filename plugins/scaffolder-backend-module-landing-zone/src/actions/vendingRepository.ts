import type { Config } from '@backstage/config';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './vendingRepository.examples';

const URL_KEY = 'landingZone.vending.repository.url';
const BRANCH_KEY = 'landingZone.vending.repository.branch';

/**
 * Creates the `landing-zone:vending:repository` action: the infrastructure
 * repository account requests are opened against, from
 * `landingZone.vending.repository`, so templates do not name it.
 *
 * @public
 */
export function createVendingRepositoryAction(options: { config: Config }) {
  const { config } = options;
  return createTemplateAction({
    id: 'landing-zone:vending:repository',
    description:
      'Outputs the infrastructure repository account requests are opened against (landingZone.vending.repository), as a repoUrl and target branch for publish:github:pull-request.',
    examples,
    supportsDryRun: true,
    schema: {
      output: {
        repoUrl: z =>
          z.string({
            description:
              'The repository as publish actions take it, e.g. github.com?owner=acme&repo=infrastructure',
          }),
        targetBranch: z =>
          z.string({
            description: 'The branch pull requests go into, e.g. main',
          }),
        host: z => z.string({ description: 'e.g. github.com' }).optional(),
        owner: z => z.string({ description: 'e.g. acme' }).optional(),
        repo: z => z.string({ description: 'e.g. infrastructure' }).optional(),
      },
    },
    async handler(ctx) {
      const repoUrl = config.getOptionalString(URL_KEY);
      if (!repoUrl) {
        throw new Error(
          `The infrastructure repository is not configured: set ${URL_KEY} in app-config, e.g. github.com?owner=acme&repo=infrastructure`,
        );
      }
      const parsed = parseRepoUrl(repoUrl);
      if (!parsed) {
        throw new Error(
          `${URL_KEY} is '${repoUrl}', not a repoUrl: write it as <host>?owner=<owner>&repo=<repo>, e.g. github.com?owner=acme&repo=infrastructure`,
        );
      }
      const targetBranch = config.getOptionalString(BRANCH_KEY) ?? 'main';
      ctx.logger.info('Account requests go to the infrastructure repository', {
        repoUrl,
        targetBranch,
      });
      ctx.output('repoUrl', repoUrl);
      ctx.output('targetBranch', targetBranch);
      ctx.output('host', parsed.host);
      ctx.output('owner', parsed.owner);
      ctx.output('repo', parsed.repo);
    },
  });
}

function parseRepoUrl(
  repoUrl: string,
): { host: string; owner: string; repo: string } | undefined {
  try {
    const url = new URL(`https://${repoUrl}`);
    const owner = url.searchParams.get('owner');
    const repo = url.searchParams.get('repo');
    return owner && repo ? { host: url.host, owner, repo } : undefined;
  } catch {
    return undefined;
  }
}
