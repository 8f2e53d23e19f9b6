/*
 * Benchmark of a full landing-zone scan against the sandbox with AWS's default
 * rate limits. Prints figures; not a test. See bench/README.md.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/scan.ts \
 *     --accounts 500 --regions 4 [--seed 1] [--db sqlite|postgres] \
 *     [--concurrency 8] [--no-limits] [--org-rate 3/3] [--timeout-min 40]
 *
 * The sandbox runs in a child process (bench/sandboxHost.ts), so the memory
 * and CPU reported are the backend's alone: scanner, SDK clients, knex.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { AwsClientFactory } from '../plugins/landing-zone-backend/src/collect/clients';
import { readLandingZoneSettings } from '../plugins/landing-zone-backend/src/config';
import { defaultChecks } from '../plugins/landing-zone-backend/src/evaluate';
import { Scanner } from '../plugins/landing-zone-backend/src/scan/Scanner';
import { createLandingZoneStore } from '../plugins/landing-zone-backend/src/store/LandingZoneStore';
import { rateLimitFaults, type Bucket } from './rateLimits';
import type { HostReply, HostRequest } from './sandboxHost';
import { out, table } from './format';

// ---- options ---------------------------------------------------------------

const USAGE = `Usage: node --require @backstage/cli/config/nodeTransform.cjs bench/scan.ts [options]
  --accounts N        generated accounts (default 5000)
  --regions R         operating regions, 1-4 (default 4)
  --seed S            generator seed (default 1)
  --db KIND           sqlite (file in a temp dir, default) or postgres (127.0.0.1:5432, user postgres)
  --db-file FILE      sqlite: use (and keep) this file, e.g. for bench/evaluate.ts
  --concurrency C     landingZone.scan.concurrency (default: the product default)
  --no-limits         run without rate limits (the floor is still computed from the table)
  --org-rate R/B      override the assumed Organizations bucket (default 3/3)
  --timeout-min M     give up after M minutes (default 40)
  --scans N           run N scans on the same database and report the last (default 1):
                      a repeat scan, with the previous one's facts and tags stored
`;

type Options = {
  accounts: number;
  regions: number;
  seed: number;
  db: 'sqlite' | 'postgres';
  dbFile?: string;
  concurrency?: number;
  limits: boolean;
  orgRate?: Bucket;
  timeoutMin: number;
  scans: number;
};

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      accounts: { type: 'string', default: '5000' },
      regions: { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
      db: { type: 'string', default: 'sqlite' },
      'db-file': { type: 'string' },
      concurrency: { type: 'string' },
      'no-limits': { type: 'boolean', default: false },
      'org-rate': { type: 'string' },
      'timeout-min': { type: 'string', default: '40' },
      scans: { type: 'string', default: '1' },
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
  let orgRate: Bucket | undefined;
  if (values['org-rate']) {
    const m = /^([\d.]+)\/(\d+)$/.exec(values['org-rate']);
    if (!m) throw new Error('--org-rate expects RATE/BURST, e.g. 3/3');
    orgRate = { rate: Number(m[1]), burst: Number(m[2]) };
  }
  return {
    accounts: int('accounts', values.accounts!, 6),
    regions: int('regions', values.regions!, 1),
    seed: int('seed', values.seed!, 0),
    db: values.db,
    dbFile: values['db-file'],
    concurrency: values.concurrency
      ? int('concurrency', values.concurrency, 1)
      : undefined,
    limits: !values['no-limits'],
    orgRate,
    timeoutMin: Number(values['timeout-min']),
    scans: int('scans', values.scans!, 1),
  };
}

// ---- the sandbox child -----------------------------------------------------

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

// ---- the database ----------------------------------------------------------

async function openDatabase(kind: Options['db'], file?: string) {
  if (kind === 'sqlite') {
    const dir = file ? undefined : mkdtempSync(join(tmpdir(), 'lz-bench-'));
    const filename = file ?? join(dir!, 'landing-zone.sqlite');
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename },
      useNullAsDefault: true,
    });
    return {
      knex,
      describe: `sqlite file ${filename}`,
      async close() {
        await knex.destroy();
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const server = { host: '127.0.0.1', port: 5432, user: 'postgres' };
  const name = `lz_bench_${Date.now()}`;
  const admin = knexFactory({
    client: 'pg',
    connection: { ...server, database: 'postgres' },
  });
  await admin.raw(`CREATE DATABASE ${name}`);
  const knex = knexFactory({
    client: 'pg',
    connection: { ...server, database: name },
  });
  return {
    knex,
    describe: `postgres database ${name} on 127.0.0.1:5432`,
    async close() {
      await knex.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
      await admin.destroy();
    },
  };
}

// ---- phase timing ----------------------------------------------------------

type Span = {
  /** Every call's start and end (performance.now()). */
  calls: { start: number; end: number }[];
  totalMs: number;
  maxMs: number;
  first: number;
  last: number;
};

/** Times the named async methods of one object (those it has), in place. */
function instrument(
  spans: Map<string, Span>,
  target: object | undefined,
  prefix: string,
  names: string[],
) {
  if (!target) return;
  const object = target as Record<string, unknown>;
  for (const name of names) {
    const original = object[name];
    if (typeof original !== 'function') continue;
    object[name] = async (...args: unknown[]) => {
      const start = performance.now();
      try {
        return await original.apply(target, args);
      } finally {
        const end = performance.now();
        const key = `${prefix}.${name}`;
        const span = spans.get(key) ?? {
          calls: [],
          totalMs: 0,
          maxMs: 0,
          first: start,
          last: end,
        };
        span.calls.push({ start, end });
        span.totalMs += end - start;
        span.maxMs = Math.max(span.maxMs, end - start);
        span.last = end;
        spans.set(key, span);
      }
    };
  }
}

function benchLogger(events: { at: number; message: string }[]): LoggerService {
  let warnings = 0;
  const logger: LoggerService = {
    info: message => {
      events.push({ at: performance.now(), message });
    },
    debug: () => {},
    warn: (message, meta) => {
      if (warnings++ < 20)
        process.stderr.write(`warn: ${message} ${fmtMeta(meta)}\n`);
    },
    error: (message, meta) => {
      process.stderr.write(`error: ${message} ${fmtMeta(meta)}\n`);
    },
    child: () => logger,
  };
  return logger;
}

function fmtMeta(meta: unknown): string {
  if (meta instanceof Error) return meta.stack ?? meta.message;
  return meta ? JSON.stringify(meta) : '';
}

// ---- memory ----------------------------------------------------------------

function sampleMemory(everyMs: number) {
  const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, samples: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
    peak.external = Math.max(peak.external, m.external);
    peak.samples++;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

// ---- output ----------------------------------------------------------------

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const s = (ms: number) => (ms / 1000).toFixed(1);

// ---- main ------------------------------------------------------------------

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const floorLimits = rateLimitFaults(
    options.orgRate ? { organizations: options.orgRate } : {},
  );

  const host = startHost();
  const ready = await host.ask(
    {
      type: 'start',
      accounts: options.accounts,
      regions: options.regions,
      seed: options.seed,
      faults: options.limits ? { rateLimits: floorLimits } : {},
      floorLimits,
    },
    'ready',
  );
  // The product reads the default credential chain; an operator's environment
  // would hold the management account's keys.
  process.env.AWS_ACCESS_KEY_ID = ready.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = ready.credentials.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  const db = await openDatabase(options.db, options.dbFile);
  // Product defaults everywhere but the endpoint, the regions and, if given, the concurrency.
  const settings = readLandingZoneSettings(
    new ConfigReader({
      landingZone: {
        regions: ready.regions,
        aws: { endpoints: { default: ready.url } },
        ...(options.concurrency && {
          scan: { concurrency: options.concurrency },
        }),
      },
    }),
  );
  const store = await createLandingZoneStore({
    database: { getClient: async () => db.knex, migrations: { skip: false } },
  } as Parameters<typeof createLandingZoneStore>[0]);
  const clients = AwsClientFactory.create(settings.aws);
  const events: { at: number; message: string }[] = [];
  const scanner = Scanner.create({
    store,
    settings,
    clients,
    checks: () => defaultChecks,
    logger: benchLogger(events),
  });

  // The store's methods by the sub-store that has them; the scanner's parts
  // reach the store through these same objects, so wrapping them times every
  // call whichever part makes it.
  const spans = new Map<string, Span>();
  instrument(spans, store.organization, 'organization', ['get', 'save']);
  instrument(spans, store.accounts, 'accounts', [
    'cachedTags',
    'identities',
    'byStaleness',
    'withStaleTags',
    'updateTags',
  ]);
  instrument(spans, store.facts, 'facts', ['save', 'load']);
  instrument(spans, store.vpcs, 'vpcs', ['index']);
  instrument(spans, store.results, 'results', ['save']);
  instrument(spans, store.scans, 'scans', [
    'start',
    'update',
    'heartbeat',
    'finish',
  ]);
  instrument(spans, scanner, 'scanner', ['evaluate']);

  out(
    `# scan benchmark ${new Date().toISOString()} node ${process.version}, ${
      ready.accounts
    } accounts (${ready.activeAccounts} active) × ${
      ready.regions.length
    } regions, seed ${options.seed}`,
  );
  out(
    `# sandbox pid ${host.child.pid} at ${ready.url} (generated in ${Math.round(
      ready.generateMs,
    )} ms), rate limits ${options.limits ? 'AWS defaults' : 'OFF'}; db ${
      db.describe
    }; concurrency ${settings.scan.concurrency}, batch ${
      settings.scan.batchSize
    }, maxAttempts ${settings.aws.maxAttempts}, maxSockets ${
      settings.aws.maxSockets
    }`,
  );

  for (let i = 1; i < options.scans; i++) {
    const startedEarlier = performance.now();
    const earlier = await scanner.run({ trigger: 'manual' });
    out(
      `# scan ${i} of ${options.scans} (not reported): ${earlier.state} in ${s(
        performance.now() - startedEarlier,
      )} s`,
    );
    await host.ask({ type: 'reset' }, 'reset');
    spans.clear();
    events.length = 0;
  }

  const memory = sampleMemory(250);
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  const started = performance.now();
  const progress = setInterval(() => {
    const done = spans.get('facts.save')?.calls.length ?? 0;
    process.stderr.write(
      `… ${s(performance.now() - started)} s, ${
        done * settings.scan.batchSize
      } accounts saved, rss ${mb(process.memoryUsage().rss)} MB\n`,
    );
  }, 30_000);
  progress.unref();

  let timedOut = false;
  const timeout = new Promise<undefined>(resolve =>
    setTimeout(() => {
      timedOut = true;
      resolve(undefined);
    }, options.timeoutMin * 60_000).unref(),
  );
  const scan = await Promise.race([
    scanner.run({ trigger: 'manual' }),
    timeout,
  ]);
  const wallMs = performance.now() - started;
  clearInterval(progress);
  const elu = performance.eventLoopUtilization(eluBefore);
  const cpu = process.cpuUsage(cpuBefore);
  const peak = memory.stop();
  const maxRssMb = process.resourceUsage().maxRSS / 1024;

  const counted = await host.ask({ type: 'counters' }, 'counters');

  // ---- report ----
  out();
  out(
    timedOut
      ? `TIMED OUT after ${options.timeoutMin} min: the figures below are partial`
      : `scan ${scan!.state}: ${scan!.accountsDone}/${
          scan!.accountsTotal
        } accounts collected, ${
          scan!.accountsFailed
        } failed (any collection error, e.g. a denied role), ${
          scan!.errors.length
        } errors recorded`,
  );
  out();

  const services = Object.entries(counted.counters.services).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  const callRows: (string | number)[][] = [
    ['service', 'operation', 'calls', 'throttled', 'failed'],
  ];
  for (const [service, count] of services) {
    callRows.push([
      service,
      '(all)',
      count.calls,
      count.throttled,
      count.failed,
    ]);
    for (const [operation, op] of Object.entries(count.operations).sort(
      ([a], [b]) => a.localeCompare(b),
    )) {
      callRows.push(['', operation, op.calls, op.throttled, op.failed]);
    }
  }
  const total = counted.counters.total;
  callRows.push(['total', '', total.calls, total.throttled, total.failed]);
  out(table(callRows));
  out();

  // The floor: for each bucket, the calls admitted in its busiest single
  // account-region over its refill rate; the scan cannot be faster than the
  // slowest of them.
  const floors = counted.buckets
    .filter(b => floorLimits[b.key])
    .map(b => ({
      ...b,
      limit: floorLimits[b.key],
      seconds: b.busiest.admitted / floorLimits[b.key].rate,
    }))
    .sort((a, b) => b.seconds - a.seconds);
  const bottleneck = floors[0] as (typeof floors)[number] | undefined;
  const floorMs = (bottleneck?.seconds ?? 0) * 1000;
  const floorRows: (string | number)[][] = [
    [
      'bucket',
      'rate/burst',
      'busiest caller',
      'its calls',
      'floor s',
      'all calls',
      'callers',
    ],
  ];
  // Every bucket the scan drew from: the floor is the first row, and each
  // other row says how far that service is from setting it.
  for (const f of floors) {
    floorRows.push([
      f.key,
      `${f.limit.rate}/${f.limit.burst}`,
      `${
        f.busiest.accountId === ready.managementAccountId
          ? 'management'
          : f.busiest.accountId
      } ${f.busiest.region}`,
      f.busiest.admitted,
      Number(f.seconds.toFixed(1)),
      f.admitted,
      f.accountRegions,
    ]);
  }
  out(table(floorRows));
  out();

  // A second bound, on the member accounts: each waits at least its largest
  // (calls − burst) ÷ rate on one bucket, and `concurrency` accounts are read
  // at a time, so collection takes at least the sum of those waits over the
  // concurrency. Per bucket: what that bucket alone would impose.
  const waits = counted.accountWaits;
  const concurrency = settings.scan.concurrency;
  const collectFloorS = waits.totalS / concurrency;
  const waitRows: (string | number)[][] = [
    ['bucket', 'Σ account waits s', '÷ concurrency s'],
    ...Object.entries(waits.byBucketS)
      .sort(([, a], [, b]) => b - a)
      .map(([key, seconds]) => [
        key,
        Number(seconds.toFixed(1)),
        Number((seconds / concurrency).toFixed(1)),
      ]),
    [
      'any (largest per account)',
      Number(waits.totalS.toFixed(1)),
      Number(collectFloorS.toFixed(1)),
    ],
  ];
  out(
    `member accounts waiting on a bucket: ${
      waits.waitingAccounts
    }; collection floor ${collectFloorS.toFixed(
      1,
    )} s at concurrency ${concurrency}`,
  );
  out(table(waitRows));
  out();

  const span = (key: string) => spans.get(key);
  const firstOf = (key: string) => span(key)?.first ?? Number.NaN;
  const at = (message: string) =>
    events.find(e => e.message === message)?.at ?? Number.NaN;
  const collectingAt = at('Scan collecting accounts');
  const evaluateSpan = span('scanner.evaluate');
  // Store calls made while evaluate ran (organization.get is also made at
  // the start of the scan, which is not evaluation).
  const during = (key: string) =>
    (span(key)?.calls ?? []).reduce(
      (ms, c) =>
        evaluateSpan &&
        c.start >= evaluateSpan.first &&
        c.end <= evaluateSpan.last
          ? ms + c.end - c.start
          : ms,
      0,
    );
  const phases = {
    orgReadMs: firstOf('organization.save') - started,
    saveOrganizationMs: span('organization.save')?.totalMs ?? 0,
    collectMs:
      (evaluateSpan?.first ?? at('Scan evaluating accounts')) - collectingAt,
    saveAccountFactsMs: span('facts.save')?.totalMs ?? 0,
    saveAccountFactsMaxMs: span('facts.save')?.maxMs ?? 0,
    scanUpdatesMs: span('scans.update')?.totalMs ?? 0,
    evaluateMs: evaluateSpan?.totalMs ?? 0,
    loadAccountFactsMs: span('facts.load')?.totalMs ?? 0,
    saveEvaluationMs: span('results.save')?.totalMs ?? 0,
  };
  const evalComputeMs =
    phases.evaluateMs -
    phases.loadAccountFactsMs -
    phases.saveEvaluationMs -
    during('organization.get') -
    during('vpcs.index') -
    during('accounts.identities');
  out(
    table([
      ['phase', 'seconds', 'note'],
      ['wall time', Number(s(wallMs)), 'scanner.run, start to final record'],
      [
        'org read',
        Number(s(phases.orgReadMs)),
        'Organizations calls before organization.save',
      ],
      ['  organization.save', Number(s(phases.saveOrganizationMs)), 'DB'],
      [
        'collect',
        Number(s(phases.collectMs)),
        'every account-region (and reads overlapping it)',
      ],
      [
        '  facts.save',
        Number(s(phases.saveAccountFactsMs)),
        `DB, ${
          span('facts.save')?.calls.length ?? 0
        } batches (overlaps collect), max ${s(phases.saveAccountFactsMaxMs)} s`,
      ],
      [
        '  scan progress',
        Number(s(phases.scanUpdatesMs)),
        'DB, scans.update of the scan record',
      ],
      ['evaluate', Number(s(phases.evaluateMs)), 'scanner.evaluate'],
      [
        '  facts.load',
        Number(s(phases.loadAccountFactsMs)),
        'DB read of every fact',
      ],
      [
        '  vpcs.index',
        Number(s(during('vpcs.index'))),
        "DB read of the organisation's VPCs",
      ],
      ['  checks', Number(s(evalComputeMs)), 'pure evaluation'],
      ['  results.save', Number(s(phases.saveEvaluationMs)), 'DB'],
    ]),
  );
  out();

  const ratio = floorMs > 0 ? wallMs / floorMs : Number.NaN;
  out(
    table([
      ['figure', 'value'],
      ['wall time', `${s(wallMs)} s`],
      [
        'rate-limit floor',
        `${s(floorMs)} s (${bottleneck?.key ?? '-'}, ${
          bottleneck?.busiest.admitted ?? 0
        } calls at ${bottleneck?.limit.rate ?? '-'}/s)`,
      ],
      [
        'ratio wall ÷ floor',
        options.limits
          ? ratio.toFixed(2)
          : `${ratio.toFixed(2)} (no limits enforced)`,
      ],
      [
        'calls',
        `${total.calls} (${total.throttled} throttled, ${total.failed} failed)`,
      ],
      [
        'backend peak RSS (250 ms samples)',
        `${mb(peak.rss)} MB (${peak.samples} samples)`,
      ],
      ['backend maxRSS (resourceUsage)', `${Math.round(maxRssMb)} MB`],
      [
        'backend peak heap used / total',
        `${mb(peak.heapUsed)} / ${mb(peak.heapTotal)} MB`,
      ],
      [
        'backend CPU user+sys',
        `${s(cpu.user / 1000)} + ${s(
          cpu.system / 1000,
        )} s, event loop utilisation ${(elu.utilization * 100).toFixed(0)}%`,
      ],
      [
        'sandbox CPU user+sys, maxRSS',
        `${s(counted.cpuUserMs)} + ${s(counted.cpuSystemMs)} s, ${Math.round(
          counted.maxRssMb,
        )} MB`,
      ],
    ]),
  );

  const summary = {
    bench: 'scan',
    at: new Date().toISOString(),
    accounts: ready.accounts,
    regions: ready.regions.length,
    seed: options.seed,
    db: options.db,
    concurrency: settings.scan.concurrency,
    limits: options.limits,
    orgRate: floorLimits.organizations,
    state: timedOut ? 'timed-out' : scan!.state,
    wallS: Number(s(wallMs)),
    floorS: Number(s(floorMs)),
    bottleneck: bottleneck?.key,
    ratio: Number(ratio.toFixed(2)),
    collectFloorS: Number(collectFloorS.toFixed(1)),
    accountWaitsByBucketS: Object.fromEntries(
      Object.entries(waits.byBucketS).map(([k, v]) => [
        k,
        Number(v.toFixed(1)),
      ]),
    ),
    /** Each bucket's term of the floor: its busiest caller's calls over its rate. */
    floorByBucketS: Object.fromEntries(
      floors.map(f => [f.key, Number(f.seconds.toFixed(1))]),
    ),
    calls: total.calls,
    throttled: total.throttled,
    failed: total.failed,
    callsByService: Object.fromEntries(services.map(([k, v]) => [k, v.calls])),
    peakRssMb: mb(peak.rss),
    maxRssMb: Math.round(maxRssMb),
    peakHeapUsedMb: mb(peak.heapUsed),
    cpuS: Number(s((cpu.user + cpu.system) / 1000)),
    eventLoopUtilization: Number(elu.utilization.toFixed(2)),
    sandboxCpuS: Number(s(counted.cpuUserMs + counted.cpuSystemMs)),
    phasesS: Object.fromEntries(
      Object.entries({ ...phases, evalComputeMs }).map(([k, v]) => [
        k.replace(/Ms$/, ''),
        Number(s(v)),
      ]),
    ),
  };
  out();
  out(JSON.stringify(summary));

  clients.destroy();
  await host.ask({ type: 'close' }, 'closed').catch(() => host.child.kill());
  // After a timeout the scan is still running; closing the database under it
  // makes it fail, which is fine: the process exits next.
  await db.close().catch(() => {});
  return timedOut ? 3 : 0;
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(`bench/scan: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
