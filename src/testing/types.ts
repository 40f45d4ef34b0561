import type { ScenarioName } from './scenarios';

// The testing kit's public types. They name no global of the DOM or of Node (no `Headers`, no
// `Request`, no `fetch`): a shop's tsconfig with or without the DOM lib, with or without
// `@types/node`, type-checks them as they are.

/** What the emulator reads of a request's headers: a plain record or anything with `get` (a `Headers`). */
export type EmulatorHeaders = Readonly<Record<string, string>> | { get(name: string): string | null };

/** A request as the emulator needs it; body is the raw text (JSON for pay). */
export interface EmulatorRequest {
  method: string;
  /** Absolute URL: its origin becomes the origin of `poll_url` and of the return page. */
  url: string;
  headers?: EmulatorHeaders;
  body?: string | null;
}

export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * How the emulator calls a session's `callback_url`: `fetch` as far as it is used (a GET that
 * follows no redirect). Default `globalThis.fetch`.
 */
export type EmulatorCallbackFetch = (
  url: string,
  init: { method: 'GET'; redirect: 'manual'; signal?: unknown },
) => Promise<{ status: number; body?: { cancel(): Promise<unknown> } | null }>;

/** The merchant credentials the emulator accepts at its token endpoint. */
export interface EmulatorCredentials {
  /** Default {@link EMULATOR_ACCOUNT_ID}. */
  accountId?: string;
  /** Default {@link EMULATOR_CLIENT_ID}. */
  clientId?: string;
  /** Default {@link EMULATOR_CLIENT_SECRET}. */
  clientSecret?: string;
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
  /**
   * Where `redirect_url` leads for sessions without their own `return_url`; default
   * `${origin}/return`. `transaction_id` etc. are appended.
   */
  returnUrl?: string;
  /** The `updated_at` every new session starts with; `If-Unmodified-Since` must match it. */
  sessionUpdatedAt?: string;
  /** Session ids that do not exist (404 on pay); default: ids starting with `unknown`. */
  isUnknownSession?: (sessionId: string) => boolean;
  /** Lifetime of a Swish payment request; default 3 minutes (the core's `SWISH_TIMEOUT_MS`). */
  swishExpiryMs?: number;
  /** Lifetime of a Vipps / MobilePay payment request; default 10 minutes (the core's `APP_TIMEOUT_MS`). */
  appExpiryMs?: number;
  /** Vipps and MobilePay flow outside `app_flow`: `redirect` (default) or `poll`. */
  vippsMobilePayFlow?: 'redirect' | 'poll';
  /**
   * `payment_product_type` values the emulator accepts; anything else gets a 400. Default
   * {@link PAYMENT_PRODUCT_TYPES}. A type whose dotted segments name `swish`, `vipps` or
   * `mobilepay` behaves as that app (the core's `appOf`).
   */
  paymentProductTypes?: readonly string[];
  /** Credentials of the token endpoint; default the `EMULATOR_*` constants. */
  credentials?: EmulatorCredentials;
  /** `expires_in` of the access tokens the emulator issues, in seconds; default 14 400 (4 hours). */
  tokenExpiresIn?: number;
  /** How `callback_url` is called after an approval; default `globalThis.fetch`. */
  callbackFetch?: EmulatorCallbackFetch;
}

/** A payment request waiting for the shopper, as the simulated phone shows it. */
export interface PendingPaymentRequest {
  sessionId: string;
  requestId: string;
  paymentProductType: string;
  /** Only when a phone number was given, and always masked as the core masks it (`+46 ••• •• 67`). */
  maskedPhone?: string;
  scenario: ScenarioName;
  /** Epoch milliseconds on the emulator's clock. */
  createdAt: number;
  expiresAt: number;
}

/** What a logged request was: the pay call, a status check, the merchant's server calls, or else. */
export type LoggedRoute = 'pay' | 'poll' | 'token' | 'session' | 'transaction' | 'other';

/**
 * One received API request (control calls and pages are not logged). Bodies and headers are never
 * kept: they hold phone numbers and credentials.
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

/** An order line of a session created through `POST /v1/sessions-profile`, as the shop sent it. */
export interface EmulatedOrderItem {
  id?: string;
  line_id?: string;
  description?: string;
  quantity?: number;
  /** Minor units. */
  amount: number;
  vat_amount?: number;
  vat?: number;
}

/** The order of a session created through `POST /v1/sessions-profile`. */
export interface EmulatedOrder {
  /** Minor units (öre, øre, cent). */
  amount: number;
  currency: string;
  merchant_reference: string;
  items?: EmulatedOrderItem[];
}

export interface EmulatedSession {
  id: string;
  updatedAt: string;
  scenario?: ScenarioName;
  merchantReference: string;
  /** Only for sessions the shop's server created (`POST /v1/sessions-profile`). */
  order?: EmulatedOrder;
  /** The shop's own `return_url` and `callback_url`, for sessions the shop's server created. */
  url?: { return_url: string; callback_url?: string };
  profileId?: string;
}

/** A transaction as `GET /v1/transactions/{id}` answers it. */
export interface EmulatedTransaction {
  id: string;
  status: 'AUTHORIZED';
  amount: number;
  currency: string;
  merchant_reference: string;
  session_id: string;
  payment_product_type: string;
  created_at: string;
  items?: EmulatedOrderItem[];
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
  /** The transaction of an approved payment on a session the shop's server created. */
  getTransaction(transactionId: string): EmulatedTransaction | undefined;
  /** Log of received API requests, oldest first (a copy). */
  readonly requests: readonly LoggedRequest[];
  /**
   * Forgets sessions, payment requests, transactions, access tokens, per-session scenarios and the
   * log; restores the default scenario; cancels pending callbacks.
   */
  reset(): void;
}
