import { act } from '@testing-library/react';
import * as fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PayStatus } from '../../src/core';
import { json, POLL_URL, QR_CODE, REDIRECT_URL, renderPaySession } from './harness';

const payAnswers = {
  swish: () => json(200, { success: true, actions: [], poll_url: POLL_URL, qr_code: QR_CODE }),
  redirect: () => json(200, { success: true, actions: [], redirect_url: REDIRECT_URL }),
  declined: () => json(200, { success: false, actions: [], error: 'Rejected' }),
  server: () => json(500, {}),
};
const pollAnswers = {
  pending: () => json(202, { keep_polling: true }),
  paid: () => json(200, { redirect_url: REDIRECT_URL }),
  declined: () => json(200, {}),
  missing: () => json(404, {}),
  unavailable: () => json(503, {}),
};

type Command =
  | { type: 'click' }
  | { type: 'cancel' }
  | { type: 'reset' }
  | { type: 'visible' }
  | { type: 'online' }
  | { type: 'wait'; ms: number }
  | { type: 'unmount' };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ type: 'click' } as const) },
  fc.constant({ type: 'cancel' } as const),
  fc.constant({ type: 'reset' } as const),
  fc.constant({ type: 'visible' } as const),
  fc.constant({ type: 'online' } as const),
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 6000 }).map((ms) => ({ type: 'wait', ms }) as const) },
  fc.constant({ type: 'unmount' } as const),
);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-24T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('usePaySession under random interleavings', () => {
  it('never sends two POSTs for one attempt, never navigates twice, never requests after the end (row 35: only the quiet checks of a request cancelled or not found)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(commandArb, { minLength: 1, maxLength: 25 }),
        fc.infiniteStream(fc.constantFrom(...(Object.keys(payAnswers) as (keyof typeof payAnswers)[]))),
        fc.infiniteStream(fc.constantFrom(...(Object.keys(pollAnswers) as (keyof typeof pollAnswers)[]))),
        async (s, commands, payPicks, pollPicks) => {
          // Each run is a new page: nothing may be resumed from an earlier run.
          sessionStorage.clear();
          let status: PayStatus = 'idle';
          let unmounted = false;
          let postsInFlight = 0;
          const violations: string[] = [];
          let submittingEntries = 0;
          let posts = 0;
          let requestsAfterUnmount = 0;
          // A request the page stopped waiting for with cancel(), or whose status check answered 404
          // (which can be momentary), may still be approved: it alone may be checked (quietly)
          // outside awaiting_approval, until a new attempt or a final answer. Never after reset().
          let stoppedWaiting = false;
          let leftWaiting = false;

          const fetch = vi.fn(async (_url: string, init: RequestInit) => {
            if (unmounted) requestsAfterUnmount += 1;
            const isPost = init.method === 'POST';
            if (isPost) {
              posts += 1;
              postsInFlight += 1;
              if (postsInFlight > 1) violations.push('two POSTs in flight');
              if (status !== 'submitting') violations.push(`POST while ${status}`);
            } else if (status !== 'awaiting_approval') {
              if (!stoppedWaiting || (status !== 'cancelled' && status !== 'idle' && status !== 'failed')) {
                violations.push(`status check while ${status}`);
              }
            }
            const pick = isPost
              ? payAnswers[payPicks.next().value as keyof typeof payAnswers]
              : pollAnswers[pollPicks.next().value as keyof typeof pollAnswers];
            try {
              // The scheduler decides when (and in which order) answers arrive.
              await s.schedule(Promise.resolve(), isPost ? 'pay answer' : 'poll answer');
              if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
              return pick();
            } finally {
              if (isPost) postsInFlight -= 1;
            }
          });

          const view = renderPaySession({
            fetch,
            onStatusChange: (next, previous) => {
              status = next;
              leftWaiting = previous === 'awaiting_approval';
              if (next === 'submitting') submittingEntries += 1;
              if (next === 'cancelled' && leftWaiting) stoppedWaiting = true;
              else if (next !== 'idle') stoppedWaiting = false;
            },
            onError: (error) => {
              if (error.kind === 'session_not_found' && leftWaiting) stoppedWaiting = true;
            },
          });

          for (const command of commands) {
            if (unmounted) break;
            await act(async () => {
              switch (command.type) {
                case 'click':
                  view.result.current.pay();
                  break;
                case 'cancel':
                  view.result.current.cancel();
                  break;
                case 'reset':
                  view.result.current.reset();
                  break;
                case 'visible':
                  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
                  break;
                case 'online':
                  window.dispatchEvent(new Event('online'));
                  break;
                case 'wait':
                  await vi.advanceTimersByTimeAsync(command.ms);
                  break;
                case 'unmount':
                  view.unmount();
                  unmounted = true;
                  break;
              }
              // Release some of the answers that are waiting, in an order the scheduler picks.
              if (s.count() > 0) await s.waitOne();
            });
          }
          if (!unmounted) {
            await act(async () => {
              await s.waitAll();
              await vi.advanceTimersByTimeAsync(1000);
            });
            view.unmount();
            unmounted = true;
          }
          const requestsAtUnmount = fetch.mock.calls.length;
          await act(async () => {
            await s.waitAll();
            await vi.advanceTimersByTimeAsync(300_000);
          });

          expect(violations).toEqual([]);
          expect(posts).toBe(submittingEntries);
          expect(view.onRedirect.mock.calls.length).toBeLessThanOrEqual(1);
          expect(fetch.mock.calls.length).toBe(requestsAtUnmount);
          expect(requestsAfterUnmount).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
