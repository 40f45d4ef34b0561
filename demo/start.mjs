// `npm start`: the demo storefront (Vite dev server) and the Dintero emulator behind it, in one process.
// The shop's server part runs in the dev server too: it creates each Dintero session with the
// merchant API (`/api/shop`, see shop-server.ts), and the page pays through the shop's own proxy
// (`/api/dintero`, react-dintero-pay/server), which forwards to the emulator on its own origin, as a
// real shop forwards to Dintero. `?direct` in the shop's address calls the emulator straight from
// the page (CORS) instead. `/quick-start.html` runs the README's quick start as it is written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { createServer } from 'vite';

const demoRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = path.resolve(demoRoot, '..');

/** Where the shop mounts the proxy; the page's `baseUrl` is this plus `/v1`. */
export const PROXY_PATH = '/api/dintero';
/** Where the shop's own server answers (sessions, Dintero's callback, the return's confirmation). */
export const SHOP_API_PATH = '/api/shop';

/** Dependencies the pages import, bundled up front: one found later would make Vite reload the page. */
const PREBUNDLED = [
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-dom/client',
  '@tanstack/react-query',
  'zod/mini',
];

/** The README's quick start (`App.tsx`), served as a module of the demo by this id. */
const README_QUICK_START = 'virtual:readme-quick-start';

/**
 * The code block under `<!-- snippet: quick-start -->` in the README, as written. Read when the
 * page asks for it, so the page always runs what the README says.
 */
function readmeQuickStart() {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const match = /<!--\s*snippet:\s*quick-start\s*-->\s*\n```\w*\n([\s\S]*?)\n```/.exec(readme);
  if (!match) throw new Error('README.md has no quick-start snippet');
  return `${match[1]}\n`;
}

/** A Node middleware that answers 503 under `basePath` until `handler()` returns one. */
function mountWhenReady(basePath, handler) {
  return (request, response, next) => {
    const current = handler();
    if (current) {
      current(request, response, next);
      return;
    }
    const rawPath = (request.originalUrl ?? request.url ?? '/').split('?')[0];
    if (rawPath !== basePath && !rawPath.startsWith(`${basePath}/`)) {
      next();
      return;
    }
    response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
    response.end(JSON.stringify({ error: { message: 'Starting', code: 'SERVICE_UNAVAILABLE' } }));
  };
}

/**
 * Starts the storefront and the emulator. The storefront listens first because the shop's server
 * gives Dintero its return and callback URLs on the storefront's origin; the page learns the
 * emulator's URL from a `<meta name="dintero-emulator">` tag filled in when the HTML is served, and
 * the proxy's from `<meta name="dintero-proxy">`. The proxy and the shop's server are mounted before
 * Vite's own middleware and answer 503 until the emulator behind them is up.
 *
 * @param {import('./start.d.mts').StartDemoOptions} [options]
 * @returns {Promise<import('./start.d.mts').DemoServers>}
 */
export async function startDemo(options = {}) {
  const { port = 5173, emulatorPort = 5174, host = 'localhost', quiet = false, watch = true } = options;
  let emulatorUrl = '';
  /** The proxy's and the shop server's Node handlers, once the emulator they talk to listens. */
  let proxy;
  let shopApi;
  const quickStartFile = path.join(demoRoot, 'readme-quick-start.tsx');

  const vite = await createServer({
    configFile: false,
    root: demoRoot,
    cacheDir: path.resolve(repoRoot, options.cacheDir ?? 'node_modules/.vite/demo'),
    logLevel: quiet ? 'silent' : 'warn',
    clearScreen: false,
    // The README's code imports the package by name: here it is this repository's sources.
    resolve: {
      alias: [
        { find: /^react-dintero-pay$/, replacement: path.join(repoRoot, 'src/index.ts') },
        {
          find: /^react-dintero-pay\/locales\/(\w+)$/,
          replacement: path.join(repoRoot, 'src/i18n/locales/$1.ts'),
        },
        { find: /^react-dintero-pay\/styles\.css$/, replacement: path.join(repoRoot, 'src/styles.css') },
      ],
    },
    plugins: [
      react(),
      {
        name: 'demo-emulator-url',
        transformIndexHtml: () => [
          { tag: 'meta', attrs: { name: 'dintero-emulator', content: emulatorUrl }, injectTo: 'head' },
          { tag: 'meta', attrs: { name: 'dintero-proxy', content: `${PROXY_PATH}/v1` }, injectTo: 'head' },
        ],
      },
      {
        name: 'demo-readme-quick-start',
        // A file name that exists nowhere on disk: Vite transforms it as the .tsx it is.
        resolveId: (id) => (id === README_QUICK_START ? quickStartFile : undefined),
        load: (id) => (id === quickStartFile ? readmeQuickStart() : undefined),
      },
      {
        name: 'demo-servers',
        // Added here, not in a returned hook, so they run before Vite's own middleware.
        configureServer(server) {
          server.middlewares.use(mountWhenReady(PROXY_PATH, () => proxy));
          server.middlewares.use(mountWhenReady(SHOP_API_PATH, () => shopApi));
        },
      },
    ],
    // The scan for dependencies reads files from disk, so it cannot see the README's module: the
    // quick start's page is left out of it (it imports nothing the shop's pages do not).
    optimizeDeps: { include: PREBUNDLED, entries: ['index.html', 'return.html'] },
    server: {
      port,
      strictPort: false,
      host,
      // The pages import the library from ../src.
      fs: { allow: [repoRoot] },
      // Tests turn reloading off: an edit elsewhere in the repository must not reload a page mid-flow.
      hmr: watch,
      ...(watch ? {} : { watch: null }),
    },
  });

  let emulator;
  try {
    await vite.listen();
    const address = vite.httpServer?.address();
    const listeningPort = typeof address === 'object' && address ? address.port : port;
    const storefrontUrl = `http://${host === '127.0.0.1' || host === '::1' ? host : 'localhost'}:${listeningPort}`;

    /** @type {typeof import('../src/testing/index.ts')} */
    const testing = await vite.ssrLoadModule(path.join(repoRoot, 'src/testing/index.ts'));
    // Sessions the shop's server creates return to its own return_url; this one is for sessions
    // given with `?sessionId=`, which no server of the shop created.
    const emulatorOptions = { returnUrl: `${storefrontUrl}/return.html` };
    try {
      emulator = await testing.startDinteroEmulator({ ...emulatorOptions, port: emulatorPort });
    } catch (error) {
      // The default port may be taken (by a second demo, or by Vite moving up from 5173): any will do.
      if (options.emulatorPort !== undefined || error?.code !== 'EADDRINUSE') throw error;
      emulator = await testing.startDinteroEmulator({ ...emulatorOptions, port: 0 });
    }
    emulatorUrl = emulator.url;

    /** @type {typeof import('../src/server/index.ts')} */
    const server = await vite.ssrLoadModule(path.join(repoRoot, 'src/server/index.ts'));
    /** @type {typeof import('./shop-server.ts')} */
    const shopServer = await vite.ssrLoadModule(path.join(demoRoot, 'shop-server.ts'));
    const shop = shopServer.createShopServer({
      basePath: SHOP_API_PATH,
      storefrontUrl,
      dintero: shopServer.emulatorMerchantApi(emulatorUrl),
    });
    shopApi = server.toNodeHandler(shop.handle);
    proxy = server.toNodeHandler(createProxy(server, emulatorUrl));

    const servers = emulator;
    return {
      storefrontUrl,
      emulatorUrl,
      apiBaseUrl: `${emulatorUrl}/v1`,
      proxyBaseUrl: `${PROXY_PATH}/v1`,
      emulator: servers.emulator,
      shop,
      close: async () => {
        await Promise.allSettled([servers.close(), vite.close()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([emulator?.close(), vite.close()]);
    throw error;
  }
}

/**
 * The shop's proxy to Dintero, here the emulator on a loopback `http:` origin (which the proxy
 * allows only when told to).
 *
 * @param {typeof import('../src/server/index.ts')} server
 * @param {string} emulatorUrl
 */
export function createProxy(server, emulatorUrl) {
  return server.createDinteroProxy({ basePath: PROXY_PATH, target: emulatorUrl, allowLoopbackHttp: true });
}

function portFromEnv(name) {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number`);
  return port;
}

async function main() {
  const demo = await startDemo({ port: portFromEnv('PORT'), emulatorPort: portFromEnv('EMULATOR_PORT') });
  console.log(
    [
      '',
      '  Fjällbo demo storefront (react-dintero-pay)',
      '',
      `  Storefront: ${demo.storefrontUrl}`,
      `  Emulator:   ${demo.emulatorUrl}  (API base ${demo.apiBaseUrl})`,
      `  The shop's server creates each session with the merchant API (${SHOP_API_PATH}); the page`,
      `  pays through the shop's own proxy at ${demo.proxyBaseUrl} (?direct: straight to the`,
      `  emulator, through CORS). The README's quick start runs at ${demo.storefrontUrl}/quick-start.html`,
      '',
      '  Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
