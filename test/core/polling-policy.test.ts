import * as fc from 'fast-check';
import {
  APP_TIMEOUT_MS,
  DEFAULT_POLL_POLICY,
  defaultTimeoutMs,
  mayCheckEarly,
  mayRetryAfterFailure,
  nextPollDelay,
  resolvePollPolicy,
  scheduleOf,
  SWISH_TIMEOUT_MS,
  type PollProgress,
} from '../../src/core/polling-policy';

const swish = resolvePollPolicy(undefined, 'swish.swish');

function progress(overrides: Partial<PollProgress> = {}): PollProgress {
  return { startedAt: 0, deadline: SWISH_TIMEOUT_MS, lastAnswerAt: 0, failures: 0, jitter: 0, ...overrides };
}

describe('row 30: default schedule (pinned: a change here must be deliberate)', () => {
  it('checks every 2 s for the first minute, then every 5 s', () => {
    const schedule = scheduleOf(swish, 40);
    expect(schedule.slice(0, 5)).toEqual([2000, 2000, 2000, 2000, 2000]);
    expect(schedule.slice(0, 30)).toEqual(Array(30).fill(2000));
    expect(schedule.slice(30, 40)).toEqual(Array(10).fill(5000));
  });

  it('has the documented default values', () => {
    expect(DEFAULT_POLL_POLICY).toEqual({
      intervalMs: 2000,
      slowIntervalMs: 5000,
      slowAfterMs: 60_000,
      maxBackoffMs: 30_000,
      failuresBeforeWarning: 3,
      graceAfterDeadlineMs: 30_000,
    });
    expect(Object.isFrozen(DEFAULT_POLL_POLICY)).toBe(true);
  });

  it('ends the Swish schedule exactly on the 3 min 15 s deadline', () => {
    const schedule = scheduleOf(swish, 1000);
    const total = schedule.reduce((a, b) => a + b, 0);
    expect(total).toBe(195_000);
    expect(schedule).toHaveLength(30 + 27);
  });
});

describe('deadlines', () => {
  it('gives Swish 195 000 ms and the other apps 615 000 ms', () => {
    expect(SWISH_TIMEOUT_MS).toBe(195_000);
    expect(APP_TIMEOUT_MS).toBe(615_000);
    expect(resolvePollPolicy(undefined, 'swish.swish').timeoutMs).toBe(195_000);
    expect(resolvePollPolicy(undefined, 'payex.swish').timeoutMs).toBe(195_000);
    expect(resolvePollPolicy(undefined, 'swish').timeoutMs).toBe(195_000);
    for (const type of [
      'payex.vipps',
      'vipps',
      'payex.mobilepay',
      'bambora.mobilepay',
      'dintero_psp.vipps',
      'x',
    ]) {
      expect(resolvePollPolicy(undefined, type).timeoutMs).toBe(615_000);
    }
  });

  it('does not mistake a product that merely contains "swish" for Swish', () => {
    expect(defaultTimeoutMs('swishy.pay')).toBe(APP_TIMEOUT_MS);
    expect(defaultTimeoutMs('noswish')).toBe(APP_TIMEOUT_MS);
  });

  it('lets the caller override the deadline and any other value', () => {
    const policy = resolvePollPolicy({ timeoutMs: 1000, intervalMs: 100 }, 'swish.swish');
    expect(policy.timeoutMs).toBe(1000);
    expect(policy.intervalMs).toBe(100);
    expect(policy.slowIntervalMs).toBe(5000);
  });

  it('keeps the defaults for overrides given as undefined', () => {
    const policy = resolvePollPolicy(
      { intervalMs: undefined, slowIntervalMs: undefined, maxBackoffMs: undefined, timeoutMs: undefined },
      'vipps',
    );
    expect(policy).toEqual({ ...DEFAULT_POLL_POLICY, timeoutMs: APP_TIMEOUT_MS });
    expect(scheduleOf(policy, 3)).toEqual([2000, 2000, 2000]);
  });
});

describe('nextPollDelay', () => {
  it('counts the slow interval from the pay answer, not from the last check', () => {
    expect(nextPollDelay(swish, progress({ startedAt: 1000, lastAnswerAt: 60_999 }))).toBe(2000);
    expect(nextPollDelay(swish, progress({ startedAt: 1000, lastAnswerAt: 61_000, deadline: 500_000 }))).toBe(
      5000,
    );
  });

  it('backs off exponentially with failures', () => {
    const delays = [1, 2, 3].map((failures) => nextPollDelay(swish, progress({ failures, jitter: 0.5 })));
    expect(delays).toEqual([4000, 8000, 16_000]);
  });

  it('caps the backoff at maxBackoffMs before the ±25% jitter', () => {
    const cap = swish.maxBackoffMs;
    expect(nextPollDelay(swish, progress({ failures: 10, jitter: 0.5 }))).toBe(cap);
    expect(nextPollDelay(swish, progress({ failures: 10, jitter: 0 }))).toBe(cap * 0.75);
    expect(nextPollDelay(swish, progress({ failures: 10, jitter: 0.999_999 }))).toBeLessThanOrEqual(
      cap * 1.25,
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (f, j) => {
          const delay = nextPollDelay(swish, progress({ failures: f, jitter: j, deadline: 10_000_000 }));
          const unjittered = Math.min(cap, 2000 * 2 ** f);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(unjittered * 0.75));
          expect(delay).toBeLessThanOrEqual(Math.ceil(unjittered * 1.25));
        },
      ),
    );
  });

  it('waits at least as long as Retry-After asked', () => {
    expect(nextPollDelay(swish, progress({ failures: 1, jitter: 0.5, retryAfterMs: 12_000 }))).toBe(12_000);
    // A shorter Retry-After does not shorten the backoff.
    expect(nextPollDelay(swish, progress({ failures: 2, jitter: 0.5, retryAfterMs: 1000 }))).toBe(8000);
    expect(nextPollDelay(swish, progress({ retryAfterMs: 0 }))).toBe(2000);
  });

  it('never schedules a check past the deadline: one lands exactly on it', () => {
    expect(nextPollDelay(swish, progress({ lastAnswerAt: 194_000 }))).toBe(1000);
    expect(nextPollDelay(swish, progress({ lastAnswerAt: 190_000, failures: 5, jitter: 0.9 }))).toBe(5000);
    expect(nextPollDelay(swish, progress({ lastAnswerAt: 180_000, retryAfterMs: 60_000 }))).toBe(15_000);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 194_999 }),
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
        (lastAnswerAt, failures, jitter, retryAfterMs) => {
          const p = progress({
            lastAnswerAt,
            failures,
            jitter,
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          });
          const delay = nextPollDelay(swish, p);
          expect(delay).toBeGreaterThanOrEqual(1);
          expect(lastAnswerAt + delay).toBeLessThanOrEqual(p.deadline);
        },
      ),
    );
  });

  it('keeps retrying with backoff after the deadline (the last check may fail)', () => {
    expect(nextPollDelay(swish, progress({ lastAnswerAt: 195_000, failures: 1, jitter: 0.5 }))).toBe(10_000);
    expect(nextPollDelay(swish, progress({ lastAnswerAt: 200_000 }))).toBe(5000);
  });

  it('never returns a delay longer than a timer can hold, whatever Retry-After said', () => {
    // Browsers and Node fire a timer of more than 2^31 - 1 ms at once: a huge delay would otherwise
    // turn into a tight polling loop. A deadline far away is the only way to ask for one.
    const far = progress({ deadline: 9e15, lastAnswerAt: 196_000, failures: 1, retryAfterMs: 9e15 });
    expect(nextPollDelay({ ...swish, graceAfterDeadlineMs: 9e15 }, far)).toBe(2 ** 31 - 1);
    expect(
      nextPollDelay(
        { ...swish, maxBackoffMs: Infinity, graceAfterDeadlineMs: Infinity },
        progress({ lastAnswerAt: 196_000, failures: 2000 }),
      ),
    ).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('row 32: a huge Retry-After after the deadline waits only until the grace is over', () => {
    const huge = 9_999_999_999_999;
    const end = SWISH_TIMEOUT_MS + swish.graceAfterDeadlineMs;
    // Before the fix this scheduled the next check 2^31 - 1 ms (24.9 days) away.
    expect(
      nextPollDelay(swish, progress({ lastAnswerAt: 196_000, failures: 1, jitter: 0.5, retryAfterMs: huge })),
    ).toBe(end - 196_000);
    expect(nextPollDelay(swish, progress({ lastAnswerAt: SWISH_TIMEOUT_MS, retryAfterMs: huge }))).toBe(
      swish.graceAfterDeadlineMs,
    );
    // A backoff longer than what is left of the grace is cut short too.
    expect(nextPollDelay(swish, progress({ lastAnswerAt: end - 2000, failures: 5, jitter: 0.9 }))).toBe(2000);
    // With the grace over, the next check is due at once; its answer ends the attempt.
    expect(nextPollDelay(swish, progress({ lastAnswerAt: end, retryAfterMs: huge }))).toBe(1);
    expect(nextPollDelay(swish, progress({ lastAnswerAt: end + 60_000, failures: 3 }))).toBe(1);
    expect(nextPollDelay({ ...swish, graceAfterDeadlineMs: 0 }, progress({ lastAnswerAt: 195_000 }))).toBe(1);
  });

  it('row 32: no check is ever scheduled past the deadline plus its grace', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(
          fc.oneof(
            fc.integer({ min: 0, max: 2 ** 53 - 1 }),
            fc.constant(Number.MAX_VALUE),
            fc.constant(Infinity),
          ),
          { nil: undefined },
        ),
        (lastAnswerAt, grace, failures, jitter, retryAfterMs) => {
          const policy = { ...swish, graceAfterDeadlineMs: grace };
          const p = progress({
            lastAnswerAt,
            failures,
            jitter,
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          });
          const delay = nextPollDelay(policy, p);
          expect(delay).toBeGreaterThanOrEqual(1);
          expect(lastAnswerAt + delay).toBeLessThanOrEqual(Math.max(p.deadline + grace, lastAnswerAt + 1));
          if (lastAnswerAt < p.deadline) expect(lastAnswerAt + delay).toBeLessThanOrEqual(p.deadline);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is deterministic for the same progress and at least 1 ms', () => {
    const p = progress({ lastAnswerAt: 12_345, failures: 2, jitter: 0.37 });
    expect(nextPollDelay(swish, p)).toBe(nextPollDelay(swish, { ...p }));
    expect(nextPollDelay({ ...swish, intervalMs: 0 }, progress())).toBe(1);
  });
});

describe('mayCheckEarly', () => {
  it('allows an early check unless a Retry-After wait is still running', () => {
    expect(mayCheckEarly(progress({ lastAnswerAt: 1000 }), 1001)).toBe(true);
    expect(mayCheckEarly(progress({ lastAnswerAt: 1000, retryAfterMs: 5000 }), 5999)).toBe(false);
    expect(mayCheckEarly(progress({ lastAnswerAt: 1000, retryAfterMs: 5000 }), 6000)).toBe(true);
  });
});

describe('mayRetryAfterFailure', () => {
  it('allows retries until the grace period after the deadline ends', () => {
    const p = progress();
    expect(mayRetryAfterFailure(swish, p, 0)).toBe(true);
    expect(mayRetryAfterFailure(swish, p, SWISH_TIMEOUT_MS)).toBe(true);
    expect(mayRetryAfterFailure(swish, p, SWISH_TIMEOUT_MS + 29_999)).toBe(true);
    expect(mayRetryAfterFailure(swish, p, SWISH_TIMEOUT_MS + 30_000)).toBe(false);
    expect(mayRetryAfterFailure({ ...swish, graceAfterDeadlineMs: 0 }, p, SWISH_TIMEOUT_MS)).toBe(false);
  });
});

describe('scheduleOf', () => {
  it('returns no more delays than asked for and follows overrides', () => {
    expect(scheduleOf(swish, 0)).toEqual([]);
    const custom = resolvePollPolicy(
      { intervalMs: 1000, slowIntervalMs: 3000, slowAfterMs: 3000, timeoutMs: 10_000 },
      'vipps',
    );
    expect(scheduleOf(custom, 100)).toEqual([1000, 1000, 1000, 3000, 3000, 1000]);
  });
});
