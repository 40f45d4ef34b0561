import * as fc from 'fast-check';
import { PayError } from '../../src/core/errors';
import { buildPayRequest } from '../../src/core/pay-request';
import { payRequestSchema } from '../../src/core/schemas';

function digitsIn(error: PayError): string {
  return [error.message, String(error), JSON.stringify(error), JSON.stringify(Object.entries(error))].join(
    '\n',
  );
}

describe('buildPayRequest', () => {
  it('builds the app-switch body with only the product type', () => {
    const built = buildPayRequest('swish.swish');
    expect(built).toEqual({ ok: true, body: { payment_product_type: 'swish.swish' } });
    expect(built.ok && 'remember_me' in built.body).toBe(false);
    expect(built.ok && 'phone_number' in built.body).toBe(false);
    expect(built.ok && built.maskedPhoneNumber).toBeUndefined();
  });

  it('adds the phone number and a masked copy of it', () => {
    expect(buildPayRequest('swish.swish', { phone_number: '+46701234567' })).toEqual({
      ok: true,
      body: { payment_product_type: 'swish.swish', phone_number: '+46701234567' },
      maskedPhoneNumber: '+46 ••• •• 67',
    });
  });

  it('sends remember_me only when given, true or false', () => {
    expect(buildPayRequest('vipps', { remember_me: true })).toEqual({
      ok: true,
      body: { payment_product_type: 'vipps', remember_me: true },
    });
    expect(buildPayRequest('vipps', { remember_me: false })).toEqual({
      ok: true,
      body: { payment_product_type: 'vipps', remember_me: false },
    });
    const absent = buildPayRequest('vipps', { remember_me: undefined });
    expect(absent.ok && Object.keys(absent.body)).toEqual(['payment_product_type']);
    expect(JSON.stringify(absent.ok && absent.body)).not.toContain('remember_me');
  });

  it('passes unknown product types through untouched', () => {
    const built = buildPayRequest('newpsp.newapp');
    expect(built.ok && built.body.payment_product_type).toBe('newpsp.newapp');
  });

  it.each([['+46 70 123 45 67'], ['+46-701234567'], ['+4670123456789012'], ['+1234'], ['abc'], [''], ['+']])(
    'refuses the phone number %j as invalid_request on phone_number, without its digits',
    (phone_number) => {
      const built = buildPayRequest('swish.swish', { phone_number });
      expect(built.ok).toBe(false);
      if (built.ok) return;
      expect(built.error).toBeInstanceOf(PayError);
      expect(built.error).toMatchObject({
        kind: 'invalid_request',
        field: 'phone_number',
        code: 'invalid_phone_number',
        retryable: false,
      });
      expect(digitsIn(built.error)).not.toMatch(/\d{2}/);
    },
  );

  it.each(['payex.mobilepay', 'bambora.mobilepay', 'mobilepay'])('requires a phone number for %s', (type) => {
    const built = buildPayRequest(type);
    expect(built.ok).toBe(false);
    expect(!built.ok && built.error).toMatchObject({
      kind: 'invalid_request',
      field: 'phone_number',
      code: 'phone_number_required',
    });
    expect(buildPayRequest(type, { phone_number: '+4520123456' }).ok).toBe(true);
  });

  it('accepts what Dintero’s pattern accepts, with or without the plus', () => {
    expect(buildPayRequest('swish.swish', { phone_number: '46701234567' }).ok).toBe(true);
    expect(buildPayRequest('swish.swish', { phone_number: '+12345' }).ok).toBe(true);
  });

  it('does not require a phone number for Swish or Vipps', () => {
    for (const type of ['swish.swish', 'payex.swish', 'vipps', 'payex.vipps', 'dintero_psp.vipps']) {
      expect(buildPayRequest(type).ok).toBe(true);
    }
  });

  it('builds only bodies the request schema accepts, and never leaks a phone number in an error', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('swish.swish', 'vipps', 'payex.mobilepay', 'x'),
        fc.option(fc.oneof(fc.string(), fc.stringMatching(/^\+?\d{3,17}$/)), { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        (type, phone_number, remember_me) => {
          const built = buildPayRequest(type, { phone_number, remember_me });
          if (built.ok) {
            expect(payRequestSchema.safeParse(built.body).success).toBe(true);
            expect(built.body.remember_me).toBe(remember_me);
            if (phone_number !== undefined) {
              const masked = built.maskedPhoneNumber!;
              // At most a calling code of three digits and the last two digits.
              expect(masked.replace(/\D/g, '').length).toBeLessThanOrEqual(5);
              expect(masked.endsWith(phone_number.slice(-2))).toBe(true);
            }
          } else {
            const text = digitsIn(built.error);
            // No run of digits at all, so no part of a number can be in it.
            expect(text).not.toMatch(/\d{2}/);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
