import { appOf, type PaymentApp } from '../core/app';
import { PHONE_NUMBER_PATTERN } from '../core/phone';
import { CONTROL_PREFIX, DEFAULT_SLOW_MS, REMEMBER_ME_COOKIE } from './constants';
import {
  cookieValue,
  errorBody,
  fieldError,
  headerOf,
  html,
  isResponse,
  json,
  parseJsonObject,
  randomHex,
  sameInstant,
  sleep,
} from './http';
import {
  isPaid,
  liveRequestOf,
  newPaymentRequest,
  payByRedirect,
  settle,
  storePaymentRequest,
  type PaymentRequestRecord,
} from './payments';
import { qrCodeDataUrl } from './png';
import { needsPollFlow, scenarioForPhoneNumber, type ScenarioName } from './scenarios';
import { sessionFor, type EmulatorState } from './state';
import type { EmulatedSession, EmulatorRequest, EmulatorResponse } from './types';

// The shopper's side: `POST {base}/sessions/{session_id}/pay` and the status checks at
// `GET {base}/view/{session_id}/{swish|vipps|mobilepay}/{payment_request_id}/status`.

/** A year: a remembered customer stays remembered across visits. */
const REMEMBER_ME_MAX_AGE_S = 365 * 24 * 60 * 60;
const POLL_ERROR_BURST = 3;
const SUCCESS_ACTIONS = [{ source: 'DINTERO', code: '200', type: 'success' }];
const ERROR_ACTIONS = [{ source: 'DINTERO', code: '200', type: 'error' }];

/** A pay body as the spec allows it (`payment_product_type`, `phone_number`, `remember_me`). */
interface PayInput {
  productType: string;
  phone?: string;
  rememberMe?: boolean;
}

function parsePayInput(state: EmulatorState, raw: string | null | undefined): PayInput | EmulatorResponse {
  const body = parseJsonObject(raw);
  if (isResponse(body)) return body;
  const { payment_product_type: productType, phone_number: phone, remember_me: rememberMe } = body;
  if (typeof productType !== 'string' || productType === '') {
    return fieldError('payment_product_type', 'is required');
  }
  if (!state.productTypes.has(productType)) {
    return errorBody(400, `payment_product_type "${productType}" is not supported`, 'BAD_REQUEST', [
      { field: 'payment_product_type', message: 'unknown payment product type' },
    ]);
  }
  if (phone !== undefined && (typeof phone !== 'string' || !PHONE_NUMBER_PATTERN.test(phone))) {
    return errorBody(400, 'phone_number is invalid', 'BAD_REQUEST', [
      { field: 'phone_number', message: 'does not match ^\\+?\\d{5,15}$' },
    ]);
  }
  if (rememberMe !== undefined && typeof rememberMe !== 'boolean') {
    return fieldError('remember_me', 'must be a boolean');
  }
  if (phone === undefined && appOf(productType) === 'mobilepay') {
    return errorBody(400, 'phone_number is required for MobilePay', 'BAD_REQUEST', [
      { field: 'phone_number', message: 'required' },
    ]);
  }
  return {
    productType,
    ...(phone !== undefined ? { phone } : {}),
    ...(rememberMe !== undefined ? { rememberMe } : {}),
  };
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

/**
 * `remember_me` is tri-state: true sets (or renews) the cookie, false clears it, absent leaves it.
 * Only a pay answered 200 with JSON touches it: a refused request is discarded as a whole.
 */
function withRememberMe(state: EmulatorState, request: EmulatorRequest, rememberMe: boolean | undefined) {
  return (answer: EmulatorResponse): EmulatorResponse => {
    if (answer.status !== 200 || rememberMe === undefined) return answer;
    if (!answer.headers['content-type']?.startsWith('application/json')) return answer;
    const previous = cookieValue(request.headers, REMEMBER_ME_COOKIE);
    if (previous !== undefined) state.rememberedTokens.delete(previous);
    let value: string | undefined;
    if (rememberMe) {
      value = `v1.${randomHex(32)}`;
      state.rememberedTokens.add(value);
    }
    return { ...answer, headers: { ...answer.headers, 'set-cookie': rememberMeCookie(value) } };
  };
}

/**
 * Dintero does not document a second pay on a session that already has a live or an approved
 * payment request. The emulator assumes the conservative answer, the one that can never let a
 * shopper pay twice: a paid session refuses to pay again (400 SESSION_ALREADY_PAID); a live request
 * is the session's only one: the same pay (a retry after a lost answer, a reload) gets the same
 * request back, unchanged, and a different one (another app or number) is refused (400
 * PAYMENT_IN_PROGRESS, as Swish refuses a second request to a payer, RP06) until it is declined or
 * expires. A client must therefore never count on a second pay replacing the first.
 */
function repeatedPay(state: EmulatorState, sessionId: string, input: PayInput): EmulatorResponse | undefined {
  if (isPaid(state, sessionId)) return errorBody(400, 'The session is already paid', 'SESSION_ALREADY_PAID');
  const live = liveRequestOf(state, sessionId);
  if (!live) return undefined;
  if (live.paymentProductType === input.productType && live.phoneNumber === input.phone) {
    return { ...json(200, {}), body: live.answer };
  }
  return errorBody(
    400,
    'A payment request for this session is still waiting for approval',
    'PAYMENT_IN_PROGRESS',
  );
}

/** The answers of the scenarios that end the payment at the pay call; `undefined` for the others. */
function scenarioAnswer(
  scenario: ScenarioName,
  origin: string,
  sessionId: string,
): EmulatorResponse | undefined {
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
      return json(200, {
        success: false,
        actions: ERROR_ACTIONS,
        error: 'Rejected',
        error_details: [{ code: 'wrong_ssn', category: 'permanent', field: 'phone_number' }],
      });
    case 'action_required': {
      const href = `${origin}${CONTROL_PREFIX}/authenticate/${encodeURIComponent(sessionId)}`;
      const operation = {
        href,
        method: 'POST',
        content_type: 'application/json',
        rel: '3d-secure-init-hosted',
      };
      return json(200, {
        success: false,
        actions: ERROR_ACTIONS,
        error_details: [
          { code: 'authentication_required', category: 'action', authentication_operations: [operation] },
        ],
      });
    }
    default:
      return undefined;
  }
}

/**
 * The return URL: the session's own `return_url` (a session the shop's server created), else the
 * `returnUrl` option, else the emulator's `/return` page. With `transaction_id` once paid, with
 * `error` when not; with neither for the app's callback, which only brings the shopper back before
 * anything is decided.
 */
export function returnUrlFor(
  state: EmulatorState,
  origin: string,
  record: Pick<PaymentRequestRecord, 'sessionId' | 'transactionId'>,
  outcome: { paid: true } | { error: string } | { callback: true },
): string {
  const session: EmulatedSession = sessionFor(state, record.sessionId);
  const url = new URL(session.url?.return_url ?? state.options.returnUrl ?? `${origin}/return`);
  if ('paid' in outcome) url.searchParams.set('transaction_id', record.transactionId);
  url.searchParams.set('merchant_reference', session.merchantReference);
  if ('error' in outcome) url.searchParams.set('error', outcome.error);
  return url.href;
}

/** The hosted-page flow: Dintero sends the shopper on, and the return URL carries the outcome. */
function redirectAnswer(
  state: EmulatorState,
  origin: string,
  record: PaymentRequestRecord,
  declined: boolean,
) {
  if (!declined) payByRedirect(state, record);
  const outcome = declined ? { error: 'cancelled' } : ({ paid: true } as const);
  return json(200, {
    success: true,
    actions: SUCCESS_ACTIONS,
    redirect_url: returnUrlFor(state, origin, record, outcome),
  });
}

/**
 * The app flow: a `poll_url`, and without a phone number a way to approve on this device. Swish's
 * link is its app scheme and its QR carries `D` + the token; Vipps' and MobilePay's links are
 * `https:` pages (the emulator's app page here), which open on a desktop too.
 */
function pollAnswer(state: EmulatorState, origin: string, record: PaymentRequestRecord, app: PaymentApp) {
  const session = encodeURIComponent(record.sessionId);
  const pollUrl = `${origin}${state.basePath}/view/${session}/${app}/${record.requestId}/status`;
  const answer: Record<string, unknown> = { success: true, actions: SUCCESS_ACTIONS, poll_url: pollUrl };
  if (record.phoneNumber === undefined) {
    const token = randomHex(32);
    // Nothing is decided yet: the app's callback only brings the shopper back to the shop.
    const callback = encodeURIComponent(returnUrlFor(state, origin, record, { callback: true }));
    if (app === 'swish') {
      answer.approval_url = `swish://paymentrequest?token=${token}&callbackurl=${callback}`;
      answer.qr_code = qrCodeDataUrl(`D${token}`);
    } else {
      answer.approval_url = `${origin}${CONTROL_PREFIX}/app/${record.requestId}?token=${token}&fallback=${callback}`;
    }
  }
  return json(200, answer);
}

/** A new payment request, answered on the app's flow. */
function startPayment(
  state: EmulatorState,
  origin: string,
  sessionId: string,
  input: PayInput,
  scenario: ScenarioName,
): EmulatorResponse {
  const { productType: paymentProductType, phone } = input;
  const record = newPaymentRequest(state, {
    sessionId,
    paymentProductType,
    ...(phone !== undefined ? { phone } : {}),
    scenario,
  });
  const app = appOf(paymentProductType);
  const usesPolling =
    app === 'swish' ||
    (app !== 'other' && (needsPollFlow(scenario) || state.options.vippsMobilePayFlow === 'poll'));
  if (!usesPolling) return redirectAnswer(state, origin, record, scenario === 'decline');
  const answer = pollAnswer(state, origin, record, app);
  record.answer = answer.body;
  storePaymentRequest(state, record);
  return answer;
}

/**
 * `POST {base}/sessions/{session_id}/pay`. Scenario precedence: the session's scenario over a
 * magic phone number over the emulator's default.
 */
export async function handlePay(
  state: EmulatorState,
  request: EmulatorRequest,
  origin: string,
  sessionId: string,
): Promise<EmulatorResponse> {
  const isUnknown = state.options.isUnknownSession ?? ((id: string) => id.startsWith('unknown'));
  if (isUnknown(sessionId)) return errorBody(404, 'Session not found', 'SESSION_NOT_FOUND');
  const session = sessionFor(state, sessionId);
  const ifUnmodifiedSince = headerOf(request.headers, 'if-unmodified-since');
  if (ifUnmodifiedSince !== undefined && !sameInstant(ifUnmodifiedSince, session.updatedAt)) {
    return errorBody(
      412,
      'The session was updated after the given If-Unmodified-Since',
      'PRECONDITION_FAILED',
    );
  }
  const input = parsePayInput(state, request.body);
  if (isResponse(input)) return input;

  const scenario = session.scenario ?? scenarioForPhoneNumber(input.phone) ?? state.defaultScenario;
  if (scenario === 'slow') await sleep(state.options.slowMs ?? DEFAULT_SLOW_MS);
  const withCookie = withRememberMe(state, request, input.rememberMe);
  const answer =
    repeatedPay(state, sessionId, input) ??
    scenarioAnswer(scenario, origin, sessionId) ??
    startPayment(state, origin, sessionId, input, scenario);
  return withCookie(answer);
}

/** `GET {base}/view/{session_id}/{app}/{payment_request_id}/status`: 202 pending, 200 decided, 404. */
export async function handlePoll(
  state: EmulatorState,
  route: { sessionId: string; app: string; requestId: string },
  origin: string,
): Promise<EmulatorResponse> {
  const notFound = () => errorBody(404, 'Payment request not found', 'PAYMENT_REQUEST_NOT_FOUND');
  const record = state.paymentRequests.get(route.requestId);
  if (!record || record.sessionId !== route.sessionId || appOf(record.paymentProductType) !== route.app) {
    return notFound();
  }
  record.polls += 1;
  if (record.scenario === 'slow') await sleep(state.options.slowMs ?? DEFAULT_SLOW_MS);
  if (record.scenario === 'poll_not_found') return notFound();
  if (record.scenario === 'poll_server_errors' && record.polls <= POLL_ERROR_BURST) {
    return errorBody(503, 'Service unavailable', 'SERVICE_UNAVAILABLE', undefined, { 'retry-after': '1' });
  }
  settle(state, record);
  if (record.decision === 'approved') {
    return json(200, {
      keep_polling: false,
      redirect_url: returnUrlFor(state, origin, record, { paid: true }),
    });
  }
  if (record.decision === 'declined') return json(200, { keep_polling: false });
  return json(202, { keep_polling: true });
}
