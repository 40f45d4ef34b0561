import { QueryClient, QueryClientContext } from '@tanstack/react-query';
import { useContext, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** useLayoutEffect in the browser, useEffect on the server (where neither runs). */
export const useIsomorphicLayoutEffect = typeof window !== 'undefined' ? useLayoutEffect : useEffect;

/** A ref that always holds the latest value, for callbacks read outside render. */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useIsomorphicLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}

/**
 * The QueryClient to use: the one passed in, else the host app's (from its QueryClientProvider),
 * else a private one owned by this component. The library works the same with all three.
 */
export function useQueryClientOrOwn(explicit?: QueryClient): QueryClient {
  const host = useContext(QueryClientContext);
  const [own] = useState(() => (explicit || host ? undefined : new QueryClient()));
  useEffect(() => {
    if (!own) return;
    // What QueryClientProvider would do: listen to focus and online events for its queries.
    own.mount();
    return () => own.unmount();
  }, [own]);
  return explicit ?? host ?? own!;
}
