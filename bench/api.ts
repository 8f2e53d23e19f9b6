/*
 * Benchmark of the landing-zone HTTP API under load. Prints figures; not a
 * test. See bench/README.md for the other benchmarks.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/api.ts \
 *     [--db-file FILE | --accounts 10000] [--db sqlite|postgres] [--duration 10] \
 *     [--page] [--connections 1,10]
 *
 * The organisation comes from a SQLite file kept by bench/scan.ts (made here
 * by running scan.ts when no --db-file is given). The real backend serves it
 * in a child process (bench/apiBackend.ts: createBackend() with the permission
 * backend, its allow-all policy and the landing-zone plugin), so the memory
 * reported is the backend's alone. autocannon drives every GET route, one
 * after the other, with 10 concurrent clients; --connections 1,10 runs them
 * all with 1 client, then all with 10. --page drives
 * only the calls the Landing Zone page and its guardrail view make, with the
 * query strings the frontend's client sends.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import knexFactory, { type Knex } from 'knex';
import { out, table } from './format';
import { PG_SERVER, preparePostgres, type CopyReport } from './pgCopy';

// ---- options ---------------------------------------------------------------

const USAGE = `Usage: node --require @backstage/cli/config/nodeTransform.cjs bench/api.ts [options]
  --db-file FILE      serve this SQLite file, made by
                      bench/scan.ts --accounts N --regions 4 --no-limits --db-file FILE
                      (the backend applies pending plugin migrations to it and adds
                      its scheduler and key tables). Default: run scan.ts to make one
                      in a temporary directory, removed afterwards
  --accounts N        without --db-file: accounts scan.ts generates (default 10000)
  --regions R         without --db-file: regions, 1-4 (default 4)
  --seed S            without --db-file: generator seed (default 1)
  --db KIND           sqlite (default: serve the file itself) or postgres (copy every
                      table of the file into a fresh database lz_api_bench_<timestamp>
                      on 127.0.0.1:5432, user postgres, after the plugin's migrations
                      made the schema there, then VACUUM ANALYZE; dropped afterwards)
  --duration S        seconds of load per route (default 10) ...
  --requests N        ... or this many responses, whichever comes first (default 500)
  --connections C     concurrent clients (default 10); a list such as 1,10 runs
                      every route at each value, one value after the other
  --page              only the calls the Landing Zone page makes (first load,
                      filters, page 2, CSV export, the guardrail view), as its
                      client sends them; without it, those and every other route
  --routes REGEX      only the routes whose name matches (default: every route)
  --explain           with --db postgres: for every route whose p95 is 150 ms or
                      more, one more request with the backend's SQL captured, and
                      EXPLAIN (ANALYZE, BUFFERS) of its slowest statements
                      (default on with --db postgres; --no-explain turns it off)
  --backend-cpu-prof DIR
                      run the backend child with node --cpu-prof into DIR (start-up
                      included; summarise with bench/cpuProfile.ts)
  --help              this text

Exit code 0; 2 when a route answered non-2xx or a request failed.
`;

type Options = {
  dbFile?: string;
  accounts: number;
  regions: number;
  seed: number;
  db: 'sqlite' | 'postgres';
  durationS: number;
  requests: number;
  connections: number[];
  page: boolean;
  routes?: RegExp;
  explain: boolean;
  cpuProfDir?: string;
};

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'db-file': { type: 'string' },
      accounts: { type: 'string', default: '10000' },
      regions: { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
      db: { type: 'string', default: 'sqlite' },
      duration: { type: 'string', default: '10' },
      requests: { type: 'string', default: '500' },
      connections: { type: 'string', default: '10' },
      page: { type: 'boolean', default: false },
      routes: { type: 'string' },
      explain: { type: 'boolean' },
      'no-explain': { type: 'boolean', default: false },
      'backend-cpu-prof': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const int = (name: string, value: string, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      throw new Error(`--${name} expects an integer ≥ ${min}, got "${value}"`);
    }
    return n;
  };
  if (values.db !== 'sqlite' && values.db !== 'postgres') {
    throw new Error(`--db expects sqlite or postgres, got "${values.db}"`);
  }
  const durationS = Number(values.duration);
  if (!(durationS > 0)) {
    throw new Error(`--duration expects seconds > 0, got "${values.duration}"`);
  }
  const connections = values
    .connections!.split(',')
    .map(c => int('connections', c.trim(), 1));
  const requests = int('requests', values.requests!, 1);
  if (requests < Math.max(...connections)) {
    throw new Error('--requests must be at least --connections');
  }
  const dbFile = values['db-file'] ? resolve(values['db-file']) : undefined;
  if (dbFile && !existsSync(dbFile)) throw new Error(`No file ${dbFile}`);
  return {
    dbFile,
    accounts: int('accounts', values.accounts!, 6),
    regions: int('regions', values.regions!, 1),
    seed: int('seed', values.seed!, 0),
    db: values.db,
    durationS,
    requests,
    connections,
    page: values.page!,
    routes: values.routes ? new RegExp(values.routes) : undefined,
    explain:
      values.db === 'postgres' &&
      !values['no-explain'] &&
      (values.explain ?? true),
    cpuProfDir: values['backend-cpu-prof']
      ? resolve(values['backend-cpu-prof'])
      : undefined,
  };
}

// ---- autocannon ------------------------------------------------------------

// autocannon ships no type declarations; these are the parts used here.
type LoadRequest = { method?: string; path?: string };
type LoadOptions = {
  url: string;
  connections: number;
  amount: number;
  timeout: number;
  sampleInt: number;
  headers: Record<string, string>;
  requests?: {
    setupRequest: (request: LoadRequest) => LoadRequest;
  }[];
};
type LoadResult = {
  errors: number;
  timeouts: number;
  totalRequests: number;
  resets: number;
};
type LoadInstance = {
  on(
    event: 'response',
    listener: (
      client: unknown,
      statusCode: number,
      bytes: number,
      responseTimeMs: number,
    ) => void,
  ): void;
  on(event: 'reqError', listener: (error: Error) => void): void;
  stop(): void;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: (
  options: LoadOptions,
  done: (error: Error | null, result: LoadResult) => void,
) => LoadInstance = require('autocannon');

// ---- the backend child: memory and CPU from /proc ---------------------------

const CLOCK_TICKS = (() => {
  try {
    return (
      Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100
    );
  } catch {
    return 100;
  }
})();

function procMemoryKb(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds of a process so far (not its children). */
function procCpuS(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state(0) … utime(11) stime(12), in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** Samples a process's resident set every `everyMs`; peaks overall and per window. */
function sampleRss(pid: number, everyMs: number) {
  let peakKb = 0;
  let windowPeakKb = 0;
  let samples = 0;
  const sample = () => {
    const memory = procMemoryKb(pid);
    if (!memory) return;
    peakKb = Math.max(peakKb, memory.rss);
    windowPeakKb = Math.max(windowPeakKb, memory.rss);
    samples++;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    /** The peak since the last call (or the start), and starts a new window. */
    window() {
      sample();
      const peak = windowPeakKb;
      windowPeakKb = 0;
      return peak;
    },
    stop() {
      clearInterval(timer);
      sample();
      return { peakKb, samples };
    },
  };
}

// ---- the organisation: a SQLite file from bench/scan.ts ---------------------

type ScanSummary = Record<string, unknown>;

/** Runs bench/scan.ts in a child process to make the SQLite file. */
async function runScan(
  options: Options,
  file: string,
  logFile: string,
): Promise<ScanSummary | undefined> {
  const log = openSync(logFile, 'a');
  const child = fork(
    join(__dirname, 'scan.ts'),
    [
      '--accounts',
      String(options.accounts),
      '--regions',
      String(options.regions),
      '--seed',
      String(options.seed),
      '--no-limits',
      '--db-file',
      file,
    ],
    {
      execArgv: [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      ],
      // scan.ts writes its progress to stderr: passed on. Its report goes to
      // the log; its JSON line (the last line) is kept in ours.
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    writeFileSync(log, chunk);
  });
  const code = await new Promise<number | null>(done => child.on('exit', done));
  closeSync(log);
  const last = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0) {
    throw new Error(`bench/scan.ts exited with ${code}; see ${logFile}`);
  }
  try {
    return JSON.parse(last) as ScanSummary;
  } catch {
    return undefined;
  }
}

// ---- the backend child -----------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        done(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

function backendConfig(options: {
  port: number;
  token: string;
  workDir: string;
  sqliteFile?: string;
  postgresDatabase?: string;
}) {
  const database = options.postgresDatabase
    ? {
        client: 'pg',
        connection: PG_SERVER,
        plugin: {
          'landing-zone': {
            connection: { database: options.postgresDatabase },
          },
          // The permission plugin's auth keys stay out of the server.
          permission: { client: 'better-sqlite3', connection: ':memory:' },
        },
      }
    : {
        client: 'better-sqlite3',
        // Other plugins (permission) get <directory>/<pluginId>.sqlite here;
        // the landing-zone plugin gets the file itself.
        connection: { directory: options.workDir },
        plugin: {
          'landing-zone': {
            connection: {
              directory: dirname(options.sqliteFile!),
              filename: basename(options.sqliteFile!),
            },
          },
        },
      };
  return {
    backend: {
      baseUrl: `http://127.0.0.1:${options.port}`,
      listen: { host: '127.0.0.1', port: options.port },
      database,
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: options.token, subject: 'api-bench' },
          },
        ],
      },
    },
    permission: { enabled: true },
    landingZone: {
      regions: ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2'],
      // Nothing answers there: a scan, if one ever started, could not read AWS.
      aws: { endpoints: { default: 'http://127.0.0.1:9' } },
      // No scan while serving: the first one is a year away.
      scan: {
        schedule: {
          frequency: { days: 365 },
          initialDelay: { days: 365 },
          timeout: { minutes: 50 },
        },
      },
    },
  };
}

type Backend = {
  child: ChildProcess;
  baseUrl: string;
  startupS: number;
  stop(): Promise<void>;
};

async function startBackend(
  configFile: string,
  baseUrl: string,
  token: string,
  logFile: string,
  cpuProfDir?: string,
): Promise<Backend> {
  const log = openSync(logFile, 'a');
  const started = performance.now();
  const child = fork(
    join(__dirname, 'apiBackend.ts'),
    ['--config', configFile],
    {
      cwd: resolve(__dirname, '..'),
      execArgv: [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
      ],
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
      },
      stdio: ['ignore', log, log, 'ipc'],
    },
  );
  closeSync(log);
  let exited: number | null | undefined;
  const exit = new Promise<void>(done =>
    child.on('exit', code => {
      exited = code;
      done();
    }),
  );
  // Ready once the plugin answers.
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (exited !== undefined) {
      throw new Error(
        `the backend exited (${exited}) while starting; see ${logFile}`,
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the backend did not start within 300 s; see ${logFile}`);
    }
    const status = await fetch(`${baseUrl}/api/landing-zone/guardrails`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5_000),
    }).then(
      r => r.status,
      () => 0,
    );
    if (status === 200) break;
    await new Promise(done => setTimeout(done, 250));
  }
  return {
    child,
    baseUrl,
    startupS: (performance.now() - started) / 1000,
    async stop() {
      if (exited !== undefined) return;
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

// ---- the routes ------------------------------------------------------------

type Json = Record<string, unknown>;

function client(baseUrl: string, token: string) {
  return async function get(path: string): Promise<Json> {
    const response = await fetch(`${baseUrl}/api/landing-zone${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(300_000),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 300)}`);
    }
    return JSON.parse(text) as Json;
  };
}

const items = (page: Json) => (page.items ?? []) as Json[];

/** A fixed shuffle, so that rotating ids do not walk the table in order. */
function shuffled<T>(values: T[], seed = 1): T[] {
  const result = [...values];
  let state = seed;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

type Parameters = {
  accounts: number;
  vpcs: number;
  accountIds: string[];
  accountsCursor?: string;
  ou?: { id: string; path?: string; accounts: number };
  text?: { q: string; accounts: number };
  nonCompliant: number;
  vpcAccountIds: string[];
  vpcsCursor?: string;
  ous: number;
  checkId?: string;
  scanId?: string;
  scans: number;
  /** The owner tag most accounts of the sample carry. */
  owner?: { name: string; accounts: number };
  /** The guardrail most accounts fail. */
  failingCheck?: { id: string; failing: number; unknown: number };
  /** The second page of the matrix's first load. */
  matrixCursor?: string;
  /** Requests that failed while picking (their routes are still driven). */
  problems: string[];
};

/**
 * Realistic parameters, picked from the data the API serves. Only the account
 * list must answer; a route that fails here is left to the load to report.
 */
async function pickParameters(
  get: ReturnType<typeof client>,
): Promise<Parameters> {
  const problems: string[] = [];
  const tryGet = (path: string) =>
    get(path).catch((error: Error) => {
      problems.push(error.message);
      return undefined;
    });
  const count = (page: Json | undefined) =>
    page ? Number(page.totalCount ?? items(page).length) : 0;

  const first = await get('/accounts?limit=50');
  const accounts: Json[] = [];
  let page: Json | undefined = await get('/accounts?limit=500');
  for (let pages = 0; page && pages < 4; pages++) {
    accounts.push(...items(page));
    page = page.nextCursor
      ? await tryGet(
          `/accounts?limit=500&cursor=${encodeURIComponent(
            String(page.nextCursor),
          )}`,
        )
      : undefined;
  }
  const ids = shuffled(accounts.map(a => String(a.id)));

  // The OU (not the root) with the most accounts below it: OUs from the
  // tree, or else from the accounts' parents.
  const units: { id: string; path?: string }[] = [];
  const tree = await tryGet('/organizational-units');
  const walk = (node: Json) => {
    units.push({ id: String(node.id), path: node.path as string | undefined });
    for (const child of (node.children ?? []) as Json[]) walk(child);
  };
  if (tree) walk(tree);
  else {
    const parents = new Set(
      accounts.flatMap(a => (a.parentIds ?? []) as string[]),
    );
    units.push(...[...parents].sort().map(id => ({ id })));
  }
  let ou: Parameters['ou'];
  for (const unit of units) {
    if (unit.id.startsWith('r-')) continue;
    const below = count(
      await tryGet(`/accounts?ou=${encodeURIComponent(unit.id)}&limit=1`),
    );
    if (!ou || below > ou.accounts) ou = { ...unit, accounts: below };
  }

  // Text search: the first word of an account name, as someone would type it.
  const named = shuffled(accounts).find(a => typeof a.name === 'string');
  const word = String(named?.name ?? '')
    .split(/[^a-z0-9]+/i)
    .find(w => w.length >= 3);
  const text = word
    ? {
        q: word,
        accounts: count(
          await tryGet(`/accounts?q=${encodeURIComponent(word)}&limit=1`),
        ),
      }
    : undefined;
  const nonCompliant = count(
    await tryGet('/accounts?compliance=non-compliant&limit=1'),
  );

  const vpcPage = await tryGet('/vpcs?limit=500');
  const vpcAccountIds = [
    ...new Set(items(vpcPage ?? {}).map(v => String(v.accountId))),
  ];
  const vpcsFirst = await tryGet('/vpcs?limit=50');
  const guardrails = items((await tryGet('/guardrails')) ?? {});
  const scans = await tryGet('/scans');

  // The owner filter lists the catalog's groups by name, which is what the
  // accounts' owner tags carry: the tag most accounts of the sample carry.
  const owners = new Map<string, number>();
  for (const a of accounts) {
    if (typeof a.owner === 'string') {
      owners.set(a.owner, (owners.get(a.owner) ?? 0) + 1);
    }
  }
  const ownerName = [...owners].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  )[0]?.[0];
  const owner = ownerName
    ? {
        name: ownerName,
        accounts: count(
          await tryGet(
            `/accounts?owner=${encodeURIComponent(ownerName)}&limit=1`,
          ),
        ),
      }
    : undefined;
  // The guardrail most accounts fail: where the headline's failing figure
  // and the guardrail list lead.
  const posture = await tryGet('/posture?days=30');
  const worst = ((posture?.checks ?? []) as Json[])
    .filter(c => Number(c.failing) > 0)
    .sort(
      (a, b) =>
        Number(b.failing) - Number(a.failing) ||
        String(a.id).localeCompare(String(b.id)),
    )[0];
  const failingCheck = worst
    ? {
        id: String(worst.id),
        failing: Number(worst.failing),
        unknown: Number(worst.unknown),
      }
    : undefined;
  const matrixFirst = await tryGet('/matrix?limit=50');

  return {
    accounts: count(first),
    vpcs: count(vpcsFirst),
    accountIds: ids,
    accountsCursor: first.nextCursor as string | undefined,
    ou,
    text,
    nonCompliant,
    vpcAccountIds: shuffled(vpcAccountIds),
    vpcsCursor: vpcsFirst?.nextCursor as string | undefined,
    ous: units.length,
    checkId: guardrails[0]?.id as string | undefined,
    scanId: items(scans ?? {})[0]?.id as string | undefined,
    scans: count(scans),
    owner,
    failingCheck,
    matrixCursor: matrixFirst?.nextCursor as string | undefined,
    problems,
  };
}

type Route = {
  name: string;
  /** One path, or a new one per request (rotating ids). */
  path: string | (() => string);
  /** One of the calls the Landing Zone page makes (--page). */
  page?: boolean;
};

function rotate(values: string[], toPath: (value: string) => string) {
  let i = 0;
  return () => toPath(values[i++ % values.length]);
}

/**
 * The calls of the Landing Zone page (plugins/landing-zone, Posture/ and
 * GuardrailsPage/) with the query strings its client (LandingZoneClient in
 * plugin-landing-zone-common) builds: the parameters in the order the
 * component passes them, empty ones left out.
 */
function pageRoutesFor(p: Parameters): Route[] {
  const q = encodeURIComponent;
  // Matrix.tsx: getMatrix({ ...filters, cursor, limit: PAGE_SIZE }).
  const matrix = (filters: string) => `/matrix?${filters}limit=50`;
  const check = p.failingCheck?.id;
  const routes: (Omit<Route, 'page'> | false)[] = [
    // First load: PosturePage (posture, tree, catalogue), the headline's
    // latest scan, the matrix's first page.
    { name: 'GET /posture?days=30', path: '/posture?days=30' },
    { name: 'GET /organizational-units', path: '/organizational-units' },
    { name: 'GET /guardrails', path: '/guardrails' },
    { name: 'GET /scans?limit=1', path: '/scans?limit=1' },
    { name: 'GET /matrix?limit=50', path: matrix('') },
    // The matrix's filters, one at a time, and the next page.
    !!p.ou && {
      name: 'GET /matrix?ou=<largest OU>',
      path: matrix(`ou=${q(p.ou!.id)}&`),
    },
    !!p.owner && {
      name: 'GET /matrix?owner=<commonest owner>',
      path: matrix(`owner=${q(p.owner!.name)}&`),
    },
    {
      name: 'GET /matrix?environment=prod',
      path: matrix('environment=prod&'),
    },
    !!check && {
      name: 'GET /matrix?check=<most failed>',
      path: matrix(`check=${q(check!)}&`),
    },
    { name: 'GET /matrix?status=fail', path: matrix('status=fail&') },
    !!check && {
      name: 'GET /matrix?check=<most failed>&status=fail',
      path: matrix(`check=${q(check!)}&status=fail&`),
    },
    !!p.text && {
      name: 'GET /matrix?q=<text>',
      path: matrix(`q=${q(p.text!.q)}&`),
    },
    !!p.matrixCursor && {
      name: 'GET /matrix?cursor=<page 2>',
      path: matrix(`cursor=${q(p.matrixCursor!)}&`),
    },
    // The export button: the filtered view's CSV, and the whole estate's.
    !!p.ou && {
      name: 'GET /matrix.csv?ou=<largest OU>&status=fail',
      path: `/matrix.csv?ou=${q(p.ou!.id)}&status=fail`,
    },
    { name: 'GET /matrix.csv (whole estate)', path: '/matrix.csv' },
    // The guardrail view (GuardrailsPage?check=): the list's posture, the
    // guardrail, its trend, its failing (and unknown) accounts, its export.
    { name: 'GET /posture?days=1', path: '/posture?days=1' },
    !!check && {
      name: 'GET /guardrails/<most failed>',
      path: `/guardrails/${q(check!)}`,
    },
    !!check && {
      name: 'GET /posture/trend?check=<most failed>&days=30',
      path: `/posture/trend?check=${q(check!)}&days=30`,
    },
    !!check && {
      name: 'GET /guardrails/<most failed>/accounts?status=fail',
      path: `/guardrails/${q(check!)}/accounts?status=fail&limit=50`,
    },
    !!check &&
      p.failingCheck!.unknown > 0 && {
        name: 'GET /guardrails/<most failed>/accounts?status=unknown',
        path: `/guardrails/${q(check!)}/accounts?status=unknown&limit=50`,
      },
    !!check && {
      name: 'GET /matrix.csv?check=<most failed>&status=fail',
      path: `/matrix.csv?check=${q(check!)}&status=fail`,
    },
  ];
  return routes
    .filter((r): r is Omit<Route, 'page'> => r !== false)
    .map(r => ({ ...r, page: true }));
}

function routesFor(p: Parameters, pageOnly: boolean): Route[] {
  const page = pageRoutesFor(p);
  if (pageOnly) return page;
  const names = new Set(page.map(r => r.name));
  return [...page, ...otherRoutesFor(p).filter(r => !names.has(r.name))];
}

/** The routes of the API (the other pages', the catalog module's). */
function otherRoutesFor(p: Parameters): Route[] {
  const q = encodeURIComponent;
  const routes: (Route | false)[] = [
    { name: 'GET /accounts', path: '/accounts' },
    !!p.accountsCursor && {
      name: 'GET /accounts?limit=50&cursor=<page 2>',
      path: `/accounts?limit=50&cursor=${q(p.accountsCursor!)}`,
    },
    !!p.ou && {
      name: 'GET /accounts?ou=<largest OU>',
      path: `/accounts?ou=${q(p.ou!.id)}`,
    },
    !!p.text && {
      name: `GET /accounts?q=<text>`,
      path: `/accounts?q=${q(p.text!.q)}`,
    },
    {
      name: 'GET /accounts?compliance=non-compliant',
      path: '/accounts?compliance=non-compliant',
    },
    p.accountIds.length > 0 && {
      name: 'GET /accounts/:id (rotating)',
      path: rotate(p.accountIds, id => `/accounts/${id}`),
    },
    { name: 'GET /vpcs', path: '/vpcs' },
    p.vpcAccountIds.length > 0 && {
      name: 'GET /vpcs?accountId= (rotating)',
      path: rotate(p.vpcAccountIds, id => `/vpcs?accountId=${id}`),
    },
    !!p.vpcsCursor && {
      name: 'GET /vpcs?limit=50&cursor=<page 2>',
      path: `/vpcs?limit=50&cursor=${q(p.vpcsCursor!)}`,
    },
    { name: 'GET /organizational-units', path: '/organizational-units' },
    { name: 'GET /posture', path: '/posture' },
    { name: 'GET /posture/trend', path: '/posture/trend' },
    !!p.ou &&
      !!p.checkId && {
        name: 'GET /posture/trend?ou=&check=',
        path: `/posture/trend?ou=${q(p.ou!.id)}&check=${q(p.checkId!)}`,
      },
    { name: 'GET /guardrails', path: '/guardrails' },
    { name: 'GET /scans', path: '/scans' },
    !!p.scanId && {
      name: 'GET /scans/:id',
      path: `/scans/${q(p.scanId!)}`,
    },
  ];
  return routes.filter((r): r is Route => r !== false);
}

/** Routes that cannot be built from the data (e.g. no second page). */
function missingRoutes(p: Parameters): string[] {
  const missing: string[] = [];
  if (!p.accountsCursor) missing.push('GET /accounts?cursor= (one page only)');
  if (!p.ou) missing.push('GET /accounts?ou= (no OU)');
  if (!p.text) missing.push('GET /accounts?q= (no account name)');
  if (!p.accountIds.length) missing.push('GET /accounts/:id (no accounts)');
  if (!p.vpcAccountIds.length) missing.push('GET /vpcs?accountId= (no VPCs)');
  if (!p.vpcsCursor) missing.push('GET /vpcs?cursor= (one page only)');
  if (!p.ou || !p.checkId) missing.push('GET /posture/trend?ou=&check=');
  if (!p.scanId) missing.push('GET /scans/:id (no scan)');
  if (!p.owner) missing.push('GET /matrix?owner= (no owner tags)');
  if (!p.failingCheck) {
    missing.push('GET /matrix?check=, /guardrails/:checkId… (nothing fails)');
  }
  if (!p.matrixCursor) missing.push('GET /matrix?cursor= (one page only)');
  return missing;
}

// ---- load ------------------------------------------------------------------

type RouteResult = {
  route: string;
  /** Concurrent clients. */
  connections: number;
  /** The first path, as requested. */
  example: string;
  /** A single request before the load: its status, size and time. */
  probe: {
    status: number;
    bytes: number;
    ms: number;
    /** The list's totalCount, or the CSV's data lines. */
    rows?: number;
    error?: string;
  };
  requests: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Sent but not answered when the run stopped. */
  abandoned: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  meanKb: number;
  p95Under150: boolean;
  peakRssMb: number;
  cpuS: number;
};

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function probe(
  baseUrl: string,
  token: string,
  path: string,
): Promise<RouteResult['probe']> {
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}/api/landing-zone${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(300_000),
    });
    const body = await response.text();
    const ms = performance.now() - started;
    let rows: number | undefined;
    if (response.ok) {
      if (response.headers.get('content-type')?.startsWith('text/csv')) {
        rows = body.trimEnd().split('\n').length - 1;
      } else {
        try {
          const total = (JSON.parse(body) as Json).totalCount;
          if (typeof total === 'number') rows = total;
        } catch {
          // not JSON: no count
        }
      }
    }
    return {
      status: response.status,
      bytes: Buffer.byteLength(body),
      ms,
      ...(rows !== undefined && { rows }),
      ...(!response.ok && { error: body.slice(0, 300) }),
    };
  } catch (error) {
    return {
      status: 0,
      bytes: 0,
      ms: performance.now() - started,
      error: String(error),
    };
  }
}

async function load(
  route: Route,
  options: Options,
  connections: number,
  backend: Backend,
  token: string,
): Promise<
  Omit<RouteResult, 'route' | 'connections' | 'example' | 'probe' | 'peakRssMb'>
> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let non2xx = 0;
  let bytes = 0;
  const prefix = '/api/landing-zone';
  const next = route.path;
  const cpuBefore = procCpuS(backend.child.pid!);
  const started = performance.now();
  let lastResponse = started;
  let timer: NodeJS.Timeout | undefined;
  const result = await new Promise<LoadResult>((done, fail) => {
    const instance = autocannon(
      {
        url: `${backend.baseUrl}${prefix}${
          typeof next === 'string' ? next : ''
        }`,
        connections,
        amount: options.requests,
        // A slow answer is measured, not cut off.
        timeout: 120,
        // How often autocannon checks whether to stop.
        sampleInt: 100,
        headers: { authorization: `Bearer ${token}` },
        ...(typeof next === 'function' && {
          requests: [
            { setupRequest: r => ({ ...r, path: `${prefix}${next()}` }) },
          ],
        }),
      },
      (error, res) => (error ? fail(error) : done(res)),
    );
    instance.on('response', (_client, statusCode, responseBytes, ms) => {
      latencies.push(ms);
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode < 200 || statusCode > 299) non2xx++;
      bytes += responseBytes;
      lastResponse = performance.now();
    });
    // Errors are counted in the result.
    instance.on('reqError', () => {});
    // The duration is up: stop, once there are as many answers as clients (a
    // route slower than the duration still gets some latencies), and at the
    // latest after 5 × the duration or the duration + 2 minutes.
    const hardStop =
      started + Math.max(options.durationS * 5, options.durationS + 120) * 1000;
    timer = setInterval(() => {
      const now = performance.now();
      if (
        (now - started >= options.durationS * 1000 &&
          latencies.length >= connections) ||
        now >= hardStop
      ) {
        clearInterval(timer);
        instance.stop();
      }
    }, 50);
  }).finally(() => clearInterval(timer));
  const seconds = (lastResponse - started) / 1000;
  const cpuS = procCpuS(backend.child.pid!) - cpuBefore;
  const sorted = latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  const p95 = percentile(sorted, 0.95);
  return {
    requests: latencies.length,
    non2xx,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    abandoned: Math.max(
      0,
      result.totalRequests - latencies.length - result.errors,
    ),
    seconds: round(seconds),
    rps: round(latencies.length / Math.max(seconds, 1e-3)),
    p50: round(percentile(sorted, 0.5)),
    p95: round(p95),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    meanKb: round(bytes / Math.max(latencies.length, 1) / 1024),
    p95Under150: p95 < 150,
    cpuS: round(cpuS),
  };
}

// ---- the SQL behind a slow route (PostgreSQL) --------------------------------

type Explained = {
  route: string;
  path: string;
  /** The one request's time, with the SQL captured. */
  ms: number;
  statements: number;
  /** The statements' time in all, as knex saw it (pool waits excluded). */
  sqlMs: number;
  /** The slowest statement texts, with one set of bindings each. */
  plans: {
    sql: string;
    bindings: unknown[];
    ms: number;
    times: number;
    plan: string;
  }[];
  error?: string;
};

type CapturedQuery = { sql: string; bindings: unknown[]; ms: number };

function backendMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.off('message', listener);
      fail(new Error(`the backend did not answer ${type} within 60 s`));
    }, 60_000);
    const listener = (message: { type?: string }) => {
      if (message?.type !== type) return;
      clearTimeout(timer);
      child.off('message', listener);
      done(message as T);
    };
    child.on('message', listener);
  });
}

/**
 * One request of the route with the backend's SQL captured (bench/
 * apiBackend.ts), then EXPLAIN (ANALYZE, BUFFERS) of its three slowest
 * statement texts on the same database, each with the bindings of its
 * slowest run.
 */
async function explainRoute(
  backend: Backend,
  token: string,
  database: string,
  route: string,
  path: string,
): Promise<Explained> {
  const capturing = backendMessage(backend.child, 'capturing');
  backend.child.send({ type: 'capture', on: true });
  await capturing;
  const request = await probe(backend.baseUrl, token, path);
  const captured = backendMessage<{ queries: CapturedQuery[] }>(
    backend.child,
    'captured',
  );
  backend.child.send({ type: 'capture', on: false });
  const { queries } = await captured;

  const byText = new Map<
    string,
    { sql: string; bindings: unknown[]; ms: number; times: number; max: number }
  >();
  for (const query of queries) {
    const entry = byText.get(query.sql);
    if (!entry) {
      byText.set(query.sql, {
        sql: query.sql,
        bindings: query.bindings,
        ms: query.ms,
        times: 1,
        max: query.ms,
      });
      continue;
    }
    entry.ms += query.ms;
    entry.times++;
    if (query.ms > entry.max) {
      entry.max = query.ms;
      entry.bindings = query.bindings;
    }
  }
  const slowest = [...byText.values()]
    .filter(e => /^\s*(select|with)\b/i.test(e.sql))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3);
  const db = knexFactory({
    client: 'pg',
    connection: { ...PG_SERVER, database },
  });
  try {
    const plans: Explained['plans'] = [];
    for (const entry of slowest) {
      const result = await db.raw(
        `EXPLAIN (ANALYZE, BUFFERS) ${entry.sql}`,
        entry.bindings as Knex.RawBinding[],
      );
      plans.push({
        sql: entry.sql,
        bindings: entry.bindings,
        ms: entry.ms,
        times: entry.times,
        plan: (result.rows as Record<string, string>[])
          .map(row => row['QUERY PLAN'])
          .join('\n'),
      });
    }
    return {
      route,
      path,
      ms: request.ms,
      statements: queries.length,
      sqlMs: queries.reduce((sum, q) => sum + q.ms, 0),
      plans,
      ...(request.status >= 300 && {
        error: `answered ${request.status}: ${request.error}`,
      }),
    };
  } finally {
    await db.destroy();
  }
}

// ---- output ----------------------------------------------------------------

const mb = (kb: number) => Math.round(kb / 1024);

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '';
  }
}

// ---- main ------------------------------------------------------------------

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const workDir = mkdtempSync(join(tmpdir(), 'lz-api-bench-'));
  const logFile = join(workDir, 'backend.log');
  const cleanups: (() => Promise<void>)[] = [];
  let keepWorkDir = false;
  // Interrupted: stop the backend and drop the PostgreSQL database all the same.
  const interrupted = async () => {
    process.stderr.write('bench/api: interrupted, cleaning up\n');
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    rmSync(workDir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    out(
      `# api benchmark ${new Date().toISOString()} node ${
        process.version
      }, ${options.connections.join(' then ')} connections, ${
        options.page ? 'the page’s calls, ' : ''
      }${options.durationS} s or ${options.requests} responses per route, db ${
        options.db
      }`,
    );

    // 1. The organisation.
    let dbFile = options.dbFile;
    let scan: ScanSummary | undefined;
    if (!dbFile) {
      dbFile = join(workDir, 'landing-zone.sqlite');
      process.stderr.write(
        `bench/api: running bench/scan.ts --accounts ${options.accounts} --regions ${options.regions} --no-limits (log ${workDir}/scan.log)\n`,
      );
      scan = await runScan(options, dbFile, join(workDir, 'scan.log'));
      out(
        `# scanned by bench/scan.ts: ${scan?.accounts} accounts × ${scan?.regions} regions, ${scan?.state}, wall ${scan?.wallS} s`,
      );
    }

    // 2. The database the backend serves.
    let copy: CopyReport | undefined;
    let postgresDatabase: string | undefined;
    if (options.db === 'postgres') {
      const pg = await preparePostgres(dbFile);
      cleanups.push(pg.drop);
      copy = pg.copy;
      postgresDatabase = pg.database;
      const total = Object.values(copy.rows).reduce((a, b) => a + b, 0);
      out(
        `# copied ${total} rows of ${
          Object.keys(copy.rows).length
        } tables from ${dbFile} into postgres database ${
          pg.database
        } in ${copy.seconds.toFixed(1)} s${
          copy.sourceMigrated.length
            ? `; migrations applied to the file first: ${copy.sourceMigrated.join(
                ', ',
              )}`
            : ''
        }`,
      );
      for (const note of copy.skipped) out(`#   not copied: ${note}`);
      if (copy.emptyInTarget.length) {
        out(
          `#   tables the file does not have (empty): ${copy.emptyInTarget.join(
            ', ',
          )}`,
        );
      }
    }

    // 3. The backend.
    const port = await freePort();
    const token = randomBytes(24).toString('hex');
    const configFile = join(workDir, 'app-config.bench.yaml');
    // YAML is a superset of JSON.
    writeFileSync(
      configFile,
      JSON.stringify(
        backendConfig({
          port,
          token,
          workDir,
          sqliteFile: dbFile,
          postgresDatabase,
        }),
        null,
        2,
      ),
    );
    const backend = await startBackend(
      configFile,
      `http://127.0.0.1:${port}`,
      token,
      logFile,
      options.cpuProfDir,
    );
    cleanups.unshift(() => backend.stop());
    const pid = backend.child.pid!;
    const idle = procMemoryKb(pid);
    out(
      `# backend pid ${pid} on port ${port}, serving ${
        postgresDatabase
          ? `postgres database ${postgresDatabase}`
          : `sqlite file ${dbFile}`
      }; started in ${backend.startupS.toFixed(1)} s, RSS ${mb(
        idle?.rss ?? NaN,
      )} MB`,
    );

    const get = client(backend.baseUrl, token);
    const parameters = await pickParameters(get);
    out(
      `# data: ${parameters.accounts} accounts, ${parameters.vpcs} VPCs, ${
        parameters.ous
      } OUs and root, ${parameters.scans} scans; largest OU ${
        parameters.ou
          ? `${parameters.ou.path ?? parameters.ou.id} (${
              parameters.ou.accounts
            } accounts)`
          : '-'
      }; q=${parameters.text?.q ?? '-'} (${
        parameters.text?.accounts ?? 0
      } accounts); ${parameters.nonCompliant} non-compliant; check ${
        parameters.checkId ?? '-'
      }; owner ${parameters.owner?.name ?? '-'} (${
        parameters.owner?.accounts ?? 0
      } accounts); most failed check ${parameters.failingCheck?.id ?? '-'} (${
        parameters.failingCheck?.failing ?? 0
      } failing, ${parameters.failingCheck?.unknown ?? 0} unknown); rotating ${
        parameters.accountIds.length
      } account ids and ${parameters.vpcAccountIds.length} with VPCs`,
    );
    const missing = missingRoutes(parameters);
    for (const m of missing) out(`#   not driven, no data for it: ${m}`);
    for (const m of parameters.problems.slice(0, 5)) {
      out(`#   failed while picking parameters: ${m.slice(0, 200)}`);
    }
    if (parameters.problems.length > 5) {
      out(`#   … and ${parameters.problems.length - 5} more such failures`);
    }
    const scansBefore = parameters.scans;

    // 4. Every route, one after the other; with several --connections, all
    // of them at the first value, then all at the next.
    const routes = routesFor(parameters, options.page).filter(
      r => !options.routes || options.routes.test(r.name),
    );
    const memory = sampleRss(pid, 250);
    const cpuBefore = procCpuS(pid);
    const results: RouteResult[] = [];
    for (const connections of options.connections) {
      for (const route of routes) {
        const example =
          typeof route.path === 'string' ? route.path : route.path();
        const first = await probe(backend.baseUrl, token, example);
        memory.window();
        const figures = await load(route, options, connections, backend, token);
        const result: RouteResult = {
          route: route.name,
          connections,
          example,
          probe: first,
          ...figures,
          peakRssMb: mb(memory.window()),
        };
        results.push(result);
        process.stderr.write(
          `… ${route.name}, ${connections} clients: ${result.requests} requests, p95 ${result.p95} ms\n`,
        );
      }
    }
    const serving = memory.stop();
    const cpuServingS = procCpuS(pid) - cpuBefore;
    const end = procMemoryKb(pid);
    const scansAfter = await get('/scans?limit=1').then(
      page => Number(page.totalCount),
      () => Number.NaN,
    );

    // 5. The SQL behind the routes that missed, on PostgreSQL.
    const slowRoutes = [
      ...new Set(results.filter(r => !r.p95Under150).map(r => r.route)),
    ];
    const explained: Explained[] = [];
    if (options.explain && postgresDatabase && slowRoutes.length) {
      for (const name of slowRoutes) {
        const result = results.find(r => r.route === name)!;
        process.stderr.write(`… capturing the SQL of ${name}\n`);
        explained.push(
          await explainRoute(
            backend,
            token,
            postgresDatabase,
            name,
            result.example,
          ).catch(
            (error: Error): Explained => ({
              route: name,
              path: result.example,
              ms: Number.NaN,
              statements: 0,
              sqlMs: Number.NaN,
              plans: [],
              error: error.message,
            }),
          ),
        );
      }
    }

    // ---- report ----
    const failed = results.filter(
      r =>
        r.non2xx > 0 ||
        r.errors > 0 ||
        r.requests === 0 ||
        r.probe.status >= 300,
    );
    const slow = results.filter(r => !r.p95Under150);
    const good = results.filter(r => r.p95Under150 && !failed.includes(r));
    const verdict = (r: RouteResult) => {
      if (failed.includes(r)) return 'FAIL';
      return r.p95Under150 ? 'yes' : 'NO';
    };
    const label = (r: RouteResult) =>
      options.connections.length > 1 ? `${r.route} @${r.connections}` : r.route;
    out();
    out(
      table([
        [
          'route',
          'clients',
          'rows',
          'requests',
          'non-2xx',
          'errors',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'max ms',
          'req/s',
          'KB/resp',
          'p95<150',
          'peak RSS MB',
          'CPU s',
        ],
        ...results.map(r => [
          r.route,
          r.connections,
          r.probe.rows ?? '',
          r.requests,
          r.non2xx,
          r.errors,
          r.p50,
          r.p95,
          r.p99,
          r.max,
          r.rps,
          r.meanKb,
          verdict(r),
          r.peakRssMb,
          r.cpuS,
        ]),
      ]),
    );
    if (options.connections.length > 1) {
      // One line per route: p50 / p95 / p99 at each concurrency.
      out();
      out(
        table([
          [
            'route',
            ...options.connections.map(c => `${c} client${c > 1 ? 's' : ''}`),
            'p95<150',
          ],
          ...routes.map(route => {
            const byC = options.connections.map(c =>
              results.find(r => r.route === route.name && r.connections === c),
            );
            return [
              route.name,
              ...byC.map(r => (r ? `${r.p50} / ${r.p95} / ${r.p99}` : '-')),
              byC.every(r => r && verdict(r) === 'yes')
                ? 'yes'
                : byC
                    .filter(r => r && verdict(r) !== 'yes')
                    .map(r => `${verdict(r!)} @${r!.connections}`)
                    .join(', '),
            ];
          }),
        ]),
      );
      out('(p50 / p95 / p99 ms)');
    }
    out();
    for (const r of failed) {
      out(
        `FAILED ${label(r)} (${r.example}): status codes ${JSON.stringify(
          r.statusCodes,
        )}, ${r.errors} errors (${
          r.timeouts
        } timeouts); a single request answered ${r.probe.status}${
          r.probe.error ? `: ${r.probe.error}` : ''
        }`,
      );
    }
    for (const r of results.filter(x => x.abandoned > 0 && x.p95 > 1000)) {
      out(
        `note: ${label(r)}: ${
          r.abandoned
        } requests still in flight when the run stopped`,
      );
    }
    if (failed.length) out();
    out(
      table([
        ['figure', 'value'],
        [
          'backend peak RSS while serving',
          `${mb(serving.peakKb)} MB (${serving.samples} samples, every 250 ms)`,
        ],
        ['backend RSS idle after start', `${mb(idle?.rss ?? NaN)} MB`],
        ['backend VmHWM (process lifetime)', `${mb(end?.hwm ?? NaN)} MB`],
        ['backend CPU while serving', `${cpuServingS.toFixed(1)} s`],
        ['backend start-up', `${backend.startupS.toFixed(1)} s`],
        [
          'routes answering 2xx with p95 < 150 ms',
          `${good.length} of ${results.length}${
            slow.length ? ` (not: ${slow.map(label).join(', ')})` : ''
          }`,
        ],
        [
          'routes failing',
          failed.length ? failed.map(label).join(', ') : 'none',
        ],
        ['scans started while serving', String(scansAfter - scansBefore)],
      ]),
    );
    for (const e of explained) {
      out();
      out(
        `## ${e.route}: ${e.path}\n# one request ${Math.round(e.ms)} ms, ${
          e.statements
        } SQL statements taking ${Math.round(
          e.sqlMs,
        )} ms in all (as the backend's knex timed them)${
          e.error ? `; ${e.error}` : ''
        }`,
      );
      for (const plan of e.plans) {
        out(
          `\n# ${Math.round(plan.ms)} ms in the request${
            plan.times > 1 ? ` (${plan.times} statements of this text)` : ''
          }:\n${plan.sql}\n# bindings ${JSON.stringify(plan.bindings).slice(
            0,
            600,
          )}\n${plan.plan}`,
        );
      }
    }

    const summary = {
      bench: 'api',
      at: new Date().toISOString(),
      node: process.version,
      db: options.db,
      dbFile: options.dbFile ?? null,
      connections: options.connections,
      page: options.page,
      durationS: options.durationS,
      maxRequests: options.requests,
      accounts: parameters.accounts,
      vpcs: parameters.vpcs,
      ous: parameters.ous,
      largestOu: parameters.ou ?? null,
      q: parameters.text ?? null,
      owner: parameters.owner ?? null,
      failingCheck: parameters.failingCheck ?? null,
      startupS: Number(backend.startupS.toFixed(1)),
      idleRssMb: mb(idle?.rss ?? NaN),
      peakRssMb: mb(serving.peakKb),
      vmHwmMb: mb(end?.hwm ?? NaN),
      cpuServingS: Number(cpuServingS.toFixed(1)),
      routesGood: good.length,
      routes: results.map(r => ({
        route: r.route,
        connections: r.connections,
        path: r.example,
        rows: r.probe.rows ?? null,
        requests: r.requests,
        non2xx: r.non2xx,
        statusCodes: r.statusCodes,
        errors: r.errors,
        timeouts: r.timeouts,
        p50: r.p50,
        p95: r.p95,
        p99: r.p99,
        max: r.max,
        rps: r.rps,
        kb: r.meanKb,
        p95Under150: r.p95Under150,
        peakRssMb: r.peakRssMb,
        cpuS: r.cpuS,
        probeStatus: r.probe.status,
        probeMs: Math.round(r.probe.ms),
      })),
      failed: failed.map(label),
      notDriven: missing,
      pickingProblems: parameters.problems,
      scansWhileServing: scansAfter - scansBefore,
      explained: explained.map(e => ({
        route: e.route,
        path: e.path,
        ms: Math.round(e.ms),
        statements: e.statements,
        sqlMs: Math.round(e.sqlMs),
        error: e.error,
        plans: e.plans.map(p => ({
          ms: Math.round(p.ms),
          times: p.times,
          sql: p.sql,
          plan: p.plan,
        })),
      })),
      ...(copy && {
        copy: {
          database: copy.database,
          seconds: Number(copy.seconds.toFixed(1)),
          rows: copy.rows,
          sourceMigrated: copy.sourceMigrated,
        },
      }),
      ...(scan && { scan }),
    };
    out();
    out(JSON.stringify(summary));
    if (failed.length) {
      keepWorkDir = true;
      process.stderr.write(`bench/api: backend log kept in ${logFile}\n`);
    }
    return failed.length ? 2 : 0;
  } catch (error) {
    keepWorkDir = existsSync(logFile);
    if (keepWorkDir) {
      process.stderr.write(
        `bench/api: last lines of the backend log (${logFile}):\n${tail(
          logFile,
          30,
        )}\n`,
      );
    }
    throw error;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    // A generated SQLite file is in the work directory; keep only the log.
    if (keepWorkDir) {
      rmSync(join(workDir, 'landing-zone.sqlite'), { force: true });
    } else {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(`bench/api: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
