import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  PayButton,
  PaymentError,
  PhoneInput,
  SwishApprovalView,
  useMessages,
  type PayInput,
  type PayStatus,
  type PhoneValueDetails,
  type UsePaySessionResult,
} from '../src';
import type { MobilePayCountry, Order, OrderActions, PaymentMethod, SessionState } from './order';
import { STORE_NAME } from './Layout';
import type { Currency } from './products';
import { TestNumbers } from './TestNumbers';

const APPROVAL_STATUSES: ReadonlySet<PayStatus> = new Set(['awaiting_approval', 'expired', 'cancelled']);

interface PhoneState {
  e164: string;
  valid: boolean;
  problem?: PhoneValueDetails['problem'];
}

const NO_PHONE: PhoneState = { e164: '', valid: false, problem: 'empty' };

export interface CheckoutProps {
  session: UsePaySessionResult;
  order: Order;
  /** Whether the page may pay with `session`: only a session made for the cart as it is now. */
  sessionStatus: SessionState['status'];
  actions: OrderActions;
  currency: Currency;
  /** Minor units. */
  total: number;
  /** Whether the simulated phone is on the page, to point the shopper at it. */
  phonePanel: boolean;
  /** Whether the next payment claims an outdated order (412), and how to change that. */
  staleOrder: boolean;
  onStaleOrderChange: (stale: boolean) => void;
}

function focusById(id: string): void {
  document.getElementById(id)?.focus();
}

/**
 * Whether the shopper's focus needs a new home: nothing has it (the element that had it was removed or
 * hidden), or it is on the simulated phone, which stands for another device.
 */
function focusNeedsHome(): boolean {
  const active = document.activeElement;
  if (!active || active === document.body) return true;
  return active instanceof HTMLElement && (active.offsetParent === null || active.closest('.phone') !== null);
}

/** What the note under the Pay button says, by where the order's session stands. */
const SESSION_NOTES: Record<SessionState['status'], string> = {
  ready: 'No real money moves: this shop pays a local Dintero emulator.',
  preparing: 'Updating your order…',
  failed: 'The shop could not prepare your order.',
  empty: 'Add something to your order to pay.',
};

export function Checkout({
  session,
  order,
  sessionStatus,
  actions,
  currency,
  total,
  phonePanel,
  staleOrder,
  onStaleOrderChange,
}: CheckoutProps) {
  const { method, swishMode, mobilePayCountry } = order;
  // One number per method and country: a Swedish number is no use to MobilePay in Finland.
  const phoneKey = method === 'mobilepay' ? `mobilepay-${mobilePayCountry}` : method;
  const [phones, setPhones] = useState<Record<string, PhoneState>>({});
  const phone = phones[phoneKey] ?? NO_PHONE;
  const { status, isBusy } = session;
  const { t } = useMessages(session.app);
  const payable = sessionStatus === 'ready';
  const usesPhone = method !== 'swish' || swishMode === 'phone';
  // Swish to a number and MobilePay cannot start without one.
  const phoneRequired = method === 'mobilepay' || (method === 'swish' && swishMode === 'phone');
  const showApproval = APPROVAL_STATUSES.has(status);

  // When a step ends, the control that had focus may be gone (the approval view) or be on the simulated
  // phone: put focus where the shopper continues, so keyboard and screen reader users are not lost.
  // Errors place focus themselves (PaymentError: the field to fix, or the message).
  const previousStatus = useRef(status);
  useEffect(() => {
    const previous = previousStatus.current;
    previousStatus.current = status;
    if (previous === status || !focusNeedsHome()) return;
    if (status === 'idle') focusById('pay-button');
  }, [status]);

  // A required number: the PhoneInput gives the Pay button its number, and says itself what is wrong
  // (an empty or incomplete number sends nothing). Vipps may go without a number (the shopper then
  // logs in at Vipps), and Swish on this device needs none: those build their body here.
  const getBody = phoneRequired
    ? undefined
    : (): PayInput | undefined => {
        if (!usesPhone) return {};
        if (phone.valid) return { phone_number: phone.e164 };
        if (phone.problem === 'empty') return {};
        // Its message appeared when the press took focus away from it.
        focusById('phone');
        return undefined;
      };

  const chooseAnotherMethod = () => {
    const next: PaymentMethod = method === 'swish' ? 'vipps' : 'swish';
    actions.setMethod(next);
    session.reset();
    // After the reset has rendered the form again.
    requestAnimationFrame(() => focusById(`method-${next}`));
  };

  const noteId = 'pay-note';
  return (
    <CheckoutCard status={sessionStatus}>
      <SwishApprovalView
        className="approval"
        // Under the card's "Payment" h2.
        headingLevel={3}
        amount={total}
        currency={currency}
        merchantName={STORE_NAME}
        onRestart={() => {
          session.reset();
          requestAnimationFrame(() => focusById('pay-button'));
        }}
      />
      {status === 'awaiting_approval' && phonePanel ? (
        <p className="phone-pointer">
          <a href="#simulated-phone">Approve it on the simulated phone</a>
        </p>
      ) : null}
      {status === 'redirecting' ? (
        <p className="redirecting" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('status.redirecting')}
        </p>
      ) : null}

      <div className="checkout-form" hidden={showApproval || status === 'redirecting'}>
        <fieldset className="choices" disabled={isBusy}>
          <legend>Payment method</legend>
          {METHODS.map(({ method: value, title, hint }) => (
            <Choice
              key={value}
              id={`method-${value}`}
              name="method"
              value={value}
              checked={method === value}
              onSelect={() => actions.setMethod(value)}
              title={title}
              brand={value}
              hint={hint}
            />
          ))}
        </fieldset>

        {method === 'swish' ? (
          <fieldset className="choices" disabled={isBusy}>
            <legend>Where is your Swish app?</legend>
            <Choice
              id="swish-phone"
              name="swish-mode"
              value="phone"
              checked={swishMode === 'phone'}
              onSelect={() => actions.setSwishMode('phone')}
              title="On my phone"
              hint="We send the payment request to your number."
            />
            <Choice
              id="swish-device"
              name="swish-mode"
              value="device"
              checked={swishMode === 'device'}
              onSelect={() => actions.setSwishMode('device')}
              title="On this device"
              hint="Open Swish here, or scan a QR code."
            />
          </fieldset>
        ) : null}

        {method === 'mobilepay' ? (
          <fieldset className="choices choices-inline" disabled={isBusy}>
            <legend>Your MobilePay is in</legend>
            {(
              [
                ['DK', 'Denmark', 'Pay in DKK.'],
                ['FI', 'Finland', 'Pay in EUR.'],
              ] as const
            ).map(([country, title, hint]) => (
              <Choice
                key={country}
                id={`mobilepay-${country}`}
                name="mobilepay-country"
                value={country}
                checked={mobilePayCountry === country}
                onSelect={() => actions.setMobilePayCountry(country as MobilePayCountry)}
                title={title}
                hint={hint}
              />
            ))}
          </fieldset>
        ) : null}

        {usesPhone ? (
          <PhoneInput
            // Each method (and MobilePay country) reads national numbers in its own country.
            key={phoneKey}
            id="phone"
            className="phone-field"
            // The session's app picks the country (Swish SE, Vipps NO, MobilePay DK); Finland is chosen here.
            {...(method === 'mobilepay' && mobilePayCountry === 'FI'
              ? { defaultCountry: 'FI' as const }
              : {})}
            // The library's own label and hint, except where the number is optional.
            {...(method === 'vipps'
              ? { label: 'Mobile number (optional)', hint: 'Saves you typing it at Vipps.' }
              : {})}
            value={phone.e164}
            readOnly={isBusy}
            onValueChange={(e164, details) => {
              setPhones((all) => ({
                ...all,
                [phoneKey]: {
                  e164,
                  valid: details.valid,
                  ...(details.problem ? { problem: details.problem } : {}),
                },
              }));
            }}
          />
        ) : null}

        {usesPhone ? (
          <TestNumbers
            method={method}
            country={method === 'swish' ? 'SE' : method === 'vipps' ? 'NO' : mobilePayCountry}
            staleOrder={staleOrder}
            onStaleOrderChange={onStaleOrderChange}
            onUse={(e164) => {
              setPhones((all) => ({ ...all, [phoneKey]: { e164, valid: true } }));
              focusById('phone');
            }}
          />
        ) : null}

        <PaymentError
          id="payment-error"
          tabIndex={-1}
          className="payment-error"
          onChooseAnotherMethod={chooseAnotherMethod}
        />

        <PayButton
          id="pay-button"
          className="pay-button"
          amount={total}
          currency={currency}
          getBody={getBody}
          // Only a session made for the cart as it is now may be paid: its amount is the cart's.
          aria-disabled={!payable || undefined}
          aria-describedby={payable ? undefined : noteId}
        />
        <p id={noteId} className="pay-note" role={sessionStatus === 'failed' ? 'alert' : undefined}>
          {SESSION_NOTES[sessionStatus]}
        </p>
        {sessionStatus === 'failed' ? (
          <button type="button" className="button button-secondary" onClick={actions.retrySession}>
            Prepare the order again
          </button>
        ) : null}
      </div>
    </CheckoutCard>
  );
}

/** The payment methods the shop offers, in the order shown. */
const METHODS: { method: PaymentMethod; title: string; hint: string }[] = [
  { method: 'swish', title: 'Swish', hint: 'Pay from your Swedish bank account in the Swish app. In SEK.' },
  { method: 'vipps', title: 'Vipps', hint: 'You continue to Vipps to approve. In NOK.' },
  { method: 'mobilepay', title: 'MobilePay', hint: 'Approve in the MobilePay app, in Denmark or Finland.' },
];

/** The checkout's card and heading, whatever it holds: the payment, or why there is none yet. */
export function CheckoutCard({ status, children }: { status: string; children: ReactNode }) {
  return (
    <section
      className="card checkout"
      id="checkout"
      aria-labelledby="checkout-heading"
      tabIndex={-1}
      data-session={status}
    >
      <h2 id="checkout-heading">Payment</h2>
      {children}
    </section>
  );
}

interface ChoiceProps {
  id: string;
  name: string;
  value: string;
  checked: boolean;
  onSelect: () => void;
  title: string;
  hint: string;
  /** A brand mark before the title (`swish`, `vipps`, `mobilepay`). */
  brand?: string;
}

/** One radio option drawn as a card: title, optional brand mark and a hint. */
function Choice({ id, name, value, checked, onSelect, title, hint, brand }: ChoiceProps) {
  return (
    <label className="choice" htmlFor={id}>
      <input type="radio" id={id} name={name} value={value} checked={checked} onChange={onSelect} />
      <span className="choice-text">
        <span className="choice-title">
          {brand ? <span className={`brand brand-${brand}`} aria-hidden="true" /> : null}
          {title}
        </span>
        <span className="choice-hint">{hint}</span>
      </span>
    </label>
  );
}
