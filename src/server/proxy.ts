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
  /** How long one upstream exchange (answer and body) may take before the proxy answers 504; default 20 s. */
  timeoutMs?: number | undefined;
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
/** Any further segment of a status-check path (a payment product, a request id, `status`). */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._~-]{0,127}$/;
/** A status check's query, if Dintero's `poll_url` ever carries one: plain characters only. */
const QUERY = /^(\?[A-Za-z0-9._~=&%+-]{0,512})?$/;
/** `application/json`, optionally with a UTF-8 charset: the only body the pay call takes. */
const JSON_REQUEST_TYPE = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;
/** Printable ASCII: header values the proxy passes on (no CR, LF, NUL, tabs or obs-text). */
const PLAIN_VALUE = /^[\x20-\x7e]{1,256}$/;
/** RFC 6265 cookie names (tokens) and values (cookie-octets, optionally quoted). */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,128}$/;
const COOKIE_VALUE = /^("?)[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]{0,4096}\1$/;
/** The cookies a proxy passes on together; Dintero's `remember_me` is one small signed cookie. */
const MAX_FORWARDED_COOKIE_BYTES = 8192;

const ALLOWED_METHODS = 'GET, POST, OPTIONS';

type Route = { method: 'POST' | 'GET'; path: string };

/** The proxy's own refusals, in Dintero's error shape so the client reads them like Dintero's. */
export function proxyError(
  status: number,
  message: string,
  code: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error: { message, code } }), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
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
 * The upstream route for a path below `basePath`, rebuilt from checked parts only; `null` when the
 * path is not one of the two endpoints. Pay: `POST /v1/sessions/{id}/pay`. Status checks: `GET
 * /v1/view/{id}/…/status` (Dintero's documented form, e.g. `/v1/view/{id}/swish/{request}/status`)
 * and `GET /v1/sessions/{id}/…/status`, with one to three segments between the id and `status`.
 */
export function matchProxyRoute(path: string): Route | null {
  const segments = path.split('/');
  // A leading '' (the path starts with '/'), then 'v1'.
  if (segments[0] !== '' || segments[1] !== 'v1') return null;
  const [family, sessionId, ...rest] = segments.slice(2);
  if (!family || !sessionId || !SESSION_ID_PATTERN.test(sessionId)) return null;
  if (family === 'sessions' && rest.length === 1 && rest[0] === 'pay') {
    return { method: 'POST', path: `/v1/sessions/${sessionId}/pay` };
  }
  if (
    (family === 'view' || family === 'sessions') &&
    rest.length >= 2 &&
    rest.length <= 4 &&
    rest[rest.length - 1] === 'status' &&
    rest.every((segment) => SEGMENT.test(segment))
  ) {
    return { method: 'GET', path: `/v1/${family}/${sessionId}/${rest.join('/')}` };
  }
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

/** The body as bytes, or `null` when it is larger than `limit` (then not read further). */
async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  declaredLength: string | null,
  limit: number,
): Promise<Uint8Array | null> {
  if (declaredLength !== null && Number(declaredLength) > limit) {
    void body?.cancel().catch(() => undefined);
    return null;
  }
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const JSON_TYPE = /^\s*application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * Creates Dintero's pay and status-check endpoints on your own origin, so the browser never calls
 * another origin and never needs CORS. It forwards exactly `POST {basePath}/v1/sessions/{id}/pay`
 * and the status checks `GET {basePath}/v1/view/{id}/…/status` (and `…/v1/sessions/{id}/…/status`),
 * with only `Content-Type`, `Accept`, `If-Unmodified-Since` and Dintero's own cookies; rewrites
 * `poll_url` under `basePath`; never follows redirects; caps bodies; answers `no-store`. Everything
 * else is refused in Dintero's error shape and never reaches Dintero.
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
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROXY_TIMEOUT_MS;
  const cookiePath = basePath === '' ? '/' : basePath;

  /** A `poll_url` on the target (or relative to it) that the proxy forwards → the same path here. */
  function rewritePollUrl(raw: unknown): string | undefined {
    if (typeof raw !== 'string' || !/^[\x21-\x7e]{1,8192}$/.test(raw)) return undefined;
    let url: URL;
    try {
      url = new URL(raw, target);
    } catch {
      return undefined;
    }
    if (url.origin !== target.origin || url.username || url.password || url.hash) return undefined;
    if (isSuspiciousPath(url.pathname) || !QUERY.test(url.search)) return undefined;
    if (matchProxyRoute(url.pathname)?.method !== 'GET') return undefined;
    return `${basePath}${url.pathname}${url.search}`;
  }

  /** Pay and status answers whose `poll_url` points at the target get it pointed at the proxy. */
  function rewriteBody(bytes: Uint8Array, contentType: string | null): Uint8Array {
    if (!JSON_TYPE.test(contentType ?? '')) return bytes;
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return bytes;
    }
    if (!json || typeof json !== 'object' || Array.isArray(json) || !('poll_url' in json)) return bytes;
    const rewritten = rewritePollUrl((json as { poll_url: unknown }).poll_url);
    if (rewritten === undefined) return bytes;
    return new TextEncoder().encode(JSON.stringify({ ...json, poll_url: rewritten }));
  }

  async function handle(request: Request): Promise<Response> {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST' && method !== 'OPTIONS') {
      return proxyError(405, 'Method not allowed', 'METHOD_NOT_ALLOWED', { allow: ALLOWED_METHODS });
    }
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return proxyError(400, 'Bad request', 'BAD_REQUEST');
    }
    if (isSuspiciousPath(url.pathname)) return proxyError(400, 'Path not allowed', 'BAD_REQUEST');
    if (basePath !== '' && !url.pathname.startsWith(`${basePath}/`)) {
      return proxyError(404, 'Not found', 'NOT_FOUND');
    }
    const route = matchProxyRoute(url.pathname.slice(basePath.length));
    if (!route) return proxyError(404, 'Not found', 'NOT_FOUND');
    const allow = `${route.method}, OPTIONS`;
    // Same-origin calls need no preflight: OPTIONS is answered here, never forwarded.
    if (method === 'OPTIONS') {
      return new Response(null, { status: 204, headers: { allow, 'cache-control': 'no-store' } });
    }
    if (method !== route.method)
      return proxyError(405, 'Method not allowed', 'METHOD_NOT_ALLOWED', { allow });
    if (!QUERY.test(url.search) || (route.method === 'POST' && url.search !== '')) {
      return proxyError(400, 'Query not allowed', 'BAD_REQUEST');
    }

    // A fresh set of headers: nothing of the merchant's request is passed on unless named here.
    const headers = new Headers();
    for (const name of ['accept', 'if-unmodified-since']) {
      const value = request.headers.get(name);
      if (value === null) continue;
      if (!PLAIN_VALUE.test(value)) return proxyError(400, `Invalid ${name} header`, 'BAD_REQUEST');
      headers.set(name, value);
    }
    const cookies = forwardedCookies(request.headers.get('cookie'));
    if (cookies) headers.set('cookie', cookies);

    let body: Uint8Array | undefined;
    if (route.method === 'POST') {
      const contentType = request.headers.get('content-type') ?? '';
      if (!JSON_REQUEST_TYPE.test(contentType.trim())) {
        return proxyError(415, 'The request body must be application/json', 'UNSUPPORTED_MEDIA_TYPE');
      }
      headers.set('content-type', contentType.trim());
      const read = await readCapped(
        request.body,
        request.headers.get('content-length'),
        MAX_PROXY_REQUEST_BYTES,
      ).catch(() => undefined);
      if (read === undefined) return proxyError(400, 'The request body could not be read', 'BAD_REQUEST');
      if (read === null) return proxyError(413, 'Request body too large', 'PAYLOAD_TOO_LARGE');
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(read));
      } catch {
        json = undefined;
      }
      if (!json || typeof json !== 'object' || Array.isArray(json)) {
        return proxyError(400, 'The request body must be a JSON object', 'BAD_REQUEST');
      }
      body = read;
    }

    const controller = new AbortController();
    const forwardAbort = () => controller.abort();
    if (request.signal?.aborted) controller.abort();
    request.signal?.addEventListener('abort', forwardAbort);
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A race, not only an abort: a `fetch` that ignores its signal must not hold the answer either.
    const timeout = new Promise<Response>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve(proxyError(504, 'Dintero did not answer in time', 'GATEWAY_TIMEOUT'));
      }, timeoutMs);
    });
    try {
      return await Promise.race([
        forward(route, `${route.path}${url.search}`, headers, body, controller.signal, url.hostname),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', forwardAbort);
    }
  }

  async function forward(
    route: Route,
    path: string,
    headers: Headers,
    body: Uint8Array | undefined,
    signal: AbortSignal,
    hostname: string,
  ): Promise<Response> {
    let upstream: Response;
    let bytes: Uint8Array | null;
    try {
      const fetchImpl = options.fetch ?? (globalThis.fetch as ProxyFetch);
      upstream = await fetchImpl(new URL(path, target).href, {
        method: route.method,
        headers,
        ...(body ? { body: body as BodyInit } : {}),
        // A redirect is never followed: it could lead anywhere, with the shopper's cookies.
        redirect: 'manual',
        cache: 'no-store',
        signal,
      });
      const status = upstream.status;
      if (
        upstream.type === 'opaqueredirect' ||
        status < 200 ||
        status > 599 ||
        (status >= 300 && status < 400)
      ) {
        void upstream.body?.cancel().catch(() => undefined);
        return proxyError(502, 'Unexpected answer from Dintero', 'BAD_GATEWAY');
      }
      bytes = await readCapped(
        upstream.body,
        upstream.headers.get('content-length'),
        MAX_PROXY_RESPONSE_BYTES,
      );
    } catch {
      // Refused, reset, or aborted by the time-out (whose own answer has then already won the race).
      return proxyError(502, 'Dintero could not be reached', 'BAD_GATEWAY');
    }
    if (bytes === null) return proxyError(502, 'Answer from Dintero too large', 'BAD_GATEWAY');

    const out = new Headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    const contentType = upstream.headers.get('content-type');
    if (contentType !== null && PLAIN_VALUE.test(contentType)) out.set('content-type', contentType);
    const retryAfter = upstream.headers.get('retry-after');
    if (retryAfter !== null && /^[\x20-\x7e]{1,64}$/.test(retryAfter)) out.set('retry-after', retryAfter);
    const secure = !isLoopbackHost(hostname);
    for (const cookie of setCookiesOf(upstream.headers)) {
      const renamed = renameSetCookie(cookie, cookiePath, secure);
      if (renamed) out.append('set-cookie', renamed);
    }
    const status = upstream.status;
    const noBody = status === 204 || status === 205;
    return new Response(noBody ? null : (rewriteBody(bytes, contentType) as BodyInit), {
      status,
      headers: out,
    });
  }

  const handler = async (request: Request): Promise<Response> => {
    try {
      return await handle(request);
    } catch {
      // Never a framework's error page with a stack trace: one answer in Dintero's shape.
      return proxyError(500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
    }
  };
  return Object.assign(handler, { basePath }) as DinteroProxyHandler;
}
