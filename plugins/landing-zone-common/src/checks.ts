import type { AccountFacts, Environment, OrganizationFacts } from './facts';

/** @public */
export type GuardrailStatus = 'pass' | 'fail' | 'unknown';

/** @public */
export type GuardrailSeverity = 'critical' | 'high' | 'medium' | 'low';

/**
 * Preventive guardrails are SCPs; detective ones are services and settings
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
