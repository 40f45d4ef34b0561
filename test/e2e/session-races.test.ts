import {
  createServer,
  request as forward,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCalls, setVisibility } from './browser-helpers';
import {
  approvalStatus,
  approvePending,
  demoSuite,
  DESKTOP,
  expectConfirmedReturn,
  payButton,
  phoneInput,
  sessionIdOf,
  unexpectedErrors,
} from './helpers';

// Rows 37 and 38 in Chromium: a status check that hangs across an app switch, and a reload whose
// first status answer is there before the page has finished its first render.
const WAIT = { timeout: 15_000 };
const suite = demoSuite('demo-session-races');
const shop = suite.shop;

const isStatusCheck = (path: string) => /^\/v1\/view\/[^/]+\/[^/]+\/[^/]+\/status$/.test(path);

async function payToPhone(page: Page): Promise<void> {
  await phoneInput(page).fill('070 123 45 67');
  await payButton(page).click();
  await approvalStatus(page).getByText('Waiting for you to approve the payment…').waitFor(WAIT);
}

/**
 * Counts, in the page, the status checks in flight each time one starts: started, not settled and
 * not aborted. Installed before the page's first script, so it sees every check the library sends.
 */
async function countChecksInFlight(page: Page, report: (inFlight: number) => void): Promise<void> {
  await page.exposeFunction('__reportStatusCheck', report);
  await page.addInitScript(() => {
    const live = new Set<{ signal: AbortSignal | null | undefined }>();
    const send = (window as unknown as { __reportStatusCheck: (count: number) => void }).__reportStatusCheck;
    const original = window.fetch;
    window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!/\/status$/.test(new URL(url, location.href).pathname)) return original.call(this, input, init);
      for (const entry of live) if (entry.signal?.aborted) live.delete(entry);
      const entry = { signal: init?.signal ?? (input instanceof Request ? input.signal : undefined) };
      live.add(entry);
      void send(live.size);
      const answer = original.call(this, input, init);
      const done = () => void live.delete(entry);
      answer.then(done, done);
      return answer;
    };
  });
}

describe('row 37: a status check sent before the page was hidden hangs (a frozen page, a dead connection)', () => {
  /**
   * A Dintero look-alike in front of the emulator: it forwards everything (the emulator builds its
   * poll URLs on this origin, from the Host header) except the one status check it is told to hold,
   * which it never answers.
   */
  let upstream: Server;
  let upstreamUrl: string;
  let holdNext = false;
  const held: { path: string; arrivedAt: number; closedAt?: number }[] = [];
  const checks: { path: string; arrivedAt: number }[] = [];

  beforeAll(async () => {
    const target = new URL(suite.demo.emulatorUrl);
    upstream = createServer((request: IncomingMessage, response: ServerResponse) => {
      const path = request.url ?? '/';
      if (request.method === 'GET' && isStatusCheck(path)) {
        checks.push({ path, arrivedAt: Date.now() });
        if (holdNext) {
          holdNext = false;
          const entry: (typeof held)[number] = { path, arrivedAt: Date.now() };
          held.push(entry);
          // Never answered: only the browser can end it, by aborting.
          response.on('close', () => (entry.closedAt = Date.now()));
          return;
        }
      }
      const out = forward(
        { host: target.hostname, port: target.port, method: request.method, path, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      out.on('error', () => response.destroy());
      request.pipe(out);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    upstream?.closeAllConnections();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it('row 37: hidden with a check in flight, back again: a fresh check goes out at once, its answer is applied within a second, never two in flight', async () => {
    const inFlight: number[] = [];
    const { page, errors } = await shop(
      DESKTOP,
      `?baseUrl=${encodeURIComponent(`${upstreamUrl}/v1`)}`,
      (opened) => countChecksInFlight(opened, (count) => inFlight.push(count)),
    );
    const sessionId = await sessionIdOf(page);
    await payToPhone(page);
    // A first check answered as usual, then the next one is held.
    await page.waitForResponse((response) => isStatusCheck(new URL(response.url()).pathname), WAIT);
    holdNext = true;
    await expect.poll(() => held.length, WAIT).toBe(1);

    // The shopper leaves for the app with that check in flight, and approves there.
    await setVisibility(page, 'hidden');
    await approvePending(suite.demo.emulatorUrl, sessionId);
    // Long after any schedule would have sent the next check, had the held one not been in flight.
    await page.waitForTimeout(2500);
    expect(checks.filter((check) => check.arrivedAt > held[0]!.arrivedAt)).toEqual([]);

    const returnedAt = Date.now();
    // Settles either way, so a failure below is reported as itself.
    const arrived = page.waitForURL(/\/return\.html\?/, { waitUntil: 'commit', timeout: 5000 }).then(
      () => Date.now(),
      () => undefined,
    );
    await setVisibility(page, 'visible');
    await expect
      .poll(() => checks.filter((check) => check.arrivedAt >= returnedAt).length, { timeout: 1000 })
      .toBe(1);
    const freshAt = checks.find((check) => check.arrivedAt >= returnedAt)!.arrivedAt;
    const appliedAt = await arrived;
    expect(appliedAt, 'the page never went to the return page').toBeDefined();

    expect(freshAt - returnedAt, 'the fresh check went out at once').toBeLessThan(300);
    expect(appliedAt! - returnedAt, 'its answer was applied within a second').toBeLessThan(1000);
    // The page gave up the old request itself (the look-alike never answered it).
    await expect.poll(() => held[0]!.closedAt, WAIT).toBeDefined();
    expect(Math.max(...inFlight), `checks in flight when each started: ${inFlight.join(', ')}`).toBe(1);
    await expectConfirmedReturn(page, 'SEK 787.00');
    expect((await apiCalls(suite.demo.emulatorUrl, sessionId)).pays).toHaveLength(1);
    expect(unexpectedErrors(errors)).toEqual([]);
  });
});

describe('row 38: a reload while waiting, with the first status answer there before the first render', () => {
  it('row 38: 20 reloads; focus stays on the page body and the resumed view never takes focus', async () => {
    const { page, errors } = await shop(DESKTOP);
    const sessionId = await sessionIdOf(page);
    await payToPhone(page);

    // A real pending answer of the emulator, to give back at once on some loads.
    const checked = await page.waitForResponse((response) => response.url().endsWith('/status'), WAIT);
    const pending = await fetch(checked.url());
    const pendingAnswer = { status: pending.status, body: await pending.text() };
    expect(pendingAnswer.status).toBe(202);

    await page.addInitScript(() => {
      // Every focus change on this page load.
      const focused: string[] = [];
      (window as unknown as { __focused: string[] }).__focused = focused;
      document.addEventListener(
        'focusin',
        (event) => {
          const target = event.target as HTMLElement;
          focused.push(
            `${target.tagName.toLowerCase()}#${target.id} ${target.textContent?.slice(0, 40) ?? ''}`,
          );
        },
        true,
      );
      // How this load's first status check is answered (set by the test): `instant`, an answer
      // already there (as from a cache), or `hold`, the main thread held after sending it.
      const plan = JSON.parse(sessionStorage.getItem('test:first-check') ?? '{}') as
        { mode: 'instant'; status: number; body: string } | { mode: 'hold'; ms: number };
      const original = window.fetch;
      let first = true;
      window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        if (!first || !/\/status$/.test(new URL(url, location.href).pathname)) {
          return original.call(this, input, init);
        }
        first = false;
        if (plan.mode === 'instant') {
          const headers = { 'content-type': 'application/json' };
          return Promise.resolve(new Response(plan.body, { status: plan.status, headers }));
        }
        const answer = original.call(this, input, init);
        // The check is sent while React commits the first render: holding the main thread here lets
        // its answer arrive before that render has finished (and before its effects run).
        const until = performance.now() + plan.ms;
        while (performance.now() < until) {
          // Busy: a slow device, or a heavy page.
        }
        return answer;
      };
    });

    const plans = [
      { mode: 'instant', ...pendingAnswer },
      { mode: 'hold', ms: 0 },
      { mode: 'instant', ...pendingAnswer },
      { mode: 'hold', ms: 60 },
      { mode: 'instant', ...pendingAnswer },
      { mode: 'hold', ms: 150 },
    ];
    for (let reload = 0; reload < 20; reload++) {
      const plan = plans[reload % plans.length]!;
      await page.evaluate((text) => sessionStorage.setItem('test:first-check', text), JSON.stringify(plan));
      await page.reload();
      await approvalStatus(page).getByText('Waiting for you to approve the payment…').waitFor(WAIT);
      const state = await page.evaluate(() => ({
        focused: (window as unknown as { __focused: string[] }).__focused,
        active:
          document.activeElement === document.body
            ? 'body'
            : (document.activeElement?.outerHTML.slice(0, 80) ?? 'none'),
      }));
      const how = plan.mode === 'instant' ? 'answered at once' : `main thread held ${plan.ms} ms`;
      expect(state, `reload ${reload + 1} (${how})`).toEqual({ focused: [], active: 'body' });
    }

    // Twenty resumes of one request: one pay call, and the request is still live.
    expect((await apiCalls(suite.demo.emulatorUrl, sessionId)).pays).toHaveLength(1);
    await approvePending(suite.demo.emulatorUrl, sessionId);
    await expectConfirmedReturn(page, 'SEK 787.00');
    expect(unexpectedErrors(errors)).toEqual([]);
  }, 180_000);
});
