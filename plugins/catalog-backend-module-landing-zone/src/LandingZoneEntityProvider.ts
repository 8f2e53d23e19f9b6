import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import type {
  AccountSummary,
  Page,
  PageQuery,
  VpcSummary,
} from '@internal/plugin-landing-zone-common';
import {
  accountOwnerTag,
  ownerRefOf,
} from '@internal/plugin-landing-zone-common';
import {
  LANDING_ZONE_SCAN_FINISHED_TOPIC,
  type LandingZoneScanFinishedEvent,
  type LandingZoneService,
} from '@internal/plugin-landing-zone-node';
import {
  LOCATION_REF,
  accountEntity,
  type OrganizationIdentity,
  vpcEntity,
} from './entities';
import type { ProviderConfig } from './config';

/** The API's largest page: the fewest round trips through the whole estate. */
const PAGE_SIZE = 500;

/** What one refresh did, for logs and tests. */
export type RefreshResult =
  | { applied: true; accounts: number; vpcs: number }
  | { applied: false; reason: string };

/**
 * Puts the organisation's accounts and VPCs into the catalog, replacing all
 * of this provider's entities on each refresh so that accounts that left the
 * organisation and deleted VPCs leave the catalog too. A refresh that cannot
 * read the whole organisation applies nothing: the catalog keeps the last
 * good set rather than losing entities to an outage.
 *
 * Besides its schedule it refreshes when the landing-zone plugin announces a
 * scan that stored new data, so the catalog follows a scan within seconds.
 */
export class LandingZoneEntityProvider implements EntityProvider {
  readonly #landingZone: LandingZoneService;
  readonly #logger: LoggerService;
  readonly #scheduler: SchedulerService;
  readonly #config: ProviderConfig;
  readonly #events?: EventsService;
  #connection?: EntityProviderConnection;
  // Refreshes run one after another: a scan's event may arrive while the
  // schedule's run is reading, and the later read must be the one applied.
  #queue: Promise<unknown> = Promise.resolve();

  static create(options: {
    landingZone: LandingZoneService;
    logger: LoggerService;
    scheduler: SchedulerService;
    config: ProviderConfig;
    /** Without it, only the schedule refreshes. */
    events?: EventsService;
  }): LandingZoneEntityProvider {
    return new LandingZoneEntityProvider(options);
  }

  private constructor(options: {
    landingZone: LandingZoneService;
    logger: LoggerService;
    scheduler: SchedulerService;
    config: ProviderConfig;
    events?: EventsService;
  }) {
    this.#events = options.events;
    this.#landingZone = options.landingZone;
    this.#logger = options.logger;
    this.#scheduler = options.scheduler;
    this.#config = options.config;
  }

  getProviderName(): string {
    return 'landing-zone';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    const schedule: SchedulerServiceTaskScheduleDefinition =
      this.#config.schedule;
    await this.#scheduler.scheduleTask({
      id: `${this.getProviderName()}:refresh`,
      ...schedule,
      // One replica writes the catalog; the others would only repeat it.
      scope: 'global',
      fn: async () => {
        await this.refresh();
      },
    });
    await this.#events?.subscribe({
      id: `${this.getProviderName()}-entity-provider`,
      topics: [LANDING_ZONE_SCAN_FINISHED_TOPIC],
      onEvent: async ({ eventPayload }) => {
        const { state } = eventPayload as LandingZoneScanFinishedEvent;
        // Failed, interrupted and cancelled scans stored nothing new. The
        // refresh is not awaited: in-process, the publisher (the scan) would
        // otherwise wait for the catalog; refresh() never rejects.
        if (state === 'succeeded' || state === 'partial') {
          void this.refresh();
        }
      },
    });
  }

  /**
   * Reads every account and VPC and replaces this provider's entities with
   * them. Never throws: a failed run is logged and the scheduler tries again
   * at the next interval.
   */
  async refresh(): Promise<RefreshResult> {
    const next = this.#queue.then(() => this.#refresh());
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #refresh(): Promise<RefreshResult> {
    const connection = this.#connection;
    if (!connection) {
      throw new Error('LandingZoneEntityProvider is not connected');
    }
    let accounts: AccountSummary[];
    let vpcs: VpcSummary[];
    let organization: OrganizationIdentity;
    try {
      accounts = await this.#readAll(query =>
        this.#landingZone.listAccounts(query),
      );
      vpcs = await this.#readAll(query => this.#landingZone.listVpcs(query));
      const { organizationId, managementAccountId } =
        await this.#landingZone.getOrganizationalUnits();
      organization = { organizationId, managementAccountId };
    } catch (error) {
      // Before the first scan the API answers 404; while it is down, a
      // connection error. Either way the catalog keeps what it has.
      const reason = stringifyError(error);
      this.#logger.warn(
        'Could not read the landing zone; the catalog keeps its last AWS accounts and VPCs',
        { error: reason },
      );
      return { applied: false, reason };
    }
    if (accounts.length === 0) {
      // A real organisation always has its management account: an empty list
      // is a broken read, not a reason to empty the catalog.
      const reason = 'The landing zone listed no accounts';
      this.#logger.warn(
        'The landing zone listed no accounts; the catalog keeps its last AWS accounts and VPCs',
      );
      return { applied: false, reason };
    }

    const entities = this.#entitiesOf(accounts, vpcs, organization);
    await connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: LOCATION_REF,
      })),
    });
    this.#logger.info('Landing zone entities applied to the catalog', {
      accounts: accounts.length,
      vpcs: vpcs.length,
    });
    return { applied: true, accounts: accounts.length, vpcs: vpcs.length };
  }

  #entitiesOf(
    accounts: AccountSummary[],
    vpcs: VpcSummary[],
    organization: OrganizationIdentity,
  ): Entity[] {
    const { ownerTag, fallbackOwner } = this.#config;
    const owners = new Map<string, string>();
    const entities: Entity[] = [];
    for (const account of accounts) {
      const tag = accountOwnerTag(account.tags, ownerTag);
      let owner = fallbackOwner;
      if (tag !== undefined) {
        const ref = ownerRefOf(tag);
        if (ref) {
          owner = ref;
        } else {
          this.#logger.warn(
            'Account owner tag is not a valid entity reference; using the fallback owner',
            {
              accountId: account.id,
              accountName: account.name,
              tag: ownerTag,
              value: tag,
              fallbackOwner,
            },
          );
        }
      }
      owners.set(account.id, owner);
      entities.push(accountEntity(account, owner, organization));
    }
    for (const vpc of vpcs) {
      // A VPC of an account that joined between the two listings is kept
      // with the fallback owner; the next refresh gives it its account's.
      entities.push(
        vpcEntity(
          vpc,
          owners.get(vpc.accountId) ?? fallbackOwner,
          organization,
        ),
      );
    }
    return entities;
  }

  async #readAll<T>(
    list: (query: PageQuery) => Promise<Page<T>>,
  ): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: PAGE_SIZE, cursor });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
}
