import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { Sandbox } from '../startSandbox';

export type Credentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
};

/** The config every SDK client needs against the sandbox: endpoint, region, credentials. */
export function clientConfig(
  sandbox: Sandbox,
  region = 'us-east-1',
  credentials: Credentials = sandbox.managementCredentials,
) {
  return { endpoint: sandbox.url, region, credentials };
}

/** Assumes a role in a member account, as the portal's scanner does. */
export async function assumeRole(
  sandbox: Sandbox,
  targetAccountId: string,
  roleName = 'LandingZoneReadOnly',
): Promise<Credentials> {
  const sts = new STSClient(clientConfig(sandbox));
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${targetAccountId}:role/${roleName}`,
      RoleSessionName: 'sandbox-test',
    }),
  );
  return {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretAccessKey!,
    sessionToken: Credentials!.SessionToken!,
  };
}

/** An account of the demo organisation by name. */
export function accountId(sandbox: Sandbox, name: string): string {
  const account = sandbox.organization.accounts.find(a => a.name === name);
  if (!account) throw new Error(`no account ${name} in the test organisation`);
  return account.id;
}

/**
 * Client configs for member accounts by name: each account's role is assumed
 * once. `getSandbox` is read at call time, so this can be set up before the
 * sandbox starts in `beforeAll`.
 */
export function memberConfigs(getSandbox: () => Sandbox) {
  const credentials = new Map<string, Promise<Credentials>>();
  return async (name: string, region = 'eu-west-1') => {
    const sandbox = getSandbox();
    let assumed = credentials.get(name);
    if (!assumed) {
      assumed = assumeRole(sandbox, accountId(sandbox, name));
      credentials.set(name, assumed);
    }
    return clientConfig(sandbox, region, await assumed);
  };
}
