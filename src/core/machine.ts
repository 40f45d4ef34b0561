import type { PayError } from './errors';
import type { PayOutcome, PollOutcome } from './outcomes';
import { LAST_CHECK_GRACE_MS, type PollProgress } from './polling-policy';

export type PayStatus =
  | 'idle'
  | 'submitting'
  | 'awaiting_approval'
  | 'redirecting'
  | 'declined'
  | 'action_required'
  | 'expired'
  | 'cancelled'
  | 'failed';

/** What the shopper needs to approve a pending payment. */
export interface Approval {
  /** App link (`swish:`, `vipps:`, `mobilepay:` or `https:`) to approve on this device. */
  approvalUrl?: string;
  /** PNG data URL of a QR code to scan with another device. */
  qrCode?: string;
  /** Wall-clock epoch ms after which the request is considered expired. */
  expiresAt: number;
  /** The number the request was pushed to, masked (`+46 ••• •• 67`). */
  phoneNumber?: string;
}

interface Attempt {
  /** Increases with each `pay`; answers of older attempts are ignored. */
  attempt: number;
}

export type PayState =
  | ({ status: 'idle' } & Attempt)
  | ({ status: 'submitting' } & Attempt)
  | ({
      status: 'awaiting_approval';
      approval: Approval;
      pollUrl: string;
      progress: PollProgress;
      /** Restored from storage after a reload: check at once instead of after an interval. */
      resumed: boolean;
    } & Attempt)
  | ({ status: 'redirecting'; redirectUrl: string } & Attempt)
  | ({ status: 'declined' | 'action_required' | 'failed'; error: PayError } & Attempt)
  | ({ status: 'expired' | 'cancelled' } & Attempt);

export type PayEvent =
  | { type: 'pay' }
  | {
      type: 'pay_answered';
      attempt: number;
      outcome: PayOutcome;
      now: number;
      timeoutMs: number;
      maskedPhoneNumber?: string;
    }
  | {
      type: 'poll_answered';
      attempt: number;
      outcome: PollOutcome;
      now: number;
      /** In [0, 1): the backoff jitter if this answer is a failure. */
      random: number;
      /** Whether a failed check may still be retried (see `mayRetryAfterFailure`). */
      mayRetry: boolean;
    }
  | { type: 'resume'; approval: Approval; pollUrl: string; startedAt: number; now: number }
  | { type: 'cancel' }
  | { type: 'reset' }
  /** A request the page stopped waiting for was approved after all (see `createPaySession`). */
  | { type: 'late_approval'; redirectUrl: string };

export const INITIAL_STATE: PayState = { status: 'idle', attempt: 0 };

/** No request is pending or will be made in these states. */
export function isTerminal(status: PayStatus): boolean {
  return status !== 'submitting' && status !== 'awaiting_approval';
}

/** States from which the shopper may start a new attempt: the terminal ones but a navigation under way. */
export function canStartAttempt(status: PayStatus): boolean {
  return isTerminal(status) && status !== 'redirecting';
}

type FinalOutcome = Extract<
  PayOutcome | PollOutcome,
  { type: 'redirect' | 'declined' | 'action_required' | 'failed' }
>;

/** Outcomes that end the attempt map one to one onto states. */
function settle(outcome: FinalOutcome, attempt: number): PayState {
  return outcome.type === 'redirect'
    ? { status: 'redirecting', attempt, redirectUrl: outcome.redirectUrl }
    : { status: outcome.type, attempt, error: outcome.error };
}

function awaiting(
  attempt: number,
  approval: Approval,
  pollUrl: string,
  startedAt: number,
  now: number,
  resumed: boolean,
): PayState {
  // The shopper is shown `expiresAt`; the last check lands silently a little after it.
  const deadline = approval.expiresAt + LAST_CHECK_GRACE_MS;
  const progress = { startedAt, deadline, lastAnswerAt: now, failures: 0, jitter: 0 };
  return { status: 'awaiting_approval', attempt, approval, pollUrl, progress, resumed };
}

function afterPay(state: PayState, event: PayEvent & { type: 'pay_answered' }): PayState {
  const { outcome, now } = event;
  if (outcome.type !== 'poll') return settle(outcome, state.attempt);
  const approval: Approval = {
    expiresAt: now + event.timeoutMs,
    ...(outcome.approvalUrl && { approvalUrl: outcome.approvalUrl }),
    ...(outcome.qrCode && { qrCode: outcome.qrCode }),
    ...(event.maskedPhoneNumber && { phoneNumber: event.maskedPhoneNumber }),
  };
  return awaiting(state.attempt, approval, outcome.pollUrl, now, now, false);
}

function afterPoll(
  state: PayState & { status: 'awaiting_approval' },
  event: PayEvent & { type: 'poll_answered' },
): PayState {
  const { outcome, now } = event;
  const { progress } = state;
  if (outcome.type === 'pending') {
    // A pending answer at or after the deadline is the last check: the request has expired.
    if (now >= progress.deadline) return { status: 'expired', attempt: state.attempt };
    return {
      ...state,
      resumed: false,
      pollUrl: outcome.pollUrl ?? state.pollUrl,
      progress: { ...progress, lastAnswerAt: now, failures: 0, jitter: 0, retryAfterMs: undefined },
    };
  }
  if (outcome.type !== 'retry') return settle(outcome, state.attempt);
  // Undecided is not declined: give up only when retrying is no longer allowed, with the error.
  if (!event.mayRetry) return settle({ type: 'failed', error: outcome.error }, state.attempt);
  return {
    ...state,
    progress: {
      ...progress,
      lastAnswerAt: now,
      failures: progress.failures + 1,
      jitter: event.random,
      retryAfterMs: outcome.error.retryAfterMs,
    },
  };
}

/**
 * The pure state machine: state + event → state. Events that do not apply to the current state
 * (a second `pay` while one is in flight, a late answer after `cancel`) return the same object.
 */
export function transition(state: PayState, event: PayEvent): PayState {
  switch (event.type) {
    case 'pay':
      return canStartAttempt(state.status) ? { status: 'submitting', attempt: state.attempt + 1 } : state;
    case 'pay_answered':
      return state.status === 'submitting' && event.attempt === state.attempt
        ? afterPay(state, event)
        : state;
    case 'poll_answered':
      return state.status === 'awaiting_approval' && event.attempt === state.attempt
        ? afterPoll(state, event)
        : state;
    case 'resume':
      return state.status === 'idle'
        ? awaiting(state.attempt + 1, event.approval, event.pollUrl, event.startedAt, event.now, true)
        : state;
    case 'cancel':
      return state.status === 'awaiting_approval' ? { status: 'cancelled', attempt: state.attempt } : state;
    case 'late_approval':
      return canStartAttempt(state.status)
        ? { status: 'redirecting', attempt: state.attempt, redirectUrl: event.redirectUrl }
        : state;
    case 'reset':
      // A pay call in flight or a navigation under way cannot be taken back.
      return state.status === 'submitting' || state.status === 'redirecting' || state.status === 'idle'
        ? state
        : { status: 'idle', attempt: state.attempt };
  }
}

export type PayStoreListener = (state: PayState, previous: PayState) => void;

/** A tiny synchronous store around `transition`, so a double click is refused in the same tick. */
export interface PayStore {
  getState(): PayState;
  /** Applies the event; returns whether the state changed. */
  send(event: PayEvent): boolean;
  subscribe(listener: PayStoreListener): () => void;
}

export function createPayStore(
  initial: PayState = INITIAL_STATE,
  /** Where a listener's exception goes: it is reported, and the other listeners still run. */
  reportError: (error: unknown) => void = (error) =>
    setTimeout(() => {
      throw error;
    }),
): PayStore {
  let state = initial;
  const listeners = new Set<PayStoreListener>();
  return {
    getState: () => state,
    send(event) {
      const next = transition(state, event);
      if (next === state) return false;
      const previous = state;
      state = next;
      for (const listener of [...listeners]) {
        try {
          listener(next, previous);
        } catch (error) {
          reportError(error);
        }
      }
      return true;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
