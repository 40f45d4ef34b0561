import * as z from 'zod/mini';
import { PayError } from './errors';
import {
  errorBodySchema,
  payResponseSchema,
  pollResponseSchema,
  type PayRequest,
  type PayResponse,
  type PollResponse,
} from './schemas';

export const DEFAULT_BASE_URL = 'https://checkout.dintero.com/v1';
/** Larger answers are refused unread: a pay answer with a QR code is a few tens of kB. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;
export const DEFAULT_PAY_TIMEOUT_MS = 30_000;
export const DEFAULT_POLL_TIMEOUT_MS = 15_000;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type HttpResult<T> = { ok: true; status: number; data: T } | { ok: false; error: PayError };

export interface DinteroClientOptions {
  baseUrl?: string;
  /** Defaults to `globalThis.fetch`, looked up at call time so tests and SSR can swap it. */
  fetch?: FetchLike;
  payTimeoutMs?: number;
  pollTimeoutMs?: number;
  /** Reports whether the device is offline; defaults to `navigator.onLine === false`. */
  isOffline?: () => boolean;
}

export interface PayCallOptions {
  signal?: AbortSignal;
  /** The session's `updated_at`, sent as `If-Unmodified-Since` so a changed order is refused (412). */
  sessionUpdatedAt?: string;
}

export interface DinteroClient {
  readonly baseUrl: string;
  pay(sessionId: string, body: PayRequest, options?: PayCallOptions): Promise<HttpResult<PayResponse>>;
  /** One status check. `status` 202 means pending, 200 decided; `url` must have passed `checkPollUrl`. */
  poll(url: string, options?: { signal?: AbortSignal }): Promise<HttpResult<PollResponse>>;
}

/** `Retry-After` as delta-seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function defaultIsOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** Reads at most `limit` bytes; `null` when the body is larger (or cannot be read). */
async function readBodyCapped(response: Response, limit: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function isJsonContentType(response: Response): boolean {
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);
}

type BodyRead = { ok: true; json: unknown } | { ok: false; empty: boolean };

/** The body as JSON, or why not: wrong content type, too large, malformed, or empty. */
async function readJson(response: Response): Promise<BodyRead> {
  const text = await readBodyCapped(response, MAX_RESPONSE_BYTES);
  if (text === null) return { ok: false, empty: false };
  if (text.trim() === '') return { ok: false, empty: true };
  if (!isJsonContentType(response)) return { ok: false, empty: false };
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, empty: false };
  }
}

function firstFieldOf(errors: unknown[] | null | undefined): string | undefined {
  for (const entry of errors ?? []) {
    if (entry && typeof entry === 'object' && 'field' in entry && typeof entry.field === 'string') {
      return entry.field;
    }
  }
  return undefined;
}

/** Maps a non-success HTTP status to a typed error; the server's message is deliberately dropped. */
async function errorForStatus(response: Response, now: number): Promise<PayError> {
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
  const body = await readJson(response).catch((): BodyRead => ({ ok: false, empty: false }));
  const parsed = body.ok ? z.safeParse(errorBodySchema, body.json) : undefined;
  const dinteroError = parsed?.success ? parsed.data.error : undefined;
  const code = dinteroError?.code ?? undefined;
  const field = firstFieldOf(dinteroError?.errors);
  const common = { httpStatus: status, ...(code ? { code } : {}) };
  if (status === 400) return new PayError('invalid_request', { ...common, ...(field ? { field } : {}) });
  if (status === 404) return new PayError('session_not_found', common);
  if (status === 412) return new PayError('session_changed', common);
  if (status === 429) return new PayError('rate_limited', { ...common, retryAfterMs: retryAfterMs ?? 0 });
  if (status >= 500 && status <= 599) {
    return new PayError('server', { ...common, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (status >= 400 && status <= 499) return new PayError('invalid_request', common);
  return new PayError('invalid_response', common);
}

type Parser<T> = (json: unknown) => T | undefined;

const parsePay: Parser<PayResponse> = (json) => {
  const result = z.safeParse(payResponseSchema, json);
  return result.success ? result.data : undefined;
};
const parsePoll: Parser<PollResponse> = (json) => {
  const result = z.safeParse(pollResponseSchema, json);
  return result.success ? result.data : undefined;
};

export function createDinteroClient(options: DinteroClientOptions = {}): DinteroClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const isOffline = options.isOffline ?? defaultIsOffline;

  async function request<T>(
    url: string,
    init: RequestInit,
    timeoutMs: number,
    accept: (status: number) => boolean,
    parse: Parser<T>,
    /** Statuses for which an empty body is a complete answer (a bare 202 "still pending"). */
    emptyBodyOk: (status: number) => boolean,
    callerSignal: AbortSignal | undefined,
  ): Promise<HttpResult<T>> {
    // Offline fails fast: nothing is queued to fire later when the connection comes back.
    if (isOffline()) return { ok: false, error: new PayError('offline') };
    const fetchImpl = options.fetch ?? (globalThis.fetch as FetchLike | undefined);
    if (!fetchImpl) return { ok: false, error: new PayError('network') };

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forwardAbort = () => controller.abort();
    callerSignal?.addEventListener('abort', forwardAbort);
    if (callerSignal?.aborted) controller.abort();
    try {
      const response = await fetchImpl(url, { ...init, signal: controller.signal });
      const now = Date.now();
      if (!accept(response.status)) return { ok: false, error: await errorForStatus(response, now) };
      const body = await readJson(response);
      if (!body.ok) {
        if (body.empty && emptyBodyOk(response.status)) {
          const data = parse({});
          if (data !== undefined) return { ok: true, status: response.status, data };
        }
        return { ok: false, error: new PayError('invalid_response', { httpStatus: response.status }) };
      }
      const data = parse(body.json);
      if (data === undefined) {
        return { ok: false, error: new PayError('invalid_response', { httpStatus: response.status }) };
      }
      return { ok: true, status: response.status, data };
    } catch {
      // fetch rejects only for transport problems (or our abort): never pass its message on.
      if (timedOut) return { ok: false, error: new PayError('timeout') };
      return { ok: false, error: new PayError(isOffline() ? 'offline' : 'network') };
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
        `${baseUrl}/sessions/${encodeURIComponent(sessionId)}/pay`,
        { method: 'POST', headers, body: JSON.stringify(body), credentials: 'omit', cache: 'no-store' },
        options.payTimeoutMs ?? DEFAULT_PAY_TIMEOUT_MS,
        (status) => status === 200 || status === 202,
        parsePay,
        () => false,
        callOptions.signal,
      );
    },
    poll(url, callOptions = {}) {
      return request(
        url,
        { method: 'GET', headers: { Accept: 'application/json' }, credentials: 'omit', cache: 'no-store' },
        options.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS,
        (status) => status === 200 || status === 202,
        parsePoll,
        // A bare 202 ("still pending") needs no body; a 200 without one is not understood.
        (status) => status === 202,
        callOptions.signal,
      );
    },
  };
}
