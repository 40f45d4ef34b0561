import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  PayButton,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  SwishApprovalView,
  usePaySession,
  type UsePaySessionOptions,
} from '../../src';
import { createDinteroHandlers, type ScenarioName } from '../../src/testing';

const BASE_URL = 'https://checkout.test/v1';
const TYPED = '070 123 45 67';
/** The digits that identify the shopper; any string holding them (however formatted) is a leak. */
const SECRET_DIGITS = '701234567';

const { handlers, emulator } = createDinteroHandlers({ baseUrl: BASE_URL });
const server = setupServer(...handlers);
const requests: { url: string; method: string; body: string }[] = [];
server.events.on('request:start', async ({ request }) => {
  requests.push({ url: request.url, method: request.method, body: await request.clone().text() });
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  emulator.reset();
  requests.length = 0;
});
afterAll(() => server.close());

function leaks(text: string): boolean {
  return text.replace(/\D/g, '').includes(SECRET_DIGITS);
}

/** Every place outside the input's value and the pay body where a phone number could end up. */
function collectOutsideTheInput(callbackPayloads: unknown[], consoleLines: string[]) {
  const attributes: string[] = [];
  const texts: string[] = [];
  for (const element of Array.from(document.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes))
      attributes.push(`${attribute.name}=${attribute.value}`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node.textContent ?? '');
  const storage = [sessionStorage, localStorage].flatMap((store) =>
    Object.keys(store).map((key) => `${key}=${store.getItem(key)}`),
  );
  return {
    attributes,
    texts,
    storage: [...storage, document.cookie],
    urls: requests.map((r) => r.url),
    bodiesOfStatusChecks: requests.filter((r) => r.method !== 'POST').map((r) => r.body),
    callbacks: callbackPayloads.map((payload) =>
      payload instanceof Error
        ? `${payload.message} ${JSON.stringify(payload)} ${String(payload)} ${payload.stack ?? ''}`
        : JSON.stringify(payload),
    ),
    console: consoleLines,
    location: [window.location.href],
  };
}

function Checkout({ options }: { options: Partial<UsePaySessionOptions> }) {
  const [phone, setPhone] = useState('');
  const session = usePaySession({
    sessionId: 'T1.pii',
    paymentProductType: 'swish.swish',
    baseUrl: BASE_URL,
    poll: { intervalMs: 20 },
    ...options,
  });
  return (
    <PaySessionProvider session={session}>
      <PhoneInput onValueChange={(e164) => setPhone(e164)} />
      <PayButton getBody={() => (phone ? { phone_number: phone } : undefined)} />
      <SwishApprovalView layout="desktop" />
      <PaymentError />
    </PaySessionProvider>
  );
}

const FLOWS: { scenario: ScenarioName; end: (status: string | null) => boolean; approve?: boolean }[] = [
  { scenario: 'approve', approve: true, end: (s) => s === 'redirecting' },
  { scenario: 'decline', end: (s) => s === 'declined' },
  { scenario: 'rejected', end: (s) => s === 'declined' },
  { scenario: 'bad_request', end: (s) => s === 'failed' },
  { scenario: 'session_not_found', end: (s) => s === 'failed' },
  { scenario: 'rate_limited', end: (s) => s === 'failed' },
  { scenario: 'server_error', end: (s) => s === 'failed' },
  { scenario: 'poll_not_found', end: (s) => s === 'failed' },
  { scenario: 'action_required', end: (s) => s === 'action_required' },
  { scenario: 'malformed', end: (s) => s === 'failed' },
];

describe('row 27: phone numbers stay in the input and the pay request body', () => {
  it.each(FLOWS)(
    '$scenario: no phone number in DOM attributes, text, storage, URLs, callbacks or console',
    async (flow) => {
      emulator.setScenario('T1.pii', flow.scenario);
      const callbackPayloads: unknown[] = [];
      const record = (...args: unknown[]) => void callbackPayloads.push(...args);
      const consoleLines: string[] = [];
      for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
        vi.spyOn(console, method).mockImplementation(
          (...args: unknown[]) => void consoleLines.push(args.map(String).join(' ')),
        );
      }
      const user = userEvent.setup();
      const { container } = render(
        <Checkout
          options={{
            onStatusChange: record,
            onSuccess: record,
            onError: record,
            onActionRequired: record,
            onRedirect: record,
          }}
        />,
      );
      const input = screen.getByRole('textbox');
      await user.type(input, TYPED);
      await user.click(screen.getByRole('button', { name: /pay/i }));

      const status = () => container.querySelector('[data-status]')?.getAttribute('data-status') ?? null;
      // Looked at on every screen the flow passes through, not only the last one.
      const found = new Set<string>();
      const look = () => {
        const places = collectOutsideTheInput(callbackPayloads, consoleLines);
        for (const [where, values] of Object.entries(places)) {
          for (const value of values.filter(leaks))
            found.add(`${where} (${status()}): ${value.slice(0, 120)}`);
        }
        return places;
      };
      look();
      if (flow.approve) {
        await vi.waitFor(() => expect(status()).toBe('awaiting_approval'));
        look();
        await vi.waitFor(() => expect(emulator.pending()).toHaveLength(1));
        // The emulator's own view of the request is masked as well.
        expect(leaks(JSON.stringify(emulator.pending()))).toBe(false);
        act(() => void emulator.approve(emulator.pending()[0]!.requestId));
      }
      await vi.waitFor(() => expect(flow.end(status())).toBe(true), { timeout: 3000 });
      const places = look();

      // The number is in exactly two places: the input's value and the one pay request body.
      expect(leaks((input as HTMLInputElement).value)).toBe(true);
      const payBodies = requests.filter((r) => r.method === 'POST').map((r) => r.body);
      expect(payBodies).toHaveLength(1);
      expect(JSON.parse(payBodies[0]!)).toMatchObject({ phone_number: '+46701234567' });

      expect([...found]).toEqual([]);
      // The collection really looked: callbacks fired and the page has content.
      expect(callbackPayloads.length).toBeGreaterThan(0);
      expect(places.attributes.length).toBeGreaterThan(5);
      vi.restoreAllMocks();
    },
  );
});
