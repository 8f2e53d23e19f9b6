import { z } from 'zod';
import { describeIssue, formatPath } from '../../org/load';

/*
 * Account requests as Account Factory for Terraform (AFT) takes them: Terraform
 * files under account-requests/ calling the aft-account-request module,
 *
 *   module "payments-dev" {
 *     source = "./modules/aft-account-request"
 *     control_tower_parameters = {
 *       AccountEmail              = "aws+payments-dev@example.com"
 *       AccountName               = "payments-dev"
 *       ManagedOrganizationalUnit = "QA (ou-f1nt-qa000000)"
 *       ...
 *     }
 *     account_tags = { owner = "team-payments" }
 *     account_customizations_name = "standard-vpc"
 *     custom_fields = { vpc_cidr = "10.130.0.0/16", vpc_region = "eu-west-1" }
 *   }
 *
 * A request with custom_fields.vpc_cidr gets a VPC (in vpc_region, or the first
 * of the comma-separated allowed_regions) whatever its customization is called:
 * the portal's template names a customization per account.
 *
 * read with a real HCL2 parser (hcl2-parser: HashiCorp's hcl compiled to
 * JavaScript), then checked field by field. Only literal values are read: a
 * request that computes them (`"${var.x}"`) cannot be provisioned from the file.
 */

/** The folder AFT reads requests from, and the module's own folder inside it. */
export function isAccountRequestFile(filePath: string): boolean {
  return (
    filePath.startsWith('account-requests/') &&
    filePath.endsWith('.tf') &&
    !filePath.split('/').includes('modules')
  );
}

export type AccountRequest = {
  module: string;
  accountName: string;
  accountEmail: string;
  /** `Name (ou-id)` for a nested OU, or the name of a top-level one. */
  organizationalUnit: string;
  tags: Record<string, string>;
  customization?: string;
  vpc?: { cidr: string; region?: string };
};

export type RequestProblem = { module?: string; message: string };

const scalar = z
  .union([z.string(), z.number(), z.boolean()])
  .transform(value => String(value));

const requestSchema = z.object({
  source: z.string(),
  control_tower_parameters: z.looseObject({
    AccountEmail: z.email(),
    AccountName: z.string().min(1),
    ManagedOrganizationalUnit: z.string().min(1),
  }),
  account_tags: z.record(z.string(), scalar).optional(),
  custom_fields: z.record(z.string(), scalar).optional(),
  account_customizations_name: z.string().optional(),
});

/** `hcl2json`'s form: every block type maps labels to a list of bodies. */
const fileSchema = z.looseObject({
  module: z
    .record(z.string(), z.array(z.record(z.string(), z.unknown())))
    .optional(),
});

type Hcl2Parser = { parseToString(input: string): unknown };
let parser: Hcl2Parser | undefined;

/** The parser is a 4 MB bundle: loaded on the first request, not at every start. */
function hcl(): Hcl2Parser {
  // A require, not import(): Jest runs the sandbox as CommonJS, where a dynamic
  // import needs --experimental-vm-modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parser ??= require('hcl2-parser') as Hcl2Parser;
  return parser;
}

/** The file as JSON, or undefined when it is not valid HCL2. */
export function parseHcl(text: string): unknown {
  const [json, error] = hcl().parseToString(text) as [string, unknown];
  if (error || !json) return undefined;
  return JSON.parse(json);
}

function expressionIn(value: unknown, at: string[] = []): string | undefined {
  if (typeof value === 'string') {
    return value.includes('${') ? at.join('.') : undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = expressionIn(v, [...at, k]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Every aft-account-request module call in one file, and what makes others unusable. */
export function parseAccountRequests(text: string): {
  requests: AccountRequest[];
  problems: RequestProblem[];
} {
  const parsed = fileSchema.safeParse(parseHcl(text));
  if (!parsed.success) {
    return {
      requests: [],
      problems: [
        { message: 'is not valid HCL (terraform would not parse it)' },
      ],
    };
  }
  const requests: AccountRequest[] = [];
  const problems: RequestProblem[] = [];
  for (const [module, bodies] of Object.entries(parsed.data.module ?? {})) {
    for (const body of bodies) {
      const source = body.source;
      if (
        typeof source !== 'string' ||
        !/aft-account-request\/?$/.test(source)
      ) {
        continue;
      }
      const expression = expressionIn(body);
      if (expression) {
        problems.push({
          module,
          message: `${expression} is an expression; the account factory reads literal values only`,
        });
        continue;
      }
      const checked = requestSchema.safeParse(body);
      if (!checked.success) {
        problems.push({
          module,
          message: checked.error.issues
            .map(i => `${formatPath(i.path)}: ${describeIssue(i)}`)
            .join('; '),
        });
        continue;
      }
      const request = checked.data;
      const fields = request.custom_fields ?? {};
      const customization = request.account_customizations_name;
      if (customization === 'standard-vpc' && !fields.vpc_cidr) {
        problems.push({
          module,
          message:
            'account_customizations_name "standard-vpc" needs custom_fields.vpc_cidr (the VPC\'s CIDR block)',
        });
        continue;
      }
      requests.push({
        module,
        accountName: request.control_tower_parameters.AccountName,
        accountEmail: request.control_tower_parameters.AccountEmail,
        organizationalUnit:
          request.control_tower_parameters.ManagedOrganizationalUnit,
        tags: request.account_tags ?? {},
        customization,
        // A VPC whenever the request carries its CIDR: in vpc_region, else the
        // first of allowed_regions (what the portal's template writes).
        vpc: fields.vpc_cidr
          ? {
              cidr: fields.vpc_cidr,
              region:
                fields.vpc_region ||
                fields.allowed_regions?.split(',')[0]?.trim() ||
                undefined,
            }
          : undefined,
      });
    }
  }
  return { requests, problems };
}
