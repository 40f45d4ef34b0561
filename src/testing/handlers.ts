import { CONTROL_PREFIX } from './constants';
import { createDinteroEmulator } from './emulator';
import type { DinteroEmulator, DinteroEmulatorOptions } from './types';

// msw is an optional peer, and only createDinteroHandlers needs it. A static import would make
// every import of the testing kit fail without msw (ERR_MODULE_NOT_FOUND), the emulator server
// included; a top-level dynamic import loads it when it is there and remembers why when it is not.
const mswLoad: { module: typeof import('msw') } | { error: unknown } = await import('msw').then(
  (module) => ({ module }),
  (error: unknown) => ({ error }),
);

/**
 * One MSW 2 request handler, as `setupServer(...)`, `setupWorker(...)`, `server.use(...)` and
 * `worker.use(...)` take it (it is msw's `HttpHandler`). Opaque on purpose: pass it on, do not
 * look inside. Naming msw's class here would make these declarations fail to compile wherever msw
 * is not installed, and msw's handler classes have private members, so no type written without
 * msw's could be passed to msw; the bottom type can, to any of them.
 */
export type DinteroMswHandler = never;

export interface DinteroHandlersOptions extends Omit<DinteroEmulatorOptions, 'basePath'> {
  /** The API base the client under test uses; default `https://checkout.dintero.com/v1`. */
  baseUrl?: string;
  /**
   * The API host of the merchant's server calls (the access token); default
   * `https://api.dintero.com`. Its token endpoint is answered by the same emulator.
   */
  apiUrl?: string;
  /**
   * An emulator to forward to (e.g. shared with a story's controls). Its `basePath` must equal the
   * path of `baseUrl`; the other options are ignored then.
   */
  emulator?: DinteroEmulator;
}

export interface DinteroHandlers {
  /**
   * MSW request handlers: pay, the status checks (`/view/{session_id}/{app}/{payment_request_id}/status`),
   * the merchant server's calls (token on `apiUrl`, `sessions-profile` and `transactions/{id}` on
   * `baseUrl`), and the control API and app pages under `/__emulator/` on the same origin.
   */
  handlers: DinteroMswHandler[];
  /** The engine behind them: `pending()`, `approve()`, `decline()`, `setScenario()`, `requests`… */
  emulator: DinteroEmulator;
}

/**
 * MSW 2 handlers that answer like Dintero Checkout, backed by an emulator.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createDinteroHandlers, MAGIC_PHONE_NUMBERS } from 'react-dintero-pay/testing';
 *
 * const { handlers, emulator } = createDinteroHandlers();
 * const server = setupServer(...handlers);
 * beforeAll(() => server.listen());
 * afterEach(() => emulator.reset());
 * afterAll(() => server.close());
 *
 * // in a test: pay, then
 * emulator.approve(emulator.pending()[0]!.requestId);
 * ```
 */
export function createDinteroHandlers(options: DinteroHandlersOptions = {}): DinteroHandlers {
  if ('error' in mswLoad) {
    throw new Error(
      'createDinteroHandlers needs the optional peer dependency "msw" (npm install --save-dev msw); ' +
        'startDinteroEmulator and createDinteroEmulator work without it',
      { cause: mswLoad.error },
    );
  }
  const { http, HttpResponse } = mswLoad.module;
  const { baseUrl: rawBaseUrl, apiUrl: rawApiUrl, emulator: given, ...emulatorOptions } = options;
  const baseUrl = (rawBaseUrl ?? 'https://checkout.dintero.com/v1').replace(/\/+$/, '');
  const apiUrl = (rawApiUrl ?? 'https://api.dintero.com').replace(/\/+$/, '');
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  if (given && given.basePath !== basePath) {
    throw new Error(
      `createDinteroHandlers: the emulator's basePath "${given.basePath}" differs from "${basePath}"`,
    );
  }
  const emulator = given ?? createDinteroEmulator({ ...emulatorOptions, basePath });

  /** Answers through the emulator; `url` replaces the request's (the API host's token path). */
  const forwardAs =
    (url?: (request: Request) => string) =>
    async ({ request }: { request: Request }) => {
      const method = request.method.toUpperCase();
      const body = method === 'GET' || method === 'HEAD' ? undefined : await request.text();
      const target = url ? url(request) : request.url;
      const answer = await emulator.handle({ method, url: target, headers: request.headers, body });
      // A Response with a null-body status (204, 304) must not be given a body, not even ''.
      const nullBody = answer.status === 204 || answer.status === 304 || answer.body === '';
      return new HttpResponse(nullBody ? null : answer.body, {
        status: answer.status,
        headers: answer.headers,
      });
    };
  const forward = forwardAs();
  // Production has the token on the API host (`/v1/accounts/…`); the emulator serves it below its base.
  const tokenOnBase = forwardAs(
    (request) => `${baseUrl}${new URL(request.url).pathname.replace(/^\/v1/, '')}`,
  );

  const handlers = [
    http.post(`${baseUrl}/sessions/:sessionId/pay`, forward),
    http.get(`${baseUrl}/view/:sessionId/:app/:requestId/status`, forward),
    http.post(`${baseUrl}/sessions-profile`, forward),
    http.get(`${baseUrl}/transactions/:transactionId`, forward),
    http.get(`${baseUrl}/view/:sessionId`, forward),
    http.post(`${baseUrl}/accounts/:accountId/auth/token`, forward),
    http.post(`${apiUrl}/v1/accounts/:accountId/auth/token`, tokenOnBase),
    http.all(`${base.origin}${CONTROL_PREFIX}/*`, forward),
  ];
  return { handlers: handlers as DinteroMswHandler[], emulator };
}
