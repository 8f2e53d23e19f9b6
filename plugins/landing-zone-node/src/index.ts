/**
 * Node.js library of the landing-zone plugin: the extension point through
 * which other backend modules add guardrail checks.
 *
 * @packageDocumentation
 */

export {
  landingZoneChecksExtensionPoint,
  type LandingZoneChecksExtensionPoint,
} from './extensions';
