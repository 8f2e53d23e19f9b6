/*
 * Evaluation: guardrail checks as pure functions of collected facts. Nothing
 * here calls AWS or reads the clock.
 */

import {
  type CheckContext,
  type GuardrailCheck,
  type GuardrailConfiguration,
  guardrailCatalogue,
  notJudgedReason,
  type GuardrailEvidence,
  type GuardrailStatus,
} from '@internal/plugin-landing-zone-common';
import { dataStoreChecks } from './checks/dataStores';
import { detectiveChecks } from './checks/detective';
import { edgeChecks } from './checks/edge';
import { ec2Checks } from './checks/ec2';
import { identityChecks } from './checks/identity';
import { ec2InstanceRotationCheck } from './checks/instances';
import { networkChecks } from './checks/network';
import { rcpChecks } from './checks/rcp';
import { rootChecks } from './checks/root';
import { said } from './checks/common';
import { scpChecks } from './checks/scp';

export { buildTransitGatewayIndex } from './transitGatewayIndex';
export { buildVpcIndex } from './vpcIndex';

/** The verdict of one check for one account. */
export type GuardrailResult = {
  checkId: string;
  status: GuardrailStatus;
  evidence: GuardrailEvidence[];
};

const catalogueOrder = new Map(
  guardrailCatalogue.map((definition, index) => [definition.id, index]),
);

/** The built-in checks, one per catalogue entry, in catalogue order. */
export const defaultChecks: GuardrailCheck[] = [
  ...scpChecks,
  ...rcpChecks,
  ...ec2Checks,
  ...detectiveChecks,
  ...rootChecks,
  ...networkChecks,
  ...edgeChecks,
  ...dataStoreChecks,
  ec2InstanceRotationCheck,
  ...identityChecks,
].sort(
  (a, b) =>
    (catalogueOrder.get(a.definition.id) ?? catalogueOrder.size) -
    (catalogueOrder.get(b.definition.id) ?? catalogueOrder.size),
);

/**
 * Runs every check the organisation judges in the account (all of them
 * without `configuration`) against it. A check that throws is reported as
 * unknown with the error as evidence: one broken check never costs the
 * account its other verdicts. A check out of its scope gives no verdict.
 */
export function evaluateAccount(
  checks: GuardrailCheck[],
  context: CheckContext,
  configuration?: GuardrailConfiguration,
): GuardrailResult[] {
  const judged = configuration
    ? checks.filter(
        check =>
          notJudgedReason(
            check.definition,
            configuration,
            context.account.account,
            context.organization.units,
          ) === undefined,
      )
    : checks;
  return judged.map(check => {
    const checkId = check.definition.id;
    try {
      const { status, evidence } = check.evaluate(context);
      return { checkId, status, evidence };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        checkId,
        status: 'unknown',
        evidence: [said('check.failed', { reason: message })],
      };
    }
  });
}
