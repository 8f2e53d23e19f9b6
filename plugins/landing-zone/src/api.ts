import {
  ApiBlueprint,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  LandingZoneClient,
  type LandingZoneApi,
  type LandingZoneVendingApi,
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

/**
 * Account vending in the browser: request validation for the templates' form
 * fields and the "Account requests" view.
 *
 * @public
 */
export const landingZoneVendingApiRef = createApiRef<LandingZoneVendingApi>({
  id: 'plugin.landing-zone.vending',
});

export const landingZoneVendingApi = ApiBlueprint.make({
  name: 'vending',
  params: defineParams =>
    defineParams({
      api: landingZoneVendingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new LandingZoneClient({ discoveryApi, fetchApi }),
    }),
});
