// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDinteroClient, interpretPayAnswer, interpretPollAnswer } from '../../src/core';
import { MAGIC_PHONE_NUMBERS, startDinteroEmulator, type DinteroEmulatorServer } from '../../src/testing';

let server: DinteroEmulatorServer;

beforeAll(async () => {
  server = await startDinteroEmulator({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

const SHOP = 'http://localhost:5173';

describe('startDinteroEmulator', () => {
  it('listens on a random loopback port when given port 0', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('answers a CORS preflight with 204 and the allowed method and headers', async () => {
    const response = await fetch(`${server.url}/v1/sessions/T1/pay`, {
      method: 'OPTIONS',
      headers: {
        Origin: SHOP,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type, if-unmodified-since',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = response.headers.get('access-control-allow-headers')!.toLowerCase();
    expect(allowed).toContain('content-type');
    expect(allowed).toContain('if-unmodified-since');
    expect(await response.text()).toBe('');
  });

  it('adds CORS headers to answers, exposes Retry-After, and uses * without an Origin', async () => {
    const limited = await fetch(`${server.url}/v1/sessions/T1/pay`, {
      method: 'POST',
      headers: { Origin: SHOP, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        payment_product_type: 'swish.swish',
        phone_number: MAGIC_PHONE_NUMBERS.rate_limited,
      }),
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(limited.headers.get('access-control-expose-headers')).toMatch(/retry-after/i);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('vary')).toMatch(/origin/i);

    const plain = await fetch(`${server.url}/__emulator/pending`);
    expect(plain.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('lets a shop on another origin keep the remember_me cookie: credentials allowed, Set-Cookie sent', async () => {
    const preflight = await fetch(`${server.url}/v1/sessions/T1.cookie/pay`, {
      method: 'OPTIONS',
      headers: { Origin: SHOP, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    const remembered = await fetch(`${server.url}/v1/sessions/T1.cookie/pay`, {
      method: 'POST',
      headers: { Origin: SHOP, 'Content-Type': 'application/json' },
      body: JSON.stringify({ payment_product_type: 'swish.swish', remember_me: true }),
    });
    expect(remembered.status).toBe(200);
    expect(remembered.headers.get('access-control-allow-credentials')).toBe('true');
    const cookie = remembered.headers.getSetCookie();
    expect(cookie).toHaveLength(1);
    expect(cookie[0]).toMatch(
      /^dintero_remember_me=v1\.[0-9a-f]{32}; Path=\/; Max-Age=\d+; HttpOnly; Secure; SameSite=None$/,
    );

    const forgotten = await fetch(`${server.url}/v1/sessions/T2.cookie/pay`, {
      method: 'POST',
      headers: { Cookie: cookie[0]!.split(';')[0]!, 'Content-Type': 'application/json' },
      body: JSON.stringify({ payment_product_type: 'swish.swish', remember_me: false }),
    });
    expect(forgotten.headers.getSetCookie()[0]).toMatch(/^dintero_remember_me=; Path=\/; Max-Age=0;/);
    expect(server.emulator.requests.filter((r) => r.route === 'pay').at(-1)!.rememberedCustomer).toBe(true);
    // Without an Origin (no browser) there is nothing to allow.
    expect(forgotten.headers.get('access-control-allow-credentials')).toBeNull();
    server.emulator.reset();
  });

  it('builds poll URLs on its own origin and drives the flow over HTTP', async () => {
    const pay = await fetch(`${server.url}/v1/sessions/T1/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payment_product_type: 'swish.swish', phone_number: '+46701234567' }),
    });
    expect(pay.status).toBe(200);
    const answer = (await pay.json()) as { poll_url: string };
    expect(answer.poll_url.startsWith(`${server.url}/v1/view/T1/swish/`)).toBe(true);
    expect((await fetch(answer.poll_url)).status).toBe(202);

    const pending = (await (await fetch(`${server.url}/__emulator/pending`)).json()) as Array<{
      requestId: string;
      maskedPhone: string;
    }>;
    expect(pending).toHaveLength(1);
    expect(pending[0]!.maskedPhone).toBe('+46 ••• •• 67');
    const approve = await fetch(`${server.url}/__emulator/requests/${pending[0]!.requestId}/approve`, {
      method: 'POST',
    });
    expect(approve.status).toBe(200);
    const done = await fetch(answer.poll_url);
    expect(done.status).toBe(200);
    const { redirect_url } = (await done.json()) as { redirect_url: string };
    expect(redirect_url.startsWith(`${server.url}/return?transaction_id=`)).toBe(true);

    const page = await fetch(redirect_url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('Payment completed');

    const reset = await fetch(`${server.url}/__emulator/reset`, { method: 'POST' });
    expect(reset.status).toBe(204);
    expect(server.emulator.pending()).toEqual([]);
  });

  it("works with the library's client when loopback http is allowed", async () => {
    const baseUrl = `${server.url}/v1`;
    const policy = { baseUrl, allowLoopbackHttp: true };
    const client = createDinteroClient({ baseUrl });
    const outcome = interpretPayAnswer(
      await client.pay('T9', { payment_product_type: 'swish.swish' }),
      policy,
    );
    if (outcome.type !== 'poll') throw new Error(`expected the poll branch, got ${outcome.type}`);
    expect(outcome.qrCode).toMatch(/^data:image\/png;base64,/);
    expect(interpretPollAnswer(await client.poll(outcome.pollUrl), policy)).toEqual({ type: 'pending' });
    server.emulator.approve(server.emulator.pending()[0]!.requestId);
    const result = interpretPollAnswer(await client.poll(outcome.pollUrl), policy);
    expect(result.type).toBe('redirect');
  });

  it('serves an emulator passed in, and closes so the port stops answering', async () => {
    const other = await startDinteroEmulator({ emulator: server.emulator });
    expect(other.emulator).toBe(server.emulator);
    expect(other.port).not.toBe(server.port);
    const response = await fetch(`${other.url}/v1/sessions/unknown-1/pay`, {
      method: 'POST',
      body: JSON.stringify({ payment_product_type: 'swish.swish' }),
    });
    expect(response.status).toBe(404);
    await other.close();
    await expect(fetch(`${other.url}/__emulator/pending`)).rejects.toThrow();
  });
});
