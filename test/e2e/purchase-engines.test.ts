import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { buildDemo, serveBuiltDemo, type BuiltDemoServers } from '../../demo/static.mjs';
import type { LoggedRequest } from '../../src/testing';
import { ENGINES, launchEngine, poll, type Engine, type EnginePage } from './engines';
import {
  approvalSlot,
  approvalView,
  axeViolations,
  errorMessage,
  PAGE_RECORDER,
  focusLog,
  onThisDevice,
  payButton,
  phoneButton,
  phoneField,
  phoneRequest,
  qrImage,
  receiptHeading,
  sessionIdOf,
  shopHeading,
  timeline,
} from './engines/shop';
import { decodeQrDataUrl, loggedRequests, pendingRequests } from './helpers';

// The shopper's purchase, the same steps and the same assertions in Chromium (Blink), Firefox ESR
// (Gecko) and WebKitGTK (WebKit, Safari's engine), against the demo storefront and a real emulator.
// The storefront is the production build under the strict Content-Security-Policy of SECURITY.md:
// what a real shop ships to a shopper (and a page loads in a fraction of the dev server's time).
// Each engine gets its own browser; the demo is shared.

const DESKTOP = { width: 1280, height: 800 };
/**
 * How long a wait on a status check's answer may take: one check may legitimately run up to the
 * library's 15 s poll timeout before it is retried, then the next interval and a page load follow.
 */
const CHECK_ANSWER_MS = 35_000;
const WAITING = 'Waiting for you to approve the payment…';
const STOPPED_WAITING =
  'We stopped waiting here. If you approve in Swish now, the payment still goes through.';

let outDir: string | undefined;
let demo: BuiltDemoServers;

beforeAll(async () => {
  outDir = await buildDemo();
  demo = await serveBuiltDemo({ outDir });
  expect(demo.csp).toContain("script-src 'self'");
}, 120_000);

afterAll(async () => {
  await demo?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

async function apiCalls(sessionId: string): Promise<{ pays: LoggedRequest[]; polls: LoggedRequest[] }> {
  const log = await loggedRequests(demo.emulatorUrl, sessionId);
  return {
    pays: log.filter((entry) => entry.route === 'pay'),
    polls: log.filter((entry) => entry.route === 'poll'),
  };
}

/** Approves the session's pending request through the emulator's control API: the shopper's app. */
async function approveInApp(sessionId: string): Promise<void> {
  const [request] = await pendingRequests(demo.emulatorUrl, sessionId);
  if (!request) throw new Error('no pending request to approve');
  const response = await fetch(
    `${demo.emulatorUrl}/__emulator/requests/${encodeURIComponent(request.requestId)}/approve`,
    { method: 'POST' },
  );
  expect(response.status).toBe(200);
}

/**
 * Runs `step`; if it fails, the error also tells what the page and the emulator saw: the view's
 * status lines and answered checks (this document), and the session's API calls with their answers.
 */
async function explained<T>(page: EnginePage, sessionId: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const seen = await timeline(page).catch(() => ['(timeline unreadable)']);
    const calls = await loggedRequests(demo.emulatorUrl, sessionId).catch(() => []);
    const api = calls.map((call) => `${call.method} ${call.route} ${call.status ?? '…'} at ${call.time}`);
    const addresses = (await page.requests().catch(() => [])).filter((url) => !url.includes('/__emulator/'));
    const state = await page
      .evaluate(
        () =>
          `${document.visibilityState}, focus ${document.hasFocus()}, onLine ${navigator.onLine}, ` +
          `at ${Math.round(performance.now())} ms, last timer beat at ` +
          `${(window as unknown as { __enginesBeat?: number }).__enginesBeat} ms`,
      )
      .catch(() => '(unreadable)');
    (error as Error).message +=
      `\npage: ${seen.join('; ')}\npage state: ${state}\nemulator: ${api.join('; ')}` +
      `\nrequests (emulator control left out): ${addresses.slice(-12).join(' ')}`;
    throw error;
  }
}

/** How many times the page loaded the return page (a second navigation would load it again). */
async function returnPageLoads(page: EnginePage): Promise<number> {
  return (await page.requests()).filter((url) => new URL(url).pathname === '/return.html').length;
}

for (const name of ENGINES) {
  // Real polling, and a WebKit driven over HTTP one command at a time: more than the project's 30 s
  // (a purchase may wait on a slow check twice: see CHECK_ANSWER_MS).
  describe(`the purchase in ${name}`, { timeout: 120_000 }, () => {
    let engine: Engine;
    let page: EnginePage | undefined;

    beforeAll(async () => {
      engine = await launchEngine(name);
    });

    afterAll(async () => {
      await engine?.close();
    });

    afterEach(async () => {
      await page?.close();
      page = undefined;
    });

    /** Opens the shop (with `query`, e.g. `?direct`) in a new page of this engine. */
    async function shop(query = ''): Promise<EnginePage> {
      page = await engine.newPage({ viewport: DESKTOP, initScript: PAGE_RECORDER });
      await page.open(`${demo.storefrontUrl}/${query}`);
      await page.waitFor(shopHeading);
      return page;
    }

    /** Types a Swedish number and presses Pay; resolves once the request is on the simulated phone. */
    async function payToPhone(opened: EnginePage): Promise<void> {
      await opened.type(phoneField, '0701234567');
      await opened.click(payButton);
      await opened.waitFor(approvalSlot('status', WAITING));
      await opened.waitFor(phoneRequest);
    }

    /** Waits for the return page of a paid order, with the transaction in its address and text. */
    async function expectReceipt(opened: EnginePage, sessionId: string): Promise<void> {
      await explained(opened, sessionId, () => opened.waitFor(receiptHeading, CHECK_ANSWER_MS));
      const url = new URL(await opened.url());
      expect(url.pathname).toBe('/return.html');
      const transactionId = url.searchParams.get('transaction_id');
      expect(transactionId).toMatch(/^P\d+\./);
      expect(await opened.text('[data-testid="transaction-id"]')).toBe(transactionId);
    }

    /** The receipt of one payment: one pay call, one load of the return page, no console error. */
    async function expectPaidOnce(opened: EnginePage, sessionId: string): Promise<void> {
      await expectReceipt(opened, sessionId);
      expect((await apiCalls(sessionId)).pays).toHaveLength(1);
      expect(await returnPageLoads(opened)).toBe(1);
      expect(await opened.consoleErrors()).toEqual([]);
    }

    it(`[${name}] the page is 1280×800, and the recorders see console errors, uncaught exceptions, CSP violations and focus, across documents`, async () => {
      // What the purchases below assert the absence of: this proves it would be seen.
      const opened = await shop();
      expect(await opened.evaluate(() => ({ width: innerWidth, height: innerHeight }))).toEqual(DESKTOP);
      expect(await focusLog(opened)).toEqual([]);
      await opened.evaluate(() => {
        console.error('probe: console.error');
        setTimeout(() => {
          throw new Error('probe: uncaught');
        });
        // An inline script, which the shop's policy refuses.
        const script = document.createElement('script');
        script.textContent = 'void 0';
        document.head.append(script);
        document.querySelector<HTMLInputElement>('input[type="tel"]')?.focus();
      });
      const probes = ['probe: console.error', 'probe: uncaught', 'CSP violation: script-src'];
      const missing = async () => {
        const errors = await opened.consoleErrors();
        return probes.filter((probe) => !errors.some((text) => text.includes(probe)));
      };
      await poll(
        async () => (await missing()).length === 0,
        5000,
        () => `[${name}] every probe to be reported`,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}; missing: ${(await missing()).join(', ')}`);
      });
      expect(await focusLog(opened)).toContainEqual(expect.stringMatching(/^focusin input/));

      // Still reported once their document is gone; the new document starts a new focus log.
      await opened.reload();
      await opened.waitFor(shopHeading);
      expect(await missing()).toEqual([]);
      expect(await focusLog(opened)).toEqual([]);
    });

    it(`[${name}] desktop QR purchase: a readable QR code alone, focus on the view's heading, approved in the app`, async () => {
      const opened = await shop();
      await opened.click(onThisDevice);
      await opened.click(payButton);
      await opened.waitFor(qrImage);
      const sessionId = await sessionIdOf(opened);

      expect(await opened.attribute(approvalView, 'data-layout')).toBe('desktop');
      // No "Open Swish" that could do nothing on a computer.
      expect(await opened.count({ role: 'link', name: 'Open Swish' })).toBe(0);
      const qr = await opened.evaluate(() => {
        const img = document.querySelector<HTMLImageElement>('[data-slot="qr"] img');
        return { src: img?.src ?? '', decoded: Boolean(img?.complete && img.naturalWidth > 0) };
      });
      // The engine decoded the image, and its pixels hold a Swish token ("D" + token).
      expect(qr.decoded).toBe(true);
      expect(decodeQrDataUrl(qr.src)).toMatch(/^D[0-9a-f]{32}$/);
      // The shopper's press moved the page on: focus went to the view's heading.
      await opened.waitForFocus(approvalSlot('title'));
      await opened.waitFor({ ...phoneRequest, text: 'Opened on this device or by QR code' });
      expect(await axeViolations(opened)).toEqual([]);

      await approveInApp(sessionId);
      await expectPaidOnce(opened, sessionId);
    });

    it(`[${name}] phone-number purchase: approved on the simulated phone, the receipt shows the transaction`, async () => {
      const opened = await shop();
      await payToPhone(opened);
      const sessionId = await sessionIdOf(opened);
      expect(await opened.text(approvalSlot('phone'))).toBe(
        'Open Swish on your phone (+46 ••• •• 67) and approve the payment.',
      );
      expect(await opened.text(phoneRequest)).toContain('Sent to +46 ••• •• 67');
      expect(await axeViolations(opened)).toEqual([]);

      await opened.click(phoneButton('Approve'));
      await expectReceipt(opened, sessionId);
      expect(await axeViolations(opened)).toEqual([]);
      // The paid order is gone: back in the shop, a new session starts.
      expect(await opened.evaluate(() => sessionStorage.getItem('fjallbo:order'))).toBeNull();
      expect((await apiCalls(sessionId)).pays).toHaveLength(1);
      expect(await returnPageLoads(opened)).toBe(1);
      expect(await opened.consoleErrors()).toEqual([]);
    });

    it(`[${name}] decline on the phone: "declined" with focus on the message, and one click on Try again sends a new request`, async () => {
      const opened = await shop();
      await payToPhone(opened);
      const sessionId = await sessionIdOf(opened);
      const number = await opened.evaluate(
        () => document.querySelector<HTMLInputElement>('input[type="tel"]')?.value,
      );
      expect(number).toMatch(/^0?70 ?123 ?45 ?67$/);
      await opened.click(phoneButton('Decline'));

      const declined = errorMessage('The payment was declined.');
      await opened.waitFor(declined);
      // The approval view (and the button that had focus) is gone: focus is on the message instead.
      await opened.waitUntil(
        () => {
          const message = document.querySelector('[data-kind="rejected"] [data-slot="message"]');
          const active = document.activeElement;
          return Boolean(message && active && active !== document.body && active.contains(message));
        },
        undefined,
        { message: 'focus on the decline message' },
      );
      expect(await axeViolations(opened)).toEqual([]);

      await opened.click({ role: 'button', name: 'Try again' });
      await opened.waitFor(approvalSlot('status', WAITING));
      await opened.waitFor(phoneRequest);
      expect(await opened.count(declined)).toBe(0);
      // A new attempt with the same number, to the phone again; the declined one is over.
      expect((await apiCalls(sessionId)).pays).toHaveLength(2);
      expect(await pendingRequests(demo.emulatorUrl, sessionId)).toHaveLength(1);
      expect(await opened.text(approvalSlot('phone'))).toContain('(+46 ••• •• 67)');
      // The field (hidden while the view shows) kept the number as typed.
      expect(
        await opened.evaluate(() => document.querySelector<HTMLInputElement>('input[type="tel"]')?.value),
      ).toBe(number);
      expect(await opened.consoleErrors()).toEqual([]);
    });

    it(`[${name}] cancel, then a late approval in the app: "we stopped waiting…", then the receipt, navigated to once`, async () => {
      const opened = await shop();
      await payToPhone(opened);
      const sessionId = await sessionIdOf(opened);

      await opened.click(approvalSlot('cancel'));
      const stopped = approvalSlot('message', STOPPED_WAITING);
      await opened.waitFor(stopped);
      // Said by focus, as the result of the shopper's press.
      await opened.waitForFocus(stopped);
      expect(await opened.attribute(approvalView, 'data-status')).toBe('cancelled');
      expect(await axeViolations(opened)).toEqual([]);

      // The shopper approves in the app after all: the quiet check still sees it.
      await approveInApp(sessionId);
      await expectPaidOnce(opened, sessionId);
    });

    it(`[${name}] reload while waiting: the view resumes without a second pay call, and takes no focus on page load`, async () => {
      const opened = await shop();
      await payToPhone(opened);
      const sessionId = await sessionIdOf(opened);
      const pollsBefore = (await apiCalls(sessionId)).polls.length;

      await opened.reload();
      await opened.waitFor(approvalView);
      expect(await opened.count(payButton)).toBe(0);
      // The resumed view checked the status again, and shows the answer.
      await explained(opened, sessionId, () =>
        opened.waitFor(approvalSlot('status', WAITING), CHECK_ANSWER_MS),
      );
      const resumed = await apiCalls(sessionId);
      expect(resumed.polls.length).toBeGreaterThan(pollsBefore);
      expect(resumed.pays).toHaveLength(1);
      expect(await pendingRequests(demo.emulatorUrl, sessionId)).toHaveLength(1);
      expect(await opened.attribute(approvalView, 'data-status')).toBe('awaiting_approval');
      // Nothing took focus since the reload: the shopper did not press anything.
      expect(await focusLog(opened), (await timeline(opened)).join('; ')).toEqual([]);
      expect(await opened.activeElement()).toMatchObject({ tag: 'body' });

      await approveInApp(sessionId);
      await expectReceipt(opened, sessionId);
      expect((await apiCalls(sessionId)).pays).toHaveLength(1);
      expect(await opened.consoleErrors()).toEqual([]);
    });

    it(`[${name}] ?direct: the same purchase calls the emulator straight from the page, through CORS`, async () => {
      const opened = await shop('?direct');
      await payToPhone(opened);
      const sessionId = await sessionIdOf(opened);
      await opened.click(phoneButton('Approve'));
      await expectReceipt(opened, sessionId);

      const api = (await opened.requests()).filter((url) => /\/v1\/(sessions|view)\//.test(url));
      expect(api).toContain(`${demo.emulatorUrl}/v1/sessions/${sessionId}/pay`);
      expect(api.every((url) => url.startsWith(`${demo.emulatorUrl}/v1/`))).toBe(true);
      expect((await opened.requests()).some((url) => url.includes('/api/dintero/'))).toBe(false);
      const { pays, polls } = await apiCalls(sessionId);
      expect(pays).toHaveLength(1);
      expect(polls.length).toBeGreaterThanOrEqual(1);
      expect(await opened.consoleErrors()).toEqual([]);
    });

    it(`[${name}] Pay with no number sends nothing, marks the field and focuses it`, async () => {
      const opened = await shop();
      const sessionId = await sessionIdOf(opened);
      await opened.click(payButton);

      await opened.waitFor({ css: '[data-slot="error"]', text: 'Enter your mobile number.' });
      await opened.waitForFocus(phoneField);
      expect(await opened.attribute(phoneField, 'aria-invalid')).toBe('true');
      expect(await axeViolations(opened)).toEqual([]);
      // Long enough for a pay call to have gone out, had one been sent.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await opened.requests()).some((url) => url.endsWith('/pay'))).toBe(false);
      expect(await loggedRequests(demo.emulatorUrl, sessionId)).toEqual([]);
      expect(await opened.count(approvalView)).toBe(0);
      expect(await opened.consoleErrors()).toEqual([]);
    });
  });
}
