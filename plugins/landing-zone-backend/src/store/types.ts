import type {
  Compliance,
  Environment,
  GuardrailStatus,
} from '@internal/plugin-landing-zone-common';
import type { AccountScope } from '../permissions';

// The API's types live in -common; the store returns them as they are.
export type {
  AccountSummary,
  Compliance,
  GuardrailAccount,
  GuardrailResult,
  GuardrailStatus,
  MatrixCell,
  MatrixRow,
  Page,
  PostureCounts,
  ScanRun,
  ScanState,
  VpcSummary,
} from '@internal/plugin-landing-zone-common';

/** The filters of the account list, already validated. */
export type AccountFilter = {
  ou?: string;
  owner?: string;
  environment?: Environment;
  compliance?: Compliance;
  text?: string;
  includeRemoved?: boolean;
  /** The accounts a permission decision admits; none: every account. */
  scope?: AccountScope;
};

/**
 * The filters of the posture matrix: the accounts', and a verdict `status`
 * on `check` (on any check without one). `check` alone keeps the accounts
 * judged on it.
 */
export type MatrixFilter = AccountFilter & {
  check?: string;
  status?: GuardrailStatus;
};

/** The filters of the VPC list, already validated. */
export type VpcFilter = {
  accountId?: string;
  region?: string;
  environment?: Environment;
  /** The accounts a permission decision admits; none: every account. */
  scope?: AccountScope;
};

/** Where a keyset-paged list starts. */
export type PageRequest = { limit: number; cursor?: string };
