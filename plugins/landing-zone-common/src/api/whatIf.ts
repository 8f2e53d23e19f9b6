/*
 * POST /policies/what-if: what a proposed change to the organisation's SCPs
 * or RCPs would do to every account it reaches, before it is attached.
 */
import type { GuardrailEvidence, GuardrailStatus } from '../checks';

/**
 * A proposed change: a new policy attached to one target (the root, an OU or
 * an account), an existing policy's document replaced, or an existing policy
 * detached from one of its targets.
 *
 * @public
 */
export type PolicyWhatIfRequest =
  | {
      kind: 'attach-new';
      policyType: 'SCP' | 'RCP';
      name: string;
      content: string;
      targetId: string;
    }
  | { kind: 'edit'; policyId: string; content: string }
  | { kind: 'detach'; policyId: string; targetId: string };

/**
 * What is wrong with a proposed document, with its 1-based line and column
 * when known.
 *
 * @public
 */
export type PolicyDocumentProblem = {
  message: string;
  line?: number;
  column?: number;
};

/**
 * The answer: the document's problems (then nothing was evaluated), or the
 * verdicts and sample requests the change turns around.
 *
 * @public
 */
export type PolicyWhatIfResult = {
  problems: PolicyDocumentProblem[];
  /** Active accounts the change reaches; absent when the document has problems. */
  reached?: number;
  /** Reached accounts with at least one verdict turned around. */
  accounts?: {
    accountId: string;
    name: string;
    changes: {
      checkId: string;
      before: GuardrailStatus;
      after: GuardrailStatus;
      evidence: GuardrailEvidence[];
    }[];
  }[];
  /**
   * Sample requests whose decision by the organisation's SCPs and RCPs turns
   * around, most accounts first: what a role of each account does (an action
   * in a region), and what is asked of its resources, from inside and from
   * outside the organisation, with and without TLS.
   */
  requests?: PolicyWhatIfRequestChange[];
  /** The name of each account `requests` lists, by id. */
  accountNames?: Record<string, string>;
};

/**
 * A sample request a policy change turns around, with the accounts (ids)
 * where it does. The fields after `region` say who makes it; a server that
 * predates them sent only requests a role of the account makes over TLS,
 * judged by SCPs, which is what their absence means.
 *
 * @public
 */
export type PolicyWhatIfRequestChange = {
  /** e.g. `ec2:RunInstances`, `s3:GetObject` */
  action: string;
  /** `aws:RequestedRegion` */
  region: string;
  /**
   * Who makes it: a role of the account itself (`account-role`), or a role
   * of an account outside the organisation (`outside-organization`, made to
   * a resource of the account: an S3 object, a KMS key, a role to assume,
   * an SQS queue, a secret). Absent: `account-role`.
   */
  principal?: 'account-role' | 'outside-organization';
  /** False for a request without TLS (`aws:SecureTransport` false). Absent: true. */
  secureTransport?: boolean;
  /**
   * The policy types that judge it: `['SCP']` for what a role of the account
   * does with no resource named; `['SCP', 'RCP']` for its request to a
   * resource of the account; `['RCP']` for a request from outside the
   * organisation, which SCPs do not bound. Absent: `['SCP']`.
   */
  policyTypes?: ('SCP' | 'RCP')[];
  /** Accounts where it was allowed and would be denied. */
  becameDenied: string[];
  /** Accounts where it was denied and would be allowed. */
  becameAllowed: string[];
};

/**
 * A target a policy is attached to, with its name: the root, an OU (its
 * path) or an account.
 *
 * @public
 */
export type PolicyTarget = {
  id: string;
  type: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';
  /** `Root`, an OU's path such as `Root/Workloads/Prod`, or an account's name. */
  name: string;
};

/**
 * One of the organisation's SCPs or RCPs as last scanned (GET /policies).
 *
 * @public
 */
export type PolicySummary = {
  id: string;
  policyType: 'SCP' | 'RCP';
  name: string;
  description?: string;
  awsManaged: boolean;
  /** The policy document, as Organizations returns it. */
  content: string;
  /** Where it is attached; an id the organisation no longer has is named by its id. */
  targets: PolicyTarget[];
};

/**
 * GET /policies: the organisation's SCPs and RCPs, SCPs first, by name.
 *
 * @public
 */
export type PolicyList = { items: PolicySummary[] };
