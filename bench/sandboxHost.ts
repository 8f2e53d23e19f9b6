/*
 * The sandbox in its own process, so the benchmark measures the backend's
 * memory and CPU alone. Driven by bench/scan.ts over the fork IPC channel.
 *
 * Besides the sandbox's own counters (per service and operation) it tallies
 * calls per token bucket, calling account and region, which the rate-limit
 * floor needs and GET /_sandbox/counters does not break down. It does so by
 * wrapping FaultInjector.decide, the one place every AWS call passes with its
 * service, operation, caller and region resolved.
 */
import {
  generateOrganization,
  startSandbox,
  type Counters,
  type FaultConfig,
  type Sandbox,
} from '@internal/sandbox';
import { FaultInjector } from '../packages/sandbox/src/faults/FaultInjector';
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
      cpuUserMs: number;
      cpuSystemMs: number;
      maxRssMb: number;
    }
  | { type: 'reset' }
  | { type: 'closed' }
  | { type: 'error'; message: string };

type Tally = { admitted: number; throttled: number };

let sandbox: Sandbox | undefined;
let floorLimits: Record<string, Bucket> = {};
// bucket key → "account|region" → tally
const tallies = new Map<string, Map<string, Tally>>();

const decide = FaultInjector.prototype.decide;
FaultInjector.prototype.decide = function tallied(
  this: FaultInjector,
  service: string,
  operation: string,
  accountId: string,
  region: string,
) {
  const verdict = decide.call(this, service, operation, accountId, region);
  const key = bucketKeyOf(floorLimits, service, operation);
  let byCaller = tallies.get(key);
  if (!byCaller) tallies.set(key, (byCaller = new Map()));
  const caller = `${accountId}|${region}`;
  let tally = byCaller.get(caller);
  if (!tally) byCaller.set(caller, (tally = { admitted: 0, throttled: 0 }));
  if (verdict === 'throttle') tally.throttled++;
  else tally.admitted++;
  return verdict;
};

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
      reply({
        type: 'ready',
        url: sandbox.url,
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
