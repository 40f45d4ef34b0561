import * as fc from 'fast-check';
import { PayError } from '../../src/core/errors';
import {
  createPayStore,
  INITIAL_STATE,
  isTerminal,
  mayRetryNow,
  mayStartAttempt,
  navigationOwed,
  nextCheckAt,
  transition,
  wakeAt,
  type Approval,
  type PayEvent,
  type PayState,
  type PayStatus,
} from '../../src/core/machine';
import type { PayOutcome, PollOutcome } from '../../src/core/outcomes';
import { LAST_CHECK_GRACE_MS, resolvePollPolicy } from '../../src/core/polling-policy';
import { QR } from './fixtures';

const POLL_URL = 'https://checkout.test/v1/view/S1/swish/P1/status';
const T0 = 1_700_000_000_000;
/** The lifetime the shopper is shown (Swish); the last check lands silently 15 s after it. */
const TIMEOUT = 180_000;
const DEADLINE = T0 + TIMEOUT + 15_000;
const POLICY = resolvePollPolicy(undefined, 'swish.swish');
const REDIRECT: PollOutcome = { type: 'redirect', redirectUrl: 'https://shop.example/r' };
const NOT_FOUND: PollOutcome = { type: 'failed', error: new PayError('session_not_found') };

const payAnswered = (attempt: number, outcome: PayOutcome, extra: Partial<PayEvent> = {}): PayEvent =>
  ({ type: 'pay_answered', attempt, outcome, now: T0, timeoutMs: TIMEOUT, ...extra }) as PayEvent;

const tick = (now: number): PayEvent => ({ type: 'tick', now, policy: POLICY });

const pollOutcome: PayOutcome = {
  type: 'poll',
  pollUrl: POLL_URL,
  approvalUrl: 'swish://paymentrequest?token=t',
  qrCode: QR,
};

function submitting(attempt = 1): PayState {
  return { status: 'submitting', attempt, offline: false, acted: true };
}

function awaiting(attempt = 1): PayState {
  return transition(submitting(attempt), payAnswered(attempt, pollOutcome));
}

/** The check that is due (or at `at`) goes out on the timer's tick. */
function checkSent(state: PayState, at = nextCheckAt(state, POLICY)!): PayState {
  const next = transition(state, tick(at));
  expect(next.checking).toBe(at);
  return next;
}

/** A check sent when due (or at `at`), answered with `outcome` at `now` (default: when sent). */
function checked(
  state: PayState,
  outcome: PollOutcome,
  { at, now, random = 0.5 }: { at?: number; now?: number; random?: number } = {},
): PayState {
  const sent = checkSent(state, at);
  const sentAt = sent.checking!;
  return transition(sent, {
    type: 'poll_answered',
    sentAt,
    outcome,
    now: now ?? sentAt,
    random,
    policy: POLICY,
  });
}

const error = new PayError('network');

function stateOf(status: PayStatus, attempt = 1): PayState {
  const facts = { attempt, offline: false, acted: true };
  switch (status) {
    case 'idle':
    case 'expired':
    case 'cancelled':
      return { status, ...facts };
    case 'submitting':
      return submitting(attempt);
    case 'awaiting_approval':
      return awaiting(attempt);
    case 'redirecting':
      return { status, ...facts, redirectUrl: 'https://shop.example/return', navigated: false };
    case 'declined':
    case 'action_required':
    case 'failed':
      return { status, ...facts, error };
  }
}

const ALL_STATUSES: PayStatus[] = [
  'idle',
  'submitting',
  'awaiting_approval',
  'redirecting',
  'declined',
  'action_required',
  'expired',
  'cancelled',
  'failed',
];

describe('transition: pay', () => {
  it.each(['idle', 'declined', 'action_required', 'failed', 'expired', 'cancelled'] as const)(
    'starts a new attempt from %s, as a press of the shopper',
    (status) => {
      const next = transition({ ...stateOf(status, 3), acted: false }, { type: 'pay', now: T0 });
      expect(next).toMatchObject({ status: 'submitting', attempt: 4, acted: true });
    },
  );

  it.each(['submitting', 'awaiting_approval', 'redirecting'] as const)(
    'ignores a second pay while %s (same object)',
    (status) => {
      const state = stateOf(status);
      expect(transition(state, { type: 'pay', now: T0 })).toBe(state);
    },
  );

  it('starts the first attempt from the initial state, where the shopper has not acted yet', () => {
    expect(INITIAL_STATE).toEqual({ status: 'idle', attempt: 0, offline: false, acted: false });
    expect(transition(INITIAL_STATE, { type: 'pay', now: T0 })).toMatchObject({
      status: 'submitting',
      attempt: 1,
      acted: true,
    });
  });

  it('a new attempt ends the quiet checks of a request the page stopped waiting for', () => {
    const cancelled = checkSent(transition(awaiting(), { type: 'cancel', now: T0 + 3000 }));
    expect(cancelled.lingering).toBeDefined();
    const next = transition(cancelled, { type: 'pay', now: T0 + 9000 });
    expect(next.lingering).toBeUndefined();
    // The quiet check in flight goes too: the session aborts what the state no longer holds.
    expect(next.checking).toBeUndefined();
  });

  it('retry: only after a retryable error, and only once its Retry-After wait is over', () => {
    const limited = transition(
      submitting(),
      payAnswered(1, { type: 'failed', error: new PayError('rate_limited', { retryAfterMs: 20_000 }) }),
    );
    expect(limited).toMatchObject({ status: 'failed', retryAt: T0 + 20_000 });
    expect(mayRetryNow(limited, T0 + 19_999)).toBe(false);
    expect(transition(limited, { type: 'pay', retry: true, now: T0 + 19_999 })).toBe(limited);
    expect(transition(limited, { type: 'pay', retry: true, now: T0 + 20_000 }).status).toBe('submitting');
    // The session's tick at the end of the wait clears it, so "Try again" can say it is ready.
    expect(transition(limited, tick(T0 + 20_000))).toMatchObject({ status: 'failed', retryAt: undefined });
    const permanent = transition(
      submitting(),
      payAnswered(1, { type: 'failed', error: new PayError('session_changed') }),
    );
    expect(mayRetryNow(permanent, T0 + 999_999)).toBe(false);
    expect(transition(permanent, { type: 'pay', retry: true, now: T0 + 999_999 })).toBe(permanent);
  });
});

describe('transition: pay_answered', () => {
  it('goes to redirecting on a redirect, with the navigation owed', () => {
    const next = transition(
      submitting(2),
      payAnswered(2, { type: 'redirect', redirectUrl: 'https://shop.example/r' }),
    );
    expect(next).toMatchObject({ status: 'redirecting', attempt: 2, redirectUrl: 'https://shop.example/r' });
    expect(navigationOwed(next)).toBe(true);
    const navigated = transition(next, { type: 'navigated' });
    expect(navigationOwed(navigated)).toBe(false);
    expect(transition(navigated, { type: 'navigated' })).toBe(navigated);
  });

  it('goes to awaiting_approval on a poll, with the deadline counted from the answer', () => {
    const next = transition(
      submitting(2),
      payAnswered(2, pollOutcome, { maskedPhoneNumber: '+46 ••• •• 67' }),
    );
    expect(next).toMatchObject({
      status: 'awaiting_approval',
      attempt: 2,
      approval: {
        approvalUrl: 'swish://paymentrequest?token=t',
        qrCode: QR,
        expiresAt: T0 + TIMEOUT,
        phoneNumber: '+46 ••• •• 67',
      },
      pollUrl: POLL_URL,
      progress: { startedAt: T0, deadline: DEADLINE, lastAnswerAt: T0, failures: 0, jitter: 0 },
      resumed: false,
    });
    // No check goes out with the answer: the first is due an interval later.
    expect(next.checking).toBeUndefined();
    expect(nextCheckAt(next, POLICY)).toBe(T0 + 2000);
  });

  it('leaves out approval fields that were not given', () => {
    const next = transition(submitting(), payAnswered(1, { type: 'poll', pollUrl: POLL_URL }));
    expect(next.status === 'awaiting_approval' && next.approval).toEqual({ expiresAt: T0 + TIMEOUT });
  });

  it.each(['declined', 'action_required', 'failed'] as const)('goes to %s with the error', (type) => {
    const err = new PayError(
      type === 'declined' ? 'rejected' : type === 'failed' ? 'server' : 'action_required',
    );
    const next = transition(submitting(), payAnswered(1, { type, error: err }));
    expect(next).toMatchObject({ status: type, attempt: 1, error: err });
    expect('error' in next && next.error).toBe(err);
  });

  it('ignores an answer with a stale attempt number (same object)', () => {
    const state = submitting(2);
    for (const attempt of [1, 3]) {
      expect(
        transition(state, payAnswered(attempt, { type: 'redirect', redirectUrl: 'https://shop.example/' })),
      ).toBe(state);
    }
  });

  it.each(ALL_STATUSES.filter((s) => s !== 'submitting'))(
    'ignores an answer while %s (same object)',
    (status) => {
      const state = stateOf(status);
      expect(
        transition(state, payAnswered(1, { type: 'redirect', redirectUrl: 'https://shop.example/' })),
      ).toBe(state);
    },
  );

  it('ignores a late answer of an attempt that was cancelled and replaced', () => {
    let state = awaiting(1);
    state = transition(state, { type: 'cancel', now: T0 });
    state = transition(state, { type: 'pay', now: T0 });
    expect(state).toMatchObject({ status: 'submitting', attempt: 2 });
    const late = transition(
      state,
      payAnswered(1, { type: 'redirect', redirectUrl: 'https://shop.example/' }),
    );
    expect(late).toBe(state);
  });
});

describe('transition: status checks of the pending attempt', () => {
  it('starts a check on the tick at which it is due, never before, and only one', () => {
    const state = awaiting();
    expect(transition(state, tick(T0 + 1999))).toBe(state);
    const sent = transition(state, tick(T0 + 2000));
    expect(sent.checking).toBe(T0 + 2000);
    // One in flight: no other is due, whatever the clock says.
    expect(nextCheckAt(sent, POLICY)).toBeUndefined();
    expect(transition(sent, tick(T0 + 60_000))).toBe(sent);
  });

  it('stays awaiting on pending, records the answer and resets failures', () => {
    const state = checked(awaiting(), {
      type: 'retry',
      error: new PayError('server', { retryAfterMs: 9000 }),
    });
    const next = checked(state, { type: 'pending' }, { at: T0 + 20_000 });
    expect(next.status).toBe('awaiting_approval');
    if (next.status !== 'awaiting_approval') return;
    expect(next.checking).toBeUndefined();
    expect(next.pollUrl).toBe(POLL_URL);
    expect(next.progress).toMatchObject({
      startedAt: T0,
      deadline: DEADLINE,
      lastAnswerAt: T0 + 20_000,
      failures: 0,
      jitter: 0,
    });
    expect(next.progress.retryAfterMs).toBeUndefined();
    expect(next.approval).toEqual(state.status === 'awaiting_approval' && state.approval);
  });

  it('takes a new poll URL from a pending answer', () => {
    const next = checked(awaiting(), { type: 'pending', pollUrl: `${POLL_URL}?n=2` });
    expect(next.status === 'awaiting_approval' && next.pollUrl).toBe(`${POLL_URL}?n=2`);
  });

  it('resumes as a new attempt marked resumed, checked at once, and clears the mark after the first answer', () => {
    const resumed = transition(
      { ...INITIAL_STATE, attempt: 4 },
      {
        type: 'resume',
        approval: { expiresAt: T0 + TIMEOUT },
        pollUrl: POLL_URL,
        startedAt: T0,
        now: T0 + 1000,
      },
    );
    expect(resumed).toMatchObject({
      status: 'awaiting_approval',
      attempt: 5,
      resumed: true,
      checking: T0 + 1000,
    });
    // A resume is no press of the shopper's: nothing may take focus because of it.
    expect(resumed.acted).toBe(false);
    const next = transition(resumed, {
      type: 'poll_answered',
      sentAt: T0 + 1000,
      outcome: { type: 'pending' },
      now: T0 + 1200,
      random: 0,
      policy: POLICY,
    });
    expect(next.status === 'awaiting_approval' && next.resumed).toBe(false);
  });

  it.each(ALL_STATUSES.filter((s) => s !== 'idle'))('ignores a resume while %s (same object)', (status) => {
    const state = stateOf(status);
    const approval: Approval = { expiresAt: T0 + TIMEOUT };
    expect(transition(state, { type: 'resume', approval, pollUrl: POLL_URL, startedAt: T0, now: T0 })).toBe(
      state,
    );
  });

  it('keeps waiting on a pending answer at the shown end: the silent last check is still to come', () => {
    const next = checked(awaiting(), { type: 'pending' }, { now: T0 + TIMEOUT });
    expect(next.status === 'awaiting_approval' && next.progress.deadline).toBe(
      T0 + TIMEOUT + LAST_CHECK_GRACE_MS,
    );
  });

  it('expires on a pending answer at or after the deadline (the shown end + 15 s), not just before', () => {
    expect(checked(awaiting(), { type: 'pending' }, { now: DEADLINE })).toMatchObject({ status: 'expired' });
    expect(checked(awaiting(), { type: 'pending' }, { now: DEADLINE + 5000 })).toMatchObject({
      status: 'expired',
    });
    expect(checked(awaiting(), { type: 'pending' }, { now: DEADLINE - 1 }).status).toBe('awaiting_approval');
    // After expiry nothing may be live and nothing is checked.
    const expired = checked(awaiting(), { type: 'pending' }, { now: DEADLINE });
    expect(expired.lingering).toBeUndefined();
    expect(wakeAt(expired, POLICY)).toBeUndefined();
  });

  it('counts failures in a row with jitter and Retry-After', () => {
    let state = checked(awaiting(), { type: 'retry', error }, { random: 0.1 });
    state = checked(state, { type: 'retry', error }, { random: 0.2 });
    const rateLimited = new PayError('rate_limited', { retryAfterMs: 7000 });
    state = checked(state, { type: 'retry', error: rateLimited }, { now: T0 + 14_000, random: 0.3 });
    expect(state.status === 'awaiting_approval' && state.progress).toMatchObject({
      lastAnswerAt: T0 + 14_000,
      failures: 3,
      jitter: 0.3,
      retryAfterMs: 7000,
    });
    // The server said when: the next check is exactly then.
    expect(nextCheckAt(state, POLICY)).toBe(T0 + 21_000);
  });

  it('keeps retrying after the deadline within the grace (undecided is not expired), then fails with the error', () => {
    expect(checked(awaiting(), { type: 'retry', error }, { now: DEADLINE + 1000 }).status).toBe(
      'awaiting_approval',
    );
    const timeout = new PayError('timeout');
    const failed = checked(
      awaiting(),
      { type: 'retry', error: timeout },
      { now: DEADLINE + POLICY.graceAfterDeadlineMs },
    );
    expect(failed).toMatchObject({ status: 'failed', error: timeout });
  });

  it('goes to redirecting or declined on a decided answer, also after the deadline', () => {
    expect(checked(awaiting(), REDIRECT)).toMatchObject({
      status: 'redirecting',
      redirectUrl: 'https://shop.example/r',
    });
    expect(checked(awaiting(), REDIRECT, { now: DEADLINE + 10 }).status).toBe('redirecting');
    const rejected = new PayError('rejected');
    const declined = checked(awaiting(), { type: 'declined', error: rejected });
    expect(declined).toMatchObject({ status: 'declined', error: rejected });
    expect(declined.lingering).toBeUndefined();
  });

  it('row 35: a 404 is failed with session_not_found, and the request is checked quietly until its deadline', () => {
    const next = checked(awaiting(), NOT_FOUND, { now: T0 + 2100 });
    expect(next).toMatchObject({ status: 'failed', error: NOT_FOUND.error });
    expect(next.lingering).toEqual({
      pollUrl: POLL_URL,
      until: DEADLINE,
      checked: true,
      lastCheckAt: T0 + 2100,
    });
    expect(nextCheckAt(next, POLICY)).toBe(T0 + 2100 + POLICY.slowIntervalMs);
  });

  it('applies only the answer of the check in flight: another sentAt, or none in flight, changes nothing', () => {
    const sent = checkSent(awaiting());
    for (const sentAt of [sent.checking! - 1, sent.checking! + 1]) {
      const event: PayEvent = {
        type: 'poll_answered',
        sentAt,
        outcome: REDIRECT,
        now: T0 + 3000,
        random: 0,
        policy: POLICY,
      };
      expect(transition(sent, event)).toBe(sent);
    }
    const idle = awaiting();
    expect(
      transition(idle, {
        type: 'poll_answered',
        sentAt: T0,
        outcome: REDIRECT,
        now: T0,
        random: 0,
        policy: POLICY,
      }),
    ).toBe(idle);
  });

  it('nothing shows the session: the check in flight is dropped (the session aborts it)', () => {
    const sent = checkSent(awaiting());
    const unobserved = transition(sent, { type: 'unobserved' });
    expect(unobserved.checking).toBeUndefined();
    expect(transition(unobserved, { type: 'unobserved' })).toBe(unobserved);
  });
});

describe('transition: the shopper comes back (rows 16, 19, 37)', () => {
  const page = (visible: boolean, now: number): PayEvent => ({ type: 'page', visible, now, policy: POLICY });

  it('row 16: checks at once when the page is visible again, out of schedule', () => {
    const back = transition(awaiting(), page(true, T0 + 500));
    expect(back.checking).toBe(T0 + 500);
  });

  it('row 37: a check sent before the page was hidden is replaced by a fresh one on return; still one in flight', () => {
    const sent = checkSent(awaiting()); // at T0 + 2000
    const hidden = transition(sent, page(false, T0 + 2500));
    expect(hidden).toMatchObject({ hiddenAt: T0 + 2500, checking: T0 + 2000 });
    // Hidden again (another event) keeps the first moment.
    expect(transition(hidden, page(false, T0 + 9000))).toBe(hidden);
    const back = transition(hidden, page(true, T0 + 60_000));
    expect(back.checking).toBe(T0 + 60_000);
    expect(back.hiddenAt).toBeUndefined();
    // The frozen request's answer, should it ever come, is not applied.
    const stale: PayEvent = {
      type: 'poll_answered',
      sentAt: T0 + 2000,
      outcome: REDIRECT,
      now: T0 + 60_001,
      random: 0,
      policy: POLICY,
    };
    expect(transition(back, stale)).toBe(back);
  });

  it('row 37: a check sent after the page was hidden is not older than the return: it is waited for', () => {
    const hidden = transition(awaiting(), page(false, T0 + 1000));
    const sent = checkSent(hidden); // at T0 + 2000, while hidden
    const back = transition(sent, page(true, T0 + 2100));
    expect(back.checking).toBe(T0 + 2000);
    expect(back.hiddenAt).toBeUndefined();
  });

  it('row 19: respects a running Retry-After on return', () => {
    const limited = checked(awaiting(), {
      type: 'retry',
      error: new PayError('rate_limited', { retryAfterMs: 3000 }),
    });
    const early = transition(limited, page(true, T0 + 4000));
    expect(early).toBe(limited);
    expect(transition(limited, page(true, T0 + 5000)).checking).toBe(T0 + 5000);
  });

  it('row 19: back online after being offline checks at once; online without having been offline is no return', () => {
    const state = awaiting();
    const offline = transition(state, { type: 'network', online: false, now: T0 + 100, policy: POLICY });
    expect(offline.offline).toBe(true);
    expect(offline.checking).toBeUndefined();
    const online = transition(offline, { type: 'network', online: true, now: T0 + 700, policy: POLICY });
    expect(online).toMatchObject({ offline: false, checking: T0 + 700 });
    expect(transition(state, { type: 'network', online: true, now: T0 + 700, policy: POLICY })).toBe(state);
  });

  it('a return with nothing to check changes nothing (same object)', () => {
    for (const status of ['idle', 'declined', 'expired', 'redirecting'] as const) {
      const state = stateOf(status);
      expect(transition(state, page(true, T0))).toBe(state);
      expect(transition(state, tick(T0 + 999_999))).toBe(state);
    }
  });
});

describe('transition: cancel, reset and the request that lives on (row 35)', () => {
  it('cancel stops waiting: cancelled, a press of the shopper, the request checked quietly at the slow interval', () => {
    const sent = checkSent(awaiting(3));
    const cancelled = transition(sent, { type: 'cancel', now: T0 + 3000 });
    expect(cancelled).toMatchObject({ status: 'cancelled', attempt: 3, acted: true, checking: undefined });
    expect(cancelled.lingering).toEqual({
      pollUrl: POLL_URL,
      until: DEADLINE,
      checked: true,
      lastCheckAt: T0 + 3000,
    });
    expect(nextCheckAt(cancelled, POLICY)).toBe(T0 + 8000);
  });

  it.each(ALL_STATUSES.filter((s) => s !== 'awaiting_approval'))(
    'cancel is ignored while %s (same object)',
    (status) => {
      const state = stateOf(status);
      expect(transition(state, { type: 'cancel', now: T0 })).toBe(state);
    },
  );

  it('quiet checks: pending, a passing failure or another 404 keep looking; a decline ends them', () => {
    let state = transition(awaiting(), { type: 'cancel', now: T0 });
    state = checked(state, { type: 'pending', pollUrl: `${POLL_URL}?n=2` });
    expect(state.lingering).toMatchObject({ lastCheckAt: T0 + 5000, pollUrl: `${POLL_URL}?n=2` });
    state = checked(state, { type: 'retry', error });
    state = checked(state, NOT_FOUND);
    expect(state.lingering).toMatchObject({ lastCheckAt: T0 + 15_000 });
    expect(state.status).toBe('cancelled');
    const declined = checked(state, { type: 'declined', error: new PayError('rejected') });
    // Still "stopped waiting" for the shopper; nothing more is checked.
    expect(declined).toMatchObject({ status: 'cancelled', lingering: undefined });
    expect(wakeAt(declined, POLICY)).toBeUndefined();
  });

  it('a late approval of a quiet check redirects, with the navigation owed once', () => {
    const cancelled = transition(awaiting(4), { type: 'cancel', now: T0 });
    const late = checked(cancelled, REDIRECT);
    expect(late).toMatchObject({ status: 'redirecting', attempt: 4, lingering: undefined });
    expect(navigationOwed(late)).toBe(true);
  });

  it('the quiet checks end at the deadline: no check at it, and nothing may be live after', () => {
    let state = transition(awaiting(), { type: 'cancel', now: DEADLINE - 6000 });
    expect(nextCheckAt(state, POLICY)).toBe(DEADLINE - 1000);
    state = checked(state, { type: 'pending' });
    expect(nextCheckAt(state, POLICY)).toBe(DEADLINE);
    expect(wakeAt(state, POLICY)).toBe(DEADLINE);
    const ended = transition(state, tick(DEADLINE));
    expect(ended.lingering).toBeUndefined();
    expect(ended.checking).toBeUndefined();
  });

  it('reset() while waiting sends nothing more (row 15) but the request may be live until its deadline', () => {
    const reset = transition(checkSent(awaiting(5)), { type: 'reset', now: T0 + 2500 });
    expect(reset).toMatchObject({ status: 'idle', attempt: 5, acted: true, checking: undefined });
    expect(reset.lingering).toMatchObject({ checked: false, until: DEADLINE });
    expect(nextCheckAt(reset, POLICY)).toBeUndefined();
    expect(wakeAt(reset, POLICY)).toBe(DEADLINE);
    expect(transition(reset, tick(DEADLINE)).lingering).toBeUndefined();
  });

  it('reset() after cancel keeps the quiet checks: a late approval still completes', () => {
    const cancelled = transition(awaiting(), { type: 'cancel', now: T0 });
    const reset = transition(cancelled, { type: 'reset', now: T0 + 100 });
    expect(reset.status).toBe('idle');
    expect(reset.lingering).toBe(cancelled.lingering);
    expect(checked(reset, REDIRECT).status).toBe('redirecting');
  });

  it.each(['declined', 'action_required', 'failed', 'expired', 'cancelled'] as const)(
    'reset goes back to idle from %s, keeping the attempt counter',
    (status) => {
      expect(transition(stateOf(status, 5), { type: 'reset', now: T0 })).toMatchObject({
        status: 'idle',
        attempt: 5,
      });
    },
  );

  it.each(['submitting', 'redirecting', 'idle'] as const)(
    'reset is ignored while %s (same object)',
    (status) => {
      const state = stateOf(status);
      expect(transition(state, { type: 'reset', now: T0 })).toBe(state);
    },
  );
});

describe('decisions', () => {
  it('a new attempt may start only from idle and the ended states', () => {
    expect(ALL_STATUSES.filter((status) => mayStartAttempt({ status }))).toEqual([
      'idle',
      'declined',
      'action_required',
      'expired',
      'cancelled',
      'failed',
    ]);
  });

  it('everything but submitting and awaiting_approval is terminal', () => {
    expect(ALL_STATUSES.filter((s) => !isTerminal(s))).toEqual(['submitting', 'awaiting_approval']);
  });

  it('the one timer wakes for the next check, a lingering end or a Retry-After end, whichever is first', () => {
    expect(wakeAt(awaiting(), POLICY)).toBe(T0 + 2000);
    expect(wakeAt(INITIAL_STATE, POLICY)).toBeUndefined();
    const limited = transition(
      submitting(),
      payAnswered(1, { type: 'failed', error: new PayError('server', { retryAfterMs: 4000 }) }),
    );
    expect(wakeAt(limited, POLICY)).toBe(T0 + 4000);
  });
});

describe('transition properties', () => {
  const outcomeArb: fc.Arbitrary<PollOutcome> = fc.oneof(
    fc.constant<PollOutcome>({ type: 'pending' }),
    fc.constant<PollOutcome>(REDIRECT),
    fc.constant<PollOutcome>({ type: 'declined', error: new PayError('rejected') }),
    fc.constant<PollOutcome>(NOT_FOUND),
    fc.constant<PollOutcome>({ type: 'retry', error }),
  );
  const at = fc.integer({ min: 0, max: 400_000 }).map((offset) => T0 + offset);
  const eventArb: fc.Arbitrary<PayEvent> = fc.oneof(
    at.map((now): PayEvent => ({ type: 'pay', now })),
    at.map((now): PayEvent => ({ type: 'pay', retry: true, now })),
    at.map((now): PayEvent => ({ type: 'cancel', now })),
    at.map((now): PayEvent => ({ type: 'reset', now })),
    at.map(tick),
    fc
      .record({ now: at, visible: fc.boolean() })
      .map((e): PayEvent => ({ type: 'page', ...e, policy: POLICY })),
    fc
      .record({ now: at, online: fc.boolean() })
      .map((e): PayEvent => ({ type: 'network', ...e, policy: POLICY })),
    fc.constant<PayEvent>({ type: 'navigated' }),
    fc.constant<PayEvent>({ type: 'unobserved' }),
    fc
      .record({ attempt: fc.integer({ min: 0, max: 6 }), poll: fc.boolean(), now: at })
      .map(({ attempt, poll, now }) =>
        payAnswered(attempt, poll ? pollOutcome : { type: 'failed', error }, { now }),
      ),
    fc
      .record({
        sentAt: at,
        outcome: outcomeArb,
        now: at,
        random: fc.double({ min: 0, max: 0.99, noNaN: true }),
      })
      .map((e): PayEvent => ({ type: 'poll_answered', ...e, policy: POLICY })),
  );

  it('never goes back in attempts, starts one only on a press from a state that allows it, ignores with the same object', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        let state = INITIAL_STATE;
        for (const event of events) {
          const next = transition(state, event);
          expect(next.attempt).toBeGreaterThanOrEqual(state.attempt);
          if (next.attempt > state.attempt) {
            expect(event.type).toBe('pay');
            expect(mayStartAttempt(state)).toBe(true);
          }
          if (event.type === 'pay' && !event.retry && !mayStartAttempt(state)) expect(next).toBe(state);
          if (event.type === 'pay_answered' && event.attempt !== state.attempt) expect(next).toBe(state);
          if (event.type === 'poll_answered' && event.sentAt !== state.checking) expect(next).toBe(state);
          // A navigation under way cannot be taken back or replaced.
          if (state.status === 'redirecting') expect(next.status).toBe('redirecting');
          // A check is only ever in flight for a pending attempt or a request checked quietly.
          if (next.checking !== undefined) {
            expect(next.status === 'awaiting_approval' || next.lingering?.checked === true).toBe(true);
          }
          // Answers and the clock never make the shopper "act": only presses do.
          if (!['pay', 'cancel', 'reset'].includes(event.type)) expect(next.acted).toBe(state.acted);
          state = next;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('createPayStore', () => {
  it('starts from the initial state, or the given one', () => {
    expect(createPayStore().getState()).toBe(INITIAL_STATE);
    const start = awaiting();
    expect(createPayStore(start).getState()).toBe(start);
  });

  it('applies events, returns whether the state changed, and tells listeners (next, previous)', () => {
    const store = createPayStore();
    const listener = vi.fn();
    store.subscribe(listener);
    const before = store.getState();
    expect(store.send({ type: 'pay', now: T0 })).toBe(true);
    const after = store.getState();
    expect(after).toMatchObject({ status: 'submitting', attempt: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(after, before);
  });

  it('refuses a double click in the same tick and tells no one', () => {
    const store = createPayStore();
    const listener = vi.fn();
    store.subscribe(listener);
    expect(store.send({ type: 'pay', now: T0 })).toBe(true);
    const inFlight = store.getState();
    expect(store.send({ type: 'pay', now: T0 })).toBe(false);
    expect(store.send({ type: 'pay', now: T0 })).toBe(false);
    expect(store.getState()).toBe(inFlight);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('stops calling a listener once unsubscribed, and keeps calling the others', () => {
    const store = createPayStore();
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribe = store.subscribe(first);
    store.subscribe(second);
    store.send({ type: 'pay', now: T0 });
    unsubscribe();
    store.send(payAnswered(1, pollOutcome));
    store.send({ type: 'cancel', now: T0 });
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(3);
    expect(second.mock.calls.map(([next]) => (next as PayState).status)).toEqual([
      'submitting',
      'awaiting_approval',
      'cancelled',
    ]);
  });

  it('lets a listener unsubscribe or send during notification: every listener hears every change once, in order', () => {
    const store = createPayStore();
    const seen: string[] = [];
    const unsubscribe = store.subscribe(() => {
      seen.push('a');
      unsubscribe();
    });
    store.subscribe((next) => {
      seen.push(`b:${next.status}`);
      // A second pay from inside a listener is refused like any other.
      if (next.status === 'submitting') expect(store.send({ type: 'pay', now: T0 })).toBe(false);
      // A change sent from a listener waits until this one has been heard by all.
      if (next.status === 'redirecting' && !next.navigated)
        expect(store.send({ type: 'navigated' })).toBe(true);
    });
    const last = vi.fn();
    store.subscribe((next, previous) => last(next.status, previous.status));
    store.send({ type: 'pay', now: T0 });
    store.send(payAnswered(1, { type: 'redirect', redirectUrl: 'https://shop.example/' }));
    expect(seen).toEqual(['a', 'b:submitting', 'b:redirecting', 'b:redirecting']);
    expect(last.mock.calls).toEqual([
      ['submitting', 'idle'],
      ['redirecting', 'submitting'],
      ['redirecting', 'redirecting'],
    ]);
    expect(navigationOwed(store.getState())).toBe(false);
  });
});
