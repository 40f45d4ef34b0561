// @vitest-environment node
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENVIRONMENTS,
  RESOLUTIONS,
  STRICT,
  buildPackage,
  checkWithApi,
  consumersDirectory,
  writeConsumer,
  type BuiltPackage,
} from './type-consumers';

// `/testing` and `/server` type-check in a shop's project whatever it has: with or without msw
// installed, with the DOM lib (a browser app) or without it (`lib: ['ES2022']` + @types/node, a
// Node server), with Node's or a bundler's module resolution, and with `skipLibCheck: false`. Only
// code that uses msw itself needs msw's types; the handlers go into msw's setupServer, setupWorker
// and use() as they are.

const USES_TESTING = `
import {
  APP_EXPIRY_MS, CONTROL_PREFIX, DEFAULT_APPROVE_AFTER_DELAY_MS, DEFAULT_SESSION_UPDATED_AT, DEFAULT_SLOW_MS,
  EMULATOR_ACCOUNT_ID, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, MAGIC_PHONE_NUMBERS, PAYMENT_PRODUCT_TYPES,
  REMEMBER_ME_COOKIE, SCENARIOS, SWISH_EXPIRY_MS, createDinteroEmulator, createDinteroHandlers, isScenarioName,
  magicPhoneNumber, maskPhoneNumber, qrCodeDataUrl, scenarioForPhoneNumber, startDinteroEmulator,
  type DinteroEmulator, type DinteroEmulatorOptions, type DinteroEmulatorServer, type DinteroHandlers,
  type DinteroMswHandler, type EmulatedSession, type EmulatedTransaction, type EmulatorRequest,
  type EmulatorResponse, type LoggedRequest, type PendingPaymentRequest, type ScenarioName,
} from 'react-dintero-pay/testing';

const options: DinteroEmulatorOptions = { scenario: 'approve', now: () => 0, tokenExpiresIn: 60 };
const emulator: DinteroEmulator = createDinteroEmulator(options);
const request: EmulatorRequest = { method: 'POST', url: 'https://x.example/v1/sessions/T1.a/pay', body: '{}' };
const answer: Promise<EmulatorResponse> = emulator.handle(request);
const pending: PendingPaymentRequest[] = emulator.pending();
const session: EmulatedSession | undefined = emulator.getSession('T1.a');
const transaction: EmulatedTransaction | undefined = emulator.getTransaction('P1.a');
const log: readonly LoggedRequest[] = emulator.requests;
const scenario: ScenarioName = SCENARIOS[0]!;
const numbers: string[] = [MAGIC_PHONE_NUMBERS.approve, magicPhoneNumber('decline', 'DK'), maskPhoneNumber('+4520123456')];
const picked: ScenarioName | undefined = scenarioForPhoneNumber('+4520000003');
const names: boolean = isScenarioName('approve');
const kit: DinteroHandlers = createDinteroHandlers({ baseUrl: 'https://checkout.dintero.com/v1' });
const handlers: DinteroMswHandler[] = kit.handlers;
const server: Promise<DinteroEmulatorServer> = startDinteroEmulator({ port: 0 });
const constants: Array<string | number | readonly string[]> = [
  APP_EXPIRY_MS, CONTROL_PREFIX, DEFAULT_APPROVE_AFTER_DELAY_MS, DEFAULT_SESSION_UPDATED_AT, DEFAULT_SLOW_MS,
  EMULATOR_ACCOUNT_ID, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET, PAYMENT_PRODUCT_TYPES, REMEMBER_ME_COOKIE,
  SWISH_EXPIRY_MS, qrCodeDataUrl('D1'),
];
export { answer, pending, session, transaction, log, scenario, numbers, picked, names, handlers, server, constants };
`;

const USES_SERVER = `
import {
  DinteroApiError, createDinteroMerchantApi, createDinteroProxy, isDinteroApiError, toNodeHandler,
  type DinteroMerchantApi, type DinteroTransaction,
} from 'react-dintero-pay/server';

const api: DinteroMerchantApi = createDinteroMerchantApi({ accountId: 'T1', clientId: 'a', clientSecret: 'b' });
async function confirm(id: string): Promise<boolean> {
  try {
    const transaction: DinteroTransaction = await api.getTransaction(id);
    return transaction.status === 'AUTHORIZED' && transaction.amount === 29900;
  } catch (error) {
    if (isDinteroApiError(error) && error.kind === 'not_found') return false;
    throw error instanceof DinteroApiError ? error : new Error('unexpected');
  }
}
const proxy = createDinteroProxy({ basePath: '/api/dintero' });
const node = toNodeHandler(proxy);
export { confirm, node };
`;

/** msw's own API with the kit's handlers: what a merchant's test and a browser worker do. */
const USES_MSW = `
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import { setupServer } from 'msw/node';
import { createDinteroHandlers } from 'react-dintero-pay/testing';

const { handlers } = createDinteroHandlers();
const server = setupServer(...handlers, http.get('https://shop.example/other', () => HttpResponse.json({})));
server.use(...handlers);
server.resetHandlers(...handlers);
const worker = setupWorker(...handlers);
worker.use(...handlers);
const mixed = [...handlers, http.get('https://shop.example/x', () => HttpResponse.text('x'))];
setupServer(...mixed);
export { server, worker };
`;

let built: BuiltPackage;
let consumers: ReturnType<typeof consumersDirectory>;

beforeAll(async () => {
  built = await buildPackage();
  consumers = consumersDirectory();
}, 240_000);

afterAll(() => {
  built?.dispose();
  consumers?.dispose();
});

function check(
  name: string,
  options: Record<string, unknown>,
  packages: readonly string[],
  files: Record<string, string>,
) {
  const dir = writeConsumer(consumers.dir, built.dir, {
    name,
    compilerOptions: { ...STRICT, ...options },
    packages,
    files,
  });
  return checkWithApi(ts, dir);
}

describe('the declarations of /testing and /server in a shop’s project', () => {
  for (const [resolution, moduleOptions] of Object.entries(RESOLUTIONS)) {
    for (const [environment, setting] of Object.entries(ENVIRONMENTS)) {
      for (const msw of [false, true]) {
        const name = `${resolution}, ${environment}, ${msw ? 'with' : 'without'} msw`;
        it(
          name,
          () => {
            const packages = [...setting.packages, ...(msw ? ['msw'] : [])];
            const diagnostics = check(name, { ...moduleOptions, ...setting.compilerOptions }, packages, {
              'testing.ts': USES_TESTING,
              'server.ts': USES_SERVER,
            });
            expect(diagnostics).toEqual([]);
          },
          60_000,
        );
      }
    }
  }

  it('/testing needs neither the DOM lib nor @types/node: bare ES2022', () => {
    const diagnostics = check('bare', { ...RESOLUTIONS.bundler, lib: ['ES2022'], types: [] }, [], {
      'testing.ts': USES_TESTING,
    });
    expect(diagnostics).toEqual([]);
  }, 60_000);

  it("the handlers go into msw's setupServer, setupWorker and use() (real msw 2 declarations)", () => {
    for (const [resolution, moduleOptions] of Object.entries(RESOLUTIONS)) {
      const diagnostics = check(
        `msw api ${resolution}`,
        // msw's own declarations are not the question here (the matrix checks ours): only whether
        // msw's functions take the kit's handlers.
        { ...moduleOptions, lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: ['node'], skipLibCheck: true },
        ['msw', '@types/node'],
        { 'msw.ts': USES_MSW },
      );
      expect(diagnostics, resolution).toEqual([]);
    }
  }, 60_000);

  it('the check catches a broken consumer (the harness itself can fail)', () => {
    const diagnostics = check(
      'broken',
      { ...RESOLUTIONS.node16, ...ENVIRONMENTS.node.compilerOptions },
      ['@types/node'],
      {
        'broken.ts': `import { createDinteroEmulator } from 'react-dintero-pay/testing';\nconst n: number = createDinteroEmulator();\nexport { n };\n`,
      },
    );
    expect(diagnostics).toEqual([expect.stringMatching(/^broken\.ts:2: TS2322 /)]);
  }, 60_000);
});
