import { focusManager, MutationObserver, onlineManager, type QueryClient } from '@tanstack/react-query';
import type { PageWatcher, PaySession, PaySessionOptions } from '../core';
import { openPaySession } from '../core/pay-session';

const QUERY_SCOPE = 'react-dintero-pay';

// One session per id per QueryClient, the way TanStack keeps one query per key: every hook and
// component that names the session shares its state, its attempt and its status checks. A
// WeakMap, so a client that is dropped takes its sessions with it.
const sessionsByClient = new WeakMap<QueryClient, Map<string, PaySession>>();

/**
 * The shopper's return and the network, as TanStack Query's managers see them: a host that teaches
 * them its own events (React Native's AppState, a webview) teaches the payment session too. A restore
 * from the back-forward cache, which the managers leave to the page, is a return as well.
 */
const watchWithQueryManagers: PageWatcher = (onPage, onNetwork) => {
  const stopFocus = focusManager.subscribe(onPage);
  const stopOnline = onlineManager.subscribe(onNetwork);
  const restored = (event: PageTransitionEvent) => event.persisted && onPage(true);
  if (typeof window !== 'undefined') window.addEventListener('pageshow', restored);
  onNetwork(onlineManager.isOnline());
  return () => {
    stopFocus();
    stopOnline();
    if (typeof window !== 'undefined') window.removeEventListener('pageshow', restored);
  };
};

/** The session `sessionId` of `client`, created with `options` the first time it is asked for. */
export function paySessionFor(
  client: QueryClient,
  sessionId: string,
  options: PaySessionOptions,
): PaySession {
  let sessions = sessionsByClient.get(client);
  if (!sessions) sessionsByClient.set(client, (sessions = new Map()));
  let session = sessions.get(sessionId);
  if (!session) {
    session = openPaySession(sessionId, options, {
      // The pay call is a mutation of the host's client (visible in its devtools and `useIsMutating`).
      // Money: it is never repeated by the library, and never queued while offline.
      runPayCall: (call) =>
        new MutationObserver(client, {
          mutationKey: [QUERY_SCOPE, 'pay', sessionId],
          mutationFn: () => call(),
          retry: false,
          networkMode: 'always',
          gcTime: 0,
        }).mutate(),
      watchPage: watchWithQueryManagers,
    });
    sessions.set(sessionId, session);
  }
  return session;
}

/**
 * Called when a binding stops observing: a session that nothing shows and that has nothing pending
 * is dropped after the current task, so a checkout visited again (client-side routing back from the
 * receipt, say) starts afresh, while StrictMode's immediate unmount and remount keeps the session.
 */
export function releasePaySession(client: QueryClient, session: PaySession): void {
  setTimeout(() => {
    const sessions = sessionsByClient.get(client);
    if (sessions?.get(session.sessionId) === session && session.isDisposable()) {
      sessions.delete(session.sessionId);
    }
  });
}
