import { FAST_GITHUB, octokitFor } from '../__testUtils__/github';
import { startSandbox, type Sandbox } from '../startSandbox';
import { generateOrganization } from '../org/generate';
import { policyFiles } from './policyFiles';

jest.setTimeout(30_000);

const repo = { owner: 'lz-demo', repo: 'infrastructure' };

describe("the infrastructure repository's organisation policies", () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ github: FAST_GITHUB });
  });
  afterAll(() => sandbox.close());

  it("holds one file per SCP and RCP of the organisation's own, the document Organizations serves", async () => {
    const octokit = octokitFor(sandbox);
    const org = sandbox.organization;
    const own = org.policies.filter(
      p =>
        !p.awsManaged &&
        ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'].includes(p.type),
    );
    const folder = async (path: string) => {
      const { data } = await octokit.rest.repos.getContent({ ...repo, path });
      return (data as { name: string }[]).map(f => f.name).sort();
    };
    expect(await folder('organization/policies')).toEqual([
      'README.md',
      'rcp',
      'scp',
    ]);
    expect(await folder('organization/policies/scp')).toEqual([
      'deny-iam-users.json',
      'deny-leave-organization.json',
      'deny-root-user.json',
      'protect-security-services.json',
      'region-allow-list.json',
      'security-allow-list.json',
    ]);
    expect(await folder('organization/policies/rcp')).toEqual([
      'rcp-identity-perimeter.json',
      'rcp-secure-transport.json',
    ]);
    for (const policy of own) {
      const folderName =
        policy.type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp';
      const raw = await octokit.request(
        'GET /repos/{owner}/{repo}/contents/{path}',
        {
          ...repo,
          path: `organization/policies/${folderName}/${policy.name}.json`,
          mediaType: { format: 'raw' },
        },
      );
      const text = String(raw.data);
      expect(JSON.parse(text)).toEqual(JSON.parse(policy.content));
      // Indented, so a pull request's diff shows the lines it changes.
      expect(text).toBe(
        `${JSON.stringify(JSON.parse(policy.content), null, 2)}\n`,
      );
    }
    const readme = await octokit.request(
      'GET /repos/{owner}/{repo}/contents/{path}',
      {
        ...repo,
        path: 'organization/policies/README.md',
        mediaType: { format: 'raw' },
      },
    );
    expect(String(readme.data)).toContain(
      '| scp/region-allow-list.json | p-regionallow | Security, Infrastructure, Workloads, Suspended |',
    );
  });

  it('follows the organisation served, whatever its size', () => {
    const generated = generateOrganization({
      accounts: 60,
      regions: 2,
      seed: 7,
    });
    const paths = policyFiles(generated).map(f => f.path);
    expect(paths).toContain('organization/policies/scp/region-allow-list.json');
    expect(paths).toContain(
      'organization/policies/rcp/rcp-identity-perimeter.json',
    );
    expect(paths.filter(p => /FullAWSAccess|ec2-/.test(p))).toEqual([]);
  });
});
