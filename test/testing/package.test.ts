// @vitest-environment node
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built testing entry, used the way a shop installs it: a package in node_modules next to its
// peers and nothing else. Built into a temporary directory with the project's own tsdown config, so
// the repository's dist/ is left alone.

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const rootPackage = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

let work: string;
let testingJs: string;

/** A shop directory with the built package and the given peers (linked from this repository). */
function shop(name: string, peers: string[]): string {
  const dir = path.join(work, name);
  const modules = path.join(dir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  cpSync(path.join(work, 'package'), path.join(modules, 'react-dintero-pay'), { recursive: true });
  for (const peer of peers)
    symlinkSync(path.join(ROOT, 'node_modules', peer), path.join(modules, peer), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return dir;
}

async function node(dir: string, script: string): Promise<Record<string, unknown>> {
  const file = path.join(dir, 'check.mjs');
  writeFileSync(file, script);
  const { stdout } = await run(process.execPath, [file], { cwd: dir, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'rdp-package-'));
  const pkg = path.join(work, 'package');
  mkdirSync(pkg);
  cpSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
  await run(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsdown/dist/run.mjs'), '-d', path.join(pkg, 'dist')],
    {
      cwd: ROOT,
      timeout: 180_000,
    },
  );
  testingJs = readFileSync(path.join(pkg, 'dist/testing.js'), 'utf8');
}, 200_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const PAY_WITH_THE_SERVER = `
import { startDinteroEmulator, createDinteroHandlers } from 'react-dintero-pay/testing';
const mswAvailable = await import('msw').then(() => true, () => false);
const server = await startDinteroEmulator({ port: 0 });
const pay = await fetch(server.url + '/v1/sessions/T11223344.pkg/pay', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ payment_product_type: 'swish.swish' }),
});
const answer = await pay.json();
const poll = await fetch(answer.poll_url);
let handlers;
try {
  handlers = { ok: true, count: createDinteroHandlers().handlers.length };
} catch (error) {
  handlers = { ok: false, message: error.message };
}
await server.close();
console.log(JSON.stringify({ mswAvailable, payStatus: pay.status, pollUrl: answer.poll_url, pollStatus: poll.status, qr: typeof answer.qr_code, handlers }));
`;

describe('the built testing entry', () => {
  it('startDinteroEmulator works without msw installed; only createDinteroHandlers asks for it', async () => {
    const result = await node(shop('without-msw', ['zod']), PAY_WITH_THE_SERVER);
    expect(result).toMatchObject({ mswAvailable: false, payStatus: 200, pollStatus: 202, qr: 'string' });
    expect(result.pollUrl).toMatch(/\/v1\/view\/T11223344\.pkg\/swish\/[^/]+\/status$/);
    expect(result.handlers).toEqual({
      ok: false,
      message: expect.stringMatching(/optional peer dependency "msw"/),
    });
  }, 90_000);

  it('createDinteroHandlers works from the build when msw is installed, as the README shows', async () => {
    const script = `
import { setupServer } from 'msw/node';
import { createDinteroHandlers } from 'react-dintero-pay/testing';
const { handlers, emulator } = createDinteroHandlers();
const server = setupServer(...handlers);
server.listen({ onUnhandledRequest: 'error' });
const pay = await fetch('https://checkout.dintero.com/v1/sessions/T1.msw/pay', {
  method: 'POST',
  body: JSON.stringify({ payment_product_type: 'swish.swish', phone_number: '+46701234567' }),
});
const answer = await pay.json();
const pending = emulator.pending().length;
server.close();
console.log(JSON.stringify({ payStatus: pay.status, pollUrl: answer.poll_url, pending }));
`;
    const result = await node(shop('with-msw', ['zod', 'msw']), script);
    expect(result).toEqual({
      payStatus: 200,
      pollUrl: expect.stringMatching(/^https:\/\/checkout\.dintero\.com\/v1\/view\/T1\.msw\/swish\//),
      pending: 1,
    });
  }, 90_000);

  it("a shop's server flow from the build: /server's createDinteroMerchantApi against /testing's emulator", async () => {
    const script = `
import { createDinteroMerchantApi } from 'react-dintero-pay/server';
import { EMULATOR_ACCOUNT_ID, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, startDinteroEmulator } from 'react-dintero-pay/testing';
const emulator = await startDinteroEmulator({ port: 0 });
const dintero = createDinteroMerchantApi({
  accountId: EMULATOR_ACCOUNT_ID, clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET,
  apiUrl: emulator.url, checkoutUrl: emulator.url, allowLoopbackHttp: true,
});
const session = await dintero.createSession({
  order: { amount: 4500, currency: 'NOK', merchant_reference: 'pkg-1' },
  url: { return_url: 'https://shop.example/return' },
});
const pay = await fetch(emulator.url + '/v1/sessions/' + session.id + '/pay', {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ payment_product_type: 'vipps' }),
});
const { redirect_url } = await pay.json();
const transaction = await dintero.getTransaction(new URL(redirect_url).searchParams.get('transaction_id'));
await emulator.close();
console.log(JSON.stringify({ status: transaction.status, amount: transaction.amount, currency: transaction.currency, returnTo: new URL(redirect_url).origin }));
`;
    const result = await node(shop('merchant-server', ['zod']), script);
    expect(result).toEqual({
      status: 'AUTHORIZED',
      amount: 4500,
      currency: 'NOK',
      returnTo: 'https://shop.example',
    });
  }, 90_000);

  it('bundles uqr into dist/testing.js (no import of it), and no shop installs uqr', () => {
    expect(testingJs).not.toMatch(/from\s*["']uqr["']/);
    expect(testingJs).not.toMatch(/import\s*\(?\s*["']uqr["']/);
    expect(testingJs).toContain('Project Nayuki'); // the bundled encoder's licence notice
    expect(rootPackage.dependencies?.uqr).toBeUndefined();
    expect(rootPackage.peerDependencies?.uqr).toBeUndefined();
    expect(rootPackage.devDependencies?.uqr).toBeDefined();
    // msw only through the dynamic import createDinteroHandlers needs, never a static one.
    expect(testingJs).not.toMatch(/from\s*["']msw["']/);
    expect(testingJs).toMatch(/await import\(["']msw["']\)/);
  });
});
