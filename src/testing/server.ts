import type { IncomingMessage, ServerResponse } from 'node:http';
import { createDinteroEmulator } from './emulator';
import type { DinteroEmulator, DinteroEmulatorOptions } from './types';

export interface DinteroEmulatorServerOptions extends DinteroEmulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1` so the emulator is not reachable from the network. */
  host?: string;
  /** An emulator to serve instead of creating one from the other options. */
  emulator?: DinteroEmulator;
}

export interface DinteroEmulatorServer {
  /** `http://host:port`, without the base path. */
  url: string;
  port: number;
  emulator: DinteroEmulator;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Request bodies beyond this are refused: a pay request is a few hundred bytes. */
const MAX_BODY_BYTES = 1024 * 1024;

const CORS_ALLOW_HEADERS = 'Content-Type, If-Unmodified-Since, Accept';
const CORS_ALLOW_METHODS = 'GET, POST, OPTIONS';

function corsHeaders(request: IncomingMessage): Record<string, string> {
  const origin = request.headers.origin;
  const reflected = typeof origin === 'string' && origin !== '';
  return {
    // Reflecting the caller's origin lets a storefront on any local port talk to the emulator, and
    // with credentials ('include') the remember_me cookie can be set and sent, as the checkout host's.
    'access-control-allow-origin': reflected ? origin : '*',
    ...(reflected ? { 'access-control-allow-credentials': 'true' } : {}),
    'access-control-expose-headers': 'Retry-After',
    vary: 'Origin',
  };
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Serves the emulator over real HTTP (for the demo and browser tests), with CORS for any origin.
 * Node only: `node:http` is imported when this is called, so bundling the testing kit for a
 * browser never pulls it in.
 *
 * @example
 * ```ts
 * const server = await startDinteroEmulator({ port: 0 });
 * // baseUrl for the library: `${server.url}/v1`
 * await server.close();
 * ```
 */
export async function startDinteroEmulator(
  options: DinteroEmulatorServerOptions = {},
): Promise<DinteroEmulatorServer> {
  const { port = 0, host = '127.0.0.1', emulator: given, ...emulatorOptions } = options;
  const { createServer } = await import('node:http');
  const emulator = given ?? createDinteroEmulator(emulatorOptions);
  let listeningPort = port;

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const cors = corsHeaders(request);
    const method = (request.method ?? 'GET').toUpperCase();
    if (method === 'OPTIONS') {
      response.writeHead(204, {
        ...cors,
        'access-control-allow-methods': CORS_ALLOW_METHODS,
        'access-control-allow-headers': CORS_ALLOW_HEADERS,
        'access-control-max-age': '600',
      });
      response.end();
      return;
    }
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
    if (body === null) {
      response.writeHead(413, { ...cors, 'content-type': 'application/json; charset=utf-8' });
      response.end(
        JSON.stringify({ error: { message: 'Request body too large', code: 'PAYLOAD_TOO_LARGE' } }),
      );
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    // The Host header is the origin the caller reached, so poll URLs stay on it (also via a proxy).
    const reached = request.headers.host ?? `${hostForUrl(host)}:${listeningPort}`;
    const url = `http://${reached}${request.url ?? '/'}`;
    const answer = await emulator.handle({ method, url, headers, ...(body !== undefined ? { body } : {}) });
    response.writeHead(answer.status, { ...answer.headers, ...cors });
    response.end(answer.status === 204 || answer.status === 304 ? undefined : answer.body);
  }

  const server = createServer((request, response) => {
    serve(request, response).catch(() => {
      if (!response.headersSent)
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      response.end(
        JSON.stringify({ error: { message: 'Internal server error', code: 'INTERNAL_SERVER_ERROR' } }),
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  listeningPort = typeof address === 'object' && address ? address.port : port;

  return {
    url: `http://${hostForUrl(host)}:${listeningPort}`,
    port: listeningPort,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
