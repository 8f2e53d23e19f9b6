import type { Config } from '@backstage/config';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  ownerRefOf,
  type AccountSelector,
  type AlertKind,
  type GuardrailSeverity,
} from '@internal/plugin-landing-zone-common';
import { invalid, readSelector } from '../config';

/** A daily window in a time zone, in minutes after midnight; end may be before start (over midnight). */
export type QuietHours = { start: number; end: number; timeZone: string };

/** `landingZone.alerts`, read and checked. */
export type AlertSettings = {
  /** Off: nothing is detected, stored or sent. */
  enabled: boolean;
  /** Which kinds of alert are detected. */
  kinds: Record<AlertKind, boolean>;
  /** Also told of regressions of these severities, of root activity and of new accounts outside the known OUs. */
  securityGroup?: string;
  securitySeverities: GuardrailSeverity[];
  /**
   * A new account under none of these OUs (name or id, any unit on its path)
   * is announced. Undefined: only an account placed directly under the root.
   */
  knownOrganizationalUnits?: string[];
  /** Accounts whose alerts are neither stored nor sent. */
  exclude?: AccountSelector;
  /** Per guardrail: off, or only in some accounts. */
  guardrails: Record<
    string,
    { enabled: boolean; include?: AccountSelector; exclude?: AccountSelector }
  >;
  /** Undefined: none. Alerts found within them wait for their end, critical ones excepted. */
  quietHours?: QuietHours;
  /** Owner of accounts without a valid owner tag (the catalog's fallback owner). */
  fallbackOwner: string;
  /** The periodic run that sends what was not sent. */
  schedule: SchedulerServiceTaskScheduleDefinition;
};

const KIND_KEYS: Record<AlertKind, string> = {
  regression: 'regression',
  recovery: 'recovery',
  stale: 'stale',
  'new-account': 'newAccount',
  'root-activity': 'rootActivity',
};

const SEVERITIES: GuardrailSeverity[] = ['critical', 'high', 'medium', 'low'];
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function groupRef(value: string, key: string): string {
  const ref = ownerRefOf(value);
  if (!ref) {
    throw invalid(
      key,
      "an entity reference such as 'group:default/security'",
      value,
    );
  }
  return ref.toLowerCase();
}

/**
 * Reads `landingZone.alerts`; a bad value stops start-up naming its key.
 * `fallbackOwner` is the catalog module's fallback owner.
 */
export function readAlertSettings(
  root: Config,
  fallbackOwner: string,
): AlertSettings {
  const config = root.getOptionalConfig('landingZone.alerts');
  const kinds = Object.fromEntries(
    Object.entries(KIND_KEYS).map(([kind, key]) => [
      kind,
      config?.getOptionalBoolean(`kinds.${key}`) ?? true,
    ]),
  ) as Record<AlertKind, boolean>;
  const security = config?.getOptionalString('securityGroup');
  const severities = config?.getOptionalStringArray('securitySeverities') ?? [
    'critical',
    'high',
  ];
  severities.forEach((s, i) => {
    if (!SEVERITIES.includes(s as GuardrailSeverity)) {
      throw invalid(
        `alerts.securitySeverities[${i}]`,
        `one of ${SEVERITIES.join(', ')}`,
        s,
      );
    }
  });
  const guardrails: AlertSettings['guardrails'] = {};
  const checks = config?.getOptionalConfig('guardrails');
  for (const id of checks?.keys() ?? []) {
    const check = checks!.getConfig(id);
    guardrails[id] = {
      enabled: check.getOptionalBoolean('enabled') ?? true,
      include: readSelector(
        check.getOptionalConfig('include'),
        `alerts.guardrails.${id}.include`,
      ),
      exclude: readSelector(
        check.getOptionalConfig('exclude'),
        `alerts.guardrails.${id}.exclude`,
      ),
    };
  }
  let quietHours: QuietHours | undefined;
  const quiet = config?.getOptionalConfig('quietHours');
  if (quiet) {
    const minutes = (key: 'start' | 'end') => {
      const value = quiet.getString(key);
      const match = TIME.exec(value);
      if (!match) {
        throw invalid(
          `alerts.quietHours.${key}`,
          "a time such as '22:00'",
          value,
        );
      }
      return Number(match[1]) * 60 + Number(match[2]);
    };
    const timeZone = quiet.getOptionalString('timeZone') ?? 'UTC';
    try {
      Intl.DateTimeFormat('en', { timeZone }).format(0);
    } catch {
      throw invalid(
        'alerts.quietHours.timeZone',
        "an IANA time zone such as 'Asia/Tokyo'",
        timeZone,
      );
    }
    quietHours = { start: minutes('start'), end: minutes('end'), timeZone };
  }
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? true,
    kinds,
    securityGroup: security
      ? groupRef(security, 'alerts.securityGroup')
      : undefined,
    securitySeverities: severities as GuardrailSeverity[],
    knownOrganizationalUnits: config?.getOptionalStringArray(
      'knownOrganizationalUnits',
    ),
    exclude: readSelector(
      config?.getOptionalConfig('exclude'),
      'alerts.exclude',
    ),
    guardrails,
    quietHours,
    schedule: config?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : {
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
        },
    fallbackOwner: groupRef(
      fallbackOwner,
      'catalog.providers.landingZone.fallbackOwner',
    ),
  };
}

/** Whether `at` falls within the quiet hours, in their time zone. */
export function inQuietHours(quiet: QuietHours | undefined, at: Date): boolean {
  if (!quiet || quiet.start === quiet.end) return false;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: quiet.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) =>
    Number(parts.find(p => p.type === type)?.value ?? 0);
  const now = part('hour') * 60 + part('minute');
  return quiet.start < quiet.end
    ? now >= quiet.start && now < quiet.end
    : now >= quiet.start || now < quiet.end;
}
