import {
  exchangeOf,
  isLoopbackHost,
  isSuspiciousPath,
  MAX_PROXY_REQUEST_BYTES,
  proxyError,
  type ProxyAnswer,
  type ProxyIncoming,
} from './proxy';

/** What the adapter reads of Node's `IncomingMessage` (Express's and Connect's requests are ones). */
export interface NodeRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  /** Set by Express and Connect when the handler is mounted under a path (`app.use(path, …)`). */
  originalUrl?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** A body an earlier middleware already parsed (e.g. `express.json()`). */
  body?: unknown;
  readableEnded?: boolean | undefined;
  /** Node's socket; a TLS socket has `encrypted: true`. */
  socket?: object | null | undefined;
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: 'end' | 'error', listener: (error?: unknown) => void): unknown;
  off(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  off(event: 'end' | 'error', listener: (error?: unknown) => void): unknown;
}

/** What the adapter writes to Node's `ServerResponse`. */
export interface NodeResponseLike {
  statusCode: number;
  headersSent?: boolean | undefined;
  writableEnded?: boolean | undefined;
  setHeader(name: string, value: string | string[]): unknown;
  end(chunk?: Uint8Array): unknown;
  on(event: 'close', listener: () => void): unknown;
}

/** Node's `(req, res, next)`, as `node:http`, Express, Connect and Vite call a middleware. */
export type NodeHandler = (
  request: NodeRequestLike,
  response: NodeResponseLike,
  next?: (error?: unknown) => void,
) => void;

/** A web handler, with the `basePath` of {@link createDinteroProxy} when it has one. */
type WebHandler = ((request: Request) => Promise<Response>) & { readonly basePath?: string };

const FORWARDABLE = ['accept', 'content-type', 'content-length', 'cookie', 'if-unmodified-since'];
/** A header value as Node may hand it over from a lenient parser or a test: never CR, LF or NUL. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** A `Host` usable in a URL (name or IP literal, optional port); anything else is not believed. */
const HOST = /^([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(:\d{1,5})?$/;

const encoder = new TextEncoder();

/**
 * The body as bytes, or `null` once it is larger than `limit` (then no longer collected). Rejects
 * when the stream fails, and when `signal` aborts before the end.
 */
function readBody(request: NodeRequestLike, limit: number, signal?: AbortSignal): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      size += bytes.byteLength;
      if (size > limit) {
        // Stop collecting at once; the answer goes out with `connection: close`.
        cleanup();
        resolve(null);
      } else chunks.push(bytes);
    };
    const onEnd = () => {
      cleanup();
      if (chunks.length === 1) {
        resolve(chunks[0]!);
        return;
      }
      const body = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(body);
    };
    const onError = (error?: unknown) => {
      cleanup();
      reject(error);
    };
    const onAbort = () => {
      cleanup();
      reject(signal?.reason);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    signal?.addEventListener('abort', onAbort);
  });
}

/** A body an earlier middleware parsed, as bytes again; `undefined` when there is none. */
function parsedBody(body: unknown): Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (body instanceof Uint8Array) return body;
  return encoder.encode(typeof body === 'string' ? body : JSON.stringify(body));
}

/** A header as one string (Node gives repeated ones as arrays); `null` when absent. */
function headerOf(request: NodeRequestLike, name: string): string | null {
  const value = request.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(name === 'cookie' ? '; ' : ', ') : value;
}

/** Whether the `Host` the page reached names a loopback host (a `Host` not of a host's form does not). */
function loopbackHost(host: string | string[] | undefined): boolean {
  if (typeof host !== 'string' || !HOST.test(host)) return false;
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return isLoopbackHost(hostname);
}

/** Node's request as the proxy reads it (one object, its methods shared, nothing built per call). */
class NodeIncoming implements ProxyIncoming {
  readonly method: string;
  readonly viaNode = true;

  constructor(
    private readonly request: NodeRequestLike,
    private readonly response: NodeResponseLike,
    readonly path: string,
  ) {
    this.method = request.method ?? 'GET';
  }

  header(name: string): string | null {
    return headerOf(this.request, name);
  }

  loopback(): boolean {
    return loopbackHost(this.request.headers.host);
  }

  readBody(limit: number, signal: AbortSignal): Promise<Uint8Array | null> {
    if (!this.request.readableEnded) return readBody(this.request, limit, signal);
    // An earlier body parser read it: what it parsed, or nothing.
    return Promise.resolve(parsedBody(this.request.body) ?? new Uint8Array(0));
  }

  watch(abort: () => void): void {
    const response = this.response;
    // The shopper went away: stop waiting for Dintero.
    response.on('close', () => {
      if (!response.writableEnded) abort();
    });
  }
}

function write(response: NodeResponseLike, answer: ProxyAnswer): void {
  response.statusCode = answer.status;
  for (const name in answer.headers) response.setHeader(name, answer.headers[name]!);
  if (answer.cookies.length > 0) response.setHeader('set-cookie', answer.cookies);
  // The rest of an unread body must not be taken for the next request on this connection.
  if (answer.close) response.setHeader('connection', 'close');
  response.end(answer.body ?? undefined);
}

async function send(response: NodeResponseLike, answer: Response, extra: Record<string, string> = {}) {
  const bytes = new Uint8Array(await answer.arrayBuffer());
  response.statusCode = answer.status;
  answer.headers.forEach((value, name) => {
    if (name !== 'set-cookie') response.setHeader(name, value);
  });
  const cookies = answer.headers.getSetCookie?.() ?? [];
  if (cookies.length > 0) response.setHeader('set-cookie', cookies);
  for (const [name, value] of Object.entries(extra)) response.setHeader(name, value);
  response.end(bytes);
}

function internalError(response: NodeResponseLike): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  void send(response, proxyError(500, 'Internal server error', 'INTERNAL_SERVER_ERROR')).catch(() =>
    response.end(),
  );
}

/**
 * Adapts a web handler (such as {@link createDinteroProxy}'s) to Node's `(req, res, next)`, for
 * `node:http`, Express, Connect and Vite's `configureServer` middleware. Works mounted
 * (`app.use('/api/dintero', handler)`: Express and Connect strip the mount path from `req.url` and
 * keep it in `req.originalUrl`, which is read first) and unmounted. A path outside the proxy's
 * `basePath` goes to `next()` (or gets a 404 without one). Mount it before any body parser; a body
 * an earlier parser consumed is used as parsed.
 *
 * The proxy's own handler is served straight from Node's request and response: no web `Request` or
 * `Response` is built, and its `timeoutMs` covers reading the body too (a slow upload ends in 408
 * and the connection is closed). Any other web handler is given a `Request` and its `Response` is
 * written back.
 *
 * @example
 * ```ts
 * app.use('/api/dintero', toNodeHandler(createDinteroProxy({ basePath: '/api/dintero' })));
 * ```
 */
export function toNodeHandler(handler: WebHandler): NodeHandler {
  const basePath = handler.basePath ?? '';
  const exchange = exchangeOf(handler);

  /** The proxy's exchange, fed from Node's request and written to Node's response. */
  function serveProxy(
    run: NonNullable<typeof exchange>,
    request: NodeRequestLike,
    response: NodeResponseLike,
    path: string,
  ) {
    run(new NodeIncoming(request, response, path)).then(
      (answer) => write(response, answer),
      () => internalError(response),
    );
  }

  /** Any other web handler: a `Request` in, its `Response` written back. */
  async function serveWeb(request: NodeRequestLike, response: NodeResponseLike, raw: string, path: string) {
    // Checked before any URL parser resolves `..` or decodes anything.
    if (isSuspiciousPath(path)) {
      await send(response, proxyError(400, 'Path not allowed', 'BAD_REQUEST'));
      return;
    }
    const method = (request.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'POST' && method !== 'OPTIONS') {
      // Before `new Request`, which throws on methods such as CONNECT and TRACE.
      await send(
        response,
        proxyError(405, 'Method not allowed', 'METHOD_NOT_ALLOWED', { allow: 'GET, POST, OPTIONS' }),
      );
      return;
    }
    const headers = new Headers();
    for (const name of FORWARDABLE) {
      const text = headerOf(request, name);
      if (text === null) continue;
      if (!HEADER_VALUE.test(text)) {
        await send(response, proxyError(400, `Invalid ${name} header`, 'BAD_REQUEST'));
        return;
      }
      headers.set(name, text);
    }
    let body: Uint8Array | undefined;
    if (method === 'POST') {
      const given = request.readableEnded ? parsedBody(request.body) : undefined;
      const read =
        given ??
        (request.readableEnded ? new Uint8Array(0) : await readBody(request, MAX_PROXY_REQUEST_BYTES));
      if (read === null || read.byteLength > MAX_PROXY_REQUEST_BYTES) {
        await send(response, proxyError(413, 'Request body too large', 'PAYLOAD_TOO_LARGE'), {
          connection: 'close',
        });
        return;
      }
      body = read;
      headers.delete('content-length');
    }
    const hostHeader = request.headers.host;
    const host = typeof hostHeader === 'string' && HOST.test(hostHeader) ? hostHeader : 'host.invalid';
    const protocol = (request.socket as { encrypted?: boolean } | null | undefined)?.encrypted
      ? 'https'
      : 'http';
    const controller = new AbortController();
    response.on('close', () => {
      if (!response.writableEnded) controller.abort();
    });
    const answer = await handler(
      new Request(`${protocol}://${host}${raw}`, {
        method,
        headers,
        ...(body ? { body: body as BodyInit } : {}),
        signal: controller.signal,
      }),
    );
    await send(response, answer);
  }

  return (request, response, next) => {
    const raw = request.originalUrl ?? request.url ?? '/';
    const query = raw.indexOf('?');
    // The path alone decides; a query (a framework's, a shopper's) is never forwarded.
    const path = query === -1 ? raw : raw.slice(0, query);
    if (basePath !== '' && path !== basePath && !path.startsWith(`${basePath}/`)) {
      if (next) next();
      else void send(response, proxyError(404, 'Not found', 'NOT_FOUND')).catch(() => response.end());
      return;
    }
    if (exchange) {
      try {
        serveProxy(exchange, request, response, path);
      } catch {
        internalError(response);
      }
      return;
    }
    serveWeb(request, response, raw, path).catch(() => internalError(response));
  };
}
