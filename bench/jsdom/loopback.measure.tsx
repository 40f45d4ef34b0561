import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FetchLike } from '../../src/core';
import { startDinteroEmulator, type DinteroEmulatorServer } from '../../src/testing';
import { percentile, seededRandom, writeResult } from './harness';
import { fireReturnEvent, mountProbe, type Probe } from './probe';

// Real timers and a real HTTP emulator on 127.0.0.1: what the simulated clock cannot show (the
// event loop, fetch, parsing and React's own scheduling) is in these figures.

const RUNS = 10;
const INTERVAL_MS = 200;

let server: DinteroEmulatorServer;
beforeAll(async () => {
  server = await startDinteroEmulator({ port: 0 });
});
afterAll(() => server.close());

const sleep = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));

/** `fetch` over the loopback, noting when each status check leaves the page. */
function timedFetch() {
  const polls: number[] = [];
  const fetch: FetchLike = (url, init) => {
    if ((init.method ?? 'GET') === 'GET') polls.push(performance.now());
    return globalThis.fetch(url, init);
  };
  return { fetch, polls };
}

async function startSwish(fetch: FetchLike, sessionId: string, intervalMs?: number): Promise<Probe> {
  const probe = await mountProbe({
    sessionId,
    paymentProductType: 'swish.swish',
    baseUrl: `${server.url}/v1`,
    allowLoopbackHttp: true,
    fetch,
    storage: null,
    ...(intervalMs ? { poll: { intervalMs } } : {}),
    onRedirect: () => undefined,
  });
  probe.session.pay();
  await probe.whenCommitted('awaiting_approval');
  return probe;
}

it('detection delay after approval, real timers on a loopback server', async () => {
  const random = seededRandom(3);
  const delays: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { fetch } = timedFetch();
    const probe = await startSwish(fetch, `T2.loop${run}`, INTERVAL_MS);
    await sleep(250 + random() * 750);
    const pending = server.emulator.pending().find((request) => request.sessionId === `T2.loop${run}`);
    const approvedAt = performance.now();
    expect(server.emulator.approve(pending!.requestId)).toBe(true);
    const redirected = await Promise.race([probe.whenCommitted('redirecting'), sleep(5_000)]);
    if (!redirected) throw new Error('no redirect within 5 s of the approval');
    delays.push(redirected.perfAt - approvedAt);
    probe.unmount();
  }
  writeResult('detection-loopback', {
    runs: delays.length,
    intervalMs: INTERVAL_MS,
    p50: Math.round(percentile(delays, 50)),
    p95: Math.round(percentile(delays, 95)),
    max: Math.round(Math.max(...delays)),
  });
});

it('delay from the page becoming visible to the next status check, real timers', async () => {
  const random = seededRandom(9);
  const network = timedFetch();
  // The default 2 s interval: the next scheduled check is far away when the page becomes visible.
  const probe = await startSwish(network.fetch, 'T2.visible');
  const delays: number[] = [];
  for (let sample = 0; sample < RUNS; sample++) {
    await sleep(150 + random() * 450);
    const before = network.polls.length;
    const shownAt = performance.now();
    fireReturnEvent('visibility');
    while (network.polls.length === before) await sleep(1);
    delays.push(network.polls[before]! - shownAt);
    // Let that check answer before the next sample.
    await sleep(50);
  }
  probe.unmount();
  writeResult('visibility-loopback', {
    samples: delays.length,
    p95: Math.round(percentile(delays, 95) * 10) / 10,
    max: Math.round(Math.max(...delays) * 10) / 10,
  });
});
