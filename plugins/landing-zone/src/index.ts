/**
 * The Landing Zone Portal's frontend plugin, for the new frontend system.
 *
 * @packageDocumentation
 */
export { landingZonePlugin as default } from './plugin';
export { landingZoneApiRef } from './api';
export { landingZoneTranslationRef } from './translation';
export { landingZoneGuardrailsTranslationRef } from './guardrailTexts';
