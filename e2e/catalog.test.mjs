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
let sandbox;
let browser;

function spawnGroup(command, args, options, logName) {
  // Own process group, so that stopping it also stops the node child that
  // `yarn … start` spawns.
  const child = spawn(command, args, {
    ...options,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  child.stdout.on('data', d => log.push(d));
  child.stderr.on('data', d => log.push(d));
  child.on('exit', () =>
    writeFileSync(join(results, logName), Buffer.concat(log)),
  );
  return child;
}

async function stopGroup(child) {
  if (child && child.exitCode === null) {
    process.kill(-child.pid, 'SIGTERM');
    await new Promise(r => child.once('exit', r));
  }
}

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

async function waitFor(fn, what, timeoutMs, child = backend) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await fn()) return;
    } catch (e) {
      last = e;
    }
    if (child.exitCode !== null) {
      throw new Error(`a server exited with ${child.exitCode} before ${what}`);
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
  // The sandbox stands in for AWS, so the portal's scan never leaves loopback.
  const sandboxPort = port + 1;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  sandbox = spawnGroup(
    'yarn',
    ['workspace', '@internal/sandbox', 'start', '--port', String(sandboxPort)],
    { cwd: root },
    'e2e-sandbox.log',
  );
  await waitFor(
    async () => (await fetch(`${sandboxUrl}/_sandbox/health`)).ok,
    'the sandbox',
    60_000,
    sandbox,
  );

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
      'landingZone:',
      '  aws:',
      '    endpoints:',
      `      default: ${sandboxUrl}`,
      '',
    ].join('\n'),
  );
  backend = spawnGroup(
    'yarn',
    [
      'start',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../app-config.sandbox.yaml',
      '--config',
      config,
    ],
    {
      cwd: join(root, 'packages/backend'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        // The sandbox's management keys (packages/sandbox/README.md).
        AWS_ACCESS_KEY_ID: 'AKIALZSANDBOXADMIN01',
        AWS_SECRET_ACCESS_KEY: 'lz-sandbox/management/NOT-A-REAL-SECRET',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    },
    'e2e-backend.log',
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
  await stopGroup(backend);
  await stopGroup(sandbox);
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

test('the landing-zone API serves the scanned demo organisation', async () => {
  const headers = { authorization: `Bearer ${token}` };
  await waitFor(
    async () => {
      const res = await fetch(`${baseUrl}/api/landing-zone/scans?limit=1`, {
        headers,
      });
      const body = await res.json();
      return body.items?.[0] && body.items[0].state !== 'running';
    },
    'the first scan to finish',
    120_000,
  );
  const res = await fetch(`${baseUrl}/api/landing-zone/accounts?limit=1`, {
    headers,
  });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.totalCount, 40);
});
