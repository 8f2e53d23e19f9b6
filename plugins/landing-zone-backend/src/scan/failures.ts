import type {
  AccountFacts,
  FactError,
} from '@internal/plugin-landing-zone-common';

/*
 * What a scan counts as a failed account: one whose collection recorded any
 * error at all, whatever its kind: a denied or unreachable role, a call that
 * timed out (every attempt), was throttled past its retries, had its
 * connection refused or reset, or was answered with an error. These are
 * exactly the accounts the store marks stale when it saves them (their
 * `staleReason` lists the same errors), so a scan's `accountsFailed` is the
 * number of accounts it left stale. An error that is itself a fact (Security
 * Hub not subscribed, no Block Public Access configuration) is data, not an
 * error, and never reaches here.
 */

/**
 * Every error of one account's collection, where it happened: those of its
 * facts, and those of the reads made per resource inside a fact that was
 * read (a bucket's default encryption, a load balancer's web ACL).
 */
export function collectionErrors(
  facts: AccountFacts,
): { region: string; error: FactError }[] {
  const errors: { region: string; error: FactError }[] = [];
  if (facts.access) errors.push({ region: 'global', error: facts.access });
  for (const fact of Object.values(facts.global ?? {})) {
    if (fact.error) errors.push({ region: 'global', error: fact.error });
  }
  for (const bucket of facts.global?.s3Buckets?.data ?? []) {
    const error = bucket.encryption.error;
    if (error) errors.push({ region: bucket.region ?? 'global', error });
  }
  for (const [region, regionFacts] of Object.entries(facts.regions ?? {})) {
    for (const fact of Object.values(regionFacts)) {
      if (fact.error) errors.push({ region, error: fact.error });
    }
    for (const balancer of regionFacts.loadBalancers?.data ?? []) {
      const error = balancer.webAcl?.error;
      if (error) errors.push({ region, error });
    }
  }
  return errors;
}

/** True when the account's collection was cut short by the scan's signal. */
export function wasAborted(facts: AccountFacts): boolean {
  return collectionErrors(facts).some(e => e.error.code === 'AbortError');
}

const MESSAGE_LENGTH = 300;

/**
 * One entry for the scan's errors summarising a failed account, or undefined
 * when its collection was complete. A denied role is reported as it came;
 * otherwise the entry carries the first error's code and operation and names
 * the first few failed reads.
 */
export function accountFailure(facts: AccountFacts): FactError | undefined {
  const id = facts.account.id;
  if (facts.access) {
    return { ...facts.access, message: `${id}: ${facts.access.message}` };
  }
  const errors = collectionErrors(facts);
  if (errors.length === 0) return undefined;
  const [first] = errors;
  const reads = errors
    .slice(0, 3)
    .map(
      ({ region, error }) =>
        `${error.operation ?? 'read'} (${region}): ${error.code}`,
    )
    .join('; ');
  const more = errors.length > 3 ? ` (+${errors.length - 3} more)` : '';
  const message = `${id}: ${errors.length} read(s) failed: ${reads}${more}. First: ${first.error.message}`;
  return {
    code: first.error.code,
    operation: first.error.operation,
    message:
      message.length > MESSAGE_LENGTH
        ? `${message.slice(0, MESSAGE_LENGTH - 1)}…`
        : message,
  };
}
