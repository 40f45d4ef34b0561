import { configure, getConfig } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  measureKeystrokeCommits,
  measurePollCommits,
  unmountCheckout,
} from '../../bench/jsdom/render-scenario';

declare global {
  // React reads this flag to decide whether it runs under act().
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

// The benchmark's render scenario, held to its goals: the README's form with a real `usePaySession`
// against the emulator engine, `<Profiler>` around each component, React's real scheduler.
describe('render counts', () => {
  // As in the benchmark: no act(), so React commits as it would in a page (act batches a step's
  // updates into one commit, and its waits would run on the faked timers). Testing Library wraps
  // user-event's work in act(); that is switched off here and restored afterwards.
  const actEnvironment = globalThis.IS_REACT_ACT_ENVIRONMENT;
  const { asyncWrapper, eventWrapper } = getConfig();
  beforeAll(() => {
    globalThis.IS_REACT_ACT_ENVIRONMENT = false;
    configure({ asyncWrapper: (work) => work(), eventWrapper: (dispatch) => dispatch() });
  });
  afterAll(() => {
    globalThis.IS_REACT_ACT_ENVIRONMENT = actEnvironment;
    configure({ asyncWrapper, eventWrapper });
  });
  afterEach(unmountCheckout);

  it('commits nothing for "keep polling" answers that change nothing', async () => {
    const result = await measurePollCommits();
    expect(result.polls).toBeGreaterThanOrEqual(20);
    expect(result.PayButton.perPoll).toBe(0);
    expect(result.PhoneInput.perPoll).toBe(0);
    // The countdown still ticks once a second; those commits are counted apart.
    expect(result.SwishApprovalView.perPoll).toBe(0);
    expect(result.SwishApprovalView.countdownCommits).toBeGreaterThan(0);
  }, 60_000);

  it('commits PhoneInput once per keystroke', async () => {
    const result = await measureKeystrokeCommits();
    expect(result.commits).toBe(result.keys);
    expect(result.perKey).toBe(1);
  });
});
