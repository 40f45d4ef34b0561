import { rm } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo, serveBuiltDemo, type BuiltDemoServers } from '../../demo/static.mjs';
import { apiCalls, recordPageProblems, type PageProblems } from './browser-helpers';
import { DESKTOP, launchChromium, payButton, qrImage, sessionIdOf } from './helpers';

const WAIT = { timeout: 15_000 };

let outDir: string | undefined;
let demo: BuiltDemoServers | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;

beforeAll(async () => {
  const [built, launched] = await Promise.allSettled([
    buildDemo().then(async (folder) => {
      outDir = folder;
      demo = await serveBuiltDemo({ outDir: folder });
    }),
    launchChromium().then((opened) => (browser = opened)),
  ]);
  if (built.status === 'rejected') throw built.reason;
  if (launched.status === 'rejected') throw launched.reason;
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function openBuiltShop(): Promise<{ page: Page; problems: PageProblems }> {
  context = await browser!.newContext(DESKTOP);
  const problems = await recordPageProblems(context);
  const page = await context.newPage();
  const response = await page.goto(`${demo!.storefrontUrl}/`);
  // The policy really is the strict one, on the document itself.
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy).toBe(demo!.csp);
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("style-src 'self'");
  expect(policy).toContain("img-src 'self' data:");
  expect(policy).not.toMatch(/unsafe-(inline|eval|hashes)|nonce-|sha256-/);
  await page.getByRole('heading', { name: 'Autumn at home' }).waitFor(WAIT);
  return { page, problems };
}

const phoneRequest = (page: Page) =>
  page.getByRole('complementary', { name: 'Simulated phone' }).getByRole('listitem');

async function expectStyled(page: Page): Promise<void> {
  // The library's and the shop's stylesheets applied (style-src 'self'): the 44 px minimum target.
  const minHeight = await payButton(page).evaluate((button) => getComputedStyle(button).minHeight);
  expect(Number.parseFloat(minHeight)).toBeGreaterThanOrEqual(44);
}

async function expectReceipt(page: Page, sessionId: string): Promise<void> {
  await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor(WAIT);
  expect(new URL(page.url()).searchParams.get('transaction_id')).toMatch(/^P\d+\./);
  expect((await apiCalls(demo!.emulatorUrl, sessionId)).pays).toHaveLength(1);
}

describe('row 28: the production build under a strict Content-Security-Policy', () => {
  it('row 28: Swish by QR code on a desktop, approved on the phone: no policy violation, no console error', async () => {
    const { page, problems } = await openBuiltShop();
    await expectStyled(page);
    const sessionId = await sessionIdOf(page);
    await page.getByRole('radio', { name: /On this device/ }).check();
    await payButton(page).click();

    const qr = qrImage(page);
    await qr.waitFor(WAIT);
    // A data: image (img-src data:), decoded by the browser.
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.locator('.approval').getAttribute('data-layout')).toBe('desktop');

    await phoneRequest(page).getByText('Opened on this device or by QR code').waitFor(WAIT);
    // Status checks keep running (connect-src) while the request waits.
    await page.waitForResponse((response) => response.url().endsWith('/status'), WAIT);
    await phoneRequest(page).getByRole('button', { name: 'Approve' }).click();
    await expectReceipt(page, sessionId);

    expect(problems.violations).toEqual([]);
    expect(problems.errors).toEqual([]);
  });

  it('row 28: Swish to a phone number, approved on the phone: no policy violation, no console error', async () => {
    const { page, problems } = await openBuiltShop();
    const sessionId = await sessionIdOf(page);
    await page.getByLabel('Mobile number', { exact: true }).fill('070 123 45 67');
    await payButton(page).click();
    await page
      .locator('.approval [data-slot="phone"]')
      .getByText('Open Swish on your phone (+46 ••• •• 67) and approve the payment.')
      .waitFor(WAIT);
    await phoneRequest(page).getByText('Sent to +46 ••• •• 67').waitFor(WAIT);
    await phoneRequest(page).getByRole('button', { name: 'Approve' }).click();
    await expectReceipt(page, sessionId);

    expect(problems.violations).toEqual([]);
    expect(problems.errors).toEqual([]);
  });

  it('row 28: the policy is in force and violations are seen (an injected <style> and inline script are refused)', async () => {
    // Without this, "no violations" could also mean a policy that is not applied or a deaf listener.
    // (Code run by the test tool itself is exempt from the policy, so eval cannot be probed from here;
    // the policy text above has no 'unsafe-eval', and zod's check for eval would have been reported.)
    const { page, problems } = await openBuiltShop();
    const ran = await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { outline: 1px solid red; }';
      document.head.append(style);
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.head.append(script);
      return {
        style: getComputedStyle(document.body).outlineStyle,
        script: (window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false,
      };
    });
    expect(ran).toEqual({ style: 'none', script: false });
    await expect.poll(() => problems.violations.length).toBe(2);
    expect(problems.violations.map((text) => text.split(' ')[0]).sort()).toEqual([
      'script-src-elem',
      'style-src-elem',
    ]);
  });
});
