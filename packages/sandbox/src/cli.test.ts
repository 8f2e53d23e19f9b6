import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = path.resolve(__dirname, '..', 'bin', 'lz-sandbox');

/** Runs the real executable until it prints `until` (then SIGTERM) or exits. */
function run(args: string[], until?: RegExp) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let signalled = false;
      child.stdout.on('data', chunk => {
        stdout += chunk;
        if (!signalled && until?.test(stdout)) {
          signalled = true;
          child.kill('SIGTERM');
        }
      });
      child.stderr.on('data', chunk => {
        stderr += chunk;
      });
      child.on('error', reject);
      child.on('close', code => resolve({ code, stdout, stderr }));
    },
  );
}

describe('lz-sandbox', () => {
  it('prints the URL when listening and closes on SIGTERM', async () => {
    const { code, stdout } = await run(
      ['--port', '0', '--latency', '5'],
      /sandbox listening on/,
    );
    expect(stdout).toMatch(
      /^organisation o-f1nt3chd3m: 40 accounts, 4 regions/m,
    );
    expect(stdout).toMatch(/^faults: \{"latency":\{"ms":5\}\}$/m);
    expect(stdout).toMatch(/^sandbox listening on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(stdout).toMatch(/^SIGTERM: closing$/m);
    expect(code).toBe(0);
  }, 30_000);

  it('prints what is wrong with an organisation file and exits 2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-sandbox-cli-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'organization: {}\naccounts: []\n');
    try {
      const { code, stderr } = await run(['--org', file]);
      expect(code).toBe(2);
      expect(stderr).toContain(`${file}: organization.id:`);
      expect(stderr).toContain(`${file}: accounts:`);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  }, 30_000);

  it('exits 2 with the usage for a bad flag', async () => {
    const { code, stderr } = await run(['--generate', 'accounts=3']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--generate accounts expects a number ≥ 6/);
    expect(stderr).toContain('Usage: lz-sandbox');
  }, 30_000);
});
