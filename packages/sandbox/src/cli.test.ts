import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const BIN = path.resolve(__dirname, '..', 'bin', 'lz-sandbox');

/** Runs the real executable until it prints `until` (then SIGTERM) or exits. */
function run(
  args: string[],
  until?: RegExp,
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        cwd: options.cwd,
        env: options.env ?? process.env,
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
      /^organisation o-f1nt3chd3m: 44 accounts, 4 regions/m,
    );
    expect(stdout).toMatch(/^faults: \{"latency":\{"ms":5\}\}$/m);
    expect(stdout).toMatch(
      /^github: apiBaseUrl http:\/\/127\.0\.0\.1:\d+\/github\/api\/v3, token lz-sandbox-github-NOT-A-REAL-TOKEN, clone http:\/\/127\.0\.0\.1:\d+\/github\/git\/lz-demo\/infrastructure\.git$/m,
    );
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

  it('reads a relative --org from the caller’s directory: INIT_CWD, else its own', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-sandbox-cwd-'));
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'organization: {}\n');
    const { INIT_CWD: _ignored, ...withoutInitCwd } = process.env;
    try {
      // As under `yarn workspace @internal/sandbox start`: run from the package folder.
      const viaYarn = await run(['--org', 'bad.yaml'], undefined, {
        cwd: path.dirname(BIN),
        env: { ...withoutInitCwd, INIT_CWD: dir },
      });
      expect(viaYarn.code).toBe(2);
      expect(viaYarn.stderr).toContain(
        `${path.join(dir, 'bad.yaml')}: organization.id:`,
      );
      const direct = await run(['--org', 'bad.yaml'], undefined, {
        cwd: dir,
        env: withoutInitCwd,
      });
      expect(direct.code).toBe(2);
      expect(direct.stderr).toContain(
        `${fs.realpathSync(dir)}/bad.yaml: organization.id:`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  }, 30_000);

  it.each([
    [
      ['--generate', 'accounts=10,regions=9'],
      /--generate regions expects a whole number 1–4, got "9"/,
    ],
    [
      ['--throttle', 'ec2=0/5'],
      /--throttle: rateLimits\.ec2\.rate: expected a rate/,
    ],
    [['--error-services', 'ec2'], /--error-services needs --error-rate/],
    [
      ['--error-rate', '0.5', '--error-services', 'guard-duty'],
      /unknown service "guard-duty"/,
    ],
    [
      ['--hang', 'ec2:DescribeVPCs'],
      /--hang: hang\.keys\[0\]: ec2 has no operation "DescribeVPCs"/,
    ],
  ])(
    'exits 2 with a usage message, not a stack, for %j',
    async (args, message) => {
      const { code, stderr } = await run(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).toContain('Usage: lz-sandbox');
      expect(stderr).not.toMatch(/^\s+at /m);
    },
    30_000,
  );

  it('says in one line that the port is taken, and exits 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>(resolve =>
      blocker.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = blocker.address() as AddressInfo;
    try {
      const { code, stdout, stderr } = await run(['--port', String(port)]);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `lz-sandbox: cannot listen on 127.0.0.1:${port}: the port is already in use (pick another with --port, or --port 0)\n`,
      );
      expect(stdout).not.toContain('listening');
    } finally {
      await new Promise(resolve => blocker.close(resolve));
    }
  }, 30_000);

  it('exits 2 with the usage for a bad flag', async () => {
    const { code, stderr } = await run(['--generate', 'accounts=3']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--generate accounts expects a whole number ≥ 6/);
    expect(stderr).toContain('Usage: lz-sandbox');
  }, 30_000);
});
