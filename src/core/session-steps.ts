import { PayError } from './errors';
import type { DinteroClient, HttpResult } from './http';
import type { PayState, PayStatus, PayStore } from './machine';
import { interpretPayAnswer, interpretPollAnswer, type UrlPolicy } from './outcomes';
import { buildPayRequest, type PayInput } from './pay-request';
import { mayCheckEarly, mayRetryAfterFailure, nextPollDelay, type PollPolicy } from './polling-policy';

/**
 * A pay request that timed out or lost its connection may have reached Dintero and started a
 * payment: say so (code `outcome_unknown`), so the shopper checks the app before paying again.
 */
function markUnknownOutcome<T>(result: HttpResult<T>): HttpResult<T> {
  if (result.ok || (result.error.kind !== 'timeout' && result.error.kind !== 'network')) return result;
  return { ok: false, error: new PayError(result.error.kind, { code: 'outcome_unknown' }) };
}

export interface SessionStepsConfig {
  sessionId: string;
  paymentProductType: string;
  client: DinteroClient;
  urlPolicy: UrlPolicy;
  policy: Required<PollPolicy>;
  /** Read at call time: the session's `updated_at` for `If-Unmodified-Since`. */
  sessionUpdatedAt?: () => string | undefined;
}

/**
 * The steps of a payment session as plain async functions over a store, so a binding (the React
 * hook) only decides when to run them. Each step applies its answer to the store itself, and only to
 * the attempt it was started for.
 */
export function createSessionSteps(store: PayStore, config: SessionStepsConfig) {
  const { client, urlPolicy, policy } = config;
  return {
    policy,
    /** The pay call for `attempt`; a bad input fails the attempt without a request. */
    async submit(attempt: number, input: PayInput | undefined): Promise<void> {
      const built = buildPayRequest(config.paymentProductType, input);
      const outcome = built.ok
        ? interpretPayAnswer(
            markUnknownOutcome(
              await client.pay(config.sessionId, built.body, {
                sessionUpdatedAt: config.sessionUpdatedAt?.(),
              }),
            ),
            urlPolicy,
          )
        : ({ type: 'failed', error: built.error } as const);
      store.send({
        type: 'pay_answered',
        attempt,
        outcome,
        now: Date.now(),
        timeoutMs: policy.timeoutMs,
        maskedPhoneNumber: built.ok ? built.maskedPhoneNumber : undefined,
      });
    },

    /** One status check of the pending attempt; an aborted check applies nothing. */
    async checkStatus(signal: AbortSignal): Promise<void> {
      const before = store.getState();
      if (before.status !== 'awaiting_approval') return;
      const result = await client.poll(before.pollUrl, { signal });
      if (signal.aborted) return;
      const now = Date.now();
      store.send({
        type: 'poll_answered',
        attempt: before.attempt,
        outcome: interpretPollAnswer(result, urlPolicy),
        now,
        random: Math.random(),
        mayRetry: mayRetryAfterFailure(policy, before.progress, now),
      });
    },

    /** Milliseconds from the last answer to the next check, or `false` when nothing is pending. */
    nextCheckDelay(): number | false {
      const state = store.getState();
      return state.status === 'awaiting_approval' && nextPollDelay(policy, state.progress);
    },

    /** Whether an out-of-schedule check (page visible again, back online) may be made now. */
    mayCheckNow(): boolean {
      const state = store.getState();
      return state.status === 'awaiting_approval' && mayCheckEarly(state.progress, Date.now());
    },
  };
}

export type SessionSteps = ReturnType<typeof createSessionSteps>;

export interface TransitionCallbacks {
  onStatusChange?: (status: PayStatus, previous: PayStatus) => void;
  onSuccess?: (result: { redirectUrl: string }) => void;
  onError?: (error: PayError) => void;
  onActionRequired?: (error: PayError) => void;
  onRedirect?: (url: string) => void;
}

/** Runs the callbacks a transition calls for; a redirect navigates exactly once, through `redirect`. */
export function notifyTransition(
  next: PayState,
  previous: PayState,
  callbacks: TransitionCallbacks,
  redirect: (url: string) => void,
): void {
  callbacks.onStatusChange?.(next.status, previous.status);
  if (next.status === 'redirecting') {
    callbacks.onSuccess?.({ redirectUrl: next.redirectUrl });
    (callbacks.onRedirect ?? redirect)(next.redirectUrl);
  } else if (next.status === 'declined' || next.status === 'failed') {
    callbacks.onError?.(next.error);
  } else if (next.status === 'action_required') {
    callbacks.onActionRequired?.(next.error);
  }
}
