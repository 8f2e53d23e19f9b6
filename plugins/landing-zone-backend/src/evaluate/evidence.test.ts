import {
  type AccountFacts,
  type CheckContext,
  defaultGuardrailSettings,
  evidenceMessages,
  type GuardrailCheck,
  type GlobalFacts,
  type GuardrailEvidence,
  type OrganizationFacts,
  renderEvidence,
} from '@internal/plugin-landing-zone-common';
import { dataStoreChecks } from './checks/dataStores';
import { detectiveChecks } from './checks/detective';
import { ec2Checks } from './checks/ec2';
import { edgeChecks } from './checks/edge';
import { identityChecks } from './checks/identity';
import { ec2InstanceRotationCheck } from './checks/instances';
import { networkChecks } from './checks/network';
import {
  accountWithVpc,
  addPeering,
  addTransitGateway,
  attach,
  hubId,
  peering,
  prodId,
  qaId,
  region,
  setRoutes,
} from './checks/networkFixtures';
import { rcpChecks } from './checks/rcp';
import { rootChecks } from './checks/root';
import { scpChecks } from './checks/scp';
import {
  data,
  failed,
  makeAccount,
  makeContext,
  makeNetworkAcls,
  makeOrganization,
  makeVpc,
  managementAccountId,
} from './fixtures';

/*
 * The pages say evidence in the reader's language from its code and params,
 * with the templates of -common's evidence.ts; their English must read as the
 * backend's message does. Representative accounts, for every way the
 * built-in checks decide.
 */

const builtIn = [
  ...scpChecks,
  ...rcpChecks,
  ...ec2Checks,
  ...detectiveChecks,
  ...rootChecks,
  ...networkChecks,
  ...edgeChecks,
  ...dataStoreChecks,
  ec2InstanceRotationCheck,
  ...identityChecks,
];

type Scenario = [string, () => CheckContext];

const withOrganization = (
  change: (organization: OrganizationFacts) => void,
): CheckContext => {
  const organization = makeOrganization();
  change(organization);
  return makeContext(makeAccount(), { organization });
};

const withAccount = (change: (account: AccountFacts) => void) => {
  const account = makeAccount();
  change(account);
  return makeContext(account);
};

const policy = (attributes: string[]) =>
  data({
    content: JSON.stringify({
      ec2_attributes: Object.fromEntries(attributes.map(a => [a, {}])),
    }),
  });

function rootEvents(count: number, truncated = false) {
  return withAccount(account => {
    account.regions![region].rootActivity = data({
      days: 90,
      since: '2025-03-03T12:00:00.000Z',
      truncated,
      events: Array.from({ length: count }, (_, i) => ({
        eventId: `event-${i}`,
        eventName: i % 2 ? 'ConsoleLogin' : 'CreateAccessKey',
        eventTime: `2025-05-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z`,
        eventSource: i % 3 ? 'iam.amazonaws.com' : undefined,
        sourceIpAddress: i % 4 ? '203.0.113.7' : undefined,
      })),
    });
  });
}

function peered(
  routes: 'both' | 'out' | 'back' | 'none' | 'unread' | 'otherUnread',
) {
  const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
  const qa = accountWithVpc(qaId, 'non-prod', 'vpc-qa', '10.0.0.0/20');
  addPeering(peering('pcx-1', [prod, 'vpc-prod'], [qa, 'vpc-qa']), prod, qa);
  if (routes === 'both' || routes === 'out') {
    setRoutes(prod, 'vpc-prod', [
      { destination: '10.0.0.0/20', target: 'pcx-1' },
    ]);
  }
  if (routes === 'both' || routes === 'back') {
    setRoutes(qa, 'vpc-qa', [{ destination: '10.0.0.0/16', target: 'pcx-1' }]);
  }
  if (routes === 'unread') {
    delete prod.regions![region].vpcs.data![0].routes;
  }
  if (routes === 'otherUnread') {
    delete qa.regions![region].vpcs.data![0].routes;
  }
  return makeContext(prod, { others: [qa] });
}

function gateway(
  shape:
    | 'shared'
    | 'static'
    | 'truncated'
    | 'unowned'
    | 'unreadable'
    | 'unownedAlone',
  from: 'prod' | 'qa' = 'prod',
) {
  const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
  const qa = accountWithVpc(qaId, 'non-prod', 'vpc-qa', '10.0.0.0/20');
  const hub = makeAccount({ id: hubId, environment: 'unknown' });
  attach(prod, 'vpc-prod', 'tgw-1', hubId);
  attach(qa, 'vpc-qa', 'tgw-1', hubId);
  const tables = {
    shared: [
      {
        id: 'rtb-all',
        associate: ['vpc-prod', 'vpc-qa'],
        propagate: ['vpc-prod', 'vpc-qa'],
      },
    ],
    static: [
      {
        id: 'rtb-prod',
        associate: ['vpc-prod'],
        propagate: [],
        routes: [{ cidr: '10.0.0.0/8', to: 'vpc-qa' }],
      },
      { id: 'rtb-qa', associate: ['vpc-qa'], propagate: [] },
    ],
    truncated: [
      {
        id: 'rtb-prod',
        associate: ['vpc-prod'],
        propagate: [],
        truncated: true,
      },
      { id: 'rtb-qa', associate: ['vpc-qa'], propagate: [] },
    ],
  };
  if (shape === 'unreadable') {
    addTransitGateway(
      hub,
      'tgw-1',
      [prod, qa],
      failed('AccessDenied', 'DescribeTransitGatewayRouteTables'),
    );
  } else if (shape !== 'unowned' && shape !== 'unownedAlone') {
    addTransitGateway(hub, 'tgw-1', [prod, qa], tables[shape]);
  }
  if (shape === 'unownedAlone') {
    // No VPC of the other environment is known on the unread gateway.
    return makeContext(prod, { others: [hub] });
  }
  return from === 'prod'
    ? makeContext(prod, { others: [qa, hub] })
    : makeContext(qa, { others: [prod, hub] });
}

/** A prod VPC on a flat gateway with more overlapping non-prod VPCs than are listed. */
function crowded(readable: boolean) {
  const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
  attach(prod, 'vpc-prod', 'tgw-1', hubId);
  const others = Array.from({ length: 12 }, (_, i) => {
    const qa = accountWithVpc(
      `2222222222${String(i).padStart(2, '0')}`,
      'non-prod',
      `vpc-qa-${i}`,
      `10.0.${i}.0/24`,
    );
    attach(qa, `vpc-qa-${i}`, 'tgw-1', hubId);
    return qa;
  });
  const hub = makeAccount({ id: hubId, environment: 'unknown' });
  const all = ['vpc-prod', ...others.map((_, i) => `vpc-qa-${i}`)];
  if (readable) {
    addTransitGateway(
      hub,
      'tgw-1',
      [prod, ...others],
      [{ id: 'rtb-flat', associate: all, propagate: all }],
    );
  }
  return makeContext(prod, { others: [...others, hub] });
}

/** A gateway the index has, but not its facts. */
function indexedWithout(what: 'error' | 'facts') {
  const context = gateway('unowned');
  const entry = { transitGatewayId: 'tgw-1', ownerId: hubId, region };
  return {
    ...context,
    transitGateways: new Map([
      [
        'tgw-1',
        what === 'error'
          ? {
              ...entry,
              error: {
                code: 'AccessDenied',
                message: 'denied',
                operation: 'AssumeRole',
              },
            }
          : entry,
      ],
    ]),
  };
}

/** A prod VPC whose gateway reaches a VPC of an account that could not be read. */
function unreadFar(
  route: 'propagated' | 'static',
  known: boolean,
  owned = true,
) {
  const prod = accountWithVpc(prodId, 'prod', 'vpc-prod', '10.0.0.0/16');
  attach(prod, 'vpc-prod', 'tgw-1', prodId);
  addTransitGateway(
    prod,
    'tgw-1',
    [prod],
    [{ id: 'rtb-1', associate: ['vpc-prod'], propagate: ['vpc-prod'] }],
  );
  const gatewayFacts = prod.regions![region].transitGateways!.data![0];
  gatewayFacts.attachments.push({
    attachmentId: 'tgw-attach-far',
    transitGatewayId: 'tgw-1',
    resourceType: 'vpc',
    resourceId: 'vpc-far',
    resourceOwnerId: owned ? qaId : undefined,
    state: 'available',
  });
  const table = gatewayFacts.routeTables.data![0];
  if (route === 'propagated') {
    table.propagations.push({
      attachmentId: 'tgw-attach-far',
      resourceType: 'vpc',
      resourceId: 'vpc-far',
      state: 'enabled',
    });
  } else {
    table.staticRoutes.push({
      destinationCidr: '10.0.0.0/8',
      state: 'active',
      attachmentIds: ['tgw-attach-far'],
    });
  }
  table.propagatedRoutes = known
    ? [
        {
          destinationCidr: '10.0.128.0/20',
          state: 'active',
          attachmentIds: ['tgw-attach-far'],
        },
      ]
    : [];
  return {
    ...makeContext(prod),
    accountEnvironments: new Map([[qaId, 'non-prod' as const]]),
  };
}

/** Every detective service off or half on, a different way per region. */
function servicesOff(variant: 'first' | 'second') {
  return withAccount(account => {
    const [one, two] = Object.values(account.regions!);
    const trail = one.cloudTrail.data!.trails[0];
    if (variant === 'first') {
      one.cloudTrail = data({
        trails: [
          {
            ...trail,
            arn: `${trail.arn}-a`,
            isMultiRegion: false,
            logFileValidation: false,
            isLogging: false,
          },
          { ...trail, arn: `${trail.arn}-b`, isLogging: undefined },
        ],
      });
      two.cloudTrail = data({ trails: [] });
    } else {
      one.cloudTrail = data({ trails: [] });
      two.cloudTrail = data({ trails: [] });
    }
    one.guardDuty = data({ detectors: [] });
    two.guardDuty = data({
      detectors: [{ detectorId: 'det-2', status: 'DISABLED' }],
    });
    one.config = data({ recorders: [] });
    two.config = data({
      recorders: [
        {
          name: 'some',
          allSupported: false,
          includeGlobalResourceTypes: false,
          recording: true,
        },
        {
          name: 'off',
          allSupported: true,
          includeGlobalResourceTypes: true,
          recording: false,
        },
      ],
    });
    one.accessAnalyzer = data({ analyzers: [] });
    two.accessAnalyzer = data({
      analyzers: [
        { name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE' },
      ],
    });
    one.ebsEncryptionByDefault = data(false);
    one.securityHub = data({ enabled: false, standards: [] });
    const hub = two.securityHub.data!;
    two.securityHub = data(
      variant === 'first'
        ? { ...hub, standards: [] }
        : {
            ...hub,
            standards: [{ ...hub.standards[0], status: 'INCOMPLETE' }],
          },
    );
    one.vpcs = data([makeVpc('vpc-silent', '10.0.0.0/16', { flowLogs: [] })]);
    account.global!.iamUsersWithKeys = data([
      { userName: 'deploy', accessKeyIds: ['AKIA1', 'AKIA2'] },
    ]);
    account.global!.s3PublicAccessBlock = data(
      variant === 'first'
        ? null
        : {
            blockPublicAcls: true,
            ignorePublicAcls: false,
            blockPublicPolicy: true,
            restrictPublicBuckets: false,
          },
    );
  });
}

/** Network ACLs, security groups and public entries, each wrong a different way. */
function edgesOpen() {
  const vpc = makeVpc('vpc-tiers', '10.0.0.0/16');
  const far = makeVpc('vpc-far', '10.1.0.0/16');
  const account = makeAccount({
    vpcs: { [region]: [vpc], 'eu-central-1': [far] },
  });
  const acls = makeNetworkAcls(vpc);
  const [defaultAcl, publicAcl, privateAcl, isolatedAcl] = acls;
  publicAcl.subnetIds.push(...privateAcl.subnetIds);
  privateAcl.subnetIds = [];
  defaultAcl.subnetIds = [];
  isolatedAcl.entries.unshift(
    {
      ruleNumber: 10,
      egress: false,
      protocol: '6',
      ruleAction: 'allow',
      cidrBlock: '0.0.0.0/0',
      portRange: { from: 443, to: 443 },
    },
    {
      ruleNumber: 20,
      egress: false,
      protocol: '1',
      ruleAction: 'allow',
      ipv6CidrBlock: '::/0',
    },
  );
  const iso2 = { ...isolatedAcl, networkAclId: 'acl-iso-2', subnetIds: [] };
  account.regions![region].networkAcls = data([...acls, iso2]);
  // The far VPC's subnets: no association, and its default ACL unlisted.
  account.regions!['eu-central-1'].networkAcls = data(
    makeNetworkAcls(far).filter(a => a.networkAclId.endsWith('-public')),
  );
  const farAcls = account.regions!['eu-central-1'].networkAcls.data!;
  farAcls.push({
    ...makeNetworkAcls(far)[0],
    subnetIds: ['vpc-far-iso'],
  });
  account.regions![region].securityGroups = data([
    {
      groupId: 'sg-ssh',
      groupName: 'ssh',
      openIngress: [
        { ipProtocol: 'tcp', fromPort: 22, toPort: 22, source: '0.0.0.0/0' },
      ],
    },
    { groupId: 'sg-all', openIngress: [{ ipProtocol: '-1', source: '::/0' }] },
  ]);
  const arn = (name: string) =>
    `arn:aws:elasticloadbalancing:${region}:111122223333:loadbalancer/app/${name}/1`;
  const alb = (name: string) => ({
    loadBalancerArn: arn(name),
    name,
    type: 'application',
    scheme: 'internet-facing',
  });
  account.regions![region].loadBalancers = data([
    { ...alb('guarded'), webAcl: data({ arn: 'arn:waf', name: 'edge' }) },
    { ...alb('open'), webAcl: data(null) },
    alb('unread'),
    {
      ...alb('denied'),
      webAcl: failed('AccessDenied', 'GetWebACLForResource'),
    },
  ]);
  const distribution = (id: string, webAclId?: string) => ({
    id,
    arn: `arn:aws:cloudfront::111122223333:distribution/${id}`,
    domainName: `${id}.cloudfront.net`,
    aliases: [],
    enabled: true,
    webAclId,
  });
  account.global!.cloudFrontDistributions = data([
    distribution('E1', 'arn:waf-cf'),
    distribution('E2'),
  ]);
  return makeContext(account);
}

/** Every fact of issue 13 missing, from before the portal read them. */
function issue13NotCollected() {
  return withAccount(account => {
    account.regions![region].vpcs = data([makeVpc('vpc-1', '10.0.0.0/16')]);
    for (const facts of Object.values(account.regions!)) {
      delete facts.networkAcls;
      delete facts.securityGroups;
      delete facts.loadBalancers;
      delete facts.rds;
      delete facts.elastiCacheReplicationGroups;
      delete facts.instances;
      delete facts.macie;
    }
    delete account.global!.iamUsers;
    delete account.global!.iamRoles;
    delete account.global!.cloudFrontDistributions;
    delete account.global!.s3Buckets;
  });
}

const cmk = { keyId: 'key-cmk', keyManager: 'CUSTOMER' };
const awsKey = { keyId: 'key-aws', keyManager: 'AWS' };

/** Data stores, with customer managed keys required or not. */
function dataStores(required: boolean): CheckContext {
  const account = makeAccount();
  const facts = account.regions![region];
  facts.rds = data({
    clusters: [
      {
        dbClusterIdentifier: 'aurora',
        engine: 'aurora-postgresql',
        storageEncrypted: true,
        kmsKey: awsKey,
      },
      {
        dbClusterIdentifier: 'aurora-cmk',
        engine: 'aurora-mysql',
        storageEncrypted: true,
        kmsKey: cmk,
      },
    ],
    instances: [
      {
        dbInstanceIdentifier: 'legacy',
        engine: 'mysql',
        storageEncrypted: !required,
      },
      {
        dbInstanceIdentifier: 'unread',
        engine: 'postgres',
        storageEncrypted: true,
        kmsKey: { keyId: 'key-unread' },
      },
      {
        dbInstanceIdentifier: 'other',
        engine: 'postgres',
        storageEncrypted: true,
        kmsKey: { keyId: 'key-other', keyManager: 'PARTNER' },
      },
    ],
  });
  facts.elastiCacheReplicationGroups = data([
    {
      replicationGroupId: 'sessions',
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: !required,
      kmsKey: cmk,
    },
  ]);
  const bucket = (name: string, encryption: unknown) => ({
    name,
    region,
    encryption: encryption as never,
  });
  account.global!.s3Buckets = data([
    bucket('raw', data(null)),
    bucket('sse-s3', data({ sseAlgorithm: 'AES256' })),
    bucket('kms-default', data({ sseAlgorithm: 'aws:kms' })),
    bucket('kms-cmk', data({ sseAlgorithm: 'aws:kms', kmsKey: cmk })),
    bucket('denied', failed('AccessDenied', 'GetBucketEncryption')),
  ]);
  account.regions!['eu-central-1'].macie = data({ status: 'PAUSED' });
  account.regions!['eu-central-1'].instances = data([
    { instanceId: 'i-new', launchTime: '2025-05-30T00:00:00.000Z' },
  ]);
  return {
    ...makeContext(account),
    settings: {
      ...defaultGuardrailSettings,
      requireCustomerManagedKeys: required,
    },
  };
}

/** Old instances, alone and in groups that do not rotate or were not read. */
function oldInstances() {
  return withAccount(account => {
    const facts = account.regions![region];
    facts.instances = data([
      ...Array.from({ length: 6 }, (_, i) => ({
        instanceId: `i-old-${i}`,
        name: i % 2 ? `worker-${i}` : undefined,
        launchTime: `2025-0${i + 1}-01T00:00:00.000Z`,
      })),
      {
        instanceId: 'i-static',
        launchTime: '2025-01-15T00:00:00.000Z',
        autoScalingGroupName: 'static',
      },
    ]);
    facts.autoScalingGroups = data([
      { autoScalingGroupName: 'static', scheduledActions: [], instanceIds: [] },
    ]);
    const other = account.regions!['eu-central-1'];
    other.instances = data([
      {
        instanceId: 'i-grouped',
        launchTime: '2025-01-01T00:00:00.000Z',
        autoScalingGroupName: 'web',
      },
    ]);
    delete other.autoScalingGroups;
  });
}

/** IAM users, and roles trusting what they should not. */
function identities() {
  return withAccount(account => {
    account.global!.iamUsers = data(
      Array.from({ length: 12 }, (_, i) => ({
        userName: `user-${String(i).padStart(2, '0')}`,
        passwordLastUsed: i % 2 ? '2025-05-01T00:00:00Z' : undefined,
      })),
    );
    const role = (
      roleName: string,
      statement: unknown,
      trustPolicy?: string,
    ) => ({
      roleName,
      arn: `arn:aws:iam::111122223333:role/${roleName}`,
      path: '/',
      trustPolicy:
        trustPolicy ??
        JSON.stringify({ Version: '2012-10-17', Statement: statement }),
    });
    const allow = (principal: unknown) => ({
      Effect: 'Allow',
      Principal: principal,
      Action: 'sts:AssumeRole',
    });
    account.global!.iamRoles = data([
      role('open', allow('*')),
      role('vendor', allow({ AWS: 'arn:aws:iam::999900001111:root' })),
      role('not', {
        Effect: 'Allow',
        NotPrincipal: { AWS: '111122223333' },
        Action: 'sts:AssumeRole',
      }),
      role('canonical', allow({ CanonicalUser: 'abc' })),
      role('broken', [], '{'),
    ]);
  });
}

const scenarios: Scenario[] = [
  ['a compliant account', () => makeContext(makeAccount())],
  [
    'no allowed region',
    () => ({ ...makeContext(makeAccount()), allowedRegions: [] }),
  ],
  ['detective services off', () => servicesOff('first')],
  ['detective services off another way', () => servicesOff('second')],
  [
    'a trail of the account',
    () =>
      withAccount(account => {
        for (const facts of Object.values(account.regions!)) {
          const [trail] = facts.cloudTrail.data!.trails;
          facts.cloudTrail = data({
            trails: [{ ...trail, isOrganizationTrail: false }],
          });
        }
      }),
  ],
  ['no SCP collected', () => withOrganization(o => (o.policies = []))],
  [
    'SCPs that allow everything',
    () => withOrganization(o => (o.policies = o.policies.slice(0, 1))),
  ],
  [
    'the management account',
    () => makeContext(makeAccount({ id: managementAccountId })),
  ],
  [
    'a staging account',
    () => makeContext(makeAccount({ environment: 'non-prod' })),
  ],
  [
    'an account whose role could not be assumed',
    () =>
      withAccount(account => {
        account.access = {
          code: 'AccessDenied',
          message: 'not authorised',
          operation: 'AssumeRole',
        };
      }),
  ],
  [
    'a region not scanned, another unreadable',
    () =>
      withAccount(account => {
        delete account.regions!['eu-central-1'];
        const facts = account.regions![region];
        facts.vpcs = failed('UnauthorizedOperation', 'DescribeVpcs');
        facts.vpcBlockPublicAccess = failed('UnauthorizedOperation');
        facts.snapshotBlockPublicAccess = undefined;
        facts.rootActivity = failed('AccessDenied', 'LookupEvents');
      }),
  ],
  ['no global facts', () => withAccount(account => delete account.global)],
  [
    'facts from before the portal read IAM and root events',
    () =>
      withAccount(account => {
        // Facts older than IAM's summary lack it, whatever the type says.
        delete (account.global as Partial<GlobalFacts>).iamSummary;
        delete account.regions![region].rootActivity;
      }),
  ],
  [
    'IAM unreadable, virtual MFA not collected',
    () =>
      withAccount(account => {
        account.global!.iamSummary = failed(
          'AccessDenied',
          'GetAccountSummary',
        );
      }),
  ],
  [
    'root credentials left',
    () =>
      withAccount(account => {
        account.global!.iamSummary = data({
          accountMfaEnabled: true,
          accountAccessKeysPresent: true,
          accountPasswordPresent: true,
          accountSigningCertificatesPresent: true,
        });
        account.global!.rootVirtualMfa = data({
          serialNumber: 'arn:aws:iam::111122223333:mfa/root',
        });
      }),
  ],
  [
    'root credentials not reported',
    () =>
      withAccount(account => {
        account.global!.iamSummary = data({
          accountMfaEnabled: false,
          accountAccessKeysPresent: false,
        });
        account.global!.rootVirtualMfa = undefined;
      }),
  ],
  [
    'a hardware root MFA, without central root access',
    () => {
      const organization = makeOrganization();
      organization.rootAccess = data({
        rootCredentialsManagement: false,
        rootSessions: false,
      });
      const account = makeAccount();
      account.global!.iamSummary = data({
        accountMfaEnabled: true,
        accountAccessKeysPresent: false,
        accountPasswordPresent: true,
        accountSigningCertificatesPresent: false,
      });
      return makeContext(account, { organization });
    },
  ],
  [
    'a root MFA device whose kind was not collected',
    () => {
      const organization = makeOrganization();
      organization.rootAccess = data({
        rootCredentialsManagement: false,
        rootSessions: false,
      });
      const account = makeAccount();
      account.global!.iamSummary = data({
        accountMfaEnabled: true,
        accountAccessKeysPresent: false,
        accountPasswordPresent: true,
        accountSigningCertificatesPresent: false,
      });
      delete account.global!.rootVirtualMfa;
      return makeContext(account, { organization });
    },
  ],
  [
    'root access unreadable',
    () =>
      withOrganization(
        o =>
          (o.rootAccess = failed('AccessDenied', 'ListOrganizationsFeatures')),
      ),
  ],
  [
    'root access not collected',
    () => withOrganization(o => delete o.rootAccess),
  ],
  ['root events', () => rootEvents(4)],
  ['more root events than listed, some unread', () => rootEvents(25, true)],
  [
    'EC2 settings by hand, by policy and unsaid',
    () =>
      withAccount(account => {
        account.global!.declarativePolicyEc2 = policy([
          'vpc_block_public_access',
          'image_block_public_access',
        ]);
        const facts = account.regions![region];
        facts.vpcBlockPublicAccess = data({
          internetGatewayBlockMode: 'off',
          managedBy: 'account',
        });
        facts.snapshotBlockPublicAccess = data({
          state: 'unblocked',
          managedBy: 'declarative-policy',
        });
        facts.imageBlockPublicAccess = data({ state: 'unblocked' });
        facts.instanceMetadataDefaults = data({ managedBy: 'account' });
        const other = account.regions!['eu-central-1'];
        other.imageBlockPublicAccess = data({
          state: 'block-new-sharing',
          managedBy: 'declarative-policy',
        });
        other.instanceMetadataDefaults = data({ httpTokens: 'optional' });
      }),
  ],
  [
    'EC2 settings nobody says who holds',
    () =>
      withAccount(account => {
        account.global!.declarativePolicyEc2 = failed(
          'AccessDenied',
          'DescribeEffectivePolicy',
        );
        account.regions![region].vpcBlockPublicAccess = data({
          internetGatewayBlockMode: 'block-ingress',
        });
      }),
  ],
  [
    'RCPs unreadable',
    () =>
      withOrganization(
        o =>
          (o.resourceControlPoliciesError = {
            code: 'AccessDenied',
            message: 'denied',
          }),
      ),
  ],
  [
    'RCPs not collected',
    () => withOrganization(o => delete o.resourceControlPolicies),
  ],
  [
    'the RCP type off',
    () =>
      withOrganization(
        o => (o.enabledPolicyTypes = ['SERVICE_CONTROL_POLICY']),
      ),
  ],
  [
    'no policy type on',
    () => withOrganization(o => (o.enabledPolicyTypes = [])),
  ],
  [
    'RCPs that allow everything',
    () =>
      withOrganization(
        o =>
          (o.resourceControlPolicies = o.resourceControlPolicies!.slice(0, 1)),
      ),
  ],
  [
    'no RCP attached',
    () => withOrganization(o => (o.resourceControlPolicies = [])),
  ],
  [
    'an RCP that cannot be parsed',
    () =>
      withOrganization(o => {
        o.resourceControlPolicies![1] = {
          ...o.resourceControlPolicies![1],
          content: '[]',
        };
      }),
  ],
  [
    'VPCs missing tiers, a default VPC',
    () =>
      makeContext(
        makeAccount({
          vpcs: {
            [region]: [
              makeVpc('vpc-one', '10.0.0.0/16', { subnets: [] }),
              makeVpc('vpc-default', '172.31.0.0/16', {
                isDefault: true,
                subnets: [],
              }),
            ],
          },
        }),
      ),
  ],
  ['a peering routed both ways', () => peered('both')],
  ['a peering routed one way', () => peered('out')],
  ['a peering routed the other way', () => peered('back')],
  ['a peering no route uses', () => peered('none')],
  ['a peering with unread routes', () => peered('unread')],
  ['a peering whose far routes are unread', () => peered('otherUnread')],
  [
    'a default VPC with every tier',
    () =>
      makeContext(
        makeAccount({
          vpcs: {
            [region]: [
              makeVpc('vpc-default', '172.31.0.0/16', { isDefault: true }),
            ],
          },
        }),
      ),
  ],
  ['a shared gateway table', () => gateway('shared')],
  ['a static route to non-prod', () => gateway('static')],
  [
    'a static route from prod, seen from non-prod',
    () => gateway('static', 'qa'),
  ],
  ['a crowded flat gateway', () => crowded(true)],
  ['a crowded gateway owned outside', () => crowded(false)],
  ['a gateway whose owner could not be read', () => indexedWithout('error')],
  ['a gateway indexed without facts', () => indexedWithout('facts')],
  ['truncated static routes', () => gateway('truncated')],
  ['a gateway owned outside', () => gateway('unowned')],
  [
    'a gateway owned outside, nobody else known on it',
    () => gateway('unownedAlone'),
  ],
  ['a gateway whose tables could not be read', () => gateway('unreadable')],
  [
    'an unread VPC a propagated route reaches',
    () => unreadFar('propagated', false),
  ],
  ['an unread VPC a static route reaches', () => unreadFar('static', false)],
  ['an unread VPC with its propagated blocks', () => unreadFar('static', true)],
  [
    'an unread VPC of an account of no known environment',
    () => ({
      ...unreadFar('propagated', false),
      accountEnvironments: undefined,
    }),
  ],
  [
    'an unread VPC of no known account',
    () => unreadFar('static', false, false),
  ],
  ['network ACLs, security groups and public entries open', edgesOpen],
  ['facts of issue 13 not collected', issue13NotCollected],
  ['data stores, customer managed keys required', () => dataStores(true)],
  ['data stores, any key', () => dataStores(false)],
  ['old instances', oldInstances],
  ['IAM users and roles trusting outsiders', identities],
  [
    'IAM roles of an organisation whose accounts are listed',
    () => ({
      ...identities(),
      accountEnvironments: new Map([['444455556666', 'non-prod' as const]]),
    }),
  ],
  [
    'public entries guarded, buckets encrypted',
    () =>
      withAccount(account => {
        account.regions![region].loadBalancers = data([
          {
            loadBalancerArn: 'arn:alb',
            name: 'web',
            type: 'application',
            scheme: 'internet-facing',
            webAcl: data({ arn: 'arn:waf', name: 'edge' }),
          },
        ]);
        account.global!.cloudFrontDistributions = data([
          {
            id: 'E1',
            arn: 'arn:cf',
            domainName: 'e1.cloudfront.net',
            aliases: [],
            enabled: true,
            webAclId: 'arn:waf-cf',
          },
        ]);
        account.global!.s3Buckets = data([
          { name: 'logs', encryption: data({ sseAlgorithm: 'AES256' }) },
        ]);
      }),
  ],
  [
    'only service-linked roles',
    () =>
      withAccount(account => {
        account.global!.iamRoles = data([
          {
            roleName: 'AWSServiceRoleForSupport',
            arn: 'arn:aws:iam::111122223333:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport',
            path: '/aws-service-role/support.amazonaws.com/',
            trustPolicy: '{}',
          },
        ]);
      }),
  ],
];

function evidenceOf(checks: GuardrailCheck[]): [string, GuardrailEvidence][] {
  return scenarios.flatMap(([name, context]) =>
    checks.flatMap(check =>
      check
        .evaluate(context())
        .evidence.map((e): [string, GuardrailEvidence] => [
          `${check.definition.id} on ${name}`,
          e,
        ]),
    ),
  );
}

describe('evidence codes', () => {
  const said = evidenceOf(builtIn);

  it('gives every piece of evidence of these checks a code', () => {
    const uncoded = said
      .filter(([, e]) => !e.code)
      .map(([where, e]) => `${where}: ${e.message}`);
    expect(uncoded).toEqual([]);
  });

  it("renders each code's English template with its params as the message", () => {
    const differing = said
      .filter(
        ([, e]) =>
          renderEvidence(e, (code, values) => {
            expect(Object.keys(evidenceMessages)).toContain(code);
            return evidenceMessages[
              code as keyof typeof evidenceMessages
            ].replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
              expect(values).toHaveProperty([name]);
              return String(values[name]);
            });
          }) !== e.message,
      )
      .map(([where, e]) => `${where}: ${e.message}`);
    expect(differing).toEqual([]);
  });

  it('meets every code in these scenarios, but those listed', () => {
    const seen = new Set<string>();
    for (const [, e] of said) {
      seen.add(e.code!);
      for (const [key, value] of Object.entries(e.params ?? {})) {
        if (key.endsWith('.code')) seen.add(String(value));
      }
    }
    const unseen = Object.keys(evidenceMessages).filter(
      code => !seen.has(code),
    );
    expect(unseen).toEqual([
      // evaluateAccount's, for a check that throws.
      'check.failed',
      // Every link the checks find today has a direction.
      'network.isolation.notInInventory',
      'network.isolation.linked',
      'network.overlap.linked',
    ]);
  });
});
