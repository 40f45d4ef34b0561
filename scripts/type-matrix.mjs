// The package's declarations in a shop's project, on every TypeScript: the library is packed as npm
// publishes it, and small consumers of every entry (`.`, `/core`, `/server`, `/testing`,
// `/locales/*` and the `/styles.css` side-effect import) are type-checked with `skipLibCheck: false`
// under TypeScript 5.9 (the repository's), 6 and 7 (test/types/consumers), with `moduleResolution`
// `node16` and `bundler`, with and without msw installed, and with the DOM lib (a browser app: every
// entry) or without it (a Node server: `lib: ['ES2022']` + @types/node; `/server` and `/testing`).
// Each consumer has an `@ts-expect-error` that only real declarations satisfy, and each compiler
// first has to fail a consumer that is wrong, so a check that checked nothing cannot pass.
//
//   node scripts/type-matrix.mjs     one line per cell, then "types: N passed, N failed" (exit 1 on any failure)
//
// The consumers are made by test/testing/type-consumers.ts (the harness of the testing entry's
// type tests), with the packed package copied into each consumer's node_modules.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { installDependencies, packLibrary, run, runCheck } from '../examples/shared/check.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const COMPILERS_DIR = path.join(ROOT, 'test/types/consumers');
const HARNESS = path.join(ROOT, 'test/testing/type-consumers.ts');

/** The compilers: the repository's own, and the two installed in test/types/consumers. */
const COMPILERS = [
  { name: 'TypeScript 5.9', tsc: path.join(ROOT, 'node_modules/typescript/bin/tsc') },
  { name: 'TypeScript 6', tsc: path.join(COMPILERS_DIR, 'node_modules/typescript-6/bin/tsc') },
  { name: 'TypeScript 7', tsc: path.join(COMPILERS_DIR, 'node_modules/typescript-7/bin/tsc') },
];

/** A browser app: every entry, React and its types, the stylesheet. */
const APP = `
import { useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  ApprovalView, PayButton, PayError, PaySessionProvider, PaymentError, PhoneInput, SwishApprovalView, appOf,
  en, errorMessageKey, formatMessage, formatPhoneNumber, isPayError, maskPhoneNumber, parsePhoneNumber,
  themeVariables, useMessages, useOptionalPaySession, usePaySession, usePaySessionContext, usePhoneField,
  useThemeVariables,
  type Approval, type Messages, type PayButtonProps, type PayStatus, type PayTheme, type PaymentProductType,
  type UsePaySessionOptions, type UsePaySessionResult,
} from 'react-dintero-pay';
import { da } from 'react-dintero-pay/locales/da';
import { fi } from 'react-dintero-pay/locales/fi';
import { nb } from 'react-dintero-pay/locales/nb';
import { sv } from 'react-dintero-pay/locales/sv';
import 'react-dintero-pay/styles.css';

const catalogues: Record<string, Messages> = { en, nb, sv, da, fi };
const theme: PayTheme = { colorPrimary: '#1f5c4a', borderRadius: 12 };
const product: PaymentProductType = 'swish.swish';

function Checkout({ sessionId, onRedirect }: { sessionId: string; onRedirect?: UsePaySessionOptions['onRedirect'] }) {
  const session: UsePaySessionResult = usePaySession({ sessionId, paymentProductType: product, onRedirect });
  const status: PayStatus = session.status;
  const approval: Approval | undefined = session.status === 'awaiting_approval' ? session.approval : undefined;
  const kind = session.status === 'failed' ? session.error.kind : undefined;
  const button: PayButtonProps = { amount: 78700, currency: 'SEK' };
  // @ts-expect-error sessionId is required: only real declarations know it
  usePaySession({ paymentProductType: product });
  return (
    <PaySessionProvider session={session} locale="sv" messages={catalogues.sv} theme={theme}>
      <p data-status={status} data-kind={kind} data-expires={approval?.expiresAt} />
      {session.isBusy ? <SwishApprovalView layout="desktop" /> : <ApprovalView />}
      <PhoneInput defaultCountry="SE" />
      <PaymentError />
      <PayButton {...button} />
      <Summary />
    </PaySessionProvider>
  );
}

/** Rendered inside the provider: the context hooks, the words, the phone field's pieces. */
function Summary(): ReactNode {
  const session: UsePaySessionResult = usePaySessionContext();
  const optional: UsePaySessionResult | null | undefined = useOptionalPaySession();
  const { t, locale } = useMessages(appOf(product));
  const field = usePhoneField({ defaultCountry: 'NO' });
  const themed = useThemeVariables<HTMLDivElement>(theme);
  const error = new PayError('network', { retryable: true });
  const parsed = parsePhoneNumber('070 123 45 67', 'SE');
  return [
    session.status,
    String(optional?.isBusy),
    t('pay', { amount: '1' }),
    locale,
    field.text,
    String(themed) + themeVariables(theme).length,
    isPayError(error) ? errorMessageKey(error) : '',
    formatMessage('{a}', { a: 'b' }),
    formatPhoneNumber('0701234567', 'SE'),
    maskPhoneNumber('+46701234567'),
    parsed.ok ? parsed.e164 : parsed.problem,
  ].join();
}

export function Shop() {
  const [client] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={client}>
      <Checkout sessionId="T11223344.a" onRedirect={(url: string) => void url} />
    </QueryClientProvider>
  );
}
`;

/** The framework-free core. */
const CORE = `
import {
  DEFAULT_POLL_POLICY, KNOWN_PAYMENT_PRODUCT_TYPES, PayError, appOf, checkRedirectUrl, createDinteroClient,
  createPaySession, isTerminal, parsePhoneNumber,
  type PaySessionSnapshot, type PollPolicy,
} from 'react-dintero-pay/core';

const policy: PollPolicy = { ...DEFAULT_POLL_POLICY, intervalMs: 50 };
const client = createDinteroClient({ baseUrl: 'https://checkout.dintero.com/v1' });
const session = createPaySession('T11223344.a', { paymentProductType: 'vipps', poll: policy });
const snapshot: PaySessionSnapshot = session.getSnapshot();
const done: boolean = isTerminal(snapshot.status);
const guard = checkRedirectUrl('https://shop.example/return');
const error = new PayError('timeout');
// @ts-expect-error paymentProductType is required: only real declarations know it
createPaySession('T11223344.a', {});
export { client, done, guard, error, KNOWN_PAYMENT_PRODUCT_TYPES, appOf, parsePhoneNumber };
`;

/** The proxy and the merchant API: a Node server's code. */
const SERVER = `
import {
  DinteroApiError, createDinteroMerchantApi, createDinteroProxy, isDinteroApiError, toNodeHandler,
  type DinteroMerchantApi, type DinteroProxyHandler, type DinteroTransaction,
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
const proxy: DinteroProxyHandler = createDinteroProxy({ basePath: '/api/dintero' });
const node = toNodeHandler(proxy);
// @ts-expect-error basePath is required: only real declarations know it
createDinteroProxy({});
export { confirm, node };
`;

/** The testing kit: the emulator, its server, the MSW handlers (typed without msw). */
const TESTING = `
import {
  EMULATOR_ACCOUNT_ID, MAGIC_PHONE_NUMBERS, SCENARIOS, createDinteroEmulator, createDinteroHandlers,
  magicPhoneNumber, startDinteroEmulator,
  type DinteroEmulator, type DinteroEmulatorServer, type DinteroMswHandler, type PendingPaymentRequest,
} from 'react-dintero-pay/testing';

const emulator: DinteroEmulator = createDinteroEmulator({ scenario: SCENARIOS[0] });
const pending: PendingPaymentRequest[] = emulator.pending();
const handlers: DinteroMswHandler[] = createDinteroHandlers({ returnUrl: 'https://shop.example/r' }).handlers;
const server: Promise<DinteroEmulatorServer> = startDinteroEmulator({ port: 0 });
const numbers = [MAGIC_PHONE_NUMBERS.approve, magicPhoneNumber('decline', 'DK'), EMULATOR_ACCOUNT_ID];
// @ts-expect-error a scenario is one of the emulator's names: only real declarations know them
createDinteroEmulator({ scenario: 'no_such_scenario' });
export { pending, handlers, server, numbers };
`;

/** msw's own API with the kit's handlers, where msw is installed. */
const MSW_NODE = `
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createDinteroHandlers } from 'react-dintero-pay/testing';

const { handlers } = createDinteroHandlers();
const server = setupServer(...handlers, http.get('https://shop.example/x', () => HttpResponse.json({})));
server.use(...handlers);
export { server };
`;
const MSW_BROWSER = `
import { setupWorker } from 'msw/browser';
import { createDinteroHandlers } from 'react-dintero-pay/testing';

export const worker = setupWorker(...createDinteroHandlers().handlers);
`;

/** A consumer that is wrong: every compiler must say so, or its silence means nothing. */
const WRONG = `
import { createDinteroProxy } from 'react-dintero-pay/server';
const wrong: number = createDinteroProxy({ basePath: '/api/dintero' });
export { wrong };
`;

const REACT_PACKAGES = ['react', '@types/react', '@tanstack/react-query', 'zod'];

/** Every cell of the matrix. */
function cells(harness) {
  const list = [];
  for (const compiler of COMPILERS) {
    for (const [resolution, moduleOptions] of Object.entries(harness.RESOLUTIONS)) {
      for (const dom of [true, false]) {
        for (const msw of [false, true]) {
          const environment = dom ? harness.ENVIRONMENTS.dom : harness.ENVIRONMENTS.node;
          const files = dom
            ? { 'app.tsx': APP, 'core.ts': CORE, 'server.ts': SERVER, 'testing.ts': TESTING }
            : { 'server.ts': SERVER, 'testing.ts': TESTING };
          // msw's own declarations need the DOM lib: without it, msw is installed but not used.
          if (msw && dom) Object.assign(files, { 'msw-node.ts': MSW_NODE, 'msw-browser.ts': MSW_BROWSER });
          list.push({
            compiler,
            label:
              `${compiler.name.padEnd(14)} ${resolution.padEnd(7)} ${dom ? 'DOM lib' : 'no DOM (ES2022 + @types/node)'}`.padEnd(
                55,
              ) + (msw ? 'msw installed' : 'no msw'),
            entries: dom ? '., /core, /server, /testing, /locales/*, /styles.css' : '/server, /testing',
            consumer: {
              compilerOptions: {
                ...harness.STRICT,
                ...moduleOptions,
                ...environment.compilerOptions,
                ...(dom ? { jsx: 'react-jsx' } : {}),
              },
              packages: [...environment.packages, ...(dom ? REACT_PACKAGES : []), ...(msw ? ['msw'] : [])],
              files,
            },
          });
        }
      }
    }
  }
  return list;
}

/** The harness (TypeScript) as a module Node 20 runs: types removed, its own location kept. */
async function loadHarness(work) {
  const { transform } = await import('esbuild');
  const { code } = await transform(readFileSync(HARNESS, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    define: { 'import.meta.dirname': JSON.stringify(path.dirname(HARNESS)) },
  });
  const file = path.join(work, 'type-consumers.mjs');
  writeFileSync(file, code);
  return import(pathToFileURL(file).href);
}

/** Writes a consumer with the packed package copied in (not linked: its peers resolve from the consumer). */
function writeConsumer(harness, parent, packageDir, name, consumer) {
  const dir = harness.writeConsumer(parent, packageDir, { name, ...consumer });
  const installed = path.join(dir, 'node_modules/react-dintero-pay');
  rmSync(installed);
  cpSync(packageDir, installed, { recursive: true });
  return dir;
}

/** Runs `work` on every item, at most `limit` at a time (two cores). */
async function pool(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

runCheck('type matrix', async ({ log, timed }) => {
  await installDependencies(COMPILERS_DIR, { log, timed });
  const work = mkdtempSync(path.join(tmpdir(), 'rdp-type-matrix-'));
  try {
    const harness = await loadHarness(work);
    const pack = await packLibrary({ timed });
    const packageDir = path.join(work, 'package');
    await run('tar', ['-xzf', pack.tarball, '-C', work]);
    await pack.dispose();

    for (const compiler of COMPILERS) {
      compiler.version = (await run(process.execPath, [compiler.tsc, '--version'])).trim();
      // A compiler that passes a wrong consumer checks nothing.
      const dir = writeConsumer(harness, work, packageDir, `wrong ${compiler.name}`, {
        compilerOptions: {
          ...harness.STRICT,
          ...harness.RESOLUTIONS.node16,
          ...harness.ENVIRONMENTS.node.compilerOptions,
        },
        packages: ['@types/node'],
        files: { 'wrong.ts': WRONG },
      });
      const output = await harness.checkWithTsc(compiler.tsc, dir);
      if (!output.some((line) => /wrong\.ts\(3,7\): error TS2322/.test(line))) {
        throw new Error(
          `${compiler.name} (${compiler.tsc}) did not fail a wrong consumer:\n${output.join('\n')}`,
        );
      }
      log(`${compiler.name}: ${compiler.version}, fails a wrong consumer as it should`);
    }

    // `--only TEXT` runs the cells whose line contains TEXT (e.g. `--only 'TypeScript 7'`).
    const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '';
    const matrix = cells(harness).filter((cell) => cell.label.includes(only));
    const started = Date.now();
    const results = await timed('type-check every cell', () =>
      pool(matrix, 2, async (cell, index) => {
        const dir = writeConsumer(harness, work, packageDir, `cell ${index}`, cell.consumer);
        const start = Date.now();
        const output = await harness.checkWithTsc(cell.compiler.tsc, dir);
        const seconds = ((Date.now() - start) / 1000).toFixed(1);
        console.log(
          `${output.length === 0 ? 'ok  ' : 'FAIL'}  ${cell.label}  ${seconds.padStart(5)} s  ${cell.entries}`,
        );
        for (const line of output) console.log(`        ${line}`);
        return output.length === 0;
      }),
    );
    const passed = results.filter(Boolean).length;
    const failed = results.length - passed;
    log(
      `${matrix.length} cells in ${((Date.now() - started) / 1000).toFixed(1)} s: ${COMPILERS.map((c) => c.version).join(', ')}`,
    );
    console.log(`types: ${passed} passed, ${failed} failed`);
    if (failed > 0) throw new Error(`${failed} of ${matrix.length} cells failed`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
