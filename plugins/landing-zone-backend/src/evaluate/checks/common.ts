/*
 * What every check family shares: catalogue lookup, turning fact errors into
 * evidence, and the rule that combines per-region findings into one verdict:
 * any failure fails; otherwise anything unreadable makes it unknown;
 * otherwise it passes.
 */

import {
  type CheckContext,
  type Fact,
  type FactError,
  getGuardrailDefinition,
  type GlobalFacts,
  type GuardrailDefinition,
  type GuardrailEvidence,
  type GuardrailVerdict,
  type RegionFacts,
} from '@internal/plugin-landing-zone-common';

export function definitionOf(id: string): GuardrailDefinition {
  const definition = getGuardrailDefinition(id);
  if (!definition) {
    throw new Error(`Guardrail ${id} is missing from the catalogue`);
  }
  return definition;
}

export function describeError(error: FactError): string {
  const operation = error.operation ? `${error.operation}: ` : '';
  return `${operation}${error.code}: ${error.message}`;
}

/** Findings of a check, sorted by how they weigh on the verdict. */
export type Findings = {
  failures: GuardrailEvidence[];
  unknowns: GuardrailEvidence[];
  passes: GuardrailEvidence[];
};

export function emptyFindings(): Findings {
  return { failures: [], unknowns: [], passes: [] };
}

export function verdictOf(
  findings: Findings,
  passWhenEmpty: GuardrailEvidence[] = [],
): GuardrailVerdict {
  if (findings.failures.length > 0) {
    // Unreadable regions are kept: the failure may not be the only one.
    return {
      status: 'fail',
      evidence: [...findings.failures, ...findings.unknowns],
    };
  }
  if (findings.unknowns.length > 0) {
    return { status: 'unknown', evidence: findings.unknowns };
  }
  return {
    status: 'pass',
    evidence: findings.passes.length > 0 ? findings.passes : passWhenEmpty,
  };
}

/** The verdict for an account whose member role could not be assumed. */
export function accessVerdict(
  context: CheckContext,
): GuardrailVerdict | undefined {
  const access = context.account.access;
  if (!access) {
    return undefined;
  }
  return {
    status: 'unknown',
    evidence: [
      { message: `Account could not be read: ${describeError(access)}` },
    ],
  };
}

/**
 * The evidence for a fact the scanner did not collect: facts stored before
 * the portal read it lack it, and a verdict never passes for want of data.
 */
export function notCollected(what: string, region?: string): GuardrailEvidence {
  const message = `${what} was not collected (facts from before the portal read it)`;
  return region ? { region, message } : { message };
}

/**
 * Reads one fact in every allowed region. Regions that were not scanned and
 * facts that could not be read become unknown findings; `judge` sorts the
 * data of the others. `pick` may return undefined for a fact added after
 * the first release; `what` names it in the evidence.
 */
export function forEachRegion<T>(
  context: CheckContext,
  findings: Findings,
  pick: (facts: RegionFacts) => Fact<T> | undefined,
  judge: (data: T, region: string) => void,
  what = 'The fact',
): void {
  if (context.allowedRegions.length === 0) {
    findings.unknowns.push({ message: 'No allowed regions are configured' });
  }
  for (const region of context.allowedRegions) {
    const facts = context.account.regions?.[region];
    if (!facts) {
      findings.unknowns.push({ region, message: 'Region was not scanned' });
      continue;
    }
    const fact = pick(facts);
    if (!fact) {
      findings.unknowns.push(notCollected(what, region));
      continue;
    }
    if (fact.error) {
      findings.unknowns.push({ region, message: describeError(fact.error) });
      continue;
    }
    judge(fact.data as T, region);
  }
}

/** Evaluates a regional fact, with the account-level unknowns handled. */
export function regionalVerdict<T>(
  context: CheckContext,
  pick: (facts: RegionFacts) => Fact<T> | undefined,
  judge: (data: T, region: string, findings: Findings) => void,
  passWhenEmpty: GuardrailEvidence[] = [],
  what?: string,
): GuardrailVerdict {
  const denied = accessVerdict(context);
  if (denied) {
    return denied;
  }
  const findings = emptyFindings();
  forEachRegion(
    context,
    findings,
    pick,
    (data, region) => judge(data, region, findings),
    what,
  );
  return verdictOf(findings, passWhenEmpty);
}

/** Evaluates a global (once per account) fact. */
export function globalVerdict<T>(
  context: CheckContext,
  pick: (facts: GlobalFacts) => Fact<T> | undefined,
  judge: (data: T) => GuardrailVerdict,
  what = 'The fact',
): GuardrailVerdict {
  const denied = accessVerdict(context);
  if (denied) {
    return denied;
  }
  const global = context.account.global;
  if (!global) {
    return {
      status: 'unknown',
      evidence: [{ message: 'Global facts were not collected' }],
    };
  }
  const fact = pick(global);
  if (!fact) {
    return { status: 'unknown', evidence: [notCollected(what)] };
  }
  if (fact.error) {
    return {
      status: 'unknown',
      evidence: [{ message: describeError(fact.error) }],
    };
  }
  return judge(fact.data as T);
}
