import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import {
  approvalStatus,
  checkoutReady,
  comesBefore,
  decodeQrDataUrl,
  demoSuite,
  DESKTOP,
  expectAccessible,
  holdStatusChecks,
  loggedRequests,
  payButton,
  pendingRequests,
  phoneInput,
  qrImage,
  screenshot,
  sessionIdOf,
  tabTo,
  TOUCH_PHONE,
  unexpectedErrors,
} from './helpers';

// Waits are for real polling (a first check 2 s after the pay answer, the phone panel every second).
const WAIT = { timeout: 15_000 };

const suite = demoSuite('demo-e2e');
const shop = suite.shop;

async function payToPhone(page: Page, number: string): Promise<void> {
  await phoneInput(page).fill(number);
  await payButton(page).click();
}

async function payOnThisDevice(page: Page): Promise<void> {
  await page.getByRole('radio', { name: /On this device/ }).check();
  await payButton(page).click();
}

/** The simulated phone's card for this page's pending request. */
function phoneRequest(page: Page) {
  return page.getByRole('complementary', { name: 'Simulated phone' }).getByRole('listitem');
}

describe('demo storefront in Chromium', () => {
  it('desktop: the QR code alone (Swish has no desktop app), and it is a readable QR code', async () => {
    const { page, errors } = await shop(DESKTOP);
    await expectAccessible(page);
    await screenshot(page, 'shop-desktop');

    await payOnThisDevice(page);
    await qrImage(page).waitFor(WAIT);
    const view = page.locator('.approval');
    expect(await view.getAttribute('data-layout')).toBe('desktop');
    // No "Open Swish" that could do nothing on a computer.
    expect(await page.getByRole('link', { name: 'Open Swish' }).count()).toBe(0);

    const src = (await qrImage(page).getAttribute('src')) ?? '';
    // The browser decoded the image, and its pixels hold a Swish token ("D" + token).
    expect(
      await qrImage(page).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).toBe(true);
    expect(decodeQrDataUrl(src)).toMatch(/^D[0-9a-f]{32}$/);
    // Focus moves to the view's heading, so a screen reader starts reading there.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Pay with Swish');

    await page.getByText('Opened on this device or by QR code').waitFor(WAIT);
    await expectAccessible(page);
    await screenshot(page, 'swish-qr-desktop');
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('touch phone: "Open Swish" comes first and the QR code waits behind "Pay on another device"', async () => {
    const { page, errors } = await shop(TOUCH_PHONE);
    await expectAccessible(page);
    await screenshot(page, 'shop-phone');

    await payOnThisDevice(page);
    const openSwish = page.getByRole('link', { name: 'Open Swish' });
    await openSwish.waitFor(WAIT);
    expect(await page.locator('.approval').getAttribute('data-layout')).toBe('mobile');
    expect(await openSwish.getAttribute('href')).toMatch(/^swish:\/\/paymentrequest\?token=/);
    expect(await comesBefore(page, '.approval [data-slot="open-app"]', '.approval [data-slot="qr"]')).toBe(
      true,
    );
    expect(await qrImage(page).isVisible()).toBe(false);
    await expectAccessible(page);
    await page.locator('.approval').scrollIntoViewIfNeeded();
    await screenshot(page, 'swish-app-link-phone', false);

    const otherDevice = page.getByRole('button', { name: 'Pay on another device' });
    expect(await otherDevice.getAttribute('aria-expanded')).toBe('false');
    await otherDevice.tap();
    await qrImage(page).waitFor({ state: 'visible', ...WAIT });
    expect(await otherDevice.getAttribute('aria-expanded')).toBe('true');
    await expectAccessible(page);
    await screenshot(page, 'swish-qr-revealed-phone', false);
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('phone number: the request is approved on the simulated phone and the return page shows the transaction', async () => {
    const { page, errors } = await shop(DESKTOP);
    await payToPhone(page, '070 123 45 67');
    await page
      .locator('.approval [data-slot="phone"]')
      .getByText('Open Swish on your phone (+46 ••• •• 67) and approve the payment.')
      .waitFor(WAIT);

    const request = phoneRequest(page);
    await request.getByText('Sent to +46 ••• •• 67').waitFor(WAIT);
    // Intl puts a no-break space between the currency and the amount.
    expect((await request.locator('.phone-amount').textContent())?.replace(/\s/g, ' ')).toBe(
      'SEK 787.00 to Fjällbo',
    );
    await expectAccessible(page);
    await screenshot(page, 'swish-phone-pending');
    await request.getByRole('button', { name: 'Approve' }).click();

    await page.waitForURL(/\/return\.html\?/, WAIT);
    await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor(WAIT);
    const transactionId = new URL(page.url()).searchParams.get('transaction_id');
    expect(transactionId).toMatch(/^P\d+\./);
    expect(await page.getByTestId('transaction-id').textContent()).toBe(transactionId);

    await expectAccessible(page);
    await screenshot(page, 'return-paid');
    // The paid order is gone: back in the shop, a new session starts.
    expect(await page.evaluate(() => sessionStorage.getItem('fjallbo:order'))).toBeNull();
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('decline on the simulated phone: "declined" with Try again, and the number is kept', async () => {
    const { page, errors } = await shop(DESKTOP);
    await payToPhone(page, '070 123 45 67');
    await phoneRequest(page).getByRole('button', { name: 'Decline' }).click();

    // Focused, the message is read as it is: no alert role on top (it would be read twice).
    const alert = page.locator('#payment-error');
    await alert.getByText('The payment was declined.').waitFor(WAIT);
    expect(await alert.getAttribute('role')).toBeNull();
    expect(await alert.getAttribute('data-kind')).toBe('rejected');
    const tryAgain = alert.getByRole('button', { name: 'Try again' });
    expect(await tryAgain.isVisible()).toBe(true);
    // The approval view (and the button that had focus) is gone: focus is on the message instead.
    await page.waitForFunction(() => document.activeElement?.id === 'payment-error', undefined, WAIT);
    await expectAccessible(page);
    await screenshot(page, 'declined');

    // One click, a new attempt with the same number: the request goes to the phone again.
    await tryAgain.click();
    await page.locator('.approval [data-slot="phone"]').waitFor(WAIT);
    expect(await page.locator('#payment-error').count()).toBe(0);
    expect(await phoneInput(page).inputValue()).toBe('070 123 45 67');
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('a number the provider refuses (400 on phone_number): focus returns to the field, with the number', async () => {
    const { page, errors } = await shop(DESKTOP);
    await payToPhone(page, '070 000 00 06');

    const message = page.locator('#payment-error').getByText('Check the mobile number.');
    await message.waitFor(WAIT);
    await page.waitForFunction(() => document.activeElement?.id === 'phone', undefined, WAIT);
    expect(await phoneInput(page).inputValue()).toBe('070 000 00 06');
    expect(await phoneInput(page).getAttribute('aria-invalid')).toBe('true');
    // The field is described by the message, which is read with it (not also as an alert).
    const messageId = await message.getAttribute('id');
    expect(await phoneInput(page).getAttribute('aria-describedby')).toContain(messageId);
    expect(await phoneInput(page).getAttribute('aria-errormessage')).toBe(messageId);
    // Changing the number takes the message and aria-invalid away.
    await phoneInput(page).press('Backspace');
    await message.waitFor({ state: 'detached' });
    expect(await phoneInput(page).getAttribute('aria-invalid')).toBeNull();

    await expectAccessible(page);
    await screenshot(page, 'phone-refused');
    expect(unexpectedErrors(errors, [400])).toEqual([]);
  });

  it('expiry on a controlled clock: "expired" with Start again, and no QR code any more', async () => {
    // The fake clock must be in place before the page's first script runs.
    const { page, errors } = await shop(DESKTOP, '', (opened) => opened.clock.install());
    await payOnThisDevice(page);
    await qrImage(page).waitFor(WAIT);

    // Past the Swish deadline (3 min 15 s): one last check, then "expired".
    await page.clock.fastForward('03:20');
    const view = page.locator('.approval');
    await view.getByText('The request expired.').waitFor(WAIT);
    expect(await view.getAttribute('data-status')).toBe('expired');
    expect(await view.getByRole('button', { name: 'Start again' }).isVisible()).toBe(true);
    expect(await page.locator('.approval img').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Open Swish' }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'expired');

    await view.getByRole('button', { name: 'Start again' }).click();
    await payButton(page).waitFor(WAIT);
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('reload while waiting: "checking your payment…", still pending, and no second pay call', async () => {
    const { page, errors } = await shop(DESKTOP);
    await payToPhone(page, '070 123 45 67');
    await approvalStatus(page).getByText('Waiting for you to approve the payment…').waitFor(WAIT);
    const sessionId = await sessionIdOf(page);

    // Hold the first status check after the reload, so the resuming state can be seen.
    const release = await holdStatusChecks(page);
    await page.reload();
    await approvalStatus(page).getByText('Checking your payment…').waitFor(WAIT);
    expect(await payButton(page).isVisible()).toBe(false);
    await expectAccessible(page);
    await screenshot(page, 'resuming');
    const pollsBefore = (await loggedRequests(suite.demo.emulatorUrl, sessionId)).filter(
      (e) => e.route === 'poll',
    ).length;
    release();

    await approvalStatus(page).getByText('Waiting for you to approve the payment…').waitFor(WAIT);
    const log = await loggedRequests(suite.demo.emulatorUrl, sessionId);
    expect(log.filter((entry) => entry.route === 'pay')).toHaveLength(1);
    expect(log.filter((entry) => entry.route === 'poll').length).toBeGreaterThan(pollsBefore);
    expect(await pendingRequests(suite.demo.emulatorUrl, sessionId)).toHaveLength(1);
    expect(await page.locator('.approval').getAttribute('data-status')).toBe('awaiting_approval');
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('keyboard only: Tab, typing, Enter and Space take the phone flow through to the receipt', async () => {
    const { page, errors } = await shop(DESKTOP);
    await tabTo(page, '#phone');
    await page.keyboard.type('0701234567');
    await tabTo(page, '#pay-button');
    await page.keyboard.press('Enter');

    await approvalStatus(page).getByText('Waiting for you to approve the payment…').waitFor(WAIT);
    await phoneRequest(page).waitFor(WAIT);
    await tabTo(page, '.phone-approve');
    await page.keyboard.press('Space');

    await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor(WAIT);
    expect(new URL(page.url()).searchParams.get('transaction_id')).toMatch(/^P\d+\./);
    await tabTo(page, 'a.button');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Autumn at home' }).waitFor(WAIT);
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('Vipps: the redirect goes straight to the return page, and a cancellation says so', async () => {
    const { page, errors } = await shop(DESKTOP);
    await page.getByRole('radio', { name: /Vipps/ }).check();
    // Vipps pays in NOK: the shop's server makes the session for the cart in that currency first.
    await checkoutReady(page);
    await payButton(page).click();
    await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor(WAIT);
    expect(new URL(page.url()).searchParams.get('transaction_id')).toMatch(/^P\d+\./);

    await page.getByRole('link', { name: 'Back to shop' }).click();
    await page.getByRole('heading', { name: 'Autumn at home' }).waitFor(WAIT);
    await page.getByRole('radio', { name: /Vipps/ }).check();
    await checkoutReady(page);
    await page.getByLabel('Mobile number (optional)').fill('900 00 003');
    await payButton(page).click();
    await page.getByRole('heading', { name: 'Payment not completed' }).waitFor(WAIT);
    expect(new URL(page.url()).searchParams.get('error')).toBe('cancelled');
    expect(await page.getByRole('alert').textContent()).toBe(
      'The payment was cancelled, so nothing was charged.',
    );
    await expectAccessible(page);
    await screenshot(page, 'return-cancelled');
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('?baseUrl= and ?sessionId= point the shop elsewhere; no control API hides the simulated phone', async () => {
    const sessionId = `T99887766.given${Date.now()}`;
    const query = `?baseUrl=${encodeURIComponent(suite.demo.apiBaseUrl)}&sessionId=${encodeURIComponent(sessionId)}`;
    const { page, errors } = await shop(DESKTOP, query);
    await page.getByRole('complementary', { name: 'Simulated phone' }).waitFor(WAIT);
    await payToPhone(page, '070 123 45 67');
    await phoneRequest(page).waitFor(WAIT);
    expect(
      (await loggedRequests(suite.demo.emulatorUrl, sessionId)).filter((e) => e.route === 'pay'),
    ).toHaveLength(1);

    // An API without the emulator's control API (here the storefront's own origin): the phone panel
    // asks once, gets no list of requests, and gives up.
    const elsewhere = await suite.context!.newPage();
    let probes = 0;
    elsewhere.on('request', (request) => {
      if (request.url().endsWith('/__emulator/pending')) probes += 1;
    });
    const probed = elsewhere.waitForResponse((response) => response.url().endsWith('/__emulator/pending'));
    await elsewhere.goto(
      `${suite.demo.storefrontUrl}/?baseUrl=${encodeURIComponent(`${suite.demo.storefrontUrl}/v1`)}`,
    );
    await elsewhere.getByRole('heading', { name: 'Autumn at home' }).waitFor();
    await probed;
    probes = 0;
    // Longer than the panel's polling interval: a panel still trying would have asked again.
    await elsewhere.waitForTimeout(2500);
    expect(probes).toBe(0);
    expect(await elsewhere.getByRole('complementary', { name: 'Simulated phone' }).count()).toBe(0);
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});
