import { appNeedsPhoneNumber, appOf } from './app';
import { explainRefusal } from './dev';
import { PayError } from './errors';
import { maskPhoneNumber, PHONE_NUMBER_PATTERN } from './phone';
import type { PayRequest } from './schemas';

/**
 * Dintero's `payment_product_type` values for app payments. Any other string is accepted too
 * (Dintero adds products without notice), but these complete in an editor and catch typos such as
 * `'swish'` for `'swish.swish'` at a glance. The testing kit's emulator accepts exactly these.
 */
export const KNOWN_PAYMENT_PRODUCT_TYPES = /* @__PURE__ */ Object.freeze([
  'swish.swish',
  'payex.swish',
  'vipps',
  'payex.vipps',
  'bambora.vipps',
  'dintero_psp.vipps',
  'payex.mobilepay',
  'bambora.mobilepay',
] as const);

export type KnownPaymentProductType = (typeof KNOWN_PAYMENT_PRODUCT_TYPES)[number];

/** A known product type, or any other dotted wire value (`string & {}` keeps the completions). */
export type PaymentProductType = KnownPaymentProductType | (string & {});

/** What the shopper contributes to a pay call; the product type comes from the session options. */
export interface PayInput {
  /** E.164, e.g. `+46701234567` (what `PhoneInput` emits). Omit for the app-switch/QR flow. */
  phone_number?: string;
  /** `true` remembers the shopper, `false` forgets them; leave out to change nothing. */
  remember_me?: boolean;
}

export type BuiltPayRequest =
  { ok: true; body: PayRequest; maskedPhoneNumber?: string } | { ok: false; error: PayError };

/**
 * The request body for `pay`, checked before anything is sent: a bad phone number becomes a typed
 * `invalid_request` error on the `phone_number` field, an empty product type one on
 * `payment_product_type`, and no request.
 */
export function buildPayRequest(paymentProductType: string, input: PayInput = {}): BuiltPayRequest {
  // No Dintero product type is empty: a typed refusal, and nothing sent.
  if (!paymentProductType?.trim()) {
    explainRefusal('product_type');
    return {
      ok: false,
      error: new PayError('invalid_request', {
        field: 'payment_product_type',
        code: 'invalid_payment_product_type',
      }),
    };
  }
  const phone = input.phone_number;
  const problem =
    phone === undefined
      ? appNeedsPhoneNumber(appOf(paymentProductType)) && 'phone_number_required'
      : !PHONE_NUMBER_PATTERN.test(phone) && 'invalid_phone_number';
  if (problem) {
    return { ok: false, error: new PayError('invalid_request', { field: 'phone_number', code: problem }) };
  }
  const body: PayRequest = { payment_product_type: paymentProductType };
  if (phone !== undefined) body.phone_number = phone;
  if (input.remember_me !== undefined) body.remember_me = input.remember_me;
  return phone === undefined
    ? { ok: true, body }
    : { ok: true, body, maskedPhoneNumber: maskPhoneNumber(phone) };
}
