import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import {
  appOf,
  type Approval,
  type PayError,
  type PayInput,
  type PayStatus,
  type PaymentApp,
  type PaySession,
  type PaySessionObserver,
  type PaySessionOptions,
  type PaySessionSnapshot,
} from '../core';
import { warnInDevelopment } from '../core/dev';
import { useIsomorphicLayoutEffect, useLatest, useQueryClientOrOwn } from './internal';
import { paySessionFor, releasePaySession } from './session-registry';

export interface UsePaySessionOptions extends PaySessionOptions {
  /** The Dintero Checkout session id, e.g. `T11223344.abc`. */
  sessionId: string;
  /** A QueryClient to use instead of the host app's (or a private one when there is none). */
  queryClient?: QueryClient;
}

/** What every status has. */
interface PaySessionResultBase {
  sessionId: string;
  /** The app the shopper approves in, from `paymentProductType`: the components speak its name. */
  app: PaymentApp;
  /** A request is pending or a navigation under way: a new attempt cannot start now. */
  isBusy: boolean;
  /** "Try again" would start an attempt now: a retryable error, and any `Retry-After` wait over. */
  canRetry: boolean;
  /**
   * The shopper pressed pay, retry, cancel or reset on this page (a resume after a reload is not a
   * press): only then do the components move focus.
   */
  shopperActed: boolean;
  /** Status checks keep failing or the device is offline; the payment may still go through. */
  connectionProblem: boolean;
  /** Restored after a reload and not yet confirmed by a status check. */
  isResuming: boolean;
  /**
   * An earlier request of this session may still be approved in the payment app (the page stopped
   * waiting for it, or could no longer find it) until its real end. It is still checked quietly, and
   * an approval still completes; a new attempt should warn first.
   */
  requestMayBeLive: boolean;
  /** Starts one attempt. Ignored while one is in flight or pending. */
  pay: (input?: PayInput) => void;
  /** A new attempt with the previous input, after a retryable error (ignored during a `Retry-After` wait). */
  retry: () => void;
  /** Stops waiting for a pending approval here (status `cancelled`); the app request itself lives on. */
  cancel: () => void;
  /** Back to `idle`, allowing a new attempt. */
  reset: () => void;
}

type Absent<K extends string> = { [P in K]?: undefined };

/**
 * The session as a union on `status`: `approval` exists exactly while `awaiting_approval`, `error`
 * while `declined | failed | action_required`, `redirectUrl` while `redirecting`.
 */
export type UsePaySessionResult = {
  [S in PayStatus]: PaySessionResultBase & { status: S } & FieldsOf<S>;
}[PayStatus];

/** The fields that exist in one status; the others are absent (`undefined`). */
type FieldsOf<S extends PayStatus> = S extends 'awaiting_approval'
  ? { approval: Approval } & Absent<'error' | 'redirectUrl'>
  : S extends 'redirecting'
    ? { redirectUrl: string } & Absent<'approval' | 'error'>
    : S extends 'declined' | 'failed' | 'action_required'
      ? { error: PayError } & Absent<'approval' | 'redirectUrl'>
      : Absent<'approval' | 'error' | 'redirectUrl'>;

function resultOf(
  session: PaySession,
  snapshot: PaySessionSnapshot,
  observer: PaySessionObserver,
  app: PaymentApp,
): UsePaySessionResult {
  const { status, approval, error, redirectUrl } = snapshot;
  // The snapshot holds each of these only in its own status: the others stay absent, not undefined.
  return {
    sessionId: session.sessionId,
    app,
    isBusy: snapshot.busy,
    canRetry: snapshot.canRetry,
    shopperActed: snapshot.shopperActed,
    connectionProblem: status === 'awaiting_approval' && (snapshot.checksFailing || snapshot.offline),
    isResuming: snapshot.resumed,
    requestMayBeLive: snapshot.requestMayBeLive,
    pay: (input) => void session.pay(input, observer),
    retry: () => void session.retry(observer),
    cancel: session.cancel,
    reset: session.reset,
    status,
    ...(approval && { approval }),
    ...(error && { error }),
    ...(redirectUrl && { redirectUrl }),
  } as UsePaySessionResult;
}

/**
 * `storage` is read once, when the session is created: a later value would be ignored in silence,
 * so development builds say so (as React Stripe.js does for its `stripe` prop). Production builds
 * drop this hook whole: bundlers replace `process.env.NODE_ENV`, and the `try` keeps unbundled ESM,
 * where nothing replaced it, from throwing. The condition is fixed for a build, so every render
 * calls the same hooks.
 */
function useStorageWarning(storage: UsePaySessionOptions['storage']): void {
  try {
    if (process.env.NODE_ENV !== 'production') {
      /* eslint-disable react-hooks/rules-of-hooks */
      const [firstStorage] = useState(storage);
      useEffect(() => {
        if (storage !== firstStorage) {
          warnInDevelopment(
            () =>
              'the `storage` option of usePaySession changed after the session was created; the first one is ' +
              'kept. Pass the same object on every render (define it outside the component).',
          );
        }
      }, [storage, firstStorage]);
      /* eslint-enable react-hooks/rules-of-hooks */
    }
  } catch {
    // No `process` and no bundler: nothing says this is development.
  }
}

/**
 * Runs a Dintero pay session: the pay call, then status checks of `poll_url` until the payment is
 * decided. Every decision is made by the core's session (`createPaySession`), shared by all hooks
 * and components that use the same `sessionId` on one QueryClient; this hook subscribes and renders.
 */
export function usePaySession(options: UsePaySessionOptions): UsePaySessionResult {
  const queryClient = useQueryClientOrOwn(options.queryClient);
  const latest = useLatest(options);
  const session = paySessionFor(queryClient, options.sessionId, options);
  // Options are read when a step needs them, so inline objects and callbacks never restart anything.
  const observer = useMemo<PaySessionObserver>(() => ({ options: () => latest.current }), [latest]);
  useStorageWarning(options.storage);
  // Observed after hydration: the server render and the first client render show the same markup.
  useIsomorphicLayoutEffect(() => {
    const stopObserving = session.observe(observer);
    return () => {
      stopObserving();
      releasePaySession(queryClient, session);
    };
  }, [queryClient, session, observer]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  const app = appOf(options.paymentProductType);
  return useMemo(() => resultOf(session, snapshot, observer, app), [session, snapshot, observer, app]);
}
