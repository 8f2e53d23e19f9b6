import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter } from './router';

/**
 * The landing-zone backend plugin: collects the AWS Organization, judges its
 * guardrails, keeps history and serves it under /api/landing-zone.
 *
 * @public
 */
export const landingZonePlugin = createBackendPlugin({
  pluginId: 'landing-zone',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
      },
      async init({ httpRouter }) {
        httpRouter.use(await createRouter());
      },
    });
  },
});
