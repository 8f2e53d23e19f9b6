/*
 * The lz-sandbox command: `yarn workspace @internal/sandbox start -- --port 4566`
 * or bin/lz-sandbox. Prints the URL once listening; SIGINT/SIGTERM close it.
 */
import { parseCliArgs, USAGE, UsageError } from './cliArgs';
import { generateOrganization } from './org/generate';
import {
  demoOrganizationPath,
  loadOrganization,
  OrganizationFileError,
} from './org/load';
import type { Organization } from './org/types';
import { startSandbox } from './startSandbox';

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`lz-sandbox: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (options.help) {
    out(USAGE);
    return 0;
  }

  let organization: Organization;
  const started = performance.now();
  try {
    organization = options.generate
      ? generateOrganization(options.generate)
      : loadOrganization(options.org ?? demoOrganizationPath);
  } catch (e) {
    if (e instanceof OrganizationFileError || e instanceof RangeError) {
      process.stderr.write(`lz-sandbox: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const loadedIn = Math.round(performance.now() - started);

  const faults = options.faults
    ? { ...organization.faults, ...options.faults }
    : organization.faults;
  let sandbox;
  try {
    sandbox = await startSandbox({
      org: organization,
      port: options.port,
      faults,
      github: options.github,
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      // Not a usage error but the machine's state: one line, no stack, exit 1.
      process.stderr.write(
        `lz-sandbox: cannot listen on 127.0.0.1:${options.port}: ${
          code === 'EADDRINUSE'
            ? 'the port is already in use (pick another with --port, or --port 0)'
            : 'permission denied (ports below 1024 need privileges)'
        }\n`,
      );
      return 1;
    }
    throw e;
  }
  const source = options.generate
    ? 'generated'
    : options.org ?? 'demo organisation';
  out(
    `organisation ${organization.id}: ${organization.accounts.length} accounts, ${organization.regions.length} regions (${source}, ready in ${loadedIn} ms)`,
  );
  out(
    `management credentials: AWS_ACCESS_KEY_ID=${sandbox.managementCredentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${sandbox.managementCredentials.secretAccessKey}`,
  );
  if (Object.keys(faults).length > 0) out(`faults: ${JSON.stringify(faults)}`);
  if (sandbox.github) {
    out(
      `github: apiBaseUrl ${sandbox.github.apiBaseUrl}, token ${
        sandbox.github.token
      }, clone ${sandbox.github.cloneUrl('lz-demo', 'infrastructure')}`,
    );
  }
  // The handlers go in before the URL is printed: whoever waits for that line
  // may signal at once, and a signal with no handler yet kills the process.
  const stopped = new Promise<void>(resolve => {
    const stop = (signal: string) => {
      out(`${signal}: closing`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  out(`sandbox listening on ${sandbox.url}`);
  await stopped;
  await sandbox.close();
  return 0;
}

main(process.argv.slice(2)).then(
  code => {
    // Let stdout drain (a pipe writes asynchronously) rather than exit at once;
    // the unref'd timer only fires if some handle still holds the process open.
    process.exitCode = code;
    setTimeout(() => process.exit(code), 2000).unref();
  },
  e => {
    process.stderr.write(`lz-sandbox: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
