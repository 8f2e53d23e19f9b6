import { z } from 'zod';
import { faultConfigSchema } from '../faults/schema';

/*
 * The organisation file as written by people: compact, with a `defaults:` baseline
 * merged into every account and ids derived where they can be. `resolve.ts` turns
 * it into the fully spelled-out {@link Organization}.
 */

// YAML reads an unquoted 123456789012 as a number; accept it rather than make every
// author remember the quotes (a 12-digit number cannot have lost a leading zero).
const accountIdSchema = z.preprocess(
  value => (typeof value === 'number' ? String(value) : value),
  z.string().regex(/^\d{12}$/, { error: 'expected a 12-digit account id' }),
);

export const regionNameSchema = z
  .string()
  .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, {
    error: 'expected an AWS region name like eu-west-1',
  });

const cidrSchema = z.string().superRefine((value, ctx) => {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(
    value,
  );
  const octets = match ? match.slice(1, 5).map(Number) : [];
  if (!match || octets.some(o => o > 255)) {
    ctx.addIssue({
      code: 'custom',
      message: `expected an IPv4 CIDR block like 10.20.0.0/16, got "${value}"`,
    });
    return;
  }
  const prefix = Number(match[5]);
  // Subnets are carved as prefix+4 (3 tiers × up to 4 AZs), and AWS's smallest subnet is a /28.
  if (prefix < 16 || prefix > 24) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a VPC prefix length between /16 and /24 (AWS allows /16–/28, the sandbox carves subnets 4 bits longer), got /${prefix}`,
    });
    return;
  }
  const address =
    ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>>
    0;
  const hostMask = prefix === 32 ? 0 : 0xffffffff >>> prefix;
  if ((address & hostMask) !== 0) {
    ctx.addIssue({
      code: 'custom',
      message: `expected the network address of the block (host bits zero), got "${value}"`,
    });
  }
});

/** Any IPv4 CIDR block (routes), unlike a VPC's block. */
const routeCidrSchema = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, {
  error: 'expected an IPv4 CIDR block like 10.0.0.0/8',
});

const tagsSchema = z.record(z.string(), z.string());

const natGatewaysSchema = z.enum(['per-az', 'single', 'none']);

const tierSchema = z.enum(['public', 'private', 'isolated']);

/** An IPv4 or IPv6 source block of a rule (0.0.0.0/0, ::/0, 10.0.0.0/8…). */
const sourceSchema = z
  .string()
  .regex(/^((\d{1,3}\.){3}\d{1,3}|[0-9a-f:]*:[0-9a-f:]*)\/\d{1,3}$/, {
    error: 'expected an IPv4 or IPv6 CIDR block like 0.0.0.0/0 or ::/0',
  });

// per-tier: one ACL per subnet tier (the default ACL keeps no subnets);
// default: every subnet stays on the VPC's default ACL.
const networkAclsSchema = z.enum(['per-tier', 'default']);

/** Which KMS key encrypts a resource: the customer's own or the AWS managed one (aws/rds…). */
const keySchema = z.enum(['customer', 'aws']);

const securityGroupSchema = z
  .object({
    name: z.string().min(1),
    // The VPC's name; the region's first VPC when left out.
    vpc: z.string().min(1).optional(),
    ingress: z
      .array(
        z
          .object({
            protocol: z.enum(['tcp', 'udp', '-1']).optional(),
            // One port, [from, to], or every port (protocol -1).
            port: z
              .union([
                z.number().int().min(0).max(65535),
                z.tuple([z.number().int(), z.number().int()]),
              ])
              .optional(),
            from: z.union([sourceSchema, z.array(sourceSchema).min(1)]),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

const vpcSchema = z
  .object({
    name: z.string().min(1),
    cidr: cidrSchema,
    id: z
      .string()
      .regex(/^vpc-[0-9a-f]{8,17}$/, {
        error: 'expected a VPC id like vpc-0a1b2c3d',
      })
      .optional(),
    tiers: z.array(tierSchema).min(1).optional(),
    azs: z.number().int().min(1).max(4).optional(),
    flowLogs: z.boolean().optional(),
    // true: the region's hub; names: those gateways of the region (any owner).
    transitGateway: z
      .union([z.boolean(), z.string().min(1), z.array(z.string().min(1))])
      .optional(),
    // per-az: one per AZ, single: one for the VPC, none. In the public tier when
    // the VPC has one, else private NAT gateways in the first tier.
    natGateways: natGatewaysSchema.optional(),
    networkAcls: networkAclsSchema.optional(),
    // Extra inbound allows on the isolated tier's ACL (a fault when from the internet).
    isolatedInbound: z.array(sourceSchema).optional(),
    tags: tagsSchema.optional(),
  })
  .strict();

/** Which accounts' attachments a route table takes: account tag → values. */
const tagSelectorSchema = z.record(z.string(), z.array(z.string()).min(1));

const vpcRefSchema = z.string().regex(/^[^/]+\/[a-z0-9-]+\/[^/]+$/, {
  error:
    'expected "account/region/vpc-name", e.g. payments-prod/eu-west-1/main',
});

const transitGatewaySchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
      error: 'expected a gateway name of letters, digits, dots, dashes',
    }),
    // The region's hub: VPCs with `transitGateway: true` attach to it.
    hub: z.boolean().optional(),
    autoAcceptSharedAttachments: z.boolean().optional(),
    // Without route tables the gateway has one default table every attachment
    // is associated with and propagates to (AWS's defaults).
    routeTables: z
      .array(
        z
          .object({
            name: z.string().min(1),
            // The gateway's default association and/or propagation table.
            default: z.enum(['association', 'propagation', 'both']).optional(),
            associate: tagSelectorSchema.optional(),
            propagate: tagSelectorSchema.optional(),
            routes: z
              .array(
                z.union([
                  z
                    .object({ cidr: routeCidrSchema, to: vpcRefSchema })
                    .strict(),
                  z
                    .object({
                      cidr: routeCidrSchema,
                      blackhole: z.literal(true),
                    })
                    .strict(),
                ]),
              )
              .optional(),
          })
          .strict(),
      )
      .min(1)
      .optional(),
  })
  .strict();

export const securityHubStandards = {
  fsbp: (region: string) =>
    `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
  'cis-1.2.0': () =>
    'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
  'cis-1.4.0': (region: string) =>
    `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/1.4.0`,
  'cis-3.0.0': (region: string) =>
    `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
  'pci-3.2.1': (region: string) =>
    `arn:aws:securityhub:${region}::standards/pci-dss/v/3.2.1`,
} as const;

/** The per-region services, settable in `defaults.region` and per account and region. */
const regionServicesShape = {
  guardDuty: z.enum(['ENABLED', 'DISABLED', 'NONE']).optional(),
  config: z.enum(['RECORDING', 'STOPPED', 'NONE']).optional(),
  securityHub: z.boolean().optional(),
  securityHubStandards: z
    .array(
      z.enum(
        Object.keys(securityHubStandards) as [
          keyof typeof securityHubStandards,
        ],
      ),
    )
    .optional(),
  // true: one account analyzer; a list: these analyzers (an organisation's
  // management account may have ORGANIZATION analyzers besides its own).
  accessAnalyzer: z
    .union([
      z.boolean(),
      z
        .array(
          z
            .object({
              name: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, {
                error: 'expected an analyzer name like account-analyzer',
              }),
              type: z.enum(['ACCOUNT', 'ORGANIZATION']).optional(),
            })
            .strict(),
        )
        .min(1),
    ])
    .optional(),
  ebsEncryptionByDefault: z.boolean().optional(),
  // The account's own EC2 settings; an EC2 declarative policy overrides them.
  vpcBlockPublicAccess: z
    .union([
      z.enum(['off', 'block-ingress', 'block-bidirectional']),
      z
        .object({
          mode: z.enum(['off', 'block-ingress', 'block-bidirectional']),
          exclusionsAllowed: z.boolean().optional(),
        })
        .strict(),
    ])
    .optional(),
  snapshotBlockPublicAccess: z
    .enum(['block-all-sharing', 'block-new-sharing', 'unblocked'])
    .optional(),
  imageBlockPublicAccess: z.enum(['block-new-sharing', 'unblocked']).optional(),
  instanceMetadataDefaults: z
    .object({
      httpTokens: z.enum(['required', 'optional']).optional(),
      httpPutResponseHopLimit: z.number().int().min(1).max(64).optional(),
      httpEndpoint: z.enum(['enabled', 'disabled']).optional(),
      instanceMetadataTags: z.enum(['enabled', 'disabled']).optional(),
    })
    .strict()
    .optional(),
};

/** The per-region services alone, as `PATCH /_sandbox/accounts/:id/regions/:region` takes them. */
export const regionSettingsSchema = z.object(regionServicesShape).strict();

const regionSchema = z
  .object({
    ...regionServicesShape,
    vpcs: z.array(vpcSchema).optional(),
    // true: this account hosts the region's hub, one default route table.
    transitGateway: z.boolean().optional(),
    transitGateways: z.array(transitGatewaySchema).optional(),
    securityGroups: z.array(securityGroupSchema).optional(),
    loadBalancers: z
      .array(
        z
          .object({
            name: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, {
              error:
                'expected a load balancer name of 1-32 letters, digits, dashes',
            }),
            type: z.enum(['application', 'network']).optional(),
            scheme: z.enum(['internet-facing', 'internal']).optional(),
            vpc: z.string().min(1).optional(),
            // The name of the region's WAF web ACL associated with it.
            webAcl: z.string().min(1).optional(),
          })
          .strict(),
      )
      .optional(),
    // RDS: a DB instance, or with `cluster` an Aurora cluster of that many instances.
    databases: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, {
              error: 'expected a DB identifier like ledger-db',
            }),
            engine: z.string().min(1).optional(),
            cluster: z.number().int().min(1).max(15).optional(),
            encrypted: z.boolean().optional(),
            key: keySchema.optional(),
          })
          .strict(),
      )
      .optional(),
    cacheGroups: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, {
              error: 'expected a replication group id like sessions',
            }),
            engine: z.enum(['redis', 'valkey']).optional(),
            atRest: z.boolean().optional(),
            // false, or the in-transit mode (required when true).
            inTransit: z
              .union([z.boolean(), z.enum(['preferred', 'required'])])
              .optional(),
            key: keySchema.optional(),
          })
          .strict(),
      )
      .optional(),
    // Standalone EC2 instances; their launch is ageDays before the sandbox's start.
    instances: z
      .array(
        z
          .object({
            name: z.string().min(1),
            type: z.string().optional(),
            ageDays: z.number().min(0),
            state: z.enum(['running', 'stopped']).optional(),
          })
          .strict(),
      )
      .optional(),
    autoScalingGroups: z
      .array(
        z
          .object({
            name: z.string().min(1),
            instances: z.number().int().min(0).max(20).optional(),
            // How old its running instances are.
            ageDays: z.number().min(0),
            maxInstanceLifetimeDays: z
              .number()
              .int()
              .min(1)
              .max(365)
              .optional(),
            // A successful instance refresh this many days ago.
            refreshedDaysAgo: z.number().min(0).optional(),
            // A recurring scheduled action (cron).
            schedule: z.string().min(1).optional(),
          })
          .strict(),
      )
      .optional(),
    macie: z.enum(['ENABLED', 'PAUSED', 'NONE']).optional(),
  })
  .strict();

const roleSchema = z.union([
  z.string().min(1),
  z
    .object({ name: z.string().min(1), externalId: z.string().optional() })
    .strict(),
]);

const iamUserSchema = z
  .object({
    name: z.string().min(1),
    path: z.string().optional(),
    created: z.iso.datetime().optional(),
    passwordLastUsed: z.iso.datetime().optional(),
    accessKeys: z
      .array(
        z
          .object({
            status: z.enum(['Active', 'Inactive']).optional(),
            created: z.iso.datetime().optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

// Who a role trusts: self, management, an account id, service:NAME, saml
// (the Identity Center provider), or org (anyone with aws:PrincipalOrgID).
const trustSchema = z.union([
  z.enum(['self', 'management', 'saml', 'org']),
  z.string().regex(/^(\d{12}|service:[a-z0-9.-]+\.amazonaws\.com)$/, {
    error:
      'expected self, management, saml, org, a 12-digit account id or service:NAME.amazonaws.com',
  }),
]);

const iamRoleSchema = z
  .object({
    name: z.string().min(1),
    path: z.string().optional(),
    trust: z.array(trustSchema).min(1),
    created: z.iso.datetime().optional(),
  })
  .strict();

const bucketSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
      error: 'expected an S3 bucket name',
    }),
    // The organisation's first region when left out.
    region: regionNameSchema.optional(),
    // NONE: no default encryption configuration.
    encryption: z
      .enum(['AES256', 'aws:kms', 'aws:kms:dsse', 'NONE'])
      .optional(),
    key: keySchema.optional(),
    bucketKey: z.boolean().optional(),
  })
  .strict();

const distributionSchema = z
  .object({
    // The alias (CNAME) it serves.
    alias: z.string().min(1),
    // The name of the account's global (CLOUDFRONT) web ACL.
    webAcl: z.string().min(1).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

const publicAccessBlockSchema = z.union([
  z.literal('NONE'),
  z
    .object({
      blockPublicAcls: z.boolean(),
      ignorePublicAcls: z.boolean(),
      blockPublicPolicy: z.boolean(),
      restrictPublicBuckets: z.boolean(),
    })
    .strict(),
]);

const trailSchema = z
  .object({
    name: z.string().min(1),
    homeRegion: regionNameSchema,
    s3BucketName: z.string().optional(),
    multiRegion: z.boolean().optional(),
    logFileValidation: z.boolean().optional(),
    logging: z.boolean().optional(),
  })
  .strict();

// true: a hardware device (ListVirtualMFADevices does not list it); virtual: a virtual one.
const rootMfaSchema = z.union([z.boolean(), z.enum(['virtual', 'hardware'])]);

const rootEventSchema = z
  .object({
    region: regionNameSchema,
    eventName: z.string().min(1),
    eventSource: z.string().optional(),
    // How long before the sandbox's start: 3d, 5h, 40m.
    ago: z.string().regex(/^\d+[dhm]$/, {
      error: 'expected a duration like 3d, 5h or 40m',
    }),
    sourceIp: z.string().min(1),
    readOnly: z.boolean().optional(),
  })
  .strict();

/** The account-level guardrail settings, as `PATCH /_sandbox/accounts/:id` takes them. */
export const accountSettingsSchema = z
  .object({
    rootMfa: rootMfaSchema.optional(),
    rootAccessKeys: z.boolean().optional(),
    // false removes every root credential (as sts:AssumeRoot's
    // IAMDeleteRootUserCredentials does); true gives the root user a password back.
    rootCredentials: z.boolean().optional(),
    s3PublicAccessBlock: publicAccessBlockSchema.optional(),
    denyAssumeRole: z.boolean().optional(),
  })
  .strict();

/** Everything an account may set and `defaults:` may provide. */
const baselineShape = {
  roles: z.array(roleSchema).optional(),
  rootMfa: rootMfaSchema.optional(),
  rootAccessKeys: z.boolean().optional(),
  // false: no root password, keys, certificates or MFA (centralised root access).
  rootCredentials: z.boolean().optional(),
  rootSigningCertificates: z.boolean().optional(),
  iamUsers: z.array(iamUserSchema).optional(),
  // Roles besides the baseline (the `roles` above, Identity Center's and service-linked ones).
  iamRoles: z.array(iamRoleSchema).optional(),
  buckets: z.array(bucketSchema).optional(),
  distributions: z.array(distributionSchema).optional(),
  s3PublicAccessBlock: publicAccessBlockSchema.optional(),
  trails: z.array(trailSchema).optional(),
};

export const accountSchema = z
  .object({
    ...baselineShape,
    id: accountIdSchema,
    // AWS allows 1–50 characters of any kind (Unicode code points, counted as such).
    name: z
      .string()
      .refine(name => [...name].length >= 1 && [...name].length <= 50, {
        error: 'expected an account name of 1 to 50 characters',
      }),
    email: z.email().optional(),
    ou: z.string().min(1).optional(),
    status: z
      .enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED'])
      .optional(),
    rootActivity: z.array(rootEventSchema).optional(),
    joined: z.iso.datetime().optional(),
    joinedMethod: z.enum(['CREATED', 'INVITED']).optional(),
    tags: tagsSchema.optional(),
    denyAssumeRole: z.boolean().optional(),
    regions: z.record(regionNameSchema, regionSchema).optional(),
  })
  .strict();

const policySchema = z
  .object({
    id: z
      .string()
      .regex(/^p-[0-9a-zA-Z_]{8,128}$/, {
        error: 'expected a policy id like p-a1b2c3d4',
      })
      .optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    type: z
      .enum([
        'SERVICE_CONTROL_POLICY',
        'RESOURCE_CONTROL_POLICY',
        'DECLARATIVE_POLICY_EC2',
      ])
      .optional(),
    targets: z.array(z.string().min(1)).min(1),
    content: z.union([z.string(), z.record(z.string(), z.unknown())]),
  })
  .strict();

/** The whole organisation file. */
export const organizationFileSchema = z
  .object({
    organization: z
      .object({
        id: z.string().regex(/^o-[a-z0-9]{10,32}$/, {
          error: 'expected an organization id like o-a1b2c3d4e5',
        }),
        rootId: z.string().regex(/^r-[0-9a-z]{4,32}$/, {
          error: 'expected a root id like r-a1b2',
        }),
        managementAccount: accountIdSchema,
        inUse: z.boolean().optional(),
        featureSet: z.enum(['ALL', 'CONSOLIDATED_BILLING']).optional(),
        regions: z.array(regionNameSchema).min(1),
        trail: trailSchema.optional(),
        // Enabled on the root; SERVICE_CONTROL_POLICY when not given.
        policyTypes: z
          .array(
            z.enum([
              'SERVICE_CONTROL_POLICY',
              'RESOURCE_CONTROL_POLICY',
              'DECLARATIVE_POLICY_EC2',
            ]),
          )
          .optional(),
        rootAccessFeatures: z
          .array(z.enum(['RootCredentialsManagement', 'RootSessions']))
          .optional(),
      })
      .strict(),
    organizationalUnits: z
      .array(
        z
          .object({
            path: z.string().regex(/^[^/]+(\/[^/]+)*$/, {
              error: 'expected an OU path like Workloads/Prod',
            }),
            id: z
              .string()
              .regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, {
                error: 'expected an OU id like ou-a1b2-c3d4e5f6',
              })
              .optional(),
            tags: tagsSchema.optional(),
          })
          .strict(),
      )
      .optional(),
    policies: z.array(policySchema).optional(),
    // AWS attaches its managed FullAWSAccess (SCP) and RCPFullAWSAccess (RCP)
    // everywhere; these targets have them detached.
    managedPolicies: z
      .object({
        FullAWSAccess: z
          .object({ detachedFrom: z.array(z.string().min(1)) })
          .strict()
          .optional(),
        RCPFullAWSAccess: z
          .object({ detachedFrom: z.array(z.string().min(1)) })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    defaults: z
      .object({
        ...baselineShape,
        region: z.object(regionServicesShape).strict().optional(),
        vpc: z
          .object({
            tiers: z.array(tierSchema).min(1).optional(),
            azs: z.number().int().min(1).max(4).optional(),
            flowLogs: z.boolean().optional(),
            transitGateway: z.boolean().optional(),
            natGateways: natGatewaysSchema.optional(),
            networkAcls: networkAclsSchema.optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    accounts: z.array(accountSchema).min(1),
    peerings: z
      .array(
        z
          .object({
            id: z
              .string()
              .regex(/^pcx-[0-9a-f]{8,17}$/, {
                error: 'expected a peering id like pcx-0a1b2c3d',
              })
              .optional(),
            requester: vpcRefSchema,
            accepter: vpcRefSchema,
            status: z
              .enum([
                'active',
                'pending-acceptance',
                'rejected',
                'failed',
                'deleted',
              ])
              .optional(),
            // Which side's private route tables route to the other VPC.
            routes: z
              .enum(['both', 'requester', 'accepter', 'none'])
              .optional(),
          })
          .strict(),
      )
      .optional(),
    faults: faultConfigSchema.optional(),
  })
  .strict();

/**
 * The organisation file as written in YAML, before defaults are merged.
 *
 * @public
 */
export type OrganizationFile = z.input<typeof organizationFileSchema>;

/** The parsed organisation file, after zod's defaults and coercions. */
export type OrganizationSpec = z.output<typeof organizationFileSchema>;
export type AccountSpec = OrganizationSpec['accounts'][number];
export type RegionSpec = NonNullable<AccountSpec['regions']>[string];
export type VpcSpec = NonNullable<RegionSpec['vpcs']>[number];
export type RegionSettings = z.output<typeof regionSettingsSchema>;
export type AccountSettings = z.output<typeof accountSettingsSchema>;
export type TransitGatewaySpec = z.output<typeof transitGatewaySchema>;
export type RootEventSpec = z.output<typeof rootEventSchema>;
