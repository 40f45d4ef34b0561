import { afterEach, expect, it, vi } from 'vitest';
import { isTerminal } from '../../src/core';
import { resolvePollPolicy, scheduleOf } from '../../src/core/polling-policy';
import { createDinteroEmulator } from '../../src/testing';
import {
  advance,
  advanceUntil,
  BASE_URL,
  emulatorFetch,
  FAKED_TIMERS,
  percentile,
  seededRandom,
  writeResult,
} from './harness';
import { fireReturnEvent, mountProbe, type Probe } from './probe';

// Everything here runs on a simulated clock (fake timers and Date), so a 3-minute wait takes
// milliseconds, and the network answers with no latency unless a test adds some.

const RUNS_PER_REGIME = 50;
const AFTER_TERMINAL_MS = 5 * 60_000;
const RETURN_EVENTS = ['visibility', 'focus', 'online', 'pageshow'] as const;
const policy = resolvePollPolicy({}, 'swish.swish');

let probe: Probe | undefined;

afterEach(() => {
  probe?.unmount();
  probe = undefined;
  vi.useRealTimers();
});

async function startSwish(fetch: Parameters<typeof mountProbe>[0]['fetch'], sessionId: string) {
  const mounted = await mountProbe({
    sessionId,
    paymentProductType: 'swish.swish',
    baseUrl: BASE_URL,
    fetch,
    storage: null,
    onRedirect: () => undefined,
  });
  probe = mounted;
  mounted.session.pay();
  await advanceUntil(() => mounted.committed('awaiting_approval') !== undefined, 10_000);
  return mounted;
}

/** The first final status after the wait began (`idle` before the pay call does not count). */
function terminalOf(mounted: Probe) {
  const waiting = mounted.commits.findIndex((commit) => commit.status === 'awaiting_approval');
  if (waiting === -1) return undefined;
  return mounted.commits.slice(waiting + 1).find((commit) => isTerminal(commit.status));
}

/** Fires every return event after the end and waits long: anything sent now is a request too many. */
async function requestsAfterTheEnd(sent: () => number): Promise<number> {
  const before = sent();
  for (const kind of RETURN_EVENTS) fireReturnEvent(kind);
  await advance(AFTER_TERMINAL_MS);
  for (const kind of RETURN_EVENTS) fireReturnEvent(kind);
  await advance(1_000);
  return sent() - before;
}

it('a 3-minute Swish wait with nobody approving', async () => {
  vi.useFakeTimers({ toFake: [...FAKED_TIMERS] });
  const network = emulatorFetch(createDinteroEmulator());
  const mounted = await startSwish(network.fetch, 'T1.quiet');
  const waitStart = mounted.committed('awaiting_approval')!.at;
  await advanceUntil(() => terminalOf(mounted) !== undefined, 5 * 60_000, 1_000);
  const terminal = terminalOf(mounted)!;
  const checks = network.polls().length;

  writeResult('polling-quiet', {
    finalStatus: terminal.status,
    waitedMs: terminal.at - waitStart,
    checks,
    scheduledChecks: scheduleOf(policy, 10_000).length,
    maxInFlight: network.maxInFlight(),
    afterTerminal: await requestsAfterTheEnd(() => network.sent.length),
  });
});

it('the same wait with a slow network and the shopper coming back again and again', async () => {
  vi.useFakeTimers({ toFake: [...FAKED_TIMERS] });
  const random = seededRandom(7);
  // 300 ms to 1.5 s per answer, so return events often land while a check is in flight.
  const network = emulatorFetch(createDinteroEmulator(), { latencyMs: () => 300 + random() * 1_200 });
  const mounted = await startSwish(network.fetch, 'T1.busy');
  let events = 0;
  while (terminalOf(mounted) === undefined) {
    if (Date.now() - mounted.committed('awaiting_approval')!.at > 5 * 60_000) throw new Error('never ended');
    await advance(Math.round(500 + random() * 2_500));
    fireReturnEvent(RETURN_EVENTS[events % RETURN_EVENTS.length]!);
    events += 1;
  }
  writeResult('polling-busy', {
    finalStatus: terminalOf(mounted)!.status,
    checks: network.polls().length,
    returnEvents: events,
    maxInFlight: network.maxInFlight(),
    afterTerminal: await requestsAfterTheEnd(() => network.sent.length),
  });
});

/**
 * Approves at a random moment of the wait and measures until the hook shows `redirecting`. With
 * no network latency this is the wait for the next scheduled check.
 */
async function detectionRuns(regime: 'fast' | 'slow', seed: number) {
  const random = seededRandom(seed);
  const [from, to] = regime === 'fast' ? [500, policy.slowAfterMs - policy.intervalMs] : [62_000, 175_000];
  const delays: number[] = [];
  let afterTerminal = 0;
  let maxInFlight = 0;
  for (let run = 0; run < RUNS_PER_REGIME; run++) {
    vi.useFakeTimers({ toFake: [...FAKED_TIMERS] });
    const emulator = createDinteroEmulator();
    const network = emulatorFetch(emulator);
    const mounted = await startSwish(network.fetch, `T1.${regime}${run}`);
    const approveAt = mounted.committed('awaiting_approval')!.at + Math.round(from + random() * (to - from));
    await advance(approveAt - Date.now());
    const [pending] = emulator.pending();
    expect(emulator.approve(pending!.requestId)).toBe(true);
    const approvedAt = Date.now();
    await advanceUntil(() => terminalOf(mounted) !== undefined, 30_000, 1_000);
    const terminal = terminalOf(mounted)!;
    expect(terminal.status).toBe('redirecting');
    delays.push(terminal.at - approvedAt);
    afterTerminal += await requestsAfterTheEnd(() => network.sent.length);
    maxInFlight = Math.max(maxInFlight, network.maxInFlight());
    mounted.unmount();
    probe = undefined;
    vi.useRealTimers();
  }
  return {
    runs: delays.length,
    intervalMs: regime === 'fast' ? policy.intervalMs : policy.slowIntervalMs,
    approvalWindowMs: [from, to],
    p50: percentile(delays, 50),
    p95: percentile(delays, 95),
    max: Math.max(...delays),
    afterTerminal,
    maxInFlight,
  };
}

it('detection delay after approval, simulated clock', async () => {
  writeResult('detection-simulated', {
    fast: await detectionRuns('fast', 11),
    slow: await detectionRuns('slow', 23),
  });
});

it('delay from the page becoming visible to the next status check, simulated clock', async () => {
  vi.useFakeTimers({ toFake: [...FAKED_TIMERS] });
  const random = seededRandom(5);
  const network = emulatorFetch(createDinteroEmulator());
  await startSwish(network.fetch, 'T1.visible');
  const delays: number[] = [];
  for (let sample = 0; sample < 10; sample++) {
    // Somewhere between two scheduled checks, so only the return itself can explain a check.
    await advance(Math.round(200 + random() * 1_000));
    const before = network.polls().length;
    const shownAt = Date.now();
    fireReturnEvent('visibility');
    await advanceUntil(() => network.polls().length > before, 10_000, 1);
    delays.push(network.polls()[before]!.at - shownAt);
  }
  writeResult('visibility-simulated', {
    samples: delays.length,
    p95: percentile(delays, 95),
    max: Math.max(...delays),
  });
});
