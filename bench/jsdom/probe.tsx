import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useLayoutEffect } from 'react';
import { createRoot } from 'react-dom/client';
import {
  usePaySession,
  type PayStatus,
  type UsePaySessionOptions,
  type UsePaySessionResult,
} from '../../src';
import { flushReact } from './harness';

export interface StatusCommit {
  status: PayStatus;
  /** When React committed the status: `Date.now()` (faked in simulated runs) and `performance.now()`. */
  at: number;
  perfAt: number;
}

/** A mounted `usePaySession` and what it showed, commit by commit. */
export interface Probe {
  readonly session: UsePaySessionResult;
  readonly commits: StatusCommit[];
  /** The first commit of `status`, if there was one. */
  committed(status: PayStatus): StatusCommit | undefined;
  /** Resolves at the first commit of `status`. */
  whenCommitted(status: PayStatus): Promise<StatusCommit>;
  unmount(): void;
}

/** Renders the hook alone, as a storefront would, and records when each status reaches the screen. */
export async function mountProbe(options: UsePaySessionOptions): Promise<Probe> {
  const commits: StatusCommit[] = [];
  const waiters: { status: PayStatus; resolve: (commit: StatusCommit) => void }[] = [];
  let current: UsePaySessionResult | undefined;

  function Probe() {
    const session = usePaySession(options);
    current = session;
    useLayoutEffect(() => {
      const commit = { status: session.status, at: Date.now(), perfAt: performance.now() };
      commits.push(commit);
      for (const waiter of waiters.filter((w) => w.status === commit.status)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(commit);
      }
    }, [session.status]);
    return null;
  }

  const container = document.body.appendChild(document.createElement('div'));
  const root = createRoot(container);
  root.render(
    <QueryClientProvider client={new QueryClient()}>
      <Probe />
    </QueryClientProvider>,
  );
  await flushReact();

  const committed = (status: PayStatus) => commits.find((commit) => commit.status === status);
  return {
    get session() {
      return current!;
    },
    commits,
    committed,
    whenCommitted: (status) =>
      new Promise((resolve) => {
        const done = committed(status);
        if (done) resolve(done);
        else waiters.push({ status, resolve });
      }),
    unmount() {
      root.unmount();
      container.remove();
    },
  };
}

let visibility: DocumentVisibilityState = 'visible';

/** Makes jsdom's page hidden or visible and fires `visibilitychange`, as a browser does. */
export function setPageVisibility(state: DocumentVisibilityState): void {
  visibility = state;
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => visibility === 'hidden' });
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
}

/** The events after which the library checks at once: the shopper may be back from the payment app. */
export function fireReturnEvent(kind: 'visibility' | 'focus' | 'online' | 'pageshow'): void {
  if (kind === 'visibility') {
    setPageVisibility('hidden');
    setPageVisibility('visible');
  } else if (kind === 'focus') {
    window.dispatchEvent(new FocusEvent('focus'));
  } else if (kind === 'online') {
    // React Query reacts to a change of connectivity only: a lone `online` changes nothing.
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('online'));
  } else {
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
  }
}
