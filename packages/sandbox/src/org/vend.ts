import { BASELINE_DEFAULTS } from './generate';
import { hashHex } from './ids';
import { describeIssue, formatPath } from './load';
import type { OrganizationIndex } from './OrganizationIndex';
import { resolveAccount, type SpecIssue } from './resolve';
import type { GatewayCatalog } from './resolveTransitGateways';
import { regionCode } from './resolveNetwork';
import { accountSchema, type OrganizationSpec } from './schema';
import type { Account, TransitGateway } from './types';

/*
 * Accounts created while the sandbox runs, as Account Factory for Terraform
 * creates them after an account request is merged: a new id, ACTIVE, in the
 * requested OU with the requested tags, and the landing zone's compliant baseline
 * (what global-customizations applies to every account), optionally with a VPC.
 */

export type VendRequest = {
  name: string;
  email: string;
  parentId: string;
  tags: Record<string, string>;
  /** A 3-tier VPC (the `standard-vpc` customization), attached to the region's hub when there is one. */
  vpc?: { cidr: string; region: string };
};

/** A request the organisation cannot honour; `message` says why, in the request's terms. */
export class VendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VendError';
  }
}

/** A 12-digit id no account of the organisation has, fixed by the organisation and the email. */
function newAccountId(index: OrganizationIndex, email: string): string {
  for (let round = 0; ; round++) {
    const digits = (
      BigInt(`0x${hashHex(`${index.organization.id}|${email}|${round}`, 16)}`) %
      10n ** 12n
    )
      .toString()
      .padStart(12, '0');
    if (!index.account(digits)) return digits;
  }
}

function issueText(issues: SpecIssue[]): string {
  return issues
    .map(i => `${formatPath(i.path.slice(2))}: ${i.message}`)
    .join('; ');
}

/** Creates the account and adds it to the organisation; the next AWS call sees it. */
export function vendAccount(
  index: OrganizationIndex,
  request: VendRequest,
  now: Date = new Date(),
): Account {
  const org = index.organization;
  if (request.vpc && !org.regions.includes(request.vpc.region)) {
    throw new VendError(
      `VPC region ${
        request.vpc.region
      } is not an operating region of the organisation (${org.regions.join(
        ', ',
      )})`,
    );
  }
  const id = newAccountId(index, request.email);
  const parsed = accountSchema.safeParse({
    id,
    name: request.name,
    email: request.email,
    tags: request.tags,
    // AWS creates member accounts without root credentials once the
    // organisation manages root access centrally.
    rootCredentials: !org.rootAccessFeatures.includes(
      'RootCredentialsManagement',
    ),
    joined: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    regions: request.vpc
      ? {
          [request.vpc.region]: {
            vpcs: [
              {
                name: `${request.name}-${regionCode(request.vpc.region)}`,
                cidr: request.vpc.cidr,
                transitGateway: org.transitGateways.some(
                  t => t.hub && t.region === request.vpc!.region,
                ),
              },
            ],
          },
        }
      : undefined,
  });
  if (!parsed.success) {
    throw new VendError(
      parsed.error.issues
        .map(i => `${formatPath(i.path)}: ${describeIssue(i)}`)
        .join('; '),
    );
  }
  const spec: OrganizationSpec = {
    organization: {
      id: org.id,
      rootId: org.rootId,
      managementAccount: org.managementAccountId,
      regions: org.regions,
      rootAccessFeatures: org.rootAccessFeatures,
    },
    defaults: BASELINE_DEFAULTS,
    accounts: [parsed.data],
  };
  // Attachments land on copies of the hubs first: the organisation changes
  // only once the account resolved without a problem.
  const scratch = new Map<string, TransitGateway>(
    org.transitGateways
      .filter(t => t.hub)
      .map(t => [
        t.region,
        {
          ...t,
          attachments: [],
          routeTables: t.routeTables.map(table => ({
            ...table,
            associations: [],
            propagations: [],
          })),
        },
      ]),
  );
  const gateways: GatewayCatalog = {
    gateways: [...scratch.values()],
    hub: region => scratch.get(region),
    named: () => undefined,
    routes: new Map(),
  };
  const issues: SpecIssue[] = [];
  const account = resolveAccount(
    spec,
    parsed.data,
    request.parentId,
    gateways,
    `arn:aws:s3:::lz-vpc-flow-logs-${org.id}`,
    issues,
    0,
  );
  if (issues.length > 0) throw new VendError(issueText(issues));
  index.addAccount(
    account,
    [...scratch.values()].flatMap(t =>
      t.attachments.map(a => ({ ...a, transitGatewayId: t.id })),
    ),
  );
  return account;
}
