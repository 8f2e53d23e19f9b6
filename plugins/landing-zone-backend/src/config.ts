import { readDurationFromConfig, type Config } from '@backstage/config';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';
import { AWS_SERVICES, type AwsServiceName } from './collect/services';

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
  };
  historyDays: number;
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
function invalid(key: string, expected: string, got: unknown): Error {
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
    },
    historyDays: positive(config, 'history.days', 90),
  };
}
