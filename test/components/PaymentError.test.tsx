import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  PayError,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  type PayErrorKind,
  type UsePaySessionResult,
} from '../../src';
import { da } from '../../src/i18n/locales/da';
import { expectNoAxeViolations, fakeSession, type FakeSessionFields } from './helpers';

const failed = (error: PayError, extra: FakeSessionFields = {}) =>
  fakeSession({ status: error.kind === 'rejected' ? 'declined' : 'failed', error, ...extra });
/** The same, after the shopper pressed Pay on this page: only then may the error move focus. */
const failedAfterPress = (error: PayError) => failed(error, { shopperActed: true });

afterEach(() => {
  vi.useRealTimers();
});

describe('PaymentError', () => {
  it('renders nothing without an error', () => {
    const { container } = render(<PaymentError session={fakeSession()} />);
    expect(container).toBeEmptyDOMElement();
  });

  it.each<[PayErrorKind, string]>([
    ['network', 'We could not reach the payment service. Check your connection and try again.'],
    ['offline', 'You are offline. Connect to the internet and try again.'],
    ['timeout', 'The payment service did not answer in time. Try again.'],
    ['invalid_request', 'The payment details were not accepted. Check them and try again.'],
    ['session_not_found', 'We could not find this payment. Go back to your order and start again.'],
    ['session_changed', 'Your order changed. Review it and pay again.'],
    ['rate_limited', 'Too many attempts. Wait a moment and try again.'],
    ['server', 'We could not start the payment. Try again.'],
    [
      'invalid_response',
      'The payment service gave an unexpected answer. Try again later or choose another payment method.',
    ],
    ['unsafe_url', 'We could not verify the payment. Choose another payment method.'],
    ['rejected', 'The payment was declined.'],
    [
      'action_required',
      'This payment needs an extra step that cannot be done here. Choose another payment method.',
    ],
  ])('explains %s in the catalogue wording, as an alert', async (kind, message) => {
    const { container } = render(
      <PaymentError session={failed(new PayError(kind))} onChooseAnotherMethod={() => {}} />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(message);
    expect(alert).toHaveAttribute('data-status', kind === 'rejected' ? 'declined' : 'failed');
    await expectNoAxeViolations(container);
  });

  it('row 21: picks a known code over the kind, and the generic message for an unknown code', () => {
    const { rerender } = render(
      <PaymentError error={new PayError('invalid_request', { code: 'session_changed' })} />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Your order changed. Review it and pay again.');
    rerender(<PaymentError error={new PayError('invalid_request', { code: 'brand_new_code_2027' })} />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Something went wrong. Try again or choose another payment method.',
    );
    // A 412 keeps its meaning whatever code comes with it.
    rerender(<PaymentError error={new PayError('session_changed', { code: 'precondition_failed' })} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Your order changed. Review it and pay again.');
  });

  it('for a permanent decline offers only another method', async () => {
    const user = userEvent.setup();
    const onChooseAnotherMethod = vi.fn();
    const session = failed(new PayError('rejected', { code: 'wrong_ssn', category: 'permanent' }));
    render(<PaymentError session={session} onChooseAnotherMethod={onChooseAnotherMethod} />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This payment method cannot be used. Choose another one.',
    );
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Choose another payment method' }));
    expect(onChooseAnotherMethod).toHaveBeenCalledTimes(1);
  });

  it('for a decline that may pass next time offers both ways forward', () => {
    render(<PaymentError session={failed(new PayError('rejected'))} onChooseAnotherMethod={() => {}} />);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Choose another payment method' })).toBeInTheDocument();
  });

  it('row 20: never shows server or developer text', () => {
    const error = new PayError('invalid_request', { code: '<b>Card blocked by bank XYZ</b>', field: 'card' });
    render(<PaymentError error={error} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).not.toContain('XYZ');
    expect(alert.textContent).not.toContain(error.message);
    expect(alert.querySelector('b')).toBeNull();
  });

  it('copes with a prototype name as a code', () => {
    render(<PaymentError error={new PayError('invalid_request', { code: 'constructor' })} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Something went wrong.');
  });

  it('retries through the session by default, or through onRetry', async () => {
    const user = userEvent.setup();
    const session = failed(new PayError('server'));
    const { rerender } = render(<PaymentError session={session} />);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(session.retry).toHaveBeenCalledTimes(1);
    expect(session.reset).not.toHaveBeenCalled();
    const onRetry = vi.fn();
    rerender(<PaymentError session={session} onRetry={onRetry} />);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(session.retry).toHaveBeenCalledTimes(1);
  });

  it('offers no retry when retrying cannot help, and no other-method button unless handled', () => {
    render(<PaymentError session={failed(new PayError('session_changed'))} />);
    expect(screen.getByRole('alert')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('row 10: keeps "Try again" unavailable while the session says the Retry-After wait runs', () => {
    const error = new PayError('rate_limited', { retryAfterMs: 30_000 });
    const waiting = failed(error, { canRetry: false });
    const { rerender } = render(<PaymentError session={waiting} />);
    const retry = screen.getByRole('button', { name: 'Try again' });
    expect(retry).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByText('You can try again in a moment.')).toBeInTheDocument();
    fireEvent.click(retry);
    expect(waiting.retry).not.toHaveBeenCalled();
    // The wait is the session's to end (see the hook's tests): the component follows.
    const ready = failed(error, { canRetry: true });
    rerender(<PaymentError session={ready} />);
    expect(retry).not.toHaveAttribute('aria-disabled');
    expect(screen.queryByText('You can try again in a moment.')).not.toBeInTheDocument();
    fireEvent.click(retry);
    expect(ready.retry).toHaveBeenCalledTimes(1);
  });

  it('an error the page passes itself has no wait the library knows of', () => {
    const onRetry = vi.fn();
    render(<PaymentError error={new PayError('rate_limited', { retryAfterMs: 30_000 })} onRetry={onRetry} />);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('row 8: moves focus to the phone input when the error is about the phone number', async () => {
    const user = userEvent.setup();
    const idle = fakeSession();
    const page = (session: UsePaySessionResult) => (
      <PaySessionProvider session={session}>
        <PhoneInput />
        <PaymentError />
      </PaySessionProvider>
    );
    const { rerender, container } = render(page(idle));
    const input = screen.getByRole('textbox', { name: 'Mobile number' });
    await user.type(input, '0701234567');
    input.blur();
    rerender(
      page(
        failedAfterPress(
          new PayError('invalid_request', { field: 'phone_number', code: 'invalid_phone_number' }),
        ),
      ),
    );
    expect(input).toHaveFocus();
    // Read with the field it describes, not once more as an alert.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(input).toHaveAccessibleDescription(/Check the mobile number\.$/);
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveValue('070 123 45 67');
    await expectNoAxeViolations(container);
  });

  it("goes away, with the field's aria-invalid, once the shopper changes the field it names", async () => {
    const user = userEvent.setup();
    const page = (session: UsePaySessionResult) => (
      <PaySessionProvider session={session}>
        <PhoneInput />
        <PaymentError />
      </PaySessionProvider>
    );
    const { rerender, container } = render(page(fakeSession()));
    const input = screen.getByRole('textbox', { name: 'Mobile number' });
    await user.type(input, '0701234567');
    const error = new PayError('invalid_request', { field: 'phone_number', code: 'invalid_phone_number' });
    rerender(page(failed(error)));
    const message = screen.getByText('Check the mobile number.');
    // Tied to the field both ways a screen reader looks.
    expect(input.getAttribute('aria-describedby')?.split(' ')).toContain(message.id);
    expect(input).toHaveAttribute('aria-errormessage', message.id);
    await expectNoAxeViolations(container);

    await user.type(input, '{Backspace}8');
    expect(screen.queryByText('Check the mobile number.')).not.toBeInTheDocument();
    expect(input).not.toHaveAttribute('aria-invalid');
    expect(input).not.toHaveAttribute('aria-errormessage');
    expect(input.getAttribute('aria-describedby')).not.toContain(message.id);
    // The same session re-rendering keeps it gone; a new error (a new attempt) shows again.
    rerender(page(failed(error)));
    expect(screen.queryByText('Check the mobile number.')).not.toBeInTheDocument();
    rerender(page(failed(new PayError('invalid_request', { field: 'phone_number' }))));
    expect(screen.getByText('Check the mobile number.')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
  });

  it('after a permanent refusal takes focus itself, not the phone field it names', async () => {
    const user = userEvent.setup();
    const page = (session: UsePaySessionResult) => (
      <PaySessionProvider session={session}>
        <PhoneInput />
        <PaymentError onChooseAnotherMethod={() => undefined} />
        <button type="button">Pay</button>
      </PaySessionProvider>
    );
    const { rerender } = render(page(fakeSession()));
    const input = screen.getByRole('textbox', { name: 'Mobile number' });
    await user.type(input, '0701234567');
    input.blur();
    rerender(page(fakeSession({ status: 'submitting', isBusy: true, shopperActed: true })));
    rerender(
      page(
        failedAfterPress(
          new PayError('rejected', { code: 'wrong_ssn', category: 'permanent', field: 'phone_number' }),
        ),
      ),
    );
    const message = screen.getByText('This payment method cannot be used. Choose another one.');
    expect(message.closest('[data-kind]')).toHaveFocus();
    expect(input).not.toHaveFocus();
    expect(input).not.toHaveAttribute('aria-invalid');
    // A focused message is read as it is: not also an assertive alert (read twice).
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(message.closest('[data-kind]')).not.toHaveAttribute('aria-live');
    // Nothing to retry: choosing another method is the way forward, in the primary look.
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Choose another payment method' })).not.toHaveClass(
      'rdp-secondary',
    );
  });

  it('takes focus when the view that held it went away, and leaves it where the shopper is otherwise', () => {
    const { rerender } = render(
      <>
        <button type="button">Elsewhere</button>
        <PaymentError session={fakeSession()} />
      </>,
    );
    // Focus was on an element that is gone (the approval view): it sits on the body.
    (document.activeElement as HTMLElement | null)?.blur();
    rerender(
      <>
        <button type="button">Elsewhere</button>
        <PaymentError session={failedAfterPress(new PayError('rejected'))} />
      </>,
    );
    const focused = screen.getByText('The payment was declined.').parentElement!;
    expect(focused).toHaveFocus();
    // Focused, it is read anyway: an alert role would read it twice.
    expect(focused).not.toHaveAttribute('role');

    const elsewhere = screen.getByRole('button', { name: 'Elsewhere' });
    elsewhere.focus();
    rerender(
      <>
        <button type="button">Elsewhere</button>
        <PaymentError session={failedAfterPress(new PayError('server'))} />
      </>,
    );
    expect(elsewhere).toHaveFocus();
    // Focus stays with the shopper, so the message speaks up as an alert instead.
    expect(screen.getByRole('alert')).toHaveTextContent('We could not start the payment.');
  });

  it('speaks of another method, not the phone number, when a decline on that field is permanent', () => {
    render(
      <PaymentError
        session={failed(
          new PayError('rejected', { code: 'wrong_ssn', category: 'permanent', field: 'phone_number' }),
        )}
        onChooseAnotherMethod={() => undefined}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This payment method cannot be used. Choose another one.',
    );
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Choose another payment method' })).toBeInTheDocument();
  });

  it('takes the locale and message overrides of the provider', () => {
    render(
      <PaySessionProvider
        session={failed(new PayError('server'))}
        locale="da"
        messages={{ ...da, 'error.retry': 'Forsøg igen' }}
      >
        <PaymentError />
      </PaySessionProvider>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Betalingen kunne ikke startes. Prøv igen.');
    expect(screen.getByRole('button', { name: 'Forsøg igen' })).toBeInTheDocument();
  });

  it('shows an error passed directly, without any session', () => {
    render(<PaymentError error={new PayError('offline')} onRetry={() => {}} />);
    expect(screen.getByRole('alert')).toHaveTextContent('You are offline.');
    expect(screen.getByRole('alert')).not.toHaveAttribute('data-status');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
