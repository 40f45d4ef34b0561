import { act } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  createFakeDintero,
  json,
  pollPaid,
  pollPending,
  REDIRECT_URL,
  renderPaySession,
} from '../react/harness';

// The same hook in real Chromium with real timers, fetch, AbortController and sessionStorage.
describe('usePaySession in Chromium', () => {
  it('pays, polls on a real clock and redirects once', async () => {
    const api = createFakeDintero();
    api.queue('poll', pollPending(), pollPaid());
    const { result, onRedirect } = renderPaySession({ fetch: api.fetch, poll: { intervalMs: 25 } });
    act(() => result.current.pay());
    await vi.waitFor(() => expect(result.current.status).toBe('redirecting'), { timeout: 3000 });
    expect(api.pays()).toHaveLength(1);
    expect(api.polls()).toHaveLength(2);
    expect(onRedirect).toHaveBeenCalledExactlyOnceWith(REDIRECT_URL);
    expect(api.polls()[1]!.at - api.polls()[0]!.at).toBeGreaterThanOrEqual(20);
  });

  it('keeps the pending attempt in sessionStorage without the phone number, and clears it at the end', async () => {
    const api = createFakeDintero();
    api.queue('poll', pollPending(), json(200, {}));
    const { result } = renderPaySession({ fetch: api.fetch, poll: { intervalMs: 300 } });
    act(() => result.current.pay({ phone_number: '+46701234567' }));
    await vi.waitFor(() => expect(result.current.status).toBe('awaiting_approval'), { interval: 5 });
    const stored = Object.keys(sessionStorage).map((key) => sessionStorage.getItem(key) ?? '');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toContain('pollUrl');
    expect(stored[0]).not.toContain('701234567');
    await vi.waitFor(() => expect(result.current.status).toBe('declined'), { timeout: 3000 });
    expect(sessionStorage.length).toBe(0);
  });

  it('aborts a real fetch in flight when cancelled', async () => {
    const api = createFakeDintero();
    const { result } = renderPaySession({ fetch: api.fetch, poll: { intervalMs: 25 } });
    api.queue('poll', () => new Promise<Response>(() => undefined));
    act(() => result.current.pay());
    await vi.waitFor(() => expect(api.polls()).toHaveLength(1));
    const aborted = api.polls()[0]!.signal;
    act(() => result.current.cancel());
    expect(aborted?.aborted).toBe(true);
    expect(result.current.status).toBe('cancelled');
  });
});
