import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_OWNER_TAG,
  ownerRefOf,
} from '@internal/plugin-landing-zone-common';

/** The provider's settings, from `catalog.providers.landingZone`. */
export type ProviderConfig = {
  ownerTag: string;
  fallbackOwner: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
};

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  // Lets the landing-zone plugin start first in a backend that runs both.
  initialDelay: { seconds: 30 },
};

export function readProviderConfig(root: Config): ProviderConfig {
  const config = root.getOptionalConfig('catalog.providers.landingZone');
  const fallback =
    config?.getOptionalString('fallbackOwner') ?? 'group:default/platform-team';
  const fallbackOwner = ownerRefOf(fallback);
  if (!fallbackOwner) {
    // Fails start-up: every account without a usable owner would get it.
    throw new InputError(
      `catalog.providers.landingZone.fallbackOwner is not a valid entity reference: '${fallback}'`,
    );
  }
  return {
    ownerTag: config?.getOptionalString('ownerTag') ?? DEFAULT_OWNER_TAG,
    fallbackOwner,
    schedule: config?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
  };
}
