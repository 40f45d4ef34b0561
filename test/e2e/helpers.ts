import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startDemo, type DemoServers } from '../../demo/start.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import type { LoggedRequest, PendingPaymentRequest } from '../../src/testing';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOT_DIR = path.join(repoRoot, 'screenshots');

/** Debian's Chromium, started the same way as every browser run of the project. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const TOUCH_PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  hasTouch: true,
  isMobile: true,
  deviceScaleFactor: 2,
};

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught exceptions, as they happened. */
  errors: string[];
}

/**
 * Resolves once the checkout can be paid: the shop's server has created the session for the cart as
 * it is now (a changed cart waits for its own), or the address gave one (`?sessionId=`).
 */
export async function checkoutReady(page: Page): Promise<void> {
  await page.locator('#checkout[data-session="ready"]').waitFor({ timeout: 15_000 });
}

/**
 * Opens the shop in the context and records every console error and uncaught exception; resolves
 * once the checkout can be paid. `beforeLoad` runs before the first navigation (e.g. to install a
 * fake clock).
 */
export async function openShop(
  context: BrowserContext,
  url: string,
  beforeLoad?: (page: Page) => Promise<void>,
): Promise<OpenedPage> {
  const page = await context.newPage();
  await beforeLoad?.(page);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  await page.goto(url);
  await page.getByRole('heading', { name: 'Autumn at home' }).waitFor();
  await checkoutReady(page);
  return { page, errors };
}

/** Chromium reports every 4xx/5xx fetch as a console error; a test that provokes one expects it. */
export function unexpectedErrors(errors: string[], allowedStatuses: number[] = []): string[] {
  return errors.filter(
    (text) =>
      !allowedStatuses.some((status) =>
        text.startsWith(`Failed to load resource: the server responded with a status of ${status}`),
      ),
  );
}

const axeSource = readFileSync(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page as it is now; returns one line per violation (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<unknown> } }
    ).axe;
    const results = (await axe.run(document, { resultTypes: ['violations'] })) as { violations: unknown[] };
    return results.violations;
  });
  return (violations as AxeViolation[]).map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} — ${violation.nodes
        .map((node) => node.target.join(' '))
        .join(', ')}`,
  );
}

/** Fails the test with the list of axe violations when the page has any. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

/** The demo storefront's checkout, found the way a shopper finds it ("Pay SEK 787.00", "Pay €72.70"). */
export const payButton = (page: Page) => page.getByRole('button', { name: /^Pay (?!again)/ });
export const phoneInput = (page: Page) => page.getByLabel('Mobile number', { exact: true });
export const approvalStatus = (page: Page) => page.locator('.approval [data-slot="status"]');
export const qrImage = (page: Page) => page.getByRole('img', { name: 'QR code: scan it with Swish to pay' });

/**
 * Writes `screenshots/{name}.png`. A full-page capture briefly changes the emulated screen, which a
 * touch layout notices (`pointer: coarse` flips): on a touch phone take the visible part only.
 */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage });
}

/** The order as the demo keeps it in sessionStorage: the cart and the session the shop's server made for it. */
interface StoredOrder {
  lines?: Record<string, number>;
  sessionId?: unknown;
  sessionReference?: unknown;
}

async function storedOrder(page: Page): Promise<StoredOrder> {
  await checkoutReady(page);
  return JSON.parse(
    (await page.evaluate(() => sessionStorage.getItem('fjallbo:order'))) ?? '{}',
  ) as StoredOrder;
}

/** The session id the page pays with, once the checkout is ready (the demo keeps it in sessionStorage). */
export async function sessionIdOf(page: Page): Promise<string> {
  const { sessionId } = await storedOrder(page);
  if (typeof sessionId !== 'string') throw new Error('the shop has no session id');
  return sessionId;
}

/** The shop's order reference (`merchant_reference`) of the session the page pays with. */
export async function orderReferenceOf(page: Page): Promise<string> {
  const reference = (await storedOrder(page)).sessionReference;
  if (typeof reference !== 'string') throw new Error('the shop has no order reference');
  return reference;
}

/** The emulator's log of API calls (pay and poll) of one session, through its control API. */
export async function loggedRequests(emulatorUrl: string, sessionId: string): Promise<LoggedRequest[]> {
  const response = await fetch(`${emulatorUrl}/__emulator/requests`);
  const log = (await response.json()) as LoggedRequest[];
  return log.filter((entry) => entry.sessionId === sessionId);
}

export async function pendingRequests(
  emulatorUrl: string,
  sessionId: string,
): Promise<PendingPaymentRequest[]> {
  const response = await fetch(`${emulatorUrl}/__emulator/pending`);
  const list = (await response.json()) as PendingPaymentRequest[];
  return list.filter((entry) => entry.sessionId === sessionId);
}

/** Decodes a `data:image/png;base64,…` QR code; `undefined` when it holds no readable code. */
export function decodeQrDataUrl(dataUrl: string): string | undefined {
  const prefix = 'data:image/png;base64,';
  if (!dataUrl.startsWith(prefix)) return undefined;
  const png = PNG.sync.read(Buffer.from(dataUrl.slice(prefix.length), 'base64'));
  const pixels = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  return jsQR(pixels, png.width, png.height)?.data;
}

/** Presses Tab until the focused element matches `selector`; fails after `limit` presses. */
export async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} was not reached with ${limit} presses of Tab`);
}

/** Whether `first` comes before `second` in document order (both must exist). */
export function comesBefore(page: Page, first: string, second: string): Promise<boolean> {
  return page.evaluate(
    ([a, b]) => {
      const one = document.querySelector(a!);
      const two = document.querySelector(b!);
      if (!one || !two) throw new Error(`missing ${one ? b : a}`);
      return Boolean(one.compareDocumentPosition(two) & Node.DOCUMENT_POSITION_FOLLOWING);
    },
    [first, second],
  );
}

/**
 * One demo (storefront + emulator on free ports) and one browser for a test file, a fresh context
 * per test. `cacheDir` keeps each file's Vite cache apart, as files may run side by side.
 */
export function demoSuite(cacheDir: string, launch: () => Promise<Browser> = launchChromium) {
  let demo: DemoServers;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    const [servers, launched] = await Promise.allSettled([
      startDemo({
        port: 0,
        emulatorPort: 0,
        quiet: true,
        watch: false,
        cacheDir: `node_modules/.vite/${cacheDir}`,
      }),
      launch(),
    ]);
    // Keep whichever started, so afterAll stops it even when the other failed.
    if (servers.status === 'fulfilled') demo = servers.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (servers.status === 'rejected') throw servers.reason;
    if (launched.status === 'rejected') throw launched.reason;
    // The first visit makes Vite compile the pages; doing it here keeps that out of the tests' timings.
    const warmUp = await browser.newContext(DESKTOP);
    const { page } = await openShop(warmUp, demo.storefrontUrl);
    await page.goto(`${demo.storefrontUrl}/return.html`);
    await page.getByRole('heading', { name: 'Payment not completed' }).waitFor();
    await warmUp.close();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  return {
    get demo() {
      return demo;
    },
    get browser() {
      return browser;
    },
    /** The context of the running test, once `shop` opened one. */
    get context() {
      return context;
    },
    /** Opens the shop (with `query`, e.g. `?baseUrl=…`) in a new context for this test. */
    async shop(
      options: BrowserContextOptions = DESKTOP,
      query = '',
      beforeLoad?: (page: Page) => Promise<void>,
    ): Promise<OpenedPage> {
      context = await browser.newContext(options);
      return openShop(context, `${demo.storefrontUrl}/${query}`, beforeLoad);
    },
  };
}

/**
 * Holds every status check of `page` until the returned function is called, so a state that only
 * lasts until the next answer (e.g. "Checking your payment…" after a reload) can be seen.
 */
export async function holdStatusChecks(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/view/*/*/*/status', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Approves the session's pending payment request through the emulator's control API (the shopper's app). */
export async function approvePending(emulatorUrl: string, sessionId: string): Promise<void> {
  const [request] = await pendingRequests(emulatorUrl, sessionId);
  if (!request) throw new Error('no pending request to approve');
  const response = await fetch(
    `${emulatorUrl}/__emulator/requests/${encodeURIComponent(request.requestId)}/approve`,
    { method: 'POST' },
  );
  expect(response.status).toBe(200);
}

/**
 * The demo's return page once the shop's server confirmed the payment with Dintero: "Thank you",
 * what Dintero says of the transaction (`AUTHORIZED, NOK 787.00`), and Dintero's callback to the
 * shop's server, which the page shows once it has come.
 */
export async function expectConfirmedReturn(page: Page, amount: string): Promise<string> {
  await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor({ timeout: 15_000 });
  expect(new URL(page.url()).pathname).toBe('/return.html');
  const transactionId = new URL(page.url()).searchParams.get('transaction_id');
  expect(transactionId).toMatch(/^P\d+\./);
  // Intl puts a no-break space between a currency code and the amount.
  const text = async (testId: string) =>
    ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s/g, ' ');
  expect(await text('confirmation')).toBe(`AUTHORIZED, ${amount}`);
  await expect
    .poll(() => text('callbacks'), { timeout: 12_000 })
    .toBe('Received once: AUTHORIZED, pays this order');
  return transactionId!;
}

/** The page's visible text (hidden parts left out), without the elements matching `leaveOut`. */
export function visibleText(page: Page, leaveOut?: string): Promise<string> {
  return page.evaluate((selector) => {
    const hidden: HTMLElement[] = selector ? [...document.querySelectorAll<HTMLElement>(selector)] : [];
    const displays = hidden.map((element) => element.style.display);
    for (const element of hidden) element.style.display = 'none';
    const text = document.body.innerText;
    hidden.forEach((element, index) => (element.style.display = displays[index]!));
    return text;
  }, leaveOut);
}
