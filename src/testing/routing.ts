import { CONTROL_PREFIX } from './constants';

/** Every endpoint the emulator answers, told apart by method and path only. */
export type Route =
  | { type: 'pay'; sessionId: string }
  | { type: 'poll'; sessionId: string; app: string; requestId: string }
  | { type: 'token'; accountId: string }
  | { type: 'session' }
  | { type: 'transaction'; transactionId: string }
  | { type: 'hosted'; sessionId: string }
  | { type: 'control'; action: string[] }
  | { type: 'return' }
  | { type: 'none' };

/** `/v1/` → `/v1`, `v1` → `/v1`, `/` → `''`. */
export function normaliseBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter(Boolean).map(safeDecode);
}

/** The API routes below the base path (`rest` is the path after it, split into segments). */
function apiRoute(method: string, rest: string[]): Route {
  const [first, second, third, fourth, fifth] = rest;
  if (method === 'POST' && rest.length === 3 && first === 'sessions' && third === 'pay') {
    return { type: 'pay', sessionId: second! };
  }
  if (method === 'GET' && rest.length === 5 && first === 'view' && fifth === 'status') {
    return { type: 'poll', sessionId: second!, app: third!, requestId: fourth! };
  }
  // The token endpoint is on Dintero's API host, the others on the checkout host: one origin here.
  if (
    method === 'POST' &&
    rest.length === 4 &&
    first === 'accounts' &&
    third === 'auth' &&
    fourth === 'token'
  ) {
    return { type: 'token', accountId: second! };
  }
  if (method === 'POST' && rest.length === 1 && first === 'sessions-profile') return { type: 'session' };
  if (method === 'GET' && rest.length === 2 && first === 'transactions') {
    return { type: 'transaction', transactionId: second! };
  }
  if (method === 'GET' && rest.length === 2 && first === 'view')
    return { type: 'hosted', sessionId: second! };
  return { type: 'none' };
}

/**
 * The route of a request: the control API and its pages under `/__emulator/`, the return page at
 * `/return` (unless the shop's own `returnUrl` replaces it), and the API under `basePath`.
 */
export function routeOf(
  method: string,
  pathname: string,
  basePath: string,
  servesReturnPage: boolean,
): Route {
  if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) {
    return { type: 'control', action: segmentsOf(pathname).slice(1) };
  }
  if (method === 'GET' && pathname === '/return' && servesReturnPage) return { type: 'return' };
  if (basePath !== '' && !(pathname === basePath || pathname.startsWith(`${basePath}/`)))
    return { type: 'none' };
  return apiRoute(method, segmentsOf(pathname.slice(basePath.length)));
}
