import path from 'node:path';
import { parseArgs } from 'node:util';
import { faultConfigSchema } from './faults/schema';
import {
  GENERATOR_REGIONS,
  type GenerateOrganizationOptions,
} from './org/generate';
import { describeIssue, formatPath } from './org/load';
import type { FaultConfig } from './org/types';
import type { GithubSandboxOptions } from './github/startGithub';

/** A command line that cannot be understood; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: lz-sandbox [options]

  --org FILE                 organisation YAML (default: the shipped demo organisation);
                             relative to the directory yarn was started in
  --generate SPEC            generate instead: accounts=N,regions=R,seed=S[,noncompliant=F]
                             (N ≥ 6, R 1–4, F 0–1)
  --port N                   port on 127.0.0.1 (default 4566; 0 picks a free one)

Faults (also settable at runtime: POST /_sandbox/faults):
  --throttle KEY=RATE/BURST  token bucket per account and region; KEY is a service
                             (organizations) or service:Operation (ec2:DescribeVpcs);
                             repeatable
  --latency MS               added to every AWS call
  --jitter MS                random extra latency, 0..MS
  --error-rate F             fraction (0-1) of calls answered with the service's 5xx
  --error-services A,B       only these services get 5xx answers (with --error-rate)
  --deny-assume-role ID,ID   AssumeRole into these accounts is AccessDenied
  --hang KEY,KEY             accept these calls and never answer them (until the
                             client closes or the sandbox stops); KEY as for
                             --throttle (guardduty, ec2:DescribeVpcs); repeatable
  --hang-accounts ID,ID      only hang calls made with these accounts' credentials
                             (with --hang)
  --fault-seed N             seed of the PRNG behind --error-rate and --jitter
  --page-size N              items per page when a caller sends no MaxResults
                             (default 5, so that clients must page)

GitHub side (REST API at /github/api/v3, git at /github/git/OWNER/REPO.git):
  --github-root DIR          keep the bare repositories here (default: a temporary
                             directory, removed on exit); seeded anew at each start
  --ci-delay MS              pending → outcome of atlantis/plan and apply (default 2000)
  --factory-delay MS         merge → account created by the account factory (default 5000)
  --no-github                AWS only
  --help
`;

export type CliOptions = {
  org?: string;
  generate?: GenerateOrganizationOptions;
  port: number;
  /** Only the faults given on the command line; undefined keeps the file's. */
  faults?: FaultConfig;
  /** The GitHub side's options when any flag set them; false with --no-github. */
  github?: GithubSandboxOptions | false;
  help: boolean;
};

type NumberRule = { min?: number; max?: number; integer?: boolean };

/** A number flag within its range, or a UsageError that says what was expected. */
function number(flag: string, value: string, rule: NumberRule = {}): number {
  const { min = 0, max, integer = false } = rule;
  const n = Number(value);
  if (
    value.trim() === '' ||
    !Number.isFinite(n) ||
    n < min ||
    (max !== undefined && n > max) ||
    (integer && !Number.isInteger(n))
  ) {
    const kind = integer ? 'a whole number' : 'a number';
    const range = max === undefined ? `≥ ${min}` : `${min}–${max}`;
    throw new UsageError(`${flag} expects ${kind} ${range}, got "${value}"`);
  }
  return n;
}

function parseGenerate(spec: string): GenerateOrganizationOptions {
  const fields = new Map<string, string>();
  for (const part of spec.split(',')) {
    const [key, value, extra] = part.split('=');
    if (!value || extra !== undefined)
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
  const field = (key: string, rule: NumberRule) => {
    const value = fields.get(key);
    return value === undefined
      ? undefined
      : number(`--generate ${key}`, value, rule);
  };
  const accounts = field('accounts', { min: 6, integer: true });
  if (accounts === undefined)
    throw new UsageError('--generate needs accounts=N');
  return {
    accounts,
    regions: field('regions', {
      min: 1,
      max: GENERATOR_REGIONS.length,
      integer: true,
    }),
    seed: field('seed', { integer: true }),
    nonCompliantFraction: field('noncompliant', { max: 1 }),
  };
}

// Which flag set each top-level key of the fault configuration.
const FAULT_FLAGS: Record<string, string> = {
  rateLimits: '--throttle',
  latency: '--latency/--jitter',
  serverErrors: '--error-rate/--error-services',
  assumeRoleDenied: '--deny-assume-role',
  hang: '--hang',
  'hang.accounts': '--hang-accounts',
  seed: '--fault-seed',
  pageSize: '--page-size',
};

/**
 * Parses the command line. A relative `--org` is resolved against `cwd`: the
 * caller's directory, which under `yarn workspace … start` is INIT_CWD (yarn runs
 * the script from the package folder).
 */
export function parseCliArgs(
  argv: string[],
  cwd: string = process.env.INIT_CWD || process.cwd(),
): CliOptions {
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
        hang: { type: 'string', multiple: true },
        'hang-accounts': { type: 'string' },
        'fault-seed': { type: 'string' },
        'page-size': { type: 'string' },
        'github-root': { type: 'string' },
        'ci-delay': { type: 'string' },
        'factory-delay': { type: 'string' },
        'no-github': { type: 'boolean' },
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
    const m = /^([^=]+)=(\d+(?:\.\d+)?)\/(\d+)$/.exec(throttle);
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
  if (
    values['error-services'] !== undefined &&
    values['error-rate'] === undefined
  ) {
    throw new UsageError(
      '--error-services needs --error-rate (the fraction of their calls to fail)',
    );
  }
  if (values['error-rate'] !== undefined) {
    faults.serverErrors = {
      rate: number('--error-rate', values['error-rate'], { max: 1 }),
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
  if (values['hang-accounts'] !== undefined && values.hang === undefined) {
    throw new UsageError(
      '--hang-accounts needs --hang (the services or operations to hang)',
    );
  }
  if (values.hang !== undefined) {
    const list = (value: string) =>
      value
        .split(',')
        .map(s => s.trim())
        .filter(Boolean);
    faults.hang = {
      keys: values.hang.flatMap(list),
      accounts:
        values['hang-accounts'] !== undefined
          ? list(values['hang-accounts'])
          : undefined,
    };
  }
  if (values['fault-seed'] !== undefined) {
    faults.seed = number('--fault-seed', values['fault-seed'], {
      integer: true,
    });
  }
  if (values['page-size'] !== undefined) {
    faults.pageSize = number('--page-size', values['page-size'], {
      min: 1,
      integer: true,
    });
  }
  // The same schema as the file's faults: a rate of 0, a burst of 0 or an unknown
  // service ("guard-duty") is an error here too, not a fault that never fires.
  const checked = faultConfigSchema.safeParse(faults, { reportInput: true });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const flag =
      FAULT_FLAGS[issue.path.slice(0, 2).join('.')] ??
      FAULT_FLAGS[String(issue.path[0])] ??
      'fault flags';
    throw new UsageError(
      `${flag}: ${formatPath(issue.path)}: ${describeIssue(issue)}`,
    );
  }
  const githubFlags = ['github-root', 'ci-delay', 'factory-delay'] as const;
  const githubFlag = githubFlags.find(flag => values[flag] !== undefined);
  if (values['no-github'] && githubFlag) {
    throw new UsageError(`--no-github and --${githubFlag} exclude each other`);
  }
  let github: CliOptions['github'];
  if (values['no-github']) github = false;
  else if (githubFlag) {
    github = {
      root: values['github-root'] && path.resolve(cwd, values['github-root']),
      ciDelayMs:
        values['ci-delay'] !== undefined
          ? number('--ci-delay', values['ci-delay'], { integer: true })
          : undefined,
      factoryDelayMs:
        values['factory-delay'] !== undefined
          ? number('--factory-delay', values['factory-delay'], {
              integer: true,
            })
          : undefined,
    };
  }
  const port =
    values.port !== undefined
      ? number('--port', values.port, { max: 65535, integer: true })
      : 4566;
  return {
    org: values.org && path.resolve(cwd, values.org),
    generate: values.generate ? parseGenerate(values.generate) : undefined,
    port,
    faults: Object.keys(faults).length > 0 ? faults : undefined,
    github,
    help: values.help ?? false,
  };
}
