import { appOf } from './app';

/** When to check a pending payment again. Every field can be overridden through `poll`. */
export interface PollPolicy {
  /** Delay before the first check after the pay answer, and between checks. */
  intervalMs: number;
  /** Delay between checks once `slowAfterMs` has passed since the pay answer. */
  slowIntervalMs: number;
  slowAfterMs: number;
  /** How long the shopper has to approve; `undefined` picks it from the payment product. */
  timeoutMs?: number;
  /** Upper bound of the backoff after failed checks. */
  maxBackoffMs: number;
  /** Failed checks in a row after which the shopper is told the connection is poor. */
  failuresBeforeWarning: number;
  /** After the deadline, how long failed checks are retried before giving up undecided. */
  graceAfterDeadlineMs: number;
}

export const DEFAULT_POLL_POLICY: Readonly<Required<Omit<PollPolicy, 'timeoutMs'>>> = Object.freeze({
  intervalMs: 2_000,
  slowIntervalMs: 5_000,
  slowAfterMs: 60_000,
  maxBackoffMs: 30_000,
  failuresBeforeWarning: 3,
  graceAfterDeadlineMs: 30_000,
});

/**
 * How long the shopper has to approve, as the shopper is shown it: a Swish request lives about
 * 3 minutes; Vipps and MobilePay give about 10.
 */
export const SWISH_TIMEOUT_MS = 180_000; // 3 min
export const APP_TIMEOUT_MS = 600_000; // 10 min
/**
 * After the shown lifetime, the library keeps checking silently this long, so an approval made in
 * the last seconds is still seen before "expired" is said. Never shown as time left.
 */
export const LAST_CHECK_GRACE_MS = 15_000;
/** During the first `slowAfterMs`, failed checks back off no further than this. */
export const EARLY_BACKOFF_CAP_MS = 4_000;

export function defaultTimeoutMs(paymentProductType: string): number {
  return appOf(paymentProductType) === 'swish' ? SWISH_TIMEOUT_MS : APP_TIMEOUT_MS;
}

export function resolvePollPolicy(
  overrides: Partial<PollPolicy> | undefined,
  paymentProductType: string,
): Required<PollPolicy> {
  // `{ intervalMs: undefined }` (an unset prop passed through) must keep the default: spreading it
  // would make every delay NaN, which timers treat as 0, a tight polling loop.
  const given = Object.fromEntries(
    Object.entries(overrides ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<PollPolicy>;
  return {
    ...DEFAULT_POLL_POLICY,
    ...given,
    timeoutMs: given.timeoutMs ?? defaultTimeoutMs(paymentProductType),
  };
}

/** Where polling stands; all times are wall-clock epoch milliseconds. */
export interface PollProgress {
  /** When the pay answer arrived: the schedule and the deadline count from here. */
  startedAt: number;
  deadline: number;
  /** When the last answer (or failure) arrived; the next delay counts from here. */
  lastAnswerAt: number;
  /** Failed checks in a row. */
  failures: number;
  /** From `Retry-After` on the last failure. */
  retryAfterMs?: number;
  /** A number in [0, 1) drawn at the last failure, so the delay is random yet stable. */
  jitter: number;
}

const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Milliseconds from `lastAnswerAt` to the next check. Deterministic for a given progress, so it
 * can be asked for again at any time and give the same answer.
 */
export function nextPollDelay(policy: Required<PollPolicy>, progress: PollProgress): number {
  const elapsed = progress.lastAnswerAt - progress.startedAt;
  const base = elapsed >= policy.slowAfterMs ? policy.slowIntervalMs : policy.intervalMs;
  let delay = base;
  if (progress.retryAfterMs) {
    // The server said when: honoured exactly, so a short outage is over as soon as it says.
    delay = progress.retryAfterMs;
  } else if (progress.failures > 0) {
    // A gentle capped backoff with ±25% jitter, so many shoppers on one failing server spread out;
    // in the first minute it stays within a few seconds, so the page recovers quickly after a blip.
    const cap =
      elapsed < policy.slowAfterMs
        ? // Never sooner than the normal interval, whatever `intervalMs` a page chose.
          Math.max(base, Math.min(EARLY_BACKOFF_CAP_MS, policy.maxBackoffMs))
        : policy.maxBackoffMs;
    const backoff = Math.min(cap, Math.max(base, Math.round(base * 1.5 ** progress.failures)));
    delay = Math.round(backoff * (0.75 + 0.5 * progress.jitter));
  }
  // One check lands exactly on the deadline: expiry is only declared after it has answered. After
  // it, failed checks are retried only within the grace, so no wait (not even the server's
  // Retry-After) may outlast it: the check at its end decides, or fails the attempt undecided.
  const until =
    progress.lastAnswerAt < progress.deadline
      ? progress.deadline
      : progress.deadline + policy.graceAfterDeadlineMs;
  delay = Math.min(delay, until - progress.lastAnswerAt);
  // Timers fire at once for delays over 2^31 - 1 ms, so a huge wait must not exceed that.
  return Math.min(MAX_TIMER_DELAY_MS, Math.max(1, delay));
}

/** Whether a check may be made now, out of schedule (page visible again, back online). */
export function mayCheckEarly(progress: PollProgress, now: number): boolean {
  return progress.retryAfterMs === undefined || now >= progress.lastAnswerAt + progress.retryAfterMs;
}

/** Whether a failed check should still be retried, given the deadline and its grace. */
export function mayRetryAfterFailure(
  policy: Required<PollPolicy>,
  progress: PollProgress,
  now: number,
): boolean {
  return now < progress.deadline + policy.graceAfterDeadlineMs;
}

/** The first delays of the default schedule, as a check that a change to them is deliberate. */
export function scheduleOf(policy: Required<PollPolicy>, count: number): number[] {
  const delays: number[] = [];
  const progress: PollProgress = {
    startedAt: 0,
    deadline: policy.timeoutMs + LAST_CHECK_GRACE_MS,
    lastAnswerAt: 0,
    failures: 0,
    jitter: 0,
  };
  for (let i = 0; i < count && progress.lastAnswerAt < progress.deadline; i++) {
    const delay = nextPollDelay(policy, progress);
    delays.push(delay);
    progress.lastAnswerAt += delay;
  }
  return delays;
}
