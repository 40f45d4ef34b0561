import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PaySessionProvider, SwishApprovalView, type Approval } from '../../src';
import { sv } from '../../src/i18n/locales/sv';
import { expectNoAxeViolations, fakeSession, type FakeSessionFields } from './helpers';

const QR = 'data:image/png;base64,iVBORw0KGgo=';
const APP_LINK = 'swish://paymentrequest?token=abc&callbackurl=https%3A%2F%2Fshop.example';

function awaiting(approval: Partial<Approval> = {}, extra: FakeSessionFields = {}) {
  return fakeSession({
    status: 'awaiting_approval',
    isBusy: true,
    approval: { approvalUrl: APP_LINK, qrCode: QR, expiresAt: Date.now() + 180_000, ...approval },
    ...extra,
  });
}

const qrImage = () => screen.queryByRole('img', { name: 'QR code: scan it with Swish to pay' });
const appLink = () => screen.queryByRole('link', { name: 'Open Swish' });
const precedes = (a: Element, b: Element) =>
  Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);

function stubTouchScreen(coarse: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    matches: coarse,
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  };
  vi.stubGlobal(
    'matchMedia',
    vi.fn(() => query),
  );
  return {
    change(next: boolean) {
      query.matches = next;
      for (const listener of listeners) listener();
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('SwishApprovalView', () => {
  it('renders nothing before or after the approval step', () => {
    for (const status of ['idle', 'submitting', 'redirecting', 'failed', 'declined'] as const) {
      const { container, unmount } = render(<SwishApprovalView session={fakeSession({ status })} />);
      expect(container).toBeEmptyDOMElement();
      unmount();
    }
  });

  it('on a desktop shows the Swish QR code alone: no "Open Swish" that could do nothing', async () => {
    const { container } = render(<SwishApprovalView session={awaiting()} layout="desktop" />);
    const region = screen.getByRole('region', { name: 'Pay with Swish' });
    expect(region).toHaveAttribute('data-status', 'awaiting_approval');
    expect(region).toHaveAttribute('data-layout', 'desktop');
    expect(qrImage()).toHaveAttribute('src', QR);
    expect(qrImage()).toBeVisible();
    expect(appLink()).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Pay on another device' })).not.toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('keeps an https: approval link (Vipps) on both a desktop and a phone', () => {
    const vipps = awaiting({
      approvalUrl: 'https://api.vipps.no/dwo-api-application/v1/deeplink/vippsgateway',
    });
    const { rerender } = render(<SwishApprovalView session={vipps} layout="desktop" />);
    expect(appLink()).toHaveAttribute('href', vipps.approval!.approvalUrl);
    expect(precedes(qrImage()!, appLink()!)).toBe(true);
    rerender(<SwishApprovalView session={vipps} layout="mobile" />);
    expect(appLink()).toHaveAttribute('href', vipps.approval!.approvalUrl);
    expect(qrImage()).not.toBeInTheDocument();
  });

  it('shows the amount and the merchant on the card when given', () => {
    const { rerender } = render(
      <SwishApprovalView session={awaiting()} amount={78700} currency="SEK" merchantName="Fjällbo" />,
    );
    expect(screen.getByRole('region')).toHaveTextContent(/SEK\s787\.00 to Fjällbo/);
    rerender(
      <PaySessionProvider session={awaiting()} locale="sv" messages={sv}>
        <SwishApprovalView amount={78700} currency="SEK" />
      </PaySessionProvider>,
    );
    expect(screen.getByText(/^787,00\skr$/)).toHaveAttribute('data-slot', 'summary');
  });

  it('on a touch screen shows "Open Swish" first and reveals the QR code on request', async () => {
    const user = userEvent.setup();
    const { container } = render(<SwishApprovalView session={awaiting()} layout="mobile" />);
    const reveal = screen.getByRole('button', { name: 'Pay on another device' });
    expect(precedes(appLink()!, reveal)).toBe(true);
    expect(reveal).toHaveAttribute('aria-expanded', 'false');
    expect(qrImage()).not.toBeInTheDocument();
    await expectNoAxeViolations(container);

    await user.click(reveal);
    expect(reveal).toHaveAttribute('aria-expanded', 'true');
    expect(qrImage()).toBeVisible();
    expect(precedes(appLink()!, qrImage()!)).toBe(true);
    await expectNoAxeViolations(container);
  });

  it('detects a touch screen after mount with layout="auto" and follows changes', () => {
    const screenType = stubTouchScreen(true);
    render(<SwishApprovalView session={awaiting()} />);
    expect(screen.getByRole('region')).toHaveAttribute('data-layout', 'mobile');
    expect(window.matchMedia).toHaveBeenCalledWith('(pointer: coarse)');
    expect(precedes(appLink()!, screen.getByRole('button', { name: 'Pay on another device' }))).toBe(true);
    act(() => screenType.change(false));
    expect(screen.getByRole('region')).toHaveAttribute('data-layout', 'desktop');
    expect(qrImage()).toBeVisible();
    expect(appLink()).not.toBeInTheDocument();
  });

  it('row 29: renders desktop markup on the server without touching window', () => {
    const matchMedia = vi.fn();
    vi.stubGlobal('matchMedia', matchMedia);
    const html = renderToString(
      <SwishApprovalView session={awaiting()} theme={{ colorPrimary: '#006aa7' }} />,
    );
    expect(matchMedia).not.toHaveBeenCalled();
    expect(html).toContain('data-layout="desktop"');
    expect(html).not.toContain('style=');
    expect(html).toContain('<img');
    expect(html).not.toContain('<a ');
  });

  it('row 26: shows no QR code when none arrived (the core refuses unsafe ones), the link remains', () => {
    render(<SwishApprovalView session={awaiting({ qrCode: undefined })} layout="desktop" />);
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(appLink()).toBeInTheDocument();
  });

  it('on a touch screen without an app link shows the QR code directly', () => {
    render(<SwishApprovalView session={awaiting({ approvalUrl: undefined })} layout="mobile" />);
    expect(qrImage()).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Pay on another device' })).not.toBeInTheDocument();
  });

  it('for a number, asks to open Swish on the phone, showing the number masked', async () => {
    const session = awaiting({ approvalUrl: undefined, qrCode: undefined, phoneNumber: '+46 ••• •• 67' });
    const { container } = render(<SwishApprovalView session={session} />);
    const instruction = container.querySelector('[data-slot="phone"]')!;
    // No-break spaces: the masked number never wraps half-way, even without the stylesheet.
    expect(instruction.textContent).toBe(
      'Open Swish on your phone (+46\u00a0•••\u00a0••\u00a067) and approve the payment.',
    );
    expect(instruction.querySelector('[data-slot="masked-phone"]')).toHaveClass('rdp-nowrap');
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(appLink()).not.toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('without link, QR code or number still says what to do', () => {
    render(<SwishApprovalView session={awaiting({ approvalUrl: undefined, qrCode: undefined })} />);
    expect(screen.getByText('Open Swish on your phone and approve the payment.')).toBeInTheDocument();
  });

  it('fits the page outline with headingLevel', () => {
    const { rerender } = render(<SwishApprovalView session={awaiting()} layout="desktop" />);
    expect(screen.getByRole('heading', { name: 'Pay with Swish' })).toHaveProperty('tagName', 'H2');
    rerender(<SwishApprovalView session={awaiting()} layout="desktop" headingLevel={3} />);
    expect(screen.getByRole('heading', { name: 'Pay with Swish', level: 3 })).toBeInTheDocument();
  });

  it('moves focus to its heading when it appears after the shopper pressed Pay', () => {
    const { rerender } = render(
      <SwishApprovalView session={fakeSession({ status: 'submitting', shopperActed: true })} />,
    );
    rerender(<SwishApprovalView session={awaiting({}, { shopperActed: true })} />);
    expect(screen.getByRole('heading', { name: 'Pay with Swish' })).toHaveFocus();
  });

  it('counts down from the wall clock, updating every second', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    // A Swish request's real lifetime: 3 min, never the library's silent 15 s for the last check.
    render(<SwishApprovalView session={awaiting({ expiresAt: Date.now() + 180_000 })} />);
    const timer = screen.getByRole('timer', { name: 'Time left' });
    expect(timer).toHaveTextContent('3:00');
    act(() => vi.advanceTimersByTime(1000));
    expect(timer).toHaveTextContent('2:59');
    // A hidden tab's timers are throttled: the clock, not the number of ticks, decides.
    vi.setSystemTime(Date.now() + 100_000);
    act(() => vi.advanceTimersByTime(1000));
    expect(timer).toHaveTextContent('1:18');
  });

  it('announces the time left only at full minutes and at 30 and 10 seconds', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    render(<SwishApprovalView session={awaiting({ expiresAt: Date.now() + 185_000 })} />);
    const announcer = document.querySelector('[data-rdp-announcer]')!;
    const heard: string[] = [];
    for (let second = 0; second < 185; second++) {
      const text = announcer.textContent ?? '';
      if (text !== heard.at(-1)) heard.push(text);
      act(() => vi.advanceTimersByTime(1000));
    }
    expect(heard).toEqual([
      'Waiting for you to approve the payment…',
      '3 minutes left',
      '2 minutes left',
      '1 minute left',
      '30 seconds left',
      '10 seconds left',
    ]);
  });

  it('announces in the shopper language', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    const { container } = render(
      <PaySessionProvider session={awaiting({ expiresAt: Date.now() + 121_000 })} locale="sv" messages={sv}>
        <SwishApprovalView layout="mobile" />
      </PaySessionProvider>,
    );
    act(() => vi.advanceTimersByTime(1000));
    expect(document.querySelector('[data-rdp-announcer]')).toHaveTextContent('2 minuter kvar');
    expect(container.querySelector('[aria-live]')).toBeNull();
    expect(screen.getByRole('link', { name: 'Öppna Swish' })).toBeInTheDocument();
  });

  it('row 18: says when it is re-checking after a reload, and when the connection is failing', () => {
    const { rerender } = render(<SwishApprovalView session={awaiting({}, { isResuming: true })} />);
    expect(screen.getByRole('status')).toHaveTextContent('Checking your payment…');
    rerender(<SwishApprovalView session={awaiting({}, { connectionProblem: true })} />);
    expect(screen.getByRole('status')).toHaveTextContent('Connection problem — still checking…');
    rerender(<SwishApprovalView session={awaiting()} />);
    expect(screen.getByRole('status')).toHaveTextContent('Waiting for you to approve the payment…');
  });

  it('cancels through the session', async () => {
    const user = userEvent.setup();
    const session = awaiting();
    render(<SwishApprovalView session={session} />);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(session.cancel).toHaveBeenCalledTimes(1);
  });

  it('row 17: after expiry says so, hides the QR code, focuses the message and starts again on request', async () => {
    const user = userEvent.setup();
    const { rerender, container } = render(
      <SwishApprovalView session={awaiting({}, { shopperActed: true })} />,
    );
    const expired = fakeSession({ status: 'expired', shopperActed: true });
    rerender(<SwishApprovalView session={expired} />);
    expect(screen.getByText('The request expired.')).toHaveFocus();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(screen.queryByRole('timer')).not.toBeInTheDocument();
    expect(screen.getByRole('region')).toHaveAttribute('data-status', 'expired');
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole('button', { name: 'Start again' }));
    expect(expired.reset).toHaveBeenCalledTimes(1);
    expect(expired.pay).not.toHaveBeenCalled();
  });

  it('after cancelling offers to start again through onRestart when given', async () => {
    const user = userEvent.setup();
    const onRestart = vi.fn();
    const cancelled = fakeSession({ status: 'cancelled', shopperActed: true });
    const { container, rerender } = render(
      <SwishApprovalView session={awaiting({}, { shopperActed: true })} onRestart={onRestart} />,
    );
    rerender(<SwishApprovalView session={cancelled} onRestart={onRestart} />);
    expect(screen.getByText('The payment was cancelled.')).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Start again' }));
    expect(onRestart).toHaveBeenCalledTimes(1);
    expect(cancelled.reset).not.toHaveBeenCalled();
    await expectNoAxeViolations(container);
  });

  it('takes focus only after a press of the shopper, never from a change of status alone', () => {
    const outside = document.body.appendChild(document.createElement('button'));
    outside.focus();
    const { unmount } = render(<SwishApprovalView session={awaiting({}, { shopperActed: true })} />);
    // Focus is where the shopper put it: a view never takes it from there.
    expect(outside).toHaveFocus();
    unmount();
    outside.blur();
    // A page opened on a view (a docs page, a page resumed after a reload): focus stays on the body,
    // also when the request then ends, as the shopper pressed nothing on this page.
    const first = render(<SwishApprovalView session={fakeSession({ status: 'cancelled' })} />);
    expect(document.body).toHaveFocus();
    first.unmount();
    const second = render(<SwishApprovalView session={awaiting()} />);
    expect(document.body).toHaveFocus();
    second.rerender(<SwishApprovalView session={fakeSession({ status: 'expired' })} />);
    expect(document.body).toHaveFocus();
    // After a press (Cancel, here), the message that follows takes focus.
    second.rerender(<SwishApprovalView session={fakeSession({ status: 'cancelled', shopperActed: true })} />);
    expect(screen.getByText('The payment was cancelled.')).toHaveFocus();
    outside.remove();
  });

  it('under a provider, a view that appears after the shopper paid takes focus, one on page load does not', () => {
    const page = (session: ReturnType<typeof fakeSession>) => (
      <PaySessionProvider session={session}>
        {session.status === 'awaiting_approval' ? <SwishApprovalView /> : null}
      </PaySessionProvider>
    );
    const onLoad = render(page(awaiting()));
    expect(document.body).toHaveFocus();
    onLoad.unmount();
    // The view mounts with the change (the README's page swaps the form for it): still the shopper's doing.
    const { rerender } = render(
      page(fakeSession({ status: 'submitting', isBusy: true, shopperActed: true })),
    );
    rerender(page(awaiting({}, { shopperActed: true })));
    expect(screen.getByRole('heading', { name: 'Pay with Swish' })).toHaveFocus();
  });

  it('says what to do through a live region that was on the page, empty, before the text arrived', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    const page = (session: ReturnType<typeof fakeSession>) => (
      <PaySessionProvider session={session}>
        <SwishApprovalView />
      </PaySessionProvider>
    );
    const { rerender, container } = render(page(fakeSession({ status: 'submitting', isBusy: true })));
    const region = document.querySelector('[data-rdp-announcer]');
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(region).toBeEmptyDOMElement();
    const phoneFlow = awaiting({
      approvalUrl: undefined,
      qrCode: undefined,
      phoneNumber: '+46 ••• •• 67',
      expiresAt: Date.now() + 180_000,
    });
    rerender(page(phoneFlow));
    // The same element, now speaking: the status and the phone-number instruction, not the heading alone.
    expect(document.querySelector('[data-rdp-announcer]')).toBe(region);
    expect(region).toHaveTextContent(
      'Waiting for you to approve the payment… Open Swish on your phone (+46 ••• •• 67) and approve the payment.',
    );
    // One voice for the page: the view holds no live region of its own; the countdown speaks
    // through the same one, and not for the 3:00 already on screen.
    expect(container.querySelector('[aria-live], [role="status"]')).toBeNull();
    expect(document.querySelectorAll('[aria-live]')).toHaveLength(1);
    expect(screen.getByRole('timer')).toHaveTextContent('3:00');
    act(() => vi.advanceTimersByTime(61_000));
    expect(region).toHaveTextContent('2 minutes left');
  });

  it('after cancel or expiry says the truth while the request may still be approved in the app', async () => {
    const { rerender, container } = render(
      <SwishApprovalView session={awaiting({}, { shopperActed: true })} />,
    );
    const stopped = 'We stopped waiting here. If you approve in Swish now, the payment still goes through.';
    rerender(
      <SwishApprovalView
        session={fakeSession({ status: 'cancelled', requestMayBeLive: true, shopperActed: true })}
      />,
    );
    expect(screen.getByText(stopped)).toHaveFocus();
    expect(screen.queryByText('The payment was cancelled.')).not.toBeInTheDocument();
    await expectNoAxeViolations(container);
    rerender(<SwishApprovalView session={fakeSession({ status: 'expired', requestMayBeLive: true })} />);
    expect(screen.getByText(stopped)).toBeInTheDocument();
    // Once the request's real end has passed unapproved, the plain words are true again.
    rerender(<SwishApprovalView session={fakeSession({ status: 'cancelled', requestMayBeLive: false })} />);
    expect(screen.getByText('The payment was cancelled.')).toBeInTheDocument();
  });
});
