import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { LandingZonePermissionPolicy } from './LandingZonePermissionPolicy';

/**
 * The permission backend module that sets the portal's policy: members of
 * `permission.landingZone.fullAccessGroups` may do everything, everyone else
 * reads only the landing-zone accounts their groups own and may not start
 * scans.
 *
 * @public
 */
export const permissionModuleLandingZone = createBackendModule({
  pluginId: 'permission',
  moduleId: 'landing-zone',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, logger, userInfo }) {
        const landingZonePolicy = LandingZonePermissionPolicy.create({
          config,
          userInfo,
        });
        policy.setPolicy(landingZonePolicy);
        logger.info('Landing-zone permission policy set', {
          fullAccessGroups: landingZonePolicy.fullAccessGroups,
        });
      },
    });
  },
});
