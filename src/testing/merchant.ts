import { DEFAULT_TOKEN_EXPIRES_IN } from './constants';
import { errorBody, fieldError, headerOf, isResponse, json, parseJsonObject, randomHex } from './http';
import type { PaymentRequestRecord } from './payments';
import { later, sessionFor, type EmulatorState } from './state';
import type {
  EmulatedOrder,
  EmulatedOrderItem,
  EmulatedTransaction,
  EmulatorCallbackFetch,
  EmulatorRequest,
  EmulatorResponse,
} from './types';

// The merchant's server side of a payment (docs/dintero-pay-api.md §7): an access token for the
// account's credentials, a session created from the shop's order and URLs, the transaction read
// back after the payment, and Dintero's call to the shop's `callback_url`.

/** Callback attempts after an approval, and how long after it each starts: "at least once". */
const CALLBACK_DELAYS_MS = [0, 2_000, 10_000];
const CALLBACK_TIMEOUT_MS = 10_000;

function unauthorized(): EmulatorResponse {
  return errorBody(401, 'Unauthorized', 'UNAUTHORIZED', undefined, { 'www-authenticate': 'Bearer' });
}

/** `user:password` of an HTTP Basic header, decoded as UTF-8. */
function basicCredentials(header: string | undefined): [string, string] | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(match[1]!), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/** `POST {base}/accounts/{account_id}/auth/token`: client credentials (HTTP Basic) → a Bearer token. */
export function handleToken(
  state: EmulatorState,
  request: EmulatorRequest,
  accountId: string,
): EmulatorResponse {
  const given = basicCredentials(headerOf(request.headers, 'authorization'));
  const { credentials } = state;
  if (
    !given ||
    accountId !== credentials.accountId ||
    given[0] !== credentials.clientId ||
    given[1] !== credentials.clientSecret
  ) {
    return errorBody(401, 'Unauthorized', 'UNAUTHORIZED', undefined, { 'www-authenticate': 'Basic' });
  }
  const body = parseJsonObject(request.body);
  if (isResponse(body)) return body;
  if (body.grant_type !== 'client_credentials') return fieldError('grant_type', 'must be client_credentials');
  // Dintero's audience is the account's URL on the API host: `https://api.dintero.com/v1/accounts/{aid}`.
  if (typeof body.audience !== 'string' || !body.audience.endsWith(`/accounts/${accountId}`)) {
    return fieldError('audience', `must be the account's URL, ending in /accounts/${accountId}`);
  }
  const expiresIn = state.options.tokenExpiresIn ?? DEFAULT_TOKEN_EXPIRES_IN;
  const accessToken = `emu.${randomHex(48)}`;
  state.accessTokens.set(accessToken, state.now() + expiresIn * 1000);
  return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn });
}

/** A live access token in `Authorization: Bearer …`. */
function isAuthorized(state: EmulatorState, request: EmulatorRequest): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headerOf(request.headers, 'authorization') ?? '');
  const expiresAt = match ? state.accessTokens.get(match[1]!) : undefined;
  return expiresAt !== undefined && state.now() < expiresAt;
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === ''
    );
  } catch {
    return false;
  }
}

const isMinorUnits = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;

function checkItems(items: unknown): EmulatorResponse | undefined {
  if (items === undefined) return undefined;
  if (!Array.isArray(items)) return fieldError('order.items', 'must be an array');
  for (const [index, item] of (items as unknown[]).entries()) {
    const line = item as Partial<Record<keyof EmulatedOrderItem, unknown>> | null;
    if (!line || typeof line !== 'object' || !isMinorUnits(line.amount)) {
      return fieldError(`order.items[${index}].amount`, 'must be an integer in minor units');
    }
    if (line.vat_amount !== undefined && !isMinorUnits(line.vat_amount)) {
      return fieldError(`order.items[${index}].vat_amount`, 'must be an integer in minor units');
    }
  }
  return undefined;
}

/** The order as Dintero requires it: amounts in minor units, an ISO currency, the shop's reference. */
function checkOrder(order: unknown): EmulatedOrder | EmulatorResponse {
  if (!order || typeof order !== 'object' || Array.isArray(order)) return fieldError('order', 'is required');
  const { amount, currency, merchant_reference: reference, items } = order as Record<string, unknown>;
  if (amount === undefined) return fieldError('order.amount', 'is required');
  if (!isMinorUnits(amount)) return fieldError('order.amount', 'must be an integer in minor units');
  if (currency === undefined) return fieldError('order.currency', 'is required');
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    return fieldError('order.currency', 'must be an ISO 4217 code such as SEK');
  }
  if (typeof reference !== 'string' || reference === '') {
    return fieldError('order.merchant_reference', 'is required');
  }
  return (
    checkItems(items) ?? {
      amount,
      currency,
      merchant_reference: reference,
      ...(items ? { items: items as EmulatedOrderItem[] } : {}),
    }
  );
}

/** `url` of a session: the shop's `return_url` (required) and `callback_url`. */
function checkUrls(url: unknown): { return_url: string; callback_url?: string } | EmulatorResponse {
  const { return_url: returnUrl, callback_url: callbackUrl } = (url ?? {}) as Record<string, unknown>;
  if (returnUrl === undefined) return fieldError('url.return_url', 'is required');
  if (!isHttpUrl(returnUrl)) return fieldError('url.return_url', 'must be an absolute http(s) URL');
  if (callbackUrl !== undefined && !isHttpUrl(callbackUrl)) {
    return fieldError('url.callback_url', 'must be an absolute http(s) URL');
  }
  return { return_url: returnUrl, ...(callbackUrl !== undefined ? { callback_url: callbackUrl } : {}) };
}

/**
 * `POST {base}/sessions-profile` (Bearer): a session for the shop's order, with its own return and
 * callback URLs; answers `{ id, url }`. The id is what the page's pay call needs.
 */
export function handleCreateSession(
  state: EmulatorState,
  request: EmulatorRequest,
  origin: string,
): EmulatorResponse {
  if (!isAuthorized(state, request)) return unauthorized();
  const body = parseJsonObject(request.body);
  if (isResponse(body)) return body;
  const urls = checkUrls(body.url);
  if (isResponse(urls)) return urls;
  const order = checkOrder(body.order);
  if (isResponse(order)) return order;
  if (typeof body.profile_id !== 'string' || body.profile_id === '')
    return fieldError('profile_id', 'is required');

  const id = `${state.credentials.accountId}.${randomHex(26)}`;
  const session = sessionFor(state, id);
  session.order = order;
  session.url = urls;
  session.profileId = body.profile_id;
  session.merchantReference = order.merchant_reference;
  return json(200, { id, url: `${origin}${state.basePath}/view/${id}` });
}

/** `GET {base}/transactions/{id}` (Bearer). */
export function handleTransaction(
  state: EmulatorState,
  request: EmulatorRequest,
  transactionId: string,
): EmulatorResponse {
  if (!isAuthorized(state, request)) return unauthorized();
  const transaction = state.transactions.get(transactionId);
  return transaction
    ? json(200, transaction)
    : errorBody(404, 'Transaction not found', 'TRANSACTION_NOT_FOUND');
}

/**
 * An approved payment on a session the shop's server created: its transaction is kept (the server
 * reads it back) and the shop's `callback_url` hears of it. Other sessions keep no transaction.
 */
export function recordApproval(state: EmulatorState, record: PaymentRequestRecord): void {
  const session = state.sessions.get(record.sessionId);
  if (!session?.order || state.transactions.has(record.transactionId)) return;
  const transaction: EmulatedTransaction = {
    id: record.transactionId,
    status: 'AUTHORIZED',
    amount: session.order.amount,
    currency: session.order.currency,
    merchant_reference: session.order.merchant_reference,
    session_id: session.id,
    payment_product_type: record.paymentProductType,
    created_at: new Date(state.now()).toISOString(),
    ...(session.order.items ? { items: session.order.items } : {}),
  };
  state.transactions.set(transaction.id, transaction);
  if (session.url?.callback_url) callBack(state, session.url.callback_url, transaction, 0);
}

/**
 * `GET callback_url?transaction_id=…&merchant_reference=…`, as Dintero calls it; tried again later
 * until the shop answers 2xx (best effort: a few attempts, never a redirect followed).
 */
function callBack(
  state: EmulatorState,
  callbackUrl: string,
  transaction: EmulatedTransaction,
  attempt: number,
) {
  const fetchImpl =
    state.options.callbackFetch ?? (globalThis as { fetch?: EmulatorCallbackFetch }).fetch?.bind(globalThis);
  if (!fetchImpl) return;
  const url = new URL(callbackUrl);
  url.searchParams.set('transaction_id', transaction.id);
  url.searchParams.set('merchant_reference', transaction.merchant_reference);
  const retry = () => {
    const delay = CALLBACK_DELAYS_MS[attempt + 1];
    if (delay !== undefined)
      later(state, delay, () => callBack(state, callbackUrl, transaction, attempt + 1));
  };
  const controller = new AbortController();
  const cancelTimeout = later(state, CALLBACK_TIMEOUT_MS, () => controller.abort());
  fetchImpl(url.href, { method: 'GET', redirect: 'manual', signal: controller.signal })
    .then((response) => {
      void response.body?.cancel().catch(() => undefined);
      return response.status >= 200 && response.status <= 299;
    })
    .catch(() => false)
    .then((delivered) => {
      cancelTimeout();
      if (!delivered) retry();
    });
}
