import {
  ApiBlueprint,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  LandingZoneClient,
  type LandingZoneApi,
} from '@internal/plugin-landing-zone-common';

/**
 * The landing-zone API in the browser: the typed client of
 * the -common package, signed in through the fetch API.
 *
 * @public
 */
export const landingZoneApiRef = createApiRef<LandingZoneApi>({
  id: 'plugin.landing-zone.api',
});

export const landingZoneApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: landingZoneApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new LandingZoneClient({ discoveryApi, fetchApi }),
    }),
});
