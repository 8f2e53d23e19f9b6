import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  AccountRequest,
  AccountRequestValidation,
} from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import type { Server } from 'node:http';
import request from 'supertest';
import { landingZonePlugin } from '../plugin';
import {
  ACCOUNTS,
  OU,
  seedEstate,
  vendingConfig,
} from './__testUtils__/estate';

/*
 * The vending routes on a seeded estate, on every database: no scan and no
 * follower runs (their schedules are a day away).
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create();

const PR = 'https://github.com/acme/infrastructure/pull';
const config = mockServices.rootConfig.factory({
  data: {
    app: { baseUrl: 'https://portal.example.com' },
    integrations: { github: [{ host: 'github.com', token: 'test-token' }] },
    landingZone: vendingConfig({
      repository: { url: 'github.com?owner=acme&repo=infrastructure' },
    }),
  },
});

const valid = {
  accountName: 'payments-dev',
  email: 'aws+payments-dev@example.com',
  ouId: OU.qa,
  environment: 'qa',
  regions: ['eu-west-1'],
};

describe.each(databases.eachSupportedId())(
  'the vending API on %p',
  databaseId => {
    let server: Server;
    let knex: Knex;
    const auth = mockCredentials.user.header();
    const get = (path: string, query: Record<string, unknown> = {}) =>
      request(server)
        .get(`/api/landing-zone${path}`)
        .query(query)
        .set('Authorization', auth);
    const post = (path: string, body: object) =>
      request(server)
        .post(`/api/landing-zone${path}`)
        .send(body)
        .set('Authorization', auth);
    const validate = async (body: object) => {
      const res = await post('/account-requests/validation', body);
      expect(res.status).toBe(200);
      return res.body as AccountRequestValidation;
    };
    const register = (n: number, extra: object = {}) =>
      post('/account-requests', {
        ...valid,
        pullRequestUrl: `${PR}/${n}`,
        ...extra,
      });

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await seedEstate(knex);
      ({ server } = await startTestBackend({
        features: [
          landingZonePlugin,
          mockServices.database.factory({ knex }),
          config,
        ],
      }));
    });

    beforeEach(async () => {
      await knex('lz_account_requests').delete();
      await knex('lz_cidr_allocations').delete();
    });

    it('passes a good request, with what the template needs', async () => {
      expect(await validate(valid)).toEqual({
        valid: true,
        problems: [],
        organizationalUnit: {
          id: OU.qa,
          name: 'QA',
          path: 'Root/Workloads/QA',
          managedOrganizationalUnit: `QA (${OU.qa})`,
          suspended: false,
        },
        allowedRegions: ['eu-west-1', 'eu-central-1'],
        slug: 'payments-dev',
        ownerTag: 'owner',
      });
    });

    it('names every problem of a bad request, one per field, with what to do', async () => {
      const result = await validate({
        accountName: 'x'.repeat(51),
        email: 'not an email',
        ouId: OU.prod,
        environment: 'prod',
        regions: ['us-east-1', 'ap-southeast-2', 'eu-west-1'],
      });
      expect(result.valid).toBe(false);
      expect(result.problems).toEqual([
        {
          field: 'accountName',
          message:
            'must be at most 50 characters (it has 51); an AWS account name is 1 to 50 characters',
        },
        {
          field: 'email',
          message:
            'must contain exactly one @; a root email is an address like aws+payments-prod@example.com',
        },
        {
          field: 'regions',
          message: `us-east-1 is denied by SCP region-allow-list at ${OU.workloads} on the path of Root/Workloads/Prod; choose among eu-west-1, eu-central-1`,
        },
        {
          field: 'regions',
          message: `ap-southeast-2 is denied by SCP region-allow-list at ${OU.workloads} on the path of Root/Workloads/Prod; choose among eu-west-1, eu-central-1`,
        },
      ]);
    });

    it('refuses a region the SCPs allow but the organisation does not scan, and one that is no region', async () => {
      const result = await validate({
        ...valid,
        ouId: OU.sandbox,
        regions: ['ap-southeast-2', 'EU-WEST-1'],
      });
      expect(result.problems).toEqual([
        {
          field: 'regions',
          message:
            "ap-southeast-2 is not one of the organisation's regions (eu-west-1, eu-central-1, us-east-1): the scanner does not read it and its guardrails would go unchecked; choose among eu-west-1, eu-central-1, us-east-1",
        },
        {
          field: 'regions',
          message:
            "'EU-WEST-1' is not an AWS region name; choose among eu-west-1, eu-central-1, us-east-1",
        },
      ]);
    });

    it('refuses an unknown OU and a suspended one', async () => {
      const unknown = await validate({ ...valid, ouId: 'ou-v3nd-n0th3r3x' });
      expect(unknown.problems).toEqual([
        {
          field: 'ouId',
          message:
            'there is no organizational unit ou-v3nd-n0th3r3x in the organisation as last scanned; pick one from the OU tree',
        },
      ]);
      expect(unknown.organizationalUnit).toBeUndefined();
      const suspended = await validate({ ...valid, ouId: OU.suspended });
      expect(suspended.problems).toEqual([
        {
          field: 'ouId',
          message: `Root/Suspended (${OU.suspended}) holds suspended accounts; no new account goes there, pick another OU`,
        },
      ]);
    });

    it("refuses a name or email an account has, in any case, and a name written as another's", async () => {
      const result = await validate({
        ...valid,
        accountName: 'PAYMENTS-PROD',
        email: 'AWS+lab@example.com',
      });
      expect(result.problems).toEqual([
        {
          field: 'accountName',
          message: `'PAYMENTS-PROD' is the name of account ${ACCOUNTS.paymentsProd} (payments-prod); choose another name`,
        },
        {
          field: 'email',
          message: `'AWS+lab@example.com' is the root email of account ${ACCOUNTS.lab} (lab); use another address (e.g. with a +tag)`,
        },
      ]);
      const slug = await validate({ ...valid, accountName: 'cards_prod' });
      expect(slug.problems).toEqual([
        {
          field: 'accountName',
          message: `'cards_prod' is written as 'cards-prod' in files and branches, as account ${ACCOUNTS.cardsProd} ('Cards Prod') already is; choose a name that differs in more than case, accents and punctuation`,
        },
      ]);
    });

    it('refuses a name or email a request in flight has, and frees them when it closes', async () => {
      expect((await register(1)).status).toBe(201);
      const clash = await validate({
        ...valid,
        email: 'aws+other@example.com',
        accountName: 'Payments-Dev',
      });
      const [problem] = clash.problems;
      expect(problem.field).toBe('accountName');
      expect(problem.message).toMatch(
        new RegExp(
          `^'Payments-Dev' is the name of account request [0-9a-f-]{36} \\(${PR}/1\\), still in flight; choose another name, or close that pull request first$`,
        ),
      );
      const availability = await get('/account-requests/availability', {
        name: 'payments-dev',
        email: 'aws+nobody@example.com',
      });
      expect(availability.body).toEqual({
        name: expect.objectContaining({
          value: 'payments-dev',
          available: false,
          takenBy: expect.objectContaining({
            kind: 'request',
            pullRequestUrl: `${PR}/1`,
          }),
        }),
        email: { value: 'aws+nobody@example.com', available: true },
      });
      // A second request with the same email is a conflict.
      const second = await register(2, { accountName: 'payments-dev-2' });
      expect(second.status).toBe(409);
      expect(second.body.error.message).toMatch(
        /^email: account request .* is still open with the same email; close this pull request and choose another$/,
      );
      await knex('lz_account_requests').update({ state: 'closed' });
      expect((await validate(valid)).valid).toBe(true);
    });

    it('answers availability for one value, and refuses a question about none', async () => {
      const res = await get('/account-requests/availability', {
        email: 'aws+payments-prod@example.com',
      });
      expect(res.body).toEqual({
        email: {
          value: 'aws+payments-prod@example.com',
          available: false,
          reason: `'aws+payments-prod@example.com' is the root email of account ${ACCOUNTS.paymentsProd} (payments-prod); use another address (e.g. with a +tag)`,
          takenBy: {
            kind: 'account',
            accountId: ACCOUNTS.paymentsProd,
            accountName: 'payments-prod',
          },
        },
      });
      const none = await get('/account-requests/availability');
      expect(none.status).toBe(400);
    });

    it("serves an OU's allowed regions", async () => {
      const res = await get(`/organizational-units/${OU.prod}/allowed-regions`);
      expect(res.status).toBe(200);
      expect(res.body.allowedRegions).toEqual(['eu-west-1', 'eu-central-1']);
      expect(res.body.regions[2]).toMatchObject({
        region: 'us-east-1',
        allowed: false,
        deniedBy: { policyName: 'region-allow-list', target: OU.workloads },
      });
      const sandbox = await get(
        `/organizational-units/${OU.sandbox}/allowed-regions`,
      );
      expect(sandbox.body.allowedRegions).toEqual([
        'eu-west-1',
        'eu-central-1',
        'us-east-1',
      ]);
      expect(
        (await get('/organizational-units/ou-v3nd-n0th3r3x/allowed-regions'))
          .status,
      ).toBe(404);
      expect(
        (await get('/organizational-units/bogus/allowed-regions')).status,
      ).toBe(400);
    });

    it('allocates blocks (again for a retry), previews pools and refuses what does not fit', async () => {
      const first = await post('/cidr-allocations', { requestKey: 'a' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        cidr: '10.66.0.0/16',
        pool: 'workloads',
        state: 'reserved',
      });
      const retry = await post('/cidr-allocations', { requestKey: 'a' });
      expect(retry.status).toBe(200);
      expect(retry.body.id).toBe(first.body.id);
      expect((await get(`/cidr-allocations/${first.body.id}`)).body).toEqual(
        retry.body,
      );
      expect((await get('/cidr-allocations/nope')).status).toBe(404);

      expect((await get('/cidr-pools', { prefixLength: '20' })).body).toEqual({
        defaultPrefixLength: 16,
        prefixLength: 20,
        pools: [
          {
            name: 'workloads',
            cidr: '10.64.0.0/14',
            nextFree: '10.67.0.0/20',
            allocated: 1,
          },
          { name: 'crowded', cidr: '10.200.0.0/16', allocated: 0 },
        ],
      });

      const tooBig = await post('/cidr-allocations', {
        requestKey: 'b',
        prefixLength: 12,
      });
      expect(tooBig.status).toBe(400);
      expect(tooBig.body.error.message).toBe(
        "prefixLength: /12 does not fit pool 'workloads' (10.64.0.0/14); a VPC takes /16 to /28, so use /16 to /28",
      );
      const noPool = await post('/cidr-allocations', {
        requestKey: 'b',
        pool: 'elsewhere',
      });
      expect(noPool.body.error.message).toBe(
        "pool: there is no CIDR pool 'elsewhere'; use one of workloads (10.64.0.0/14), crowded (10.200.0.0/16)",
      );
      const exhausted = await post('/cidr-allocations', {
        requestKey: 'b',
        pool: 'crowded',
        prefixLength: 24,
      });
      expect(exhausted.status).toBe(400);
      expect(exhausted.body.error.message).toMatch(
        /^pool: 'crowded' \(10\.200\.0\.0\/16\) has no free \/24: all 256 are taken/,
      );
    });

    it('registers a request (once per pull request), holding its block', async () => {
      const block = await post('/cidr-allocations', {
        requestKey: 'payments-dev',
        prefixLength: 20,
      });
      const res = await register(7, {
        allocationId: block.body.id,
        monthlyBudgetUsd: 500,
        requestedBy: 'user:default/pat-payments',
        pullRequestUrl: `https://GitHub.com/acme/infrastructure/pull/7/`,
      });
      expect(res.status).toBe(201);
      const created: AccountRequest = res.body.request;
      expect(res.body.requestUrl).toBe(
        `https://portal.example.com/landing-zone/requests/${created.id}`,
      );
      expect(created).toMatchObject({
        accountName: 'payments-dev',
        ouPath: 'Root/Workloads/QA',
        environment: 'qa',
        regions: ['eu-west-1'],
        monthlyBudgetUsd: 500,
        requestedBy: 'user:default/pat-payments',
        slug: 'payments-dev',
        state: 'open',
        cidr: '10.66.0.0/20',
        allocationId: block.body.id,
        pullRequest: {
          url: `${PR}/7`,
          owner: 'acme',
          repo: 'infrastructure',
          number: 7,
          state: 'open',
          statuses: [],
        },
      });
      expect(
        (await get(`/cidr-allocations/${block.body.id}`)).body,
      ).toMatchObject({ state: 'held', requestId: created.id });

      const again = await register(7, { allocationId: block.body.id });
      expect(again.status).toBe(200);
      expect(again.body.request.id).toBe(created.id);
      expect((await get(`/account-requests/${created.id}`)).body).toEqual(
        created,
      );
      expect((await get('/account-requests/nope')).status).toBe(404);
    });

    it('refuses a pull request outside the infrastructure repository, and bad input', async () => {
      const elsewhere = await register(1, {
        pullRequestUrl: 'https://github.com/acme/other/pull/1',
      });
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.error.message).toBe(
        "pullRequestUrl: 'https://github.com/acme/other/pull/1' is not a pull request of the infrastructure repository (landingZone.vending.repository.url: github.com?owner=acme&repo=infrastructure)",
      );
      const ghe = await register(1, {
        pullRequestUrl: 'https://ghe.example.com/acme/infrastructure/pull/1',
      });
      expect(ghe.body.error.message).toBe(
        'pullRequestUrl: no GitHub integration is configured for ghe.example.com (integrations.github), so its pull request cannot be followed',
      );
      const bad = await register(1, {
        accountName: '',
        email: 'a@b',
        pullRequestUrl: 'https://github.com/acme/infrastructure/issues/1',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message.split('\n')).toEqual([
        'accountName: must not be empty',
        'email: must be 6 to 64 characters (it has 3)',
        "pullRequestUrl: 'https://github.com/acme/infrastructure/issues/1' is not a pull request's web URL (…/owner/repo/pull/number); pass publish:github:pull-request's remoteUrl",
      ]);
      const unknownField = await register(1, { owner: 'team-payments' });
      expect(unknownField.status).toBe(400);
      expect(await knex('lz_account_requests')).toHaveLength(0);
    });

    it('lists requests newest first, by state, a page at a time', async () => {
      for (let n = 1; n <= 5; n++) {
        const res = await register(n, {
          accountName: `acct-${n}`,
          email: `aws+acct-${n}@example.com`,
        });
        expect(res.status).toBe(201);
        await new Promise(r => setTimeout(r, 5));
      }
      await knex('lz_account_requests')
        .whereIn('account_name', ['acct-2', 'acct-4'])
        .update({ state: 'closed' });
      const first = await get('/account-requests', { limit: '2' });
      expect(first.body.totalCount).toBe(5);
      expect(
        first.body.items.map((r: AccountRequest) => r.accountName),
      ).toEqual(['acct-5', 'acct-4']);
      const second = await get('/account-requests', {
        limit: '2',
        cursor: first.body.nextCursor,
      });
      expect(
        second.body.items.map((r: AccountRequest) => r.accountName),
      ).toEqual(['acct-3', 'acct-2']);
      const open = await get('/account-requests', { state: 'open' });
      expect(open.body.items.map((r: AccountRequest) => r.accountName)).toEqual(
        ['acct-5', 'acct-3', 'acct-1'],
      );
      const active = await get('/account-requests', { state: 'active' });
      expect(active.body.totalCount).toBe(3);
      // A cursor of one filter is refused on another.
      const mixed = await get('/account-requests', {
        state: 'open',
        cursor: first.body.nextCursor,
      });
      expect(mixed.status).toBe(400);
      expect((await get('/account-requests', { state: 'lost' })).status).toBe(
        400,
      );
    });

    it("serves an account's network, with its compliance", async () => {
      const res = await get(`/accounts/${ACCOUNTS.paymentsProd}/network`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accountId: ACCOUNTS.paymentsProd,
        accountName: 'payments-prod',
        environment: 'prod',
        region: 'eu-west-1',
        vpcId: 'vpc-0a0000000000000a1',
        vpcName: 'payments',
        vpcCidr: '10.64.0.0/16',
        privateSubnetIds: ['vpc-0a0000000000000a1-priv'],
        publicSubnetIds: ['vpc-0a0000000000000a1-pub'],
        isolatedSubnetIds: ['vpc-0a0000000000000a1-iso'],
        compliance: 'compliant',
        compliant: true,
        failingGuardrails: [],
      });
      const cards = await get(`/accounts/${ACCOUNTS.cardsProd}/network`);
      expect(cards.body).toMatchObject({
        region: 'eu-central-1',
        compliant: false,
        failingGuardrails: [
          { checkId: 'guardduty-enabled', title: 'GuardDuty is enabled' },
        ],
      });
      const noVpc = await get(`/accounts/${ACCOUNTS.cardsProd}/network`, {
        region: 'eu-west-1',
      });
      expect(noVpc.status).toBe(400);
      expect(noVpc.body.error.message).toBe(
        `region: account ${ACCOUNTS.cardsProd} (Cards Prod) has no VPC in eu-west-1 as last scanned: it has VPCs in eu-central-1; pass one of those as region`,
      );
      expect((await get('/accounts/123456789012/network')).status).toBe(404);
    });
  },
);

describe('the vending API without the create permission', () => {
  it('lets people read requests but not allocate or register', async () => {
    const knex = await databases.init('SQLITE_3');
    await seedEstate(knex);
    const { server } = await startTestBackend({
      features: [
        landingZonePlugin,
        mockServices.database.factory({ knex }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({
              result:
                r.permission.name === 'landing-zone.account-request.create'
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })),
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        }).factory,
        config,
      ],
    });
    const user = mockCredentials.user.header();
    const allocation = await request(server)
      .post('/api/landing-zone/cidr-allocations')
      .send({ requestKey: 'x' })
      .set('Authorization', user);
    expect(allocation.status).toBe(403);
    const registration = await request(server)
      .post('/api/landing-zone/account-requests')
      .send({ ...valid, pullRequestUrl: `${PR}/1` })
      .set('Authorization', user);
    expect(registration.status).toBe(403);
    const list = await request(server)
      .get('/api/landing-zone/account-requests')
      .set('Authorization', user);
    expect(list.status).toBe(200);
  });
});
