// @vitest-environment node
// Row 39 of the reliability matrix: the proxy under slow or many clients, and behind frameworks that
// add a query string. A slow upload must end at `timeoutMs` (its connection closed) while everyone
// else keeps being answered; a query must neither reach Dintero nor get a valid call refused.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDinteroProxy, type DinteroProxyOptions } from '../../src/server';
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
  slowUpload,
  startRecorder,
  type ProxyServer,
  type Recorder,
} from './helpers';

/** What Next.js puts into `request.url` for a catch-all route in the edge runtime. */
const NEXT_EDGE_QUERY = (path: string) =>
  `?${path
    .slice(BASE.length + 1)
    .split('/')
    .map((segment) => `path=${encodeURIComponent(segment)}`)
    .join('&')}`;

/** A pay call whose body arrives as `body` streams it. */
function streamedPayRequest(body: ReadableStream<Uint8Array>): Request {
  return new Request(`${SHOP}${PAY_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duplex: 'half',
  } as RequestInit);
}

let upstream: Recorder;
const logged: string[] = [];

beforeAll(async () => {
  upstream = await startRecorder();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => {
  upstream.received = [];
  upstream.answer = (_request, response) => json(response, 200, { ok: true });
  logged.length = 0;
});

function options(extra: Partial<DinteroProxyOptions> = {}): DinteroProxyOptions {
  return {
    basePath: BASE,
    target: upstream.url,
    allowLoopbackHttp: true,
    log: (message) => logged.push(message),
    ...extra,
  };
}

describe('row 39: slow uploads end at timeoutMs (toNodeHandler on node:http)', () => {
  const TIMEOUT_MS = 3000;
  let shop: ProxyServer;

  beforeAll(async () => {
    shop = await serveProxy(createDinteroProxy(options({ timeoutMs: TIMEOUT_MS })));
  });
  afterAll(async () => {
    await shop.close();
  });

  it(
    'row 39: 500 uploads at 1 byte/s each end with 408 at timeoutMs and their connections close; pay calls and status checks alongside are answered while they are held',
    { timeout: 30_000 },
    async () => {
      const started = Date.now();
      const slow = Array.from({ length: 500 }, () =>
        slowUpload(shop.port, { path: PAY_PATH, body: PAY_BODY, everyMs: 1000, giveUpMs: 10_000 }),
      );
      // Once they are all connected and trickling, other shoppers pay and check their status.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const others: { status: number; answeredAt: number; ms: number }[] = [];
      while (Date.now() - started < TIMEOUT_MS - 200) {
        const begun = Date.now();
        const answers = await Promise.all([
          rawRequest(shop.port, {
            method: 'POST',
            path: PAY_PATH,
            headers: { 'content-type': 'application/json' },
            body: PAY_BODY,
          }),
          rawRequest(shop.port, { path: STATUS_PATH }),
        ]);
        for (const answer of answers) {
          others.push({ status: answer.status, answeredAt: Date.now(), ms: Date.now() - begun });
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const results = await Promise.all(slow);

      // Everyone else was answered, several of them while all 500 uploads were still held open,
      // and none had to wait as long as the deadline.
      expect(others.every((other) => other.status === 200)).toBe(true);
      const firstSlowAnswer = Math.min(...results.map((result) => result.answeredAt));
      expect(others.filter((other) => other.answeredAt < firstSlowAnswer).length).toBeGreaterThanOrEqual(2);
      expect(Math.max(...others.map((other) => other.ms))).toBeLessThan(TIMEOUT_MS);
      for (const result of results) {
        expect(result.status).toBe(408);
        expect(result.answeredAfterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
        // The connection is not held past the deadline (a little slack for 500 sockets on a busy machine).
        expect(result.closedAfterMs).toBeLessThan(TIMEOUT_MS + 1500);
        expect(result.sent).toBeLessThan(PAY_BODY.length);
      }
      // Only the complete pay calls reached Dintero, and a 408 is not an upstream failure to log.
      expect(upstream.received.filter((entry) => entry.method === 'POST')).toHaveLength(others.length / 2);
      expect(logged).toEqual([]);
    },
  );

  it('row 39: the deadline covers the upload and the upstream together: a slow body then a silent Dintero is 504 at timeoutMs, not later', async () => {
    upstream.answer = () => {
      // Never answers.
    };
    const proxy = createDinteroProxy(options({ timeoutMs: 600 }));
    const bytes = new TextEncoder().encode(PAY_BODY);
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        // Two thirds of the deadline spent on the upload.
        await new Promise((resolve) => setTimeout(resolve, 400));
        controller.enqueue(bytes);
        controller.close();
      },
    });
    const started = Date.now();
    const response = await proxy(streamedPayRequest(body));
    const elapsed = Date.now() - started;
    expect(response.status).toBe(504);
    expect(elapsed).toBeGreaterThanOrEqual(590);
    expect(elapsed).toBeLessThan(950);
    expect(upstream.received).toHaveLength(1);
    expect(logged).toHaveLength(1);
  });

  it('row 39: the web handler answers an upload still arriving at timeoutMs with 408 and stops reading it (without cancelling it)', async () => {
    const proxy = createDinteroProxy(options({ timeoutMs: 400 }));
    let pulls = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          pulls += 1;
          // One byte every 50 ms, never the end.
          await new Promise((resolve) => setTimeout(resolve, 50));
          controller.enqueue(new TextEncoder().encode(' '));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const started = Date.now();
    const response = await proxy(streamedPayRequest(body));
    expect(response.status).toBe(408);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({
      error: { message: 'The request body did not arrive in time', code: 'REQUEST_TIMEOUT' },
    });
    expect(Date.now() - started).toBeLessThan(900);
    const pulled = pulls;
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Not read any further (at most the read already asked for), and not cancelled: a server's
    // bridge may still be feeding the stream.
    expect(pulls - pulled).toBeLessThanOrEqual(1);
    expect(cancelled).toBe(false);
    expect(upstream.received).toEqual([]);
  });
});

describe('row 39: a query a framework adds is neither forwarded nor refused', () => {
  let shop: ProxyServer;
  let mounted: ProxyServer;

  beforeAll(async () => {
    shop = await serveProxy(createDinteroProxy(options()));
    mounted = await serveProxy(createDinteroProxy(options()), BASE);
  });
  afterAll(async () => {
    await Promise.all([shop.close(), mounted.close()]);
  });
  afterEach(() => {
    // Whatever came in, Dintero saw the two paths and never a query.
    expect(upstream.received.every((entry) => !entry.url.includes('?'))).toBe(true);
  });

  it("row 39: Next.js's edge runtime (catch-all params as ?path=v1&path=…): a valid pay call is forwarded on its path alone", async () => {
    const proxy = createDinteroProxy(options());
    const query = NEXT_EDGE_QUERY(PAY_PATH);
    expect(query).toBe(`?path=v1&path=sessions&path=${encodeURIComponent(SID)}&path=pay`);
    const response = await proxy(
      new Request(`${SHOP}${PAY_PATH}${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: PAY_BODY,
      }),
    );
    expect(response.status).toBe(200);
    expect(upstream.received.map((entry) => `${entry.method} ${entry.url} ${entry.body}`)).toEqual([
      `POST /v1/sessions/${SID}/pay ${PAY_BODY}`,
    ]);
  });

  it('row 39: a status check with the edge runtime’s query reaches Dintero as /v1/view/{id}/…/status, without it', async () => {
    const proxy = createDinteroProxy(options());
    const response = await proxy(new Request(`${SHOP}${STATUS_PATH}${NEXT_EDGE_QUERY(STATUS_PATH)}`));
    expect(response.status).toBe(200);
    expect(upstream.received.map((entry) => entry.url)).toEqual([`/v1/view/${SID}/swish/pr0001ab/status`]);
  });

  it('row 39: through toNodeHandler, mounted and not, a query on either endpoint is dropped and the call answered', async () => {
    for (const server of [shop, mounted]) {
      const pay = await rawRequest(server.port, {
        method: 'POST',
        path: `${PAY_PATH}?utm_source=mail&_rsc=1x2y`,
        headers: { 'content-type': 'application/json' },
        body: PAY_BODY,
      });
      expect(pay.status).toBe(200);
      const status = await rawRequest(server.port, { path: `${STATUS_PATH}${NEXT_EDGE_QUERY(STATUS_PATH)}` });
      expect(status.status).toBe(200);
    }
    expect(upstream.received.map((entry) => `${entry.method} ${entry.url}`)).toEqual([
      `POST /v1/sessions/${SID}/pay`,
      `GET /v1/view/${SID}/swish/pr0001ab/status`,
      `POST /v1/sessions/${SID}/pay`,
      `GET /v1/view/${SID}/swish/pr0001ab/status`,
    ]);
  });

  it('row 39: the query decides nothing: a path off the endpoints is refused whatever the query says, and nothing is forwarded', async () => {
    const proxy = createDinteroProxy(options());
    for (const url of [
      `${SHOP}${BASE}/v1/accounts/T1?path=v1&path=sessions&path=${SID}&path=pay`,
      `${SHOP}${BASE}/?path=v1&path=sessions&path=${SID}&path=pay`,
    ]) {
      const response = await proxy(new Request(url, { method: 'POST', body: PAY_BODY }));
      expect(response.status, url).toBe(404);
    }
    expect(upstream.received).toEqual([]);
  });
});
