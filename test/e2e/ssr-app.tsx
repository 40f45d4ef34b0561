// The page ssr.test.ts renders on the server and hydrates in Chromium: the same module on both
// sides, so server and client render the same tree from the same props.
import { useMemo } from 'react';
import {
  PayButton,
  PayError,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  SwishApprovalView,
  usePaySession,
  type UsePaySessionResult,
} from '../../src';
import { sv } from '../../src/i18n/locales/sv';

/** Plain data, so the server can hand it to the client as JSON. */
export interface SsrAppProps {
  /** The emulator's API, for the real session's pay call. */
  baseUrl: string;
  sessionId: string;
  /** Deadline of the fake pending request (epoch ms): the same on both sides. */
  expiresAt: number;
  /** A real QR PNG data URL. */
  qrCode: string;
}

/** A session waiting for approval: SwishApprovalView only reads this object. */
function awaitingSession(expiresAt: number, qrCode: string): UsePaySessionResult {
  return {
    sessionId: 'T11223344.awaiting',
    status: 'awaiting_approval',
    app: 'swish',
    isBusy: true,
    canRetry: false,
    shopperActed: false,
    connectionProblem: false,
    isResuming: false,
    requestMayBeLive: false,
    approval: { approvalUrl: 'swish://paymentrequest?token=0123456789abcdef', qrCode, expiresAt },
    pay: () => {},
    cancel: () => {},
    reset: () => {},
    retry: () => {},
  };
}

export function SsrApp({ baseUrl, sessionId, expiresAt, qrCode }: SsrAppProps) {
  const session = usePaySession({
    sessionId,
    paymentProductType: 'swish.swish',
    baseUrl,
    allowLoopbackHttp: true,
  });
  const waiting = useMemo(() => awaitingSession(expiresAt, qrCode), [expiresAt, qrCode]);
  const declined = useMemo(() => new PayError('rejected', { code: 'wrong_ssn', category: 'permanent' }), []);

  return (
    <main>
      <h1>Checkout</h1>
      <PaySessionProvider session={session} theme={{ colorPrimary: '#1f5c4a', borderRadius: 12 }}>
        <PhoneInput id="phone" defaultValue="+46701234567" />
        <PaymentError id="declined" error={declined} onChooseAnotherMethod={() => {}} />
        <PayButton id="pay" amount={78700} currency="SEK" body={{ phone_number: '+46701234567' }} />
      </PaySessionProvider>
      <PaySessionProvider session={waiting} locale="sv" messages={sv}>
        <SwishApprovalView id="approval" />
      </PaySessionProvider>
    </main>
  );
}
