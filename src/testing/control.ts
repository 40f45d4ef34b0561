import { errorBody, json, noContent } from './http';
import { appPage, authenticationPage, decisionPage } from './pages';
import { decide, pendingList, settle } from './payments';
import { isScenarioName, type ScenarioName } from './scenarios';
import type { EmulatorState } from './state';
import type { EmulatorResponse } from './types';

// The control API under `/__emulator/` (same origin as the API): what a test, a story or the
// demo's simulated phone uses to play the shopper, and the pages an app link opens.

/** What the control API needs of the emulator besides its state. */
export interface ControlActions {
  reset(): void;
  setScenario(sessionId: string, scenario: ScenarioName | undefined): void;
}

const notPending = () => errorBody(409, 'The payment request is no longer pending', 'NOT_PENDING');
const requestNotFound = () => errorBody(404, 'Payment request not found', 'PAYMENT_REQUEST_NOT_FOUND');

function decideByApi(state: EmulatorState, requestId: string, verb: 'approve' | 'decline'): EmulatorResponse {
  if (!state.paymentRequests.has(requestId)) return requestNotFound();
  const decision = verb === 'approve' ? 'approved' : 'declined';
  return decide(state, requestId, decision) ? json(200, { requestId, decision }) : notPending();
}

function scenarioByApi(actions: ControlActions, sessionId: string, body: string | null | undefined) {
  let scenario: unknown;
  try {
    scenario = (JSON.parse(body || '{}') as { scenario?: unknown }).scenario;
  } catch {
    return errorBody(400, 'The request body is not valid JSON', 'BAD_REQUEST');
  }
  if (scenario !== null && !isScenarioName(scenario)) {
    return errorBody(400, 'Unknown scenario', 'BAD_REQUEST', [{ field: 'scenario' }]);
  }
  actions.setScenario(sessionId, scenario ?? undefined);
  return json(200, { sessionId, scenario });
}

/** `GET /__emulator/app/{id}` shows the request; `POST …/approve` or `…/decline` decides it. */
function appByPage(
  state: EmulatorState,
  method: string,
  requestId: string,
  verb: string | undefined,
  url: URL,
) {
  const record = state.paymentRequests.get(requestId);
  if (!record) return requestNotFound();
  const fallback = url.searchParams.get('fallback');
  if (method === 'GET' && verb === undefined) {
    settle(state, record);
    return appPage(record, state.sessions.get(record.sessionId)?.order, fallback, state.now());
  }
  if (method === 'POST' && (verb === 'approve' || verb === 'decline')) {
    const decision = verb === 'approve' ? 'approved' : 'declined';
    return decisionPage(decide(state, requestId, decision), decision, fallback);
  }
  return errorBody(404, 'Not found', 'NOT_FOUND');
}

export function handleControl(
  state: EmulatorState,
  actions: ControlActions,
  request: { method: string; action: string[]; body: string | null | undefined; url: URL },
): EmulatorResponse {
  const { method, action, body, url } = request;
  const [first, id, verb] = action;
  if (action.length === 1 && method === 'GET' && first === 'pending') return json(200, pendingList(state));
  if (action.length === 1 && method === 'GET' && first === 'requests') return json(200, state.log);
  if (action.length === 1 && method === 'POST' && first === 'reset') {
    actions.reset();
    return noContent();
  }
  if (
    action.length === 3 &&
    method === 'POST' &&
    first === 'requests' &&
    (verb === 'approve' || verb === 'decline')
  ) {
    return decideByApi(state, id!, verb);
  }
  if (action.length === 3 && method === 'POST' && first === 'sessions' && verb === 'scenario') {
    return scenarioByApi(actions, id!, body);
  }
  if (first === 'authenticate' && id) return authenticationPage();
  if (first === 'app' && id && action.length <= 3) return appByPage(state, method, id, verb, url);
  return errorBody(404, 'Not found', 'NOT_FOUND');
}
