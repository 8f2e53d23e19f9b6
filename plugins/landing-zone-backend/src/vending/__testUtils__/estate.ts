import { mockServices } from '@backstage/backend-test-utils';
import {
  guardrailIds,
  type AccountFacts,
  type GuardrailResult,
  type OrganizationFacts,
} from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import {
  fullAwsAccess,
  makeAccount,
  type AccountOptions,
  makeVpc,
  scp,
} from '../../evaluate/fixtures';
import { postureRows } from '../../evaluate/rollup';
import { createLandingZoneStore } from '../../store/LandingZoneStore';

/*
 * A small estate for vending tests. The organisation's regions are
 * eu-west-1, eu-central-1 and us-east-1; the region allow-list SCP on
 * Workloads and Suspended allows only the first two, and Sandbox has none.
 * The `workloads` pool 10.64.0.0/14 already holds payments-prod's and
 * cards-prod's VPCs (10.64/16, 10.65/16): its first free /16 is 10.66.0.0/16.
 * The `crowded` pool 10.200.0.0/16 is a VPC whole.
 */

export const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1'];

export const OU = {
  root: 'r-v3nd',
  workloads: 'ou-v3nd-w0rkl0ad',
  prod: 'ou-v3nd-pr0dpr0d',
  qa: 'ou-v3nd-qaqaqaqa',
  sandbox: 'ou-v3nd-sandb0x0',
  suspended: 'ou-v3nd-susp3nd0',
};

export const ACCOUNTS = {
  paymentsProd: '100000000001',
  cardsProd: '100000000002',
  lab: '100000000003',
};

export const POOLS = [
  { name: 'workloads', cidr: '10.64.0.0/14' },
  { name: 'crowded', cidr: '10.200.0.0/16' },
];

const ids = Object.values(OU);
const accountIds = Object.values(ACCOUNTS);

export const vendingOrganization: OrganizationFacts = {
  organizationId: 'o-v3nd',
  managementAccountId: '999999999999',
  rootId: OU.root,
  units: [
    { id: OU.root, name: 'Root', path: 'Root' },
    {
      id: OU.workloads,
      parentId: OU.root,
      name: 'Workloads',
      path: 'Root/Workloads',
    },
    {
      id: OU.prod,
      parentId: OU.workloads,
      name: 'Prod',
      path: 'Root/Workloads/Prod',
    },
    {
      id: OU.qa,
      parentId: OU.workloads,
      name: 'QA',
      path: 'Root/Workloads/QA',
    },
    {
      id: OU.sandbox,
      parentId: OU.root,
      name: 'Sandbox',
      path: 'Root/Sandbox',
    },
    {
      id: OU.suspended,
      parentId: OU.root,
      name: 'Suspended',
      path: 'Root/Suspended',
    },
  ],
  policies: [
    fullAwsAccess([...ids, ...accountIds]),
    {
      ...scp(
        'p-baseline',
        [OU.root],
        [
          {
            Effect: 'Deny',
            Action: 'organizations:LeaveOrganization',
            Resource: '*',
          },
          {
            Effect: 'Deny',
            Action: [
              'cloudtrail:StopLogging',
              'cloudtrail:DeleteTrail',
              'cloudtrail:UpdateTrail',
              'cloudtrail:PutEventSelectors',
              'guardduty:*Detector',
              'guardduty:Disassociate*',
              'config:StopConfigurationRecorder',
              'config:Delete*',
              'securityhub:DisableSecurityHub',
              'securityhub:BatchDisableStandards',
              'securityhub:DeleteMembers',
              'securityhub:Disassociate*',
            ],
            Resource: '*',
          },
          {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: {
              StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' },
            },
          },
        ],
      ),
      name: 'baseline',
    },
    {
      ...scp(
        'p-regions',
        [OU.workloads, OU.suspended],
        [
          {
            Sid: 'DenyOutsideOperatingRegions',
            Effect: 'Deny',
            NotAction: ['iam:*', 'organizations:*', 'sts:*'],
            Resource: '*',
            Condition: {
              StringNotEquals: {
                'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'],
              },
            },
          },
        ],
      ),
      name: 'region-allow-list',
    },
  ],
};

function account(
  id: string,
  name: string,
  ou: string,
  environment: 'prod' | 'non-prod',
  vpcs: AccountOptions['vpcs'],
): AccountFacts {
  const unit = vendingOrganization.units.find(u => u.id === ou)!;
  const parentIds: string[] = [];
  const byId = new Map(vendingOrganization.units.map(u => [u.id, u]));
  for (
    let u = byId.get(ou);
    u;
    u = u.parentId ? byId.get(u.parentId) : undefined
  ) {
    parentIds.unshift(u.id);
  }
  const facts = makeAccount({ id, parentIds, vpcs, environment });
  facts.account = {
    ...facts.account,
    name,
    email: `aws+${name}@example.com`,
    ouPath: unit.path,
    tags: { owner: 'team-payments', environment },
  };
  return facts;
}

export const estateAccounts: AccountFacts[] = [
  account(ACCOUNTS.paymentsProd, 'payments-prod', OU.prod, 'prod', {
    'eu-west-1': [
      makeVpc('vpc-0a0000000000000a1', '10.64.0.0/16', { name: 'payments' }),
    ],
  }),
  account(ACCOUNTS.cardsProd, 'Cards Prod', OU.prod, 'prod', {
    'eu-central-1': [makeVpc('vpc-0b0000000000000b1', '10.65.0.0/16')],
  }),
  account(ACCOUNTS.lab, 'lab', OU.sandbox, 'non-prod', {
    'eu-west-1': [makeVpc('vpc-0c0000000000000c1', '10.200.0.0/16')],
  }),
];

const at = '2026-12-01T10:00:00.000Z';

/** Every account passes; cards-prod fails GuardDuty in eu-central-1. */
export const estateResults: GuardrailResult[] = estateAccounts.flatMap(a =>
  [guardrailIds.guardDutyEnabled, guardrailIds.rootMfa].map(checkId => ({
    accountId: a.account.id,
    checkId,
    status:
      a.account.id === ACCOUNTS.cardsProd &&
      checkId === guardrailIds.guardDutyEnabled
        ? ('fail' as const)
        : ('pass' as const),
    evidence: [{ message: `${checkId} on ${a.account.name}` }],
    evaluatedAt: at,
  })),
);

/** Saves the estate through the plugin's stores, as a scan would. */
export async function seedEstate(knex: Knex) {
  const store = await createLandingZoneStore({
    database: mockServices.database({ knex }),
  });
  await store.organization.save(
    vendingOrganization,
    estateAccounts.map(a => a.account),
  );
  await store.facts.save(estateAccounts);
  await store.results.save({
    results: estateResults,
    rollup: postureRows(
      OU.root,
      estateAccounts.map(a => a.account),
      estateResults,
    ),
    day: at.slice(0, 10),
    historyDays: 90,
  });
  return store;
}

/** `landingZone` config for a backend over the estate; no AWS is called. */
export function vendingConfig(overrides: Record<string, unknown> = {}) {
  return {
    regions: REGIONS,
    aws: { endpoints: { default: 'http://127.0.0.1:9' } },
    scan: {
      schedule: {
        frequency: { hours: 24 },
        timeout: { minutes: 10 },
        initialDelay: { hours: 24 },
      },
    },
    vending: {
      cidrPools: POOLS,
      follow: {
        schedule: {
          frequency: { hours: 24 },
          timeout: { minutes: 10 },
          initialDelay: { hours: 24 },
        },
      },
      ...overrides,
    },
  };
}
