import { spawn } from 'node:child_process';

/** A git command that exited with a status its caller did not expect. */
export class GitCommandError extends Error {
  readonly args: string[];
  readonly exitCode: number;
  readonly stderr: string;

  constructor(args: string[], exitCode: number, stderr: string) {
    super(`git ${args.join(' ')} exited with ${exitCode}: ${stderr.trim()}`);
    this.name = 'GitCommandError';
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

export type GitResult = { stdout: Buffer; stderr: string; exitCode: number };

// Neither the machine's nor the user's git configuration may change what the
// sandbox writes (hooks, default branch, signing, line endings…).
const ISOLATED_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C',
};

/**
 * Runs the `git` CLI. Only `okCodes` (default 0) resolve; any other exit status
 * rejects with a {@link GitCommandError} carrying stderr.
 */
export function runGit(
  args: string[],
  options: {
    cwd?: string;
    input?: Buffer | string;
    env?: Record<string, string>;
    okCodes?: number[];
  } = {},
): Promise<GitResult> {
  const okCodes = options.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...ISOLATED_ENV, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    // A command that exits before reading its input closes the pipe; that is its
    // exit status's business, not an error of ours.
    child.stdin.on('error', () => {});
    child.on('close', code => {
      const result = {
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: code ?? -1,
      };
      if (okCodes.includes(result.exitCode)) resolve(result);
      else reject(new GitCommandError(args, result.exitCode, result.stderr));
    });
    child.stdin.end(options.input ?? '');
  });
}
