import type { PaymentApp } from '../src';

/** The apps' names as the components write them. */
export const BRANDS = ['Swish', 'Vipps', 'MobilePay'] as const;

// Where components put words besides the text itself: accessible names and descriptions.
const WORD_ATTRIBUTES = ['alt', 'aria-label', 'aria-description', 'aria-valuetext', 'title', 'placeholder'];

/**
 * Everything a shopper can read or hear from `root`: its text (hidden parts included, as they may
 * be shown any moment), the words its attributes give to assistive technology, and what the page's
 * one live region says.
 */
export function wordsOf(root: Element): string {
  const words = [root.textContent ?? ''];
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of WORD_ATTRIBUTES) {
      const value = element.getAttribute(attribute);
      if (value) words.push(value);
    }
  }
  words.push(document.querySelector('[data-rdp-announcer]')?.textContent ?? '');
  return words.join('\n');
}

/** The app names found in `words` (case-insensitive: "swish-appen" counts too). */
export function brandsIn(words: string): string[] {
  return BRANDS.filter((brand) => words.toLowerCase().includes(brand.toLowerCase()));
}

/** The app names a shopper paying with `app` must never meet: the others', or any for an unknown app. */
export function foreignBrands(app: PaymentApp): string[] {
  const own = { swish: 'Swish', vipps: 'Vipps', mobilepay: 'MobilePay', other: undefined }[app];
  return BRANDS.filter((brand) => brand !== own);
}
