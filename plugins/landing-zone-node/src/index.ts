/**
 * Node.js library of the landing-zone plugin: the services other backend
 * modules read the landing zone and vend accounts through, and the extension
 * point through which they add guardrail checks.
 *
 * @packageDocumentation
 */

export {
  landingZoneChecksExtensionPoint,
  type LandingZoneChecksExtensionPoint,
} from './extensions';
export { landingZoneServiceRef, type LandingZoneService } from './service';
export {
  landingZoneVendingServiceRef,
  type LandingZoneVendingService,
} from './vending';
export {
  LANDING_ZONE_SCAN_FINISHED_TOPIC,
  type LandingZoneScanFinishedEvent,
} from './events';
