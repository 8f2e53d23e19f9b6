/*
 * The Landing Zone page's time to first meaningful paint in Chromium, on the
 * real portal (packages/backend serving the built frontend) with the
 * landing-zone plugin's database a PostgreSQL copy of a scanned organisation.
 * Prints figures; not a test. See bench/README.md (issue 10).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/dashboardPaint.ts \
 *     --db-file /tmp/lz10k.sqlite [--loads 10] [--warmup 2] [--cache on|off]
 *
 * "Meaningful" is the page's answer: the headline figures (data-testid
 * figure-Accounts holding a number) and the first page of the matrix (the
 * table named "Accounts × guardrails" with rows), both rendered and visible.
 * Each measured load is a navigation (page.goto) to /landing-zone of a
 * signed-in guest; the time is from the navigation's start (the document's
 * time origin) to the first animation frame in which both are in the DOM and
 * visible.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
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
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { chromium, type Browser, type Page } from 'playwright-core';
import { out, table } from './format';
import { PG_SERVER, preparePostgres } from './pgCopy';

const ROOT = resolve(__dirname, '..');

// ---- options ---------------------------------------------------------------

const USAGE = `Usage: node --require @backstage/cli/config/nodeTransform.cjs bench/dashboardPaint.ts [options]
  --db-file FILE      a SQLite file of bench/scan.ts (e.g. --accounts 10000 --regions 4
                      --no-limits --db-file FILE), copied into a fresh PostgreSQL database
                      lz_paint_bench_<timestamp> on 127.0.0.1:5432, dropped afterwards
  --pg-database NAME  instead: serve this existing database (e.g. one kept with
                      --keep-database); neither copied nor dropped
  --keep-database     keep the copy and print its name
  --loads N           measured loads (default 10)
  --warmup W          loads before them, not counted (default 2)
  --cache on|off      the browser's HTTP cache: on (default; the bundle comes from
                      the cache after the warm-up, a returning user) or off
                      (every load fetches everything, a first visit but signed in)
  --timeout S         seconds a load may take before it counts as failed (default 60)
  --viewport WxH      browser window (default 1400x900)
  --chromium PATH     the browser (default /usr/bin/chromium)
  --screenshot FILE   a screenshot of the last measured load
  --help              this text

The frontend must be built (packages/app/dist/index.html): it runs
\`yarn workspace app build\` first when it is not.
Exit code 0; 2 when a load did not show the figures and the matrix in time.
`;

type Options = {
  dbFile?: string;
  pgDatabase?: string;
  keepDatabase: boolean;
  loads: number;
  warmup: number;
  cache: boolean;
  timeoutS: number;
  viewport: { width: number; height: number };
  chromium: string;
  screenshot?: string;
};

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'db-file': { type: 'string' },
      'pg-database': { type: 'string' },
      'keep-database': { type: 'boolean', default: false },
      loads: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      cache: { type: 'string', default: 'on' },
      timeout: { type: 'string', default: '60' },
      viewport: { type: 'string', default: '1400x900' },
      chromium: { type: 'string', default: '/usr/bin/chromium' },
      screenshot: { type: 'string' },
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
  const dbFile = values['db-file'] ? resolve(values['db-file']) : undefined;
  const pgDatabase = values['pg-database'];
  if (!dbFile && !pgDatabase) {
    throw new Error('Give --db-file FILE or --pg-database NAME (see --help)');
  }
  if (dbFile && pgDatabase) {
    throw new Error('Give --db-file or --pg-database, not both');
  }
  if (dbFile && !existsSync(dbFile)) throw new Error(`No file ${dbFile}`);
  if (pgDatabase && !/^[a-z_][a-z0-9_]*$/.test(pgDatabase)) {
    throw new Error(`--pg-database: not a plain database name: ${pgDatabase}`);
  }
  if (values.cache !== 'on' && values.cache !== 'off') {
    throw new Error(`--cache expects on or off, got "${values.cache}"`);
  }
  const viewport = /^(\d+)x(\d+)$/.exec(values.viewport!);
  if (!viewport) {
    throw new Error(`--viewport expects WxH, got "${values.viewport}"`);
  }
  return {
    dbFile,
    pgDatabase,
    keepDatabase: values['keep-database']!,
    loads: int('loads', values.loads!, 1),
    warmup: int('warmup', values.warmup!, 0),
    cache: values.cache === 'on',
    timeoutS: int('timeout', values.timeout!, 1),
    viewport: { width: Number(viewport[1]), height: Number(viewport[2]) },
    chromium: values.chromium!,
    screenshot: values.screenshot ? resolve(values.screenshot) : undefined,
  };
}

// ---- helpers -----------------------------------------------------------------

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

/** Nearest rank: with 10 values, p95 is the largest. */
function percentile(values: number[], q: number): number {
  const sorted = values.filter(v => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const round = (n: number) => Math.round(n);

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

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT }).toString().trim();
  } catch {
    return '';
  }
}

// ---- the frontend --------------------------------------------------------------

async function ensureFrontend(): Promise<string> {
  const index = join(ROOT, 'packages/app/dist/index.html');
  if (existsSync(index)) return 'packages/app/dist (already built)';
  process.stderr.write(
    'bench/dashboardPaint: no packages/app/dist/index.html; running yarn workspace app build\n',
  );
  const child = spawn('yarn', ['workspace', 'app', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise<number | null>(done => child.on('exit', done));
  if (code !== 0 || !existsSync(index)) {
    throw new Error(`yarn workspace app build exited with ${code}`);
  }
  return 'packages/app/dist (built by this run)';
}

// ---- the portal ----------------------------------------------------------------

/**
 * The portal's own configuration (app-config.yaml: SQLite in memory for the
 * other plugins, guest sign-in, the catalog's demo entities) and this on top:
 * the landing-zone plugin's database on PostgreSQL
 * (backend.database.plugin.<pluginId> with its own client), no scan and no
 * catalog refresh from the landing zone while measuring (both a year away;
 * the durations merge with app-config.yaml's, e.g. 365 days and 30 minutes),
 * and an AWS endpoint where nothing answers.
 */
function portalConfig(port: number, database: string) {
  const baseUrl = `http://localhost:${port}`;
  return {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port },
      cors: { origin: baseUrl },
      database: {
        plugin: {
          'landing-zone': {
            client: 'pg',
            connection: { ...PG_SERVER, database },
            // The database exists. Making sure of it would go through an
            // admin connection built from the base config (backend-defaults'
            // PgConnector), here SQLite, and fail on pg_database.
            ensureExists: false,
          },
        },
      },
    },
    catalog: {
      providers: {
        landingZone: {
          schedule: {
            frequency: { days: 365 },
            timeout: { minutes: 3 },
            initialDelay: { days: 365 },
          },
        },
      },
    },
    landingZone: {
      aws: { endpoints: { default: 'http://127.0.0.1:9' } },
      scan: {
        schedule: {
          frequency: { days: 365 },
          timeout: { minutes: 25 },
          initialDelay: { days: 365 },
        },
      },
    },
  };
}

type Portal = {
  child: ChildProcess;
  baseUrl: string;
  startupS: number;
  stop(): Promise<void>;
};

/**
 * packages/backend as `yarn workspace backend start` runs it
 * (backstage-cli's runBackend: node --enable-source-maps with the CLI's
 * on-the-fly transform, src/index.ts, cwd packages/backend, NODE_ENV
 * development), without its file watcher: an edit elsewhere in the working
 * tree must not restart the backend in the middle of a measurement.
 */
async function startPortal(
  configFile: string,
  port: number,
  logFile: string,
): Promise<Portal> {
  const baseUrl = `http://localhost:${port}`;
  const log = openSync(logFile, 'a');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      configFile,
    ],
    {
      cwd: join(ROOT, 'packages/backend'),
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        // No scan runs; the SDK must not go looking for credentials.
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      stdio: ['ignore', log, log],
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
  const stop = async () => {
    if (exited !== undefined) return;
    process.kill(-child.pid!, 'SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }, 20_000);
    await exit;
    clearTimeout(timer);
  };
  // Ready once the landing-zone API answers and the catalog knows the guest
  // (whose group, platform-team, sees every account): the sign-in reads it.
  const token = 'lz-local-demo-token';
  const ready = async () => {
    const headers = { authorization: `Bearer ${token}` };
    const get = (path: string) =>
      fetch(`${baseUrl}${path}`, {
        headers,
        signal: AbortSignal.timeout(5_000),
      }).then(
        r => r.status,
        () => 0,
      );
    return (
      (await get('/api/landing-zone/guardrails')) === 200 &&
      (await get('/api/catalog/entities/by-name/user/development/guest')) ===
        200 &&
      (await get('/')) === 200
    );
  };
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (exited !== undefined) {
      throw new Error(
        `the portal exited (${exited}) while starting; see ${logFile}`,
      );
    }
    // A plugin that fails to start leaves the process running, answering 404.
    if (readFileSync(logFile, 'utf8').includes('Backend startup failed')) {
      await stop();
      throw new Error(`the portal failed to start; see ${logFile}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the portal did not start within 600 s; see ${logFile}`);
    }
    if (await ready()) break;
    await new Promise(done => setTimeout(done, 1000));
  }
  return {
    child,
    baseUrl,
    startupS: (performance.now() - started) / 1000,
    stop,
  };
}

// ---- in the page -------------------------------------------------------------

/** What the init script leaves in window.__lzPaint. */
type PaintState = {
  figureAt?: number;
  figureText?: string;
  matrixAt?: number;
  matrixRows?: number;
  bothAt?: number;
  signInSeen?: boolean;
  fcp?: number;
  lcp?: number;
  frames: number;
};

/**
 * Runs in every document before the app: polls at each animation frame (the
 * moment before the browser paints) for the headline's Accounts figure with a
 * number and the matrix with rows, visible, and notes each first time.
 */
function paintProbe() {
  if (!location.pathname.startsWith('/landing-zone')) return;
  const state: PaintState = { frames: 0 };
  (window as unknown as { __lzPaint: PaintState }).__lzPaint = state;
  // The app's chunks alone may pass the default 250 resource entries.
  performance.setResourceTimingBufferSize(2000);
  const visible = (el: Element) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return (
      box.width > 0 &&
      box.height > 0 &&
      style.visibility !== 'hidden' &&
      style.display !== 'none' &&
      Number(style.opacity) > 0
    );
  };
  try {
    new PerformanceObserver(list => {
      for (const entry of list.getEntries()) {
        if (entry.name === 'first-contentful-paint') {
          state.fcp = entry.startTime;
        }
      }
    }).observe({ type: 'paint', buffered: true });
    new PerformanceObserver(list => {
      for (const entry of list.getEntries()) state.lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  } catch {
    // not supported: no FCP/LCP figures
  }
  const frame = (now: number) => {
    state.frames++;
    if (state.figureAt === undefined) {
      const figure = document.querySelector('[data-testid="figure-Accounts"]');
      if (figure && /\d/.test(figure.textContent ?? '') && visible(figure)) {
        state.figureAt = now;
        state.figureText = figure.textContent ?? '';
      }
    }
    if (state.matrixAt === undefined) {
      const matrix = document.querySelector(
        'table[aria-label="Accounts × guardrails"]',
      );
      const rows = matrix?.querySelectorAll('tbody tr').length ?? 0;
      if (matrix && rows > 0 && visible(matrix)) {
        state.matrixAt = now;
        state.matrixRows = rows;
      }
    }
    if (
      !state.signInSeen &&
      [...document.querySelectorAll('button')].some(b =>
        /^\s*enter\s*$/i.test(b.textContent ?? ''),
      )
    ) {
      state.signInSeen = true;
    }
    if (state.figureAt !== undefined && state.matrixAt !== undefined) {
      state.bothAt = Math.max(state.figureAt, state.matrixAt);
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

type ApiCall = {
  /** The path and query, as requested. */
  url: string;
  /** From the navigation's start. */
  start: number;
  end: number;
  /** start → end: queueing, connection, request and response. */
  duration: number;
  /** requestStart → responseEnd: the server's time and the transfer. */
  server: number;
  bytes: number;
};

type Load = {
  index: number;
  warmup: boolean;
  ok: boolean;
  error?: string;
  figureAt?: number;
  matrixAt?: number;
  bothAt?: number;
  figureText?: string;
  matrixRows?: number;
  fcp?: number;
  lcp?: number;
  domContentLoaded?: number;
  loadEvent?: number;
  frames: number;
  signInSeen: boolean;
  calls: ApiCall[];
  wallMs: number;
};

async function measureLoad(
  page: Page,
  url: string,
  index: number,
  warmup: boolean,
  timeoutMs: number,
): Promise<Load> {
  const started = performance.now();
  const load: Load = {
    index,
    warmup,
    ok: false,
    frames: 0,
    signInSeen: false,
    calls: [],
    wallMs: 0,
  };
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    const handle = await page.waitForFunction(
      () => {
        const s = (window as unknown as { __lzPaint?: PaintState }).__lzPaint;
        return s?.bothAt !== undefined ? s : undefined;
      },
      undefined,
      { timeout: timeoutMs, polling: 100 },
    );
    const state = (await handle.jsonValue()) as PaintState;
    Object.assign(load, {
      ok: true,
      figureAt: state.figureAt,
      matrixAt: state.matrixAt,
      bothAt: state.bothAt,
      figureText: state.figureText,
      matrixRows: state.matrixRows,
      frames: state.frames,
      signInSeen: !!state.signInSeen,
    });
  } catch (error) {
    load.error = (error as Error).message.split('\n')[0];
    const state = await page
      .evaluate(
        () => (window as unknown as { __lzPaint?: PaintState }).__lzPaint,
      )
      .catch(() => undefined);
    if (state) {
      Object.assign(load, {
        figureAt: state.figureAt,
        matrixAt: state.matrixAt,
        signInSeen: !!state.signInSeen,
      });
    }
  }
  // The calls that follow the paint (e.g. the owner filter's groups) finish:
  // until no new resource for a second, at most 10 s.
  let count = -1;
  for (let i = 0; i < 20; i++) {
    const now = await page
      .evaluate(() => performance.getEntriesByType('resource').length)
      .catch(() => count);
    if (now === count) break;
    count = now;
    await new Promise(done => setTimeout(done, 500));
  }
  await page.waitForTimeout(500);
  const timings = await page
    .evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0] as
        | PerformanceNavigationTiming
        | undefined;
      const paint = (window as unknown as { __lzPaint?: PaintState }).__lzPaint;
      return {
        domContentLoaded: navigation?.domContentLoadedEventEnd,
        loadEvent: navigation?.loadEventEnd,
        fcp: paint?.fcp,
        lcp: paint?.lcp,
        resources: (
          performance.getEntriesByType(
            'resource',
          ) as PerformanceResourceTiming[]
        )
          .filter(r => new URL(r.name).pathname.startsWith('/api/'))
          .map(r => ({
            url: new URL(r.name).pathname + new URL(r.name).search,
            start: r.startTime,
            end: r.responseEnd,
            duration: r.duration,
            server: r.requestStart > 0 ? r.responseEnd - r.requestStart : NaN,
            bytes: r.encodedBodySize,
          })),
      };
    })
    .catch(() => undefined);
  if (timings) {
    load.domContentLoaded = timings.domContentLoaded;
    load.loadEvent = timings.loadEvent;
    load.fcp = timings.fcp;
    load.lcp = timings.lcp;
    load.calls = timings.resources;
  }
  load.wallMs = performance.now() - started;
  return load;
}

/** The call without the values of its parameters that change per load. */
function callName(url: string): string {
  const [path, search] = url.split('?');
  if (!search) return path;
  const params = new URLSearchParams(search);
  return `${path}?${[...params]
    .map(([k, v]) => `${k}=${k === 'cursor' || v.length > 40 ? '…' : v}`)
    .join('&')}`;
}

// ---- main --------------------------------------------------------------------

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const workDir = mkdtempSync(join(tmpdir(), 'lz-paint-bench-'));
  const logFile = join(workDir, 'portal.log');
  const cleanups: (() => Promise<void>)[] = [];
  let keepWorkDir = false;
  const interrupted = async () => {
    process.stderr.write('bench/dashboardPaint: interrupted, cleaning up\n');
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let browser: Browser | undefined;
  const load0 = loadavg();
  try {
    const head = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no');
    out(
      `# dashboard paint benchmark ${new Date().toISOString()} node ${
        process.version
      }, HEAD ${head}${
        dirty ? ' (with uncommitted changes in the tree)' : ''
      }; ${cpus().length} CPUs, ${Math.round(
        totalmem() / 2 ** 30,
      )} GB; load average ${load0.map(l => l.toFixed(2)).join(' ')}`,
    );
    out(`# frontend: ${await ensureFrontend()}`);

    // 1. The landing-zone plugin's database.
    let database = options.pgDatabase;
    if (!database) {
      const pg = await preparePostgres(options.dbFile!, 'lz_paint_bench_');
      database = pg.database;
      if (!options.keepDatabase) cleanups.push(pg.drop);
      else {
        cleanups.push(async () => {
          await pg.keep();
          process.stderr.write(
            `bench/dashboardPaint: kept the database ${database} (--pg-database ${database})\n`,
          );
        });
      }
      const total = Object.values(pg.copy.rows).reduce((a, b) => a + b, 0);
      out(
        `# copied ${total} rows of ${
          Object.keys(pg.copy.rows).length
        } tables from ${options.dbFile} into postgres database ${
          pg.database
        } in ${pg.copy.seconds.toFixed(1)} s`,
      );
    } else {
      out(`# serving the existing postgres database ${database}`);
    }

    // 2. The portal.
    const port = await freePort();
    const configFile = join(workDir, 'app-config.paint.yaml');
    // YAML is a superset of JSON.
    writeFileSync(
      configFile,
      JSON.stringify(portalConfig(port, database), null, 2),
    );
    process.stderr.write(
      `bench/dashboardPaint: starting packages/backend on port ${port} (log ${logFile})\n`,
    );
    const portal = await startPortal(configFile, port, logFile);
    cleanups.unshift(() => portal.stop());
    out(
      `# portal pid ${portal.child.pid} at ${
        portal.baseUrl
      }: app-config.yaml + ${configFile}; ready in ${portal.startupS.toFixed(
        1,
      )} s`,
    );
    const api = async (path: string) => {
      const response = await fetch(`${portal.baseUrl}${path}`, {
        headers: { authorization: 'Bearer lz-local-demo-token' },
      });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
      return (await response.json()) as Record<string, unknown>;
    };
    const scansBefore = Number(
      (await api('/api/landing-zone/scans?limit=1')).totalCount,
    );
    const posture = await api('/api/landing-zone/posture?days=30');
    const organization = posture.organization as Record<string, number>;
    out(
      `# the landing zone serves ${organization.accounts} accounts (${organization.compliant} compliant, ${organization.nonCompliant} non-compliant, ${organization.unknown} unknown), ${scansBefore} scan(s)`,
    );

    // 3. The browser: sign in as guest once, then time the loads.
    browser = await chromium.launch({
      executablePath: options.chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({ viewport: options.viewport });
    await context.addInitScript(paintProbe);
    const page = await context.newPage();
    if (!options.cache) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    }
    await page.goto(portal.baseUrl, { timeout: 120_000 });
    await page
      .getByRole('button', { name: /enter/i })
      .click({ timeout: 120_000 });
    await page
      .getByRole('link', { name: /landing zone portal/i })
      .first()
      .waitFor({ timeout: 120_000 });
    out(
      `# signed in as guest; ${options.warmup} warm-up and ${
        options.loads
      } measured loads of ${
        portal.baseUrl
      }/landing-zone (page.goto), HTTP cache ${
        options.cache ? 'on' : 'off'
      }, viewport ${options.viewport.width}x${options.viewport.height}`,
    );

    const url = `${portal.baseUrl}/landing-zone`;
    const loads: Load[] = [];
    for (let i = 0; i < options.warmup + options.loads; i++) {
      const warmup = i < options.warmup;
      const load = await measureLoad(
        page,
        url,
        i + 1,
        warmup,
        options.timeoutS * 1000,
      );
      loads.push(load);
      process.stderr.write(
        `… load ${i + 1}${warmup ? ' (warm-up)' : ''}: ${
          load.ok ? `${round(load.bothAt!)} ms` : `FAILED ${load.error}`
        }, ${load.calls.length} API calls\n`,
      );
      // The browser and the backend settle between loads.
      await new Promise(done => setTimeout(done, 1000));
    }
    if (options.screenshot) {
      await page.screenshot({ path: options.screenshot, fullPage: true });
    }
    const load1 = loadavg();

    // Nothing changed the data while measuring.
    const scansAfter = Number(
      (await api('/api/landing-zone/scans?limit=1')).totalCount,
    );
    const catalogAccounts = Number(
      (
        await api(
          '/api/catalog/entities/by-query?filter=kind=resource,spec.type=aws-account&limit=1',
        )
      ).totalItems,
    );
    const db = knexFactory({
      client: 'pg',
      connection: { ...PG_SERVER, database },
    });
    const tasks = await db
      .raw(
        `SELECT id, next_run_start_at FROM backstage_backend_tasks__tasks ORDER BY id`,
      )
      .then(
        r => r.rows as { id: string; next_run_start_at: Date | null }[],
        () => [] as { id: string; next_run_start_at: Date | null }[],
      )
      .finally(() => db.destroy());

    // ---- report ----
    const measured = loads.filter(l => !l.warmup);
    const good = measured.filter(l => l.ok);
    const failed = measured.filter(l => !l.ok);
    const stat = (pick: (l: Load) => number | undefined) => {
      const values = good.map(pick).filter((v): v is number => v !== undefined);
      return {
        p50: round(percentile(values, 0.5)),
        p95: round(percentile(values, 0.95)),
        max: round(Math.max(...values)),
        n: values.length,
      };
    };
    out();
    out(
      table([
        [
          'load',
          'figures ms',
          'matrix ms',
          'both ms',
          'FCP ms',
          'LCP ms',
          'DCL ms',
          'API calls',
          'Accounts figure',
          'rows',
        ],
        ...loads.map(l => [
          `${l.index}${l.warmup ? ' (warm-up)' : ''}`,
          l.figureAt !== undefined ? round(l.figureAt) : '-',
          l.matrixAt !== undefined ? round(l.matrixAt) : '-',
          l.ok ? round(l.bothAt!) : `FAILED`,
          l.fcp !== undefined ? round(l.fcp) : '-',
          l.lcp !== undefined ? round(l.lcp) : '-',
          l.domContentLoaded !== undefined ? round(l.domContentLoaded) : '-',
          l.calls.length,
          (l.figureText ?? '-').replace(/^Accounts/, ''),
          l.matrixRows ?? '-',
        ]),
      ]),
    );
    out();
    const figures: [string, ReturnType<typeof stat>][] = [
      ['headline figures visible', stat(l => l.figureAt)],
      ['first matrix page visible', stat(l => l.matrixAt)],
      ['**both visible (the figure)**', stat(l => l.bothAt)],
      ['first contentful paint', stat(l => l.fcp)],
      ['largest contentful paint', stat(l => l.lcp)],
      ['DOMContentLoaded', stat(l => l.domContentLoaded)],
    ];
    out(
      table([
        ['from navigation start, ms', 'p50', 'p95', 'max', 'loads'],
        ...figures.map(([name, s]) => [name, s.p50, s.p95, s.max, s.n]),
      ]),
    );
    const both = stat(l => l.bothAt);
    out(
      `usable under 1.5 s: ${
        failed.length === 0 && both.p95 < 1500 ? 'yes' : 'NO'
      } (p95 ${both.p95} ms over ${good.length} loads${
        failed.length ? `; ${failed.length} loads failed` : ''
      })`,
    );

    // The API calls as the browser saw them.
    const calls = new Map<string, ApiCall[]>();
    for (const load of good) {
      for (const call of load.calls) {
        const name = callName(call.url);
        calls.set(name, [...(calls.get(name) ?? []), call]);
      }
    }
    out();
    out(
      table([
        [
          'API call (browser resource timing)',
          'n',
          'start p50',
          'end p50',
          'duration p50',
          'p95',
          'server p50',
          'p95',
          'KB',
        ],
        ...[...calls]
          .sort(
            (a, b) =>
              percentile(
                a[1].map(c => c.start),
                0.5,
              ) -
              percentile(
                b[1].map(c => c.start),
                0.5,
              ),
          )
          .map(([name, list]) => [
            name,
            list.length,
            round(
              percentile(
                list.map(c => c.start),
                0.5,
              ),
            ),
            round(
              percentile(
                list.map(c => c.end),
                0.5,
              ),
            ),
            round(
              percentile(
                list.map(c => c.duration),
                0.5,
              ),
            ),
            round(
              percentile(
                list.map(c => c.duration),
                0.95,
              ),
            ),
            round(
              percentile(
                list.map(c => c.server),
                0.5,
              ),
            ),
            round(
              percentile(
                list.map(c => c.server),
                0.95,
              ),
            ),
            Math.round(
              (list.reduce((sum, c) => sum + c.bytes, 0) / list.length / 1024) *
                10,
            ) / 10,
          ]),
      ]),
    );
    out(
      '(start and end from the navigation start; duration = start → response end, queueing included; server = request sent → response end)',
    );
    out();
    out(
      table([
        ['figure', 'value'],
        ['scans started while measuring', String(scansAfter - scansBefore)],
        [
          'landing-zone tasks next run (its scheduler table)',
          tasks
            .map(
              t =>
                `${t.id} ${
                  t.next_run_start_at
                    ? new Date(t.next_run_start_at).toISOString().slice(0, 10)
                    : '-'
                }`,
            )
            .join(', ') || '-',
        ],
        ['aws-account entities in the catalog', String(catalogAccounts)],
        [
          'sign-in page seen during a measured load',
          String(measured.filter(l => l.signInSeen).length),
        ],
        [
          'load average (1, 5, 15 min) before / after',
          `${load0.map(l => l.toFixed(2)).join(' ')} / ${load1
            .map(l => l.toFixed(2))
            .join(' ')}`,
        ],
      ]),
    );
    for (const l of failed) out(`FAILED load ${l.index}: ${l.error}`);

    const summary = {
      bench: 'dashboardPaint',
      at: new Date().toISOString(),
      node: process.version,
      head,
      dirtyTree: !!dirty,
      chromium: browser.version(),
      database,
      dbFile: options.dbFile ?? null,
      accounts: organization.accounts,
      loads: options.loads,
      warmup: options.warmup,
      cache: options.cache,
      viewport: options.viewport,
      portalStartupS: Number(portal.startupS.toFixed(1)),
      figures: Object.fromEntries(
        figures.map(([name, s]) => [name.replace(/\*/g, ''), s]),
      ),
      usableUnder1500: failed.length === 0 && both.p95 < 1500,
      failedLoads: failed.length,
      perLoad: loads.map(l => ({
        index: l.index,
        warmup: l.warmup,
        ok: l.ok,
        error: l.error,
        figureAt: l.figureAt,
        matrixAt: l.matrixAt,
        bothAt: l.bothAt,
        fcp: l.fcp,
        lcp: l.lcp,
        domContentLoaded: l.domContentLoaded,
        signInSeen: l.signInSeen,
      })),
      calls: Object.fromEntries(
        [...calls].map(([name, list]) => [
          name,
          {
            n: list.length,
            startP50: round(
              percentile(
                list.map(c => c.start),
                0.5,
              ),
            ),
            endP50: round(
              percentile(
                list.map(c => c.end),
                0.5,
              ),
            ),
            durationP50: round(
              percentile(
                list.map(c => c.duration),
                0.5,
              ),
            ),
            durationP95: round(
              percentile(
                list.map(c => c.duration),
                0.95,
              ),
            ),
            serverP50: round(
              percentile(
                list.map(c => c.server),
                0.5,
              ),
            ),
            serverP95: round(
              percentile(
                list.map(c => c.server),
                0.95,
              ),
            ),
          },
        ]),
      ),
      scansWhileMeasuring: scansAfter - scansBefore,
      catalogAccounts,
      loadavgBefore: load0,
      loadavgAfter: load1,
    };
    out();
    out(JSON.stringify(summary));
    return failed.length ? 2 : 0;
  } catch (error) {
    keepWorkDir = existsSync(logFile);
    if (keepWorkDir) {
      process.stderr.write(
        `bench/dashboardPaint: last lines of the portal log (${logFile}):\n${tail(
          logFile,
          30,
        )}\n`,
      );
    }
    throw error;
  } finally {
    await browser?.close().catch(() => {});
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    if (!keepWorkDir) rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(
      `bench/dashboardPaint: ${(error as Error).stack ?? error}\n`,
    );
    process.exit(1);
  },
);
