import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { resolve as resolvePath } from 'node:path';
import request from 'supertest';

// The foundation must hold on both databases the portal supports: SQLite for
// the local demo, PostgreSQL in production.
const databases = TestDatabases.create();

jest.setTimeout(60_000);

describe('portal backend catalog', () => {
  it('runs on PostgreSQL when a server is configured for tests', () => {
    const ids = databases.eachSupportedId().map(([id]) => id);
    const expected = process.env
      .BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
      ? ['POSTGRES_15', 'SQLITE_3']
      : ['SQLITE_3'];
    expect(ids).toEqual(expect.arrayContaining(expected));
  });

  it.each(databases.eachSupportedId())(
    'serves the portal entity from catalog-info.yaml on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          catalogPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [{ allow: ['Component', 'Group', 'Location'] }],
                processingInterval: { seconds: 1 },
                locations: [
                  {
                    type: 'file',
                    target: resolvePath(
                      __dirname,
                      '../../../catalog-info.yaml',
                    ),
                  },
                ],
              },
            },
          }),
        ],
      });

      const path =
        '/api/catalog/entities/by-name/component/default/landing-zone-portal';
      let res = await request(server)
        .get(path)
        .set('Authorization', mockCredentials.user.header());
      for (let i = 0; i < 50 && res.status === 404; i++) {
        await new Promise(r => setTimeout(r, 500));
        res = await request(server)
          .get(path)
          .set('Authorization', mockCredentials.user.header());
      }

      expect(res.status).toBe(200);
      expect(res.body.metadata.title).toBe('Landing Zone Portal');
      expect(res.body.spec.owner).toBe('group:default/platform-team');
    },
  );
});
