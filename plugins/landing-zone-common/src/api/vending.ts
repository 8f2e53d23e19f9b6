/*
 * Account vending: the routes behind the scaffolder's landing-zone actions
 * and the "Account requests" view. A request is checked against the live
 * organisation, gets a VPC CIDR from a configured pool, is opened as a pull
 * request by the template, and is then followed by the backend until its
 * account is seen and compliant.
 */
import type { Compliance, Page, PageQuery, PostureCounts } from './types';

/**
 * The environments an account can be requested for.
 *
 * @public
 */
export type VendingEnvironment = 'prod' | 'stage' | 'qa' | 'sandbox';

/**
 * The environments an account can be requested for, in the order a form
 * offers them.
 *
 * @public
 */
export const vendingEnvironments: readonly VendingEnvironment[] = [
  'prod',
  'stage',
  'qa',
  'sandbox',
];

/**
 * What is checked before a request is opened
 * (POST /account-requests/validation).
 *
 * @public
 */
export type AccountRequestInput = {
  accountName: string;
  email: string;
  ouId: string;
  environment: VendingEnvironment;
  regions: string[];
};

/**
 * The fields of a request a problem can be about.
 *
 * @public
 */
export type AccountRequestField = keyof AccountRequestInput;

/**
 * One thing wrong with a request: the field and what to do about it.
 *
 * @public
 */
export type AccountRequestProblem = {
  field: AccountRequestField;
  message: string;
};

/**
 * An organizational unit as a request names it.
 *
 * @public
 */
export type VendingOrganizationalUnit = {
  id: string;
  name: string;
  /** e.g. `Root/Workloads/Prod` */
  path: string;
  /** `Name (ou-id)`, the form AFT's ManagedOrganizationalUnit takes. */
  managedOrganizationalUnit: string;
  /** Whether the OU holds suspended accounts: no new account goes there. */
  suspended: boolean;
};

/**
 * POST /account-requests/validation: every problem of a request, or none.
 *
 * @public
 */
export type AccountRequestValidation = {
  valid: boolean;
  problems: AccountRequestProblem[];
  /** The OU, when it exists. */
  organizationalUnit?: VendingOrganizationalUnit;
  /** The configured regions the SCPs on the OU's path allow. */
  allowedRegions: string[];
  /**
   * The account name as an identifier for file names, branch names and
   * Terraform module names: lower-case letters, digits and dashes, starting
   * with a letter.
   */
  slug: string;
  /** The account tag that names the owner (the catalog's `ownerTag`). */
  ownerTag: string;
};

/**
 * How the SCPs on an OU's path judge a request made in one region.
 *
 * @public
 */
export type RegionDecision = {
  region: string;
  allowed: boolean;
  /** What decided, e.g. `denied by region-allow-list at ou-ab12-cd34ef56`. */
  reason: string;
  /** The policy that denied it, when one did explicitly. */
  deniedBy?: { policyId: string; policyName: string; target: string };
};

/**
 * GET /organizational-units/:ouId/allowed-regions.
 *
 * @public
 */
export type AllowedRegions = {
  organizationalUnit: VendingOrganizationalUnit;
  /** Each configured region (landingZone.regions), in configured order. */
  regions: RegionDecision[];
  /** The configured regions the SCPs allow, in configured order. */
  allowedRegions: string[];
};

/**
 * Who already uses a name or an email address.
 *
 * @public
 */
export type AvailabilityHolder =
  | { kind: 'account'; accountId: string; accountName: string }
  | {
      kind: 'request';
      requestId: string;
      accountName: string;
      pullRequestUrl: string;
    };

/**
 * Whether one value is free.
 *
 * @public
 */
export type Availability = {
  value: string;
  available: boolean;
  /** Why it cannot be used: taken, or not a valid value at all. */
  reason?: string;
  takenBy?: AvailabilityHolder;
};

/**
 * GET /account-requests/availability?name=&email=: one entry per value asked.
 *
 * @public
 */
export type AccountRequestAvailability = {
  name?: Availability;
  email?: Availability;
};

/**
 * A configured CIDR pool.
 *
 * @public
 */
export type CidrPoolSummary = {
  name: string;
  cidr: string;
  /** The block an allocation of `prefixLength` would get now. */
  nextFree?: string;
  /** Blocks reserved or held by requests. */
  allocated: number;
};

/**
 * GET /cidr-pools?prefixLength=.
 *
 * @public
 */
export type CidrPoolList = {
  defaultPrefixLength: number;
  prefixLength: number;
  pools: CidrPoolSummary[];
};

/**
 * POST /cidr-allocations.
 *
 * @public
 */
export type CidrAllocationRequest = {
  /** What the block is for: the requested account's name. */
  requestKey: string;
  /** Default: landingZone.vending.defaultPrefixLength. */
  prefixLength?: number;
  /** Pool name; default the first configured. */
  pool?: string;
};

/**
 * reserved: allocated, expires unless a request holds it; held: a request
 * in flight holds it; assigned: its request was merged; released: free
 * again (expired, superseded, or its pull request closed unmerged).
 *
 * @public
 */
export type CidrAllocationState = 'reserved' | 'held' | 'assigned' | 'released';

/**
 * A block of a pool, given to a request.
 *
 * @public
 */
export type CidrAllocation = {
  id: string;
  pool: string;
  cidr: string;
  prefixLength: number;
  requestKey: string;
  state: CidrAllocationState;
  requestId?: string;
  createdAt: string;
  /** When a reservation lapses. */
  expiresAt?: string;
  releasedAt?: string;
  releaseReason?: string;
};

/**
 * POST /account-requests: a request whose pull request is open.
 *
 * @public
 */
export type AccountRequestRegistration = AccountRequestInput & {
  monthlyBudgetUsd?: number;
  /** The CIDR allocation the request's VPC uses. */
  allocationId?: string;
  /** The pull request's web URL (publish:github:pull-request's remoteUrl). */
  pullRequestUrl: string;
  /** Entity reference of who asked, e.g. `user:default/pat`. */
  requestedBy?: string;
};

/**
 * Where a request is: its pull request open, merged, its account seen by
 * the scanner, that account passing every guardrail; or its pull request
 * closed unmerged.
 *
 * @public
 */
export type AccountRequestState =
  | 'open'
  | 'merged'
  | 'account-seen'
  | 'compliant'
  | 'closed';

/**
 * A commit status on the pull request's head, as GitHub reports it.
 *
 * @public
 */
export type CommitStatus = {
  context: string;
  state: 'pending' | 'success' | 'failure' | 'error';
  description?: string;
  targetUrl?: string;
  updatedAt?: string;
};

/**
 * A guardrail the new account inherits from its OU's policies, as the
 * portal judges it before the account exists.
 *
 * @public
 */
export type InheritedGuardrail = {
  checkId: string;
  title: string;
  status: 'pass' | 'fail' | 'unknown';
};

/**
 * The status the portal posts on the pull request's head.
 *
 * @public
 */
export type PortalStatus = {
  context: string;
  state: 'success' | 'failure';
  description: string;
  sha: string;
  postedAt: string;
  guardrails: InheritedGuardrail[];
  /** What is no longer free: name, email or CIDR, each with the reason. */
  conflicts: string[];
};

/**
 * An account request and how far it has got.
 *
 * @public
 */
export type AccountRequest = {
  id: string;
  accountName: string;
  email: string;
  ouId: string;
  ouPath?: string;
  environment: VendingEnvironment;
  regions: string[];
  monthlyBudgetUsd?: number;
  requestedBy?: string;
  slug: string;
  state: AccountRequestState;
  cidr?: string;
  allocationId?: string;
  pullRequest: {
    url: string;
    owner: string;
    repo: string;
    number: number;
    state: 'open' | 'closed' | 'merged' | 'unknown';
    headSha?: string;
    statuses: CommitStatus[];
    mergedAt?: string;
    closedAt?: string;
  };
  portalStatus?: PortalStatus;
  account?: {
    id: string;
    name: string;
    seenAt: string;
    compliance: Compliance;
    checks: PostureCounts;
  };
  createdAt: string;
  updatedAt: string;
  /** When the backend last read the pull request. */
  followedAt?: string;
  /** Why the last attempt to follow it failed. */
  followError?: string;
};

/**
 * POST /account-requests: the request and its page in the portal.
 *
 * @public
 */
export type RegisteredAccountRequest = {
  request: AccountRequest;
  /** e.g. `https://portal.example.com/landing-zone/requests/<id>` */
  requestUrl: string;
};

/**
 * GET /account-requests: newest first. `state` narrows to one state, or
 * `active` to those still in flight (open or merged).
 *
 * @public
 */
export type ListAccountRequestsQuery = PageQuery & {
  state?: AccountRequestState | 'active';
};

/**
 * GET /accounts/:accountId/network: where a service stack goes in an
 * account. Without `region`, the first configured region with a VPC.
 *
 * @public
 */
export type AccountNetworkQuery = { region?: string; vpcId?: string };

/**
 * An account's VPC in one region, its subnets by tier and the account's
 * compliance.
 *
 * @public
 */
export type AccountNetwork = {
  accountId: string;
  accountName: string;
  /** The inventory's environment of the account (from its tags). */
  environment: string;
  region: string;
  vpcId: string;
  vpcName?: string;
  vpcCidr: string;
  privateSubnetIds: string[];
  publicSubnetIds: string[];
  isolatedSubnetIds: string[];
  compliance: Compliance;
  compliant: boolean;
  /** The guardrails the account fails, for refusing a prod deployment. */
  failingGuardrails: { checkId: string; title: string }[];
};

/**
 * The vending routes of /api/landing-zone, as the scaffolder module and the
 * frontend's form fields and "Account requests" view see them.
 *
 * @public
 */
export interface LandingZoneVendingApi {
  /** POST /account-requests/validation */
  validateAccountRequest(
    input: AccountRequestInput,
    options?: { token?: string },
  ): Promise<AccountRequestValidation>;
  /** GET /organizational-units/:ouId/allowed-regions; undefined for an unknown OU. */
  getAllowedRegions(
    ouId: string,
    options?: { token?: string },
  ): Promise<AllowedRegions | undefined>;
  /** GET /account-requests/availability */
  checkAvailability(
    query: { name?: string; email?: string },
    options?: { token?: string },
  ): Promise<AccountRequestAvailability>;
  /** GET /cidr-pools */
  listCidrPools(
    query?: { prefixLength?: number },
    options?: { token?: string },
  ): Promise<CidrPoolList>;
  /** POST /cidr-allocations: idempotent per requestKey while reserved. */
  allocateCidr(
    request: CidrAllocationRequest,
    options?: { token?: string },
  ): Promise<CidrAllocation>;
  /** GET /cidr-allocations/:allocationId; undefined when unknown. */
  getCidrAllocation(
    allocationId: string,
    options?: { token?: string },
  ): Promise<CidrAllocation | undefined>;
  /** POST /account-requests: idempotent per pull request. */
  registerAccountRequest(
    registration: AccountRequestRegistration,
    options?: { token?: string },
  ): Promise<RegisteredAccountRequest>;
  /** GET /account-requests */
  listAccountRequests(
    query?: ListAccountRequestsQuery,
    options?: { token?: string },
  ): Promise<Page<AccountRequest>>;
  /** GET /account-requests/:requestId; undefined when unknown. */
  getAccountRequest(
    requestId: string,
    options?: { token?: string },
  ): Promise<AccountRequest | undefined>;
  /** GET /accounts/:accountId/network; undefined for an unknown account. */
  getAccountNetwork(
    accountId: string,
    query?: AccountNetworkQuery,
    options?: { token?: string },
  ): Promise<AccountNetwork | undefined>;
}

const EMAIL_LOCAL_FORBIDDEN = /[\s"'()<>[\]:;,\\|%&]/;
const EMAIL_DOMAIN = /^[A-Za-z0-9.-]+$/;

/**
 * What is wrong with an account name by AWS's rules (Organizations'
 * CreateAccount: 1 to 50 characters, any Unicode), or undefined when it is
 * fine. Control characters are refused too: a name is shown and written into
 * files.
 *
 * @public
 */
export function accountNameProblem(name: string): string | undefined {
  const length = [...name].length;
  if (length < 1) return 'must not be empty';
  if (length > 50) return `must be at most 50 characters (it has ${length})`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    return 'must not contain control characters';
  }
  if (name.trim() !== name) return 'must not start or end with a space';
  return undefined;
}

/**
 * What is wrong with a root email address by AWS's rules (Organizations'
 * CreateAccount), or undefined when it is fine.
 *
 * @public
 */
export function rootEmailProblem(email: string): string | undefined {
  if (email.length < 6 || email.length > 64) {
    return `must be 6 to 64 characters (it has ${email.length})`;
  }
  // eslint-disable-next-line no-control-regex
  if (!/^[\u0000-\u007f]*$/.test(email)) {
    return 'must be 7-bit ASCII';
  }
  const parts = email.split('@');
  if (parts.length !== 2) return 'must contain exactly one @';
  const [local, domain] = parts;
  if (!local) return 'must have a name before the @';
  if (EMAIL_LOCAL_FORBIDDEN.test(local)) {
    return `the part before the @ must not contain whitespace or any of " ' ( ) < > [ ] : ; , \\ | % &`;
  }
  if (local.startsWith('.')) {
    return 'the part before the @ must not start with a dot';
  }
  if (!EMAIL_DOMAIN.test(domain)) {
    return 'the domain may hold only letters, digits, hyphens and dots';
  }
  if (/^[.-]|[.-]$/.test(domain)) {
    return 'the domain must not start or end with a hyphen or a dot';
  }
  if (!domain.includes('.')) return 'the domain must contain a dot';
  return undefined;
}

/**
 * An account name as an identifier for file names, branch names and
 * Terraform module names: accents dropped, lower case, runs of anything else
 * as one dash, starting with a letter, at most 50 characters. A name with no
 * such letters at all (e.g. only CJK) gets `account-` and a hash of the name.
 *
 * @public
 */
export function accountSlug(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!ascii) return `account-${fnv1a(name)}`;
  const slug = /^[a-z]/.test(ascii) ? ascii : `account-${ascii}`;
  return slug.slice(0, 50).replace(/-+$/, '');
}

// FNV-1a, 32 bits, as 8 hex digits: stable everywhere, no crypto needed.
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    hash ^= code;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
