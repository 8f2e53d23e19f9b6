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

const tagsSchema = z.record(z.string(), z.string());

const tierSchema = z.enum(['public', 'private', 'isolated']);

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
    transitGateway: z.boolean().optional(),
    tags: tagsSchema.optional(),
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
};

/** The per-region services alone, as `PATCH /_sandbox/accounts/:id/regions/:region` takes them. */
export const regionSettingsSchema = z.object(regionServicesShape).strict();

const regionSchema = z
  .object({
    ...regionServicesShape,
    vpcs: z.array(vpcSchema).optional(),
    transitGateway: z.boolean().optional(),
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

/** The account-level guardrail settings, as `PATCH /_sandbox/accounts/:id` takes them. */
export const accountSettingsSchema = z
  .object({
    rootMfa: z.boolean().optional(),
    rootAccessKeys: z.boolean().optional(),
    s3PublicAccessBlock: publicAccessBlockSchema.optional(),
    denyAssumeRole: z.boolean().optional(),
  })
  .strict();

/** Everything an account may set and `defaults:` may provide. */
const baselineShape = {
  roles: z.array(roleSchema).optional(),
  rootMfa: z.boolean().optional(),
  rootAccessKeys: z.boolean().optional(),
  iamUsers: z.array(iamUserSchema).optional(),
  s3PublicAccessBlock: publicAccessBlockSchema.optional(),
  trails: z.array(trailSchema).optional(),
};

export const accountSchema = z
  .object({
    ...baselineShape,
    id: accountIdSchema,
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, {
      error:
        'expected an account name of letters, digits, spaces, dots, dashes',
    }),
    email: z.email().optional(),
    ou: z.string().min(1).optional(),
    status: z.enum(['ACTIVE', 'SUSPENDED']).optional(),
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
    targets: z.array(z.string().min(1)).min(1),
    content: z.union([z.string(), z.record(z.string(), z.unknown())]),
  })
  .strict();

const vpcRefSchema = z.string().regex(/^[^/]+\/[a-z0-9-]+\/[^/]+$/, {
  error:
    'expected "account/region/vpc-name", e.g. payments-prod/eu-west-1/main',
});

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
