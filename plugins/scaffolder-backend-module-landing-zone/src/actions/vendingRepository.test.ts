import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createVendingRepositoryAction } from './vendingRepository';

const run = async (vending?: object) => {
  const action = createVendingRepositoryAction({
    config: new ConfigReader(vending ? { landingZone: { vending } } : {}),
  });
  const ctx = createMockActionContext({ input: {} });
  await action.handler(ctx);
  return ctx;
};

describe('landing-zone:vending:repository', () => {
  it('outputs the configured repository and branch', async () => {
    const ctx = await run({
      repository: {
        url: 'github.com?owner=acme&repo=infrastructure',
        branch: 'trunk',
      },
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'repoUrl',
      'github.com?owner=acme&repo=infrastructure',
    );
    expect(ctx.output).toHaveBeenCalledWith('targetBranch', 'trunk');
    expect(ctx.output).toHaveBeenCalledWith('owner', 'acme');
    expect(ctx.output).toHaveBeenCalledWith('repo', 'infrastructure');
    expect(ctx.output).toHaveBeenCalledWith('host', 'github.com');
  });

  it('defaults the branch to main', async () => {
    const ctx = await run({
      repository: { url: '127.0.0.1:4567?owner=lz-demo&repo=infrastructure' },
    });
    expect(ctx.output).toHaveBeenCalledWith('targetBranch', 'main');
    expect(ctx.output).toHaveBeenCalledWith('host', '127.0.0.1:4567');
  });

  it('says which key to set when the repository is not configured', async () => {
    await expect(run()).rejects.toThrow(
      'The infrastructure repository is not configured: set landingZone.vending.repository.url in app-config, e.g. github.com?owner=acme&repo=infrastructure',
    );
    await expect(
      run({ repository: { url: 'https://github.com/acme/infrastructure' } }),
    ).rejects.toThrow(
      "landingZone.vending.repository.url is 'https://github.com/acme/infrastructure', not a repoUrl: write it as <host>?owner=<owner>&repo=<repo>",
    );
  });
});
