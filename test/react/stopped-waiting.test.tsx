import { QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePaySession } from '../../src';
import {
  advance,
  BASE_URL,
  createFakeDintero,
  deferred,
  flush,
  json,
  pollPaid,
  POLL_URL,
  QR_CODE,
  REDIRECT_URL,
  renderPaySession,
  SESSION_ID,
} from './harness';

/** The poll URL of a second request of the same session, to tell its checks from the first's. */
const SECOND_POLL_URL = `${BASE_URL}/view/${SESSION_ID}/swish/req-2/status`;
const secondRequest = () =>
  json(200, { success: true, actions: [], poll_url: SECOND_POLL_URL, qr_code: QR_CODE });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-24T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Pays and waits for the pay answer; returns when it arrived (the lifetime counts from there). */
async function startWaiting(view: ReturnType<typeof renderPaySession>): Promise<number> {
  act(() => view.result.current.pay());
  await flush();
  expect(view.result.current.status).toBe('awaiting_approval');
  return Date.now();
}

describe('row 35: cancel() stops waiting, not the request', () => {
  it('row 35: after cancel() requestMayBeLive is true and the request is checked quietly every 5 s until its deadline, none after', async () => {
    const api = createFakeDintero();
    const onStatusChange = vi.fn();
    const view = renderPaySession({ fetch: api.fetch, onStatusChange });
    const answeredAt = await startWaiting(view);
    const deadline = answeredAt + 195_000;
    expect(view.result.current.requestMayBeLive).toBe(false);
    await advance(10_000);
    expect(api.polls()).toHaveLength(5);

    const cancelledAt = Date.now();
    act(() => view.result.current.cancel());
    expect(view.result.current.status).toBe('cancelled');
    expect(view.result.current.requestMayBeLive).toBe(true);
    onStatusChange.mockClear();

    await advance(4_999);
    expect(api.polls()).toHaveLength(5);
    await advance(1);
    expect(api.polls()).toHaveLength(6);
    expect(api.polls()[5]!.url).toBe(POLL_URL);

    await advance(deadline - Date.now() - 1);
    expect(view.result.current.requestMayBeLive).toBe(true);
    const quiet = api.polls().slice(5);
    // Every 5 s from the cancel, strictly before the deadline: 15 s, 20 s, … 190 s after the answer.
    expect(quiet.map((r) => r.at - cancelledAt)).toEqual(
      Array.from({ length: 36 }, (_, i) => 5_000 * (i + 1)),
    );
    expect(quiet.every((r) => r.url === POLL_URL && r.at < deadline)).toBe(true);
    // Quiet: the shopper's view does not move while the answers say "pending".
    expect(view.result.current.status).toBe('cancelled');
    expect(view.result.current.connectionProblem).toBe(false);
    expect(onStatusChange).not.toHaveBeenCalled();

    await advance(1);
    expect(Date.now()).toBe(deadline);
    expect(view.result.current.requestMayBeLive).toBe(false);
    await advance(300_000);
    expect(api.polls()).toHaveLength(5 + 36);
    expect(api.pays()).toHaveLength(1);
    expect(view.onRedirect).not.toHaveBeenCalled();
  });

  it('row 35: no quiet check after unmount, and the one in flight is aborted', async () => {
    const api = createFakeDintero();
    const view = renderPaySession({ fetch: api.fetch });
    await startWaiting(view);
    act(() => view.result.current.cancel());
    await advance(5_000);
    expect(api.polls()).toHaveLength(1);
    const late = deferred(pollPaid);
    api.queue('poll', late.answer);
    await advance(5_000);
    expect(api.polls()).toHaveLength(2);
    view.unmount();
    expect(api.polls()[1]!.signal?.aborted).toBe(true);
    late.release();
    await advance(300_000);
    expect(api.requests).toHaveLength(3);
    expect(view.onRedirect).not.toHaveBeenCalled();
  });

  it('row 35: no quiet check at all when nothing is mounted after the cancel', async () => {
    const api = createFakeDintero();
    const view = renderPaySession({ fetch: api.fetch });
    await startWaiting(view);
    act(() => view.result.current.cancel());
    view.unmount();
    await advance(300_000);
    expect(api.polls()).toHaveLength(0);
  });

  it('row 35: a remount on the same page resumes the quiet checks; past the deadline nothing may be live', async () => {
    const api = createFakeDintero();
    const first = renderPaySession({ fetch: api.fetch });
    const answeredAt = await startWaiting(first);
    act(() => first.result.current.cancel());
    first.unmount();
    await advance(20_000);
    expect(api.polls()).toHaveLength(0);
    // Back on the checkout (client-side routing): the same client, so the same session.
    const mount = () =>
      renderHook(
        () =>
          usePaySession({
            sessionId: SESSION_ID,
            paymentProductType: 'swish.swish',
            baseUrl: BASE_URL,
            fetch: api.fetch,
            onRedirect: first.onRedirect,
          }),
        {
          wrapper: ({ children }: { children: ReactNode }) => (
            <QueryClientProvider client={first.client}>{children}</QueryClientProvider>
          ),
        },
      );
    const second = mount();
    expect(second.result.current.status).toBe('cancelled');
    expect(second.result.current.requestMayBeLive).toBe(true);
    // Overdue: checked at once, then every 5 s.
    await flush();
    expect(api.polls()).toHaveLength(1);
    await advance(5_000);
    expect(api.polls()).toHaveLength(2);
    second.unmount();
    await advance(answeredAt + 195_000 - Date.now());
    const third = mount();
    await flush();
    expect(third.result.current.requestMayBeLive).toBe(false);
    await advance(60_000);
    expect(api.polls()).toHaveLength(2);
    third.unmount();
  });

  it('row 35: a late approval after cancel() → redirecting, onSuccess once, onRedirect once', async () => {
    const api = createFakeDintero();
    const onSuccess = vi.fn();
    const onStatusChange = vi.fn();
    const view = renderPaySession({ fetch: api.fetch, onSuccess, onStatusChange });
    await startWaiting(view);
    await advance(2_000);
    act(() => view.result.current.cancel());
    api.queue('poll', json(202, { keep_polling: true }), pollPaid());
    await advance(5_000);
    expect(view.result.current.status).toBe('cancelled');
    await advance(5_000);
    expect(view.result.current.status).toBe('redirecting');
    expect(view.result.current.redirectUrl).toBe(REDIRECT_URL);
    expect(view.result.current.requestMayBeLive).toBe(false);
    expect(onStatusChange).toHaveBeenLastCalledWith('redirecting', 'cancelled');
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(onSuccess).toHaveBeenCalledWith({ redirectUrl: REDIRECT_URL });
    expect(view.onRedirect).toHaveBeenCalledTimes(1);
    expect(view.onRedirect).toHaveBeenCalledWith(REDIRECT_URL);
    const polls = api.polls().length;
    // The return events of a shopper coming back from the app change nothing now.
    act(() => {
      window.dispatchEvent(new Event('focus'));
      window.dispatchEvent(new Event('online'));
      view.result.current.reset();
      view.result.current.pay();
    });
    await advance(300_000);
    expect(api.polls()).toHaveLength(polls);
    expect(api.pays()).toHaveLength(1);
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(view.onRedirect).toHaveBeenCalledTimes(1);
  });

  it('row 35: after reset() requestMayBeLive stays true and a late approval still redirects', async () => {
    const api = createFakeDintero();
    const onSuccess = vi.fn();
    const view = renderPaySession({ fetch: api.fetch, onSuccess });
    await startWaiting(view);
    act(() => view.result.current.cancel());
    act(() => view.result.current.reset());
    expect(view.result.current.status).toBe('idle');
    expect(view.result.current.requestMayBeLive).toBe(true);
    await advance(5_000);
    expect(api.polls()).toHaveLength(1);
    expect(view.result.current.status).toBe('idle');
    api.queue('poll', pollPaid());
    await advance(5_000);
    expect(view.result.current.status).toBe('redirecting');
    expect(view.result.current.requestMayBeLive).toBe(false);
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(view.onRedirect).toHaveBeenCalledTimes(1);
    expect(view.onRedirect).toHaveBeenCalledWith(REDIRECT_URL);
    await advance(60_000);
    expect(api.polls()).toHaveLength(2);
  });

  it('row 35: a new pay() clears requestMayBeLive and stops the quiet checks: only its own checks run', async () => {
    const api = createFakeDintero();
    const view = renderPaySession({ fetch: api.fetch });
    await startWaiting(view);
    act(() => view.result.current.cancel());
    await advance(5_000);
    expect(api.polls().map((r) => r.url)).toEqual([POLL_URL]);
    // The next quiet check is in flight, and would say "approved", when the shopper pays again.
    const late = deferred(pollPaid);
    api.queue('poll', late.answer);
    await advance(5_000);
    expect(api.polls()).toHaveLength(2);

    api.queue('pay', secondRequest());
    act(() => view.result.current.pay());
    expect(view.result.current.requestMayBeLive).toBe(false);
    expect(api.polls()[1]!.signal?.aborted).toBe(true);
    late.release();
    await flush();
    expect(view.result.current.status).toBe('awaiting_approval');
    expect(view.result.current.requestMayBeLive).toBe(false);
    const paidAgainAt = Date.now();
    await advance(60_000);
    const after = api.polls().slice(2);
    // The new attempt's schedule alone: every 2 s, to its own poll URL.
    expect(after).toHaveLength(30);
    expect(after.every((r) => r.url === SECOND_POLL_URL && r.at > paidAgainAt)).toBe(true);
    expect(view.result.current.status).toBe('awaiting_approval');
    expect(view.onRedirect).not.toHaveBeenCalled();
    expect(api.pays()).toHaveLength(2);
  });

  it('row 35: a quiet check answering declined ends the quiet checks', async () => {
    const api = createFakeDintero();
    const view = renderPaySession({ fetch: api.fetch });
    await startWaiting(view);
    act(() => view.result.current.cancel());
    api.queue('poll', json(200, {}));
    await advance(5_000);
    expect(api.polls()).toHaveLength(1);
    expect(view.result.current.requestMayBeLive).toBe(false);
    // What the shopper sees stays "stopped waiting": a decline of a request no longer waited for is not news.
    expect(view.result.current.status).toBe('cancelled');
    await advance(300_000);
    expect(api.polls()).toHaveLength(1);
  });

  it('row 35: a quiet check answering 404 keeps looking (a 404 can be momentary), until the deadline', async () => {
    const api = createFakeDintero();
    const view = renderPaySession({ fetch: api.fetch });
    const answeredAt = await startWaiting(view);
    act(() => view.result.current.cancel());
    api.setFallback('poll', () => json(404, { error: { message: 'not found' } }));
    await advance(10_000);
    expect(api.polls()).toHaveLength(2);
    expect(view.result.current.requestMayBeLive).toBe(true);
    expect(view.result.current.status).toBe('cancelled');
    await advance(answeredAt + 195_000 - Date.now());
    expect(view.result.current.requestMayBeLive).toBe(false);
    const polls = api.polls().length;
    await advance(300_000);
    expect(api.polls()).toHaveLength(polls);
  });

  it('row 35: a failing quiet check (503) is checked again at the slow interval', async () => {
    const api = createFakeDintero();
    const view = renderPaySession({ fetch: api.fetch });
    await startWaiting(view);
    act(() => view.result.current.cancel());
    api.queue('poll', json(503, {}), json(503, {}), pollPaid());
    await advance(10_000);
    expect(api.polls()).toHaveLength(2);
    expect(view.result.current.requestMayBeLive).toBe(true);
    expect(view.result.current.status).toBe('cancelled');
    await advance(5_000);
    expect(view.result.current.status).toBe('redirecting');
    expect(view.onRedirect).toHaveBeenCalledTimes(1);
  });
});

describe('row 35: a 404 or expiry while the request may still be approved', () => {
  it('row 35: after a status check answers 404, quiet checks at the slow interval see a late approval and redirect once', async () => {
    const api = createFakeDintero();
    api.queue(
      'poll',
      json(404, { error: { message: 'not found' } }),
      json(404, { error: { message: 'not found' } }),
    );
    const onSuccess = vi.fn();
    const view = renderPaySession({ fetch: api.fetch, onSuccess });
    await startWaiting(view);
    await advance(2_000);
    expect(view.result.current.status).toBe('failed');
    expect(view.result.current.error?.kind).toBe('session_not_found');
    expect(view.result.current.requestMayBeLive).toBe(true);
    // A second 404 in a row keeps looking, at the slow interval.
    await advance(5_000);
    expect(api.polls()).toHaveLength(2);
    expect(view.result.current.requestMayBeLive).toBe(true);
    api.queue('poll', pollPaid());
    await advance(5_000);
    expect(api.polls()).toHaveLength(3);
    expect(view.result.current.status).toBe('redirecting');
    expect(view.onRedirect).toHaveBeenCalledTimes(1);
    expect(onSuccess).toHaveBeenCalledTimes(1);
    await advance(300_000);
    expect(api.polls()).toHaveLength(3);
    expect(view.onRedirect).toHaveBeenCalledTimes(1);
    expect(api.pays()).toHaveLength(1);
  });

  it('row 35: after a status check answers 404, the quiet checks end at the deadline', async () => {
    const api = createFakeDintero();
    api.queue('poll', json(404, { error: { message: 'not found' } }));
    const view = renderPaySession({ fetch: api.fetch });
    const answeredAt = await startWaiting(view);
    await advance(2_000);
    expect(view.result.current.requestMayBeLive).toBe(true);
    await advance(answeredAt + 195_000 - Date.now() - 1);
    expect(view.result.current.requestMayBeLive).toBe(true);
    expect(view.result.current.status).toBe('failed');
    await advance(1);
    expect(view.result.current.requestMayBeLive).toBe(false);
    const polls = api.polls().length;
    expect(polls).toBeGreaterThan(30);
    await advance(300_000);
    expect(api.polls()).toHaveLength(polls);
    expect(api.pays()).toHaveLength(1);
  });

  it('row 35: reset() while waiting sends nothing more (row 15) yet keeps the request possibly live until its deadline', async () => {
    const api = createFakeDintero();
    const view = renderPaySession({ fetch: api.fetch });
    const answeredAt = await startWaiting(view);
    await advance(2_000);
    act(() => view.result.current.reset());
    expect(view.result.current.status).toBe('idle');
    expect(view.result.current.requestMayBeLive).toBe(true);
    await advance(answeredAt + 195_000 - Date.now());
    expect(view.result.current.requestMayBeLive).toBe(false);
    expect(api.polls()).toHaveLength(1);
    expect(api.pays()).toHaveLength(1);
  });

  it('row 35: after expiry no request may be live, and nothing is checked', async () => {
    const api = createFakeDintero();
    const view = renderPaySession({ fetch: api.fetch });
    const answeredAt = await startWaiting(view);
    await advance(195_000);
    expect(Date.now()).toBe(answeredAt + 195_000);
    expect(view.result.current.status).toBe('expired');
    expect(view.result.current.requestMayBeLive).toBe(false);
    const polls = api.polls().length;
    await advance(300_000);
    expect(api.polls()).toHaveLength(polls);
  });
});

describe('row 35: the countdown is the real lifetime; the last check is silent', () => {
  it.each([
    ['swish.swish', 180_000],
    ['payex.vipps', 600_000],
  ] as const)(
    'row 35: %s shows %i ms after the answer, the last check lands 15 s later',
    async (paymentProductType, lifetime) => {
      const api = createFakeDintero();
      const view = renderPaySession({ fetch: api.fetch, paymentProductType });
      const answeredAt = await startWaiting(view);
      expect(view.result.current.approval!.expiresAt).toBe(answeredAt + lifetime);
      await advance(lifetime);
      // Time is up on the screen; the request may still be approved, so checks go on.
      expect(view.result.current.status).toBe('awaiting_approval');
      await advance(14_999);
      expect(view.result.current.status).toBe('awaiting_approval');
      await advance(1);
      expect(view.result.current.status).toBe('expired');
      expect(api.polls().at(-1)!.at).toBe(answeredAt + lifetime + 15_000);
      const polls = api.polls().length;
      await advance(120_000);
      expect(api.polls()).toHaveLength(polls);
    },
  );

  it('row 35: a late approval in the silent last 15 s still redirects', async () => {
    const api = createFakeDintero();
    const view = renderPaySession({ fetch: api.fetch });
    const answeredAt = await startWaiting(view);
    await advance(185_000);
    api.setFallback('poll', pollPaid);
    await advance(5_000);
    expect(Date.now()).toBe(answeredAt + 190_000);
    expect(view.result.current.status).toBe('redirecting');
    expect(view.onRedirect).toHaveBeenCalledTimes(1);
  });
});
