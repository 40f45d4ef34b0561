import * as fc from 'fast-check';
import {
  APP_TIMEOUT_MS,
  DEFAULT_POLL_POLICY,
  defaultTimeoutMs,
  EARLY_BACKOFF_CAP_MS,
  LAST_CHECK_GRACE_MS,
  mayCheckEarly,
  mayRetryAfterFailure,
  nextPollDelay,
  resolvePollPolicy,
  scheduleOf,
  SWISH_TIMEOUT_MS,
  type PollProgress,
} from '../../src/core/polling-policy';

const swish = resolvePollPolicy(undefined, 'swish.swish');
/** A Swish request's polling deadline: the shown 3 min, then the silent last check 15 s later. */
const DEADLINE = 195_000;

function progress(overrides: Partial<PollProgress> = {}): PollProgress {
  return { startedAt: 0, deadline: DEADLINE, lastAnswerAt: 0, failures: 0, jitter: 0, ...overrides };
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

  it('ends the Swish schedule with the silent last check 15 s after the shown 3 min', () => {
    expect(swish.timeoutMs).toBe(180_000);
    const schedule = scheduleOf(swish, 1000);
    const total = schedule.reduce((a, b) => a + b, 0);
    expect(total).toBe(195_000);
    expect(schedule).toHaveLength(30 + 27);
  });

  it('ends the app schedule with the silent last check 15 s after the shown 10 min', () => {
    const vipps = resolvePollPolicy(undefined, 'payex.vipps');
    expect(vipps.timeoutMs).toBe(600_000);
    const schedule = scheduleOf(vipps, 1000);
    expect(schedule.reduce((a, b) => a + b, 0)).toBe(615_000);
    expect(schedule).toHaveLength(30 + 111);
  });
});

describe('deadlines', () => {
  it('shows Swish 180 000 ms and the other apps 600 000 ms, with a silent 15 s for the last check', () => {
    expect(SWISH_TIMEOUT_MS).toBe(180_000);
    expect(APP_TIMEOUT_MS).toBe(600_000);
    expect(LAST_CHECK_GRACE_MS).toBe(15_000);
    expect(SWISH_TIMEOUT_MS + LAST_CHECK_GRACE_MS).toBe(DEADLINE);
    expect(resolvePollPolicy(undefined, 'swish.swish').timeoutMs).toBe(180_000);
    expect(resolvePollPolicy(undefined, 'payex.swish').timeoutMs).toBe(180_000);
    expect(resolvePollPolicy(undefined, 'swish').timeoutMs).toBe(180_000);
    for (const type of [
      'payex.vipps',
      'vipps',
      'payex.mobilepay',
      'bambora.mobilepay',
      'dintero_psp.vipps',
      'x',
    ]) {
      expect(resolvePollPolicy(undefined, type).timeoutMs).toBe(600_000);
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

  it('backs off gently with failures (x1.5), within 4 s in the first minute', () => {
    expect(EARLY_BACKOFF_CAP_MS).toBe(4000);
    const early = [1, 2, 3, 10].map((failures) => nextPollDelay(swish, progress({ failures, jitter: 0.5 })));
    expect(early).toEqual([3000, 4000, 4000, 4000]);
    // From the first minute on (counted from the pay answer), from the slow interval up to maxBackoffMs.
    const late = [1, 2, 3, 4, 5].map((failures) =>
      nextPollDelay(swish, progress({ failures, jitter: 0.5, lastAnswerAt: 60_000, deadline: 10_000_000 })),
    );
    expect(late).toEqual([7500, 11_250, 16_875, 25_313, 30_000]);
  });

  it('caps the backoff before the ±25% jitter: 4 s in the first minute, maxBackoffMs after', () => {
    expect(nextPollDelay(swish, progress({ failures: 10, jitter: 0.5 }))).toBe(4000);
    expect(nextPollDelay(swish, progress({ failures: 10, jitter: 0 }))).toBe(3000);
    expect(nextPollDelay(swish, progress({ failures: 10, jitter: 0.999_999 }))).toBe(5000);
    const cap = swish.maxBackoffMs;
    const late = { lastAnswerAt: 61_000, deadline: 10_000_000 };
    expect(nextPollDelay(swish, progress({ failures: 10, jitter: 0.5, ...late }))).toBe(cap);
    expect(nextPollDelay(swish, progress({ failures: 10, jitter: 0, ...late }))).toBe(cap * 0.75);
    expect(nextPollDelay(swish, progress({ failures: 10, jitter: 0.999_999, ...late }))).toBe(cap * 1.25);
    // A maxBackoffMs below 4 s caps the first minute too.
    expect(nextPollDelay({ ...swish, maxBackoffMs: 2500 }, progress({ failures: 5, jitter: 0.5 }))).toBe(
      2500,
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 600_000 }),
        (f, j, lastAnswerAt) => {
          const delay = nextPollDelay(
            swish,
            progress({ failures: f, jitter: j, lastAnswerAt, deadline: 10_000_000 }),
          );
          const [base, ceiling] = lastAnswerAt < 60_000 ? [2000, 4000] : [5000, cap];
          const unjittered = Math.min(ceiling, Math.max(base, Math.round(base * 1.5 ** f)));
          expect(delay).toBeGreaterThanOrEqual(Math.floor(unjittered * 0.75));
          expect(delay).toBeLessThanOrEqual(Math.ceil(unjittered * 1.25));
        },
      ),
    );
  });

  it('honours a positive Retry-After exactly, shorter or longer than the backoff, without jitter', () => {
    expect(nextPollDelay(swish, progress({ failures: 1, jitter: 0.5, retryAfterMs: 12_000 }))).toBe(12_000);
    // A short Retry-After shortens the wait: the server said when it is back.
    expect(nextPollDelay(swish, progress({ failures: 2, jitter: 0.5, retryAfterMs: 1000 }))).toBe(1000);
    expect(nextPollDelay(swish, progress({ failures: 6, jitter: 0.999, retryAfterMs: 1000 }))).toBe(1000);
    expect(
      nextPollDelay(swish, progress({ failures: 6, jitter: 0, retryAfterMs: 1000, lastAnswerAt: 90_000 })),
    ).toBe(1000);
    // Retry-After 0 says nothing: the backoff applies.
    expect(nextPollDelay(swish, progress({ failures: 2, jitter: 0.5, retryAfterMs: 0 }))).toBe(4000);
    expect(nextPollDelay(swish, progress({ retryAfterMs: 0 }))).toBe(2000);
  });

  it('never schedules a check past the deadline: one lands exactly on it', () => {
    expect(nextPollDelay(swish, progress({ lastAnswerAt: 194_000 }))).toBe(1000);
    // The shown end (3:00) is not the deadline: checks go on until the silent last one.
    expect(nextPollDelay(swish, progress({ lastAnswerAt: SWISH_TIMEOUT_MS }))).toBe(5000);
    expect(nextPollDelay(swish, progress({ lastAnswerAt: 178_000, retryAfterMs: 60_000 }))).toBe(17_000);
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
    expect(nextPollDelay(swish, progress({ lastAnswerAt: 195_000, failures: 1, jitter: 0.5 }))).toBe(7500);
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
    const end = DEADLINE + swish.graceAfterDeadlineMs;
    // Before the fix this scheduled the next check 2^31 - 1 ms (24.9 days) away.
    expect(
      nextPollDelay(swish, progress({ lastAnswerAt: 196_000, failures: 1, jitter: 0.5, retryAfterMs: huge })),
    ).toBe(end - 196_000);
    expect(nextPollDelay(swish, progress({ lastAnswerAt: DEADLINE, retryAfterMs: huge }))).toBe(
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
    expect(mayRetryAfterFailure(swish, p, DEADLINE)).toBe(true);
    expect(mayRetryAfterFailure(swish, p, DEADLINE + 29_999)).toBe(true);
    expect(mayRetryAfterFailure(swish, p, DEADLINE + 30_000)).toBe(false);
    expect(mayRetryAfterFailure({ ...swish, graceAfterDeadlineMs: 0 }, p, DEADLINE)).toBe(false);
  });
});

describe('scheduleOf', () => {
  it('returns no more delays than asked for and follows overrides', () => {
    expect(scheduleOf(swish, 0)).toEqual([]);
    const custom = resolvePollPolicy(
      { intervalMs: 1000, slowIntervalMs: 3000, slowAfterMs: 3000, timeoutMs: 10_000 },
      'vipps',
    );
    // The 10 s shown, then the silent last check at 25 s.
    expect(scheduleOf(custom, 100)).toEqual([1000, 1000, 1000, ...Array(7).fill(3000), 1000]);
  });
});
