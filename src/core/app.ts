import type { PhoneCountry } from './phone';

/** The payment app a product type is approved in; `other` for product types the library does not know. */
export type PaymentApp = 'swish' | 'vipps' | 'mobilepay' | 'other';

/**
 * The app behind a Dintero `payment_product_type`: `swish.swish`, `payex.swish` → `swish`;
 * `vipps`, `payex.vipps`, `bambora.vipps`, `dintero_psp.vipps` → `vipps`; `payex.mobilepay`,
 * `bambora.mobilepay` → `mobilepay`; anything else → `other` (still paid, in neutral words).
 * The one place that tells the product's family: lifetimes, phone rules, words and the emulator ask it.
 */
export function appOf(paymentProductType: string): PaymentApp {
  const segments = paymentProductType.toLowerCase().split('.');
  return (['swish', 'vipps', 'mobilepay'] as const).find((app) => segments.includes(app)) ?? 'other';
}

/** MobilePay cannot start without a number; Swish and Vipps can (app link, QR, or Vipps' own login). */
export function appNeedsPhoneNumber(app: PaymentApp): boolean {
  return app === 'mobilepay';
}

/**
 * Whether a phone field the shopper left empty may pay without a number: only for Vipps, where the
 * shopper then logs in at Vipps. A field on a Swish page means the number flow (the app link and the
 * QR code are the way without one); MobilePay always needs a number; an unknown app keeps the field's rule.
 */
export function appAllowsEmptyPhoneField(app: PaymentApp): boolean {
  return app === 'vipps';
}

/**
 * The country of numbers typed without a calling code, by app: Swish → SE, Vipps → NO, MobilePay
 * → DK, or FI on a Finnish page (MobilePay is Danish and Finnish).
 */
export function appCountry(app: PaymentApp, locale = ''): PhoneCountry {
  if (app === 'vipps') return 'NO';
  if (app === 'mobilepay') return /^fi\b/i.test(locale) ? 'FI' : 'DK';
  return 'SE';
}
