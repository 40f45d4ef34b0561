import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { toNodeHandler, type DinteroProxyHandler } from '../../src/server';

/** One request as the fake upstream received it, byte for byte where it matters. */
/** The session, paths and body the proxy tests send: a Swish pay call and its status check. */
export const SID = 'T11223344.4XmY8qz6xHz8jRhTGLvRmD';
export const BASE = '/api/dintero';
export const PAY_PATH = `${BASE}/v1/sessions/${SID}/pay`;
export const STATUS_PATH = `${BASE}/v1/view/${SID}/swish/pr0001ab/status`;
export const PHONE = '+46701234567';
export const PAY_BODY = JSON.stringify({ payment_product_type: 'swish.swish', phone_number: PHONE });
/** The page's origin as the proxy sees it: not a loopback host unless a test says so. */
export const SHOP = 'https://shop.example';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Answer = (request: IncomingMessage, response: ServerResponse, body: string) => void;

export interface Recorder {
  url: string;
  port: number;
  received: Received[];
  /** What the next requests get; default 200 `{ "ok": true }`. */
  answer: Answer;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** A stand-in for Dintero on 127.0.0.1 that records everything it receives. */
export async function startRecorder(): Promise<Recorder> {
  const recorder: Recorder = {
    url: '',
    port: 0,
    received: [],
    answer: (_request, response) => json(response, 200, { ok: true }),
    close: () => closeServer(server),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      recorder.received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      });
      recorder.answer(request, response, body);
    });
  });
  recorder.port = await listen(server);
  recorder.url = `http://127.0.0.1:${recorder.port}`;
  return recorder;
}

export interface ProxyServer {
  url: string;
  port: number;
  /** Requests that reached the server but not the proxy (`next()` was called). */
  passedOn: string[];
  close(): Promise<void>;
}

/**
 * The proxy behind `node:http`. `mountAt` imitates Express's and Connect's `app.use(path, handler)`:
 * requests under it reach the handler with the mount path stripped from `req.url` and the whole
 * path in `req.originalUrl`; others are passed on.
 */
export async function serveProxy(proxy: DinteroProxyHandler, mountAt?: string): Promise<ProxyServer> {
  const handler = toNodeHandler(proxy);
  const passedOn: string[] = [];
  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    const next = () => {
      passedOn.push(url);
      response.writeHead(418, { 'content-type': 'text/plain' });
      response.end('next');
    };
    if (mountAt === undefined) {
      handler(request, response, next);
      return;
    }
    if (url !== mountAt && !url.startsWith(`${mountAt}/`) && !url.startsWith(`${mountAt}?`)) {
      next();
      return;
    }
    Object.assign(request, { originalUrl: url, url: url.slice(mountAt.length) || '/' });
    handler(request, response, next);
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, passedOn, close: () => closeServer(server) };
}

export interface RawAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A request with the path and headers exactly as given (`fetch` would resolve `..` and refuse some
 * headers before sending).
 */
export function rawRequest(
  port: number,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string | string[]>;
    body?: string | Buffer;
  },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers ?? {},
      },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    // The proxy may answer 413 and close before a big body is fully written.
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
      reject(error);
    });
    // Closed without an answer (the server dropped the connection): status 0.
    request.on('close', () => {
      if (!answered) resolve({ status: 0, headers: {}, body: '' });
    });
    request.end(options.body);
  });
}

export interface SlowUpload {
  /** The status line's code, or 0 when the connection closed without an answer. */
  status: number;
  /** Milliseconds from the request's first byte to the answer (or to the close without one). */
  answeredAfterMs: number;
  /** When the answer came (epoch milliseconds). */
  answeredAt: number;
  /** Milliseconds from the request's first byte until the server closed the connection. */
  closedAfterMs: number;
  /** Bytes of the body that were written before the answer came. */
  sent: number;
}

/**
 * A client that declares a body of `body.length` bytes and sends it one byte per `everyMs`, the way
 * a slow or hostile client holds a connection; stops writing once an answer arrives or the
 * connection closes. Resolves when the server has closed the connection (or after `giveUpMs`, with
 * `closedAfterMs` then `Infinity`).
 */
export function slowUpload(
  port: number,
  options: { path: string; body: string; everyMs: number; giveUpMs: number },
): Promise<SlowUpload> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let answer = '';
    let answeredAfterMs = -1;
    let sent = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    const finish = (closedAfterMs: number) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      const answered = answeredAfterMs === -1 ? closedAfterMs : answeredAfterMs;
      resolve({
        status,
        answeredAfterMs: answered,
        answeredAt: started + answered,
        closedAfterMs,
        sent,
      });
    };
    const giveUp = setTimeout(() => {
      socket.destroy();
      finish(Infinity);
    }, options.giveUpMs);
    socket.setNoDelay(true);
    socket.on('connect', () => {
      socket.write(
        `POST ${options.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(options.body)}\r\n\r\n`,
      );
      timer = setInterval(() => {
        if (answeredAfterMs !== -1 || sent >= options.body.length - 1 || socket.destroyed) return;
        socket.write(options.body[sent]!);
        sent += 1;
      }, options.everyMs);
    });
    socket.on('data', (chunk: Buffer) => {
      if (answeredAfterMs === -1) answeredAfterMs = Date.now() - started;
      answer += chunk.toString('latin1');
    });
    // A reset after the answer (the server closing while bytes still come) is a close too.
    socket.on('error', () => undefined);
    socket.on('close', () => finish(Date.now() - started));
  });
}
