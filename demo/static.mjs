// The demo storefront as a production build, served by a small static server that can send a strict
// Content-Security-Policy: what a real shop ships, as opposed to the Vite dev server of `npm start`.
//
//   node demo/static.mjs            build to a temporary folder and serve it with the strict policy
//
// As with `npm start`, the shop's server creates the sessions (`/api/shop`) and the page pays
// through the shop's own proxy (react-dintero-pay/server under `/api/dintero`), which forwards to
// the emulator; `?direct` calls the emulator from the page.
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, createServer as createViteServer } from 'vite';
import { createProxy, PROXY_PATH, SHOP_API_PATH } from './start.mjs';

const demoRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = path.resolve(demoRoot, '..');

/** The policy of SECURITY.md: no `unsafe-inline`, no `unsafe-eval`, images only from here or `data:`. */
export function strictCsp(emulatorUrl) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${new URL(emulatorUrl).origin}`,
  ].join('; ');
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Builds the shop and its return page for production into `outDir` (a new temporary folder when
 * not given).
 *
 * @param {import('./static.d.mts').BuildDemoOptions} [options]
 * @returns {Promise<string>} the folder holding `index.html`, `return.html` and `assets/`
 */
export async function buildDemo(options = {}) {
  const outDir = options.outDir ?? (await mkdtemp(path.join(os.tmpdir(), 'fjallbo-build-')));
  await build({
    configFile: false,
    root: demoRoot,
    // Relative asset URLs: the folder can be served under any path.
    base: './',
    logLevel: options.quiet === false ? 'info' : 'silent',
    mode: 'production',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      // Icons stay files: `data:` images are allowed by the policy, but a shop should not need them.
      assetsInlineLimit: 0,
      rolldownOptions: {
        input: {
          index: path.join(demoRoot, 'index.html'),
          return: path.join(demoRoot, 'return.html'),
        },
      },
    },
  });
  return outDir;
}

function escapeAttribute(text) {
  return text.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Serves a build made by {@link buildDemo} next to a Dintero emulator. As with `npm start`, the
 * page learns the emulator's URL from `<meta name="dintero-emulator">`, here added to each HTML
 * page as it is served (the build itself knows no URL).
 *
 * @param {import('./static.d.mts').ServeBuiltDemoOptions} options
 * @returns {Promise<import('./static.d.mts').BuiltDemoServers>}
 */
export async function serveBuiltDemo(options) {
  const { outDir, port = 0, emulatorPort = 0, host = 'localhost', csp = true } = options;
  const root = path.resolve(outDir);
  let emulatorUrl = '';
  let policy = '';
  /** The proxy's and the shop server's Node handlers, once the emulator they talk to listens. */
  let proxy;
  let shopApi;

  async function serve(request, response) {
    const rawPath = (request.url ?? '/').split('?')[0];
    for (const [basePath, handler] of [
      [PROXY_PATH, proxy],
      [SHOP_API_PATH, shopApi],
    ]) {
      if (rawPath !== basePath && !rawPath.startsWith(`${basePath}/`)) continue;
      if (handler) handler(request, response);
      else {
        response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
        response.end(JSON.stringify({ error: { message: 'Starting', code: 'SERVICE_UNAVAILABLE' } }));
      }
      return;
    }
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = path.resolve(root, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
    const headers = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
    if (policy) headers['content-security-policy'] = policy;
    const info = file.startsWith(root + path.sep) ? await stat(file).catch(() => null) : null;
    if (!info?.isFile() || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      response.end('Not found');
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (type.startsWith('text/html')) {
      const meta = [
        `<meta name="dintero-emulator" content="${escapeAttribute(emulatorUrl)}" />`,
        `<meta name="dintero-proxy" content="${PROXY_PATH}/v1" />`,
      ].join('\n    ');
      const html = (await readFile(file, 'utf8')).replace('</head>', `  ${meta}\n  </head>`);
      response.writeHead(200, { ...headers, 'content-type': type });
      response.end(request.method === 'HEAD' ? undefined : html);
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': type, 'content-length': info.size });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  }

  const server = createServer((request, response) => {
    serve(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const listeningPort = typeof address === 'object' && address ? address.port : port;
  const storefrontUrl = `http://${host === '127.0.0.1' || host === '::1' ? host : 'localhost'}:${listeningPort}`;
  const closeServer = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  // The emulator is TypeScript in src/testing: a Vite server without HTTP (kept until close, since
  // the emulator loads `node:http` through it) runs it without a build.
  let loader;
  let emulator;
  let shop;
  try {
    loader = await createViteServer({
      configFile: false,
      root: repoRoot,
      logLevel: 'silent',
      appType: 'custom',
      cacheDir: path.join(repoRoot, 'node_modules/.vite/demo-static'),
      optimizeDeps: { noDiscovery: true, include: [] },
      server: { middlewareMode: true, hmr: false, watch: null },
    });
    /** @type {typeof import('../src/testing/index.ts')} */
    const testing = await loader.ssrLoadModule(path.join(repoRoot, 'src/testing/index.ts'));
    emulator = await testing.startDinteroEmulator({
      returnUrl: `${storefrontUrl}/return.html`,
      port: emulatorPort,
    });
    /** @type {typeof import('../src/server/index.ts')} */
    const server = await loader.ssrLoadModule(path.join(repoRoot, 'src/server/index.ts'));
    /** @type {typeof import('./shop-server.ts')} */
    const shopServer = await loader.ssrLoadModule(path.join(demoRoot, 'shop-server.ts'));
    shop = shopServer.createShopServer({
      basePath: SHOP_API_PATH,
      storefrontUrl,
      dintero: shopServer.emulatorMerchantApi(emulator.url),
    });
    shopApi = server.toNodeHandler(shop.handle);
    proxy = server.toNodeHandler(createProxy(server, emulator.url));
  } catch (error) {
    await Promise.allSettled([loader?.close(), closeServer()]);
    throw error;
  }
  emulatorUrl = emulator.url;
  policy = csp === false ? '' : typeof csp === 'string' ? csp : strictCsp(emulatorUrl);

  return {
    storefrontUrl,
    emulatorUrl,
    apiBaseUrl: `${emulatorUrl}/v1`,
    proxyBaseUrl: `${PROXY_PATH}/v1`,
    emulator: emulator.emulator,
    shop,
    csp: policy,
    close: async () => {
      await Promise.allSettled([emulator.close(), closeServer()]);
      await loader.close();
    },
  };
}

async function main() {
  const outDir = await buildDemo({ quiet: false });
  const demo = await serveBuiltDemo({ outDir, port: Number(process.env.PORT ?? 4173) });
  console.log(
    [
      '',
      '  Fjällbo demo storefront, production build',
      '',
      `  Storefront: ${demo.storefrontUrl}`,
      `  Emulator:   ${demo.emulatorUrl}`,
      `  Content-Security-Policy: ${demo.csp}`,
      '',
      '  Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = async () => {
    await demo.close();
    await rm(outDir, { recursive: true, force: true });
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
