// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDinteroMerchantApi,
  isDinteroApiError,
  type DinteroApiError,
  type DinteroApiErrorKind,
} from '../../src/server';

// The helper against an upstream on 127.0.0.1 that answers badly on purpose: wrong content types,
// refusals, server errors, silence, redirects, huge bodies, broken connections, and answers that
// echo the credentials back. Every failure is a typed DinteroApiError, and no secret or token ever
// appears in an error (message, fields, JSON, inspection, stack) or in the console.

const SECRET = 'secret-Zq8vXw3LkP0m';
const TOKEN = 'token-Hj5nR2yTq9Wc';
const ACCOUNT = 'T12345678';

type Behaviour = (request: IncomingMessage, response: ServerResponse, path: string) => void;

let server: Server;
let origin = '';
let behaviour: Behaviour;
/** Paths requested, in order (the redirect targets must never appear). */
const seen: string[] = [];
const consoleOutput: string[] = [];
const errors: DinteroApiError[] = [];

function tokenAnswer(response: ServerResponse) {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 }));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    seen.push(path);
    behaviour(request, response, path);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map((arg) => inspect(arg, { depth: 5 })).join(' '));
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

function api(timeoutMs = 2_000) {
  return createDinteroMerchantApi({
    accountId: ACCOUNT,
    clientId: 'client-1',
    clientSecret: SECRET,
    apiUrl: origin,
    checkoutUrl: origin,
    allowLoopbackHttp: true,
    timeoutMs,
  });
}

/** Runs `call`, expects a DinteroApiError of `kind`, and keeps it for the secrets check. */
async function expectFailure(call: Promise<unknown>, kind: DinteroApiErrorKind): Promise<DinteroApiError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isDinteroApiError(error), String(error)).toBe(true);
  expect((error as DinteroApiError).kind).toBe(kind);
  errors.push(error as DinteroApiError);
  return error as DinteroApiError;
}

/** The token succeeds; the other call gets `answer`. */
function afterToken(answer: Behaviour): Behaviour {
  return (request, response, path) =>
    path.endsWith('/auth/token') ? tokenAnswer(response) : answer(request, response, path);
}

const session = () =>
  api().createSession({
    order: { amount: 100, currency: 'SEK', merchant_reference: 'r' },
    url: { return_url: 'https://shop.example/return' },
  });

describe('a hostile upstream', () => {
  it('a token answer with the wrong content type, bad JSON or missing fields is invalid_response', async () => {
    const answers: Array<[string, string]> = [
      ['text/html', `<html>${TOKEN}</html>`],
      ['application/json', `{"access_token": "${TOKEN}"`],
      ['application/json', JSON.stringify({ access_token: TOKEN, token_type: 'Bearer' })],
      ['application/json', JSON.stringify({ access_token: TOKEN, token_type: 'MAC', expires_in: 60 })],
      [
        'application/json',
        JSON.stringify({ access_token: `${TOKEN}\r\nx-evil: 1`, token_type: 'Bearer', expires_in: 60 }),
      ],
      ['application/json', JSON.stringify({ access_token: '', token_type: 'Bearer', expires_in: 60 })],
      ['application/json', JSON.stringify([TOKEN])],
    ];
    for (const [type, body] of answers) {
      behaviour = (_request, response) => {
        response.writeHead(200, { 'content-type': type });
        response.end(body);
      };
      await expectFailure(api().getAccessToken(), 'invalid_response');
    }
  });

  it('401 and 403 are unauthorized; 400 is invalid_request with Dintero’s code, never its text', async () => {
    for (const status of [401, 403]) {
      behaviour = (request, response) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        // An upstream that echoes what it got: the Authorization header and the secret.
        response.end(
          JSON.stringify({
            error: { message: `bad ${request.headers.authorization} ${SECRET}`, code: 'UNAUTHORIZED' },
          }),
        );
      };
      const error = await expectFailure(api().getAccessToken(), 'unauthorized');
      expect(error).toMatchObject({ status, code: 'UNAUTHORIZED', retryable: false });
    }
    behaviour = afterToken((request, response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          error: {
            message: `order rejected ${request.headers.authorization}`,
            code: 'AMOUNT_MISMATCH',
            errors: [{ field: 'order.amount', message: TOKEN }],
          },
        }),
      );
    });
    const error = await expectFailure(session(), 'invalid_request');
    expect(error).toMatchObject({ status: 400, code: 'AMOUNT_MISMATCH', field: 'order.amount' });
    expect(error.message).not.toMatch(/order rejected/);
  });

  it('a code or field that is not a plain token is dropped', async () => {
    behaviour = (_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: `X ${SECRET}`, errors: [{ field: `<${TOKEN}>` }] } }));
    };
    const error = await expectFailure(api().getAccessToken(), 'invalid_request');
    expect([error.code, error.field]).toEqual([undefined, undefined]);
  });

  it('429 is rate_limited and 5xx is server, both retryable', async () => {
    behaviour = afterToken((_request, response) => {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '5' });
      response.end('{}');
    });
    expect(await expectFailure(session(), 'rate_limited')).toMatchObject({ status: 429, retryable: true });
    for (const status of [500, 502, 503]) {
      behaviour = afterToken((_request, response) => {
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end(`upstream failure ${TOKEN}`);
      });
      expect(await expectFailure(session(), 'server')).toMatchObject({ status, retryable: true });
    }
  });

  it('silence and a body that trickles end at timeoutMs as timeout', async () => {
    behaviour = () => undefined; // never answers
    expect(await expectFailure(api(150).getAccessToken(), 'timeout')).toMatchObject({ retryable: true });
    behaviour = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"access_token":'); // and nothing more
    };
    await expectFailure(api(150).getAccessToken(), 'timeout');
    // A fetch that ignores its signal cannot hold the caller either.
    const stubborn = createDinteroMerchantApi({
      accountId: ACCOUNT,
      clientId: 'c',
      clientSecret: SECRET,
      timeoutMs: 50,
      fetch: () => new Promise<Response>(() => undefined),
    });
    await expectFailure(stubborn.getAccessToken(), 'timeout');
  });

  it('a redirect is never followed: invalid_response, and the target is never asked', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      seen.length = 0;
      behaviour = (_request, response, path) => {
        if (path === '/steal') return tokenAnswer(response);
        response.writeHead(status, { location: `${origin}/steal` });
        response.end();
      };
      expect(await expectFailure(api().getAccessToken(), 'invalid_response')).toMatchObject({ status });
      behaviour = afterToken((_request, response, path) => {
        if (path === '/steal') return tokenAnswer(response);
        response.writeHead(status, { location: `${origin}/steal` });
        response.end();
      });
      await expectFailure(api().getTransaction('P1.abc'), 'invalid_response');
      expect(seen).not.toContain('/steal');
    }
  });

  it('a huge body, declared or streamed, is invalid_response', async () => {
    behaviour = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50_000_000) });
      response.write('{"a":"');
    };
    await expectFailure(api().getAccessToken(), 'invalid_response');
    behaviour = afterToken((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'x'.repeat(65_536);
      for (let i = 0; i < 8; i++) response.write(chunk);
      response.end();
    });
    await expectFailure(api().getTransaction('P1.abc'), 'invalid_response');
  });

  it('a transaction for another id, or without a whole amount, is invalid_response', async () => {
    for (const transaction of [
      { id: 'P1.other', status: 'AUTHORIZED', amount: 100, currency: 'SEK' },
      { id: 'P1.abc', status: 'AUTHORIZED', amount: 100.5, currency: 'SEK' },
      { id: 'P1.abc', status: 'AUTHORIZED', amount: '100', currency: 'SEK' },
      { id: 'P1.abc', status: 'AUTHORIZED', currency: 'SEK' },
      { id: 'P1.abc', amount: 100, currency: 'SEK' },
    ]) {
      behaviour = afterToken((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(transaction));
      });
      await expectFailure(api().getTransaction('P1.abc'), 'invalid_response');
    }
    behaviour = afterToken((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'x y' }));
    });
    await expectFailure(session(), 'invalid_response');
  });

  it('a refused connection and a connection dropped mid-answer are network', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = createDinteroMerchantApi({
      accountId: ACCOUNT,
      clientId: 'c',
      clientSecret: SECRET,
      apiUrl: `http://127.0.0.1:${port}`,
      allowLoopbackHttp: true,
    });
    expect(await expectFailure(unreachable.getAccessToken(), 'network')).toMatchObject({ retryable: true });

    behaviour = (request) => request.socket.destroy();
    await expectFailure(api().getAccessToken(), 'network');
    behaviour = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"access');
      setTimeout(() => response.socket?.destroy(), 10);
    };
    await expectFailure(api().getAccessToken(), 'network');
  });

  it('sends the credentials only as HTTP Basic to the token endpoint, and the token only as Bearer', async () => {
    const authorizations: Array<[string, string | undefined]> = [];
    let body = '';
    behaviour = (request, response, path) => {
      authorizations.push([path, request.headers.authorization]);
      if (path.endsWith('/auth/token')) {
        request.setEncoding('utf8');
        request.on('data', (chunk: string) => (body += chunk));
        request.on('end', () => tokenAnswer(response));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'P1.abc', status: 'CAPTURED', amount: 100, currency: 'SEK' }));
    };
    expect(await api().getTransaction('P1.abc')).toMatchObject({ status: 'CAPTURED', amount: 100 });
    expect(authorizations).toEqual([
      [`/v1/accounts/${ACCOUNT}/auth/token`, `Basic ${btoa(`client-1:${SECRET}`)}`],
      ['/v1/transactions/P1.abc', `Bearer ${TOKEN}`],
    ]);
    expect(JSON.parse(body)).toEqual({
      grant_type: 'client_credentials',
      audience: `${origin}/v1/accounts/${ACCOUNT}`,
    });
  });
});

describe('secrets', () => {
  it('no error of the cases above carries the secret, the token or the Authorization header, and nothing reached the console', () => {
    expect(errors.length).toBeGreaterThanOrEqual(30);
    const basic = btoa(`client-1:${SECRET}`);
    for (const error of errors) {
      const views = [
        error.message,
        String(error),
        String(error.stack),
        JSON.stringify(error),
        JSON.stringify(Object.values(error)),
        inspect(error, { depth: 10, showHidden: true }),
      ];
      for (const view of views) {
        for (const secret of [SECRET, TOKEN, basic, 'Bearer ', 'Basic ']) expect(view).not.toContain(secret);
      }
      expect(Object.keys(error).sort()).toEqual(['code', 'field', 'kind', 'name', 'retryable', 'status']);
    }
    for (const line of consoleOutput) {
      for (const secret of [SECRET, TOKEN, basic]) expect(line).not.toContain(secret);
    }
  });
});
