import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SESSION_UPDATED_AT,
  MAGIC_PHONE_NUMBERS,
  SCENARIOS,
  createDinteroEmulator,
  magicPhoneNumber,
  maskPhoneNumber,
  scenarioForPhoneNumber,
  type DinteroEmulator,
  type DinteroEmulatorOptions,
  type EmulatorResponse,
} from '../../src/testing';

const ORIGIN = 'https://checkout.dintero.com';
const BASE = `${ORIGIN}/v1`;
const START = Date.parse('2025-03-01T10:00:00.000Z');

function setup(options: DinteroEmulatorOptions = {}) {
  let time = START;
  const emulator = createDinteroEmulator({ now: () => time, ...options });
  return {
    emulator,
    advance(ms: number) {
      time += ms;
    },
  };
}

function pay(
  emulator: DinteroEmulator,
  body: unknown,
  {
    sessionId = 'T11223344.abc',
    headers = {},
  }: { sessionId?: string; headers?: Record<string, string> } = {},
) {
  return emulator.handle({
    method: 'POST',
    url: `${BASE}/sessions/${encodeURIComponent(sessionId)}/pay`,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function get(emulator: DinteroEmulator, url: string) {
  return emulator.handle({ method: 'GET', url, headers: {} });
}

function parse(response: EmulatorResponse): Record<string, unknown> {
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return JSON.parse(response.body) as Record<string, unknown>;
}

async function payAndGetPollUrl(emulator: DinteroEmulator, body: unknown, sessionId?: string) {
  const response = await pay(emulator, body, sessionId ? { sessionId } : {});
  expect(response.status).toBe(200);
  const answer = parse(response);
  expect(typeof answer.poll_url).toBe('string');
  return answer.poll_url as string;
}

const SWISH = { payment_product_type: 'swish.swish' };

describe('magic phone numbers', () => {
  it('gives every scenario a distinct valid Swedish number following +46 70 000 00 NN', () => {
    const numbers = SCENARIOS.map((name) => MAGIC_PHONE_NUMBERS[name]);
    expect(new Set(numbers).size).toBe(SCENARIOS.length);
    SCENARIOS.forEach((name, i) => {
      expect(MAGIC_PHONE_NUMBERS[name]).toBe(`+467000000${String(i + 1).padStart(2, '0')}`);
      expect(MAGIC_PHONE_NUMBERS[name]).toMatch(/^\+?\d{5,15}$/);
      expect(scenarioForPhoneNumber(MAGIC_PHONE_NUMBERS[name])).toBe(name);
    });
    expect(MAGIC_PHONE_NUMBERS.approve).toBe('+46700000001');
    expect(MAGIC_PHONE_NUMBERS.malformed).toBe('+46700000014');
  });

  it('recognises the Nordic variants and national typing, and nothing else', () => {
    expect(magicPhoneNumber('decline', 'NO')).toBe('+4790000003');
    expect(magicPhoneNumber('decline', 'DK')).toBe('+4520000003');
    expect(magicPhoneNumber('decline', 'FI')).toBe('+358400000003');
    for (const country of ['SE', 'NO', 'DK', 'FI'] as const) {
      expect(scenarioForPhoneNumber(magicPhoneNumber('rejected', country))).toBe('rejected');
    }
    expect(scenarioForPhoneNumber('070 000 00 04')).toBe('rejected');
    expect(scenarioForPhoneNumber('+46701234567')).toBeUndefined();
    expect(scenarioForPhoneNumber('+46700000099')).toBeUndefined();
    expect(scenarioForPhoneNumber(undefined)).toBeUndefined();
  });

  it('masks phone numbers down to the country code and the last two digits', () => {
    expect(maskPhoneNumber('+46701234567')).toBe('+46 ••• •• 67');
    expect(maskPhoneNumber('+4791234588')).toBe('+47 ••• •• 88');
    expect(maskPhoneNumber('+358401234512')).toBe('+358 ••• •• 12');
  });

  it('selects the scenario on pay: a rejected number gets a rejection', async () => {
    const { emulator } = setup();
    const answer = parse(await pay(emulator, { ...SWISH, phone_number: MAGIC_PHONE_NUMBERS.rejected }));
    expect(answer.success).toBe(false);
    expect(answer.error).toBe('Rejected');
  });
});

describe('pay: Swish', () => {
  it('without a phone: poll_url, approval_url and a QR code (app switch)', async () => {
    const { emulator } = setup();
    const response = await pay(emulator, SWISH);
    expect(response.status).toBe(200);
    const answer = parse(response);
    expect(answer.success).toBe(true);
    expect(answer.actions).toEqual([{ source: 'DINTERO', code: '200', type: 'success' }]);
    expect(answer.poll_url).toMatch(
      /^https:\/\/checkout\.dintero\.com\/v1\/view\/T11223344\.abc\/swish\/[\w]+\/status$/,
    );
    expect(answer.approval_url).toMatch(
      /^swish:\/\/paymentrequest\?token=[0-9a-f]{32}&callbackurl=https%3A%2F%2F/,
    );
    expect(answer.qr_code).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(answer.redirect_url).toBeUndefined();
  });

  it('pushes to the phone (no approval_url, no QR) when a phone number is given', async () => {
    const { emulator } = setup();
    const answer = parse(
      await pay(emulator, { payment_product_type: 'payex.swish', phone_number: '+46701234567' }),
    );
    expect(answer.success).toBe(true);
    expect(typeof answer.poll_url).toBe('string');
    expect(answer).not.toHaveProperty('approval_url');
    expect(answer).not.toHaveProperty('qr_code');
  });

  it('takes the origin of poll_url from the request, or from the origin option', async () => {
    const local = createDinteroEmulator();
    const response = await local.handle({
      method: 'POST',
      url: 'http://127.0.0.1:4010/v1/sessions/S1/pay',
      headers: {},
      body: JSON.stringify(SWISH),
    });
    expect(parse(response).poll_url).toMatch(/^http:\/\/127\.0\.0\.1:4010\/v1\/view\/S1\/swish\//);

    const { emulator } = setup({ origin: 'https://pay.example.com' });
    expect(parse(await pay(emulator, SWISH)).poll_url).toMatch(/^https:\/\/pay\.example\.com\/v1\//);
  });

  it('honours a custom base path', async () => {
    const emulator = createDinteroEmulator({ basePath: '/api/dintero' });
    const response = await emulator.handle({
      method: 'POST',
      url: 'https://shop.example.com/api/dintero/sessions/S1/pay',
      body: JSON.stringify(SWISH),
    });
    expect(parse(response).poll_url).toMatch(
      /^https:\/\/shop\.example\.com\/api\/dintero\/view\/S1\/swish\//,
    );
    expect((await pay(emulator, SWISH)).status).toBe(404);
  });
});

describe('pay: Vipps and MobilePay', () => {
  it('redirects to the return page with transaction_id and merchant_reference', async () => {
    const { emulator } = setup();
    emulator.configureSession('T1.vipps', { merchantReference: 'order-42' });
    const answer = parse(
      await pay(emulator, { payment_product_type: 'payex.vipps' }, { sessionId: 'T1.vipps' }),
    );
    expect(answer.success).toBe(true);
    expect(answer).not.toHaveProperty('poll_url');
    const redirect = new URL(answer.redirect_url as string);
    expect(redirect.origin + redirect.pathname).toBe(`${ORIGIN}/return`);
    expect(redirect.searchParams.get('transaction_id')).toMatch(/^P\d+\.[0-9a-f]+$/);
    expect(redirect.searchParams.get('merchant_reference')).toBe('order-42');
  });

  it('uses the returnUrl option', async () => {
    const { emulator } = setup({ returnUrl: 'https://shop.example.com/thanks?x=1' });
    const answer = parse(await pay(emulator, { payment_product_type: 'vipps' }));
    const redirect = new URL(answer.redirect_url as string);
    expect(redirect.origin + redirect.pathname).toBe('https://shop.example.com/thanks');
    expect(redirect.searchParams.get('x')).toBe('1');
    expect(redirect.searchParams.get('merchant_reference')).toBe('order-T11223344.abc');
  });

  it('requires a phone number for MobilePay', async () => {
    const { emulator } = setup();
    const response = await pay(emulator, { payment_product_type: 'bambora.mobilepay' });
    expect(response.status).toBe(400);
    expect(parse(response)).toMatchObject({ error: { errors: [{ field: 'phone_number' }] } });
    const ok = await pay(emulator, {
      payment_product_type: 'bambora.mobilepay',
      phone_number: '+4520123456',
    });
    expect(parse(ok).redirect_url).toMatch(/^https:\/\/checkout\.dintero\.com\/return\?/);
  });

  it('app_flow: answers with poll_url and an app link, then polls like Swish', async () => {
    const { emulator } = setup({ scenario: 'app_flow' });
    const answer = parse(await pay(emulator, { payment_product_type: 'dintero_psp.vipps' }));
    // Vipps' link is an https: page (it opens on a desktop too): here, the emulator's app page.
    expect(answer.approval_url).toMatch(/^https:\/\/checkout\.dintero\.com\/__emulator\/app\/\w+\?token=/);
    expect(answer).not.toHaveProperty('qr_code');
    const [pending] = emulator.pending();
    expect(pending!.expiresAt - pending!.createdAt).toBe(10 * 60 * 1000);
    expect((await get(emulator, answer.poll_url as string)).status).toBe(202);
    expect(emulator.approve(pending!.requestId)).toBe(true);
    expect(parse(await get(emulator, answer.poll_url as string)).redirect_url).toMatch(/transaction_id=/);
  });

  it('vippsMobilePayFlow: poll puts MobilePay on the poll flow, pushed to the phone (no link)', async () => {
    const { emulator } = setup({ vippsMobilePayFlow: 'poll' });
    const answer = parse(
      await pay(emulator, { payment_product_type: 'payex.mobilepay', phone_number: '+4520123456' }),
    );
    expect(typeof answer.poll_url).toBe('string');
    expect(answer).not.toHaveProperty('approval_url');
    expect(emulator.pending()[0]!.maskedPhone).toBe('+45 ••• •• 56');
  });

  it('decline on the redirect flow sends the shopper back with error=cancelled', async () => {
    const { emulator } = setup({ scenario: 'decline' });
    const answer = parse(await pay(emulator, { payment_product_type: 'payex.vipps' }));
    const redirect = new URL(answer.redirect_url as string);
    expect(redirect.searchParams.get('error')).toBe('cancelled');
    expect(redirect.searchParams.has('transaction_id')).toBe(false);
  });
});

describe('pay: validation and preconditions', () => {
  it('400 with the error body when payment_product_type is missing', async () => {
    const { emulator } = setup();
    const response = await pay(emulator, { phone_number: '+46701234567' });
    expect(response.status).toBe(400);
    expect(parse(response)).toMatchObject({
      error: {
        message: expect.any(String),
        code: 'BAD_REQUEST',
        errors: [{ field: 'payment_product_type' }],
      },
    });
  });

  it('400 naming phone_number when it does not match ^\\+?\\d{5,15}$', async () => {
    const { emulator } = setup();
    for (const phone of ['070-123', '+46 70 123 45 67', '1234', '+1234567890123456']) {
      const response = await pay(emulator, { ...SWISH, phone_number: phone });
      expect(response.status).toBe(400);
      expect(parse(response)).toMatchObject({ error: { errors: [{ field: 'phone_number' }] } });
    }
  });

  it('400 for a body that is not JSON and for a non-boolean remember_me', async () => {
    const { emulator } = setup();
    expect((await pay(emulator, 'not json')).status).toBe(400);
    const response = await pay(emulator, { ...SWISH, remember_me: 'yes' });
    expect(response.status).toBe(400);
    expect(parse(response)).toMatchObject({ error: { errors: [{ field: 'remember_me' }] } });
  });

  it('404 for sessions listed as unknown (default: ids starting with "unknown")', async () => {
    const { emulator } = setup();
    const response = await pay(emulator, SWISH, { sessionId: 'unknown-123' });
    expect(response.status).toBe(404);
    expect(parse(response)).toMatchObject({ error: { code: 'SESSION_NOT_FOUND' } });

    const custom = createDinteroEmulator({ isUnknownSession: (id) => id === 'gone' });
    expect((await pay(custom, SWISH, { sessionId: 'gone' })).status).toBe(404);
    expect((await pay(custom, SWISH, { sessionId: 'unknown-1' })).status).toBe(200);
  });

  it('412 when If-Unmodified-Since differs from the session updated_at; 200 when it matches', async () => {
    const { emulator } = setup();
    const stale = await pay(emulator, SWISH, {
      headers: { 'If-Unmodified-Since': '2020-01-01T00:00:00.000Z' },
    });
    expect(stale.status).toBe(412);
    expect(parse(stale)).toMatchObject({
      error: { message: expect.any(String), code: 'PRECONDITION_FAILED' },
    });
    expect(emulator.pending()).toHaveLength(0);

    const fresh = await pay(emulator, SWISH, {
      headers: { 'If-Unmodified-Since': DEFAULT_SESSION_UPDATED_AT },
    });
    expect(fresh.status).toBe(200);
    // The same instant written as an HTTP date is the same version.
    const httpDate = new Date(DEFAULT_SESSION_UPDATED_AT).toUTCString();
    expect((await pay(emulator, SWISH, { headers: { 'if-unmodified-since': httpDate } })).status).toBe(200);
  });

  it('412 after configureSession moved updated_at; the option sets the first value', async () => {
    const { emulator } = setup({ sessionUpdatedAt: '2025-02-02T02:02:02Z' });
    const headers = { 'If-Unmodified-Since': '2025-02-02T02:02:02Z' };
    expect((await pay(emulator, SWISH, { headers })).status).toBe(200);
    emulator.configureSession('T11223344.abc', { updatedAt: '2025-02-03T00:00:00Z' });
    expect(emulator.getSession('T11223344.abc')!.updatedAt).toBe('2025-02-03T00:00:00Z');
    expect((await pay(emulator, SWISH, { headers })).status).toBe(412);
  });

  it('accepts Headers objects as well as plain records', async () => {
    const { emulator } = setup();
    const response = await emulator.handle({
      method: 'POST',
      url: `${BASE}/sessions/S/pay`,
      headers: new Headers({ 'If-Unmodified-Since': 'Mon, 01 Jan 2001 00:00:00 GMT' }),
      body: JSON.stringify(SWISH),
    });
    expect(response.status).toBe(412);
  });

  it('404 with the error body for routes it does not know', async () => {
    const { emulator } = setup();
    const response = await get(emulator, `${BASE}/sessions/S/other`);
    expect(response.status).toBe(404);
    expect(parse(response)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

describe('scenarios on pay', () => {
  it('rejected: success:false, error Rejected, permanent wrong_ssn on phone_number', async () => {
    const { emulator } = setup({ scenario: 'rejected' });
    const response = await pay(emulator, SWISH);
    expect(response.status).toBe(200);
    expect(parse(response)).toEqual({
      success: false,
      actions: [{ source: 'DINTERO', code: '200', type: 'error' }],
      error: 'Rejected',
      error_details: [{ code: 'wrong_ssn', category: 'permanent', field: 'phone_number' }],
    });
    expect(emulator.pending()).toEqual([]);
  });

  it('action_required: error_details carry a 3-D Secure authentication operation', async () => {
    const { emulator } = setup();
    const answer = parse(
      await pay(emulator, { ...SWISH, phone_number: MAGIC_PHONE_NUMBERS.action_required }),
    );
    expect(answer.success).toBe(false);
    const [detail] = answer.error_details as Array<Record<string, unknown>>;
    expect(detail!.authentication_operations).toEqual([
      {
        href: expect.stringMatching(/^https:\/\/checkout\.dintero\.com\//),
        method: 'POST',
        content_type: 'application/json',
        rel: '3d-secure-init-hosted',
      },
    ]);
  });

  it('bad_request: 400 with field phone_number', async () => {
    const { emulator } = setup({ scenario: 'bad_request' });
    const response = await pay(emulator, SWISH);
    expect(response.status).toBe(400);
    expect(parse(response)).toMatchObject({
      error: { message: expect.any(String), errors: [{ field: 'phone_number' }] },
    });
  });

  it('session_not_found: 404 on pay', async () => {
    const { emulator } = setup();
    const response = await pay(emulator, { ...SWISH, phone_number: MAGIC_PHONE_NUMBERS.session_not_found });
    expect(response.status).toBe(404);
    expect(parse(response)).toMatchObject({ error: { code: 'SESSION_NOT_FOUND' } });
  });

  it('rate_limited: 429 with Retry-After: 2 and the error body', async () => {
    const { emulator } = setup();
    const response = await pay(emulator, { ...SWISH, phone_number: MAGIC_PHONE_NUMBERS.rate_limited });
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('2');
    expect(parse(response)).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });

  it('server_error: 500 on pay', async () => {
    const { emulator } = setup({ scenario: 'server_error' });
    const response = await pay(emulator, SWISH);
    expect(response.status).toBe(500);
    expect(parse(response)).toHaveProperty('error.message');
  });

  it('malformed: 200 with an HTML body', async () => {
    const { emulator } = setup();
    const response = await pay(emulator, { ...SWISH, phone_number: MAGIC_PHONE_NUMBERS.malformed });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/^<!doctype html>/i);
    expect(() => JSON.parse(response.body)).toThrow();
  });

  it('the session scenario wins over a magic number, which wins over the emulator default', async () => {
    const { emulator } = setup({ scenario: 'server_error' });
    expect((await pay(emulator, { ...SWISH, phone_number: MAGIC_PHONE_NUMBERS.rate_limited })).status).toBe(
      429,
    );
    emulator.setScenario('T11223344.abc', 'rejected');
    const answer = parse(await pay(emulator, { ...SWISH, phone_number: MAGIC_PHONE_NUMBERS.rate_limited }));
    expect(answer.error).toBe('Rejected');
    emulator.setScenario('T11223344.abc', undefined);
    expect((await pay(emulator, SWISH)).status).toBe(500);
    emulator.setDefaultScenario('approve');
    expect((await pay(emulator, SWISH)).status).toBe(200);
  });
});

describe('polling, approve and decline', () => {
  it('approve: 202 until approved, then 200 with redirect_url, and the same answer again', async () => {
    const { emulator } = setup();
    const pollUrl = await payAndGetPollUrl(emulator, SWISH);
    const pending = await get(emulator, pollUrl);
    expect(pending.status).toBe(202);
    expect(parse(pending)).toEqual({ keep_polling: true });

    const [request] = emulator.pending();
    expect(request).toMatchObject({
      sessionId: 'T11223344.abc',
      paymentProductType: 'swish.swish',
      scenario: 'approve',
    });
    expect(request!.createdAt).toBe(START);
    expect(request!.expiresAt).toBe(START + 3 * 60 * 1000);
    expect(request).not.toHaveProperty('maskedPhone');
    expect(pollUrl).toContain(request!.requestId);

    expect(emulator.approve(request!.requestId)).toBe(true);
    expect(emulator.approve(request!.requestId)).toBe(false);
    expect(emulator.pending()).toEqual([]);

    for (let i = 0; i < 2; i++) {
      const done = await get(emulator, pollUrl);
      expect(done.status).toBe(200);
      const answer = parse(done);
      expect(answer.keep_polling).toBe(false);
      expect(new URL(answer.redirect_url as string).searchParams.get('transaction_id')).toMatch(/^P/);
    }
  });

  it('decline(): the next poll answers 200 without redirect_url', async () => {
    const { emulator } = setup();
    const pollUrl = await payAndGetPollUrl(emulator, { ...SWISH, phone_number: '+46701234567' });
    const [request] = emulator.pending();
    expect(request!.maskedPhone).toBe('+46 ••• •• 67');
    expect(JSON.stringify(emulator.pending())).not.toContain('701234567');
    expect(emulator.decline(request!.requestId)).toBe(true);
    const response = await get(emulator, pollUrl);
    expect(response.status).toBe(200);
    expect(parse(response)).toEqual({ keep_polling: false });
  });

  it('approve/decline of an unknown request id returns false', () => {
    const { emulator } = setup();
    expect(emulator.approve('nope')).toBe(false);
    expect(emulator.decline('nope')).toBe(false);
  });

  it('approveAfterMs makes approve automatic', async () => {
    const { emulator, advance } = setup({ approveAfterMs: 4000 });
    const pollUrl = await payAndGetPollUrl(emulator, SWISH);
    advance(3999);
    expect((await get(emulator, pollUrl)).status).toBe(202);
    advance(1);
    expect((await get(emulator, pollUrl)).status).toBe(200);
  });

  it('approve_after_delay: approves by itself after 6 s', async () => {
    const { emulator, advance } = setup();
    const pollUrl = await payAndGetPollUrl(emulator, {
      ...SWISH,
      phone_number: MAGIC_PHONE_NUMBERS.approve_after_delay,
    });
    advance(5999);
    expect((await get(emulator, pollUrl)).status).toBe(202);
    expect(emulator.pending()).toHaveLength(1);
    advance(1);
    const done = await get(emulator, pollUrl);
    expect(done.status).toBe(200);
    expect(parse(done).redirect_url).toMatch(/^https:\/\/checkout\.dintero\.com\/return\?transaction_id=/);
    expect(emulator.pending()).toHaveLength(0);
  });

  it('decline: the poll ends 200 without redirect_url (after declineAfterMs)', async () => {
    const { emulator, advance } = setup({ declineAfterMs: 2000 });
    const pollUrl = await payAndGetPollUrl(emulator, { ...SWISH, phone_number: MAGIC_PHONE_NUMBERS.decline });
    expect((await get(emulator, pollUrl)).status).toBe(202);
    advance(2000);
    const response = await get(emulator, pollUrl);
    expect(response.status).toBe(200);
    expect(parse(response)).not.toHaveProperty('redirect_url');
  });

  it('decline with Vipps switches to the poll flow only when asked, via app_flow or the option', async () => {
    const { emulator } = setup({ scenario: 'decline', vippsMobilePayFlow: 'poll' });
    const pollUrl = await payAndGetPollUrl(emulator, { payment_product_type: 'payex.vipps' });
    const response = await get(emulator, pollUrl);
    expect(response.status).toBe(200);
    expect(parse(response)).toEqual({ keep_polling: false });
  });

  it('poll_not_found: the poll answers 404 with the error body', async () => {
    const { emulator } = setup();
    const pollUrl = await payAndGetPollUrl(emulator, {
      ...SWISH,
      phone_number: MAGIC_PHONE_NUMBERS.poll_not_found,
    });
    const response = await get(emulator, pollUrl);
    expect(response.status).toBe(404);
    expect(parse(response)).toMatchObject({ error: { code: 'PAYMENT_REQUEST_NOT_FOUND' } });
  });

  it('404 for a poll of a request that never existed or belongs to another session', async () => {
    const { emulator } = setup();
    const pollUrl = await payAndGetPollUrl(emulator, SWISH);
    expect((await get(emulator, `${BASE}/view/T11223344.abc/swish/nope/status`)).status).toBe(404);
    expect((await get(emulator, pollUrl.replace('T11223344.abc', 'other'))).status).toBe(404);
  });

  it('poll_server_errors: three 503 answers, then normal polling', async () => {
    const { emulator } = setup({ scenario: 'poll_server_errors' });
    const pollUrl = await payAndGetPollUrl(emulator, SWISH);
    for (let i = 0; i < 3; i++) {
      const response = await get(emulator, pollUrl);
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(parse(response)).toHaveProperty('error.message');
    }
    expect((await get(emulator, pollUrl)).status).toBe(202);
    emulator.approve(emulator.pending()[0]!.requestId);
    expect((await get(emulator, pollUrl)).status).toBe(200);
  });

  it('Vipps with a poll-only scenario (poll_server_errors) uses the app flow', async () => {
    const { emulator } = setup();
    const pollUrl = await payAndGetPollUrl(emulator, {
      payment_product_type: 'payex.vipps',
      phone_number: magicPhoneNumber('poll_server_errors', 'NO'),
    });
    expect((await get(emulator, pollUrl)).status).toBe(503);
  });
});

describe('expiry', () => {
  it('expire: never approved; after ~3 min pending() drops it and polls keep answering 202', async () => {
    const { emulator, advance } = setup();
    const pollUrl = await payAndGetPollUrl(emulator, { ...SWISH, phone_number: MAGIC_PHONE_NUMBERS.expire });
    const [request] = emulator.pending();
    expect(request!.scenario).toBe('expire');
    expect(request!.expiresAt).toBe(START + 180_000);
    expect(emulator.approve(request!.requestId)).toBe(false);
    expect(emulator.decline(request!.requestId)).toBe(false);

    advance(180_000);
    expect(emulator.pending()).toEqual([]);
    for (let i = 0; i < 3; i++) {
      advance(60_000);
      const response = await get(emulator, pollUrl);
      expect(response.status).toBe(202);
      expect(parse(response)).toEqual({ keep_polling: true });
    }
  });

  it('Vipps/MobilePay requests live 10 minutes', async () => {
    const { emulator, advance } = setup();
    await payAndGetPollUrl(emulator, {
      payment_product_type: 'payex.vipps',
      phone_number: magicPhoneNumber('expire', 'NO'),
    });
    advance(10 * 60 * 1000 - 1);
    expect(emulator.pending()).toHaveLength(1);
    advance(1);
    expect(emulator.pending()).toHaveLength(0);
  });

  it('a request that expired can no longer be approved, neither by hand nor automatically', async () => {
    const { emulator, advance } = setup({ approveAfterMs: 200_000 });
    const pollUrl = await payAndGetPollUrl(emulator, SWISH);
    const [request] = emulator.pending();
    advance(200_000);
    expect(emulator.approve(request!.requestId)).toBe(false);
    expect((await get(emulator, pollUrl)).status).toBe(202);
  });

  it('expiry times are options', async () => {
    const { emulator } = setup({ swishExpiryMs: 1000, appExpiryMs: 2000, vippsMobilePayFlow: 'poll' });
    await payAndGetPollUrl(emulator, SWISH);
    await payAndGetPollUrl(emulator, { payment_product_type: 'vipps', phone_number: '+4791234567' }, 'S2');
    const [swish, vipps] = emulator.pending();
    expect(swish!.expiresAt - swish!.createdAt).toBe(1000);
    expect(vipps!.expiresAt - vipps!.createdAt).toBe(2000);
  });
});

describe('slow', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('delays pay and poll answers by slowMs, driven by (fake) timers', async () => {
    vi.useFakeTimers();
    const emulator = createDinteroEmulator({ scenario: 'slow', slowMs: 3000 });
    let settled = false;
    const answer = pay(emulator, SWISH).then((response) => {
      settled = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(2999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const response = await answer;
    expect(settled).toBe(true);
    expect(response.status).toBe(200);

    let polled = false;
    const poll = get(emulator, parse(response).poll_url as string).then((r) => {
      polled = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(2999);
    expect(polled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await poll).status).toBe(202);
  });

  it('uses 3 s by default and is picked by its magic number', async () => {
    vi.useFakeTimers();
    const emulator = createDinteroEmulator();
    let settled = false;
    const answer = pay(emulator, { ...SWISH, phone_number: MAGIC_PHONE_NUMBERS.slow }).then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(2999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await answer;
    expect(settled).toBe(true);
  });
});

describe('request log, reset and the control API', () => {
  it('logs pay and poll requests with method, path, time and status, never bodies', async () => {
    const { emulator, advance } = setup();
    const pollUrl = await payAndGetPollUrl(emulator, { ...SWISH, phone_number: '+46701234567' });
    advance(2000);
    await get(emulator, pollUrl);
    const log = emulator.requests;
    expect(log).toHaveLength(2);
    expect(log[0]).toEqual({
      method: 'POST',
      path: '/v1/sessions/T11223344.abc/pay',
      route: 'pay',
      sessionId: 'T11223344.abc',
      time: START,
      status: 200,
      rememberedCustomer: false,
    });
    expect(log[1]).toMatchObject({ method: 'GET', route: 'poll', time: START + 2000, status: 202 });
    expect(log[1]!.requestId).toBe(emulator.pending()[0]!.requestId);
    expect(JSON.stringify(log)).not.toContain('701234567');
  });

  it('reset() forgets requests, sessions, scenarios and the log', async () => {
    const { emulator } = setup();
    emulator.setScenario('S', 'rejected');
    emulator.setDefaultScenario('server_error');
    emulator.setDefaultScenario('approve');
    const pollUrl = await payAndGetPollUrl(emulator, SWISH);
    emulator.reset();
    expect(emulator.pending()).toEqual([]);
    expect(emulator.requests).toEqual([]);
    expect(emulator.getSession('S')).toBeUndefined();
    expect((await get(emulator, pollUrl)).status).toBe(404);
  });

  it('drives pending, approve, decline, scenario and reset over HTTP', async () => {
    const { emulator } = setup();
    const pollUrl = await payAndGetPollUrl(emulator, { ...SWISH, phone_number: '+46701234567' });
    const list = await get(emulator, `${ORIGIN}/__emulator/pending`);
    expect(list.status).toBe(200);
    const [item] = parse(list) as unknown as Array<{ requestId: string; maskedPhone: string }>;
    expect(item!.maskedPhone).toBe('+46 ••• •• 67');

    const approve = await emulator.handle({
      method: 'POST',
      url: `${ORIGIN}/__emulator/requests/${item!.requestId}/approve`,
    });
    expect(approve.status).toBe(200);
    expect(parse(approve)).toEqual({ requestId: item!.requestId, decision: 'approved' });
    expect((await get(emulator, pollUrl)).status).toBe(200);

    const again = await emulator.handle({
      method: 'POST',
      url: `${ORIGIN}/__emulator/requests/${item!.requestId}/decline`,
    });
    expect(again.status).toBe(409);
    expect(
      (await emulator.handle({ method: 'POST', url: `${ORIGIN}/__emulator/requests/x/approve` })).status,
    ).toBe(404);

    const scenario = await emulator.handle({
      method: 'POST',
      url: `${ORIGIN}/__emulator/sessions/S9/scenario`,
      body: JSON.stringify({ scenario: 'rejected' }),
    });
    expect(scenario.status).toBe(200);
    expect(emulator.getSession('S9')!.scenario).toBe('rejected');
    const badScenario = await emulator.handle({
      method: 'POST',
      url: `${ORIGIN}/__emulator/sessions/S9/scenario`,
      body: JSON.stringify({ scenario: 'nonsense' }),
    });
    expect(badScenario.status).toBe(400);

    const log = parse(await get(emulator, `${ORIGIN}/__emulator/requests`)) as unknown as unknown[];
    expect(log).toHaveLength(2);

    const reset = await emulator.handle({ method: 'POST', url: `${ORIGIN}/__emulator/reset` });
    expect(reset.status).toBe(204);
    expect(emulator.pending()).toEqual([]);
    expect(emulator.requests).toEqual([]);
  });

  it('serves a return page that escapes what it shows', async () => {
    const { emulator } = setup();
    const response = await get(
      emulator,
      `${ORIGIN}/return?transaction_id=P1.abc&merchant_reference=%3Cscript%3E`,
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('P1.abc');
    expect(response.body).not.toContain('<script>');
    expect(response.body).toContain('&#60;script&#62;');
  });
});
