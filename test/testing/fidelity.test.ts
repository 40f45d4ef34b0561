import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  MAGIC_PHONE_NUMBERS,
  PAYMENT_PRODUCT_TYPES,
  REMEMBER_ME_COOKIE,
  createDinteroEmulator,
  type DinteroEmulator,
  type DinteroEmulatorOptions,
  type EmulatorResponse,
} from '../../src/testing';

// What the emulator answers where Dintero's published API says how (docs/dintero-pay-api.md §1-2),
// and the behaviour it assumes where Dintero says nothing (a second pay on one session).

const ORIGIN = 'https://checkout.dintero.com';
const BASE = `${ORIGIN}/v1`;
const START = Date.parse('2025-03-01T10:00:00.000Z');
const SESSION = 'T11223344.fidelity';

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
  body: Record<string, unknown>,
  { sessionId = SESSION, cookie }: { sessionId?: string; cookie?: string } = {},
) {
  return emulator.handle({
    method: 'POST',
    url: `${BASE}/sessions/${encodeURIComponent(sessionId)}/pay`,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

function get(emulator: DinteroEmulator, url: string) {
  return emulator.handle({ method: 'GET', url });
}

function json(response: EmulatorResponse): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}

async function pollUrlOf(emulator: DinteroEmulator, body: Record<string, unknown>, sessionId = SESSION) {
  const response = await pay(emulator, body, { sessionId });
  expect(response.status).toBe(200);
  return json(response).poll_url as string;
}

const SWISH = { payment_product_type: 'swish.swish' };

describe("status checks at Dintero's documented path", () => {
  it('poll_url is GET {base}/view/{session_id}/swish/{payment_request_id}/status', async () => {
    const { emulator } = setup();
    const pollUrl = new URL(await pollUrlOf(emulator, SWISH));
    const [request] = emulator.pending();
    expect(pollUrl.origin).toBe(ORIGIN);
    expect(pollUrl.pathname).toBe(`/v1/view/${SESSION}/swish/${request!.requestId}/status`);
    expect(pollUrl.search).toBe('');
  });

  it('202 while pending, 200 with redirect_url once approved, 200 without it once declined', async () => {
    const { emulator } = setup();
    const approved = await pollUrlOf(emulator, SWISH, 'T1.approved');
    const declined = await pollUrlOf(emulator, { ...SWISH, phone_number: '+46701234567' }, 'T1.declined');
    const pending = await get(emulator, approved);
    expect(pending.status).toBe(202);
    expect(json(pending)).toEqual({ keep_polling: true });

    const [first, second] = emulator.pending();
    emulator.approve(first!.requestId);
    emulator.decline(second!.requestId);
    const paid = await get(emulator, approved);
    expect(paid.status).toBe(200);
    expect(json(paid)).toEqual({
      keep_polling: false,
      redirect_url: expect.stringMatching(/transaction_id=/),
    });
    const refused = await get(emulator, declined);
    expect(refused.status).toBe(200);
    expect(json(refused)).toEqual({ keep_polling: false });
  });

  it('404 in the error shape for an unknown request, another session, another app, or the old path', async () => {
    const { emulator } = setup();
    const pollUrl = await pollUrlOf(emulator, SWISH);
    const { requestId } = emulator.pending()[0]!;
    for (const url of [
      `${BASE}/view/${SESSION}/swish/nope/status`,
      `${BASE}/view/T1.other/swish/${requestId}/status`,
      `${BASE}/view/${SESSION}/vipps/${requestId}/status`,
      `${BASE}/sessions/${SESSION}/requests/${requestId}/status`,
    ]) {
      const response = await get(emulator, url);
      expect(response.status, url).toBe(404);
      expect(json(response), url).toMatchObject({ error: { message: expect.any(String) } });
    }
    expect((await get(emulator, pollUrl)).status).toBe(202);
  });

  it('Vipps and MobilePay on the poll flow use the same form with their app in place of swish', async () => {
    const { emulator } = setup({ vippsMobilePayFlow: 'poll' });
    const vipps = await pollUrlOf(emulator, { payment_product_type: 'payex.vipps' }, 'T1.vipps');
    const mobilepay = await pollUrlOf(
      emulator,
      { payment_product_type: 'bambora.mobilepay', phone_number: '+4520123456' },
      'T1.mp',
    );
    expect(new URL(vipps).pathname).toMatch(/^\/v1\/view\/T1\.vipps\/vipps\/[^/]+\/status$/);
    expect(new URL(mobilepay).pathname).toMatch(/^\/v1\/view\/T1\.mp\/mobilepay\/[^/]+\/status$/);
    expect((await get(emulator, vipps)).status).toBe(202);
    expect((await get(emulator, mobilepay)).status).toBe(202);
  });
});

describe('QR code', () => {
  it("is a 600×600 PNG, Dintero's default, that scans as D + the app link's token", async () => {
    const { emulator } = setup();
    const answer = json(await pay(emulator, SWISH));
    const png = PNG.sync.read(Buffer.from((answer.qr_code as string).split(',')[1]!, 'base64'));
    expect([png.width, png.height]).toEqual([600, 600]);
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    const token = new URL(answer.approval_url as string).searchParams.get('token');
    expect(code?.data).toBe(`D${token}`);
  });
});

describe('400 in the error shape for a request Dintero refuses', () => {
  it('accepts every listed payment_product_type', async () => {
    expect([...PAYMENT_PRODUCT_TYPES].sort()).toEqual(
      [
        'swish.swish',
        'payex.swish',
        'vipps',
        'payex.vipps',
        'bambora.vipps',
        'dintero_psp.vipps',
        'payex.mobilepay',
        'bambora.mobilepay',
      ].sort(),
    );
    for (const type of PAYMENT_PRODUCT_TYPES) {
      const { emulator } = setup();
      const response = await pay(emulator, { payment_product_type: type, phone_number: '+4520123456' });
      expect(response.status, type).toBe(200);
      expect(json(response).success, type).toBe(true);
    }
  });

  it('refuses an unknown payment_product_type, "nonsense.type" included', async () => {
    for (const type of ['nonsense.type', 'SWISH.SWISH', 'swish', 'klarna.klarna', ' vipps']) {
      const { emulator } = setup();
      const response = await pay(emulator, { payment_product_type: type });
      expect(response.status, type).toBe(400);
      expect(json(response), type).toEqual({
        error: {
          message: expect.any(String),
          code: 'BAD_REQUEST',
          errors: [{ field: 'payment_product_type', message: expect.any(String) }],
        },
      });
      expect(emulator.pending()).toEqual([]);
    }
  });

  it('takes other types through the paymentProductTypes option', async () => {
    const { emulator } = setup({ paymentProductTypes: [...PAYMENT_PRODUCT_TYPES, 'newpsp.swish'] });
    expect((await pay(emulator, { payment_product_type: 'newpsp.swish' })).status).toBe(200);
    expect(emulator.pending()[0]!.paymentProductType).toBe('newpsp.swish');
  });

  it('refuses a phone number failing ^\\+?\\d{5,15}$ and a MobilePay pay without one', async () => {
    const { emulator } = setup();
    for (const phone_number of ['1234', '+1234567890123456', '+46 70 123', '070-1234567', '', 46701234567]) {
      const response = await pay(emulator, { ...SWISH, phone_number });
      expect(response.status, String(phone_number)).toBe(400);
      expect(json(response)).toMatchObject({
        error: { message: expect.any(String), code: 'BAD_REQUEST', errors: [{ field: 'phone_number' }] },
      });
    }
    for (const phone_number of ['12345', '+123456789012345']) {
      expect(
        (await pay(emulator, { ...SWISH, phone_number }, { sessionId: `T1.${phone_number}` })).status,
      ).toBe(200);
    }
    for (const type of ['payex.mobilepay', 'bambora.mobilepay']) {
      const response = await pay(emulator, { payment_product_type: type }, { sessionId: 'T1.mobilepay' });
      expect(response.status).toBe(400);
      expect(json(response)).toMatchObject({
        error: { errors: [{ field: 'phone_number', message: 'required' }] },
      });
    }
  });
});

describe("the app link's callback", () => {
  it('carries no transaction_id before approval; only the redirect after approval does', async () => {
    const { emulator } = setup();
    const answer = json(await pay(emulator, SWISH));
    const callback = new URL(new URL(answer.approval_url as string).searchParams.get('callbackurl')!);
    expect(callback.searchParams.has('transaction_id')).toBe(false);
    expect(callback.searchParams.has('error')).toBe(false);
    expect(callback.searchParams.get('merchant_reference')).toBe(`order-${SESSION}`);

    emulator.decline(emulator.pending()[0]!.requestId);
    // Opened after a decline, the callback's page does not claim a payment.
    const page = await get(emulator, callback.href);
    expect(page.body).not.toContain('Payment completed');
    expect(page.body).toContain('the shop checks the payment');
  });

  it("Vipps' and MobilePay's fallback carries no transaction_id either", async () => {
    const { emulator } = setup({ scenario: 'app_flow' });
    for (const type of ['vipps', 'payex.mobilepay']) {
      const answer = json(
        await pay(
          emulator,
          {
            payment_product_type: type,
            ...(type.includes('mobilepay') ? { phone_number: '+4520123456' } : {}),
          },
          { sessionId: `T1.${type}` },
        ),
      );
      if (type === 'vipps') {
        const fallback = new URL(new URL(answer.approval_url as string).searchParams.get('fallback')!);
        expect(fallback.searchParams.has('transaction_id')).toBe(false);
      } else {
        expect(answer).not.toHaveProperty('approval_url'); // pushed to the phone
      }
    }
    const { requestId } = emulator.pending()[0]!;
    emulator.approve(requestId);
    const pollUrl = `${BASE}/view/T1.vipps/vipps/${requestId}/status`;
    expect(
      new URL(json(await get(emulator, pollUrl)).redirect_url as string).searchParams.get('transaction_id'),
    ).toMatch(/^P\d+\./);
  });
});

describe('remember_me', () => {
  function setCookie(response: EmulatorResponse): string | undefined {
    return response.headers['set-cookie'];
  }

  function cookieOf(header: string): string {
    return header.split(';')[0]!;
  }

  it('true sets the signed cookie, false clears it, absent leaves it alone', async () => {
    const { emulator } = setup();
    const remembered = await pay(emulator, { ...SWISH, remember_me: true }, { sessionId: 'T1.a' });
    const set = setCookie(remembered);
    expect(set).toMatch(new RegExp(`^${REMEMBER_ME_COOKIE}=v1\\.[0-9a-f]{32}; Path=/; Max-Age=\\d+;`));
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; Secure/);
    expect(Number(/Max-Age=(\d+)/.exec(set!)![1])).toBeGreaterThan(0);

    const untouched = await pay(emulator, SWISH, { sessionId: 'T1.b', cookie: cookieOf(set!) });
    expect(untouched.status).toBe(200);
    expect(setCookie(untouched)).toBeUndefined();

    const cleared = await pay(
      emulator,
      { ...SWISH, remember_me: false },
      { sessionId: 'T1.c', cookie: cookieOf(set!) },
    );
    expect(cleared.status).toBe(200);
    expect(setCookie(cleared)).toMatch(new RegExp(`^${REMEMBER_ME_COOKIE}=; Path=/; Max-Age=0;`));

    // The log shows which pays carried a cookie the emulator issued and had not cleared.
    const pays = emulator.requests.filter((entry) => entry.route === 'pay');
    expect(pays.map((entry) => entry.rememberedCustomer)).toEqual([false, true, true]);
    await pay(emulator, SWISH, { sessionId: 'T1.d', cookie: cookieOf(set!) });
    expect(emulator.requests.at(-1)!.rememberedCustomer).toBe(false);
  });

  it('a refused pay touches no cookie', async () => {
    const { emulator } = setup();
    const refused = await pay(emulator, { payment_product_type: 'nonsense.type', remember_me: true });
    expect(refused.status).toBe(400);
    expect(refused.headers).not.toHaveProperty('set-cookie');
    const limited = await pay(emulator, {
      ...SWISH,
      phone_number: MAGIC_PHONE_NUMBERS.rate_limited,
      remember_me: false,
    });
    expect(limited.status).toBe(429);
    expect(limited.headers).not.toHaveProperty('set-cookie');
  });
});

describe('a second pay on one session (undocumented by Dintero: the conservative answer)', () => {
  it('while the request is live, the same pay gets the same request back; no second request', async () => {
    const { emulator, advance } = setup();
    const first = await pay(emulator, SWISH);
    advance(10_000);
    const again = await pay(emulator, SWISH);
    expect(again.status).toBe(200);
    expect(again.body).toBe(first.body); // same poll_url, app link token and QR code
    expect(emulator.pending()).toHaveLength(1);
  });

  it('while the request is live, another app or number is refused with 400 PAYMENT_IN_PROGRESS', async () => {
    const { emulator } = setup();
    await pay(emulator, { ...SWISH, phone_number: '+46701234567' });
    for (const body of [
      { ...SWISH, phone_number: '+46701234568' },
      SWISH,
      { payment_product_type: 'payex.swish', phone_number: '+46701234567' },
      { payment_product_type: 'vipps' },
    ]) {
      const response = await pay(emulator, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(json(response)).toEqual({ error: { message: expect.any(String), code: 'PAYMENT_IN_PROGRESS' } });
    }
    expect(emulator.pending()).toHaveLength(1);
  });

  it('once the request is declined or expired, a new pay makes a new request', async () => {
    const { emulator, advance } = setup();
    const first = await pollUrlOf(emulator, SWISH);
    emulator.decline(emulator.pending()[0]!.requestId);
    const second = await pollUrlOf(emulator, { ...SWISH, phone_number: '+46701234567' });
    expect(second).not.toBe(first);
    advance(3 * 60 * 1000);
    expect(emulator.pending()).toEqual([]);
    const third = await pollUrlOf(emulator, { payment_product_type: 'payex.vipps' });
    expect(third).toBeUndefined(); // Vipps on the redirect flow: paid at once, no request kept
  });

  it('once paid, any further pay is refused with 400 SESSION_ALREADY_PAID', async () => {
    const { emulator } = setup();
    await pay(emulator, SWISH);
    emulator.approve(emulator.pending()[0]!.requestId);
    for (const body of [SWISH, { payment_product_type: 'vipps' }]) {
      const response = await pay(emulator, body);
      expect(response.status).toBe(400);
      expect(json(response)).toEqual({
        error: { message: expect.any(String), code: 'SESSION_ALREADY_PAID' },
      });
    }

    // The redirect flow pays at once; a cancelled one does not.
    await pay(emulator, { payment_product_type: 'vipps' }, { sessionId: 'T1.vipps' });
    expect((await pay(emulator, { payment_product_type: 'vipps' }, { sessionId: 'T1.vipps' })).status).toBe(
      400,
    );
    emulator.setScenario('T1.cancelled', 'decline');
    await pay(emulator, { payment_product_type: 'vipps' }, { sessionId: 'T1.cancelled' });
    emulator.setScenario('T1.cancelled', undefined);
    expect(
      (await pay(emulator, { payment_product_type: 'vipps' }, { sessionId: 'T1.cancelled' })).status,
    ).toBe(200);
  });

  it('an approval that came by itself (approveAfterMs) counts as paid too', async () => {
    const { emulator, advance } = setup({ approveAfterMs: 1000 });
    await pay(emulator, SWISH);
    advance(1000);
    expect(json(await pay(emulator, SWISH))).toMatchObject({ error: { code: 'SESSION_ALREADY_PAID' } });
  });
});
