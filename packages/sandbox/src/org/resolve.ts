import { awsId, derivedDate, hashHex, hashUpper } from './ids';
import { FULL_AWS_ACCESS_ID } from './OrganizationIndex';
import { resolvePeerings, resolveVpc } from './resolveNetwork';
import {
  securityHubStandards,
  type AccountSpec,
  type OrganizationSpec,
  type RegionSpec,
} from './schema';
import type {
  Account,
  AccountRegion,
  IamUser,
  Organization,
  OrganizationalUnit,
  ServiceControlPolicy,
  Trail,
  TransitGateway,
  Vpc,
} from './types';

/** A problem found after the schema passed: a dangling reference, a duplicate id… */
export type SpecIssue = { path: (string | number)[]; message: string };

const FULL_AWS_ACCESS: Omit<ServiceControlPolicy, 'targetIds'> = {
  id: FULL_AWS_ACCESS_ID,
  name: 'FullAWSAccess',
  description: 'Allows access to every operation',
  awsManaged: true,
  content: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  }),
};

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

  // Hub transit gateways: one per region, in whichever account declares it.
  const tgwByRegion = new Map<string, TransitGateway>();
  spec.accounts.forEach((account, accountIndex) => {
    for (const [region, regionSpec] of Object.entries(account.regions ?? {})) {
      if (!regionSpec.transitGateway) continue;
      if (tgwByRegion.has(region)) {
        issues.push({
          path: ['accounts', accountIndex, 'regions', region, 'transitGateway'],
          message: `a hub transit gateway already exists in ${region} (one per region)`,
        });
        continue;
      }
      tgwByRegion.set(region, {
        id: awsId('tgw', `${account.id}|${region}`),
        accountId: account.id,
        region,
        attachments: [],
      });
    }
  });

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
      tgwByRegion,
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

  // Policies: FullAWSAccess is attached everywhere, as AWS does when SCPs are enabled.
  const allTargets = [
    org.rootId,
    ...ous.map(o => o.id),
    ...accounts.map(a => a.id),
  ];
  const policies: ServiceControlPolicy[] = [
    { ...FULL_AWS_ACCESS, targetIds: allTargets },
  ];
  const ouIds = new Set(ous.map(o => o.id));
  (spec.policies ?? []).forEach((policy, index) => {
    const targetIds: string[] = [];
    policy.targets.forEach((target, targetIndex) => {
      const id =
        target === 'Root' || target === org.rootId
          ? org.rootId
          : ouByPath.get(target)?.id ??
            (ouIds.has(target) ? target : undefined) ??
            accountsByName.get(target)?.id ??
            (accountIds.has(target) ? target : undefined);
      if (!id) {
        issues.push({
          path: ['policies', index, 'targets', targetIndex],
          message: `target "${target}" is neither Root, an OU path nor an account name or id`,
        });
      } else {
        targetIds.push(id);
      }
    });
    policies.push({
      id: policy.id ?? `p-${hashHex(`${org.id}|${policy.name}`, 8)}`,
      name: policy.name,
      description: policy.description ?? '',
      awsManaged: false,
      content:
        typeof policy.content === 'string'
          ? policy.content
          : JSON.stringify(policy.content, null, 2),
      targetIds,
    });
  });

  const organization: Organization = {
    id: org.id,
    featureSet: org.featureSet ?? 'ALL',
    inUse: org.inUse ?? true,
    rootId: org.rootId,
    managementAccountId: org.managementAccount,
    regions: org.regions,
    organizationalUnits: ous,
    policies,
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
    transitGateways: [...tgwByRegion.values()],
    faults: spec.faults ?? {},
  };
  return { organization, issues };
}

/** One account of the file, resolved; also how the account factory builds the accounts it vends. */
export function resolveAccount(
  spec: OrganizationSpec,
  a: AccountSpec,
  parentId: string,
  tgwByRegion: Map<string, TransitGateway>,
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
      tgwByRegion,
      flowLogBucket,
      issues,
      index,
    );
  }

  return {
    id: a.id,
    name: a.name,
    email:
      a.email ??
      `aws+${a.name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}@example.com`,
    status: a.status ?? 'ACTIVE',
    joinedMethod: a.joinedMethod ?? 'CREATED',
    joinedTimestamp: a.joined ?? derivedDate(`${a.id}|joined`, 1800),
    parentId,
    tags: a.tags ?? {},
    roles,
    denyAssumeRole: a.denyAssumeRole ?? false,
    iam: {
      rootMfaEnabled: a.rootMfa ?? d.rootMfa ?? false,
      rootAccessKeysPresent: a.rootAccessKeys ?? d.rootAccessKeys ?? false,
      users,
    },
    s3PublicAccessBlock: bpa === 'NONE' ? undefined : bpa,
    trails: (a.trails ?? d.trails ?? []).map(t =>
      trailFrom(t, a.id, false, `aws-cloudtrail-logs-${a.id}`),
    ),
    regions,
  };
}

function resolveRegion(
  spec: OrganizationSpec,
  a: AccountSpec,
  region: string,
  r: RegionSpec,
  tgwByRegion: Map<string, TransitGateway>,
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
    const attach =
      vpcSpec.transitGateway ?? spec.defaults?.vpc?.transitGateway ?? false;
    const tgw = attach ? tgwByRegion.get(region) : undefined;
    if (attach && !tgw) {
      issues.push({
        path: [...path, 'transitGateway'],
        message: `no hub transit gateway in ${region} (set transitGateway: true on the hub account's region)`,
      });
    }
    vpcs.push(resolveVpc(spec, a.id, region, vpcSpec, tgw, flowLogBucket));
  });
  return {
    region,
    ebsEncryptionByDefault:
      r.ebsEncryptionByDefault ?? d.ebsEncryptionByDefault ?? false,
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
