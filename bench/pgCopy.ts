/*
 * A SQLite file of bench/scan.ts copied into a fresh PostgreSQL database on
 * 127.0.0.1:5432, for bench/api.ts and bench/dashboardPaint.ts: the schema by
 * the plugin's own migrations, then every table's rows.
 */
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import knexFactory, { type Knex } from 'knex';

/** The server; the password from PGPASSWORD, else the test server's. */
export const PG_SERVER = {
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  password: process.env.PGPASSWORD ?? 'lz-test-pw',
};

export function migrationsDirectory(): string {
  return join(
    dirname(
      require.resolve('@internal/plugin-landing-zone-backend/package.json'),
    ),
    'migrations',
  );
}

/** Not data: knex's own tables, SQLite's, and the backend's scheduler and keys. */
function isBookkeeping(table: string): boolean {
  return (
    table.startsWith('sqlite_') ||
    table.includes('knex_migrations') ||
    table.startsWith('backstage_backend_')
  );
}

export type CopyReport = {
  database: string;
  seconds: number;
  rows: Record<string, number>;
  /** Plugin migrations the source file lacked, applied to it before copying. */
  sourceMigrated: string[];
  skipped: string[];
  emptyInTarget: string[];
};

function convertValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type.startsWith('timestamp') || type === 'date') {
    // knex stores dates in SQLite as epoch milliseconds.
    if (typeof value === 'number') return new Date(value);
    if (typeof value === 'string' && /^\d+$/.test(value)) {
      return new Date(Number(value));
    }
    return value;
  }
  if (type === 'boolean' && typeof value === 'number') return value !== 0;
  return value;
}

/**
 * Copies every table of the SQLite file (generic: columns by name from the
 * source, types from the target) into the database, whose schema the plugin's
 * migrations made.
 */
export async function copySqliteToPostgres(
  sourceFile: string,
  target: Knex,
  database: string,
): Promise<CopyReport> {
  const started = performance.now();
  const source = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: sourceFile },
    useNullAsDefault: true,
  });
  try {
    // The same schema on both sides: a file made before the latest plugin
    // migration gets it, as serving it on SQLite would.
    const [, sourceMigrated] = (await source.migrate.latest({
      directory: migrationsDirectory(),
    })) as [number, string[]];

    const sourceTables = (
      (await source.raw(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
      )) as { name: string }[]
    )
      .map(r => r.name)
      .filter(name => !isBookkeeping(name));
    const targetColumns = new Map<string, Map<string, string>>();
    const columnRows = (
      await target.raw(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
         WHERE table_schema = current_schema()`,
      )
    ).rows as { table_name: string; column_name: string; data_type: string }[];
    for (const row of columnRows) {
      if (isBookkeeping(row.table_name)) continue;
      const columns = targetColumns.get(row.table_name) ?? new Map();
      columns.set(row.column_name, row.data_type);
      targetColumns.set(row.table_name, columns);
    }

    const skipped: string[] = [];
    const tables = sourceTables.filter(table => {
      if (targetColumns.has(table)) return true;
      skipped.push(`${table} (not in the target schema)`);
      return false;
    });
    const rows: Record<string, number> = {};
    await target.transaction(async trx => {
      // Whatever the migrations may have put there is replaced.
      if (tables.length) {
        await trx.raw(
          `TRUNCATE ${tables.map(t => `"${t}"`).join(', ')} RESTART IDENTITY`,
        );
      }
      for (const table of tables) {
        const types = targetColumns.get(table)!;
        const sourceColumns = (
          (await source.raw(`PRAGMA table_info("${table}")`)) as {
            name: string;
          }[]
        ).map(c => c.name);
        const columns = sourceColumns.filter(c => types.has(c));
        for (const c of sourceColumns) {
          if (!types.has(c)) skipped.push(`${table}.${c} (not in the target)`);
        }
        // PostgreSQL takes at most 65,535 bind parameters per statement.
        const batch = Math.max(
          1,
          Math.min(1000, Math.floor(30_000 / columns.length)),
        );
        const select = `SELECT rowid AS "__rowid", ${columns
          .map(c => `"${c}"`)
          .join(', ')} FROM "${table}" WHERE rowid > ? ORDER BY rowid LIMIT ?`;
        let after = -Infinity;
        let count = 0;
        for (;;) {
          const page = (await source.raw(select, [after, batch])) as Record<
            string,
            unknown
          >[];
          if (page.length === 0) break;
          after = page[page.length - 1].__rowid as number;
          await trx(table).insert(
            page.map(row =>
              Object.fromEntries(
                columns.map(c => [c, convertValue(row[c], types.get(c)!)]),
              ),
            ),
          );
          count += page.length;
          if (page.length < batch) break;
        }
        rows[table] = count;
        // Serial columns continue after the copied ids.
        const serials = (
          await trx.raw(
            `SELECT column_name FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ?
               AND column_default LIKE 'nextval(%'`,
            [table],
          )
        ).rows as { column_name: string }[];
        for (const { column_name: column } of serials) {
          await trx.raw(
            `SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX("${column}"), 1), MAX("${column}") IS NOT NULL) FROM "${table}"`,
            [`"${table}"`, column],
          );
        }
      }
    });
    // Fresh tables have no statistics and no visibility map (index-only
    // scans still read the heap); a database in use would have both, from
    // autovacuum, which is off on the test server here.
    await target.raw('VACUUM (ANALYZE)');
    const emptyInTarget = [...targetColumns.keys()]
      .filter(t => !tables.includes(t))
      .sort();
    return {
      database,
      seconds: (performance.now() - started) / 1000,
      rows,
      sourceMigrated,
      skipped,
      emptyInTarget,
    };
  } finally {
    await source.destroy();
  }
}

/**
 * A fresh database `<prefix><timestamp>` with the file's data; `drop()`
 * removes it.
 */
export async function preparePostgres(
  sourceFile: string,
  prefix = 'lz_api_bench_',
) {
  const database = `${prefix}${Date.now()}`;
  const admin = knexFactory({
    client: 'pg',
    connection: { ...PG_SERVER, database: 'postgres' },
  });
  await admin.raw(`CREATE DATABASE ${database}`);
  const drop = async () => {
    await admin.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.destroy();
  };
  try {
    const target = knexFactory({
      client: 'pg',
      connection: { ...PG_SERVER, database },
    });
    try {
      // The schema, by the plugin's own migrations (what it runs at start-up).
      await target.migrate.latest({ directory: migrationsDirectory() });
      const copy = await copySqliteToPostgres(sourceFile, target, database);
      /** Leaves the database in place (closes the admin connection). */
      const keep = () => admin.destroy();
      return { database, copy, drop, keep };
    } finally {
      await target.destroy();
    }
  } catch (error) {
    await drop().catch(() => {});
    throw error;
  }
}
