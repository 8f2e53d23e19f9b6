import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import type { Sandbox } from '@internal/sandbox';
import request from 'supertest';
import { apiTestConfig, waitForScan } from './__testUtils__/api';
import { startTestSandbox } from './__testUtils__/sandbox';
import { landingZonePlugin } from './plugin';

/*
 * The end of every scan is announced on the events service, so that other
 * plugins (the catalog's entity provider) refresh at once.
 */

jest.setTimeout(120_000);

describe('landing-zone.scan.finished', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });

  afterAll(async () => {
    await sandbox.close();
  });

  async function scanWith(publish: jest.Mock) {
    const { server } = await startTestBackend({
      features: [
        landingZonePlugin,
        apiTestConfig(sandbox),
        createServiceFactory({
          service: eventsServiceRef,
          deps: {},
          factory: () => ({ publish, subscribe: jest.fn() }),
        }),
      ],
    });
    const started = await request(server)
      .post('/api/landing-zone/scans')
      .set('Authorization', mockCredentials.user.header());
    expect(started.status).toBe(202);
    return waitForScan(server, started.body.id);
  }

  it('is published once, with the final record, when a scan ends', async () => {
    const publish = jest.fn(async () => {});
    const scan = await scanWith(publish);
    // The demo has an account whose role is denied.
    expect(scan.state).toBe('partial');
    expect(scan.finishedAt).toEqual(expect.any(String));
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publish).toHaveBeenCalledWith({
      topic: 'landing-zone.scan.finished',
      eventPayload: {
        scanId: scan.id,
        state: 'partial',
        finishedAt: scan.finishedAt,
      },
    });
  });

  it('does not change how the scan ends when publishing fails', async () => {
    const publish = jest.fn(async () => {
      throw new Error('events backend unreachable');
    });
    const scan = await scanWith(publish);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(scan.state).toBe('partial');
    expect(scan.errors.map((e: { code: string }) => e.code)).not.toContain(
      'Error',
    );
  });
});
