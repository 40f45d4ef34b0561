import { PayError, type PayErrorKind } from './errors';
import {
  errorBodySchema,
  payResponseSchema,
  pollResponseSchema,
  type PayRequest,
  type PayResponse,
  type PollResponse,
} from './schemas';
import { resolveBaseUrl } from './url-guards';
import { z } from './zod';

export const DEFAULT_BASE_URL = 'https://checkout.dintero.com/v1';
/** Larger answers are refused unread: a pay answer with a QR code is a few tens of kB. */
export const MAX_RESPONSE_BYTES = 1_048_576; // 1 MiB
export const DEFAULT_PAY_TIMEOUT_MS = 30_000;
export const DEFAULT_POLL_TIMEOUT_MS = 15_000;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type HttpResult<T> = { ok: true; status: number; data: T } | { ok: false; error: PayError };

export interface DinteroClientOptions {
  /**
   * The API base, e.g. `https://checkout.dintero.com/v1` (the default) or a same-origin proxy such
   * as `/api/dintero/v1`. A relative base resolves against the page when a request is made.
   */
  baseUrl?: string;
  /** Defaults to `globalThis.fetch`, looked up at call time so tests and SSR can swap it. */
  fetch?: FetchLike;
  payTimeoutMs?: number;
  pollTimeoutMs?: number;
  /** Reports whether the device is offline; defaults to `navigator.onLine === false`. */
  isOffline?: () => boolean;
  /**
   * Cookies sent and stored with each request. `'same-origin'` (the default) lets Dintero's
   * `remember_me` cookie work through the merchant's own proxy and never goes to another origin;
   * `'include'` is for a shop that calls Dintero directly and wants that cookie.
   */
  credentials?: RequestCredentials;
}

export interface PayCallOptions {
  signal?: AbortSignal;
  /** The session's `updated_at`, sent as `If-Unmodified-Since` so a changed order is refused (412). */
  sessionUpdatedAt?: string;
}

export interface DinteroClient {
  /** The configured base without trailing slashes; a relative one is resolved per request. */
  readonly baseUrl: string;
  pay(sessionId: string, body: PayRequest, options?: PayCallOptions): Promise<HttpResult<PayResponse>>;
  /** One status check. `status` 202 means pending, 200 decided; `url` must have passed `checkPollUrl`. */
  poll(url: string, options?: { signal?: AbortSignal }): Promise<HttpResult<PollResponse>>;
}

/**
 * `Retry-After` as delta-seconds or an HTTP date, in milliseconds from `now`. Every HTTP date form
 * starts with the day's name; `Date.parse` alone would read junk such as `1.5` as a date long past and
 * so allow an immediate retry.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function defaultIsOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** A JSON media type (`application/json`, `application/problem+json`), parameters allowed. */
const JSON_TYPE = /^\s*application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * The body as JSON; `undefined` when it is not (wrong content type, larger than
 * `MAX_RESPONSE_BYTES`, malformed) and `null` when it is empty. A body over the limit is not read
 * further.
 */
async function readJson(response: Response): Promise<unknown> {
  if (Number(response.headers.get('content-length')) > MAX_RESPONSE_BYTES) return undefined;
  const reader = response.body?.getReader();
  let text = '';
  if (!reader) text = await response.text();
  else {
    // Decoded as it arrives: `stream: true` carries a character split between chunks over to the next.
    const decoder = new TextDecoder();
    let size = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      size += chunk.value.byteLength;
      if (size > MAX_RESPONSE_BYTES) {
        void reader.cancel().catch(() => undefined);
        return undefined;
      }
      text += decoder.decode(chunk.value, { stream: true });
    }
    text += decoder.decode();
  }
  if (text.trim() === '') return null;
  if (!JSON_TYPE.test(response.headers.get('content-type') ?? '')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const KIND_BY_STATUS: Record<number, PayErrorKind> = {
  400: 'invalid_request',
  404: 'session_not_found',
  412: 'session_changed',
  429: 'rate_limited',
};

/** Maps a non-success HTTP status to a typed error; the server's message is deliberately dropped. */
async function errorForStatus(response: Response): Promise<PayError> {
  const status = response.status;
  const details = z.safeParse(errorBodySchema, await readJson(response).catch(() => undefined)).data?.error;
  // Entries are unchecked JSON: only a string `field` counts (`?.` also passes over null entries).
  const field = (
    details?.errors?.find((entry) => typeof (entry as { field?: unknown } | null)?.field === 'string') as
      { field: string } | undefined
  )?.field;
  const kind =
    KIND_BY_STATUS[status] ??
    (status >= 500 && status < 600 ? 'server' : status >= 400 ? 'invalid_request' : 'invalid_response');
  return new PayError(kind, {
    httpStatus: status,
    code: details?.code,
    field: status === 400 ? field : undefined,
    retryAfterMs:
      parseRetryAfter(response.headers.get('retry-after'), Date.now()) ?? (status === 429 ? 0 : undefined),
  });
}

export function createDinteroClient(options: DinteroClientOptions = {}): DinteroClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const isOffline = options.isOffline ?? defaultIsOffline;

  async function request<T>(
    url: string,
    init: RequestInit,
    timeoutMs: number,
    schema: z.ZodMiniType<T>,
    callerSignal: AbortSignal | undefined,
  ): Promise<HttpResult<T>> {
    // Offline fails fast: nothing is queued to fire later when the connection comes back.
    if (isOffline()) return { ok: false, error: new PayError('offline') };
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forwardAbort = () => controller.abort();
    if (callerSignal?.aborted) controller.abort();
    callerSignal?.addEventListener('abort', forwardAbort);
    try {
      const fetchImpl = options.fetch ?? (globalThis.fetch as FetchLike);
      const response = await fetchImpl(url, {
        ...init,
        credentials: options.credentials ?? 'same-origin',
        cache: 'no-store',
        // A redirect is never followed: a 307 would re-post the body (phone number included) to
        // whatever origin it names, and a followed status check would trust a foreign answer.
        redirect: 'manual',
        signal: controller.signal,
      });
      const { status } = response;
      // Node hands a 3xx back as it is, browsers as an opaque redirect with status 0. Neither is
      // read: nothing the redirecting server wrote reaches an error either.
      if (response.type === 'opaqueredirect' || status === 0 || (status >= 300 && status < 400)) {
        void response.body?.cancel().catch(() => undefined);
        return { ok: false, error: new PayError('invalid_response', { httpStatus: status }) };
      }
      if (status !== 200 && status !== 202) return { ok: false, error: await errorForStatus(response) };
      const json = await readJson(response);
      // A bare 202 ("still pending") needs no body; every other answer must be understood whole.
      const parsed = z.safeParse(schema, json === null && status === 202 ? {} : json);
      return parsed.success
        ? { ok: true, status, data: parsed.data }
        : { ok: false, error: new PayError('invalid_response', { httpStatus: status }) };
    } catch {
      // fetch rejects only for transport problems (or an abort): its message is never passed on.
      return { ok: false, error: new PayError(timedOut ? 'timeout' : isOffline() ? 'offline' : 'network') };
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', forwardAbort);
    }
  }

  return {
    baseUrl,
    pay(sessionId, body, callOptions = {}) {
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        Accept: 'application/json',
      };
      if (callOptions.sessionUpdatedAt) headers['If-Unmodified-Since'] = callOptions.sessionUpdatedAt;
      return request(
        `${resolveBaseUrl(baseUrl)}/sessions/${encodeURIComponent(sessionId)}/pay`,
        { method: 'POST', headers, body: JSON.stringify(body) },
        options.payTimeoutMs ?? DEFAULT_PAY_TIMEOUT_MS,
        payResponseSchema,
        callOptions.signal,
      );
    },
    poll(url, callOptions = {}) {
      return request(
        url,
        { method: 'GET', headers: { Accept: 'application/json' } },
        options.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS,
        pollResponseSchema,
        callOptions.signal,
      );
    },
  };
}
