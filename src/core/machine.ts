import type { PayError } from './errors';
import type { PayOutcome, PollOutcome } from './outcomes';
import {
  LAST_CHECK_GRACE_MS,
  mayCheckEarly,
  mayRetryAfterFailure,
  nextPollDelay,
  type PollPolicy,
  type PollProgress,
} from './polling-policy';

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

/**
 * A request the page stopped waiting for that may still be approved in the app (the library cannot
 * cancel it), until its real end.
 */
export interface LingeringRequest {
  pollUrl: string;
  /** Its real end: the deadline, silent grace included. */
  until: number;
  /**
   * Checked quietly at the slow interval: after `cancel()` and after a status check that could not
   * find it (a 404 can be momentary). Never after `reset()`, the page's "send nothing more".
   */
  checked: boolean;
  /** The last quiet check; the next one counts from here. */
  lastCheckAt: number;
}

/** Facts that hold in every status, and decide with it what happens next. */
export interface SessionFacts {
  /** Increases with each attempt; answers of other attempts are ignored. */
  attempt: number;
  lingering?: LingeringRequest;
  /** When the status check in flight was sent: one at a time, of the attempt or the lingering request. */
  checking?: number;
  /** When the page was hidden (the shopper left for the payment app), until it is back. */
  hiddenAt?: number;
  offline: boolean;
  /**
   * The shopper pressed pay, retry, cancel or reset on this page. Recorded at the press, never
   * inferred from an answer: a page resumed after a reload has not acted, so nothing takes focus.
   */
  acted: boolean;
}

type AttemptState =
  | { status: 'idle' | 'submitting' | 'expired' | 'cancelled' }
  | {
      status: 'awaiting_approval';
      approval: Approval;
      pollUrl: string;
      progress: PollProgress;
      /** Restored from storage after a reload, and not yet confirmed by a status check. */
      resumed: boolean;
    }
  | {
      status: 'redirecting';
      redirectUrl: string;
      /** The navigation was made (once per attempt, and only while something shows the session). */
      navigated: boolean;
    }
  | {
      status: 'declined' | 'action_required' | 'failed';
      error: PayError;
      /** A `Retry-After` wait is running until then: "Try again" waits for it. */
      retryAt?: number;
    };

export type PayState = AttemptState & SessionFacts;

type Timed = { now: number };
/** Events whose decisions follow the polling schedule carry the policy of the moment. */
type Scheduled = Timed & { policy: Required<PollPolicy> };

export type PayEvent =
  /** The shopper pressed Pay (`retry`: "Try again", with the previous input). */
  | ({ type: 'pay'; retry?: boolean } & Timed)
  | ({
      type: 'pay_answered';
      attempt: number;
      outcome: PayOutcome;
      timeoutMs: number;
      maskedPhoneNumber?: string;
    } & Timed)
  | ({
      type: 'poll_answered';
      /** When the check was sent: an answer to any other check than the one in flight is ignored. */
      sentAt: number;
      outcome: PollOutcome;
      /** In [0, 1): the backoff jitter if this answer is a failure. */
      random: number;
    } & Scheduled)
  | ({ type: 'resume'; approval: Approval; pollUrl: string; startedAt: number } & Timed)
  | ({ type: 'cancel' | 'reset' } & Timed)
  /** The session's timer: a check may be due, a lingering request or a `Retry-After` wait over. */
  | ({ type: 'tick' } & Scheduled)
  /** The page was hidden, or the shopper may be back (visible, focused, restored, online). */
  | ({ type: 'page'; visible: boolean } & Scheduled)
  | ({ type: 'network'; online: boolean } & Scheduled)
  | { type: 'navigated' }
  /** Nothing shows the session any more: no check may be in flight. */
  | { type: 'unobserved' };

export const INITIAL_STATE: PayState = { status: 'idle', attempt: 0, offline: false, acted: false };

/** No request is pending or will be made for the attempt in these states. */
export function isTerminal(status: PayStatus): boolean {
  return status !== 'submitting' && status !== 'awaiting_approval';
}

/** May the shopper start a new attempt: the terminal states but a navigation under way. */
export function mayStartAttempt(state: Pick<PayState, 'status'>): boolean {
  return isTerminal(state.status) && state.status !== 'redirecting';
}

/**
 * May "Try again" start an attempt: a retryable error whose `Retry-After` wait is over, at `now`;
 * without `now`, as the state knows it (a tick clears `retryAt` when the wait ends), which keeps a
 * snapshot a function of the state alone.
 */
export function mayRetryNow(state: PayState, now = -Infinity): boolean {
  if (!('error' in state) || !state.error.retryable) return false;
  return state.retryAt === undefined || now >= state.retryAt;
}

/** When the next status check is due, of the pending attempt or of a lingering request; `undefined`: none. */
export function nextCheckAt(state: PayState, policy: Required<PollPolicy>): number | undefined {
  if (state.checking !== undefined) return undefined;
  if (state.status === 'awaiting_approval') {
    return state.progress.lastAnswerAt + nextPollDelay(policy, state.progress);
  }
  const { lingering } = state;
  // Its end is not checked: it may be live until then, and nothing can be learnt after.
  return lingering?.checked
    ? Math.min(lingering.lastCheckAt + policy.slowIntervalMs, lingering.until)
    : undefined;
}

/** When the session's one timer must fire: the next check, a lingering request's end, a wait's end. */
export function wakeAt(state: PayState, policy: Required<PollPolicy>): number | undefined {
  // What is not there counts as never.
  const due = Math.min(
    nextCheckAt(state, policy) ?? Infinity,
    state.lingering?.until ?? Infinity,
    ('retryAt' in state ? state.retryAt : undefined) ?? Infinity,
  );
  return due < Infinity ? due : undefined;
}

/** Whether a navigation to `redirectUrl` is owed (it happens once, when something shows the session). */
export function navigationOwed(state: PayState): state is PayState & { status: 'redirecting' } {
  return state.status === 'redirecting' && !state.navigated;
}

/** The facts carried from one state to the next, with `patch` applied. */
function facts(state: PayState, patch: Partial<SessionFacts> = {}): SessionFacts {
  const { attempt, lingering, checking, hiddenAt, offline, acted } = state;
  return { attempt, lingering, checking, hiddenAt, offline, acted, ...patch };
}

type FinalOutcome = Extract<
  PayOutcome | PollOutcome,
  { type: 'redirect' | 'declined' | 'action_required' | 'failed' }
>;

/** Outcomes that end the attempt map one to one onto states; no check stays in flight. */
function settle(
  state: PayState,
  outcome: FinalOutcome,
  now: number,
  patch?: Partial<SessionFacts>,
): PayState {
  const base = facts(state, { checking: undefined, ...patch });
  if (outcome.type === 'redirect') {
    return { ...base, status: 'redirecting', redirectUrl: outcome.redirectUrl, navigated: false };
  }
  const { error } = outcome;
  const retryAt = error.retryable && error.retryAfterMs ? now + error.retryAfterMs : undefined;
  return { ...base, status: outcome.type, error, retryAt };
}

function awaiting(
  state: PayState,
  approval: Approval,
  pollUrl: string,
  startedAt: number,
  now: number,
  resumed: boolean,
): PayState {
  // The shopper is shown `expiresAt`; the last check lands silently a little after it.
  const deadline = approval.expiresAt + LAST_CHECK_GRACE_MS;
  const progress = { startedAt, deadline, lastAnswerAt: now, failures: 0, jitter: 0 };
  // A resumed attempt is checked at once: this page has not seen an answer for it yet.
  const patch = { attempt: state.attempt + (resumed ? 1 : 0), checking: resumed ? now : undefined };
  return { ...facts(state, patch), status: 'awaiting_approval', approval, pollUrl, progress, resumed };
}

function afterPay(state: PayState, event: PayEvent & { type: 'pay_answered' }): PayState {
  const { outcome, now } = event;
  if (outcome.type !== 'poll') return settle(state, outcome, now);
  const approval: Approval = {
    expiresAt: now + event.timeoutMs,
    ...(outcome.approvalUrl && { approvalUrl: outcome.approvalUrl }),
    ...(outcome.qrCode && { qrCode: outcome.qrCode }),
    ...(event.maskedPhoneNumber && { phoneNumber: event.maskedPhoneNumber }),
  };
  return awaiting(state, approval, outcome.pollUrl, now, now, false);
}

/** The request the page waited for goes on without the page: checked quietly or only waited out. */
function lingeringOf(state: PayState & { status: 'awaiting_approval' }, now: number, checked: boolean) {
  return { pollUrl: state.pollUrl, until: state.progress.deadline, checked, lastCheckAt: now };
}

function afterPoll(
  state: PayState & { status: 'awaiting_approval' },
  event: PayEvent & { type: 'poll_answered' },
): PayState {
  const { outcome, now } = event;
  const { progress } = state;
  if (outcome.type === 'pending') {
    // A pending answer at or after the deadline is the last check: the request has expired.
    if (now >= progress.deadline) return { ...facts(state, { checking: undefined }), status: 'expired' };
    return {
      ...state,
      checking: undefined,
      resumed: false,
      pollUrl: outcome.pollUrl ?? state.pollUrl,
      progress: { ...progress, lastAnswerAt: now, failures: 0, jitter: 0, retryAfterMs: undefined },
    };
  }
  if (outcome.type !== 'retry') {
    // A status check that cannot find the request may be early or behind: it may still be approved.
    const notFound = outcome.type === 'failed' && outcome.error.kind === 'session_not_found';
    return settle(state, outcome, now, notFound ? { lingering: lingeringOf(state, now, true) } : undefined);
  }
  // Undecided is not declined: give up only when retrying is no longer allowed, with the error.
  if (!mayRetryAfterFailure(event.policy, progress, now)) {
    return settle(state, { type: 'failed', error: outcome.error }, now);
  }
  return {
    ...state,
    checking: undefined,
    progress: {
      ...progress,
      lastAnswerAt: now,
      failures: progress.failures + 1,
      jitter: event.random,
      retryAfterMs: outcome.error.retryAfterMs,
    },
  };
}

/** A quiet check of a request the page stopped waiting for. */
function afterQuietCheck(
  state: PayState,
  lingering: LingeringRequest,
  outcome: PollOutcome,
  now: number,
): PayState {
  // Approved after all: continue as if the shopper had waited (onSuccess, one navigation).
  if (outcome.type === 'redirect') return settle(state, outcome, now, { lingering: undefined });
  const keepLooking =
    outcome.type === 'pending' ||
    outcome.type === 'retry' ||
    (outcome.type === 'failed' && outcome.error.kind === 'session_not_found');
  const pollUrl = (outcome.type === 'pending' && outcome.pollUrl) || lingering.pollUrl;
  // Declined or unreadable: nothing more can come of this request.
  const next = keepLooking ? { ...lingering, pollUrl, lastCheckAt: now } : undefined;
  return { ...state, checking: undefined, lingering: next };
}

/** Starts a check at `now` if one is due (or `early`, the shopper being back) and none is in flight. */
function checkIfDue(state: PayState, event: Scheduled, early = false): PayState {
  const due = nextCheckAt(state, event.policy);
  if (due === undefined) return state;
  const allowed = early && (state.status !== 'awaiting_approval' || mayCheckEarly(state.progress, event.now));
  return allowed || due <= event.now ? { ...state, checking: event.now } : state;
}

/** The shopper may be back: a check sent before the page was hidden may hang for long (a frozen page), so a fresh one goes out. */
function onReturn(state: PayState, event: Scheduled): PayState {
  const { checking, hiddenAt } = state;
  const frozen = checking !== undefined && hiddenAt !== undefined && checking <= hiddenAt;
  const back = { ...state, hiddenAt: undefined, checking: frozen ? undefined : checking };
  return checkIfDue(back, event, true);
}

/** Ends what is over at `now`: a lingering request past its end, a `Retry-After` wait. */
function expire(state: PayState, now: number): PayState {
  let next = state;
  const { lingering } = state;
  if (lingering && now >= lingering.until) {
    // A quiet check still in flight belongs to it (a pending attempt's would be its own).
    const checking = state.status === 'awaiting_approval' ? state.checking : undefined;
    next = { ...next, lingering: undefined, checking };
  }
  if ('retryAt' in next && now >= (next.retryAt ?? Infinity)) next = { ...next, retryAt: undefined };
  return next;
}

/** A state equal to `state` field by field is `state`, so the store sees no change. */
function same(state: PayState, next: PayState): PayState {
  const keys = Object.keys({ ...state, ...next }) as (keyof PayState)[];
  return keys.every((key) => state[key] === next[key]) ? state : next;
}

/**
 * The pure state machine: state + event → state. It holds every fact that decides what happens
 * next; `createPaySession` only turns its states into effects (one timer, one request, one
 * navigation, callbacks). Events that do not apply (a second `pay` while one is in flight, a late
 * answer after `cancel`) return the same object.
 */
export function transition(state: PayState, event: PayEvent): PayState {
  switch (event.type) {
    case 'pay':
      // The one place that decides whether a pay may start. A new attempt ends any lingering request.
      return (event.retry ? mayRetryNow(state, event.now) : mayStartAttempt(state))
        ? {
            ...facts(state, {
              attempt: state.attempt + 1,
              lingering: undefined,
              checking: undefined,
              acted: true,
            }),
            status: 'submitting',
          }
        : state;
    case 'pay_answered':
      return state.status === 'submitting' && event.attempt === state.attempt
        ? afterPay(state, event)
        : state;
    case 'poll_answered':
      if (state.checking !== event.sentAt) return state;
      if (state.status === 'awaiting_approval') return afterPoll(state, event);
      return state.lingering ? afterQuietCheck(state, state.lingering, event.outcome, event.now) : state;
    case 'resume':
      return state.status === 'idle'
        ? awaiting(state, event.approval, event.pollUrl, event.startedAt, event.now, true)
        : state;
    case 'cancel':
      // The page stops waiting; the request lives on in the app and is checked quietly until its end.
      return state.status === 'awaiting_approval'
        ? {
            ...facts(state, {
              lingering: lingeringOf(state, event.now, true),
              checking: undefined,
              acted: true,
            }),
            status: 'cancelled',
          }
        : state;
    case 'reset':
      // A pay call in flight or a navigation under way cannot be taken back. From waiting, nothing
      // more is sent, but the request may be live until its end: a new attempt still warns first.
      if (state.status === 'submitting' || state.status === 'redirecting' || state.status === 'idle')
        return state;
      return {
        ...facts(state, {
          acted: true,
          checking: undefined,
          lingering:
            state.status === 'awaiting_approval' ? lingeringOf(state, event.now, false) : state.lingering,
        }),
        status: 'idle',
      };
    case 'tick':
      return same(state, checkIfDue(expire(state, event.now), event));
    case 'page':
      if (event.visible) return same(state, onReturn(expire(state, event.now), event));
      return state.hiddenAt === undefined ? { ...state, hiddenAt: event.now } : state;
    case 'network': {
      const next = { ...state, offline: !event.online };
      // Back online after being offline: check at once, as on the shopper's return.
      return same(state, event.online && state.offline ? onReturn(next, event) : next);
    }
    case 'navigated':
      return navigationOwed(state) ? { ...state, navigated: true } : state;
    case 'unobserved':
      return state.checking === undefined ? state : { ...state, checking: undefined };
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

/** Default error reporting: the page's `reportError`, else an asynchronous throw, never swallowed. */
export function reportAsynchronously(error: unknown): void {
  if (typeof reportError === 'function') reportError(error);
  else
    setTimeout(() => {
      throw error;
    });
}

export function createPayStore(
  initial: PayState = INITIAL_STATE,
  /** Where a listener's exception goes: it is reported, and the other listeners still run. */
  reportError: (error: unknown) => void = reportAsynchronously,
): PayStore {
  let state = initial;
  const listeners = new Set<PayStoreListener>();
  // Changes made by a listener wait until every listener has heard the one before, so all of them
  // hear every change once, in order.
  const queue: [PayState, PayState][] = [];
  return {
    getState: () => state,
    send(event) {
      const next = transition(state, event);
      if (next === state) return false;
      queue.push([next, state]);
      state = next;
      if (queue.length === 1) {
        while (queue.length) {
          const [current, previous] = queue[0]!;
          for (const listener of [...listeners]) {
            try {
              listener(current, previous);
            } catch (error) {
              reportError(error);
            }
          }
          queue.shift();
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
