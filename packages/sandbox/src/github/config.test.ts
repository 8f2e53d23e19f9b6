import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { parse } from 'yaml';
import { SANDBOX_GITHUB_TOKEN } from './startGithub';

/*
 * The portal's sandbox configuration and the sandbox agree: Backstage reads the
 * integration in app-config.sandbox.yaml as a GitHub host with a port, and its
 * token is the one the sandbox accepts.
 */
describe('app-config.sandbox.yaml', () => {
  it('configures a GitHub integration for the sandbox on its default port', () => {
    const file = path.resolve(__dirname, '../../../../app-config.sandbox.yaml');
    const config = new ConfigReader(parse(fs.readFileSync(file, 'utf8')));
    const integrations = ScmIntegrations.fromConfig(config);
    const sandbox = integrations.github.byHost('127.0.0.1:4566');
    expect(sandbox?.config).toEqual({
      host: '127.0.0.1:4566',
      apiBaseUrl: 'http://127.0.0.1:4566/github/api/v3',
      token: SANDBOX_GITHUB_TOKEN,
    });
    // A repoUrl as the scaffolder's RepoUrlPicker writes it finds the integration.
    expect(
      integrations.github.byUrl('https://127.0.0.1:4566/lz-demo/infrastructure')
        ?.config.apiBaseUrl,
    ).toBe('http://127.0.0.1:4566/github/api/v3');
  });
});
