import { afterEach, it } from 'vitest';
import { writeResult } from './harness';
import { measureKeystrokeCommits, measurePollCommits, unmountCheckout } from './render-scenario';

// The figures only; `test/performance/renders.test.tsx` holds the same scenario to its goals in CI.
afterEach(unmountCheckout);

it('commits per unchanged "keep polling" answer', async () => {
  writeResult('renders-polling', await measurePollCommits());
});

it('commits per keystroke in PhoneInput', async () => {
  writeResult('renders-typing', await measureKeystrokeCommits());
});
