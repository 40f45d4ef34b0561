import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { FetchLike } from '../../src/core';
import type { DinteroEmulator } from '../../src/testing';

export { percentile } from '../lib/stats.mjs';

export const BASE_URL = 'https://checkout.bench/v1';

/** One request as the page sent it, on the clock of the run. */
export interface SentRequest {
  method: string;
  url: string;
  at: number;
}

export interface EmulatorFetchOptions {
  /** Network latency of each request in ms (on the same clock as everything else); default 0. */
  latencyMs?: () => number;
  /** Clock for the log; default `Date.now` (faked in simulated-time runs). */
  now?: () => number;
}

function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError');
}

/** Waits `ms` on the global timers, rejecting like fetch does when the request is aborted. */
function wait(ms: number, signal: AbortSignal | null | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(abortError());
    });
  });
}

/**
 * A `fetch` that hands each request to the emulator engine, with optional latency, and keeps the
 * figures the benchmark needs: every request with its time, and how many were in flight at once.
 */
export function emulatorFetch(emulator: DinteroEmulator, options: EmulatorFetchOptions = {}) {
  const now = options.now ?? (() => Date.now());
  const sent: SentRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const fetch: FetchLike = async (url, init) => {
    const method = init.method ?? 'GET';
    sent.push({ method, url, at: now() });
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // An aborted request leaves the wire at the abort, not when its promise settles a microtask
    // later (by then its replacement may already be counted).
    let landed = false;
    const land = () => {
      if (!landed) inFlight -= 1;
      landed = true;
    };
    init.signal?.addEventListener('abort', land, { once: true });
    try {
      const latency = options.latencyMs?.() ?? 0;
      if (latency > 0) await wait(latency, init.signal);
      const answer = await emulator.handle({
        method,
        url,
        headers: new Headers(init.headers),
        body: typeof init.body === 'string' ? init.body : null,
      });
      if (init.signal?.aborted) throw abortError();
      return new Response(answer.body === '' ? null : answer.body, {
        status: answer.status,
        headers: answer.headers,
      });
    } finally {
      land();
    }
  };

  return {
    fetch,
    sent,
    polls: () => sent.filter((request) => request.method === 'GET'),
    maxInFlight: () => maxInFlight,
  };
}

/**
 * The timers the simulated clock drives. React's scheduler keeps the real `setImmediate`, and no
 * `act()` is used: `act` would batch every update of a step into one commit and hide commits.
 */
export const FAKED_TIMERS = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] as const;

/** Lets React finish the work it scheduled (on the real `setImmediate`). */
export async function flushReact(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Moves the fake clock; between timers the real event loop turns, so React commits as in a page. */
export async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await flushReact();
}

/** Advances in small steps until `done()` holds; throws after `limitMs` of simulated time. */
export async function advanceUntil(done: () => boolean, limitMs: number, stepMs = 10): Promise<number> {
  let waited = 0;
  while (!done()) {
    if (waited >= limitMs) throw new Error(`condition not met within ${limitMs} ms of simulated time`);
    await advance(stepMs);
    waited += stepMs;
  }
  return waited;
}

/** A seeded generator, so two runs of the benchmark draw the same approval times. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Hands a result to the bench runner, which reads it after Vitest exits. */
export function writeResult(name: string, data: unknown): void {
  const dir = process.env.BENCH_OUT_DIR;
  if (!dir) throw new Error('BENCH_OUT_DIR is not set: run this through `npm run bench`');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(data, null, 2));
}
