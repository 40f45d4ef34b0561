import { useState } from 'react';
import {
  PayButton,
  PayError,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  SwishApprovalView,
  type Locale,
  type Messages,
  type PayTheme,
} from '../src';
import { awaitingSession, fakeSession, useShownSession } from './fixtures';

export interface CheckoutPreviewProps {
  /** Formats of every component; the toolbar's when left out. */
  locale?: Locale;
  /** Messages of every component (a catalogue); the toolbar's when left out. */
  messages?: Messages;
  /** Tokens for every component, merged over the toolbar's theme. */
  theme?: PayTheme;
  /** Drop the library's classes everywhere. */
  unstyled?: boolean;
  /** The error shown under the pay button. */
  error?: PayError;
  /** Amount in minor units. */
  amount?: number;
  currency?: string;
}

/**
 * All four components at once: the form before paying (phone number, pay button, an error from the
 * last attempt) next to the approval view of a pending Swish request. Two fake sessions, because a
 * real one is only ever in one of those states.
 */
export function CheckoutPreview({
  locale,
  messages,
  theme,
  unstyled,
  error = new PayError('rejected'),
  amount = 24900,
  currency = 'SEK',
}: CheckoutPreviewProps) {
  const [formSession] = useState(() => fakeSession());
  const [pendingSession] = useState(() => awaitingSession({ secondsLeft: 150 }));
  const approvalSession = useShownSession(pendingSession);
  const settings = {
    ...(locale ? { locale } : {}),
    ...(messages ? { messages } : {}),
    ...(theme ? { theme } : {}),
    ...(unstyled !== undefined ? { unstyled } : {}),
  };
  return (
    <div className="shop-columns" {...(locale ? { lang: locale } : {})}>
      <PaySessionProvider session={formSession} {...settings}>
        <div className="shop-stack">
          <PhoneInput defaultValue="+46701234567" />
          <PayButton amount={amount} currency={currency} />
          <PaymentError error={error} onChooseAnotherMethod={() => {}} />
        </div>
      </PaySessionProvider>
      <PaySessionProvider session={approvalSession} {...settings}>
        <SwishApprovalView layout="desktop" />
      </PaySessionProvider>
    </div>
  );
}
