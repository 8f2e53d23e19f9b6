/*
 * Issue 13's resources: network ACLs and security groups of each VPC, and per
 * account and region the load balancers, web ACLs, databases, caches,
 * instances, Auto Scaling groups, Macie and KMS keys; per account the IAM
 * roles, S3 buckets and CloudFront distributions. Ids are hashes of stable keys.
 */
import { awsId, derivedDate, hashHex, hashUpper } from './ids';
import type { SpecIssue } from './resolve';
import type { AccountSpec, OrganizationSpec, RegionSpec } from './schema';
import type {
  AccountRegion,
  AutoScalingGroup,
  CloudFrontDistribution,
  Ec2Instance,
  IamRole,
  KmsKey,
  LoadBalancer,
  NetworkAcl,
  NetworkAclEntry,
  RdsCluster,
  RdsInstance,
  ReplicationGroup,
  S3Bucket,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  SubnetTier,
  Vpc,
  WebAcl,
} from './types';

const DAY_MINUTES = 1440;

function uuid(key: string): string {
  const hex = hashHex(key, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const isIpv6 = (cidr: string) => cidr.includes(':');

function aclEntry(
  ruleNumber: number,
  egress: boolean,
  source: string,
  protocol = '-1',
  ports?: [number, number],
  ruleAction: 'allow' | 'deny' = 'allow',
): NetworkAclEntry {
  return {
    ruleNumber,
    egress,
    protocol,
    ruleAction,
    ...(isIpv6(source) ? { ipv6CidrBlock: source } : { cidrBlock: source }),
    ...(ports ? { portRange: { from: ports[0], to: ports[1] } } : {}),
  };
}

const DENY_REST = [
  aclEntry(32767, false, '0.0.0.0/0', '-1', undefined, 'deny'),
  aclEntry(32767, true, '0.0.0.0/0', '-1', undefined, 'deny'),
];

/** What a tier's ACL lets in and out. */
function tierEntries(
  tier: SubnetTier,
  vpcCidr: string,
  isolatedInbound: string[],
): NetworkAclEntry[] {
  switch (tier) {
    case 'public':
      return [
        aclEntry(100, false, '0.0.0.0/0', '6', [443, 443]),
        aclEntry(101, false, '::/0', '6', [443, 443]),
        aclEntry(110, false, '0.0.0.0/0', '6', [80, 80]),
        aclEntry(120, false, '0.0.0.0/0', '6', [1024, 65535]),
        aclEntry(130, false, vpcCidr),
        aclEntry(100, true, '0.0.0.0/0'),
        ...DENY_REST,
      ];
    case 'private':
      return [
        aclEntry(100, false, vpcCidr),
        aclEntry(110, false, '10.0.0.0/8'),
        // Return traffic of connections out through the NAT gateway.
        aclEntry(120, false, '0.0.0.0/0', '6', [1024, 65535]),
        aclEntry(100, true, '0.0.0.0/0'),
        ...DENY_REST,
      ];
    case 'isolated':
    default:
      return [
        aclEntry(100, false, vpcCidr),
        ...isolatedInbound.map((source, i) => aclEntry(200 + i, false, source)),
        aclEntry(100, true, vpcCidr),
        ...DENY_REST,
      ];
  }
}

/**
 * The VPC's network ACLs: its default one (allow everything, as AWS creates
 * it), then with `per-tier` one per tier holding that tier's subnets.
 */
export function resolveNetworkAcls(
  key: string,
  vpcCidr: string,
  tiers: SubnetTier[],
  subnets: Subnet[],
  mode: 'per-tier' | 'default',
  isolatedInbound: string[],
): NetworkAcl[] {
  const defaultAcl: NetworkAcl = {
    id: awsId('acl', key),
    isDefault: true,
    entries: [
      aclEntry(100, false, '0.0.0.0/0'),
      aclEntry(100, true, '0.0.0.0/0'),
      ...DENY_REST,
    ],
    subnetIds: mode === 'default' ? subnets.map(s => s.id) : [],
  };
  if (mode === 'default') return [defaultAcl];
  return [
    defaultAcl,
    ...tiers.map(tier => ({
      id: awsId('acl', `${key}|${tier}`),
      isDefault: false,
      tier,
      entries: tierEntries(tier, vpcCidr, isolatedInbound),
      subnetIds: subnets.filter(s => s.tier === tier).map(s => s.id),
    })),
  ];
}

const ALL_OUT: SecurityGroupRule = {
  ipProtocol: '-1',
  cidrs: ['0.0.0.0/0'],
  ipv6Cidrs: [],
  groupIds: [],
};

/** The VPC's default group, an application group, and an ALB group when it has a public tier. */
export function baselineSecurityGroups(
  key: string,
  name: string,
  cidr: string,
  tiers: SubnetTier[],
): SecurityGroup[] {
  const defaultId = awsId('sg', key);
  const groups: SecurityGroup[] = [
    {
      id: defaultId,
      name: 'default',
      description: 'default VPC security group',
      ingress: [
        { ipProtocol: '-1', cidrs: [], ipv6Cidrs: [], groupIds: [defaultId] },
      ],
      egress: [ALL_OUT],
    },
    {
      id: awsId('sg', `${key}|app`),
      name: `${name}-app`,
      description: 'Application tier: HTTPS from inside the VPC',
      ingress: [
        {
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrs: [cidr],
          ipv6Cidrs: [],
          groupIds: [],
        },
      ],
      egress: [ALL_OUT],
    },
  ];
  if (tiers.includes('public')) {
    groups.push({
      id: awsId('sg', `${key}|alb`),
      name: `${name}-alb`,
      description: 'Public load balancers: HTTPS from anywhere',
      ingress: [
        {
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          cidrs: ['0.0.0.0/0'],
          ipv6Cidrs: ['::/0'],
          groupIds: [],
        },
      ],
      egress: [ALL_OUT],
    });
  }
  return groups;
}

type SecurityGroupSpec = NonNullable<RegionSpec['securityGroups']>[number];

function securityGroupFrom(key: string, g: SecurityGroupSpec): SecurityGroup {
  return {
    id: awsId('sg', `${key}|${g.name}`),
    name: g.name,
    description: g.name,
    ingress: (g.ingress ?? []).map(rule => {
      const sources = [rule.from].flat();
      const protocol =
        rule.protocol ?? (rule.port === undefined ? '-1' : 'tcp');
      const ports =
        typeof rule.port === 'number' ? [rule.port, rule.port] : rule.port;
      return {
        ipProtocol: protocol,
        fromPort: protocol === '-1' ? undefined : ports?.[0] ?? 0,
        toPort: protocol === '-1' ? undefined : ports?.[1] ?? 65535,
        cidrs: sources.filter(s => !isIpv6(s)),
        ipv6Cidrs: sources.filter(isIpv6),
        groupIds: [],
      };
    }),
    egress: [ALL_OUT],
  };
}

/** The region's KMS keys, created as resources ask for them. */
class KeyRing {
  readonly keys: KmsKey[] = [];
  readonly #accountId: string;
  readonly #region: string;

  constructor(accountId: string, region: string) {
    this.#accountId = accountId;
    this.#region = region;
  }

  /** The ARN of the customer's data key, or of the AWS managed key of `service`. */
  arn(kind: 'customer' | 'aws', service: string): string {
    const alias = kind === 'customer' ? 'lz-data' : `aws/${service}`;
    let key = this.keys.find(k => k.alias === alias);
    if (!key) {
      const id = uuid(`${this.#accountId}|${this.#region}|kms|${alias}`);
      key = {
        id,
        arn: `arn:aws:kms:${this.#region}:${this.#accountId}:key/${id}`,
        keyManager: kind === 'customer' ? 'CUSTOMER' : 'AWS',
        alias,
        description:
          kind === 'customer'
            ? 'Data stores of the account (customer managed)'
            : `Default key that protects my ${service.toUpperCase()} data when no other key is defined`,
        createdAt: derivedDate(
          `${this.#accountId}|${this.#region}|${alias}`,
          1200,
        ),
      };
      this.keys.push(key);
    }
    return key.arn;
  }
}

function transitMode(
  inTransit: boolean | 'preferred' | 'required',
): ReplicationGroup['transitEncryptionMode'] {
  if (inTransit === false) return undefined;
  return inTransit === true ? 'required' : inTransit;
}

const LB_TYPE = { application: 'app', network: 'net' } as const;

/** The region's workloads: load balancers, databases, caches, instances, groups, Macie, keys. */
export function resolveRegionResources(
  accountId: string,
  region: string,
  r: RegionSpec,
  vpcs: Vpc[],
  issues: SpecIssue[],
  path: (string | number)[],
): Omit<
  AccountRegion,
  | 'region'
  | 'ebsEncryptionByDefault'
  | 'ec2'
  | 'guardDuty'
  | 'configRecorder'
  | 'securityHub'
  | 'accessAnalyzers'
  | 'vpcs'
> {
  const key = `${accountId}|${region}`;
  const ring = new KeyRing(accountId, region);
  const vpcNamed = (name: string | undefined, at: (string | number)[]) => {
    const vpc = name ? vpcs.find(v => v.name === name) : vpcs[0];
    if (name && !vpc) {
      issues.push({ path: at, message: `no VPC named "${name}" in ${region}` });
    }
    return vpc;
  };
  const subnetsOf = (vpc: Vpc | undefined, tier: SubnetTier) => {
    const all = vpc?.subnets ?? [];
    const wanted = all.filter(s => s.tier === tier);
    return wanted.length ? wanted : all;
  };

  (r.securityGroups ?? []).forEach((g, i) => {
    const vpc = vpcNamed(g.vpc, [...path, 'securityGroups', i, 'vpc']);
    if (!vpc) {
      if (!g.vpc) {
        issues.push({
          path: [...path, 'securityGroups', i],
          message: `a security group needs a VPC; ${region} has none`,
        });
      }
      return;
    }
    vpc.securityGroups.push(securityGroupFrom(`${key}|${vpc.name}`, g));
  });

  const webAcls: WebAcl[] = [];
  const webAclArn = (name: string) => {
    let acl = webAcls.find(a => a.name === name);
    if (!acl) {
      const id = uuid(`${key}|webacl|${name}`);
      acl = {
        id,
        name,
        arn: `arn:aws:wafv2:${region}:${accountId}:regional/webacl/${name}/${id}`,
      };
      webAcls.push(acl);
    }
    return acl.arn;
  };

  const loadBalancers: LoadBalancer[] = [];
  (r.loadBalancers ?? []).forEach((lb, i) => {
    const at = [...path, 'loadBalancers', i];
    const vpc = vpcNamed(lb.vpc, [...at, 'vpc']);
    if (!vpc) {
      if (!lb.vpc) {
        issues.push({
          path: at,
          message: `a load balancer needs a VPC; ${region} has none`,
        });
      }
      return;
    }
    const type = lb.type ?? 'application';
    const scheme = lb.scheme ?? 'internal';
    const suffix = hashHex(`${key}|lb|${lb.name}`, 16);
    const dnsId = parseInt(hashHex(`${key}|lbdns|${lb.name}`, 8), 16);
    if (lb.webAcl && type !== 'application') {
      issues.push({
        path: [...at, 'webAcl'],
        message: 'WAF protects Application Load Balancers only',
      });
    }
    const host = `${scheme === 'internal' ? 'internal-' : ''}${
      lb.name
    }-${dnsId}`;
    loadBalancers.push({
      arn: `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/${LB_TYPE[type]}/${lb.name}/${suffix}`,
      name: lb.name,
      type,
      scheme,
      vpcId: vpc.id,
      subnetIds: subnetsOf(
        vpc,
        scheme === 'internet-facing' ? 'public' : 'private',
      ).map(s => s.id),
      dnsName:
        type === 'network'
          ? `${host}.elb.${region}.amazonaws.com`
          : `${host}.${region}.elb.amazonaws.com`,
      createdAt: derivedDate(`${key}|lb|${lb.name}`, 900),
      webAclArn:
        lb.webAcl && type === 'application' ? webAclArn(lb.webAcl) : undefined,
    });
  });

  const instances: RdsInstance[] = [];
  const clusters: RdsCluster[] = [];
  for (const db of r.databases ?? []) {
    const encrypted = db.encrypted ?? true;
    const kmsKeyId = encrypted
      ? ring.arn(db.key ?? 'customer', 'rds')
      : undefined;
    const createdAt = derivedDate(`${key}|rds|${db.name}`, 900);
    const vpcId = vpcs[0]?.id;
    if (db.cluster) {
      const engine = db.engine ?? 'aurora-postgresql';
      const memberIds = Array.from(
        { length: db.cluster },
        (_, i) => `${db.name}-instance-${i + 1}`,
      );
      clusters.push({
        id: db.name,
        engine,
        engineVersion: engine.includes('mysql')
          ? '8.0.mysql_aurora.3.08.0'
          : '16.6',
        storageEncrypted: encrypted,
        kmsKeyId,
        memberIds,
        createdAt,
      });
      for (const id of memberIds) {
        instances.push({
          id,
          engine,
          engineVersion: engine.includes('mysql')
            ? '8.0.mysql_aurora.3.08.0'
            : '16.6',
          instanceClass: 'db.r6g.large',
          storageEncrypted: encrypted,
          kmsKeyId,
          clusterId: db.name,
          vpcId,
          createdAt,
        });
      }
    } else {
      const engine = db.engine ?? 'postgres';
      instances.push({
        id: db.name,
        engine,
        engineVersion: engine === 'mysql' ? '8.0.40' : '16.6',
        instanceClass: 'db.m6g.large',
        storageEncrypted: encrypted,
        kmsKeyId,
        vpcId,
        createdAt,
      });
    }
  }

  const replicationGroups: ReplicationGroup[] = (r.cacheGroups ?? []).map(g => {
    const atRest = g.atRest ?? true;
    const inTransit = g.inTransit ?? true;
    return {
      id: g.name,
      engine: g.engine ?? 'valkey',
      atRestEncryptionEnabled: atRest,
      transitEncryptionEnabled: inTransit !== false,
      transitEncryptionMode: transitMode(inTransit),
      // Without a customer key ElastiCache uses its own key: no KmsKeyId.
      kmsKeyId:
        atRest && g.key === 'customer'
          ? ring.arn('customer', 'elasticache')
          : undefined,
      memberClusters: [`${g.name}-001`, `${g.name}-002`],
      createdAt: derivedDate(`${key}|cache|${g.name}`, 900),
    };
  });

  const ec2Instances: Ec2Instance[] = [];
  const instance = (
    name: string,
    type: string,
    minutesAgo: number,
    state: 'running' | 'stopped',
    n: number,
    group?: string,
  ): Ec2Instance => {
    const vpc = vpcs[0];
    const subnets = subnetsOf(vpc, 'private');
    const subnet = subnets.length ? subnets[n % subnets.length] : undefined;
    const id = awsId('i', `${key}|${group ?? ''}|${name}|${n}`);
    const octets = parseInt(hashHex(`${id}|ip`, 4), 16);
    return {
      id,
      name,
      instanceType: type,
      state,
      // A few minutes apart, as instances launched together are.
      launchedMinutesAgo: Math.round(minutesAgo) + n * 3,
      vpcId: vpc?.id,
      subnetId: subnet?.id,
      availabilityZone: subnet?.availabilityZone ?? `${region}a`,
      privateIp: subnet
        ? `${subnet.cidr.split('.').slice(0, 2).join('.')}.${
            (octets >> 8) & 255
          }.${(octets & 254) + 1}`
        : `10.255.${(octets >> 8) & 255}.${(octets & 254) + 1}`,
      imageId: awsId('ami', `${region}|al2023`),
      autoScalingGroup: group,
    };
  };
  (r.instances ?? []).forEach((spec, n) => {
    ec2Instances.push(
      instance(
        spec.name,
        spec.type ?? 't3.medium',
        spec.ageDays * DAY_MINUTES,
        spec.state ?? 'running',
        n,
      ),
    );
  });

  const autoScalingGroups: AutoScalingGroup[] = (r.autoScalingGroups ?? []).map(
    g => {
      const count = g.instances ?? 2;
      const members = Array.from({ length: count }, (_, n) =>
        instance(
          `${g.name}`,
          'm6i.large',
          g.ageDays * DAY_MINUTES,
          'running',
          n,
          g.name,
        ),
      );
      ec2Instances.push(...members);
      const vpc = vpcs[0];
      const subnets = subnetsOf(vpc, 'private');
      return {
        name: g.name,
        arn: `arn:aws:autoscaling:${region}:${accountId}:autoScalingGroup:${uuid(
          `${key}|asg|${g.name}`,
        )}:autoScalingGroupName/${g.name}`,
        launchTemplate: g.name,
        minSize: Math.min(count, 1),
        maxSize: Math.max(count * 2, 1),
        desiredCapacity: count,
        maxInstanceLifetime:
          g.maxInstanceLifetimeDays === undefined
            ? undefined
            : g.maxInstanceLifetimeDays * 86_400,
        subnetIds: subnets.map(s => s.id),
        availabilityZones: [
          ...new Set(subnets.map(s => s.availabilityZone)),
        ].sort(),
        instanceIds: members.map(m => m.id),
        createdAt: derivedDate(`${key}|asg|${g.name}`, 900),
        instanceRefreshes:
          g.refreshedDaysAgo === undefined
            ? []
            : [
                {
                  id: uuid(`${key}|asg|${g.name}|refresh`),
                  status: 'Successful',
                  startedMinutesAgo: Math.round(
                    g.refreshedDaysAgo * DAY_MINUTES,
                  ),
                  endedMinutesAgo: Math.max(
                    0,
                    Math.round(g.refreshedDaysAgo * DAY_MINUTES) - 25,
                  ),
                },
              ],
        scheduledActions: g.schedule
          ? [
              {
                name: `${g.name}-rotate`,
                recurrence: g.schedule,
                desiredCapacity: count,
                minSize: Math.min(count, 1),
                maxSize: Math.max(count * 2, 1),
              },
            ]
          : [],
      };
    },
  );

  return {
    loadBalancers,
    webAcls,
    rds: { instances, clusters },
    replicationGroups,
    instances: ec2Instances,
    autoScalingGroups,
    macie:
      (r.macie ?? 'NONE') === 'NONE'
        ? undefined
        : {
            status: r.macie as 'ENABLED' | 'PAUSED',
            createdAt: derivedDate(`${key}|macie`, 600),
          },
    kmsKeys: ring.keys,
  };
}

/** A customer key for an S3 bucket in another region than any resource asked for. */
export function bucketKeyArn(
  regions: Record<string, AccountRegion>,
  accountId: string,
  region: string,
  kind: 'customer' | 'aws',
): string | undefined {
  const state = regions[region];
  if (!state) return undefined;
  const ring = new KeyRing(accountId, region);
  const arn = ring.arn(kind, 's3');
  if (!state.kmsKeys.some(k => k.arn === arn)) state.kmsKeys.push(...ring.keys);
  return arn;
}

type TrustSpec = NonNullable<AccountSpec['iamRoles']>[number]['trust'][number];

/** The trust policy document for the principals a role trusts. */
export function trustPolicy(
  accountId: string,
  managementAccountId: string,
  organizationId: string,
  trust: readonly TrustSpec[],
): string {
  const statements: unknown[] = [];
  const accounts = trust
    .filter(t => t === 'self' || t === 'management' || /^\d{12}$/.test(t))
    .map(t => {
      const special: Record<string, string> = {
        self: accountId,
        management: managementAccountId,
      };
      return `arn:aws:iam::${special[t] ?? t}:root`;
    });
  if (accounts.length) {
    statements.push({
      Effect: 'Allow',
      Principal: { AWS: accounts.length === 1 ? accounts[0] : accounts },
      Action: 'sts:AssumeRole',
    });
  }
  const services = trust
    .filter(t => t.startsWith('service:'))
    .map(t => t.slice('service:'.length));
  if (services.length) {
    statements.push({
      Effect: 'Allow',
      Principal: { Service: services.length === 1 ? services[0] : services },
      Action: 'sts:AssumeRole',
    });
  }
  if (trust.includes('saml')) {
    statements.push({
      Effect: 'Allow',
      Principal: {
        Federated: `arn:aws:iam::${accountId}:saml-provider/AWSSSO_${hashHex(
          `${organizationId}|sso`,
          16,
        )}_DO_NOT_DELETE`,
      },
      Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
      Condition: {
        StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' },
      },
    });
  }
  if (trust.includes('org')) {
    statements.push({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
    });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/**
 * Every role of the account: those AssumeRole may enter (trusting the
 * management account), Identity Center's permission-set role (SAML), an
 * operator role trusting the account itself, service-linked roles, and the
 * file's own.
 */
export function resolveIamRoles(
  spec: OrganizationSpec,
  a: AccountSpec,
  assumable: { name: string }[],
): IamRole[] {
  const org = spec.organization;
  const management = org.managementAccount;
  const role = (
    name: string,
    path: string,
    trust: readonly TrustSpec[],
    description?: string,
    created?: string,
  ): IamRole => ({
    name,
    id: `AROA${hashUpper(`${a.id}|role|${name}`, 17)}`,
    path,
    createDate: created ?? derivedDate(`${a.id}|role|${name}`, 1500),
    description,
    trustPolicy: trustPolicy(a.id, management, org.id, trust),
  });
  const sso = hashHex(`${a.id}|sso-admin`, 16);
  return [
    ...assumable.map(r => role(r.name, '/', ['management'])),
    role(
      `AWSReservedSSO_AdministratorAccess_${sso}`,
      '/aws-reserved/sso.amazonaws.com/',
      ['saml'],
      'Identity Center permission set AdministratorAccess',
    ),
    role('account-operator', '/', ['self'], 'Automation inside the account'),
    role(
      'AWSServiceRoleForOrganizations',
      '/aws-service-role/organizations.amazonaws.com/',
      ['service:organizations.amazonaws.com'],
      'Service-linked role used by AWS Organizations',
    ),
    role(
      'AWSServiceRoleForSSO',
      '/aws-service-role/sso.amazonaws.com/',
      ['service:sso.amazonaws.com'],
      'Service-linked role used by AWS SSO',
    ),
    ...(a.iamRoles ?? []).map(r =>
      role(r.name, r.path ?? '/', r.trust, undefined, r.created),
    ),
  ];
}

/** The account's S3 buckets; KMS buckets take their region's customer (or aws/s3) key. */
export function resolveBuckets(
  spec: OrganizationSpec,
  a: AccountSpec,
  regions: Record<string, AccountRegion>,
  issues: SpecIssue[],
  index: number,
): S3Bucket[] {
  const first = spec.organization.regions[0];
  return (a.buckets ?? []).map((b, i) => {
    const region = b.region ?? first;
    if (!regions[region]) {
      issues.push({
        path: ['accounts', index, 'buckets', i, 'region'],
        message: `expected one of organization.regions, got "${region}"`,
      });
    }
    const algorithm = b.encryption ?? 'aws:kms';
    const kms = algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse';
    return {
      name: b.name,
      region,
      createdAt: derivedDate(`${a.id}|bucket|${b.name}`, 1200),
      encryption:
        algorithm === 'NONE'
          ? undefined
          : {
              sseAlgorithm: algorithm,
              kmsMasterKeyId: kms
                ? bucketKeyArn(regions, a.id, region, b.key ?? 'customer')
                : undefined,
              bucketKeyEnabled: b.bucketKey ?? kms,
            },
    };
  });
}

/** The account's CloudFront distributions; a web ACL is global (CLOUDFRONT scope, us-east-1). */
export function resolveDistributions(a: AccountSpec): CloudFrontDistribution[] {
  return (a.distributions ?? []).map(d => {
    const id = `E${hashUpper(`${a.id}|cf|${d.alias}`, 13)}`;
    const aclId = d.webAcl ? uuid(`${a.id}|cf-webacl|${d.webAcl}`) : undefined;
    return {
      id,
      arn: `arn:aws:cloudfront::${a.id}:distribution/${id}`,
      domainName: `d${hashHex(
        `${a.id}|cf|${d.alias}|host`,
        13,
      )}.cloudfront.net`,
      aliases: [d.alias],
      enabled: d.enabled ?? true,
      originDomainName: `origin.${d.alias}`,
      webAclId: d.webAcl
        ? `arn:aws:wafv2:us-east-1:${a.id}:global/webacl/${d.webAcl}/${aclId}`
        : undefined,
      lastModified: derivedDate(`${a.id}|cf|${d.alias}|modified`, 400),
    };
  });
}
