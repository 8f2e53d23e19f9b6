import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  LandingZoneClient,
  type AccountNetwork,
  type AccountNetworkQuery,
  type AccountRequest,
  type AccountRequestAvailability,
  type AccountRequestInput,
  type AccountRequestRegistration,
  type AccountRequestValidation,
  type AllowedRegions,
  type CidrAllocation,
  type CidrAllocationRequest,
  type CidrPoolList,
  type ListAccountRequestsQuery,
  type Page,
  type PolicyWhatIfRequest,
  type PolicyWhatIfResult,
  type RegisteredAccountRequest,
} from '@internal/plugin-landing-zone-common';

/**
 * Account vending, for backend code: checking a request against the live
 * organisation, CIDR blocks from the configured pools, the requests the
 * backend follows, and what a policy change a template proposes would do.
 * Its methods are the vending routes of /api/landing-zone without the HTTP;
 * callers have already been authorized. Bad input and an exhausted pool
 * throw InputError, a request whose name, email or pull request is already
 * taken ConflictError; unknown ids are `undefined`.
 *
 * @public
 */
export interface LandingZoneVendingService {
  /** Every problem of a request, one per field; none when it may be opened. */
  validateAccountRequest(
    input: AccountRequestInput,
  ): Promise<AccountRequestValidation>;
  /** How the SCPs on an OU's path judge each configured region. */
  getAllowedRegions(ouId: string): Promise<AllowedRegions | undefined>;
  /** Whether a name and an email are valid and free. */
  checkAvailability(query: {
    name?: string;
    email?: string;
  }): Promise<AccountRequestAvailability>;
  /** The configured pools and the block each would give now. */
  listCidrPools(query?: { prefixLength?: number }): Promise<CidrPoolList>;
  /** Reserves the first free block; the same block again for the same requestKey while reserved. */
  allocateCidr(request: CidrAllocationRequest): Promise<CidrAllocation>;
  /** An allocation and its state (reserved, held, assigned, released). */
  getCidrAllocation(allocationId: string): Promise<CidrAllocation | undefined>;
  /** Records a request whose pull request is open; the same request again for the same pull request. */
  registerAccountRequest(
    registration: AccountRequestRegistration,
  ): Promise<RegisteredAccountRequest>;
  /** Requests, newest first, optionally in one state. */
  listAccountRequests(
    query?: ListAccountRequestsQuery,
  ): Promise<Page<AccountRequest>>;
  /** A request and how far it has got. */
  getAccountRequest(requestId: string): Promise<AccountRequest | undefined>;
  /** An account's VPC and subnets in a region, with its compliance. */
  getAccountNetwork(
    accountId: string,
    query?: AccountNetworkQuery,
  ): Promise<AccountNetwork | undefined>;
  /**
   * What a proposed SCP or RCP change would do to every account it reaches
   * (POST /policies/what-if); the document's problems instead when it has
   * any. A policy or target the organisation does not have is an InputError.
   */
  whatIfPolicy(request: PolicyWhatIfRequest): Promise<PolicyWhatIfResult>;
}

/**
 * Account vending for other plugins' backend modules (the scaffolder's
 * landing-zone actions): the typed client over HTTP, signed with the calling
 * plugin's service-to-service token, as {@link landingZoneServiceRef} is.
 *
 * @public
 */
export const landingZoneVendingServiceRef =
  createServiceRef<LandingZoneVendingService>({
    id: 'landing-zone.vending',
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
            validateAccountRequest: async input =>
              client.validateAccountRequest(input, await token()),
            getAllowedRegions: async ouId =>
              client.getAllowedRegions(ouId, await token()),
            checkAvailability: async query =>
              client.checkAvailability(query, await token()),
            listCidrPools: async query =>
              client.listCidrPools(query, await token()),
            allocateCidr: async request =>
              client.allocateCidr(request, await token()),
            getCidrAllocation: async id =>
              client.getCidrAllocation(id, await token()),
            registerAccountRequest: async registration =>
              client.registerAccountRequest(registration, await token()),
            listAccountRequests: async query =>
              client.listAccountRequests(query, await token()),
            getAccountRequest: async id =>
              client.getAccountRequest(id, await token()),
            getAccountNetwork: async (id, query) =>
              client.getAccountNetwork(id, query, await token()),
            whatIfPolicy: async request =>
              client.whatIfPolicy(request, await token()),
          };
        },
      }),
  });
