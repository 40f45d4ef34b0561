import { handleControl, type ControlActions } from './control';
import { REMEMBER_ME_COOKIE } from './constants';
import { cookieValue, errorBody, notFound } from './http';
import { handleCreateSession, handleToken, handleTransaction } from './merchant';
import { hostedCheckoutPage, returnPage } from './pages';
import { handlePay, handlePoll } from './pay';
import { decide, pendingList } from './payments';
import { normaliseBasePath, routeOf, type Route } from './routing';
import type { ScenarioName } from './scenarios';
import { copySession, createState, resetState, sessionFor, type EmulatorState } from './state';
import type {
  DinteroEmulator,
  DinteroEmulatorOptions,
  EmulatorRequest,
  EmulatorResponse,
  LoggedRequest,
} from './types';

// The engine is plain TypeScript on strings and numbers: no Node or DOM imports, no timers except
// the global setTimeout (so fake timers drive `slow`), and time from an injectable clock. That lets
// the same emulator answer through MSW (in Node and in a browser) and through a real server.

const MAX_LOG_ENTRIES = 1000;
const LOGGED_ROUTES = new Set<Route['type']>(['pay', 'poll', 'token', 'session', 'transaction']);

/** The log entry of an API request: never its body or headers (phone numbers, credentials). */
function logEntry(state: EmulatorState, request: EmulatorRequest, path: string, route: Route): LoggedRequest {
  const method = request.method.toUpperCase();
  const entry: LoggedRequest = {
    method,
    path,
    route: LOGGED_ROUTES.has(route.type) ? (route.type as LoggedRequest['route']) : 'other',
    time: state.now(),
  };
  if (route.type === 'pay' || route.type === 'poll') entry.sessionId = route.sessionId;
  if (route.type === 'poll') entry.requestId = route.requestId;
  if (route.type === 'pay') {
    const token = cookieValue(request.headers, REMEMBER_ME_COOKIE);
    entry.rememberedCustomer = token !== undefined && state.rememberedTokens.has(token);
  }
  state.log.push(entry);
  if (state.log.length > MAX_LOG_ENTRIES) state.log.splice(0, state.log.length - MAX_LOG_ENTRIES);
  return entry;
}

/** The answer of one API route (the control API and the return page are handled before). */
async function answerApi(
  state: EmulatorState,
  request: EmulatorRequest,
  route: Route,
  origin: string,
): Promise<EmulatorResponse> {
  switch (route.type) {
    case 'pay':
      return handlePay(state, request, origin, route.sessionId);
    case 'poll':
      return handlePoll(state, route, origin);
    case 'token':
      return handleToken(state, request, route.accountId);
    case 'session':
      return handleCreateSession(state, request, origin);
    case 'transaction':
      return handleTransaction(state, request, route.transactionId);
    case 'hosted':
      return hostedCheckoutPage(route.sessionId);
    default:
      return notFound();
  }
}

/**
 * Creates an emulator of Dintero Checkout: the shopper's pay call and status checks, and the
 * merchant server's access token, session creation and transaction read. It routes
 * `POST {basePath}/sessions/{session_id}/pay`, the status checks at Dintero's documented
 * `GET {basePath}/view/{session_id}/swish/{payment_request_id}/status` (`vipps` and `mobilepay` in
 * place of `swish` for those apps' poll flow), `POST {basePath}/accounts/{account_id}/auth/token`,
 * `POST {basePath}/sessions-profile`, `GET {basePath}/transactions/{id}`, the control API and the
 * app pages under `/__emulator/`, and a small return page at `/return`.
 *
 * A second pay on a session whose payment request is still live answers the same request again when
 * it asks for the same thing (same `payment_product_type` and `phone_number`) and 400
 * `PAYMENT_IN_PROGRESS` otherwise; a pay on a session already paid answers 400 `SESSION_ALREADY_PAID`.
 *
 * Scenario precedence for a pay call: the session's scenario (`setScenario`) over a magic phone
 * number over the emulator's `scenario` option (default `approve`). See {@link MAGIC_PHONE_NUMBERS}.
 */
export function createDinteroEmulator(options: DinteroEmulatorOptions = {}): DinteroEmulator {
  const state = createState(options, normaliseBasePath(options.basePath ?? '/v1'));

  function setScenario(sessionId: string, scenario: ScenarioName | undefined): void {
    const session = sessionFor(state, sessionId);
    if (scenario === undefined) delete session.scenario;
    else session.scenario = scenario;
  }
  const actions: ControlActions = { reset: () => resetState(state), setScenario };

  async function handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return errorBody(400, 'The request URL is not absolute', 'BAD_REQUEST');
    }
    const origin = (options.origin ?? url.origin).replace(/\/+$/, '');
    const method = request.method.toUpperCase();
    const route = routeOf(method, url.pathname, state.basePath, options.returnUrl === undefined);
    if (route.type === 'control') {
      return handleControl(state, actions, { method, action: route.action, body: request.body, url });
    }
    if (route.type === 'return') return returnPage(url);

    const entry = logEntry(state, request, url.pathname, route);
    let response: EmulatorResponse;
    try {
      response = await answerApi(state, request, route, origin);
    } catch {
      response = errorBody(500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
    }
    entry.status = response.status;
    return response;
  }

  return {
    handle,
    basePath: state.basePath,
    pending: () => pendingList(state),
    approve: (requestId) => decide(state, requestId, 'approved'),
    decline: (requestId) => decide(state, requestId, 'declined'),
    setScenario,
    setDefaultScenario(scenario) {
      state.defaultScenario = scenario;
    },
    configureSession(sessionId, settings) {
      const session = sessionFor(state, sessionId);
      if (settings.updatedAt !== undefined) session.updatedAt = settings.updatedAt;
      if (settings.merchantReference !== undefined) session.merchantReference = settings.merchantReference;
      if (settings.scenario === null) delete session.scenario;
      else if (settings.scenario !== undefined) session.scenario = settings.scenario;
      return copySession(session);
    },
    getSession(sessionId) {
      const session = state.sessions.get(sessionId);
      return session ? copySession(session) : undefined;
    },
    getTransaction(transactionId) {
      const transaction = state.transactions.get(transactionId);
      return transaction ? (JSON.parse(JSON.stringify(transaction)) as typeof transaction) : undefined;
    },
    get requests() {
      return state.log.map((entry) => ({ ...entry }));
    },
    reset: actions.reset,
  };
}
