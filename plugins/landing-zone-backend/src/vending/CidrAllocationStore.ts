import { ConflictError, InputError } from '@backstage/errors';
import type {
  CidrAllocation,
  CidrAllocationState,
} from '@internal/plugin-landing-zone-common';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { iso, parse } from '../store/rows';
import {
  blockCount,
  firstFreeBlock,
  formatBlock,
  ipv4Blocks,
  overlaps,
  parseNetwork,
  type Block,
} from './cidr';
import { isRetryableWriteConflict, isPostgres } from './db';

type AllocationRow = {
  id: string;
  pool: string;
  cidr: string;
  prefix_length: number;
  request_key: string;
  request_key_norm: string;
  state: string;
  request_id: string | null;
  created_at: Date | string;
  expires_at: Date | string | null;
  released_at: Date | string | null;
  release_reason: string | null;
};

/** States in which a block is in use. */
export const LIVE_STATES: CidrAllocationState[] = [
  'reserved',
  'held',
  'assigned',
];

const ATTEMPTS = 4;

/** A request key compared as the account name it is: case-folded, NFC. */
export function normalizeKey(key: string): string {
  return key.normalize('NFC').trim().toLowerCase();
}

/**
 * The VPC CIDR blocks handed to account requests. An allocation takes the
 * first block of the pool that overlaps no VPC in the inventory and no live
 * allocation; it runs in one transaction holding the pool's row, and the
 * database admits each live block once, so two allocations in flight never
 * get the same block.
 */
export class CidrAllocationStore {
  readonly #db: Knex;

  private constructor(db: Knex) {
    this.#db = db;
  }

  static create(options: { db: Knex }) {
    return new CidrAllocationStore(options.db);
  }

  /** Records the configured pools: the rows allocations lock. */
  async syncPools(pools: { name: string; cidr: string }[]): Promise<void> {
    const now = new Date();
    for (const pool of pools) {
      await this.#db('lz_cidr_pools')
        .insert({ name: pool.name, cidr: pool.cidr, updated_at: now })
        .onConflict('name')
        .merge(['cidr', 'updated_at']);
    }
  }

  /**
   * Reserves the first free block of `prefixLength` in `pool` for
   * `requestKey`, until `reservationMs` from now. A key that already holds a
   * reservation of that size in that pool gets it again, with its time
   * renewed (a retried task); one of another size or pool is released first.
   * A key whose block a request holds is refused.
   */
  async allocate(options: {
    pool: { name: string; cidr: string };
    prefixLength: number;
    requestKey: string;
    reservationMs: number;
  }): Promise<{ allocation: CidrAllocation; created: boolean }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#db.transaction(tx => this.#allocate(tx, options));
      } catch (error) {
        // Another allocation took the block (or the key) between our read
        // and our insert, which the pool lock rules out on PostgreSQL: read
        // again and take the next block.
        if (attempt < ATTEMPTS && isRetryableWriteConflict(error)) continue;
        throw error;
      }
    }
  }

  async #allocate(
    tx: Knex.Transaction,
    options: {
      pool: { name: string; cidr: string };
      prefixLength: number;
      requestKey: string;
      reservationMs: number;
    },
  ): Promise<{ allocation: CidrAllocation; created: boolean }> {
    const { pool, prefixLength, requestKey } = options;
    const now = new Date();
    const expiresAt = new Date(now.getTime() + options.reservationMs);
    const keyNorm = normalizeKey(requestKey);

    let lock = tx('lz_cidr_pools').where({ name: pool.name });
    if (isPostgres(tx)) lock = lock.forUpdate();
    if (!(await lock.first())) {
      throw new Error(`CIDR pool '${pool.name}' was not synchronised`);
    }
    await expireReservations(tx, now);

    const existing: AllocationRow | undefined = await tx<AllocationRow>(
      'lz_cidr_allocations',
    )
      .where({ request_key_norm: keyNorm })
      .whereIn('state', ['reserved', 'held'])
      .first();
    if (existing?.state === 'held') {
      throw new ConflictError(
        `requestKey: '${requestKey}' already holds ${existing.cidr} for account request ${existing.request_id}; a request's block is allocated once`,
      );
    }
    if (existing) {
      if (
        existing.pool === pool.name &&
        Number(existing.prefix_length) === prefixLength
      ) {
        await tx('lz_cidr_allocations')
          .where({ id: existing.id })
          .update({ expires_at: expiresAt });
        return {
          allocation: mapAllocation({ ...existing, expires_at: expiresAt }),
          created: false,
        };
      }
      await tx('lz_cidr_allocations')
        .where({ id: existing.id })
        .update({
          state: 'released',
          released_at: now,
          expires_at: null,
          release_reason: `superseded by a /${prefixLength} from pool ${pool.name}`,
        });
    }

    const network = parseNetwork(pool.cidr)!;
    const used = await usedBlocks(tx);
    const block = firstFreeBlock(network, prefixLength, used);
    if (!block) {
      const total = blockCount(network, prefixLength);
      throw new InputError(
        `pool: '${pool.name}' (${pool.cidr}) has no free /${prefixLength}: all ${total} are taken by VPCs in the inventory or by open requests. Ask for a smaller block (a larger prefixLength), choose another pool, or have a pool added to landingZone.vending.cidrPools`,
      );
    }
    const row: AllocationRow = {
      id: randomUUID(),
      pool: pool.name,
      cidr: formatBlock(block.first, prefixLength),
      prefix_length: prefixLength,
      request_key: requestKey,
      request_key_norm: keyNorm,
      state: 'reserved',
      request_id: null,
      created_at: now,
      expires_at: expiresAt,
      released_at: null,
      release_reason: null,
    };
    await tx('lz_cidr_allocations').insert(row);
    return { allocation: mapAllocation(row), created: true };
  }

  async get(id: string): Promise<CidrAllocation | undefined> {
    const row = await this.#db<AllocationRow>('lz_cidr_allocations')
      .where({ id })
      .first();
    return row && mapAllocation(row);
  }

  /** The first free block of each pool, and how many blocks each has live. */
  async preview(
    pools: { name: string; cidr: string }[],
    prefixLength: number,
  ): Promise<{ name: string; nextFree?: string; allocated: number }[]> {
    const now = new Date();
    const used = await usedBlocks(this.#db, now);
    const counts = (await this.#db('lz_cidr_allocations')
      .whereIn('state', LIVE_STATES)
      .where(q =>
        q.whereNot('state', 'reserved').orWhere('expires_at', '>=', now),
      )
      .groupBy('pool')
      .select('pool')
      .count({ count: '*' })) as { pool: string; count: unknown }[];
    const byPool = new Map(counts.map(c => [c.pool, Number(c.count)]));
    return pools.map(pool => {
      const network = parseNetwork(pool.cidr)!;
      const block =
        prefixLength >= network.prefixLength
          ? firstFreeBlock(network, prefixLength, used)
          : undefined;
      return {
        name: pool.name,
        nextFree: block && formatBlock(block.first, prefixLength),
        allocated: byPool.get(pool.name) ?? 0,
      };
    });
  }

  /** Releases reservations whose time ran out; returns how many. */
  async expire(): Promise<number> {
    return expireReservations(this.#db, new Date());
  }

  /**
   * Whether a block is still free for the request holding it: no VPC in the
   * inventory and no other live allocation overlaps it.
   */
  async conflictsOf(allocationId: string, cidr: string): Promise<string[]> {
    const [mine] = ipv4Blocks([cidr]);
    if (!mine) return [];
    const conflicts: string[] = [];
    const vpcs = await this.#db('lz_vpcs').select(
      'vpc_id',
      'account_id',
      'cidrs',
    );
    for (const vpc of vpcs) {
      const cidrs: string[] = parse(vpc.cidrs, []);
      if (ipv4Blocks(cidrs).some(b => overlaps(b, mine))) {
        conflicts.push(
          `${cidr} overlaps ${vpc.vpc_id} (${cidrs.join(', ')}) in account ${
            vpc.account_id
          }`,
        );
      }
    }
    const others = await this.#db<AllocationRow>('lz_cidr_allocations')
      .whereIn('state', ['held', 'assigned'])
      .whereNot({ id: allocationId })
      .select('cidr', 'request_id');
    for (const other of others) {
      if (ipv4Blocks([other.cidr]).some(b => overlaps(b, mine))) {
        conflicts.push(
          `${cidr} overlaps ${other.cidr} of account request ${other.request_id}`,
        );
      }
    }
    return conflicts;
  }
}

/**
 * Holds a reserved block for a request, inside the request's transaction. A
 * reservation that lapsed is taken back if nothing took its block since.
 */
export async function holdAllocation(
  tx: Knex.Transaction,
  options: { allocationId: string; requestKey: string; requestId: string },
): Promise<CidrAllocation> {
  const row = await tx<AllocationRow>('lz_cidr_allocations')
    .where({ id: options.allocationId })
    .first();
  if (!row) {
    throw new InputError(
      `allocationId: no CIDR allocation ${options.allocationId}; pass the allocationId landing-zone:cidr:allocate returned`,
    );
  }
  if (row.request_key_norm !== normalizeKey(options.requestKey)) {
    throw new InputError(
      `allocationId: ${options.allocationId} was allocated for '${row.request_key}', not '${options.requestKey}'`,
    );
  }
  if (row.state === 'held' || row.state === 'assigned') {
    throw new ConflictError(
      `allocationId: ${row.cidr} is already held by account request ${row.request_id}`,
    );
  }
  if (row.state === 'released') {
    const mine = ipv4Blocks([row.cidr]);
    const clash = [...(await usedBlocks(tx, new Date()))].some(b =>
      overlaps(b, mine[0]),
    );
    const keyTaken = await tx('lz_cidr_allocations')
      .where({ request_key_norm: row.request_key_norm })
      .whereIn('state', ['reserved', 'held'])
      .first('id');
    if (clash || keyTaken) {
      throw new ConflictError(
        `allocationId: the reservation of ${row.cidr} lapsed (${row.release_reason}) and the block or the name has been allocated since; allocate again and update the pull request`,
      );
    }
  }
  await tx('lz_cidr_allocations').where({ id: row.id }).update({
    state: 'held',
    request_id: options.requestId,
    expires_at: null,
    released_at: null,
    release_reason: null,
  });
  return mapAllocation({
    ...row,
    state: 'held',
    request_id: options.requestId,
    expires_at: null,
    released_at: null,
    release_reason: null,
  });
}

/** Moves a request's block on: assigned when merged, released when closed. */
export async function settleAllocation(
  tx: Knex.Transaction,
  options: {
    requestId: string;
    state: 'assigned' | 'released';
    reason?: string;
  },
): Promise<void> {
  await tx('lz_cidr_allocations')
    .where({ request_id: options.requestId, state: 'held' })
    .update({
      state: options.state,
      released_at: options.state === 'released' ? new Date() : null,
      release_reason: options.reason ?? null,
    });
}

async function expireReservations(db: Knex, now: Date): Promise<number> {
  return db('lz_cidr_allocations')
    .where({ state: 'reserved' })
    .where('expires_at', '<', now)
    .update({
      state: 'released',
      released_at: now,
      release_reason: 'the reservation expired before a request held it',
    });
}

/**
 * Every block in use: the VPCs of the inventory and the live allocations
 * (with `now`, reservations that lapsed are not counted).
 */
async function usedBlocks(db: Knex, now?: Date): Promise<Block[]> {
  const [vpcCidrs, live] = await Promise.all([
    db('lz_vpcs').pluck('cidrs'),
    db('lz_cidr_allocations')
      .whereIn('state', LIVE_STATES)
      .modify(q => {
        if (now) {
          q.where(w =>
            w.whereNot('state', 'reserved').orWhere('expires_at', '>=', now),
          );
        }
      })
      .pluck('cidr'),
  ]);
  return [
    ...ipv4Blocks(vpcCidrs.flatMap((c: string) => parse<string[]>(c, []))),
    ...ipv4Blocks(live),
  ];
}

function mapAllocation(row: AllocationRow): CidrAllocation {
  return {
    id: row.id,
    pool: row.pool,
    cidr: row.cidr,
    prefixLength: Number(row.prefix_length),
    requestKey: row.request_key,
    state: row.state as CidrAllocationState,
    requestId: row.request_id ?? undefined,
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at),
    releasedAt: iso(row.released_at),
    releaseReason: row.release_reason ?? undefined,
  };
}
