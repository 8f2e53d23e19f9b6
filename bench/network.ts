/*
 * What the cross-account network checks cost per account as the organisation
 * grows: builds synthetic facts, a VPC index and a transit gateway index
 * shaped like the generated organisation, at several sizes and hub shapes,
 * and times network-prod-isolation and network-no-overlapping-cidrs on a
 * sample of accounts. Prints figures; not a test. No scan or database is
 * needed.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/network.ts \
 *     [--vpcs 5800,19000,29000] [--sample 300] [--vpcs-per-region 3] \
 *     [--hub segmented,flat]
 *
 * The shape follows packages/sandbox/src/org/generate.ts: a network-hub
 * account (environment unknown) owns one transit gateway per region, the
 * shared hub; workload accounts (30 % prod, 50 % non-prod, 17 % sandbox, 3 %
 * suspended) have VPCs in 2–4 of 4 regions, and every non-sandbox, active VPC
 * attaches to its region's hub. The generator gives each account-region one
 * VPC; the default here is 3, which puts the per-account cost where the
 * issue measured it, and `--vpcs-per-region 1` is the generator's shape. About 1 % of accounts peer a prod VPC with a
 * non-prod one, and 1 % reuse an earlier VPC's CIDR and peer with it, as the
 * generator's faults do; both sides of such a peering route the other's block
 * through it. The figures are seeded, so two runs judge the same facts; the
 * digest line lets runs on different commits confirm that they produced the
 * same verdicts.
 *
 * The hub's route tables (`--hub`): `segmented`, the usual landing zone, has a
 * prod table (prod VPCs associated; prod and the hub's VPC propagate), a
 * non-prod table (likewise) and a shared table (the hub's VPC associated;
 * every VPC propagates); `flat` has one table every VPC is associated with
 * and propagates into, so every workload reaches every other. The first call
 * derives the route views of the gateways it meets; "index ms" is building
 * the VPC and transit gateway indexes.
 */
import type {
  AccountFacts,
  CheckContext,
  Environment,
  GuardrailCheck,
  RegionFacts,
  VpcPeering,
} from '@internal/plugin-landing-zone-common';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  data,
  type HubShape,
  hubGateway,
  makeAccount,
  makeOrganization,
  makeRegion,
  makeVpc,
} from '../plugins/landing-zone-backend/src/evaluate/fixtures';
import {
  networkNoOverlappingCidrsCheck,
  networkProdIsolationCheck,
} from '../plugins/landing-zone-backend/src/evaluate/checks/network';
import { buildTransitGatewayIndex } from '../plugins/landing-zone-backend/src/evaluate/transitGatewayIndex';
import { buildVpcIndex } from '../plugins/landing-zone-backend/src/evaluate/vpcIndex';

const regions = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2'];
const hubAccountId = '100000000003';

function out(text = '') {
  process.stdout.write(`${text}\n`);
}

/** A linear congruential generator: the same seed, the same organisation. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

type Organisation = {
  accounts: AccountFacts[];
  /** Accounts the scanner judges: active, with readable facts. */
  active: AccountFacts[];
};

function generate(
  targetVpcs: number,
  vpcsPerRegion: number,
  shape: HubShape,
): Organisation {
  const random = createRandom(1);
  let nextBlock = 0;
  // /24 blocks from 10.0.0.0/8, as the generator hands out above 4,000 VPCs.
  const nextCidr = () => {
    const n = nextBlock++;
    if (n >= 2 ** 16) throw new RangeError('10.0.0.0/8 is exhausted');
    return `10.${n >> 8}.${n & 255}.0/24`;
  };
  const accounts: AccountFacts[] = [];
  const active: AccountFacts[] = [];
  let vpcCount = 0;

  const hub = makeAccount({ id: hubAccountId, environment: 'unknown' });
  hub.regions = {};
  for (const region of regions) {
    const vpc = makeVpc(`vpc-hub-${region}`, nextCidr());
    hub.regions[region] = makeRegion([vpc]);
    attach(hub.regions[region], vpc.vpcId, hubAccountId, region);
    vpcCount++;
  }
  accounts.push(hub);

  // The last VPC seen per environment and region: partners for the peering faults.
  const last = new Map<
    string,
    { account: AccountFacts; vpcId: string; cidr: string }
  >();
  for (let i = 0; vpcCount < targetVpcs; i++) {
    const id = String(200000000000 + i);
    const roll = random();
    let environment: Environment = 'non-prod';
    if (roll < 0.3) environment = 'prod';
    const sandbox = roll >= 0.8 && roll < 0.97;
    const suspended = roll >= 0.97;
    const count = 2 + Math.floor(random() * (regions.length - 1));
    const chosen = [...regions].sort(() => random() - 0.5).slice(0, count);
    const account = makeAccount({ id, environment });
    if (suspended) account.account.status = 'SUSPENDED';
    account.regions = {};
    for (const region of regions) {
      account.regions[region] = makeRegion();
    }
    for (const region of chosen) {
      const facts = account.regions[region];
      const vpcs = Array.from({ length: vpcsPerRegion }, (_, v) =>
        makeVpc(`vpc-${id}-${region}-${v}`, nextCidr()),
      );
      facts.vpcs = data(vpcs);
      vpcCount += vpcs.length;
      if (!sandbox && !suspended) {
        for (const vpc of vpcs) attach(facts, vpc.vpcId, id, region);
      }
    }
    const region = chosen[0];
    const first = account.regions[region].vpcs.data![0];
    const fault = random();
    if (!suspended && fault < 0.01 && environment === 'prod') {
      const partner = last.get(`non-prod|${region}`);
      if (partner) peer(region, [account, first.vpcId], partner);
    } else if (!suspended && fault < 0.02) {
      const partner = last.get(`${environment}|${region}`);
      if (partner) {
        first.cidrs = [partner.cidr];
        peer(region, [account, first.vpcId], partner);
      }
    }
    last.set(`${environment}|${region}`, {
      account,
      vpcId: first.vpcId,
      cidr: first.cidrs[0],
    });
    accounts.push(account);
    if (!suspended) active.push(account);
  }
  for (const region of regions) {
    addHubRouteTables(hub, region, accounts, shape);
  }
  return { accounts, active };
}

/** The hub's gateway in `region` as its owner reads it, with `shape`'s tables. */
function addHubRouteTables(
  hub: AccountFacts,
  region: string,
  accounts: AccountFacts[],
  shape: HubShape,
) {
  const transitGatewayId = `tgw-hub-${region}`;
  const members = accounts.flatMap(account =>
    (account.regions![region].transitGatewayAttachments.data ?? [])
      .filter(a => a.transitGatewayId === transitGatewayId)
      .map(attachment => ({
        attachment,
        environment: account.account.environment,
      })),
  );
  hub.regions![region].transitGateways = data([
    hubGateway(transitGatewayId, hubAccountId, members, shape),
  ]);
}

function attach(
  facts: RegionFacts,
  vpcId: string,
  resourceOwnerId: string,
  region: string,
) {
  facts.transitGatewayAttachments = data([
    ...facts.transitGatewayAttachments.data!,
    {
      attachmentId: `tgw-attach-${vpcId}`,
      transitGatewayId: `tgw-hub-${region}`,
      transitGatewayOwnerId: hubAccountId,
      resourceType: 'vpc',
      resourceId: vpcId,
      resourceOwnerId,
      state: 'available',
    },
  ]);
}

function peer(
  region: string,
  [account, vpcId]: [AccountFacts, string],
  partner: { account: AccountFacts; vpcId: string },
) {
  const side = (facts: AccountFacts, id: string) => ({
    vpcId: id,
    accountId: facts.account.id,
    region,
    cidrs: facts.regions![region].vpcs.data!.find(v => v.vpcId === id)!.cidrs,
  });
  const link: VpcPeering = {
    peeringId: `pcx-${vpcId}`,
    status: 'active',
    requester: side(partner.account, partner.vpcId),
    accepter: side(account, vpcId),
  };
  const sides = [
    [account, vpcId, link.requester],
    [partner.account, partner.vpcId, link.accepter],
  ] as const;
  for (const [facts, ownId, far] of sides) {
    const regionFacts = facts.regions![region];
    regionFacts.peerings = data([...regionFacts.peerings.data!, link]);
    // Each side routes the other's block through the peering.
    const own = regionFacts.vpcs.data!.find(v => v.vpcId === ownId)!;
    own.routes = [
      ...(own.routes ?? []),
      ...far.cidrs.map(destination => ({
        routeTableId: `rtb-${ownId}`,
        destination,
        target: link.peeringId,
        state: 'active',
      })),
    ];
  }
}

const checks: GuardrailCheck[] = [
  networkProdIsolationCheck,
  networkNoOverlappingCidrsCheck,
];

function main() {
  const { values } = parseArgs({
    options: {
      vpcs: { type: 'string', default: '5800,19000,29000' },
      sample: { type: 'string', default: '300' },
      'vpcs-per-region': { type: 'string', default: '3' },
      hub: { type: 'string', default: 'segmented,flat' },
    },
  });
  const sizes = values.vpcs.split(',').map(Number);
  const sampleSize = Number(values.sample);
  const vpcsPerRegion = Number(values['vpcs-per-region']);
  const shapes = values.hub.split(',') as HubShape[];
  for (const shape of shapes) {
    if (shape !== 'segmented' && shape !== 'flat') {
      throw new Error(`--hub takes segmented and flat, not ${shape}`);
    }
  }
  const organization = makeOrganization();

  out(
    `# network checks benchmark ${new Date().toISOString()} node ${
      process.version
    }, ${vpcsPerRegion} VPC(s) per account-region, sample ${sampleSize}`,
  );
  out(
    'hub        VPCs    accounts  hub members  index ms  first pass ms  prod-isolation ms/account  overlapping-cidrs ms/account  both ms/account  evidence max  fail/unknown isolation  fail/unknown overlap  digest',
  );
  const rows: unknown[] = [];
  for (const shape of shapes) {
    for (const size of sizes) {
      const { accounts, active } = generate(size, vpcsPerRegion, shape);
      let started = performance.now();
      const vpcs = buildVpcIndex(accounts);
      const transitGateways = buildTransitGatewayIndex(
        accounts.map(account => ({
          accountId: account.account.id,
          access: account.access,
          regions: account.regions,
        })),
      );
      const indexMs = performance.now() - started;
      const hubMembers = [...vpcs.values()].filter(v =>
        v.transitGatewayIds?.includes(`tgw-hub-${regions[0]}`),
      ).length;
      const step = active.length / Math.min(sampleSize, active.length);
      const sample = Array.from(
        { length: Math.min(sampleSize, active.length) },
        (_, i) => active[Math.floor(i * step)],
      );
      const contextOf = (account: AccountFacts): CheckContext => ({
        account,
        organization,
        allowedRegions: regions,
        vpcs,
        transitGateways,
      });

      // The first pass derives whatever the checks keep per index (the
      // route views of each hub) and warms the JIT; then the timed one.
      started = performance.now();
      for (const account of sample) {
        for (const check of checks) check.evaluate(contextOf(account));
      }
      const firstPassMs = performance.now() - started;
      const ms = checks.map(() => 0);
      const outcomes = checks.map(() => ({ fail: 0, unknown: 0 }));
      const digest = createHash('sha256');
      let maxEvidence = 0;
      for (const account of sample) {
        checks.forEach((check, i) => {
          started = performance.now();
          const verdict = check.evaluate(contextOf(account));
          ms[i] += performance.now() - started;
          maxEvidence = Math.max(maxEvidence, verdict.evidence.length);
          if (verdict.status !== 'pass') outcomes[i][verdict.status]++;
          digest.update(JSON.stringify(verdict));
        });
      }
      const perAccount = ms.map(total => total / sample.length);
      const hex = digest.digest('hex').slice(0, 12);
      const outcome = (i: number) =>
        `${outcomes[i].fail}/${outcomes[i].unknown}`;
      out(
        `${shape.padEnd(9)}  ${String(vpcs.size).padEnd(7)} ${String(
          accounts.length,
        ).padStart(8)}  ${String(hubMembers).padStart(11)}  ${indexMs
          .toFixed(0)
          .padStart(8)}  ${firstPassMs.toFixed(0).padStart(13)}  ${perAccount[0]
          .toFixed(3)
          .padStart(25)}  ${perAccount[1].toFixed(3).padStart(29)}  ${(
          perAccount[0] + perAccount[1]
        )
          .toFixed(3)
          .padStart(15)}  ${String(maxEvidence).padStart(12)}  ${outcome(
          0,
        ).padStart(22)}  ${outcome(1).padStart(20)}  ${hex}`,
      );
      rows.push({
        hub: shape,
        vpcs: vpcs.size,
        accounts: accounts.length,
        hubMembers,
        judged: sample.length,
        indexMs: Number(indexMs.toFixed(0)),
        firstPassMs: Number(firstPassMs.toFixed(0)),
        msPerAccount: {
          [checks[0].definition.id]: Number(perAccount[0].toFixed(3)),
          [checks[1].definition.id]: Number(perAccount[1].toFixed(3)),
        },
        outcomes: {
          [checks[0].definition.id]: outcomes[0],
          [checks[1].definition.id]: outcomes[1],
        },
        maxEvidence,
        digest: hex,
      });
    }
  }
  out();
  out(JSON.stringify({ bench: 'network', vpcsPerRegion, rows }));
}

main();
