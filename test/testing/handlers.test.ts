import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDinteroClient, interpretPayAnswer, interpretPollAnswer } from '../../src/core';
import {
  EMULATOR_ACCOUNT_ID,
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  MAGIC_PHONE_NUMBERS,
  createDinteroEmulator,
  createDinteroHandlers,
} from '../../src/testing';

const BASE = 'https://checkout.dintero.com/v1';
const { handlers, emulator } = createDinteroHandlers();
const custom = createDinteroHandlers({ baseUrl: 'https://shop.example.com/api/pay/' });
const server = setupServer(
  ...handlers,
  ...custom.handlers,
  // A merchant's own handler on the same host must keep working next to the emulator's.
  http.get('https://checkout.dintero.com/other', () => HttpResponse.json({ mine: true })),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  emulator.reset();
  custom.emulator.reset();
});
afterAll(() => server.close());

const policy = { baseUrl: BASE };

describe('createDinteroHandlers', () => {
  it('answers pay and poll through fetch', async () => {
    const response = await fetch(`${BASE}/sessions/T1/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payment_product_type: 'swish.swish', phone_number: '+46701234567' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const answer = (await response.json()) as { poll_url: string };
    expect(answer.poll_url).toMatch(/^https:\/\/checkout\.dintero\.com\/v1\/view\/T1\/swish\//);

    const poll = await fetch(answer.poll_url);
    expect(poll.status).toBe(202);
    expect(emulator.requests.map((r) => r.route)).toEqual(['pay', 'poll']);
    expect(emulator.pending()[0]!.maskedPhone).toBe('+46 ••• •• 67');
  });

  it('passes headers and status through: 412 and 429 with Retry-After', async () => {
    const stale = await fetch(`${BASE}/sessions/T1/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'If-Unmodified-Since': 'Tue, 01 Jan 2019 00:00:00 GMT' },
      body: JSON.stringify({ payment_product_type: 'swish.swish' }),
    });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ error: { code: 'PRECONDITION_FAILED' } });

    const limited = await fetch(`${BASE}/sessions/T1/pay`, {
      method: 'POST',
      body: JSON.stringify({
        payment_product_type: 'swish.swish',
        phone_number: MAGIC_PHONE_NUMBERS.rate_limited,
      }),
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
  });

  it('exposes the control API on the same origin', async () => {
    await fetch(`${BASE}/sessions/T1/pay`, {
      method: 'POST',
      body: JSON.stringify({ payment_product_type: 'swish.swish' }),
    });
    const pending = (await (await fetch('https://checkout.dintero.com/__emulator/pending')).json()) as Array<{
      requestId: string;
    }>;
    expect(pending).toHaveLength(1);
    const approve = await fetch(
      `https://checkout.dintero.com/__emulator/requests/${pending[0]!.requestId}/approve`,
      {
        method: 'POST',
      },
    );
    expect(approve.status).toBe(200);
    expect(emulator.pending()).toEqual([]);
    const reset = await fetch('https://checkout.dintero.com/__emulator/reset', { method: 'POST' });
    expect(reset.status).toBe(204);
  });

  it('leaves other routes on the same host to other handlers', async () => {
    const response = await fetch('https://checkout.dintero.com/other');
    expect(await response.json()).toEqual({ mine: true });
  });

  it('serves a custom baseUrl with its own emulator', async () => {
    const response = await fetch('https://shop.example.com/api/pay/sessions/S1/pay', {
      method: 'POST',
      body: JSON.stringify({ payment_product_type: 'payex.swish' }),
    });
    const answer = (await response.json()) as { poll_url: string };
    expect(answer.poll_url).toMatch(/^https:\/\/shop\.example\.com\/api\/pay\/view\/S1\/swish\//);
    expect(custom.emulator.basePath).toBe('/api/pay');
    expect(custom.emulator.pending()).toHaveLength(1);
    expect(emulator.pending()).toHaveLength(0);
  });

  it("answers the merchant server's calls: the token on api.dintero.com, the session and transaction on checkout.dintero.com", async () => {
    const token = await fetch(`https://api.dintero.com/v1/accounts/${EMULATOR_ACCOUNT_ID}/auth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${EMULATOR_CLIENT_ID}:${EMULATOR_CLIENT_SECRET}`)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        audience: `https://api.dintero.com/v1/accounts/${EMULATOR_ACCOUNT_ID}`,
      }),
    });
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    const bearer = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
    const created = await fetch(`${BASE}/sessions-profile`, {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({
        url: { return_url: 'https://shop.example.com/return' },
        order: { amount: 100, currency: 'NOK', merchant_reference: 'r1' },
        profile_id: 'default',
      }),
    });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: string };
    const paid = await fetch(`${BASE}/sessions/${id}/pay`, {
      method: 'POST',
      body: JSON.stringify({ payment_product_type: 'vipps' }),
    });
    const { redirect_url } = (await paid.json()) as { redirect_url: string };
    const transactionId = new URL(redirect_url).searchParams.get('transaction_id')!;
    const transaction = await fetch(`${BASE}/transactions/${transactionId}`, { headers: bearer });
    expect(await transaction.json()).toMatchObject({ id: transactionId, amount: 100, currency: 'NOK' });
    expect(emulator.requests.map((entry) => entry.route)).toEqual(['token', 'session', 'pay', 'transaction']);
  });

  it('accepts an existing emulator, and refuses one with another base path', () => {
    const shared = createDinteroEmulator();
    expect(createDinteroHandlers({ emulator: shared }).emulator).toBe(shared);
    expect(() => createDinteroHandlers({ emulator: shared, baseUrl: 'https://x.example/other' })).toThrow(
      /basePath/,
    );
  });
});

describe("the library's client against the emulator", () => {
  const client = createDinteroClient({ baseUrl: BASE });

  it('Swish: pay → poll 202 → approve → poll 200 with redirect_url', async () => {
    const payResult = await client.pay('T11223344.abc', { payment_product_type: 'swish.swish' });
    const outcome = interpretPayAnswer(payResult, policy);
    expect(outcome.type).toBe('poll');
    if (outcome.type !== 'poll') throw new Error('expected the poll branch');
    expect(outcome.approvalUrl).toMatch(/^swish:\/\/paymentrequest\?token=/);
    expect(outcome.qrCode).toMatch(/^data:image\/png;base64,/);

    const first = interpretPollAnswer(await client.poll(outcome.pollUrl), policy);
    expect(first).toEqual({ type: 'pending' });

    const [request] = emulator.pending();
    expect(emulator.approve(request!.requestId)).toBe(true);

    const second = interpretPollAnswer(await client.poll(outcome.pollUrl), policy);
    expect(second.type).toBe('redirect');
    if (second.type !== 'redirect') throw new Error('expected a redirect');
    expect(new URL(second.redirectUrl).searchParams.get('transaction_id')).toMatch(/^P/);
  });

  it('Swish declined: poll 200 without redirect_url is a rejection', async () => {
    const payResult = await client.pay('T2', {
      payment_product_type: 'swish.swish',
      phone_number: '+46701234567',
    });
    const outcome = interpretPayAnswer(payResult, policy);
    if (outcome.type !== 'poll') throw new Error('expected the poll branch');
    emulator.decline(emulator.pending()[0]!.requestId);
    const result = interpretPollAnswer(await client.poll(outcome.pollUrl), policy);
    expect(result.type).toBe('declined');
    if (result.type === 'declined') expect(result.error.kind).toBe('rejected');
  });

  it('Vipps: pay answers a redirect the guards accept', async () => {
    const outcome = interpretPayAnswer(
      await client.pay('T3', { payment_product_type: 'payex.vipps' }),
      policy,
    );
    expect(outcome.type).toBe('redirect');
    if (outcome.type === 'redirect')
      expect(outcome.redirectUrl).toMatch(/^https:\/\/checkout\.dintero\.com\/return\?/);
  });

  it('maps every error scenario to the matching error kind', async () => {
    const cases = [
      ['rejected', 'declined', 'rejected'],
      ['action_required', 'action_required', 'action_required'],
      ['bad_request', 'failed', 'invalid_request'],
      ['session_not_found', 'failed', 'session_not_found'],
      ['rate_limited', 'failed', 'rate_limited'],
      ['server_error', 'failed', 'server'],
      ['malformed', 'failed', 'invalid_response'],
    ] as const;
    for (const [scenario, type, kind] of cases) {
      const result = await client.pay('T4', {
        payment_product_type: 'swish.swish',
        phone_number: MAGIC_PHONE_NUMBERS[scenario],
      });
      const outcome = interpretPayAnswer(result, policy);
      expect(outcome.type, scenario).toBe(type);
      if (outcome.type === 'declined' || outcome.type === 'failed' || outcome.type === 'action_required') {
        expect(outcome.error.kind, scenario).toBe(kind);
      }
      if (scenario === 'rejected') {
        expect(outcome.type === 'declined' && outcome.error).toMatchObject({
          code: 'wrong_ssn',
          category: 'permanent',
          field: 'phone_number',
        });
      }
      if (scenario === 'action_required' && outcome.type === 'action_required') {
        expect(outcome.error.operations?.[0]?.rel).toBe('3d-secure-init-hosted');
      }
      if (scenario === 'rate_limited' && outcome.type === 'failed')
        expect(outcome.error.retryAfterMs).toBe(2000);
      if (scenario === 'bad_request' && outcome.type === 'failed')
        expect(outcome.error.field).toBe('phone_number');
    }
  });

  it('412 from a stale sessionUpdatedAt becomes session_changed', async () => {
    const result = await client.pay(
      'T5',
      { payment_product_type: 'swish.swish' },
      { sessionUpdatedAt: '2001-01-01T00:00:00.000Z' },
    );
    const outcome = interpretPayAnswer(result, policy);
    expect(outcome.type === 'failed' && outcome.error.kind).toBe('session_changed');
  });

  it('poll scenarios: 503 bursts are retried, 404 fails', async () => {
    const burst = interpretPayAnswer(
      await client.pay('T6', {
        payment_product_type: 'swish.swish',
        phone_number: MAGIC_PHONE_NUMBERS.poll_server_errors,
      }),
      policy,
    );
    if (burst.type !== 'poll') throw new Error('expected the poll branch');
    for (let i = 0; i < 3; i++) {
      const outcome = interpretPollAnswer(await client.poll(burst.pollUrl), policy);
      expect(outcome.type).toBe('retry');
      if (outcome.type === 'retry')
        expect(outcome.error).toMatchObject({ kind: 'server', retryAfterMs: 1000 });
    }
    expect(interpretPollAnswer(await client.poll(burst.pollUrl), policy)).toEqual({ type: 'pending' });

    const missing = interpretPayAnswer(
      await client.pay('T7', {
        payment_product_type: 'swish.swish',
        phone_number: MAGIC_PHONE_NUMBERS.poll_not_found,
      }),
      policy,
    );
    if (missing.type !== 'poll') throw new Error('expected the poll branch');
    const outcome = interpretPollAnswer(await client.poll(missing.pollUrl), policy);
    expect(outcome.type === 'failed' && outcome.error.kind).toBe('session_not_found');
  });
});
