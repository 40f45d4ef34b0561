// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDinteroProxy } from '../../src/server';
import { startDinteroEmulator, type DinteroEmulatorServer } from '../../src/testing/server';
import { rawRequest, serveProxy, type ProxyServer } from './helpers';

const BASE = '/api/dintero';
const SID = 'T11223344.proxyEmulator01';

let emulator: DinteroEmulatorServer;
let shop: ProxyServer;

beforeAll(async () => {
  emulator = await startDinteroEmulator({ port: 0 });
  // Mounted the way Express and Connect mount it; the emulator plays Dintero on its own origin.
  shop = await serveProxy(
    createDinteroProxy({ basePath: BASE, target: emulator.url, allowLoopbackHttp: true }),
    BASE,
  );
});
afterAll(async () => {
  await Promise.all([shop?.close(), emulator?.close()]);
});
beforeEach(() => {
  emulator.emulator.reset();
});

function pay(sessionId: string, body: unknown, cookie?: string) {
  return rawRequest(shop.port, {
    method: 'POST',
    path: `${BASE}/v1/sessions/${sessionId}/pay`,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(body),
  });
}

describe('the proxy in front of the emulator (node:http, toNodeHandler)', () => {
  it('a Swish payment completes through the proxy: poll_url points under basePath and the checks go through it', async () => {
    const paid = await pay(SID, { payment_product_type: 'swish.swish' });
    expect(paid.status).toBe(200);
    expect(paid.headers['cache-control']).toBe('no-store');
    const answer = JSON.parse(paid.body) as { poll_url: string; approval_url: string; qr_code: string };
    // The page resolves it against its own origin: the next check comes back here.
    expect(answer.poll_url.startsWith(`${BASE}/v1/`)).toBe(true);
    expect(answer.approval_url).toMatch(/^swish:\/\/paymentrequest\?token=/);
    expect(answer.qr_code).toMatch(/^data:image\/png;base64,/);

    const pending = await rawRequest(shop.port, {
      path: answer.poll_url,
      headers: { accept: 'application/json' },
    });
    expect(pending.status).toBe(202);

    const [request] = emulator.emulator.pending();
    expect(request?.sessionId).toBe(SID);
    expect(emulator.emulator.approve(request!.requestId)).toBe(true);
    const decided = await rawRequest(shop.port, { path: answer.poll_url });
    expect(decided.status).toBe(200);
    const status = JSON.parse(decided.body) as { redirect_url?: string };
    // redirect_url is Dintero's to give: passed on untouched.
    expect(status.redirect_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

    expect(emulator.emulator.requests.map((entry) => [entry.method, entry.route, entry.status])).toEqual([
      ['POST', 'pay', 200],
      ['GET', 'poll', 202],
      ['GET', 'poll', 200],
    ]);
  });

  it('row 36: refused requests never reach the emulator', async () => {
    const attempts = [
      rawRequest(shop.port, { path: `${BASE}/__emulator/pending` }),
      rawRequest(shop.port, { method: 'POST', path: `${BASE}/__emulator/reset` }),
      rawRequest(shop.port, { path: `${BASE}/v1/sessions/${SID}/../../__emulator/requests` }),
      rawRequest(shop.port, { path: `${BASE}/v1/sessions/${SID}/pay` }),
      rawRequest(shop.port, { method: 'DELETE', path: `${BASE}/v1/sessions/${SID}/pay` }),
      rawRequest(shop.port, {
        method: 'POST',
        path: `${BASE}/v1/sessions/${SID}/pay`,
        headers: { 'content-type': 'text/plain' },
        body: '{"payment_product_type":"swish.swish"}',
      }),
      pay('unknown-123', { payment_product_type: 'swish.swish' }),
    ];
    const statuses = (await Promise.all(attempts)).map((answer) => answer.status);
    expect(statuses).toEqual([404, 404, 400, 405, 405, 415, 404]);
    expect(emulator.emulator.requests).toEqual([]);
  });

  it('remember_me: true sets the cookie as the proxy’s own, it goes back to Dintero under its name, false clears it', async () => {
    const remembered = await pay(SID, { payment_product_type: 'swish.swish', remember_me: true });
    expect(remembered.status).toBe(200);
    const [set] = remembered.headers['set-cookie'] ?? [];
    expect(set).toMatch(
      new RegExp(`^rdp_[\\w-]+=[^;]+; Path=${BASE}; Max-Age=\\d+; .*HttpOnly; SameSite=Lax$`),
    );
    // The page is on 127.0.0.1 here (plain-http development): no Secure, or the browser would drop it.
    expect(set).not.toMatch(/Secure|Domain/i);
    const cookie = set!.split(';')[0]!;

    const again = await pay('T11223344.proxyEmulator02', { payment_product_type: 'swish.swish' }, cookie);
    expect(again.status).toBe(200);
    const payEntries = () => emulator.emulator.requests.filter((entry) => entry.route === 'pay');
    expect(payEntries()[1]?.rememberedCustomer).toBe(true);

    const forgotten = await pay(
      'T11223344.proxyEmulator03',
      { payment_product_type: 'swish.swish', remember_me: false },
      cookie,
    );
    const [cleared] = forgotten.headers['set-cookie'] ?? [];
    expect(cleared).toMatch(new RegExp(`^${cookie.split('=')[0]}=; Path=${BASE}; Max-Age=0`));
  });
});
