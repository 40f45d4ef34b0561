/**
 * `localhost`, `127.0.0.0/8` or `[::1]`, as the core's `isLoopbackHost` (a test keeps them equal).
 * A copy, not an import: the core's guards share a chunk with browser code, and this entry stays
 * one file with no imports at all.
 */
export function isLoopbackHost(hostname: string): boolean {
  return /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/.test(hostname);
}

/** `fetch` as the proxy calls it: a URL string and an init, like the client's `FetchLike`. */
export type ProxyFetch = (input: string, init: RequestInit) => Promise<Response>;

/** What the proxy tells the server's log when it answers 502 or 504. */
export interface DinteroProxyLogDetails {
  /** The answer the page got. */
  status: 502 | 504;
  /** The code of that answer's error body. */
  code: 'BAD_GATEWAY' | 'GATEWAY_TIMEOUT';
  /** Which endpoint: the pay call or a status check. Never the session id or the query. */
  route: 'pay' | 'status';
  /**
   * What went wrong: the error's name and message (and its `cause`'s, when it has one), at most 300
   * characters, with any forwarded cookie value cut out. Never a body, a cookie or a phone number.
   */
  cause: { name: string; message: string };
}

/**
 * Where the proxy reports a 502 or 504: one call per such answer, with a one-line message and the
 * same facts as an object.
 */
export type DinteroProxyLog = (message: string, details: DinteroProxyLogDetails) => void;

/** How {@link createDinteroProxy} is mounted and where it forwards to. */
export interface DinteroProxyOptions {
  /**
   * The path the proxy answers under on your own origin, e.g. `/api/dintero`: the page then uses
   * `baseUrl: '/api/dintero/v1'`. `''` (or `'/'`) for the root.
   */
  basePath: string;
  /**
   * Dintero Checkout's origin; default `https://checkout.dintero.com`. `undefined` means the default,
   * so `target: process.env.DINTERO_CHECKOUT_URL` works unset. An origin only (no path, no query).
   */
  target?: string | undefined;
  /** Defaults to `globalThis.fetch`, looked up per request. */
  fetch?: ProxyFetch | undefined;
  /** Allow an `http:` target on a loopback host (the emulator). Off by default; never for other hosts. */
  allowLoopbackHttp?: boolean | undefined;
  /**
   * How long one whole exchange may take, from the first byte of the request body to the last byte
   * of Dintero's answer; default 20 s. A request body still arriving then is answered 408, an
   * answer from Dintero still missing or arriving 504.
   */
  timeoutMs?: number | undefined;
  /**
   * Told the cause of every 502 and 504, once each (name and message of the error, the route; never
   * a body, a cookie or a phone number). Default `console.error`.
   */
  log?: DinteroProxyLog | undefined;
}

/** A web-standard request handler; `basePath` lets {@link toNodeHandler} pass other paths on. */
export interface DinteroProxyHandler {
  (request: Request): Promise<Response>;
  /** The normalised `basePath` (no trailing slash; `''` for the root). */
  readonly basePath: string;
}

/** Where the proxy forwards to unless `target` says otherwise. */
export const DEFAULT_PROXY_TARGET = 'https://checkout.dintero.com';
/**
 * Below the client's pay time-out (30 s), so a pay call that hangs upstream ends in the proxy's 504;
 * a status check (15 s in the client) is retried by the client either way.
 */
export const DEFAULT_PROXY_TIMEOUT_MS = 20_000;
/** A pay request is a few hundred bytes; anything near this is not one. */
export const MAX_PROXY_REQUEST_BYTES = 16_384; // 16 KiB
/** The same cap as the client's: a pay answer with a QR code is a few tens of kB. */
export const MAX_PROXY_RESPONSE_BYTES = 1_048_576; // 1 MiB
/** Dintero's cookies come back to the browser under this prefix, and only prefixed cookies go out. */
export const PROXY_COOKIE_PREFIX = 'rdp_';

/**
 * Dintero's session ids: an account id (`T` for test or `P` for production, then digits), a dot and
 * a URL-safe suffix, e.g. `T11223344.4XmY8qz6xHz8jRhTGLvRmD`. Nothing else may name a session, so
 * nothing else can be put into the upstream path.
 */
export const SESSION_ID_PATTERN = /^[A-Z]\d{1,16}\.[A-Za-z0-9_-]{1,128}$/;
/** The pay call's path below `basePath`: `/v1/sessions/{id}/pay`. */
const PAY_ROUTE = /^\/v1\/sessions\/[A-Z]\d{1,16}\.[A-Za-z0-9_-]{1,128}\/pay$/;
/**
 * A status check's path below `basePath`: `/v1/view/{id}/…/status` or `/v1/sessions/{id}/…/status`,
 * with one to three plain segments (a payment product, a request id) between the id and `status`.
 */
const STATUS_ROUTE =
  /^\/v1\/(?:view|sessions)\/[A-Z]\d{1,16}\.[A-Za-z0-9_-]{1,128}(?:\/[A-Za-z0-9_-][A-Za-z0-9._~-]{0,127}){1,3}\/status$/;
/** `application/json`, optionally with a UTF-8 charset: the only body the pay call takes. */
const JSON_REQUEST_TYPE = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;
/** Printable ASCII: header values the proxy passes on (no CR, LF, NUL, tabs or obs-text). */
const PLAIN_VALUE = /^[\x20-\x7e]{1,256}$/;
/** A cookie header as a lenient server may hand it over: anything but control characters. */
const COOKIE_HEADER = /^[\t\x20-\x7e\x80-\xff]*$/;
/** RFC 6265 cookie names (tokens) and values (cookie-octets, optionally quoted). */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,128}$/;
const COOKIE_VALUE = /^("?)[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]{0,4096}\1$/;
/** The cookies a proxy passes on together; Dintero's `remember_me` is one small signed cookie. */
const MAX_FORWARDED_COOKIE_BYTES = 8192;
const JSON_TYPE = /^\s*application\/([\w.-]+\+)?json\s*(;|$)/i;
const POLL_KEY = '"poll_url"';
/** After the key: a colon and a string value without escapes (sticky: matched where the key ends). */
const POLL_VALUE = /\s*:\s*"([^"\\]{1,8192})"/y;

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** The shopper's headers passed on as they are (besides `content-type` and the proxy's cookies). */
const PASSED_HEADERS = ['accept', 'if-unmodified-since'] as const;
const NO_STORE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

type Route = { method: 'POST' | 'GET'; path: string };

const utf8 = new TextDecoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * One request as the proxy reads it, whichever server received it: a web `Request` (the handler
 * itself) or Node's `IncomingMessage` ({@link toNodeHandler}, which builds no `Request`).
 */
export interface ProxyIncoming {
  method: string;
  /** The path alone, as received (never the query, which the proxy ignores). */
  path: string;
  /** A header by its lower-case name; `null` when absent. */
  header(name: string): string | null;
  /** Whether the page is on a loopback host (cookies then cannot be `Secure`); asked rarely. */
  loopback(): boolean;
  /**
   * The body as bytes, or `null` once it is larger than `limit`. Rejects when it cannot be read and
   * when `signal` aborts first (the deadline, or the shopper gone).
   */
  readBody(limit: number, signal: AbortSignal): Promise<Uint8Array | null>;
  /** Calls `abort` if the shopper goes away before the answer is sent. */
  watch?(abort: () => void): (() => void) | void;
  /**
   * The request came through Node's own server ({@link toNodeHandler}), so the upstream call is
   * Node's `fetch` (undici): it ends a call by itself after 300 s, and an abort signal costs it
   * about as much as the rest of the proxy together. See {@link SIGNALS_AFTER_TIMEOUT_MS}.
   */
  readonly viaNode?: boolean;
}

/** The proxy's answer, before a server writes it. */
export interface ProxyAnswer {
  status: number;
  /** Lower-case names; `set-cookie` is never here but in `cookies`. */
  headers: Record<string, string>;
  cookies: string[];
  body: Uint8Array | null;
  /**
   * The request body was not read to its end (a refusal, a body too large, too slow): the
   * connection should close after this answer rather than carry another request.
   */
  close: boolean;
}

const NO_COOKIES: string[] = [];

function errorBody(message: string, code: string): Uint8Array {
  return encoder.encode(JSON.stringify({ error: { message, code } }));
}

/** The proxy's own refusals, in Dintero's error shape so the client reads them like Dintero's. */
function refusal(
  status: number,
  message: string,
  code: string,
  extra: Record<string, string> = {},
  close = false,
): ProxyAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...NO_STORE, ...extra },
    cookies: NO_COOKIES,
    body: errorBody(message, code),
    close,
  };
}

/** A {@link ProxyAnswer} as a web `Response`. */
export function toResponse(answer: ProxyAnswer): Response {
  const headers = new Headers(answer.headers);
  for (const cookie of answer.cookies) headers.append('set-cookie', cookie);
  // Where the server honours it (Node behind a framework, Deno, Bun), the rest of an unread body
  // is not waited for: the connection closes after this answer.
  if (answer.close) headers.set('connection', 'close');
  return new Response(answer.body as BodyInit | null, { status: answer.status, headers });
}

/** The proxy's own refusals as a `Response`, in Dintero's error shape. */
export function proxyError(
  status: number,
  message: string,
  code: string,
  headers: Record<string, string> = {},
): Response {
  return toResponse(refusal(status, message, code, headers));
}

/**
 * Something in the path that could climb out of it or name another host once some server decodes
 * it: dot segments (plain or encoded), encoded slashes and backslashes, empty segments (`//`, which
 * is also how an absolute URL looks inside a path), control characters and anything non-ASCII.
 */
export function isSuspiciousPath(rawPath: string): boolean {
  return !/^\/[\x21-\x7e]*$/.test(rawPath) || /%2e|%2f|%5c|%00|\\|\/\/|(^|\/)\.{1,2}(\/|$)/i.test(rawPath);
}

/** `/api/dintero/` → `/api/dintero`; refuses anything that is not a plain path. */
function normaliseBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (!trimmed.startsWith('/') || isSuspiciousPath(trimmed) || /[?#%]/.test(trimmed)) {
    throw new TypeError(`createDinteroProxy: basePath must be a plain path such as '/api/dintero'`);
  }
  return trimmed;
}

function normaliseTarget(target: string, allowLoopbackHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new TypeError('createDinteroProxy: target must be an absolute URL');
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    throw new TypeError(
      "createDinteroProxy: target must be an origin only, such as 'https://checkout.dintero.com'",
    );
  }
  const httpAllowed = url.protocol === 'http:' && allowLoopbackHttp && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !httpAllowed) {
    throw new TypeError(
      'createDinteroProxy: target must be https: (http: only on a loopback host with allowLoopbackHttp)',
    );
  }
  return url;
}

/**
 * The upstream route for a path below `basePath`, of checked characters only; `null` when the
 * path is not one of the two endpoints. Pay: `POST /v1/sessions/{id}/pay`. Status checks: `GET
 * /v1/view/{id}/…/status` (Dintero's documented form, e.g. `/v1/view/{id}/swish/{request}/status`)
 * and `GET /v1/sessions/{id}/…/status`, with one to three segments between the id and `status`.
 */
export function matchProxyRoute(path: string): Route | null {
  // Matched whole, so the path itself is the checked route: nothing else goes upstream.
  if (PAY_ROUTE.test(path)) return { method: 'POST', path };
  if (STATUS_ROUTE.test(path)) return { method: 'GET', path };
  return null;
}

/** Only the proxy's own cookies, prefix stripped, and only well-formed ones. */
function forwardedCookies(header: string | null): string | undefined {
  if (!header) return undefined;
  const kept: string[] = [];
  let size = 0;
  for (const part of header.split(';')) {
    const pair = part.trim();
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const name = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    if (!name.startsWith(PROXY_COOKIE_PREFIX)) continue;
    const upstreamName = name.slice(PROXY_COOKIE_PREFIX.length);
    if (!COOKIE_NAME.test(upstreamName) || !COOKIE_VALUE.test(value)) continue;
    size += upstreamName.length + value.length + 2;
    if (size > MAX_FORWARDED_COOKIE_BYTES) break;
    kept.push(`${upstreamName}=${value}`);
  }
  return kept.length > 0 ? kept.join('; ') : undefined;
}

/**
 * A `Set-Cookie` of the target as the proxy's own cookie: renamed with the prefix, scoped to
 * `basePath`, `HttpOnly`, `SameSite=Lax`, `Secure` unless the page is on a loopback host. Only its
 * lifetime (`Expires`, `Max-Age`) is kept; `Domain`, `Path` and the rest are the proxy's to set.
 */
function renameSetCookie(header: string, path: string, secure: boolean): string | undefined {
  const [pair = '', ...attributes] = header.split(';');
  const equals = pair.indexOf('=');
  if (equals <= 0) return undefined;
  const name = pair.slice(0, equals).trim();
  const value = pair.slice(equals + 1).trim();
  if (!COOKIE_NAME.test(name) || !COOKIE_VALUE.test(value)) return undefined;
  const parts = [`${PROXY_COOKIE_PREFIX}${name}=${value}`, `Path=${path}`];
  for (const attribute of attributes) {
    const [key = '', ...values] = attribute.split('=');
    const attributeValue = values.join('=').trim();
    const lower = key.trim().toLowerCase();
    if (lower === 'max-age' && /^-?\d{1,12}$/.test(attributeValue)) parts.push(`Max-Age=${attributeValue}`);
    if (lower === 'expires' && /^[A-Za-z0-9 ,:-]{1,64}$/.test(attributeValue))
      parts.push(`Expires=${attributeValue}`);
  }
  parts.push('HttpOnly', 'SameSite=Lax');
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

function setCookiesOf(headers: Headers): string[] {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  // Older fetch implementations join them with commas; split before each `name=`.
  const joined = headers.get('set-cookie');
  return joined ? joined.split(/,(?=\s*[!#$%&'*+\-.^_`|~0-9A-Za-z]+=)/) : [];
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * A stream's bytes, or `null` once more than `limit` arrived; rejects with `signal`'s reason once it
 * aborts. With `cancel` (Dintero's answer) the stream is cancelled then, which frees the upstream
 * connection. Without (a shopper's request body) it is only left unread: some servers' bridges to
 * web streams (React Router's `createRequestListener`, for one) crash the process when a request
 * stream they still feed is cancelled, so a pending read is raced against the abort instead.
 */
async function readStream(
  body: ReadableStream<Uint8Array>,
  limit: number,
  { cancel, signal }: { cancel: boolean; signal: AbortSignal },
): Promise<Uint8Array | null> {
  const reader = body.getReader();
  let onAbort: () => void;
  let aborted: Promise<never> | undefined;
  if (cancel) {
    // A cancelled read ends as if the body were complete: the abort is checked after each read.
    onAbort = () => void reader.cancel(signal.reason).catch(() => undefined);
  } else {
    let reject: (reason: unknown) => void = () => undefined;
    aborted = new Promise<never>((_resolve, fail) => (reject = fail));
    aborted.catch(() => undefined);
    onAbort = () => reject(signal.reason);
  }
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort);
  try {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const chunk = aborted ? await Promise.race([reader.read(), aborted]) : await reader.read();
      if (signal.aborted) throw signal.reason;
      if (chunk.done) return concat(chunks, size);
      size += chunk.value.byteLength;
      if (size > limit) {
        if (cancel) void reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(chunk.value);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** A web `Request`'s body, capped, given up when `signal` aborts; never cancelled (see above). */
export function readRequestBody(
  request: Request,
  limit: number,
  signal: AbortSignal,
): Promise<Uint8Array | null> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) return Promise.resolve(null);
  return request.body
    ? readStream(request.body, limit, { cancel: false, signal })
    : Promise.resolve(new Uint8Array(0));
}

/**
 * Dintero's answer as bytes, or `null` when it is larger than `limit` (then cancelled). Read chunk
 * by chunk, so that the deadline can cancel it even when the call carries no abort signal.
 */
function readAnswer(upstream: Response, limit: number, signal: AbortSignal): Promise<Uint8Array | null> {
  const declared = upstream.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) {
    void upstream.body?.cancel().catch(() => undefined);
    return Promise.resolve(null);
  }
  if (!upstream.body) return Promise.resolve(new Uint8Array(0));
  return readStream(upstream.body, limit, { cancel: true, signal });
}

/**
 * How deep in objects and arrays of a JSON text `end` is (1: in the top-level value), strings
 * skipped; -1 inside a string.
 */
function depthAt(text: string, end: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the character after it; a quote ends the string.
      if (code === 92) i++;
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 || code === 91) depth++;
    else if (code === 125 || code === 93) depth--;
  }
  return inString ? -1 : depth;
}

/**
 * Whether this runtime's `fetch` takes `cache: 'no-store'`. It keeps a framework's data cache (such
 * as Next.js's) out of the way; Cloudflare Workers before compatibility date 2024-11-11 refuse the
 * field altogether. Asked once, of a `Request` that is never sent.
 */
let cacheFieldAccepted: boolean | undefined;
function acceptsCacheField(): boolean {
  if (cacheFieldAccepted === undefined) {
    try {
      new Request(DEFAULT_PROXY_TARGET, { cache: 'no-store' });
      cacheFieldAccepted = true;
    } catch {
      cacheFieldAccepted = false;
    }
  }
  return cacheFieldAccepted;
}

/**
 * Through {@link toNodeHandler}, with Node's own `fetch`, an upstream call carries an abort signal
 * only from the first call that ran into the deadline until this long after the last one: undici's
 * bookkeeping for a signal (a finaliser and listeners per call) cut the proxy's throughput by a fifth
 * on Node 20. While Dintero answers in time nothing needs aborting: a call that outlives its deadline
 * all the same is still answered 504 at the deadline, its answer cancelled when it comes, and
 * undici ends it after 300 s at the latest; the signals then keep the calls of a slow Dintero from
 * piling up. Everywhere else (a web handler on any runtime, or a `fetch` option) every call has one.
 */
export const SIGNALS_AFTER_TIMEOUT_MS = 600_000; // 10 minutes

/** Why an exchange was cut short by the proxy itself. */
class ProxyTimeout extends Error {
  override name = 'TimeoutError';
}
/** The shopper went away: nobody reads the answer, and nothing is logged. */
const SHOPPER_GONE = Symbol('shopper gone');

/** An error's name and message, its cause's too, short and free of the cookie sent upstream. */
function describeCause(error: unknown, cookie: string | undefined): { name: string; message: string } {
  const named = (value: unknown) =>
    value instanceof Error || (value && typeof value === 'object' && 'message' in value)
      ? { name: String((value as Error).name ?? 'Error'), message: String((value as Error).message) }
      : { name: 'Error', message: String(value) };
  const outer = named(error);
  const cause = (error as { cause?: unknown } | null)?.cause;
  let message = outer.message;
  if (cause !== undefined && cause !== null) {
    const inner = named(cause);
    message += ` (${inner.name}: ${inner.message})`;
  }
  if (cookie) message = message.split(cookie).join('[cookie]');
  // eslint-disable-next-line no-control-regex -- one line in any log
  message = message.replace(/[\x00-\x1f\x7f]+/g, ' ');
  return {
    name: outer.name.slice(0, 64),
    message: message.length > 300 ? `${message.slice(0, 299)}…` : message,
  };
}

/** A 502 or 504 and what caused it, for the log. */
type Failure = { answer: ProxyAnswer; cause: { name: string; message: string } };

/**
 * Creates Dintero's pay and status-check endpoints on your own origin, so the browser never calls
 * another origin and never needs CORS. It forwards exactly `POST {basePath}/v1/sessions/{id}/pay`
 * and the status checks `GET {basePath}/v1/view/{id}/…/status` (and `…/v1/sessions/{id}/…/status`),
 * with only `Content-Type`, `Accept`, `If-Unmodified-Since` and Dintero's own cookies, never a query
 * string (the path alone decides; a query a framework adds is ignored); rewrites `poll_url` under
 * `basePath`; never follows redirects; caps bodies; bounds the whole exchange by `timeoutMs`; answers
 * `no-store`. Everything else is refused in Dintero's error shape and never reaches Dintero.
 *
 * The handler is web-standard (`Request` in, `Response` out): Next.js route handlers (Node and edge
 * runtime), Cloudflare Workers, Deno, Bun, React Router resource routes. {@link toNodeHandler} serves
 * it on `node:http`, Express and Connect.
 *
 * @example
 * ```ts
 * // app/api/dintero/[...path]/route.ts (Next.js App Router)
 * import { createDinteroProxy } from 'react-dintero-pay/server';
 * const proxy = createDinteroProxy({ basePath: '/api/dintero' });
 * export { proxy as GET, proxy as POST, proxy as OPTIONS };
 * ```
 */
export function createDinteroProxy(options: DinteroProxyOptions): DinteroProxyHandler {
  const basePath = normaliseBasePath(options.basePath);
  const target = normaliseTarget(options.target ?? DEFAULT_PROXY_TARGET, options.allowLoopbackHttp === true);
  const origin = target.origin;
  const originSlash = `${origin}/`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROXY_TIMEOUT_MS;
  const cookiePath = basePath === '' ? '/' : basePath;
  const log: DinteroProxyLog = options.log ?? ((message) => console.error(message));
  /** Until when Node's own `fetch` gets an abort signal too (see SIGNALS_AFTER_TIMEOUT_MS). */
  let signalsUntil = 0;

  /** A `poll_url` on the target (or relative to it) that the proxy forwards → the same path here. */
  function rewritePollUrl(raw: unknown): string | undefined {
    if (typeof raw !== 'string' || !/^[\x21-\x7e]{1,8192}$/.test(raw)) return undefined;
    // The usual form, Dintero's origin and a plain path, without parsing a URL: the same answer as
    // below whenever it gives one (checked characters only, so no parser would change the path).
    if (raw.startsWith(originSlash) && !raw.includes('#')) {
      const query = raw.indexOf('?');
      const path = query === -1 ? raw.slice(origin.length) : raw.slice(origin.length, query);
      if (!isSuspiciousPath(path) && matchProxyRoute(path)?.method === 'GET') return `${basePath}${path}`;
    }
    let url: URL;
    try {
      url = new URL(raw, target);
    } catch {
      return undefined;
    }
    if (url.origin !== origin || url.username || url.password || url.hash) return undefined;
    if (isSuspiciousPath(url.pathname)) return undefined;
    if (matchProxyRoute(url.pathname)?.method !== 'GET') return undefined;
    // The path alone: the proxy forwards no query, so a page's poll URL carries none either.
    return `${basePath}${url.pathname}`;
  }

  /**
   * Pay and status answers whose top-level `poll_url` points at the target get it pointed at the
   * proxy, and nothing else changes. An answer without `poll_url` (a status check's `keep_polling`)
   * is passed on as it came, unparsed. In the usual answer (`"poll_url"` once, as a key of the
   * top-level object, a string without escapes) the value is found and replaced in the text: no
   * parse, no second serialisation of the rest (a QR code of kilobytes). Anything else is parsed.
   */
  function rewriteBody(bytes: Uint8Array, contentType: string | null): Uint8Array {
    if (contentType === null || !JSON_TYPE.test(contentType)) return bytes;
    const text = utf8.decode(bytes);
    const key = text.indexOf(POLL_KEY);
    if (key === -1) return bytes;
    if (text.lastIndexOf(POLL_KEY) === key && /^\s*\{/.test(text) && depthAt(text, key) === 1) {
      POLL_VALUE.lastIndex = key + POLL_KEY.length;
      const value = POLL_VALUE.exec(text);
      if (value) {
        const rewritten = rewritePollUrl(value[1]);
        if (rewritten === undefined) return bytes;
        const end = POLL_VALUE.lastIndex;
        const start = end - value[1]!.length - 2;
        return encoder.encode(`${text.slice(0, start)}${JSON.stringify(rewritten)}${text.slice(end)}`);
      }
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return bytes;
    }
    if (!json || typeof json !== 'object' || Array.isArray(json) || !('poll_url' in json)) return bytes;
    const rewritten = rewritePollUrl((json as { poll_url: unknown }).poll_url);
    if (rewritten === undefined) return bytes;
    return encoder.encode(JSON.stringify({ ...json, poll_url: rewritten }));
  }

  /** The exchange with Dintero for a checked route: its answer, or a failure to log. */
  async function forward(
    route: Route,
    headers: Record<string, string>,
    body: Uint8Array | undefined,
    signal: AbortSignal,
    incoming: ProxyIncoming,
  ): Promise<ProxyAnswer | Failure> {
    // A redirect is never followed: it could lead anywhere, with the shopper's cookies.
    const init: RequestInit = { method: route.method, headers, redirect: 'manual' };
    if (!incoming.viaNode || options.fetch || Date.now() < signalsUntil) init.signal = signal;
    if (body) init.body = body as BodyInit;
    if (acceptsCacheField()) init.cache = 'no-store';
    let upstream: Response;
    let bytes: Uint8Array | null;
    try {
      const fetchImpl = options.fetch ?? (globalThis.fetch as ProxyFetch);
      upstream = await fetchImpl(`${origin}${route.path}`, init);
      // Too late (a call without a signal, or a fetch that ignores it): the answer is not wanted.
      if (signal.aborted) {
        void upstream.body?.cancel().catch(() => undefined);
        throw signal.reason;
      }
      const status = upstream.status;
      if (
        upstream.type === 'opaqueredirect' ||
        status < 200 ||
        status > 599 ||
        (status >= 300 && status < 400)
      ) {
        void upstream.body?.cancel().catch(() => undefined);
        return {
          answer: refusal(502, 'Unexpected answer from Dintero', 'BAD_GATEWAY'),
          cause: {
            name: 'UnexpectedAnswer',
            message:
              status >= 300 && status < 400
                ? `Dintero answered ${status} (a redirect is never followed)`
                : `Dintero answered ${upstream.type === 'opaqueredirect' ? 'a redirect' : `status ${status}`}`,
          },
        };
      }
      bytes = await readAnswer(upstream, MAX_PROXY_RESPONSE_BYTES, signal);
    } catch (error) {
      if (signal.aborted && signal.reason === SHOPPER_GONE) throw SHOPPER_GONE;
      return {
        answer: refusal(502, 'Dintero could not be reached', 'BAD_GATEWAY'),
        cause: describeCause(error, headers.cookie),
      };
    }
    if (bytes === null) {
      return {
        answer: refusal(502, 'Answer from Dintero too large', 'BAD_GATEWAY'),
        cause: { name: 'AnswerTooLarge', message: `the answer is over ${MAX_PROXY_RESPONSE_BYTES} bytes` },
      };
    }

    const out: Record<string, string> = { ...NO_STORE };
    const contentType = upstream.headers.get('content-type');
    if (contentType !== null && PLAIN_VALUE.test(contentType)) out['content-type'] = contentType;
    const retryAfter = upstream.headers.get('retry-after');
    if (retryAfter !== null && /^[\x20-\x7e]{1,64}$/.test(retryAfter)) out['retry-after'] = retryAfter;
    let cookies = NO_COOKIES;
    const setCookies = setCookiesOf(upstream.headers);
    if (setCookies.length > 0) {
      const secure = !incoming.loopback();
      cookies = [];
      for (const cookie of setCookies) {
        const renamed = renameSetCookie(cookie, cookiePath, secure);
        if (renamed) cookies.push(renamed);
      }
    }
    const status = upstream.status;
    const noBody = status === 204 || status === 205;
    return {
      status,
      headers: out,
      cookies,
      body: noBody ? null : rewriteBody(bytes, contentType),
      close: false,
    };
  }

  /**
   * One request, from its first check to the answer. Refusals come at once; a forwarded request
   * runs under one deadline and one abort signal, from reading its body to reading Dintero's answer.
   */
  function exchange(incoming: ProxyIncoming): Promise<ProxyAnswer> {
    const method = incoming.method.toUpperCase();
    const post = method === 'POST';
    if (method !== 'GET' && !post && method !== 'OPTIONS') {
      return Promise.resolve(
        refusal(405, 'Method not allowed', 'METHOD_NOT_ALLOWED', { allow: ALLOWED_METHODS }, true),
      );
    }
    const path = incoming.path;
    if (isSuspiciousPath(path))
      return Promise.resolve(refusal(400, 'Path not allowed', 'BAD_REQUEST', {}, post));
    if (basePath !== '' && !path.startsWith(`${basePath}/`)) {
      return Promise.resolve(refusal(404, 'Not found', 'NOT_FOUND', {}, post));
    }
    const route = matchProxyRoute(path.slice(basePath.length));
    if (!route) return Promise.resolve(refusal(404, 'Not found', 'NOT_FOUND', {}, post));
    const allow = `${route.method}, OPTIONS`;
    // Same-origin calls need no preflight: OPTIONS is answered here, never forwarded.
    if (method === 'OPTIONS') {
      return Promise.resolve({
        status: 204,
        headers: { allow, 'cache-control': 'no-store' },
        cookies: NO_COOKIES,
        body: null,
        close: false,
      });
    }
    if (method !== route.method) {
      return Promise.resolve(refusal(405, 'Method not allowed', 'METHOD_NOT_ALLOWED', { allow }, post));
    }

    // A fresh set of headers: nothing of the merchant's request is passed on unless named here.
    const headers: Record<string, string> = {};
    for (const name of PASSED_HEADERS) {
      const value = incoming.header(name);
      if (value === null) continue;
      if (!PLAIN_VALUE.test(value)) {
        return Promise.resolve(refusal(400, `Invalid ${name} header`, 'BAD_REQUEST', {}, post));
      }
      headers[name] = value;
    }
    const cookieHeader = incoming.header('cookie');
    if (cookieHeader !== null && !COOKIE_HEADER.test(cookieHeader)) {
      return Promise.resolve(refusal(400, 'Invalid cookie header', 'BAD_REQUEST', {}, post));
    }
    const cookies = forwardedCookies(cookieHeader);
    if (cookies) headers.cookie = cookies;
    if (post) {
      const contentType = (incoming.header('content-type') ?? '').trim();
      if (!JSON_REQUEST_TYPE.test(contentType)) {
        return Promise.resolve(
          refusal(415, 'The request body must be application/json', 'UNSUPPORTED_MEDIA_TYPE', {}, true),
        );
      }
      headers['content-type'] = contentType;
    }

    return new Promise<ProxyAnswer>((resolve) => {
      const controller = new AbortController();
      let reading = post;
      let settled = false;
      const settle = (outcome: ProxyAnswer | Failure) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        unwatch?.();
        if (!('cause' in outcome)) {
          resolve(outcome);
          return;
        }
        const status = outcome.answer.status === 504 ? 504 : 502;
        const details: DinteroProxyLogDetails = {
          status,
          code: status === 504 ? 'GATEWAY_TIMEOUT' : 'BAD_GATEWAY',
          route: post ? 'pay' : 'status',
          cause: outcome.cause,
        };
        // The route as a pattern: which proxy (its basePath) and which endpoint, never the session id.
        const [, , family, , ...rest] = route.path.split('/');
        const what = post
          ? `the pay call (POST ${basePath}/v1/sessions/…/pay)`
          : `a status check (GET ${basePath}/v1/${family}/…/${rest[rest.length - 1]})`;
        try {
          log(
            `react-dintero-pay/server: ${status} ${details.code} on ${what}: ${outcome.cause.name}: ${outcome.cause.message}`,
            details,
          );
        } catch {
          // A failing logger must not cost the shopper the answer.
        }
        resolve(outcome.answer);
      };
      // One deadline for the whole exchange: the body still arriving is 408, Dintero still answering 504.
      const timer = setTimeout(() => {
        if (reading)
          settle(refusal(408, 'The request body did not arrive in time', 'REQUEST_TIMEOUT', {}, true));
        else {
          signalsUntil = Date.now() + SIGNALS_AFTER_TIMEOUT_MS;
          settle({
            answer: refusal(504, 'Dintero did not answer in time', 'GATEWAY_TIMEOUT'),
            cause: {
              name: 'TimeoutError',
              message: `no complete answer from Dintero within ${timeoutMs} ms`,
            },
          });
        }
        controller.abort(new ProxyTimeout(`${timeoutMs} ms`));
      }, timeoutMs);
      const unwatch = incoming.watch?.(() => controller.abort(SHOPPER_GONE));

      const run = async (): Promise<ProxyAnswer | Failure> => {
        let body: Uint8Array | undefined;
        if (post) {
          let read: Uint8Array | null;
          try {
            read = await incoming.readBody(MAX_PROXY_REQUEST_BYTES, controller.signal);
          } catch (error) {
            if (controller.signal.aborted) throw error;
            return refusal(400, 'The request body could not be read', 'BAD_REQUEST', {}, true);
          }
          if (read === null) return refusal(413, 'Request body too large', 'PAYLOAD_TOO_LARGE', {}, true);
          let json: unknown;
          try {
            json = JSON.parse(strictUtf8.decode(read));
          } catch {
            json = undefined;
          }
          if (!json || typeof json !== 'object' || Array.isArray(json)) {
            return refusal(400, 'The request body must be a JSON object', 'BAD_REQUEST');
          }
          body = read;
          reading = false;
        }
        return forward(route, headers, body, controller.signal, incoming);
      };
      run().then(settle, (error: unknown) => {
        // Aborted: the deadline has answered already, or the shopper is gone and nobody listens.
        if (error === SHOPPER_GONE || controller.signal.aborted) {
          settle(refusal(499, 'Client closed request', 'CLIENT_CLOSED_REQUEST', {}, true));
        } else settle(refusal(500, 'Internal server error', 'INTERNAL_SERVER_ERROR'));
      });
    });
  }

  const handler = async (request: Request): Promise<Response> => {
    try {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return proxyError(400, 'Bad request', 'BAD_REQUEST');
      }
      const signal = request.signal as AbortSignal | undefined;
      const answer = await exchange({
        method: request.method,
        path: url.pathname,
        header: (name) => request.headers.get(name),
        loopback: () => isLoopbackHost(url.hostname),
        readBody: (limit, abort) => readRequestBody(request, limit, abort),
        watch: signal
          ? (abort) => {
              if (signal.aborted) abort();
              signal.addEventListener('abort', abort);
              return () => signal.removeEventListener('abort', abort);
            }
          : undefined,
      });
      return toResponse(answer);
    } catch {
      // Never a framework's error page with a stack trace: one answer in Dintero's shape.
      return proxyError(500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
    }
  };
  exchanges.set(handler, exchange);
  return Object.assign(handler, { basePath }) as DinteroProxyHandler;
}

/** Each proxy's exchange, for {@link toNodeHandler}: Node requests go in without a `Request`. */
const exchanges = new WeakMap<object, (incoming: ProxyIncoming) => Promise<ProxyAnswer>>();

/** The exchange behind a handler made by {@link createDinteroProxy}; `undefined` for any other. */
export function exchangeOf(handler: object): ((incoming: ProxyIncoming) => Promise<ProxyAnswer>) | undefined {
  return exchanges.get(handler);
}
