import * as fc from 'fast-check';
import { PayError } from '../../src/core/errors';
import {
  canStartAttempt,
  createPayStore,
  INITIAL_STATE,
  isTerminal,
  transition,
  type Approval,
  type PayEvent,
  type PayState,
  type PayStatus,
} from '../../src/core/machine';
import type { PayOutcome, PollOutcome } from '../../src/core/outcomes';
import { LAST_CHECK_GRACE_MS } from '../../src/core/polling-policy';
import { QR } from './fixtures';

const POLL_URL = 'https://checkout.test/v1/view/S1/swish/P1/status';
const T0 = 1_700_000_000_000;
/** The lifetime the shopper is shown (Swish); the last check lands silently 15 s after it. */
const TIMEOUT = 180_000;
const DEADLINE = T0 + TIMEOUT + 15_000;

const payAnswered = (attempt: number, outcome: PayOutcome, extra: Partial<PayEvent> = {}): PayEvent =>
  ({ type: 'pay_answered', attempt, outcome, now: T0, timeoutMs: TIMEOUT, ...extra }) as PayEvent;

const pollAnswered = (
  attempt: number,
  outcome: PollOutcome,
  extra: { now?: number; random?: number; mayRetry?: boolean } = {},
): PayEvent => ({
  type: 'poll_answered',
  attempt,
  outcome,
  now: T0 + 2000,
  random: 0.5,
  mayRetry: true,
  ...extra,
});

const pollOutcome: PayOutcome = {
  type: 'poll',
  pollUrl: POLL_URL,
  approvalUrl: 'swish://paymentrequest?token=t',
  qrCode: QR,
};

function submitting(attempt = 1): PayState {
  return { status: 'submitting', attempt };
}

function awaiting(attempt = 1): PayState {
  return transition(submitting(attempt), payAnswered(attempt, pollOutcome));
}

const error = new PayError('network');

function stateOf(status: PayStatus, attempt = 1): PayState {
  switch (status) {
    case 'idle':
      return { status, attempt };
    case 'submitting':
      return submitting(attempt);
    case 'awaiting_approval':
      return awaiting(attempt);
    case 'redirecting':
      return { status, attempt, redirectUrl: 'https://shop.example/return' };
    case 'declined':
    case 'action_required':
    case 'failed':
      return { status, attempt, error };
    case 'expired':
    case 'cancelled':
      return { status, attempt };
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
    'starts a new attempt from %s',
    (status) => {
      const next = transition(stateOf(status, 3), { type: 'pay' });
      expect(next).toEqual({ status: 'submitting', attempt: 4 });
    },
  );

  it.each(['submitting', 'awaiting_approval', 'redirecting'] as const)(
    'ignores a second pay while %s (same object)',
    (status) => {
      const state = stateOf(status);
      expect(transition(state, { type: 'pay' })).toBe(state);
    },
  );

  it('starts the first attempt from the initial state', () => {
    expect(INITIAL_STATE).toEqual({ status: 'idle', attempt: 0 });
    expect(transition(INITIAL_STATE, { type: 'pay' })).toEqual({ status: 'submitting', attempt: 1 });
  });
});

describe('transition: pay_answered', () => {
  it('goes to redirecting on a redirect', () => {
    expect(
      transition(submitting(2), payAnswered(2, { type: 'redirect', redirectUrl: 'https://shop.example/r' })),
    ).toEqual({ status: 'redirecting', attempt: 2, redirectUrl: 'https://shop.example/r' });
  });

  it('goes to awaiting_approval on a poll, with the deadline counted from the answer', () => {
    const next = transition(
      submitting(2),
      payAnswered(2, pollOutcome, { maskedPhoneNumber: '+46 ••• •• 67' }),
    );
    expect(next).toEqual({
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
    expect(next).toEqual({ status: type, attempt: 1, error: err });
    expect(next.status !== 'idle' && 'error' in next && next.error).toBe(err);
  });

  it('ignores an answer with a stale attempt number (same object)', () => {
    const state = submitting(2);
    expect(
      transition(state, payAnswered(1, { type: 'redirect', redirectUrl: 'https://shop.example/' })),
    ).toBe(state);
    expect(
      transition(state, payAnswered(3, { type: 'redirect', redirectUrl: 'https://shop.example/' })),
    ).toBe(state);
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
    state = transition(state, { type: 'cancel' });
    state = transition(state, { type: 'pay' });
    expect(state).toEqual({ status: 'submitting', attempt: 2 });
    const late = transition(
      state,
      payAnswered(1, { type: 'redirect', redirectUrl: 'https://shop.example/' }),
    );
    expect(late).toBe(state);
  });
});

describe('transition: poll_answered', () => {
  it('stays awaiting on pending, records the answer and resets failures', () => {
    const state = transition(
      awaiting(),
      pollAnswered(1, { type: 'retry', error: new PayError('server', { retryAfterMs: 9000 }) }),
    );
    const next = transition(state, pollAnswered(1, { type: 'pending' }, { now: T0 + 20_000 }));
    expect(next.status).toBe('awaiting_approval');
    if (next.status !== 'awaiting_approval') return;
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
    const next = transition(awaiting(), pollAnswered(1, { type: 'pending', pollUrl: `${POLL_URL}?n=2` }));
    expect(next.status === 'awaiting_approval' && next.pollUrl).toBe(`${POLL_URL}?n=2`);
  });

  it('clears the resumed flag after the first answer', () => {
    const resumed = transition(INITIAL_STATE, {
      type: 'resume',
      approval: { expiresAt: T0 + TIMEOUT },
      pollUrl: POLL_URL,
      startedAt: T0,
      now: T0 + 1000,
    });
    expect(resumed.status === 'awaiting_approval' && resumed.resumed).toBe(true);
    const next = transition(resumed, pollAnswered(1, { type: 'pending' }));
    expect(next.status === 'awaiting_approval' && next.resumed).toBe(false);
  });

  it('keeps waiting on a pending answer at the shown end: the silent last check is still to come', () => {
    const next = transition(awaiting(), pollAnswered(1, { type: 'pending' }, { now: T0 + TIMEOUT }));
    expect(next.status).toBe('awaiting_approval');
    expect(next.status === 'awaiting_approval' && next.approval.expiresAt).toBe(T0 + TIMEOUT);
    expect(next.status === 'awaiting_approval' && next.progress.deadline).toBe(
      T0 + TIMEOUT + LAST_CHECK_GRACE_MS,
    );
  });

  it('expires on a pending answer at the deadline (the shown end + 15 s)', () => {
    expect(transition(awaiting(), pollAnswered(1, { type: 'pending' }, { now: DEADLINE }))).toEqual({
      status: 'expired',
      attempt: 1,
    });
  });

  it('expires on a pending answer after the deadline', () => {
    expect(transition(awaiting(), pollAnswered(1, { type: 'pending' }, { now: DEADLINE + 5000 }))).toEqual({
      status: 'expired',
      attempt: 1,
    });
  });

  it('keeps waiting on a pending answer just before the deadline', () => {
    expect(transition(awaiting(), pollAnswered(1, { type: 'pending' }, { now: DEADLINE - 1 })).status).toBe(
      'awaiting_approval',
    );
  });

  it('counts failures in a row with jitter and Retry-After', () => {
    let state = awaiting();
    state = transition(state, pollAnswered(1, { type: 'retry', error }, { now: T0 + 2000, random: 0.1 }));
    state = transition(state, pollAnswered(1, { type: 'retry', error }, { now: T0 + 6000, random: 0.2 }));
    const rateLimited = new PayError('rate_limited', { retryAfterMs: 7000 });
    state = transition(
      state,
      pollAnswered(1, { type: 'retry', error: rateLimited }, { now: T0 + 14_000, random: 0.3 }),
    );
    expect(state.status).toBe('awaiting_approval');
    if (state.status !== 'awaiting_approval') return;
    expect(state.progress).toEqual({
      startedAt: T0,
      deadline: DEADLINE,
      lastAnswerAt: T0 + 14_000,
      failures: 3,
      jitter: 0.3,
      retryAfterMs: 7000,
    });
  });

  it('keeps retrying after the deadline while retries are allowed (undecided is not expired)', () => {
    const next = transition(awaiting(), pollAnswered(1, { type: 'retry', error }, { now: DEADLINE + 1000 }));
    expect(next.status).toBe('awaiting_approval');
  });

  it('fails with the error when a failed check may not be retried', () => {
    const timeout = new PayError('timeout');
    expect(
      transition(awaiting(), pollAnswered(1, { type: 'retry', error: timeout }, { mayRetry: false })),
    ).toEqual({
      status: 'failed',
      attempt: 1,
      error: timeout,
    });
  });

  it('goes to redirecting, declined or failed on a decided answer', () => {
    expect(
      transition(awaiting(), pollAnswered(1, { type: 'redirect', redirectUrl: 'https://shop.example/r' })),
    ).toEqual({
      status: 'redirecting',
      attempt: 1,
      redirectUrl: 'https://shop.example/r',
    });
    const rejected = new PayError('rejected');
    expect(transition(awaiting(), pollAnswered(1, { type: 'declined', error: rejected }))).toEqual({
      status: 'declined',
      attempt: 1,
      error: rejected,
    });
    const notFound = new PayError('session_not_found');
    expect(transition(awaiting(), pollAnswered(1, { type: 'failed', error: notFound }))).toEqual({
      status: 'failed',
      attempt: 1,
      error: notFound,
    });
  });

  it('applies a redirect even after the deadline: a decided answer wins over expiry', () => {
    const next = transition(
      awaiting(),
      pollAnswered(1, { type: 'redirect', redirectUrl: 'https://shop.example/r' }, { now: DEADLINE + 10 }),
    );
    expect(next.status).toBe('redirecting');
  });

  it('ignores an answer with a stale attempt number (same object)', () => {
    const state = awaiting(2);
    for (const attempt of [0, 1, 3]) {
      expect(
        transition(state, pollAnswered(attempt, { type: 'redirect', redirectUrl: 'https://shop.example/' })),
      ).toBe(state);
    }
  });

  it.each(ALL_STATUSES.filter((s) => s !== 'awaiting_approval'))(
    'ignores an answer while %s (same object)',
    (status) => {
      const state = stateOf(status);
      expect(
        transition(state, pollAnswered(1, { type: 'redirect', redirectUrl: 'https://shop.example/' })),
      ).toBe(state);
    },
  );

  it('ignores a late answer after cancel, and after reset', () => {
    const cancelled = transition(awaiting(), { type: 'cancel' });
    expect(
      transition(cancelled, pollAnswered(1, { type: 'redirect', redirectUrl: 'https://shop.example/' })),
    ).toBe(cancelled);
    const reset = transition(awaiting(), { type: 'reset' });
    expect(transition(reset, pollAnswered(1, { type: 'pending' }))).toBe(reset);
    // Even once a new attempt is polling, the old attempt's answer is not applied to it.
    const again = transition(transition(reset, { type: 'pay' }), payAnswered(2, pollOutcome));
    expect(again.status).toBe('awaiting_approval');
    expect(
      transition(again, pollAnswered(1, { type: 'redirect', redirectUrl: 'https://shop.example/' })),
    ).toBe(again);
  });
});

describe('transition: resume', () => {
  const approval: Approval = { expiresAt: T0 + TIMEOUT, approvalUrl: 'swish://x', qrCode: QR };

  it('resumes polling from idle, as a new attempt, marked resumed', () => {
    const next = transition(
      { status: 'idle', attempt: 4 },
      {
        type: 'resume',
        approval,
        pollUrl: POLL_URL,
        startedAt: T0,
        now: T0 + 30_000,
      },
    );
    expect(next).toEqual({
      status: 'awaiting_approval',
      attempt: 5,
      approval,
      pollUrl: POLL_URL,
      progress: { startedAt: T0, deadline: DEADLINE, lastAnswerAt: T0 + 30_000, failures: 0, jitter: 0 },
      resumed: true,
    });
  });

  it.each(ALL_STATUSES.filter((s) => s !== 'idle'))('is ignored while %s (same object)', (status) => {
    const state = stateOf(status);
    expect(transition(state, { type: 'resume', approval, pollUrl: POLL_URL, startedAt: T0, now: T0 })).toBe(
      state,
    );
  });
});

describe('transition: cancel', () => {
  it('cancels while awaiting approval', () => {
    expect(transition(awaiting(3), { type: 'cancel' })).toEqual({ status: 'cancelled', attempt: 3 });
  });

  it.each(ALL_STATUSES.filter((s) => s !== 'awaiting_approval'))(
    'is ignored while %s (same object)',
    (status) => {
      const state = stateOf(status);
      expect(transition(state, { type: 'cancel' })).toBe(state);
    },
  );
});

describe('transition: late_approval', () => {
  const late: PayEvent = { type: 'late_approval', redirectUrl: 'https://shop.example/late' };

  it.each(['idle', 'cancelled', 'failed', 'expired', 'declined', 'action_required'] as const)(
    'redirects from %s, keeping the attempt counter',
    (status) => {
      expect(transition(stateOf(status, 4), late)).toEqual({
        status: 'redirecting',
        attempt: 4,
        redirectUrl: 'https://shop.example/late',
      });
    },
  );

  it.each(['submitting', 'awaiting_approval', 'redirecting'] as const)(
    'is ignored while %s (same object): a new attempt or a navigation wins',
    (status) => {
      const state = stateOf(status);
      expect(transition(state, late)).toBe(state);
    },
  );
});

describe('transition: reset', () => {
  it.each(['awaiting_approval', 'declined', 'action_required', 'failed', 'expired', 'cancelled'] as const)(
    'goes back to idle from %s, keeping the attempt counter',
    (status) => {
      expect(transition(stateOf(status, 5), { type: 'reset' })).toEqual({ status: 'idle', attempt: 5 });
    },
  );

  it.each(['submitting', 'redirecting', 'idle'] as const)('is ignored while %s (same object)', (status) => {
    const state = stateOf(status);
    expect(transition(state, { type: 'reset' })).toBe(state);
  });
});

describe('status helpers', () => {
  it('allows a new attempt only from idle and the ended states', () => {
    expect(ALL_STATUSES.filter(canStartAttempt)).toEqual([
      'idle',
      'declined',
      'action_required',
      'expired',
      'cancelled',
      'failed',
    ]);
  });

  it('treats everything but submitting and awaiting_approval as terminal', () => {
    expect(ALL_STATUSES.filter((s) => !isTerminal(s))).toEqual(['submitting', 'awaiting_approval']);
  });
});

describe('transition properties', () => {
  const outcomeArb: fc.Arbitrary<PollOutcome> = fc.oneof(
    fc.constant<PollOutcome>({ type: 'pending' }),
    fc.constant<PollOutcome>({ type: 'redirect', redirectUrl: 'https://shop.example/r' }),
    fc.constant<PollOutcome>({ type: 'declined', error: new PayError('rejected') }),
    fc.constant<PollOutcome>({ type: 'failed', error: new PayError('session_not_found') }),
    fc.constant<PollOutcome>({ type: 'retry', error }),
  );
  const eventArb: fc.Arbitrary<PayEvent> = fc.oneof(
    fc.constant<PayEvent>({ type: 'pay' }),
    fc.constant<PayEvent>({ type: 'cancel' }),
    fc.constant<PayEvent>({ type: 'reset' }),
    fc.constant<PayEvent>({ type: 'late_approval', redirectUrl: 'https://shop.example/late' }),
    fc
      .record({ attempt: fc.integer({ min: 0, max: 6 }), poll: fc.boolean() })
      .map(({ attempt, poll }) => payAnswered(attempt, poll ? pollOutcome : { type: 'failed', error })),
    fc
      .record({
        attempt: fc.integer({ min: 0, max: 6 }),
        outcome: outcomeArb,
        late: fc.boolean(),
        mayRetry: fc.boolean(),
      })
      .map(({ attempt, outcome, late, mayRetry }) =>
        pollAnswered(attempt, outcome, { now: late ? DEADLINE : T0 + 1000, mayRetry }),
      ),
  );

  it('never leaves a state for a final one by itself, never goes back in attempts, ignores with the same object', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        let state = INITIAL_STATE;
        for (const event of events) {
          const next = transition(state, event);
          expect(next.attempt).toBeGreaterThanOrEqual(state.attempt);
          if (next.attempt > state.attempt) {
            // Only pay (and resume) open a new attempt, and only from a state that allows one.
            expect(event.type).toBe('pay');
            expect(canStartAttempt(state.status)).toBe(true);
          }
          if (event.type === 'pay' && !canStartAttempt(state.status)) expect(next).toBe(state);
          if (
            (event.type === 'pay_answered' || event.type === 'poll_answered') &&
            event.attempt !== state.attempt
          ) {
            expect(next).toBe(state);
          }
          if (state.status === 'redirecting') expect(next).toBe(state);
          state = next;
        }
      }),
      { numRuns: 500 },
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
    expect(store.send({ type: 'pay' })).toBe(true);
    const after = store.getState();
    expect(after).toEqual({ status: 'submitting', attempt: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(after, before);
  });

  it('refuses a double click in the same tick and tells no one', () => {
    const store = createPayStore();
    const listener = vi.fn();
    store.subscribe(listener);
    expect(store.send({ type: 'pay' })).toBe(true);
    const inFlight = store.getState();
    expect(store.send({ type: 'pay' })).toBe(false);
    expect(store.send({ type: 'pay' })).toBe(false);
    expect(store.getState()).toBe(inFlight);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('stops calling a listener once unsubscribed, and keeps calling the others', () => {
    const store = createPayStore();
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribe = store.subscribe(first);
    store.subscribe(second);
    store.send({ type: 'pay' });
    unsubscribe();
    store.send(payAnswered(1, pollOutcome));
    store.send({ type: 'cancel' });
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(3);
    expect(second.mock.calls.map(([next]) => (next as PayState).status)).toEqual([
      'submitting',
      'awaiting_approval',
      'cancelled',
    ]);
  });

  it('lets a listener unsubscribe or send during notification without breaking the round', () => {
    const store = createPayStore();
    const seen: string[] = [];
    const unsubscribe = store.subscribe(() => {
      seen.push('a');
      unsubscribe();
    });
    store.subscribe((next) => {
      seen.push(`b:${next.status}`);
      // A second pay from inside a listener is refused like any other.
      if (next.status === 'submitting') expect(store.send({ type: 'pay' })).toBe(false);
    });
    store.send({ type: 'pay' });
    store.send(payAnswered(1, { type: 'failed', error }));
    expect(seen).toEqual(['a', 'b:submitting', 'b:failed']);
  });
});
