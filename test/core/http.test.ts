import * as fc from 'fast-check';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PayError, type PayErrorKind } from '../../src/core/errors';
import {
  createDinteroClient,
  DEFAULT_BASE_URL,
  MAX_RESPONSE_BYTES,
  parseRetryAfter,
  type FetchLike,
  type HttpResult,
} from '../../src/core/http';
import { resolveBaseUrl } from '../../src/core/url-guards';
import { BASE_URL, QR } from './fixtures';

const SESSION = 'T11223344.abc';
const PAY_URL = `${BASE_URL}/sessions/${SESSION}/pay`;
const POLL_URL = `${BASE_URL}/view/${SESSION}/swish/P1/status`;
const BODY = { payment_product_type: 'swish.swish' };
const SERVER_TEXT = 'Secret server wording 0701234567 <b>do not show</b>';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});
afterAll(() => server.close());

const online = () => false;
const client = (options: Parameters<typeof createDinteroClient>[0] = {}) =>
  createDinteroClient({ baseUrl: BASE_URL, isOffline: online, ...options });

function expectError<T>(result: HttpResult<T>, kind: PayErrorKind): PayError {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected an error');
  expect(result.error).toBeInstanceOf(PayError);
  expect(result.error.kind).toBe(kind);
  return result.error;
}

/** Everything a PayError exposes, as text: nothing the server wrote may show up in it. */
function everythingIn(error: PayError): string {
  return [
    error.message,
    String(error),
    error.stack ?? '',
    JSON.stringify(error),
    JSON.stringify(Object.entries(error)),
  ].join('\n');
}

/** A fetch that answers once the request is aborted, like a real one with a silent server. */
function hangingFetch(): FetchLike & { calls: RequestInit[] } {
  const calls: RequestInit[] = [];
  const fn = ((_url: string, init: RequestInit) => {
    calls.push(init);
    return new Promise<Response>((_resolve, reject) => {
      if (init.signal?.aborted) reject(new DOMException('aborted', 'AbortError'));
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  }) as FetchLike & { calls: RequestInit[] };
  fn.calls = calls;
  return fn;
}

/** A Response with any status, including ones the Response constructor refuses (1xx, 204 with a body). */
function anyResponse(
  status: number,
  body: string | ReadableStream<Uint8Array> | null,
  headers: HeadersInit = {},
) {
  const response = new Response(body, { status: 200, headers });
  if (status !== 200) Object.defineProperty(response, 'status', { value: status });
  return response;
}

describe('createDinteroClient: request shape', () => {
  it('POSTs the JSON body to {base}/sessions/{id}/pay without an authorization header', async () => {
    let seen: Request | undefined;
    let body: unknown;
    server.use(
      http.post(PAY_URL, async ({ request }) => {
        seen = request.clone();
        body = await request.json();
        return HttpResponse.json({ success: true, actions: [], redirect_url: 'https://shop.example/r' });
      }),
    );
    const result = await client().pay(SESSION, { ...BODY, phone_number: '+46701234567', remember_me: true });
    expect(result).toEqual({
      ok: true,
      status: 200,
      data: { success: true, actions: [], redirect_url: 'https://shop.example/r' },
    });
    expect(seen?.method).toBe('POST');
    expect(seen?.url).toBe(PAY_URL);
    expect(seen?.headers.get('content-type')).toBe('application/json');
    expect(seen?.headers.get('accept')).toBe('application/json');
    expect(seen?.headers.has('if-unmodified-since')).toBe(false);
    expect(seen?.headers.has('authorization')).toBe(false);
    expect(body).toEqual({
      payment_product_type: 'swish.swish',
      phone_number: '+46701234567',
      remember_me: true,
    });
  });

  it('sends If-Unmodified-Since only when the session updated_at is given', async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.post(PAY_URL, ({ request }) => {
        seen.push(request.headers.get('if-unmodified-since'));
        return HttpResponse.json({ success: true, actions: [], redirect_url: 'https://shop.example/r' });
      }),
    );
    await client().pay(SESSION, BODY, { sessionUpdatedAt: '2026-07-01T10:00:00.000Z' });
    await client().pay(SESSION, BODY);
    await client().pay(SESSION, BODY, { sessionUpdatedAt: '' });
    expect(seen).toEqual(['2026-07-01T10:00:00.000Z', null, null]);
  });

  it('encodes the session id so it cannot change the path', async () => {
    const fetch = vi.fn<FetchLike>(async () =>
      Response.json({ success: true, redirect_url: 'https://s.example/' }),
    );
    await client({ fetch }).pay('T1/../../admin?x=1#y', BODY);
    expect(fetch.mock.calls[0]![0]).toBe(`${BASE_URL}/sessions/T1%2F..%2F..%2Fadmin%3Fx%3D1%23y/pay`);
  });

  it('strips trailing slashes from the base and defaults to Dintero checkout', () => {
    expect(createDinteroClient({ baseUrl: `${BASE_URL}///` }).baseUrl).toBe(BASE_URL);
    expect(createDinteroClient().baseUrl).toBe(DEFAULT_BASE_URL);
    expect(DEFAULT_BASE_URL).toBe('https://checkout.dintero.com/v1');
  });

  it('passes same-origin credentials, manual redirects, no-store and its own abort signal to the injected fetch', async () => {
    const fetch = vi.fn<FetchLike>(async () =>
      Response.json({ success: true, redirect_url: 'https://s.example/' }),
    );
    await client({ fetch }).pay(SESSION, BODY);
    const init = fetch.mock.calls[0]![1];
    expect(init).toMatchObject({
      method: 'POST',
      credentials: 'same-origin',
      redirect: 'manual',
      cache: 'no-store',
    });
    expect(init.signal).toBeInstanceOf(AbortSignal);
    expect(JSON.parse(init.body as string)).toEqual(BODY);
  });

  it('GETs the poll URL as given', async () => {
    const fetch = vi.fn<FetchLike>(async () => new Response(null, { status: 202 }));
    await client({ fetch }).poll(POLL_URL);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toBe(POLL_URL);
    expect(fetch.mock.calls[0]![1]).toMatchObject({
      method: 'GET',
      credentials: 'same-origin',
      redirect: 'manual',
      cache: 'no-store',
    });
    expect(fetch.mock.calls[0]![1].body).toBeUndefined();
  });

  it('looks up the global fetch at call time', async () => {
    const c = client();
    const fetch = vi.fn<FetchLike>(async () => new Response(null, { status: 202 }));
    vi.stubGlobal('fetch', fetch);
    await c.poll(POLL_URL);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('createDinteroClient: abort', () => {
  it('aborts the fetch when the caller aborts', async () => {
    const fetch = hangingFetch();
    const controller = new AbortController();
    const pending = client({ fetch }).pay(SESSION, BODY, { signal: controller.signal });
    await Promise.resolve();
    expect(fetch.calls[0]!.signal!.aborted).toBe(false);
    controller.abort();
    expect(fetch.calls[0]!.signal!.aborted).toBe(true);
    const error = expectError(await pending, 'network');
    expect(error.retryable).toBe(true);
  });

  it('aborts the poll fetch when the caller aborts', async () => {
    const fetch = hangingFetch();
    const controller = new AbortController();
    const pending = client({ fetch }).poll(POLL_URL, { signal: controller.signal });
    controller.abort();
    expect(fetch.calls[0]!.signal!.aborted).toBe(true);
    expect((await pending).ok).toBe(false);
  });

  it('starts already aborted when the caller signal was aborted before', async () => {
    const fetch = hangingFetch();
    const result = await client({ fetch }).pay(SESSION, BODY, { signal: AbortSignal.abort() });
    expect(fetch.calls[0]!.signal!.aborted).toBe(true);
    expect(result.ok).toBe(false);
  });

  it('aborts a request still waiting at the MSW server', async () => {
    server.use(
      http.get(POLL_URL, async () => {
        await delay('infinite');
        return new HttpResponse(null, { status: 202 });
      }),
    );
    const controller = new AbortController();
    const pending = client().poll(POLL_URL, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    expect((await pending).ok).toBe(false);
  });

  it('lets go of the caller signal and the timer once answered', async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const fetch = vi.fn<FetchLike>(async () => new Response(null, { status: 202 }));
    await client({ fetch, pollTimeoutMs: 5 }).poll(POLL_URL, { signal: controller.signal });
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
    await new Promise((r) => setTimeout(r, 20));
    expect(fetch.mock.calls[0]![1].signal!.aborted).toBe(false);
  });
});

describe('createDinteroClient: transport errors', () => {
  it('reports network when fetch rejects, without its message', async () => {
    const fetch = vi.fn<FetchLike>(async () => {
      throw new TypeError(`Failed to fetch ${SERVER_TEXT}`);
    });
    const error = expectError(await client({ fetch }).pay(SESSION, BODY), 'network');
    expect(error.retryable).toBe(true);
    expect(everythingIn(error)).not.toContain('Secret');
    expectError(await client({ fetch }).poll(POLL_URL), 'network');
  });

  it('reports network when fetch throws synchronously', async () => {
    const fetch = (() => {
      throw new Error('boom');
    }) as FetchLike;
    expectError(await client({ fetch }).pay(SESSION, BODY), 'network');
  });

  it('reports network through MSW when the connection fails', async () => {
    server.use(http.post(PAY_URL, () => HttpResponse.error()));
    expectError(await client().pay(SESSION, BODY), 'network');
  });

  it('reports network when there is no fetch at all', async () => {
    vi.stubGlobal('fetch', undefined);
    expectError(await client().pay(SESSION, BODY), 'network');
  });

  it('fails fast when offline: no request is made at all', async () => {
    const fetch = vi.fn<FetchLike>();
    const c = client({ fetch, isOffline: () => true });
    const error = expectError(await c.pay(SESSION, BODY), 'offline');
    expect(error.retryable).toBe(true);
    expectError(await c.poll(POLL_URL), 'offline');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('uses navigator.onLine by default', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const fetch = vi.fn<FetchLike>();
    expectError(await createDinteroClient({ baseUrl: BASE_URL, fetch }).pay(SESSION, BODY), 'offline');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reports offline when the connection drops during the request', async () => {
    let offline = false;
    const fetch = vi.fn<FetchLike>(async () => {
      offline = true;
      throw new TypeError('Failed to fetch');
    });
    expectError(await client({ fetch, isOffline: () => offline }).pay(SESSION, BODY), 'offline');
  });

  it('times out a pay call that gets no answer', async () => {
    const fetch = hangingFetch();
    const started = Date.now();
    const error = expectError(await client({ fetch, payTimeoutMs: 20 }).pay(SESSION, BODY), 'timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(error.retryable).toBe(true);
    expect(fetch.calls[0]!.signal!.aborted).toBe(true);
  });

  it('times out a poll with its own timeout', async () => {
    const fetch = hangingFetch();
    expectError(await client({ fetch, pollTimeoutMs: 20, payTimeoutMs: 60_000 }).poll(POLL_URL), 'timeout');
  });

  it('times out a body that stalls after the headers', async () => {
    const fetch: FetchLike = async (_url, init) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"success":'));
          init.signal?.addEventListener('abort', () =>
            controller.error(new DOMException('aborted', 'AbortError')),
          );
        },
      });
      return new Response(body, { headers: { 'content-type': 'application/json' } });
    };
    expectError(await client({ fetch, payTimeoutMs: 20 }).pay(SESSION, BODY), 'timeout');
  });

  it('times out through MSW when the server is silent', async () => {
    server.use(
      http.post(PAY_URL, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    expectError(await client({ payTimeoutMs: 20 }).pay(SESSION, BODY), 'timeout');
  });
});

describe('createDinteroClient: HTTP errors', () => {
  const dinteroError = (code: string, errors?: unknown[]) => ({
    error: { message: SERVER_TEXT, code, ...(errors ? { errors } : {}) },
  });

  it('maps 400 with Dintero’s error body to invalid_request with code and field, never its message', async () => {
    server.use(
      http.post(PAY_URL, () =>
        HttpResponse.json(
          dinteroError('invalid_phone_number', [
            { message: SERVER_TEXT },
            { field: 'phone_number', message: SERVER_TEXT, value: '+46701234567' },
            { field: 'other' },
          ]),
          { status: 400 },
        ),
      ),
    );
    const error = expectError(await client().pay(SESSION, BODY), 'invalid_request');
    expect(error).toMatchObject({
      code: 'invalid_phone_number',
      field: 'phone_number',
      httpStatus: 400,
      retryable: false,
    });
    const exposed = everythingIn(error);
    for (const fragment of ['Secret', 'server wording', '0701234567', '46701234567', '<b>']) {
      expect(exposed).not.toContain(fragment);
    }
  });

  it('maps 400 without a usable body to invalid_request without code or field', async () => {
    server.use(
      http.post(
        PAY_URL,
        () =>
          new HttpResponse(`<h1>${SERVER_TEXT}</h1>`, {
            status: 400,
            headers: { 'content-type': 'text/html' },
          }),
      ),
    );
    const error = expectError(await client().pay(SESSION, BODY), 'invalid_request');
    expect(error.code).toBeUndefined();
    expect(error.field).toBeUndefined();
    expect(everythingIn(error)).not.toContain('Secret');
  });

  it('ignores an error body of the wrong shape', async () => {
    server.use(
      http.post(PAY_URL, () => HttpResponse.json({ error: SERVER_TEXT, code: 'x' }, { status: 400 })),
    );
    const error = expectError(await client().pay(SESSION, BODY), 'invalid_request');
    expect(error.code).toBeUndefined();
  });

  it('maps 404 to session_not_found', async () => {
    server.use(http.post(PAY_URL, () => HttpResponse.json(dinteroError('not_found'), { status: 404 })));
    const error = expectError(await client().pay(SESSION, BODY), 'session_not_found');
    expect(error).toMatchObject({ code: 'not_found', httpStatus: 404, retryable: false });
  });

  it('maps 412 to session_changed, not retryable', async () => {
    server.use(http.post(PAY_URL, () => new HttpResponse(null, { status: 412 })));
    const error = expectError(
      await client().pay(SESSION, BODY, { sessionUpdatedAt: 'x' }),
      'session_changed',
    );
    expect(error).toMatchObject({ httpStatus: 412, retryable: false });
  });

  it('maps 429 with Retry-After in seconds', async () => {
    server.use(
      http.post(PAY_URL, () =>
        HttpResponse.json(dinteroError('rate'), { status: 429, headers: { 'Retry-After': '7' } }),
      ),
    );
    const error = expectError(await client().pay(SESSION, BODY), 'rate_limited');
    expect(error).toMatchObject({ retryAfterMs: 7000, retryable: true, httpStatus: 429, code: 'rate' });
  });

  it('maps 429 with Retry-After as an HTTP date', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const now = Date.UTC(2026, 6, 1, 12, 0, 0);
    vi.setSystemTime(now);
    const at = new Date(now + 45_000).toUTCString();
    server.use(
      http.post(PAY_URL, () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': at } })),
    );
    const error = expectError(await client().pay(SESSION, BODY), 'rate_limited');
    expect(error.retryAfterMs).toBe(45_000);
  });

  it('maps 429 without Retry-After to a zero wait', async () => {
    server.use(http.post(PAY_URL, () => new HttpResponse(null, { status: 429 })));
    expect(expectError(await client().pay(SESSION, BODY), 'rate_limited').retryAfterMs).toBe(0);
  });

  it.each([500, 502, 503, 504, 599])('maps %i to server, retryable', async (status) => {
    server.use(
      http.post(
        PAY_URL,
        () =>
          new HttpResponse(`<html><body>${SERVER_TEXT}</body></html>`, {
            status,
            headers: { 'content-type': 'text/html' },
          }),
      ),
    );
    const error = expectError(await client().pay(SESSION, BODY), 'server');
    expect(error).toMatchObject({ httpStatus: status, retryable: true });
    expect(error.retryAfterMs).toBeUndefined();
    expect(everythingIn(error)).not.toContain('Secret');
  });

  it('keeps Retry-After on 503', async () => {
    server.use(
      http.get(POLL_URL, () => new HttpResponse(null, { status: 503, headers: { 'Retry-After': '30' } })),
    );
    expect(expectError(await client().poll(POLL_URL), 'server').retryAfterMs).toBe(30_000);
  });

  it.each([401, 403, 405, 409, 410, 422])('maps other 4xx (%i) to invalid_request', async (status) => {
    server.use(http.post(PAY_URL, () => new HttpResponse(null, { status })));
    expect(expectError(await client().pay(SESSION, BODY), 'invalid_request').httpStatus).toBe(status);
  });

  it.each([101, 204, 206, 300, 304])('maps an unexpected status (%i) to invalid_response', async (status) => {
    const fetch: FetchLike = async () => anyResponse(status, null);
    expect(expectError(await client({ fetch }).pay(SESSION, BODY), 'invalid_response').httpStatus).toBe(
      status,
    );
  });

  it('maps a poll 404 to session_not_found', async () => {
    server.use(
      http.get(POLL_URL, () => HttpResponse.json(dinteroError('payment_request_not_found'), { status: 404 })),
    );
    expectError(await client().poll(POLL_URL), 'session_not_found');
  });
});

describe('createDinteroClient: unexpected answers', () => {
  const respond = (body: string | null, headers: Record<string, string>, status = 200) => {
    server.use(http.post(PAY_URL, () => new HttpResponse(body, { status, headers })));
  };

  it('refuses malformed JSON', async () => {
    respond('{"success": true, "redirect_url": ', { 'content-type': 'application/json' });
    expect(expectError(await client().pay(SESSION, BODY), 'invalid_response')).toMatchObject({
      httpStatus: 200,
      retryable: false,
    });
  });

  it('refuses an HTML page with status 200', async () => {
    respond(`<!doctype html><title>Maintenance</title>${SERVER_TEXT}`, {
      'content-type': 'text/html; charset=utf-8',
    });
    const error = expectError(await client().pay(SESSION, BODY), 'invalid_response');
    expect(everythingIn(error)).not.toContain('Secret');
  });

  it('refuses valid JSON with the wrong content type, or none', async () => {
    const json = JSON.stringify({ success: true, redirect_url: 'https://shop.example/' });
    for (const type of ['text/plain', 'text/html', 'application/javascript', 'application/jsonp', '']) {
      respond(json, type ? { 'content-type': type } : {});
      expectError(await client().pay(SESSION, BODY), 'invalid_response');
    }
    const fetch: FetchLike = async () => anyResponse(200, json, {});
    expectError(await client({ fetch }).pay(SESSION, BODY), 'invalid_response');
  });

  it('accepts JSON content types with parameters or a +json suffix', async () => {
    const json = JSON.stringify({ success: true, redirect_url: 'https://shop.example/' });
    for (const type of [
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/problem+json',
      'application/vnd.dintero+json',
    ]) {
      respond(json, { 'content-type': type });
      expect((await client().pay(SESSION, BODY)).ok).toBe(true);
    }
  });

  it('refuses an empty body on 200, for pay and for poll', async () => {
    respond('', { 'content-type': 'application/json' });
    expectError(await client().pay(SESSION, BODY), 'invalid_response');
    respond(null, {}, 202);
    expectError(await client().pay(SESSION, BODY), 'invalid_response');
    server.use(http.get(POLL_URL, () => new HttpResponse(null, { status: 200 })));
    expectError(await client().poll(POLL_URL), 'invalid_response');
    server.use(
      http.get(
        POLL_URL,
        () => new HttpResponse('  \n', { status: 200, headers: { 'content-type': 'application/json' } }),
      ),
    );
    expectError(await client().poll(POLL_URL), 'invalid_response');
  });

  it('refuses JSON that does not match the schema', async () => {
    for (const body of [
      { success: 'yes', redirect_url: 'https://shop.example/' },
      { redirect_url: 'https://shop.example/' },
      { success: true, redirect_url: 42 },
      { success: true, error_details: [{ authentication_operations: { href: 1 } }] },
      [],
      null,
      'ok',
      1,
    ]) {
      server.use(http.post(PAY_URL, () => HttpResponse.json(body)));
      expect(expectError(await client().pay(SESSION, BODY), 'invalid_response').httpStatus).toBe(200);
    }
  });

  it('refuses a body declared larger than the cap without reading it', async () => {
    const response = new Response('{}', {
      headers: { 'content-type': 'application/json', 'content-length': String(MAX_RESPONSE_BYTES + 1) },
    });
    const fetch: FetchLike = async () => response;
    expectError(await client({ fetch }).pay(SESSION, BODY), 'invalid_response');
    expect(response.bodyUsed).toBe(false);
  });

  it('stops reading a streamed body without content-length once it passes the cap', async () => {
    let pulled = 0;
    let cancelled = false;
    const chunk = new TextEncoder().encode(`"${'a'.repeat(64 * 1024 - 2)}"`);
    // Endless: only the cap can end this read.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const response = new Response(body, { headers: { 'content-type': 'application/json' } });
    expect(response.headers.has('content-length')).toBe(false);
    const fetch: FetchLike = async () => response;
    expectError(await client({ fetch }).pay(SESSION, BODY), 'invalid_response');
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(MAX_RESPONSE_BYTES + 4 * chunk.byteLength);
  });

  it('refuses an oversize body from the MSW server, streamed or not', async () => {
    const big = JSON.stringify({
      success: true,
      redirect_url: 'https://shop.example/',
      pad: 'a'.repeat(MAX_RESPONSE_BYTES),
    });
    respond(big, { 'content-type': 'application/json' });
    expectError(await client().pay(SESSION, BODY), 'invalid_response');
    server.use(
      http.post(PAY_URL, () => {
        const encoded = new TextEncoder().encode(big);
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < encoded.length; i += 65_536) controller.enqueue(encoded.slice(i, i + 65_536));
            controller.close();
          },
        });
        return new HttpResponse(stream, { headers: { 'content-type': 'application/json' } });
      }),
    );
    expectError(await client().pay(SESSION, BODY), 'invalid_response');
  });

  it('accepts a body of exactly the cap', async () => {
    const shell = JSON.stringify({ success: true, redirect_url: 'https://shop.example/', pad: '' });
    const exact = JSON.stringify({
      success: true,
      redirect_url: 'https://shop.example/',
      pad: 'a'.repeat(MAX_RESPONSE_BYTES - shell.length),
    });
    expect(new TextEncoder().encode(exact).byteLength).toBe(MAX_RESPONSE_BYTES);
    respond(exact, { 'content-type': 'application/json' });
    expect((await client().pay(SESSION, BODY)).ok).toBe(true);
  });

  it('counts the cap in bytes, not characters', async () => {
    const shell = JSON.stringify({ success: true, redirect_url: 'https://shop.example/', pad: '' });
    // Each "é" is two bytes in UTF-8: the characters fit, the bytes do not.
    const pad = 'é'.repeat(Math.ceil((MAX_RESPONSE_BYTES - shell.length) / 2) + 1);
    const body = JSON.stringify({ success: true, redirect_url: 'https://shop.example/', pad });
    expect(body.length).toBeLessThan(MAX_RESPONSE_BYTES);
    const bytes = new TextEncoder().encode(body);
    const fetch: FetchLike = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(bytes);
            controller.close();
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    expectError(await client({ fetch }).pay(SESSION, BODY), 'invalid_response');
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const json = JSON.stringify({ success: false, error: 'Avvisad – försök igen', actions: [] });
    const bytes = new TextEncoder().encode(json);
    const fetch: FetchLike = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
            controller.close();
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    const result = await client({ fetch }).pay(SESSION, BODY);
    expect(result.ok && result.data.error).toBe('Avvisad – försök igen');
  });
});

describe('createDinteroClient: answers', () => {
  it('accepts a 202 pay answer with poll, approval and QR fields', async () => {
    const answer = {
      success: true,
      actions: [{ source: 'DINTERO', code: '200', type: 'success' }],
      poll_url: POLL_URL,
      approval_url: 'swish://paymentrequest?token=t',
      qr_code: QR,
      unknown_field: { nested: true },
    };
    server.use(http.post(PAY_URL, () => HttpResponse.json(answer, { status: 202 })));
    const result = await client().pay(SESSION, BODY);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.status).toBe(202);
    expect(result.data).toMatchObject({
      success: true,
      poll_url: POLL_URL,
      approval_url: answer.approval_url,
      qr_code: QR,
    });
  });

  it('treats a bare 202 poll answer as pending', async () => {
    server.use(http.get(POLL_URL, () => new HttpResponse(null, { status: 202 })));
    expect(await client().poll(POLL_URL)).toEqual({ ok: true, status: 202, data: {} });
  });

  it('reads a 202 poll answer with a body', async () => {
    server.use(
      http.get(POLL_URL, () =>
        HttpResponse.json({ keep_polling: true, poll_url: POLL_URL }, { status: 202 }),
      ),
    );
    expect(await client().poll(POLL_URL)).toEqual({
      ok: true,
      status: 202,
      data: { keep_polling: true, poll_url: POLL_URL },
    });
  });

  it('reads a 200 poll answer with a redirect', async () => {
    server.use(
      http.get(POLL_URL, () =>
        HttpResponse.json({ redirect_url: 'https://shop.example/r?transaction_id=T1' }),
      ),
    );
    expect(await client().poll(POLL_URL)).toEqual({
      ok: true,
      status: 200,
      data: { redirect_url: 'https://shop.example/r?transaction_id=T1' },
    });
  });

  it('reads a 200 poll answer without a redirect', async () => {
    server.use(http.get(POLL_URL, () => HttpResponse.json({ keep_polling: false })));
    expect(await client().poll(POLL_URL)).toEqual({ ok: true, status: 200, data: { keep_polling: false } });
  });

  it('refuses a poll answer of the wrong shape', async () => {
    server.use(http.get(POLL_URL, () => HttpResponse.json({ keep_polling: 'no' })));
    expectError(await client().poll(POLL_URL), 'invalid_response');
  });
});

describe('row 31: the client never follows a redirect', () => {
  const REDIRECTS = [301, 302, 303, 307, 308] as const;
  const OTHER = 'https://elsewhere.test';

  it.each(REDIRECTS)(
    'row 31: a %i on the pay POST is invalid_response, one request, nothing read',
    async (status) => {
      const fetch = vi.fn<FetchLike>(
        async () =>
          new Response(JSON.stringify({ success: true, redirect_url: 'https://elsewhere.test/paid' }), {
            status,
            headers: { location: `${OTHER}/v1/sessions/${SESSION}/pay`, 'content-type': 'application/json' },
          }),
      );
      const error = expectError(await client({ fetch }).pay(SESSION, BODY), 'invalid_response');
      expect(error).toMatchObject({ httpStatus: status, retryable: false });
      expect(error.code).toBeUndefined();
      expect(fetch).toHaveBeenCalledTimes(1);
      expect(fetch.mock.calls[0]![1].redirect).toBe('manual');
    },
  );

  it.each(REDIRECTS)('row 31: a %i on a status check is invalid_response, one request', async (status) => {
    const fetch = vi.fn<FetchLike>(
      async () =>
        new Response(JSON.stringify({ error: { message: 'moved', code: 'moved' } }), {
          status,
          headers: { location: POLL_URL, 'content-type': 'application/json' },
        }),
    );
    const error = expectError(await client({ fetch }).poll(POLL_URL), 'invalid_response');
    expect(error.httpStatus).toBe(status);
    expect(error.code).toBeUndefined();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![1].redirect).toBe('manual');
  });

  it('row 31: an opaque redirect (what a browser hands back for redirect: manual) is invalid_response', async () => {
    const opaque = () => {
      const response = new Response(null, { status: 200 });
      Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
      Object.defineProperty(response, 'status', { value: 0 });
      return response;
    };
    const fetch = vi.fn<FetchLike>(async () => opaque());
    expect(expectError(await client({ fetch }).pay(SESSION, BODY), 'invalid_response').httpStatus).toBe(0);
    expect(expectError(await client({ fetch }).poll(POLL_URL), 'invalid_response').httpStatus).toBe(0);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('row 31: an opaque redirect reported with a 200 status is still refused', async () => {
    const fetch: FetchLike = async () => {
      const response = Response.json({ success: true, redirect_url: 'https://elsewhere.test/paid' });
      Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
      return response;
    };
    expectError(await client({ fetch }).pay(SESSION, BODY), 'invalid_response');
  });

  it.each(REDIRECTS)(
    'row 31: through MSW, a %i to another origin reaches nothing there, for pay and for status checks',
    async (status) => {
      const elsewhere: string[] = [];
      server.use(
        http.post(PAY_URL, () => new HttpResponse(null, { status, headers: { location: `${OTHER}/pay` } })),
        http.get(
          POLL_URL,
          () => new HttpResponse(null, { status, headers: { location: `${OTHER}/status` } }),
        ),
        http.all(`${OTHER}/*`, ({ request }) => {
          elsewhere.push(`${request.method} ${request.url}`);
          return HttpResponse.json({
            success: true,
            actions: [],
            redirect_url: 'https://elsewhere.test/paid',
          });
        }),
      );
      expect(expectError(await client().pay(SESSION, BODY), 'invalid_response').httpStatus).toBe(status);
      expect(expectError(await client().poll(POLL_URL), 'invalid_response').httpStatus).toBe(status);
      expect(elsewhere).toEqual([]);
    },
  );

  it('row 31: through MSW, a status check redirected to itself is one request, not a loop', async () => {
    let checks = 0;
    server.use(
      http.get(POLL_URL, () => {
        checks += 1;
        // A client that follows would loop: the sixth request ends it, so such a test fails, not hangs.
        if (checks > 5) return HttpResponse.json({ redirect_url: 'https://elsewhere.test/paid' });
        return new HttpResponse(null, { status: 302, headers: { location: POLL_URL } });
      }),
    );
    expect(expectError(await client().poll(POLL_URL), 'invalid_response').httpStatus).toBe(302);
    expect(checks).toBe(1);
  });
});

describe('createDinteroClient: relative baseUrl and credentials (a same-origin proxy)', () => {
  const PAGE_ORIGIN = new URL(document.baseURI).origin;

  it('resolves a relative baseUrl against the page when the request is made', async () => {
    const fetch = vi.fn<FetchLike>(async () =>
      Response.json({ success: true, redirect_url: 'https://s.example/' }),
    );
    const c = createDinteroClient({ baseUrl: '/api/dintero/v1/', fetch, isOffline: online });
    // Nothing is resolved at construction: a server render creates the client without a page.
    expect(c.baseUrl).toBe('/api/dintero/v1');
    await c.pay(SESSION, BODY);
    expect(fetch.mock.calls[0]![0]).toBe(`${PAGE_ORIGIN}/api/dintero/v1/sessions/${SESSION}/pay`);
  });

  it('follows a <base> element that changes after the client was created', async () => {
    const fetch = vi.fn<FetchLike>(async () =>
      Response.json({ success: true, redirect_url: 'https://s.example/' }),
    );
    const c = createDinteroClient({ baseUrl: 'api/v1', fetch, isOffline: online });
    const base = document.createElement('base');
    base.href = `${PAGE_ORIGIN}/shop/`;
    document.head.append(base);
    try {
      await c.pay(SESSION, BODY);
    } finally {
      base.remove();
    }
    expect(fetch.mock.calls[0]![0]).toBe(`${PAGE_ORIGIN}/shop/api/v1/sessions/${SESSION}/pay`);
  });

  it('resolveBaseUrl: absolute bases stay as they are, relative ones resolve against the page', () => {
    expect(resolveBaseUrl('https://checkout.dintero.com/v1')).toBe('https://checkout.dintero.com/v1');
    expect(resolveBaseUrl('https://checkout.dintero.com/v1/')).toBe('https://checkout.dintero.com/v1');
    expect(resolveBaseUrl('/api/dintero/v1')).toBe(`${PAGE_ORIGIN}/api/dintero/v1`);
    expect(resolveBaseUrl('/api/dintero/v1/')).toBe(`${PAGE_ORIGIN}/api/dintero/v1`);
    expect(resolveBaseUrl('//proxy.example/v1')).toBe('http://proxy.example/v1');
  });

  it('resolveBaseUrl: falls back to location.href without document.baseURI, and leaves it without a page', () => {
    vi.spyOn(document, 'baseURI', 'get').mockReturnValue('');
    expect(resolveBaseUrl('/api/v1')).toBe(new URL('/api/v1', location.href).href);
    vi.stubGlobal('document', undefined);
    expect(resolveBaseUrl('/api/v1')).toBe(new URL('/api/v1', location.href).href);
    vi.stubGlobal('location', undefined);
    expect(resolveBaseUrl('/api/v1')).toBe('/api/v1');
  });

  it('sends credentials same-origin by default, and what the credentials option says', async () => {
    const fetch = vi.fn<FetchLike>(async () => new Response(null, { status: 202 }));
    await client({ fetch }).poll(POLL_URL);
    await client({ fetch, credentials: 'include' }).poll(POLL_URL);
    await client({ fetch, credentials: 'omit' }).pay(SESSION, BODY);
    expect(fetch.mock.calls.map(([, init]) => init.credentials)).toEqual(['same-origin', 'include', 'omit']);
  });
});

describe('createDinteroClient never throws', () => {
  const contentType = fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/html',
      'application/problem+json',
      '',
    ),
    fc.string({ maxLength: 40 }),
  );
  const body = fc.oneof(
    fc.json(),
    fc.string(),
    fc.constant(''),
    fc.jsonValue().map((v) => JSON.stringify({ success: true, redirect_url: v, poll_url: v })),
    fc.jsonValue().map((v) => JSON.stringify({ error: { message: 'x', code: v, errors: [v] } })),
  );

  function safeHeaders(type: string, retryAfter: string): Headers {
    const headers = new Headers();
    try {
      if (type) headers.set('content-type', type);
    } catch {
      // Not a valid header value: the answer simply comes without one.
    }
    try {
      headers.set('retry-after', retryAfter);
    } catch {
      // As above.
    }
    return headers;
  }

  it('resolves to a typed result for any status, body and content type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 100, max: 599 }),
        body,
        contentType,
        fc.string({ maxLength: 30 }),
        fc.boolean(),
        async (status, text, type, retryAfter, poll) => {
          const fetch: FetchLike = async () => anyResponse(status, text, safeHeaders(type, retryAfter));
          const c = client({ fetch });
          const result = await (poll ? c.poll(POLL_URL) : c.pay(SESSION, BODY));
          if (result.ok) {
            expect([200, 202]).toContain(result.status);
            expect(result.data).toBeTypeOf('object');
          } else {
            expect(result.error).toBeInstanceOf(PayError);
            expect(result.error.message).not.toContain(text.length > 8 ? text : '\u0000never');
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('resolves for fetches that misbehave in any way', async () => {
    const misbehaving: FetchLike[] = [
      async () => null as unknown as Response,
      async () => ({}) as Response,
      async () =>
        ({
          status: 200,
          headers: new Headers(),
          body: null,
          text: () => Promise.reject(new Error('x')),
        }) as unknown as Response,
      async () => {
        throw 'a string';
      },
      () => Promise.reject(undefined),
    ];
    for (const fetch of misbehaving) {
      const result = await client({ fetch }).pay(SESSION, BODY);
      expect(result.ok).toBe(false);
      const polled = await client({ fetch }).poll(POLL_URL);
      expect(polled.ok).toBe(false);
    }
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 6, 1, 12, 0, 0);

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 3 ', now)).toBe(3000);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
    expect(parseRetryAfter('Wed, 01 Jul 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(0);
  });

  it('reads the obsolete HTTP date forms too', () => {
    expect(parseRetryAfter('Wednesday, 01-Jul-26 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed Jul  1 12:00:30 2026', now)).toBe(30_000);
  });

  it('does not read junk as a date long past (which would allow an immediate retry)', () => {
    for (const junk of ['1.5', '-1', '10 s', '1e3', '12/24/2026'])
      expect(parseRetryAfter(junk, now), junk).toBeUndefined();
  });

  it('returns undefined when absent or unreadable', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
