import type {
  AccountFacts,
  Environment,
  FactError,
  OrganizationFacts,
  TransitGatewayFacts,
} from './facts';

/** @public */
export type GuardrailStatus = 'pass' | 'fail' | 'unknown';

/** @public */
export type GuardrailSeverity = 'critical' | 'high' | 'medium' | 'low';

/**
 * Preventive guardrails block: SCPs, RCPs and the EC2 account settings a
 * declarative policy may enforce; detective ones are services and settings
 * that report; network ones are about how VPCs are laid out and connected.
 *
 * @public
 */
export type GuardrailCategory = 'preventive' | 'detective' | 'network';

/**
 * One entry of the guardrail catalogue.
 *
 * @public
 */
export type GuardrailDefinition = {
  /** Stable kebab-case id, e.g. `scp-deny-leave-organization`. */
  id: string;
  title: string;
  description: string;
  category: GuardrailCategory;
  severity: GuardrailSeverity;
  remediation: string;
  /**
   * The accounts the guardrail judges before any configured scope:
   * `data-accounts` judges only accounts configured as holding data
   * (`landingZone.guardrails.dataAccounts`), `identity-center-only` only
   * accounts under OUs configured as signing in through IAM Identity Center
   * alone (`landingZone.guardrails.identityCenterOnly`). Undefined: every
   * account.
   */
  appliesTo?: 'data-accounts' | 'identity-center-only';
  /** Matching controls where one exists; never invented. */
  controls: {
    /** AWS Security Hub Foundational Security Best Practices ids, e.g. `GuardDuty.1`. */
    securityHub?: string[];
    /** CIS AWS Foundations Benchmark v3.0.0 recommendation numbers, e.g. `3.1`. */
    cis?: string[];
  };
};

/**
 * Why a check decided as it did: which region, which resource, which policy statement.
 *
 * @public
 */
export type GuardrailEvidence = {
  message: string;
  region?: string;
  /** A VPC, subnet, trail, detector or user id/name. */
  resource?: string;
  /** For SCP checks: the policy and statement that decided. */
  policy?: { id: string; name: string; sid?: string; target?: string };
  /**
   * What the message says, for readers in other languages: a stable key
   * (e.g. `rootActivity.events`) and the values it names. Pages translate
   * `code` with `params` and fall back to `message` for codes they do not know.
   */
  code?: string;
  params?: Record<string, string | number>;
};

/** @public */
export type GuardrailVerdict = {
  status: GuardrailStatus;
  evidence: GuardrailEvidence[];
};

/**
 * What a VPC elsewhere in the organisation looks like to a network check.
 *
 * @public
 */
export type VpcIndexEntry = {
  vpcId: string;
  accountId: string;
  region: string;
  environment: Environment;
  cidrs: string[];
  /** Transit gateways the VPC has an available attachment to. */
  transitGatewayIds?: string[];
  /** VPCs the VPC has an active peering connection with. */
  peeredVpcIds?: string[];
  /**
   * The VPC's active routes through peering connections and transit gateways
   * (destination and `pcx-…`/`tgw-…` target). Undefined when its route tables
   * were not read.
   */
  routes?: { destination: string; target: string }[];
};

/**
 * A transit gateway of the organisation as the network checks see it: read
 * from its owner account, or the reason it could not be.
 *
 * @public
 */
export type TransitGatewayIndexEntry = {
  transitGatewayId: string;
  ownerId: string;
  region: string;
  facts?: TransitGatewayFacts;
  /** Why the gateway (or its owner's region) could not be read. */
  error?: FactError;
};

/**
 * Accounts picked by their place or their tags: an account matches when one
 * of its OUs (any unit on its path, by name or id, case-insensitive) is
 * listed, or one of its tags has a listed value (`*` accepts any value), or
 * its id is listed.
 *
 * @public
 */
export type AccountSelector = {
  organizationalUnits?: string[];
  tags?: Record<string, string[]>;
  accounts?: string[];
};

/**
 * Where an organisation judges a guardrail (`landingZone.guardrails.checks.<id>`):
 * switched off, or only in the accounts `include` picks, never in those
 * `exclude` picks. A guardrail that `appliesTo` data accounts or
 * Identity-Center-only OUs judges only those, within its scope.
 *
 * @public
 */
export type GuardrailScope = {
  enabled: boolean;
  /** Undefined: every account (of its `appliesTo` population). */
  include?: AccountSelector;
  exclude?: AccountSelector;
};

/**
 * The organisation's settings some checks read; `defaultGuardrailSettings`
 * when not configured.
 *
 * @public
 */
export type GuardrailSettings = {
  /** Running instances older than this fail `ec2-instance-rotation` (default 30). */
  instanceMaxAgeDays: number;
  /**
   * Data stores must be encrypted with a customer managed KMS key, not an AWS
   * managed one nor SSE-S3 (default false).
   */
  requireCustomerManagedKeys: boolean;
  /** Accounts outside the organisation that roles may trust: named partners (default none). */
  trustedAccountIds: string[];
};

/**
 * The settings checks use when the organisation configured none.
 *
 * @public
 */
export const defaultGuardrailSettings: GuardrailSettings = {
  instanceMaxAgeDays: 30,
  requireCustomerManagedKeys: false,
  trustedAccountIds: [],
};

/**
 * Everything a check may read. Checks are pure: same context, same verdict.
 *
 * @public
 */
export type CheckContext = {
  account: AccountFacts;
  organization: OrganizationFacts;
  /** The regions the organisation allows and the scanner reads. */
  allowedRegions: string[];
  /** Every known VPC of the organisation by id, for cross-account network checks. */
  vpcs: ReadonlyMap<string, VpcIndexEntry>;
  /**
   * Every transit gateway owned by a scanned account of the organisation, by
   * id. A gateway missing from it (owned outside the organisation, or by an
   * account that could not be read) has route tables nobody read.
   */
  transitGateways?: ReadonlyMap<string, TransitGatewayIndexEntry>;
  /**
   * The environment of every account of the organisation, also of those whose
   * facts could not be read (their VPCs are missing from `vpcs`).
   */
  accountEnvironments?: ReadonlyMap<string, Environment>;
  /** The organisation's guardrail settings; `defaultGuardrailSettings` when undefined. */
  settings?: GuardrailSettings;
};

/**
 * A guardrail check: its catalogue entry and a pure evaluation function.
 *
 * @public
 */
export type GuardrailCheck = {
  definition: GuardrailDefinition;
  evaluate(context: CheckContext): GuardrailVerdict;
};
