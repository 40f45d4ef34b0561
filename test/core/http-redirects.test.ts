// @vitest-environment node
/**
 * Row 31 with Node's own fetch (undici, no MSW) against real HTTP servers on 127.0.0.1: an API that
 * answers every pay call and status check with a redirect, and another origin that must hear nothing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PayError } from '../../src/core/errors';
import { createDinteroClient, type HttpResult } from '../../src/core/http';

const SESSION = 'T11223344.abc';
const REDIRECTS = [301, 302, 303, 307, 308] as const;

interface Heard {
  method: string;
  url: string;
  body: string;
}

/** A server that records what it heard and answers with `answer`. */
async function listen(
  heard: Heard[],
  answer: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      heard.push({ method: request.method ?? '', url: request.url ?? '', body });
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function close(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const atApi: Heard[] = [];
const elsewhere: Heard[] = [];
let api: { server: Server; origin: string };
let other: { server: Server; origin: string };
/** What the API answers with: a status and where its `Location` points. */
let redirect: { status: number; to: 'other' | 'self' } = { status: 307, to: 'other' };

beforeAll(async () => {
  // The other origin answers like a success, so a client that followed would have something to trust.
  other = await listen(elsewhere, (request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        request.method === 'POST'
          ? { success: true, actions: [], redirect_url: `${other.origin}/paid` }
          : { redirect_url: `${other.origin}/paid` },
      ),
    );
  });
  api = await listen(atApi, (request, response) => {
    const location = redirect.to === 'self' ? (request.url ?? '/') : `${other.origin}${request.url ?? '/'}`;
    response.writeHead(redirect.status, { location, 'content-type': 'application/json' });
    response.end(JSON.stringify({ success: true, actions: [], redirect_url: `${other.origin}/paid` }));
  });
});

afterAll(async () => {
  await Promise.all([close(api?.server), close(other?.server)]);
});

beforeEach(() => {
  atApi.length = 0;
  elsewhere.length = 0;
});

function expectInvalidResponse<T>(result: HttpResult<T>, status: number): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toBeInstanceOf(PayError);
  expect(result.error).toMatchObject({ kind: 'invalid_response', httpStatus: status, retryable: false });
}

describe("row 31: Node's fetch against a real server that redirects", () => {
  // Node has no `navigator.onLine === false`, but say so explicitly: these requests must go out.
  const client = () => createDinteroClient({ baseUrl: `${api.origin}/v1`, isOffline: () => false });

  for (const status of REDIRECTS) {
    it(`row 31: a ${status} on the pay POST to another origin: one request, the body goes nowhere else`, async () => {
      redirect = { status, to: 'other' };
      const result = await client().pay(SESSION, {
        payment_product_type: 'swish.swish',
        phone_number: '+46701234567',
      });
      expectInvalidResponse(result, status);
      expect(atApi).toHaveLength(1);
      expect(atApi[0]).toMatchObject({ method: 'POST', url: `/v1/sessions/${SESSION}/pay` });
      expect(elsewhere).toEqual([]);
    });

    it(`row 31: a ${status} on a status check to another origin: one request, nothing there`, async () => {
      redirect = { status, to: 'other' };
      expectInvalidResponse(await client().poll(`${api.origin}/v1/view/${SESSION}/swish/P1/status`), status);
      expect(atApi.map(({ method, url }) => `${method} ${url}`)).toEqual([
        `GET /v1/view/${SESSION}/swish/P1/status`,
      ]);
      expect(elsewhere).toEqual([]);
    });

    it(`row 31: a ${status} to itself is one request per call, not a loop`, async () => {
      redirect = { status, to: 'self' };
      expectInvalidResponse(await client().poll(`${api.origin}/v1/view/${SESSION}/swish/P1/status`), status);
      expectInvalidResponse(await client().pay(SESSION, { payment_product_type: 'swish.swish' }), status);
      expect(atApi).toHaveLength(2);
      expect(elsewhere).toEqual([]);
    });
  }
});
