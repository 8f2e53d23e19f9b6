import { readDurationFromConfig, type Config } from '@backstage/config';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import type { AwsServiceName } from './collect/clients';

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
  organizationRole?: { arn: string; externalId?: string };
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

const SERVICES: AwsServiceName[] = [
  'organizations',
  'sts',
  'ec2',
  'iam',
  'guardduty',
  'cloudtrail',
  'config',
  'securityhub',
  'accessanalyzer',
  's3control',
];

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 50 },
  initialDelay: { seconds: 15 },
};

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(
      `landingZone.${key} must be a positive integer, got ${value}`,
    );
  }
  return value;
}

/** Reads `landingZone` from app-config, with defaults for everything but the regions. */
export function readLandingZoneSettings(root: Config): LandingZoneSettings {
  const config = root.getOptionalConfig('landingZone');
  if (!config) {
    throw new InputError(
      'The landing-zone plugin needs a landingZone section in app-config (at least landingZone.regions)',
    );
  }
  const regions = config.getStringArray('regions');
  if (regions.length === 0) {
    throw new InputError('landingZone.regions must list at least one region');
  }

  const endpoints: AwsSettings['endpoints'] = {};
  const endpointConfig = config.getOptionalConfig('aws.endpoints');
  for (const key of ['default', ...SERVICES] as const) {
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
