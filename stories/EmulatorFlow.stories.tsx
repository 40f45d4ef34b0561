import type { Meta, StoryObj } from '@storybook/react-vite';
import { useId, useState } from 'react';
import { expect, waitFor } from 'storybook/test';
import {
  PayButton,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  SwishApprovalView,
  usePaySession,
  type PayInput,
} from '../src';
// The testing entry also carries the Node-only emulator server; stories take the browser-safe parts.
import { createDinteroHandlers } from '../src/testing/handlers';

// Any https origin will do: the service worker answers it, nothing leaves the browser.
const BASE_URL = 'https://checkout.test/v1';
const { handlers, emulator } = createDinteroHandlers({ baseUrl: BASE_URL });

let mounts = 0;

export interface EmulatorCheckoutProps {
  /** Amount in minor units. */
  amount: number;
  currency: string;
  /** How often the status is checked; short here so the story does not keep you waiting. */
  pollIntervalMs: number;
}

/**
 * A checkout wired to the real `usePaySession`, talking to the Dintero emulator through MSW, next to
 * a stand-in for the shopper's phone that approves the pending Swish request.
 */
function EmulatorCheckout({ amount, currency, pollIntervalMs }: EmulatorCheckoutProps) {
  // A new Dintero session per mount, so replaying the story never meets the last run's request.
  const [sessionId] = useState(() => `T11223344.story${++mounts}`);
  const [redirectedTo, setRedirectedTo] = useState<string>();
  const [phone, setPhone] = useState({ e164: '', valid: false, empty: true });
  const [phoneError, setPhoneError] = useState(false);
  const [phoneNote, setPhoneNote] = useState('');
  const phoneHeading = useId();

  const session = usePaySession({
    sessionId,
    paymentProductType: 'swish.swish',
    baseUrl: BASE_URL,
    // After Cancel the request is still checked quietly at the slow interval: short here too.
    poll: { intervalMs: pollIntervalMs, slowIntervalMs: pollIntervalMs * 2 },
    // A reload of the story starts afresh instead of resuming a request the emulator has forgotten.
    storage: null,
    // Navigating would replace the Storybook frame: show where the shopper would have gone instead.
    onRedirect: setRedirectedTo,
  });

  const getBody = (): PayInput | undefined => {
    // Without a number Swish answers with a QR code and an app link; with one, on that phone.
    if (phone.empty) return {};
    if (phone.valid) return { phone_number: phone.e164 };
    setPhoneError(true);
    return undefined;
  };

  const approveOnPhone = () => {
    const pending = emulator.pending().filter((request) => request.sessionId === sessionId);
    for (const request of pending) emulator.approve(request.requestId);
    setPhoneNote(
      pending.length > 0 ? 'Approved. The shop sees it at its next check.' : 'Nothing to approve.',
    );
  };

  return (
    <div className="shop-columns">
      <PaySessionProvider session={session}>
        <div className="shop-stack">
          <PhoneInput
            hint="Leave it empty to pay with the QR code or the Swish app on this device."
            error={phoneError && !phone.valid}
            onValueChange={(e164, { valid, problem }) => {
              setPhone({ e164, valid, empty: problem === 'empty' });
              setPhoneError(false);
            }}
          />
          <PayButton amount={amount} currency={currency} getBody={getBody} />
          <SwishApprovalView layout="desktop" />
          <PaymentError />
          {redirectedTo ? (
            <div className="shop-stack">
              <p role="status" data-testid="paid" className="shop-url">
                Paid — would go to {redirectedTo}
              </p>
              <button
                type="button"
                className="shop-button"
                onClick={() => {
                  setRedirectedTo(undefined);
                  session.reset();
                }}
              >
                Pay again
              </button>
            </div>
          ) : null}
        </div>
      </PaySessionProvider>
      <section className="shop-device" aria-labelledby={phoneHeading}>
        <h2 id={phoneHeading} className="shop-heading">
          Shopper’s phone (emulator)
        </h2>
        <p className="shop-note">Status: {session.status}</p>
        <button
          type="button"
          className="shop-button"
          onClick={approveOnPhone}
          // The app request lives on after Cancel: it can still be approved on the phone.
          disabled={session.status !== 'awaiting_approval' && !session.requestMayBeLive}
        >
          Approve in the Swish app
        </button>
        <p className="shop-note" aria-live="polite">
          {phoneNote}
        </p>
      </section>
    </div>
  );
}

const meta = {
  title: 'Flows/Full flow against the emulator',
  component: EmulatorCheckout,
  args: { amount: 24900, currency: 'SEK', pollIntervalMs: 200 },
  parameters: { shopCard: 'wide', msw: { handlers } },
} satisfies Meta<typeof EmulatorCheckout>;

export default meta;
type Story = StoryObj<typeof meta>;

export const FullFlowAgainstTheEmulator: Story = {
  name: 'Full flow against the emulator',
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: /^Pay SEK/ }));

    const qr = await canvas.findByRole<HTMLImageElement>(
      'img',
      { name: 'QR code: scan it with Swish to pay' },
      { timeout: 5000 },
    );
    await expect(qr.src).toMatch(/^data:image\/png;base64,/);
    // A desktop: the QR code alone, as Swish has no desktop app.
    await expect(canvas.queryByRole('link', { name: 'Open Swish' })).toBeNull();
    await expect(canvas.getByRole('button', { name: /^Pay SEK/ })).toHaveAttribute('aria-disabled', 'true');
    // Still pending after a few status checks: nothing is approved until the phone says so.
    await new Promise((resolve) => setTimeout(resolve, 600));
    await expect(canvas.queryByTestId('paid')).toBeNull();

    await userEvent.click(canvas.getByRole('button', { name: 'Approve in the Swish app' }));
    await waitFor(
      () =>
        expect(canvas.getByTestId('paid')).toHaveTextContent(
          /^Paid — would go to https:\/\/checkout\.test\//,
        ),
      { timeout: 5000 },
    );
    await expect(canvas.queryByRole('img', { name: 'QR code: scan it with Swish to pay' })).toBeNull();
  },
};

export const LateApprovalAfterCancel: Story = {
  name: 'Late approval after Cancel',
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: /^Pay SEK/ }));
    await canvas.findByRole('img', { name: 'QR code: scan it with Swish to pay' }, { timeout: 5000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    const truth = canvas.getByText(
      'We stopped waiting here. If you approve in Swish now, the payment still goes through.',
    );
    await waitFor(() => expect(truth).toHaveFocus());
    // The shopper approves in the app anyway: the quiet check sees it and the payment completes.
    await userEvent.click(canvas.getByRole('button', { name: 'Approve in the Swish app' }));
    await waitFor(
      () =>
        expect(canvas.getByTestId('paid')).toHaveTextContent(
          /^Paid — would go to https:\/\/checkout\.test\//,
        ),
      { timeout: 5000 },
    );
  },
};
