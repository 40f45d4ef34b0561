import { KNOWN_PAYMENT_PRODUCT_TYPES } from '../core/pay-request';
import { qrCodeDataUrl } from './png';
import { isScenarioName, maskPhoneNumber, scenarioForPhoneNumber, type ScenarioName } from './scenarios';

// The engine is plain TypeScript on strings and numbers: no Node or DOM imports, no timers except
// the global setTimeout (so fake timers drive `slow`), and time from an injectable clock. That lets
// the same emulator answer through MSW (in Node and in a browser) and through a real server.

/** A request as the emulator needs it; body is the raw text (JSON for pay). */
export interface EmulatorRequest {
  method: string;
  /** Absolute URL: its origin becomes the origin of `poll_url` and of the return page. */
  url: string;
  headers?: Record<string, string> | Headers;
  body?: string | null;
}

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface DinteroEmulatorOptions {
  /** Path the API lives under, default `/v1` (as in `https://checkout.dintero.com/v1`). */
  basePath?: string;
  /** Origin for `poll_url`, the return page and operations; default: the origin of each request. */
  origin?: string;
  /** Clock in epoch milliseconds; default `Date.now`. Drives expiry and automatic decisions. */
  now?: () => number;
  /** Scenario for sessions without their own and payments without a magic number; default `approve`. */
  scenario?: ScenarioName;
  /**
   * `approve`: approve automatically this long after the pay call (default: only by `approve()`).
   * `approve_after_delay`: the delay, default 6000.
   */
  approveAfterMs?: number;
  /** `decline`: decide this long after the pay call; default 0 (the first poll sees the decline). */
  declineAfterMs?: number;
  /** `slow`: how late each answer comes; default 3000. Waits with the global `setTimeout`. */
  slowMs?: number;
  /** Where `redirect_url` leads; default `${origin}/return`. `transaction_id` etc. are appended. */
  returnUrl?: string;
  /** The `updated_at` every new session starts with; `If-Unmodified-Since` must match it. */
  sessionUpdatedAt?: string;
  /** Session ids that do not exist (404 on pay); default: ids starting with `unknown`. */
  isUnknownSession?: (sessionId: string) => boolean;
  /** Lifetime of a Swish payment request; default 3 minutes. */
  swishExpiryMs?: number;
  /** Lifetime of a Vipps / MobilePay payment request; default 10 minutes. */
  appExpiryMs?: number;
  /** Vipps and MobilePay flow outside `app_flow`: `redirect` (default) or `poll`. */
  vippsMobilePayFlow?: 'redirect' | 'poll';
  /**
   * `payment_product_type` values the emulator accepts; anything else gets a 400. Default
   * {@link PAYMENT_PRODUCT_TYPES}. A type containing `swish`, `vipps` or `mobilepay` behaves as that app.
   */
  paymentProductTypes?: readonly string[];
}

/** A payment request waiting for the shopper, as the simulated phone shows it. */
export interface PendingPaymentRequest {
  sessionId: string;
  requestId: string;
  paymentProductType: string;
  /** Only when a phone number was given, and always masked (e.g. `+46 ••• •• 67`). */
  maskedPhone?: string;
  scenario: ScenarioName;
  /** Epoch milliseconds on the emulator's clock. */
  createdAt: number;
  expiresAt: number;
}

export type LoggedRoute = 'pay' | 'poll' | 'other';

/**
 * One received API request (control calls are not logged). Bodies are never kept: they hold phone
 * numbers.
 */
export interface LoggedRequest {
  method: string;
  path: string;
  route: LoggedRoute;
  sessionId?: string;
  requestId?: string;
  /** Epoch milliseconds on the emulator's clock when the request arrived. */
  time: number;
  /** Set once answered. */
  status?: number;
  /** Pay requests only: whether the request carried a `remember_me` cookie this emulator issued. */
  rememberedCustomer?: boolean;
}

export interface SessionSettings {
  /** The session's `updated_at`; a pay with a different `If-Unmodified-Since` gets 412. */
  updatedAt?: string;
  /** Scenario for this session; `null` clears it. */
  scenario?: ScenarioName | null;
  /** Sent back as `merchant_reference` on the return URL; default `order-{sessionId}`. */
  merchantReference?: string;
}

export interface EmulatedSession {
  id: string;
  updatedAt: string;
  scenario?: ScenarioName;
  merchantReference: string;
}

export interface DinteroEmulator {
  /** Answers one request as Dintero (or the control API under `/__emulator/`) would. */
  handle(request: EmulatorRequest): Promise<EmulatorResponse>;
  readonly basePath: string;
  /** Payment requests still waiting for approval and not yet expired, oldest first. */
  pending(): PendingPaymentRequest[];
  /**
   * Approves a pending request: the next poll answers 200 with `redirect_url`. False when it is not
   * pending any more, has expired, or belongs to the `expire` scenario (which is never approved).
   */
  approve(requestId: string): boolean;
  /** Declines a pending request: the next poll answers 200 without `redirect_url`. False as for `approve`. */
  decline(requestId: string): boolean;
  /** Sets (or with `undefined`, clears) the scenario of one session; it wins over magic numbers. */
  setScenario(sessionId: string, scenario: ScenarioName | undefined): void;
  /** Changes the scenario of sessions without their own. */
  setDefaultScenario(scenario: ScenarioName): void;
  /** Creates or changes a session, e.g. to move its `updated_at` and provoke a 412. */
  configureSession(sessionId: string, settings: SessionSettings): EmulatedSession;
  getSession(sessionId: string): EmulatedSession | undefined;
  /** Log of received API requests, oldest first (a copy). */
  readonly requests: readonly LoggedRequest[];
  /** Forgets sessions, payment requests, per-session scenarios and the log; restores the default scenario. */
  reset(): void;
}

/** The `updated_at` of sessions the emulator creates, unless configured otherwise. */
export const DEFAULT_SESSION_UPDATED_AT = '2025-01-01T12:00:00.000Z';
export const DEFAULT_SLOW_MS = 3000;
export const DEFAULT_APPROVE_AFTER_DELAY_MS = 6000;
export const SWISH_EXPIRY_MS = 3 * 60 * 1000;
export const APP_EXPIRY_MS = 10 * 60 * 1000;
/** Control API prefix (same origin as the API): pending list, approve, decline, reset. */
export const CONTROL_PREFIX = '/__emulator';
/**
 * The `payment_product_type` values Dintero documents for Swish, Vipps and MobilePay; the emulator
 * answers 400 for any other (see the `paymentProductTypes` option).
 */
export const PAYMENT_PRODUCT_TYPES: readonly string[] = KNOWN_PAYMENT_PRODUCT_TYPES;
/**
 * Name of the signed customer cookie a pay with `remember_me: true` sets and `false` clears. Dintero
 * does not publish its name; this one is the emulator's own.
 */
export const REMEMBER_ME_COOKIE = 'dintero_remember_me';
/** A year: a remembered customer stays remembered across visits. */
const REMEMBER_ME_MAX_AGE_S = 365 * 24 * 60 * 60;
const POLL_ERROR_BURST = 3;
const MAX_LOG_ENTRIES = 1000;
const PHONE_PATTERN = /^\+?\d{5,15}$/;

type Decision = 'pending' | 'approved' | 'declined';

interface PaymentRequestRecord extends PendingPaymentRequest {
  decision: Decision;
  /** As given on pay (undefined for the app-switch flow): a repeated pay must match it. */
  phoneNumber?: string;
  /** The pay answer's body, sent again when the same pay is repeated while the request is live. */
  answer: string;
  /** Time at which the request decides itself, if it does. */
  autoDecideAt?: number;
  autoDecision?: Exclude<Decision, 'pending'>;
  polls: number;
  transactionId: string;
}

type Route =
  | { type: 'pay'; sessionId: string }
  | { type: 'poll'; sessionId: string; app: string; requestId: string }
  | { type: 'control'; action: string[] }
  | { type: 'return' }
  | { type: 'none' };

function json(status: number, body: unknown, extra: Record<string, string> = {}): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra },
    body: JSON.stringify(body),
  };
}

function errorBody(
  status: number,
  message: string,
  code: string,
  errors?: object[],
  extra?: Record<string, string>,
) {
  return json(status, { error: { message, code, ...(errors ? { errors } : {}) } }, extra);
}

function html(status: number, markup: string): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: markup,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function headerOf(headers: EmulatorRequest['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string>)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function randomHex(length: number): string {
  const bytes = new Uint8Array(Math.ceil(length / 2));
  const cryptoApi = (globalThis as { crypto?: Crypto }).crypto;
  if (cryptoApi?.getRandomValues) cryptoApi.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, length);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function normaliseBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function sameInstant(a: string, b: string): boolean {
  if (a.trim() === b.trim()) return true;
  const left = Date.parse(a);
  const right = Date.parse(b);
  return !Number.isNaN(left) && left === right;
}

type ProductFamily = 'swish' | 'app' | 'other';

/** The app behind a product type: also the path segment of its status checks. */
function appOf(paymentProductType: string): 'swish' | 'vipps' | 'mobilepay' | undefined {
  const type = paymentProductType.toLowerCase();
  if (type.includes('swish')) return 'swish';
  if (type.includes('mobilepay')) return 'mobilepay';
  if (type.includes('vipps')) return 'vipps';
  return undefined;
}

function familyOf(paymentProductType: string): ProductFamily {
  const app = appOf(paymentProductType);
  return app === 'swish' ? 'swish' : app ? 'app' : 'other';
}

function cookieValue(headers: EmulatorRequest['headers'], name: string): string | undefined {
  const header = headerOf(headers, 'cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * The `remember_me` cookie as a third-party checkout host must send it to be kept at all
 * (`SameSite=None; Secure`); a same-origin proxy renames it and sets its own attributes.
 */
function rememberMeCookie(value: string | undefined): string {
  return value === undefined
    ? `${REMEMBER_ME_COOKIE}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=None`
    : `${REMEMBER_ME_COOKIE}=${value}; Path=/; Max-Age=${REMEMBER_ME_MAX_AGE_S}; HttpOnly; Secure; SameSite=None`;
}

/** Scenarios whose point is in the poll answers: Vipps and MobilePay switch to the app flow for them. */
const POLL_SCENARIOS = new Set<ScenarioName>([
  'approve_after_delay',
  'poll_not_found',
  'poll_server_errors',
  'expire',
  'app_flow',
]);

const SUCCESS_ACTIONS = [{ source: 'DINTERO', code: '200', type: 'success' }];
const ERROR_ACTIONS = [{ source: 'DINTERO', code: '200', type: 'error' }];

/**
 * Creates an emulator of Dintero Checkout's pay and poll endpoints. It routes
 * `POST {basePath}/sessions/{session_id}/pay`, the status checks at Dintero's documented
 * `GET {basePath}/view/{session_id}/swish/{payment_request_id}/status` (`vipps` and `mobilepay` in
 * place of `swish` for those apps' poll flow), the control API under `/__emulator/` and a small
 * return page at `/return`.
 *
 * A second pay on a session whose payment request is still live answers the same request again when
 * it asks for the same thing (same `payment_product_type` and `phone_number`) and 400
 * `PAYMENT_IN_PROGRESS` otherwise; a pay on a session already paid answers 400 `SESSION_ALREADY_PAID`.
 *
 * Scenario precedence for a pay call: the session's scenario (`setScenario`) over a magic phone
 * number over the emulator's `scenario` option (default `approve`). See {@link MAGIC_PHONE_NUMBERS}.
 */
export function createDinteroEmulator(options: DinteroEmulatorOptions = {}): DinteroEmulator {
  const basePath = normaliseBasePath(options.basePath ?? '/v1');
  const now = options.now ?? (() => Date.now());
  const isUnknownSession = options.isUnknownSession ?? ((id: string) => id.startsWith('unknown'));
  const productTypes = new Set(options.paymentProductTypes ?? PAYMENT_PRODUCT_TYPES);
  let defaultScenario: ScenarioName = options.scenario ?? 'approve';

  const sessions = new Map<string, EmulatedSession>();
  const paymentRequests = new Map<string, PaymentRequestRecord>();
  /** Sessions paid on the redirect flow, where no payment request record is kept. */
  const paidByRedirect = new Set<string>();
  /** Values of the remember_me cookies issued and not cleared since. */
  const rememberedTokens = new Set<string>();
  let log: LoggedRequest[] = [];
  let counter = 0;

  function sessionFor(sessionId: string): EmulatedSession {
    let session = sessions.get(sessionId);
    if (!session) {
      session = {
        id: sessionId,
        updatedAt: options.sessionUpdatedAt ?? DEFAULT_SESSION_UPDATED_AT,
        merchantReference: `order-${sessionId}`,
      };
      sessions.set(sessionId, session);
    }
    return session;
  }

  function route(method: string, pathname: string): Route {
    const segments = pathname.split('/').filter(Boolean).map(safeDecode);
    if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      return { type: 'control', action: segments.slice(1) };
    }
    if (method === 'GET' && pathname === '/return' && options.returnUrl === undefined)
      return { type: 'return' };
    if (basePath !== '' && !(pathname === basePath || pathname.startsWith(`${basePath}/`)))
      return { type: 'none' };
    const rest = pathname.slice(basePath.length).split('/').filter(Boolean).map(safeDecode);
    if (method === 'POST' && rest.length === 3 && rest[0] === 'sessions' && rest[2] === 'pay') {
      return { type: 'pay', sessionId: rest[1]! };
    }
    if (method === 'GET' && rest.length === 5 && rest[0] === 'view' && rest[4] === 'status') {
      return { type: 'poll', sessionId: rest[1]!, app: rest[2]!, requestId: rest[3]! };
    }
    return { type: 'none' };
  }

  function safeDecode(segment: string): string {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }

  /**
   * The return URL: with `transaction_id` once paid, with `error` when not; with neither for the
   * app's callback, which only brings the shopper back before anything is decided.
   */
  function returnUrlFor(
    origin: string,
    record: Pick<PaymentRequestRecord, 'sessionId' | 'transactionId'>,
    outcome: { paid: true } | { error: string } | { callback: true },
  ) {
    const url = new URL(options.returnUrl ?? `${origin}/return`);
    if ('paid' in outcome) url.searchParams.set('transaction_id', record.transactionId);
    url.searchParams.set('merchant_reference', sessionFor(record.sessionId).merchantReference);
    if ('error' in outcome) url.searchParams.set('error', outcome.error);
    return url.href;
  }

  /** The session's live payment request (pending and not expired), if any. */
  function liveRequestOf(sessionId: string): PaymentRequestRecord | undefined {
    const at = now();
    for (const record of paymentRequests.values()) {
      if (record.sessionId !== sessionId) continue;
      settle(record);
      if (record.decision === 'pending' && at < record.expiresAt) return record;
    }
    return undefined;
  }

  function isPaid(sessionId: string): boolean {
    if (paidByRedirect.has(sessionId)) return true;
    for (const record of paymentRequests.values()) {
      if (record.sessionId !== sessionId) continue;
      settle(record);
      if (record.decision === 'approved') return true;
    }
    return false;
  }

  /** Applies an automatic decision once its time has come; expired requests never decide. */
  function settle(record: PaymentRequestRecord): void {
    if (record.decision !== 'pending' || record.autoDecideAt === undefined || !record.autoDecision) return;
    const at = now();
    if (at >= record.autoDecideAt && at < record.expiresAt) record.decision = record.autoDecision;
  }

  function decide(requestId: string, decision: Exclude<Decision, 'pending'>): boolean {
    const record = paymentRequests.get(requestId);
    if (!record) return false;
    settle(record);
    if (record.decision !== 'pending' || record.scenario === 'expire' || now() >= record.expiresAt)
      return false;
    record.decision = decision;
    return true;
  }

  async function handlePay(
    request: EmulatorRequest,
    origin: string,
    sessionId: string,
  ): Promise<EmulatorResponse> {
    if (isUnknownSession(sessionId)) return errorBody(404, 'Session not found', 'SESSION_NOT_FOUND');
    const session = sessionFor(sessionId);

    const ifUnmodifiedSince = headerOf(request.headers, 'if-unmodified-since');
    if (ifUnmodifiedSince !== undefined && !sameInstant(ifUnmodifiedSince, session.updatedAt)) {
      return errorBody(
        412,
        'The session was updated after the given If-Unmodified-Since',
        'PRECONDITION_FAILED',
      );
    }

    let body: unknown;
    try {
      body = JSON.parse(request.body ?? '');
    } catch {
      return errorBody(400, 'The request body is not valid JSON', 'BAD_REQUEST');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return errorBody(400, 'The request body must be a JSON object', 'BAD_REQUEST');
    }
    const {
      payment_product_type: productType,
      phone_number: phone,
      remember_me: rememberMe,
    } = body as Record<string, unknown>;
    if (typeof productType !== 'string' || productType === '') {
      return errorBody(400, 'payment_product_type is required', 'BAD_REQUEST', [
        { field: 'payment_product_type', message: 'required' },
      ]);
    }
    if (!productTypes.has(productType)) {
      return errorBody(400, `payment_product_type "${productType}" is not supported`, 'BAD_REQUEST', [
        { field: 'payment_product_type', message: 'unknown payment product type' },
      ]);
    }
    if (phone !== undefined && (typeof phone !== 'string' || !PHONE_PATTERN.test(phone))) {
      return errorBody(400, 'phone_number is invalid', 'BAD_REQUEST', [
        { field: 'phone_number', message: 'does not match ^\\+?\\d{5,15}$' },
      ]);
    }
    if (rememberMe !== undefined && typeof rememberMe !== 'boolean') {
      return errorBody(400, 'remember_me must be a boolean', 'BAD_REQUEST', [
        { field: 'remember_me', message: 'must be a boolean' },
      ]);
    }
    const family = familyOf(productType);
    if (phone === undefined && appOf(productType) === 'mobilepay') {
      return errorBody(400, 'phone_number is required for MobilePay', 'BAD_REQUEST', [
        { field: 'phone_number', message: 'required' },
      ]);
    }

    const scenario = session.scenario ?? scenarioForPhoneNumber(phone) ?? defaultScenario;
    if (scenario === 'slow') await sleep(options.slowMs ?? DEFAULT_SLOW_MS);

    // remember_me is tri-state: true sets (or renews) the cookie, false clears it, absent leaves it.
    // Only a pay that is answered 200 touches it: a refused request is discarded as a whole.
    const withCookie = (answer: EmulatorResponse): EmulatorResponse => {
      if (answer.status !== 200 || rememberMe === undefined) return answer;
      const previous = cookieValue(request.headers, REMEMBER_ME_COOKIE);
      if (previous !== undefined) rememberedTokens.delete(previous);
      let value: string | undefined;
      if (rememberMe) {
        value = `v1.${randomHex(32)}`;
        rememberedTokens.add(value);
      }
      return { ...answer, headers: { ...answer.headers, 'set-cookie': rememberMeCookie(value) } };
    };

    // Dintero does not document a second pay on a session that already has a live or an approved
    // payment request. The emulator assumes the conservative answer, the one that can never let a
    // shopper pay twice: a paid session refuses to pay again (400 SESSION_ALREADY_PAID); a live
    // request is the session's only one: the same pay (a retry after a lost answer, a reload) gets
    // the same request back, unchanged, and a different one (another app or number) is refused
    // (400 PAYMENT_IN_PROGRESS, as Swish refuses a second request to a payer, RP06) until it is
    // declined or expires. A client must therefore never count on a second pay replacing the first.
    if (isPaid(sessionId)) {
      return errorBody(400, 'The session is already paid', 'SESSION_ALREADY_PAID');
    }
    const live = liveRequestOf(sessionId);
    if (live) {
      if (live.paymentProductType === productType && live.phoneNumber === phone) {
        return withCookie({ ...json(200, {}), body: live.answer });
      }
      return errorBody(
        400,
        'A payment request for this session is still waiting for approval',
        'PAYMENT_IN_PROGRESS',
      );
    }

    switch (scenario) {
      case 'session_not_found':
        return errorBody(404, 'Session not found', 'SESSION_NOT_FOUND');
      case 'bad_request':
        return errorBody(400, 'phone_number is not accepted by the payment provider', 'BAD_REQUEST', [
          { field: 'phone_number', message: 'not accepted' },
        ]);
      case 'rate_limited':
        return errorBody(429, 'Too many requests', 'RATE_LIMITED', undefined, { 'retry-after': '2' });
      case 'server_error':
        return errorBody(500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
      case 'malformed':
        return html(200, '<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>');
      case 'rejected':
        // A refusal arrives as a 200 pay response, the only shape the spec gives `error_details`.
        return withCookie(
          json(200, {
            success: false,
            actions: ERROR_ACTIONS,
            error: 'Rejected',
            error_details: [{ code: 'wrong_ssn', category: 'permanent', field: 'phone_number' }],
          }),
        );
      case 'action_required':
        return withCookie(
          json(200, {
            success: false,
            actions: ERROR_ACTIONS,
            error_details: [
              {
                code: 'authentication_required',
                category: 'action',
                authentication_operations: [
                  {
                    href: `${origin}${CONTROL_PREFIX}/authenticate/${encodeURIComponent(sessionId)}`,
                    method: 'POST',
                    content_type: 'application/json',
                    rel: '3d-secure-init-hosted',
                  },
                ],
              },
            ],
          }),
        );
      default:
        break;
    }

    counter += 1;
    const createdAt = now();
    const record: PaymentRequestRecord = {
      sessionId,
      requestId: `pr${String(counter).padStart(4, '0')}${randomHex(12)}`,
      paymentProductType: productType,
      ...(typeof phone === 'string' ? { maskedPhone: maskPhoneNumber(phone) } : {}),
      scenario,
      createdAt,
      expiresAt:
        createdAt +
        (family === 'swish'
          ? (options.swishExpiryMs ?? SWISH_EXPIRY_MS)
          : (options.appExpiryMs ?? APP_EXPIRY_MS)),
      decision: 'pending',
      ...(typeof phone === 'string' ? { phoneNumber: phone } : {}),
      answer: '',
      polls: 0,
      transactionId: `P${String(10000000 + counter)}.${randomHex(20)}`,
    };
    if (scenario === 'approve' && options.approveAfterMs !== undefined) {
      record.autoDecideAt = createdAt + options.approveAfterMs;
      record.autoDecision = 'approved';
    } else if (scenario === 'approve_after_delay') {
      record.autoDecideAt = createdAt + (options.approveAfterMs ?? DEFAULT_APPROVE_AFTER_DELAY_MS);
      record.autoDecision = 'approved';
    } else if (scenario === 'decline') {
      record.autoDecideAt = createdAt + (options.declineAfterMs ?? 0);
      record.autoDecision = 'declined';
    }

    const usesPolling =
      family === 'swish' ||
      (family === 'app' && (POLL_SCENARIOS.has(scenario) || options.vippsMobilePayFlow === 'poll'));

    if (!usesPolling) {
      // The hosted-page flow: Dintero sends the shopper on, and the return URL carries the outcome.
      const declined = scenario === 'decline';
      if (!declined) paidByRedirect.add(sessionId);
      return withCookie(
        json(200, {
          success: true,
          actions: SUCCESS_ACTIONS,
          redirect_url: returnUrlFor(origin, record, declined ? { error: 'cancelled' } : { paid: true }),
        }),
      );
    }

    const app = appOf(productType)!;
    const pollUrl = `${origin}${basePath}/view/${encodeURIComponent(sessionId)}/${app}/${record.requestId}/status`;
    const answer: Record<string, unknown> = { success: true, actions: SUCCESS_ACTIONS, poll_url: pollUrl };
    if (phone === undefined) {
      const token = randomHex(32);
      // Nothing is decided yet: the app's callback only brings the shopper back to the shop.
      const callback = encodeURIComponent(returnUrlFor(origin, record, { callback: true }));
      if (app === 'swish') {
        answer.approval_url = `swish://paymentrequest?token=${token}&callbackurl=${callback}`;
        // Swish's QR for a payment request carries `D` + token, not the app link.
        answer.qr_code = qrCodeDataUrl(`D${token}`);
      } else {
        answer.approval_url = `${app}://payment?token=${token}&fallback=${callback}`;
      }
    }
    const response = json(200, answer);
    record.answer = response.body;
    paymentRequests.set(record.requestId, record);
    return withCookie(response);
  }

  async function handlePoll(
    sessionId: string,
    app: string,
    requestId: string,
    origin: string,
  ): Promise<EmulatorResponse> {
    const record = paymentRequests.get(requestId);
    if (!record || record.sessionId !== sessionId || appOf(record.paymentProductType) !== app) {
      return errorBody(404, 'Payment request not found', 'PAYMENT_REQUEST_NOT_FOUND');
    }
    record.polls += 1;
    if (record.scenario === 'slow') await sleep(options.slowMs ?? DEFAULT_SLOW_MS);
    if (record.scenario === 'poll_not_found') {
      return errorBody(404, 'Payment request not found', 'PAYMENT_REQUEST_NOT_FOUND');
    }
    if (record.scenario === 'poll_server_errors' && record.polls <= POLL_ERROR_BURST) {
      return errorBody(503, 'Service unavailable', 'SERVICE_UNAVAILABLE', undefined, { 'retry-after': '1' });
    }
    settle(record);
    if (record.decision === 'approved') {
      return json(200, { keep_polling: false, redirect_url: returnUrlFor(origin, record, { paid: true }) });
    }
    if (record.decision === 'declined') return json(200, { keep_polling: false });
    return json(202, { keep_polling: true });
  }

  function pendingList(): PendingPaymentRequest[] {
    const at = now();
    const list: PendingPaymentRequest[] = [];
    for (const record of paymentRequests.values()) {
      settle(record);
      if (record.decision !== 'pending' || at >= record.expiresAt) continue;
      list.push({
        sessionId: record.sessionId,
        requestId: record.requestId,
        paymentProductType: record.paymentProductType,
        ...(record.maskedPhone ? { maskedPhone: record.maskedPhone } : {}),
        scenario: record.scenario,
        createdAt: record.createdAt,
        expiresAt: record.expiresAt,
      });
    }
    return list;
  }

  async function handleControl(method: string, action: string[], body: string | null | undefined) {
    const [first, id, verb] = action;
    if (method === 'GET' && first === 'pending' && action.length === 1) return json(200, pendingList());
    if (method === 'GET' && first === 'requests' && action.length === 1) return json(200, log);
    if (method === 'POST' && first === 'reset' && action.length === 1) {
      reset();
      return { status: 204, headers: { 'cache-control': 'no-store' }, body: '' };
    }
    if (method === 'POST' && first === 'requests' && id && (verb === 'approve' || verb === 'decline')) {
      if (!paymentRequests.has(id))
        return errorBody(404, 'Payment request not found', 'PAYMENT_REQUEST_NOT_FOUND');
      const changed = decide(id, verb === 'approve' ? 'approved' : 'declined');
      return changed
        ? json(200, { requestId: id, decision: verb === 'approve' ? 'approved' : 'declined' })
        : errorBody(409, 'The payment request is no longer pending', 'NOT_PENDING');
    }
    if (method === 'POST' && first === 'sessions' && id && verb === 'scenario' && action.length === 3) {
      let scenario: unknown;
      try {
        scenario = (JSON.parse(body || '{}') as { scenario?: unknown }).scenario;
      } catch {
        return errorBody(400, 'The request body is not valid JSON', 'BAD_REQUEST');
      }
      if (scenario !== null && !isScenarioName(scenario)) {
        return errorBody(400, 'Unknown scenario', 'BAD_REQUEST', [{ field: 'scenario' }]);
      }
      setScenario(id, scenario ?? undefined);
      return json(200, { sessionId: id, scenario });
    }
    if (first === 'authenticate' && id) {
      return html(200, '<!doctype html><html><body><h1>Emulated authentication</h1></body></html>');
    }
    return errorBody(404, 'Not found', 'NOT_FOUND');
  }

  function returnPage(url: URL): EmulatorResponse {
    const error = url.searchParams.get('error');
    const transaction = url.searchParams.get('transaction_id');
    const reference = url.searchParams.get('merchant_reference');
    // Without transaction_id or error this is the app's callback: nothing is known here yet.
    const title = error
      ? `Payment not completed (${error})`
      : transaction
        ? 'Payment completed'
        : 'Back from the app: the shop checks the payment';
    const details = [
      transaction ? `<p>Transaction: <code>${escapeHtml(transaction)}</code></p>` : '',
      reference ? `<p>Merchant reference: <code>${escapeHtml(reference)}</code></p>` : '',
    ].join('');
    const head = `<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`;
    return html(
      200,
      `<!doctype html><html>${head}<body><h1>${escapeHtml(title)}</h1>${details}</body></html>`,
    );
  }

  function setScenario(sessionId: string, scenario: ScenarioName | undefined): void {
    const session = sessionFor(sessionId);
    if (scenario === undefined) delete session.scenario;
    else session.scenario = scenario;
  }

  function reset(): void {
    sessions.clear();
    paymentRequests.clear();
    paidByRedirect.clear();
    rememberedTokens.clear();
    log = [];
    defaultScenario = options.scenario ?? 'approve';
  }

  async function handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return errorBody(400, 'The request URL is not absolute', 'BAD_REQUEST');
    }
    const origin = (options.origin ?? url.origin).replace(/\/+$/, '');
    const method = request.method.toUpperCase();
    const target = route(method, url.pathname);
    if (target.type === 'control') return handleControl(method, target.action, request.body);
    if (target.type === 'return') return returnPage(url);

    const entry: LoggedRequest = {
      method,
      path: url.pathname,
      route: target.type === 'pay' || target.type === 'poll' ? target.type : 'other',
      ...(target.type === 'pay' || target.type === 'poll' ? { sessionId: target.sessionId } : {}),
      ...(target.type === 'poll' ? { requestId: target.requestId } : {}),
      time: now(),
    };
    if (target.type === 'pay') {
      const token = cookieValue(request.headers, REMEMBER_ME_COOKIE);
      entry.rememberedCustomer = token !== undefined && rememberedTokens.has(token);
    }
    log.push(entry);
    if (log.length > MAX_LOG_ENTRIES) log.splice(0, log.length - MAX_LOG_ENTRIES);

    let response: EmulatorResponse;
    try {
      if (target.type === 'pay') response = await handlePay(request, origin, target.sessionId);
      else if (target.type === 'poll')
        response = await handlePoll(target.sessionId, target.app, target.requestId, origin);
      else response = errorBody(404, 'Not found', 'NOT_FOUND');
    } catch {
      response = errorBody(500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
    }
    entry.status = response.status;
    return response;
  }

  return {
    handle,
    basePath,
    pending: pendingList,
    approve: (requestId) => decide(requestId, 'approved'),
    decline: (requestId) => decide(requestId, 'declined'),
    setScenario,
    setDefaultScenario(scenario) {
      defaultScenario = scenario;
    },
    configureSession(sessionId, settings) {
      const session = sessionFor(sessionId);
      if (settings.updatedAt !== undefined) session.updatedAt = settings.updatedAt;
      if (settings.merchantReference !== undefined) session.merchantReference = settings.merchantReference;
      if (settings.scenario === null) delete session.scenario;
      else if (settings.scenario !== undefined) session.scenario = settings.scenario;
      return { ...session };
    },
    getSession(sessionId) {
      const session = sessions.get(sessionId);
      return session ? { ...session } : undefined;
    },
    get requests() {
      return log.map((entry) => ({ ...entry }));
    },
    reset,
  };
}
