import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { landingZoneVendingServiceRef } from '@internal/plugin-landing-zone-node';
import {
  createAccountNetworkAction,
  createAccountRequestRegisterAction,
  createAccountValidateAction,
  createCidrAllocateAction,
  createPolicyWhatIfAction,
  createVendingRepositoryAction,
} from './actions';

/**
 * The scaffolder module with the landing zone's actions: what account,
 * service-stack and policy-change templates need beyond Backstage's own
 * fetch and publish actions. They reach the landing-zone backend over HTTP with the
 * scaffolder's service credentials; none touches its database.
 *
 * @public
 */
export const scaffolderModuleLandingZone = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'landing-zone',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        vending: landingZoneVendingServiceRef,
      },
      async init({ scaffolderActions, config, vending }) {
        scaffolderActions.addActions(
          createVendingRepositoryAction({ config }),
          createAccountValidateAction({ vending }),
          createCidrAllocateAction({ vending }),
          createAccountRequestRegisterAction({ vending }),
          createAccountNetworkAction({ vending }),
          createPolicyWhatIfAction({ vending }),
        );
      },
    });
  },
});
