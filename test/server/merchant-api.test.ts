// @vitest-environment node
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DinteroApiError,
  createDinteroMerchantApi,
  isDinteroApiError,
  type DinteroMerchantApiOptions,
} from '../../src/server';
import {
  EMULATOR_ACCOUNT_ID,
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  startDinteroEmulator,
  type DinteroEmulatorServer,
} from '../../src/testing';

// The merchant server's helper against the emulator over real HTTP: the token cached and renewed
// before it expires, a session with the shop's own URLs, the shopper's payment through the pay
// endpoint, Dintero's callback, and the transaction read back to confirm it.

let emulator: DinteroEmulatorServer;
let callbackServer: Server;
let callbackUrl = '';
const callbacks: URL[] = [];

beforeAll(async () => {
  emulator = await startDinteroEmulator({ port: 0, tokenExpiresIn: 3600 });
  callbackServer = createServer((request, response) => {
    callbacks.push(new URL(request.url ?? '/', 'http://127.0.0.1'));
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/api/dintero-callback`;
});
afterAll(async () => {
  callbackServer?.closeAllConnections();
  await Promise.all([emulator?.close(), new Promise((resolve) => callbackServer?.close(resolve))]);
});
beforeEach(() => {
  emulator.emulator.reset();
  callbacks.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

function api(overrides: Partial<DinteroMerchantApiOptions> = {}) {
  return createDinteroMerchantApi({
    accountId: EMULATOR_ACCOUNT_ID,
    clientId: EMULATOR_CLIENT_ID,
    clientSecret: EMULATOR_CLIENT_SECRET,
    // The emulator serves the API host's token and the checkout host's calls on one origin.
    apiUrl: emulator.url,
    checkoutUrl: emulator.url,
    allowLoopbackHttp: true,
    ...overrides,
  });
}

const tokenRequests = () => emulator.emulator.requests.filter((entry) => entry.route === 'token').length;

const ORDER = {
  amount: 29_900,
  currency: 'SEK',
  merchant_reference: 'order-1001',
  items: [
    { id: 'mug', line_id: '1', description: 'Mug', quantity: 1, amount: 29_900, vat_amount: 5_980, vat: 25 },
  ],
};

async function rejection(promise: Promise<unknown>): Promise<DinteroApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isDinteroApiError(error)).toBe(true);
  expect(error).toBeInstanceOf(DinteroApiError);
  return error as DinteroApiError;
}

describe('the access token', () => {
  it('is requested once and cached; concurrent callers share one request', async () => {
    const dintero = api();
    const tokens = await Promise.all([1, 2, 3, 4, 5].map(() => dintero.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(tokenRequests()).toBe(1);
    await dintero.createSession({ order: ORDER, url: { return_url: 'https://shop.example/return' } });
    await dintero.createSession({ order: ORDER, url: { return_url: 'https://shop.example/return' } });
    expect(tokenRequests()).toBe(1);
  });

  it('is renewed shortly before it expires, while the old one still works', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const dintero = api();
    const first = await dintero.getAccessToken();
    vi.setSystemTime(start + 3600_000 - 61_000);
    expect(await dintero.getAccessToken()).toBe(first);
    expect(tokenRequests()).toBe(1);

    vi.setSystemTime(start + 3600_000 - 59_000);
    const second = await dintero.getAccessToken();
    expect(second).not.toBe(first);
    expect(tokenRequests()).toBe(2);
    // The emulator still takes the old token at this moment: the renewal came before its end.
    const stillValid = await fetch(`${emulator.url}/v1/transactions/P0.none`, {
      headers: { authorization: `Bearer ${first}` },
    });
    expect(stillValid.status).toBe(404);
    await dintero.createSession({ order: ORDER, url: { return_url: 'https://shop.example/return' } });
    expect(tokenRequests()).toBe(2);
  });

  it('a token the server no longer takes is replaced once, and the call goes through', async () => {
    const dintero = api();
    await dintero.getAccessToken();
    emulator.emulator.reset(); // forgets every token it issued
    const session = await dintero.createSession({
      order: ORDER,
      url: { return_url: 'https://shop.example/r' },
    });
    expect(session.id.startsWith(`${EMULATOR_ACCOUNT_ID}.`)).toBe(true);
    expect(emulator.emulator.requests.map((entry) => [entry.route, entry.status])).toEqual([
      ['session', 401],
      ['token', 200],
      ['session', 200],
    ]);
  });

  it('wrong credentials: unauthorized, with nothing of the secret in the error', async () => {
    const error = await rejection(api({ clientSecret: 'not-the-secret-1234' }).getAccessToken());
    expect(error).toMatchObject({
      kind: 'unauthorized',
      status: 401,
      code: 'UNAUTHORIZED',
      retryable: false,
    });
    for (const text of [error.message, JSON.stringify(error), String(error.stack)]) {
      expect(text).not.toContain('not-the-secret-1234');
    }
  });
});

describe('a payment from the shop’s server to the return page', () => {
  it('session with the shop’s URLs → the page pays → callback → the transaction confirms it', async () => {
    const dintero = api();
    const session = await dintero.createSession({
      order: ORDER,
      url: { return_url: 'https://shop.example/return', callback_url: callbackUrl },
    });
    expect(emulator.emulator.getSession(session.id)).toMatchObject({
      order: ORDER,
      url: { return_url: 'https://shop.example/return', callback_url: callbackUrl },
      profileId: 'default',
    });
    expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/view\//);

    // The page's part: the pay endpoint with the session id, then the status checks.
    const pay = await fetch(`${emulator.url}/v1/sessions/${session.id}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payment_product_type: 'swish.swish', phone_number: '+46701234567' }),
    });
    const { poll_url } = (await pay.json()) as { poll_url: string };
    expect((await fetch(poll_url)).status).toBe(202);
    expect(emulator.emulator.approve(emulator.emulator.pending()[0]!.requestId)).toBe(true);
    const status = (await (await fetch(poll_url)).json()) as { redirect_url: string };
    const returned = new URL(status.redirect_url);
    expect(returned.origin + returned.pathname).toBe('https://shop.example/return');
    expect(returned.searchParams.get('merchant_reference')).toBe('order-1001');
    const transactionId = returned.searchParams.get('transaction_id')!;

    // Dintero's callback reached the shop's server, with the same transaction.
    await vi.waitFor(() => expect(callbacks).toHaveLength(1));
    expect(callbacks[0]!.pathname).toBe('/api/dintero-callback');
    expect(Object.fromEntries(callbacks[0]!.searchParams)).toEqual({
      transaction_id: transactionId,
      merchant_reference: 'order-1001',
    });

    const transaction = await dintero.getTransaction(transactionId);
    expect(transaction).toMatchObject({
      id: transactionId,
      status: 'AUTHORIZED',
      amount: 29_900,
      currency: 'SEK',
      merchant_reference: 'order-1001',
      session_id: session.id,
      payment_product_type: 'swish.swish',
    });
  });

  it('an unknown transaction is not_found', async () => {
    const error = await rejection(api().getTransaction('P00000000.unknown'));
    expect(error).toMatchObject({ kind: 'not_found', status: 404, retryable: false });
  });

  it('profileId is sent as profile_id (default "default")', async () => {
    const session = await api().createSession({
      order: ORDER,
      url: { return_url: 'https://shop.example/return' },
      profileId: 'P-nordic',
    });
    expect(emulator.emulator.getSession(session.id)?.profileId).toBe('P-nordic');
  });
});

describe('what goes out', () => {
  it('every call: redirect manual, no cache option (old workerd rejects it), a signal; JSON both ways', async () => {
    const inits: Array<[string, RequestInit]> = [];
    const dintero = api({
      fetch: (url, init) => {
        inits.push([url, init]);
        return fetch(url, init);
      },
    });
    const session = await dintero.createSession({
      order: ORDER,
      url: { return_url: 'https://shop.example/r' },
    });
    await dintero.getTransaction('P1.none').catch(() => undefined);
    expect(inits.map(([url, init]) => [new URL(url).pathname, init.method])).toEqual([
      [`/v1/accounts/${EMULATOR_ACCOUNT_ID}/auth/token`, 'POST'],
      ['/v1/sessions-profile', 'POST'],
      ['/v1/transactions/P1.none', 'GET'],
    ]);
    for (const [, init] of inits) {
      expect(init.redirect).toBe('manual');
      expect(init).not.toHaveProperty('cache');
      expect(init.signal).toBeInstanceOf(AbortSignal);
      expect(init.headers).toMatchObject({ accept: 'application/json' });
    }
    expect(JSON.parse(inits[1]![1].body as string)).toEqual({
      url: { return_url: 'https://shop.example/r' },
      order: ORDER,
      profile_id: 'default',
    });
    expect(session.id).toMatch(/^T12345678\./);
  });
});

describe('input checked before any request', () => {
  const RETURN = { return_url: 'https://shop.example/return' };
  it.each([
    ['order.amount', { order: { ...ORDER, amount: 299.5 }, url: RETURN }],
    ['order.amount', { order: { ...ORDER, amount: '29900' }, url: RETURN }],
    ['order.amount', { order: { ...ORDER, amount: -1 }, url: RETURN }],
    ['order.amount', { order: { ...ORDER, amount: Number.NaN }, url: RETURN }],
    ['order.amount', { order: { ...ORDER, amount: 2 ** 53 }, url: RETURN }],
    ['order.vat_amount', { order: { ...ORDER, vat_amount: 0.25 }, url: RETURN }],
    ['order.items[0].amount', { order: { ...ORDER, items: [{ amount: 1.5 }] }, url: RETURN }],
    [
      'order.items[0].vat_amount',
      { order: { ...ORDER, items: [{ amount: 1, vat_amount: '1' }] }, url: RETURN },
    ],
    ['order.currency', { order: { ...ORDER, currency: 'sek' }, url: RETURN }],
    ['order.merchant_reference', { order: { ...ORDER, merchant_reference: '' }, url: RETURN }],
    ['order', { url: RETURN }],
    ['url.return_url', { order: ORDER, url: { return_url: '/return' } }],
    ['url.return_url', { order: ORDER, url: { return_url: 'javascript:alert(1)' } }],
    ['url.callback_url', { order: ORDER, url: { ...RETURN, callback_url: 'ftp://x' } }],
    ['profileId', { order: ORDER, url: RETURN, profileId: '' }],
  ])('createSession refuses a bad %s with invalid_request', async (field, input) => {
    const error = await rejection(api().createSession(input as never));
    expect(error).toMatchObject({ kind: 'invalid_request', field, status: undefined });
    expect(emulator.emulator.requests).toEqual([]);
  });

  it.each(['', '..', '.', '../accounts', 'P1/../x', 'a b', 'x'.repeat(129)])(
    'getTransaction refuses the id %j before any request',
    async (id) => {
      const error = await rejection(api().getTransaction(id));
      expect(error).toMatchObject({ kind: 'invalid_request', field: 'transactionId' });
      expect(emulator.emulator.requests).toEqual([]);
    },
  );

  it('options: a plain-http or non-origin URL, or an account id that is not Dintero’s, throws at creation', () => {
    const base = { accountId: 'T1', clientId: 'a', clientSecret: 'b' };
    expect(() => createDinteroMerchantApi({ ...base, apiUrl: 'http://api.example.com' })).toThrow(TypeError);
    expect(() => createDinteroMerchantApi({ ...base, checkoutUrl: 'http://127.0.0.1:1' })).toThrow(
      /allowLoopbackHttp/,
    );
    expect(() =>
      createDinteroMerchantApi({ ...base, checkoutUrl: 'http://example.com', allowLoopbackHttp: true }),
    ).toThrow(TypeError);
    expect(() => createDinteroMerchantApi({ ...base, apiUrl: 'https://api.dintero.com/v1' })).toThrow(
      /origin/,
    );
    expect(() => createDinteroMerchantApi({ ...base, accountId: '12345678' })).toThrow(/accountId/);
    expect(() => createDinteroMerchantApi({ ...base, clientId: 'a:b' })).toThrow(/clientId/);
    expect(() => createDinteroMerchantApi({ ...base, clientSecret: '' })).toThrow(/clientSecret/);
    expect(() => createDinteroMerchantApi(base)).not.toThrow();
  });
});
