import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  LandingZoneClient,
  type AccountDetails,
  type AccountSummary,
  type GuardrailAccount,
  type GuardrailAccountsQuery,
  type GuardrailDetails,
  type GuardrailList,
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
  type ScanRun,
  type VpcSummary,
} from '@internal/plugin-landing-zone-common';

/**
 * What the landing-zone backend knows, for backend code: the inventory, the
 * verdicts, the posture and the scans. Its methods are the routes of
 * /api/landing-zone, without the HTTP; callers have already been authorized.
 * Unknown ids are `undefined`; bad input throws InputError, an unknown OU or
 * check NotFoundError, except in the posture dashboard's filters (getMatrix,
 * exportMatrixCsv, listGuardrailAccounts), where an unknown OU or check is an
 * InputError.
 *
 * @public
 */
export interface LandingZoneService {
  listAccounts(query?: ListAccountsQuery): Promise<Page<AccountSummary>>;
  getAccount(accountId: string): Promise<AccountDetails | undefined>;
  listVpcs(query?: ListVpcsQuery): Promise<Page<VpcSummary>>;
  getOrganizationalUnits(): Promise<OrganizationTreeNode>;
  getPosture(query?: { days?: number }): Promise<PostureSummary>;
  getPostureTrend(query?: PostureTrendQuery): Promise<PostureTrend>;
  listGuardrails(): Promise<GuardrailList>;
  listScans(query?: PageQuery): Promise<Page<ScanRun>>;
  getScan(scanId: string): Promise<ScanRun | undefined>;
  /** Starts a scan; ConflictError while one runs. */
  startScan(options?: { requestedBy?: string }): Promise<ScanRun>;
  /** One page of accounts x guardrails, most failing guardrails first. */
  getMatrix(query?: MatrixQuery): Promise<PostureMatrix>;
  /**
   * The whole filtered matrix as CSV text, in chunks (`limit` and `cursor`
   * are ignored). The filters are checked when the promise settles; reading
   * may still fail part way, e.g. when an evaluation reorders the matrix.
   */
  exportMatrixCsv(query?: MatrixQuery): Promise<AsyncIterable<string>>;
  /** A guardrail and the active accounts by their verdict on it. */
  getGuardrail(checkId: string): Promise<GuardrailDetails | undefined>;
  /**
   * Accounts whose verdict on a guardrail has `status` (default `fail`),
   * longest first; NotFoundError for an unknown guardrail.
   */
  listGuardrailAccounts(
    checkId: string,
    query?: GuardrailAccountsQuery,
  ): Promise<Page<GuardrailAccount>>;
}

/**
 * The landing-zone service for other plugins' backend modules (the catalog's
 * entity provider, the scaffolder's actions): the typed client over HTTP,
 * signed with the calling plugin's service-to-service token. The
 * landing-zone plugin itself uses its store in-process.
 *
 * @public
 */
export const landingZoneServiceRef = createServiceRef<LandingZoneService>({
  id: 'landing-zone.service',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory({ discovery, auth }) {
        const client = new LandingZoneClient({ discoveryApi: discovery });
        const token = async () => {
          const { token: value } = await auth.getPluginRequestToken({
            onBehalfOf: await auth.getOwnServiceCredentials(),
            targetPluginId: 'landing-zone',
          });
          return { token: value };
        };
        return {
          listAccounts: async query =>
            client.listAccounts(query, await token()),
          getAccount: async id => client.getAccount(id, await token()),
          listVpcs: async query => client.listVpcs(query, await token()),
          getOrganizationalUnits: async () =>
            client.getOrganizationalUnits(await token()),
          getPosture: async query => client.getPosture(query, await token()),
          getPostureTrend: async query =>
            client.getPostureTrend(query, await token()),
          listGuardrails: async () => client.listGuardrails(await token()),
          listScans: async query => client.listScans(query, await token()),
          getScan: async id => client.getScan(id, await token()),
          // Over HTTP the scan is recorded as requested by the calling plugin.
          startScan: async () => client.startScan(await token()),
          getMatrix: async query => client.getMatrix(query, await token()),
          exportMatrixCsv: async query => {
            // The client reads the answer into a Blob; it is handed on whole.
            const csv = await client.exportMatrixCsv(query, await token());
            return (async function* chunks() {
              yield await csv.text();
            })();
          },
          getGuardrail: async id => client.getGuardrail(id, await token()),
          listGuardrailAccounts: async (id, query) =>
            client.listGuardrailAccounts(id, query, await token()),
        };
      },
    }),
});
