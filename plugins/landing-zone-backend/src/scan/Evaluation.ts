import type {
  GuardrailCheck,
  GuardrailConfiguration,
  PostureCounts,
} from '@internal/plugin-landing-zone-common';
import { buildTransitGatewayIndex, evaluateAccount } from '../evaluate';
import { count, noCounts, PostureRollup } from '../evaluate/rollup';
import type { LandingZoneStore } from '../store/LandingZoneStore';
import type { GuardrailResult } from '../store/types';

// Accounts whose facts are in memory at once during evaluation.
const EVALUATION_CHUNK = 200;

type EvaluationOptions = {
  store: Pick<
    LandingZoneStore,
    'organization' | 'accounts' | 'facts' | 'vpcs' | 'results'
  >;
  checks: () => GuardrailCheck[];
  /** The allowed regions the checks judge. */
  regions: string[];
  /** Daily roll-ups kept. */
  historyDays: number;
  /** Where each guardrail is judged and the checks' settings; undefined: everywhere, defaults. */
  guardrails?: GuardrailConfiguration;
};

/**
 * What every check of every account reads besides the account's own facts:
 * the organisation, its VPCs and transit gateways, every account's identity
 * and environment. Undefined when no organisation is stored yet.
 */
export async function loadOrganizationIndexes(
  store: Pick<LandingZoneStore, 'organization' | 'accounts' | 'facts' | 'vpcs'>,
) {
  const organization = await store.organization.get();
  if (!organization) return undefined;
  // Network checks need every VPC of the organisation; that index comes from
  // the VPC table, so the facts themselves are read a chunk of accounts at a
  // time and memory stays flat however large the organisation.
  const vpcs = await store.vpcs.index();
  // Route tables of the transit gateways, from the accounts that own them.
  const transitGateways = buildTransitGatewayIndex(
    await store.facts.transitGatewayOwners(),
  );
  const accounts = await store.accounts.identities();
  // An account whose facts could not be read still has an environment: a
  // route to one of its VPCs can be judged by it.
  const accountEnvironments = new Map(accounts.map(a => [a.id, a.environment]));
  return { organization, vpcs, transitGateways, accounts, accountEnvironments };
}

/**
 * Judges every account of the organisation from the stored facts and saves
 * the verdicts with the day's roll-up. It never calls AWS: it reads what
 * collection saved, so it runs the same after a complete, partial or
 * aborted collection.
 */
export class Evaluation {
  readonly #store: Pick<
    LandingZoneStore,
    'organization' | 'accounts' | 'facts' | 'vpcs' | 'results'
  >;
  readonly #checks: () => GuardrailCheck[];
  readonly #regions: string[];
  readonly #historyDays: number;
  readonly #guardrails?: GuardrailConfiguration;

  private constructor(options: EvaluationOptions) {
    this.#guardrails = options.guardrails;
    this.#store = options.store;
    this.#checks = options.checks;
    this.#regions = options.regions;
    this.#historyDays = options.historyDays;
  }

  static create(options: EvaluationOptions) {
    return new Evaluation(options);
  }

  /**
   * Judges and saves; nothing when no organisation is stored yet. An aborted
   * `signal` stops it between chunks and saves nothing: the results stay
   * those of the last complete evaluation. With `scanId`, the verdicts it
   * turns around are recorded as that scan's transitions.
   */
  async run(signal?: AbortSignal, scanId?: string): Promise<void> {
    const store = this.#store;
    const indexes = await loadOrganizationIndexes(store);
    if (!indexes) return;
    const {
      organization,
      vpcs,
      transitGateways,
      accounts,
      accountEnvironments,
    } = indexes;
    const checks = this.#checks();
    const now = new Date().toISOString();
    // Each chunk's verdicts are staged and let go: only the counts stay in
    // memory, and readers see the last evaluation until the swap.
    const rollup = new PostureRollup(organization.rootId);
    const counts = new Map<string, PostureCounts>();
    await store.results.clearStaged();
    const active = accounts.filter(a => a.status === 'ACTIVE').map(a => a.id);
    for (let i = 0; i < active.length; i += EVALUATION_CHUNK) {
      signal?.throwIfAborted();
      const chunk = await store.facts.load(
        active.slice(i, i + EVALUATION_CHUNK),
      );
      const results: GuardrailResult[] = [];
      for (const account of chunk) {
        const verdicts = evaluateAccount(
          checks,
          {
            account,
            organization,
            allowedRegions: this.#regions,
            vpcs,
            transitGateways,
            accountEnvironments,
            settings: this.#guardrails?.settings,
          },
          this.#guardrails,
        );
        rollup.add(account.account, verdicts);
        const accountCounts = noCounts();
        for (const verdict of verdicts) {
          count(accountCounts, verdict.status);
          results.push({
            accountId: account.account.id,
            evaluatedAt: now,
            ...verdict,
          });
        }
        counts.set(account.account.id, accountCounts);
      }
      await store.results.stage(results);
    }
    signal?.throwIfAborted();
    await store.results.commitStaged({
      counts,
      rollup: rollup.rows(),
      day: now.slice(0, 10),
      historyDays: this.#historyDays,
      scanId,
    });
  }
}
