import * as fc from 'fast-check';
import * as z from 'zod/mini';
import {
  authenticationOperationSchema,
  errorBodySchema,
  payRequestSchema,
  payResponseSchema,
  PHONE_NUMBER_PATTERN,
  pollResponseSchema,
} from '../../src/core/schemas';

const ok = <T>(schema: z.ZodMiniType<T>, value: unknown) => z.safeParse(schema, value).success;

describe('PHONE_NUMBER_PATTERN', () => {
  it('is Dintero’s pattern: an optional plus and 5 to 15 digits', () => {
    for (const good of ['+46701234567', '46701234567', '12345', '+123456789012345']) {
      expect(PHONE_NUMBER_PATTERN.test(good)).toBe(true);
    }
    for (const bad of [
      '+1234',
      '1234',
      '+1234567890123456',
      '++46701234567',
      '+46 70',
      '+46-70123',
      '',
      '4670123456a',
    ]) {
      expect(PHONE_NUMBER_PATTERN.test(bad)).toBe(false);
    }
  });
});

describe('payRequestSchema', () => {
  it('accepts the documented shapes', () => {
    expect(ok(payRequestSchema, { payment_product_type: 'swish.swish' })).toBe(true);
    expect(
      ok(payRequestSchema, {
        payment_product_type: 'payex.mobilepay',
        phone_number: '+4520123456',
        remember_me: false,
      }),
    ).toBe(true);
    expect(ok(payRequestSchema, { payment_product_type: 'some.future_type' })).toBe(true);
  });

  it('refuses an empty type, a malformed phone number or a non-boolean remember_me', () => {
    expect(ok(payRequestSchema, { payment_product_type: '' })).toBe(false);
    expect(ok(payRequestSchema, {})).toBe(false);
    expect(ok(payRequestSchema, { payment_product_type: 'vipps', phone_number: '070 123 45 67' })).toBe(
      false,
    );
    expect(ok(payRequestSchema, { payment_product_type: 'vipps', remember_me: 'yes' })).toBe(false);
  });
});

describe('payResponseSchema', () => {
  it('accepts a full answer and keeps the fields the library reads', () => {
    const answer = {
      success: true,
      actions: [{ source: 'DINTERO', code: '200', type: 'success' }],
      poll_url: 'https://checkout.test/v1/view/S1/swish/P1/status',
      approval_url: 'swish://paymentrequest?token=t',
      qr_code: 'data:image/png;base64,iVBORw0KGgo=',
    };
    expect(z.parse(payResponseSchema, answer)).toMatchObject(answer);
  });

  it('tolerates null for optional fields, a missing actions list and unknown fields', () => {
    expect(
      ok(payResponseSchema, {
        success: false,
        actions: null,
        redirect_url: null,
        poll_url: null,
        approval_url: null,
        qr_code: null,
        error: null,
        error_details: null,
        brand_new_field: { x: 1 },
      }),
    ).toBe(true);
    expect(ok(payResponseSchema, { success: true })).toBe(true);
    expect(ok(payResponseSchema, { success: true, actions: [{ type: 'pending_new_type', extra: 1 }] })).toBe(
      true,
    );
  });

  it('reads error details with new codes and authentication operations', () => {
    const parsed = z.parse(payResponseSchema, {
      success: false,
      actions: [],
      error: 'Rejected',
      error_details: [
        { code: 'code_added_july_2026', category: 'permanent', field: null },
        {
          authentication_operations: [
            { href: 'https://acs.example/', method: 'POST', content_type: null, rel: 'unknown-rel' },
          ],
        },
      ],
    });
    expect(parsed.error_details?.[0]?.code).toBe('code_added_july_2026');
    expect(parsed.error_details?.[1]?.authentication_operations?.[0]).toMatchObject({ rel: 'unknown-rel' });
  });

  it('reads an answer whose operations are incomplete or of any shape: they are checked one by one later', () => {
    for (const operation of [
      { href: 'https://x/', method: 'POST' },
      { rel: '3d-secure-init-hosted' },
      { href: 42, method: null, rel: {} },
      null,
      'https://x/',
    ]) {
      const answer = {
        success: false,
        error: 'Rejected',
        error_details: [{ code: 'wrong_ssn', authentication_operations: [operation] }],
      };
      expect(ok(payResponseSchema, answer)).toBe(true);
    }
    expect(ok(authenticationOperationSchema, { href: 'https://x/', method: 'POST' })).toBe(false);
    expect(
      ok(authenticationOperationSchema, { href: 'https://x/', method: 'POST', rel: '3d-secure-init-hosted' }),
    ).toBe(true);
  });

  it('refuses answers of the wrong shape', () => {
    for (const bad of [
      { success: 'yes' },
      { success: 1 },
      {},
      { success: true, redirect_url: 5 },
      { success: true, actions: {} },
      { success: true, error_details: 'Rejected' },
      { success: true, error_details: [{ authentication_operations: 'none' }] },
      null,
      [],
      'success',
    ]) {
      expect(ok(payResponseSchema, bad)).toBe(false);
    }
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(() => z.safeParse(payResponseSchema, value)).not.toThrow();
        expect(() => z.safeParse(pollResponseSchema, value)).not.toThrow();
        expect(() => z.safeParse(errorBodySchema, value)).not.toThrow();
      }),
    );
  });
});

describe('pollResponseSchema', () => {
  it('accepts an empty object and the documented fields, null or not', () => {
    expect(ok(pollResponseSchema, {})).toBe(true);
    expect(ok(pollResponseSchema, { keep_polling: true, poll_url: 'x', redirect_url: 'y' })).toBe(true);
    expect(
      ok(pollResponseSchema, { keep_polling: null, poll_url: null, redirect_url: null, status: 'PAID' }),
    ).toBe(true);
  });

  it('refuses fields of the wrong type', () => {
    expect(ok(pollResponseSchema, { keep_polling: 'true' })).toBe(false);
    expect(ok(pollResponseSchema, { redirect_url: 1 })).toBe(false);
    expect(ok(pollResponseSchema, null)).toBe(false);
  });
});

describe('errorBodySchema', () => {
  it('reads Dintero’s error body with or without code and errors', () => {
    expect(ok(errorBodySchema, { error: { message: 'm' } })).toBe(true);
    expect(
      ok(errorBodySchema, { error: { message: 'm', code: 'c', errors: [{ field: 'phone_number' }, 'x'] } }),
    ).toBe(true);
  });

  it('requires the message and an object under error', () => {
    expect(ok(errorBodySchema, { error: { code: 'c' } })).toBe(false);
    expect(ok(errorBodySchema, { error: 'Rejected' })).toBe(false);
    expect(ok(errorBodySchema, { message: 'm' })).toBe(false);
  });
});

describe('CSP safety', () => {
  it('parses with zod/mini objects, which never compile code, and leaves zod’s global config alone', () => {
    // A compiled (JIT) object parser would need `new Function`, which a strict CSP refuses.
    expect(payResponseSchema._zod.def.type).toBe('object');
    expect(z.config().jitless).toBeUndefined();
  });
});
