import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { GuardrailCheck } from '@internal/plugin-landing-zone-common';

/**
 * Lets a backend module add guardrail checks to the landing-zone plugin.
 * Checks are pure functions of the collected facts (see `GuardrailCheck`);
 * their ids must not clash with the built-in catalogue.
 *
 * @public
 */
export interface LandingZoneChecksExtensionPoint {
  addChecks(...checks: GuardrailCheck[]): void;
}

/**
 * The extension point for guardrail checks, id `landing-zone.checks`.
 *
 * @example
 * ```ts
 * createBackendModule({
 *   pluginId: 'landing-zone',
 *   moduleId: 'my-checks',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { checks: landingZoneChecksExtensionPoint },
 *       async init({ checks }) {
 *         checks.addChecks(myCheck);
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export const landingZoneChecksExtensionPoint =
  createExtensionPoint<LandingZoneChecksExtensionPoint>({
    id: 'landing-zone.checks',
  });
