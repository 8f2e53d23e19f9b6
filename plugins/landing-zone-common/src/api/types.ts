/*
 * The landing-zone API contract: what every route of /api/landing-zone takes
 * and returns. The backend's router and service are typed against these, and
 * so is LandingZoneClient, which the frontend plugin and other plugins'
 * backend modules share: a change on one side fails the type check on the
 * other.
 */
import type {
  GuardrailDefinition,
  GuardrailEvidence,
  GuardrailStatus,
} from '../checks';
import type { AccountIdentity, Environment, FactError } from '../facts';
import type { AccountFacts } from '../facts';
import type { GuardrailConfiguration, NotJudgedReason } from '../scope';

/**
 * An account's overall verdict: non-compliant when any guardrail fails,
 * unknown when none fails but one could not be judged, else compliant.
 *
 * @public
 */
export type Compliance = 'compliant' | 'non-compliant' | 'unknown';

/**
 * Verdicts counted by status.
 *
 * @public
 */
export type PostureCounts = {
  passing: number;
  failing: number;
  unknown: number;
};

/**
 * Accounts counted by compliance.
 *
 * @public
 */
export type ComplianceCounts = {
  compliant: number;
  nonCompliant: number;
  unknown: number;
};

/**
 * One page of a list. `nextCursor` is absent on the last page; pass it back
 * as `cursor` for the next. `totalCount` counts the whole filtered list, as it
 * was when its first page was read.
 *
 * @public
 */
export type Page<T> = { items: T[]; nextCursor?: string; totalCount: number };

/**
 * Paging of every list: `limit` 1–500 (default 50), `cursor` from a previous page.
 *
 * @public
 */
export type PageQuery = { limit?: number; cursor?: string };

/**
 * An account as listed: identity, freshness and compliance.
 *
 * @public
 */
export type AccountSummary = AccountIdentity & {
  owner?: string;
  lastCollectedAt?: string;
  /** Why the last collection was incomplete; absent when it was complete. */
  staleReason?: string;
  compliance: Compliance;
  checks: PostureCounts;
};

/**
 * Filters of GET /accounts. `ou` includes every OU below it; `q` matches
 * name, email or id literally, case-insensitively.
 *
 * @public
 */
export type ListAccountsQuery = PageQuery & {
  ou?: string;
  owner?: string;
  environment?: Environment;
  compliance?: Compliance;
  q?: string;
};

/**
 * A link from a VPC: a peering connection or a transit-gateway attachment.
 *
 * @public
 */
export type VpcLink = {
  type: 'peering' | 'transit-gateway';
  id: string;
  status: string;
  /** The VPC on the other side of a peering, or the transit gateway id. */
  peer: string;
  peerAccountId?: string;
};

/**
 * A VPC environment: one VPC of one account in one region.
 *
 * @public
 */
export type VpcSummary = {
  vpcId: string;
  accountId: string;
  region: string;
  name?: string;
  isDefault: boolean;
  environment: Environment;
  cidrs: string[];
  tiers: { public: number; private: number; isolated: number };
  flowLogs: boolean;
  links: VpcLink[];
};

/**
 * Filters of GET /vpcs.
 *
 * @public
 */
export type ListVpcsQuery = PageQuery & {
  accountId?: string;
  region?: string;
  environment?: Environment;
};

/**
 * One account's verdict on one guardrail.
 *
 * @public
 */
export type GuardrailResult = {
  accountId: string;
  checkId: string;
  status: GuardrailStatus;
  evidence: GuardrailEvidence[];
  evaluatedAt: string;
};

/**
 * GET /accounts/:accountId: the account, its last good facts, its verdicts
 * and its VPCs.
 *
 * @public
 */
export type AccountDetails = {
  account: AccountSummary;
  facts: Pick<AccountFacts, 'access' | 'global' | 'regions'>;
  guardrails: GuardrailResult[];
  vpcs: VpcSummary[];
  /**
   * The guardrails of the catalogue that are not judged in this account
   * because of the organisation's configuration, and why.
   */
  notJudged: { checkId: string; reason: NotJudgedReason }[];
};

/**
 * One node of the OU tree (GET /organizational-units). Accounts are not
 * listed inline: GET /accounts?ou=<id> pages through them.
 *
 * @public
 */
export type OrganizationTreeNode = {
  id: string;
  /** On the root only: the organisation's id, e.g. `o-a1b2c3d4e5`. */
  organizationId?: string;
  /** On the root only: the management account's id. */
  managementAccountId?: string;
  name: string;
  path: string;
  /** Accounts directly in this OU, of any status. */
  accountCount: number;
  /** Active accounts in this OU and every OU below it, by compliance. */
  compliance: ComplianceCounts;
  children: OrganizationTreeNode[];
};

/**
 * One day of a posture trend. For all checks it counts accounts by overall
 * compliance; for one check, accounts by that check's verdict.
 *
 * @public
 */
export type PostureTrendPoint = {
  day: string;
} & ComplianceCounts;

/**
 * GET /posture/trend: the daily history of the organisation, one OU (the
 * accounts below it) or one check, or both.
 *
 * @public
 */
export type PostureTrendQuery = { days?: number; ou?: string; check?: string };

/**
 * @public
 */
export type PostureTrend = { items: PostureTrendPoint[] };

/**
 * GET /posture: the organisation's posture now, per check and per OU, with
 * its trend.
 *
 * @public
 */
export type PostureSummary = {
  /** The whole organisation's totals, whoever asks. */
  organization: { accounts: number } & ComplianceCounts;
  /** Per check: over the accounts the caller may read. */
  checks: (Pick<GuardrailDefinition, 'id' | 'title' | 'category' | 'severity'> &
    PostureCounts)[];
  /** Per OU, inclusive of sub-OUs: over the accounts the caller may read. */
  organizationalUnits: {
    id: string;
    path: string;
    compliance: ComplianceCounts;
  }[];
  /** The whole organisation's daily history. */
  trend: PostureTrendPoint[];
  /**
   * `all` when the caller may read every account; `limited` when a
   * permission policy admits only some (for example their team's), so that
   * `checks` and `organizationalUnits` count only those.
   */
  visibility: 'all' | 'limited';
};

/**
 * GET /guardrails: the catalogue, with the checks other modules added.
 *
 * @public
 */
export type GuardrailList = {
  items: GuardrailDefinition[];
  /**
   * How the organisation configured them: scopes by guardrail id, the data
   * accounts, the Identity-Center-only OUs and the settings checks read.
   */
  configuration: GuardrailConfiguration;
};

/** @public */
export type ScanState =
  | 'running'
  | 'succeeded'
  | 'partial'
  | 'failed'
  | 'interrupted'
  | 'cancelled';

/**
 * One scan: who started it, its progress, how it ended and why.
 *
 * @public
 */
export type ScanRun = {
  id: string;
  trigger: 'schedule' | 'manual';
  requestedBy?: string;
  state: ScanState;
  startedAt: string;
  heartbeatAt: string;
  finishedAt?: string;
  accountsTotal: number;
  accountsDone: number;
  /**
   * Accounts with any error in their collection (denied, timed out, throttled
   * beyond retries, unreachable): the accounts this scan left stale.
   */
  accountsFailed: number;
  errors: FactError[];
};

/**
 * Filters of the posture matrix and its CSV export: the account filters of
 * GET /accounts, plus `check` and `status` (accounts whose verdict on that
 * guardrail has that status; `status` alone: accounts with any guardrail of
 * that status).
 *
 * @public
 */
export type MatrixQuery = ListAccountsQuery & {
  check?: string;
  status?: GuardrailStatus;
};

/**
 * One account's verdict on one guardrail in the matrix, with the time it
 * last changed to that status.
 *
 * @public
 */
export type MatrixCell = {
  status: GuardrailStatus;
  /** When the verdict last became this status (first seen so, if never changed). */
  since: string;
};

/**
 * One row of the matrix: an account and its verdict per guardrail id.
 *
 * @public
 */
export type MatrixRow = {
  account: AccountSummary;
  cells: Record<string, MatrixCell>;
};

/**
 * GET /matrix: one page of accounts x guardrails, the accounts with most
 * failing guardrails first. `checks` is the column order (the catalogue's).
 *
 * @public
 */
export type PostureMatrix = Page<MatrixRow> & { checks: string[] };

/**
 * GET /guardrails/:checkId: a guardrail and how the estate stands on it.
 *
 * @public
 */
export type GuardrailDetails = {
  definition: GuardrailDefinition;
  /** Active accounts by their verdict on this guardrail. */
  counts: PostureCounts;
};

/**
 * Filters of GET /guardrails/:checkId/accounts: the account filters and a
 * verdict status (default `fail`).
 *
 * @public
 */
export type GuardrailAccountsQuery = ListAccountsQuery & {
  status?: GuardrailStatus;
};

/**
 * One account's standing on one guardrail, with its evidence.
 *
 * @public
 */
export type GuardrailAccount = {
  account: AccountSummary;
  status: GuardrailStatus;
  since: string;
  evaluatedAt: string;
  evidence: GuardrailEvidence[];
};
