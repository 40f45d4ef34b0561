import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { vi } from 'vitest';
import { usePaySession, type UsePaySessionOptions } from '../../src';

export const BASE_URL = 'https://checkout.test/v1';
export const SESSION_ID = 'T11223344.abc';
export const PAY_URL = `${BASE_URL}/sessions/${SESSION_ID}/pay`;
export const POLL_URL = `${BASE_URL}/view/${SESSION_ID}/swish/req-1/status`;
export const REDIRECT_URL = 'https://shop.test/return?transaction_id=T1';
/** A real 1×1 PNG. */
export const QR_CODE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal | undefined;
  /** Clock time the request was sent. */
  at: number;
}

type Answer = Response | (() => Response | Promise<Response>) | 'network-error';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export const swishPending = () =>
  json(200, {
    success: true,
    actions: [{ source: 'DINTERO', code: '200', type: 'success' }],
    poll_url: POLL_URL,
    approval_url: 'swish://paymentrequest?token=abc&callbackurl=https%3A%2F%2Fshop.test',
    qr_code: QR_CODE,
  });
export const pollPending = () => json(202, { keep_polling: true });
export const pollPaid = () => json(200, { redirect_url: REDIRECT_URL });

/**
 * A scripted Dintero: answers are queued per route (pay, poll) and consumed in order; when a
 * queue is empty the route's fallback answers. Every request is recorded with its abort signal.
 */
export function createFakeDintero() {
  const requests: RecordedRequest[] = [];
  const queues = { pay: [] as Answer[], poll: [] as Answer[] };
  const fallback: Record<'pay' | 'poll', Answer> = { pay: swishPending, poll: pollPending };
  let inFlight = 0;
  let maxInFlight = 0;

  const fetch = vi.fn(async (input: string, init: RequestInit): Promise<Response> => {
    const route = init.method === 'POST' ? 'pay' : 'poll';
    requests.push({
      method: init.method ?? 'GET',
      url: input,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
      signal: init.signal ?? undefined,
      at: Date.now(),
    });
    const answer = queues[route].shift() ?? fallback[route];
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (answer === 'network-error') throw new TypeError('Failed to fetch');
      const response = typeof answer === 'function' ? await answer() : answer;
      if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      return response;
    } finally {
      inFlight -= 1;
    }
  });

  return {
    fetch,
    requests,
    pays: () => requests.filter((r) => r.method === 'POST'),
    polls: () => requests.filter((r) => r.method === 'GET'),
    maxInFlight: () => maxInFlight,
    queue(route: 'pay' | 'poll', ...answers: Answer[]) {
      queues[route].push(...answers);
    },
    setFallback(route: 'pay' | 'poll', answer: Answer) {
      fallback[route] = answer;
    },
  };
}

/** An answer that resolves only when told to (or rejects when the request is aborted). */
export function deferred(make: () => Response) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const answer = async () => {
    await released;
    return make();
  };
  return { answer, release };
}

export interface RenderOptions {
  strict?: boolean;
  /** Wrap in the host app's QueryClientProvider (default) or render without one. */
  hostClient?: boolean;
}

export function renderPaySession(options: Partial<UsePaySessionOptions> = {}, render: RenderOptions = {}) {
  const client = new QueryClient();
  const Wrapper = ({ children }: { children: ReactNode }) => {
    const inner =
      render.hostClient === false ? (
        children
      ) : (
        <QueryClientProvider client={client}>{children}</QueryClientProvider>
      );
    return render.strict ? <StrictMode>{inner}</StrictMode> : inner;
  };
  const onRedirect = vi.fn();
  const result = renderHook(
    (props: Partial<UsePaySessionOptions>) =>
      usePaySession({
        sessionId: SESSION_ID,
        paymentProductType: 'swish.swish',
        baseUrl: BASE_URL,
        onRedirect,
        ...props,
      }),
    { wrapper: Wrapper, initialProps: options },
  );
  return { ...result, onRedirect, client };
}

/** Lets pending promises (fetch answers, React updates) settle without moving the clock. */
export async function flush(): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
}

export async function advance(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}
