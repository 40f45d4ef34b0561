import * as fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
import { DEFAULT_POLL_TIMEOUT_MS, type FetchLike } from '../../src/core/http';
import { INITIAL_STATE, nextCheckAt, transition, type PayState } from '../../src/core/machine';
import {
  DEFAULT_POLL_POLICY,
  resolvePollPolicy,
  scheduleOf,
  type PollPolicy,
} from '../../src/core/polling-policy';

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

describe('row 32: whatever Retry-After and failures the server sends, an attempt ends in time', () => {
  const POLL_URL = `${BASE_URL}/view/S/swish/P/status`;
  const SESSION_START = Date.UTC(2026, 6, 1, 12, 0, 0);

  /** Any `Retry-After`: delta-seconds (huge too), HTTP dates (2099 and later), negative, junk. */
  const retryAfter = fc.oneof(
    fc.constantFrom(
      '999999999',
      '99999999999999999999999',
      '0',
      '-1',
      '-999999',
      '1.5',
      '1e9',
      'soon',
      '',
      'Thu, 01 Jan 2099 00:00:00 GMT',
      'Fri, 31 Dec 9999 23:59:59 GMT',
      'Mon, 01 Jan 1990 00:00:00 GMT',
      'Sunday, 06-Nov-94 08:49:37 GMT',
      'Sun Nov  6 08:49:37 2094',
    ),
    fc.nat().map(String),
    fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
    fc
      .date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true })
      .map((date) => date.toUTCString()),
    fc.string({ maxLength: 30 }),
  );

  /** One status check's answer, and how long it took (a time-out takes the whole request timeout). */
  const answer = fc.oneof(
    fc.record({ kind: fc.constant('pending' as const), took: fc.integer({ min: 0, max: 15_000 }) }),
    fc.record({
      kind: fc.constant('status' as const),
      status: fc.constantFrom(429, 500, 502, 503, 504),
      retryAfter: fc.option(retryAfter, { nil: undefined }),
      took: fc.integer({ min: 0, max: 15_000 }),
    }),
    fc.record({
      kind: fc.constantFrom('network' as const, 'garbage' as const),
      took: fc.integer({ min: 0, max: 15_000 }),
    }),
    fc.record({ kind: fc.constant('timeout' as const) }),
  );
  type Answer = typeof answer extends fc.Arbitrary<infer T> ? T : never;

  /** Any sequence of pending answers and failures, repeated until the attempt ends. */
  const answers = fc.array(answer, { minLength: 1, maxLength: 40 });

  function headers(value: string | undefined): Headers {
    const result = new Headers();
    try {
      if (value !== undefined) result.set('retry-after', value);
    } catch {
      // Not a valid header value: the answer comes without one.
    }
    return result;
  }

  /** A fetch that gives `current()`'s answer; a time-out is a request that never answers. */
  function fetchFor(current: () => Answer): FetchLike {
    return (_url, init) => {
      const answered = current();
      switch (answered.kind) {
        case 'pending':
          return Promise.resolve(new Response(null, { status: 202 }));
        case 'status':
          return Promise.resolve(
            new Response(null, { status: answered.status, headers: headers(answered.retryAfter) }),
          );
        case 'garbage':
          return Promise.resolve(
            new Response('<html>busy</html>', { headers: { 'content-type': 'text/html' } }),
          );
        case 'network':
          return Promise.reject(new TypeError('Failed to fetch'));
        case 'timeout':
          return new Promise<Response>((_resolve, reject) => {
            init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
          });
      }
    };
  }

  /**
   * Runs one attempt to its end the way the session does: the machine says when the next check is
   * due (`nextCheckAt`) and starts it on the timer's tick, its answer arrives `took` later (the request
   * timeout for a time-out), and the machine applies it. Returns the final state and when it was reached.
   */
  async function runAttempt(
    overrides: Partial<PollPolicy>,
    sequence: Answer[],
    jitters: number[],
  ): Promise<{ state: PayState; endedAt: number; deadline: number; lastCheckAt: number }> {
    const pollPolicy = resolvePollPolicy(overrides, 'swish.swish');
    let index = 0;
    const current = () => sequence[index % sequence.length]!;
    const client = createDinteroClient({
      baseUrl: BASE_URL,
      fetch: fetchFor(current),
      // A time-out ends the request after 1 real ms; the attempt's clock counts the whole timeout.
      pollTimeoutMs: 1,
      isOffline: () => false,
    });
    let now = SESSION_START;
    let state = transition(INITIAL_STATE, { type: 'pay', now });
    state = transition(state, {
      type: 'pay_answered',
      attempt: state.attempt,
      outcome: { type: 'poll', pollUrl: POLL_URL },
      now,
      timeoutMs: pollPolicy.timeoutMs,
    });
    if (state.status !== 'awaiting_approval') throw new Error('the attempt did not start waiting');
    const { deadline } = state.progress;
    let lastCheckAt = now;
    for (let checks = 0; state.status === 'awaiting_approval'; checks++) {
      if (checks > 5000) throw new Error('the attempt never ended');
      // The session's timer fires when the machine says the next check is due, and the machine starts it.
      const due = nextCheckAt(state, pollPolicy)!;
      expect(Number.isFinite(due) && due >= state.progress.lastAnswerAt + 1).toBe(true);
      lastCheckAt = due;
      now = due;
      state = transition(state, { type: 'tick', now, policy: pollPolicy });
      expect(state.checking).toBe(now);
      const answered = current();
      // `Retry-After` dates are read against the wall clock at the time of the answer.
      vi.setSystemTime(now);
      const result = await client.poll(POLL_URL);
      index += 1;
      now += answered.kind === 'timeout' ? DEFAULT_POLL_TIMEOUT_MS : answered.took;
      state = transition(state, {
        type: 'poll_answered',
        sentAt: lastCheckAt,
        outcome: interpretPollAnswer(result, policy),
        now,
        random: jitters[checks % jitters.length]!,
        policy: pollPolicy,
      });
    }
    return { state, endedAt: now, deadline, lastCheckAt };
  }

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const jitters = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
    minLength: 1,
    maxLength: 5,
  });

  it('row 32: with the default policy, every attempt ends by deadline + grace + one request timeout', async () => {
    await fc.assert(
      fc.asyncProperty(answers, jitters, async (sequence, random) => {
        const { state, endedAt, deadline, lastCheckAt } = await runAttempt({}, sequence, random);
        expect(['expired', 'failed']).toContain(state.status);
        expect(lastCheckAt).toBeLessThanOrEqual(deadline + DEFAULT_POLL_POLICY.graceAfterDeadlineMs);
        expect(endedAt).toBeLessThanOrEqual(
          deadline + DEFAULT_POLL_POLICY.graceAfterDeadlineMs + DEFAULT_POLL_TIMEOUT_MS,
        );
      }),
      { numRuns: 150 },
    );
  });

  it('row 32: with any schedule and grace, every attempt ends by deadline + grace + one request timeout', async () => {
    const overrides = fc.record({
      intervalMs: fc.integer({ min: 500, max: 10_000 }),
      slowIntervalMs: fc.integer({ min: 500, max: 20_000 }),
      slowAfterMs: fc.integer({ min: 0, max: 120_000 }),
      maxBackoffMs: fc.integer({ min: 500, max: 120_000 }),
      timeoutMs: fc.integer({ min: 1_000, max: 200_000 }),
      graceAfterDeadlineMs: fc.integer({ min: 0, max: 120_000 }),
    });
    await fc.assert(
      fc.asyncProperty(overrides, answers, jitters, async (schedule, sequence, random) => {
        const { state, endedAt, deadline, lastCheckAt } = await runAttempt(schedule, sequence, random);
        expect(['expired', 'failed']).toContain(state.status);
        expect(lastCheckAt).toBeLessThanOrEqual(deadline + schedule.graceAfterDeadlineMs);
        expect(endedAt).toBeLessThanOrEqual(
          deadline + schedule.graceAfterDeadlineMs + DEFAULT_POLL_TIMEOUT_MS,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('row 32: Retry-After 999999999 or a date in 2099 on every check ends the attempt on time', async () => {
    for (const value of ['999999999', 'Thu, 01 Jan 2099 00:00:00 GMT']) {
      for (const status of [429, 503] as const) {
        const { state, endedAt, deadline } = await runAttempt(
          {},
          [{ kind: 'status', status, retryAfter: value, took: 200 }],
          [0.5],
        );
        expect(state.status).toBe('failed');
        expect(state.status === 'failed' && state.error.kind).toBe(
          status === 429 ? 'rate_limited' : 'server',
        );
        expect(endedAt).toBeLessThanOrEqual(deadline + DEFAULT_POLL_POLICY.graceAfterDeadlineMs + 200);
      }
    }
  });

  it('row 32: a 429 with Retry-After 999999999 on the check that lands on the deadline still ends in the grace', async () => {
    // Pending until the last check, which lands exactly on the deadline (answers take no time here).
    const beforeDeadline = scheduleOf(resolvePollPolicy({}, 'swish.swish'), 1000).length - 1;
    const sequence: Answer[] = [
      ...Array.from({ length: beforeDeadline }, () => ({ kind: 'pending' as const, took: 0 })),
      ...Array.from({ length: 5 }, () => ({
        kind: 'status' as const,
        status: 429 as const,
        retryAfter: '999999999',
        took: 0,
      })),
    ];
    const { state, endedAt, deadline, lastCheckAt } = await runAttempt({}, sequence, [0]);
    expect(state.status === 'failed' && state.error.kind).toBe('rate_limited');
    // The first 429 came at the deadline; the one retry the grace allows came when the grace ended.
    expect(lastCheckAt).toBe(deadline + DEFAULT_POLL_POLICY.graceAfterDeadlineMs);
    expect(endedAt).toBe(deadline + DEFAULT_POLL_POLICY.graceAfterDeadlineMs);
  });
});

describe('row 27: a phone number the server echoes never reaches an error', () => {
  /** A Swedish, Norwegian, Danish or Finnish number, and the ways it could come back written. */
  const echoed = fc
    .record({
      country: fc.constantFrom(
        { code: '46', digits: 9, trunk: true },
        { code: '47', digits: 8, trunk: false },
        { code: '45', digits: 8, trunk: false },
        { code: '358', digits: 9, trunk: true },
      ),
      seed: fc.integer({ min: 100_000_000, max: 999_999_999 }),
      form: fc.integer({ min: 0, max: 5 }),
      gap: fc.constantFrom('', ' ', '-', '%20'),
    })
    .map(({ country, seed, form, gap }) => {
      const national = String(seed).slice(0, country.digits);
      const local = `${country.trunk ? '0' : ''}${national}`;
      const written = [
        `+${country.code}${national}`,
        `00${country.code}${national}`,
        `${country.code}${national}`,
        local,
        `%2B${country.code}${gap}${national.slice(0, 2)}${gap}${national.slice(2)}`,
        `${local.slice(0, 3)}${gap}${local.slice(3, 6)}${gap}${local.slice(6)}`,
      ][form]!;
      return { e164: `+${country.code}${national}`, national, written };
    });

  const around = fc.string({ maxLength: 8 }).map((text) => text.replace(/[\d+%]/g, ''));

  it('row 27: no string of a PayError from a pay or status answer holds the number, in any form', async () => {
    await fc.assert(
      fc.asyncProperty(
        echoed,
        around,
        fc.constantFrom(200, 400, 404, 429, 503),
        fc.boolean(),
        async ({ e164, national, written }, text, code, rejected) => {
          const echo = `${text}${written}${text}`;
          const body =
            code === 200
              ? {
                  success: false,
                  actions: [],
                  ...(rejected ? { error: 'Rejected' } : {}),
                  error_details: [
                    {
                      code: echo,
                      category: echo,
                      field: echo,
                      authentication_operations: [
                        {
                          href: `https://acs.test/3ds?m=${written}`,
                          method: 'POST',
                          content_type: echo,
                          rel: '3d-secure-init-hosted',
                        },
                      ],
                    },
                  ],
                }
              : { error: { message: echo, code: echo, errors: [{ field: echo }] } };
          const fetch = fetchAnswering(
            code,
            'application/json',
            new TextEncoder().encode(JSON.stringify(body)),
          );
          const client = createDinteroClient({ baseUrl: BASE_URL, fetch, isOffline: () => false });
          const pay = interpretPayAnswer(await client.pay('S', { payment_product_type: 'x' }), policy, {
            phoneNumber: e164,
          });
          const poll = interpretPollAnswer(await client.poll(`${BASE_URL}/view/S/status`), policy, {
            phoneNumber: e164,
          });
          for (const outcome of [pay, poll]) {
            if (!('error' in outcome)) continue;
            const { error } = outcome;
            const exposed = JSON.stringify([error.message, { ...error }, error.operations]);
            expect(exposed.replace(/[\s\-.()/]|%20/g, '')).not.toContain(national);
            for (const operation of error.operations ?? [])
              expect(checkRedirectUrl(operation.href).ok).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
