import { isLoopbackHost } from './proxy';

// The three Dintero calls a shop's server makes around the pay endpoint (docs: checkout-client,
// authentication, create-session): an access token for the account's client credentials, a session
// for an order, and the transaction read back to confirm a payment. Web-standard `fetch` only, no
// imports beyond this entry, no DOM types: it runs on Node, workerd, Deno and Bun alike.

/** Dintero's API host, where the access token comes from. */
export const DEFAULT_DINTERO_API_URL = 'https://api.dintero.com';
/** Dintero Checkout's host, where sessions are created and transactions read. */
export const DEFAULT_DINTERO_CHECKOUT_URL = 'https://checkout.dintero.com';
/** How long one call (answer and body) may take before it fails with kind `timeout`. */
export const DEFAULT_MERCHANT_API_TIMEOUT_MS = 10_000;
/** Token, session and transaction answers are a few kB; a body past this is not one of them. */
const MAX_ANSWER_BYTES = 262_144; // 256 KiB
/** A token is renewed this long before it expires (at most half its lifetime), never per request. */
const TOKEN_RENEWAL_MARGIN_MS = 60_000;

/** `fetch` as the helper calls it: a URL string and an init. */
export type MerchantApiFetch = (input: string, init: RequestInit) => Promise<Response>;

export interface DinteroMerchantApiOptions {
  /** Dintero's account id: `T` + digits for a test account, `P` + digits in production. */
  accountId: string;
  /** The API client's id (Dintero Backoffice → Settings → API clients). */
  clientId: string;
  /** The API client's secret. Keep it on the server; it never appears in an error or a log. */
  clientSecret: string;
  /** Dintero's API host (the token); default `https://api.dintero.com`. An origin only. */
  apiUrl?: string | undefined;
  /** Dintero Checkout's host (sessions, transactions); default `https://checkout.dintero.com`. */
  checkoutUrl?: string | undefined;
  /** Defaults to `globalThis.fetch`, looked up per request. */
  fetch?: MerchantApiFetch | undefined;
  /** Per call, answer and body included; default 10 s. */
  timeoutMs?: number | undefined;
  /** Allow `http:` URLs on a loopback host (the local emulator). Off by default; never for other hosts. */
  allowLoopbackHttp?: boolean | undefined;
}

/** An order line. Amounts in minor units (öre, øre, cent): `29900` is 299.00. */
export interface DinteroOrderItem {
  id?: string;
  line_id?: string;
  description?: string;
  quantity?: number;
  /** The line's total in minor units, VAT included. */
  amount: number;
  /** Minor units. */
  vat_amount?: number;
  /** Percent, e.g. 25. */
  vat?: number;
  /** Any other field of Dintero's order item, passed on as given. */
  [field: string]: unknown;
}

/** An order as Dintero takes it. Amounts in minor units (integers): `29900` SEK is 299.00 kr. */
export interface DinteroOrder {
  /** The total to pay in minor units, VAT included. */
  amount: number;
  /** ISO 4217, e.g. `SEK`, `NOK`, `DKK`, `EUR`. */
  currency: string;
  /** The shop's own order id; it comes back on the return URL and the transaction. */
  merchant_reference: string;
  /** Minor units. */
  vat_amount?: number;
  items?: DinteroOrderItem[];
  /** Any other field of Dintero's order, passed on as given. */
  [field: string]: unknown;
}

export interface CreateSessionInput {
  order: DinteroOrder;
  url: {
    /** Where the shopper lands after paying, with `transaction_id` and `merchant_reference` (or `error`). */
    return_url: string;
    /** Called by Dintero after a payment (at least once, even when the shopper never returns). */
    callback_url?: string;
  };
  /** The checkout profile; default `'default'`. */
  profileId?: string;
}

/** A created session: `id` is what the page's `usePaySession({ sessionId })` needs. */
export interface DinteroSession {
  id: string;
  /** Dintero's hosted checkout page for the session (not used by the pay endpoint). */
  url?: string;
}

/** Transaction statuses Dintero documents; others pass through as strings. */
export type DinteroTransactionStatus =
  'AUTHORIZED' | 'CAPTURED' | 'ON_HOLD' | 'DECLINED' | 'FAILED' | (string & {});

/** A transaction as `GET /v1/transactions/{id}` answers it (the fields a shop checks, and the rest). */
export interface DinteroTransaction {
  id: string;
  /** `AUTHORIZED` or `CAPTURED` is paid; `ON_HOLD` is still pending; others are not paid. */
  status: DinteroTransactionStatus;
  /** Minor units. Compare with the order before shipping anything. */
  amount: number;
  currency: string;
  merchant_reference?: string;
  session_id?: string;
  payment_product_type?: string;
  [field: string]: unknown;
}

export interface DinteroMerchantApi {
  /** A Bearer token for the account, cached and renewed shortly before it expires. */
  getAccessToken(): Promise<string>;
  /** `POST /v1/sessions-profile`: a session for `order`, returning to the shop's own URLs. */
  createSession(input: CreateSessionInput): Promise<DinteroSession>;
  /** `GET /v1/transactions/{id}`: how the server confirms a payment before it ships anything. */
  getTransaction(transactionId: string): Promise<DinteroTransaction>;
}

/** Why a call failed; `unauthorized` is also a wrong client id or secret. */
export type DinteroApiErrorKind =
  | 'unauthorized'
  | 'invalid_request'
  | 'not_found'
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'invalid_response';

type Operation = 'token' | 'session' | 'transaction';

const OPERATION_NAMES: Record<Operation, string> = {
  token: 'the access token request',
  session: 'creating the session',
  transaction: 'reading the transaction',
};

const KIND_TEXTS: Record<DinteroApiErrorKind, string> = {
  unauthorized: 'was refused: wrong credentials or an expired token',
  invalid_request: 'was refused as invalid',
  not_found: 'found nothing',
  rate_limited: 'was refused: too many requests',
  server: 'failed on Dintero’s side',
  timeout: 'timed out',
  network: 'could not reach Dintero',
  invalid_response: 'got an unexpected answer',
};

/**
 * A failed call to Dintero. The message and fields name what failed and Dintero's error code; they
 * never carry the client secret, an access token, a header or an answer's text.
 */
export class DinteroApiError extends Error {
  override readonly name = 'DinteroApiError';
  /** What went wrong, for code to branch on. */
  readonly kind: DinteroApiErrorKind;
  /** The HTTP status when Dintero answered. */
  readonly status: number | undefined;
  /** Dintero's `error.code`, when it gave one. */
  readonly code: string | undefined;
  /** The input field to fix (`order.amount`) or the one Dintero named. */
  readonly field: string | undefined;
  /** Whether the same call may succeed later (network, time-out, 429, 5xx). */
  readonly retryable: boolean;

  constructor(
    kind: DinteroApiErrorKind,
    message: string,
    details: { status?: number | undefined; code?: string | undefined; field?: string | undefined } = {},
  ) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.field = details.field;
    this.retryable = kind === 'network' || kind === 'timeout' || kind === 'server' || kind === 'rate_limited';
  }
}

/** True for errors of this helper (also across bundles, where `instanceof` may fail). */
export function isDinteroApiError(error: unknown): error is DinteroApiError {
  return error instanceof DinteroApiError || (error as { name?: unknown } | null)?.name === 'DinteroApiError';
}

function failure(
  kind: DinteroApiErrorKind,
  operation: Operation,
  details: { status?: number | undefined; code?: string | undefined; field?: string | undefined } = {},
): DinteroApiError {
  const status = details.status !== undefined ? ` (HTTP ${details.status})` : '';
  const code = details.code !== undefined ? ` [${details.code}]` : '';
  const text = `Dintero: ${OPERATION_NAMES[operation]} ${KIND_TEXTS[kind]}${status}${code}`;
  return new DinteroApiError(kind, text, details);
}

/** An input the helper refuses before any request; `field` names what to fix. */
function invalidInput(field: string, rule: string): DinteroApiError {
  return new DinteroApiError('invalid_request', `Dintero: ${field} ${rule}`, { field });
}

const JSON_TYPE = /^\s*application\/([\w.-]+\+)?json\s*(;|$)/i;
/** Dintero's codes and field names: plain tokens only, anything else is dropped. */
const SAFE_CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const SAFE_FIELD = /^[A-Za-z0-9_.[\]-]{1,128}$/;
/** An access token goes into a header: printable ASCII without spaces, or it is not used. */
const TOKEN_TEXT = /^[\x21-\x7e]{1,8192}$/;
const TRANSACTION_ID = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,128}$/;

function kindOfStatus(status: number): DinteroApiErrorKind {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500 && status <= 599) return 'server';
  return status >= 400 && status <= 499 ? 'invalid_request' : 'invalid_response';
}

/** Dintero's `error.code` and first `error.errors[].field`, if they are plain tokens. */
function errorDetails(text: string, contentType: string | null): { code?: string; field?: string } {
  if (!JSON_TYPE.test(contentType ?? '')) return {};
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; errors?: Array<{ field?: unknown }> } })
      .error;
    const code = error?.code;
    const field = Array.isArray(error?.errors) ? error.errors[0]?.field : undefined;
    return {
      ...(typeof code === 'string' && SAFE_CODE.test(code) ? { code } : {}),
      ...(typeof field === 'string' && SAFE_FIELD.test(field) ? { field } : {}),
    };
  } catch {
    return {};
  }
}

/** The body as text, or `null` past `MAX_ANSWER_BYTES` (then not read further). */
async function readCapped(response: Response): Promise<string | null> {
  if (Number(response.headers.get('content-length') ?? 0) > MAX_ANSWER_BYTES) {
    void response.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
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
  return new TextDecoder().decode(bytes);
}

/** An origin Dintero may be reached at: `https:`, or `http:` on loopback when allowed. */
function originOption(name: string, value: string, allowLoopbackHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`createDinteroMerchantApi: ${name} must be an absolute URL`);
  }
  const httpAllowed = url.protocol === 'http:' && allowLoopbackHttp && isLoopbackHost(url.hostname);
  if ((url.protocol !== 'https:' && !httpAllowed) || url.username || url.password || url.pathname !== '/') {
    throw new TypeError(
      `createDinteroMerchantApi: ${name} must be an https: origin such as 'https://api.dintero.com' ` +
        '(http: only on a loopback host with allowLoopbackHttp)',
    );
  }
  return url.origin;
}

function checkCredentials(options: DinteroMerchantApiOptions): void {
  if (typeof options.accountId !== 'string' || !/^[TP]\d{1,16}$/.test(options.accountId)) {
    throw new TypeError(
      "createDinteroMerchantApi: accountId must be Dintero's account id, such as T12345678 (test) or P12345678",
    );
  }
  if (typeof options.clientId !== 'string' || !/^[\x21-\x39\x3b-\x7e]{1,512}$/.test(options.clientId)) {
    throw new TypeError('createDinteroMerchantApi: clientId must be the API client id (printable, no colon)');
  }
  if (typeof options.clientSecret !== 'string' || !/^[\x20-\x7e]{1,1024}$/.test(options.clientSecret)) {
    throw new TypeError(
      'createDinteroMerchantApi: clientSecret must be the API client secret (printable text)',
    );
  }
}

const isMinorUnits = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;
const MINOR_UNITS = 'must be an integer in minor units (29900 for 299.00)';

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** The session input checked before anything is sent: money never goes out in a doubtful form. */
function checkSessionInput(input: CreateSessionInput): void {
  const order = input?.order;
  if (!order || typeof order !== 'object') throw invalidInput('order', 'is required');
  if (!isMinorUnits(order.amount)) throw invalidInput('order.amount', MINOR_UNITS);
  if (order.vat_amount !== undefined && !isMinorUnits(order.vat_amount)) {
    throw invalidInput('order.vat_amount', MINOR_UNITS);
  }
  if (typeof order.currency !== 'string' || !/^[A-Z]{3}$/.test(order.currency)) {
    throw invalidInput('order.currency', 'must be an ISO 4217 code such as SEK');
  }
  if (typeof order.merchant_reference !== 'string' || order.merchant_reference === '') {
    throw invalidInput('order.merchant_reference', 'is required');
  }
  if (order.items !== undefined && !Array.isArray(order.items))
    throw invalidInput('order.items', 'must be an array');
  for (const [index, item] of (order.items ?? []).entries()) {
    if (!item || !isMinorUnits(item.amount)) throw invalidInput(`order.items[${index}].amount`, MINOR_UNITS);
    if (item.vat_amount !== undefined && !isMinorUnits(item.vat_amount)) {
      throw invalidInput(`order.items[${index}].vat_amount`, MINOR_UNITS);
    }
  }
  if (!isHttpUrl(input.url?.return_url))
    throw invalidInput('url.return_url', 'must be an absolute http(s) URL');
  if (input.url.callback_url !== undefined && !isHttpUrl(input.url.callback_url)) {
    throw invalidInput('url.callback_url', 'must be an absolute http(s) URL');
  }
  if (input.profileId !== undefined && (typeof input.profileId !== 'string' || input.profileId === '')) {
    throw invalidInput('profileId', 'must be a non-empty string');
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** HTTP Basic of `id:secret`, UTF-8 encoded. */
function basicAuthorization(clientId: string, clientSecret: string): string {
  const bytes = new TextEncoder().encode(`${clientId}:${clientSecret}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** How calls go out: the `fetch` to use (looked up per call) and the time each may take. */
interface Transport {
  fetch: MerchantApiFetch | undefined;
  timeoutMs: number;
}

/** One exchange: no redirect followed, content type checked, body capped, all within `timeoutMs`. */
async function exchange(transport: Transport, operation: Operation, url: string, init: RequestInit) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A race, not only an abort: a `fetch` that ignores its signal must not hold the caller either.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(failure('timeout', operation));
    }, transport.timeoutMs);
  });
  try {
    return await Promise.race([send(transport, operation, url, init, controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const isRedirect = (response: Response) =>
  response.type === 'opaqueredirect' ||
  response.status < 200 ||
  response.status > 599 ||
  (response.status >= 300 && response.status < 400);

async function send(
  transport: Transport,
  operation: Operation,
  url: string,
  init: RequestInit,
  signal: AbortSignal,
): Promise<unknown> {
  const fetchImpl = transport.fetch ?? (globalThis.fetch as MerchantApiFetch);
  let response: Response;
  let text: string | null;
  try {
    // `redirect: 'manual'`: a redirect could lead the credentials' request anywhere. No `cache`
    // option: workerd before compatibility date 2024-11-11 rejects it.
    response = await fetchImpl(url, { ...init, redirect: 'manual', signal });
    if (isRedirect(response)) {
      void response.body?.cancel().catch(() => undefined);
      throw failure('invalid_response', operation, { status: response.status || undefined });
    }
    text = await readCapped(response);
  } catch (error) {
    if (isDinteroApiError(error)) throw error;
    // Never the cause itself: a fetch error may quote a header value.
    throw failure(signal.aborted ? 'timeout' : 'network', operation);
  }
  const { status } = response;
  const contentType = response.headers.get('content-type');
  if (text === null) throw failure('invalid_response', operation, { status });
  if (status >= 400)
    throw failure(kindOfStatus(status), operation, { status, ...errorDetails(text, contentType) });
  if (!JSON_TYPE.test(contentType ?? '')) throw failure('invalid_response', operation, { status });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw failure('invalid_response', operation, { status });
  }
}

/** The token answer: a printable Bearer token and its lifetime in milliseconds. */
function tokenOf(value: unknown): { token: string; lifetimeMs: number } {
  const answer = asObject(value);
  const token = answer?.access_token;
  const expiresIn = answer?.expires_in;
  const type = answer?.token_type;
  if (
    typeof token !== 'string' ||
    !TOKEN_TEXT.test(token) ||
    typeof type !== 'string' ||
    type.toLowerCase() !== 'bearer' ||
    typeof expiresIn !== 'number' ||
    !(expiresIn > 0)
  ) {
    throw failure('invalid_response', 'token', { status: 200 });
  }
  return { token, lifetimeMs: expiresIn * 1000 };
}

/**
 * A token kept until shortly before it expires; concurrent callers share one request for a new
 * one, and a failed request leaves nothing behind (the next call asks again).
 */
function createTokenCache(request: () => Promise<{ token: string; lifetimeMs: number }>) {
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const isFresh = () => cached !== undefined && Date.now() < cached.renewAt;
  return {
    isFresh,
    get(): Promise<string> {
      if (cached && isFresh()) return Promise.resolve(cached.token);
      pending ??= request()
        .then(({ token, lifetimeMs }) => {
          const margin = Math.min(TOKEN_RENEWAL_MARGIN_MS, lifetimeMs / 2);
          cached = { token, renewAt: Date.now() + lifetimeMs - margin };
          return token;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
    /** Forgets `token` (refused by Dintero) unless a newer one replaced it already. */
    forget(token: string): void {
      if (cached?.token === token) cached = undefined;
    },
  };
}

function sessionOf(value: unknown): DinteroSession {
  const answer = asObject(value);
  if (typeof answer?.id !== 'string' || !/^[A-Za-z0-9._-]{1,256}$/.test(answer.id)) {
    throw failure('invalid_response', 'session', { status: 200 });
  }
  return { id: answer.id, ...(typeof answer.url === 'string' ? { url: answer.url } : {}) };
}

/** Money is never guessed: an answer for another id, or without a whole amount, is no answer. */
function transactionOf(value: unknown, transactionId: string): DinteroTransaction {
  const answer = asObject(value);
  if (
    answer?.id !== transactionId ||
    typeof answer.status !== 'string' ||
    !Number.isSafeInteger(answer.amount) ||
    typeof answer.currency !== 'string'
  ) {
    throw failure('invalid_response', 'transaction', { status: 200 });
  }
  return answer as DinteroTransaction;
}

/**
 * A typed client for the merchant server's Dintero calls. Not to be confused with the browser's
 * `createDinteroClient` (the pay endpoint): this one holds the client secret and belongs on the
 * server only.
 *
 * @example
 * ```ts
 * import { createDinteroMerchantApi } from 'react-dintero-pay/server';
 * const dintero = createDinteroMerchantApi({
 *   accountId: process.env.DINTERO_ACCOUNT_ID!,
 *   clientId: process.env.DINTERO_CLIENT_ID!,
 *   clientSecret: process.env.DINTERO_CLIENT_SECRET!,
 * });
 * const session = await dintero.createSession({
 *   order: { amount: 29900, currency: 'SEK', merchant_reference: 'order-1001' },
 *   url: { return_url: 'https://shop.example/return', callback_url: 'https://shop.example/api/dintero-callback' },
 * });
 * // session.id → the page's usePaySession({ sessionId })
 * ```
 */
export function createDinteroMerchantApi(options: DinteroMerchantApiOptions): DinteroMerchantApi {
  checkCredentials(options);
  const allowHttp = options.allowLoopbackHttp === true;
  const apiUrl = originOption('apiUrl', options.apiUrl ?? DEFAULT_DINTERO_API_URL, allowHttp);
  const checkoutUrl = originOption(
    'checkoutUrl',
    options.checkoutUrl ?? DEFAULT_DINTERO_CHECKOUT_URL,
    allowHttp,
  );
  const transport: Transport = {
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_MERCHANT_API_TIMEOUT_MS,
  };
  const account = `${apiUrl}/v1/accounts/${options.accountId}`;
  // Built once and kept in this closure only: never in an error, a log or a returned object.
  const basic = basicAuthorization(options.clientId, options.clientSecret);

  const tokens = createTokenCache(async () =>
    tokenOf(
      await exchange(transport, 'token', `${account}/auth/token`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials', audience: account }),
      }),
    ),
  );

  /** A call with the Bearer token; a 401 on a kept token gets one new token and one more try. */
  async function authorized(operation: Operation, url: string, init: RequestInit): Promise<unknown> {
    const kept = tokens.isFresh();
    const call = (token: string) =>
      exchange(transport, operation, url, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          authorization: `Bearer ${token}`,
          accept: 'application/json',
        },
      });
    const token = await tokens.get();
    try {
      return await call(token);
    } catch (error) {
      if (!kept || !isDinteroApiError(error) || error.kind !== 'unauthorized') throw error;
      // Revoked or expired early: forget it, once.
      tokens.forget(token);
      return call(await tokens.get());
    }
  }

  async function createSession(input: CreateSessionInput): Promise<DinteroSession> {
    checkSessionInput(input);
    const { return_url, callback_url } = input.url;
    const body = {
      url: { return_url, ...(callback_url !== undefined ? { callback_url } : {}) },
      order: input.order,
      profile_id: input.profileId ?? 'default',
    };
    const answer = await authorized('session', `${checkoutUrl}/v1/sessions-profile`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return sessionOf(answer);
  }

  async function getTransaction(transactionId: string): Promise<DinteroTransaction> {
    if (typeof transactionId !== 'string' || !TRANSACTION_ID.test(transactionId)) {
      throw invalidInput('transactionId', 'must be the transaction_id Dintero gave');
    }
    const url = `${checkoutUrl}/v1/transactions/${encodeURIComponent(transactionId)}`;
    return transactionOf(await authorized('transaction', url, { method: 'GET' }), transactionId);
  }

  return { getAccessToken: () => tokens.get(), createSession, getTransaction };
}
