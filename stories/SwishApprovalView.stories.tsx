import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, waitFor } from 'storybook/test';
import { SwishApprovalView, type UsePaySessionResult } from '../src';
import {
  APPROVAL_URLS,
  awaitingAppSession,
  awaitingSession,
  fakeSession,
  MASKED_PHONE,
  useShownSession,
} from './fixtures';

/** The page-wide polite region the components speak through (outside the story's canvas). */
const announcer = () => document.querySelector('[data-rdp-announcer]');

/** Nothing in the story took focus: a view shown on page load leaves it where it was. */
async function expectFocusUntouched(root: HTMLElement): Promise<void> {
  // Effects run after mount; give any focus move the time it would take.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await expect(root.contains(document.activeElement)).toBe(false);
}

const meta = {
  title: 'Components/SwishApprovalView',
  component: SwishApprovalView,
  tags: ['autodocs'],
  args: { layout: 'desktop' },
  render: function Render(args) {
    const session = useShownSession(args.session);
    return <SwishApprovalView {...args} {...(session ? { session } : {})} />;
  },
} satisfies Meta<typeof SwishApprovalView>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Waits for the QR image to be decoded, which only a real PNG can be. */
async function expectDecodedImage(image: HTMLImageElement): Promise<void> {
  await image.decode();
  await expect(image.naturalWidth).toBeGreaterThan(20);
  await expect(image.naturalWidth).toBe(image.naturalHeight);
}

export const Desktop: Story = {
  name: 'Desktop (QR code alone)',
  args: { session: awaitingSession(), amount: 78700, currency: 'SEK', merchantName: 'Fjällbo' },
  play: async ({ args, canvas, canvasElement, userEvent }) => {
    const region = canvas.getByRole('region', { name: 'Pay with Swish' });
    await expect(region).toHaveAttribute('data-layout', 'desktop');
    // On the page from the start: it never takes focus (a docs page full of views stays put).
    await expectFocusUntouched(canvasElement);

    const qr = canvas.getByRole<HTMLImageElement>('img', { name: 'QR code: scan it with Swish to pay' });
    await expect(qr).toBeVisible();
    await expect(qr.src).toMatch(/^data:image\/png;base64,/);
    await expectDecodedImage(qr);
    // Swish has no desktop app: no "Open Swish" that could do nothing.
    await expect(canvas.queryByRole('link')).toBeNull();
    await expect(canvas.getByText(/787\.00 to Fjällbo$/)).toHaveAttribute('data-slot', 'summary');

    await expect(canvas.getByRole('timer', { name: 'Time left' })).toHaveTextContent(/^2:\d\d$/);
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    await expect(args.session!.cancel).toHaveBeenCalledTimes(1);
  },
};

export const DesktopVipps: Story = {
  name: 'Desktop with an https: app link (Vipps)',
  args: {
    session: awaitingAppSession('vipps'),
  },
  play: async ({ canvas }) => {
    const qr = canvas.getByRole('img', { name: 'QR code: scan it with Vipps to pay' });
    const link = canvas.getByRole('link', { name: 'Open Vipps' });
    // An https: link works on a computer too, so it stays, after the QR code.
    await expect(link).toHaveAttribute('href', APPROVAL_URLS.vipps);
    await expect(qr.compareDocumentPosition(link) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  },
};

export const Mobile: Story = {
  name: 'Phone (app first, QR code on request)',
  args: { session: awaitingSession(), layout: 'mobile', amount: 78700, currency: 'SEK' },
  play: async ({ canvas, userEvent }) => {
    const link = canvas.getByRole('link', { name: 'Open Swish' });
    await expect(link).toBeVisible();
    await expect(canvas.queryByRole('img')).toBeNull();

    const reveal = canvas.getByRole('button', { name: 'Pay on another device' });
    await expect(link.compareDocumentPosition(reveal) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await expect(reveal).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(reveal);
    await expect(reveal).toHaveAttribute('aria-expanded', 'true');
    const qr = canvas.getByRole<HTMLImageElement>('img', { name: 'QR code: scan it with Swish to pay' });
    await expect(qr).toBeVisible();
    await expect(reveal).toHaveAttribute('aria-controls', qr.parentElement!.id);
    await expectDecodedImage(qr);
  },
};

export const PhoneFlow: Story = {
  name: 'Phone flow (masked number)',
  args: {
    session: awaitingSession({ approvalUrl: undefined, qrCode: undefined, phoneNumber: MASKED_PHONE }),
  },
  play: async ({ canvas, canvasElement }) => {
    const instruction = canvasElement.querySelector('[data-slot="phone"]')!;
    await expect(instruction).toBeVisible();
    await expect(instruction.textContent?.replace(/\u00a0/g, ' ')).toBe(
      `Open Swish on your phone (${MASKED_PHONE}) and approve the payment.`,
    );
    // The masked number is one piece: it never wraps half-way.
    const masked = canvasElement.querySelector<HTMLElement>('[data-slot="masked-phone"]')!;
    await expect(masked.getClientRects()).toHaveLength(1);
    // The instruction is said, not only the heading.
    await waitFor(() => expect(announcer()).toHaveTextContent(/Open Swish on your phone/));
    await expect(canvas.queryByRole('img')).toBeNull();
    await expect(canvas.queryByRole('link')).toBeNull();
  },
};

export const Resuming: Story = {
  name: 'Resuming (checking your payment)',
  args: { session: awaitingSession({}, { isResuming: true }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Checking your payment…')).toBeVisible();
    await waitFor(() => expect(announcer()).toHaveTextContent('Checking your payment…'));
  },
};

export const ConnectionProblem: Story = {
  args: { session: awaitingSession({}, { connectionProblem: true }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Connection problem — still checking…')).toBeVisible();
    await waitFor(() => expect(announcer()).toHaveTextContent('Connection problem — still checking…'));
  },
};

export const LittleTimeLeft: Story = {
  name: 'Little time left',
  args: { session: awaitingSession({ secondsLeft: 25 }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('timer', { name: 'Time left' })).toHaveTextContent(/^0:2\d$/);
  },
};

/**
 * The shown lifetime is over (0:00) and one silent last check decides: the view says so instead of a
 * bare 0:00, and leaves nothing to approve with: no timer, no QR code, no link.
 */
export const LastCheck: Story = {
  name: 'Checking one last time (lifetime over)',
  args: { session: awaitingSession({ secondsLeft: -5 }), layout: 'mobile' },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('region', { name: 'Pay with Swish' })).toBeVisible();
    await expect(canvas.getByText('Checking one last time…')).toBeVisible();
    await expect(canvas.queryByRole('timer')).toBeNull();
    await expect(canvas.queryByText(/\d:\d\d/)).toBeNull();
    await expect(canvas.queryByRole('img')).toBeNull();
    await expect(canvasElement.querySelector('[data-slot="qr"]')).toBeNull();
    await expect(canvas.queryByRole('link')).toBeNull();
    await expect(canvas.queryByRole('button', { name: 'Pay on another device' })).toBeNull();
    await waitFor(() => expect(announcer()).toHaveTextContent('Checking one last time…'));
    // Cancel stays: the shopper may stop waiting.
    await expect(canvas.getByRole('button', { name: 'Cancel' })).toBeVisible();
  },
};

export const Expired: Story = {
  args: { session: fakeSession({ status: 'expired' }) },
  play: async ({ args, canvas, canvasElement, userEvent }) => {
    await expect(canvas.getByText('The request expired.')).toBeVisible();
    await expectFocusUntouched(canvasElement);
    // Never a QR code for a request that can no longer be approved.
    await expect(canvas.queryByRole('img')).toBeNull();
    await expect(canvas.queryByRole('timer')).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Start again' }));
    await expect(args.session!.reset).toHaveBeenCalledTimes(1);
  },
};

export const Cancelled: Story = {
  args: { session: fakeSession({ status: 'cancelled' }), onRestart: fn() },
  play: async ({ args, canvas, userEvent }) => {
    await expect(canvas.getByText('The payment was cancelled.')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Start again' }));
    await expect(args.onRestart).toHaveBeenCalledTimes(1);
    await expect(args.session!.reset).not.toHaveBeenCalled();
  },
};

export const StoppedWaiting: Story = {
  name: 'Stopped waiting (the request may still be approved)',
  args: { session: fakeSession({ status: 'cancelled', requestMayBeLive: true }) },
  play: async ({ canvas }) => {
    await expect(
      canvas.getByText(
        'We stopped waiting here. If you approve in Swish now, the payment still goes through.',
      ),
    ).toBeVisible();
    await expect(canvas.queryByText('The payment was cancelled.')).toBeNull();
  },
};

/** A view whose Cancel really moves the session on, to show where focus goes after the press. */
function CancelToStoppedWaiting(props: { session: UsePaySessionResult }) {
  const [cancelled, setCancelled] = useState(false);
  const shown = useShownSession(props.session)!;
  // The press is what lets focus move: the real session records it as `shopperActed`.
  const session = cancelled
    ? fakeSession({ status: 'cancelled', requestMayBeLive: true, shopperActed: true })
    : ({ ...shown, cancel: () => setCancelled(true) } as UsePaySessionResult);
  return <SwishApprovalView session={session} layout="desktop" />;
}

export const CancelThenStoppedWaiting: Story = {
  name: 'Cancel, then the truth (focus follows the press)',
  args: { session: awaitingSession() },
  render: (args) => <CancelToStoppedWaiting session={args.session!} />,
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    const message = canvas.getByText(
      'We stopped waiting here. If you approve in Swish now, the payment still goes through.',
    );
    // After the shopper's own press, focus moves to what is now true.
    await waitFor(() => expect(message).toHaveFocus());
    await expect(canvas.getByRole('button', { name: 'Start again' })).toBeVisible();
  },
};
