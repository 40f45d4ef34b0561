// A merchant's first hour with a fresh Vite + React 18 app and an Express 5 server, as the README
// builds it. Its code is copied from README.md: the quick start (src/App.tsx), the checkout page
// (src/main.tsx), the shop's Express server (server.ts) and Vite config (vite.config.ts), and
// beside them the Deploying section's Vite proxy config (vite.dintero-proxy.config.ts), the Vipps
// checkout (src/Vipps.tsx) and the headless example (src/Headless.tsx), which are type-checked with
// the rest. react-dintero-pay is installed from `npm pack` of this repository, the app is
// type-checked (`tsc -b`: TypeScript 7, create-vite's settings) and built, and then:
//
//   1. Local development as the README runs it: the emulator, `server.ts` and `vite`, the shop on
//      Vite's http://localhost address. A Swish purchase in Chromium: the page gets its session
//      from the server, pays through the proxy, and Dintero sends the shopper back to the return
//      page, which the server confirms with Dintero; Dintero's callback reaches the server.
//   2. The Deploying section's Vite config, under `vite` and `vite preview`: a pay call through
//      its proxy middleware reaches the emulator.
//   3. Production: `server.ts` serving the build, the shop on its https address. The same purchase.
//
// No console error or warning, no failed request, on any page.
//
//   node examples/vite-express/run-check.mjs           everything (ends with "vite-express example: ok" or exit 1)
//   node examples/vite-express/run-check.mjs --sync    only copy the README's snippets into the example
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SHOP_ORIGIN,
  copySnippets,
  freePort,
  installExample,
  packLibrary,
  purchaseFromShop,
  run,
  runCheck,
  shopServerEnv,
  startEmulator,
  startServer,
  warmUpDevServer,
} from '../shared/check.mjs';

const NAME = 'vite-express example';
const exampleRoot = fileURLToPath(new URL('.', import.meta.url));
const bin = (name) => path.join(exampleRoot, 'node_modules/.bin', name);

/** The files the README shows, by the name of their marked block. */
const SNIPPETS = {
  'src/App.tsx': 'quick-start',
  'src/main.tsx': 'checkout-page',
  'server.ts': 'server-express',
  'vite.config.ts': 'vite-config',
  'vite.dintero-proxy.config.ts': 'vite',
  'src/Vipps.tsx': 'vipps',
  'src/Headless.tsx': 'headless',
};

/** What the README's return page says once the server has confirmed the payment with Dintero. */
const PAID_TEXT = 'Thank you! Your order is paid.';

/** The shop's server, `server.ts` as the README runs it (with tsx), until stopped. */
async function startShopServer({ emulator, port, shopUrl }) {
  const server = startServer(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: exampleRoot,
    env: await shopServerEnv({ exampleRoot, emulatorUrl: emulator.url, port, shopUrl }),
  });
  await server.waitFor(`http://localhost:${port}/return`);
  return server;
}

/** Runs `work`, and on failure adds what the servers said. */
async function withOutput(servers, work) {
  try {
    return await work();
  } catch (error) {
    const said = servers.map(([name, server]) => `${name} said:\n${server.output()}`).join('\n');
    throw new Error(`${error.message}\n${said}`, { cause: error });
  }
}

/** 1. The README's local setup: emulator, server.ts and vite, the shop at Vite's address. */
async function purchaseInDevelopment({ emulator, log }) {
  const [serverPort, vitePort] = [await freePort(), await freePort()];
  const shopUrl = `http://localhost:${vitePort}`;
  const server = await startShopServer({ emulator, port: serverPort, shopUrl });
  const vite = startServer(bin('vite'), ['--port', String(vitePort), '--strictPort'], {
    cwd: exampleRoot,
    env: { ...process.env, SHOP_SERVER_URL: `http://localhost:${serverPort}` },
  });
  const servers = [
    ['server.ts', server],
    ['vite', vite],
  ];
  try {
    await withOutput(servers, async () => {
      await vite.waitFor(`${shopUrl}/`);
      await warmUpDevServer(shopUrl);
      log(
        `vite + server.ts: ${await purchaseFromShop({ origin: shopUrl, shopUrl, emulator, paidText: PAID_TEXT })}`,
      );
    });
  } finally {
    await vite.stop();
    await server.stop();
  }
}

/** 2. The Deploying section's Vite config: its proxy middleware under `vite` and `vite preview`. */
async function payThroughViteProxy({ emulator, log, command }) {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const vite = startServer(
    bin('vite'),
    [...command, '--config', 'vite.dintero-proxy.config.ts', '--port', String(port), '--strictPort'],
    { cwd: exampleRoot, env: { ...process.env, DINTERO_CHECKOUT_URL: emulator.url } },
  );
  try {
    await withOutput([[`vite ${command.join(' ')}`, vite]], async () => {
      await vite.waitFor(`${origin}/`);
      const sessionId = `T12345678.vite${command.length}${Date.now().toString(36)}`;
      const response = await fetch(`${origin}/api/dintero/v1/sessions/${sessionId}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ payment_product_type: 'swish.swish', phone_number: '+46701234567' }),
      });
      const answer = await response.json();
      if (response.status !== 200 || !String(answer.poll_url ?? '').startsWith('/api/dintero/v1/')) {
        throw new Error(`the pay call answered ${response.status} ${JSON.stringify(answer)}`);
      }
      if (!emulator.emulator.pending().some((request) => request.sessionId === sessionId)) {
        throw new Error('the pay call did not reach the emulator');
      }
      log(
        `vite ${command.join(' ') || '(dev)'} with the Deploying config: a pay call through its proxy reached the emulator`,
      );
    });
  } finally {
    await vite.stop();
  }
}

/** 3. Production: server.ts serving the build, the shop at its https address. */
async function purchaseInProduction({ emulator, log, port }) {
  const server = await startShopServer({ emulator, port, shopUrl: SHOP_ORIGIN });
  try {
    await withOutput([['server.ts', server]], async () => {
      const origin = `http://localhost:${port}`;
      log(
        `server.ts (production): ${await purchaseFromShop({ origin, shopUrl: SHOP_ORIGIN, emulator, paidText: PAID_TEXT })}`,
      );
    });
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
  await timed('tsc -b --force', () => run(bin('tsc'), ['-b', '--force'], { cwd: exampleRoot }));
  await timed('vite build', () => run(bin('vite'), ['build'], { cwd: exampleRoot }));

  // The production server's port is known first: Dintero's callbacks to the https shop go there.
  const productionPort = await freePort();
  const emulator = await startEmulator({ exampleRoot, localOrigin: `http://localhost:${productionPort}` });
  try {
    await timed('purchase in development', () => purchaseInDevelopment({ emulator, log }));
    await timed('Deploying Vite config', async () => {
      await payThroughViteProxy({ emulator, log, command: [] });
      await payThroughViteProxy({ emulator, log, command: ['preview'] });
    });
    await timed('purchase in production', () =>
      purchaseInProduction({ emulator, log, port: productionPort }),
    );
  } finally {
    await emulator.close();
  }
});
