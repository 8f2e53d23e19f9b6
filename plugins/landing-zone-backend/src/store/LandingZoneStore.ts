import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { AccountStore } from './AccountStore';
import { FactStore } from './FactStore';
import { MatrixStore } from './MatrixStore';
import { OrganizationStore } from './OrganizationStore';
import { ResultStore } from './ResultStore';
import { ScanRunStore } from './ScanRunStore';
import { VpcStore } from './VpcStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-landing-zone-backend',
  'migrations',
);

/**
 * The plugin's database, one store per kind of data. Each multi-row write
 * happens inside one transaction, so a crash leaves the previous complete data
 * in place.
 */
export type LandingZoneStore = {
  /** The OU tree, its policies and the accounts' identities. */
  organization: OrganizationStore;
  /** Accounts: lists, freshness, tags. */
  accounts: AccountStore;
  /** The last good facts of every account, region and kind. */
  facts: FactStore;
  /** VPC environments. */
  vpcs: VpcStore;
  /** Verdicts, roll-ups and history. */
  results: ResultStore;
  /** The posture matrix: accounts x guardrails. */
  matrix: MatrixStore;
  /** Scan runs and their progress. */
  scans: ScanRunStore;
};

/** Migrates the plugin's database (unless told not to) and opens its stores. */
export async function createLandingZoneStore(options: {
  database: DatabaseService;
  skipMigrations?: boolean;
  /** The account tag naming the owner (default `owner`). */
  ownerTag?: string;
}): Promise<LandingZoneStore> {
  const { database } = options;
  const db: Knex = await database.getClient();
  if (!database.migrations?.skip && !options.skipMigrations) {
    await db.migrate.latest({ directory: migrationsDir });
  }
  return {
    organization: OrganizationStore.create({ db, ownerTag: options.ownerTag }),
    accounts: AccountStore.create({ db, ownerTag: options.ownerTag }),
    facts: FactStore.create({ db }),
    vpcs: VpcStore.create({ db }),
    results: ResultStore.create({ db }),
    matrix: MatrixStore.create({ db }),
    scans: ScanRunStore.create({ db }),
  };
}
