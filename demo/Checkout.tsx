import { useEffect, useRef, useState } from 'react';
import {
  PayButton,
  PaymentError,
  PhoneInput,
  SwishApprovalView,
  type PayInput,
  type PayStatus,
  type PhoneValueDetails,
  type UsePaySessionResult,
} from '../src';
import type { OrderActions, PaymentMethod, SwishMode } from './order';
import { STORE_NAME } from './Layout';
import { CURRENCY } from './products';
import { TestNumbers } from './TestNumbers';

const APPROVAL_STATUSES: ReadonlySet<PayStatus> = new Set(['awaiting_approval', 'expired', 'cancelled']);

interface PhoneState {
  e164: string;
  valid: boolean;
  problem?: PhoneValueDetails['problem'];
}

export interface CheckoutProps {
  session: UsePaySessionResult;
  method: PaymentMethod;
  swishMode: SwishMode;
  actions: OrderActions;
  /** Öre. */
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

export function Checkout({
  session,
  method,
  swishMode,
  actions,
  total,
  phonePanel,
  staleOrder,
  onStaleOrderChange,
}: CheckoutProps) {
  const [phone, setPhone] = useState<PhoneState>({ e164: '', valid: false, problem: 'empty' });
  const { status, isBusy } = session;
  const empty = total === 0;
  const usesPhone = method === 'vipps' || swishMode === 'phone';
  const phoneRequired = method === 'swish' && swishMode === 'phone';
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

  // Swish to a number: the PhoneInput gives the Pay button its number, and says itself what is wrong
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
    actions.setMethod(method === 'swish' ? 'vipps' : 'swish');
    session.reset();
    // After the reset has rendered the form again.
    requestAnimationFrame(() => focusById(`method-${method === 'swish' ? 'vipps' : 'swish'}`));
  };

  const approvalView = (
    <SwishApprovalView
      className="approval"
      // Under the card's "Payment" h2.
      headingLevel={3}
      amount={total}
      currency={CURRENCY}
      merchantName={STORE_NAME}
      onRestart={() => {
        session.reset();
        requestAnimationFrame(() => focusById('pay-button'));
      }}
    />
  );

  return (
    <section className="card checkout" id="checkout" aria-labelledby="checkout-heading" tabIndex={-1}>
      <h2 id="checkout-heading">Payment</h2>
      {approvalView}
      {status === 'awaiting_approval' && phonePanel ? (
        <p className="phone-pointer">
          <a href="#simulated-phone">Approve it on the simulated phone</a>
        </p>
      ) : null}
      {status === 'redirecting' ? (
        <p className="redirecting" role="status">
          <span className="spinner" aria-hidden="true" />
          {method === 'vipps' ? 'Taking you to Vipps…' : 'Payment approved. Finishing your order…'}
        </p>
      ) : null}

      <div className="checkout-form" hidden={showApproval || status === 'redirecting'}>
        <fieldset className="choices" disabled={isBusy}>
          <legend>Payment method</legend>
          <Choice
            id="method-swish"
            name="method"
            value="swish"
            checked={method === 'swish'}
            onSelect={() => actions.setMethod('swish')}
            title="Swish"
            brand="swish"
            hint="Pay from your Swedish bank account in the Swish app."
          />
          <Choice
            id="method-vipps"
            name="method"
            value="vipps"
            checked={method === 'vipps'}
            onSelect={() => actions.setMethod('vipps')}
            title="Vipps"
            brand="vipps"
            hint="You continue to Vipps to approve."
          />
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

        {usesPhone ? (
          <PhoneInput
            // Each method reads national numbers in its own country.
            key={method}
            id="phone"
            className="phone-field"
            defaultCountry={method === 'swish' ? 'SE' : 'NO'}
            label={method === 'swish' ? 'Mobile number' : 'Mobile number (optional)'}
            hint={
              method === 'swish'
                ? 'The payment request is sent to the Swish app on this number.'
                : 'Saves you typing it at Vipps.'
            }
            value={phone.e164}
            readOnly={isBusy}
            onValueChange={(e164, details) => {
              setPhone({
                e164,
                valid: details.valid,
                ...(details.problem ? { problem: details.problem } : {}),
              });
            }}
          />
        ) : null}

        {usesPhone ? (
          <TestNumbers
            method={method}
            staleOrder={staleOrder}
            onStaleOrderChange={onStaleOrderChange}
            onUse={(e164) => {
              setPhone({ e164, valid: true });
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
          currency={CURRENCY}
          getBody={getBody}
          aria-disabled={empty || undefined}
          aria-describedby={empty ? 'pay-empty' : undefined}
        />
        {empty ? (
          <p id="pay-empty" className="pay-note">
            Add something to your order to pay.
          </p>
        ) : (
          <p className="pay-note">No real money moves: this shop pays a local Dintero emulator.</p>
        )}
      </div>
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
  /** A brand mark before the title (`swish`, `vipps`). */
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
