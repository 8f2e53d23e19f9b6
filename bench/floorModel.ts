/*
 * Issue 13's calls at any size without running the scan: generates the
 * organisation as bench/scan.ts does (same generator, seed and regions),
 * counts the calls the collector makes for each new fact in every
 * account-region from the generated resources and page sizes, and prints each
 * bucket's floor term (busiest caller's calls ÷ rate) and the member accounts'
 * waits ((calls − burst) ÷ rate, the largest per account, summed). See
 * bench/README.md, "Issue 13".
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/floorModel.ts \
 *     [--accounts 5000] [--regions 4] [--seed 1] [--concurrency 8]
 *
 * It models the collector (plugins/landing-zone-backend/src/collect): a
 * change there must be made here too. bench/scan.ts at 200 × 4 measured the
 * same call counts per service as this model gives at that size.
 */
import { generateOrganization } from '@internal/sandbox';
import { parseArgs } from 'node:util';
import { PAGE_SIZE } from '../plugins/landing-zone-backend/src/collect/pageSizes';
import { table } from './format';
import { rateLimitFaults } from './rateLimits';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '5000' },
    regions: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
  },
});
const concurrency = Number(values.concurrency);
const org = generateOrganization({
  accounts: Number(values.accounts),
  regions: Number(values.regions),
  seed: Number(values.seed),
});
const limits = rateLimitFaults();

// bucket key → "account|region" → calls
const calls = new Map<string, Map<string, number>>();
function add(key: string, accountId: string, region: string, n: number) {
  if (n <= 0) return;
  let byCaller = calls.get(key);
  if (!byCaller) calls.set(key, (byCaller = new Map()));
  const caller = `${accountId}|${region}`;
  byCaller.set(caller, (byCaller.get(caller) ?? 0) + n);
}
/** Calls to list `n` items at `size` a page: one at least. */
const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

const read = org.accounts.filter(
  a => a.status === 'ACTIVE' && !a.denyAssumeRole,
);
for (const account of read) {
  const id = account.id;
  for (const region of org.regions) {
    const r = account.regions[region];
    if (!r) continue;
    const vpcs = r.vpcs;
    add(
      'ec2:DescribeNetworkAcls',
      id,
      region,
      pages(vpcs.flatMap(v => v.networkAcls).length, PAGE_SIZE.ec2RouteTables),
    );
    add(
      'ec2:DescribeSecurityGroups',
      id,
      region,
      pages(vpcs.flatMap(v => v.securityGroups).length, PAGE_SIZE.ec2),
    );
    add(
      'ec2:DescribeInstances',
      id,
      region,
      pages(
        r.instances.filter(i => i.state === 'running').length,
        PAGE_SIZE.ec2,
      ),
    );
    add(
      'elasticloadbalancing',
      id,
      region,
      pages(r.loadBalancers.length, PAGE_SIZE.elbv2),
    );
    // One web ACL read per internet-facing Application Load Balancer.
    add(
      'wafv2:GetWebACLForResource',
      id,
      region,
      r.loadBalancers.filter(
        lb => lb.type === 'application' && lb.scheme === 'internet-facing',
      ).length,
    );
    add(
      'rds',
      id,
      region,
      pages(r.rds.instances.length, PAGE_SIZE.rds) +
        pages(r.rds.clusters.length, PAGE_SIZE.rds),
    );
    add(
      'elasticache',
      id,
      region,
      pages(r.replicationGroups.length, PAGE_SIZE.elasticache),
    );
    // Groups and scheduled actions listed, one refresh read per group.
    const groups = r.autoScalingGroups;
    add(
      'autoscaling',
      id,
      region,
      pages(groups.length, PAGE_SIZE.autoscaling) +
        pages(
          groups.flatMap(g => g.scheduledActions).length,
          PAGE_SIZE.autoscaling,
        ) +
        groups.length,
    );
    add('macie2', id, region, 1);
    // Each distinct key the region's stores and buckets name, once.
    const buckets = account.buckets.filter(b => b.region === region);
    const keys = new Set(
      [
        ...r.rds.instances.map(i => i.kmsKeyId),
        ...r.rds.clusters.map(c => c.kmsKeyId),
        ...r.replicationGroups.map(g => g.kmsKeyId),
        ...buckets.map(b => b.encryption?.kmsMasterKeyId),
      ].filter(Boolean),
    );
    add('kms:DescribeKey', id, region, keys.size);
    // Each bucket's encryption in its region; the list in the first region.
    add(
      's3',
      id,
      region,
      buckets.length +
        (region === org.regions[0]
          ? pages(account.buckets.length, PAGE_SIZE.s3)
          : 0),
    );
  }
  add(
    'cloudfront',
    id,
    'us-east-1',
    pages(account.distributions.length, PAGE_SIZE.cloudfront),
  );
  // iam:ListRoles only: the IAM bucket's other calls predate issue 13.
  add(
    'iam:ListRoles',
    id,
    'us-east-1',
    pages(account.iam.roles.length, PAGE_SIZE.iam),
  );
}

const rows: (string | number)[][] = [
  [
    'bucket',
    'rate/burst',
    'calls',
    'busiest caller',
    'floor term s',
    'Σ account waits s',
    `÷ ${concurrency} s`,
  ],
];
for (const [key, byCaller] of [...calls].sort(([a], [b]) =>
  a.localeCompare(b),
)) {
  // ListRoles draws from the IAM bucket.
  const limit = limits[key] ?? limits[key.split(':')[0]];
  let all = 0;
  let busiest = 0;
  const waits = new Map<string, number>();
  for (const [caller, n] of byCaller) {
    all += n;
    busiest = Math.max(busiest, n);
    const accountId = caller.split('|')[0];
    const wait = Math.max(0, n - limit.burst) / limit.rate;
    waits.set(accountId, Math.max(waits.get(accountId) ?? 0, wait));
  }
  const waited = [...waits.values()].reduce((s, w) => s + w, 0);
  rows.push([
    key,
    `${limit.rate}/${limit.burst}`,
    all,
    busiest,
    Number((busiest / limit.rate).toFixed(2)),
    Number(waited.toFixed(1)),
    Number((waited / concurrency).toFixed(1)),
  ]);
}
process.stdout.write(
  `# issue 13's calls, ${org.accounts.length} accounts (${
    read.length
  } read) × ${org.regions.length} regions, seed ${values.seed}\n${table(
    rows,
  )}\n`,
);
