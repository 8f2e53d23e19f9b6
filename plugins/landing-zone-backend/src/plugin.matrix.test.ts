import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  guardrailCatalogue,
  type AccountIdentity,
  type GuardrailResult,
  type GuardrailStatus,
  type MatrixRow,
} from '@internal/plugin-landing-zone-common';
import type { Server } from 'node:http';
import request from 'supertest';
import { apiTestConfig } from './__testUtils__/api';
import {
  OU,
  testAccount,
  testOrganization,
} from './__testUtils__/organization';
import { postureRows } from './evaluate/rollup';
import { landingZonePlugin } from './plugin';
import { createLandingZoneStore } from './store/LandingZoneStore';

/*
 * The posture dashboard's routes on a seeded estate: no scan runs (its
 * schedule is a day away and nothing starts one), the verdicts are saved
 * through the store as an evaluation saves them, at two times, so that
 * `since` differs between verdicts.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create();

// No AWS is called: the scan never runs.
const config = apiTestConfig({ url: 'http://127.0.0.1:9' });

const CHECKS = ['root-mfa', 'guardduty-enabled', 'vpc-flow-logs'];
const T1 = '2026-12-01T10:00:00.000Z';
const T2 = '2026-12-02T10:00:00.000Z';

type Seed = { account: AccountIdentity; statuses: GuardrailStatus[] };

const seed = (
  id: string,
  name: string,
  ou: string,
  statuses: GuardrailStatus[],
  extra: Partial<AccountIdentity> = {},
): Seed => ({
  account: {
    ...testAccount(id, ou, name),
    tags: { owner: ou === OU.sandbox ? 'team-lab' : 'team-pay' },
    environment: ou === OU.prod ? 'prod' : 'non-prod',
    ...extra,
  },
  statuses,
});

/** Names a spreadsheet or a CSV parser would trip on. */
const hostile: Seed[] = [
  seed('200000000001', 'Zürich 東京, "core"', OU.prod, [
    'fail',
    'fail',
    'fail',
  ]),
  seed('200000000002', '=HYPERLINK("http://x","y")', OU.prod, [
    'fail',
    'pass',
    'pass',
  ]),
  seed('200000000003', '+sum', OU.qa, ['pass', 'unknown', 'pass'], {
    tags: { owner: '@ops, "night"\nshift' },
  }),
  seed('200000000004', '-minus', OU.sandbox, ['pass', 'pass', 'fail']),
  seed('200000000005', 'suspended', OU.sandbox, [], { status: 'SUSPENDED' }),
];

/**
 * Plain names (their order is the same in every collation) over more than
 * two export batches of 500: every 7th fails root-mfa, every 11th fails
 * vpc-flow-logs, every 13th is unknown on guardduty-enabled.
 */
const fillers: Seed[] = Array.from({ length: 1040 }, (_, i) => {
  const n = i + 1;
  const ou = [OU.prod, OU.qa, OU.sandbox][n % 3];
  return seed(
    String(300000000000 + n),
    `acct-${String(n).padStart(4, '0')}`,
    ou,
    [
      n % 7 === 0 ? 'fail' : 'pass',
      n % 13 === 0 ? 'unknown' : 'pass',
      n % 11 === 0 ? 'fail' : 'pass',
    ],
  );
});
const estate = [...hostile, ...fillers];
const byId = new Map(estate.map(s => [s.account.id, s]));
const failingOf = (s: Seed) => s.statuses.filter(x => x === 'fail').length;

// At T2, the 14th filler's root-mfa failure is new; the others date from T1.
const NEW_FAILURE = '300000000014';
const verdictsAt = (at: string): GuardrailResult[] =>
  estate.flatMap(({ account, statuses }) =>
    statuses.map((status, i) => ({
      accountId: account.id,
      checkId: CHECKS[i],
      status:
        at === T1 && account.id === NEW_FAILURE && i === 0 ? 'pass' : status,
      evidence: [{ message: `${CHECKS[i]} on ${account.name}` }],
      evaluatedAt: at,
    })),
  );

/** RFC 4180, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect({ rest: field, row }).toEqual({ rest: '', row: [] });
  return rows;
}

describe.each(databases.eachSupportedId())(
  'the posture dashboard API on %p',
  databaseId => {
    let server: Server;
    const get = (path: string, query: Record<string, unknown> = {}) =>
      request(server)
        .get(`/api/landing-zone${path}`)
        .query(query)
        .set('Authorization', mockCredentials.user.header());

    /** Every row of the matrix, `limit` at a time; fails on a repeat. */
    async function walk(query: Record<string, string | number>) {
      const rows: MatrixRow[] = [];
      let cursor: string | undefined;
      let pages = 0;
      let totalCount = 0;
      do {
        const res = await get('/matrix', {
          ...query,
          ...(cursor && { cursor }),
        });
        expect(res.status).toBe(200);
        rows.push(...res.body.items);
        cursor = res.body.nextCursor;
        totalCount = res.body.totalCount;
        pages++;
      } while (cursor);
      const ids = rows.map(r => r.account.id);
      expect(new Set(ids).size).toBe(ids.length);
      return { rows, ids, pages, totalCount };
    }

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          landingZonePlugin,
          mockServices.database.factory({ knex }),
          config,
        ],
      }));
      const store = await createLandingZoneStore({
        database: mockServices.database({ knex }),
      });
      const accounts = estate.map(s => s.account);
      await store.organization.save(testOrganization, accounts);
      for (const at of [T1, T2]) {
        const results = verdictsAt(at);
        await store.results.save({
          results,
          rollup: postureRows(OU.root, accounts, results),
          day: at.slice(0, 10),
          historyDays: 90,
        });
      }
    });

    it('serves the matrix: catalogue columns, most failing first, verdicts with since', async () => {
      const res = await get('/matrix', { limit: 500 });
      expect(res.status).toBe(200);
      expect(res.body.checks).toEqual(guardrailCatalogue.map(g => g.id));
      expect(res.body.totalCount).toBe(estate.length);
      expect(res.body.items).toHaveLength(500);

      const [first] = res.body.items as MatrixRow[];
      expect(first.account).toMatchObject({
        id: '200000000001',
        name: 'Zürich 東京, "core"',
        compliance: 'non-compliant',
        checks: { passing: 0, failing: 3, unknown: 0 },
        ouPath: 'Root/Workloads/Prod',
      });
      expect(first.cells).toEqual({
        'root-mfa': { status: 'fail', since: T1 },
        'guardduty-enabled': { status: 'fail', since: T1 },
        'vpc-flow-logs': { status: 'fail', since: T1 },
      });
      const renewed = (res.body.items as MatrixRow[]).find(
        r => r.account.id === NEW_FAILURE,
      )!;
      expect(renewed.cells['root-mfa']).toEqual({ status: 'fail', since: T2 });
      expect(renewed.cells['vpc-flow-logs']).toEqual({
        status: 'pass',
        since: T1,
      });

      const failing = (res.body.items as MatrixRow[]).map(
        r => r.account.checks.failing,
      );
      expect(failing).toEqual([...failing].sort((a, b) => b - a));
    });

    it('pages through the whole matrix in the order of one long page', async () => {
      const whole = await walk({ limit: 500 });
      expect(whole.ids).toHaveLength(estate.length);
      expect(whole.totalCount).toBe(estate.length);
      const paged = await walk({ limit: 97 });
      expect(paged.pages).toBe(Math.ceil(estate.length / 97));
      expect(paged.totalCount).toBe(estate.length);
      expect(paged.ids).toEqual(whole.ids);
      // The plain names: by failing guardrails, then by name.
      const plain = whole.ids.filter(id => id.startsWith('3'));
      expect(plain).toEqual(
        fillers
          .slice()
          .sort(
            (a, b) =>
              failingOf(b) - failingOf(a) ||
              (a.account.name < b.account.name ? -1 : 1),
          )
          .map(s => s.account.id),
      );
    });

    it('filters the matrix like the account list, and by verdict', async () => {
      const expectIds = (
        filter: (s: Seed) => boolean,
        query: Record<string, string>,
        ids: string[],
      ) =>
        expect({ query, ids: ids.sort() }).toEqual({
          query,
          ids: estate
            .filter(filter)
            .map(s => s.account.id)
            .sort(),
        });
      const cases: [Record<string, string>, (s: Seed) => boolean][] = [
        [{ ou: OU.workloads }, s => s.account.parentId !== OU.sandbox],
        [{ ou: OU.qa }, s => s.account.parentId === OU.qa],
        [{ ou: OU.root }, () => true],
        [{ owner: 'team-lab' }, s => s.account.tags.owner === 'team-lab'],
        [{ environment: 'prod' }, s => s.account.parentId === OU.prod],
        [
          { compliance: 'compliant' },
          s => s.statuses.length > 0 && s.statuses.every(x => x === 'pass'),
        ],
        [{ q: 'ACCT-010' }, s => s.account.name.startsWith('acct-010')],
        [{ q: '東京' }, s => s.account.id === '200000000001'],
        [
          { check: 'vpc-flow-logs', status: 'fail' },
          s => s.statuses[2] === 'fail',
        ],
        [
          { check: 'guardduty-enabled', status: 'unknown' },
          s => s.statuses[1] === 'unknown',
        ],
        // A check no account was judged on yet.
        [{ check: 'ebs-default-encryption', status: 'fail' }, () => false],
        [{ check: 'root-mfa' }, s => s.statuses.length > 0],
        [{ status: 'fail' }, s => s.statuses.includes('fail')],
        [{ status: 'unknown' }, s => s.statuses.includes('unknown')],
        [
          { ou: OU.sandbox, check: 'root-mfa', status: 'fail', q: 'acct' },
          s =>
            s.account.parentId === OU.sandbox &&
            s.statuses[0] === 'fail' &&
            s.account.name.startsWith('acct'),
        ],
      ];
      for (const [query, filter] of cases) {
        const { ids, totalCount } = await walk({ ...query, limit: 200 });
        expectIds(filter, query, ids);
        expect({ query, totalCount }).toEqual({
          query,
          totalCount: ids.length,
        });
      }
    });

    it('answers bad matrix input with 400 and a message', async () => {
      const first = await get('/matrix', { ou: OU.workloads, limit: 5 });
      const accounts = await get('/accounts', { limit: 5 });
      const cases: [Record<string, string>, RegExp][] = [
        [
          { ou: 'ou-f1nt-n0tth3r3' },
          /ou: no organizational unit ou-f1nt-n0tth3r3/,
        ],
        [{ ou: 'Workloads' }, /ou: must be an organizational unit/],
        [{ check: 'no-such-check' }, /check: no guardrail check no-such-check/],
        [{ check: '' }, /check/],
        [{ status: 'failed' }, /status/],
        [{ status: 'fail', check: 'root-mfa\u0000' }, /control characters/],
        [{ limit: '0' }, /limit/],
        [{ limit: '501' }, /limit/],
        [{ limit: '0x10' }, /limit/],
        [{ compliance: 'yes' }, /compliance/],
        [{ colour: 'blue' }, /colour|Unrecognized/i],
        [{ cursor: '%%%' }, /cursor/i],
        [{ cursor: accounts.body.nextCursor }, /cursor/i],
        // A cursor of the same list with other filters.
        [{ ou: OU.sandbox, cursor: first.body.nextCursor }, /other filters/],
        [{ cursor: first.body.nextCursor }, /other filters/],
      ];
      const answers = [];
      for (const [query] of cases) {
        const res = await get('/matrix', query);
        answers.push({
          query,
          status: res.status,
          message: res.body.error?.message,
        });
      }
      expect(answers).toEqual(
        cases.map(([query, message]) => ({
          query,
          status: 400,
          message: expect.stringMatching(message),
        })),
      );
    });

    it('exports the whole filtered matrix as CSV, escaped and without formulas', async () => {
      const res = await get('/matrix.csv');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="landing-zone-posture.csv"',
      );
      // Streamed: no length known up front.
      expect(res.headers['content-length']).toBeUndefined();
      const rows = parseCsv(res.text);
      const [header, ...lines] = rows;
      expect(header).toEqual([
        'account_id',
        'account_name',
        'ou_path',
        'owner',
        'environment',
        'compliance',
        ...guardrailCatalogue.map(g => g.id),
      ]);
      // Every account, over three batches, in the matrix's order.
      expect(lines).toHaveLength(estate.length);
      expect(lines.map(l => l[0])).toEqual((await walk({ limit: 500 })).ids);

      const line = (id: string) => {
        const found = lines.find(l => l[0] === id)!;
        return Object.fromEntries(header.map((h, i) => [h, found[i]]));
      };
      expect(line('200000000001')).toMatchObject({
        account_name: 'Zürich 東京, "core"',
        ou_path: 'Root/Workloads/Prod',
        owner: 'team-pay',
        environment: 'prod',
        compliance: 'non-compliant',
        'root-mfa': 'fail',
        'guardduty-enabled': 'fail',
        'vpc-flow-logs': 'fail',
        'ebs-default-encryption': '',
      });
      expect(line('200000000002').account_name).toBe(
        `'=HYPERLINK("http://x","y")`,
      );
      expect(line('200000000003')).toMatchObject({
        account_name: "'+sum",
        owner: `'@ops, "night"\nshift`,
        'guardduty-enabled': 'unknown',
      });
      expect(line('200000000004').account_name).toBe("'-minus");
      expect(line('200000000005')).toMatchObject({
        compliance: 'unknown',
        'root-mfa': '',
      });
      // No cell a spreadsheet would run.
      for (const l of lines) {
        for (const cell of l) expect(cell).not.toMatch(/^[=+\-@]/);
      }
      // The raw text quotes what needs it, and doubles quotes.
      expect(res.text).toContain(
        '200000000001,"Zürich 東京, ""core""",Root/Workloads/Prod,team-pay,prod,non-compliant,',
      );
    });

    it('exports with the filters of the matrix, and refuses bad ones before streaming', async () => {
      const res = await get('/matrix.csv', {
        check: 'vpc-flow-logs',
        status: 'fail',
        ou: OU.sandbox,
      });
      expect(res.status).toBe(200);
      const [, ...lines] = parseCsv(res.text);
      expect(lines.map(l => l[0]).sort()).toEqual(
        estate
          .filter(
            s => s.account.parentId === OU.sandbox && s.statuses[2] === 'fail',
          )
          .map(s => s.account.id)
          .sort(),
      );
      expect(lines.length).toBeGreaterThan(10);

      for (const [query, message] of [
        [{ ou: 'ou-f1nt-n0tth3r3' }, /no organizational unit/],
        [{ check: 'no-such-check' }, /no guardrail check/],
        [{ status: 'red' }, /status/],
        [{ limit: '10' }, /limit: the export is the whole filtered matrix/],
        [{ cursor: 'abc' }, /cursor: the export is the whole filtered matrix/],
        [{ colour: 'blue' }, /colour|Unrecognized/i],
      ] as [Record<string, string>, RegExp][]) {
        const bad = await get('/matrix.csv', query);
        expect({ query, status: bad.status, type: bad.type }).toEqual({
          query,
          status: 400,
          type: 'application/json',
        });
        expect(bad.body.error.message).toMatch(message);
      }
    });

    it('serves a guardrail with the active accounts counted by verdict', async () => {
      const res = await get('/guardrails/root-mfa');
      expect(res.status).toBe(200);
      expect(res.body.definition).toEqual(
        guardrailCatalogue.find(g => g.id === 'root-mfa'),
      );
      const count = (status: GuardrailStatus) =>
        estate.filter(s => s.statuses[0] === status).length;
      expect(res.body.counts).toEqual({
        passing: count('pass'),
        failing: count('fail'),
        unknown: count('unknown'),
      });
      expect(res.body.counts.failing).toBeGreaterThan(100);

      const unjudged = await get('/guardrails/ebs-default-encryption');
      expect(unjudged.body.counts).toEqual({
        passing: 0,
        failing: 0,
        unknown: 0,
      });
      const unknown = await get('/guardrails/no-such-check');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatchObject({
        name: 'NotFoundError',
        message: 'No guardrail check no-such-check',
      });
      expect((await get('/guardrails/root-mfa%00')).status).toBe(400);
      const extra = await get('/guardrails/root-mfa', { days: '3' });
      expect(extra.status).toBe(400);
      expect(extra.body.error.message).toMatch(/days|Unrecognized/i);
    });

    it("lists a guardrail's failing accounts, oldest failure first, with evidence", async () => {
      const res = await get('/guardrails/root-mfa/accounts', { limit: 500 });
      expect(res.status).toBe(200);
      const failing = estate.filter(s => s.statuses[0] === 'fail');
      expect(res.body.totalCount).toBe(failing.length);
      const items = res.body.items as {
        account: { id: string; name: string };
        status: string;
        since: string;
        evaluatedAt: string;
        evidence: { message: string }[];
      }[];
      // Since T1 by account id, then the failure new at T2.
      expect(items.map(i => i.account.id)).toEqual([
        ...failing
          .map(s => s.account.id)
          .filter(id => id !== NEW_FAILURE)
          .sort(),
        NEW_FAILURE,
      ]);
      expect(items[0]).toEqual({
        account: expect.objectContaining({ id: '200000000001' }),
        status: 'fail',
        since: T1,
        evaluatedAt: T2,
        evidence: [{ message: 'root-mfa on Zürich 東京, "core"' }],
      });
      expect(items[items.length - 1].since).toBe(T2);

      // The same list a page at a time.
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await get('/guardrails/root-mfa/accounts', {
          limit: 40,
          ...(cursor && { cursor }),
        });
        expect(page.status).toBe(200);
        expect(page.body.totalCount).toBe(failing.length);
        paged.push(...page.body.items.map((i: any) => i.account.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(items.map(i => i.account.id));

      const ids = async (query: Record<string, string>) => {
        const page = await get('/guardrails/guardduty-enabled/accounts', {
          ...query,
          limit: '500',
        });
        expect(page.status).toBe(200);
        return page.body.items.map((i: any) => i.account.id).sort();
      };
      const expected = (f: (s: Seed) => boolean) =>
        estate
          .filter(f)
          .map(s => s.account.id)
          .sort();
      expect(await ids({ status: 'unknown' })).toEqual(
        expected(s => s.statuses[1] === 'unknown'),
      );
      expect(await ids({ status: 'unknown', ou: OU.qa })).toEqual(
        expected(
          s => s.statuses[1] === 'unknown' && s.account.parentId === OU.qa,
        ),
      );
      expect(
        await ids({ status: 'pass', environment: 'prod', q: 'acct-00' }),
      ).toEqual(
        expected(
          s =>
            s.statuses[1] === 'pass' &&
            s.account.parentId === OU.prod &&
            s.account.name.startsWith('acct-00'),
        ),
      );
      expect(await ids({ status: 'fail', owner: 'team-pay' })).toEqual(
        expected(
          s => s.statuses[1] === 'fail' && s.account.tags.owner === 'team-pay',
        ),
      );
      expect(await ids({ compliance: 'compliant' })).toEqual([]);
      expect(byId.get('200000000001')!.statuses[1]).toBe('fail');
    });

    it("answers bad input to a guardrail's accounts with 400, an unknown guardrail with 404", async () => {
      const first = await get('/guardrails/root-mfa/accounts', { limit: 2 });
      const cases: [string, Record<string, string>, number, RegExp][] = [
        ['no-such-check', {}, 404, /No guardrail check no-such-check/],
        ['root-mfa', { status: 'failing' }, 400, /status/],
        ['root-mfa', { ou: 'ou-f1nt-n0tth3r3' }, 400, /no organizational unit/],
        ['root-mfa', { check: 'vpc-flow-logs' }, 400, /check|Unrecognized/i],
        ['root-mfa', { limit: '0' }, 400, /limit/],
        ['root-mfa', { cursor: 'abc' }, 400, /cursor/i],
        [
          'root-mfa',
          { status: 'pass', cursor: first.body.nextCursor },
          400,
          /other filters/,
        ],
        [
          'vpc-flow-logs',
          { cursor: first.body.nextCursor },
          400,
          /other filters/,
        ],
      ];
      const answers = [];
      for (const [check, query] of cases) {
        const res = await get(`/guardrails/${check}/accounts`, query);
        answers.push({
          check,
          query,
          status: res.status,
          message: res.body.error?.message,
        });
      }
      expect(answers).toEqual(
        cases.map(([check, query, status, message]) => ({
          check,
          query,
          status,
          message: expect.stringMatching(message),
        })),
      );
    });
  },
);

describe('the posture dashboard API without permission', () => {
  it('answers every route with 403', async () => {
    const { server } = await startTestBackend({
      features: [
        landingZonePlugin,
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
        }).factory,
        config,
      ],
    });
    for (const path of [
      '/matrix',
      '/matrix.csv',
      '/guardrails/root-mfa',
      '/guardrails/root-mfa/accounts',
    ]) {
      const res = await request(server)
        .get(`/api/landing-zone${path}`)
        .set('Authorization', mockCredentials.user.header());
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.body.error.message).toMatch(/landing-zone.posture.read/);
    }
  });
});
