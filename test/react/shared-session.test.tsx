import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PayButton, usePaySession, type UsePaySessionOptions, type UsePaySessionResult } from '../../src';
import {
  advance,
  BASE_URL,
  createFakeDintero,
  deferred,
  flush,
  pollPaid,
  pollPending,
  REDIRECT_URL,
  SESSION_ID,
  swishPending,
} from './harness';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-24T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  Reflect.deleteProperty(globalThis, 'reportError');
});

type Seen = Record<string, UsePaySessionResult>;

/** A hook rendered as its own component: `seen[name]` is what it last returned. */
function Hook({ name, seen, ...options }: { name: string; seen: Seen } & Partial<UsePaySessionOptions>) {
  const report = (session: UsePaySessionResult) => Object.assign(seen, { [name]: session });
  const session = usePaySession({
    sessionId: SESSION_ID,
    paymentProductType: 'swish.swish',
    baseUrl: BASE_URL,
    storage: null,
    ...options,
  });
  report(session);
  return (
    <p data-testid={name} data-status={session.status}>
      {session.status}
    </p>
  );
}

function withClient(client: QueryClient, children: ReactNode, strict = false) {
  const tree = <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  return strict ? <StrictMode>{tree}</StrictMode> : tree;
}

describe('row 34: two hooks or components on one session', () => {
  it('row 34: two hooks on one QueryClient send one POST for two presses, and both redirect with one navigation', async () => {
    const api = createFakeDintero();
    api.queue('poll', pollPending(), pollPaid());
    const seen: Seen = {};
    const header = { onRedirect: vi.fn(), onSuccess: vi.fn() };
    const checkout = { onRedirect: vi.fn(), onSuccess: vi.fn() };
    render(
      withClient(
        new QueryClient(),
        <>
          <Hook name="header" seen={seen} fetch={api.fetch} {...header} />
          <Hook name="checkout" seen={seen} fetch={api.fetch} {...checkout} />
        </>,
      ),
    );
    act(() => seen.checkout!.pay({ phone_number: '+46701234567' }));
    act(() => seen.header!.pay({ phone_number: '+46701234567' }));
    await flush();
    expect(api.pays()).toHaveLength(1);
    expect(seen.header!.status).toBe('awaiting_approval');
    expect(seen.checkout!.status).toBe('awaiting_approval');
    // The second press after the answer is refused too: the attempt is pending.
    act(() => seen.header!.pay());
    await flush();
    expect(api.pays()).toHaveLength(1);

    await advance(2_000);
    await advance(2_000);
    expect(screen.getByTestId('header')).toHaveAttribute('data-status', 'redirecting');
    expect(screen.getByTestId('checkout')).toHaveAttribute('data-status', 'redirecting');
    expect(seen.header!.redirectUrl).toBe(REDIRECT_URL);
    // One navigation, through the handler of the hook that started the attempt.
    expect(checkout.onRedirect).toHaveBeenCalledTimes(1);
    expect(header.onRedirect).not.toHaveBeenCalled();
    // Each hook hears its own callbacks once.
    expect(checkout.onSuccess).toHaveBeenCalledTimes(1);
    expect(header.onSuccess).toHaveBeenCalledTimes(1);
    expect(api.polls()).toHaveLength(2);
  });

  it('row 34: two hooks keep one status check in flight and one schedule, in StrictMode too', async () => {
    const api = createFakeDintero();
    const slow = deferred(pollPending);
    api.queue('poll', slow.answer);
    const seen: Seen = {};
    render(
      withClient(
        new QueryClient(),
        <>
          <Hook name="a" seen={seen} fetch={api.fetch} onRedirect={vi.fn()} />
          <Hook name="b" seen={seen} fetch={api.fetch} onRedirect={vi.fn()} />
        </>,
        true,
      ),
    );
    act(() => seen.a!.pay());
    await flush();
    await advance(2_000);
    expect(api.polls()).toHaveLength(1);
    // The answer is slow: neither hook starts another check meanwhile.
    await advance(10_000);
    expect(api.polls()).toHaveLength(1);
    expect(api.maxInFlight()).toBe(1);
    slow.release();
    await flush();
    await advance(2_000);
    expect(api.polls()).toHaveLength(2);
    expect(api.maxInFlight()).toBe(1);
  });

  it('row 34: two PayButtons under two hooks (header and checkout) send one POST', async () => {
    const api = createFakeDintero();
    api.setFallback('pay', deferred(swishPending).answer);
    function Buttons({ label }: { label: string }) {
      const session = usePaySession({
        sessionId: SESSION_ID,
        paymentProductType: 'swish.swish',
        baseUrl: BASE_URL,
        fetch: api.fetch,
        storage: null,
      });
      return <PayButton session={session}>{label}</PayButton>;
    }
    render(
      withClient(
        new QueryClient(),
        <>
          <Buttons label="Header" />
          <Buttons label="Checkout" />
        </>,
      ),
    );
    act(() => screen.getByRole('button', { name: 'Header' }).click());
    act(() => screen.getByRole('button', { name: 'Checkout' }).click());
    await flush();
    expect(api.pays()).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Checkout' })).toHaveAttribute('aria-disabled', 'true');
  });

  it('row 34: sessions on different QueryClients stay apart', async () => {
    const api = createFakeDintero();
    const seen: Seen = {};
    render(
      <>
        {withClient(new QueryClient(), <Hook name="a" seen={seen} fetch={api.fetch} />)}
        {withClient(new QueryClient(), <Hook name="b" seen={seen} fetch={api.fetch} />)}
      </>,
    );
    act(() => seen.a!.pay());
    await flush();
    expect(seen.a!.status).toBe('awaiting_approval');
    expect(seen.b!.status).toBe('idle');
  });

  it('row 34: a hook mounted later shows the attempt already under way, and unmounting one keeps the other checking', async () => {
    const api = createFakeDintero();
    const seen: Seen = {};
    const client = new QueryClient();
    const { rerender } = render(withClient(client, <Hook name="a" seen={seen} fetch={api.fetch} />));
    act(() => seen.a!.pay());
    await flush();
    rerender(
      withClient(
        client,
        <>
          <Hook name="a" seen={seen} fetch={api.fetch} />
          <Hook name="b" seen={seen} fetch={api.fetch} />
        </>,
      ),
    );
    expect(seen.b!.status).toBe('awaiting_approval');
    expect(seen.b!.approval).toEqual(seen.a!.approval);
    rerender(withClient(client, <Hook name="b" seen={seen} fetch={api.fetch} />));
    await advance(2_000);
    expect(api.polls()).toHaveLength(1);
  });
});

describe('a session nothing shows any more', () => {
  it('is forgotten once settled, so a checkout visited again (client-side routing back) starts idle', async () => {
    const api = createFakeDintero();
    api.queue('poll', pollPaid());
    const seen: Seen = {};
    const client = new QueryClient();
    const onRedirect = vi.fn();
    const { unmount } = render(
      withClient(client, <Hook name="a" seen={seen} fetch={api.fetch} onRedirect={onRedirect} />),
    );
    act(() => seen.a!.pay());
    await flush();
    await advance(2_000);
    expect(seen.a!.status).toBe('redirecting');
    unmount();
    await advance(0);
    render(withClient(client, <Hook name="b" seen={seen} fetch={api.fetch} onRedirect={onRedirect} />));
    expect(seen.b!.status).toBe('idle');
    expect(onRedirect).toHaveBeenCalledTimes(1);
  });

  it('is kept while an attempt is pending, so a later mount continues it without a new POST', async () => {
    const api = createFakeDintero();
    const seen: Seen = {};
    const client = new QueryClient();
    const { unmount } = render(withClient(client, <Hook name="a" seen={seen} fetch={api.fetch} />));
    act(() => seen.a!.pay());
    await flush();
    unmount();
    await advance(10_000);
    // Nothing shows it: no status checks meanwhile.
    expect(api.polls()).toHaveLength(0);
    render(withClient(client, <Hook name="b" seen={seen} fetch={api.fetch} />));
    expect(seen.b!.status).toBe('awaiting_approval');
    await advance(0);
    // Overdue: checked at once on return.
    expect(api.polls()).toHaveLength(1);
    expect(api.pays()).toHaveLength(1);
  });
});

describe('row 33: a merchant callback throws', () => {
  it('row 33: a throwing onStatusChange and onSuccess still navigate and show the redirect; the errors are reported', async () => {
    const reported = vi.fn();
    Object.assign(globalThis, { reportError: reported });
    const api = createFakeDintero();
    api.queue('poll', pollPaid());
    const seen: Seen = {};
    const onRedirect = vi.fn();
    const onError = vi.fn();
    const boom = new Error('analytics is down');
    render(
      withClient(
        new QueryClient(),
        <Hook
          name="a"
          seen={seen}
          fetch={api.fetch}
          onRedirect={onRedirect}
          onError={onError}
          onStatusChange={() => {
            throw boom;
          }}
          onSuccess={() => {
            throw boom;
          }}
        />,
      ),
    );
    act(() => seen.a!.pay());
    await flush();
    expect(seen.a!.status).toBe('awaiting_approval');
    await advance(2_000);
    expect(onRedirect).toHaveBeenCalledWith(REDIRECT_URL);
    expect(seen.a!.status).toBe('redirecting');
    expect(screen.getByTestId('a')).toHaveTextContent('redirecting');
    // idle→submitting, submitting→awaiting, awaiting→redirecting, and onSuccess: each reported, none swallowed.
    expect(reported).toHaveBeenCalledTimes(4);
    expect(reported).toHaveBeenCalledWith(boom);
    expect(onError).not.toHaveBeenCalled();
  });

  it('row 33: a throwing onRedirect is reported and the state is still redirecting', async () => {
    const reported = vi.fn();
    Object.assign(globalThis, { reportError: reported });
    const api = createFakeDintero();
    api.queue('poll', pollPaid());
    const seen: Seen = {};
    const onSuccess = vi.fn();
    render(
      withClient(
        new QueryClient(),
        <Hook
          name="a"
          seen={seen}
          fetch={api.fetch}
          onSuccess={onSuccess}
          onRedirect={() => {
            throw new Error('router broke');
          }}
        />,
      ),
    );
    act(() => seen.a!.pay());
    await flush();
    await advance(2_000);
    expect(seen.a!.status).toBe('redirecting');
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(reported).toHaveBeenCalledTimes(1);
  });

  it('onStatusChange is called only when the status changes, not for every unchanged status check', async () => {
    const api = createFakeDintero();
    api.queue('poll', pollPending(), pollPending(), pollPending(), pollPaid());
    const seen: Seen = {};
    const onStatusChange = vi.fn();
    render(
      withClient(
        new QueryClient(),
        <Hook name="a" seen={seen} fetch={api.fetch} onRedirect={vi.fn()} onStatusChange={onStatusChange} />,
      ),
    );
    act(() => seen.a!.pay());
    await flush();
    for (let i = 0; i < 4; i++) await advance(2_000);
    expect(api.polls()).toHaveLength(4);
    expect(onStatusChange.mock.calls).toEqual([
      ['submitting', 'idle'],
      ['awaiting_approval', 'submitting'],
      ['redirecting', 'awaiting_approval'],
    ]);
  });
});
