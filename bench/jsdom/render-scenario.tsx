import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import userEvent from '@testing-library/user-event';
import { Profiler, useState, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { expect, vi } from 'vitest';
import {
  PayButton,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  SwishApprovalView,
  usePaySession,
  type FetchLike,
} from '../../src';
import { sv } from '../../src/i18n/locales/sv';
import { createDinteroEmulator } from '../../src/testing';
import { advance, advanceUntil, BASE_URL, emulatorFetch, FAKED_TIMERS, flushReact } from './harness';

const UNCHANGED_POLLS = 20;
const PHONE_DIGITS = '0701234567';

type ComponentName = 'PhoneInput' | 'PayButton' | 'SwishApprovalView';

interface CommitCount {
  commits: number;
  /** Commits in which the countdown's text changed: the clock moved, not the session. */
  countdownCommits: number;
}

function createCounter() {
  const counts = new Map<ComponentName, CommitCount>();
  let lastTimerText: string | null = null;
  const reset = () => {
    counts.clear();
    lastTimerText = document.querySelector('[role="timer"]')?.textContent ?? null;
  };
  // Profiler's onRender runs after the DOM was updated, so the countdown's text is already current.
  const onRender = (id: string) => {
    const entry = counts.get(id as ComponentName) ?? { commits: 0, countdownCommits: 0 };
    entry.commits += 1;
    if (id === 'SwishApprovalView') {
      const timerText = document.querySelector('[role="timer"]')?.textContent ?? null;
      if (timerText !== lastTimerText) entry.countdownCommits += 1;
      lastTimerText = timerText;
    }
    counts.set(id as ComponentName, entry);
  };
  const Counted = ({ id, children }: { id: ComponentName; children: ReactNode }) => (
    <Profiler id={id} onRender={onRender}>
      {children}
    </Profiler>
  );
  const get = (id: ComponentName) => counts.get(id) ?? { commits: 0, countdownCommits: 0 };
  return { Counted, reset, get };
}

type Counter = ReturnType<typeof createCounter>;

/**
 * The README's quick start, except that the form stays mounted while the payment is pending (as in
 * storefronts that keep the busy button in view), so every component sees every poll answer.
 */
function Checkout({ fetch, counter }: { fetch: FetchLike; counter: Counter }) {
  const [phone, setPhone] = useState('');
  const session = usePaySession({
    sessionId: 'T11223344.bench',
    paymentProductType: 'swish.swish',
    baseUrl: BASE_URL,
    fetch,
    storage: null,
    onRedirect: () => undefined,
  });
  const { Counted } = counter;
  return (
    <PaySessionProvider session={session} locale="sv" messages={sv}>
      <Counted id="SwishApprovalView">
        <SwishApprovalView />
      </Counted>
      <Counted id="PhoneInput">
        <PhoneInput onValueChange={(e164) => setPhone(e164)} />
      </Counted>
      <PaymentError />
      <Counted id="PayButton">
        <PayButton
          amount={78700}
          currency="SEK"
          getBody={() => (phone ? { phone_number: phone } : undefined)}
        />
      </Counted>
    </PaySessionProvider>
  );
}

let root: Root | undefined;
let container: HTMLElement | undefined;

async function mount(fetch: FetchLike, counter: Counter): Promise<HTMLElement> {
  container = document.body.appendChild(document.createElement('div'));
  root = createRoot(container);
  root.render(
    <QueryClientProvider client={new QueryClient()}>
      <Checkout fetch={fetch} counter={counter} />
    </QueryClientProvider>,
  );
  await flushReact();
  return container;
}

/** Unmounts the page and restores real timers; call after each measurement. */
export function unmountCheckout(): void {
  root?.unmount();
  container?.remove();
  root = undefined;
  vi.useRealTimers();
}

/**
 * Commits of each component per unchanged "keep polling" answer, over 20 answers on a
 * simulated clock. The countdown's own commits (its text changes once a second) are counted apart.
 */
export async function measurePollCommits() {
  vi.useFakeTimers({ toFake: [...FAKED_TIMERS] });
  const emulator = createDinteroEmulator();
  const network = emulatorFetch(emulator);
  const counter = createCounter();
  const page = await mount(network.fetch, counter);
  const user = userEvent.setup({ document, advanceTimers: (ms) => vi.advanceTimersByTime(ms) });

  await user.type(page.querySelector<HTMLInputElement>('input[type="tel"]')!, PHONE_DIGITS);
  await user.click(page.querySelector<HTMLButtonElement>('button[data-status]')!);
  await advanceUntil(() => page.querySelector('section[data-status="awaiting_approval"]') !== null, 5_000);
  // The first answer may still change what is shown (nothing is "resuming" any more, for one).
  await advanceUntil(() => network.polls().length >= 1, 10_000);
  await advance(500);

  counter.reset();
  const before = network.polls().length;
  const started = Date.now();
  await advanceUntil(() => network.polls().length >= before + UNCHANGED_POLLS, 120_000);
  // Let the last answer arrive and settle; the next check is an interval away.
  await advance(200);
  const seconds = (Date.now() - started) / 1000;
  const polled = network.polls().length - before;
  const answers = emulator.requests.filter((request) => request.route === 'poll').slice(-polled);
  expect(answers.every((request) => request.status === 202)).toBe(true);

  const perPoll = (name: ComponentName) => {
    const { commits, countdownCommits } = counter.get(name);
    return { commits, countdownCommits, perPoll: (commits - countdownCommits) / polled };
  };
  return {
    polls: polled,
    simulatedSeconds: seconds,
    PhoneInput: perPoll('PhoneInput'),
    PayButton: perPoll('PayButton'),
    SwishApprovalView: perPoll('SwishApprovalView'),
  };
}

/** Commits of `PhoneInput` while ten digits are typed, one key at a time. */
export async function measureKeystrokeCommits() {
  const emulator = createDinteroEmulator();
  const counter = createCounter();
  const page = await mount(emulatorFetch(emulator).fetch, counter);
  const input = page.querySelector<HTMLInputElement>('input[type="tel"]')!;
  const user = userEvent.setup({ document });

  await user.click(input);
  await flushReact();
  counter.reset();
  await user.keyboard(PHONE_DIGITS);
  await flushReact();
  expect(input.value.replace(/\D/g, '')).toBe(PHONE_DIGITS);

  const { commits } = counter.get('PhoneInput');
  return {
    keys: PHONE_DIGITS.length,
    commits,
    perKey: commits / PHONE_DIGITS.length,
    formatted: input.value,
    payButtonCommits: counter.get('PayButton').commits,
  };
}
