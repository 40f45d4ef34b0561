import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  PayButton,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  SwishApprovalView,
  usePaySession,
  type FetchLike,
} from '../../dist/index.js';
import { sv } from '../../dist/locales/sv.js';

// The bench page: the README's components on the built package, measured from inside the page so
// the figures are what a shopper's browser does, not what the automation round-trips cost.

type Kind = 'click' | 'key';

// A Dintero that never answers: after a click the page stays busy, which is the state measured.
const neverAnswers: FetchLike = () => new Promise<Response>(() => undefined);

const samples: Record<Kind, number[]> = { click: [], key: [] };
const waiters: { kind: Kind; count: number; resolve: () => void }[] = [];

function record(kind: Kind, ms: number): void {
  samples[kind].push(ms);
  for (const waiter of waiters.filter((w) => samples[w.kind].length >= w.count)) {
    waiters.splice(waiters.indexOf(waiter), 1);
    waiter.resolve();
  }
}

/**
 * Calls back with the time after the first frame in which `shown()` holds was painted: a task
 * posted from requestAnimationFrame runs once that frame's rendering is done.
 */
function whenPainted(shown: () => boolean, done: (paintedAt: number) => void): void {
  requestAnimationFrame(function frame() {
    if (!shown()) {
      requestAnimationFrame(frame);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done(performance.now());
    channel.port2.postMessage(null);
  });
}

// Capture listeners on window run before React's, at the real start of each interaction.
window.addEventListener(
  'pointerup',
  (event) => {
    const button = document.querySelector<HTMLButtonElement>('button[data-status]');
    if (!button || !button.contains(event.target as Node)) return;
    whenPainted(
      () => button.getAttribute('aria-disabled') === 'true',
      (paintedAt) => record('click', paintedAt - event.timeStamp),
    );
  },
  { capture: true },
);

let digitsTyped = 0;
window.addEventListener(
  'keydown',
  (event) => {
    const input = document.querySelector<HTMLInputElement>('input[type="tel"]');
    if (!input || event.target !== input || !/^\d$/.test(event.key)) return;
    digitsTyped += 1;
    const expected = digitsTyped;
    whenPainted(
      () => input.value.replace(/\D/g, '').length >= expected,
      (paintedAt) => record('key', paintedAt - event.timeStamp),
    );
  },
  { capture: true },
);

const PREFILLED_PHONE = '+46701234567';

/** The README's quick start form, with the approval view mounted beside it. */
function Checkout({ sessionId, prefilled }: { sessionId: string; prefilled: boolean }) {
  const [phone, setPhone] = useState(prefilled ? PREFILLED_PHONE : '');
  const session = usePaySession({
    sessionId,
    paymentProductType: 'swish.swish',
    baseUrl: 'https://checkout.bench.invalid/v1',
    fetch: neverAnswers,
    storage: null,
    onRedirect: () => undefined,
  });
  return (
    <PaySessionProvider session={session} locale="sv" messages={sv}>
      <SwishApprovalView />
      <PhoneInput
        {...(prefilled ? { defaultValue: PREFILLED_PHONE } : {})}
        onValueChange={(e164) => setPhone(e164)}
      />
      <PaymentError />
      <PayButton
        amount={78700}
        currency="SEK"
        getBody={() => (phone ? { phone_number: phone } : undefined)}
      />
    </PaySessionProvider>
  );
}

let nextRound: (prefilled: boolean) => void = () => undefined;

function App() {
  const [round, setRound] = useState({ id: 0, prefilled: true });
  useEffect(() => {
    nextRound = (prefilled) => setRound((r) => ({ id: r.id + 1, prefilled }));
  }, []);
  // A new session id mounts a fresh checkout: idle button, and the field empty or filled in.
  return <Checkout key={round.id} sessionId={`T3.round${round.id}`} prefilled={round.prefilled} />;
}

const queryClient = new QueryClient();
createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <App />
  </QueryClientProvider>,
);

declare global {
  interface Window {
    bench: {
      samples: Record<Kind, number[]>;
      /** Mounts a fresh checkout, with a valid phone number already typed in or an empty field. */
      next(prefilled: boolean): void;
      /** Resolves once `count` samples of `kind` were recorded; rejects after 10 s. */
      waitFor(kind: Kind, count: number): Promise<void>;
    };
  }
}

window.bench = {
  samples,
  next: (prefilled) => {
    digitsTyped = 0;
    nextRound(prefilled);
  },
  waitFor: (kind, count) =>
    samples[kind].length >= count
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          // A frame that never shows the change must fail the run, not hang it.
          setTimeout(() => reject(new Error(`no painted ${kind} result within 10 s`)), 10_000);
          waiters.push({ kind, count, resolve });
        }),
};
