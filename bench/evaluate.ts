/*
 * Where evaluation spends its time and memory: re-judges the facts of an
 * earlier scan (a SQLite file kept with `bench/scan.ts --db-file FILE`),
 * check by check. Prints figures; not a test.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/evaluate.ts \
 *     --db-file FILE [--sample N] [--hub collected,segmented,flat]
 *
 * --sample N judges N accounts spread evenly over the organisation (the VPC
 * index is still built from every account), for organisations whose full
 * evaluation does not fit in memory.
 *
 * --hub says whose route tables the transit gateways have, one evaluation
 * each: `collected`, those in the facts; `segmented` and `flat`, tables
 * generated for every gateway whose owner is in the facts, from the
 * attachments the organisation's accounts report (see `hubGateway` in
 * src/evaluate/fixtures.ts), replacing the collected ones.
 */
import type {
  AccountFacts,
  CheckContext,
  Environment,
  TransitGatewayAttachment,
  TransitGatewayFacts,
} from '@internal/plugin-landing-zone-common';
import type { GuardrailResult } from '../plugins/landing-zone-backend/src/store/types';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import {
  buildTransitGatewayIndex,
  defaultChecks,
} from '../plugins/landing-zone-backend/src/evaluate';
import {
  data,
  type HubShape,
  hubGateway,
} from '../plugins/landing-zone-backend/src/evaluate/fixtures';
import { postureRows } from '../plugins/landing-zone-backend/src/evaluate/rollup';
import { createLandingZoneStore } from '../plugins/landing-zone-backend/src/store/LandingZoneStore';

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function heap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

function out(text = '') {
  process.stdout.write(`${text}\n`);
}

/**
 * Gives every gateway owner among `accounts` route tables of `shape` for the
 * attachments the accounts report, in place of the collected ones.
 */
function generateRouteTables(accounts: AccountFacts[], shape: HubShape) {
  const byId = new Map(accounts.map(a => [a.account.id, a]));
  const gateways = new Map<
    string,
    {
      ownerId: string;
      region: string;
      members: {
        attachment: TransitGatewayAttachment;
        environment: Environment;
      }[];
    }
  >();
  // An owner lists its gateways' attachments too: each is kept once, with
  // the environment of the account whose VPC it attaches.
  const seen = new Set<string>();
  for (const account of accounts) {
    for (const [region, facts] of Object.entries(account.regions ?? {})) {
      for (const attachment of facts.transitGatewayAttachments.data ?? []) {
        if (seen.has(attachment.attachmentId)) continue;
        seen.add(attachment.attachmentId);
        const ownerId = attachment.transitGatewayOwnerId ?? account.account.id;
        const gateway = gateways.get(attachment.transitGatewayId) ?? {
          ownerId,
          region,
          members: [],
        };
        const resourceOwner = byId.get(attachment.resourceOwnerId ?? '');
        gateway.members.push({
          attachment,
          environment: (resourceOwner ?? account).account.environment,
        });
        gateways.set(attachment.transitGatewayId, gateway);
      }
    }
  }
  const owned = new Map<string, TransitGatewayFacts[]>();
  for (const [transitGatewayId, gateway] of gateways) {
    if (!byId.get(gateway.ownerId)?.regions?.[gateway.region]) continue;
    const key = `${gateway.ownerId}|${gateway.region}`;
    owned.set(key, [
      ...(owned.get(key) ?? []),
      hubGateway(transitGatewayId, gateway.ownerId, gateway.members, shape),
    ]);
  }
  for (const account of accounts) {
    for (const [region, facts] of Object.entries(account.regions ?? {})) {
      facts.transitGateways = data(
        owned.get(`${account.account.id}|${region}`) ?? [],
      );
    }
  }
  return gateways.size;
}

async function main() {
  const { values } = parseArgs({
    options: {
      'db-file': { type: 'string' },
      sample: { type: 'string' },
      hub: { type: 'string', default: 'collected,segmented,flat' },
    },
  });
  const shapes = values.hub.split(',');
  for (const shape of shapes) {
    if (!['collected', 'segmented', 'flat'].includes(shape)) {
      throw new Error(
        `--hub takes collected, segmented and flat, not ${shape}`,
      );
    }
  }
  const file = values['db-file'];
  if (!file || !existsSync(file)) throw new Error('--db-file FILE is required');
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  const store = await createLandingZoneStore({
    database: { getClient: async () => knex, migrations: { skip: true } },
  } as Parameters<typeof createLandingZoneStore>[0]);
  const regions: string[] = (
    await knex('lz_facts').distinct('region').whereNot('region', 'global')
  ).map((r: { region: string }) => r.region);

  out(`# evaluate benchmark ${new Date().toISOString()} ${file}`);
  if (!(globalThis as { gc?: unknown }).gc) {
    out('# heap figures without --expose-gc include garbage');
  }
  const base = heap();
  let t = performance.now();
  const organization = (await store.organization.get())!;
  const accounts = await store.facts.load();
  const loadMs = performance.now() - t;
  const afterLoad = heap();
  t = performance.now();
  // As the scanner does: the index comes from the VPC table.
  const vpcs = await store.vpcs.index();
  const indexMs = performance.now() - t;
  const afterIndex = heap();
  out(
    `loadAccountFacts: ${accounts.length} accounts in ${(loadMs / 1000).toFixed(
      1,
    )} s, heap +${mb(afterLoad - base)} MB`,
  );
  out(
    `loadVpcIndex: ${vpcs.size} VPCs in ${(indexMs / 1000).toFixed(
      2,
    )} s, heap +${mb(afterIndex - afterLoad)} MB`,
  );

  const active = accounts.filter(a => a.account.status === 'ACTIVE');
  // Every account's environment, read or not: what the network checks judge
  // a VPC the index lacks by.
  const accountEnvironments = new Map(
    accounts.map(a => [a.account.id, a.account.environment]),
  );
  const sample = values.sample ? Number(values.sample) : active.length;
  const step = active.length / Math.min(sample, active.length);
  const judged = Array.from(
    { length: Math.min(sample, active.length) },
    (_, i) => active[Math.floor(i * step)],
  );

  type Figure = {
    ms: number;
    evidence: number;
    bytes: number;
    maxEvidence: number;
    statuses: Record<string, number>;
  };
  const summaries: unknown[] = [];
  for (const shape of shapes) {
    const generated =
      shape === 'collected'
        ? undefined
        : generateRouteTables(accounts, shape as HubShape);
    t = performance.now();
    const transitGateways = buildTransitGatewayIndex(
      accounts.map(account => ({
        accountId: account.account.id,
        access: account.access,
        regions: account.regions,
      })),
    );
    const gatewayIndexMs = performance.now() - t;
    const figures = new Map<string, Figure>();
    const results: GuardrailResult[] = [];
    const now = new Date().toISOString();
    const beforeChecks = heap();
    t = performance.now();
    for (const account of judged) {
      const context: CheckContext = {
        account,
        organization,
        allowedRegions: regions,
        vpcs,
        transitGateways,
        accountEnvironments,
      };
      for (const check of defaultChecks) {
        const started = performance.now();
        const verdict = check.evaluate(context);
        const ms = performance.now() - started;
        const figure = figures.get(check.definition.id) ?? {
          ms: 0,
          evidence: 0,
          bytes: 0,
          maxEvidence: 0,
          statuses: {},
        };
        figure.ms += ms;
        figure.evidence += verdict.evidence.length;
        figure.maxEvidence = Math.max(
          figure.maxEvidence,
          verdict.evidence.length,
        );
        figure.statuses[verdict.status] =
          (figure.statuses[verdict.status] ?? 0) + 1;
        // What the result store writes for it.
        figure.bytes += JSON.stringify(verdict.evidence).length;
        figures.set(check.definition.id, figure);
        results.push({
          accountId: account.account.id,
          checkId: check.definition.id,
          evaluatedAt: now,
          ...verdict,
        });
      }
    }
    const checksMs = performance.now() - t;
    const afterChecks = heap();
    t = performance.now();
    postureRows(
      organization.rootId,
      accounts.map(a => a.account),
      results,
    );
    const postureMs = performance.now() - t;

    out();
    out(
      `## route tables: ${shape}${
        generated === undefined ? '' : ` (generated for ${generated} gateways)`
      }; transit gateway index: ${
        transitGateways.size
      } gateways in ${gatewayIndexMs.toFixed(0)} ms`,
    );
    out(
      `checks: ${judged.length} of ${active.length} active accounts in ${(
        checksMs / 1000
      ).toFixed(1)} s, results heap +${mb(
        afterChecks - beforeChecks,
      )} MB; postureRows ${(postureMs / 1000).toFixed(2)} s`,
    );
    out();
    const rows = [...figures].sort((a, b) => b[1].ms - a[1].ms);
    out(
      'check                              ms/account  evidence/account  max evidence  evidence KB/account  pass/fail/unknown',
    );
    for (const [id, f] of rows) {
      const statuses = ['pass', 'fail', 'unknown']
        .map(status => f.statuses[status] ?? 0)
        .join('/');
      out(
        `${id.padEnd(34)} ${(f.ms / judged.length).toFixed(2).padStart(10)}  ${(
          f.evidence / judged.length
        )
          .toFixed(1)
          .padStart(16)}  ${String(f.maxEvidence).padStart(12)}  ${(
          f.bytes /
          judged.length /
          1024
        )
          .toFixed(1)
          .padStart(19)}  ${statuses.padStart(17)}`,
      );
    }
    summaries.push({
      hub: shape,
      gateways: transitGateways.size,
      checksS: Number((checksMs / 1000).toFixed(1)),
      resultsHeapMb: mb(afterChecks - beforeChecks),
      perCheck: Object.fromEntries(
        rows.map(([id, f]) => [
          id,
          {
            msPerAccount: Number((f.ms / judged.length).toFixed(2)),
            evidencePerAccount: Number((f.evidence / judged.length).toFixed(1)),
            kbPerAccount: Number((f.bytes / judged.length / 1024).toFixed(1)),
            statuses: f.statuses,
          },
        ]),
      ),
    });
  }
  out();
  out(
    JSON.stringify({
      bench: 'evaluate',
      accounts: accounts.length,
      judged: judged.length,
      vpcs: vpcs.size,
      loadS: Number((loadMs / 1000).toFixed(1)),
      heapMb: {
        facts: mb(afterLoad - base),
        index: mb(afterIndex - afterLoad),
      },
      hubs: summaries,
    }),
  );
  await knex.destroy();
}

main().catch(error => {
  process.stderr.write(`bench/evaluate: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
