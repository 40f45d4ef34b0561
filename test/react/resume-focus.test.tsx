import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  PayButton,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  SwishApprovalView,
  usePaySession,
  type FetchLike,
} from '../../src';
import {
  BASE_URL,
  createFakeDintero,
  json,
  pollPaid,
  pollPending,
  POLL_URL,
  QR_CODE,
  SESSION_ID,
} from './harness';

/** The quick start's page: the approval view while waiting or ended, the form otherwise. */
function Checkout({ fetch }: { fetch: FetchLike }) {
  const session = usePaySession({
    sessionId: SESSION_ID,
    paymentProductType: 'swish.swish',
    baseUrl: BASE_URL,
    fetch,
    onRedirect: () => undefined,
  });
  const { status } = session;
  const approving = status === 'awaiting_approval' || status === 'expired' || status === 'cancelled';
  return (
    <PaySessionProvider session={session}>
      {approving ? (
        <SwishApprovalView />
      ) : (
        <>
          <PhoneInput />
          <PaymentError />
          <PayButton />
        </>
      )}
    </PaySessionProvider>
  );
}

/** What the page kept in sessionStorage before the reload: a request waiting for approval. */
function storeWaitingAttempt() {
  sessionStorage.setItem(
    `react-dintero-pay:${SESSION_ID}`,
    JSON.stringify({
      v: 1,
      pollUrl: POLL_URL,
      startedAt: Date.now() - 20_000,
      expiresAt: Date.now() + 160_000,
      approvalUrl: 'swish://paymentrequest?token=abc',
      qrCode: QR_CODE,
    }),
  );
}

/**
 * A fetch that has the first status answer ready before React renders at all: the answer is
 * applied in the same task as the mount (the race WebKit showed after a reload).
 */
function instantDintero(first: () => Response) {
  const api = createFakeDintero();
  api.queue('poll', first);
  return api;
}

function renderPage(fetch: FetchLike) {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <Checkout fetch={fetch} />
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('row 38: a reload while waiting never takes focus, however fast the first answer comes', () => {
  it.each([
    ['still pending', pollPending, 'awaiting_approval'],
    ['not found (404)', () => json(404, { error: { message: 'not found' } }), 'failed'],
    ['declined', () => json(200, {}), 'declined'],
  ] as const)(
    'row 38: first answer %s before the first render: focus stays where it was',
    async (_name, first, status) => {
      for (let reload = 0; reload < 10; reload++) {
        storeWaitingAttempt();
        const api = instantDintero(first);
        const view = renderPage(api.fetch);
        // The resumed attempt is checked at once; the answer is in before anything else happens.
        await act(async () => {
          await Promise.resolve();
          await new Promise((resolve) => setTimeout(resolve, 0));
        });
        expect(api.polls().length).toBeGreaterThanOrEqual(1);
        expect(api.pays()).toHaveLength(0);
        expect(document.querySelector('[data-status]')).toHaveAttribute('data-status', status);
        expect(document.activeElement).toBe(document.body);
        view.unmount();
        sessionStorage.clear();
      }
    },
  );

  it('row 38: a resumed page that ends in an error says so as an alert, not by taking focus', async () => {
    storeWaitingAttempt();
    const api = instantDintero(() => json(200, {}));
    renderPage(api.fetch);
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('The payment was declined.');
    expect(document.activeElement).toBe(document.body);
  });

  it('after the shopper presses something on the resumed page, focus follows again', async () => {
    const user = userEvent.setup();
    storeWaitingAttempt();
    const api = instantDintero(pollPending);
    api.setFallback('poll', pollPending);
    renderPage(api.fetch);
    const cancel = await screen.findByRole('button', { name: 'Cancel' });
    expect(document.activeElement).toBe(document.body);
    await user.click(cancel);
    // The press moved focus: the message that replaced the view's waiting step takes it.
    expect(
      screen.getByText(
        'We stopped waiting here. If you approve in Swish now, the payment still goes through.',
      ),
    ).toHaveFocus();
    api.queue('poll', pollPaid);
  });
});
