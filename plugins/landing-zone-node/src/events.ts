import type { ScanState } from '@internal/plugin-landing-zone-common';

/**
 * The events-service topic the landing-zone plugin publishes to when a scan
 * has ended and its record is stored, with a {@link LandingZoneScanFinishedEvent}.
 *
 * @public
 */
export const LANDING_ZONE_SCAN_FINISHED_TOPIC = 'landing-zone.scan.finished';

/**
 * The payload of {@link LANDING_ZONE_SCAN_FINISHED_TOPIC}. The API serves
 * the scan's results once this is published; `succeeded` and `partial`
 * scans stored new data, the other states did not.
 *
 * @public
 */
export type LandingZoneScanFinishedEvent = {
  scanId: string;
  state: ScanState;
  finishedAt?: string;
};
