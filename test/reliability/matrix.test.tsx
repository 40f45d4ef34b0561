import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  PayButton,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  SwishApprovalView,
  usePaySession,
  type UsePaySessionOptions,
} from '../../src';
import {
  advance,
  BASE_URL,
  createFakeDintero,
  flush,
  json,
  pollPaid,
  POLL_URL,
  QR_CODE,
  renderPaySession,
  SESSION_ID,
} from '../react/harness';

// Rows of the reliability matrix not already named in the tests of the hook, the components and the
// core. Each test names its row.

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  vi.setSystemTime(new Date('2026-11-24T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A complete checkout: the phone number lives in the input, the session in the hook. */
function Checkout(props: Partial<UsePaySessionOptions>) {
  const [phone, setPhone] = useState('');
  const session = usePaySession({
    sessionId: SESSION_ID,
    paymentProductType: 'swish.swish',
    baseUrl: BASE_URL,
    onRedirect: () => undefined,
    ...props,
  });
  return (
    <PaySessionProvider session={session}>
      <PhoneInput onValueChange={(e164) => setPhone(e164)} />
      <PaymentError />
      <SwishApprovalView layout="desktop" />
      <PayButton getBody={() => (phone ? { phone_number: phone } : {})} />
    </PaySessionProvider>
  );
}

/**
 * PaymentError's message. An alert only while focus stays elsewhere: after a press of Pay it takes
 * focus and drops the role, so it is not read twice.
 */
const shownError = () => document.querySelector<HTMLElement>('[data-kind]');

async function typeAndPay(number: string) {
  const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
  if (number) await user.type(screen.getByRole('textbox', { name: 'Mobile number' }), number);
  await user.click(screen.getByRole('button', { name: 'Pay' }));
  await flush();
}

describe('row 6: a pay request that times out or drops after sending', () => {
  it('says the outcome is unknown (check the app first) and never sends the pay request again', async () => {
    const api = createFakeDintero();
    // The request leaves, and no answer ever comes back.
    api.queue(
      'pay',
      () =>
        new Promise<Response>((_resolve, reject) => {
          const { signal } = api.requests.at(-1)!;
          signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    render(<Checkout fetch={api.fetch} />);
    await typeAndPay('070 123 45 67');
    expect(screen.getByRole('button', { name: 'Pay' })).toHaveAttribute('aria-disabled', 'true');
    await advance(30_000);
    expect(shownError()).toHaveTextContent(
      'We could not confirm whether the payment started. Check your payment app before you try again.',
    );
    await advance(120_000);
    expect(api.pays()).toHaveLength(1);
  });

  it('treats a connection lost after sending the same way', async () => {
    const api = createFakeDintero();
    api.queue('pay', 'network-error');
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    expect(result.current.error).toMatchObject({ kind: 'network', code: 'outcome_unknown' });
    await advance(60_000);
    expect(api.pays()).toHaveLength(1);
  });
});

describe('row 7: the session changed (412)', () => {
  it('asks to review the order, offers no retry of the same body, and keeps the typed number', async () => {
    const api = createFakeDintero();
    api.queue('pay', json(412, { error: { message: 'updated' } }));
    render(<Checkout fetch={api.fetch} sessionUpdatedAt="Tue, 24 Nov 2026 11:00:00 GMT" />);
    await typeAndPay('070 123 45 67');
    expect(shownError()).toHaveTextContent('Your order changed. Review it and pay again.');
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Mobile number' })).toHaveValue('070 123 45 67');
    await advance(60_000);
    expect(api.pays()).toHaveLength(1);
  });
});

describe('row 9: a server error on the pay request', () => {
  it('says the payment could not start, offers a retry (one click, one POST with the same number), and never retries by itself', async () => {
    const api = createFakeDintero();
    api.queue('pay', json(503, {}), json(500, {}));
    render(<Checkout fetch={api.fetch} />);
    await typeAndPay('070 123 45 67');
    expect(shownError()).toHaveTextContent('We could not start the payment. Try again.');
    await advance(120_000);
    expect(api.pays()).toHaveLength(1);
    await userEvent
      .setup({ advanceTimers: vi.advanceTimersByTime })
      .click(screen.getByRole('button', { name: 'Try again' }));
    await flush();
    // "Try again" is the shopper's press: exactly one new pay call, with the number typed before.
    expect(api.pays()).toHaveLength(2);
    expect(JSON.parse(api.pays()[1]!.body!)).toMatchObject({ phone_number: '+46701234567' });
    expect(screen.getByRole('textbox', { name: 'Mobile number' })).toHaveValue('070 123 45 67');
  });
});

describe('row 15: reset while a status check is in flight', () => {
  it('aborts the check, applies nothing afterwards and sends nothing more', async () => {
    const api = createFakeDintero();
    let release!: () => void;
    api.queue('poll', () => new Promise<Response>((resolve) => (release = () => resolve(pollPaid()))));
    const { result, onRedirect } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    await advance(2_000);
    act(() => result.current.reset());
    expect(api.polls()[0]!.signal?.aborted).toBe(true);
    release();
    await advance(60_000);
    expect(result.current.status).toBe('idle');
    expect(onRedirect).not.toHaveBeenCalled();
    expect(api.requests).toHaveLength(2);
  });
});

describe('row 21: unknown fields, codes and missing optional fields', () => {
  it('pays and polls through answers full of things it does not know', async () => {
    const api = createFakeDintero();
    api.queue(
      'pay',
      json(200, {
        success: true,
        // No `actions` at all, an unknown action type, and fields from a future API version.
        poll_url: POLL_URL,
        qr_code: QR_CODE,
        approval_url: null,
        payment_id: 'P1',
        next_action: { type: 'unknown_future_step' },
        error_details: null,
      }),
    );
    api.queue('poll', json(202, { keep_polling: true, eta_seconds: 3, status: 'CREATED' }), pollPaid());
    const { result, onRedirect } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    expect(result.current.status).toBe('awaiting_approval');
    expect(result.current.approval?.approvalUrl).toBeUndefined();
    await advance(4_000);
    expect(result.current.status).toBe('redirecting');
    expect(onRedirect).toHaveBeenCalledTimes(1);
  });

  it('gives an unknown decline code the generic decline message, never its text', async () => {
    const api = createFakeDintero();
    api.queue(
      'pay',
      json(200, {
        success: false,
        actions: [{ source: 'PSP', code: 'Z-999', type: 'warning' }],
        error: 'Rejected',
        error_details: [{ code: 'brand_new_code_2026', category: 'brand_new_category' }],
      }),
    );
    render(<Checkout fetch={api.fetch} />);
    await typeAndPay('070 123 45 67');
    expect(shownError()).toHaveTextContent('The payment was declined.');
    expect(document.body.textContent).not.toMatch(/brand_new|Z-999/);
  });
});

describe('row 23: an approval link with a scheme that is not allowed', () => {
  it.each(['intent://pay#Intent;scheme=swish;end', 'javascript:alert(1)', 'market://details?id=x'])(
    'never offers %s, and the QR code remains',
    async (approvalUrl) => {
      const api = createFakeDintero();
      api.queue(
        'pay',
        json(200, {
          success: true,
          actions: [],
          poll_url: POLL_URL,
          approval_url: approvalUrl,
          qr_code: QR_CODE,
        }),
      );
      render(<Checkout fetch={api.fetch} />);
      await typeAndPay('');
      expect(screen.getByRole('img', { name: /QR code/ })).toHaveAttribute('src', QR_CODE);
      expect(screen.queryByRole('link', { name: 'Open Swish' })).not.toBeInTheDocument();
      expect(document.querySelector(`[href="${approvalUrl}"]`)).toBeNull();
    },
  );
});

describe('row 26: a QR code that is not a safe PNG', () => {
  it.each([
    ['SVG', 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4='],
    ['JPEG', 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ=='],
    ['a remote image', 'https://evil.example/qr.png'],
    ['bad base64', 'data:image/png;base64,iVBOR w0KGgo='],
    ['no PNG signature', 'data:image/png;base64,AAAAAAAAAAAAAAAA'],
  ])('does not render %s; the app link stays', async (_name, qrCode) => {
    const api = createFakeDintero();
    const appLink = 'swish://paymentrequest?token=abc';
    api.queue(
      'pay',
      json(200, { success: true, actions: [], poll_url: POLL_URL, approval_url: appLink, qr_code: qrCode }),
    );
    render(<Checkout fetch={api.fetch} />);
    await typeAndPay('');
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(document.querySelector(`[src="${qrCode}"]`)).toBeNull();
    expect(screen.getByRole('link', { name: 'Open Swish' })).toHaveAttribute('href', appLink);
  });
});

describe('row 5: offline when Pay is tapped', () => {
  it('says so, keeps a retry available, and sends nothing later', async () => {
    const api = createFakeDintero();
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    render(<Checkout fetch={api.fetch} />);
    await typeAndPay('070 123 45 67');
    expect(shownError()).toHaveTextContent('You are offline. Connect to the internet and try again.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    onLine.mockReturnValue(true);
    act(() => window.dispatchEvent(new Event('online')));
    await advance(60_000);
    expect(api.requests).toHaveLength(0);
  });
});
