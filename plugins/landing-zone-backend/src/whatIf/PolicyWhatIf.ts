import type {
  GuardrailCheck,
  GuardrailConfiguration,
  PolicySummary,
  PolicyTarget,
} from '@internal/plugin-landing-zone-common';
import { evaluateAccount } from '../evaluate';
import { loadOrganizationIndexes } from '../scan/Evaluation';
import type { LandingZoneStore } from '../store/LandingZoneStore';
import {
  applyPolicyChange,
  policyProblems,
  reachedAccounts,
  verdictChanges,
  type PolicyChange,
  type PolicyProblem,
  type VerdictChange,
} from './policyChange';
import {
  RequestChanges,
  sampleDecisions,
  type RequestChange,
} from './requests';

// Accounts whose facts are in memory at once.
const CHUNK = 200;

/** What a proposed policy change would do, account by account. */
export type PolicyImpact =
  | { problems: PolicyProblem[] }
  | {
      problems: [];
      /** Active accounts the change reaches (the policy's targets are on their path). */
      reached: number;
      /** The reached accounts with at least one verdict turned around. */
      accounts: { accountId: string; name: string; changes: VerdictChange[] }[];
      /**
       * Sample requests whose decision the change turns around, most
       * accounts first: what a workload role does in each region (SCPs), and
       * requests to the account's resources from inside and outside the
       * organisation, with and without TLS (SCPs and RCPs).
       */
      requests: RequestChange[];
      /** The name of each account `requests` lists, by id. */
      accountNames: Record<string, string>;
    };

type PolicyWhatIfOptions = {
  store: Pick<LandingZoneStore, 'organization' | 'accounts' | 'facts' | 'vpcs'>;
  checks: () => GuardrailCheck[];
  /** The allowed regions the checks judge. */
  regions: string[];
  /** The scopes and settings a scan uses; undefined: everywhere, defaults. */
  guardrails?: GuardrailConfiguration;
};

/**
 * Judges the stored facts of every account a policy change reaches twice,
 * with the organisation's policies as they are and as they would be, with
 * the same checks, scopes and settings a scan uses. Saves nothing.
 */
export class PolicyWhatIf {
  readonly #store: Pick<
    LandingZoneStore,
    'organization' | 'accounts' | 'facts' | 'vpcs'
  >;
  readonly #checks: () => GuardrailCheck[];
  readonly #regions: string[];
  readonly #guardrails?: GuardrailConfiguration;

  private constructor(options: PolicyWhatIfOptions) {
    this.#store = options.store;
    this.#checks = options.checks;
    this.#regions = options.regions;
    this.#guardrails = options.guardrails;
  }

  static create(options: PolicyWhatIfOptions) {
    return new PolicyWhatIf(options);
  }

  /**
   * The organisation's SCPs and RCPs as last scanned, SCPs first, each by
   * name, with their targets named; undefined before the first scan.
   */
  async policies(): Promise<PolicySummary[] | undefined> {
    const organization = await this.#store.organization.get();
    if (!organization) return undefined;
    const accounts = new Map(
      (await this.#store.accounts.identities()).map(a => [a.id, a.name]),
    );
    const units = new Map(organization.units.map(u => [u.id, u.path]));
    const target = (id: string): PolicyTarget => {
      if (id === organization.rootId) return { id, type: 'ROOT', name: 'Root' };
      const path = units.get(id);
      if (path !== undefined) {
        return { id, type: 'ORGANIZATIONAL_UNIT', name: path };
      }
      return { id, type: 'ACCOUNT', name: accounts.get(id) ?? id };
    };
    const byName = (a: { name: string }, b: { name: string }) =>
      a.name.localeCompare(b.name);
    const summaries = (
      policyType: PolicySummary['policyType'],
      policies: typeof organization.policies,
    ): PolicySummary[] =>
      [...policies].sort(byName).map(p => ({
        id: p.id,
        policyType,
        name: p.name,
        description: p.description,
        awsManaged: p.awsManaged,
        content: p.content,
        targets: p.targets.map(target),
      }));
    return [
      ...summaries('SCP', organization.policies),
      ...summaries('RCP', organization.resourceControlPolicies ?? []),
    ];
  }

  /**
   * The impact of `change`; the document's problems instead when it has
   * any. A PolicyChangeError for a policy or target the organisation does
   * not have; an Error when no organisation is stored yet.
   */
  async assess(change: PolicyChange): Promise<PolicyImpact> {
    if (change.kind !== 'detach') {
      const problems = policyProblems(change.content);
      if (problems.length > 0) return { problems };
    }
    const indexes = await loadOrganizationIndexes(this.#store);
    if (!indexes) {
      throw new Error('The organisation has not been scanned yet');
    }
    const { organization, accounts, ...shared } = indexes;
    const changed = applyPolicyChange(
      organization,
      change,
      new Set(accounts.map(a => a.id)),
    );
    const reached = reachedAccounts(
      organization,
      change,
      accounts.filter(a => a.status === 'ACTIVE'),
    );
    const checks = this.#checks();
    const requests = new RequestChanges();
    const contextOf = (
      account: Parameters<typeof evaluateAccount>[1]['account'],
      org: typeof organization,
    ) => ({
      account,
      organization: org,
      allowedRegions: this.#regions,
      vpcs: shared.vpcs,
      transitGateways: shared.transitGateways,
      accountEnvironments: shared.accountEnvironments,
      settings: this.#guardrails?.settings,
    });
    const impacted: Extract<PolicyImpact, { reached: number }>['accounts'] = [];
    const names = new Map<string, string>();
    for (let i = 0; i < reached.length; i += CHUNK) {
      const chunk = await this.#store.facts.load(
        reached.slice(i, i + CHUNK).map(a => a.id),
      );
      for (const facts of chunk) {
        names.set(facts.account.id, facts.account.name);
        const before = contextOf(facts, organization);
        const after = contextOf(facts, changed);
        const changes = verdictChanges(
          evaluateAccount(checks, before, this.#guardrails),
          evaluateAccount(checks, after, this.#guardrails),
        );
        requests.add(
          facts.account.id,
          sampleDecisions(before),
          sampleDecisions(after),
        );
        if (changes.length > 0) {
          impacted.push({
            accountId: facts.account.id,
            name: facts.account.name,
            changes,
          });
        }
      }
    }
    const turned = requests.list();
    const listed = new Set(
      turned.flatMap(r => [...r.becameDenied, ...r.becameAllowed]),
    );
    return {
      problems: [],
      reached: reached.length,
      accounts: impacted,
      requests: turned,
      accountNames: Object.fromEntries(
        [...listed].map(id => [id, names.get(id) ?? id]),
      ),
    };
  }
}
