/*
 * Account vending: requests checked against the live organisation, VPC CIDR
 * blocks from configured pools, and the requests followed through their pull
 * requests until their account is seen and compliant.
 */
import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import {
  DEFAULT_OWNER_TAG,
  type GuardrailCheck,
} from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import { readVendingSettings } from '../config';
import type { LandingZoneStore } from '../store/LandingZoneStore';
import { AccountRequestStore } from './AccountRequestStore';
import { CidrAllocationStore } from './CidrAllocationStore';
import { GithubPullRequests, type PullRequestHost } from './github';
import { InventoryLookup } from './inventory';
import { RequestFollower } from './RequestFollower';
import { VendingService } from './VendingService';

export { RequestFollower } from './RequestFollower';
export { VendingService } from './VendingService';

/**
 * The vending service and its follower over the plugin's database (already
 * migrated by createLandingZoneStore). `host` replaces GitHub in tests.
 */
export async function createVending(options: {
  config: Config;
  db: Knex;
  store: LandingZoneStore;
  regions: string[];
  checks: () => GuardrailCheck[];
  logger: LoggerService;
  host?: PullRequestHost;
}) {
  const { config, db } = options;
  const settings = readVendingSettings(config);
  const integrations = ScmIntegrations.fromConfig(config);
  const requests = AccountRequestStore.create({ db });
  const allocations = CidrAllocationStore.create({ db });
  const inventory = InventoryLookup.create({ db });
  await allocations.syncPools(settings.cidrPools);

  const service = VendingService.create({
    store: options.store,
    requests,
    allocations,
    inventory,
    settings,
    regions: options.regions,
    ownerTag:
      config.getOptionalString('catalog.providers.landingZone.ownerTag') ??
      DEFAULT_OWNER_TAG,
    // Without it (a backend on its own), request links are relative.
    appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
    integrations,
    checks: options.checks,
  });
  const follower = RequestFollower.create({
    requests,
    allocations,
    inventory,
    vending: service,
    host: options.host ?? GithubPullRequests.create({ integrations }),
    logger: options.logger,
    statusContext: settings.statusContext,
  });
  return { settings, service, follower };
}
