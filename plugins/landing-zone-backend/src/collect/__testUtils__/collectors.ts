import { ConfigReader } from '@backstage/config';
import type { StartSandboxOptions } from '@internal/sandbox';
import {
  landingZoneConfig,
  startTestSandbox,
} from '../../__testUtils__/sandbox';
import { readLandingZoneSettings } from '../../config';
import { AwsClientFactory } from '../clients';
import { ScanCredentials } from '../credentials';

/**
 * The sandbox with the scanner's clients and credentials, as a collector test
 * needs them: real SDK clients over HTTP, member roles assumed through STS.
 */
export async function startCollectorSandbox(options?: StartSandboxOptions) {
  const sandbox = await startTestSandbox(options);
  const settings = readLandingZoneSettings(
    new ConfigReader({ landingZone: landingZoneConfig(sandbox) }),
  );
  const clients = AwsClientFactory.create(settings.aws);
  const credentials = ScanCredentials.create({
    clients,
    member: { ...settings.memberRole, region: settings.regions[0] },
  });
  return {
    sandbox,
    settings,
    clients,
    credentials,
    /** A demo account's id by its name. */
    idOf(name: string): string {
      const account = sandbox.organization.accounts.find(a => a.name === name);
      if (!account) throw new Error(`No account named ${name} in the sandbox`);
      return account.id;
    },
    /** The member role's credentials in the account. */
    member(accountId: string) {
      return credentials.member(accountId);
    },
    async close() {
      clients.destroy();
      await sandbox.close();
    },
  };
}

export type CollectorSandbox = Awaited<
  ReturnType<typeof startCollectorSandbox>
>;

/**
 * Makes `client` answer some commands the way AWS answers a call the role's
 * policy does not allow: an error of the service's access-denied `code`
 * (`AccessDenied`, `AccessDeniedException`, `UnauthorizedOperation`), HTTP
 * 403. `which` names the commands (`DescribeNatGatewaysCommand`) or picks
 * them by their input. Every other command goes to the sandbox as usual: the
 * sandbox has no IAM policies to deny one action with.
 */
export function denyCommands<C extends { send: (...args: any[]) => any }>(
  client: C,
  which: string[] | ((command: { input: any }) => boolean),
  code: string,
): C {
  const send = client.send.bind(client);
  const denied = (command: any) =>
    Array.isArray(which)
      ? which.includes(command.constructor.name)
      : which(command);
  // The SDK's send is overloaded (callback forms); only the promise form is used.
  jest
    .spyOn(client as { send: (...args: any[]) => Promise<unknown> }, 'send')
    .mockImplementation(async (command: any, ...rest: any[]) => {
      if (denied(command)) {
        const action = command.constructor.name.replace(/Command$/, '');
        throw Object.assign(
          new Error(`User is not authorized to perform: ${action}`),
          { name: code, $fault: 'client', $metadata: { httpStatusCode: 403 } },
        );
      }
      return send(command, ...rest);
    });
  return client;
}
