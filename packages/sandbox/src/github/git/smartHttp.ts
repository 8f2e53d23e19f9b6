import { spawn } from 'node:child_process';
import type { SandboxRequest, SandboxResponse } from '../../server/types';

/*
 * Git's smart HTTP protocol, served by git itself: `git http-backend` is a CGI
 * program, so the request becomes its environment and stdin, and its stdout
 * (CGI headers, a blank line, the body) becomes the response.
 */

/**
 * Runs `git http-backend` for one request. `pathInfo` is the path below the
 * project root (`/lz-demo/infrastructure.git/info/refs`); `remoteUser`, when set,
 * is who pushes (http-backend enables receive-pack only for a known user).
 */
export function serveGitHttp(options: {
  projectRoot: string;
  pathInfo: string;
  request: SandboxRequest;
  remoteUser?: string;
}): Promise<SandboxResponse> {
  const { request } = options;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PROJECT_ROOT: options.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    REQUEST_METHOD: request.method,
    PATH_INFO: options.pathInfo,
    QUERY_STRING: request.query.toString(),
    CONTENT_TYPE: header(request, 'content-type') ?? '',
    CONTENT_LENGTH: String(request.body.length),
    REMOTE_ADDR: '127.0.0.1',
  };
  const encoding = header(request, 'content-encoding');
  if (encoding) env.HTTP_CONTENT_ENCODING = encoding;
  // Protocol v2 is asked for in a header that CGI passes on as GIT_PROTOCOL.
  const protocol = header(request, 'git-protocol');
  if (protocol) env.GIT_PROTOCOL = protocol;
  if (options.remoteUser) env.REMOTE_USER = options.remoteUser;

  return new Promise((resolve, reject) => {
    const child = spawn('git', ['http-backend'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.stdin.on('error', () => {});
    child.on('close', code => {
      const output = Buffer.concat(out);
      const response = parseCgiOutput(output);
      if (!response) {
        reject(
          new Error(
            `git http-backend exited with ${code} and no CGI headers: ${Buffer.concat(
              err,
            )
              .toString('utf8')
              .trim()}`,
          ),
        );
        return;
      }
      resolve(response);
    });
    child.stdin.end(request.body);
  });
}

function header(request: SandboxRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** CGI output: header lines, a blank line, the body; `Status:` sets the status. */
function parseCgiOutput(output: Buffer): SandboxResponse | undefined {
  let end = output.indexOf('\r\n\r\n');
  let separator = 4;
  const lf = output.indexOf('\n\n');
  if (end < 0 || (lf >= 0 && lf < end)) {
    end = lf;
    separator = 2;
  }
  if (end < 0) return undefined;
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of output
    .subarray(0, end)
    .toString('latin1')
    .split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'status') status = parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers, body: output.subarray(end + separator) };
}
