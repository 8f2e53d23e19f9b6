import { derivedDate, hashHex, hashUpper } from './ids';
import { resolvePolicies } from './resolvePolicies';
import { resolvePeerings, resolveVpc } from './resolveNetwork';
import {
  resolveBuckets,
  resolveDistributions,
  resolveIamRoles,
  resolveRegionResources,
} from './resolveResources';
import {
  declareGateways,
  routeGateways,
  wireAttachment,
  type GatewayCatalog,
} from './resolveTransitGateways';
import {
  securityHubStandards,
  type AccountSpec,
  type OrganizationSpec,
  type RegionSpec,
  type RootEventSpec,
} from './schema';
import type {
  Account,
  AccountRegion,
  Ec2AccountSettings,
  IamUser,
  Organization,
  OrganizationalUnit,
  RootEvent,
  Trail,
  TransitGateway,
  Vpc,
} from './types';

/** A problem found after the schema passed: a dangling reference, a duplicate id… */
export type SpecIssue = { path: (string | number)[]; message: string };

function trailFrom(
  spec: NonNullable<OrganizationSpec['organization']['trail']>,
  accountId: string,
  organizationTrail: boolean,
  defaultBucket: string,
): Trail {
  return {
    name: spec.name,
    arn: `arn:aws:cloudtrail:${spec.homeRegion}:${accountId}:trail/${spec.name}`,
    homeRegion: spec.homeRegion,
    s3BucketName: spec.s3BucketName ?? defaultBucket,
    isMultiRegion: spec.multiRegion ?? true,
    isOrganizationTrail: organizationTrail,
    logFileValidation: spec.logFileValidation ?? true,
    includeGlobalServiceEvents: true,
    isLogging: spec.logging ?? true,
  };
}

/**
 * Expands a parsed organisation file into the {@link Organization} the server
 * answers from. Returns the problems that the schema alone cannot see.
 */
export function resolveOrganization(spec: OrganizationSpec): {
  organization: Organization;
  issues: SpecIssue[];
} {
  const issues: SpecIssue[] = [];
  const org = spec.organization;
  const rootSuffix = org.rootId.slice(2, 6);

  // Organizational units, parents before children.
  const ous: OrganizationalUnit[] = [];
  const ouByPath = new Map<string, OrganizationalUnit>();
  const ouSpecs = (spec.organizationalUnits ?? [])
    .map((ou, index) => ({ ou, index }))
    .sort((a, b) => a.ou.path.split('/').length - b.ou.path.split('/').length);
  for (const { ou, index } of ouSpecs) {
    if (ouByPath.has(ou.path)) {
      issues.push({
        path: ['organizationalUnits', index, 'path'],
        message: `duplicate OU path "${ou.path}"`,
      });
      continue;
    }
    const segments = ou.path.split('/');
    const parentPath = segments.slice(0, -1).join('/');
    const parent = parentPath ? ouByPath.get(parentPath) : undefined;
    if (parentPath && !parent) {
      issues.push({
        path: ['organizationalUnits', index, 'path'],
        message: `parent OU "${parentPath}" is not listed in organizationalUnits`,
      });
      continue;
    }
    const unit: OrganizationalUnit = {
      id: ou.id ?? `ou-${rootSuffix}-${hashHex(`${org.id}|${ou.path}`, 8)}`,
      name: segments[segments.length - 1],
      parentId: parent?.id ?? org.rootId,
      path: ou.path,
      tags: ou.tags ?? {},
    };
    ous.push(unit);
    ouByPath.set(ou.path, unit);
  }
  // Keep the file's order for listing, which is what people expect to see.
  const ouOrder = new Map(
    (spec.organizationalUnits ?? []).map((ou, i) => [ou.path, i]),
  );
  ous.sort((a, b) => (ouOrder.get(a.path) ?? 0) - (ouOrder.get(b.path) ?? 0));

  const gateways = declareGateways(spec, issues);

  const flowLogBucket = `arn:aws:s3:::lz-vpc-flow-logs-${org.id}`;
  const accounts: Account[] = [];
  const accountIds = new Set<string>();
  const accountsByName = new Map<string, Account>();
  spec.accounts.forEach((accountSpec, index) => {
    if (accountIds.has(accountSpec.id)) {
      issues.push({
        path: ['accounts', index, 'id'],
        message: `duplicate account id ${accountSpec.id}`,
      });
      return;
    }
    if (accountsByName.has(accountSpec.name)) {
      issues.push({
        path: ['accounts', index, 'name'],
        message: `duplicate account name "${accountSpec.name}"`,
      });
      return;
    }
    const parent =
      !accountSpec.ou || accountSpec.ou === 'Root'
        ? undefined
        : ouByPath.get(accountSpec.ou);
    if (accountSpec.ou && accountSpec.ou !== 'Root' && !parent) {
      issues.push({
        path: ['accounts', index, 'ou'],
        message: `OU "${accountSpec.ou}" is not listed in organizationalUnits (use "Root" for the root)`,
      });
      return;
    }
    const account = resolveAccount(
      spec,
      accountSpec,
      parent?.id ?? org.rootId,
      gateways,
      flowLogBucket,
      issues,
      index,
    );
    accounts.push(account);
    accountIds.add(account.id);
    accountsByName.set(account.name, account);
  });

  if (!accountIds.has(org.managementAccount)) {
    issues.push({
      path: ['organization', 'managementAccount'],
      message: `management account ${org.managementAccount} is not listed in accounts`,
    });
  }

  const peerings = resolvePeerings(spec, accountsByName, accounts, issues);
  routeGateways(gateways, accounts, issues);

  const enabledPolicyTypes = org.policyTypes ?? ['SERVICE_CONTROL_POLICY'];
  const policies = resolvePolicies(
    spec,
    enabledPolicyTypes,
    {
      rootId: org.rootId,
      ous,
      ouByPath,
      accounts,
      accountsByName,
    },
    issues,
  );
  const rootAccessFeatures = org.rootAccessFeatures ?? [];

  const organization: Organization = {
    id: org.id,
    featureSet: org.featureSet ?? 'ALL',
    inUse: org.inUse ?? true,
    rootId: org.rootId,
    managementAccountId: org.managementAccount,
    regions: org.regions,
    organizationalUnits: ous,
    enabledPolicyTypes,
    policies,
    rootAccessFeatures,
    accounts,
    trail: org.trail
      ? trailFrom(
          org.trail,
          org.managementAccount,
          true,
          `aws-cloudtrail-logs-${org.id}`,
        )
      : undefined,
    peerings,
    transitGateways: gateways.gateways,
    faults: spec.faults ?? {},
  };
  return { organization, issues };
}

/** One account of the file, resolved; also how the account factory builds the accounts it vends. */
export function resolveAccount(
  spec: OrganizationSpec,
  a: AccountSpec,
  parentId: string,
  gateways: GatewayCatalog,
  flowLogBucket: string,
  issues: SpecIssue[],
  index: number,
): Account {
  const d = spec.defaults ?? {};
  const roles = (a.roles ?? d.roles ?? ['OrganizationAccountAccessRole']).map(
    role => (typeof role === 'string' ? { name: role } : role),
  );
  const users: IamUser[] = (a.iamUsers ?? d.iamUsers ?? []).map(user => ({
    name: user.name,
    id: `AIDA${hashUpper(`${a.id}|user|${user.name}`, 17)}`,
    path: user.path ?? '/',
    createDate: user.created ?? derivedDate(`${a.id}|${user.name}`, 1500),
    passwordLastUsed: user.passwordLastUsed,
    accessKeys: (user.accessKeys ?? []).map((key, i) => ({
      id: `AKIA${hashUpper(`${a.id}|${user.name}|key|${i}`, 16)}`,
      status: key.status ?? 'Active',
      createDate: key.created ?? derivedDate(`${a.id}|${user.name}|${i}`, 1500),
    })),
  }));
  const bpa = a.s3PublicAccessBlock ?? d.s3PublicAccessBlock ?? 'NONE';

  const operating = spec.organization.regions;
  for (const region of Object.keys(a.regions ?? {})) {
    // Its state would be unreachable: outside the operating regions the sandbox
    // answers as an unused region, so the file's settings would silently vanish.
    if (!operating.includes(region)) {
      issues.push({
        path: ['accounts', index, 'regions', region],
        message: `expected one of organization.regions (${operating.join(
          ', ',
        )}), got "${region}"; add it there to give accounts state in it`,
      });
    }
  }
  const regions: Record<string, AccountRegion> = {};
  for (const region of operating) {
    regions[region] = resolveRegion(
      spec,
      a,
      region,
      a.regions?.[region] ?? {},
      gateways,
      flowLogBucket,
      issues,
      index,
    );
  }

  // Without root credentials (centralised root access) there is nothing left to set.
  const credentials = a.rootCredentials ?? d.rootCredentials ?? true;
  if (
    !credentials &&
    !(spec.organization.rootAccessFeatures ?? []).includes(
      'RootCredentialsManagement',
    )
  ) {
    issues.push({
      path: ['accounts', index, 'rootCredentials'],
      message:
        'an account without root credentials needs organization.rootAccessFeatures to include RootCredentialsManagement',
    });
  }
  const rootMfa = credentials ? a.rootMfa ?? d.rootMfa ?? false : false;
  (a.rootActivity ?? []).forEach((event, i) => {
    if (!operating.includes(event.region)) {
      issues.push({
        path: ['accounts', index, 'rootActivity', i, 'region'],
        message: `expected one of organization.regions (${operating.join(
          ', ',
        )}), got "${event.region}"`,
      });
    }
  });

  return {
    id: a.id,
    name: a.name,
    email: a.email ?? `aws+${emailLocalPart(a.name, a.id)}@example.com`,
    status: a.status ?? 'ACTIVE',
    joinedMethod: a.joinedMethod ?? 'CREATED',
    joinedTimestamp: a.joined ?? derivedDate(`${a.id}|joined`, 1800),
    parentId,
    tags: a.tags ?? {},
    roles,
    denyAssumeRole: a.denyAssumeRole ?? false,
    iam: {
      rootMfaEnabled: rootMfa !== false,
      rootMfaDevice: rootMfaDevice(rootMfa),
      rootAccessKeysPresent: credentials
        ? a.rootAccessKeys ?? d.rootAccessKeys ?? false
        : false,
      rootPasswordPresent: credentials,
      rootSigningCertificatesPresent: credentials
        ? a.rootSigningCertificates ?? d.rootSigningCertificates ?? false
        : false,
      users,
      roles: resolveIamRoles(
        spec,
        { ...a, iamRoles: a.iamRoles ?? d.iamRoles },
        roles,
      ),
    },
    buckets: resolveBuckets(spec, a, regions, issues, index),
    distributions: resolveDistributions(a),
    rootEvents: (a.rootActivity ?? []).map((event, i) =>
      rootEvent(a.id, event, i),
    ),
    s3PublicAccessBlock: bpa === 'NONE' ? undefined : bpa,
    trails: (a.trails ?? d.trails ?? []).map(t =>
      trailFrom(t, a.id, false, `aws-cloudtrail-logs-${a.id}`),
    ),
    regions,
  };
}

const AGE_UNITS: Record<string, number> = { d: 1440, h: 60, m: 1 };

/** The CloudTrail source of well-known root actions; others are guessed from the name. */
const EVENT_SOURCES: Record<string, string> = {
  ConsoleLogin: 'signin.amazonaws.com',
  GetSessionToken: 'sts.amazonaws.com',
  CreateAccessKey: 'iam.amazonaws.com',
  ListBuckets: 's3.amazonaws.com',
  DescribeInstances: 'ec2.amazonaws.com',
  GetAccountSummary: 'iam.amazonaws.com',
};

function rootEvent(accountId: string, e: RootEventSpec, i: number): RootEvent {
  const minutesAgo = Number(e.ago.slice(0, -1)) * AGE_UNITS[e.ago.slice(-1)];
  const readOnly =
    e.readOnly ?? /^(Get|List|Describe|Lookup)/.test(e.eventName);
  const hex = hashHex(`${accountId}|root-event|${i}`, 32);
  return {
    // CloudTrail event ids are UUIDs.
    id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
      12,
      16,
    )}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`,
    region: e.region,
    eventName: e.eventName,
    eventSource:
      e.eventSource ?? EVENT_SOURCES[e.eventName] ?? 'iam.amazonaws.com',
    minutesAgo,
    sourceIpAddress: e.sourceIp,
    readOnly,
    userAgent:
      e.eventName === 'ConsoleLogin'
        ? 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15'
        : 'aws-cli/2.15.30 Python/3.11.8 Darwin/23.3.0 exe/x86_64',
  };
}

/**
 * The local part of a derived email: the name in lower case with accents
 * dropped and each run of anything else outside [a-z0-9-] as one dash; the
 * account id when nothing is left (a name in Japanese, say).
 */
function emailLocalPart(name: string, id: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-|-$/g, '');
  return /[a-z0-9]/.test(slug) ? slug : id;
}

/** The kind of the root user's MFA device, from the file's `rootMfa`. */
export function rootMfaDevice(
  rootMfa: boolean | 'virtual' | 'hardware',
): Account['iam']['rootMfaDevice'] {
  if (rootMfa === false) return undefined;
  return rootMfa === 'virtual' ? 'virtual' : 'hardware';
}

/** VPC Block Public Access from the file's mode or `{ mode, exclusionsAllowed }`. */
export function vpcBlockPublicAccess(
  spec: NonNullable<RegionSpec['vpcBlockPublicAccess']>,
): Ec2AccountSettings['vpcBlockPublicAccess'] {
  return typeof spec === 'string'
    ? { mode: spec, exclusionsAllowed: false }
    : { mode: spec.mode, exclusionsAllowed: spec.exclusionsAllowed ?? false };
}

function ec2Settings(
  r: RegionSpec,
  d: NonNullable<NonNullable<OrganizationSpec['defaults']>['region']>,
): Ec2AccountSettings {
  const vpcBpa = r.vpcBlockPublicAccess ?? d.vpcBlockPublicAccess ?? 'off';
  return {
    vpcBlockPublicAccess: vpcBlockPublicAccess(vpcBpa),
    snapshotBlockPublicAccess:
      r.snapshotBlockPublicAccess ?? d.snapshotBlockPublicAccess ?? 'unblocked',
    imageBlockPublicAccess:
      r.imageBlockPublicAccess ?? d.imageBlockPublicAccess ?? 'unblocked',
    instanceMetadataDefaults: {
      ...(d.instanceMetadataDefaults ?? {}),
      ...(r.instanceMetadataDefaults ?? {}),
    },
  };
}

function resolveRegion(
  spec: OrganizationSpec,
  a: AccountSpec,
  region: string,
  r: RegionSpec,
  gateways: GatewayCatalog,
  flowLogBucket: string,
  issues: SpecIssue[],
  accountIndex: number,
): AccountRegion {
  const d = spec.defaults?.region ?? {};
  const guardDuty = r.guardDuty ?? d.guardDuty ?? 'NONE';
  const config = r.config ?? d.config ?? 'NONE';
  const securityHub = r.securityHub ?? d.securityHub ?? false;
  const standards = r.securityHubStandards ??
    d.securityHubStandards ?? ['fsbp'];
  const analyzer = r.accessAnalyzer ?? d.accessAnalyzer ?? false;
  const vpcNames = new Set<string>();
  const vpcs: Vpc[] = [];
  (r.vpcs ?? []).forEach((vpcSpec, vpcIndex) => {
    const path = [
      'accounts',
      accountIndex,
      'regions',
      region,
      'vpcs',
      vpcIndex,
    ];
    if (vpcNames.has(vpcSpec.name)) {
      issues.push({
        path: [...path, 'name'],
        message: `duplicate VPC name "${vpcSpec.name}" in ${region}`,
      });
      return;
    }
    vpcNames.add(vpcSpec.name);
    const wanted =
      vpcSpec.transitGateway ?? spec.defaults?.vpc?.transitGateway ?? false;
    const names: (string | true)[] = [];
    if (wanted === true) names.push(true);
    else if (wanted !== false) names.push(...[wanted].flat());
    const attachTo: TransitGateway[] = [];
    for (const name of names) {
      const gateway =
        name === true ? gateways.hub(region) : gateways.named(region, name);
      if (gateway) {
        attachTo.push(gateway);
      } else {
        issues.push({
          path: [...path, 'transitGateway'],
          message:
            name === true
              ? `no hub transit gateway in ${region} (set transitGateway: true on the hub account's region)`
              : `no transit gateway named "${name}" in ${region}`,
        });
      }
    }
    vpcs.push(
      resolveVpc(
        spec,
        a.id,
        region,
        vpcSpec,
        attachTo,
        flowLogBucket,
        (gateway, attachment) =>
          wireAttachment(gateway, attachment, a.tags ?? {}),
      ),
    );
  });
  return {
    region,
    ebsEncryptionByDefault:
      r.ebsEncryptionByDefault ?? d.ebsEncryptionByDefault ?? false,
    ec2: ec2Settings(r, d),
    guardDuty:
      guardDuty === 'NONE'
        ? undefined
        : {
            detectorId: hashHex(`${a.id}|${region}|detector`, 32),
            status: guardDuty,
          },
    configRecorder:
      config === 'NONE'
        ? undefined
        : { name: 'default', recording: config === 'RECORDING' },
    securityHub: securityHub
      ? { standardsArns: standards.map(s => securityHubStandards[s](region)) }
      : undefined,
    accessAnalyzers: analyzers(analyzer, issues, [
      'accounts',
      accountIndex,
      'regions',
      region,
      'accessAnalyzer',
    ]),
    vpcs,
    ...resolveRegionResources(a.id, region, r, vpcs, issues, [
      'accounts',
      accountIndex,
      'regions',
      region,
    ]),
  };
}

export function analyzers(
  spec: NonNullable<RegionSpec['accessAnalyzer']>,
  issues: SpecIssue[],
  path: (string | number)[],
): AccountRegion['accessAnalyzers'] {
  if (typeof spec === 'boolean') {
    return spec ? [{ name: 'account-analyzer', type: 'ACCOUNT' }] : [];
  }
  const list = spec.map(a => ({ name: a.name, type: a.type ?? 'ACCOUNT' }));
  const names = new Set<string>();
  list.forEach((analyzer, i) => {
    if (names.has(analyzer.name)) {
      issues.push({
        path: [...path, i, 'name'],
        message: `duplicate analyzer name "${analyzer.name}"`,
      });
    }
    names.add(analyzer.name);
  });
  // AWS allows one account-level analyzer per account and region.
  if (list.filter(a => a.type === 'ACCOUNT').length > 1) {
    issues.push({
      path,
      message: 'expected at most one analyzer of type ACCOUNT (AWS allows one)',
    });
  }
  return list;
}
