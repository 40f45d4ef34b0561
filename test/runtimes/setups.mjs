// The setups react-dintero-pay/server is checked on, each started the way a shop runs it: the
// README's snippet for that setup (read from README.md, never a copy), run by the real runtime
// against the built dist/server.js. Every setup listens on 127.0.0.1 and prints what it logs.
//
// One thing differs from a shop: `react-dintero-pay/server` resolves to a small module that
// re-exports dist/server.js and gives `createDinteroProxy` a `timeoutMs` of TIMEOUT_MS unless the
// snippet sets one, so the time-out and slow-upload checks wait 2 s instead of the default 20 s.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { REPO_ROOT, snippet } from './readme.mjs';

export const TIMEOUT_MS = 2000;
const HERE = path.join(REPO_ROOT, 'test/runtimes');
const BIN = path.join(HERE, 'node_modules/.bin');
const DIST_SERVER = path.join(REPO_ROOT, 'dist/server.js');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The module `react-dintero-pay/server` resolves to in the checks (see the note above). */
function shimSource() {
  // An absolute path, which Node, Deno, Bun and esbuild all resolve alike.
  const dist = JSON.stringify(DIST_SERVER);
  return `import * as server from ${dist};
export * from ${dist};
export function createDinteroProxy(options) {
  return server.createDinteroProxy({ timeoutMs: ${TIMEOUT_MS}, ...options });
}
`;
}

/**
 * A directory for one setup inside test/runtimes (so Node and Bun find express, connect and
 * react-router in its node_modules), with `react-dintero-pay/server` installed as the shim.
 */
function workDir(name) {
  const dir = path.join(HERE, '.work', name);
  rmSync(dir, { recursive: true, force: true });
  const pkg = path.join(dir, 'node_modules/react-dintero-pay');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    path.join(pkg, 'package.json'),
    JSON.stringify({ name: 'react-dintero-pay', type: 'module', exports: { './server': './server.js' } }),
  );
  writeFileSync(path.join(pkg, 'server.js'), shimSource());
  return dir;
}

/** TypeScript as a shop's build would run it: types removed, nothing else changed. */
async function stripTypes(code) {
  const { transform } = await import('esbuild');
  return (await transform(code, { loader: 'ts', format: 'esm', target: 'es2022' })).code;
}

async function waitUntilListening(origin, child, output, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`);
    try {
      await fetch(`${origin}/api/dintero/`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${origin} did not answer within ${timeoutMs} ms:\n${output()}`);
}

/** Runs `command` in `cwd` with the upstream and a port in its environment, until stopped. */
async function serveProcess({ command, args, cwd, upstream, env = {} }) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(command, args, {
    cwd,
    env: {
      ...process.env,
      PORT: String(port),
      DINTERO_CHECKOUT_URL: upstream.url,
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  await waitUntilListening(origin, child, () => output);
  return {
    origin,
    timeoutMs: TIMEOUT_MS,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const nodeServer = (dir, source) => {
  writeFileSync(path.join(dir, 'server.mjs'), source);
  return { command: process.execPath, args: ['server.mjs'], cwd: dir };
};

/** workerd through Miniflare, with the README's Worker bundled as wrangler would bundle it. */
async function serveWorker({ name, upstream, compatibilityDate }) {
  const dir = workDir(name);
  const entry = path.join(dir, 'index.ts');
  writeFileSync(entry, snippet('workers'));
  const { build } = await import('esbuild');
  const bundled = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    nodePaths: [path.join(dir, 'node_modules')],
    mainFields: ['module', 'main'],
  });
  const { Miniflare } = await import('miniflare');
  let output = '';
  const mf = new Miniflare({
    modules: true,
    script: bundled.outputFiles[0].text,
    compatibilityDate,
    bindings: { DINTERO_CHECKOUT_URL: upstream.url },
    host: '127.0.0.1',
    port: await freePort(),
    handleRuntimeStdio(stdout, stderr) {
      stdout.on('data', (chunk) => (output += chunk));
      stderr.on('data', (chunk) => (output += chunk));
    },
  });
  const url = await mf.ready;
  return {
    origin: url.origin,
    timeoutMs: TIMEOUT_MS,
    output: () => output,
    stop: () => mf.dispose(),
  };
}

export const SETUPS = [
  {
    name: 'Node 20 (node:http + toNodeHandler)',
    id: 'node-http',
    async start({ upstream }) {
      const dir = workDir(this.id);
      return serveProcess({
        ...nodeServer(
          dir,
          `import { createServer } from 'node:http';
import { createDinteroProxy, toNodeHandler } from 'react-dintero-pay/server';

const proxy = createDinteroProxy({
  basePath: '/api/dintero',
  target: process.env.DINTERO_CHECKOUT_URL,
  allowLoopbackHttp: true,
});
createServer(toNodeHandler(proxy)).listen(Number(process.env.PORT), '127.0.0.1');
`,
        ),
        upstream,
      });
    },
  },
  {
    name: 'Express 5 (README snippet)',
    id: 'express',
    async start({ upstream }) {
      const dir = workDir(this.id);
      return serveProcess({ ...nodeServer(dir, await stripTypes(snippet('express'))), upstream });
    },
  },
  {
    name: 'Connect 3 (mounted under basePath)',
    id: 'connect',
    async start({ upstream }) {
      const dir = workDir(this.id);
      return serveProcess({
        ...nodeServer(
          dir,
          `import connect from 'connect';
import { createServer } from 'node:http';
import { createDinteroProxy, toNodeHandler } from 'react-dintero-pay/server';

const proxy = createDinteroProxy({
  basePath: '/api/dintero',
  target: process.env.DINTERO_CHECKOUT_URL,
  allowLoopbackHttp: true,
});
const app = connect();
app.use('/api/dintero', toNodeHandler(proxy));
createServer(app).listen(Number(process.env.PORT), '127.0.0.1');
`,
        ),
        upstream,
      });
    },
  },
  {
    name: 'Cloudflare workerd, compatibility date 2024-09-23 (README snippet, Miniflare)',
    id: 'workerd-2024-09-23',
    start({ upstream }) {
      return serveWorker({ name: this.id, upstream, compatibilityDate: '2024-09-23' });
    },
  },
  {
    name: 'Cloudflare workerd, compatibility date 2026-04-20 (README snippet, Miniflare)',
    id: 'workerd-2026-04-20',
    start({ upstream }) {
      return serveWorker({ name: this.id, upstream, compatibilityDate: '2026-04-20' });
    },
  },
  {
    name: 'Deno 2.9 (Deno.serve, README snippet)',
    id: 'deno',
    async start({ upstream }) {
      const dir = workDir(this.id);
      writeFileSync(path.join(dir, 'main.ts'), snippet('deno'));
      // What `deno add npm:react-dintero-pay` puts in deno.json, pointed at the shim.
      writeFileSync(
        path.join(dir, 'deno.json'),
        JSON.stringify({
          imports: { 'react-dintero-pay/server': './node_modules/react-dintero-pay/server.js' },
        }),
      );
      const server = await serveProcess({
        command: path.join(BIN, 'deno'),
        args: ['run', '--allow-net', '--allow-env', '--allow-read', '--config', 'deno.json', 'main.ts'],
        cwd: dir,
        upstream,
        env: { DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' },
      });
      // Deno.serve sends the 408 (with \`connection: close\`) at the deadline but keeps the
      // connection while the client goes on sending the body it declared: no handler can end it.
      return { ...server, keepsUnreadBodies: true };
    },
  },
  {
    name: 'Bun 1.4 (Bun.serve, README snippet)',
    id: 'bun',
    async start({ upstream }) {
      const dir = workDir(this.id);
      writeFileSync(path.join(dir, 'server.ts'), snippet('bun'));
      return serveProcess({
        command: path.join(BIN, 'bun'),
        args: ['run', 'server.ts'],
        cwd: dir,
        upstream,
        env: { BUN_DISABLE_TELEMETRY: '1', DO_NOT_TRACK: '1' },
      });
    },
  },
  {
    name: 'React Router 7.18 resource route (README snippet, @react-router/node)',
    id: 'react-router',
    async start({ upstream }) {
      const dir = workDir(this.id);
      writeFileSync(path.join(dir, 'route.mjs'), await stripTypes(snippet('react-router')));
      // React Router's own request handler and Node listener, with a build of one root and the
      // resource route at `api/dintero/*`, as `react-router build` makes it of app/routes.ts.
      return serveProcess({
        ...nodeServer(
          dir,
          `import { createServer } from 'node:http';
import { createRequestListener } from '@react-router/node';
import * as resource from './route.mjs';

const build = {
  entry: { module: { default: () => new Response('document', { status: 200 }) } },
  routes: {
    root: { id: 'root', path: '', module: { default: () => null } },
    'routes/api.dintero.$': { id: 'routes/api.dintero.$', parentId: 'root', path: 'api/dintero/*', module: resource },
  },
  assets: { entry: { imports: [], module: '' }, routes: {}, url: '', version: '1' },
  publicPath: '/',
  assetsBuildDirectory: 'build/client',
  future: {},
  ssr: true,
  isSpaMode: false,
  prerender: [],
  routeDiscovery: { mode: 'lazy', manifestPath: '/__manifest' },
};
createServer(createRequestListener({ build, mode: 'production' })).listen(Number(process.env.PORT), '127.0.0.1');
`,
        ),
        upstream,
      });
    },
  },
];
