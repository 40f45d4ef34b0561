import { PayError } from './errors';
import { createDinteroClient, DEFAULT_BASE_URL, type FetchLike } from './http';
import {
  createPayStore,
  type PayStore,
  isTerminal,
  reportAsynchronously,
  mayRetryNow,
  mayStartAttempt,
  navigationOwed,
  wakeAt,
  type Approval,
  type PayEvent,
  type PayState,
  type PayStatus,
} from './machine';
import { interpretPayAnswer, interpretPollAnswer, type PayOutcome, type UrlPolicy } from './outcomes';
import { buildPayRequest, type PayInput, type PaymentProductType } from './pay-request';
import { resolvePollPolicy, type PollPolicy } from './polling-policy';
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
  /**
   * Where a pending attempt is kept for resuming after a reload; `null` turns that off. Read once,
   * when the session is created.
   */
  storage?: ResumeStorage | null;
}

/** A binding that shows the session: its options are read through a getter, so they are always current. */
export interface PaySessionObserver {
  options(): PaySessionOptions;
}

/**
 * Tells the session about the page: `onPage(false)` when it is hidden (the shopper went to the
 * payment app), `onPage(true)` when the shopper may be back (visible, focused, restored from the
 * back-forward cache); `onNetwork(online)` at once with the current state and on every change.
 * Returns the function that stops listening.
 */
export type PageWatcher = (
  onPage: (visible: boolean) => void,
  onNetwork: (online: boolean) => void,
) => () => void;

/** What the session needs from its surroundings; every member has a default for a plain page. */
export interface PaySessionEnvironment {
  /** Runs the pay call (the React binding runs it as a mutation of the host's QueryClient). */
  runPayCall?: (call: () => Promise<void>) => Promise<unknown>;
  /** Navigation when no observer gives `onRedirect`. */
  navigate?: (url: string) => void;
  /** Where an exception thrown by a merchant callback goes; defaults to the page's error reporting. */
  reportError?: (error: unknown) => void;
  /** The page's signals; defaults to the DOM's events (the React binding uses TanStack Query's managers). */
  watchPage?: PageWatcher;
}

/** What a binding renders; the same object until something visible changes. */
export interface PaySessionSnapshot {
  status: PayStatus;
  approval?: Approval;
  error?: PayError;
  redirectUrl?: string;
  /** A request is pending or a navigation under way: a new attempt cannot start now. */
  busy: boolean;
  /** "Try again" would start an attempt now: a retryable error, and any `Retry-After` wait over. */
  canRetry: boolean;
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
  /** The shopper pressed pay, retry, cancel or reset on this page: only then may a view take focus. */
  shopperActed: boolean;
}

export interface PaySession {
  readonly sessionId: string;
  /** The same object until something visible changes, so a binding renders only then. */
  getSnapshot(): PaySessionSnapshot;
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
  /** Stops waiting for a pending approval (status `cancelled`). */
  cancel(): void;
  /** Back to `idle` from any settled state. */
  reset(): void;
  /**
   * Whether the session can be forgotten: nothing shows it, nothing is pending and no request may
   * still be approved. A registry drops such a session, so a later mount starts afresh.
   */
  isDisposable(): boolean;
}

function redirectTopWindow(url: string): void {
  try {
    (window.top ?? window).location.assign(url);
  } catch {
    // A cross-origin parent refuses access to its location: navigate this frame instead.
    window.location.assign(url);
  }
}

/** The DOM's signals, for a page without TanStack Query: visibility, focus, back-forward cache, network. */
export const watchDocument: PageWatcher = (onPage, onNetwork) => {
  if (typeof window === 'undefined') return () => undefined;
  onNetwork(navigator.onLine !== false);
  const listener = (event: Event) => {
    const { type } = event;
    if (type === 'online' || type === 'offline') return onNetwork(type === 'online');
    if (type === 'pageshow' && !(event as PageTransitionEvent).persisted) return;
    onPage(type !== 'visibilitychange' || document.visibilityState === 'visible');
  };
  // `visibilitychange` is the document's, the others the window's.
  const each = (method: 'addEventListener' | 'removeEventListener') =>
    ['visibilitychange', 'focus', 'pageshow', 'online', 'offline'].forEach((type, index) =>
      ((index ? window : document) as EventTarget)[method](type, listener),
    );
  each('addEventListener');
  return () => each('removeEventListener');
};

/** The URL guards' view of the options. */
function urlPolicyOf(options: PaySessionOptions): UrlPolicy {
  return {
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    allowLoopbackHttp: options.allowLoopbackHttp === true,
    allowedOrigins: options.pollOrigins ?? [],
  };
}

/** What a binding renders of `state`; `failuresBeforeWarning` from the poll policy. */
function snapshotOf(state: PayState, failuresBeforeWarning: () => number): PaySessionSnapshot {
  const waiting = state.status === 'awaiting_approval';
  const failures = waiting ? state.progress.failures : 0;
  return {
    status: state.status,
    approval: waiting ? state.approval : undefined,
    error: 'error' in state ? state.error : undefined,
    redirectUrl: state.status === 'redirecting' ? state.redirectUrl : undefined,
    busy: !mayStartAttempt(state),
    canRetry: mayRetryNow(state),
    resumed: waiting && state.resumed,
    // The policy is resolved only when a check has failed: this runs on every render of every hook.
    checksFailing: failures > 0 && failures >= failuresBeforeWarning(),
    offline: state.offline,
    requestMayBeLive: state.lingering !== undefined,
    shopperActed: state.acted,
  };
}

/** The merchant's callbacks for a change of status, on every observer; each runs isolated. */
function notifyObservers(
  observers: readonly PaySessionObserver[],
  next: PayState,
  previous: PayState,
  safely: (run: () => void) => void,
): void {
  if (next.status === previous.status) return;
  for (const observer of observers) {
    const callbacks = observer.options();
    safely(() => callbacks.onStatusChange?.(next.status, previous.status));
    // `error` is there exactly when the attempt ended declined, failed or action_required.
    if (next.status === 'redirecting') safely(() => callbacks.onSuccess?.({ redirectUrl: next.redirectUrl }));
    else if ('error' in next) {
      safely(() =>
        next.status === 'action_required'
          ? callbacks.onActionRequired?.(next.error)
          : callbacks.onError?.(next.error),
      );
    }
  }
}

/** The outcome of one pay call: the body built and checked first (nothing is sent if it fails). */
async function payOutcome(
  sessionId: string,
  input: PayInput | undefined,
  options: PaySessionOptions,
): Promise<{ outcome: PayOutcome; maskedPhoneNumber?: string }> {
  const built = buildPayRequest(options.paymentProductType, input);
  if (!built.ok) return { outcome: { type: 'failed', error: built.error } };
  const result = await createDinteroClient(options).pay(sessionId, built.body, {
    sessionUpdatedAt: options.sessionUpdatedAt,
  });
  // A pay request that timed out or lost its connection may have reached Dintero and started a
  // payment: say so (code `outcome_unknown`), so the shopper checks the app before paying again.
  if (!result.ok && /^(timeout|network)$/.test(result.error.kind)) {
    result.error = new PayError(result.error.kind, { code: 'outcome_unknown' });
  }
  const outcome = interpretPayAnswer(result, urlPolicyOf(options), { phoneNumber: input?.phone_number });
  return { outcome, maskedPhoneNumber: built.maskedPhoneNumber };
}

/** The outcome of one status check; `undefined` when it was aborted (its answer is never applied). */
async function pollOutcome(
  options: PaySessionOptions,
  pollUrl: string,
  signal: AbortSignal,
  phoneNumber?: string,
) {
  const result = await createDinteroClient(options).poll(pollUrl, { signal });
  return signal.aborted ? undefined : interpretPollAnswer(result, urlPolicyOf(options), { phoneNumber });
}

/**
 * One payment session: it turns the states of the machine (`transition`, where every decision is
 * made) into effects — one pay call per attempt, one timer, one status check in flight, one
 * navigation, the merchant's callbacks — the way TanStack's `QueryObserver` turns a query's state
 * into fetches. Bindings (the React hook) observe it; however many observe one session, there is one
 * state and one attempt. Without an environment it listens to the DOM's own events.
 */
export function createPaySession(
  sessionId: string,
  initialOptions: PaySessionOptions,
  environment: PaySessionEnvironment = {},
): PaySession {
  return openPaySession(sessionId, initialOptions, {
    watchPage: watchDocument,
    ...environment,
    runPayCall: environment.runPayCall ?? ((call) => call()),
  });
}

/**
 * The effects of a session's states: the navigation owed, the one status check the state holds
 * (sent, or aborted when the state no longer holds it: its answer is never applied), the one timer,
 * and the page's signals while something shows the session. Everything is read at the moment an
 * effect needs it: the options of the binding that owns the attempt and the number to scrub from
 * `attempts`; whether something shows the session from `observers` (only then are checks made and
 * the page watched); `redirect` makes the navigation owed (the binding's `onRedirect`, else the page's).
 */
function createEffects(
  store: PayStore,
  attempts: Attempts,
  observers: readonly PaySessionObserver[],
  redirect: (url: string) => void,
  watchPage: PageWatcher,
) {
  const observed = () => observers.length > 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: { sentAt: number; controller: AbortController } | undefined;
  let unwatch: (() => void) | undefined;
  const sendScheduled = (
    event: { type: 'tick' } | { type: 'page'; visible: boolean } | { type: 'network'; online: boolean },
  ) => store.send({ ...event, now: Date.now(), policy: attempts.policy() } as PayEvent);

  async function check(state: PayState, sentAt: number): Promise<void> {
    const controller = new AbortController();
    inFlight = { sentAt, controller };
    const pollUrl = state.status === 'awaiting_approval' ? state.pollUrl : state.lingering!.pollUrl;
    const outcome = await pollOutcome(
      attempts.owner.options(),
      pollUrl,
      controller.signal,
      attempts.phoneNumber(),
    );
    if (!outcome) return;
    inFlight = undefined;
    const policy = attempts.policy();
    store.send({ type: 'poll_answered', sentAt, outcome, now: Date.now(), random: Math.random(), policy });
  }

  function apply(state: PayState): void {
    // The navigation first, before any callback: nothing a callback does may keep a paid shopper
    // from their receipt.
    if (navigationOwed(state) && observed() && store.send({ type: 'navigated' })) redirect(state.redirectUrl);
    if (inFlight && inFlight.sentAt !== state.checking) inFlight.controller.abort();
    if (state.checking !== undefined && inFlight?.sentAt !== state.checking)
      void check(state, state.checking);
    clearTimeout(timer);
    const due = observed() ? wakeAt(state, attempts.policy()) : undefined;
    if (due !== undefined) timer = setTimeout(wake, Math.max(0, due - Date.now()));
  }

  /**
   * The timer fired. It runs on another clock than `Date.now()`, so it may fire before the wall clock
   * says anything is due (a coarse or stepped-back clock, an engine firing early): a tick that
   * changes nothing arms the timer again, or the schedule would end there.
   */
  function wake(): void {
    const before = store.getState();
    sendScheduled({ type: 'tick' });
    if (store.getState() === before) apply(before);
  }

  return {
    apply,
    /** The first binding came: the page is watched, the timer armed, a navigation owed is made. */
    watch() {
      unwatch = watchPage(
        (visible) => sendScheduled({ type: 'page', visible }),
        (online) => sendScheduled({ type: 'network', online }),
      );
      apply(store.getState());
    },
    /** Nothing shows the session: no request afterwards, and the one in flight is aborted. */
    stop() {
      unwatch?.();
      store.send({ type: 'unobserved' });
      clearTimeout(timer);
    },
  };
}

type Attempts = ReturnType<typeof createAttempts>;

/**
 * The attempts of a session: who owns the current one (the binding that started it: its options
 * run the pay call, the status checks and the navigation, even if another binding renders the same
 * session) and its input, kept in memory only ("Try again" sends it again; its number is scrubbed
 * from anything a server echoes).
 */
function createAttempts(
  sessionId: string,
  store: PayStore,
  initialOptions: PaySessionOptions,
  { runPayCall, reportError }: BindingEnvironment & { reportError(error: unknown): void },
) {
  let lastInput: PayInput | undefined;
  const options = () => attempts.owner.options();
  const attempts = {
    /** The binding that owns the current attempt. */
    owner: { options: () => initialOptions } as PaySessionObserver,
    policy: () => resolvePollPolicy(options().poll, options().paymentProductType),
    start(input: PayInput | undefined, by: PaySessionObserver | undefined, retry: boolean): boolean {
      // Whether it may start is the machine's decision; it refuses synchronously, so a double click,
      // two buttons or two hooks in the same tick send one request.
      if (!store.send({ type: 'pay', retry, now: Date.now() })) return false;
      if (by) attempts.owner = by;
      lastInput = input;
      const current = options();
      const { attempt } = store.getState();
      const answer = async () => {
        const answered = await payOutcome(sessionId, input, current);
        store.send({
          type: 'pay_answered',
          attempt,
          ...answered,
          now: Date.now(),
          timeoutMs: attempts.policy().timeoutMs,
        });
      };
      runPayCall(answer).catch(reportError);
      return true;
    },
    retry: (by?: PaySessionObserver) => attempts.start(lastInput, by, true),
    phoneNumber: () => lastInput?.phone_number,
  };
  return attempts;
}

/** The environment of a binding that brings its page watcher and runs its pay calls itself. */
type BindingEnvironment = PaySessionEnvironment &
  Required<Pick<PaySessionEnvironment, 'watchPage' | 'runPayCall'>>;

/**
 * `createPaySession` for a binding that brings its page watcher and runs its pay calls (the React
 * binding's come from TanStack Query), so the DOM's default and the plain pay call stay out of its
 * bundle.
 */
export function openPaySession(
  sessionId: string,
  initialOptions: PaySessionOptions,
  environment: BindingEnvironment,
): PaySession {
  const { navigate = redirectTopWindow, reportError = reportAsynchronously } = environment;
  const store = createPayStore(undefined, reportError);
  const observers: PaySessionObserver[] = [];
  const attempts = createAttempts(sessionId, store, initialOptions, { ...environment, reportError });
  const storage =
    initialOptions.storage === null ? undefined : (initialOptions.storage ?? defaultResumeStorage());
  let snapshot: PaySessionSnapshot | undefined;
  const safely = (run: () => void) => {
    try {
      run();
    } catch (error) {
      reportError(error);
    }
  };
  const effects = createEffects(
    store,
    attempts,
    observers,
    (url) => {
      const handler =
        [attempts.owner, ...observers].map((o) => o.options().onRedirect).find(Boolean) ?? navigate;
      safely(() => handler(url));
    },
    environment.watchPage,
  );

  // Storage outlives the bindings: a pending attempt is kept even if its answer arrives while
  // nothing is mounted, so a later mount resumes it.
  store.subscribe(persistAttemptListener(storage, sessionId));
  store.subscribe((next, previous) => {
    effects.apply(store.getState());
    notifyObservers([...observers], next, previous, safely);
  });

  return {
    sessionId,
    getSnapshot() {
      const next = snapshotOf(store.getState(), () => attempts.policy().failuresBeforeWarning);
      // A change that shows nothing new (another "keep polling") gives the same object, so a binding
      // that renders from it does not render again.
      const keys = Object.keys(next) as (keyof PaySessionSnapshot)[];
      if (!snapshot || keys.some((key) => next[key] !== snapshot![key])) snapshot = next;
      return snapshot;
    },
    // Bindings hear a change after the effects and the merchant's callbacks.
    subscribe: (listener) => store.subscribe(() => listener()),
    observe(observer) {
      observers.unshift(observer);
      if (observers.length === 1) {
        // The first binding resumes an attempt kept in storage, and owns it.
        if (store.getState().status === 'idle') {
          attempts.owner = observer;
          const stored = loadAttempt(storage, sessionId, urlPolicyOf(observer.options()));
          if (stored) store.send({ type: 'resume', ...stored, now: Date.now() });
        }
        effects.watch();
      }
      return () => {
        observers.splice(observers.indexOf(observer) >>> 0, 1);
        if (observers.length === 0) effects.stop();
      };
    },
    isDisposable() {
      const { lingering, status } = store.getState();
      return observers.length === 0 && !(lingering && Date.now() < lingering.until) && isTerminal(status);
    },
    pay: (input, by) => attempts.start(input, by, false),
    retry: attempts.retry,
    cancel: () => void store.send({ type: 'cancel', now: Date.now() }),
    reset: () => void store.send({ type: 'reset', now: Date.now() }),
  };
}
