import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContextOptions, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCalls,
  launchChromiumWithBackForwardCache,
  pollArrivedAfter,
  setVisibility,
} from './browser-helpers';
import {
  approvalStatus,
  demoSuite,
  DESKTOP,
  expectAccessible,
  holdStatusChecks,
  payButton,
  pendingRequests,
  phoneInput,
  qrImage,
  sessionIdOf,
  unexpectedErrors,
} from './helpers';

// Waits are for real polling (a first check 2 s after the pay answer, the phone panel every second).
const WAIT = { timeout: 15_000 };
/** How soon a check must follow the event that calls for one ("at once"). */
const AT_ONCE_MS = 300;
const ONE_COLUMN: BrowserContextOptions = { viewport: { width: 700, height: 800 } };

const suite = demoSuite('demo-reliability', launchChromiumWithBackForwardCache);
const shop = suite.shop;

const isStatusCheck = (url: string) => /\/view\/[^/]+\/[^/]+\/[^/]+\/status$/.test(new URL(url).pathname);

async function payToPhone(page: Page, number: string): Promise<void> {
  await phoneInput(page).fill(number);
  await payButton(page).click();
  await approvalStatus(page).getByText('Waiting for you to approve the payment…').waitFor(WAIT);
}

/** Approves the session's pending request through the emulator's control API (the shopper's phone). */
async function approveOnPhone(sessionId: string): Promise<void> {
  const [request] = await pendingRequests(suite.demo.emulatorUrl, sessionId);
  if (!request) throw new Error('no pending request to approve');
  const response = await fetch(
    `${suite.demo.emulatorUrl}/__emulator/requests/${encodeURIComponent(request.requestId)}/approve`,
    { method: 'POST' },
  );
  expect(response.status).toBe(200);
}

async function expectPaidReturnPage(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor(WAIT);
  expect(new URL(page.url()).pathname).toBe('/return.html');
}

/**
 * Resolves once a status check has been answered and the page has had time to apply the answer:
 * the next scheduled check is then a full interval (2 s or more) away.
 */
async function afterAnsweredCheck(page: Page): Promise<void> {
  await page.waitForResponse((response) => isStatusCheck(response.url()), WAIT);
  await page.waitForTimeout(150);
}

/** The countdown's seconds ("2:08" → 128). */
async function secondsLeft(page: Page): Promise<number> {
  const text = (await page.getByRole('timer').textContent()) ?? '';
  const match = /^(\d+):(\d\d)$/.exec(text);
  if (!match) throw new Error(`the countdown shows "${text}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

describe('row 1: repeated activation of PayButton', () => {
  /**
   * Counts activations that reach the button and reads its busy state at the first animation frame
   * after the first click, i.e. before the browser paints anything after it.
   */
  async function watchButton(page: Page): Promise<void> {
    await page.evaluate(() => {
      const button = document.querySelector<HTMLButtonElement>('#pay-button')!;
      const seen = { clicks: 0, keyRepeats: 0, frameSeen: false, busyAtFirstFrame: null as string | null };
      (window as unknown as { __seen: typeof seen }).__seen = seen;
      button.addEventListener('keydown', (event) => {
        if (event.repeat) seen.keyRepeats += 1;
      });
      button.addEventListener('click', () => {
        seen.clicks += 1;
        if (seen.clicks === 1)
          requestAnimationFrame(() => {
            seen.busyAtFirstFrame = button.getAttribute('aria-disabled');
            seen.frameSeen = true;
          });
      });
    });
  }

  const seen = (page: Page) =>
    page.evaluate(
      () =>
        (window as unknown as { __seen: { clicks: number; keyRepeats: number; busyAtFirstFrame: string } })
          .__seen,
    );

  const variants: {
    name: string;
    act: (page: Page) => Promise<void>;
    /** What proves the repeated input reached the button. */
    reached: (observed: { clicks: number; keyRepeats: number }) => boolean;
  }[] = [
    {
      name: 'a double click',
      act: (page) => payButton(page).dblclick(),
      reached: ({ clicks }) => clicks === 2,
    },
    {
      name: 'a triple click',
      act: (page) => payButton(page).click({ clickCount: 3 }),
      reached: ({ clicks }) => clicks === 3,
    },
    {
      name: 'Enter held down (auto-repeat)',
      act: async (page) => {
        await payButton(page).focus();
        // A second keydown of a key that is down is sent with `repeat: true`, as auto-repeat does.
        for (let i = 0; i < 10; i++) await page.keyboard.down('Enter');
        await page.keyboard.up('Enter');
      },
      reached: ({ keyRepeats }) => keyRepeats === 9,
    },
    {
      name: 'Space held down, then pressed twice more',
      act: async (page) => {
        await payButton(page).focus();
        for (let i = 0; i < 10; i++) await page.keyboard.down(' ');
        await page.keyboard.up(' ');
        await page.keyboard.press(' ');
        await page.keyboard.press(' ');
      },
      reached: ({ keyRepeats }) => keyRepeats === 9,
    },
    {
      name: 'el.click() called 25 times in a loop',
      act: (page) =>
        page.evaluate(() => {
          const button = document.querySelector<HTMLButtonElement>('#pay-button')!;
          for (let i = 0; i < 25; i++) button.click();
        }),
      reached: ({ clicks }) => clicks === 25,
    },
  ];

  for (const variant of variants) {
    it(`row 1: ${variant.name} sends exactly one pay request, busy at once`, async () => {
      // A window one column wide, scrolled to the payment form, as on a phone. In the two-column layout
      // the cart's "locked" note appears above the form as the payment starts and pushes the Pay button
      // 54 px down, so the second click of a double click would land beside it; here scroll anchoring
      // keeps the button under the pointer, and every click reaches it.
      const { page, errors } = await shop(ONE_COLUMN);
      await page.getByRole('radio', { name: /On this device/ }).check();
      await page.locator('#checkout').evaluate((checkout) => checkout.scrollIntoView({ block: 'start' }));
      const sessionId = await sessionIdOf(page);
      // Hold the pay answer, so every repeated activation lands while the first request is pending.
      const posts: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/pay')) posts.push(request.url());
      });
      await page.route('**/sessions/*/pay', async (route) => {
        if (route.request().method() === 'POST') await new Promise((resolve) => setTimeout(resolve, 400));
        await route.continue();
      });
      await watchButton(page);

      await variant.act(page);
      // The first frame after the first click may come after `act` returns on a loaded machine.
      await page.waitForFunction(
        () => (window as unknown as { __seen: { frameSeen: boolean } }).__seen.frameSeen,
      );
      const observed = await seen(page);
      expect(variant.reached(observed), JSON.stringify(observed)).toBe(true);
      expect(observed.busyAtFirstFrame).toBe('true');

      await qrImage(page).waitFor(WAIT);
      // Time for a late second request to show up, had one been sent.
      await page.waitForTimeout(500);
      expect(posts).toHaveLength(1);
      expect((await apiCalls(suite.demo.emulatorUrl, sessionId)).pays).toHaveLength(1);
      expect(await pendingRequests(suite.demo.emulatorUrl, sessionId)).toHaveLength(1);
      expect(unexpectedErrors(errors)).toEqual([]);
    });
  }
});

describe('rows 16–19: a pending payment across app switches, reloads and lost connections', () => {
  it('row 16: the status is checked at once when the tab becomes visible again, and the countdown follows the wall clock', async () => {
    // A fake clock that runs on its own, so time can also jump while the tab is "in the background".
    const { page, errors } = await shop(DESKTOP, '', (opened) => opened.clock.install());
    await payToPhone(page, '070 123 45 67');
    const sessionId = await sessionIdOf(page);
    await afterAnsweredCheck(page);
    const before = { seconds: await secondsLeft(page), now: await page.evaluate(() => Date.now()) };

    // The shopper switches to the Swish app for a minute.
    await setVisibility(page, 'hidden');
    const checkedWhileHidden = page.waitForResponse((response) => isStatusCheck(response.url()), WAIT);
    await page.clock.fastForward(65_000);
    // Hidden tabs keep checking (the check that fell due in that minute ran).
    await checkedWhileHidden;
    await page.waitForTimeout(150);
    // Past the first minute the schedule is every 5 s: the next check is that far away.

    const answeredOnReturn = page.waitForResponse((response) => isStatusCheck(response.url()), WAIT);
    const returnedAt = Date.now();
    await setVisibility(page, 'visible');
    const checkedAt = await pollArrivedAfter(suite.demo.emulatorUrl, sessionId, returnedAt, AT_ONCE_MS);
    expect(checkedAt, `no status check within ${AT_ONCE_MS} ms of the tab becoming visible`).toBeDefined();

    // The countdown counts the minute the tab was hidden: it reads the clock, it does not count ticks.
    const after = { seconds: await secondsLeft(page), now: await page.evaluate(() => Date.now()) };
    expect(after.now - before.now).toBeGreaterThanOrEqual(65_000);
    expect(Math.abs(before.seconds - after.seconds - (after.now - before.now) / 1000)).toBeLessThanOrEqual(
      1.5,
    );
    expect(await approvalStatus(page).textContent()).toBe('Waiting for you to approve the payment…');
    await answeredOnReturn;
    await page.waitForTimeout(150);

    // Back to the app to approve, and back again: the approval is seen on return, not 5 s later.
    await setVisibility(page, 'hidden');
    await approveOnPhone(sessionId);
    await setVisibility(page, 'visible');
    await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor({ timeout: 2000 });
    expect((await apiCalls(suite.demo.emulatorUrl, sessionId)).pays).toHaveLength(1);
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('row 17: a Swish request past its deadline expires after one last check; no QR, no more requests', async () => {
    const { page, errors } = await shop(DESKTOP, '', (opened) => opened.clock.install());
    await page.getByRole('radio', { name: /On this device/ }).check();
    await payButton(page).click();
    await qrImage(page).waitFor(WAIT);
    const sessionId = await sessionIdOf(page);
    await afterAnsweredCheck(page);

    // Past the Swish deadline (3 min 15 s) in one jump: the check due then is the last one.
    const jumpedAt = Date.now();
    await page.clock.fastForward('03:20');
    const view = page.locator('.approval');
    await view.getByText('The request expired.').waitFor(WAIT);
    const { polls } = await apiCalls(suite.demo.emulatorUrl, sessionId);
    expect(polls.filter((entry) => entry.time >= jumpedAt)).toHaveLength(1);
    expect(await view.getAttribute('data-status')).toBe('expired');
    expect(await view.getByRole('button', { name: 'Start again' }).isVisible()).toBe(true);
    expect(await page.locator('.approval img, [data-slot="qr"]').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Open Swish' }).count()).toBe(0);
    // Nothing is kept to resume: a reload would not bring the expired request back.
    expect(
      await page.evaluate((id) => sessionStorage.getItem(`react-dintero-pay:${id}`), sessionId),
    ).toBeNull();
    await expectAccessible(page);

    // Ten more minutes: no status check, and no new pay request by itself.
    await page.clock.fastForward('10:00');
    await page.waitForTimeout(1000);
    const later = await apiCalls(suite.demo.emulatorUrl, sessionId);
    expect(later.polls).toHaveLength(polls.length);
    expect(later.pays).toHaveLength(1);
    expect(await view.getAttribute('data-status')).toBe('expired');
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('row 18: a reload mid-poll shows "Checking your payment…", then the real status, and never pays again', async () => {
    const { page, errors } = await shop();
    await payToPhone(page, '070 123 45 67');
    const sessionId = await sessionIdOf(page);

    // Hold the first status check after the reload, so the resuming state can be seen.
    const release = await holdStatusChecks(page);
    await page.reload();
    await approvalStatus(page).getByText('Checking your payment…').waitFor(WAIT);
    expect(await payButton(page).isVisible()).toBe(false);
    expect(await page.locator('#payment-error').count()).toBe(0);
    await expectAccessible(page);

    // Meanwhile the shopper approved in the app: the held check brings the truth.
    await approveOnPhone(sessionId);
    release();
    await expectPaidReturnPage(page);
    expect((await apiCalls(suite.demo.emulatorUrl, sessionId)).pays).toHaveLength(1);
    expect(unexpectedErrors(errors)).toEqual([]);
  });

  it('row 18: a back-forward cache restore mid-poll checks the status at once and never pays again', async () => {
    const { page, errors } = await shop(DESKTOP, '', async (opened) => {
      await opened.addInitScript(() => {
        // Survives in the cached page: a restored page keeps its JavaScript state.
        const shows: boolean[] = [];
        (window as unknown as { __pageshows: boolean[] }).__pageshows = shows;
        window.addEventListener('pageshow', (event) => shows.push(event.persisted));
      });
    });
    await payToPhone(page, '070 123 45 67');
    const sessionId = await sessionIdOf(page);
    await afterAnsweredCheck(page);

    // Away to another page of the shop (its return page, here without a result) and straight back,
    // well within one polling interval.
    await page.goto(`${suite.demo.storefrontUrl}/return.html`);
    await page.getByRole('heading', { name: 'Payment not completed' }).waitFor(WAIT);
    const backAt = Date.now();
    // A restored page fires no `load`: wait for the navigation to commit only.
    await page.goBack({ waitUntil: 'commit' });
    const checkedAt = await pollArrivedAfter(suite.demo.emulatorUrl, sessionId, backAt, AT_ONCE_MS);

    const restore = await page.evaluate(() => ({
      pageshows: (window as unknown as { __pageshows: boolean[] }).__pageshows,
      notRestoredReasons: JSON.stringify(
        (performance.getEntriesByType('navigation')[0] as { notRestoredReasons?: unknown } | undefined)
          ?.notRestoredReasons ?? null,
      ),
    }));
    // The page came back from the cache (not reloaded): the check came from the restore itself.
    expect(restore.pageshows, restore.notRestoredReasons).toEqual([false, true]);
    expect(checkedAt, `no status check within ${AT_ONCE_MS} ms of the restore`).toBeDefined();
    expect(await approvalStatus(page).textContent()).toBe('Waiting for you to approve the payment…');

    await approveOnPhone(sessionId);
    await expectPaidReturnPage(page);
    expect((await apiCalls(suite.demo.emulatorUrl, sessionId)).pays).toHaveLength(1);
    // Vite's dev client loses its socket when the page enters the cache; that is the dev server's.
    expect(
      unexpectedErrors(errors).filter(
        (text) => !/^WebSocket connection to 'ws:.*Back-Forward Cache/.test(text),
      ),
    ).toEqual([]);
  });

  it('row 19: offline mid-poll says "connection problem", then checks at once when online and sees the approval', async () => {
    const { page, errors } = await shop();
    await payToPhone(page, '070 123 45 67');
    const sessionId = await sessionIdOf(page);
    const statusAttempts: number[] = [];
    page.on('request', (request) => {
      if (isStatusCheck(request.url())) statusAttempts.push(Date.now());
    });
    await afterAnsweredCheck(page);

    const offlineAt = Date.now();
    await suite.context!.setOffline(true);
    await approvalStatus(page).getByText('Connection problem — still checking…').waitFor(WAIT);
    expect(await page.locator('.approval').getAttribute('data-status')).toBe('awaiting_approval');
    expect(await page.locator('#payment-error').count()).toBe(0);
    await expectAccessible(page);
    // More intervals offline: still calm, and no stream of failing requests.
    await page.waitForTimeout(2500);
    expect(await approvalStatus(page).textContent()).toBe('Connection problem — still checking…');
    expect(await page.locator('#payment-error').count()).toBe(0);
    expect(statusAttempts.filter((time) => time >= offlineAt).length).toBeLessThanOrEqual(1);

    // The shopper approved in the app while the shop's tab had no connection.
    await approveOnPhone(sessionId);
    const onlineAt = Date.now();
    await suite.context!.setOffline(false);
    const checkedAt = await pollArrivedAfter(suite.demo.emulatorUrl, sessionId, onlineAt, AT_ONCE_MS);
    expect(checkedAt, `no status check within ${AT_ONCE_MS} ms of coming back online`).toBeDefined();
    await expectPaidReturnPage(page);
    expect((await apiCalls(suite.demo.emulatorUrl, sessionId)).pays).toHaveLength(1);
    // The simulated phone's own requests fail while offline; the browser logs those.
    expect(
      unexpectedErrors(errors).filter((text) => !text.includes('net::ERR_INTERNET_DISCONNECTED')),
    ).toEqual([]);
  });
});

describe('row 22: hostile redirect_url values in a real browser', () => {
  const HOSTILE = [
    'javascript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:https://x/1',
    'file:///etc/passwd',
    'vbscript:msgbox(1)',
    '//evil.example/x',
    'http://evil.example/x',
    'https://user:pass@evil.example/',
  ];

  /** A Dintero look-alike whose pay answer sends the shopper to the session's hostile URL. */
  let api: Server;
  let apiUrl: string;
  const payCalls = new Map<string, number>();

  beforeAll(async () => {
    api = createServer((request: IncomingMessage, response: ServerResponse) => {
      const cors = {
        'access-control-allow-origin': request.headers.origin ?? '*',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': 'Content-Type, If-Unmodified-Since, Accept',
      };
      const match = /^\/v1\/sessions\/([^/]+)\/pay$/.exec(request.url ?? '');
      if (request.method === 'OPTIONS') {
        response.writeHead(204, cors).end();
      } else if (request.method === 'POST' && match) {
        const sessionId = decodeURIComponent(match[1]!);
        payCalls.set(sessionId, (payCalls.get(sessionId) ?? 0) + 1);
        const redirectUrl = HOSTILE[Number(sessionId.split('.x')[1])];
        request.resume();
        response.writeHead(200, { ...cors, 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            success: true,
            actions: [{ source: 'DINTERO', code: '200', type: 'success' }],
            redirect_url: redirectUrl,
          }),
        );
      } else {
        // No control API here: the demo's simulated phone asks once and removes itself.
        response.writeHead(404, { ...cors, 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'Not found', code: 'NOT_FOUND' } }));
      }
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => api?.close(resolve));
  });

  for (const [index, url] of HOSTILE.entries()) {
    it(`row 22: redirect_url ${JSON.stringify(url)} is refused with a safe error, and nothing navigates`, async () => {
      const sessionId = `T1.x${index}`;
      const query = `?baseUrl=${encodeURIComponent(`${apiUrl}/v1`)}&sessionId=${sessionId}`;
      const { page, errors } = await shop(DESKTOP, query);
      const shopUrl = page.url();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const navigations: string[] = [];
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations.push(frame.url());
      });
      const elsewhere: string[] = [];
      page.on('request', (request) => {
        const { origin } = new URL(request.url());
        if (origin !== new URL(shopUrl).origin && origin !== apiUrl) elsewhere.push(request.url());
      });
      const popups: string[] = [];
      suite.context!.on('page', (opened) => popups.push(opened.url()));

      await page.getByRole('radio', { name: /Vipps/ }).check();
      await payButton(page).click();
      // The result of the press takes focus from the Pay button, so it is not also an alert.
      const alert = page.locator('#payment-error');
      await alert.getByText('We could not verify the payment. Choose another payment method.').waitFor(WAIT);
      expect(await alert.getAttribute('data-kind')).toBe('unsafe_url');
      expect(await alert.getByRole('button', { name: 'Choose another payment method' }).isVisible()).toBe(
        true,
      );
      // A navigation would have started by now.
      await page.waitForTimeout(300);

      expect(page.url()).toBe(shopUrl);
      expect(navigations).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(elsewhere).toEqual([]);
      expect(popups).toEqual([]);
      expect(payCalls.get(sessionId)).toBe(1);
      expect(await page.evaluate(() => document.title)).toBe('Fjällbo · Nordic home goods');
      // The same screen for every value: axe once is enough.
      if (index === 0) await expectAccessible(page);
      // The probe for a control API answered 404.
      expect(unexpectedErrors(errors, [404])).toEqual([]);
    });
  }
});
