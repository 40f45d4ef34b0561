/**
 * Row 31 in Chromium, against the demo served WITHOUT a Content-Security-Policy (a strict
 * `connect-src` would block a redirect to another origin and hide the bug): a Dintero look-alike on
 * 127.0.0.1 answers the pay POST with a 307, or every status check with a 302, to another local
 * origin that answers like a success. Nothing may reach that origin and nothing may navigate.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoSuite, DESKTOP, payButton, unexpectedErrors } from './helpers';

const WAIT = { timeout: 15_000 };

const suite = demoSuite('demo-redirects');

function cors(request: IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': request.headers.origin ?? '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'Content-Type, If-Unmodified-Since, Accept',
  };
}

async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function close(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Every request the other origin received (preflights included), as `METHOD path`. */
const elsewhere: string[] = [];
/** Pay calls and status checks the look-alike received, as `METHOD path`. */
const atApi: string[] = [];
let other: { server: Server; origin: string };
let api: { server: Server; origin: string };

beforeAll(async () => {
  // Answers like a success: a client that followed a redirect here would trust it and navigate.
  other = await listen((request, response) => {
    elsewhere.push(`${request.method} ${request.url}`);
    request.resume();
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors(request)).end();
      return;
    }
    response.writeHead(200, { ...cors(request), 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        success: true,
        actions: [],
        keep_polling: false,
        redirect_url: `${other.origin}/paid`,
      }),
    );
  });
  api = await listen((request, response) => {
    request.resume();
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors(request)).end();
      return;
    }
    atApi.push(`${request.method} ${request.url}`);
    const pay = /^\/v1\/sessions\/([^/]+)\/pay$/.exec(request.url ?? '');
    const status = /^\/v1\/view\/([^/]+)\/vipps\/P1\/status$/.exec(request.url ?? '');
    if (request.method === 'POST' && pay && decodeURIComponent(pay[1]!).endsWith('.pay307')) {
      // A 307 keeps the method and the body: followed, the pay request would be re-posted there.
      response.writeHead(307, { ...cors(request), location: `${other.origin}${request.url}` }).end();
    } else if (request.method === 'POST' && pay) {
      response.writeHead(200, { ...cors(request), 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          success: true,
          actions: [],
          poll_url: `${api.origin}/v1/view/${pay[1]}/vipps/P1/status`,
        }),
      );
    } else if (request.method === 'GET' && status) {
      response.writeHead(302, { ...cors(request), location: `${other.origin}/status` }).end();
    } else {
      // No control API here: the demo's simulated phone asks once and removes itself.
      response.writeHead(404, { ...cors(request), 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'Not found', code: 'NOT_FOUND' } }));
    }
  });
});

afterAll(async () => {
  await Promise.all([close(api?.server), close(other?.server)]);
});

beforeEach(() => {
  elsewhere.length = 0;
  atApi.length = 0;
});

/** Opens the demo against the look-alike, checks it runs without a CSP, and watches navigation. */
async function openAgainstLookAlike(sessionId: string) {
  const query = `?baseUrl=${encodeURIComponent(`${api.origin}/v1`)}&sessionId=${sessionId}`;
  const { page, errors } = await suite.shop(DESKTOP, query);
  const csp = await page.evaluate(async () => ({
    header: (await fetch(location.href)).headers.get('content-security-policy'),
    meta: document.querySelector('meta[http-equiv="Content-Security-Policy" i]') !== null,
  }));
  expect(csp).toEqual({ header: null, meta: false });
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  await page.getByRole('radio', { name: /Vipps/ }).check();
  return { page, errors, navigations, shopUrl: page.url() };
}

const statusChecks = () => atApi.filter((line) => line.startsWith('GET /v1/view/'));

/** Waits for `count` status checks, or until something reached the other origin. */
async function waitForStatusChecks(page: Page, count: number): Promise<void> {
  const deadline = Date.now() + 25_000;
  while (statusChecks().length < count && elsewhere.length === 0) {
    if (Date.now() > deadline) throw new Error(`only ${statusChecks().length} status checks arrived`);
    await page.waitForTimeout(100);
  }
}

describe('row 31: redirects in Chromium, without a CSP', () => {
  it('row 31: a 307 on the pay POST to another origin shows the unexpected-response error; nothing reaches that origin, nothing navigates', async () => {
    const sessionId = 'T1.pay307';
    const { page, errors, navigations, shopUrl } = await openAgainstLookAlike(sessionId);

    await payButton(page).click();
    // The payment error, found by its message (whether it is announced as an alert or focused).
    const error = page.locator('[data-kind]', { hasText: 'The payment service gave an unexpected answer.' });
    await error.waitFor(WAIT);
    expect(await error.getAttribute('data-kind')).toBe('invalid_response');
    // A followed redirect (and the navigation it leads to) would have happened by now.
    await page.waitForTimeout(500);

    expect(atApi.filter((line) => line.startsWith('POST '))).toEqual([`POST /v1/sessions/${sessionId}/pay`]);
    expect(elsewhere).toEqual([]);
    expect(navigations).toEqual([]);
    expect(page.url()).toBe(shopUrl);
    expect(unexpectedErrors(errors, [404])).toEqual([]);
  });

  it('row 31: status checks answered 302 to another origin are never followed: one request each, no navigation', async () => {
    const sessionId = 'T1.poll302';
    const { page, errors, navigations, shopUrl } = await openAgainstLookAlike(sessionId);

    await payButton(page).click();
    // The first check after 2 s and a retry after it: each a single request to the look-alike.
    await waitForStatusChecks(page, 2);
    await page.waitForTimeout(300);

    expect(statusChecks().every((line) => line === `GET /v1/view/${sessionId}/vipps/P1/status`)).toBe(true);
    expect(elsewhere).toEqual([]);
    expect(navigations).toEqual([]);
    expect(page.url()).toBe(shopUrl);
    // Undecided, so still waiting (the check is retried on its schedule), never "paid".
    expect(await page.getByRole('heading', { name: 'Thank you for your order' }).count()).toBe(0);
    expect(unexpectedErrors(errors, [404])).toEqual([]);
  }, 45_000);
});
