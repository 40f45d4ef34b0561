// The checks react-dintero-pay/server must pass on every setup a shop deploys it on (node:http,
// Express, Connect, Cloudflare workerd, Deno, Bun, Next.js in both runtimes, React Router), over
// real HTTP against a server that runs it, with Dintero played by the emulator behind a recording
// upstream. Used by runtimes.test.mjs and by examples/next/run-check.mjs; plain JavaScript with no
// test framework, so both can run them. Each check throws (node:assert) when the proxy misbehaves.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';

export const BASE_PATH = '/api/dintero';
const PHONE = '+46701234567';
/** A session id of Dintero's form, unique per call, with `tag` telling the upstream how to answer. */
let counter = 0;
export const sessionId = (tag) =>
  `T11223344.${tag}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** What the scripted sessions make the upstream do instead of answering as the emulator. */
const SCRIPTS = {
  upstreamRedirect: 'a 302 to another server',
  upstreamHuge: 'a 2 MiB answer',
  upstreamSilent: 'no answer at all',
  upstreamCookies: 'two Set-Cookie headers',
};

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

function close(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Dintero, as the proxy sees it: the emulator engine (from the built `react-dintero-pay/testing`)
 * behind a node:http server that records every request, plus a few scripted sessions (a redirect,
 * a 2 MiB answer, silence, two cookies) and a second server a redirect points at.
 */
export async function startUpstream({ createDinteroEmulator, returnUrl }) {
  const emulator = createDinteroEmulator(returnUrl ? { returnUrl } : {});
  const elsewhere = { received: [] };
  const elsewhereServer = createServer((request, response) => {
    elsewhere.received.push(`${request.method} ${request.url}`);
    response.end('{}');
  });
  const elsewherePort = await listen(elsewhereServer);
  const received = [];
  const hanging = new Set();
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = request.url ?? '/';
      const sid = /\/v1\/(?:sessions|view)\/([^/?]+)/.exec(url)?.[1];
      received.push({ method: request.method, url, headers: { ...request.headers }, body, sessionId: sid });
      const script = sid && Object.keys(SCRIPTS).find((tag) => sid.slice(10).startsWith(tag));
      if (script === 'upstreamRedirect') {
        response.writeHead(302, { location: `http://127.0.0.1:${elsewherePort}${url}` });
        response.end();
      } else if (script === 'upstreamHuge') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ success: true, pad: 'x'.repeat(2 * 1024 * 1024) }));
      } else if (script === 'upstreamSilent') {
        hanging.add(response);
      } else if (script === 'upstreamCookies') {
        response.writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': [
            'first=1; Path=/; Max-Age=60; Secure',
            'second=2; Domain=checkout.dintero.com; HttpOnly',
          ],
        });
        response.end(JSON.stringify({ success: true, actions: [] }));
      } else {
        const headers = {};
        for (const [name, value] of Object.entries(request.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        const answer = await emulator.handle({
          method: request.method ?? 'GET',
          url: `http://${request.headers.host}${url}`,
          headers,
          ...(request.method === 'POST' ? { body } : {}),
        });
        response.writeHead(answer.status, answer.headers);
        response.end(answer.status === 204 ? undefined : answer.body);
      }
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    emulator,
    received,
    elsewhere,
    /** What reached the upstream for one session. */
    forSession: (sid) => received.filter((entry) => entry.sessionId === sid),
    close: async () => {
      for (const response of hanging) response.destroy();
      await Promise.all([close(server), close(elsewhereServer)]);
    },
  };
}

/** One HTTP request with the path and headers exactly as given (no URL parser in between). */
export function send(origin, { method = 'GET', path, headers = {}, body }) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const request = httpRequest({ host: hostname, port, method, path, headers, agent: false }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        const setCookie = response.headers['set-cookie'] ?? [];
        resolve({
          status: response.statusCode,
          headers: response.headers,
          text,
          json,
          setCookie,
          ms: Date.now() - started,
        });
      });
      response.on('error', reject);
    });
    request.on('error', (error) => {
      // A server may answer 413 and close before a big body is written.
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET')
        resolve({ status: 0, headers: {}, text: '', setCookie: [] });
      else reject(error);
    });
    request.end(body);
  });
}

const json = { 'content-type': 'application/json', accept: 'application/json' };
const payBody = (extra = {}) =>
  JSON.stringify({ payment_product_type: 'swish.swish', phone_number: PHONE, ...extra });
/** Where a server's proxy answers (`server.basePath`, else {@link BASE_PATH}). */
const baseOf = (server) => server.basePath ?? BASE_PATH;
const payPathOf = (server, sid) => `${baseOf(server)}/v1/sessions/${sid}/pay`;
/** What Next.js's edge runtime puts into `request.url` for a catch-all route. */
const frameworkQuery = (server, path) =>
  `?${path
    .slice(baseOf(server).length + 1)
    .split('/')
    .map((segment) => `path=${encodeURIComponent(segment)}`)
    .join('&')}`;

/** Lines the proxy logged for a 502 or 504, from the server's output. */
export const proxyLogLines = (output) =>
  output.split('\n').filter((line) => line.includes('react-dintero-pay/server: 50'));

/** The route as the proxy names it in its log: which proxy, which endpoint, never the session id. */
const loggedRoute = (server, post) =>
  post
    ? `on the pay call (POST ${baseOf(server)}/v1/sessions/…/pay)`
    : `on a status check (GET ${baseOf(server)}/v1/view/…/status)`;

/**
 * Runs `act` and returns the log lines that contain `text` and appeared meanwhile (waiting a moment
 * for them, and a moment more for a second one that must not come).
 */
async function loggedDuring(server, text, act) {
  const matching = () => proxyLogLines(server.output()).filter((line) => line.includes(text));
  const before = matching().length;
  const result = await act();
  const until = Date.now() + 3000;
  while (matching().length === before && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { result, lines: matching().slice(before) };
}

function expectClean(lines) {
  const text = lines.join('\n');
  for (const secret of [PHONE, '46701234567', 'shop-secret', 'merchant-token', 'remembered.value']) {
    assert.ok(!text.includes(secret), `the log must not contain ${secret}: ${text}`);
  }
}

/**
 * The checks, in order. Each gets `{ server, upstream }`: `server.origin` (where the setup listens),
 * `server.output()` (what it printed so far), `server.timeoutMs` (its proxy's deadline), and the
 * upstream from {@link startUpstream}. Each returns nothing or a note for the report.
 */
export const CHECKS = [
  {
    name: 'a Swish purchase through the proxy against the emulator',
    async run({ server, upstream }) {
      const sid = sessionId('purchase');
      const paid = await send(server.origin, {
        method: 'POST',
        path: payPathOf(server, sid),
        headers: json,
        body: payBody(),
      });
      assert.equal(paid.status, 200, paid.text);
      assert.equal(paid.headers['cache-control'], 'no-store');
      const pollUrl = paid.json.poll_url;
      assert.match(
        pollUrl,
        new RegExp(`^${baseOf(server)}/v1/view/${sid.replace('.', '\\.')}/swish/[^/]+/status$`),
      );
      const waiting = await send(server.origin, { path: pollUrl, headers: { accept: 'application/json' } });
      assert.equal(waiting.status, 202, waiting.text);
      const pending = upstream.emulator.pending().find((request) => request.sessionId === sid);
      assert.ok(pending, 'the payment request reached the emulator');
      assert.ok(upstream.emulator.approve(pending.requestId));
      const done = await send(server.origin, { path: pollUrl, headers: { accept: 'application/json' } });
      assert.equal(done.status, 200, done.text);
      assert.match(done.json.redirect_url, /transaction_id=P\d+\./);
      assert.deepEqual(
        upstream.forSession(sid).map((entry) => `${entry.method} ${entry.url}`),
        [
          `POST /v1/sessions/${sid}/pay`,
          `GET ${pollUrl.slice(baseOf(server).length)}`,
          `GET ${pollUrl.slice(baseOf(server).length)}`,
        ],
      );
    },
  },
  {
    name: 'eleven refused requests, none forwarded',
    async run({ server, upstream }) {
      const sid = sessionId('refused');
      const before = upstream.received.length;
      const cases = [
        [{ path: `${baseOf(server)}/v1/sessions/${sid}` }, [404]],
        [
          {
            path: `${baseOf(server)}/v1/accounts/T11223344/payments/sessions/${sid}/pay`,
            method: 'POST',
            headers: json,
            body: payBody(),
          },
          [404],
        ],
        [
          { path: payPathOf(server, 't11223344.notAnId'), method: 'POST', headers: json, body: payBody() },
          [404],
        ],
        // A server may resolve `..` before the proxy sees the path: then it is no endpoint (404).
        [
          {
            path: `${baseOf(server)}/v1/sessions/${sid}/../../../v1/accounts/T1/pay`,
            method: 'POST',
            headers: json,
            body: payBody(),
          },
          [400, 404],
        ],
        [
          {
            path: `${baseOf(server)}/v1/sessions%2f${sid}/pay`,
            method: 'POST',
            headers: json,
            body: payBody(),
          },
          [400, 404],
        ],
        [{ path: `${baseOf(server)}//evil.example/v1/view/${sid}/swish/r1/status` }, [400, 404]],
        [{ path: payPathOf(server, sid), method: 'PUT', headers: json, body: payBody() }, [405]],
        [{ path: payPathOf(server, sid) }, [405]],
        [
          {
            path: payPathOf(server, sid),
            method: 'POST',
            headers: { 'content-type': 'text/plain' },
            body: payBody(),
          },
          [415],
        ],
        [{ path: payPathOf(server, sid), method: 'POST', headers: json, body: '[1,2]' }, [400]],
        [
          {
            path: `${baseOf(server)}/v1/view/${sid}/swish/r1/status`,
            method: 'POST',
            headers: json,
            body: '{}',
          },
          [405],
        ],
      ];
      assert.equal(cases.length, 11);
      for (const [request, expected] of cases) {
        let answer = await send(server.origin, request);
        // A framework may normalise the path first (Next.js: a 308 from `//` to `/`): followed once
        // on this origin, the proxy then refuses what is left.
        if (answer.status === 308 && /^\/[^/\\]/.test(answer.headers.location ?? '')) {
          answer = await send(server.origin, { ...request, path: answer.headers.location });
        }
        assert.ok(
          expected.includes(answer.status),
          `${request.method ?? 'GET'} ${request.path}: ${answer.status} ${answer.text.slice(0, 200)}`,
        );
      }
      assert.deepEqual(
        upstream.received.slice(before).filter((entry) => entry.url.includes(sid)),
        [],
      );
    },
  },
  {
    name: 'the remember_me cookie round trip',
    async run({ server, upstream }) {
      const first = sessionId('remember');
      const set = await send(server.origin, {
        method: 'POST',
        path: payPathOf(server, first),
        headers: json,
        body: payBody({ remember_me: true }),
      });
      assert.equal(set.status, 200, set.text);
      assert.equal(set.setCookie.length, 1, JSON.stringify(set.setCookie));
      const [cookie] = set.setCookie;
      assert.match(
        cookie,
        new RegExp(
          `^rdp_dintero_remember_me=[^;]+; Path=${baseOf(server)}; Max-Age=\\d+; HttpOnly; SameSite=Lax$`,
        ),
      );
      const pair = cookie.split(';')[0];
      const second = sessionId('remember');
      const back = await send(server.origin, {
        method: 'POST',
        path: payPathOf(server, second),
        headers: { ...json, cookie: `shop=1; ${pair}` },
        body: payBody(),
      });
      assert.equal(back.status, 200, back.text);
      const logged = upstream.emulator.requests.find(
        (entry) => entry.sessionId === second && entry.route === 'pay',
      );
      assert.equal(logged?.rememberedCustomer, true, 'the emulator recognised its own cookie');
      const third = sessionId('remember');
      const cleared = await send(server.origin, {
        method: 'POST',
        path: payPathOf(server, third),
        headers: { ...json, cookie: pair },
        body: payBody({ remember_me: false }),
      });
      assert.equal(cleared.status, 200, cleared.text);
      assert.match(
        cleared.setCookie[0] ?? '',
        new RegExp(
          `^rdp_dintero_remember_me=; Path=${baseOf(server)}; Max-Age=0; (Expires=[^;]+; )?HttpOnly; SameSite=Lax$`,
        ),
      );
    },
  },
  {
    name: 'two upstream cookies come back as two, renamed and scoped',
    async run({ server }) {
      const answer = await send(server.origin, {
        method: 'POST',
        path: payPathOf(server, sessionId('upstreamCookies')),
        headers: json,
        body: payBody(),
      });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.setCookie, [
        `rdp_first=1; Path=${baseOf(server)}; Max-Age=60; HttpOnly; SameSite=Lax`,
        `rdp_second=2; Path=${baseOf(server)}; HttpOnly; SameSite=Lax`,
      ]);
    },
  },
  {
    name: "the shop's own cookie and Authorization are dropped",
    async run({ server, upstream }) {
      const sid = sessionId('headers');
      const answer = await send(server.origin, {
        method: 'POST',
        path: payPathOf(server, sid),
        headers: {
          ...json,
          cookie: 'shop_session=shop-secret; rdp_dintero_remember_me=remembered.value',
          authorization: 'Bearer merchant-token',
          'x-forwarded-host': 'evil.example',
          'x-api-key': 'merchant-token',
        },
        body: payBody(),
      });
      assert.equal(answer.status, 200, answer.text);
      const [received] = upstream.forSession(sid);
      assert.equal(received.headers.cookie, 'dintero_remember_me=remembered.value');
      assert.equal(received.headers.authorization, undefined);
      assert.equal(received.headers['x-forwarded-host'], undefined);
      assert.equal(received.headers['x-api-key'], undefined);
      assert.ok(!JSON.stringify(received.headers).includes('shop-secret'));
      assert.equal(received.body, payBody());
      // What the runtime's own fetch added, for the README.
      const ours = new Set([
        'host',
        'content-type',
        'accept',
        'cookie',
        'content-length',
        'connection',
        'transfer-encoding',
      ]);
      return `upstream also got: ${
        Object.keys(received.headers)
          .filter((name) => !ours.has(name))
          .sort()
          .map((name) => `${name}: ${received.headers[name]}`)
          .join('; ') || 'nothing else'
      }`;
    },
  },
  {
    name: 'an upstream 302 is a 502, never followed, and logged once',
    async run({ server, upstream }) {
      const { result: answer, lines } = await loggedDuring(
        server,
        `${loggedRoute(server, true)}: UnexpectedAnswer`,
        () =>
          send(server.origin, {
            method: 'POST',
            path: payPathOf(server, sessionId('upstreamRedirect')),
            headers: { ...json, cookie: 'rdp_dintero_remember_me=remembered.value' },
            body: payBody(),
          }),
      );
      assert.equal(answer.status, 502, answer.text);
      assert.equal(answer.json?.error?.code, 'BAD_GATEWAY');
      assert.equal(answer.headers.location, undefined);
      assert.deepEqual(upstream.elsewhere.received, []);
      assert.equal(lines.length, 1, `one log line for the 502: ${JSON.stringify(lines)}`);
      assert.match(lines[0], /502 BAD_GATEWAY on the pay call .*: UnexpectedAnswer: Dintero answered 302/);
      expectClean(lines);
    },
  },
  {
    name: 'a 2 MiB answer (to a status check) is a 502, logged once',
    async run({ server }) {
      const { result: answer, lines } = await loggedDuring(
        server,
        `${loggedRoute(server, false)}: AnswerTooLarge`,
        () =>
          send(server.origin, {
            path: `${baseOf(server)}/v1/view/${sessionId('upstreamHuge')}/swish/r1/status`,
          }),
      );
      assert.equal(answer.status, 502, answer.text);
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.match(lines[0], /502 BAD_GATEWAY on a status check .*: AnswerTooLarge/);
    },
  },
  {
    name: 'oversized bodies are 413, declared or chunked, and not forwarded',
    async run({ server, upstream }) {
      const sid = sessionId('oversized');
      const big = payBody({ pad: 'x'.repeat(32 * 1024) });
      const declared = await send(server.origin, {
        method: 'POST',
        path: payPathOf(server, sid),
        headers: { ...json, 'content-length': String(Buffer.byteLength(big)) },
        body: big,
      });
      const chunked = await send(server.origin, {
        method: 'POST',
        path: payPathOf(server, sid),
        headers: { ...json, 'transfer-encoding': 'chunked' },
        body: big,
      });
      // A server may close before the whole upload is written (status 0); at least one sees the answer.
      for (const answer of [declared, chunked])
        assert.ok([413, 0].includes(answer.status), `${answer.status} ${answer.text}`);
      assert.ok([declared.status, chunked.status].includes(413));
      assert.deepEqual(upstream.forSession(sid), []);
    },
  },
  {
    name: 'a silent upstream is a 504 at timeoutMs, logged once',
    slow: true,
    async run({ server }) {
      const { result: answer, lines } = await loggedDuring(
        server,
        `${loggedRoute(server, true)}: TimeoutError`,
        () =>
          send(server.origin, {
            method: 'POST',
            path: payPathOf(server, sessionId('upstreamSilent')),
            headers: { ...json, cookie: 'shop_session=shop-secret' },
            body: payBody(),
          }),
      );
      assert.equal(answer.status, 504, answer.text);
      assert.ok(
        answer.ms >= server.timeoutMs - 100 && answer.ms < server.timeoutMs + 3000,
        `answered after ${answer.ms} ms`,
      );
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.match(lines[0], /504 GATEWAY_TIMEOUT on the pay call .*: TimeoutError/);
      expectClean(lines);
    },
  },
  {
    name: "row 39: a framework's query is neither forwarded nor refused",
    async run({ server, upstream }) {
      const sid = sessionId('query');
      const path = payPathOf(server, sid);
      const paid = await send(server.origin, {
        method: 'POST',
        path: `${path}${frameworkQuery(server, path)}`,
        headers: json,
        body: payBody(),
      });
      assert.equal(paid.status, 200, paid.text);
      const poll = paid.json.poll_url;
      const checked = await send(server.origin, {
        path: `${poll}${frameworkQuery(server, poll)}&utm_source=mail`,
      });
      assert.equal(checked.status, 202, checked.text);
      assert.deepEqual(
        upstream.forSession(sid).map((entry) => entry.url),
        [`/v1/sessions/${sid}/pay`, poll.slice(baseOf(server).length)],
      );
    },
  },
  {
    name: 'row 39: a slow upload ends with 408 at timeoutMs; others are still answered',
    slow: true,
    async run({ server, upstream }) {
      const sid = sessionId('slow');
      const body = payBody();
      // A framework that sends an answer only once the whole body has arrived (Next.js's edge
      // runtime) holds the proxy's 408 until then: that client finishes 2 s past the deadline.
      const slow = server.holdsAnswerUntilBodyEnds
        ? slowUpload(
            server.origin,
            payPathOf(server, sid),
            body,
            (server.timeoutMs + 2000) / body.length,
            true,
          )
        : slowUpload(server.origin, payPathOf(server, sid), body, 200);
      // Meanwhile another shopper pays and is answered at once.
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, server.timeoutMs / 4)));
      const other = await send(server.origin, {
        method: 'POST',
        path: payPathOf(server, sessionId('meanwhile')),
        headers: json,
        body: payBody(),
      });
      assert.equal(other.status, 200, other.text);
      assert.ok(other.ms < server.timeoutMs / 2, `another shopper waited ${other.ms} ms`);
      const result = await slow;
      assert.equal(result.status, 408, JSON.stringify(result));
      assert.deepEqual(upstream.forSession(sid), []);
      if (server.holdsAnswerUntilBodyEnds) {
        assert.equal(result.sent, body.length);
        return `the 408 was held back by the framework until the upload ended, ${result.answeredAfterMs} ms in`;
      }
      assert.ok(
        result.answeredAfterMs >= server.timeoutMs - 100 && result.answeredAfterMs < server.timeoutMs + 2000,
        JSON.stringify(result),
      );
      const closed = Number.isFinite(result.closedAfterMs);
      // Deno keeps reading a body the handler left, whatever the answer says (see setups.mjs).
      if (!server.keepsUnreadBodies) {
        assert.ok(
          closed && result.closedAfterMs < server.timeoutMs + 2000,
          `connection held: ${JSON.stringify(result)}`,
        );
      }
      return closed
        ? `the slow client's connection closed ${result.closedAfterMs - result.answeredAfterMs} ms after the 408`
        : "the slow client's connection stayed open after the 408 while it kept sending";
    },
  },
];

/**
 * A client that declares a body and sends it one byte per `everyMs` (all of it with `complete`,
 * else all but the last byte), stopping once answered. Resolves with the answer's status and when
 * it came, and when the server closed the connection (`Infinity` if it had not 5 s after the
 * answer, or 60 s after the start without one: the client then gives up).
 */
export function slowUpload(origin, path, body, everyMs, complete = false) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const started = Date.now();
    let answer = '';
    let answeredAfterMs;
    let sent = 0;
    let timer;
    let giveUp;
    const finish = (closedAfterMs) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0),
        answeredAfterMs: answeredAfterMs ?? closedAfterMs,
        closedAfterMs,
        sent,
      });
    };
    giveUp = setTimeout(() => finish(Infinity), 60_000);
    socket.on('connect', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
      );
      timer = setInterval(() => {
        if (answeredAfterMs !== undefined || sent >= body.length - (complete ? 0 : 1) || socket.destroyed) {
          return;
        }
        socket.write(body[sent]);
        sent += 1;
      }, everyMs);
    });
    socket.on('data', (chunk) => {
      if (answeredAfterMs === undefined) {
        answeredAfterMs = Date.now() - started;
        clearTimeout(giveUp);
        giveUp = setTimeout(() => finish(Infinity), 5000);
      }
      answer += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => finish(Date.now() - started));
  });
}

/**
 * Runs every check against each server; returns `{ server, name, ok, ms, note?, error? }` per
 * check. The slow ones (a deadline to wait for) start first, all at once; the others run one
 * after the other meanwhile.
 */
export async function runChecks({ servers, upstream, log = () => undefined }) {
  const run = async (server, check) => {
    const started = Date.now();
    try {
      const note = await check.run({ server, upstream });
      log(`  ok   ${server.name}: ${check.name}${note ? ` (${note})` : ''}`);
      return { server: server.name, name: check.name, ok: true, ms: Date.now() - started, note };
    } catch (error) {
      log(`  FAIL ${server.name}: ${check.name}: ${error instanceof Error ? error.message : error}`);
      return { server: server.name, name: check.name, ok: false, ms: Date.now() - started, error };
    }
  };
  const slow = servers.flatMap((server) =>
    CHECKS.filter((check) => check.slow).map((check) => run(server, check)),
  );
  const results = [];
  for (const server of servers) {
    for (const check of CHECKS.filter((check) => !check.slow)) results.push(await run(server, check));
  }
  return [...results, ...(await Promise.all(slow))];
}
