import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { apiCalls } from './browser-helpers';
import {
  approvalStatus,
  checkoutReady,
  demoSuite,
  DESKTOP,
  expectAccessible,
  expectConfirmedReturn,
  orderReferenceOf,
  payButton,
  phoneInput,
  qrImage,
  sessionIdOf,
  unexpectedErrors,
  visibleText,
} from './helpers';

// The demo as a merchant's shop: its server creates each session with the merchant API, the page pays
// with Swish, Vipps or MobilePay in the library's own words, and the return page shows what the
// server confirmed with Dintero. Waits are for real polling (a first check 2 s after the pay answer).
const WAIT = { timeout: 15_000 };
const suite = demoSuite('demo-shop-purchases');
const shop = suite.shop;

/** Pay calls of the page, by session id, from the request URLs. */
function recordPayCalls(page: Page): string[] {
  const sessions: string[] = [];
  page.on('request', (request) => {
    const match = /\/sessions\/([^/]+)\/pay$/.exec(new URL(request.url()).pathname);
    if (request.method() === 'POST' && match) sessions.push(decodeURIComponent(match[1]!));
  });
  return sessions;
}

/** The Pay button's label, with Intl's no-break space between currency and amount as a plain one. */
async function labelOf(page: Page): Promise<string> {
  return ((await payButton(page).textContent()) ?? '').replace(/\s/g, ' ');
}

/** Chooses a payment method and waits for the session of the cart in its currency. */
async function chooseMethod(page: Page, method: RegExp, before: string): Promise<string> {
  await page.getByRole('radio', { name: method }).check();
  await expect.poll(() => sessionIdOf(page), WAIT).not.toBe(before);
  return sessionIdOf(page);
}

describe('the demo shop pays with Swish, Vipps or MobilePay, each session made by its server', () => {
  it('Vipps app flow: an https approval link and status checks, then the return page confirmed by the server; no "Swish" anywhere', async () => {
    const { page, errors } = await shop(DESKTOP);
    const sekSession = await sessionIdOf(page);
    // Vipps pays in NOK: the shop's server makes a new session for the cart in that currency.
    const sessionId = await chooseMethod(page, /^Vipps/, sekSession);
    expect(suite.demo.emulator.getSession(sessionId)?.order).toMatchObject({
      amount: 78700,
      currency: 'NOK',
    });
    // No number: the app flow, approved with the link (the emulator's `app_flow`, set per session).
    suite.demo.emulator.setScenario(sessionId, 'app_flow');
    const pays = recordPayCalls(page);
    await payButton(page).click();

    const view = page.locator('.approval');
    await view.getByRole('heading', { name: 'Pay with Vipps' }).waitFor(WAIT);
    await approvalStatus(page).getByText('Waiting for you to approve the payment…').waitFor(WAIT);
    const openVipps = view.getByRole('link', { name: 'Open Vipps' });
    const href = (await openVipps.getAttribute('href')) ?? '';
    expect(href.startsWith(`${suite.demo.emulatorUrl}/__emulator/app/`)).toBe(true);
    // Status checks run while the shopper is in the app.
    await page.waitForResponse((response) => response.url().endsWith('/status'), WAIT);
    expect(await visibleText(page)).not.toMatch(/swish/i);
    await expectAccessible(page);

    // The link opens the app (here the emulator's app page, in a tab of its own), where it is approved.
    const app = await suite.context!.newPage();
    await app.goto(href);
    await app.getByRole('heading', { name: 'Emulated Vipps' }).waitFor(WAIT);
    await app.getByRole('button', { name: 'Approve' }).click();
    await app.getByRole('heading', { name: 'Payment approved' }).waitFor(WAIT);

    // The shop's tab learns it at its next status check and goes to the shop's own return page.
    await expectConfirmedReturn(page, 'NOK 787.00');
    expect(await visibleText(page)).not.toMatch(/swish/i);
    expect(pays).toEqual([sessionId]);
    const { polls } = await apiCalls(suite.demo.emulatorUrl, sessionId);
    expect(polls.length).toBeGreaterThanOrEqual(2);
    // The server confirmed it once, from the callback and from the return.
    const reference = new URL(page.url()).searchParams.get('merchant_reference')!;
    expect(suite.demo.shop.order(reference)).toMatchObject({ paid: true, amount: 78700, currency: 'NOK' });
    await expectAccessible(page);
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('MobilePay in Denmark: a Danish number typed nationally ("20 00 00 01"), paid in DKK and confirmed by the server; no "Swish" anywhere', async () => {
    const { page, errors } = await shop(DESKTOP);
    const sessionId = await chooseMethod(page, /^MobilePay/, await sessionIdOf(page));
    expect(suite.demo.emulator.getSession(sessionId)?.order).toMatchObject({
      amount: 56700,
      currency: 'DKK',
    });
    // The field reads national numbers as Danish: the session's app (MobilePay) decides.
    expect(await page.getByLabel('Country').inputValue()).toBe('DK');
    // Everything but the method picker, which names every method the shop takes.
    const checkoutText = () => visibleText(page, '.choices');
    expect(await checkoutText()).not.toMatch(/swish/i);

    const bodies: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/pay')) bodies.push(request.postDataJSON());
    });
    // The emulator's magic number for "approve" in Denmark, as a Dane types it.
    await phoneInput(page).pressSequentially('20 00 00 01');
    expect(await labelOf(page)).toBe('Pay DKK 567.00');
    await payButton(page).click();

    await expectConfirmedReturn(page, 'DKK 567.00');
    expect(bodies).toEqual([{ payment_product_type: 'payex.mobilepay', phone_number: '+4520000001' }]);
    expect(await visibleText(page)).not.toMatch(/swish/i);
    expect((await apiCalls(suite.demo.emulatorUrl, sessionId)).pays).toHaveLength(1);
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('MobilePay in Finland: EUR, and a Finnish number typed nationally ("040 000 0001")', async () => {
    const { page, errors } = await shop(DESKTOP);
    await page.getByRole('radio', { name: /^MobilePay/ }).check();
    const before = await sessionIdOf(page);
    const sessionId = await chooseMethod(page, /^Finland/, before);
    expect(suite.demo.emulator.getSession(sessionId)?.order).toMatchObject({ amount: 7270, currency: 'EUR' });
    expect(await page.getByLabel('Country').inputValue()).toBe('FI');
    await phoneInput(page).pressSequentially('040 000 0001');
    expect(await labelOf(page)).toBe('Pay €72.70');
    await payButton(page).click();
    await expectConfirmedReturn(page, '€72.70');
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('the return page is a hint: a transaction Dintero does not know is not paid, and the order stays unpaid', async () => {
    const { page, errors } = await shop(DESKTOP);
    const reference = await orderReferenceOf(page);
    await page.goto(
      `${suite.demo.storefrontUrl}/return.html?transaction_id=P12345678.forged&merchant_reference=${reference}`,
    );
    await page.getByRole('heading', { name: 'We could not confirm your payment' }).waitFor(WAIT);
    expect(await page.getByRole('alert').textContent()).toBe('Dintero does not know this transaction.');
    expect(suite.demo.shop.order(reference)).toMatchObject({ paid: false, callbacks: [] });
    // Not paid: the order is kept, so "back to shop" finds the same cart.
    expect(await page.evaluate(() => sessionStorage.getItem('fjallbo:order'))).not.toBeNull();
    await expectAccessible(page);
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});

describe('the demo in StrictMode, as it runs in development', () => {
  /**
   * Records StrictMode's double invocations through React's developer-tools hook (installed before
   * any script of the page runs): React calls `setStrictMode(id, true)` each time it runs a render,
   * an updater or an effect a second time, which it does only inside `<StrictMode>` in development.
   */
  async function watchStrictMode(page: Page): Promise<void> {
    await page.addInitScript(() => {
      const renderers = new Map<number, unknown>();
      const counts = { strict: 0 };
      (window as unknown as { __strictMode: typeof counts }).__strictMode = counts;
      (window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown }).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
        renderers,
        supportsFiber: true,
        inject(internals: unknown) {
          const id = renderers.size + 1;
          renderers.set(id, internals);
          return id;
        },
        checkDCE() {},
        onScheduleFiberRoot() {},
        onCommitFiberRoot() {},
        onCommitFiberUnmount() {},
        onPostCommitFiberRoot() {},
        setStrictMode(_id: number, on: boolean) {
          if (on) counts.strict += 1;
        },
      };
    });
  }

  const strictRuns = (page: Page) =>
    page.evaluate(() => (window as unknown as { __strictMode: { strict: number } }).__strictMode.strict);

  it('change the cart, pay, reload while waiting: storage holds the session the page paid with, and the reload resumes it (no second POST)', async () => {
    const { page, errors } = await shop(DESKTOP, '', watchStrictMode);
    expect(await strictRuns(page)).toBeGreaterThan(0);
    const first = await sessionIdOf(page);

    // A changed cart is paid with a new session, priced by the shop's server.
    await page.getByRole('button', { name: 'One more Merino beanie' }).click();
    await expect.poll(() => sessionIdOf(page), WAIT).not.toBe(first);
    await checkoutReady(page);
    const stored = await sessionIdOf(page);
    expect(suite.demo.emulator.getSession(stored)?.order).toMatchObject({ amount: 113600, currency: 'SEK' });

    const pays = recordPayCalls(page);
    await phoneInput(page).fill('070 123 45 67');
    await payButton(page).click();
    await approvalStatus(page).getByText('Waiting for you to approve the payment…').waitFor(WAIT);
    // The page paid with the session storage holds: what a reload will look for.
    expect(pays).toEqual([stored]);
    expect(await sessionIdOf(page)).toBe(stored);

    const reloadedAt = Date.now();
    await page.reload();
    await approvalStatus(page).getByText('Waiting for you to approve the payment…').waitFor(WAIT);
    expect(await strictRuns(page)).toBeGreaterThan(0);
    expect(await payButton(page).isVisible()).toBe(false);
    // Resumed: status checks of that request went on after the reload, and nothing was paid again.
    await expect
      .poll(
        async () =>
          (await apiCalls(suite.demo.emulatorUrl, stored)).polls.filter((e) => e.time >= reloadedAt).length,
        WAIT,
      )
      .toBeGreaterThan(0);
    expect(pays).toEqual([stored]);
    expect((await apiCalls(suite.demo.emulatorUrl, stored)).pays).toHaveLength(1);

    // And it completes, for the changed cart's amount.
    const [request] = suite.demo.emulator.pending().filter((entry) => entry.sessionId === stored);
    expect(suite.demo.emulator.approve(request!.requestId)).toBe(true);
    await expectConfirmedReturn(page, 'SEK 1,136.00');
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('"Checking one last time…" after the shown lifetime (?timeoutMs=4000), never 0:00, then "expired"; axe passes on both', async () => {
    const { page, errors } = await shop(DESKTOP, '?timeoutMs=4000', async (opened) => {
      await opened.clock.install();
      // Every text the countdown ever shows, from before the page's first script.
      await opened.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { __timerTexts: string[] }).__timerTexts = seen;
        new MutationObserver(() => {
          const text = document.querySelector('.approval [role="timer"]')?.textContent;
          if (text && seen[seen.length - 1] !== text) seen.push(text);
        }).observe(document, { subtree: true, childList: true, characterData: true });
      });
    });
    await page.getByRole('radio', { name: /On this device/ }).check();
    await payButton(page).click();
    const view = page.locator('.approval');
    await qrImage(page).waitFor(WAIT);

    // The four seconds run out: the view says it checks a last time, with nothing left to approve with.
    await approvalStatus(page).getByText('Checking one last time…').waitFor(WAIT);
    expect(await view.getAttribute('data-status')).toBe('awaiting_approval');
    expect(await view.getByRole('timer').count()).toBe(0);
    expect(await view.locator('img, [data-slot="qr"], [data-slot="open-app"]').count()).toBe(0);
    expect(await view.textContent()).not.toContain('0:00');
    await expectAccessible(page);

    // The last check comes 15 s after the shown end; it finds the request still pending: expired.
    await page.clock.fastForward('00:16');
    await view.getByText('The request expired.').waitFor(WAIT);
    expect(await view.getAttribute('data-status')).toBe('expired');
    expect(await view.getByRole('button', { name: 'Start again' }).isVisible()).toBe(true);
    await expectAccessible(page);
    const shown = await page.evaluate(() => (window as unknown as { __timerTexts: string[] }).__timerTexts);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).not.toContain('0:00');
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});
