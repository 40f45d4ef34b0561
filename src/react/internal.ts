import { QueryClient, QueryClientContext } from '@tanstack/react-query';
import {
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type MutableRefObject,
  type Ref,
  type RefCallback,
} from 'react';
import { warnInDevelopment } from '../core/dev';

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

/**
 * A value that is controlled (a prop is given) or uncontrolled, in the style of Radix's
 * `useControllableState`, for values whose display holds more than the value (a phone field's text
 * holds a partial number while its value is `''`). `setValue` records what is emitted and calls
 * `onChange` only when the value really changes; a prop that changes to anything other than the
 * value just emitted in the same update is the parent's own change, and `onExternalChange` runs
 * during that render so the display follows at once — which is how a parent clears a field even
 * from a partial number whose value was already `''`. Switching between controlled and uncontrolled
 * warns in development, as it is almost always a bug (`value={maybeUndefined}`).
 */
export function useControllableState<T>({
  prop,
  defaultProp,
  onChange,
  onExternalChange,
  caller,
}: {
  prop: T | undefined;
  defaultProp: T;
  onChange?: (value: T) => void;
  onExternalChange?: (value: T) => void;
  /** The component's name, for the development warning. */
  caller: string;
}): [T, (value: T) => void] {
  const [uncontrolled, setUncontrolled] = useState(defaultProp);
  const [seenProp, setSeenProp] = useState(prop);
  // What this component emitted since its last commit: the parent's echo of it is not an outside change.
  const emitted = useRef<{ value: T } | undefined>(undefined);
  if (prop !== undefined && !Object.is(prop, seenProp)) {
    setSeenProp(prop);
    // Read during render on purpose: whether this new prop is our own echo must be known in the
    // render it arrives in, and the ref only ever holds what this component emitted before it.
    /* eslint-disable react-hooks/refs */
    const isEcho = emitted.current !== undefined && Object.is(emitted.current.value, prop);
    if (!isEcho) onExternalChange?.(prop);
    /* eslint-enable react-hooks/refs */
  }
  const controlled = prop !== undefined;
  const value = controlled ? prop : uncontrolled;
  const latest = useLatest({ onChange, value });
  useIsomorphicLayoutEffect(() => {
    emitted.current = undefined;
  });
  useSwitchWarning(controlled, caller);
  const setValue = useCallback(
    (next: T) => {
      emitted.current = { value: next };
      if (Object.is(next, latest.current.value)) return;
      if (!controlled) setUncontrolled(next);
      latest.current.onChange?.(next);
    },
    [controlled, latest],
  );
  return [value, setValue];
}

/**
 * Development builds only: warns when a component switches between controlled and uncontrolled.
 * Production builds drop this hook whole (see `warnInDevelopment`); the condition is fixed for a
 * build, so every render calls the same hooks.
 */
function useSwitchWarning(controlled: boolean, caller: string): void {
  try {
    if (process.env.NODE_ENV !== 'production') {
      /* eslint-disable react-hooks/rules-of-hooks */
      const wasControlled = useRef(controlled);
      useIsomorphicLayoutEffect(() => {
        if (wasControlled.current === controlled) return;
        const [from, to] = controlled ? ['uncontrolled', 'controlled'] : ['controlled', 'uncontrolled'];
        warnInDevelopment(
          () =>
            `${caller} is changing from ${from} to ${to}. Components should not switch from controlled to ` +
            'uncontrolled (or the other way round): pass `value` on every render (`""` for empty), or never.',
        );
        wasControlled.current = controlled;
      });
      /* eslint-enable react-hooks/rules-of-hooks */
    }
  } catch {
    // No `process` and no bundler: nothing says this is development.
  }
}

function setRef<T>(ref: Ref<T> | undefined, element: T | null): void {
  if (typeof ref === 'function') ref(element);
  else if (ref) (ref as MutableRefObject<T | null>).current = element;
}

/** One callback ref that sets both refs, so a component keeps its own ref and forwards the consumer's. */
export function useMergedRefs<T>(own: Ref<T> | undefined, forwarded: Ref<T> | undefined): RefCallback<T> {
  return useCallback(
    (element: T | null) => {
      setRef(own, element);
      setRef(forwarded, element);
    },
    [own, forwarded],
  );
}
