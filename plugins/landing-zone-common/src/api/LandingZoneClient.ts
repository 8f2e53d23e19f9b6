import { ResponseError } from '@backstage/errors';
import type {
  AccountDetails,
  AccountSummary,
  GuardrailAccount,
  GuardrailAccountsQuery,
  GuardrailDetails,
  MatrixQuery,
  PostureMatrix,
  GuardrailList,
  ListAccountsQuery,
  ListVpcsQuery,
  OrganizationTreeNode,
  Page,
  PageQuery,
  PostureSummary,
  PostureTrend,
  PostureTrendQuery,
  ScanRun,
  VpcSummary,
} from './types';
import type { AlertRecord, AlertsQuery } from './alerts';
import type {
  PolicyList,
  PolicyWhatIfRequest,
  PolicyWhatIfResult,
} from './whatIf';
import type {
  AccountNetwork,
  AccountNetworkQuery,
  AccountRequest,
  AccountRequestAvailability,
  AccountRequestInput,
  AccountRequestRegistration,
  AccountRequestValidation,
  AllowedRegions,
  CidrAllocation,
  CidrAllocationRequest,
  CidrPoolList,
  LandingZoneVendingApi,
  ListAccountRequestsQuery,
  RegisteredAccountRequest,
} from './vending';

/**
 * Per-call options. Backend callers pass a service token (from
 * `auth.getPluginRequestToken`); in the browser the fetch API adds the
 * user's.
 *
 * @public
 */
export type LandingZoneRequestOptions = { token?: string };

/**
 * The landing-zone API, as the frontend plugin and other plugins' backend
 * modules see it. Every method is one route of /api/landing-zone.
 *
 * @public
 */
export interface LandingZoneApi {
  /** GET /accounts */
  listAccounts(
    query?: ListAccountsQuery,
    options?: LandingZoneRequestOptions,
  ): Promise<Page<AccountSummary>>;
  /** GET /accounts/:accountId; undefined when there is no such account. */
  getAccount(
    accountId: string,
    options?: LandingZoneRequestOptions,
  ): Promise<AccountDetails | undefined>;
  /** GET /vpcs */
  listVpcs(
    query?: ListVpcsQuery,
    options?: LandingZoneRequestOptions,
  ): Promise<Page<VpcSummary>>;
  /** GET /organizational-units: the OU tree with counts. */
  getOrganizationalUnits(
    options?: LandingZoneRequestOptions,
  ): Promise<OrganizationTreeNode>;
  /** GET /posture */
  getPosture(
    query?: { days?: number },
    options?: LandingZoneRequestOptions,
  ): Promise<PostureSummary>;
  /** GET /posture/trend */
  getPostureTrend(
    query?: PostureTrendQuery,
    options?: LandingZoneRequestOptions,
  ): Promise<PostureTrend>;
  /** GET /guardrails */
  listGuardrails(options?: LandingZoneRequestOptions): Promise<GuardrailList>;
  /** GET /scans, newest first */
  listScans(
    query?: PageQuery,
    options?: LandingZoneRequestOptions,
  ): Promise<Page<ScanRun>>;
  /** GET /scans/:scanId; undefined when there is no such scan. */
  getScan(
    scanId: string,
    options?: LandingZoneRequestOptions,
  ): Promise<ScanRun | undefined>;
  /** POST /scans: starts a scan; a ConflictError (409) while one runs. */
  startScan(options?: LandingZoneRequestOptions): Promise<ScanRun>;
  /** GET /matrix: one page of accounts x guardrails. */
  /**
   * POST /policies/what-if: what a proposed SCP or RCP change would do; an
   * InputError (400) for a policy or target the organisation does not have.
   */
  whatIfPolicy(
    request: PolicyWhatIfRequest,
    options?: LandingZoneRequestOptions,
  ): Promise<PolicyWhatIfResult>;
  /** GET /policies: the organisation's SCPs and RCPs with their targets. */
  listPolicies(options?: LandingZoneRequestOptions): Promise<PolicyList>;
  /** GET /alerts: the organisation's alerts, newest first (every account must be readable). */
  listAlerts(
    query?: AlertsQuery,
    options?: LandingZoneRequestOptions,
  ): Promise<Page<AlertRecord>>;
  /** GET /accounts/:accountId/alerts: one account's alert history, newest first. */
  listAccountAlerts(
    accountId: string,
    query?: AlertsQuery,
    options?: LandingZoneRequestOptions,
  ): Promise<Page<AlertRecord>>;
  getMatrix(
    query?: MatrixQuery,
    options?: LandingZoneRequestOptions,
  ): Promise<PostureMatrix>;
  /** GET /matrix.csv: the whole filtered matrix as CSV, streamed by the backend. */
  exportMatrixCsv(
    query?: MatrixQuery,
    options?: LandingZoneRequestOptions,
  ): Promise<Blob>;
  /** GET /guardrails/:checkId; undefined when there is no such guardrail. */
  getGuardrail(
    checkId: string,
    options?: LandingZoneRequestOptions,
  ): Promise<GuardrailDetails | undefined>;
  /** GET /guardrails/:checkId/accounts: accounts by their verdict on it, with evidence. */
  listGuardrailAccounts(
    checkId: string,
    query?: GuardrailAccountsQuery,
    options?: LandingZoneRequestOptions,
  ): Promise<Page<GuardrailAccount>>;
}

/**
 * Finds the plugin's base URL (Backstage's DiscoveryApi or DiscoveryService).
 *
 * @public
 */
export type LandingZoneDiscovery = {
  getBaseUrl(pluginId: string): Promise<string>;
};

/**
 * The fetch-based LandingZoneApi and LandingZoneVendingApi. In the browser
 * give it the app's `fetchApi` (which signs requests in); on the backend, the
 * global fetch and a `token` per call.
 *
 * @public
 */
export class LandingZoneClient
  implements LandingZoneApi, LandingZoneVendingApi
{
  readonly #discovery: LandingZoneDiscovery;
  readonly #fetch: typeof fetch;

  constructor(options: {
    discoveryApi: LandingZoneDiscovery;
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.#discovery = options.discoveryApi;
    this.#fetch = options.fetchApi?.fetch ?? ((...args) => fetch(...args));
  }

  listAccounts(
    query: ListAccountsQuery = {},
    options?: LandingZoneRequestOptions,
  ) {
    return this.#get<Page<AccountSummary>>('/accounts', query, options);
  }

  getAccount(accountId: string, options?: LandingZoneRequestOptions) {
    return this.#getOptional<AccountDetails>(
      `/accounts/${encodeURIComponent(accountId)}`,
      options,
    );
  }

  listVpcs(query: ListVpcsQuery = {}, options?: LandingZoneRequestOptions) {
    return this.#get<Page<VpcSummary>>('/vpcs', query, options);
  }

  getOrganizationalUnits(options?: LandingZoneRequestOptions) {
    return this.#get<OrganizationTreeNode>(
      '/organizational-units',
      {},
      options,
    );
  }

  getPosture(
    query: { days?: number } = {},
    options?: LandingZoneRequestOptions,
  ) {
    return this.#get<PostureSummary>('/posture', query, options);
  }

  getPostureTrend(
    query: PostureTrendQuery = {},
    options?: LandingZoneRequestOptions,
  ) {
    return this.#get<PostureTrend>('/posture/trend', query, options);
  }

  listGuardrails(options?: LandingZoneRequestOptions) {
    return this.#get<GuardrailList>('/guardrails', {}, options);
  }

  listScans(query: PageQuery = {}, options?: LandingZoneRequestOptions) {
    return this.#get<Page<ScanRun>>('/scans', query, options);
  }

  getScan(scanId: string, options?: LandingZoneRequestOptions) {
    return this.#getOptional<ScanRun>(
      `/scans/${encodeURIComponent(scanId)}`,
      options,
    );
  }

  async startScan(options?: LandingZoneRequestOptions): Promise<ScanRun> {
    const response = await this.#request('/scans', {}, options, 'POST');
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as ScanRun;
  }

  whatIfPolicy(
    request: PolicyWhatIfRequest,
    options?: LandingZoneRequestOptions,
  ): Promise<PolicyWhatIfResult> {
    return this.#post<PolicyWhatIfResult>(
      '/policies/what-if',
      request,
      options,
    );
  }

  listPolicies(options?: LandingZoneRequestOptions): Promise<PolicyList> {
    return this.#get<PolicyList>('/policies', {}, options);
  }

  listAlerts(query: AlertsQuery = {}, options?: LandingZoneRequestOptions) {
    return this.#get<Page<AlertRecord>>('/alerts', query, options);
  }

  listAccountAlerts(
    accountId: string,
    query: AlertsQuery = {},
    options?: LandingZoneRequestOptions,
  ) {
    return this.#get<Page<AlertRecord>>(
      `/accounts/${encodeURIComponent(accountId)}/alerts`,
      query,
      options,
    );
  }

  getMatrix(query: MatrixQuery = {}, options?: LandingZoneRequestOptions) {
    return this.#get<PostureMatrix>('/matrix', query, options);
  }

  async exportMatrixCsv(
    query: MatrixQuery = {},
    options?: LandingZoneRequestOptions,
  ): Promise<Blob> {
    const response = await this.#request('/matrix.csv', query, options);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.blob();
  }

  getGuardrail(checkId: string, options?: LandingZoneRequestOptions) {
    return this.#getOptional<GuardrailDetails>(
      `/guardrails/${encodeURIComponent(checkId)}`,
      options,
    );
  }

  listGuardrailAccounts(
    checkId: string,
    query: GuardrailAccountsQuery = {},
    options?: LandingZoneRequestOptions,
  ) {
    return this.#get<Page<GuardrailAccount>>(
      `/guardrails/${encodeURIComponent(checkId)}/accounts`,
      query,
      options,
    );
  }

  async validateAccountRequest(
    input: AccountRequestInput,
    options?: LandingZoneRequestOptions,
  ): Promise<AccountRequestValidation> {
    return this.#post<AccountRequestValidation>(
      '/account-requests/validation',
      input,
      options,
    );
  }

  getAllowedRegions(ouId: string, options?: LandingZoneRequestOptions) {
    return this.#getOptional<AllowedRegions>(
      `/organizational-units/${encodeURIComponent(ouId)}/allowed-regions`,
      options,
    );
  }

  checkAvailability(
    query: { name?: string; email?: string },
    options?: LandingZoneRequestOptions,
  ) {
    return this.#get<AccountRequestAvailability>(
      '/account-requests/availability',
      query,
      options,
    );
  }

  listCidrPools(
    query: { prefixLength?: number } = {},
    options?: LandingZoneRequestOptions,
  ) {
    return this.#get<CidrPoolList>('/cidr-pools', query, options);
  }

  allocateCidr(
    request: CidrAllocationRequest,
    options?: LandingZoneRequestOptions,
  ) {
    return this.#post<CidrAllocation>('/cidr-allocations', request, options);
  }

  getCidrAllocation(allocationId: string, options?: LandingZoneRequestOptions) {
    return this.#getOptional<CidrAllocation>(
      `/cidr-allocations/${encodeURIComponent(allocationId)}`,
      options,
    );
  }

  registerAccountRequest(
    registration: AccountRequestRegistration,
    options?: LandingZoneRequestOptions,
  ) {
    return this.#post<RegisteredAccountRequest>(
      '/account-requests',
      registration,
      options,
    );
  }

  listAccountRequests(
    query: ListAccountRequestsQuery = {},
    options?: LandingZoneRequestOptions,
  ) {
    return this.#get<Page<AccountRequest>>('/account-requests', query, options);
  }

  getAccountRequest(requestId: string, options?: LandingZoneRequestOptions) {
    return this.#getOptional<AccountRequest>(
      `/account-requests/${encodeURIComponent(requestId)}`,
      options,
    );
  }

  async getAccountNetwork(
    accountId: string,
    query: AccountNetworkQuery = {},
    options?: LandingZoneRequestOptions,
  ): Promise<AccountNetwork | undefined> {
    const response = await this.#request(
      `/accounts/${encodeURIComponent(accountId)}/network`,
      query,
      options,
    );
    if (response.status === 404) return undefined;
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as AccountNetwork;
  }

  async #post<T>(
    path: string,
    body: unknown,
    options?: LandingZoneRequestOptions,
  ): Promise<T> {
    const response = await this.#request(path, {}, options, 'POST', body);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  async #get<T>(
    path: string,
    query: Record<string, string | number | undefined>,
    options?: LandingZoneRequestOptions,
  ): Promise<T> {
    const response = await this.#request(path, query, options);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  async #getOptional<T>(
    path: string,
    options?: LandingZoneRequestOptions,
  ): Promise<T | undefined> {
    const response = await this.#request(path, {}, options);
    if (response.status === 404) return undefined;
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  async #request(
    path: string,
    query: Record<string, string | number | undefined>,
    options: LandingZoneRequestOptions | undefined,
    method = 'GET',
    body?: unknown,
  ): Promise<Response> {
    const base = await this.#discovery.getBaseUrl('landing-zone');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.size ? `?${params}` : '';
    const headers: Record<string, string> = {};
    if (options?.token) headers.Authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return this.#fetch(`${base}${path}${search}`, {
      method,
      headers: Object.keys(headers).length ? headers : undefined,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}
