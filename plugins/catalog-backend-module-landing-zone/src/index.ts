/**
 * A catalog module that puts the landing zone's AWS accounts and VPCs into
 * the software catalog.
 *
 * @packageDocumentation
 */

export { catalogModuleLandingZoneEntityProvider as default } from './module';
