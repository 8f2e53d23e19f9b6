import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  guardrailCatalogue,
  type AccountDetails,
  type GuardrailAccount,
  type GuardrailAccountsQuery,
  type GuardrailCheck,
  type GuardrailDefinition,
  type GuardrailDetails,
  type GuardrailConfiguration,
  type GuardrailList,
  defaultGuardrailSettings,
  notJudgedReason,
  type ListAccountsQuery,
  type ListVpcsQuery,
  type MatrixQuery,
  type OrganizationTreeNode,
  type Page,
  type PageQuery,
  type PostureMatrix,
  type PostureSummary,
  type PostureTrend,
  type PostureTrendQuery,
} from '@internal/plugin-landing-zone-common';
import type { LandingZoneService } from '@internal/plugin-landing-zone-node';
import {
  ALL_CHECKS,
  asCompliance,
  noCounts,
  ORG_SCOPE,
} from '../evaluate/rollup';
import type { AccountScope } from '../permissions';
import type { Scanner } from '../scan/Scanner';
import type { LandingZoneStore } from '../store/LandingZoneStore';
import type { AccountFilter, MatrixFilter } from '../store/types';
import { matrixCsvHeader, matrixCsvRows } from './matrixCsv';

const DEFAULT_LIMIT = 50;
const DEFAULT_DAYS = 30;

/**
 * The landing-zone service in-process: what the router serves and the
 * plugin's own modules use. Every read is bounded: lists are pages, counts
 * come from the stored roll-up. Input is validated by the caller (the router's
 * schemas); an unknown OU, account, check or scan is a NotFoundError here, the
 * same way for every route, except in the posture dashboard's filters (the
 * matrix, a guardrail's accounts), where an unknown OU or check is the
 * caller's mistake: an InputError.
 */
export class LandingZoneServiceImpl implements LandingZoneService {
  readonly #store: LandingZoneStore;
  readonly #scanner: Scanner;
  readonly #checks: () => GuardrailCheck[];
  readonly #guardrails: GuardrailConfiguration;

  private constructor(options: {
    store: LandingZoneStore;
    scanner: Scanner;
    checks: () => GuardrailCheck[];
    guardrails?: GuardrailConfiguration;
  }) {
    this.#store = options.store;
    this.#scanner = options.scanner;
    this.#checks = options.checks;
    this.#guardrails = options.guardrails ?? {
      scopes: {},
      dataAccounts: {},
      identityCenterOnly: {},
      settings: defaultGuardrailSettings,
    };
  }

  static create(options: {
    store: LandingZoneStore;
    scanner: Scanner;
    checks: () => GuardrailCheck[];
    /** The organisation's guardrail configuration; undefined: every guardrail everywhere. */
    guardrails?: GuardrailConfiguration;
  }) {
    return new LandingZoneServiceImpl(options);
  }

  /**
   * The methods that list or read accounts take an optional `scope`: the
   * accounts a permission decision admits (none: every account).
   */
  async listAccounts(query: ListAccountsQuery = {}, scope?: AccountScope) {
    if (query.ou) await this.#requireUnit(query.ou);
    return this.#store.accounts.list(
      { ...accountFilterOf(query), scope },
      {
        limit: query.limit ?? DEFAULT_LIMIT,
        cursor: query.cursor,
      },
    );
  }

  async getAccount(
    accountId: string,
    scope?: AccountScope,
  ): Promise<AccountDetails | undefined> {
    const account = await this.#store.accounts.get(accountId, scope);
    if (!account) {
      if (scope) await this.#refuseIfExists(accountId);
      return undefined;
    }
    const [[facts], guardrails, vpcs, organization] = await Promise.all([
      this.#store.facts.load([accountId]),
      this.#store.results.forAccount(accountId),
      this.#store.vpcs.list({ accountId }, { limit: 500 }),
      this.#store.organization.get(),
    ]);
    const notJudged = this.#definitions().flatMap(definition => {
      const reason = notJudgedReason(
        definition,
        this.#guardrails,
        account,
        organization?.units ?? [],
      );
      return reason ? [{ checkId: definition.id, reason }] : [];
    });
    return {
      account,
      facts: {
        access: facts?.access,
        global: facts?.global,
        regions: facts?.regions,
      },
      // A scope changed since the last evaluation: the page follows the
      // configuration at once, the counts from the next evaluation.
      guardrails: guardrails.filter(
        result => !notJudged.some(n => n.checkId === result.checkId),
      ),
      vpcs: vpcs.items,
      notJudged,
    };
  }

  async listVpcs(query: ListVpcsQuery = {}, scope?: AccountScope) {
    if (query.accountId) await this.#requireAccount(query.accountId, scope);
    return this.#store.vpcs.list(
      {
        accountId: query.accountId,
        region: query.region,
        environment: query.environment,
        scope,
      },
      { limit: query.limit ?? DEFAULT_LIMIT, cursor: query.cursor },
    );
  }

  async getOrganizationalUnits(
    scope?: AccountScope,
  ): Promise<OrganizationTreeNode> {
    const tree = await this.#store.organization.tree(scope);
    if (!tree) {
      throw new NotFoundError('The organisation has not been scanned yet');
    }
    return tree;
  }

  /**
   * With a `scope`, the organisation's figures and trend stay the whole
   * estate's totals; the per-check and per-OU figures count only the
   * accounts the scope admits.
   */
  async getPosture(
    query: { days?: number } = {},
    scope?: AccountScope,
  ): Promise<PostureSummary> {
    const [units, current, trend, scoped] = await Promise.all([
      this.getOrganizationalUnits(scope).catch(error => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }),
      this.#store.results.currentPosture(),
      this.getPostureTrend({ days: query.days }),
      scope ? this.#store.results.countsByCheck({ scope }) : undefined,
    ]);
    const org = new Map(
      current
        .filter(r => r.scope === ORG_SCOPE)
        .map(r => [r.checkId, r.counts]),
    );
    const perCheck = scoped ?? org;
    const overall = asCompliance(org.get(ALL_CHECKS) ?? noCounts());
    const organizationalUnits: PostureSummary['organizationalUnits'] = [];
    const walk = (node?: OrganizationTreeNode) => {
      if (!node) return;
      organizationalUnits.push({
        id: node.id,
        path: node.path,
        compliance: node.compliance,
      });
      node.children.forEach(walk);
    };
    walk(units);
    return {
      organization: {
        accounts: overall.compliant + overall.nonCompliant + overall.unknown,
        ...overall,
      },
      checks: this.#checks().map(({ definition: d }) => ({
        id: d.id,
        title: d.title,
        category: d.category,
        severity: d.severity,
        ...(perCheck.get(d.id) ?? noCounts()),
      })),
      organizationalUnits,
      trend: trend.items,
      visibility: scope ? 'limited' : 'all',
    };
  }

  /**
   * History is kept per OU and check for the whole estate, not per account:
   * with a `scope`, only the organisation's totals are served.
   */
  async getPostureTrend(
    query: PostureTrendQuery = {},
    accounts?: AccountScope,
  ): Promise<PostureTrend> {
    if (accounts && (query.ou || query.check)) {
      throw new NotAllowedError(
        'The posture trend of an OU or a guardrail is for those who may read every account; yours shows the organisation only',
      );
    }
    // History is kept under 'org' for the whole organisation, the root's
    // scope, and under the OU id for every other OU.
    let scope = ORG_SCOPE;
    if (query.ou) {
      await this.#requireUnit(query.ou);
      if (query.ou !== (await this.#store.organization.rootId())) {
        scope = query.ou;
      }
    }
    if (
      query.check &&
      !this.#checks().some(c => c.definition.id === query.check)
    ) {
      throw new NotFoundError(`No guardrail check ${query.check}`);
    }
    const days = query.days ?? DEFAULT_DAYS;
    const sinceDay = new Date(Date.now() - (days - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const history = await this.#store.results.history({
      scope,
      checkId: query.check ?? ALL_CHECKS,
      sinceDay,
    });
    return {
      items: history.map(({ day, ...counts }) => ({
        day,
        ...asCompliance(counts),
      })),
    };
  }

  async listGuardrails(): Promise<GuardrailList> {
    return { items: this.#definitions(), configuration: this.#guardrails };
  }

  async getMatrix(
    query: MatrixQuery = {},
    scope?: AccountScope,
  ): Promise<PostureMatrix> {
    const checks = this.#definitions().map(d => d.id);
    const page = await this.#store.matrix.page(
      { ...(await this.#matrixFilter(query)), scope },
      { limit: query.limit ?? DEFAULT_LIMIT, cursor: query.cursor },
    );
    return {
      ...page,
      // Only the columns: verdicts of a check no longer registered stay
      // until the next evaluation replaces them.
      items: page.items.map(({ account, cells }) => ({
        account,
        cells: Object.fromEntries(
          checks.filter(id => cells[id]).map(id => [id, cells[id]]),
        ),
      })),
      checks,
    };
  }

  /**
   * The whole filtered matrix as CSV, a batch of rows at a time: the filters
   * are checked before the first chunk, so a caller can still answer 400.
   */
  async exportMatrixCsv(
    query: MatrixQuery = {},
    scope?: AccountScope,
  ): Promise<AsyncIterable<string>> {
    const checks = this.#definitions().map(d => d.id);
    const batches = this.#store.matrix.batches({
      ...(await this.#matrixFilter(query)),
      scope,
    });
    return (async function* csv() {
      yield matrixCsvHeader(checks);
      for await (const rows of batches) yield matrixCsvRows(rows, checks);
    })();
  }

  async getGuardrail(
    checkId: string,
    scope?: AccountScope,
  ): Promise<GuardrailDetails | undefined> {
    const definition = this.#definitions().find(d => d.id === checkId);
    if (!definition) return undefined;
    return {
      definition,
      counts: await this.#store.results.countsOf(checkId, scope),
    };
  }

  async listGuardrailAccounts(
    checkId: string,
    query: GuardrailAccountsQuery = {},
    scope?: AccountScope,
  ): Promise<Page<GuardrailAccount>> {
    if (!this.#definitions().some(d => d.id === checkId)) {
      throw new NotFoundError(`No guardrail check ${checkId}`);
    }
    return this.#store.results.accountsByVerdict({
      checkId,
      status: query.status ?? 'fail',
      filter: { ...(await this.#accountFilter(query)), scope },
      page: { limit: query.limit ?? DEFAULT_LIMIT, cursor: query.cursor },
    });
  }

  /** The catalogue, then the checks other modules added: the matrix's columns. */
  #definitions(): GuardrailDefinition[] {
    const custom = this.#checks()
      .map(c => c.definition)
      .filter(d => !guardrailCatalogue.some(g => g.id === d.id));
    return [...guardrailCatalogue, ...custom];
  }

  /** A filter of the posture dashboard; an unknown OU is bad input. */
  async #accountFilter(query: ListAccountsQuery): Promise<AccountFilter> {
    if (query.ou && !(await this.#store.organization.hasUnit(query.ou))) {
      throw new InputError(
        `Invalid request: ou: no organizational unit ${query.ou}`,
      );
    }
    return accountFilterOf(query);
  }

  async #matrixFilter(query: MatrixQuery): Promise<MatrixFilter> {
    const { check } = query;
    if (check && !this.#definitions().some(d => d.id === check)) {
      throw new InputError(
        `Invalid request: check: no guardrail check ${check}`,
      );
    }
    return {
      ...(await this.#accountFilter(query)),
      check,
      status: query.status,
    };
  }

  async listScans(query: PageQuery = {}) {
    return this.#store.scans.list({
      limit: query.limit ?? DEFAULT_LIMIT,
      cursor: query.cursor,
    });
  }

  async getScan(scanId: string) {
    return this.#store.scans.get(scanId);
  }

  async startScan(options: { requestedBy?: string } = {}) {
    // ConflictError (409) when a scan is already running.
    const { scan } = await this.#scanner.start({
      trigger: 'manual',
      requestedBy: options.requestedBy,
    });
    return scan;
  }

  async #requireUnit(id: string) {
    if (!(await this.#store.organization.rootId())) {
      throw new NotFoundError('The organisation has not been scanned yet');
    }
    if (!(await this.#store.organization.hasUnit(id))) {
      throw new NotFoundError(`No organizational unit ${id}`);
    }
  }

  async #requireAccount(accountId: string, scope?: AccountScope) {
    if (!(await this.#store.accounts.exists(accountId, scope))) {
      if (scope) await this.#refuseIfExists(accountId);
      throw new NotFoundError(`No account ${accountId}`);
    }
  }

  /**
   * An account the caller's permission excludes is a 403, not a 404: the
   * catalog lists every account to everyone, so its existence is no secret,
   * and "not permitted" is what the person needs to hear. Its owner and
   * anything else about it stay unsaid.
   */
  async #refuseIfExists(accountId: string) {
    if (await this.#store.accounts.exists(accountId)) {
      throw new NotAllowedError(`You may not see account ${accountId}`);
    }
  }
}

/** The store's account filter from the API's query. */
function accountFilterOf(query: ListAccountsQuery): AccountFilter {
  return {
    ou: query.ou,
    owner: query.owner,
    environment: query.environment,
    compliance: query.compliance,
    text: query.q,
  };
}
