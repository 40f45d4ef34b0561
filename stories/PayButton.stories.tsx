import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type FormEvent } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { PayButton, PaySessionProvider, PhoneInput } from '../src';
import { fakeSession, useReactiveSession } from './fixtures';
import { brandsIn, wordsOf } from './words';

const PHONE = '+46701234567';

/** The page-wide polite region PayButton speaks through: outside the story's canvas, in the DOM before it speaks. */
const announcer = () => document.querySelector('[data-rdp-announcer]');

const meta = {
  title: 'Components/PayButton',
  component: PayButton,
  tags: ['autodocs'],
  // Each story brings its own session: object args would be merged key by key with the story's.
  args: { body: { phone_number: PHONE } },
} satisfies Meta<typeof PayButton>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Idle: Story = {
  args: { session: fakeSession() },
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Pay' });
    await expect(button).toHaveAttribute('type', 'button');
    await expect(button).not.toHaveAttribute('aria-disabled');
    await expect(button.querySelector('[data-slot="spinner"]')).toBeNull();
  },
};

export const AmountSEK: Story = {
  name: 'With amount (SEK)',
  args: { session: fakeSession(), amount: 24900, currency: 'SEK' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button')).toHaveAccessibleName(/^Pay SEK\s249\.00$/);
  },
};

export const AmountNOK: Story = {
  name: 'With amount (NOK)',
  args: { session: fakeSession(), amount: 49900, currency: 'NOK' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button')).toHaveAccessibleName(/^Pay NOK\s499\.00$/);
  },
};

export const AmountDKK: Story = {
  name: 'With amount (DKK)',
  args: { session: fakeSession(), amount: 19950, currency: 'DKK' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button')).toHaveAccessibleName(/^Pay DKK\s199\.50$/);
  },
};

export const AmountEUR: Story = {
  name: 'With amount (EUR)',
  args: { session: fakeSession(), amount: 2490, currency: 'EUR' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button')).toHaveAccessibleName('Pay €24.90');
  },
};

export const Submitting: Story = {
  args: { session: fakeSession({ status: 'submitting', isBusy: true }), amount: 24900, currency: 'SEK' },
  render: function Render(args) {
    // A session that refuses while busy, as the real one does: presses reach it and pay nothing.
    const session = useReactiveSession(args.session!);
    return <PayButton {...args} session={session} />;
  },
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button');
    await expect(button).toHaveAttribute('aria-disabled', 'true');
    await expect(button).toHaveAttribute('data-status', 'submitting');
    await expect(button.querySelector('[data-slot="spinner"]')).not.toBeNull();
    await expect(announcer()).toHaveTextContent('Starting payment…');
    // Busy, not disabled: it stays focusable, and activating it does nothing.
    await userEvent.click(button);
    await expect(button).toHaveFocus();
    await userEvent.keyboard('{Enter}[Space]');
    await expect(args.session!.pay).not.toHaveBeenCalled();
  },
};

export const AwaitingApproval: Story = {
  name: 'Awaiting approval (busy)',
  args: {
    session: fakeSession({ status: 'awaiting_approval', isBusy: true }),
    amount: 24900,
    currency: 'SEK',
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button')).toHaveAttribute('aria-disabled', 'true');
    await expect(announcer()).toHaveTextContent('Waiting for you to approve the payment…');
  },
};

export const Redirecting: Story = {
  args: {
    session: fakeSession({
      status: 'redirecting',
      isBusy: true,
      redirectUrl: 'https://checkout.dintero.com/v1/sessions/T11223344.storybook/return',
    }),
    amount: 24900,
    currency: 'SEK',
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button')).toHaveAttribute('aria-disabled', 'true');
    await expect(announcer()).toHaveTextContent('Taking you to the next step…');
  },
};

/** With a session that turns busy when paid, as the real one does: the second click must not pay again. */
export const PaysOnce: Story = {
  name: 'Pays once (click, then click while busy)',
  args: { session: fakeSession() },
  render: function Render(args) {
    const session = useReactiveSession(args.session!);
    return <PayButton {...args} session={session} />;
  },
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Pay' });
    await userEvent.click(button);
    await expect(args.session!.pay).toHaveBeenCalledTimes(1);
    await expect(args.session!.pay).toHaveBeenCalledWith({ phone_number: PHONE });
    await expect(button).toHaveAttribute('aria-disabled', 'true');
    await expect(announcer()).toHaveTextContent('Starting payment…');

    await userEvent.click(button);
    await userEvent.dblClick(button);
    await userEvent.keyboard('{Enter}[Space]');
    await expect(args.session!.pay).toHaveBeenCalledTimes(1);
  },
};

/**
 * In a checkout form: the button never submits the form, and it reads the phone number only when
 * clicked, refusing to pay while the number is not valid.
 */
export const InsideAForm: Story = {
  name: 'Inside a form',
  args: { session: fakeSession(), amount: 24900, currency: 'SEK' },
  render: function Render(args) {
    const [phone, setPhone] = useState({ e164: '', valid: false });
    const [showError, setShowError] = useState(false);
    const [submitted, setSubmitted] = useState(false);
    const { body: _body, ...buttonArgs } = args;
    return (
      <form
        aria-label="Checkout"
        className="shop-stack"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          setSubmitted(true);
        }}
      >
        <PhoneInput
          error={showError && !phone.valid}
          onValueChange={(e164, { valid }) => {
            setPhone({ e164, valid });
            if (valid) setShowError(false);
          }}
        />
        <PayButton
          {...buttonArgs}
          getBody={() => {
            if (phone.valid) return { phone_number: phone.e164 };
            setShowError(true);
            return undefined;
          }}
        />
        {submitted ? <p role="alert">The form was submitted.</p> : null}
      </form>
    );
  },
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: /^Pay/ });
    await userEvent.click(button);
    await expect(args.session!.pay).not.toHaveBeenCalled();
    await expect(canvas.getByText('Enter your mobile number.')).toBeVisible();

    await userEvent.type(canvas.getByRole('textbox', { name: 'Mobile number' }), '0701234567');
    await userEvent.click(button);
    await expect(args.session!.pay).toHaveBeenCalledTimes(1);
    await expect(args.session!.pay).toHaveBeenCalledWith({ phone_number: PHONE });
    await expect(canvas.queryByText('The form was submitted.')).toBeNull();
  },
};

/** Under one provider the button takes the number from the PhoneInput: no `getBody` needed. */
export const NumberFromPhoneInput: Story = {
  name: 'Number from the PhoneInput (empty: says why, sends nothing)',
  args: { session: fakeSession(), amount: 24900, currency: 'SEK' },
  render: function Render(args) {
    const { body: _body, session, ...buttonArgs } = args;
    return (
      <PaySessionProvider session={session!}>
        <div className="shop-stack">
          <PhoneInput />
          <PayButton {...buttonArgs} />
        </div>
      </PaySessionProvider>
    );
  },
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: /^Pay/ });
    await userEvent.click(button);
    await expect(args.session!.pay).not.toHaveBeenCalled();
    const input = canvas.getByRole('textbox', { name: 'Mobile number' });
    await expect(input).toHaveFocus();
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(input).toHaveAccessibleDescription(/Enter your mobile number\.$/);
    await expect(document.querySelector('[data-rdp-announcer]')).toHaveTextContent(
      'Enter your mobile number.',
    );

    await userEvent.type(input, '0701234567');
    await expect(input).not.toHaveAttribute('aria-invalid');
    await userEvent.click(button);
    await expect(args.session!.pay).toHaveBeenCalledTimes(1);
    await expect(args.session!.pay).toHaveBeenCalledWith({ phone_number: PHONE });
  },
};

/** An earlier request may still be approved in the app (after Cancel): a new attempt asks first. */
export const PayAgainWarning: Story = {
  name: 'Pay-again warning (a request may still be open)',
  args: { session: fakeSession({ requestMayBeLive: true }), amount: 24900, currency: 'SEK' },
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: /^Pay SEK/ }));
    await expect(args.session!.pay).not.toHaveBeenCalled();
    const question = canvas.getByText('A payment request may still be open in Swish. Pay again?');
    await waitFor(() => expect(question).toHaveFocus());

    await userEvent.click(canvas.getByRole('button', { name: 'Keep waiting' }));
    await expect(args.session!.pay).not.toHaveBeenCalled();
    await waitFor(() => expect(canvas.getByRole('button', { name: /^Pay SEK/ })).toHaveFocus());

    await userEvent.click(canvas.getByRole('button', { name: /^Pay SEK/ }));
    await userEvent.click(canvas.getByRole('button', { name: 'Pay again' }));
    await expect(args.session!.pay).toHaveBeenCalledTimes(1);
    await expect(args.session!.pay).toHaveBeenCalledWith({ phone_number: PHONE });
  },
};

/** Open the question to look at it (no play function closes it). */
export const PayAgainQuestion: Story = {
  name: 'Pay-again warning (open)',
  args: { session: fakeSession({ requestMayBeLive: true }), amount: 24900, currency: 'SEK' },
  play: async ({ canvas, canvasElement, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: /^Pay SEK/ }));
    await expect(canvas.getByRole('button', { name: 'Pay again' })).toBeVisible();
    // One action at a time: the Pay button waits behind the question.
    await expect(canvasElement.querySelector('button[data-status]')).not.toBeVisible();
  },
};

/** The same question under a Vipps session: it names the app the shopper approves in (left open to look at). */
export const PayAgainVipps: Story = {
  name: 'Pay-again warning (Vipps)',
  args: {
    session: fakeSession({ app: 'vipps', status: 'cancelled', requestMayBeLive: true }),
    body: { phone_number: '+4791234567' },
    amount: 49900,
    currency: 'NOK',
  },
  play: async ({ args, canvas, canvasElement, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: /^Pay NOK/ }));
    await expect(args.session!.pay).not.toHaveBeenCalled();
    const question = canvas.getByRole('group', {
      name: 'A payment request may still be open in Vipps. Pay again?',
    });
    await waitFor(() => expect(within(question).getByText(/open in Vipps/)).toHaveFocus());
    await expect(within(question).getByRole('button', { name: 'Pay again' })).toBeVisible();
    await expect(within(question).getByRole('button', { name: 'Keep waiting' })).toBeVisible();
    // Vipps, and no other app, in everything the shopper can read or hear.
    await expect(brandsIn(wordsOf(canvasElement))).toEqual(['Vipps']);
  },
};
