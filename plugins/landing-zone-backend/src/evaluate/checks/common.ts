/*
 * What every check family shares: catalogue lookup, evidence said by code
 * (see -common's evidence.ts), turning fact errors into evidence, and the
 * rule that combines per-region findings into one verdict: any failure
 * fails; otherwise anything unreadable makes it unknown; otherwise it passes.
 */

import {
  type CheckContext,
  type EvidenceCode,
  type Fact,
  type FactError,
  getGuardrailDefinition,
  type GlobalFacts,
  type GuardrailDefinition,
  type GuardrailEvidence,
  type GuardrailVerdict,
  type RegionFacts,
  renderEvidence,
} from '@internal/plugin-landing-zone-common';

export function definitionOf(id: string): GuardrailDefinition {
  const definition = getGuardrailDefinition(id);
  if (!definition) {
    throw new Error(`Guardrail ${id} is missing from the catalogue`);
  }
  return definition;
}

/** A text of the evidence: its code, its values and its English. */
export type Said = Required<Pick<GuardrailEvidence, 'message' | 'code'>> &
  Pick<GuardrailEvidence, 'params'>;

/**
 * Says `code` with `values`, a value that is a text itself becoming a part
 * (`<name>.code`, `<name>.<value>`). The message is the English template
 * filled in, so it reads as the pages' English does.
 */
export function said(
  code: EvidenceCode,
  values: Record<string, string | number | Said> = {},
): Said {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'object') {
      params[name] = value;
      continue;
    }
    params[`${name}.code`] = value.code;
    for (const [key, partValue] of Object.entries(value.params ?? {})) {
      params[`${name}.${key}`] = partValue;
    }
  }
  const text = Object.keys(params).length > 0 ? { code, params } : { code };
  return { ...text, message: renderEvidence({ message: '', ...text }) };
}

/** `a`, `a and b`, `a, b and c` (or `or`, or commas only); never empty. */
export function listOf(
  items: Said[],
  conjunction: 'and' | 'or' | 'comma',
): Said {
  if (items.length < 2) return items[0];
  const last = items[items.length - 1];
  const head =
    items.length === 2 ? items[0] : listOf(items.slice(0, -1), 'comma');
  return said(`list.${conjunction}`, { head, last });
}

/** A fact error as evidence says it; AWS's code and message are data. */
export function errorText(error: FactError): Said {
  const values = { errorCode: error.code, errorMessage: error.message };
  return error.operation
    ? said('error.operation', { operation: error.operation, ...values })
    : said('error', values);
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
    evidence: [said('account.unreadable', { error: errorText(access) })],
  };
}

/**
 * The evidence for a fact the scanner did not collect: facts stored before
 * the portal read it lack it, and a verdict never passes for want of data.
 */
export function notCollected(what: Said, region?: string): GuardrailEvidence {
  const text = said('notCollected', { what });
  return region ? { region, ...text } : text;
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
  what: Said = said('fact'),
): void {
  if (context.allowedRegions.length === 0) {
    findings.unknowns.push(said('regions.none'));
  }
  for (const region of context.allowedRegions) {
    const facts = context.account.regions?.[region];
    if (!facts) {
      findings.unknowns.push({ region, ...said('region.notScanned') });
      continue;
    }
    const fact = pick(facts);
    if (!fact) {
      findings.unknowns.push(notCollected(what, region));
      continue;
    }
    if (fact.error) {
      findings.unknowns.push({ region, ...errorText(fact.error) });
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
  what?: Said,
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
  what: Said = said('fact'),
): GuardrailVerdict {
  const denied = accessVerdict(context);
  if (denied) {
    return denied;
  }
  const global = context.account.global;
  if (!global) {
    return {
      status: 'unknown',
      evidence: [said('global.notCollected')],
    };
  }
  const fact = pick(global);
  if (!fact) {
    return { status: 'unknown', evidence: [notCollected(what)] };
  }
  if (fact.error) {
    return {
      status: 'unknown',
      evidence: [errorText(fact.error)],
    };
  }
  return judge(fact.data as T);
}
