import { act, renderHook } from '@testing-library/react';
import { focusManager } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePaySession } from '../../src';
import {
  advance,
  BASE_URL,
  createFakeDintero,
  deferred,
  flush,
  json,
  PAY_URL,
  pollPaid,
  pollPending,
  POLL_URL,
  QR_CODE,
  REDIRECT_URL,
  renderPaySession,
  SESSION_ID,
} from './harness';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-24T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('usePaySession: the pay call', () => {
  it('stays idle and sends nothing until pay() is called', async () => {
    const api = createFakeDintero();
    const { result } = renderPaySession({ fetch: api.fetch });
    await advance(10_000);
    expect(result.current.status).toBe('idle');
    expect(api.requests).toHaveLength(0);
  });

  it('posts the body to the session pay URL and follows a redirect answer once', async () => {
    const api = createFakeDintero();
    api.queue('pay', json(200, { success: true, actions: [], redirect_url: REDIRECT_URL }));
    const onSuccess = vi.fn();
    const onStatusChange = vi.fn();
    const { result, onRedirect } = renderPaySession({
      fetch: api.fetch,
      paymentProductType: 'payex.vipps',
      onSuccess,
      onStatusChange,
    });

    act(() => result.current.pay({ phone_number: '+4741234567' }));
    expect(result.current.status).toBe('submitting');
    expect(result.current.isBusy).toBe(true);
    await flush();

    expect(api.pays()).toHaveLength(1);
    const [request] = api.pays();
    expect(request!.url).toBe(PAY_URL);
    expect(JSON.parse(request!.body!)).toEqual({
      payment_product_type: 'payex.vipps',
      phone_number: '+4741234567',
    });
    expect(request!.headers.get('content-type')).toBe('application/json');
    expect(request!.headers.has('if-unmodified-since')).toBe(false);
    expect(result.current.status).toBe('redirecting');
    expect(result.current.redirectUrl).toBe(REDIRECT_URL);
    expect(onRedirect).toHaveBeenCalledTimes(1);
    expect(onRedirect).toHaveBeenCalledWith(REDIRECT_URL);
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onStatusChange.mock.calls).toEqual([
      ['submitting', 'idle'],
      ['redirecting', 'submitting'],
    ]);
    await advance(60_000);
    expect(api.requests).toHaveLength(1);
  });

  it('row 7: sends If-Unmodified-Since when the session updated_at is given, and a 412 is not retried', async () => {
    const api = createFakeDintero();
    api.queue('pay', json(412, { error: { message: 'Precondition failed: session was updated' } }));
    const onError = vi.fn();
    const { result } = renderPaySession({
      fetch: api.fetch,
      sessionUpdatedAt: 'Tue, 24 Nov 2026 11:59:00 GMT',
      onError,
    });
    act(() => result.current.pay());
    await flush();
    expect(api.pays()[0]!.headers.get('if-unmodified-since')).toBe('Tue, 24 Nov 2026 11:59:00 GMT');
    expect(result.current.status).toBe('failed');
    expect(result.current.error).toMatchObject({ kind: 'session_changed', retryable: false });
    expect(onError).toHaveBeenCalledTimes(1);
    await advance(60_000);
    expect(api.pays()).toHaveLength(1);
  });

  it('row 1: sends exactly one POST for three pay() calls in the same tick', async () => {
    const api = createFakeDintero();
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => {
      result.current.pay();
      result.current.pay();
      result.current.pay();
    });
    await flush();
    expect(api.pays()).toHaveLength(1);
  });

  it('row 2: ignores pay() while a slow POST is pending and stays busy until the answer', async () => {
    const api = createFakeDintero();
    const slow = deferred(() => json(200, { success: true, actions: [], redirect_url: REDIRECT_URL }));
    api.queue('pay', slow.answer);
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await advance(20_000);
    act(() => result.current.pay());
    await flush();
    expect(result.current.status).toBe('submitting');
    expect(api.pays()).toHaveLength(1);
    slow.release();
    await flush();
    expect(result.current.status).toBe('redirecting');
    expect(api.pays()).toHaveLength(1);
  });

  it('row 5: fails fast when offline: no request now and none queued for later', async () => {
    const api = createFakeDintero();
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    expect(result.current.status).toBe('failed');
    expect(result.current.error).toMatchObject({ kind: 'offline', retryable: true });
    onLine.mockReturnValue(true);
    act(() => window.dispatchEvent(new Event('online')));
    await advance(30_000);
    expect(api.requests).toHaveLength(0);
  });

  it('row 10: answers 429 with the Retry-After wait and does not retry by itself', async () => {
    const api = createFakeDintero();
    api.queue('pay', json(429, { error: { message: 'slow down' } }, { 'retry-after': '7' }));
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    expect(result.current.error).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 7000 });
    await advance(60_000);
    expect(api.pays()).toHaveLength(1);
  });

  it.each([
    [
      'malformed JSON',
      new Response('{"success": tru', { status: 200, headers: { 'content-type': 'application/json' } }),
    ],
    [
      'an HTML error page',
      new Response('<html><body>Bad gateway</body></html>', {
        status: 200,
        headers: { 'content-type': 'text/html' },
      }),
    ],
    ['an empty body', new Response('', { status: 200, headers: { 'content-type': 'application/json' } })],
    ['success without a next step', json(200, { success: true, actions: [] })],
  ])('row 20: turns %s into a typed invalid_response error, never a success', async (_name, response) => {
    const api = createFakeDintero();
    api.queue('pay', response);
    const { result, onRedirect } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    expect(result.current.status).toBe('failed');
    expect(result.current.error?.kind).toBe('invalid_response');
    expect(onRedirect).not.toHaveBeenCalled();
  });

  it('row 8: reports a 400 at its field and keeps the server message out of the error', async () => {
    const api = createFakeDintero();
    api.queue(
      'pay',
      json(400, {
        error: { message: 'Secret server detail', code: 'INVALID', errors: [{ field: 'phone_number' }] },
      }),
    );
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay({ phone_number: '+46701234567' }));
    await flush();
    expect(result.current.error).toMatchObject({
      kind: 'invalid_request',
      field: 'phone_number',
      code: 'INVALID',
    });
    expect(JSON.stringify({ ...result.current.error, message: result.current.error?.message })).not.toContain(
      'Secret',
    );
  });

  it('refuses a malformed phone number before sending anything', async () => {
    const api = createFakeDintero();
    const onError = vi.fn();
    const { result } = renderPaySession({ fetch: api.fetch, onError });
    act(() => result.current.pay({ phone_number: '070-123 45 67' }));
    await flush();
    expect(api.requests).toHaveLength(0);
    expect(result.current.error).toMatchObject({ kind: 'invalid_request', field: 'phone_number' });
    expect(JSON.stringify(onError.mock.calls)).not.toContain('123');
  });

  it('declines on success:false with Rejected and lets the shopper start a new attempt', async () => {
    const api = createFakeDintero();
    api.queue(
      'pay',
      json(200, {
        success: false,
        actions: [],
        error: 'Rejected',
        error_details: [{ code: 'wrong_ssn', category: 'permanent', field: 'phone_number' }],
      }),
    );
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    expect(result.current.status).toBe('declined');
    expect(result.current.error).toMatchObject({
      kind: 'rejected',
      code: 'wrong_ssn',
      category: 'permanent',
      retryable: false,
    });
    act(() => result.current.pay());
    await flush();
    expect(api.pays()).toHaveLength(2);
    expect(result.current.status).toBe('awaiting_approval');
  });

  it('row 25: surfaces authentication operations as action_required without acting on them', async () => {
    const api = createFakeDintero();
    const operation = {
      href: 'https://pay.test/3ds',
      method: 'POST',
      content_type: 'application/json',
      rel: '3d-secure-init-hosted',
    };
    api.queue(
      'pay',
      json(200, {
        success: false,
        actions: [],
        error: 'Rejected',
        error_details: [{ authentication_operations: [operation] }],
      }),
    );
    const onActionRequired = vi.fn();
    const { result, onRedirect } = renderPaySession({ fetch: api.fetch, onActionRequired });
    act(() => result.current.pay());
    await flush();
    expect(result.current.status).toBe('action_required');
    expect(result.current.error?.operations).toEqual([operation]);
    expect(onActionRequired).toHaveBeenCalledTimes(1);
    expect(onRedirect).not.toHaveBeenCalled();
    expect(api.requests).toHaveLength(1);
  });

  it('row 22: refuses an unsafe redirect_url without navigating', async () => {
    const api = createFakeDintero();
    api.queue('pay', json(200, { success: true, actions: [], redirect_url: 'javascript:alert(1)' }));
    const { result, onRedirect } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    expect(result.current.error?.kind).toBe('unsafe_url');
    expect(onRedirect).not.toHaveBeenCalled();
  });
});

describe('usePaySession: waiting for approval', () => {
  it('row 11: exposes the approval, checks first after 2 s, then every 2 s, and navigates once when paid', async () => {
    const api = createFakeDintero();
    api.queue('poll', pollPending(), pollPending(), pollPaid());
    const onSuccess = vi.fn();
    const { result, onRedirect } = renderPaySession({ fetch: api.fetch, onSuccess });
    act(() => result.current.pay());
    await flush();

    expect(result.current.status).toBe('awaiting_approval');
    expect(result.current.approval).toEqual({
      approvalUrl: 'swish://paymentrequest?token=abc&callbackurl=https%3A%2F%2Fshop.test',
      qrCode: QR_CODE,
      // The real lifetime of a Swish request, as the shopper is shown it.
      expiresAt: Date.now() + 180_000,
    });
    await advance(1_999);
    expect(api.polls()).toHaveLength(0);
    await advance(1);
    expect(api.polls()).toHaveLength(1);
    expect(api.polls()[0]!.url).toBe(POLL_URL);
    await advance(2_000);
    expect(api.polls()).toHaveLength(2);
    await advance(2_000);
    expect(api.polls()).toHaveLength(3);
    expect(result.current.status).toBe('redirecting');
    expect(onRedirect).toHaveBeenCalledTimes(1);
    expect(onSuccess).toHaveBeenCalledTimes(1);
    await advance(60_000);
    expect(api.polls()).toHaveLength(3);
  });

  it('masks the phone number it exposes for the phone flow', async () => {
    const api = createFakeDintero();
    api.queue('pay', json(200, { success: true, actions: [], poll_url: POLL_URL }));
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay({ phone_number: '+46701234567' }));
    await flush();
    expect(result.current.approval?.phoneNumber).toBe('+46 ••• •• 67');
    expect(JSON.stringify(result.current)).not.toContain('701234567');
  });

  it('row 12: ends declined when a poll answers 200 without a redirect, and stops polling', async () => {
    const api = createFakeDintero();
    api.queue('poll', json(200, {}));
    const { result, onRedirect } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    await advance(2_000);
    expect(result.current.status).toBe('declined');
    expect(result.current.error?.kind).toBe('rejected');
    await advance(30_000);
    expect(api.polls()).toHaveLength(1);
    expect(onRedirect).not.toHaveBeenCalled();
  });

  it('fails with session_not_found when the poll answers 404, and keeps checking quietly at the slow interval', async () => {
    const api = createFakeDintero();
    api.queue('poll', json(404, { error: { message: 'not found' } }));
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    await advance(2_000);
    expect(result.current.status).toBe('failed');
    expect(result.current.error?.kind).toBe('session_not_found');
    expect(result.current.requestMayBeLive).toBe(true);
    // A 404 can be momentary: the request is checked quietly, every 5 s, not more often.
    await advance(4_999);
    expect(api.polls()).toHaveLength(1);
    await advance(1);
    expect(api.polls()).toHaveLength(2);
  });

  it('row 17: expires after one silent last check 15 s after the shown end and never polls again', async () => {
    const api = createFakeDintero();
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    const answeredAt = Date.now();
    const shownEnd = result.current.approval!.expiresAt;
    expect(shownEnd).toBe(answeredAt + 180_000);
    const deadline = shownEnd + 15_000;
    await advance(180_000);
    // The shown time is up, but the request may still be approved: checks go on, silently.
    expect(result.current.status).toBe('awaiting_approval');
    await advance(14_000);
    expect(result.current.status).toBe('awaiting_approval');
    await advance(1_000);
    expect(Date.now()).toBe(deadline);
    expect(result.current.status).toBe('expired');
    const polls = api.polls().length;
    // Every 2 s for the first minute (30), then every 5 s up to and including the deadline (27).
    expect(polls).toBe(30 + 27);
    expect(api.polls().at(-1)!.at).toBe(deadline);
    await advance(120_000);
    expect(api.polls()).toHaveLength(polls);
    expect(api.pays()).toHaveLength(1);
  });

  it('row 15: aborts the check in flight on cancel() and never applies its answer', async () => {
    const api = createFakeDintero();
    const late = deferred(pollPaid);
    api.queue('poll', late.answer);
    const { result, onRedirect } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    await advance(2_000);
    expect(api.polls()).toHaveLength(1);
    const cancelledAt = Date.now();
    act(() => result.current.cancel());
    expect(result.current.status).toBe('cancelled');
    expect(api.polls()[0]!.signal?.aborted).toBe(true);
    late.release();
    await advance(60_000);
    expect(result.current.status).toBe('cancelled');
    expect(onRedirect).not.toHaveBeenCalled();
    // Only the quiet checks of row 35 follow (pending here): every 5 s from the cancel, none sooner.
    const quiet = api.polls().slice(1);
    expect(quiet).toHaveLength(12);
    expect(quiet.map((r) => r.at - cancelledAt)).toEqual(
      Array.from({ length: 12 }, (_, i) => 5_000 * (i + 1)),
    );
    expect(api.pays()).toHaveLength(1);
  });

  it('row 15: aborts the check in flight on unmount and sends nothing afterwards', async () => {
    const api = createFakeDintero();
    const late = deferred(pollPaid);
    api.queue('poll', late.answer);
    const { result, unmount, onRedirect } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    await advance(2_000);
    unmount();
    expect(api.polls()[0]!.signal?.aborted).toBe(true);
    late.release();
    await advance(60_000);
    expect(api.requests).toHaveLength(2);
    expect(onRedirect).not.toHaveBeenCalled();
  });

  it('row 14: keeps exactly one check in flight when an answer is slower than the interval', async () => {
    const api = createFakeDintero();
    const slow = deferred(pollPending);
    api.queue('poll', slow.answer);
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    await advance(2_000);
    await advance(10_000);
    expect(api.polls()).toHaveLength(1);
    slow.release();
    await flush();
    await advance(2_000);
    expect(api.polls()).toHaveLength(2);
    expect(api.maxInFlight()).toBe(1);
  });

  it('row 13: keeps checking through transient failures and reports a connection problem after three', async () => {
    const api = createFakeDintero();
    api.queue('poll', json(503, {}), 'network-error', json(500, {}), pollPaid());
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    await advance(2_000);
    expect(result.current.status).toBe('awaiting_approval');
    expect(result.current.connectionProblem).toBe(false);
    // Backoff with jitter 0.5: 2 s × 1.5^n within 4 s in the first minute, so 3 s, 4 s, 4 s.
    await advance(2_999);
    expect(api.polls()).toHaveLength(1);
    await advance(1);
    expect(api.polls()).toHaveLength(2);
    await advance(4_000);
    expect(api.polls()).toHaveLength(3);
    expect(result.current.connectionProblem).toBe(true);
    await advance(3_999);
    expect(api.polls()).toHaveLength(3);
    await advance(1);
    expect(api.polls()).toHaveLength(4);
    expect(result.current.status).toBe('redirecting');
  });

  it('waits exactly as long as Retry-After asks after a 429 on a status check', async () => {
    const api = createFakeDintero();
    api.queue('poll', json(429, {}, { 'retry-after': '20' }), pollPaid());
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    await advance(2_000);
    await advance(19_000);
    expect(api.polls()).toHaveLength(1);
    await advance(1_000);
    expect(api.polls()).toHaveLength(2);
    expect(result.current.status).toBe('redirecting');
  });

  it('row 16: checks at once when the page becomes visible again', async () => {
    const api = createFakeDintero();
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    await advance(500);
    act(() => {
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    });
    await flush();
    expect(api.polls()).toHaveLength(1);
  });

  it("row 18: checks at once on a back-forward cache restore, and when TanStack Query's focusManager says the page is back", async () => {
    const api = createFakeDintero();
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    await advance(100);
    const restored = new Event('pageshow') as PageTransitionEvent;
    Object.defineProperty(restored, 'persisted', { value: true });
    act(() => window.dispatchEvent(restored));
    await flush();
    expect(api.polls()).toHaveLength(1);
    await advance(100);
    // A host that teaches focusManager its own events (a webview, React Native's AppState).
    try {
      act(() => focusManager.setFocused(false));
      act(() => focusManager.setFocused(true));
      await flush();
      expect(api.polls()).toHaveLength(2);
    } finally {
      focusManager.setFocused(undefined);
    }
  });

  it('does not render again for "keep polling" answers that change nothing visible', async () => {
    const api = createFakeDintero();
    let renders = 0;
    const { result } = renderHook(() => {
      renders += 1;
      return usePaySession({
        sessionId: SESSION_ID,
        paymentProductType: 'swish.swish',
        baseUrl: BASE_URL,
        fetch: api.fetch,
      });
    });
    act(() => result.current.pay());
    await flush();
    const waiting = result.current;
    renders = 0;
    await advance(20_000);
    expect(api.polls()).toHaveLength(10);
    expect(renders).toBe(0);
    expect(result.current).toBe(waiting);
  });

  it('follows a new poll_url given in a pending answer', async () => {
    const api = createFakeDintero();
    const next = `${POLL_URL}?n=2`;
    api.queue('poll', json(202, { poll_url: next }));
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    await advance(4_000);
    expect(api.polls().map((r) => r.url)).toEqual([POLL_URL, next]);
  });

  it('row 24: refuses a poll_url on another origin without requesting it', async () => {
    const api = createFakeDintero();
    api.queue('pay', json(200, { success: true, actions: [], poll_url: 'https://evil.test/status' }));
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    await advance(10_000);
    expect(result.current.error?.kind).toBe('unsafe_url');
    expect(api.polls()).toHaveLength(0);
  });
});

describe('usePaySession: lifecycle', () => {
  it('row 3: in StrictMode sends nothing on mount and runs a single poll loop', async () => {
    const api = createFakeDintero();
    const { result } = renderPaySession({ fetch: api.fetch }, { strict: true });
    await advance(5_000);
    expect(api.requests).toHaveLength(0);
    act(() => result.current.pay());
    await flush();
    await advance(10_000);
    expect(api.pays()).toHaveLength(1);
    expect(api.polls()).toHaveLength(5);
    expect(api.maxInFlight()).toBe(1);
  });

  it('works without a QueryClientProvider', async () => {
    const api = createFakeDintero();
    api.queue('poll', pollPaid());
    const { result, onRedirect } = renderPaySession({ fetch: api.fetch }, { hostClient: false });
    act(() => result.current.pay());
    await flush();
    await advance(2_000);
    expect(result.current.status).toBe('redirecting');
    expect(onRedirect).toHaveBeenCalledTimes(1);
  });

  it('row 18: resumes a pending attempt after a remount: checks at once and never re-posts', async () => {
    const api = createFakeDintero();
    const first = renderPaySession({ fetch: api.fetch });
    act(() => first.result.current.pay({ phone_number: '+46701234567' }));
    await flush();
    const expiresAt = first.result.current.approval!.expiresAt;
    first.unmount();
    expect(JSON.stringify(sessionStorage)).not.toContain('701234567');

    api.queue('poll', pollPaid());
    const onStatusChange = vi.fn();
    const second = renderPaySession({ fetch: api.fetch, onStatusChange });
    expect(second.result.current.status).toBe('awaiting_approval');
    expect(onStatusChange).toHaveBeenCalledWith('awaiting_approval', 'idle');
    expect(second.result.current.isResuming).toBe(true);
    expect(second.result.current.approval?.expiresAt).toBe(expiresAt);
    await flush();
    expect(api.polls()).toHaveLength(1);
    expect(second.result.current.status).toBe('redirecting');
    expect(api.pays()).toHaveLength(1);
    expect(sessionStorage.length).toBe(0);
  });

  it('forgets the pending attempt on reset, so a remount starts idle', async () => {
    const api = createFakeDintero();
    const first = renderPaySession({ fetch: api.fetch });
    act(() => first.result.current.pay());
    await flush();
    act(() => first.result.current.reset());
    expect(first.result.current.status).toBe('idle');
    first.unmount();
    const second = renderPaySession({ fetch: api.fetch });
    await advance(10_000);
    expect(second.result.current.status).toBe('idle');
    expect(api.polls()).toHaveLength(0);
  });

  it('starts over with a fresh state when the session id changes', async () => {
    const api = createFakeDintero();
    api.queue('pay', json(200, { success: false, actions: [], error: 'Rejected' }));
    const { result, rerender } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    expect(result.current.status).toBe('declined');
    rerender({ fetch: api.fetch, sessionId: 'T11223344.other' });
    expect(result.current.status).toBe('idle');
    expect(result.current.sessionId).toBe('T11223344.other');
  });

  it('uses the session id in the pay URL, encoded', async () => {
    const api = createFakeDintero();
    const { result } = renderPaySession({ fetch: api.fetch, sessionId: 'T1/../x' });
    act(() => result.current.pay());
    await flush();
    expect(api.pays()[0]!.url).toBe('https://checkout.test/v1/sessions/T1%2F..%2Fx/pay');
    expect(SESSION_ID).toBe('T11223344.abc');
  });
});
