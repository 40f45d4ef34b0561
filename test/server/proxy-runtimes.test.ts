// @vitest-environment node
// What lets the proxy run unchanged on every runtime a shop deploys to, and tell the shop why when
// Dintero cannot be reached: no `cache` field where the runtime refuses it (Cloudflare Workers before
// 2024-11-11), a logged cause for every 502 and 504, answers passed on without a needless
// parse → serialise round trip, and the Node adapter building no web Request or Response.
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDinteroProxy,
  MAX_PROXY_RESPONSE_BYTES,
  type DinteroProxyLogDetails,
  type DinteroProxyOptions,
  type ProxyFetch,
} from '../../src/server';
import {
  SID,
  BASE,
  PAY_PATH,
  STATUS_PATH,
  PHONE,
  PAY_BODY,
  SHOP,
  json,
  rawRequest,
  serveProxy,
  startRecorder,
  type Recorder,
} from './helpers';

const COOKIE_VALUE = 'signed.Zm9vYmFyYmF6';

let upstream: Recorder;
const logs: { message: string; details: DinteroProxyLogDetails }[] = [];

beforeAll(async () => {
  upstream = await startRecorder();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => {
  upstream.received = [];
  upstream.answer = (_request, response) => json(response, 200, { ok: true });
  logs.length = 0;
});

function proxyFor(extra: Partial<DinteroProxyOptions> = {}) {
  return createDinteroProxy({
    basePath: BASE,
    target: upstream.url,
    allowLoopbackHttp: true,
    log: (message, details) => logs.push({ message, details }),
    ...extra,
  });
}

function pay(path = PAY_PATH): Request {
  return new Request(`${SHOP}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: `rdp_dintero_rm=${COOKIE_VALUE}; shop_session=merchant-secret`,
      authorization: 'Bearer merchant-secret',
    },
    body: PAY_BODY,
  });
}

describe('Cloudflare Workers before compatibility date 2024-11-11 (no `cache` field)', () => {
  const realRequest = globalThis.Request;
  afterEach(() => {
    globalThis.Request = realRequest;
    vi.resetModules();
  });

  it('where the runtime refuses `cache`, the upstream fetch gets no `cache` field and the call goes through', async () => {
    // workerd's words for it, from both `new Request` and `fetch`.
    const refuse = () => new TypeError("The 'cache' field on 'RequestInitializerDict' is not implemented.");
    globalThis.Request = class extends realRequest {
      constructor(input: RequestInfo | URL, init?: RequestInit) {
        if (init && 'cache' in init) throw refuse();
        super(input, init);
      }
    } as typeof Request;
    const inits: RequestInit[] = [];
    const workerdFetch: ProxyFetch = async (input, init) => {
      inits.push(init);
      if ('cache' in init) throw refuse();
      return fetch(input, init);
    };
    vi.resetModules();
    const fresh = await import('../../src/server');
    const proxy = fresh.createDinteroProxy({
      basePath: BASE,
      target: upstream.url,
      allowLoopbackHttp: true,
      fetch: workerdFetch,
      log: (message, details) => logs.push({ message, details }),
    });
    const answers = [await proxy(pay()), await proxy(new realRequest(`${SHOP}${STATUS_PATH}`))];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(inits.map((init) => 'cache' in init)).toEqual([false, false]);
    expect(logs).toEqual([]);
  });

  it('where the runtime takes it (Node, current Workers), status checks ask for no-store, as before', async () => {
    const inits: RequestInit[] = [];
    const proxy = proxyFor({ fetch: (input, init) => (inits.push(init), fetch(input, init)) });
    expect((await proxy(new Request(`${SHOP}${STATUS_PATH}`))).status).toBe(200);
    expect(inits.map((init) => init.cache)).toEqual(['no-store']);
  });
});

describe('every 502 and 504 logs its cause once', () => {
  /** Nothing the shopper sent beyond the route: no body, phone number, cookie or merchant secret. */
  function expectClean(entry: { message: string; details: DinteroProxyLogDetails }) {
    const text = `${entry.message} ${JSON.stringify(entry.details)}`;
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('46701234567');
    expect(text).not.toContain(COOKIE_VALUE);
    expect(text).not.toContain('merchant-secret');
    expect(text).not.toContain('swish.swish');
    expect(text).not.toContain(SID);
  }

  it('an unreachable Dintero: 502, logged with the error’s name, message and cause, and the route', async () => {
    const closed = await startRecorder();
    await closed.close();
    const response = await proxyFor({ target: closed.url })(pay());
    expect(response.status).toBe(502);
    expect(logs).toHaveLength(1);
    const [entry] = logs;
    expect(entry!.details).toMatchObject({ status: 502, code: 'BAD_GATEWAY', route: 'pay' });
    expect(entry!.details.cause.name).toBe('TypeError');
    expect(entry!.details.cause.message).toMatch(/fetch failed.*ECONNREFUSED/);
    expect(entry!.message).toMatch(
      /^react-dintero-pay\/server: 502 BAD_GATEWAY on the pay call \(POST \/api\/dintero\/v1\/sessions\/…\/pay\): TypeError: /,
    );
    expectClean(entry!);
  });

  it('a redirect, an answer too large, a silent Dintero: one entry each, with what happened', async () => {
    const proxy = proxyFor({ timeoutMs: 300 });
    upstream.answer = (_request, response) => {
      response.writeHead(302, { location: 'https://elsewhere.example/' });
      response.end();
    };
    expect((await proxy(pay())).status).toBe(502);
    upstream.answer = (_request, response) =>
      json(response, 200, { pad: 'x'.repeat(MAX_PROXY_RESPONSE_BYTES), phone_number: PHONE });
    expect((await proxy(new Request(`${SHOP}${STATUS_PATH}`))).status).toBe(502);
    upstream.answer = () => undefined;
    expect((await proxy(pay())).status).toBe(504);
    // The silent upstream's late abort must not add a second entry.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      logs.map((entry) => [entry.details.status, entry.details.route, entry.details.cause.name]),
    ).toEqual([
      [502, 'pay', 'UnexpectedAnswer'],
      [502, 'status', 'AnswerTooLarge'],
      [504, 'pay', 'TimeoutError'],
    ]);
    expect(logs[0]!.details.cause.message).toContain('302');
    expect(logs[2]!.details.cause.message).toContain('300 ms');
    logs.forEach(expectClean);
  });

  it('a fetch error that quotes the forwarded cookie has it cut out of the log', async () => {
    const proxy = proxyFor({
      fetch: async (_input, init) => {
        throw new TypeError(`bad header: ${(init.headers as Record<string, string>).cookie}`);
      },
    });
    expect((await proxy(pay())).status).toBe(502);
    expect(logs).toHaveLength(1);
    expect(logs[0]!.details.cause.message).toBe('bad header: [cookie]');
    expectClean(logs[0]!);
  });

  it('nothing is logged for answers Dintero gave (a 4xx, a 5xx) or refusals of the proxy’s own', async () => {
    upstream.answer = (_request, response) => json(response, 503, { error: { message: 'Unavailable' } });
    const proxy = proxyFor();
    expect((await proxy(pay())).status).toBe(503);
    expect((await proxy(new Request(`${SHOP}${BASE}/v1/accounts/x`))).status).toBe(404);
    expect(logs).toEqual([]);
  });

  it('without a `log` option the message goes to console.error, once', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const closed = await startRecorder();
      await closed.close();
      const proxy = createDinteroProxy({ basePath: BASE, target: closed.url, allowLoopbackHttp: true });
      expect((await proxy(new Request(`${SHOP}${STATUS_PATH}`))).status).toBe(502);
      expect(error).toHaveBeenCalledTimes(1);
      expect(String(error.mock.calls[0]![0])).toMatch(
        /^react-dintero-pay\/server: 502 BAD_GATEWAY on a status check \(GET \/api\/dintero\/v1\/view\/…\/status\): TypeError: fetch failed/,
      );
    } finally {
      error.mockRestore();
    }
  });

  it('a logger that throws does not cost the shopper the answer', async () => {
    const closed = await startRecorder();
    await closed.close();
    const proxy = proxyFor({
      target: closed.url,
      log: () => {
        throw new Error('logger down');
      },
    });
    expect((await proxy(pay())).status).toBe(502);
  });
});

describe('answers passed on as they came', () => {
  it('a status answer without poll_url reaches the page byte for byte (not parsed and written again)', async () => {
    const raw = '{ "keep_polling" : true,\n  "note": "\\u00e5 \\/ 1.0e0" }';
    upstream.answer = (_request, response) => {
      response.writeHead(202, { 'content-type': 'application/json' });
      response.end(raw);
    };
    const response = await proxyFor()(new Request(`${SHOP}${STATUS_PATH}`));
    expect(response.status).toBe(202);
    expect(await response.text()).toBe(raw);
  });

  it('a pay answer has only its poll_url replaced: every other byte as Dintero wrote it', async () => {
    const before = `{"success":true,"actions":[],"poll_url":`;
    const after = `,"qr_code":"data:image/png;base64,iVBORw0KGgo=","amount":1.50e2 }`;
    upstream.answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(`${before}"${upstream.url}/v1/view/${SID}/swish/pr1/status"${after}`);
    };
    const response = await proxyFor()(pay());
    expect(await response.text()).toBe(`${before}"${BASE}/v1/view/${SID}/swish/pr1/status"${after}`);
  });

  it('an ambiguous text (poll_url written twice, or escaped) falls back to a full rewrite of the top-level one', async () => {
    const pollUrl = `${upstream.url}/v1/view/${SID}/swish/pr1/status`;
    for (const raw of [
      JSON.stringify({ nested: { poll_url: pollUrl }, poll_url: pollUrl }),
      `{"success":true,"poll_url":"${pollUrl.replaceAll('/', '\\/')}"}`,
    ]) {
      upstream.answer = (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(raw);
      };
      const body = (await (await proxyFor()(pay())).json()) as Record<string, unknown>;
      expect(body.poll_url).toBe(`${BASE}/v1/view/${SID}/swish/pr1/status`);
      if ('nested' in body) expect(body.nested).toEqual({ poll_url: pollUrl });
    }
  });

  it('whatever the answer looks like, the page gets what a parse → rewrite of the top-level poll_url → serialise would give', async () => {
    const target = 'https://checkout.dintero.com';
    const pollPath = `/v1/view/${SID}/swish/pr1/status`;
    const pollValue = fc.constantFrom(
      `${target}${pollPath}`,
      `${target}${pollPath}?x=1`,
      pollPath,
      'https://evil.example/v1/view/T1.a/swish/r/status',
      `${target}/v1/accounts/x`,
      42,
      null,
    );
    const answer = fc.record(
      {
        before: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
        poll: fc.option(pollValue, { nil: undefined }),
        nested: fc.option(fc.record({ poll_url: pollValue }), { nil: undefined }),
        after: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
        indent: fc.constantFrom(undefined, 2),
      },
      { requiredKeys: ['before', 'after', 'indent'] },
    );
    await fc.assert(
      fc.asyncProperty(answer, async ({ before, poll, nested, after, indent }) => {
        const value: Record<string, unknown> = { ...before };
        delete value.poll_url;
        if (nested !== undefined) value.nested = nested;
        if (poll !== undefined) value.poll_url = poll;
        Object.assign(
          value,
          Object.fromEntries(Object.entries(after).filter(([name]) => name !== 'poll_url')),
        );
        const raw = JSON.stringify(value, null, indent);
        const proxy = createDinteroProxy({
          basePath: BASE,
          fetch: async () => new Response(raw, { headers: { 'content-type': 'application/json' } }),
          log: () => undefined,
        });
        const text = await (await proxy(new Request(`${SHOP}${STATUS_PATH}`))).text();
        const expected = JSON.parse(raw) as Record<string, unknown>;
        const top = expected.poll_url;
        if (typeof top === 'string' && (top.startsWith(`${target}${pollPath}`) || top === pollPath)) {
          expected.poll_url = `${BASE}${pollPath}`;
        }
        expect(JSON.parse(text)).toEqual(expected);
        if (expected.poll_url === value.poll_url) expect(text).toBe(raw);
      }),
      { numRuns: 300 },
    );
  });

  it('a poll_url with a query is pointed at the proxy on its path alone (the proxy forwards no query)', async () => {
    upstream.answer = (_request, response) =>
      json(response, 200, { success: true, poll_url: `${upstream.url}/v1/view/${SID}/swish/pr1/status?t=1` });
    const body = (await (await proxyFor()(pay())).json()) as { poll_url: string };
    expect(body.poll_url).toBe(`${BASE}/v1/view/${SID}/swish/pr1/status`);
  });
});

describe('toNodeHandler serves the proxy from Node’s own request and response', () => {
  it('builds no web Request or Response for a pay call, a status check or a refusal', async () => {
    const RealRequest = globalThis.Request;
    const RealResponse = globalThis.Response;
    const built: string[] = [];
    const counting = <T extends object>(Real: T, name: string): T =>
      new Proxy(Real as object, {
        construct(target, args, newTarget) {
          built.push(name);
          return Reflect.construct(target as new (...a: unknown[]) => object, args, newTarget);
        },
      }) as T;
    const shop = await serveProxy(proxyFor(), BASE);
    globalThis.Request = counting(RealRequest, 'Request');
    globalThis.Response = counting(RealResponse, 'Response');
    try {
      const answers = [
        await rawRequest(shop.port, {
          method: 'POST',
          path: PAY_PATH,
          headers: { 'content-type': 'application/json' },
          body: PAY_BODY,
        }),
        await rawRequest(shop.port, { path: STATUS_PATH }),
        await rawRequest(shop.port, { method: 'PUT', path: PAY_PATH }),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 405]);
    } finally {
      globalThis.Request = RealRequest;
      globalThis.Response = RealResponse;
      await shop.close();
    }
    expect(built).toEqual([]);
  });

  it("with Node's own fetch, calls carry no abort signal while Dintero answers in time; from the first that ran into the deadline on, every call does", async () => {
    const realFetch = globalThis.fetch;
    const signalled: boolean[] = [];
    vi.stubGlobal('fetch', (input: string, init: RequestInit) => {
      signalled.push(init.signal !== undefined);
      return realFetch(input, init);
    });
    const shop = await serveProxy(proxyFor({ timeoutMs: 300 }));
    try {
      expect((await rawRequest(shop.port, { path: STATUS_PATH })).status).toBe(200);
      upstream.answer = () => undefined;
      expect((await rawRequest(shop.port, { path: STATUS_PATH })).status).toBe(504);
      upstream.answer = (_request, response) => json(response, 200, { ok: true });
      expect((await rawRequest(shop.port, { path: STATUS_PATH })).status).toBe(200);
      // The web handler (any runtime) always gives one.
      expect((await proxyFor()(new Request(`${SHOP}${STATUS_PATH}`))).status).toBe(200);
    } finally {
      vi.unstubAllGlobals();
      await shop.close();
    }
    expect(signalled).toEqual([false, false, true, true]);
    expect(logs.map((entry) => entry.details.cause.name)).toEqual(['TimeoutError']);
  });

  it('a call without a signal that outlives its deadline: 504 at the deadline, and its answer cancelled when it comes', async () => {
    let upstreamClosed = false;
    upstream.answer = (_request, response) => {
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"keep_polling":');
        // …and nothing more: the proxy must hang up.
        response.on('close', () => (upstreamClosed = !response.writableFinished));
      }, 500);
    };
    const shop = await serveProxy(proxyFor({ timeoutMs: 200 }));
    try {
      const started = Date.now();
      const answer = await rawRequest(shop.port, { path: STATUS_PATH });
      expect(answer.status).toBe(504);
      expect(Date.now() - started).toBeLessThan(480);
      await vi.waitFor(() => expect(upstreamClosed).toBe(true), { timeout: 3000 });
    } finally {
      await shop.close();
    }
    expect(logs).toHaveLength(1);
  });

  it('a shopper who leaves aborts the upstream call, and nothing is logged', async () => {
    let aborted = false;
    const proxy = proxyFor({
      fetch: (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => {
            aborted = true;
            reject(init.signal?.reason);
          });
        }),
    });
    const shop = await serveProxy(proxy);
    try {
      const { request } = await import('node:http');
      const client = request({ host: '127.0.0.1', port: shop.port, path: STATUS_PATH });
      client.on('error', () => undefined);
      client.end();
      await new Promise((resolve) => setTimeout(resolve, 100));
      client.destroy();
      await vi.waitFor(() => expect(aborted).toBe(true));
      expect(logs).toEqual([]);
    } finally {
      await shop.close();
    }
  });
});
