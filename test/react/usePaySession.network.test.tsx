import { act } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  advance,
  BASE_URL,
  createFakeDintero,
  flush,
  json,
  PAY_URL,
  pollPaid,
  POLL_URL,
  QR_CODE,
  REDIRECT_URL,
  renderPaySession,
} from './harness';

describe('usePaySession over real fetch (MSW)', () => {
  const server = setupServer();
  const seen: string[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    seen.length = 0;
  });
  afterAll(() => server.close());

  it('pays with Swish, polls until approved and hands over the redirect', async () => {
    let polls = 0;
    server.use(
      http.post(PAY_URL, async ({ request }) => {
        seen.push(`POST ${JSON.stringify(await request.json())}`);
        return HttpResponse.json({ success: true, actions: [], poll_url: POLL_URL, qr_code: QR_CODE });
      }),
      http.get(POLL_URL, () => {
        polls += 1;
        seen.push('GET');
        return polls < 3
          ? HttpResponse.json({ keep_polling: true }, { status: 202 })
          : HttpResponse.json({ redirect_url: REDIRECT_URL });
      }),
    );
    const { result, onRedirect } = renderPaySession({ poll: { intervalMs: 10 } });
    act(() => result.current.pay({ phone_number: '+46701234567', remember_me: true }));
    await vi.waitFor(() => expect(result.current.status).toBe('redirecting'), { timeout: 12_000 });
    expect(seen).toEqual([
      'POST {"payment_product_type":"swish.swish","phone_number":"+46701234567","remember_me":true}',
      'GET',
      'GET',
      'GET',
    ]);
    expect(onRedirect).toHaveBeenCalledExactlyOnceWith(REDIRECT_URL);
  });

  it('row 6: maps a dropped connection on the pay call to a network error without retrying', async () => {
    let posts = 0;
    server.use(
      http.post(PAY_URL, () => {
        posts += 1;
        return HttpResponse.error();
      }),
    );
    const { result } = renderPaySession();
    act(() => result.current.pay());
    await vi.waitFor(() => expect(result.current.status).toBe('failed'), { timeout: 2000 });
    expect(result.current.error).toMatchObject({ kind: 'network', retryable: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(posts).toBe(1);
  });

  it('sends pay requests to the configured base URL only', async () => {
    server.use(
      http.post(`${BASE_URL}/sessions/:id/pay`, ({ params }) =>
        HttpResponse.json({ success: false, actions: [], error: String(params.id) }),
      ),
    );
    const { result } = renderPaySession();
    act(() => result.current.pay());
    await vi.waitFor(() => expect(result.current.status).toBe('declined'), { timeout: 2000 });
  });
});

describe('usePaySession: connection changes while waiting', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-24T12:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    act(() => window.dispatchEvent(new Event('online')));
  });

  it('row 19: waits while offline without an error flood, then checks at once when back online', async () => {
    const api = createFakeDintero();
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    act(() => window.dispatchEvent(new Event('offline')));
    await advance(30_000);
    expect(result.current.status).toBe('awaiting_approval');
    expect(result.current.connectionProblem).toBe(true);
    expect(api.polls()).toHaveLength(0);

    api.queue('poll', pollPaid());
    onLine.mockReturnValue(true);
    act(() => window.dispatchEvent(new Event('online')));
    await flush();
    expect(api.polls()).toHaveLength(1);
    expect(result.current.status).toBe('redirecting');
  });

  it('does not call a failed check at the deadline "expired": it retries, then fails undecided', async () => {
    const api = createFakeDintero();
    const { result } = renderPaySession({ fetch: api.fetch, poll: { timeoutMs: 10_000 } });
    act(() => result.current.pay());
    await flush();
    api.setFallback('poll', 'network-error');
    await advance(10_000);
    expect(result.current.status).toBe('awaiting_approval');
    await advance(60_000);
    expect(result.current.status).toBe('failed');
    expect(result.current.error?.kind).toBe('network');
    const count = api.polls().length;
    await advance(60_000);
    expect(api.polls()).toHaveLength(count);
  });

  it('row 16: expires by wall-clock time even when timers were throttled in a hidden tab', async () => {
    const api = createFakeDintero();
    const { result } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    // The clock jumps four minutes while no timer has fired (a frozen background tab).
    vi.setSystemTime(Date.now() + 240_000);
    act(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
    await flush();
    expect(api.polls()).toHaveLength(1);
    expect(result.current.status).toBe('expired');
  });

  it('reports success from the first check after coming back, even past the deadline', async () => {
    const api = createFakeDintero();
    api.queue('poll', json(200, { redirect_url: REDIRECT_URL }));
    const { result, onRedirect } = renderPaySession({ fetch: api.fetch });
    act(() => result.current.pay());
    await flush();
    vi.setSystemTime(Date.now() + 240_000);
    act(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
    await flush();
    expect(result.current.status).toBe('redirecting');
    expect(onRedirect).toHaveBeenCalledTimes(1);
  });
});
