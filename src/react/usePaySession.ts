import { onlineManager, useMutation, useQuery, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import {
  canStartAttempt,
  createDinteroClient,
  createPayStore,
  createSessionSteps,
  createViewSelector,
  defaultResumeStorage,
  DEFAULT_BASE_URL,
  loadAttempt,
  notifyTransition,
  persistAttemptListener,
  resolvePollPolicy,
  type Approval,
  type FetchLike,
  type PayError,
  type PayInput,
  type PayStatus,
  type PollPolicy,
  type ResumeStorage,
} from '../core';
import { useIsomorphicLayoutEffect, useLatest, useQueryClientOrOwn } from './internal';

export interface UsePaySessionOptions {
  /** The Dintero Checkout session id, e.g. `T11223344.abc`. */
  sessionId: string;
  /** Sent as `payment_product_type`, e.g. `swish.swish`, `payex.vipps`. */
  paymentProductType: string;
  /** API base; defaults to `https://checkout.dintero.com/v1`. Point it at your own proxy if needed. */
  baseUrl?: string;
  /** `fetch` to use (proxying, tests); defaults to `globalThis.fetch`. */
  fetch?: FetchLike;
  /** The session's `updated_at`, sent as `If-Unmodified-Since`: a changed order answers 412. */
  sessionUpdatedAt?: string;
  /** Overrides of the polling schedule (`intervalMs`, `slowIntervalMs`, `slowAfterMs`, `timeoutMs`…). */
  poll?: Partial<PollPolicy>;
  /** Origins besides `baseUrl`'s that a `poll_url` may point at. */
  pollOrigins?: string[];
  /** Allow plain `http:` to loopback hosts for redirects and app links (a local emulator only). */
  allowLoopbackHttp?: boolean;
  /** Navigates to Dintero's `redirect_url`; defaults to `location.assign` of the top window. */
  onRedirect?: (url: string) => void;
  onStatusChange?: (status: PayStatus, previous: PayStatus) => void;
  /** Called once when the flow ends in a redirect (the payment was approved or needs completing there). */
  onSuccess?: (result: { redirectUrl: string }) => void;
  /** Called when an attempt ends `declined` or `failed`. */
  onError?: (error: PayError) => void;
  /** Called with the error carrying `operations` when Dintero asks for an extra step. */
  onActionRequired?: (error: PayError) => void;
  /** Where a pending attempt is kept for resuming after a reload; `null` turns that off. */
  storage?: ResumeStorage | null;
  /** A QueryClient to use instead of the host app's (or a private one when there is none). */
  queryClient?: QueryClient;
}

export interface UsePaySessionResult {
  sessionId: string;
  status: PayStatus;
  /** How to approve, while `awaiting_approval`. */
  approval?: Approval;
  /** Why the attempt stopped, while `declined`, `failed` or `action_required`. */
  error?: PayError;
  /** Where the browser is being sent, while `redirecting`. */
  redirectUrl?: string;
  /** A request is pending or a navigation under way: the pay button must not start another. */
  isBusy: boolean;
  /** Status checks keep failing or the device is offline; the payment may still go through. */
  connectionProblem: boolean;
  /** Restored after a reload and not yet confirmed by a status check. */
  isResuming: boolean;
  /** Starts one attempt. Ignored while one is in flight or pending. */
  pay: (input?: PayInput) => void;
  /** Stops checking a pending approval (status `cancelled`). */
  cancel: () => void;
  /** Back to `idle`, allowing a new attempt. */
  reset: () => void;
}

const QUERY_SCOPE = 'react-dintero-pay';
/** The status query of one attempt, or (without `attempt`) of every attempt of the session. */
const pollKeyOf = (sessionId: string, attempt?: number) =>
  attempt === undefined ? [QUERY_SCOPE, 'poll', sessionId] : [QUERY_SCOPE, 'poll', sessionId, attempt];
/** Window events the query does not watch that mean the shopper may be back from the payment app. */
const RETURN_EVENTS = ['focus', 'pageshow'] as const;

function redirectTopWindow(url: string): void {
  try {
    (window.top ?? window).location.assign(url);
  } catch {
    // A cross-origin parent refuses access to its location: navigate this frame instead.
    window.location.assign(url);
  }
}

// Module-level, so React subscribes once rather than on every render.
const subscribeToOnline = (notify: () => void) => onlineManager.subscribe(notify);
const isOnline = () => onlineManager.isOnline();

function createSessionStore(sessionId: string, storage: ResumeStorage | undefined) {
  const store = createPayStore();
  // Lives as long as the store, not the component: a pending attempt is kept even if the
  // answer arrives while the component is unmounted, so a remount can resume it.
  store.subscribe(persistAttemptListener(storage, sessionId));
  return { sessionId, store };
}

/**
 * Runs one Dintero pay attempt: the pay call (a mutation that never retries by itself), then status
 * checks of `poll_url` (a query whose schedule comes from the core's polling policy) until the
 * payment is decided. Every decision is made in `react-dintero-pay/core`; this hook only wires the
 * core's steps to React Query and to the page's events.
 */
export function usePaySession(options: UsePaySessionOptions): UsePaySessionResult {
  const { sessionId, paymentProductType } = options;
  const queryClient = useQueryClientOrOwn(options.queryClient);
  const latest = useLatest(options);
  const storage = options.storage === null ? undefined : (options.storage ?? defaultResumeStorage());

  const [current, setCurrent] = useState(() => createSessionStore(sessionId, storage));
  let sessionStore = current;
  if (current.sessionId !== sessionId) {
    // A new session is a new payment: start from a fresh store (React's "reset state on prop change").
    sessionStore = createSessionStore(sessionId, storage);
    setCurrent(sessionStore);
  }
  const { store } = sessionStore;
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const allowLoopbackHttp = options.allowLoopbackHttp === true;
  // Options are read by value: inline objects and arrays must not restart anything.
  const pollOrigins = JSON.stringify(options.pollOrigins ?? []);
  const pollOverrides = JSON.stringify(options.poll ?? {});
  const steps = useMemo(() => {
    const urlPolicy = {
      baseUrl,
      allowLoopbackHttp,
      allowedOrigins: JSON.parse(pollOrigins) as string[],
    };
    return {
      urlPolicy,
      ...createSessionSteps(store, {
        sessionId,
        paymentProductType,
        urlPolicy,
        policy: resolvePollPolicy(JSON.parse(pollOverrides) as Partial<PollPolicy>, paymentProductType),
        client: createDinteroClient({
          baseUrl,
          fetch: (input, init) => (latest.current.fetch ?? globalThis.fetch)(input, init),
        }),
        sessionUpdatedAt: () => latest.current.sessionUpdatedAt,
      }),
    };
  }, [store, sessionId, paymentProductType, baseUrl, allowLoopbackHttp, pollOrigins, pollOverrides, latest]);

  // Rendered from the view, not the raw state: an unchanged "keep polling" answer renders nothing.
  const selectView = useMemo(
    () => createViewSelector(steps.policy.failuresBeforeWarning),
    [steps.policy.failuresBeforeWarning],
  );
  const view = useSyncExternalStore(
    useCallback((notify) => store.subscribe(notify), [store]),
    () => selectView(store.getState()),
    () => selectView(store.getState()),
  );
  const online = useSyncExternalStore(subscribeToOnline, isOnline, () => true);

  // Callbacks and navigation run only while mounted, once per transition. Subscribed before the
  // resume below, so a resumed attempt is reported like any other transition.
  useIsomorphicLayoutEffect(
    () =>
      store.subscribe((next, previous) =>
        notifyTransition(next, previous, latest.current, redirectTopWindow),
      ),
    [store, latest],
  );

  // Resume before the first paint, but after hydration, so server and client markup agree.
  useIsomorphicLayoutEffect(() => {
    const stored = loadAttempt(storage, sessionId, steps.urlPolicy);
    if (stored) store.send({ type: 'resume', ...stored, now: Date.now() });
    // Only once per store: storage is read at mount, not on every change of options.
  }, [store]);

  const { mutate: startPay } = useMutation(
    {
      mutationKey: [QUERY_SCOPE, 'pay', sessionId],
      // Money: a pay call is never repeated by the library, and never queued while offline.
      retry: false,
      networkMode: 'always',
      gcTime: 0,
      mutationFn: ({ attempt, input }: { attempt: number; input: PayInput | undefined }) =>
        steps.submit(attempt, input),
    },
    queryClient,
  );

  const awaiting = view.status === 'awaiting_approval';
  const pollKey = pollKeyOf(sessionId, awaiting ? view.attempt : 0);
  const mayCheckNow = () => (steps.mayCheckNow() ? 'always' : false);
  useQuery(
    {
      queryKey: pollKey,
      enabled: awaiting,
      // The data is the time of the last answer: a new value each time re-arms the interval from it.
      queryFn: async ({ signal }) => {
        await steps.checkStatus(signal);
        return Date.now();
      },
      // A fresh attempt waits one interval before its first check; a resumed one checks at once.
      initialData: awaiting && !view.resumed ? view.startedAt : undefined,
      initialDataUpdatedAt: view.startedAt,
      staleTime: Infinity,
      gcTime: 0,
      retry: false,
      // Everything shown comes from the store; the query's own state changes must not re-render.
      notifyOnChangeProps: [],
      refetchInterval: steps.nextCheckDelay,
      // Hidden tabs keep checking (the shopper is in the payment app); the deadline is wall-clock.
      refetchIntervalInBackground: true,
      refetchOnWindowFocus: mayCheckNow,
      refetchOnReconnect: mayCheckNow,
    },
    queryClient,
  );

  // Visibility and reconnects come through React Query; window focus and a back-forward cache
  // restore do not, and both mean the shopper may be back from the payment app.
  const awaitingAttempt = awaiting ? view.attempt : undefined;
  useEffect(() => {
    if (awaitingAttempt === undefined) return;
    const checkNow = (event: Event) => {
      if (event.type === 'pageshow' && !(event as PageTransitionEvent).persisted) return;
      if (!steps.mayCheckNow()) return;
      const queryKey = pollKeyOf(sessionId, awaitingAttempt);
      void queryClient.refetchQueries({ queryKey, exact: true }, { cancelRefetch: false });
    };
    for (const type of RETURN_EVENTS) window.addEventListener(type, checkNow);
    return () => {
      for (const type of RETURN_EVENTS) window.removeEventListener(type, checkNow);
    };
  }, [awaitingAttempt, steps, queryClient, sessionId]);

  const actions = useMemo(() => {
    const stopWith = (type: 'cancel' | 'reset') => {
      // Aborts a status check in flight; its answer is then never applied.
      if (store.send({ type })) void queryClient.cancelQueries({ queryKey: pollKeyOf(sessionId) });
    };
    return {
      pay: (input?: PayInput) => {
        // Another component with this session on the same client is mid-call: this is the same attempt.
        if (queryClient.isMutating({ mutationKey: [QUERY_SCOPE, 'pay', sessionId] }) > 0) return;
        // The store refuses synchronously, so a double click in one tick sends one request.
        if (store.send({ type: 'pay' })) startPay({ attempt: store.getState().attempt, input });
      },
      cancel: () => stopWith('cancel'),
      reset: () => stopWith('reset'),
    };
  }, [queryClient, sessionId, store, startPay]);

  return useMemo(
    () => ({
      sessionId,
      status: view.status,
      ...(view.approval && { approval: view.approval }),
      ...(view.error && { error: view.error }),
      ...(view.redirectUrl && { redirectUrl: view.redirectUrl }),
      isBusy: !canStartAttempt(view.status),
      // Offline, status checks wait for the connection (React Query pauses them).
      connectionProblem: awaiting && (view.checksFailing || !online),
      isResuming: view.resumed,
      ...actions,
    }),
    [sessionId, view, awaiting, online, actions],
  );
}
