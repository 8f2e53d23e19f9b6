import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  NO_RESPONSE,
  type Dispatcher,
  type SandboxRequest,
  type SandboxResponse,
} from './types';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

class BodyTooLargeError extends Error {
  constructor() {
    super(`Request body exceeds ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The one HTTP server of the sandbox, loopback only. Each request goes to the first
 * dispatcher that claims it (AWS last, as the fallback).
 */
export class SandboxServer {
  readonly #server: http.Server;
  readonly #dispatchers: Dispatcher[];
  /** Sockets of requests left unanswered (the hang fault), destroyed by close(). */
  readonly #hung = new Set<Socket>();
  #closing = false;

  static async start(options: {
    host: string;
    port: number;
    dispatchers: Dispatcher[];
  }): Promise<SandboxServer> {
    const server = new SandboxServer(options.dispatchers);
    await new Promise<void>((resolve, reject) => {
      server.#server.once('error', reject);
      server.#server.listen(options.port, options.host, () => {
        server.#server.off('error', reject);
        resolve();
      });
    });
    return server;
  }

  private constructor(dispatchers: Dispatcher[]) {
    this.#dispatchers = dispatchers;
    this.#server = http.createServer((req, res) => {
      this.#serve(req, res).catch(e => {
        // A response may already be on its way; all that is left is to end it.
        if (!res.headersSent) {
          res.writeHead(e instanceof BodyTooLargeError ? 413 : 500, {
            'content-type': 'application/json',
          });
        }
        res.end(
          JSON.stringify({ message: `sandbox: ${(e as Error).message}` }),
        );
      });
    });
    // SDK clients keep connections alive; outlive their idle timeouts so sockets are reused.
    this.#server.keepAliveTimeout = 65_000;
    this.#server.headersTimeout = 66_000;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  get host(): string {
    return (this.#server.address() as AddressInfo).address;
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  async close(): Promise<void> {
    this.#closing = true;
    await new Promise<void>(resolve => {
      this.#server.close(() => resolve());
      // Idle keep-alive sockets would otherwise hold close() open until they time out.
      this.#server.closeIdleConnections();
      // Hung requests would hold it open until their clients give up.
      for (const socket of this.#hung) socket.destroy();
      this.#hung.clear();
    });
  }

  /** Leaves the request unanswered: nothing is written until the client closes. */
  #hang(req: http.IncomingMessage): void {
    const socket = req.socket;
    if (this.#closing) {
      socket.destroy();
      return;
    }
    this.#hung.add(socket);
    socket.once('close', () => this.#hung.delete(socket));
  }

  async #serve(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const request: SandboxRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    const dispatcher = this.#dispatchers.find(d => d.matches(request));
    const response: SandboxResponse | typeof NO_RESPONSE = dispatcher
      ? await dispatcher.handle(request)
      : { status: 404, headers: {}, body: '' };
    if (response === NO_RESPONSE) {
      this.#hang(req);
      return;
    }
    const payload =
      typeof response.body === 'string'
        ? Buffer.from(response.body, 'utf8')
        : response.body;
    res.writeHead(response.status, {
      ...response.headers,
      'content-length': String(payload.length),
    });
    res.end(payload);
  }
}
