/*
 * Benchmark of the landing-zone HTTP API under load. Prints figures; not a
 * test. See bench/README.md for the other benchmarks.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/api.ts \
 *     [--db-file FILE | --accounts 10000] [--db sqlite|postgres] [--duration 10]
 *
 * The organisation comes from a SQLite file kept by bench/scan.ts (made here
 * by running scan.ts when no --db-file is given). The real backend serves it
 * in a child process (bench/apiBackend.ts: createBackend() with the permission
 * backend, its allow-all policy and the landing-zone plugin), so the memory
 * reported is the backend's alone. autocannon drives every GET route with 10
 * concurrent clients, one route after the other.
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
                      made the schema there; dropped afterwards)
  --duration S        seconds of load per route (default 10) ...
  --requests N        ... or this many responses, whichever comes first (default 500)
  --connections C     concurrent clients (default 10)
  --routes REGEX      only the routes whose name matches (default: every route)
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
  connections: number;
  routes?: RegExp;
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
      routes: { type: 'string' },
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
  const connections = int('connections', values.connections!, 1);
  const requests = int('requests', values.requests!, 1);
  if (requests < connections) {
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
    routes: values.routes ? new RegExp(values.routes) : undefined,
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

// ---- PostgreSQL: the file's tables copied into a fresh database -------------

const PG_SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres' };

function migrationsDirectory(): string {
  return join(
    dirname(
      require.resolve('@internal/plugin-landing-zone-backend/package.json'),
    ),
    'migrations',
  );
}

/** Not data: knex's own tables, SQLite's, and the backend's scheduler and keys. */
function isBookkeeping(table: string): boolean {
  return (
    table.startsWith('sqlite_') ||
    table.includes('knex_migrations') ||
    table.startsWith('backstage_backend_')
  );
}

type CopyReport = {
  database: string;
  seconds: number;
  rows: Record<string, number>;
  /** Plugin migrations the source file lacked, applied to it before copying. */
  sourceMigrated: string[];
  skipped: string[];
  emptyInTarget: string[];
};

function convertValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type.startsWith('timestamp') || type === 'date') {
    // knex stores dates in SQLite as epoch milliseconds.
    if (typeof value === 'number') return new Date(value);
    if (typeof value === 'string' && /^\d+$/.test(value)) {
      return new Date(Number(value));
    }
    return value;
  }
  if (type === 'boolean' && typeof value === 'number') return value !== 0;
  return value;
}

/**
 * Copies every table of the SQLite file (generic: columns by name from the
 * source, types from the target) into the database, whose schema the plugin's
 * migrations made.
 */
async function copySqliteToPostgres(
  sourceFile: string,
  target: Knex,
  database: string,
): Promise<CopyReport> {
  const started = performance.now();
  const source = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: sourceFile },
    useNullAsDefault: true,
  });
  try {
    // The same schema on both sides: a file made before the latest plugin
    // migration gets it, as serving it on SQLite would.
    const [, sourceMigrated] = (await source.migrate.latest({
      directory: migrationsDirectory(),
    })) as [number, string[]];

    const sourceTables = (
      (await source.raw(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
      )) as { name: string }[]
    )
      .map(r => r.name)
      .filter(name => !isBookkeeping(name));
    const targetColumns = new Map<string, Map<string, string>>();
    const columnRows = (
      await target.raw(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
         WHERE table_schema = current_schema()`,
      )
    ).rows as { table_name: string; column_name: string; data_type: string }[];
    for (const row of columnRows) {
      if (isBookkeeping(row.table_name)) continue;
      const columns = targetColumns.get(row.table_name) ?? new Map();
      columns.set(row.column_name, row.data_type);
      targetColumns.set(row.table_name, columns);
    }

    const skipped: string[] = [];
    const tables = sourceTables.filter(table => {
      if (targetColumns.has(table)) return true;
      skipped.push(`${table} (not in the target schema)`);
      return false;
    });
    const rows: Record<string, number> = {};
    await target.transaction(async trx => {
      // Whatever the migrations may have put there is replaced.
      if (tables.length) {
        await trx.raw(
          `TRUNCATE ${tables.map(t => `"${t}"`).join(', ')} RESTART IDENTITY`,
        );
      }
      for (const table of tables) {
        const types = targetColumns.get(table)!;
        const sourceColumns = (
          (await source.raw(`PRAGMA table_info("${table}")`)) as {
            name: string;
          }[]
        ).map(c => c.name);
        const columns = sourceColumns.filter(c => types.has(c));
        for (const c of sourceColumns) {
          if (!types.has(c)) skipped.push(`${table}.${c} (not in the target)`);
        }
        // PostgreSQL takes at most 65,535 bind parameters per statement.
        const batch = Math.max(
          1,
          Math.min(1000, Math.floor(30_000 / columns.length)),
        );
        const select = `SELECT rowid AS "__rowid", ${columns
          .map(c => `"${c}"`)
          .join(', ')} FROM "${table}" WHERE rowid > ? ORDER BY rowid LIMIT ?`;
        let after = -Infinity;
        let count = 0;
        for (;;) {
          const page = (await source.raw(select, [after, batch])) as Record<
            string,
            unknown
          >[];
          if (page.length === 0) break;
          after = page[page.length - 1].__rowid as number;
          await trx(table).insert(
            page.map(row =>
              Object.fromEntries(
                columns.map(c => [c, convertValue(row[c], types.get(c)!)]),
              ),
            ),
          );
          count += page.length;
          if (page.length < batch) break;
        }
        rows[table] = count;
        // Serial columns continue after the copied ids.
        const serials = (
          await trx.raw(
            `SELECT column_name FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ?
               AND column_default LIKE 'nextval(%'`,
            [table],
          )
        ).rows as { column_name: string }[];
        for (const { column_name: column } of serials) {
          await trx.raw(
            `SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX("${column}"), 1), MAX("${column}") IS NOT NULL) FROM "${table}"`,
            [`"${table}"`, column],
          );
        }
      }
    });
    // Fresh tables have no statistics; a database in use would.
    await target.raw('ANALYZE');
    const emptyInTarget = [...targetColumns.keys()]
      .filter(t => !tables.includes(t))
      .sort();
    return {
      database,
      seconds: (performance.now() - started) / 1000,
      rows,
      sourceMigrated,
      skipped,
      emptyInTarget,
    };
  } finally {
    await source.destroy();
  }
}

async function preparePostgres(sourceFile: string) {
  const database = `lz_api_bench_${Date.now()}`;
  const admin = knexFactory({
    client: 'pg',
    connection: { ...PG_SERVER, database: 'postgres' },
  });
  await admin.raw(`CREATE DATABASE ${database}`);
  const drop = async () => {
    await admin.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.destroy();
  };
  try {
    const target = knexFactory({
      client: 'pg',
      connection: { ...PG_SERVER, database },
    });
    try {
      // The schema, by the plugin's own migrations (what it runs at start-up).
      await target.migrate.latest({ directory: migrationsDirectory() });
      const copy = await copySqliteToPostgres(sourceFile, target, database);
      return { database, copy, drop };
    } finally {
      await target.destroy();
    }
  } catch (error) {
    await drop().catch(() => {});
    throw error;
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
    problems,
  };
}

type Route = {
  name: string;
  /** One path, or a new one per request (rotating ids). */
  path: string | (() => string);
};

function rotate(values: string[], toPath: (value: string) => string) {
  let i = 0;
  return () => toPath(values[i++ % values.length]);
}

function routesFor(p: Parameters): Route[] {
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
  return missing;
}

// ---- load ------------------------------------------------------------------

type RouteResult = {
  route: string;
  /** The first path, as requested. */
  example: string;
  /** A single request before the load: its status, size and time. */
  probe: { status: number; bytes: number; ms: number; error?: string };
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
    return {
      status: response.status,
      bytes: Buffer.byteLength(body),
      ms: performance.now() - started,
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
  backend: Backend,
  token: string,
): Promise<Omit<RouteResult, 'route' | 'example' | 'probe' | 'peakRssMb'>> {
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
        connections: options.connections,
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
          latencies.length >= options.connections) ||
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
      `# api benchmark ${new Date().toISOString()} node ${process.version}, ${
        options.connections
      } connections, ${options.durationS} s or ${
        options.requests
      } responses per route, db ${options.db}`,
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
      }; rotating ${parameters.accountIds.length} account ids and ${
        parameters.vpcAccountIds.length
      } with VPCs`,
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

    // 4. Every route, one after the other.
    const routes = routesFor(parameters).filter(
      r => !options.routes || options.routes.test(r.name),
    );
    const memory = sampleRss(pid, 250);
    const cpuBefore = procCpuS(pid);
    const results: RouteResult[] = [];
    for (const route of routes) {
      const example =
        typeof route.path === 'string' ? route.path : route.path();
      const first = await probe(backend.baseUrl, token, example);
      memory.window();
      const figures = await load(route, options, backend, token);
      const result: RouteResult = {
        route: route.name,
        example,
        probe: first,
        ...figures,
        peakRssMb: mb(memory.window()),
      };
      results.push(result);
      process.stderr.write(
        `… ${route.name}: ${result.requests} requests, p95 ${result.p95} ms\n`,
      );
    }
    const serving = memory.stop();
    const cpuServingS = procCpuS(pid) - cpuBefore;
    const end = procMemoryKb(pid);
    const scansAfter = await get('/scans?limit=1').then(
      page => Number(page.totalCount),
      () => Number.NaN,
    );

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
    out();
    out(
      table([
        [
          'route',
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
    out();
    for (const r of failed) {
      out(
        `FAILED ${r.route} (${r.example}): status codes ${JSON.stringify(
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
        `note: ${r.route}: ${r.abandoned} requests still in flight when the run stopped`,
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
            slow.length ? ` (not: ${slow.map(r => r.route).join(', ')})` : ''
          }`,
        ],
        [
          'routes failing',
          failed.length ? failed.map(r => r.route).join(', ') : 'none',
        ],
        ['scans started while serving', String(scansAfter - scansBefore)],
      ]),
    );

    const summary = {
      bench: 'api',
      at: new Date().toISOString(),
      node: process.version,
      db: options.db,
      dbFile: options.dbFile ?? null,
      connections: options.connections,
      durationS: options.durationS,
      maxRequests: options.requests,
      accounts: parameters.accounts,
      vpcs: parameters.vpcs,
      ous: parameters.ous,
      largestOu: parameters.ou ?? null,
      q: parameters.text ?? null,
      startupS: Number(backend.startupS.toFixed(1)),
      idleRssMb: mb(idle?.rss ?? NaN),
      peakRssMb: mb(serving.peakKb),
      vmHwmMb: mb(end?.hwm ?? NaN),
      cpuServingS: Number(cpuServingS.toFixed(1)),
      routesGood: good.length,
      routes: results.map(r => ({
        route: r.route,
        path: r.example,
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
      failed: failed.map(r => r.route),
      notDriven: missing,
      pickingProblems: parameters.problems,
      scansWhileServing: scansAfter - scansBefore,
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
