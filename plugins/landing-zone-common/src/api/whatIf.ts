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
  /** Sample requests (an action in a region) whose SCP decision turns around. */
  requests?: {
    action: string;
    region: string;
    becameDenied: string[];
    becameAllowed: string[];
  }[];
};
