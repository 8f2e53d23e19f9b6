/**
 * Node.js library of the landing-zone plugin: the service other backend
 * modules read the landing zone through, and the extension point through
 * which they add guardrail checks.
 *
 * @packageDocumentation
 */

export {
  landingZoneChecksExtensionPoint,
  type LandingZoneChecksExtensionPoint,
} from './extensions';
export { landingZoneServiceRef, type LandingZoneService } from './service';
export {
  LANDING_ZONE_SCAN_FINISHED_TOPIC,
  type LandingZoneScanFinishedEvent,
} from './events';
