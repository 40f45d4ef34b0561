import { http, HttpResponse, type HttpHandler } from 'msw';
import {
  CONTROL_PREFIX,
  createDinteroEmulator,
  type DinteroEmulator,
  type DinteroEmulatorOptions,
} from './emulator';

// msw is an optional peer: this is the only module of the testing kit that imports it, so the
// emulator engine and the server stay usable without it.

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
  /** MSW request handlers: pay, poll and the control API under `/__emulator/` on the same origin. */
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
    http.get(`${baseUrl}/sessions/:sessionId/requests/:requestId/status`, forward),
    http.all(`${base.origin}${CONTROL_PREFIX}/*`, forward),
  ];
  return { handlers, emulator };
}
