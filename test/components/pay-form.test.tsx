import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  PayButton,
  PayError,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  type UsePaySessionResult,
} from '../../src';
import { expectNoAxeViolations, fakeSession, type FakeSessionFields } from './helpers';

/** The README's form: a phone field and a Pay button under one provider, no `getBody` plumbing. */
function form(session: UsePaySessionResult, button: Partial<Parameters<typeof PayButton>[0]> = {}) {
  return (
    <PaySessionProvider session={session}>
      <PhoneInput />
      <PaymentError />
      <PayButton amount={78700} currency="SEK" {...button} />
    </PaySessionProvider>
  );
}

const announcer = () => document.querySelector('[data-rdp-announcer]');
const phoneField = () => screen.getByRole('textbox', { name: 'Mobile number' });
const payButton = () => screen.getByRole('button', { name: /^Pay SEK\s787\.00$/ });

describe('PhoneInput and PayButton under one provider', () => {
  it("sends the field's number as phone_number without getBody", async () => {
    const user = userEvent.setup();
    const session = fakeSession();
    render(form(session));
    await user.type(phoneField(), '070 123 45 67');
    await user.click(payButton());
    expect(session.pay).toHaveBeenCalledTimes(1);
    expect(session.pay).toHaveBeenCalledWith({ phone_number: '+46701234567' });
  });

  it('lets body and getBody win over the field', async () => {
    const user = userEvent.setup();
    const session = fakeSession();
    const { rerender } = render(form(session, { body: { phone_number: '+46709999999' } }));
    await user.click(payButton());
    expect(session.pay).toHaveBeenLastCalledWith({ phone_number: '+46709999999' });
    rerender(form(session, { getBody: () => ({}) }));
    await user.click(payButton());
    expect(session.pay).toHaveBeenLastCalledWith({});
    expect(phoneField()).not.toHaveAttribute('aria-invalid');
  });

  it.each([
    ['empty', '', 'Enter your mobile number.'],
    ['incomplete', '070 12', 'The number is too short.'],
  ])(
    'with an %s number sends nothing, marks the field with its message, focuses and announces it',
    async (_, typed, message) => {
      const user = userEvent.setup();
      const session = fakeSession();
      const { container } = render(form(session));
      if (typed) await user.type(phoneField(), typed);
      await user.click(payButton());
      expect(session.pay).not.toHaveBeenCalled();
      const input = phoneField();
      expect(input).toHaveFocus();
      expect(input).toHaveAttribute('aria-invalid', 'true');
      expect(input).toHaveAccessibleDescription(expect.stringContaining(message));
      const shown = screen.getByText(message, { selector: '[data-slot="error"]' });
      expect(input).toHaveAttribute('aria-errormessage', shown.id);
      expect(announcer()).toHaveTextContent(message);
      await expectNoAxeViolations(container);
    },
  );

  it('for Vipps an empty field pays without a number (the shopper logs in at Vipps); a partial one is still refused', async () => {
    const user = userEvent.setup();
    const session = fakeSession({ app: 'vipps' });
    render(form(session));
    await user.click(payButton());
    expect(session.pay).toHaveBeenCalledExactlyOnceWith({});
    expect(phoneField()).not.toHaveAttribute('aria-invalid');
    await user.type(phoneField(), '900 1');
    await user.click(payButton());
    expect(session.pay).toHaveBeenCalledTimes(1);
    expect(phoneField()).toHaveAttribute('aria-invalid', 'true');
  });

  it.each(['swish', 'mobilepay', 'other'] as const)(
    'for %s an empty field is refused: a number is needed',
    async (app) => {
      const user = userEvent.setup();
      const session = fakeSession({ app });
      render(form(session));
      await user.click(payButton());
      expect(session.pay).not.toHaveBeenCalled();
      expect(phoneField()).toHaveFocus();
    },
  );

  it('says what is wrong when the shopper leaves a field that cannot be a number, not an empty one', async () => {
    const user = userEvent.setup();
    render(
      <>
        <PhoneInput />
        <button type="button">Next</button>
      </>,
    );
    const input = phoneField();
    await user.click(input);
    await user.tab();
    expect(input).not.toHaveAttribute('aria-invalid');
    await user.type(input, '070 12');
    expect(screen.queryByText('The number is too short.')).not.toBeInTheDocument();
    await user.tab();
    expect(screen.getByText('The number is too short.')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    // The next edit takes the message away; leaving again asks again.
    await user.type(input, '3');
    expect(input).not.toHaveAttribute('aria-invalid');
    await user.type(input, '4567');
    await user.tab();
    expect(input).not.toHaveAttribute('aria-invalid');
  });

  it('steps back to the secondary look while an error is shown, and forward once its field changed', async () => {
    const user = userEvent.setup();
    const { rerender } = render(form(fakeSession()));
    await user.type(phoneField(), '070 123 45 67');
    expect(payButton()).not.toHaveClass('rdp-secondary');
    const failed = (extra: FakeSessionFields) =>
      fakeSession({
        status: 'failed',
        error: new PayError('invalid_request', { field: 'phone_number', code: 'invalid_phone_number' }),
        ...extra,
      });
    const session = failed({});
    rerender(form(session));
    expect(payButton()).toHaveClass('rdp-secondary');
    expect(payButton()).toHaveAttribute('data-error-shown');
    await user.type(phoneField(), '{Backspace}8');
    expect(payButton()).not.toHaveClass('rdp-secondary');
    // A retryable error offers "Try again" as the one primary action.
    rerender(form(fakeSession({ status: 'failed', error: new PayError('server') })));
    expect(screen.getByRole('button', { name: 'Try again' })).not.toHaveClass('rdp-secondary');
    expect(payButton()).toHaveClass('rdp-secondary');
  });
});

describe('PayButton while an earlier request may still be approved', () => {
  const live = (extra: FakeSessionFields = {}) => fakeSession({ requestMayBeLive: true, ...extra });

  it('asks before a new attempt, and "Keep waiting" sends nothing', async () => {
    const user = userEvent.setup();
    const session = live();
    const { container } = render(form(session));
    await user.type(phoneField(), '070 123 45 67');
    await user.click(payButton());
    expect(session.pay).not.toHaveBeenCalled();
    const question = screen.getByText('A payment request may still be open in Swish. Pay again?');
    expect(question).toHaveFocus();
    expect(screen.getByRole('group', { name: question.textContent! })).toBeInTheDocument();
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole('button', { name: 'Keep waiting' }));
    expect(session.pay).not.toHaveBeenCalled();
    expect(screen.queryByText(question.textContent!)).not.toBeInTheDocument();
    expect(payButton()).toHaveFocus();
  });

  it('"Pay again" pays once, with the number, for one press', async () => {
    const user = userEvent.setup();
    const session = live();
    render(form(session));
    await user.type(phoneField(), '070 123 45 67');
    await user.click(payButton());
    await user.dblClick(screen.getByRole('button', { name: 'Pay again' }));
    expect(session.pay).toHaveBeenCalledTimes(1);
    expect(session.pay).toHaveBeenCalledWith({ phone_number: '+46701234567' });
  });

  it('checks the number before it asks', async () => {
    const user = userEvent.setup();
    const session = live();
    render(form(session));
    await user.click(payButton());
    expect(screen.queryByText(/Pay again\?/)).not.toBeInTheDocument();
    expect(phoneField()).toHaveFocus();
    expect(session.pay).not.toHaveBeenCalled();
  });

  it('pays at once when no earlier request may be live', async () => {
    const user = userEvent.setup();
    const session = fakeSession({ requestMayBeLive: false });
    render(form(session, { body: {} }));
    await user.click(payButton());
    expect(session.pay).toHaveBeenCalledTimes(1);
  });

  it('stays the same button after the question, so an error after its press still takes focus from it', async () => {
    const user = userEvent.setup();
    const { rerender } = render(form(live()));
    await user.type(phoneField(), '070 123 45 67');
    const button = payButton();
    await user.click(button);
    await user.click(screen.getByRole('button', { name: 'Keep waiting' }));
    expect(payButton()).toBe(button);
    await user.click(button);
    await user.click(screen.getByRole('button', { name: 'Pay again' }));
    expect(payButton()).toBe(button);
    expect(button).toHaveFocus();
    rerender(form(live({ status: 'submitting', isBusy: true, shopperActed: true })));
    const refusal = new PayError('rejected', { category: 'permanent', field: 'phone_number' });
    rerender(form(live({ status: 'declined', error: refusal, shopperActed: true })));
    expect(
      screen.getByText('This payment method cannot be used. Choose another one.').parentElement,
    ).toHaveFocus();
  });
});
