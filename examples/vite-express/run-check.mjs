// A merchant's first hour with a fresh Vite + React 18 app and an Express 5 server, proven: the
// README's quick start (src/App.tsx), its Express server (server.ts) and its Vite config
// (vite.config.ts) are copied from README.md, react-dintero-pay is installed from `npm pack` of
// this repository, the app is type-checked (`tsc -b`, TypeScript 7 as create-vite ships it) and
// built, and a Swish purchase is completed in Chromium three times against the Dintero emulator:
//
//   1. `vite` (development, React's StrictMode and development build): the page pays through the
//      config's proxy middleware, the request is approved, Dintero's redirect is followed.
//   2. `vite preview`: the config's preview middleware forwards a pay call to the emulator.
//   3. `node --import tsx server.ts` serving dist/: the server creates the session with the
//      merchant API, the page pays through the proxy, the return page is confirmed with Dintero
//      server-side, and Dintero's callback reaches the server.
//
// No console error or warning, no failed request, on any page.
//
//   node examples/vite-express/run-check.mjs           everything (ends with "vite-express example: ok" or exit 1)
//   node examples/vite-express/run-check.mjs --sync    only copy the README's snippets into the example
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  SHOP_ORIGIN,
  assertThroughProxy,
  copySnippets,
  freePort,
  installExample,
  openBrowser,
  packLibrary,
  payWithSwish,
  purchaseFromShop,
  run,
  runCheck,
  startEmulator,
  startServer,
} from '../shared/check.mjs';

const NAME = 'vite-express example';
const exampleRoot = fileURLToPath(new URL('.', import.meta.url));
const bin = (name) => path.join(exampleRoot, 'node_modules/.bin', name);

/** The files the README shows, by the name of their marked block. */
const SNIPPETS = {
  'src/App.tsx': 'quick-start',
  'server.ts': 'server-express',
  'vite.config.ts': 'vite-config',
};

/** The environment of the shop's server: the emulator's test account on both of Dintero's hosts. */
async function serverEnv(emulatorUrl, port) {
  const require = createRequire(path.join(exampleRoot, 'package.json'));
  const testing = await import(pathToFileURL(require.resolve('react-dintero-pay/testing')).href);
  return {
    ...process.env,
    PORT: String(port),
    SHOP_URL: SHOP_ORIGIN,
    DINTERO_ACCOUNT_ID: testing.EMULATOR_ACCOUNT_ID,
    DINTERO_CLIENT_ID: testing.EMULATOR_CLIENT_ID,
    DINTERO_CLIENT_SECRET: testing.EMULATOR_CLIENT_SECRET,
    DINTERO_API_URL: emulatorUrl,
    DINTERO_CHECKOUT_URL: emulatorUrl,
  };
}

/** 1. The development server: the page pays through the config's middleware. */
async function purchaseOnDevServer({ emulator, log }) {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const vite = startServer(bin('vite'), ['--port', String(port), '--strictPort'], {
    cwd: exampleRoot,
    env: { ...process.env, DINTERO_CHECKOUT_URL: emulator.url },
  });
  // Dintero's redirect leads to the shop's https return page; no shop server runs here.
  const browser = await openBrowser({ localOrigin: null });
  try {
    await vite.waitFor(`${origin}/`);
    const { page, problems, requests } = browser;
    const sessionId = `T12345678.dev${Date.now().toString(36)}`;
    await page.goto(`${origin}/?sessionId=${sessionId}`);
    await page.locator('input[type="tel"]').waitFor({ timeout: 30_000 });
    const transactionId = await payWithSwish({ page, problems, emulator: emulator.emulator, sessionId });
    const calls = assertThroughProxy(requests, origin);
    if (problems.length > 0) throw new Error(`on the development server:\n${problems.join('\n')}`);
    log(`vite dev: Swish purchase through the config's proxy (${calls} calls), transaction ${transactionId}`);
  } catch (error) {
    throw new Error(`${error.message}\nvite said:\n${vite.output()}`, { cause: error });
  } finally {
    await browser.browser.close();
    await vite.stop();
  }
}

/** 2. The preview server: the config's preview middleware forwards a pay call. */
async function payOnPreviewServer({ emulator, log }) {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const vite = startServer(bin('vite'), ['preview', '--port', String(port), '--strictPort'], {
    cwd: exampleRoot,
    env: { ...process.env, DINTERO_CHECKOUT_URL: emulator.url },
  });
  try {
    await vite.waitFor(`${origin}/`);
    const sessionId = `T12345678.preview${Date.now().toString(36)}`;
    const response = await fetch(`${origin}/api/dintero/v1/sessions/${sessionId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ payment_product_type: 'swish.swish', phone_number: '+46701234567' }),
    });
    const answer = await response.json();
    if (response.status !== 200 || !String(answer.poll_url ?? '').startsWith('/api/dintero/v1/')) {
      throw new Error(`vite preview: the pay call answered ${response.status} ${JSON.stringify(answer)}`);
    }
    if (!emulator.emulator.pending().some((request) => request.sessionId === sessionId)) {
      throw new Error('vite preview: the pay call did not reach the emulator');
    }
    log(
      `vite preview: a pay call through the config's proxy reached the emulator (poll_url ${answer.poll_url.split('/').slice(0, 4).join('/')}/…)`,
    );
  } catch (error) {
    throw new Error(`${error.message}\nvite preview said:\n${vite.output()}`, { cause: error });
  } finally {
    await vite.stop();
  }
}

/** 3. The shop's Express server in production: session, proxy, return page and callback. */
async function purchaseOnShopServer({ emulator, log, port }) {
  const origin = `http://localhost:${port}`;
  const server = startServer(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: exampleRoot,
    env: await serverEnv(emulator.url, port),
  });
  try {
    await server.waitFor(`${origin}/`);
    log(`Express server: ${await purchaseFromShop({ origin, emulator })}`);
  } catch (error) {
    throw new Error(`${error.message}\nthe server said:\n${server.output()}`, { cause: error });
  } finally {
    await server.stop();
  }
}

runCheck(NAME, async ({ log, timed }) => {
  const changed = await copySnippets(exampleRoot, SNIPPETS);
  if (changed.length > 0) log(`copied from the README: ${changed.join(', ')}`);
  if (process.argv.includes('--sync')) return;

  const pack = await packLibrary({ timed });
  try {
    await installExample(exampleRoot, pack.tarball, { log, timed });
  } finally {
    await pack.dispose();
  }
  await timed('tsc -b', () => run(bin('tsc'), ['-b'], { cwd: exampleRoot }));
  await timed('vite build', () => run(bin('vite'), ['build'], { cwd: exampleRoot }));

  // The shop server's port is known first: Dintero's callbacks go there.
  const port = await freePort();
  const emulator = await startEmulator({ exampleRoot, localOrigin: `http://localhost:${port}` });
  try {
    await timed('purchase on vite dev', () => purchaseOnDevServer({ emulator, log }));
    await timed('pay on vite preview', () => payOnPreviewServer({ emulator, log }));
    await timed('purchase on the Express server', () => purchaseOnShopServer({ emulator, log, port }));
  } finally {
    await emulator.close();
  }
});
