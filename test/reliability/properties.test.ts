import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkApprovalUrl,
  checkPollUrl,
  checkQrCode,
  checkRedirectUrl,
  createDinteroClient,
  interpretPayAnswer,
  interpretPollAnswer,
  isPayError,
  type UrlPolicy,
} from '../../src/core';

const BASE_URL = 'https://checkout.test/v1';
const policy: UrlPolicy = { baseUrl: BASE_URL };

/** URLs a hostile or broken server might send, mixed with good ones so both branches are reached. */
const urlLike = fc.oneof(
  fc.constantFrom(
    'https://shop.test/return?transaction_id=T1',
    `${BASE_URL}/view/S/swish/P/status`,
    'view/S/swish/P/status',
    '../../../etc/passwd',
    'swish://paymentrequest?token=abc',
    'javascript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==',
    'data:image/svg+xml;base64,PHN2Zz4=',
    'blob:https://shop.test/1',
    'file:///etc/passwd',
    '//evil.test/x',
    'http://evil.test/x',
    'https://user:pass@evil.test/',
    'intent://x#Intent;end',
    'https://evil.test/status',
  ),
  fc.webUrl(),
  fc.string(),
);

const payAnswer = fc.record(
  {
    success: fc.oneof(fc.boolean(), fc.jsonValue()),
    actions: fc.oneof(fc.constant([]), fc.jsonValue()),
    redirect_url: urlLike,
    poll_url: urlLike,
    approval_url: urlLike,
    qr_code: urlLike,
    error: fc.oneof(fc.constant('Rejected'), fc.string()),
    error_details: fc.array(
      fc.record(
        {
          code: fc.string(),
          category: fc.constantFrom('permanent', 'temporary', 'x'),
          field: fc.string(),
          authentication_operations: fc.array(
            fc.record({
              href: urlLike,
              method: fc.constantFrom('GET', 'POST', 'DELETE', 'x'),
              rel: fc.string(),
            }),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

const pollAnswer = fc.record(
  { keep_polling: fc.oneof(fc.boolean(), fc.jsonValue()), redirect_url: urlLike, poll_url: urlLike },
  { requiredKeys: [] },
);

/** The body as bytes: structured answers, any JSON, any text, or any bytes at all. */
function bodyOf(structured: fc.Arbitrary<unknown>) {
  return fc.oneof(
    structured.map((value) => new TextEncoder().encode(JSON.stringify(value))),
    fc.jsonValue().map((value) => new TextEncoder().encode(JSON.stringify(value))),
    fc.string().map((text) => new TextEncoder().encode(text)),
    fc.uint8Array({ maxLength: 200 }),
  );
}

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/problem+json',
  'text/html',
  'text/plain',
  '',
);
const status = fc.oneof(
  fc.constantFrom(200, 202, 400, 404, 412, 429, 500, 503),
  fc.integer({ min: 200, max: 599 }),
);

function fetchAnswering(code: number, type: string, body: Uint8Array) {
  return async () => {
    const noBody = code === 204 || code === 205 || code === 304;
    return new Response(noBody ? null : (body as Uint8Array<ArrayBuffer>), {
      status: code,
      headers: type ? { 'content-type': type } : {},
    });
  };
}

describe('properties of whatever the server answers', () => {
  it('row 20/22: a pay answer never makes the client throw, and every URL in the outcome passed its guard', async () => {
    await fc.assert(
      fc.asyncProperty(status, contentType, bodyOf(payAnswer), async (code, type, body) => {
        const client = createDinteroClient({ baseUrl: BASE_URL, fetch: fetchAnswering(code, type, body) });
        const result = await client.pay('S', { payment_product_type: 'swish.swish' });
        if (!result.ok) expect(isPayError(result.error)).toBe(true);
        const outcome = interpretPayAnswer(result, policy);
        switch (outcome.type) {
          case 'redirect':
            expect(checkRedirectUrl(outcome.redirectUrl)).toEqual({ ok: true, url: outcome.redirectUrl });
            expect(new URL(outcome.redirectUrl).protocol).toBe('https:');
            break;
          case 'poll':
            expect(checkPollUrl(outcome.pollUrl, policy).ok).toBe(true);
            if (outcome.approvalUrl) expect(checkApprovalUrl(outcome.approvalUrl).ok).toBe(true);
            if (outcome.qrCode) expect(checkQrCode(outcome.qrCode).ok).toBe(true);
            break;
          default:
            expect(isPayError(outcome.error)).toBe(true);
            for (const operation of outcome.error.operations ?? []) {
              expect(checkRedirectUrl(operation.href).ok).toBe(true);
            }
        }
        // Only a 200/202 with a parsable body may lead anywhere.
        if (outcome.type === 'redirect' || outcome.type === 'poll') expect([200, 202]).toContain(code);
      }),
      { numRuns: 400 },
    );
  });

  it('row 20/24: a poll answer never makes the client throw, and never leads to an unguarded URL', async () => {
    await fc.assert(
      fc.asyncProperty(status, contentType, bodyOf(pollAnswer), async (code, type, body) => {
        const client = createDinteroClient({ baseUrl: BASE_URL, fetch: fetchAnswering(code, type, body) });
        const outcome = interpretPollAnswer(await client.poll(`${BASE_URL}/view/S/status`), policy);
        if (outcome.type === 'redirect') {
          expect(checkRedirectUrl(outcome.redirectUrl).ok).toBe(true);
          expect([200, 202]).toContain(code);
        } else if (outcome.type === 'pending') {
          if (outcome.pollUrl) expect(checkPollUrl(outcome.pollUrl, policy).ok).toBe(true);
        } else {
          expect(isPayError(outcome.error)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
