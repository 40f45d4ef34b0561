// @vitest-environment node
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDinteroProxy,
  MAX_PROXY_REQUEST_BYTES,
  MAX_PROXY_RESPONSE_BYTES,
  type DinteroProxyHandler,
  type DinteroProxyOptions,
} from '../../src/server';
import {
  SID,
  BASE,
  PAY_PATH,
  STATUS_PATH,
  PAY_BODY,
  SHOP,
  json,
  rawRequest,
  serveProxy,
  startRecorder,
  type ProxyServer,
  type Recorder,
} from './helpers';

/** Headers an HTTP client adds on its own; anything else upstream must come from the allow-list. */
const TRANSPORT_HEADERS = [
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'user-agent',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
  // Node's fetch sends these for `cache: 'no-store'` (which keeps Next.js's data cache out of it).
  'pragma',
  'cache-control',
];
const FORWARDED_HEADERS = ['content-type', 'accept', 'if-unmodified-since', 'cookie'];

let upstream: Recorder;

beforeAll(async () => {
  upstream = await startRecorder();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => {
  upstream.received = [];
  upstream.answer = (_request, response) => json(response, 200, { ok: true });
});

function proxyFor(options: Partial<DinteroProxyOptions> = {}): DinteroProxyHandler {
  return createDinteroProxy({ basePath: BASE, target: upstream.url, allowLoopbackHttp: true, ...options });
}

function payRequest(init: RequestInit & { path?: string } = {}): Request {
  const { path = PAY_PATH, ...rest } = init;
  return new Request(`${SHOP}${path}`, {
    method: 'POST',
    body: PAY_BODY,
    ...rest,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(rest.headers as object) },
  });
}

async function errorOf(response: Response): Promise<{ message: string; code: string }> {
  const body = (await response.json()) as { error: { message: string; code: string } };
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

describe('createDinteroProxy: what it forwards', () => {
  it('row 36: a pay POST reaches the target with only content-type, accept, if-unmodified-since and its own cookies', async () => {
    const response = await proxyFor()(
      payRequest({
        headers: {
          'if-unmodified-since': '2025-03-01T10:00:00.000Z',
          authorization: 'Bearer merchant-secret',
          cookie: 'merchant_session=s3cret; rdp_dintero_rm=signed.value; theme=dark',
          'x-forwarded-for': '203.0.113.7',
          'x-forwarded-host': 'evil.example',
          'x-forwarded-proto': 'http',
          forwarded: 'for=203.0.113.7;host=evil.example',
          'x-api-key': 'merchant-key',
          origin: SHOP,
          referer: `${SHOP}/checkout`,
        },
      }),
    );
    expect(response.status).toBe(200);
    expect(upstream.received).toHaveLength(1);
    const [received] = upstream.received;
    expect(received!.method).toBe('POST');
    expect(received!.url).toBe(`/v1/sessions/${SID}/pay`);
    expect(received!.body).toBe(PAY_BODY);
    expect(received!.headers.host).toBe(`127.0.0.1:${upstream.port}`);
    expect(received!.headers['content-type']).toBe('application/json');
    expect(received!.headers.accept).toBe('application/json');
    expect(received!.headers['if-unmodified-since']).toBe('2025-03-01T10:00:00.000Z');
    // Only the proxy's own cookie, under Dintero's name; the merchant's stay home.
    expect(received!.headers.cookie).toBe('dintero_rm=signed.value');
    const extra = Object.keys(received!.headers).filter(
      (name) => !TRANSPORT_HEADERS.includes(name) && !FORWARDED_HEADERS.includes(name),
    );
    expect(extra).toEqual([]);
    expect(received!.headers['cache-control'] ?? 'no-cache').toBe('no-cache');
    expect(JSON.stringify(received!.headers)).not.toMatch(/secret|merchant|evil|203\.0\.113|dark/);
  });

  it('row 36: no cookie header at all when the shopper holds none of the proxy cookies', async () => {
    await proxyFor()(payRequest({ headers: { cookie: 'merchant_session=s3cret; rdp_=empty-name' } }));
    expect(upstream.received).toHaveLength(1);
    expect(upstream.received[0]!.headers.cookie).toBeUndefined();
    expect(upstream.received[0]!.headers.authorization).toBeUndefined();
  });

  it('row 36: status checks are forwarded as GET, in the view and the sessions form', async () => {
    const proxy = proxyFor();
    for (const path of [
      `/v1/view/${SID}/swish/pr0001ab/status`,
      `/v1/sessions/${SID}/requests/pr0001ab/status`,
    ]) {
      const response = await proxy(
        new Request(`${SHOP}${BASE}${path}`, { headers: { accept: 'application/json' } }),
      );
      expect(response.status).toBe(200);
    }
    expect(upstream.received.map((entry) => `${entry.method} ${entry.url}`)).toEqual([
      `GET /v1/view/${SID}/swish/pr0001ab/status`,
      `GET /v1/sessions/${SID}/requests/pr0001ab/status`,
    ]);
    expect(upstream.received.every((entry) => entry.body === '')).toBe(true);
  });

  it('row 36: a query string never reaches the target, whatever it names (the path alone is forwarded)', async () => {
    const proxy = proxyFor();
    const pay = await proxy(payRequest({ path: `${PAY_PATH}?target=https://evil.example` }));
    expect(pay.status).toBe(200);
    const status = await proxy(new Request(`${SHOP}${STATUS_PATH}?next=https://evil.example/&x=%0d%0a`));
    expect(status.status).toBe(200);
    expect(upstream.received.map((entry) => `${entry.method} ${entry.url}`)).toEqual([
      `POST /v1/sessions/${SID}/pay`,
      `GET /v1/view/${SID}/swish/pr0001ab/status`,
    ]);
  });

  it('row 36: status, content-type and retry-after pass through, with cache-control no-store and nothing else', async () => {
    upstream.answer = (_request, response) =>
      json(
        response,
        429,
        { error: { message: 'Too many requests', code: 'RATE_LIMITED' } },
        {
          'retry-after': '2',
          'cache-control': 'public, max-age=600',
          'access-control-allow-origin': '*',
          'x-upstream-secret': 'internal',
          location: 'https://evil.example/',
        },
      );
    const response = await proxyFor()(payRequest());
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('x-upstream-secret')).toBeNull();
    expect(response.headers.get('location')).toBeNull();
    expect(await response.json()).toEqual({ error: { message: 'Too many requests', code: 'RATE_LIMITED' } });
  });
});

describe('createDinteroProxy: poll_url and cookies', () => {
  it('rewrites poll_url on the target to the same path under basePath; redirect_url, approval_url and qr_code pass untouched', async () => {
    const qr = 'data:image/png;base64,iVBORw0KGgo=';
    upstream.answer = (_request, response) =>
      json(response, 200, {
        success: true,
        actions: [{ source: 'DINTERO', code: '200', type: 'success' }],
        poll_url: `${upstream.url}/v1/view/${SID}/swish/pr0001ab/status`,
        approval_url: `swish://paymentrequest?token=abc&callbackurl=${encodeURIComponent(`${upstream.url}/return`)}`,
        redirect_url: `${upstream.url}/v1/sessions/${SID}/return`,
        qr_code: qr,
      });
    const body = (await (await proxyFor()(payRequest())).json()) as Record<string, unknown>;
    expect(body.poll_url).toBe(`${BASE}/v1/view/${SID}/swish/pr0001ab/status`);
    expect(body.approval_url).toBe(
      `swish://paymentrequest?token=abc&callbackurl=${encodeURIComponent(`${upstream.url}/return`)}`,
    );
    expect(body.redirect_url).toBe(`${upstream.url}/v1/sessions/${SID}/return`);
    expect(body.qr_code).toBe(qr);
    expect(body.success).toBe(true);
  });

  it('rewrites a status answer’s poll_url, a relative one too; leaves one on another origin or off the forwarded paths alone', async () => {
    const proxy = proxyFor();
    const cases: [unknown, unknown][] = [
      [
        `${upstream.url}/v1/view/${SID}/swish/pr0002cd/status`,
        `${BASE}/v1/view/${SID}/swish/pr0002cd/status`,
      ],
      [`/v1/view/${SID}/swish/pr0003ef/status`, `${BASE}/v1/view/${SID}/swish/pr0003ef/status`],
      [
        `https://checkout.dintero.com/v1/view/${SID}/swish/pr0004/status`,
        `https://checkout.dintero.com/v1/view/${SID}/swish/pr0004/status`,
      ],
      [`${upstream.url}/v1/accounts/T11223344/secrets`, `${upstream.url}/v1/accounts/T11223344/secrets`],
      [
        `${upstream.url}/v1/view/${SID}/swish/%2e%2e/status`,
        `${upstream.url}/v1/view/${SID}/swish/%2e%2e/status`,
      ],
      [42, 42],
    ];
    for (const [given, expected] of cases) {
      upstream.answer = (_request, response) => json(response, 202, { keep_polling: true, poll_url: given });
      const response = await proxy(new Request(`${SHOP}${STATUS_PATH}`));
      expect(response.status).toBe(202);
      expect(((await response.json()) as { poll_url: unknown }).poll_url).toBe(expected);
    }
  });

  it('a Set-Cookie from the target comes back renamed, scoped to basePath, HttpOnly, SameSite=Lax and Secure', async () => {
    upstream.answer = (_request, response) => {
      response.setHeader('set-cookie', [
        'dintero_rm=signed.value; Domain=checkout.dintero.com; Path=/; Max-Age=31536000; Secure; SameSite=None',
        'other=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Path=/v1',
        'bad name=x',
      ]);
      json(response, 200, { success: true, actions: [] });
    };
    const response = await proxyFor()(payRequest());
    expect(response.headers.getSetCookie()).toEqual([
      `rdp_dintero_rm=signed.value; Path=${BASE}; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure`,
      `rdp_other=1; Path=${BASE}; Expires=Wed, 21 Oct 2099 07:28:00 GMT; HttpOnly; SameSite=Lax; Secure`,
    ]);
  });

  it('the cookie is not Secure when the page is on a loopback host (plain-http development)', async () => {
    upstream.answer = (_request, response) => {
      response.setHeader('set-cookie', 'dintero_rm=; Max-Age=0');
      json(response, 200, { success: true, actions: [] });
    };
    const response = await proxyFor()(
      new Request(`http://localhost:5173${PAY_PATH}`, {
        method: 'POST',
        body: PAY_BODY,
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(response.headers.getSetCookie()).toEqual([
      `rdp_dintero_rm=; Path=${BASE}; Max-Age=0; HttpOnly; SameSite=Lax`,
    ]);
  });
});

describe('createDinteroProxy: refusals (nothing reaches the target)', () => {
  afterEach(() => {
    expect(upstream.received).toEqual([]);
  });

  it('row 36: other endpoints and other session path families are 404, in Dintero’s error shape', async () => {
    const proxy = proxyFor();
    for (const path of [
      `${BASE}/v1/sessions/${SID}`,
      `${BASE}/v1/view/${SID}`,
      `${BASE}/v1/view/${SID}/status`,
      `${BASE}/v1/view/${SID}/swish/pr1/details`,
      `${BASE}/v1/view/${SID}/a/b/c/d/status`,
      `${BASE}/v1/accounts/T11223344/payments/sessions/${SID}/pay`,
      `${BASE}/v1/sessions/${SID}/pay/extra`,
      `${BASE}/v2/sessions/${SID}/pay`,
      `${BASE}/sessions/${SID}/pay`,
      `/v1/sessions/${SID}/pay`,
      `/api/dinteroX/v1/sessions/${SID}/pay`,
    ]) {
      const response = await proxy(new Request(`${SHOP}${path}`));
      expect(response.status, path).toBe(404);
      expect(await errorOf(response)).toMatchObject({ code: 'NOT_FOUND' });
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('row 36: a session id that is not of Dintero’s form is 404', async () => {
    const proxy = proxyFor();
    for (const id of [
      't11223344.abc',
      'T.abc',
      'T1',
      'T1.',
      '11223344.abc',
      'T1.a.b',
      'T1.abc~',
      'T1.%41',
      'T1.' + 'a'.repeat(129),
    ]) {
      const response = await proxy(payRequest({ path: `${BASE}/v1/sessions/${id}/pay` }));
      expect(response.status, id).toBe(404);
    }
  });

  it('row 36: path traversal and encoded separators are 4xx (the web handler sees what the URL parser left)', async () => {
    const proxy = proxyFor();
    // The URL parser resolves `%2e%2e` like `..`: what is left is no endpoint.
    const resolved = await proxy(payRequest({ path: `${BASE}/v1/sessions/${SID}/%2e%2e/pay` }));
    expect(new URL(`${SHOP}${BASE}/v1/sessions/${SID}/%2e%2e/pay`).pathname).toBe(`${BASE}/v1/sessions/pay`);
    expect(resolved.status).toBe(404);
    for (const path of [
      `${BASE}/v1/sessions/${SID}%2fpay`,
      `${BASE}/v1/sessions/${SID}%5cpay`,
      `${BASE}/v1//sessions/${SID}/pay`,
      `${BASE}/v1/sessions/${SID}/pay%00`,
      `${BASE}/https://evil.example/v1/sessions/${SID}/pay`,
    ]) {
      const response = await proxy(payRequest({ path }));
      expect(response.status, path).toBe(400);
      expect(await errorOf(response)).toMatchObject({ code: 'BAD_REQUEST' });
    }
  });

  it('row 36: methods other than GET, POST and OPTIONS are 405; OPTIONS is answered here; a wrong method on an endpoint is 405', async () => {
    const proxy = proxyFor();
    for (const method of ['PUT', 'PATCH', 'DELETE', 'HEAD', 'PROPFIND']) {
      const response = await proxy(new Request(`${SHOP}${PAY_PATH}`, { method }));
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, POST, OPTIONS');
    }
    const options = await proxy(new Request(`${SHOP}${PAY_PATH}`, { method: 'OPTIONS' }));
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('POST, OPTIONS');
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
    const getPay = await proxy(new Request(`${SHOP}${PAY_PATH}`));
    expect(getPay.status).toBe(405);
    expect(await errorOf(getPay)).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    const postStatus = await proxy(new Request(`${SHOP}${STATUS_PATH}`, { method: 'POST', body: '{}' }));
    expect(postStatus.status).toBe(405);
  });

  it('row 36: a body over 16 KiB is 413, a non-JSON type 415, malformed or non-object JSON 400', async () => {
    const proxy = proxyFor();
    const big = JSON.stringify({
      payment_product_type: 'swish.swish',
      pad: 'x'.repeat(MAX_PROXY_REQUEST_BYTES),
    });
    expect((await proxy(payRequest({ body: big }))).status).toBe(413);
    // Without a content-length, the stream is cut at the cap.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        controller.close();
      },
    });
    const streamed = await proxy(payRequest({ body: stream, duplex: 'half' } as RequestInit));
    expect(streamed.status).toBe(413);
    expect(await errorOf(streamed)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      '',
    ]) {
      const response = await proxy(payRequest({ headers: { 'content-type': type } }));
      expect(response.status, type).toBe(415);
    }
    for (const body of ['', 'not json', '[1,2]', 'null', '"text"', '{"a":1', '\u00ff\u00fe{}']) {
      const response = await proxy(payRequest({ body }));
      expect(response.status, body).toBe(400);
    }
  });

  it('row 36: control characters or non-ASCII in a forwarded header value are 400', async () => {
    const proxy = proxyFor();
    const cases: Record<string, string>[] = [
      { 'if-unmodified-since': 'Sat, 01 Mar 2025\t10:00:00 GMT' },
      { 'if-unmodified-since': 'Sat, 01 Mar 2025 10:00:00 GMT\u00e9' },
      { accept: 'application/json\u0085' },
    ];
    for (const headers of cases) {
      const response = await proxy(payRequest({ headers }));
      expect(response.status, JSON.stringify(headers)).toBe(400);
    }
  });

  it('row 36: a path off the two endpoints is refused whatever the URL’s host, X-Forwarded-Host or Forwarded claim', async () => {
    // Refused before any forwarding, whatever host the request claims to be for.
    const response = await proxyFor()(
      new Request(`https://evil.example${BASE}/v1/accounts/x`, {
        headers: { 'x-forwarded-host': 'evil.example', forwarded: 'host=evil.example' },
      }),
    );
    expect(response.status).toBe(404);
  });
});

describe('createDinteroProxy: upstream trouble', () => {
  it('row 36: an upstream 3xx is 502, never followed: the redirect target receives nothing', async () => {
    const elsewhere = await startRecorder();
    try {
      for (const status of [301, 302, 303, 307, 308]) {
        upstream.received = [];
        upstream.answer = (_request, response) => {
          response.writeHead(status, { location: `${elsewhere.url}/v1/sessions/${SID}/pay` });
          response.end();
        };
        const response = await proxyFor()(payRequest({ headers: { cookie: 'rdp_dintero_rm=v' } }));
        expect(response.status, String(status)).toBe(502);
        expect(await errorOf(response)).toMatchObject({ code: 'BAD_GATEWAY' });
        expect(response.headers.get('location')).toBeNull();
        expect(upstream.received).toHaveLength(1);
      }
      expect(elsewhere.received).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('row 36: a silent upstream is 504 after timeoutMs, an endless body too, and a fetch that ignores its signal as well', async () => {
    upstream.answer = () => {
      // Never answers.
    };
    let started = Date.now();
    const silent = await proxyFor({ timeoutMs: 300 })(payRequest());
    expect(silent.status).toBe(504);
    expect(await errorOf(silent)).toMatchObject({ code: 'GATEWAY_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2000);

    upstream.answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"success":');
      // …and nothing more.
    };
    started = Date.now();
    const endless = await proxyFor({ timeoutMs: 300 })(new Request(`${SHOP}${STATUS_PATH}`));
    expect(endless.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(2000);

    const deaf = await proxyFor({ timeoutMs: 100, fetch: () => new Promise<Response>(() => undefined) })(
      payRequest(),
    );
    expect(deaf.status).toBe(504);
  });

  it('row 36: an answer over 1 MiB is 502, and an unreachable target 502', async () => {
    upstream.answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ success: true, pad: 'x'.repeat(MAX_PROXY_RESPONSE_BYTES) }));
    };
    const big = await proxyFor()(payRequest());
    expect(big.status).toBe(502);
    expect(await errorOf(big)).toMatchObject({ code: 'BAD_GATEWAY' });

    const closed = await startRecorder();
    await closed.close();
    const unreachable = await proxyFor({ target: closed.url })(payRequest());
    expect(unreachable.status).toBe(502);
  });
});

describe('createDinteroProxy: configuration', () => {
  it('refuses an http target off loopback or without allowLoopbackHttp, a target with a path, and a basePath that is not a plain path', () => {
    expect(() =>
      createDinteroProxy({ basePath: BASE, target: 'http://checkout.dintero.com', allowLoopbackHttp: true }),
    ).toThrow(TypeError);
    expect(() => createDinteroProxy({ basePath: BASE, target: 'http://127.0.0.1:5174' })).toThrow(TypeError);
    expect(() => createDinteroProxy({ basePath: BASE, target: 'https://checkout.dintero.com/v1' })).toThrow(
      TypeError,
    );
    expect(() =>
      createDinteroProxy({ basePath: BASE, target: 'https://user:pw@checkout.dintero.com' }),
    ).toThrow(TypeError);
    expect(() => createDinteroProxy({ basePath: BASE, target: 'ftp://checkout.dintero.com' })).toThrow(
      TypeError,
    );
    expect(() => createDinteroProxy({ basePath: 'api/dintero' })).toThrow(TypeError);
    expect(() => createDinteroProxy({ basePath: '/api/../dintero' })).toThrow(TypeError);
    expect(createDinteroProxy({ basePath: '/api/dintero/', target: undefined }).basePath).toBe(
      '/api/dintero',
    );
    expect(
      createDinteroProxy({ basePath: '/', target: 'http://[::1]:5174', allowLoopbackHttp: true }).basePath,
    ).toBe('');
  });

  it('the default target is https://checkout.dintero.com', async () => {
    const seen: string[] = [];
    const proxy = createDinteroProxy({
      basePath: BASE,
      fetch: async (input) => {
        seen.push(input);
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    expect((await proxy(payRequest())).status).toBe(200);
    expect(seen).toEqual([`https://checkout.dintero.com/v1/sessions/${SID}/pay`]);
  });
});

describe('toNodeHandler', () => {
  let unmounted: ProxyServer;
  let mounted: ProxyServer;

  beforeAll(async () => {
    unmounted = await serveProxy(proxyFor());
    mounted = await serveProxy(proxyFor(), BASE);
  });
  afterAll(async () => {
    await Promise.all([unmounted.close(), mounted.close()]);
  });

  it('forwards the pay call mounted (originalUrl) and unmounted; other paths go to next()', async () => {
    for (const server of [unmounted, mounted]) {
      upstream.received = [];
      const answer = await rawRequest(server.port, {
        method: 'POST',
        path: PAY_PATH,
        headers: { 'content-type': 'application/json', cookie: 'sid=merchant; rdp_dintero_rm=v' },
        body: PAY_BODY,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(upstream.received.map((entry) => [entry.url, entry.body, entry.headers.cookie])).toEqual([
        [`/v1/sessions/${SID}/pay`, PAY_BODY, 'dintero_rm=v'],
      ]);
      const other = await rawRequest(server.port, { path: '/products/1' });
      expect(other.status).toBe(418);
    }
    expect(unmounted.passedOn).toContain('/products/1');
    expect(mounted.passedOn).toContain('/products/1');
  });

  it('passes Set-Cookie on as separate headers', async () => {
    upstream.answer = (_request, response) => {
      response.setHeader('set-cookie', ['a=1; Max-Age=10', 'b=2']);
      json(response, 200, { success: true, actions: [] });
    };
    const answer = await rawRequest(mounted.port, {
      method: 'POST',
      path: PAY_PATH,
      headers: { 'content-type': 'application/json', host: 'shop.example' },
      body: PAY_BODY,
    });
    expect(answer.headers['set-cookie']).toEqual([
      `rdp_a=1; Path=${BASE}; Max-Age=10; HttpOnly; SameSite=Lax; Secure`,
      `rdp_b=2; Path=${BASE}; HttpOnly; SameSite=Lax; Secure`,
    ]);
  });

  it('row 36: raw traversal (.., %2e%2e, %2f, %5c, //, an absolute URL) is 400 before any URL parser resolves it; nothing forwarded', async () => {
    upstream.received = [];
    for (const server of [unmounted, mounted]) {
      for (const path of [
        `${BASE}/v1/sessions/${SID}/../../../v1/accounts/T1/pay`,
        `${BASE}/v1/sessions/${SID}/%2e%2e/pay`,
        `${BASE}/v1/sessions/${SID}/%2E%2E/%2e%2e/v1/sessions/${SID}/pay`,
        `${BASE}/v1/sessions%2f${SID}/pay`,
        `${BASE}/v1/sessions%5c${SID}/pay`,
        `${BASE}/v1/sessions/${SID}\\pay`,
        `${BASE}//v1/sessions/${SID}/pay`,
        `${BASE}/http://evil.example/v1/sessions/${SID}/pay`,
        `${BASE}/./v1/sessions/${SID}/pay`,
      ]) {
        const answer = await rawRequest(server.port, {
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json' },
          body: PAY_BODY,
        });
        expect(answer.status, path).toBe(400);
        expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
      }
    }
    // An absolute-form request target names another host: not a path under basePath at all.
    const absolute = await rawRequest(unmounted.port, { path: `http://evil.example${PAY_PATH}` });
    expect([400, 404, 418]).toContain(absolute.status);
    expect(upstream.received).toEqual([]);
  });

  it('row 36: Host, X-Forwarded-Host and Forwarded do not move the target or the rewritten poll_url', async () => {
    upstream.received = [];
    upstream.answer = (_request, response) =>
      json(response, 200, {
        success: true,
        actions: [],
        poll_url: `${upstream.url}/v1/view/${SID}/swish/pr1/status`,
      });
    const answer = await rawRequest(unmounted.port, {
      method: 'POST',
      path: PAY_PATH,
      headers: {
        host: 'evil.example',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        forwarded: 'host=evil.example;proto=https',
        'content-type': 'application/json',
      },
      body: PAY_BODY,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).poll_url).toBe(`${BASE}/v1/view/${SID}/swish/pr1/status`);
    expect(upstream.received).toHaveLength(1);
    const headers = upstream.received[0]!.headers;
    expect(headers.host).toBe(`127.0.0.1:${upstream.port}`);
    expect(headers['x-forwarded-host']).toBeUndefined();
    expect(headers['x-forwarded-proto']).toBeUndefined();
    expect(headers.forwarded).toBeUndefined();
    // A Host that is not a host name is not believed either.
    const garbled = await rawRequest(unmounted.port, {
      path: STATUS_PATH,
      headers: { host: 'evil.example/x?y' },
    });
    expect(garbled.status).toBe(200);
  });

  it('row 36: other methods are 405 and OPTIONS 204, nothing forwarded', async () => {
    upstream.received = [];
    for (const method of ['PUT', 'DELETE', 'PATCH', 'TRACE', 'HEAD']) {
      const answer = await rawRequest(mounted.port, { method, path: PAY_PATH });
      expect(answer.status, method).toBe(405);
    }
    expect((await rawRequest(mounted.port, { method: 'OPTIONS', path: PAY_PATH })).status).toBe(204);
    expect(upstream.received).toEqual([]);
  });

  it('row 36: a body over 16 KiB is 413 without being read whole, with or without content-length; nothing forwarded', async () => {
    upstream.received = [];
    const big = Buffer.from(JSON.stringify({ pad: 'x'.repeat(MAX_PROXY_REQUEST_BYTES * 64) }));
    const declared = await rawRequest(mounted.port, {
      method: 'POST',
      path: PAY_PATH,
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      body: big,
    });
    expect([413, 0]).toContain(declared.status);
    const chunked = await rawRequest(mounted.port, {
      method: 'POST',
      path: PAY_PATH,
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect([413, 0]).toContain(chunked.status);
    // At least one of them is seen to be the proxy's refusal (the other may lose the race with the upload).
    expect([declared.status, chunked.status]).toContain(413);
    const text = await rawRequest(mounted.port, {
      method: 'POST',
      path: PAY_PATH,
      headers: { 'content-type': 'text/plain' },
      body: PAY_BODY,
    });
    expect(text.status).toBe(415);
    expect(upstream.received).toEqual([]);
  });

  it('row 36: CR/LF smuggled into a header value (a lenient parser, a test harness) is 400; nothing forwarded', async () => {
    upstream.received = [];
    const handler = (await import('../../src/server')).toNodeHandler(proxyFor());
    for (const headers of [
      { 'if-unmodified-since': 'Sat, 01 Mar 2025 10:00:00 GMT\r\nX-Injected: 1' },
      { cookie: 'rdp_dintero_rm=v\r\nAuthorization: Bearer x' },
      { accept: 'application/json\nx: y' },
    ]) {
      const written = await new Promise<{ status: number; body: string }>((resolve) => {
        const request = {
          method: 'GET',
          url: STATUS_PATH,
          headers: { host: 'shop.example', ...headers },
          readableEnded: true,
          on: () => request,
          off: () => request,
        };
        const response = {
          statusCode: 0,
          setHeader: () => response,
          on: () => response,
          end: (chunk?: Uint8Array) =>
            resolve({ status: response.statusCode, body: new TextDecoder().decode(chunk) }),
        };
        handler(request, response);
      });
      expect(written.status, JSON.stringify(headers)).toBe(400);
      expect(JSON.parse(written.body)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect(upstream.received).toEqual([]);
  });

  it('uses a body an earlier middleware already parsed', async () => {
    upstream.received = [];
    const handler = (await import('../../src/server')).toNodeHandler(proxyFor());
    const status = await new Promise<number>((resolve) => {
      const request = {
        method: 'POST',
        url: PAY_PATH,
        headers: { host: 'shop.example', 'content-type': 'application/json' },
        body: { payment_product_type: 'swish.swish' },
        readableEnded: true,
        on: () => request,
        off: () => request,
      };
      const response = {
        statusCode: 0,
        setHeader: () => response,
        on: () => response,
        end: () => resolve(response.statusCode),
      };
      handler(request, response);
    });
    expect(status).toBe(200);
    expect(upstream.received.map((entry) => entry.body)).toEqual(['{"payment_product_type":"swish.swish"}']);
  });
});

describe('isLoopbackHost', () => {
  it('the proxy’s copy agrees with the core’s', async () => {
    const { isLoopbackHost: core } = await import('../../src/core/url-guards');
    const { isLoopbackHost: server } = await import('../../src/server/proxy');
    const hosts = [
      'localhost',
      '127.0.0.1',
      '127.1.2.3',
      '[::1]',
      '::1',
      'localhost.evil',
      '128.0.0.1',
      'example.com',
      '',
      '127.0.0.1.nip.io',
    ];
    expect(hosts.map(server)).toEqual(hosts.map(core));
    expect(hosts.filter(server)).toEqual(['localhost', '127.0.0.1', '127.1.2.3', '[::1]']);
  });
});
