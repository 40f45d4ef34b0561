import type { HttpHandler } from 'msw';
import {
  CONTROL_PREFIX,
  createDinteroEmulator,
  type DinteroEmulator,
  type DinteroEmulatorOptions,
} from './emulator';

// msw is an optional peer, and only createDinteroHandlers needs it. A static import would make
// every import of the testing kit fail without msw (ERR_MODULE_NOT_FOUND), the emulator server
// included; a top-level dynamic import loads it when it is there and remembers why when it is not.
const mswLoad: { module: typeof import('msw') } | { error: unknown } = await import('msw').then(
  (module) => ({ module }),
  (error: unknown) => ({ error }),
);

export interface DinteroHandlersOptions extends Omit<DinteroEmulatorOptions, 'basePath'> {
  /** The API base the client under test uses; default `https://checkout.dintero.com/v1`. */
  baseUrl?: string;
  /**
   * An emulator to forward to (e.g. shared with a story's controls). Its `basePath` must equal the
   * path of `baseUrl`; the other options are ignored then.
   */
  emulator?: DinteroEmulator;
}

export interface DinteroHandlers {
  /**
   * MSW request handlers: pay, the status checks (`/view/{session_id}/swish/{payment_request_id}/status`)
   * and the control API under `/__emulator/` on the same origin.
   */
  handlers: HttpHandler[];
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
  const { baseUrl: rawBaseUrl, emulator: given, ...emulatorOptions } = options;
  const baseUrl = (rawBaseUrl ?? 'https://checkout.dintero.com/v1').replace(/\/+$/, '');
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  if (given && given.basePath !== basePath) {
    throw new Error(
      `createDinteroHandlers: the emulator's basePath "${given.basePath}" differs from "${basePath}"`,
    );
  }
  const emulator = given ?? createDinteroEmulator({ ...emulatorOptions, basePath });

  const forward = async ({ request }: { request: Request }) => {
    const method = request.method.toUpperCase();
    const body = method === 'GET' || method === 'HEAD' ? undefined : await request.text();
    const answer = await emulator.handle({ method, url: request.url, headers: request.headers, body });
    // A Response with a null-body status (204, 304) must not be given a body, not even ''.
    const nullBody = answer.status === 204 || answer.status === 304 || answer.body === '';
    return new HttpResponse(nullBody ? null : answer.body, {
      status: answer.status,
      headers: answer.headers,
    });
  };

  const handlers: HttpHandler[] = [
    http.post(`${baseUrl}/sessions/:sessionId/pay`, forward),
    http.get(`${baseUrl}/view/:sessionId/:app/:requestId/status`, forward),
    http.all(`${base.origin}${CONTROL_PREFIX}/*`, forward),
  ];
  return { handlers, emulator };
}
