import type {
  AccountIdentity,
  Environment,
  FactError,
  GuardrailEvidence,
  GuardrailStatus,
} from '@internal/plugin-landing-zone-common';

/** @public */
export type ScanState =
  | 'running'
  | 'succeeded'
  | 'partial'
  | 'failed'
  | 'interrupted'
  | 'cancelled';

/** @public */
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
  accountsFailed: number;
  errors: FactError[];
};

/** @public */
export type Compliance = 'compliant' | 'non-compliant' | 'unknown';

/** An account as listed: identity, freshness and compliance. @public */
export type AccountSummary = AccountIdentity & {
  owner?: string;
  lastCollectedAt?: string;
  staleReason?: string;
  compliance: Compliance;
  checks: { passing: number; failing: number; unknown: number };
};

/** @public */
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
  links: {
    type: 'peering' | 'transit-gateway';
    id: string;
    status: string;
    /** The VPC on the other side of a peering, or the transit gateway id. */
    peer: string;
    peerAccountId?: string;
  }[];
};

/** @public */
export type GuardrailResult = {
  accountId: string;
  checkId: string;
  status: GuardrailStatus;
  evidence: GuardrailEvidence[];
  evaluatedAt: string;
};

/** @public */
export type PostureCounts = {
  passing: number;
  failing: number;
  unknown: number;
};

/** @public */
export type AccountFilter = {
  ou?: string;
  owner?: string;
  environment?: Environment;
  compliance?: Compliance;
  text?: string;
  includeRemoved?: boolean;
};

/** @public */
export type Page<T> = { items: T[]; nextCursor?: string; totalCount: number };
