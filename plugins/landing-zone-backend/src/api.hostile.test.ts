import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Sandbox } from '@internal/sandbox';
import type { Server } from 'node:http';
import request from 'supertest';
import { apiTestConfig, waitForScan } from './__testUtils__/api';
import { startTestSandbox } from './__testUtils__/sandbox';
import { landingZonePlugin } from './plugin';

/*
 * The API tried as a hostile user would: bytes the databases treat
 * differently, ids that look like wildcards, numbers in other notations,
 * and what an error gives away. Backstage's error handler decides at start
 * whether bodies carry stack traces, from NODE_ENV: this backend runs as in
 * production.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create();
const cursorOf = (key: string[]) =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

describe.each(databases.eachSupportedId())(
  'the landing-zone API against hostile input on %p',
  databaseId => {
    let sandbox: Sandbox;
    let server: Server;
    let scanId: string;
    const nodeEnv = process.env.NODE_ENV;
    const auth = () => mockCredentials.user.header();
    const get = (path: string, query?: Record<string, unknown>) =>
      request(server)
        .get(`/api/landing-zone${path}`)
        .query(query ?? {})
        .set('Authorization', mockCredentials.user.header());

    beforeAll(async () => {
      process.env.NODE_ENV = 'production';
      sandbox = await startTestSandbox();
      const knex = await databases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          landingZonePlugin,
          mockServices.database.factory({ knex }),
          apiTestConfig(sandbox),
        ],
      }));
      const started = await request(server)
        .post('/api/landing-zone/scans')
        .set('Authorization', mockCredentials.user.header());
      scanId = started.body.id;
      await waitForScan(server, scanId);
    });

    afterAll(async () => {
      process.env.NODE_ENV = nodeEnv;
      await sandbox.close();
    });

    it('answers bad input with 400 and unknown ids with 404', async () => {
      const cases: [string, number, RegExp][] = [
        ['/accounts?limit=0', 400, /limit/],
        ['/accounts?limit=501', 400, /limit/],
        ['/accounts?limit=ten', 400, /limit/],
        ['/accounts?environment=prd', 400, /environment/],
        ['/accounts?compliance=yes', 400, /compliance/],
        ['/accounts?ou=a&ou=b', 400, /ou/],
        ['/accounts?colour=blue', 400, /colour|Unrecognized/i],
        ['/accounts?cursor=%%%', 400, /cursor/i],
        ['/accounts/12', 400, /12-digit/],
        ['/accounts/000000000000', 404, /000000000000/],
        ['/vpcs?region=mars', 400, /region/],
        ['/vpcs?accountId=1234', 400, /accountId/],
        ['/vpcs?environment=live', 400, /environment/],
        ['/vpcs?limit=0', 400, /limit/],
        ['/vpcs?colour=blue', 400, /colour|Unrecognized/i],
        ['/vpcs?cursor=%%%', 400, /cursor/i],
        ['/posture?days=-1', 400, /days/],
        ['/posture?ou=ou-f1nt-w0rkl0ad', 400, /ou|Unrecognized/i],
        ['/posture/trend?days=0', 400, /days/],
        ['/posture/trend?ou=Workloads', 400, /ou/],
        ['/posture/trend?ou=ou-f1nt-n0tth3r3', 404, /ou-f1nt-n0tth3r3/],
        ['/posture/trend?check=no-such-check', 404, /no-such-check/],
        ['/posture/trend?check=', 400, /check/],
        ['/scans?limit=0', 400, /limit/],
        ['/scans?limit=501', 400, /limit/],
        ['/scans?limit=1.5', 400, /limit/],
        ['/scans?state=running', 400, /state|Unrecognized/i],
        ['/scans?cursor=%%%', 400, /cursor/i],
        ['/scans/nope', 404, /nope/],
      ];
      // All answers compared at once, so one run shows every wrong one.
      const answers = [];
      for (const [path] of cases) {
        const res = await request(server)
          .get(`/api/landing-zone${path}`)
          .set('Authorization', auth());
        answers.push({
          path,
          status: res.status,
          message: res.body.error?.message,
        });
      }
      expect(answers).toEqual(
        cases.map(([path, status, message]) => ({
          path,
          status,
          message: expect.stringMatching(message),
        })),
      );
    });

    // A cursor that decodes but is no key of the list must not reach the SQL.
    it('answers a cursor with the wrong number of parts with 400', async () => {
      for (const path of ['/accounts', '/vpcs', '/scans']) {
        const res = await request(server)
          .get(`/api/landing-zone${path}`)
          .query({ cursor: cursorOf(['x']) })
          .set('Authorization', auth());
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.body.error.message).toMatch(/cursor/i);
      }
    });

    it('answers a scans cursor whose date is no date with 400', async () => {
      const res = await request(server)
        .get('/api/landing-zone/scans')
        .query({ cursor: cursorOf(['1', 'not-a-date', 'x']) })
        .set('Authorization', auth());
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/cursor/i);
    });

    it('answers a NUL byte in any text, id or cursor with 400, never 500 or a match', async () => {
      const nul = '\u0000';
      const cases: [string, Record<string, string>][] = [
        ['/accounts', { q: `prod${nul}` }],
        ['/accounts', { q: nul }],
        ['/accounts', { owner: `team-payments${nul}` }],
        ['/accounts', { ou: `ou-f1nt-w0rkl0ad${nul}` }],
        ['/accounts', { cursor: cursorOf(['1', `a${nul}`, '1']) }],
        ['/accounts', { cursor: `abc${nul}` }],
        ['/vpcs', { cursor: cursorOf(['1', `1${nul}`, 'eu-west-1', 'v']) }],
        ['/posture/trend', { check: `root-mfa${nul}` }],
        ['/scans', { cursor: cursorOf(['1', `2026-01-01${nul}`, 'x']) }],
        [`/scans/${encodeURIComponent(`${scanId}${nul}`)}`, {}],
        [`/accounts/${encodeURIComponent(`123456789012${nul}`)}`, {}],
      ];
      const answers = [];
      for (const [path, query] of cases) {
        const res = await get(path, query);
        answers.push({ path, query, status: res.status, body: res.body });
      }
      expect(answers).toEqual(
        cases.map(([path, query]) => ({
          path,
          query,
          status: 400,
          body: expect.objectContaining({
            error: expect.objectContaining({ name: 'InputError' }),
          }),
        })),
      );
    });

    it('answers a cursor whose date is out of range with 400', async () => {
      for (const date of [
        '+275760-09-13T00:00:00.000Z',
        '-000001-01-01T00:00:00.000Z',
        '99999-01-01T00:00:00Z',
        '2026-13-45T00:00:00.000Z',
      ]) {
        // With the count a cursor carries, and without (as before it did).
        for (const key of [
          ['1', date, 'x'],
          [date, 'x'],
        ]) {
          const res = await get('/scans', { cursor: cursorOf(key) });
          expect({ key, status: res.status }).toEqual({ key, status: 400 });
          expect(res.body.error.message).toMatch(/cursor/i);
        }
      }
    });

    it('takes an OU id literally: % and _ are no wildcards', async () => {
      const workloads = sandbox.organization.organizationalUnits.find(
        u => u.path === 'Workloads',
      )!.id;
      const wildcard = `${workloads.slice(0, -2)}_%`;
      expect((await get('/accounts', { ou: wildcard })).status).toBe(400);
      // Well formed, one character off: no such OU, whatever LIKE would say.
      const almost = `${workloads.slice(0, -1)}${
        workloads.endsWith('0') ? '1' : '0'
      }`;
      const res = await get('/accounts', { ou: almost });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(`No organizational unit ${almost}`);
    });

    it('answers an unknown OU, account, check or scan with 404 the same way on every route', async () => {
      const ou = 'ou-f1nt-n0tth3r3';
      const account = '000000000000';
      const cases: [string, Record<string, string>, string][] = [
        ['/accounts', { ou }, `No organizational unit ${ou}`],
        ['/posture/trend', { ou }, `No organizational unit ${ou}`],
        [`/accounts/${account}`, {}, `No account ${account}`],
        ['/vpcs', { accountId: account }, `No account ${account}`],
        [
          '/posture/trend',
          { check: 'no-such-check' },
          'No guardrail check no-such-check',
        ],
        ['/scans/no-such-scan', {}, 'No scan no-such-scan'],
      ];
      const answers = [];
      for (const [path, query] of cases) {
        const res = await get(path, query);
        answers.push({
          path,
          status: res.status,
          name: res.body.error?.name,
          message: res.body.error?.message,
        });
      }
      expect(answers).toEqual(
        cases.map(([path, , message]) => ({
          path,
          status: 404,
          name: 'NotFoundError',
          message,
        })),
      );
    });

    it('takes numbers only in decimal', async () => {
      const cases: [string, string][] = [
        ['/accounts', 'limit=0x10'],
        ['/accounts', 'limit[]=5'],
        ['/accounts', 'limit=1e2'],
        ['/accounts', 'limit=%2B5'],
        ['/accounts', 'limit=%205'],
        ['/vpcs', 'limit=0b11'],
        ['/scans', 'limit=0o7'],
        ['/posture', 'days=0x1E'],
        ['/posture/trend', 'days=7.0'],
      ];
      for (const [path, query] of cases) {
        const res = await request(server)
          .get(`/api/landing-zone${path}?${query}`)
          .set('Authorization', mockCredentials.user.header());
        expect({ path, query, status: res.status }).toEqual({
          path,
          query,
          status: 400,
        });
      }
      const decimal = await get('/accounts', { limit: '016' });
      expect(decimal.status).toBe(200);
      expect(decimal.body.items).toHaveLength(16);
    });

    it('gives away no stack trace and echoes no request body', async () => {
      const secret = 'hunter2-do-not-echo';
      const malformed = await request(server)
        .post('/api/landing-zone/scans')
        .set('Authorization', mockCredentials.user.header())
        .set('Content-Type', 'application/json')
        .send(`{"password": "${secret}"`);
      expect([202, 409]).toContain(malformed.status);
      expect(JSON.stringify(malformed.body)).not.toContain(secret);
      if (malformed.status === 202)
        await waitForScan(server, malformed.body.id);

      for (const path of [
        '/accounts?limit=0x10',
        '/accounts/000000000000',
        '/scans?cursor=%%%',
        '/accounts?q=%00',
      ]) {
        const res = await request(server)
          .get(`/api/landing-zone${path}`)
          .set('Authorization', mockCredentials.user.header());
        expect(res.status).toBeGreaterThanOrEqual(400);
        const body = JSON.stringify(res.body);
        expect({ path, stack: body.includes('"stack"') }).toEqual({
          path,
          stack: false,
        });
        expect(body).not.toMatch(/at .*\.(ts|js):\d+/);
      }
    });

    it("never shows a reader the scanner's own IAM identity", async () => {
      // The demo's data-lake-prod account no longer trusts the management
      // account; AWS names the caller in that error.
      const scan = await get(`/scans/${scanId}`);
      const account = await get('/accounts/830849763555');
      expect(scan.status).toBe(200);
      expect(account.status).toBe(200);
      const denied = scan.body.errors.find((e: { message: string }) =>
        e.message.includes('830849763555'),
      );
      expect(denied.message).toContain("[the portal's AWS identity]");
      expect(account.body.facts.access.message).toContain(
        "[the portal's AWS identity]",
      );
      for (const body of [scan.body, account.body]) {
        expect(JSON.stringify(body)).not.toMatch(
          /arn:aws:(iam|sts)::\d{12}:(user|assumed-role)\//,
        );
      }
    });
  },
);
