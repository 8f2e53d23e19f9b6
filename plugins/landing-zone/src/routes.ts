import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Landing Zone page (/landing-zone). */
export const rootRouteRef = createRouteRef();
