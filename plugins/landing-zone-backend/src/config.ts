import { readDurationFromConfig, type Config } from '@backstage/config';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';
import {
  defaultGuardrailSettings,
  type AccountSelector,
  type GuardrailConfiguration,
  type GuardrailScope,
} from '@internal/plugin-landing-zone-common';
import { AWS_SERVICES, type AwsServiceName } from './collect/services';
import {
  overlaps,
  parseNetwork,
  VPC_PREFIX_MAX,
  VPC_PREFIX_MIN,
} from './vending/cidr';

/** @internal */
export type AwsSettings = {
  organizationsRegion: string;
  endpoints: Partial<Record<AwsServiceName | 'default', string>>;
  maxAttempts: number;
  requestTimeoutMs: number;
  maxSockets: number;
};

/** @internal */
export type LandingZoneSettings = {
  aws: AwsSettings;
  /** Optional role in the management / delegated-admin account to read Organizations through. */
  organizationRole?: { arn: string; externalId?: string; sessionName: string };
  memberRole: { name: string; externalId?: string; sessionName: string };
  regions: string[];
  scan: {
    schedule: SchedulerServiceTaskScheduleDefinition;
    concurrency: number;
    /** Most accounts refreshed per run; the stalest go first. Undefined: all. */
    accountsPerRun?: number;
    batchSize: number;
    /** Tags older than this are read again (one Organizations call per account). */
    tagsMaxAgeMs: number;
    /** Days of CloudTrail event history searched for the root user's activity. */
    rootActivityDays: number;
  };
  historyDays: number;
  /** Where each guardrail is judged, and the settings checks read. */
  guardrails: GuardrailConfiguration;
};

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 50 },
  initialDelay: { seconds: 15 },
};

/**
 * A bad value in app-config is the operator's to fix before the backend
 * starts, not a client's bad request: a plain Error naming the key, as
 * Backstage's own config readers throw, never an InputError (which the
 * framework would answer as a 400 if it ever reached a route).
 */
export function invalid(key: string, expected: string, got: unknown): Error {
  return new Error(
    `Invalid config at 'landingZone.${key}': expected ${expected}, got ${JSON.stringify(
      got,
    )}`,
  );
}

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw invalid(key, 'a positive integer', value);
  }
  return value;
}

/** CloudTrail's event history, which LookupEvents searches, holds 90 days. */
const ROOT_ACTIVITY_DAYS_MAX = 90;

/** Reads `landingZone` from app-config, with defaults for everything but the regions. */
export function readLandingZoneSettings(root: Config): LandingZoneSettings {
  const config = root.getOptionalConfig('landingZone');
  if (!config) {
    throw new Error(
      "Missing config 'landingZone': the landing-zone plugin needs at least landingZone.regions",
    );
  }
  const regions = config.getStringArray('regions');
  if (regions.length === 0) {
    throw invalid('regions', 'at least one region', regions);
  }

  const endpoints: AwsSettings['endpoints'] = {};
  const endpointConfig = config.getOptionalConfig('aws.endpoints');
  for (const key of ['default', ...AWS_SERVICES] as const) {
    const value = endpointConfig?.getOptionalString(key);
    if (value) endpoints[key] = value;
  }

  const orgRoleArn = config.getOptionalString('organization.roleArn');
  const scanConfig = config.getOptionalConfig('scan');
  const accountsPerRun = scanConfig?.getOptionalNumber('accountsPerRun');
  const rootActivityDays = positive(
    config,
    'scan.rootActivityDays',
    ROOT_ACTIVITY_DAYS_MAX,
  );
  if (rootActivityDays > ROOT_ACTIVITY_DAYS_MAX) {
    throw invalid(
      'scan.rootActivityDays',
      `at most ${ROOT_ACTIVITY_DAYS_MAX} (CloudTrail's event history)`,
      rootActivityDays,
    );
  }

  return {
    aws: {
      organizationsRegion:
        config.getOptionalString('organization.region') ?? 'us-east-1',
      endpoints,
      maxAttempts: positive(config, 'aws.maxAttempts', 6),
      requestTimeoutMs: positive(config, 'aws.requestTimeoutMs', 10_000),
      maxSockets: positive(config, 'aws.maxSockets', 64),
    },
    organizationRole: orgRoleArn
      ? {
          arn: orgRoleArn,
          externalId: config.getOptionalString('organization.externalId'),
          // Its own name, so the management account's CloudTrail tells the
          // organisation read apart from the member reads.
          sessionName:
            config.getOptionalString('organization.sessionName') ??
            'landing-zone-portal-organization',
        }
      : undefined,
    memberRole: {
      name:
        config.getOptionalString('memberRole.name') ?? 'LandingZoneReadOnly',
      externalId: config.getOptionalString('memberRole.externalId'),
      sessionName:
        config.getOptionalString('memberRole.sessionName') ??
        'landing-zone-portal',
    },
    regions,
    scan: {
      schedule: scanConfig?.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            scanConfig.getConfig('schedule'),
          )
        : DEFAULT_SCHEDULE,
      concurrency: positive(config, 'scan.concurrency', 8),
      accountsPerRun:
        accountsPerRun === undefined
          ? undefined
          : positive(config, 'scan.accountsPerRun', accountsPerRun),
      batchSize: positive(config, 'scan.batchSize', 25),
      tagsMaxAgeMs: scanConfig?.has('tagsMaxAge')
        ? durationToMilliseconds(
            readDurationFromConfig(scanConfig, { key: 'tagsMaxAge' }),
          )
        : 24 * 3_600_000,
      rootActivityDays,
    },
    historyDays: positive(config, 'history.days', 90),
    guardrails: readGuardrailConfiguration(config),
  };
}

/** Accounts tagged with a data classification, or under an OU named Data. */
const DEFAULT_DATA_ACCOUNTS: AccountSelector = {
  organizationalUnits: ['Data'],
  tags: { 'data-classification': ['*'] },
};

const ACCOUNT_ID = /^\d{12}$/;

export function readSelector(
  config: Config | undefined,
  key: string,
): AccountSelector | undefined {
  if (!config) return undefined;
  const selector: AccountSelector = {};
  const units = config.getOptionalStringArray('organizationalUnits');
  if (units) selector.organizationalUnits = units;
  const accounts = config.getOptionalStringArray('accounts');
  if (accounts) {
    accounts.forEach((id, i) => {
      if (!ACCOUNT_ID.test(id)) {
        throw invalid(`${key}.accounts[${i}]`, 'a 12-digit account id', id);
      }
    });
    selector.accounts = accounts;
  }
  const tags = config.getOptionalConfig('tags');
  if (tags) {
    selector.tags = {};
    for (const tag of tags.keys()) {
      // A tag may name one value or a list of them; '*' accepts any value.
      const value = tags.get(tag);
      const values = Array.isArray(value) ? value : [value];
      if (
        values.length === 0 ||
        values.some(v => typeof v !== 'string' || v === '')
      ) {
        throw invalid(
          `${key}.tags.${tag}`,
          "a tag value or a list of them ('*' for any value)",
          value,
        );
      }
      selector.tags[tag] = values as string[];
    }
  }
  return selector;
}

/**
 * Reads `landingZone.guardrails`: which accounts hold data, which OUs sign
 * in through Identity Center only, the checks' settings, and each
 * guardrail's scope (`checks.<id>`). Ids are checked against the checks the
 * backend runs by `assertKnownGuardrails`, once every module has added its own.
 */
export function readGuardrailConfiguration(
  landingZone: Config | undefined,
): GuardrailConfiguration {
  const config = landingZone?.getOptionalConfig('guardrails');
  const scopes: Record<string, GuardrailScope> = {};
  const checks = config?.getOptionalConfig('checks');
  for (const id of checks?.keys() ?? []) {
    const check = checks!.getConfig(id);
    scopes[id] = {
      enabled: check.getOptionalBoolean('enabled') ?? true,
      include: readSelector(
        check.getOptionalConfig('include'),
        `guardrails.checks.${id}.include`,
      ),
      exclude: readSelector(
        check.getOptionalConfig('exclude'),
        `guardrails.checks.${id}.exclude`,
      ),
    };
  }
  const maxAge =
    config?.getOptionalNumber('instanceMaxAgeDays') ??
    defaultGuardrailSettings.instanceMaxAgeDays;
  if (!Number.isInteger(maxAge) || maxAge < 1) {
    throw invalid(
      'guardrails.instanceMaxAgeDays',
      'a positive integer',
      maxAge,
    );
  }
  const trusted = config?.getOptionalStringArray('trustedAccounts') ?? [];
  trusted.forEach((id, i) => {
    if (!ACCOUNT_ID.test(id)) {
      throw invalid(
        `guardrails.trustedAccounts[${i}]`,
        'a 12-digit account id',
        id,
      );
    }
  });
  return {
    scopes,
    dataAccounts:
      readSelector(
        config?.getOptionalConfig('dataAccounts'),
        'guardrails.dataAccounts',
      ) ?? DEFAULT_DATA_ACCOUNTS,
    identityCenterOnly:
      readSelector(
        config?.getOptionalConfig('identityCenterOnly'),
        'guardrails.identityCenterOnly',
      ) ?? {},
    settings: {
      instanceMaxAgeDays: maxAge,
      requireCustomerManagedKeys:
        config?.getOptionalBoolean('requireCustomerManagedKeys') ??
        defaultGuardrailSettings.requireCustomerManagedKeys,
      trustedAccountIds: trusted,
    },
  };
}

/**
 * Fails start-up on a scope for a guardrail no check judges: a typo would
 * otherwise leave the guardrail judged everywhere without a word.
 */
export function assertKnownGuardrails(
  configuration: Pick<GuardrailConfiguration, 'scopes'>,
  checkIds: Iterable<string>,
  key = 'landingZone.guardrails.checks',
): void {
  const known = new Set(checkIds);
  for (const id of Object.keys(configuration.scopes)) {
    if (!known.has(id)) {
      throw new Error(
        `Invalid config at '${key}.${id}': no guardrail has the id '${id}'; known ids: ${[
          ...known,
        ]
          .sort()
          .join(', ')}`,
      );
    }
  }
}

/** @internal */
export type VendingSettings = {
  /** The infrastructure repository account requests are opened against. */
  repository?: { url: string; branch: string };
  cidrPools: { name: string; cidr: string }[];
  defaultPrefixLength: number;
  reservationMs: number;
  /** OU names or ids (matched on every part of an OU's path) that hold suspended accounts. */
  suspendedOrganizationalUnits: string[];
  /** The context of the commit status the portal posts on a request's pull request. */
  statusContext: string;
  follow: { schedule: SchedulerServiceTaskScheduleDefinition };
};

const DEFAULT_FOLLOW_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 30 },
};

/**
 * Reads `landingZone.vending`: every key has a default but the CIDR pools
 * (no pool, no allocation: a default range could collide with a real
 * network) and the repository (the scaffolder module's, optional here).
 */
export function readVendingSettings(root: Config): VendingSettings {
  const landingZone = root.getOptionalConfig('landingZone');
  const config = landingZone?.getOptionalConfig('vending');
  const repositoryUrl = config?.getOptionalString('repository.url');

  const cidrPools = (config?.getOptionalConfigArray('cidrPools') ?? []).map(
    (pool, i) => {
      const name = pool.getString('name');
      const cidr = pool.getString('cidr');
      const network = parseNetwork(cidr);
      if (!network) {
        throw invalid(
          `vending.cidrPools[${i}].cidr`,
          'an IPv4 network in CIDR notation, e.g. 10.128.0.0/12',
          cidr,
        );
      }
      if (network.prefixLength > VPC_PREFIX_MAX) {
        throw invalid(
          `vending.cidrPools[${i}].cidr`,
          `a pool of /${VPC_PREFIX_MAX} or larger`,
          cidr,
        );
      }
      return { name, cidr, network };
    },
  );
  cidrPools.forEach((pool, i) => {
    const other = cidrPools.findIndex(
      (o, j) =>
        j < i && (o.name === pool.name || overlaps(o.network, pool.network)),
    );
    if (other >= 0) {
      throw invalid(
        `vending.cidrPools[${i}]`,
        `a pool whose name and range differ from cidrPools[${other}]`,
        { name: pool.name, cidr: pool.cidr },
      );
    }
  });

  const defaultPrefixLength =
    config?.getOptionalNumber('defaultPrefixLength') ?? VPC_PREFIX_MIN;
  if (
    !Number.isInteger(defaultPrefixLength) ||
    defaultPrefixLength < VPC_PREFIX_MIN ||
    defaultPrefixLength > VPC_PREFIX_MAX
  ) {
    throw invalid(
      'vending.defaultPrefixLength',
      `a prefix length from ${VPC_PREFIX_MIN} to ${VPC_PREFIX_MAX}`,
      defaultPrefixLength,
    );
  }

  return {
    repository: repositoryUrl
      ? {
          url: repositoryUrl,
          branch: config?.getOptionalString('repository.branch') ?? 'main',
        }
      : undefined,
    cidrPools: cidrPools.map(({ name, cidr }) => ({ name, cidr })),
    defaultPrefixLength,
    reservationMs:
      (landingZone
        ? positive(landingZone, 'vending.reservationMinutes', 60)
        : 60) * 60_000,
    suspendedOrganizationalUnits: config?.getOptionalStringArray(
      'suspendedOrganizationalUnits',
    ) ?? ['Suspended'],
    statusContext:
      config?.getOptionalString('statusContext') ?? 'landing-zone/guardrails',
    follow: {
      schedule: config?.has('follow.schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            config.getConfig('follow.schedule'),
          )
        : DEFAULT_FOLLOW_SCHEDULE,
    },
  };
}
