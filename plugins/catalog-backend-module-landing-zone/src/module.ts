import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { landingZoneServiceRef } from '@internal/plugin-landing-zone-node';
import { readProviderConfig } from './config';
import { LandingZoneEntityProvider } from './LandingZoneEntityProvider';

/**
 * The catalog module that puts the landing zone's AWS accounts and VPCs into
 * the catalog as Resource entities (types `aws-account` and `aws-vpc`),
 * refreshed on `catalog.providers.landingZone.schedule` and whenever a scan
 * stores new data.
 *
 * @public
 */
export const catalogModuleLandingZoneEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'landing-zone-entity-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        landingZone: landingZoneServiceRef,
        events: eventsServiceRef,
      },
      async init({ catalog, config, logger, scheduler, landingZone, events }) {
        catalog.addEntityProvider(
          LandingZoneEntityProvider.create({
            landingZone,
            logger,
            scheduler,
            config: readProviderConfig(config),
            events,
          }),
        );
      },
    });
  },
});
