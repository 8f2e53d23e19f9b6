import { formatCidr } from './cidr';
import { createRandom, hashHex } from './ids';
import { resolveOrganization } from './resolve';
import type { AccountSpec, OrganizationSpec, RegionSpec } from './schema';
import type { Organization } from './types';

/**
 * Options of {@link generateOrganization}.
 *
 * @public
 */
export type GenerateOrganizationOptions = {
  /** Accounts in total, the management and core accounts included (at least 6). */
  accounts: number;
  /** How many operating regions (1–4, from eu-west-1, eu-central-1, us-east-1, us-west-2), or their names. */
  regions?: number | string[];
  /** Same seed, same organisation. Defaults to 1. */
  seed?: number;
  /** The fraction (0–1) of workload accounts given one deliberate fault. Defaults to 0.1. */
  nonCompliantFraction?: number;
};

/** The regions a generated organisation operates in, the first `regions` of them. */
export const GENERATOR_REGIONS = [
  'eu-west-1',
  'eu-central-1',
  'us-east-1',
  'us-west-2',
];
const TEAMS = [
  'team-payments',
  'team-cards',
  'team-ledger',
  'team-fraud',
  'team-identity',
  'team-data',
  'team-lending',
  'team-risk',
  'team-mobile',
  'team-web',
  'platform-team',
  'security-team',
];
// Where workload accounts land, as cumulative shares.
const PLACEMENT: { ou: string; environment: string; upTo: number }[] = [
  { ou: 'Workloads/Prod', environment: 'prod', upTo: 0.3 },
  { ou: 'Workloads/Staging', environment: 'staging', upTo: 0.55 },
  { ou: 'Workloads/QA', environment: 'qa', upTo: 0.8 },
  { ou: 'Sandbox', environment: 'sandbox', upTo: 0.97 },
  { ou: 'Suspended', environment: 'prod', upTo: 1 },
];
const FAULTS = [
  'guardduty-disabled',
  'guardduty-missing',
  'root-mfa-missing',
  'root-access-keys',
  'vpc-no-flow-logs',
  'vpc-missing-isolated',
  'assume-role-denied',
  'iam-user-key',
  's3-bpa-missing',
  'securityhub-off',
  'config-stopped',
  'ebs-off',
  'prod-qa-peering',
  'overlapping-peering',
  // Issue 12's guardrails.
  'root-virtual-mfa',
  'root-activity',
  'snapshot-unblocked',
  'imds-optional',
  'vpc-bpa-off',
  'shared-tgw-table',
  'one-sided-peering',
] as const;
// Issue 13's guardrails: drawn from their own PRNG (see ISSUE_13_SHARE), so
// the faults above keep their sequence.
export const ISSUE_13_FAULTS = [
  'nacl-default',
  'nacl-isolated-open',
  'sg-admin-open',
  'alb-no-waf',
  'cloudfront-no-waf',
  'rds-unencrypted',
  'rds-aws-key',
  'cache-no-transit',
  'old-instance',
  'asg-no-rotation',
  'iam-user-no-key',
  'role-outside-trust',
] as const;
// Only a data account can have these.
export const DATA_FAULTS = ['bucket-sse-s3', 'macie-paused'] as const;
/** The share of faulty accounts whose fault is one of issue 13's. */
const ISSUE_13_SHARE = 0.4;
// A Suspended OU's accounts are in one of AWS's non-active states.
const INACTIVE_STATES = [
  'SUSPENDED',
  'SUSPENDED',
  'PENDING_CLOSURE',
  'CLOSED',
] as const;
// Some names are not ASCII, as real organisations' are.
const NAME_PREFIXES = ['決済', 'données', 'café', '🚀', '分析基盤', 'señal'];

/**
 * What every generated account has unless it says otherwise: the landing
 * zone's roles, root MFA, S3 Block Public Access, the detective services on
 * and a three-tier VPC with flow logs. The account factory gives it to every
 * account it vends (./vend.ts).
 */
export const BASELINE_DEFAULTS: NonNullable<OrganizationSpec['defaults']> = {
  roles: [
    'OrganizationAccountAccessRole',
    'LandingZoneReadOnly',
    'LandingZoneAdmin',
  ],
  // Centralised root access: members have no root credentials (vend.ts keeps
  // them for an organisation without RootCredentialsManagement).
  rootCredentials: false,
  rootMfa: true,
  rootAccessKeys: false,
  s3PublicAccessBlock: {
    blockPublicAcls: true,
    ignorePublicAcls: true,
    blockPublicPolicy: true,
    restrictPublicBuckets: true,
  },
  region: {
    guardDuty: 'ENABLED',
    config: 'RECORDING',
    securityHub: true,
    securityHubStandards: ['fsbp'],
    accessAnalyzer: true,
    ebsEncryptionByDefault: true,
    vpcBlockPublicAccess: { mode: 'block-ingress', exclusionsAllowed: true },
    snapshotBlockPublicAccess: 'block-all-sharing',
    imageBlockPublicAccess: 'block-new-sharing',
    instanceMetadataDefaults: {
      httpTokens: 'required',
      httpPutResponseHopLimit: 2,
    },
  },
  vpc: {
    tiers: ['public', 'private', 'isolated'],
    azs: 2,
    flowLogs: true,
    transitGateway: true,
  },
};

/** The policies of the demo organisation (SCPs, RCPs, EC2 declarative policies), reused at any size. */
function baselinePolicies(
  regions: string[],
  organizationId: string,
): NonNullable<OrganizationSpec['policies']> {
  const statement = (s: Record<string, unknown>) => ({
    Version: '2012-10-17',
    Statement: [s],
  });
  return [
    {
      name: 'deny-leave-organization',
      description: 'Accounts cannot leave the organisation',
      targets: ['Root'],
      content: statement({
        Sid: 'DenyLeaveOrganization',
        Effect: 'Deny',
        Action: 'organizations:LeaveOrganization',
        Resource: '*',
      }),
    },
    {
      name: 'protect-security-services',
      description:
        'Nobody but the landing-zone admin role may switch off the security baseline',
      targets: ['Root'],
      content: statement({
        Sid: 'ProtectSecurityBaseline',
        Effect: 'Deny',
        Action: [
          'cloudtrail:StopLogging',
          'cloudtrail:DeleteTrail',
          'cloudtrail:UpdateTrail',
          'cloudtrail:PutEventSelectors',
          'guardduty:DeleteDetector',
          'guardduty:UpdateDetector',
          'guardduty:DisassociateFromAdministratorAccount',
          'guardduty:DisassociateFromMasterAccount',
          'config:StopConfigurationRecorder',
          'config:DeleteConfigurationRecorder',
          'config:DeleteDeliveryChannel',
          'securityhub:DisableSecurityHub',
          'securityhub:BatchDisableStandards',
          'securityhub:DeleteMembers',
          'securityhub:DisassociateFromAdministratorAccount',
          'securityhub:DisassociateFromMasterAccount',
          'access-analyzer:DeleteAnalyzer',
          'ec2:DisableEbsEncryptionByDefault',
        ],
        Resource: '*',
        Condition: {
          ArnNotLike: {
            'aws:PrincipalArn': ['arn:aws:iam::*:role/LandingZoneAdmin'],
          },
        },
      }),
    },
    {
      // Not on Sandbox, as in the demo organisation.
      name: 'region-allow-list',
      description: 'Only the operating regions; global services are exempt',
      targets: ['Security', 'Infrastructure', 'Workloads', 'Suspended'],
      content: statement({
        Sid: 'DenyOutsideOperatingRegions',
        Effect: 'Deny',
        NotAction: [
          'iam:*',
          'organizations:*',
          'sts:*',
          'support:*',
          'cloudfront:*',
          'route53:*',
          'budgets:*',
          'health:*',
        ],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': regions } },
      }),
    },
    {
      name: 'deny-root-user',
      description: 'The root user of member accounts may do nothing',
      targets: ['Root'],
      content: statement({
        Sid: 'DenyRootUser',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' },
        },
      }),
    },
    {
      // FullAWSAccess is detached from Security; this takes its place.
      name: 'security-allow-list',
      description:
        'The security accounts may use the services of the security tooling, nothing else',
      targets: ['Security'],
      content: statement({
        Sid: 'AllowSecurityTooling',
        Effect: 'Allow',
        Action: [
          'access-analyzer:*',
          'cloudtrail:*',
          'config:*',
          'ec2:*',
          'guardduty:*',
          'iam:*',
          'kms:*',
          'logs:*',
          'organizations:Describe*',
          'organizations:List*',
          's3:*',
          'securityhub:*',
          'sts:*',
        ],
        Resource: '*',
      }),
    },
    {
      // Not on Sandbox, as in the demo organisation.
      name: 'rcp-identity-perimeter',
      type: 'RESOURCE_CONTROL_POLICY',
      description:
        'Only principals of the organisation (and AWS services acting for it) reach its resources',
      targets: ['Security', 'Infrastructure', 'Workloads'],
      content: statement({
        Sid: 'EnforceOrgIdentities',
        Effect: 'Deny',
        Principal: '*',
        Action: [
          's3:*',
          'sqs:*',
          'kms:*',
          'secretsmanager:*',
          'sts:AssumeRole',
        ],
        Resource: '*',
        Condition: {
          StringNotEqualsIfExists: { 'aws:PrincipalOrgID': organizationId },
          BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
        },
      }),
    },
    {
      name: 'rcp-secure-transport',
      type: 'RESOURCE_CONTROL_POLICY',
      description: "The organisation's resources accept only TLS connections",
      targets: ['Security', 'Infrastructure', 'Workloads'],
      content: statement({
        Sid: 'EnforceSecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:*', 'sqs:*', 'kms:*', 'secretsmanager:*', 'sts:*'],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
      }),
    },
    {
      name: 'ec2-account-baseline',
      type: 'DECLARATIVE_POLICY_EC2',
      description: 'No public snapshots or AMIs; IMDSv2 for new instances',
      targets: ['Security', 'Infrastructure', 'Workloads'],
      content: {
        ec2_attributes: {
          snapshot_block_public_access: {
            state: { '@@assign': 'block_all_sharing' },
          },
          image_block_public_access: {
            '@@operators_allowed_for_child_policies': ['@@none'],
            state: { '@@assign': 'block_new_sharing' },
          },
          instance_metadata_defaults: {
            http_tokens: { '@@assign': 'required' },
            http_put_response_hop_limit: { '@@assign': '2' },
            http_endpoint: { '@@assign': 'enabled' },
          },
        },
      },
    },
    {
      name: 'ec2-vpc-block-public-access',
      type: 'DECLARATIVE_POLICY_EC2',
      description:
        'Workload VPCs take no inbound internet traffic except through excluded subnets',
      targets: ['Workloads'],
      content: {
        ec2_attributes: {
          vpc_block_public_access: {
            internet_gateway_block: {
              mode: { '@@assign': 'block_ingress' },
              exclusions_allowed: { '@@assign': 'enabled' },
            },
          },
        },
      },
    },
  ];
}

/** The hub's route tables: prod and non-prod apart, the shared table sees both. */
const SEGMENTED_TABLES = [
  {
    name: 'prod',
    associate: { environment: ['prod'] },
    propagate: { environment: ['prod', 'shared'] },
  },
  {
    name: 'non-prod',
    associate: { environment: ['staging', 'qa'] },
    propagate: { environment: ['staging', 'qa', 'shared'] },
  },
  {
    name: 'shared',
    associate: { environment: ['shared'] },
    propagate: { environment: ['prod', 'staging', 'qa', 'shared'] },
  },
];

/** Hands out VPC blocks from 10.0.0.0/8, sized so that every VPC of the organisation fits. */
function cidrAllocator(expectedVpcs: number): () => string {
  let prefix = 24;
  if (expectedVpcs <= 250) prefix = 16;
  else if (expectedVpcs <= 4000) prefix = 20;
  const size = 2 ** (32 - prefix);
  let next = 0;
  return () => {
    const base = (10 << 24) >>> 0;
    if (next * size >= 2 ** 24) {
      throw new RangeError(
        '10.0.0.0/8 is exhausted: too many VPCs for the generator',
      );
    }
    return formatCidr((base + next++ * size) >>> 0, prefix);
  };
}

/** A number from the account's id, for choices that must not draw from the shared PRNG. */
function variant(accountId: string, what: string): number {
  return parseInt(hashHex(`${accountId}|${what}`, 6), 16);
}

/**
 * Issue 13's resources of a workload account, varied by a hash of its id (so
 * the organisation's PRNG sequence, and every earlier choice, stay as they
 * were): an internal load balancer, an Auto Scaling group that rotates, a
 * database and a cache in some, buckets, and Macie in data accounts.
 */
function addWorkloads(
  account: AccountSpec,
  regions: string[],
  environment: string,
): void {
  const id = account.id;
  const accountRegions = account.regions ?? {};
  const [first] = Object.keys(accountRegions);
  const home = accountRegions[first];
  const h = variant(id, 'workloads');
  const sandbox = environment === 'sandbox';
  const rotation = [
    { maxInstanceLifetimeDays: 14 },
    { refreshedDaysAgo: h % 7 },
    { schedule: '0 19 * * *' },
  ][h % 3];
  if (sandbox) {
    home.instances = [{ name: 'experiment', ageDays: h % 20 }];
  } else {
    home.loadBalancers =
      h % 4 === 0
        ? [{ name: 'api' }, { name: 'api-nlb', type: 'network' }]
        : [{ name: 'api' }];
    home.autoScalingGroups = [
      { name: 'app', instances: 2, ageDays: h % 10, ...rotation },
    ];
    if (environment !== 'qa' && h % 2 === 0) {
      home.databases = [
        h % 8 === 0 ? { name: 'app-db', cluster: 2 } : { name: 'app-db' },
      ];
    }
    if (environment !== 'qa' && h % 10 < 3) {
      home.cacheGroups = [{ name: 'sessions', key: 'customer' }];
    }
  }
  account.buckets = [{ name: `lz-${id}-artifacts`, region: first }];
  const data =
    account.tags?.owner === 'team-data' &&
    (environment === 'prod' || environment === 'staging');
  if (data) {
    account.tags = { ...account.tags, 'data-classification': 'confidential' };
    account.buckets.push({ name: `lz-${id}-lake`, region: first });
    for (const region of regions) {
      accountRegions[region] = {
        ...(accountRegions[region] ?? {}),
        macie: 'ENABLED',
      };
    }
  }
}

/**
 * Generates an organisation of the demo's shape at any size: the same OU layout,
 * SCPs and kinds of faults, deterministically from the seed.
 *
 * @public
 */
export function generateOrganization(
  options: GenerateOrganizationOptions,
): Organization {
  const total = options.accounts;
  if (!Number.isInteger(total) || total < 6) {
    throw new RangeError(
      `generateOrganization needs a whole number of at least 6 accounts (management and core accounts), got ${total}`,
    );
  }
  const requested = options.regions ?? 2;
  const regions = Array.isArray(requested)
    ? requested
    : GENERATOR_REGIONS.slice(0, requested);
  // Silently cutting 9 regions to 4 would leave a caller counting on 9.
  if (
    regions.length === 0 ||
    (!Array.isArray(requested) && regions.length !== requested)
  ) {
    throw new RangeError(
      `generateOrganization takes 1–${
        GENERATOR_REGIONS.length
      } regions (${GENERATOR_REGIONS.join(
        ', ',
      )}) or a list of names, got ${JSON.stringify(requested)}`,
    );
  }
  const seed = options.seed ?? 1;
  const fraction = options.nonCompliantFraction ?? 0.1;
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new RangeError(
      `generateOrganization takes a nonCompliantFraction between 0 and 1, got ${fraction}`,
    );
  }
  const random = createRandom(seed);
  const random13 = createRandom(seed * 31 + 13);
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(random() * items.length)];

  const usedIds = new Set<string>();
  const newAccountId = () => {
    for (;;) {
      const id = String(100000000000 + Math.floor(random() * 899999999999));
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const nextCidr = cidrAllocator(total * regions.length);
  const shortRegion = (r: string) =>
    r.replace(/^(\w)\w-(\w)\w*-(\d)$/, '$1$2$3');

  const accounts: AccountSpec[] = [];
  const peerings: NonNullable<OrganizationSpec['peerings']> = [];
  const core = (
    name: string,
    ou: string,
    owner: string,
    extra: Partial<AccountSpec> = {},
  ): AccountSpec => {
    const account: AccountSpec = {
      id: newAccountId(),
      name,
      ou,
      tags: { owner, environment: 'shared' },
      ...extra,
    };
    accounts.push(account);
    return account;
  };
  const management = core('management', 'Root', 'platform-team', {
    rootCredentials: true,
  });
  const logArchive = core('log-archive', 'Security', 'security-team');
  core('audit', 'Security', 'security-team');
  core('network-hub', 'Infrastructure', 'platform-team', {
    regions: Object.fromEntries(
      regions.map(r => [
        r,
        {
          transitGateways: [
            {
              name: `hub-${shortRegion(r)}`,
              hub: true,
              routeTables: SEGMENTED_TABLES,
            },
          ],
          vpcs: [{ name: `gateway-${shortRegion(r)}`, cidr: nextCidr() }],
          loadBalancers: [
            {
              name: `edge-${shortRegion(r)}`,
              scheme: 'internet-facing' as const,
              webAcl: 'edge',
            },
          ],
        },
      ]),
    ),
    distributions: [{ alias: 'www.example.com', webAcl: 'edge-global' }],
  });
  // A gateway from before the hub, one table for everyone: the shared-table fault's.
  const legacy = `legacy-${shortRegion(regions[0])}`;
  core('shared-services', 'Infrastructure', 'platform-team', {
    regions: {
      [regions[0]]: {
        transitGateways: [{ name: legacy }],
        vpcs: [
          {
            name: `shared-services-${shortRegion(regions[0])}`,
            cidr: nextCidr(),
            transitGateway: true,
          },
        ],
      },
    },
  });

  // The last VPC seen per environment and region: partners for the peering faults.
  const lastVpc = new Map<
    string,
    { ref: string; cidr: string; vpc: NonNullable<RegionSpec['vpcs']>[number] }
  >();

  for (let i = accounts.length; i < total; i++) {
    const roll = random();
    const place =
      PLACEMENT.find(p => roll < p.upTo) ?? PLACEMENT[PLACEMENT.length - 1];
    const team = pick(TEAMS);
    const plain = `${team.replace(/^team-|-team$/g, '')}-${
      place.environment
    }-${String(i).padStart(5, '0')}`;
    const name = random() < 0.05 ? `${pick(NAME_PREFIXES)} ${plain}` : plain;
    const sandbox = place.ou === 'Sandbox';
    const suspended = place.ou === 'Suspended';
    // 3-tier VPCs in 2–4 regions (fewer when the organisation has fewer).
    const count = Math.min(
      regions.length,
      regions.length === 1
        ? 1
        : 2 + Math.floor(random() * (regions.length - 1)),
    );
    const shuffled = [...regions];
    for (let j = shuffled.length - 1; j > 0; j--) {
      const k = Math.floor(random() * (j + 1));
      [shuffled[j], shuffled[k]] = [shuffled[k], shuffled[j]];
    }
    const chosen = shuffled.slice(0, count);
    const accountRegions: Record<string, RegionSpec> = {};
    for (const r of chosen) {
      accountRegions[r] = {
        vpcs: [
          {
            name: `${name}-${shortRegion(r)}`,
            cidr: nextCidr(),
            transitGateway: !sandbox && !suspended,
          },
        ],
      };
    }
    const account: AccountSpec = {
      id: newAccountId(),
      name,
      ou: place.ou,
      status: suspended ? pick(INACTIVE_STATES) : 'ACTIVE',
      tags: { owner: team, environment: place.environment },
      regions: accountRegions,
    };
    if (!suspended) addWorkloads(account, regions, place.environment);
    const firstRegion = chosen[0];
    const firstVpc = accountRegions[firstRegion].vpcs?.[0] ?? {
      name: '',
      cidr: '',
    };
    const ref = `${name}/${firstRegion}/${firstVpc.name}`;

    if (!suspended && random() < fraction) {
      let fault:
        | (typeof FAULTS)[number]
        | (typeof ISSUE_13_FAULTS)[number]
        | (typeof DATA_FAULTS)[number] = pick(FAULTS);
      const dataAccount = account.tags?.['data-classification'] !== undefined;
      if (random13() < ISSUE_13_SHARE) {
        const kinds =
          dataAccount && random13() < 0.5 ? DATA_FAULTS : ISSUE_13_FAULTS;
        fault = kinds[Math.floor(random13() * kinds.length)];
      }
      const qaPartner =
        place.environment === 'prod'
          ? lastVpc.get(`qa|${firstRegion}`)
          : undefined;
      const samePartner = lastVpc.get(`${place.environment}|${firstRegion}`);
      const nonProdPartner =
        lastVpc.get(`staging|${firstRegion}`) ??
        lastVpc.get(`qa|${firstRegion}`);
      // Peering faults need a partner VPC in the same region; without one, pick a plain fault.
      if (fault === 'prod-qa-peering' && !qaPartner) fault = 'vpc-no-flow-logs';
      if (fault === 'overlapping-peering' && !samePartner)
        fault = 'guardduty-disabled';
      if (
        fault === 'one-sided-peering' &&
        (!samePartner || sandbox || place.environment === 'prod')
      ) {
        fault = 'root-virtual-mfa';
      }
      // The legacy gateway is in the first region; a prod VPC there joins a
      // non-prod one on its one table.
      if (
        fault === 'shared-tgw-table' &&
        (place.environment !== 'prod' ||
          firstRegion !== regions[0] ||
          !nonProdPartner)
      ) {
        fault = 'root-activity';
      }
      // Declarative policies enforce these outside Sandbox: there an
      // account's own setting is what counts.
      if (
        (fault === 'snapshot-unblocked' ||
          fault === 'imds-optional' ||
          fault === 'vpc-bpa-off') &&
        !sandbox
      ) {
        fault = 'root-access-keys';
      }
      const regionSpec = accountRegions[firstRegion];
      switch (fault) {
        case 'guardduty-disabled':
          regionSpec.guardDuty = 'DISABLED';
          break;
        case 'guardduty-missing':
          regionSpec.guardDuty = 'NONE';
          break;
        case 'root-mfa-missing':
          account.rootMfa = false;
          break;
        case 'root-access-keys':
          account.rootAccessKeys = true;
          break;
        case 'vpc-no-flow-logs':
          firstVpc.flowLogs = false;
          break;
        case 'vpc-missing-isolated':
          firstVpc.tiers = ['public', 'private'];
          break;
        case 'assume-role-denied':
          account.denyAssumeRole = true;
          break;
        case 'iam-user-key':
          account.iamUsers = [
            { name: 'legacy-deployer', accessKeys: [{ status: 'Active' }] },
          ];
          break;
        case 's3-bpa-missing':
          account.s3PublicAccessBlock = 'NONE';
          break;
        case 'securityhub-off':
          regionSpec.securityHub = false;
          break;
        case 'config-stopped':
          regionSpec.config = 'STOPPED';
          break;
        case 'ebs-off':
          regionSpec.ebsEncryptionByDefault = false;
          break;
        case 'prod-qa-peering':
          if (qaPartner)
            peerings.push({ requester: ref, accepter: qaPartner.ref });
          break;
        case 'overlapping-peering':
          if (samePartner) {
            firstVpc.cidr = samePartner.cidr;
            peerings.push({ requester: samePartner.ref, accepter: ref });
          }
          break;
        case 'root-virtual-mfa':
          account.rootCredentials = true;
          account.rootMfa = 'virtual';
          break;
        case 'root-activity':
          account.rootCredentials = true;
          account.rootActivity = [
            {
              region: firstRegion,
              eventName: 'ConsoleLogin',
              ago: `${1 + Math.floor(random() * 80)}d`,
              sourceIp: `198.51.100.${1 + Math.floor(random() * 254)}`,
            },
          ];
          break;
        case 'snapshot-unblocked':
          regionSpec.snapshotBlockPublicAccess = 'unblocked';
          break;
        case 'imds-optional':
          regionSpec.instanceMetadataDefaults = { httpTokens: 'optional' };
          break;
        case 'vpc-bpa-off':
          regionSpec.vpcBlockPublicAccess = 'off';
          break;
        case 'shared-tgw-table':
          if (nonProdPartner) {
            firstVpc.transitGateway = [
              `hub-${shortRegion(firstRegion)}`,
              legacy,
            ];
            nonProdPartner.vpc.transitGateway = [
              `hub-${shortRegion(firstRegion)}`,
              legacy,
            ];
          }
          break;
        case 'one-sided-peering':
          if (samePartner) {
            peerings.push({
              requester: samePartner.ref,
              accepter: ref,
              routes: 'requester',
            });
          }
          break;
        case 'nacl-default':
          firstVpc.networkAcls = 'default';
          break;
        case 'nacl-isolated-open':
          firstVpc.tiers = ['public', 'private', 'isolated'];
          firstVpc.isolatedInbound = ['0.0.0.0/0'];
          break;
        case 'sg-admin-open':
          regionSpec.securityGroups = [
            {
              name: 'remote-admin',
              ingress: [
                random13() < 0.5
                  ? { port: 22, from: '0.0.0.0/0' }
                  : { port: 3389, from: '::/0' },
              ],
            },
          ];
          break;
        case 'alb-no-waf':
          regionSpec.loadBalancers = [
            ...(regionSpec.loadBalancers ?? []),
            { name: 'public-web', scheme: 'internet-facing' },
          ];
          break;
        case 'cloudfront-no-waf':
          account.distributions = [{ alias: `${account.id}.cdn.example.com` }];
          break;
        case 'rds-unencrypted':
          regionSpec.databases = [{ name: 'legacy-db', encrypted: false }];
          break;
        case 'rds-aws-key':
          regionSpec.databases = [{ name: 'app-db', key: 'aws' }];
          break;
        case 'cache-no-transit':
          regionSpec.cacheGroups = [
            { name: 'sessions', inTransit: false, key: 'customer' },
          ];
          break;
        case 'old-instance':
          regionSpec.instances = [
            { name: 'hand-built', ageDays: 60 + Math.floor(random13() * 300) },
          ];
          break;
        case 'asg-no-rotation':
          regionSpec.autoScalingGroups = [
            {
              name: 'app',
              instances: 2,
              ageDays: 45 + Math.floor(random13() * 100),
            },
          ];
          break;
        case 'iam-user-no-key':
          account.iamUsers = [{ name: 'legacy-bot' }];
          break;
        case 'role-outside-trust':
          account.iamRoles = [
            { name: 'vendor-access', trust: ['999988887777'] },
          ];
          break;
        case 'bucket-sse-s3':
          account.buckets = (account.buckets ?? []).map((b, n) =>
            n === 0 ? { ...b, encryption: 'AES256' as const } : b,
          );
          break;
        case 'macie-paused':
          regionSpec.macie = 'PAUSED';
          break;
        default:
          break;
      }
    }
    lastVpc.set(`${place.environment}|${firstRegion}`, {
      ref,
      cidr: firstVpc.cidr,
      vpc: firstVpc,
    });
    accounts.push(account);
  }

  const orgId = `o-${hashHex(`org|${seed}`, 10)}`;
  const spec: OrganizationSpec = {
    organization: {
      id: orgId,
      rootId: `r-${hashHex(`root|${seed}`, 4)}`,
      managementAccount: management.id,
      regions,
      policyTypes: [
        'SERVICE_CONTROL_POLICY',
        'RESOURCE_CONTROL_POLICY',
        'DECLARATIVE_POLICY_EC2',
      ],
      rootAccessFeatures: ['RootCredentialsManagement', 'RootSessions'],
      trail: {
        name: 'org-trail',
        homeRegion: regions[0],
        s3BucketName: `aws-cloudtrail-logs-${logArchive.id}-org`,
        multiRegion: true,
        logFileValidation: true,
        logging: true,
      },
    },
    organizationalUnits: [
      'Security',
      'Infrastructure',
      'Workloads',
      'Workloads/Prod',
      'Workloads/Staging',
      'Workloads/QA',
      'Sandbox',
      'Suspended',
    ].map(path => ({ path })),
    managedPolicies: { FullAWSAccess: { detachedFrom: ['Security'] } },
    policies: baselinePolicies(regions, orgId),
    defaults: BASELINE_DEFAULTS,
    accounts,
    peerings,
  };
  const { organization, issues } = resolveOrganization(spec);
  if (issues.length > 0) {
    // The generator builds its own input; a problem here is a bug in it, not in the caller's options.
    throw new Error(
      `generateOrganization produced an invalid organisation: ${issues[0].message}`,
    );
  }
  return organization;
}
