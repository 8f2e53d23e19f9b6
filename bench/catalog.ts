/*
 * Benchmark of the landing zone's way into the software catalog (issue 9,
 * item 5): after a scan of a generated organisation without rate limits, the
 * time from the scan's end (the `landing-zone.scan.finished` event) until
 * every account and VPC entity is readable through the catalog API, and the
 * backend's memory while the entity provider runs. Prints figures; not a
 * test. See bench/README.md.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/catalog.ts \
 *     [--accounts 5000] [--regions 4] [--seed 1] [--db sqlite|postgres] \
 *     [--processing-interval S] [--poll-ms 500] [--sample-ms 50] [--timeout-min 40]
 *
 * One real backend in this process (createBackend() with the catalog, the
 * landing-zone entity provider module, the permission backend with its
 * allow-all policy and the landing-zone plugin, as packages/backend has
 * them), so the memory sampled is the backend's: the provider, the
 * landing-zone API it reads over HTTP, and the catalog's processing. The
 * sandbox runs in a child process (bench/sandboxHost.ts), as for scan.ts.
 * Nothing in the product is changed; the bench only listens:
 *   - a plugin of its own subscribes to the scan-finished event;
 *   - the root logger is the bench's, which notes when the provider logs
 *     "Landing zone entities applied to the catalog" (right after its
 *     applyMutation resolved) and writes every line to a log file;
 *   - LandingZoneClient's listAccounts/listVpcs (what the provider's
 *     landingZoneServiceRef calls over HTTP) are wrapped to time its reads.
 */
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  type LoggerService,
  type RootLoggerService,
} from '@backstage/backend-plugin-api';
import { createBackend } from '@backstage/backend-defaults';
import { ConfigReader } from '@backstage/config';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { LandingZoneClient } from '@internal/plugin-landing-zone-common';
import {
  LANDING_ZONE_SCAN_FINISHED_TOPIC,
  type LandingZoneScanFinishedEvent,
} from '@internal/plugin-landing-zone-node';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { out, table } from './format';
import { rateLimitFaults } from './rateLimits';
import type { HostReply, HostRequest } from './sandboxHost';

// ---- options ---------------------------------------------------------------

const USAGE = `Usage: node --require @backstage/cli/config/nodeTransform.cjs bench/catalog.ts [options]
  --accounts N              generated accounts (default 5000)
  --regions R               operating regions, 1-4 (default 4)
  --seed S                  generator seed (default 1)
  --db KIND                 sqlite (every plugin in memory, default) or postgres
                            (127.0.0.1:5432, user postgres; fresh databases
                            lz_catbench_<timestamp>_<plugin>, dropped afterwards)
  --processing-interval S   catalog.processingInterval in seconds (default: unset,
                            the catalog's own 100-150 s; new entities are processed
                            at once either way)
  --poll-ms MS              how often the catalog API is asked for the counts (default 500)
  --sample-ms MS            memory sample interval (default 50)
  --timeout-min M           give up after M minutes in all (default 40)
`;

type Options = {
  accounts: number;
  regions: number;
  seed: number;
  db: 'sqlite' | 'postgres';
  processingIntervalS?: number;
  pollMs: number;
  sampleMs: number;
  timeoutMin: number;
};

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      accounts: {
        type: 'string',
        default: process.env.LZ_BENCH_ACCOUNTS ?? '5000',
      },
      regions: { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
      db: { type: 'string', default: 'sqlite' },
      'processing-interval': { type: 'string' },
      'poll-ms': { type: 'string', default: '500' },
      'sample-ms': { type: 'string', default: '50' },
      'timeout-min': { type: 'string', default: '40' },
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
  return {
    accounts: int('accounts', values.accounts!, 6),
    regions: int('regions', values.regions!, 1),
    seed: int('seed', values.seed!, 0),
    db: values.db,
    processingIntervalS: values['processing-interval']
      ? int('processing-interval', values['processing-interval'], 1)
      : undefined,
    pollMs: int('poll-ms', values['poll-ms']!, 10),
    sampleMs: int('sample-ms', values['sample-ms']!, 5),
    timeoutMin: Number(values['timeout-min']),
  };
}

// ---- the sandbox child (as bench/scan.ts drives it) -------------------------

type SandboxHost = {
  ask<T extends HostReply['type']>(
    request: HostRequest,
    expect: T,
  ): Promise<Extract<HostReply, { type: T }>>;
  child: ChildProcess;
};

function startHost(): SandboxHost {
  const child = fork(join(__dirname, 'sandboxHost.ts'), [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask: SandboxHost['ask'] = (request, expect) =>
    new Promise((resolve, reject) => {
      const onMessage = (reply: HostReply | { type: 'watch' }) => {
        // Backstage's TypeScript hook reports every file it compiles over IPC.
        if (reply.type === 'watch') return;
        child.off('exit', onExit);
        child.off('message', onMessage);
        if (reply.type === expect) resolve(reply as never);
        else if (reply.type === 'error') reject(new Error(reply.message));
        else reject(new Error(`expected ${expect}, got ${reply.type}`));
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(
          new Error(`sandbox host exited (${code}) during ${request.type}`),
        );
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(request);
    });
  return { ask, child };
}

// ---- what the bench observes -----------------------------------------------

const APPLIED = 'Landing zone entities applied to the catalog';
const NOT_READ =
  'Could not read the landing zone; the catalog keeps its last AWS accounts and VPCs';

type Noted = { at: number; message: string; meta?: Record<string, unknown> };

/**
 * The backend's root logger: every line but debug to a file, the lines the
 * bench waits for noted with their time, warnings and errors (the first 20)
 * also to stderr.
 */
function benchRootLogger(file: string, noted: Noted[]): RootLoggerService {
  const fd = openSync(file, 'a');
  let loud = 0;
  const make = (fields: Record<string, unknown>): LoggerService => {
    const write = (level: string, message: string, meta?: unknown) => {
      const at = performance.now();
      const extra =
        meta instanceof Error
          ? { error: meta.stack ?? meta.message }
          : (meta as Record<string, unknown> | undefined);
      if (message === APPLIED || message === NOT_READ) {
        noted.push({ at, message, meta: extra });
      }
      const line = JSON.stringify({
        t: Math.round(at),
        level,
        message,
        ...fields,
        ...extra,
      });
      writeSync(fd, `${line}\n`);
      if ((level === 'warn' || level === 'error') && loud++ < 20) {
        process.stderr.write(`${level}: ${line}\n`);
      }
    };
    return {
      error: (message, meta) => write('error', message, meta),
      warn: (message, meta) => write('warn', message, meta),
      info: (message, meta) => write('info', message, meta),
      debug: () => {},
      child: meta => make({ ...fields, ...meta }),
    };
  };
  return make({});
}

type Call = { name: string; start: number; end: number; items: number };

/** Times the provider's reads of the landing-zone API, in place. */
function instrumentClient(calls: Call[]) {
  const proto = LandingZoneClient.prototype as unknown as Record<
    string,
    (...args: unknown[]) => Promise<{ items: unknown[] }>
  >;
  for (const name of ['listAccounts', 'listVpcs']) {
    const original = proto[name];
    proto[name] = async function timed(this: unknown, ...args: unknown[]) {
      const start = performance.now();
      const page = await original.apply(this, args);
      calls.push({
        name,
        start,
        end: performance.now(),
        items: page.items.length,
      });
      return page;
    };
  }
}

/** process.memoryUsage() every few ms, with the peaks up to a mark and overall. */
function sampleMemory(everyMs: number) {
  const baseline = process.memoryUsage();
  const peak = { rss: baseline.rss, heapUsed: baseline.heapUsed, samples: 1 };
  let marked: { rss: number; heapUsed: number } | undefined;
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.samples++;
  };
  const timer = setInterval(sample, everyMs);
  return {
    baseline,
    /** The peaks so far, kept apart (the provider's own window). */
    mark() {
      sample();
      marked = { rss: peak.rss, heapUsed: peak.heapUsed };
    },
    stop() {
      clearInterval(timer);
      sample();
      return { baseline, peak, marked };
    },
  };
}

// ---- helpers ---------------------------------------------------------------

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

const PG_SERVER = {
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  password: process.env.PGPASSWORD ?? 'lz-test-pw',
};

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const s = (ms: number) => Number((ms / 1000).toFixed(1));
const sleep = (ms: number) => new Promise(done => setTimeout(done, ms));

// ---- main ------------------------------------------------------------------

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const deadline = Date.now() + options.timeoutMin * 60_000;
  const cleanups: (() => Promise<unknown>)[] = [];
  const workDir = mkdtempSync(join(tmpdir(), 'lz-catalog-bench-'));
  const logFile = join(workDir, 'backend.log');

  try {
    // 1. The sandbox, with a generated organisation and no rate limits.
    const host = startHost();
    cleanups.unshift(() =>
      host.ask({ type: 'close' }, 'closed').catch(() => host.child.kill()),
    );
    const ready = await host.ask(
      {
        type: 'start',
        accounts: options.accounts,
        regions: options.regions,
        seed: options.seed,
        faults: {},
        floorLimits: rateLimitFaults(),
      },
      'ready',
    );
    // The default AWS credential chain, as an operator's environment sets it.
    process.env.AWS_ACCESS_KEY_ID = ready.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = ready.credentials.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;

    // 2. The backend, in this process.
    const port = await freePort();
    const token = randomBytes(24).toString('hex');
    const baseUrl = `http://127.0.0.1:${port}`;
    const prefix = `lz_catbench_${Date.now()}_`;
    if (options.db === 'postgres') {
      cleanups.push(async () => {
        const admin = knexFactory({
          client: 'pg',
          connection: { ...PG_SERVER, database: 'postgres' },
        });
        const { rows } = await admin.raw(
          'SELECT datname FROM pg_database WHERE datname LIKE ?',
          [`${prefix}%`],
        );
        for (const { datname } of rows as { datname: string }[]) {
          await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
        }
        await admin.destroy();
      });
    }
    // Far away: the bench starts the scan, the event starts the refresh.
    const LATER = {
      frequency: { days: 365 },
      initialDelay: { days: 365 },
      timeout: { minutes: 50 },
    };
    const config = {
      backend: {
        baseUrl,
        listen: { host: '127.0.0.1', port },
        database:
          options.db === 'postgres'
            ? { client: 'pg', connection: PG_SERVER, prefix }
            : { client: 'better-sqlite3', connection: ':memory:' },
        auth: {
          externalAccess: [
            { type: 'static', options: { token, subject: 'catalog-bench' } },
          ],
        },
      },
      permission: { enabled: true },
      catalog: {
        rules: [
          {
            allow: [
              'Component',
              'System',
              'API',
              'Resource',
              'Location',
              'Group',
              'User',
              'Domain',
            ],
          },
        ],
        ...(options.processingIntervalS && {
          processingInterval: { seconds: options.processingIntervalS },
        }),
        providers: { landingZone: { schedule: LATER } },
      },
      landingZone: {
        regions: ready.regions,
        aws: { endpoints: { default: ready.url } },
        scan: { schedule: LATER },
      },
    };

    const noted: Noted[] = [];
    const reads: Call[] = [];
    instrumentClient(reads);
    let onFinished: (event: LandingZoneScanFinishedEvent) => void = () => {};
    const probe = createBackendPlugin({
      pluginId: 'catalog-bench',
      register(env) {
        env.registerInit({
          deps: { events: eventsServiceRef },
          async init({ events }) {
            await events.subscribe({
              id: 'catalog-bench',
              topics: [LANDING_ZONE_SCAN_FINISHED_TOPIC],
              onEvent: async ({ eventPayload }) =>
                onFinished(eventPayload as LandingZoneScanFinishedEvent),
            });
          },
        });
      },
    });

    const startingAt = performance.now();
    const backend = createBackend();
    backend.add(
      createServiceFactory({
        service: coreServices.rootConfig,
        deps: {},
        factory: () => new ConfigReader(config, 'catalog-bench'),
      }),
    );
    backend.add(
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => benchRootLogger(logFile, noted),
      }),
    );
    backend.add(import('@backstage/plugin-permission-backend'));
    backend.add(
      import('@backstage/plugin-permission-backend-module-allow-all-policy'),
    );
    backend.add(import('@backstage/plugin-catalog-backend'));
    backend.add(import('@internal/plugin-catalog-backend-module-landing-zone'));
    backend.add(import('@internal/plugin-landing-zone-backend'));
    backend.add(probe);
    await backend.start();
    cleanups.unshift(() => backend.stop());
    const startupMs = performance.now() - startingAt;

    const get = async (path: string) => {
      const response = await fetch(`${baseUrl}${path}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(120_000),
      });
      const text = await response.text();
      if (!response.ok) {
        throw new Error(
          `GET ${path}: ${response.status} ${text.slice(0, 300)}`,
        );
      }
      return JSON.parse(text);
    };
    const catalogCount = async (type: string): Promise<number> => {
      const body = await get(
        `/api/catalog/entities/by-query?filter=kind=resource,spec.type=${type}&limit=1&fields=metadata.name`,
      );
      return body.totalItems as number;
    };

    /** Every entity name of a type the catalog serves, page by page. */
    const catalogNames = async (type: string): Promise<Set<string>> => {
      const names = new Set<string>();
      let cursor: string | undefined;
      do {
        const body = await get(
          cursor
            ? `/api/catalog/entities/by-query?cursor=${encodeURIComponent(
                cursor,
              )}&limit=1000&fields=metadata.name`
            : `/api/catalog/entities/by-query?filter=kind=resource,spec.type=${type}&limit=1000&fields=metadata.name`,
        );
        for (const item of body.items as { metadata: { name: string } }[]) {
          names.add(item.metadata.name);
        }
        cursor = body.pageInfo?.nextCursor;
      } while (cursor);
      return names;
    };
    /** What the landing-zone API lists, as the provider names the entities. */
    const expectedNames = async (type: 'aws-account' | 'aws-vpc') => {
      const names: string[] = [];
      let cursor: string | undefined;
      do {
        const path = type === 'aws-account' ? 'accounts' : 'vpcs';
        const page = await get(
          `/api/landing-zone/${path}?limit=500${
            cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
          }`,
        );
        for (const item of page.items as { id?: string; vpcId?: string }[]) {
          names.push(
            type === 'aws-account'
              ? `aws-account-${item.id}`
              : `aws-vpc-${item.vpcId}`,
          );
        }
        cursor = page.nextCursor;
      } while (cursor);
      return names;
    };

    out(
      `# catalog benchmark ${new Date().toISOString()} node ${
        process.version
      }, ${ready.accounts} accounts (${ready.activeAccounts} active) × ${
        ready.regions.length
      } regions, seed ${options.seed}, rate limits OFF`,
    );
    out(
      `# backend in this process (pid ${
        process.pid
      }) on ${baseUrl}, started in ${s(startupMs)} s, RSS ${mb(
        process.memoryUsage().rss,
      )} MB; db ${
        options.db === 'postgres'
          ? `postgres on 127.0.0.1:5432, databases ${prefix}*`
          : 'sqlite in memory'
      }; catalog.processingInterval ${
        options.processingIntervalS
          ? `${options.processingIntervalS} s`
          : 'unset (100-150 s)'
      }; sandbox pid ${host.child.pid}; log ${logFile}`,
    );

    // 3. The scan, to its end.
    let memory: ReturnType<typeof sampleMemory> | undefined;
    let cpuAtFinish: NodeJS.CpuUsage | undefined;
    let eluAtFinish: ReturnType<typeof performance.eventLoopUtilization>;
    let finishedAt = Number.NaN;
    const finished = new Promise<LandingZoneScanFinishedEvent>(done => {
      onFinished = event => {
        // The provider's refresh starts on this same event: sample from here.
        finishedAt = performance.now();
        memory = sampleMemory(options.sampleMs);
        cpuAtFinish = process.cpuUsage();
        eluAtFinish = performance.eventLoopUtilization();
        done(event);
      };
    });
    const scanStartedAt = performance.now();
    const startResponse = await fetch(`${baseUrl}/api/landing-zone/scans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    if (startResponse.status !== 202) {
      throw new Error(
        `POST /scans: ${startResponse.status} ${await startResponse.text()}`,
      );
    }
    const progress = setInterval(() => {
      process.stderr.write(
        `… scanning, ${s(performance.now() - scanStartedAt)} s, rss ${mb(
          process.memoryUsage().rss,
        )} MB\n`,
      );
    }, 30_000);
    const event = await Promise.race([
      finished,
      sleep(Math.max(0, deadline - Date.now())).then(() => undefined),
    ]);
    clearInterval(progress);
    if (!event) {
      out(`TIMED OUT during the scan after ${options.timeoutMin} min`);
      return 3;
    }
    const scanMs = finishedAt - scanStartedAt;

    // 4. From the event until the catalog serves every entity.
    let accounts = 0;
    let vpcs = 0;
    let firstVisibleAt = Number.NaN;
    let accountsAt = Number.NaN;
    let vpcsAt = Number.NaN;
    let appliedAt = Number.NaN;
    let expected: { accounts: number; vpcs: number } | undefined;
    let polls = 0;
    let lastReport = performance.now();
    // On PostgreSQL the bench can also read the catalog's own tables: when
    // every entity was processed, and how long the stitch queue grew.
    let catalogDb: ReturnType<typeof knexFactory> | undefined;
    if (options.db === 'postgres') {
      catalogDb = knexFactory({
        client: 'pg',
        connection: { ...PG_SERVER, database: `${prefix}catalog` },
        pool: { min: 0, max: 1 },
      });
      cleanups.unshift(() => catalogDb!.destroy());
    }
    let processedAt = Number.NaN;
    let processed = 0;
    let stitchQueueMax = 0;
    const probeCatalogDb = async (now: number, want: number) => {
      if (!catalogDb) return;
      const [state] = await catalogDb('refresh_state')
        .where('entity_ref', 'like', 'resource:default/aws-%')
        .whereNotNull('processed_entity')
        .count({ n: '*' });
      const [queue] = await catalogDb('stitch_queue').count({ n: '*' });
      processed = Number(state.n);
      stitchQueueMax = Math.max(stitchQueueMax, Number(queue.n));
      if (processed >= want && Number.isNaN(processedAt)) processedAt = now;
    };
    const history: { at: number; accounts: number; vpcs: number }[] = [];
    // A type whose count sits just short of complete for a while: which
    // entities are missing, asked once per type.
    const nearSince: Record<string, number> = {};
    const stragglers: Record<string, string> = {};
    const checkStragglers = async (
      type: 'aws-account' | 'aws-vpc',
      count: number,
      want: number,
      now: number,
    ) => {
      if (stragglers[type] || count >= want || count < want * 0.99) {
        if (count < want * 0.99) delete nearSince[type];
        return;
      }
      nearSince[type] ??= now;
      if (now - nearSince[type] < 20_000) return;
      const [served, listed] = await Promise.all([
        catalogNames(type),
        expectedNames(type),
      ]);
      const missing = listed.filter(name => !served.has(name));
      stragglers[type] = `${s(now - finishedAt)} s: ${
        missing.length
      } missing (${missing.slice(0, 5).join(', ')}${
        missing.length > 5 ? ', …' : ''
      })`;
      process.stderr.write(`… ${type} stragglers at ${stragglers[type]}\n`);
    };
    for (;;) {
      const applied = noted.find(n => n.message === APPLIED);
      if (applied && !expected) {
        appliedAt = applied.at;
        memory!.mark();
        expected = {
          accounts: applied.meta?.accounts as number,
          vpcs: applied.meta?.vpcs as number,
        };
      }
      const failed = noted.find(n => n.message === NOT_READ);
      if (failed && !expected) {
        throw new Error(`the provider did not apply: ${failed.meta?.error}`);
      }
      [accounts, vpcs] = await Promise.all([
        catalogCount('aws-account'),
        catalogCount('aws-vpc'),
      ]);
      polls++;
      const now = performance.now();
      history.push({ at: now, accounts, vpcs });
      if (expected) {
        await probeCatalogDb(now, expected.accounts + expected.vpcs);
      }
      if (accounts + vpcs > 0 && Number.isNaN(firstVisibleAt)) {
        firstVisibleAt = now;
      }
      if (expected) {
        if (accounts >= expected.accounts && Number.isNaN(accountsAt)) {
          accountsAt = now;
        }
        if (vpcs >= expected.vpcs && Number.isNaN(vpcsAt)) vpcsAt = now;
        if (!Number.isNaN(accountsAt) && !Number.isNaN(vpcsAt)) break;
        await checkStragglers('aws-account', accounts, expected.accounts, now);
        await checkStragglers('aws-vpc', vpcs, expected.vpcs, now);
      }
      if (now - lastReport > 30_000) {
        lastReport = now;
        process.stderr.write(
          `… ${s(now - finishedAt)} s after the scan: ${
            expected ? 'applied' : 'not applied yet'
          }, catalog serves ${accounts} accounts, ${vpcs} VPCs${
            catalogDb ? ` (${processed} processed)` : ''
          }; rss ${mb(process.memoryUsage().rss)} MB\n`,
        );
      }
      if (Date.now() > deadline) break;
      await sleep(options.pollMs);
    }
    const allVisibleAt = Math.max(accountsAt, vpcsAt);
    const mem = memory!.stop();
    const cpu = process.cpuUsage(cpuAtFinish);
    const elu = performance.eventLoopUtilization(eluAtFinish!);
    // When the entities readable (accounts + VPCs) first reached a share.
    const total = expected ? expected.accounts + expected.vpcs : Number.NaN;
    const reached = (share: number) =>
      history.find(h => h.accounts + h.vpcs >= share * total)?.at ?? Number.NaN;
    const timedOut = Number.isNaN(allVisibleAt);

    // 5. What the landing-zone API holds, to compare.
    const [lzAccounts, lzVpcs] = await Promise.all([
      get('/api/landing-zone/accounts?limit=1'),
      get('/api/landing-zone/vpcs?limit=1'),
    ]);
    const providerReads = reads.filter(c => c.start >= finishedAt);
    const readsEnd = Math.max(...providerReads.map(c => c.end));
    const readsStart = Math.min(...providerReads.map(c => c.start));
    const readOf = (name: string) =>
      providerReads
        .filter(c => c.name === name)
        .reduce(
          (sum, c) => ({
            ms: sum.ms + c.end - c.start,
            maxMs: Math.max(sum.maxMs, c.end - c.start),
            pages: sum.pages + 1,
            items: sum.items + c.items,
          }),
          { ms: 0, maxMs: 0, pages: 0, items: 0 },
        );
    const accountReads = readOf('listAccounts');
    const vpcReads = readOf('listVpcs');

    // ---- report ----
    out();
    out(
      timedOut
        ? `TIMED OUT after ${
            options.timeoutMin
          } min in all: the catalog served ${accounts} accounts, ${vpcs} VPCs of ${
            expected
              ? `${expected.accounts} and ${expected.vpcs}`
              : '(never applied)'
          }`
        : `scan ${event.state}; the catalog serves every entity the provider applied`,
    );
    out();
    const since = (at: number) => s(at - finishedAt);
    out(
      table([
        ['figure', 'value', 'note'],
        [
          'accounts',
          accounts,
          `catalog kind=resource,spec.type=aws-account; landing-zone API totalCount ${lzAccounts.totalCount}`,
        ],
        [
          'VPC entities',
          vpcs,
          `catalog spec.type=aws-vpc; landing-zone API totalCount ${lzVpcs.totalCount}`,
        ],
        [
          'scan duration s',
          s(scanMs),
          'POST /scans to the scan-finished event',
        ],
        [
          'finished -> mutation applied s',
          since(appliedAt),
          "the provider's log line after applyMutation resolved",
        ],
        [
          '  reading the landing-zone API s',
          s(readsEnd - readsStart),
          `${accountReads.pages} account pages (${s(
            accountReads.ms,
          )} s, slowest ${Math.round(accountReads.maxMs)} ms), ${
            vpcReads.pages
          } VPC pages (${s(vpcReads.ms)} s, slowest ${Math.round(
            vpcReads.maxMs,
          )} ms), over HTTP`,
        ],
        [
          '  entities + applyMutation s',
          s(appliedAt - readsEnd),
          'last page read to the log line',
        ],
        [
          'finished -> first entity readable s',
          since(firstVisibleAt),
          `catalog API polled every ${options.pollMs} ms`,
        ],
        ...(catalogDb
          ? [
              [
                'finished -> all processed s',
                since(processedAt),
                `refresh_state rows with processed_entity (${processed}); stitch queue peaked at ${stitchQueueMax}`,
              ],
            ]
          : []),
        [
          'finished -> 50 / 90 / 99 % readable s',
          `${since(reached(0.5))} / ${since(reached(0.9))} / ${since(
            reached(0.99),
          )}`,
          'of accounts + VPCs',
        ],
        [
          'finished -> all accounts readable s',
          since(accountsAt),
          stragglers['aws-account']
            ? `stragglers at ${stragglers['aws-account']}`
            : '',
        ],
        [
          'finished -> all VPCs readable s',
          since(vpcsAt),
          stragglers['aws-vpc'] ? `stragglers at ${stragglers['aws-vpc']}` : '',
        ],
        [
          'finished -> all entities readable s',
          since(allVisibleAt),
          `${polls} polls of 2 by-query requests`,
        ],
        [
          '  catalog processing + stitching s',
          s(allVisibleAt - appliedAt),
          `mutation applied to all readable: ${Math.round(
            total / ((allVisibleAt - appliedAt) / 1000),
          )} entities/s`,
        ],
        [
          'backend CPU s, event loop busy',
          `${s((cpu.user + cpu.system) / 1000)}, ${Math.round(
            elu.utilization * 100,
          )} %`,
          'finished to all readable, user + system; this process',
        ],
        [
          'baseline rss / heap used MB',
          `${mb(mem.baseline.rss)} / ${mb(mem.baseline.heapUsed)}`,
          'at the scan-finished event',
        ],
        [
          'peak rss MB, provider',
          mb(mem.marked?.rss ?? Number.NaN),
          'finished to mutation applied',
        ],
        [
          'peak rss MB, until all readable',
          mb(mem.peak.rss),
          `${mem.peak.samples} samples every ${options.sampleMs} ms`,
        ],
        [
          'heap delta MB, provider',
          mb((mem.marked?.heapUsed ?? Number.NaN) - mem.baseline.heapUsed),
          'peak heap used minus baseline',
        ],
        [
          'heap delta MB, until all readable',
          mb(mem.peak.heapUsed - mem.baseline.heapUsed),
          '',
        ],
      ]),
    );
    const summary = {
      bench: 'catalog',
      at: new Date().toISOString(),
      accounts: ready.accounts,
      regions: ready.regions.length,
      seed: options.seed,
      db: options.db,
      processingIntervalS: options.processingIntervalS ?? null,
      state: timedOut ? 'timed-out' : event.state,
      catalogAccounts: accounts,
      catalogVpcs: vpcs,
      apiAccounts: lzAccounts.totalCount,
      apiVpcs: lzVpcs.totalCount,
      scanS: s(scanMs),
      appliedS: since(appliedAt),
      providerReadS: s(readsEnd - readsStart),
      applyMutationS: s(appliedAt - readsEnd),
      firstVisibleS: since(firstVisibleAt),
      allVisibleS: since(allVisibleAt),
      accountsVisibleS: since(accountsAt),
      vpcsVisibleS: since(vpcsAt),
      readable50S: since(reached(0.5)),
      readable90S: since(reached(0.9)),
      readable99S: since(reached(0.99)),
      processedS: catalogDb ? since(processedAt) : null,
      stitchQueueMax: catalogDb ? stitchQueueMax : null,
      stragglers,
      cpuS: s((cpu.user + cpu.system) / 1000),
      eventLoopUtilization: Number(elu.utilization.toFixed(2)),
      baselineRssMb: mb(mem.baseline.rss),
      baselineHeapMb: mb(mem.baseline.heapUsed),
      providerPeakRssMb: mb(mem.marked?.rss ?? Number.NaN),
      peakRssMb: mb(mem.peak.rss),
      providerHeapDeltaMb: mb(
        (mem.marked?.heapUsed ?? Number.NaN) - mem.baseline.heapUsed,
      ),
      heapDeltaMb: mb(mem.peak.heapUsed - mem.baseline.heapUsed),
    };
    out();
    out(JSON.stringify(summary));
    return timedOut ? 3 : 0;
  } finally {
    for (const cleanup of cleanups) {
      await cleanup().catch(error =>
        process.stderr.write(`cleanup: ${(error as Error).message}\n`),
      );
    }
  }
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(`bench/catalog: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
