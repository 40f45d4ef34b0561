// A merchant's first hour with React Router 7 in framework mode (server rendering), proven: the
// README's quick start (app/App.tsx) and its resource route for the proxy (app/routes/api.dintero.$.ts)
// are copied from README.md, react-dintero-pay is installed from `npm pack` of this repository, the
// app is type-checked (`react-router typegen && tsc`) and built (`react-router build`), and a Swish
// purchase is completed in Chromium against the Dintero emulator twice:
//
//   1. `react-router dev` (React's development build: every hydration mismatch is reported),
//   2. `react-router-serve` of the build (production).
//
// Each time the checkout route's server loader creates the session with the merchant API, the page
// is rendered on the server and hydrated, pays through the resource route, comes back to the return
// route confirmed with Dintero on the server, and Dintero's callback is accepted. No console error
// or warning (hydration warnings included), no failed request.
//
//   node examples/react-router/run-check.mjs           everything (ends with "react-router example: ok" or exit 1)
//   node examples/react-router/run-check.mjs --sync    only copy the README's snippets into the example
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

const NAME = 'react-router example';
const exampleRoot = fileURLToPath(new URL('.', import.meta.url));
const bin = (name) => path.join(exampleRoot, 'node_modules/.bin', name);

/** The files the README shows, by the name of their marked block. */
const SNIPPETS = {
  'app/App.tsx': 'quick-start',
  'app/routes/api.dintero.$.ts': 'react-router',
};

/** What the return route says once the server has confirmed the payment (the README's words). */
const PAID_TEXT = 'Thank you! Your order is paid.';

/**
 * Starts one server (`command` with the port) and the emulator, runs the purchase, stops both. In
 * development the shop is at the server's own http://localhost address (as the README runs it
 * locally); in production at its https address.
 */
async function purchaseOn({ label, command, args, production, log }) {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const shopUrl = production ? SHOP_ORIGIN : origin;
  const emulator = await startEmulator({ exampleRoot, localOrigin: origin });
  const env = await shopServerEnv({ exampleRoot, emulatorUrl: emulator.url, port, shopUrl });
  if (production) env.NODE_ENV = 'production';
  const server = startServer(command, args(port), { cwd: exampleRoot, env });
  try {
    await server.waitFor(`${origin}/return`);
    if (!production) await warmUpDevServer(origin, { hydrated: true });
    log(
      `${label}: ${await purchaseFromShop({ origin, shopUrl, emulator, paidText: PAID_TEXT, hydrated: true })}`,
    );
  } catch (error) {
    throw new Error(`${label}: ${error.message}\n${label} said:\n${server.output()}`, { cause: error });
  } finally {
    await server.stop();
    await emulator.close();
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
  await timed('react-router typegen', () => run(bin('react-router'), ['typegen'], { cwd: exampleRoot }));
  await timed('tsc', () => run(bin('tsc'), ['-p', '.'], { cwd: exampleRoot }));
  await timed('react-router build', () =>
    run(bin('react-router'), ['build'], {
      cwd: exampleRoot,
      env: { ...process.env, NODE_ENV: 'production' },
    }),
  );

  await timed('purchase on react-router dev', () =>
    purchaseOn({
      label: 'react-router dev',
      command: bin('react-router'),
      args: (port) => ['dev', '--port', String(port), '--strictPort'],
      production: false,
      log,
    }),
  );
  await timed('purchase on react-router-serve', () =>
    purchaseOn({
      label: 'react-router-serve',
      command: bin('react-router-serve'),
      args: () => ['./build/server/index.js'],
      production: true,
      log,
    }),
  );
});
