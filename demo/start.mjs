// `npm start`: the demo storefront (Vite dev server) and the Dintero emulator behind it, in one process.
// The page pays through the shop's own proxy (`/api/dintero`, react-dintero-pay/server mounted in
// the dev server), which forwards to the emulator on its own origin, as a real shop forwards to
// Dintero. `?direct` in the shop's address calls the emulator straight from the page (CORS) instead.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { createServer } from 'vite';

const demoRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = path.resolve(demoRoot, '..');

/** Dependencies the pages import, bundled up front: one found later would make Vite reload the page. */
/** Where the shop mounts the proxy; the page's `baseUrl` is this plus `/v1`. */
export const PROXY_PATH = '/api/dintero';

const PREBUNDLED = [
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-dom/client',
  '@tanstack/react-query',
  'zod/mini',
];

/**
 * Starts the storefront and the emulator. The storefront listens first because the emulator's
 * `redirect_url` has to point at the storefront's return page; the page learns the emulator's URL
 * from a `<meta name="dintero-emulator">` tag filled in when the HTML is served, and the proxy's
 * from `<meta name="dintero-proxy">`. The proxy is mounted before Vite's own middleware and
 * answers 503 until the emulator it forwards to is up.
 *
 * @param {import('./start.d.mts').StartDemoOptions} [options]
 * @returns {Promise<import('./start.d.mts').DemoServers>}
 */
export async function startDemo(options = {}) {
  const { port = 5173, emulatorPort = 5174, host = 'localhost', quiet = false, watch = true } = options;
  let emulatorUrl = '';
  /** The proxy's Node handler, once the emulator it forwards to listens. */
  let proxy;

  const vite = await createServer({
    configFile: false,
    root: demoRoot,
    cacheDir: path.resolve(repoRoot, options.cacheDir ?? 'node_modules/.vite/demo'),
    logLevel: quiet ? 'silent' : 'warn',
    clearScreen: false,
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
        name: 'demo-dintero-proxy',
        // Added here, not in a returned hook, so it runs before Vite's own middleware.
        configureServer(server) {
          server.middlewares.use(PROXY_PATH, (request, response, next) => {
            if (proxy) {
              proxy(request, response, next);
              return;
            }
            response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
            response.end(JSON.stringify({ error: { message: 'Starting', code: 'SERVICE_UNAVAILABLE' } }));
          });
        },
      },
    ],
    optimizeDeps: { include: PREBUNDLED },
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
    proxy = server.toNodeHandler(
      server.createDinteroProxy({ basePath: PROXY_PATH, target: emulatorUrl, allowLoopbackHttp: true }),
    );

    const servers = emulator;
    return {
      storefrontUrl,
      emulatorUrl,
      apiBaseUrl: `${emulatorUrl}/v1`,
      proxyBaseUrl: `${PROXY_PATH}/v1`,
      emulator: servers.emulator,
      close: async () => {
        await Promise.allSettled([servers.close(), vite.close()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([emulator?.close(), vite.close()]);
    throw error;
  }
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
      `  The shop pays through its own proxy at ${demo.proxyBaseUrl}; add ?direct to the shop's`,
      `  address to call the emulator straight from the page (CORS) instead.`,
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
