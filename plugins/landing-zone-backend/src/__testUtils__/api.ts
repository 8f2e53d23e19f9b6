import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Sandbox } from '@internal/sandbox';
import type { Server } from 'node:http';
import request from 'supertest';
import { landingZoneConfig } from './sandbox';

/**
 * Root config for a backend under test against the sandbox. The schedule's
 * first run is a day away, so only scans started through the API run.
 * `overrides` as for landingZoneConfig, but for `scan`.
 */
export function apiTestConfig(
  sandbox: Pick<Sandbox, 'url'>,
  overrides: Record<string, unknown> = {},
) {
  return mockServices.rootConfig.factory({
    data: {
      landingZone: {
        ...landingZoneConfig(sandbox, overrides),
        scan: {
          concurrency: 4,
          schedule: {
            frequency: { hours: 24 },
            timeout: { minutes: 10 },
            initialDelay: { hours: 24 },
          },
        },
      },
    },
  });
}

/** Polls GET /scans/:id until the scan is no longer running. */
export async function waitForScan(server: Server, id: string) {
  for (let i = 0; i < 240; i++) {
    const res = await request(server)
      .get(`/api/landing-zone/scans/${id}`)
      .set('Authorization', mockCredentials.user.header());
    if (res.body.state !== 'running') return res.body;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`scan ${id} did not finish`);
}
