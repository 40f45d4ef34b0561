import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { SwishApprovalView } from '../src';
import { APPROVAL_URL, awaitingSession, fakeSession, MASKED_PHONE, useShownSession } from './fixtures';

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
  name: 'Desktop (QR code first)',
  args: { session: awaitingSession() },
  play: async ({ args, canvas, userEvent }) => {
    const region = canvas.getByRole('region', { name: 'Pay with Swish' });
    await expect(region).toHaveAttribute('data-layout', 'desktop');
    // Focus moves in an effect after mount, which may come after the play function starts.
    const heading = canvas.getByRole('heading', { name: 'Pay with Swish' });
    await waitFor(() => expect(heading).toHaveFocus());

    const qr = canvas.getByRole<HTMLImageElement>('img', {
      name: 'QR code: scan it with the Swish app to pay',
    });
    await expect(qr).toBeVisible();
    await expect(qr.src).toMatch(/^data:image\/png;base64,/);
    await expectDecodedImage(qr);
    const link = canvas.getByRole('link', { name: 'Open Swish' });
    await expect(link).toHaveAttribute('href', APPROVAL_URL);
    // On a computer the QR code comes before the app link.
    await expect(qr.compareDocumentPosition(link) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    await expect(canvas.getByRole('timer', { name: 'Time left' })).toHaveTextContent(/^2:\d\d$/);
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    await expect(args.session!.cancel).toHaveBeenCalledTimes(1);
  },
};

export const Mobile: Story = {
  name: 'Mobile (app link first)',
  args: { session: awaitingSession(), layout: 'mobile' },
  play: async ({ canvas, userEvent }) => {
    const link = canvas.getByRole('link', { name: 'Open Swish' });
    await expect(link).toBeVisible();
    await expect(canvas.queryByRole('img')).toBeNull();

    const reveal = canvas.getByRole('button', { name: 'Pay on another device' });
    await expect(link.compareDocumentPosition(reveal) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await expect(reveal).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(reveal);
    await expect(reveal).toHaveAttribute('aria-expanded', 'true');
    const qr = canvas.getByRole<HTMLImageElement>('img', {
      name: 'QR code: scan it with the Swish app to pay',
    });
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
  play: async ({ canvas }) => {
    await expect(
      canvas.getByText(`Open Swish on your phone (${MASKED_PHONE}) and approve the payment.`),
    ).toBeVisible();
    await expect(canvas.queryByRole('img')).toBeNull();
    await expect(canvas.queryByRole('link')).toBeNull();
  },
};

export const Resuming: Story = {
  name: 'Resuming (checking your payment)',
  args: { session: awaitingSession({}, { isResuming: true }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Checking your payment…');
  },
};

export const ConnectionProblem: Story = {
  args: { session: awaitingSession({}, { connectionProblem: true }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Connection problem — still checking…');
  },
};

export const LittleTimeLeft: Story = {
  name: 'Little time left',
  args: { session: awaitingSession({ secondsLeft: 25 }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('timer', { name: 'Time left' })).toHaveTextContent(/^0:2\d$/);
  },
};

export const Expired: Story = {
  args: { session: fakeSession({ status: 'expired' }) },
  play: async ({ args, canvas, userEvent }) => {
    const message = canvas.getByText('The request expired.');
    await waitFor(() => expect(message).toHaveFocus());
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
    const message = canvas.getByText('The payment was cancelled.');
    await waitFor(() => expect(message).toHaveFocus());
    await userEvent.click(canvas.getByRole('button', { name: 'Start again' }));
    await expect(args.onRestart).toHaveBeenCalledTimes(1);
    await expect(args.session!.reset).not.toHaveBeenCalled();
  },
};
