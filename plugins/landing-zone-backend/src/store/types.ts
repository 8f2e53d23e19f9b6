import type {
  Compliance,
  Environment,
} from '@internal/plugin-landing-zone-common';

// The API's types live in -common; the store returns them as they are.
export type {
  AccountSummary,
  Compliance,
  GuardrailResult,
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
};

/** The filters of the VPC list, already validated. */
export type VpcFilter = {
  accountId?: string;
  region?: string;
  environment?: Environment;
};

/** Where a keyset-paged list starts. */
export type PageRequest = { limit: number; cursor?: string };
