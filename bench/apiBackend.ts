/*
 * The landing-zone backend for bench/api.ts, in its own process so that the
 * memory measured is the backend's alone. Not run by hand: api.ts forks it with
 * `--config <file>` (read by the default root config service) and stops it
 * with a `stop` message over the fork IPC channel.
 *
 * A minimal Backstage backend: the permission backend with the allow-all
 * policy (as the demo app has it) and the landing-zone plugin.
 */
import { createBackend } from '@backstage/backend-defaults';

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

process.on('message', (message: { type?: string }) => {
  if (message?.type !== 'stop') return;
  backend.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
// The parent going away (killed, crashed) must not leave the backend running.
process.on('disconnect', () => process.exit(0));
