import { AwsDispatcher } from './aws/AwsDispatcher';
import { CredentialIssuer, MANAGEMENT_CREDENTIALS } from './aws/identity';
import { awsServices } from './aws/services';
import { FaultInjector } from './faults/FaultInjector';
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
  /** Keys that act as the management account's admin user. */
  managementCredentials: { accessKeyId: string; secretAccessKey: string };
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
  const server = await SandboxServer.start({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    dispatchers: [
      AdminDispatcher.create({ faults, counters, organization }),
      // A GitHub dispatcher goes here, before AWS, which takes whatever is left.
      AwsDispatcher.create({
        services: awsServices,
        index,
        faults,
        counters,
        credentials,
      }),
    ],
  });
  return {
    url: server.url,
    port: server.port,
    close: () => server.close(),
    counters: () => counters.snapshot(),
    resetCounters: () => counters.reset(),
    setFaults: config => faults.set(faultConfigSchema.parse(config)),
    organization,
    managementCredentials: { ...MANAGEMENT_CREDENTIALS },
  };
}
