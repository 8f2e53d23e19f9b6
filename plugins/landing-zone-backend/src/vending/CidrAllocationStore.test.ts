import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { POOLS, seedEstate } from './__testUtils__/estate';
import { AccountRequestStore } from './AccountRequestStore';
import { CidrAllocationStore } from './CidrAllocationStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create();
const [workloads, crowded] = POOLS;
const HOUR = 3_600_000;

describe.each(databases.eachSupportedId())(
  'CidrAllocationStore on %p',
  databaseId => {
    let knex: Knex;
    let store: CidrAllocationStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await seedEstate(knex);
      store = CidrAllocationStore.create({ db: knex });
      await store.syncPools(POOLS);
    });

    beforeEach(async () => {
      await knex('lz_account_requests').delete();
      await knex('lz_cidr_allocations').delete();
    });

    const allocate = (
      requestKey: string,
      prefixLength = 16,
      pool = workloads,
    ) =>
      store.allocate({ pool, prefixLength, requestKey, reservationMs: HOUR });

    it('takes the first block no VPC of the inventory overlaps, reserved for an hour', async () => {
      const before = Date.now();
      const { allocation, created } = await allocate('payments-dev');
      expect(created).toBe(true);
      expect(allocation).toMatchObject({
        pool: 'workloads',
        cidr: '10.66.0.0/16',
        prefixLength: 16,
        requestKey: 'payments-dev',
        state: 'reserved',
      });
      const expires = Date.parse(allocation.expiresAt!);
      expect(expires).toBeGreaterThanOrEqual(before + HOUR - 1000);
      expect(expires).toBeLessThanOrEqual(Date.now() + HOUR + 1000);
      expect(await store.get(allocation.id)).toEqual(allocation);
    });

    it('gives a retried request the same block, and a new size a new block', async () => {
      const first = await allocate('Payments-Dev');
      const again = await allocate('payments-dev ');
      expect(again.created).toBe(false);
      expect(again.allocation.id).toBe(first.allocation.id);
      expect(again.allocation.cidr).toBe('10.66.0.0/16');

      const smaller = await allocate('payments-dev', 20);
      expect(smaller.created).toBe(true);
      // The /16 it held is free again, so the /20 starts there.
      expect(smaller.allocation.cidr).toBe('10.66.0.0/20');
      expect((await store.get(first.allocation.id))?.state).toBe('released');
      expect((await store.get(first.allocation.id))?.releaseReason).toMatch(
        /superseded/,
      );
    });

    it('never gives two requests in flight the same block, however they race', async () => {
      const results = await Promise.all(
        ['a', 'b', 'c', 'd', 'e', 'f'].map(key => allocate(`race-${key}`, 18)),
      );
      const cidrs = results.map(r => r.allocation.cidr).sort();
      expect(new Set(cidrs).size).toBe(6);
      expect(cidrs).toEqual([
        '10.66.0.0/18',
        '10.66.128.0/18',
        '10.66.192.0/18',
        '10.66.64.0/18',
        '10.67.0.0/18',
        '10.67.64.0/18',
      ]);
    });

    it('gives one block to two parallel calls for the same request', async () => {
      const [a, b] = await Promise.all([allocate('twin'), allocate('twin')]);
      expect(a.allocation.id).toBe(b.allocation.id);
      expect(
        await knex('lz_cidr_allocations').whereNot('state', 'released'),
      ).toHaveLength(1);
    });

    it('says when a pool has no block of the size left', async () => {
      await expect(allocate('lab-two', 16, crowded)).rejects.toThrow(
        "pool: 'crowded' (10.200.0.0/16) has no free /16: all 1 are taken by VPCs in the inventory or by open requests",
      );
      await allocate('w1');
      await allocate('w2');
      await expect(allocate('w3')).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(
          "'workloads' (10.64.0.0/14) has no free /16: all 4 are taken",
        ),
      });
    });

    it('frees a reservation that lapsed, and takes it back for its request if nothing took it', async () => {
      const lapsed = await store.allocate({
        pool: workloads,
        prefixLength: 16,
        requestKey: 'slow',
        reservationMs: -1000,
      });
      expect(await store.expire()).toBe(1);
      expect((await store.get(lapsed.allocation.id))?.state).toBe('released');

      const requests = AccountRequestStore.create({ db: knex });
      const { request } = await requests.register({
        accountName: 'slow',
        email: 'aws+slow@example.com',
        slug: 'slow',
        ouId: 'ou-v3nd-sandb0x0',
        environment: 'sandbox',
        regions: ['eu-west-1'],
        allocationId: lapsed.allocation.id,
        pullRequest: pr(1),
      });
      expect(request.cidr).toBe('10.66.0.0/16');
      expect((await store.get(lapsed.allocation.id))?.state).toBe('held');
    });

    it('refuses a lapsed reservation whose block was given to another since', async () => {
      const lapsed = await store.allocate({
        pool: workloads,
        prefixLength: 16,
        requestKey: 'slow',
        reservationMs: -1000,
      });
      const taker = await allocate('quick');
      expect(taker.allocation.cidr).toBe(lapsed.allocation.cidr);
      const requests = AccountRequestStore.create({ db: knex });
      await expect(
        requests.register({
          accountName: 'slow',
          email: 'aws+slow@example.com',
          slug: 'slow',
          ouId: 'ou-v3nd-sandb0x0',
          environment: 'sandbox',
          regions: ['eu-west-1'],
          allocationId: lapsed.allocation.id,
          pullRequest: pr(2),
        }),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining('lapsed'),
      });
      // Nothing of the refused request was kept.
      expect(await knex('lz_account_requests')).toHaveLength(0);
    });

    it('refuses a block held by a request, and one allocated for another name', async () => {
      const held = await allocate('held');
      const other = await allocate('other');
      const requests = AccountRequestStore.create({ db: knex });
      await requests.register({
        accountName: 'held',
        email: 'aws+held@example.com',
        slug: 'held',
        ouId: 'ou-v3nd-sandb0x0',
        environment: 'sandbox',
        regions: ['eu-west-1'],
        allocationId: held.allocation.id,
        pullRequest: pr(3),
      });
      await expect(allocate('held')).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining(
          "requestKey: 'held' already holds 10.66.0.0/16",
        ),
      });
      await expect(
        requests.register({
          accountName: 'third',
          email: 'aws+third@example.com',
          slug: 'third',
          ouId: 'ou-v3nd-sandb0x0',
          environment: 'sandbox',
          regions: ['eu-west-1'],
          allocationId: other.allocation.id,
          pullRequest: pr(4),
        }),
      ).rejects.toThrow(
        `allocationId: ${other.allocation.id} was allocated for 'other', not 'third'`,
      );
    });

    it('previews the next block and counts the live ones per pool', async () => {
      await allocate('p1');
      expect(await store.preview(POOLS, 16)).toEqual([
        { name: 'workloads', nextFree: '10.67.0.0/16', allocated: 1 },
        { name: 'crowded', nextFree: undefined, allocated: 0 },
      ]);
      expect((await store.preview(POOLS, 8))[0].nextFree).toBeUndefined();
    });

    it('names what overlaps a held block', async () => {
      const held = await allocate('held');
      expect(
        await store.conflictsOf(held.allocation.id, '10.66.0.0/16'),
      ).toEqual([]);
      expect(
        await store.conflictsOf(held.allocation.id, '10.64.0.0/15'),
      ).toEqual([
        '10.64.0.0/15 overlaps vpc-0a0000000000000a1 (10.64.0.0/16) in account 100000000001',
        '10.64.0.0/15 overlaps vpc-0b0000000000000b1 (10.65.0.0/16) in account 100000000002',
      ]);
    });
  },
);

describe.each(databases.eachSupportedId())(
  'the vending migration on %p',
  databaseId => {
    it('goes up and down', async () => {
      const knex = await databases.init(databaseId);
      const directory = resolvePackagePath(
        '@internal/plugin-landing-zone-backend',
        'migrations',
      );
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('lz_account_requests')).toBe(true);
      // Later migrations may follow it: undo this one by name.
      await knex.migrate.down({
        directory,
        name: '20261216_account_vending.js',
      });
      expect(await knex.schema.hasTable('lz_account_requests')).toBe(false);
      expect(await knex.schema.hasTable('lz_cidr_allocations')).toBe(false);
      expect(await knex.schema.hasTable('lz_cidr_pools')).toBe(false);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('lz_cidr_pools')).toBe(true);
    });
  },
);

function pr(number: number) {
  return {
    url: `https://github.com/acme/infrastructure/pull/${number}`,
    host: 'github.com',
    owner: 'acme',
    repo: 'infrastructure',
    number,
  };
}
