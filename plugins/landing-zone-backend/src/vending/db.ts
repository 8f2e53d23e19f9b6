import type { Knex } from 'knex';

/** Whether the database is PostgreSQL (row locks) rather than SQLite. */
export function isPostgres(db: Knex): boolean {
  const client = db.client.config.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}

/** A unique index refused the write: PostgreSQL 23505, SQLite's UNIQUE. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (typeof e?.message === 'string' &&
      e.message.includes('UNIQUE constraint failed'))
  );
}

/**
 * A write lost a race and may succeed when tried again: a unique index
 * refused it, or SQLite was busy with another writer's transaction.
 */
export function isRetryableWriteConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    isUniqueViolation(error) ||
    code === 'SQLITE_BUSY' ||
    code === '40001' || // PostgreSQL serialization failure
    code === '40P01' // PostgreSQL deadlock
  );
}
