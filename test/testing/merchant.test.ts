import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EMULATOR_ACCOUNT_ID,
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  createDinteroEmulator,
  type DinteroEmulator,
  type DinteroEmulatorOptions,
  type EmulatorCallbackFetch,
  type EmulatorResponse,
} from '../../src/testing';
import {
  accessTokenSchema,
  createdSessionSchema,
  errorBodySchema,
  transactionSchema,
} from './dintero-schemas';

// The merchant's server flow as the emulator plays it (docs/dintero-pay-api.md §7): token,
// session from the shop's order and URLs, the shopper's payment, Dintero's callback and the
// transaction read back. Everything on one origin, as the emulator serves it.

const ORIGIN = 'https://checkout.dintero.com';
const BASE = `${ORIGIN}/v1`;
const START = Date.parse('2025-03-01T10:00:00.000Z');
const SHOP = 'https://shop.example.com';
const BASIC = `Basic ${btoa(`${EMULATOR_CLIENT_ID}:${EMULATOR_CLIENT_SECRET}`)}`;
const AUDIENCE = `https://api.dintero.com/v1/accounts/${EMULATOR_ACCOUNT_ID}`;

const ORDER = {
  amount: 29_900,
  currency: 'SEK',
  merchant_reference: 'order-1001',
  items: [
    {
      id: 'mug',
      line_id: '1',
      description: 'Mug',
      quantity: 1,
      amount: 29_900,
      vat_amount: 5_980,
      vat: 25,
    },
  ],
};

function setup(options: DinteroEmulatorOptions = {}) {
  let time = START;
  const calls: string[] = [];
  const callbackFetch = vi.fn<EmulatorCallbackFetch>(async (url) => {
    calls.push(url);
    return { status: 200 };
  });
  const emulator = createDinteroEmulator({ now: () => time, callbackFetch, ...options });
  return {
    emulator,
    calls,
    callbackFetch,
    advance(ms: number) {
      time += ms;
    },
  };
}

function body(response: EmulatorResponse): Record<string, unknown> {
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return JSON.parse(response.body) as Record<string, unknown>;
}

function requestToken(
  emulator: DinteroEmulator,
  { authorization = BASIC, accountId = EMULATOR_ACCOUNT_ID, payload = {} as Record<string, unknown> } = {},
) {
  return emulator.handle({
    method: 'POST',
    url: `${BASE}/accounts/${accountId}/auth/token`,
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', audience: AUDIENCE, ...payload }),
  });
}

async function tokenOf(emulator: DinteroEmulator): Promise<string> {
  return body(await requestToken(emulator)).access_token as string;
}

function createSession(emulator: DinteroEmulator, token: string | undefined, payload: unknown) {
  return emulator.handle({
    method: 'POST',
    url: `${BASE}/sessions-profile`,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(payload),
  });
}

const SESSION_BODY = {
  url: { return_url: `${SHOP}/return?from=dintero`, callback_url: `${SHOP}/api/dintero-callback` },
  order: ORDER,
  profile_id: 'default',
};

async function sessionId(emulator: DinteroEmulator, payload: unknown = SESSION_BODY): Promise<string> {
  const response = await createSession(emulator, await tokenOf(emulator), payload);
  expect(response.status).toBe(200);
  return body(response).id as string;
}

function pay(emulator: DinteroEmulator, id: string, payload: Record<string, unknown>) {
  return emulator.handle({
    method: 'POST',
    url: `${BASE}/sessions/${id}/pay`,
    body: JSON.stringify(payload),
  });
}

function getTransaction(emulator: DinteroEmulator, id: string, token: string | undefined) {
  return emulator.handle({
    method: 'GET',
    url: `${BASE}/transactions/${id}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('access token', () => {
  it('client credentials over HTTP Basic give a Bearer token that lives expires_in seconds', async () => {
    const { emulator } = setup();
    const response = await requestToken(emulator);
    expect(response.status).toBe(200);
    const answer = body(response);
    expect(accessTokenSchema.parse(answer)).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 14_400,
    });
    const short = setup({ tokenExpiresIn: 60 });
    expect(body(await requestToken(short.emulator)).expires_in).toBe(60);
  });

  it('401 in the error shape for a wrong secret, another client, another account or no Basic header', async () => {
    const { emulator } = setup();
    for (const options of [
      { authorization: `Basic ${btoa(`${EMULATOR_CLIENT_ID}:wrong`)}` },
      { authorization: `Basic ${btoa(`someone:${EMULATOR_CLIENT_SECRET}`)}` },
      { accountId: 'T99999999' },
      { authorization: '' },
      { authorization: 'Bearer x' },
      { authorization: 'Basic %%%' },
    ]) {
      const response = await requestToken(emulator, options);
      expect(response.status, JSON.stringify(options)).toBe(401);
      expect(errorBodySchema.safeParse(body(response)).success).toBe(true);
      expect(response.body).not.toContain(EMULATOR_CLIENT_SECRET);
    }
  });

  it('400 naming the field for another grant type or an audience of another account', async () => {
    const { emulator } = setup();
    const grant = await requestToken(emulator, { payload: { grant_type: 'password' } });
    expect([grant.status, body(grant)]).toEqual([
      400,
      { error: expect.objectContaining({ errors: [expect.objectContaining({ field: 'grant_type' })] }) },
    ]);
    const audience = await requestToken(emulator, {
      payload: { audience: 'https://api.dintero.com/v1/accounts/T1' },
    });
    expect(body(audience)).toMatchObject({ error: { errors: [{ field: 'audience' }] } });
  });

  it('takes other credentials through the credentials option', async () => {
    const { emulator } = setup({ credentials: { accountId: 'T7', clientId: 'id', clientSecret: 's' } });
    expect((await requestToken(emulator)).status).toBe(401);
    const response = await requestToken(emulator, {
      accountId: 'T7',
      authorization: `Basic ${btoa('id:s')}`,
      payload: { audience: 'https://api.dintero.com/v1/accounts/T7' },
    });
    expect(response.status).toBe(200);
  });
});

describe('POST /v1/sessions-profile', () => {
  it('creates a session for the shop’s order and URLs: { id, url }', async () => {
    const { emulator } = setup();
    const response = await createSession(emulator, await tokenOf(emulator), SESSION_BODY);
    expect(response.status).toBe(200);
    const answer = createdSessionSchema.parse(body(response));
    expect(answer.id.startsWith(`${EMULATOR_ACCOUNT_ID}.`)).toBe(true);
    expect(emulator.getSession(answer.id)).toMatchObject({
      id: answer.id,
      merchantReference: 'order-1001',
      order: ORDER,
      url: SESSION_BODY.url,
      profileId: 'default',
    });
    // The hosted page's url is answered (the library pays through the pay endpoint instead).
    expect((await emulator.handle({ method: 'GET', url: answer.url })).status).toBe(200);
    expect(emulator.requests.map((entry) => [entry.route, entry.status])).toEqual([
      ['token', 200],
      ['session', 200],
      ['other', 200],
    ]);
  });

  it('401 without a token, with an unknown one, and with one that has expired', async () => {
    const { emulator, advance } = setup({ tokenExpiresIn: 60 });
    const token = await tokenOf(emulator);
    for (const given of [undefined, 'not-a-token', `${token}x`]) {
      const response = await createSession(emulator, given, SESSION_BODY);
      expect(response.status).toBe(401);
      expect(errorBodySchema.safeParse(body(response)).success).toBe(true);
    }
    advance(59_999);
    expect((await createSession(emulator, token, SESSION_BODY)).status).toBe(200);
    advance(1);
    expect((await createSession(emulator, token, SESSION_BODY)).status).toBe(401);
  });

  it('400 in Dintero’s error shape, naming the field, for a missing amount, currency or return_url', async () => {
    const { emulator } = setup();
    const token = await tokenOf(emulator);
    const { amount: _amount, ...noAmount } = ORDER;
    const { currency: _currency, ...noCurrency } = ORDER;
    const cases: Array<[string, unknown]> = [
      ['order.amount', { ...SESSION_BODY, order: noAmount }],
      ['order.amount', { ...SESSION_BODY, order: { ...ORDER, amount: 299.5 } }],
      ['order.amount', { ...SESSION_BODY, order: { ...ORDER, amount: '29900' } }],
      ['order.currency', { ...SESSION_BODY, order: noCurrency }],
      ['order.currency', { ...SESSION_BODY, order: { ...ORDER, currency: 'kronor' } }],
      ['order.merchant_reference', { ...SESSION_BODY, order: { ...ORDER, merchant_reference: '' } }],
      ['order.items[0].amount', { ...SESSION_BODY, order: { ...ORDER, items: [{ amount: 1.5 }] } }],
      ['order', { ...SESSION_BODY, order: undefined }],
      ['url.return_url', { ...SESSION_BODY, url: { callback_url: `${SHOP}/cb` } }],
      ['url.return_url', { ...SESSION_BODY, url: { return_url: 'javascript:alert(1)' } }],
      ['url.callback_url', { ...SESSION_BODY, url: { return_url: SHOP, callback_url: '/relative' } }],
      ['profile_id', { ...SESSION_BODY, profile_id: undefined }],
    ];
    for (const [field, payload] of cases) {
      const response = await createSession(emulator, token, payload);
      expect(response.status, field).toBe(400);
      const answer = body(response);
      expect(errorBodySchema.safeParse(answer).success, field).toBe(true);
      expect(answer, field).toMatchObject({ error: { code: 'BAD_REQUEST', errors: [{ field }] } });
    }
    expect((await createSession(emulator, token, 'not json')).status).toBe(400);
  });
});

describe('a session the shop’s server created', () => {
  it('Vipps on the redirect flow: back to the shop’s return_url with transaction_id and merchant_reference, and the callback', async () => {
    const { emulator, calls } = setup();
    const id = await sessionId(emulator);
    const answer = body(await pay(emulator, id, { payment_product_type: 'vipps' }));
    const redirect = new URL(answer.redirect_url as string);
    expect(redirect.origin + redirect.pathname).toBe(`${SHOP}/return`);
    expect(redirect.searchParams.get('from')).toBe('dintero');
    expect(redirect.searchParams.get('merchant_reference')).toBe('order-1001');
    const transactionId = redirect.searchParams.get('transaction_id')!;
    expect(transactionId).toMatch(/^P\d+\./);

    expect(calls).toHaveLength(1);
    const callback = new URL(calls[0]!);
    expect(callback.origin + callback.pathname).toBe(`${SHOP}/api/dintero-callback`);
    expect(Object.fromEntries(callback.searchParams)).toEqual({
      transaction_id: transactionId,
      merchant_reference: 'order-1001',
    });
  });

  it('Swish: the callback comes on approval, the redirect after it; the transaction reads back AUTHORIZED', async () => {
    const { emulator, calls, callbackFetch } = setup();
    const id = await sessionId(emulator);
    const pollUrl = body(await pay(emulator, id, { payment_product_type: 'swish.swish' })).poll_url as string;
    expect(calls).toEqual([]);
    expect(emulator.approve(emulator.pending()[0]!.requestId)).toBe(true);
    expect(calls).toHaveLength(1);
    expect(callbackFetch.mock.calls[0]![1]).toMatchObject({ method: 'GET', redirect: 'manual' });

    const redirect = new URL(
      body(await emulator.handle({ method: 'GET', url: pollUrl })).redirect_url as string,
    );
    expect(redirect.origin + redirect.pathname).toBe(`${SHOP}/return`);
    const transactionId = redirect.searchParams.get('transaction_id')!;
    expect(new URL(calls[0]!).searchParams.get('transaction_id')).toBe(transactionId);

    const token = await tokenOf(emulator);
    const read = await getTransaction(emulator, transactionId, token);
    expect(read.status).toBe(200);
    expect(transactionSchema.parse(body(read))).toEqual({
      id: transactionId,
      status: 'AUTHORIZED',
      amount: 29_900,
      currency: 'SEK',
      merchant_reference: 'order-1001',
      session_id: id,
      payment_product_type: 'swish.swish',
      created_at: new Date(START).toISOString(),
    });
    expect(body(read).items).toEqual(ORDER.items);
    expect(emulator.getTransaction(transactionId)).toEqual(body(read));
  });

  it('a decline sends the shopper back with error=cancelled, and no callback or transaction', async () => {
    const { emulator, calls } = setup();
    const id = await sessionId(emulator);
    emulator.setScenario(id, 'decline');
    const redirect = new URL(
      body(await pay(emulator, id, { payment_product_type: 'payex.vipps' })).redirect_url as string,
    );
    expect(redirect.origin + redirect.pathname).toBe(`${SHOP}/return`);
    expect(redirect.searchParams.get('error')).toBe('cancelled');
    expect(redirect.searchParams.get('merchant_reference')).toBe('order-1001');
    expect(redirect.searchParams.has('transaction_id')).toBe(false);
    expect(calls).toEqual([]);
  });

  it('the callback comes when an automatic approval is due, even if nobody checks the status', async () => {
    vi.useFakeTimers({ now: START });
    const calls: string[] = [];
    const emulator = createDinteroEmulator({
      callbackFetch: async (url) => {
        calls.push(url);
        return { status: 204 };
      },
    });
    const id = await sessionId(emulator);
    await pay(emulator, id, { payment_product_type: 'swish.swish', phone_number: '+46700000002' });
    await vi.advanceTimersByTimeAsync(5_999);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
  });

  it('the callback is tried again while the shop answers an error or is unreachable; reset() stops it', async () => {
    vi.useFakeTimers({ now: START });
    const statuses = [500, 0, 200];
    const calls: string[] = [];
    const emulator = createDinteroEmulator({
      callbackFetch: async (url) => {
        calls.push(url);
        const status = statuses.shift();
        if (status === 0) throw new TypeError('fetch failed');
        return { status: status! };
      },
    });
    const id = await sessionId(emulator);
    await pay(emulator, id, { payment_product_type: 'vipps' });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(3);
    expect(new Set(calls).size).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(3);

    statuses.push(500, 500);
    const other = await sessionId(emulator);
    await pay(emulator, other, { payment_product_type: 'vipps' });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(4);
    emulator.reset();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(4);
  });

  it('GET /v1/transactions/{id}: 401 without a valid token, 404 in the error shape for an unknown id', async () => {
    const { emulator } = setup();
    const id = await sessionId(emulator);
    const redirect = new URL(
      body(await pay(emulator, id, { payment_product_type: 'vipps' })).redirect_url as string,
    );
    const transactionId = redirect.searchParams.get('transaction_id')!;
    expect((await getTransaction(emulator, transactionId, undefined)).status).toBe(401);
    expect((await getTransaction(emulator, transactionId, 'forged')).status).toBe(401);
    const missing = await getTransaction(emulator, 'P0.nothing', await tokenOf(emulator));
    expect(missing.status).toBe(404);
    expect(errorBodySchema.safeParse(body(missing)).success).toBe(true);
  });
});

describe('sessions not created by a shop’s server keep their behaviour', () => {
  it('the emulator’s return page (or returnUrl), no callback, and no transaction to read', async () => {
    const { emulator, calls } = setup();
    const redirect = new URL(
      body(await pay(emulator, 'T11223344.plain', { payment_product_type: 'vipps' })).redirect_url as string,
    );
    expect(redirect.origin + redirect.pathname).toBe(`${ORIGIN}/return`);
    expect(redirect.searchParams.get('merchant_reference')).toBe('order-T11223344.plain');
    const transactionId = redirect.searchParams.get('transaction_id')!;
    expect((await getTransaction(emulator, transactionId, await tokenOf(emulator))).status).toBe(404);
    expect(calls).toEqual([]);
  });
});
