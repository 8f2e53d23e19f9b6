import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the inventory and posture: accounts, VPCs, OUs, guardrail results,
 * history, the catalogue and scan status.
 *
 * @public
 */
export const landingZonePostureReadPermission = createPermission({
  name: 'landing-zone.posture.read',
  attributes: { action: 'read' },
});

/**
 * Start a scan of the organisation on demand (POST /scans).
 *
 * @public
 */
export const landingZoneScanCreatePermission = createPermission({
  name: 'landing-zone.scan.create',
  attributes: { action: 'create' },
});

/**
 * Every permission of the landing-zone plugin.
 *
 * @public
 */
export const landingZonePermissions = [
  landingZonePostureReadPermission,
  landingZoneScanCreatePermission,
];
