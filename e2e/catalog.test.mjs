// Browser test: the built frontend, served by the backend (app-backend), opened in
// Debian's headless Chromium through playwright-core. Run by scripts/test.sh with
// `node --test e2e/`, after `yarn workspace app build`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const results = join(root, 'test-results');
const port = Number(process.env.LZ_E2E_PORT ?? 7017);
const baseUrl = `http://localhost:${port}`;
const token = 'lz-local-demo-token';

let backend;
let browser;

function chromiumPath() {
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name]).toString().trim();
    } catch {
      // try the next name
    }
  }
  throw new Error(
    'Debian chromium is not installed (apt-get install chromium)',
  );
}

async function waitFor(fn, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await fn()) return;
    } catch (e) {
      last = e;
    }
    if (backend.exitCode !== null) {
      throw new Error(`backend exited with ${backend.exitCode} before ${what}`);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`timed out waiting for ${what}: ${last ?? ''}`);
}

before(async () => {
  assert.ok(
    existsSync(join(root, 'packages/app/dist/index.html')),
    'build the frontend first: yarn workspace app build',
  );
  mkdirSync(results, { recursive: true });
  const config = join(results, 'e2e.app-config.yaml');
  writeFileSync(
    config,
    [
      'app:',
      `  baseUrl: ${baseUrl}`,
      'backend:',
      `  baseUrl: ${baseUrl}`,
      '  listen:',
      `    port: ${port}`,
      '',
    ].join('\n'),
  );
  // Own process group, so that stopping it also stops the node child that
  // `backstage-cli package start` spawns.
  backend = spawn(
    'yarn',
    ['start', '--config', '../../app-config.yaml', '--config', config],
    {
      cwd: join(root, 'packages/backend'),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'development' },
    },
  );
  const log = [];
  backend.stdout.on('data', d => log.push(d));
  backend.stderr.on('data', d => log.push(d));
  backend.on('exit', () =>
    writeFileSync(join(results, 'e2e-backend.log'), Buffer.concat(log)),
  );
  await waitFor(
    async () => {
      const res = await fetch(
        `${baseUrl}/api/catalog/entities/by-name/component/default/landing-zone-portal`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      return res.ok;
    },
    'the catalog to list the portal entity',
    180_000,
  );
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
});

after(async () => {
  await browser?.close();
  if (backend && backend.exitCode === null) {
    process.kill(-backend.pid, 'SIGTERM');
    await new Promise(r => backend.once('exit', r));
  }
});

test('the catalog page lists the portal entity after guest sign-in', async () => {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
  });
  await page.goto(baseUrl);
  // The demo signs in as guest.
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.click({ timeout: 60_000 });
  const link = page.getByRole('link', { name: /landing zone portal/i });
  await link.first().waitFor({ timeout: 60_000 });
  await page.screenshot({ path: join(results, 'catalog.png'), fullPage: true });
  assert.equal(
    await link.first().getAttribute('href'),
    '/catalog/default/component/landing-zone-portal',
  );
  await page.close();
});
