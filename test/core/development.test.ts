// The page is jsdom's default, http://localhost:3000: a shop in local development.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildPayRequest } from '../../src/core/pay-request';
import {
  checkApprovalUrl,
  checkPollUrl,
  checkQrCode,
  checkRedirectUrl,
  isOperationAllowed,
} from '../../src/core/url-guards';
import { interpretPayAnswer } from '../../src/core/outcomes';
import { createPaySession } from '../../src/core/pay-session';

const PHONE = '+46701234567';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('row 40: a local setup works without options', () => {
  it('row 40: a page served over http: from a loopback host may go to loopback http: targets (the emulator)', () => {
    expect(location.href).toMatch(/^http:\/\/localhost/);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(checkRedirectUrl('http://127.0.0.1:5174/return?transaction_id=T1')).toEqual({
      ok: true,
      url: 'http://127.0.0.1:5174/return?transaction_id=T1',
    });
    expect(checkApprovalUrl('http://localhost:5174/app').ok).toBe(true);
    // Still only loopback: a public host over http: is refused on a local page too.
    expect(checkRedirectUrl('http://shop.example/return').ok).toBe(false);
    expect(checkRedirectUrl('http://user:pass@127.0.0.1/return').ok).toBe(false);
  });

  it('row 40: an approved local purchase reaches the return page (no unsafe_url)', () => {
    const outcome = interpretPayAnswer(
      { ok: true, status: 200, data: { success: true, redirect_url: 'http://127.0.0.1:5174/return?t=1' } },
      { baseUrl: 'http://127.0.0.1:5174/v1' },
    );
    expect(outcome).toEqual({ type: 'redirect', redirectUrl: 'http://127.0.0.1:5174/return?t=1' });
  });
});

describe('development builds explain every refusal once, without the refused value', () => {
  const refusals: [string, () => unknown, RegExp][] = [
    [
      'redirect_url',
      () => checkRedirectUrl(`javascript:alert(1)//${PHONE}`),
      /redirect_url.*https:.*allowLoopbackHttp/,
    ],
    [
      'approval_url',
      () => checkApprovalUrl(`intent://pay?p=${PHONE}`),
      /approval_url.*swish:.*vipps:.*mobilepay:/,
    ],
    [
      'poll_url',
      () => checkPollUrl(`https://evil.example/${PHONE}`, { baseUrl: 'https://checkout.dintero.com/v1' }),
      /poll_url.*pollOrigins/,
    ],
    ['qr_code', () => checkQrCode('data:image/svg+xml;base64,PHN2Zz4='), /qr_code.*png/i],
    [
      'operation',
      () => isOperationAllowed({ rel: 'unknown-step', method: 'POST', href: `https://x.example/${PHONE}` }),
      /operation.*3d-secure-init-hosted/,
    ],
    ['product_type', () => buildPayRequest('  ', { phone_number: PHONE }), /paymentProductType is empty/],
  ];

  it.each(refusals)('%s: one console.warn naming the rule and what would allow it', (_name, refuse, says) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    refuse();
    expect(warn).toHaveBeenCalledTimes(1);
    const [message] = warn.mock.calls[0]!;
    expect(message).toMatch(/^react-dintero-pay: /);
    expect(message).toMatch(says);
    // Never the value itself: it may carry the shopper's number.
    expect(String(message)).not.toContain('701234567');
    expect(String(message)).not.toContain('evil.example');
  });

  it('says nothing in a production build', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const [, refuse] of refusals) refuse();
    expect(warn).not.toHaveBeenCalled();
  });

  it('says nothing for what is allowed, or for a link or QR code that is simply not there', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    checkRedirectUrl('https://checkout.dintero.com/r');
    interpretPayAnswer(
      {
        ok: true,
        status: 200,
        data: { success: true, poll_url: 'https://checkout.dintero.com/v1/view/S/swish/P/status' },
      },
      { baseUrl: 'https://checkout.dintero.com/v1' },
    );
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('an empty product type is not a payment', () => {
  it.each(['', ' ', '\t\n'])(
    '%j is a typed invalid_request on payment_product_type, before any request',
    (type) => {
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const built = buildPayRequest(type, {});
      expect(built.ok).toBe(false);
      if (built.ok) return;
      expect(built.error).toMatchObject({
        kind: 'invalid_request',
        field: 'payment_product_type',
        code: 'invalid_payment_product_type',
        retryable: false,
      });
    },
  );

  it('a session with an empty product type sends nothing and fails with the typed error', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fetch = vi.fn();
    const session = createPaySession('T1.a', { paymentProductType: '', fetch, storage: null });
    const stop = session.observe({ options: () => ({ paymentProductType: '', fetch, storage: null }) });
    expect(session.pay({})).toBe(true);
    await vi.waitFor(() => expect(session.getSnapshot().status).toBe('failed'));
    expect(session.getSnapshot().error).toMatchObject({
      kind: 'invalid_request',
      field: 'payment_product_type',
    });
    expect(fetch).not.toHaveBeenCalled();
    stop();
  });
});
