import type { AccountRequest } from '@internal/plugin-landing-zone-common';

/** The steps a request goes through, in order. */
export const STAGES = [
  'opened',
  'checks',
  'merged',
  'seen',
  'compliant',
] as const;
export type StageKey = (typeof STAGES)[number];

/** done: passed; current: where it is now; failed: stopped there; waiting: not reached. */
export type StageState = 'done' | 'current' | 'failed' | 'waiting';

export type Stage = { key: StageKey; state: StageState; at?: string };

/**
 * Where a request is: pull request opened → its checks (the commit statuses
 * on its head, as GitHub reports them) → merged → the account seen by the
 * scanner → every guardrail passing. A pull request closed unmerged stops
 * the request at the merge.
 */
export function stagesOf(request: AccountRequest): Stage[] {
  const pr = request.pullRequest;
  const closed = pr.state === 'closed';
  const merged = pr.state === 'merged' || Boolean(pr.mergedAt);
  const statuses = pr.statuses;
  let checks: StageState = 'current';
  if (statuses.some(s => s.state === 'failure' || s.state === 'error')) {
    checks = 'failed';
  } else if (
    statuses.length > 0 &&
    statuses.every(s => s.state === 'success')
  ) {
    checks = 'done';
  } else if (merged) {
    // Merged before its checks reported: nothing more will come.
    checks = 'done';
  }
  if (closed && checks === 'current') checks = 'waiting';

  let mergedState: StageState = 'waiting';
  if (merged) mergedState = 'done';
  else if (closed) mergedState = 'failed';
  else if (checks === 'done') mergedState = 'current';

  let seen: StageState = 'waiting';
  if (request.account) seen = 'done';
  else if (merged) seen = 'current';

  let compliant: StageState = 'waiting';
  if (request.state === 'compliant') compliant = 'done';
  else if (request.account) compliant = 'current';

  return [
    { key: 'opened', state: 'done', at: request.createdAt },
    { key: 'checks', state: checks },
    { key: 'merged', state: mergedState, at: pr.mergedAt ?? pr.closedAt },
    { key: 'seen', state: seen, at: request.account?.seenAt },
    { key: 'compliant', state: compliant },
  ];
}
