import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRef, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { PayButton, PaySessionProvider, usePaySession, type PayStatus } from '../../src';
import { sv } from '../../src/i18n/locales/sv';
import { BASE_URL, createFakeDintero, deferred, SESSION_ID, swishPending } from '../react/harness';
import { expectNoAxeViolations, fakeSession, type FakeSessionFields } from './helpers';

/** Buttons on a real session whose pay call stays pending: whether a press pays is the session's decision alone. */
function renderOnRealSession(labels: string[] = ['Pay'], wrap: (ui: ReactNode) => ReactNode = (ui) => ui) {
  const api = createFakeDintero();
  const pending = deferred(swishPending);
  api.setFallback('pay', pending.answer);
  function Page() {
    const session = usePaySession({
      sessionId: SESSION_ID,
      paymentProductType: 'swish.swish',
      baseUrl: BASE_URL,
      fetch: api.fetch,
      storage: null,
      onRedirect: () => undefined,
    });
    return (
      <PaySessionProvider session={session}>
        {labels.map((label) => (
          <PayButton key={label} body={{ phone_number: '+46701234567' }}>
            {label}
          </PayButton>
        ))}
      </PaySessionProvider>
    );
  }
  render(<QueryClientProvider client={new QueryClient()}>{wrap(<Page />)}</QueryClientProvider>);
  return api;
}

const busy = (status: PayStatus = 'submitting', extra: FakeSessionFields = {}) =>
  fakeSession({ status, isBusy: true, ...extra });

describe('PayButton', () => {
  it('is a plain button labelled "Pay" that pays with its body', async () => {
    const user = userEvent.setup();
    const session = fakeSession();
    const { container } = render(<PayButton session={session} body={{ phone_number: '+46701234567' }} />);
    const button = screen.getByRole('button', { name: 'Pay' });
    expect(button).toHaveAttribute('type', 'button');
    expect(button).toHaveAttribute('data-status', 'idle');
    expect(button).not.toHaveAttribute('aria-disabled');
    await user.click(button);
    expect(session.pay).toHaveBeenCalledTimes(1);
    expect(session.pay).toHaveBeenCalledWith({ phone_number: '+46701234567' });
    await expectNoAxeViolations(container);
  });

  it('shows the amount in the locale, with children overriding the label', () => {
    const session = fakeSession();
    const { rerender } = render(
      <PaySessionProvider session={session} locale="sv" messages={sv}>
        <PayButton amount={24900} currency="SEK" />
      </PaySessionProvider>,
    );
    expect(screen.getByRole('button')).toHaveAccessibleName(/^Betala 249,00\skr$/);
    rerender(
      <PaySessionProvider session={session} locale="en">
        <PayButton amount={24900} currency="EUR" />
      </PaySessionProvider>,
    );
    expect(screen.getByRole('button')).toHaveAccessibleName('Pay €249.00');
    rerender(
      <PaySessionProvider session={session}>
        <PayButton>Complete order</PayButton>
      </PaySessionProvider>,
    );
    expect(screen.getByRole('button', { name: 'Complete order' })).toBeInTheDocument();
  });

  it('builds the body at click time and does not pay when getBody returns undefined', async () => {
    const user = userEvent.setup();
    const session = fakeSession();
    const getBody = vi.fn<() => { phone_number: string } | undefined>(() => undefined);
    render(<PayButton session={session} getBody={getBody} />);
    await user.click(screen.getByRole('button', { name: 'Pay' }));
    expect(getBody).toHaveBeenCalledTimes(1);
    expect(session.pay).not.toHaveBeenCalled();
    getBody.mockReturnValue({ phone_number: '+4741234567' });
    await user.click(screen.getByRole('button', { name: 'Pay' }));
    expect(session.pay).toHaveBeenCalledWith({ phone_number: '+4741234567' });
  });

  it('row 1: pays once for a triple click', async () => {
    const user = userEvent.setup();
    const api = renderOnRealSession();
    await user.tripleClick(screen.getByRole('button', { name: 'Pay' }));
    expect(api.pays()).toHaveLength(1);
  });

  it('row 1: pays once for el.click() in a loop (all in one tick)', async () => {
    const api = renderOnRealSession();
    const button = screen.getByRole('button', { name: 'Pay' });
    await act(async () => {
      for (let i = 0; i < 20; i++) button.click();
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
    expect(api.pays()).toHaveLength(1);
  });

  it('row 1: pays once for a held Enter or Space', async () => {
    const user = userEvent.setup();
    const api = renderOnRealSession(['Pay', 'Other']);
    await user.tab();
    expect(screen.getByRole('button', { name: 'Pay' })).toHaveFocus();
    await user.keyboard('{Enter>8/}');
    screen.getByRole('button', { name: 'Other' }).focus();
    await user.keyboard('{ >8/}');
    expect(api.pays()).toHaveLength(1);
  });

  it('row 2: ignores clicks, Enter and Space while busy', async () => {
    const user = userEvent.setup();
    const api = renderOnRealSession();
    const button = screen.getByRole('button', { name: 'Pay' });
    await user.click(button);
    expect(button).toHaveAttribute('aria-disabled', 'true');
    await user.click(button);
    button.focus();
    await user.keyboard('{Enter}');
    await user.keyboard(' ');
    act(() => button.click());
    expect(api.pays()).toHaveLength(1);
  });

  it('never submits a surrounding form', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn((event: { preventDefault(): void }) => event.preventDefault());
    const api = renderOnRealSession(['Pay'], (ui) => <form onSubmit={onSubmit}>{ui}</form>);
    await user.click(screen.getByRole('button', { name: 'Pay' }));
    await user.keyboard('{Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(api.pays()).toHaveLength(1);
  });

  it('row 4: starts one attempt for two buttons on the same session', async () => {
    const user = userEvent.setup();
    const api = renderOnRealSession(['Top', 'Bottom']);
    await user.click(screen.getByRole('button', { name: 'Top' }));
    await user.click(screen.getByRole('button', { name: 'Bottom' }));
    expect(api.pays()).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Bottom' })).toHaveAttribute('aria-disabled', 'true');
  });

  it('a pay() that changes nothing never leaves the button dead: the next real click pays', async () => {
    const user = userEvent.setup();
    const session = fakeSession({ pay: vi.fn() });
    render(<PayButton session={session} />);
    const button = screen.getByRole('button', { name: 'Pay' });
    // The first press changes nothing (the session stays idle, nothing re-renders)…
    await user.click(button);
    // …and the second press still reaches the session.
    await user.click(button);
    expect(session.pay).toHaveBeenCalledTimes(2);
  });

  it('forwards its ref to the <button>, alongside its own', () => {
    const ref = createRef<HTMLButtonElement>();
    const calls: (HTMLButtonElement | null)[] = [];
    render(
      <>
        <PayButton session={fakeSession()} ref={ref} theme={{ colorPrimary: 'rebeccapurple' }} />
        <PayButton session={fakeSession()} ref={(element) => void calls.push(element)}>
          Other
        </PayButton>
      </>,
    );
    expect(ref.current).toBe(screen.getByRole('button', { name: 'Pay' }));
    // The component's own ref still works: the theme reached the element.
    expect(ref.current!.style.getPropertyValue('--rdp-color-primary')).toBe('rebeccapurple');
    expect(calls[0]).toBe(screen.getByRole('button', { name: 'Other' }));
  });

  it('renders a single root: the live message lives in one page-wide region, empty before it speaks', () => {
    const { container, rerender } = render(<PayButton session={fakeSession()} />);
    expect(container.childElementCount).toBe(1);
    const region = document.querySelector('[data-rdp-announcer]');
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(region).toHaveTextContent('');
    rerender(<PayButton session={busy()} />);
    expect(container.childElementCount).toBe(1);
    expect(region).toHaveTextContent('Starting payment…');
  });

  it('is keyboard operable: Tab to it, Space pays', async () => {
    const user = userEvent.setup();
    const session = fakeSession();
    render(<PayButton session={session} />);
    await user.tab();
    await user.keyboard(' ');
    expect(session.pay).toHaveBeenCalledTimes(1);
  });

  it('while busy: stays focusable, aria-disabled, shows a spinner and announces the progress', async () => {
    const session = fakeSession();
    const { rerender, container } = render(<PayButton session={session} />);
    const button = screen.getByRole('button', { name: 'Pay' });
    button.focus();
    rerender(<PayButton session={busy()} />);
    expect(button).toHaveFocus();
    expect(button).not.toBeDisabled();
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAttribute('data-pending');
    expect(button).toHaveAttribute('data-status', 'submitting');
    expect(container.querySelector('[data-slot="spinner"]')).toHaveAttribute('aria-hidden', 'true');
    expect(screen.getByRole('status')).toHaveTextContent('Starting payment…');
    // The spinner and the live message do not change the button's name.
    expect(button).toHaveAccessibleName('Pay');
    await expectNoAxeViolations(container);
  });

  it('names each busy phase in the live region', () => {
    const { rerender } = render(<PayButton session={busy('awaiting_approval')} />);
    expect(screen.getByRole('status')).toHaveTextContent('Waiting for you to approve the payment…');
    rerender(<PayButton session={busy('awaiting_approval', { isResuming: true })} />);
    expect(screen.getByRole('status')).toHaveTextContent('Checking your payment…');
    rerender(<PayButton session={busy('redirecting')} />);
    expect(screen.getByRole('status')).toHaveTextContent('Taking you to the next step…');
    rerender(<PayButton session={fakeSession({ status: 'failed' })} />);
    expect(screen.getByRole('status')).toHaveTextContent('');
  });

  it('becomes usable again once the attempt has ended', async () => {
    const user = userEvent.setup();
    const session = fakeSession();
    const { rerender } = render(<PayButton session={session} />);
    await user.click(screen.getByRole('button', { name: 'Pay' }));
    rerender(<PayButton session={busy()} />);
    const failed = fakeSession({ status: 'failed' });
    rerender(<PayButton session={failed} />);
    await user.click(screen.getByRole('button', { name: 'Pay' }));
    expect(failed.pay).toHaveBeenCalledTimes(1);
  });

  it('takes focus back when the attempt is reset and the view that held focus is gone', () => {
    const { rerender } = render(<PayButton session={busy('awaiting_approval')} />);
    const button = screen.getByRole('button');
    (document.activeElement as HTMLElement | null)?.blur();
    rerender(<PayButton session={fakeSession({ status: 'cancelled' })} />);
    expect(button).not.toHaveFocus();
    rerender(<PayButton session={fakeSession({ status: 'idle' })} />);
    expect(button).toHaveFocus();
  });

  it('does not take focus from where the shopper is when the session returns to idle', () => {
    const { rerender } = render(
      <>
        <input aria-label="Note" />
        <PayButton session={fakeSession({ status: 'declined' })} />
      </>,
    );
    const note = screen.getByRole('textbox', { name: 'Note' });
    note.focus();
    rerender(
      <>
        <input aria-label="Note" />
        <PayButton session={fakeSession({ status: 'idle' })} />
      </>,
    );
    expect(note).toHaveFocus();
  });

  it('row 2: with the real session, a slow pay call is sent once however often the button is pressed', async () => {
    const user = userEvent.setup();
    const fetch = vi.fn(() => new Promise<Response>(() => {}));
    function Page() {
      const session = usePaySession({
        sessionId: 'T1.slow',
        paymentProductType: 'swish.swish',
        fetch,
        storage: null,
      });
      return <PayButton session={session} />;
    }
    render(<Page />);
    const button = screen.getByRole('button', { name: 'Pay' });
    act(() => {
      for (let i = 0; i < 5; i++) button.click();
    });
    await user.dblClick(button);
    await user.keyboard('{Enter>3/}');
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('tells how to fix a missing session', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<PayButton />)).toThrow(/PaySessionProvider/);
    vi.mocked(console.error).mockRestore();
  });

  it('passes other props to the button and composes onClick first', async () => {
    const user = userEvent.setup();
    const session = fakeSession();
    render(
      <PayButton session={session} id="pay" data-testid="pay" onClick={(event) => event.preventDefault()} />,
    );
    const button = screen.getByTestId('pay');
    expect(button).toHaveAttribute('id', 'pay');
    await user.click(button);
    expect(session.pay).not.toHaveBeenCalled();
  });
});
