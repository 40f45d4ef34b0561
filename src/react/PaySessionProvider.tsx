import { createContext, useContext, type ReactNode } from 'react';
import type { UsePaySessionResult } from './usePaySession';

const PaySessionContext = createContext<UsePaySessionResult | null>(null);

export interface PaySessionProviderProps {
  /** The result of `usePaySession`, shared with every component below. */
  session: UsePaySessionResult;
  children?: ReactNode;
}

/** Lets the components below find the payment session without passing it to each one. */
export function PaySessionProvider({ session, children }: PaySessionProviderProps) {
  return <PaySessionContext.Provider value={session}>{children}</PaySessionContext.Provider>;
}

/**
 * The session from the nearest `PaySessionProvider`, or the one given explicitly. Throws with a
 * hint when there is neither, as a component without a session cannot do anything useful.
 */
export function usePaySessionContext(explicit?: UsePaySessionResult): UsePaySessionResult {
  const fromContext = useContext(PaySessionContext);
  const session = explicit ?? fromContext;
  if (!session) {
    throw new Error(
      'react-dintero-pay: no payment session. Pass `session={usePaySession(…)}` to the component, ' +
        'or wrap it in <PaySessionProvider session={…}>.',
    );
  }
  return session;
}
