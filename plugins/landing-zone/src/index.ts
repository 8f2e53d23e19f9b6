/**
 * The Landing Zone Portal's frontend plugin, for the new frontend system.
 *
 * @packageDocumentation
 */
import type { FrontendPlugin } from '@backstage/frontend-plugin-api';
import { landingZonePlugin } from './plugin';

/**
 * The plugin: the Landing Zone page, and guardrails, network and team
 * accounts on entity pages. Typed as a plain FrontendPlugin: the full type
 * spells out every extension's upstream types, whose union order TypeScript
 * prints differently from one compile to the next, which would make the API
 * report unstable.
 *
 * @public
 */
const plugin: FrontendPlugin = landingZonePlugin;
export default plugin;
export { landingZoneApiRef } from './api';
