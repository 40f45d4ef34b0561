// A shop page in production: served over https:, where plain http: is never implied.
// @vitest-environment-options {"url": "https://shop.example/checkout"}
import { PayError, type PayErrorKind } from '../../src/core/errors';
import { interpretPayAnswer, interpretPollAnswer } from '../../src/core/outcomes';
import { payResponseSchema, type AuthenticationOperation } from '../../src/core/schemas';
import { z } from '../../src/core/zod';
import { BASE_URL, payOk, POLICY, pollOk, QR } from './fixtures';

const POLL_URL = `${BASE_URL}/view/S1/swish/P1/status`;
const op: AuthenticationOperation = {
  href: 'https://acs.bank.example/3ds',
  method: 'POST',
  content_type: 'application/json',
  rel: '3d-secure-init-hosted',
};

describe('interpretPayAnswer', () => {
  it('passes a transport or HTTP error on as failed, unchanged', () => {
    const error = new PayError('session_changed', { httpStatus: 412 });
    expect(interpretPayAnswer({ ok: false, error }, POLICY)).toEqual({ type: 'failed', error });
    expect((interpretPayAnswer({ ok: false, error }, POLICY) as { error: PayError }).error).toBe(error);
  });

  it('redirects to a safe redirect_url', () => {
    expect(interpretPayAnswer(payOk({ redirect_url: 'https://shop.example/return?x=1' }), POLICY)).toEqual({
      type: 'redirect',
      redirectUrl: 'https://shop.example/return?x=1',
    });
  });

  it.each([
    ['javascript:alert(1)'],
    ['http://shop.example/'],
    ['//evil.com'],
    ['data:text/html,x'],
    [' https://shop.example/'],
  ])('fails with unsafe_url for the redirect_url %j', (redirect_url) => {
    const outcome = interpretPayAnswer(payOk({ redirect_url }), POLICY);
    expect(outcome.type).toBe('failed');
    expect(outcome.type === 'failed' && outcome.error.kind).toBe('unsafe_url');
    expect(outcome.type === 'failed' && outcome.error.retryable).toBe(false);
  });

  it('redirects to loopback http only when the policy opts in', () => {
    const answer = payOk({ redirect_url: 'http://127.0.0.1:4010/return' });
    expect(interpretPayAnswer(answer, POLICY).type).toBe('failed');
    expect(interpretPayAnswer(answer, { ...POLICY, allowLoopbackHttp: true })).toEqual({
      type: 'redirect',
      redirectUrl: 'http://127.0.0.1:4010/return',
    });
  });

  it('polls with the approval link and QR code when all are safe', () => {
    const outcome = interpretPayAnswer(
      payOk(
        { poll_url: 'view/S1/swish/P1/status', approval_url: 'swish://paymentrequest?token=t', qr_code: QR },
        202,
      ),
      POLICY,
    );
    expect(outcome).toEqual({
      type: 'poll',
      pollUrl: POLL_URL,
      approvalUrl: 'swish://paymentrequest?token=t',
      qrCode: QR,
    });
  });

  it('polls without an approval link or QR code when none is given', () => {
    expect(
      interpretPayAnswer(payOk({ poll_url: POLL_URL, approval_url: null, qr_code: null }), POLICY),
    ).toEqual({
      type: 'poll',
      pollUrl: POLL_URL,
    });
  });

  it('row 23: drops an unsafe approval link but keeps polling and the QR code', () => {
    const outcome = interpretPayAnswer(
      payOk({ poll_url: POLL_URL, approval_url: 'intent://x#Intent;end', qr_code: QR }),
      POLICY,
    );
    expect(outcome).toEqual({ type: 'poll', pollUrl: POLL_URL, qrCode: QR });
  });

  it('row 26: drops an unsafe QR code but keeps polling and the approval link', () => {
    for (const qr_code of [
      'https://cdn.example/qr.png',
      'data:image/svg+xml;base64,PHN2Zy8+',
      'data:image/png;base64,!!!!',
    ]) {
      const outcome = interpretPayAnswer(
        payOk({ poll_url: POLL_URL, approval_url: 'swish://paymentrequest?token=t', qr_code }),
        POLICY,
      );
      expect(outcome).toEqual({
        type: 'poll',
        pollUrl: POLL_URL,
        approvalUrl: 'swish://paymentrequest?token=t',
      });
    }
  });

  it('lets poll_url win over redirect_url', () => {
    const outcome = interpretPayAnswer(
      payOk({ poll_url: POLL_URL, redirect_url: 'https://shop.example/return' }),
      POLICY,
    );
    expect(outcome).toEqual({ type: 'poll', pollUrl: POLL_URL });
  });

  it.each([
    ['https://evil.com/v1/status'],
    ['http://checkout.test/v1/status'],
    ['../../x'],
    ['//evil.com/v1/x'],
    ['javascript:alert(1)'],
  ])('fails with unsafe_url for the poll_url %j, even with a safe redirect_url', (poll_url) => {
    const outcome = interpretPayAnswer(payOk({ poll_url, redirect_url: 'https://shop.example/' }), POLICY);
    expect(outcome.type === 'failed' && outcome.error.kind).toBe('unsafe_url');
  });

  it('accepts a poll_url of a listed origin', () => {
    const outcome = interpretPayAnswer(
      payOk({ poll_url: 'https://checkout.dintero.com/v1/view/S1/status' }),
      {
        ...POLICY,
        allowedOrigins: ['https://checkout.dintero.com'],
      },
    );
    expect(outcome).toEqual({ type: 'poll', pollUrl: 'https://checkout.dintero.com/v1/view/S1/status' });
  });

  it('declines success:false with the first error detail', () => {
    const outcome = interpretPayAnswer(
      payOk({
        success: false,
        error: 'Rejected',
        error_details: [
          { code: 'wrong_ssn', category: 'temporary', field: 'phone_number' },
          { code: 'other', category: 'permanent', field: 'x' },
        ],
      }),
      POLICY,
    );
    expect(outcome.type).toBe('declined');
    if (outcome.type !== 'declined') return;
    expect(outcome.error.kind).toBe('rejected');
    expect(outcome.error).toMatchObject({
      code: 'wrong_ssn',
      category: 'temporary',
      field: 'phone_number',
      retryable: true,
    });
  });

  it('declines as not retryable when the category is permanent', () => {
    const outcome = interpretPayAnswer(
      payOk({ success: false, error_details: [{ code: 'blocked', category: 'permanent' }] }),
      POLICY,
    );
    expect(outcome.type === 'declined' && outcome.error).toMatchObject({
      kind: 'rejected',
      code: 'blocked',
      category: 'permanent',
      retryable: false,
    });
    expect(outcome.type === 'declined' && outcome.error.field).toBeUndefined();
  });

  it('declines error "Rejected" even when success is true, and never follows its redirect', () => {
    const outcome = interpretPayAnswer(
      payOk({ success: true, error: 'Rejected', redirect_url: 'https://shop.example/return' }),
      POLICY,
    );
    expect(outcome.type).toBe('declined');
  });

  it('declines success:false without details with a bare, retryable rejection', () => {
    const outcome = interpretPayAnswer(payOk({ success: false, error_details: null }), POLICY);
    expect(outcome.type === 'declined' && outcome.error).toMatchObject({ kind: 'rejected', retryable: true });
    expect(outcome.type === 'declined' && outcome.error.code).toBeUndefined();
  });

  it('asks for action with the allowed authentication operations only', () => {
    const odd: AuthenticationOperation[] = [
      { ...op, rel: 'some-new-rel' },
      { ...op, method: 'DELETE' },
      { ...op, href: 'http://acs.bank.example/3ds' },
      { ...op, href: 'javascript:alert(1)' },
    ];
    const outcome = interpretPayAnswer(
      payOk({
        success: false,
        error_details: [
          { code: 'requires_3ds', category: 'action', authentication_operations: [...odd, op] },
        ],
      }),
      POLICY,
    );
    expect(outcome.type).toBe('action_required');
    if (outcome.type !== 'action_required') return;
    expect(outcome.error.kind).toBe('action_required');
    expect(outcome.error.operations).toEqual([op]);
    expect(outcome.error).toMatchObject({ code: 'requires_3ds', category: 'action', retryable: false });
  });

  it('uses the detail that carries operations, wherever it is', () => {
    const outcome = interpretPayAnswer(
      payOk({
        success: true,
        error_details: [
          { code: 'first', authentication_operations: [] },
          { code: 'second', authentication_operations: [op] },
        ],
      }),
      POLICY,
    );
    expect(outcome.type === 'action_required' && outcome.error.code).toBe('second');
  });

  it('row 25: asks for action with no operations when none is allowed, never unsafe_url', () => {
    const outcome = interpretPayAnswer(
      payOk({
        success: false,
        error_details: [
          {
            code: 'authentication_required',
            category: 'action',
            authentication_operations: [
              { ...op, rel: 'unknown' },
              { ...op, method: 'DELETE' },
              { ...op, href: 'http://acs.bank.example/' },
              { ...op, href: 'javascript:alert(1)' },
            ],
          },
        ],
      }),
      POLICY,
    );
    expect(outcome.type).toBe('action_required');
    expect(outcome.type === 'action_required' && outcome.error).toMatchObject({
      kind: 'action_required',
      code: 'authentication_required',
      category: 'action',
      operations: [],
      retryable: false,
    });
  });

  it('fails with invalid_response when success:true has neither URL', () => {
    const outcome = interpretPayAnswer(payOk({ success: true, redirect_url: null, poll_url: null }), POLICY);
    expect(outcome.type).toBe('failed');
    expect(outcome.type === 'failed' && outcome.error).toMatchObject({
      kind: 'invalid_response',
      httpStatus: 200,
    });
    // An empty string is no URL either.
    const empty = interpretPayAnswer(payOk({ success: true, redirect_url: '', poll_url: '' }, 202), POLICY);
    expect(empty.type === 'failed' && empty.error).toMatchObject({
      kind: 'invalid_response',
      httpStatus: 202,
    });
  });
});

describe('interpretPollAnswer', () => {
  it('stays pending on 202', () => {
    expect(interpretPollAnswer(pollOk({}, 202), POLICY)).toEqual({ type: 'pending' });
    // 202 means "not completed" even if a redirect_url is (oddly) present.
    expect(interpretPollAnswer(pollOk({ redirect_url: 'https://shop.example/' }, 202), POLICY)).toEqual({
      type: 'pending',
    });
  });

  it('stays pending on 200 with keep_polling:true', () => {
    expect(interpretPollAnswer(pollOk({ keep_polling: true }), POLICY)).toEqual({ type: 'pending' });
  });

  it('takes a new, safe poll_url from a pending answer', () => {
    expect(interpretPollAnswer(pollOk({ poll_url: 'view/S1/swish/P2/status' }, 202), POLICY)).toEqual({
      type: 'pending',
      pollUrl: `${BASE_URL}/view/S1/swish/P2/status`,
    });
  });

  it('fails with unsafe_url on a new poll_url it must not request', () => {
    for (const poll_url of ['https://evil.com/status', '../../x', 'http://checkout.test/v1/x']) {
      const outcome = interpretPollAnswer(pollOk({ keep_polling: true, poll_url }), POLICY);
      expect(outcome.type === 'failed' && outcome.error.kind).toBe('unsafe_url');
    }
  });

  it('redirects on 200 with a safe redirect_url', () => {
    expect(
      interpretPollAnswer(pollOk({ redirect_url: 'https://shop.example/return?transaction_id=T1' }), POLICY),
    ).toEqual({
      type: 'redirect',
      redirectUrl: 'https://shop.example/return?transaction_id=T1',
    });
    expect(
      interpretPollAnswer(pollOk({ keep_polling: false, redirect_url: 'https://shop.example/r' }), POLICY)
        .type,
    ).toBe('redirect');
  });

  it('fails with unsafe_url on 200 with an unsafe redirect_url', () => {
    for (const redirect_url of ['javascript:alert(1)', 'http://shop.example/', 'https://u:p@shop.example/']) {
      const outcome = interpretPollAnswer(pollOk({ redirect_url }), POLICY);
      expect(outcome.type === 'failed' && outcome.error.kind).toBe('unsafe_url');
    }
  });

  it('declines on 200 without a redirect_url', () => {
    for (const data of [
      {},
      { keep_polling: false },
      { keep_polling: null, redirect_url: null },
      { redirect_url: '' },
    ]) {
      const outcome = interpretPollAnswer(pollOk(data), POLICY);
      expect(outcome.type).toBe('declined');
      expect(outcome.type === 'declined' && outcome.error).toMatchObject({
        kind: 'rejected',
        retryable: true,
      });
    }
  });

  it.each(['network', 'offline', 'timeout', 'rate_limited', 'server', 'invalid_response'] as PayErrorKind[])(
    'retries after a passing %s error',
    (kind) => {
      const error = new PayError(kind);
      expect(interpretPollAnswer({ ok: false, error }, POLICY)).toEqual({ type: 'retry', error });
    },
  );

  it.each(['session_not_found', 'invalid_request', 'session_changed', 'unsafe_url'] as PayErrorKind[])(
    'fails on %s',
    (kind) => {
      const error = new PayError(kind);
      expect(interpretPollAnswer({ ok: false, error }, POLICY)).toEqual({ type: 'failed', error });
    },
  );
});

describe('declines stay declines (operations the library cannot use are dropped)', () => {
  const unusable: unknown[] = [
    { ...op, rel: 'unknown' },
    { ...op, method: 'PUT' },
    { ...op, href: 'javascript:alert(1)' },
    { method: 'POST', rel: '3d-secure-init-hosted' },
    { href: op.href, rel: '3d-secure-init-hosted' },
    { href: op.href, method: 'POST' },
    { href: 42, method: 'POST', rel: '3d-secure-init-hosted' },
    null,
    'https://acs.bank.example/3ds',
    [],
  ];

  /** A pay answer parsed by the client's own schema, as `interpretPayAnswer` receives it. */
  function parsedPayAnswer(body: unknown) {
    const parsed = z.safeParse(payResponseSchema, body);
    expect(parsed.success).toBe(true);
    return { ok: true as const, status: 200, data: parsed.data! };
  }

  it('row 21: a Rejected answer whose operations are all unusable stays declined, with code, category and field', () => {
    for (const operation of unusable) {
      const outcome = interpretPayAnswer(
        parsedPayAnswer({
          success: false,
          actions: [],
          error: 'Rejected',
          error_details: [
            {
              code: 'wrong_ssn',
              category: 'permanent',
              field: 'phone_number',
              authentication_operations: [operation],
            },
          ],
        }),
        POLICY,
      );
      expect(outcome.type).toBe('declined');
      if (outcome.type !== 'declined') return;
      expect(outcome.error).toMatchObject({
        kind: 'rejected',
        code: 'wrong_ssn',
        category: 'permanent',
        field: 'phone_number',
        retryable: false,
      });
      expect(outcome.error.operations).toBeUndefined();
    }
  });

  it('row 21: an operation missing href, method or rel does not make the answer invalid', () => {
    const outcome = interpretPayAnswer(
      parsedPayAnswer({
        success: false,
        actions: [],
        error_details: [
          { code: 'requires_3ds', category: 'action', authentication_operations: [...unusable, op] },
        ],
      }),
      POLICY,
    );
    expect(outcome.type).toBe('action_required');
    expect(outcome.type === 'action_required' && outcome.error.operations).toEqual([op]);
  });

  it('row 25: an answer whose only step is unusable is action_required with no operations', () => {
    for (const success of [false, true]) {
      const outcome = interpretPayAnswer(
        parsedPayAnswer({
          success,
          actions: [],
          error_details: [{ code: 'requires_3ds', authentication_operations: [{ href: op.href }] }],
        }),
        POLICY,
      );
      expect(outcome.type).toBe('action_required');
      expect(outcome.type === 'action_required' && outcome.error).toMatchObject({
        kind: 'action_required',
        code: 'requires_3ds',
        operations: [],
      });
    }
  });

  it('keeps only the members of an operation it knows', () => {
    const outcome = interpretPayAnswer(
      parsedPayAnswer({
        success: false,
        actions: [],
        error_details: [{ authentication_operations: [{ ...op, extra: 'x', content_type: null }] }],
      }),
      POLICY,
    );
    expect(outcome.type === 'action_required' && outcome.error.operations).toEqual([
      { href: op.href, method: op.method, rel: op.rel, content_type: null },
    ]);
  });
});

describe('phone numbers the server echoes (row 27)', () => {
  const PHONE = '+46701234567';
  const withPhone = { phoneNumber: PHONE };
  const FORMS = ['+46701234567', '0046701234567', '46701234567', '0701234567', '070-123 45 67'];

  /** Every string a PayError exposes, as one text. */
  function exposed(error: PayError): string {
    return JSON.stringify({ ...error, message: error.message, operations: error.operations });
  }

  function expectNoNumber(text: string): void {
    for (const form of [...FORMS, '701234567']) expect(text).not.toContain(form);
  }

  it('row 27: scrubs the number from a decline’s code, category and field', () => {
    for (const form of FORMS) {
      const outcome = interpretPayAnswer(
        payOk({
          success: false,
          error: 'Rejected',
          error_details: [{ code: `blocked_${form}`, category: `temporary ${form}`, field: form }],
        }),
        POLICY,
        withPhone,
      );
      expect(outcome.type).toBe('declined');
      if (outcome.type !== 'declined') return;
      expect(outcome.error).toMatchObject({
        code: 'blocked_[phone]',
        category: 'temporary [phone]',
        field: '[phone]',
        retryable: true,
      });
      expectNoNumber(exposed(outcome.error));
    }
  });

  it('row 27: scrubs the number from operations, which still pass their guard', () => {
    const echoing: AuthenticationOperation = {
      href: 'https://acs.bank.example/3ds?msisdn=%2B46701234567&x=0701234567',
      method: 'POST',
      content_type: 'application/json',
      rel: '3d-secure-init-hosted',
    };
    const outcome = interpretPayAnswer(
      payOk({
        success: false,
        error_details: [
          { code: 'requires_3ds_46701234567', authentication_operations: [echoing, { ...op, rel: PHONE }] },
        ],
      }),
      POLICY,
      withPhone,
    );
    expect(outcome.type).toBe('action_required');
    if (outcome.type !== 'action_required') return;
    expect(outcome.error.code).toBe('requires_3ds_[phone]');
    expect(outcome.error.operations).toEqual([
      { ...echoing, href: 'https://acs.bank.example/3ds?msisdn=[phone]&x=[phone]' },
    ]);
    expectNoNumber(exposed(outcome.error));
  });

  it('row 27: scrubs the number from an HTTP error passed on, and keeps everything else', () => {
    const error = new PayError('invalid_request', {
      code: 'invalid_phone_number:+46 70 123 45 67',
      field: 'phone_number',
      httpStatus: 400,
    });
    const outcome = interpretPayAnswer({ ok: false, error }, POLICY, withPhone);
    expect(outcome.type).toBe('failed');
    if (outcome.type !== 'failed') return;
    expect(outcome.error).toBeInstanceOf(PayError);
    expect(outcome.error).toMatchObject({
      kind: 'invalid_request',
      code: 'invalid_phone_number:[phone]',
      field: 'phone_number',
      httpStatus: 400,
      retryable: false,
    });
    // Nothing to scrub: the very same error.
    const clean = new PayError('server', { httpStatus: 503, retryAfterMs: 1000, code: 'busy' });
    const passed = interpretPayAnswer({ ok: false, error: clean }, POLICY, withPhone);
    expect(passed.type === 'failed' && passed.error).toBe(clean);
  });

  it('row 27: scrubs the number from status-check errors, retried or final, keeping the wait', () => {
    const rateLimited = new PayError('rate_limited', { code: 'slow_down_0701234567', retryAfterMs: 9000 });
    const retry = interpretPollAnswer({ ok: false, error: rateLimited }, POLICY, withPhone);
    expect(retry.type).toBe('retry');
    expect(retry.type === 'retry' && retry.error).toMatchObject({
      kind: 'rate_limited',
      code: 'slow_down_[phone]',
      retryAfterMs: 9000,
      retryable: true,
    });
    const gone = new PayError('session_not_found', { code: 'no_request_for_46701234567', httpStatus: 404 });
    const failed = interpretPollAnswer({ ok: false, error: gone }, POLICY, withPhone);
    expect(failed.type === 'failed' && failed.error).toMatchObject({
      kind: 'session_not_found',
      code: 'no_request_for_[phone]',
      httpStatus: 404,
    });
  });

  it('keeps redirect_url, approval_url and poll_url verbatim, number and all (they must work)', () => {
    const redirect = 'https://shop.example/return?phone=%2B46701234567';
    expect(interpretPayAnswer(payOk({ redirect_url: redirect }), POLICY, withPhone)).toEqual({
      type: 'redirect',
      redirectUrl: redirect,
    });
    const approval = 'swish://paymentrequest?token=t&msisdn=46701234567';
    const poll = `${BASE_URL}/view/S1/swish/0701234567/status`;
    expect(
      interpretPayAnswer(
        payOk({ poll_url: poll, approval_url: approval, qr_code: QR }, 202),
        POLICY,
        withPhone,
      ),
    ).toEqual({ type: 'poll', pollUrl: poll, approvalUrl: approval, qrCode: QR });
    expect(interpretPollAnswer(pollOk({ redirect_url: redirect }), POLICY, withPhone)).toEqual({
      type: 'redirect',
      redirectUrl: redirect,
    });
    expect(interpretPollAnswer(pollOk({ poll_url: poll }, 202), POLICY, withPhone)).toEqual({
      type: 'pending',
      pollUrl: poll,
    });
  });

  it('changes nothing without a phone number', () => {
    const outcome = interpretPayAnswer(
      payOk({ success: false, error: 'Rejected', error_details: [{ code: 'blocked_+46701234567' }] }),
      POLICY,
      {},
    );
    expect(outcome.type === 'declined' && outcome.error.code).toBe('blocked_+46701234567');
  });
});
