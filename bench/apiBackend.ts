/*
 * The landing-zone backend for bench/api.ts, in its own process so that the
 * memory measured is the backend's alone. Not run by hand: api.ts forks it with
 * `--config <file>` (read by the default root config service) and stops it
 * with a `stop` message over the fork IPC channel.
 *
 * A minimal Backstage backend: the permission backend with the allow-all
 * policy (as the demo app has it) and the landing-zone plugin.
 *
 * On a `capture` message (`on: true`) it records every SQL statement knex
 * runs, with its bindings and time, until `capture` with `on: false`, and
 * answers with them (`captured`): api.ts explains the statements of a slow
 * route with them. Nothing is recorded otherwise.
 */
import { performance } from 'node:perf_hooks';
import { createBackend } from '@backstage/backend-defaults';
import knex from 'knex';

type Captured = { sql: string; bindings: unknown[]; ms: number };
let captured: Captured[] | undefined;

// Every dialect's client runs its statements through Client#query (the
// statement text still has knex's ? placeholders there).
type QueryParam = string | { sql: string; bindings?: unknown[] };
const clientPrototype = (
  knex as unknown as {
    Client: {
      prototype: {
        query(connection: unknown, q: QueryParam): Promise<unknown>;
      };
    };
  }
).Client.prototype;
const query = clientPrototype.query;
clientPrototype.query = function capturingQuery(connection, queryParam) {
  const into = captured;
  if (!into) return query.call(this, connection, queryParam);
  const sql = typeof queryParam === 'string' ? queryParam : queryParam.sql;
  const bindings = (
    typeof queryParam === 'string' ? [] : queryParam.bindings ?? []
  ).map(b => (b instanceof Date ? b.toISOString() : b));
  const started = performance.now();
  return query.call(this, connection, queryParam).finally(() => {
    into.push({ sql, bindings, ms: performance.now() - started });
  });
};

const backend = createBackend();
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('@internal/plugin-landing-zone-backend'));

backend.start().then(
  () => process.send?.({ type: 'started' }),
  error => {
    process.stderr.write(
      `bench/apiBackend: ${(error as Error).stack ?? error}\n`,
    );
    process.exit(1);
  },
);

process.on('message', (message: { type?: string; on?: boolean }) => {
  if (message?.type === 'capture') {
    if (message.on) {
      captured = [];
      process.send?.({ type: 'capturing' });
    } else {
      process.send?.({ type: 'captured', queries: captured ?? [] });
      captured = undefined;
    }
    return;
  }
  if (message?.type !== 'stop') return;
  backend.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
// The parent going away (killed, crashed) must not leave the backend running.
process.on('disconnect', () => process.exit(0));
