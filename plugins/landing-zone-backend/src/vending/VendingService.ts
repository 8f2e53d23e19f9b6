import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  accountNameProblem,
  accountSlug,
  rootEmailProblem,
  vendingEnvironments,
  type AccountNetwork,
  type AccountNetworkQuery,
  type AccountRequest,
  type AccountRequestAvailability,
  type AccountRequestInput,
  type AccountRequestProblem,
  type AccountRequestRegistration,
  type AccountRequestValidation,
  type AllowedRegions,
  type Availability,
  type AvailabilityHolder,
  type CidrAllocation,
  type CidrAllocationRequest,
  type CidrPoolList,
  type GuardrailCheck,
  type ListAccountRequestsQuery,
  type Page,
  type PortalStatus,
  type RegisteredAccountRequest,
} from '@internal/plugin-landing-zone-common';
import type { AccountScope } from '../permissions';
import type { LandingZoneStore } from '../store/LandingZoneStore';
import type { VendingSettings } from '../config';
import {
  normalizeEmail,
  normalizeName,
  type AccountRequestStore,
} from './AccountRequestStore';
import type { CidrAllocationStore } from './CidrAllocationStore';
import type { InventoryLookup } from './inventory';
import { parseNetwork, VPC_PREFIX_MAX, VPC_PREFIX_MIN } from './cidr';
import { describeUnit, judgeRegions } from './organization';
import { parsePullRequestUrl } from './pullRequests';
import { readAccountNetwork } from './network';
import { judgeRequest } from './portalStatus';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const DEFAULT_LIMIT = 50;

/**
 * Account vending in-process: checks a request against the stored
 * organisation and inventory, hands out CIDR blocks and records requests.
 * Input is shaped by the router's schemas; what is wrong with its values
 * (a taken name, a denied region) is said here, one problem per field.
 */
export class VendingService {
  readonly #store: LandingZoneStore;
  readonly #requests: AccountRequestStore;
  readonly #allocations: CidrAllocationStore;
  readonly #settings: VendingSettings;
  readonly #regions: string[];
  readonly #ownerTag: string;
  readonly #appBaseUrl: string;
  readonly #integrations: ScmIntegrationRegistry;
  readonly #checks: () => GuardrailCheck[];
  readonly #inventory: InventoryLookup;

  private constructor(options: {
    store: LandingZoneStore;
    requests: AccountRequestStore;
    allocations: CidrAllocationStore;
    settings: VendingSettings;
    regions: string[];
    ownerTag: string;
    appBaseUrl: string;
    integrations: ScmIntegrationRegistry;
    checks: () => GuardrailCheck[];
    inventory: InventoryLookup;
  }) {
    this.#store = options.store;
    this.#inventory = options.inventory;
    this.#requests = options.requests;
    this.#allocations = options.allocations;
    this.#settings = options.settings;
    this.#regions = options.regions;
    this.#ownerTag = options.ownerTag;
    this.#appBaseUrl = options.appBaseUrl.replace(/\/+$/, '');
    this.#integrations = options.integrations;
    this.#checks = options.checks;
  }

  static create(options: {
    store: LandingZoneStore;
    requests: AccountRequestStore;
    allocations: CidrAllocationStore;
    settings: VendingSettings;
    regions: string[];
    ownerTag: string;
    appBaseUrl: string;
    integrations: ScmIntegrationRegistry;
    checks: () => GuardrailCheck[];
    inventory: InventoryLookup;
  }) {
    return new VendingService(options);
  }

  get settings(): VendingSettings {
    return this.#settings;
  }

  /** The portal's page of a request. */
  requestUrl(requestId: string): string {
    return `${this.#appBaseUrl}/landing-zone/requests/${encodeURIComponent(
      requestId,
    )}`;
  }

  /**
   * Every problem of a request, each naming its field and what to do: the
   * name and email by AWS's rules and free (no account, no request in
   * flight), the OU known and not suspended, the regions among the
   * organisation's and allowed by the SCPs on the OU's path.
   */
  async validateAccountRequest(
    input: AccountRequestInput,
  ): Promise<AccountRequestValidation> {
    const problems: AccountRequestProblem[] = [];
    const add = (field: AccountRequestProblem['field'], message: string) =>
      problems.push({ field, message });
    const slug = accountSlug(input.accountName);

    const availability = await this.checkAvailability({
      name: input.accountName,
      email: input.email,
    });
    if (availability.name && !availability.name.available) {
      add('accountName', availability.name.reason!);
    } else {
      const clash = await this.#slugHolder(slug, input.accountName);
      if (clash) add('accountName', clash);
    }
    if (availability.email && !availability.email.available) {
      add('email', availability.email.reason!);
    }
    if (!vendingEnvironments.includes(input.environment)) {
      add(
        'environment',
        `'${
          input.environment
        }' is not an environment; use one of ${vendingEnvironments.join(', ')}`,
      );
    }

    const organization = await this.#store.organization.get();
    const unit =
      organization &&
      describeUnit(
        organization,
        input.ouId,
        this.#settings.suspendedOrganizationalUnits,
      );
    if (!organization) {
      add(
        'ouId',
        'the organisation has not been scanned yet; wait for the first scan to finish and try again',
      );
    } else if (!unit) {
      add(
        'ouId',
        `there is no organizational unit ${input.ouId} in the organisation as last scanned; pick one from the OU tree`,
      );
    } else if (unit.suspended) {
      add(
        'ouId',
        `${unit.path} (${unit.id}) holds suspended accounts; no new account goes there, pick another OU`,
      );
    }

    let allowedRegions: string[] = [];
    if (organization && unit) {
      const decisions = judgeRegions(organization, unit.id, this.#regions)!;
      allowedRegions = decisions.filter(d => d.allowed).map(d => d.region);
      const choose = allowedRegions.length
        ? `choose among ${allowedRegions.join(', ')}`
        : `no region is allowed on ${unit.path}; pick another OU`;
      const asked = [...new Set(input.regions)];
      if (asked.length === 0) add('regions', `name at least one; ${choose}`);
      if (asked.length !== input.regions.length) {
        add('regions', 'lists a region more than once; name each once');
      }
      // Every region asked is judged by the SCPs, the organisation's or not:
      // a denial names the policy; a region the SCPs allow but the scanner
      // does not read is refused as unguarded.
      const named = asked.filter(r => REGION.test(r));
      const judged = new Map(
        judgeRegions(organization, unit.id, named)!.map(d => [d.region, d]),
      );
      for (const region of asked) {
        const decision = judged.get(region);
        if (!decision) {
          add('regions', `'${region}' is not an AWS region name; ${choose}`);
        } else if (!decision.allowed) {
          add(
            'regions',
            `${region} is ${decision.reason} on the path of ${unit.path}; ${choose}`,
          );
        } else if (!this.#regions.includes(region)) {
          add(
            'regions',
            `${region} is not one of the organisation's regions (${this.#regions.join(
              ', ',
            )}): the scanner does not read it and its guardrails would go unchecked; ${choose}`,
          );
        }
      }
    }

    return {
      valid: problems.length === 0,
      problems,
      organizationalUnit: unit,
      allowedRegions,
      slug,
      ownerTag: this.#ownerTag,
    };
  }

  /** How the SCPs on an OU's path judge each configured region. */
  async getAllowedRegions(ouId: string): Promise<AllowedRegions | undefined> {
    const organization = await this.#store.organization.get();
    if (!organization) return undefined;
    const unit = describeUnit(
      organization,
      ouId,
      this.#settings.suspendedOrganizationalUnits,
    );
    if (!unit) return undefined;
    const regions = judgeRegions(organization, ouId, this.#regions)!;
    return {
      organizationalUnit: unit,
      regions,
      allowedRegions: regions.filter(r => r.allowed).map(r => r.region),
    };
  }

  /** Whether a name and an email are valid and used by no account or request in flight. */
  async checkAvailability(query: {
    name?: string;
    email?: string;
  }): Promise<AccountRequestAvailability> {
    const result: AccountRequestAvailability = {};
    const inFlight = await this.#requests.holderOf(query);
    if (query.name !== undefined) {
      const name = query.name;
      const invalid = accountNameProblem(name);
      const holder = invalid
        ? undefined
        : (await this.#accountNamed(name)) ?? inFlight?.name;
      result.name = availabilityOf(name, invalid, holder, {
        field: 'name',
        what: 'choose another name',
        rule: 'an AWS account name is 1 to 50 characters',
      });
    }
    if (query.email !== undefined) {
      const email = query.email;
      const invalid = rootEmailProblem(email);
      const holder = invalid
        ? undefined
        : (await this.#accountWithEmail(email)) ?? inFlight?.email;
      result.email = availabilityOf(email, invalid, holder, {
        field: 'root email',
        what: 'use another address (e.g. with a +tag)',
        rule: 'a root email is an address like aws+payments-prod@example.com',
      });
    }
    return result;
  }

  async listCidrPools(
    query: { prefixLength?: number } = {},
  ): Promise<CidrPoolList> {
    const prefixLength =
      query.prefixLength ?? this.#settings.defaultPrefixLength;
    const previews = await this.#allocations.preview(
      this.#settings.cidrPools,
      prefixLength,
    );
    return {
      defaultPrefixLength: this.#settings.defaultPrefixLength,
      prefixLength,
      pools: this.#settings.cidrPools.map((pool, i) => ({
        name: pool.name,
        cidr: pool.cidr,
        nextFree: previews[i].nextFree,
        allocated: previews[i].allocated,
      })),
    };
  }

  /** Reserves a block (the same one again for the same key while reserved). */
  async allocateCidr(
    request: CidrAllocationRequest,
  ): Promise<{ allocation: CidrAllocation; created: boolean }> {
    const pools = this.#settings.cidrPools;
    if (pools.length === 0) {
      throw new InputError(
        'pool: no CIDR pool is configured; the platform team adds one at landingZone.vending.cidrPools',
      );
    }
    const pool = request.pool
      ? pools.find(p => p.name === request.pool)
      : pools[0];
    if (!pool) {
      throw new InputError(
        `pool: there is no CIDR pool '${request.pool}'; use one of ${pools
          .map(p => `${p.name} (${p.cidr})`)
          .join(', ')}`,
      );
    }
    const prefixLength =
      request.prefixLength ?? this.#settings.defaultPrefixLength;
    const network = parseNetwork(pool.cidr)!;
    const smallest = Math.max(VPC_PREFIX_MIN, network.prefixLength);
    if (
      !Number.isInteger(prefixLength) ||
      prefixLength < smallest ||
      prefixLength > VPC_PREFIX_MAX
    ) {
      throw new InputError(
        `prefixLength: /${prefixLength} does not fit pool '${pool.name}' (${pool.cidr}); a VPC takes /${VPC_PREFIX_MIN} to /${VPC_PREFIX_MAX}, so use /${smallest} to /${VPC_PREFIX_MAX}`,
      );
    }
    const key = request.requestKey.trim();
    if (!key) {
      throw new InputError(
        'requestKey: name what the block is for: the account name',
      );
    }
    return this.#allocations.allocate({
      pool,
      prefixLength,
      requestKey: key,
      reservationMs: this.#settings.reservationMs,
    });
  }

  getCidrAllocation(allocationId: string): Promise<CidrAllocation | undefined> {
    return this.#allocations.get(allocationId);
  }

  /**
   * Records a request whose pull request is open and holds its block. The
   * name, email, OU and pull request are checked again: a request is only
   * followed in the configured repository, and two in flight never share a
   * name or an email.
   */
  async registerAccountRequest(
    registration: AccountRequestRegistration,
  ): Promise<{ registered: RegisteredAccountRequest; created: boolean }> {
    const problems: string[] = [];
    const nameProblem = accountNameProblem(registration.accountName);
    if (nameProblem) problems.push(`accountName: ${nameProblem}`);
    const emailProblem = rootEmailProblem(registration.email);
    if (emailProblem) problems.push(`email: ${emailProblem}`);
    const organization = await this.#store.organization.get();
    const unit =
      organization &&
      describeUnit(
        organization,
        registration.ouId,
        this.#settings.suspendedOrganizationalUnits,
      );
    if (!unit) {
      problems.push(
        `ouId: there is no organizational unit ${registration.ouId} in the organisation as last scanned`,
      );
    }
    let pullRequest;
    try {
      pullRequest = parsePullRequestUrl(
        registration.pullRequestUrl,
        this.#integrations,
        this.#settings.repository?.url,
      );
    } catch (error) {
      problems.push((error as Error).message);
    }
    if (problems.length > 0 || !pullRequest) {
      throw new InputError(problems.join('\n'));
    }

    const { request, created } = await this.#requests.register({
      accountName: registration.accountName,
      email: registration.email,
      slug: accountSlug(registration.accountName),
      ouId: registration.ouId,
      ouPath: unit?.path,
      environment: registration.environment,
      regions: registration.regions,
      monthlyBudgetUsd: registration.monthlyBudgetUsd,
      requestedBy: registration.requestedBy,
      allocationId: registration.allocationId,
      pullRequest,
    });
    return {
      registered: { request, requestUrl: this.requestUrl(request.id) },
      created,
    };
  }

  listAccountRequests(
    query: ListAccountRequestsQuery = {},
  ): Promise<Page<AccountRequest>> {
    return this.#requests.list(
      { state: query.state },
      { limit: query.limit ?? DEFAULT_LIMIT, cursor: query.cursor },
    );
  }

  getAccountRequest(requestId: string): Promise<AccountRequest | undefined> {
    return this.#requests.get(requestId);
  }

  /**
   * The account's VPC in a region and its subnets by tier, with the
   * account's compliance and failing guardrails (network.ts).
   */
  getAccountNetwork(
    accountId: string,
    query: AccountNetworkQuery = {},
    scope?: AccountScope,
  ): Promise<AccountNetwork | undefined> {
    return readAccountNetwork(
      {
        store: this.#store,
        regions: this.#regions,
        checks: this.#checks,
      },
      accountId,
      query,
      scope,
    );
  }

  /** What the portal says on a request's pull request (portalStatus.ts). */
  judgeRequest(
    request: AccountRequest,
  ): Promise<Omit<PortalStatus, 'context' | 'sha' | 'postedAt'>> {
    return judgeRequest(
      {
        store: this.#store,
        requests: this.#requests,
        allocations: this.#allocations,
        inventory: this.#inventory,
        regions: this.#regions,
      },
      request,
    );
  }

  /** An account in the organisation with this name, compared case-folded. */
  async #accountNamed(name: string): Promise<AvailabilityHolder | undefined> {
    const wanted = normalizeName(name);
    // Compared here, not in SQL: SQLite's lower() folds ASCII only, and an
    // account name may be any Unicode.
    const rows = await this.#inventory.names();
    const row = rows.find(r => normalizeName(r.name) === wanted);
    return row && { kind: 'account', accountId: row.id, accountName: row.name };
  }

  async #accountWithEmail(
    email: string,
  ): Promise<AvailabilityHolder | undefined> {
    const row = await this.#inventory.withEmail(normalizeEmail(email));
    return row && { kind: 'account', accountId: row.id, accountName: row.name };
  }

  /**
   * Another account or request in flight whose name makes the same slug
   * (file, branch and module name): `Payments Prod` and `payments-prod`
   * would write the same files.
   */
  async #slugHolder(slug: string, name: string): Promise<string | undefined> {
    const wanted = normalizeName(name);
    const accounts = await this.#inventory.names();
    const account = accounts.find(
      a => normalizeName(a.name) !== wanted && accountSlug(a.name) === slug,
    );
    if (account) {
      return `'${name}' is written as '${slug}' in files and branches, as account ${account.id} ('${account.name}') already is; choose a name that differs in more than case, accents and punctuation`;
    }
    const request = await this.#requests.withSlug(slug);
    if (request && normalizeName(request.accountName) !== wanted) {
      return `'${name}' is written as '${slug}' in files and branches, as account request ${request.id} ('${request.accountName}', ${request.pullRequestUrl}) already is; choose a name that differs in more than case, accents and punctuation`;
    }
    return undefined;
  }
}

function availabilityOf(
  value: string,
  invalid: string | undefined,
  holder: AvailabilityHolder | undefined,
  words: { field: string; what: string; rule: string },
): Availability {
  if (invalid) {
    return { value, available: false, reason: `${invalid}; ${words.rule}` };
  }
  if (!holder) return { value, available: true };
  const reason =
    holder.kind === 'account'
      ? `'${value}' is the ${words.field} of account ${holder.accountId} (${holder.accountName}); ${words.what}`
      : `'${value}' is the ${words.field} of account request ${holder.requestId} (${holder.pullRequestUrl}), still in flight; ${words.what}, or close that pull request first`;
  return { value, available: false, reason, takenBy: holder };
}
