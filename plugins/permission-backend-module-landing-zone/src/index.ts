/**
 * The Landing Zone Portal's permission policy, as a permission backend
 * module: full access for configured groups, the landing-zone accounts of
 * their own teams for everyone else.
 *
 * @packageDocumentation
 */

export { permissionModuleLandingZone as default } from './module';
