import { parseArgs } from 'node:util';
import type { GenerateOrganizationOptions } from './org/generate';
import type { FaultConfig } from './org/types';

/** A command line that cannot be understood; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: lz-sandbox [options]

  --org FILE                 organisation YAML (default: the shipped demo organisation)
  --generate SPEC            generate instead: accounts=N,regions=R,seed=S[,noncompliant=F]
  --port N                   port on 127.0.0.1 (default 4566; 0 picks a free one)

Faults (also settable at runtime: POST /_sandbox/faults):
  --throttle KEY=RATE/BURST  token bucket per account and region; KEY is a service
                             (organizations) or service:Operation (ec2:DescribeVpcs);
                             repeatable
  --latency MS               added to every AWS call
  --jitter MS                random extra latency, 0..MS
  --error-rate F             fraction (0-1) of calls answered with the service's 5xx
  --error-services A,B       only these services get 5xx answers
  --deny-assume-role ID,ID   AssumeRole into these accounts is AccessDenied
  --fault-seed N             seed of the PRNG behind --error-rate and --jitter
  --page-size N              items per page when a caller sends no MaxResults
                             (default 5, so that clients must page)
  --help
`;

export type CliOptions = {
  org?: string;
  generate?: GenerateOrganizationOptions;
  port: number;
  /** Only the faults given on the command line; undefined keeps the file's. */
  faults?: FaultConfig;
  help: boolean;
};

function number(flag: string, value: string, min = 0): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min) {
    throw new UsageError(`${flag} expects a number ≥ ${min}, got "${value}"`);
  }
  return n;
}

function parseGenerate(spec: string): GenerateOrganizationOptions {
  const fields = new Map<string, string>();
  for (const part of spec.split(',')) {
    const [key, value] = part.split('=');
    if (!value)
      throw new UsageError(`--generate expects key=value pairs, got "${part}"`);
    fields.set(key.trim(), value.trim());
  }
  for (const key of fields.keys()) {
    if (!['accounts', 'regions', 'seed', 'noncompliant'].includes(key)) {
      throw new UsageError(
        `--generate does not know "${key}" (accounts, regions, seed, noncompliant)`,
      );
    }
  }
  const accounts = fields.get('accounts');
  if (!accounts) throw new UsageError('--generate needs accounts=N');
  return {
    accounts: number('--generate accounts', accounts, 6),
    regions: fields.has('regions')
      ? number('--generate regions', fields.get('regions')!, 1)
      : undefined,
    seed: fields.has('seed')
      ? number('--generate seed', fields.get('seed')!)
      : undefined,
    nonCompliantFraction: fields.has('noncompliant')
      ? number('--generate noncompliant', fields.get('noncompliant')!)
      : undefined,
  };
}

export function parseCliArgs(argv: string[]): CliOptions {
  // `yarn workspace @internal/sandbox start -- --port 4566` passes the `--` through.
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        org: { type: 'string' },
        generate: { type: 'string' },
        port: { type: 'string' },
        throttle: { type: 'string', multiple: true },
        latency: { type: 'string' },
        jitter: { type: 'string' },
        'error-rate': { type: 'string' },
        'error-services': { type: 'string' },
        'deny-assume-role': { type: 'string' },
        'fault-seed': { type: 'string' },
        'page-size': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.org && values.generate) {
    throw new UsageError('--org and --generate exclude each other');
  }
  const faults: FaultConfig = {};
  for (const throttle of values.throttle ?? []) {
    const m = /^([a-z0-9-]+(?::[A-Za-z0-9]+)?)=([\d.]+)\/(\d+)$/.exec(throttle);
    if (!m)
      throw new UsageError(
        `--throttle expects KEY=RATE/BURST, e.g. ec2=20/40, got "${throttle}"`,
      );
    faults.rateLimits = {
      ...faults.rateLimits,
      [m[1]]: { rate: Number(m[2]), burst: Number(m[3]) },
    };
  }
  if (values.latency !== undefined || values.jitter !== undefined) {
    faults.latency = {
      ms:
        values.latency !== undefined ? number('--latency', values.latency) : 0,
      jitterMs:
        values.jitter !== undefined
          ? number('--jitter', values.jitter)
          : undefined,
    };
  }
  if (values['error-rate'] !== undefined) {
    const rate = number('--error-rate', values['error-rate']);
    if (rate > 1)
      throw new UsageError('--error-rate is a fraction between 0 and 1');
    faults.serverErrors = {
      rate,
      services: values['error-services']
        ?.split(',')
        .map(s => s.trim())
        .filter(Boolean),
    };
  }
  if (values['deny-assume-role'] !== undefined) {
    const ids = values['deny-assume-role'].split(',').map(s => s.trim());
    const bad = ids.find(id => !/^\d{12}$/.test(id));
    if (bad !== undefined)
      throw new UsageError(
        `--deny-assume-role expects 12-digit account ids, got "${bad}"`,
      );
    faults.assumeRoleDenied = ids;
  }
  if (values['fault-seed'] !== undefined) {
    faults.seed = number('--fault-seed', values['fault-seed']);
  }
  if (values['page-size'] !== undefined) {
    const size = number('--page-size', values['page-size'], 1);
    if (!Number.isInteger(size)) {
      throw new UsageError(
        `--page-size expects a whole number ≥ 1, got "${values['page-size']}"`,
      );
    }
    faults.pageSize = size;
  }
  const port = values.port !== undefined ? number('--port', values.port) : 4566;
  if (!Number.isInteger(port) || port > 65535) {
    throw new UsageError(`--port expects 0..65535, got "${values.port}"`);
  }
  return {
    org: values.org,
    generate: values.generate ? parseGenerate(values.generate) : undefined,
    port,
    faults: Object.keys(faults).length > 0 ? faults : undefined,
    help: values.help ?? false,
  };
}
