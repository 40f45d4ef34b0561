// The session's one timer and the wall clock are two clocks: a timer may fire a little before
// `Date.now()` says its moment has come (a coarse or jittered clock, a clock stepped back, an engine
// that fires early). Such a wake-up must not end the schedule.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPaySession } from '../../src/core/pay-session';
import { BASE_URL, createFakeDintero, pollPaid, SESSION_ID } from '../react/harness';

const options = (fetch: ReturnType<typeof createFakeDintero>['fetch']) => ({
  paymentProductType: 'swish.swish',
  baseUrl: BASE_URL,
  fetch,
  storage: null,
  poll: { intervalMs: 2_000 },
});

describe('the schedule survives a timer that fires before its moment', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  /** Every timer of the session fires `earlyMs` before the delay it was given (the clock is right). */
  function timersFireEarly(earlyMs: number): void {
    const fakeSetTimeout = globalThis.setTimeout;
    vi.stubGlobal('setTimeout', ((callback: () => void, delay = 0, ...rest: unknown[]) =>
      fakeSetTimeout(callback, Math.max(0, delay - earlyMs), ...rest)) as typeof setTimeout);
  }

  it('a wake-up 5 ms early arms the timer again: every check is still made, and the approval is seen', async () => {
    timersFireEarly(5);
    const dintero = createFakeDintero();
    const session = createPaySession(SESSION_ID, options(dintero.fetch));
    const stop = session.observe({ options: () => options(dintero.fetch) });
    session.pay({ phone_number: '+46701234567' });
    await vi.advanceTimersByTimeAsync(0);
    expect(session.getSnapshot().status).toBe('awaiting_approval');

    await vi.advanceTimersByTimeAsync(2_000 * 3 + 50);
    expect(dintero.polls()).toHaveLength(3);
    dintero.queue('poll', pollPaid);
    await vi.advanceTimersByTimeAsync(2_000 + 50);
    expect(dintero.polls()).toHaveLength(4);
    expect(session.getSnapshot().status).toBe('redirecting');
    stop();
  });

  it('a wall clock stepped back by a second delays the next check by that second, and no more', async () => {
    const dintero = createFakeDintero();
    const session = createPaySession(SESSION_ID, options(dintero.fetch));
    const stop = session.observe({ options: () => options(dintero.fetch) });
    session.pay({ phone_number: '+46701234567' });
    await vi.advanceTimersByTimeAsync(0);
    vi.setSystemTime(Date.now() - 1_000);
    await vi.advanceTimersByTimeAsync(2_000 + 10);
    expect(dintero.polls()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(dintero.polls()).toHaveLength(1);
    stop();
  });
});
