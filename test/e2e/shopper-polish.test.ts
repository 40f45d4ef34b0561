import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import {
  demoSuite,
  DESKTOP,
  expectAccessible,
  payButton,
  phoneInput,
  TOUCH_PHONE,
  unexpectedErrors,
} from './helpers';

// Layout and focus as a shopper meets them in Chromium, on the demo at 390×844 and 1280×800.
const WAIT = { timeout: 15_000 };
const suite = demoSuite('demo-e2e-polish');
const shop = suite.shop;

/** Where focus is, as "tag#id.class" plus the start of its text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    return `${element.tagName.toLowerCase()}#${element.id} ${element.textContent?.slice(0, 60) ?? ''}`;
  });
}

describe('shopper polish in Chromium', () => {
  it('390×844: equal radio buttons, a whole number in the field, the ring in the primary colour', async () => {
    const { page, errors } = await shop(TOUCH_PHONE);
    const radios = await page.locator('.choice input[type="radio"]').evaluateAll((inputs) =>
      inputs.map((input) => {
        const box = input.getBoundingClientRect();
        return `${box.width}×${box.height}`;
      }),
    );
    // Swish, Vipps, MobilePay; then where the Swish app is.
    expect(radios).toHaveLength(5);
    expect(new Set(radios)).toEqual(new Set([radios[0]]));

    const input = phoneInput(page);
    await input.fill('+46 70 123 45 67');
    // Nothing scrolled out of sight: the formatted number fits the field as shown.
    expect(await input.inputValue()).toBe('+46 70 123 45 67');
    expect(await input.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth)).toBe(true);

    // The theme's primary colour draws the ring (the page sets no ring colour of its own).
    await input.focus();
    const { ring, primary } = await input.evaluate((el) => {
      const probe = document.createElement('span');
      probe.style.color = getComputedStyle(el).getPropertyValue('--rdp-p');
      document.body.append(probe);
      const primary = getComputedStyle(probe).color;
      probe.remove();
      return { ring: getComputedStyle(el).outlineColor, primary };
    });
    expect(ring).toBe(primary);
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('390×844: a Pay press with no number sends nothing, focuses the field and says why', async () => {
    const { page } = await shop(TOUCH_PHONE);
    await payButton(page).click();
    expect(await focused(page)).toMatch(/^input#phone/);
    expect(await phoneInput(page).getAttribute('aria-invalid')).toBe('true');
    await page.locator('.phone-field').getByText('Enter your mobile number.').waitFor();
    // …and says it through the page's polite region, as well as in the field's description.
    expect(await page.locator('[data-rdp-announcer]').textContent()).toBe('Enter your mobile number.');
    await expectAccessible(page);
    // The next edit takes the message away.
    await phoneInput(page).pressSequentially('07');
    expect(await phoneInput(page).getAttribute('aria-invalid')).toBeNull();
  });

  it('390×844: the masked number stays on one line; the view is an h3 under "Payment"', async () => {
    const { page } = await shop(TOUCH_PHONE);
    await phoneInput(page).fill('070 123 45 67');
    await payButton(page).click();
    const masked = page.locator('.approval [data-slot="masked-phone"]');
    await masked.waitFor(WAIT);
    expect(await masked.evaluate((el) => el.getClientRects().length)).toBe(1);
    expect(await page.getByRole('heading', { level: 3, name: 'Pay with Swish' }).count()).toBe(1);
    // The shopper's press moved the page on: focus went to the view's heading.
    expect(await focused(page)).toMatch(/^h3#.* Pay with Swish/);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Cancel' }).click();
    const truth = page.getByText(
      'We stopped waiting here. If you approve in Swish now, the payment still goes through.',
    );
    await truth.waitFor();
    expect(await focused(page)).toMatch(/^p# We stopped waiting here/);
    await expectAccessible(page);

    // A new attempt while the request may still be approved asks first: nothing is sent until then.
    await page.getByRole('button', { name: 'Start again' }).click();
    await payButton(page).click();
    await page.getByText('A payment request may still be open in Swish. Pay again?').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Keep waiting' }).click();
    expect(await focused(page)).toMatch(/^button#pay-button/);
  });

  it('a view shown on page load (a reload while waiting) does not take focus', async () => {
    const { page } = await shop(DESKTOP);
    await phoneInput(page).fill('070 123 45 67');
    await payButton(page).click();
    await page.locator('.approval [data-slot="status"]').waitFor(WAIT);
    await page.reload();
    await page.locator('.approval').waitFor(WAIT);
    await page.waitForTimeout(500);
    expect(await focused(page)).toBe('body');
  });

  it('after a permanent refusal focus goes to the message, not the phone field it names', async () => {
    const { page, errors } = await shop(DESKTOP);
    await phoneInput(page).fill('070 000 00 04');
    await payButton(page).click();
    await page.getByText('This payment method cannot be used. Choose another one.').waitFor(WAIT);
    expect(await focused(page)).toMatch(/^div#payment-error/);
    // A focused message is read as it is, not also as an assertive alert.
    expect(await page.locator('#payment-error').getAttribute('role')).toBeNull();
    expect(await phoneInput(page).getAttribute('aria-invalid')).toBeNull();
    // Nothing to retry: choosing another method is the primary action; Pay steps back.
    expect(await payButton(page).getAttribute('class')).toContain('rdp-secondary');
    await expectAccessible(page);
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('the demo can provoke a 412: the order changed elsewhere', async () => {
    const { page, errors } = await shop(DESKTOP);
    await page.getByText('Test numbers').click();
    await page.getByRole('checkbox', { name: /The order changed in another tab/ }).check();
    await phoneInput(page).fill('070 123 45 67');
    await payButton(page).click();
    await page.getByText('Your order changed. Review it and pay again.').waitFor(WAIT);
    await expectAccessible(page);
    expect(unexpectedErrors(errors, [412])).toEqual([]);
  });

  it('the demo lists every magic number the README lists', async () => {
    const { page } = await shop(DESKTOP);
    await page.getByText('Test numbers').click();
    const numbers = await page.locator('.test-numbers li button').allTextContents();
    expect(numbers).toEqual(
      Array.from({ length: 15 }, (_, i) => `070 000 00 ${String(i + 1).padStart(2, '0')}`),
    );
  });
});
