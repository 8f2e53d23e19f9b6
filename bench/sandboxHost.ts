/*
 * The sandbox in its own process, so the benchmark measures the backend's
 * memory and CPU alone. Driven by bench/scan.ts over the fork IPC channel.
 *
 * Besides the sandbox's own counters (per service and operation) it tallies
 * calls per token bucket, calling account and region, which the rate-limit
 * floor needs and GET /_sandbox/counters does not break down. The bench uses
 * only the sandbox's public entry point, so the tally is taken on the wire:
 * the backend talks to a small proxy here that forwards every call to the
 * sandbox and reads from it what AWS's own protocols carry: the access key,
 * region and service in the SigV4 credential scope, the operation in
 * X-Amz-Target or the query protocols' Action, a throttling error in the
 * answer. Assumed sessions' keys are mapped to their accounts from the
 * AssumeRole calls that issued them. The proxy's CPU counts as the sandbox's.
 */
import {
  generateOrganization,
  MANAGEMENT_CREDENTIALS,
  startSandbox,
  type Counters,
  type FaultConfig,
  type Sandbox,
} from '@internal/sandbox';
import {
  Agent,
  createServer,
  request as forward,
  type IncomingMessage,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { bucketKeyOf, type Bucket } from './rateLimits';

export type HostRequest =
  | {
      type: 'start';
      accounts: number;
      regions: number;
      seed: number;
      faults: FaultConfig;
      /** The rate table the floor is computed with (also when no limits are enforced). */
      floorLimits: Record<string, Bucket>;
    }
  | { type: 'counters' }
  /** Zeroes the counters and tallies (the buckets keep their tokens). */
  | { type: 'reset' }
  | { type: 'close' };

export type BucketTally = {
  key: string;
  admitted: number;
  throttled: number;
  /** Distinct (account, region) pairs that called this bucket. */
  accountRegions: number;
  busiest: { accountId: string; region: string; admitted: number };
};

/**
 * How long the rate limits keep member accounts waiting: an account-region
 * that makes N calls on a bucket of burst B and rate R waits at least
 * (N − B) / R seconds for it; an account's regions and buckets are read in
 * parallel, so the account waits at least its largest such wait.
 */
export type AccountWaits = {
  /** Σ over member accounts of the account's largest wait. */
  totalS: number;
  /** Per bucket: Σ over member accounts of that bucket's largest wait in the account. */
  byBucketS: Record<string, number>;
  /** Member accounts that wait at all. */
  waitingAccounts: number;
};

export type HostReply =
  | {
      type: 'ready';
      url: string;
      regions: string[];
      accounts: number;
      activeAccounts: number;
      managementAccountId: string;
      credentials: { accessKeyId: string; secretAccessKey: string };
      generateMs: number;
    }
  | {
      type: 'counters';
      counters: Counters;
      buckets: BucketTally[];
      accountWaits: AccountWaits;
      cpuUserMs: number;
      cpuSystemMs: number;
      maxRssMb: number;
    }
  | { type: 'reset' }
  | { type: 'closed' }
  | { type: 'error'; message: string };

type Tally = { admitted: number; throttled: number };

let sandbox: Sandbox | undefined;
let proxy: Server | undefined;
let managementAccountId = '';
let floorLimits: Record<string, Bucket> = {};
// bucket key → "account|region" → tally
const tallies = new Map<string, Map<string, Tally>>();
// Access key of an assumed session → its account, from AssumeRole's answers.
const accountOfKey = new Map<string, string>();

function tally(
  service: string,
  operation: string,
  accountId: string,
  region: string,
  throttled: boolean,
) {
  const key = bucketKeyOf(floorLimits, service, operation);
  let byCaller = tallies.get(key);
  if (!byCaller) tallies.set(key, (byCaller = new Map()));
  const caller = `${accountId}|${region}`;
  let entry = byCaller.get(caller);
  if (!entry) byCaller.set(caller, (entry = { admitted: 0, throttled: 0 }));
  if (throttled) entry.throttled++;
  else entry.admitted++;
}

/**
 * The sandbox's service name of a call: its SigV4 signing name, but for S3
 * Control, which signs as `s3` too and is told apart by its path
 * (`/v20180820/…`, S3 Control's API version).
 */
function serviceOf(signingName: string, path: string): string {
  if (signingName === 's3' && path.startsWith('/v20180820/')) {
    return 's3control';
  }
  return signingName;
}
const THROTTLED =
  /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown|Rate exceeded/;

/** Who calls what, as the request says it: access key, region, service, operation. */
function identify(request: IncomingMessage, body: Buffer) {
  const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\//.exec(
    request.headers.authorization ?? '',
  );
  if (!scope) return undefined;
  const [, accessKeyId, region, signingName] = scope;
  const target = request.headers['x-amz-target'];
  const form =
    !target && request.method === 'POST'
      ? new URLSearchParams(String(body))
      : undefined;
  const operation =
    (typeof target === 'string' && target.split('.').pop()) ||
    form?.get('Action') ||
    `${request.method} ${request.url?.split('?')[0]}`;
  return {
    accessKeyId,
    region,
    service: serviceOf(signingName, request.url ?? ''),
    operation,
    roleArn: form?.get('RoleArn') ?? undefined,
  };
}

function accountOf(accessKeyId: string): string {
  if (accessKeyId === MANAGEMENT_CREDENTIALS.accessKeyId) {
    return managementAccountId;
  }
  // A key never seen issued (none should be) is tallied under itself.
  return accountOfKey.get(accessKeyId) ?? accessKeyId;
}

/** Forwards every call to the sandbox, tallying it on the way back. */
async function startProxy(
  target: URL,
): Promise<{ server: Server; url: string }> {
  const upstream = new Agent({ keepAlive: true });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const call = identify(request, body);
      const out = forward(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
          agent: upstream,
        },
        answer => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          const status = answer.statusCode ?? 0;
          // Only errors and AssumeRole's answers are read; the rest streams.
          const read = call && (status >= 400 || call.roleArn);
          if (!read) {
            if (call) {
              tally(
                call.service,
                call.operation,
                accountOf(call.accessKeyId),
                call.region,
                false,
              );
            }
            answer.pipe(response);
            return;
          }
          const parts: Buffer[] = [];
          answer.on('data', chunk => {
            parts.push(chunk);
            response.write(chunk);
          });
          answer.on('end', () => {
            response.end();
            const text = String(Buffer.concat(parts));
            const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text);
            if (status < 400 && key && call.roleArn) {
              accountOfKey.set(key[1], call.roleArn.split(':')[4]);
            }
            tally(
              call.service,
              call.operation,
              accountOf(call.accessKeyId),
              call.region,
              status >= 400 &&
                THROTTLED.test(
                  `${answer.headers['x-amzn-errortype'] ?? ''} ${text}`,
                ),
            );
          });
        },
      );
      out.on('error', () => response.destroy());
      // A caller that gives up (timeout, abort) ends the forwarded call too.
      response.on('close', () => {
        if (!response.writableFinished) out.destroy();
      });
      out.end(body);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

function summarize(): BucketTally[] {
  return [...tallies].map(([key, byCaller]) => {
    let admitted = 0;
    let throttled = 0;
    let busiest = { accountId: '', region: '', admitted: -1 };
    for (const [caller, tally] of byCaller) {
      admitted += tally.admitted;
      throttled += tally.throttled;
      if (tally.admitted > busiest.admitted) {
        const [accountId, region] = caller.split('|');
        busiest = { accountId, region, admitted: tally.admitted };
      }
    }
    return { key, admitted, throttled, accountRegions: byCaller.size, busiest };
  });
}

function accountWaits(): AccountWaits {
  // account → its largest wait; bucket → account → that bucket's largest wait
  const largest = new Map<string, number>();
  const byBucket = new Map<string, Map<string, number>>();
  for (const [key, byCaller] of tallies) {
    const limit = floorLimits[key];
    if (!limit) continue;
    for (const [caller, { admitted }] of byCaller) {
      const [accountId] = caller.split('|');
      // The management account's buckets are the floor's (Organizations, STS).
      if (accountId === managementAccountId) continue;
      const wait = Math.max(0, admitted - limit.burst) / limit.rate;
      if (wait <= 0) continue;
      largest.set(accountId, Math.max(largest.get(accountId) ?? 0, wait));
      let accounts = byBucket.get(key);
      if (!accounts) byBucket.set(key, (accounts = new Map()));
      accounts.set(accountId, Math.max(accounts.get(accountId) ?? 0, wait));
    }
  }
  const sum = (values: Iterable<number>) =>
    [...values].reduce((total, v) => total + v, 0);
  return {
    totalS: sum(largest.values()),
    byBucketS: Object.fromEntries(
      [...byBucket].map(([key, accounts]) => [key, sum(accounts.values())]),
    ),
    waitingAccounts: largest.size,
  };
}

function reply(message: HostReply) {
  process.send!(message);
}

async function handle(request: HostRequest): Promise<void> {
  switch (request.type) {
    case 'start': {
      floorLimits = request.floorLimits;
      const started = performance.now();
      const org = generateOrganization({
        accounts: request.accounts,
        regions: request.regions,
        seed: request.seed,
      });
      const generateMs = performance.now() - started;
      sandbox = await startSandbox({ org, port: 0, faults: request.faults });
      managementAccountId = org.managementAccountId;
      const listening = await startProxy(new URL(sandbox.url));
      proxy = listening.server;
      reply({
        type: 'ready',
        url: listening.url,
        regions: org.regions,
        accounts: org.accounts.length,
        activeAccounts: org.accounts.filter(a => a.status === 'ACTIVE').length,
        managementAccountId: org.managementAccountId,
        credentials: sandbox.managementCredentials,
        generateMs,
      });
      return;
    }
    case 'counters': {
      const cpu = process.cpuUsage();
      reply({
        type: 'counters',
        counters: sandbox!.counters(),
        buckets: summarize(),
        accountWaits: accountWaits(),
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
        maxRssMb: process.resourceUsage().maxRSS / 1024,
      });
      return;
    }
    case 'reset':
      sandbox!.resetCounters();
      tallies.clear();
      reply({ type: 'reset' });
      return;
    case 'close':
      proxy?.closeAllConnections();
      await new Promise(resolve =>
        proxy ? proxy.close(resolve) : resolve(undefined),
      );
      await sandbox?.close();
      reply({ type: 'closed' });
      process.disconnect?.();
      return;
    default:
      throw new Error(`unknown request ${JSON.stringify(request)}`);
  }
}

process.on('message', (request: HostRequest) => {
  handle(request).catch(error =>
    reply({ type: 'error', message: (error as Error).stack ?? String(error) }),
  );
});
// The parent going away (killed, crashed) must not leave the sandbox running.
process.on('disconnect', () => process.exit(0));
