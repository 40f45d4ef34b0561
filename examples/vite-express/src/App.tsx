'use client'; // a client module in Next.js's App Router; other setups ignore the line
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import {
  PayButton,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  SwishApprovalView,
  usePaySession,
  type UsePaySessionOptions,
} from 'react-dintero-pay';
import { sv } from 'react-dintero-pay/locales/sv';
import 'react-dintero-pay/styles.css';

export interface AppProps {
  sessionId: string;
  /** Where an approved payment goes; left out, the page loads Dintero's `redirect_url`. */
  onRedirect?: UsePaySessionOptions['onRedirect'];
  /** The status-check schedule; tests pass `{ intervalMs: 50 }`. */
  poll?: UsePaySessionOptions['poll'];
}

export function App(props: AppProps) {
  // One QueryClient per App, made on its first render: never at module level, where a server that
  // renders pages would share it between requests. Already have a QueryClientProvider? Leave this
  // one out. Have none at all? The hook then uses a private client.
  const [queryClient] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <SwishCheckout {...props} />
    </QueryClientProvider>
  );
}

function SwishCheckout({ sessionId, onRedirect, poll }: AppProps) {
  const session = usePaySession({
    sessionId,
    paymentProductType: 'swish.swish',
    onRedirect,
    poll,
    // Your own origin's proxy to Dintero (see Deploying); without it, checkout.dintero.com/v1.
    baseUrl: '/api/dintero/v1',
  });
  // The approval view has something to show while waiting and after the request ended (expired or
  // cancelled: "start again"); the form covers every other status.
  const { status } = session;
  const approving = status === 'awaiting_approval' || status === 'expired' || status === 'cancelled';

  return (
    <PaySessionProvider session={session} locale="sv" messages={sv}>
      {approving ? (
        <SwishApprovalView />
      ) : (
        <>
          {/* Inside one provider the Pay button sends the field's number, and checks it first: an
              empty or incomplete number sends nothing, and the field says why. */}
          <PhoneInput />
          <PaymentError />
          <PayButton amount={78700} currency="SEK" />
        </>
      )}
    </PaySessionProvider>
  );
}
