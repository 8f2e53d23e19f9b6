import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * The landing-zone entity provider: the organisation's AWS accounts and
       * VPCs as Resource entities (plugins/catalog-backend-module-landing-zone).
       */
      landingZone?: {
        /**
         * The account tag whose value names the owning group, e.g. `team-payments`
         * or a full reference such as `group:finance/team-payments`. Default `owner`.
         */
        ownerTag?: string;
        /**
         * The owner of accounts without that tag or with a value that is not a
         * valid entity reference, and of their VPCs. A full entity reference;
         * default `group:default/platform-team`.
         */
        fallbackOwner?: string;
        /**
         * How often the catalog reads the landing zone. Default: every 5 minutes,
         * first 30 seconds after start-up, timeout 3 minutes.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
