import { PayError } from './errors';
import { createDinteroClient, DEFAULT_BASE_URL, type FetchLike } from './http';
import {
  canStartAttempt,
  createPayStore,
  isTerminal,
  type Approval,
  type PayState,
  type PayStatus,
} from './machine';
import { interpretPayAnswer, interpretPollAnswer, type PayOutcome, type UrlPolicy } from './outcomes';
import { buildPayRequest, type PayInput, type PaymentProductType } from './pay-request';
import {
  mayCheckEarly,
  mayRetryAfterFailure,
  nextPollDelay,
  resolvePollPolicy,
  type PollPolicy,
} from './polling-policy';
import {
  defaultResumeStorage,
  loadAttempt,
  persistAttemptListener,
  type ResumeStorage,
} from './resume-storage';

/** What a page hears about a session; every callback runs isolated (see `reportError`). */
export interface PaySessionCallbacks {
  /** Navigates to Dintero's `redirect_url`; defaults to `location.assign` of the top window. */
  onRedirect?: (url: string) => void;
  /** Called when the status changes (never for an answer that leaves it as it was). */
  onStatusChange?: (status: PayStatus, previous: PayStatus) => void;
  /** Called once when the flow ends in a redirect (the payment was approved or needs completing there). */
  onSuccess?: (result: { redirectUrl: string }) => void;
  /** Called when an attempt ends `declined` or `failed`. */
  onError?: (error: PayError) => void;
  /** Called with the error carrying `operations` when Dintero asks for an extra step. */
  onActionRequired?: (error: PayError) => void;
}

/** How one binding (a hook) wants the session to run; read at the moment each step needs it. */
export interface PaySessionOptions extends PaySessionCallbacks {
  /** Sent as `payment_product_type`, e.g. `swish.swish`, `payex.vipps`. */
  paymentProductType: PaymentProductType;
  /** API base; defaults to `https://checkout.dintero.com/v1`. May be relative (`/api/dintero/v1`). */
  baseUrl?: string;
  /** `fetch` to use (proxying, tests); defaults to `globalThis.fetch`. */
  fetch?: FetchLike;
  /**
   * Cookies on requests: `'same-origin'` (default) reaches a proxy on the shop's own origin and no
   * other; `'include'` for a shop that calls Dintero directly and wants `remember_me`'s cookie.
   */
  credentials?: RequestCredentials;
  /** The session's `updated_at`, sent as `If-Unmodified-Since`: a changed order answers 412. */
  sessionUpdatedAt?: string;
  /** Overrides of the polling schedule (`intervalMs`, `slowIntervalMs`, `slowAfterMs`, `timeoutMs`…). */
  poll?: Partial<PollPolicy>;
  /** Origins besides `baseUrl`'s that a `poll_url` may point at. */
  pollOrigins?: string[];
  /** Allow plain `http:` to loopback hosts for redirects and app links (a local emulator only). */
  allowLoopbackHttp?: boolean;
  /** Where a pending attempt is kept for resuming after a reload; `null` turns that off. */
  storage?: ResumeStorage | null;
}

/** A binding that shows the session: its options are read through a getter, so they are always current. */
export interface PaySessionObserver {
  options(): PaySessionOptions;
}

/** What the session needs from its surroundings; every member has a default for a plain page. */
export interface PaySessionEnvironment {
  /** Runs the pay call (the React binding runs it as a mutation of the host's QueryClient). */
  runPayCall?: (call: () => Promise<void>) => Promise<unknown>;
  /** Navigation when no observer gives `onRedirect`. */
  navigate?: (url: string) => void;
  /** Where an exception thrown by a merchant callback goes; defaults to the page's error reporting. */
  reportError?: (error: unknown) => void;
}

/** What a binding renders; the same object until something visible changes. */
export interface PaySessionSnapshot {
  status: PayStatus;
  approval?: Approval;
  error?: PayError;
  redirectUrl?: string;
  /** Restored after a reload and not yet confirmed by a status check. */
  resumed: boolean;
  /** Status checks have failed `failuresBeforeWarning` times in a row. */
  checksFailing: boolean;
  /** The device is offline. */
  offline: boolean;
  /**
   * An earlier request of this session may still be approved in the app (after `cancel()`,
   * `reset()`, or a status check that could not find it) until its real end: a new attempt should
   * warn first.
   */
  requestMayBeLive: boolean;
}

/**
 * A request the page stopped waiting for but that may still be approved in the app (the library
 * cannot cancel it). Checked quietly until its end, when it can be checked at all.
 */
interface LingeringRequest {
  pollUrl: string;
  /** The request's real end (its deadline, silent grace included). */
  until: number;
  /** Whether status checks can still say anything (not after a 404). */
  checkable: boolean;
  lastCheckAt: number;
}

export interface PaySession {
  readonly sessionId: string;
  /** The same object until something visible changes, so a binding renders only then. */
  getSnapshot(): PaySessionSnapshot;
  getState(): PayState;
  /** Called on every change of the snapshot. */
  subscribe(listener: () => void): () => void;
  /**
   * Registers a binding. While at least one is registered, pending attempts are checked and the
   * shopper's return is watched; the first one resumes an attempt kept in storage.
   */
  observe(observer: PaySessionObserver): () => void;
  /** Starts one attempt; returns `false` (and sends nothing) when one may not start now. */
  pay(input?: PayInput, by?: PaySessionObserver): boolean;
  /** A new attempt with the previous input, after a retryable error and its `Retry-After` wait. */
  retry(by?: PaySessionObserver): boolean;
  /** Whether `retry()` would start an attempt now. */
  canRetry(now?: number): boolean;
  /** Stops waiting for a pending approval (status `cancelled`). */
  cancel(): void;
  /** Back to `idle` from any settled state. */
  reset(): void;
  /**
   * Whether the session can be forgotten: nothing shows it, nothing is pending and no request may
   * still be approved. A registry drops such a session, so a later mount starts afresh.
   */
  isDisposable(): boolean;
  /** Checks a pending attempt at once, when the schedule and any `Retry-After` allow it. */
  checkNow(): void;
}

/** Default error reporting: the page's `reportError`, else an asynchronous throw, never swallowed. */
function reportAsynchronously(error: unknown): void {
  if (typeof reportError === 'function') reportError(error);
  else
    setTimeout(() => {
      throw error;
    });
}

function redirectTopWindow(url: string): void {
  try {
    (window.top ?? window).location.assign(url);
  } catch {
    // A cross-origin parent refuses access to its location: navigate this frame instead.
    window.location.assign(url);
  }
}

const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/**
 * Listens to the page: `onBack` when the shopper may be back from the payment app (the tab visible
 * again, window focus, a restore from the back-forward cache, the connection back), `onNetwork` when
 * the connection comes or goes.
 */
function watchPage(onBack: () => void, onNetwork: () => void): () => void {
  if (typeof window === 'undefined') return () => undefined;
  const listener = (event: Event) => {
    const { type } = event;
    if (type === 'online' || type === 'offline') onNetwork();
    if (type === 'offline' || (type === 'visibilitychange' && document.visibilityState !== 'visible')) return;
    if (type === 'pageshow' && !(event as PageTransitionEvent).persisted) return;
    onBack();
  };
  // `visibilitychange` is the document's, the others the window's.
  const each = (method: 'addEventListener' | 'removeEventListener') =>
    ['visibilitychange', 'focus', 'pageshow', 'online', 'offline'].forEach((type, index) =>
      ((index ? window : document) as EventTarget)[method](type, listener),
    );
  each('addEventListener');
  return () => each('removeEventListener');
}

/** The URL guards' view of the options. */
function urlPolicyOf(options: PaySessionOptions): UrlPolicy {
  return {
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    allowLoopbackHttp: options.allowLoopbackHttp === true,
    allowedOrigins: options.pollOrigins ?? [],
  };
}

/** A client for one request: made from the options of the moment, so it is always current. */
const clientOf = ({ baseUrl, credentials, fetch }: PaySessionOptions) =>
  createDinteroClient({ baseUrl, credentials, fetch });

/**
 * One payment session: the single place where it is decided whether an attempt may start, when the
 * next status check is due, whether the shopper's return allows an early check, and who is told
 * what. Bindings (the React hook) observe it; however many observe one session, there is one state,
 * one attempt, one status check in flight and one navigation.
 */
export function createPaySession(
  sessionId: string,
  initialOptions: PaySessionOptions,
  environment: PaySessionEnvironment = {},
): PaySession {
  const {
    runPayCall = (call) => call(),
    navigate = redirectTopWindow,
    reportError = reportAsynchronously,
  } = environment;
  const store = createPayStore(undefined, reportError);
  const observers: PaySessionObserver[] = [];
  const listeners = new Set<() => void>();

  // The attempt belongs to the binding that started it: its options run the pay call, the status
  // checks and the navigation, even if another binding renders the same session.
  let owner: PaySessionObserver = { options: () => initialOptions };
  let lastInput: PayInput | undefined;
  // The typed number, kept in memory only, to scrub it from anything a server echoes.
  let typedPhoneNumber: string | undefined;
  let settledAt = 0;
  let navigatedAttempt = -1;
  // One timer and one status check in flight, for the pending attempt or a lingering request.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;
  let unwatch: (() => void) | undefined;
  let offline = false;
  let lingering: LingeringRequest | undefined;
  let snapshot: PaySessionSnapshot | undefined;

  const storage =
    initialOptions.storage === null ? undefined : (initialOptions.storage ?? defaultResumeStorage());
  const policy = () => {
    const options = owner.options();
    return resolvePollPolicy(options.poll, options.paymentProductType);
  };

  function getSnapshot(): PaySessionSnapshot {
    const state = store.getState();
    const waiting = state.status === 'awaiting_approval';
    const next: PaySessionSnapshot = {
      status: state.status,
      approval: waiting ? state.approval : undefined,
      error: 'error' in state ? state.error : undefined,
      redirectUrl: state.status === 'redirecting' ? state.redirectUrl : undefined,
      resumed: waiting && state.resumed,
      // The policy is resolved only when a check has failed: this runs on every render of every hook.
      checksFailing:
        waiting && state.progress.failures > 0 && state.progress.failures >= policy().failuresBeforeWarning,
      offline,
      requestMayBeLive: lingering !== undefined,
    };
    // An answer that changes nothing visible (another "keep polling") gives the same object, so a
    // binding that renders from it does not render again.
    const same =
      snapshot &&
      (Object.keys(next) as (keyof PaySessionSnapshot)[]).every((key) => next[key] === snapshot![key]);
    if (!same) snapshot = next;
    return snapshot!;
  }

  function emit(): void {
    for (const listener of [...listeners]) listener();
  }

  /** Runs one merchant callback; an exception is reported and stops nothing. */
  function safely(run: () => void): void {
    try {
      run();
    } catch (error) {
      reportError(error);
    }
  }

  /** One navigation per attempt: the owner's `onRedirect`, else any observer's, else the page's. */
  function redirectOnce(state: PayState & { status: 'redirecting' }): void {
    if (navigatedAttempt === state.attempt) return;
    navigatedAttempt = state.attempt;
    const handler = [owner, ...observers].map((o) => o.options().onRedirect).find(Boolean) ?? navigate;
    safely(() => handler(state.redirectUrl));
  }

  function notify(next: PayState, previous: PayState): void {
    if (canStartAttempt(next.status)) settledAt = Date.now();
    // The navigation first: nothing a callback does may keep a paid shopper from their receipt.
    if (next.status === 'redirecting' && observers.length > 0) redirectOnce(next);
    for (const observer of [...observers]) {
      const callbacks = observer.options();
      if (next.status !== previous.status) {
        safely(() => callbacks.onStatusChange?.(next.status, previous.status));
      }
      // `error` is there exactly when the attempt ended declined, failed or action_required.
      if (next.status === 'redirecting') {
        safely(() => callbacks.onSuccess?.({ redirectUrl: next.redirectUrl }));
      } else if ('error' in next) {
        safely(() =>
          next.status === 'action_required'
            ? callbacks.onActionRequired?.(next.error)
            : callbacks.onError?.(next.error),
        );
      }
    }
  }

  // Storage outlives the bindings: a pending attempt is kept even if its answer arrives while
  // nothing is mounted, so a later mount resumes it.
  store.subscribe(persistAttemptListener(storage, sessionId));
  store.subscribe((next, previous) => {
    if (next.status !== 'awaiting_approval' || next.attempt !== previous.attempt) stopChecks();
    if (previous.status === 'awaiting_approval' && next.attempt === previous.attempt) {
      // The page stops waiting, but the app request lives on until its end. After cancel() it is
      // checked quietly; after reset() (the page's "forget it": nothing more is sent) or a status
      // check that cannot find it, only its end is waited for, so a new attempt still warns first.
      const checkable = next.status === 'cancelled';
      if (
        checkable ||
        next.status === 'idle' ||
        (next.status === 'failed' && next.error.kind === 'session_not_found')
      ) {
        lingering = {
          pollUrl: previous.pollUrl,
          until: previous.progress.deadline,
          checkable,
          lastCheckAt: Date.now(),
        };
      }
    }
    schedule();
    notify(next, previous);
    emit();
  });

  function stopChecks(): void {
    clearTimeout(timer);
    timer = undefined;
    // Aborted: its answer is never applied.
    inFlight?.abort();
    inFlight = undefined;
  }

  function stopLingering(): void {
    if (!lingering) return;
    lingering = undefined;
    emit();
  }

  /**
   * Arms the next status check, counted from the last answer (not from now): of the pending
   * attempt on its schedule, or quietly, at the slow interval, of a request that may still be
   * approved. Only while something shows the session.
   */
  function schedule(): void {
    clearTimeout(timer);
    timer = undefined;
    const state = store.getState();
    if (observers.length === 0 || inFlight) return;
    let due: number;
    if (state.status === 'awaiting_approval') {
      due = state.progress.lastAnswerAt + nextPollDelay(policy(), state.progress);
    } else if (lingering && canStartAttempt(state.status)) {
      due = lingering.checkable
        ? Math.min(lingering.lastCheckAt + policy().slowIntervalMs, lingering.until)
        : lingering.until;
    } else return;
    timer = setTimeout(() => void check(), Math.max(0, due - Date.now()));
  }

  async function check(): Promise<void> {
    timer = undefined;
    const state = store.getState();
    const request = state.status === 'awaiting_approval' ? undefined : lingering;
    if (inFlight || (!request && state.status !== 'awaiting_approval')) return;
    if (request && (!request.checkable || Date.now() >= request.until)) {
      stopLingering();
      return;
    }
    const controller = new AbortController();
    inFlight = controller;
    const options = owner.options();
    const pollUrl = request ? request.pollUrl : (state as PayState & { status: 'awaiting_approval' }).pollUrl;
    const result = await clientOf(options).poll(pollUrl, { signal: controller.signal });
    if (controller.signal.aborted) return;
    inFlight = undefined;
    const now = Date.now();
    const outcome = interpretPollAnswer(result, urlPolicyOf(options), { phoneNumber: typedPhoneNumber });
    if (!request) {
      const { progress } = state as PayState & { status: 'awaiting_approval' };
      store.send({
        type: 'poll_answered',
        attempt: state.attempt,
        outcome,
        now,
        random: Math.random(),
        mayRetry: mayRetryAfterFailure(policy(), progress, now),
      });
    } else if (outcome.type === 'redirect') {
      // Approved after all: continue as if the shopper had waited (onSuccess, one navigation).
      lingering = undefined;
      store.send({ type: 'late_approval', redirectUrl: outcome.redirectUrl });
    } else if (outcome.type === 'pending' || outcome.type === 'retry') {
      request.lastCheckAt = now;
      if (outcome.type === 'pending') request.pollUrl = outcome.pollUrl ?? request.pollUrl;
    } else {
      // Declined, not found or unreadable: nothing more can come of this request.
      stopLingering();
    }
    // An answer that changed nothing visible still moves the schedule on.
    schedule();
  }

  async function submit(attempt: number, input: PayInput | undefined, options: PaySessionOptions) {
    const built = buildPayRequest(options.paymentProductType, input);
    let outcome: PayOutcome = { type: 'failed', error: (built as { error: PayError }).error };
    if (built.ok) {
      const result = await clientOf(options).pay(sessionId, built.body, {
        sessionUpdatedAt: options.sessionUpdatedAt,
      });
      // A pay request that timed out or lost its connection may have reached Dintero and started a
      // payment: say so (code `outcome_unknown`), so the shopper checks the app before paying again.
      if (!result.ok && /^(timeout|network)$/.test(result.error.kind)) {
        result.error = new PayError(result.error.kind, { code: 'outcome_unknown' });
      }
      outcome = interpretPayAnswer(result, urlPolicyOf(options), { phoneNumber: typedPhoneNumber });
    }
    store.send({
      type: 'pay_answered',
      attempt,
      outcome,
      now: Date.now(),
      timeoutMs: policy().timeoutMs,
      maskedPhoneNumber: built.ok ? built.maskedPhoneNumber : undefined,
    });
  }

  function start(input: PayInput | undefined, by: PaySessionObserver | undefined): boolean {
    // The one place that decides whether a pay may start: the store refuses synchronously, so a
    // double click, two buttons or two hooks in the same tick send one request.
    if (!store.send({ type: 'pay' })) return false;
    if (by) owner = by;
    // The shopper chose a new attempt (after the warning): the earlier request is no longer watched.
    stopLingering();
    lastInput = input;
    typedPhoneNumber = input?.phone_number;
    const options = owner.options();
    const { attempt } = store.getState();
    runPayCall(() => submit(attempt, input, options)).catch(reportError);
    return true;
  }

  function canRetry(now = Date.now()): boolean {
    const state = store.getState();
    if (state.status !== 'declined' && state.status !== 'failed') return false;
    return state.error.retryable && now >= settledAt + (state.error.retryAfterMs ?? 0);
  }

  function checkNow(): void {
    const state = store.getState();
    if (state.status !== 'awaiting_approval' || inFlight || observers.length === 0) return;
    if (!mayCheckEarly(state.progress, Date.now())) return;
    clearTimeout(timer);
    void check();
  }

  function onNetwork(): void {
    offline = isOffline();
    emit();
  }

  return {
    sessionId,
    getSnapshot,
    getState: store.getState,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    observe(observer) {
      observers.unshift(observer);
      if (observers.length === 1) {
        offline = isOffline();
        unwatch = watchPage(checkNow, onNetwork);
        const state = store.getState();
        if (state.status === 'idle') {
          owner = observer;
          const stored = loadAttempt(storage, sessionId, urlPolicyOf(observer.options()));
          // A resumed attempt is checked at once: this page has not seen an answer for it yet.
          if (stored && store.send({ type: 'resume', ...stored, now: Date.now() })) checkNow();
        } else if (state.status === 'redirecting') {
          // The answer came while nothing was mounted: the navigation is still owed.
          redirectOnce(state);
        }
        schedule();
      }
      return () => {
        const index = observers.indexOf(observer);
        if (index >= 0) observers.splice(index, 1);
        if (observers.length > 0) return;
        // Nothing shows the session: no request afterwards, and the one in flight is aborted.
        stopChecks();
        unwatch?.();
      };
    },
    isDisposable() {
      return observers.length === 0 && !lingering && isTerminal(store.getState().status);
    },
    pay: start,
    retry(by) {
      return canRetry() && start(lastInput, by);
    },
    canRetry,
    cancel() {
      store.send({ type: 'cancel' });
    },
    reset() {
      store.send({ type: 'reset' });
    },
    checkNow,
  };
}
