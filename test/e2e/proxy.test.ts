import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import {
  demoSuite,
  DESKTOP,
  loggedRequests,
  payButton,
  phoneInput,
  sessionIdOf,
  unexpectedErrors,
} from './helpers';

// Real polling: a first check 2 s after the pay answer, the simulated phone every second.
const WAIT = { timeout: 15_000 };
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const suite = demoSuite('demo-proxy-e2e');

/** Every request the page makes, by URL, from before the first navigation. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

/** Pays the cart to a Swedish number, approves it on the simulated phone, waits for the receipt. */
async function buyWithSwish(page: Page): Promise<string> {
  await phoneInput(page).fill('070 123 45 67');
  await payButton(page).click();
  const sessionId = await sessionIdOf(page);
  await page
    .getByRole('complementary', { name: 'Simulated phone' })
    .getByRole('listitem')
    .getByRole('button', { name: 'Approve' })
    .click(WAIT);
  await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor(WAIT);
  expect(new URL(page.url()).searchParams.get('transaction_id')).toMatch(/^P\d+\./);
  return sessionId;
}

describe('the demo shop pays through its own proxy (react-dintero-pay/server in the dev server)', () => {
  it('row 36: a Swish purchase completes with baseUrl /api/dintero/v1; the page never calls the emulator’s API', async () => {
    const { demo } = suite;
    const context = await suite.browser.newContext(DESKTOP);
    const page = await context.newPage();
    const urls = recordRequests(page);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    try {
      await page.goto(`${demo.storefrontUrl}/`);
      await page.getByRole('heading', { name: 'Autumn at home' }).waitFor();
      const sessionId = await buyWithSwish(page);

      const api = urls.filter((url) => /\/v1\/(sessions|view)\//.test(url));
      expect(api.some((url) => url.endsWith(`/sessions/${sessionId}/pay`))).toBe(true);
      // The pay call and every status check went to the shop's own origin, under the proxy…
      expect(api.length).toBeGreaterThanOrEqual(2);
      expect(api.every((url) => url.startsWith(`${demo.storefrontUrl}/api/dintero/v1/`))).toBe(true);
      // …and the only calls to the emulator's origin are the simulated phone's control API.
      const toEmulator = urls.filter((url) => url.startsWith(demo.emulatorUrl));
      expect(toEmulator.every((url) => url.startsWith(`${demo.emulatorUrl}/__emulator/`))).toBe(true);
      // The emulator (Dintero's part) received them from the proxy.
      const log = await loggedRequests(demo.emulatorUrl, sessionId);
      expect(log.filter((entry) => entry.route === 'pay')).toHaveLength(1);
      expect(log.filter((entry) => entry.route === 'poll').length).toBeGreaterThanOrEqual(1);
      expect(unexpectedErrors(errors)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('?direct: the same purchase calls the emulator straight from the page, through CORS', async () => {
    const { demo } = suite;
    const context = await suite.browser.newContext(DESKTOP);
    const page = await context.newPage();
    const urls = recordRequests(page);
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    try {
      await page.goto(`${demo.storefrontUrl}/?direct`);
      await page.getByRole('heading', { name: 'Autumn at home' }).waitFor();
      const sessionId = await buyWithSwish(page);

      const api = urls.filter((url) => /\/v1\/(sessions|view)\//.test(url));
      expect(api.some((url) => url === `${demo.emulatorUrl}/v1/sessions/${sessionId}/pay`)).toBe(true);
      expect(api.every((url) => url.startsWith(`${demo.emulatorUrl}/v1/`))).toBe(true);
      expect(urls.some((url) => url.includes('/api/dintero/'))).toBe(false);
      expect(unexpectedErrors(errors)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('remember_me through the proxy: the library’s client gets the cookie stored as the shop’s own, sends it back, and false clears it', async () => {
    const { demo } = suite;
    const { page } = await suite.shop(DESKTOP);
    const context = suite.context!;
    const stamp = Date.now();
    const ids = [`T11223344.remember${stamp}a`, `T11223344.remember${stamp}b`, `T11223344.remember${stamp}c`];

    /**
     * One pay call made by the library's own client, in the page, with a relative baseUrl. A script
     * string: a function here would have its `import()` rewritten for Node by Vitest.
     */
    const pay = (sessionId: string, rememberMe: boolean | undefined) => {
      const body = {
        payment_product_type: 'swish.swish',
        ...(rememberMe === undefined ? {} : { remember_me: rememberMe }),
      };
      return page.evaluate(`(async () => {
        const { createDinteroClient } = await import(${JSON.stringify(`/@fs${repoRoot}src/core/http.ts`)});
        const client = createDinteroClient({ baseUrl: '/api/dintero/v1' });
        const result = await client.pay(${JSON.stringify(sessionId)}, ${JSON.stringify(body)});
        return result.ok;
      })()`);
    };
    const proxyCookies = async () =>
      (await context.cookies(`${demo.storefrontUrl}/api/dintero/v1/`)).filter((cookie) =>
        cookie.name.startsWith('rdp_'),
      );

    expect(await pay(ids[0]!, true)).toBe(true);
    const [cookie, ...others] = await proxyCookies();
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({ path: '/api/dintero', httpOnly: true, sameSite: 'Lax' });
    expect(cookie!.value).not.toBe('');
    // HttpOnly: the page's scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain(cookie!.name);

    // Sent back with the next pay call (remember_me absent: left as it is), under Dintero's name.
    expect(await pay(ids[1]!, undefined)).toBe(true);
    const [second] = (await loggedRequests(demo.emulatorUrl, ids[1]!)).filter(
      (entry) => entry.route === 'pay',
    );
    expect(second?.rememberedCustomer).toBe(true);
    expect(await proxyCookies()).toHaveLength(1);

    expect(await pay(ids[2]!, false)).toBe(true);
    expect(await proxyCookies()).toEqual([]);
  });
});
