import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import type { LandingZoneService } from '@internal/plugin-landing-zone-node';
import express from 'express';
import request from 'supertest';
import { createRouter } from './router';

/*
 * How GET /matrix.csv ends when its rows fail part way: the headers and the
 * first rows are gone, so no error answer can follow; the response must not
 * end as if the file were whole.
 */

async function appWith(csv: () => AsyncIterable<string>) {
  const service = {
    exportMatrixCsv: async () => csv(),
  } as Partial<LandingZoneService> as LandingZoneService;
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions(),
    service,
  });
  const app = express();
  app.use(router);
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return app;
}

describe('GET /matrix.csv', () => {
  it('streams every chunk and ends the response', async () => {
    const app = await appWith(async function* csv() {
      yield 'a,b\r\n';
      yield '1,2\r\n';
    });
    const res = await request(app).get('/matrix.csv');
    expect(res.status).toBe(200);
    expect(res.text).toBe('a,b\r\n1,2\r\n');
  });

  it('cuts the connection when the rows fail after the first were sent', async () => {
    const app = await appWith(async function* csv() {
      yield 'a,b\r\n';
      // Let the first chunk go out before failing.
      await new Promise(resolve => setTimeout(resolve, 50));
      throw new ConflictError('The posture changed during the export');
    });
    const outcome = await request(app)
      .get('/matrix.csv')
      .then(
        res => ({ ended: true, status: res.status, text: res.text }),
        error => ({ ended: false, error: String(error) }),
      );
    expect(outcome).toEqual({ ended: false, error: expect.any(String) });
  });
});
