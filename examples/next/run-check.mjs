// The README's quick start and Deploying route handlers in a real Next.js App Router storefront:
// build the library, install this example, `next build`, `next start` against the Dintero emulator,
// complete a Swish purchase in Chromium with no console errors and no hydration warnings, and run
// the proxy's checks (test/runtimes/checks.mjs, the same as every other runtime's) against the
// route handler in the Node runtime and the one in the edge runtime.
//
//   node examples/next/run-check.mjs            everything (ends with "next example: ok" or exit 1)
//   node examples/next/run-check.mjs --sync     only copy the README's snippets into the example
//
// The files the README shows are copied from it first, so what is built is what it says:
// app/checkout.tsx (the quick start), app/api/dintero/[...path]/route.ts (Deploying, Node runtime)
// and app/api/dintero-edge/[...path]/route.ts (Deploying, edge runtime: the README's file with its
// basePath moved to /api/dintero-edge, so both runtimes can be served by one app).
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, run } from '../shared/check.mjs';

const exampleRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = path.resolve(exampleRoot, '../..');
const timings = [];
/** The shop's public (https) address, as its Dintero session's return URL names it. */
const RETURN_ORIGIN = 'https://shop.example';
const started = Date.now();

function log(text) {
  console.log(`[next example] ${text}`);
}

async function timed(name, work) {
  const start = Date.now();
  try {
    return await work();
  } finally {
    timings.push(`${name} ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }
}

/** The proxy of the README's edge-runtime route handler, under a path of its own in this app. */
const EDGE_BASE_PATH = '/api/dintero-edge';

/** The code of the first fence after `marker` (a heading or an HTML comment) in the README. */
function fenceAfter(readme, marker) {
  const at = readme.indexOf(marker);
  if (at === -1) throw new Error(`README.md has no "${marker}"`);
  const match = /```(?:tsx?|ts)\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (!match) throw new Error(`README.md has no code block after "${marker}"`);
  return `${match[1]}\n`;
}

/** Copies the README's snippets into the example; returns the files that changed. */
export async function syncFromReadme() {
  const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
  const quickStart = fenceAfter(readme, '## Quick start');
  // The route handler's block names its file in a comment just above it.
  const routeMarker = '<!-- examples/next: app/api/dintero/[...path]/route.ts -->';
  const route = fenceAfter(readme, routeMarker);
  const edgeRoute = fenceAfter(readme, '<!-- snippet: next-edge -->');
  if (
    !edgeRoute.includes("export const runtime = 'edge';") ||
    edgeRoute.split("'/api/dintero'").length !== 2
  ) {
    throw new Error(
      "README.md's next-edge snippet is not an edge route handler with basePath '/api/dintero'",
    );
  }
  const files = [
    [
      'app/checkout.tsx',
      // Next needs the quick start's module to be a client module: the README says so in its first line.
      quickStart.startsWith("'use client'") ? quickStart : `'use client';\n\n${quickStart}`,
    ],
    ['app/api/dintero/[...path]/route.ts', route],
    [
      'app/api/dintero-edge/[...path]/route.ts',
      edgeRoute
        .replace("'/api/dintero'", `'${EDGE_BASE_PATH}'`)
        .replace('[...path]/route.ts', `[...path]/route.ts (as ${EDGE_BASE_PATH})`),
    ],
  ];
  const changed = [];
  for (const [file, text] of files) {
    const target = path.join(exampleRoot, file);
    await mkdir(path.dirname(target), { recursive: true });
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== text) {
      await writeFile(target, text);
      changed.push(file);
    }
  }
  return changed;
}

async function waitForHttp(url, child, output, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms\n${output()}`);
}

async function purchase({ storefrontUrl, emulator }) {
  // Playwright and Chromium as every browser run of the repository uses them.
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const { chromium } = require('playwright');
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import(
    new URL('../../scripts/chromium.mjs', import.meta.url).href
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const problems = [];
  const requests = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' || /hydrat/i.test(text))
        problems.push(`console.${message.type()}: ${text}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
    });
    // Dintero's return URLs are https, and the quick start (rightly) refuses plain http to navigate to:
    // the shop's https return page is served by this Next server.
    await page.route(`${RETURN_ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      route.fulfill({ response: await route.fetch({ url: `${storefrontUrl}${url.pathname}${url.search}` }) });
    });

    await page.goto(`${storefrontUrl}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const sessionId = await page.locator('main').getAttribute('data-session-id');
    // Hydrated: the phone field formats as you type only once React runs in the page.
    await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', undefined, {
      timeout: 15_000,
    });
    await page.locator('input[type="tel"]').fill('070 123 45 67');
    await page.locator('button[data-status]').click();

    // The request reaches the emulator through the route handler; approve it as the shopper's phone would.
    let pending;
    for (let tries = 0; tries < 150 && !pending; tries++) {
      pending = emulator.pending().find((request) => request.sessionId === sessionId);
      if (!pending) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!pending) throw new Error(`no payment request for ${sessionId} reached the emulator`);
    emulator.approve(pending.requestId);

    await page.waitForURL(`${RETURN_ORIGIN}/return?**`, { timeout: 20_000 }).catch(async (error) => {
      const alerts = await page.getByRole('alert').allTextContents();
      throw new Error(
        `no return page (${page.url()}; alerts: ${JSON.stringify(alerts)}; ${problems.join('; ')})`,
        {
          cause: error,
        },
      );
    });
    await page.getByRole('heading', { name: 'Payment completed' }).waitFor({ timeout: 10_000 });
    const transactionId = new URL(page.url()).searchParams.get('transaction_id');
    if (!/^P\d+\./.test(transactionId ?? '')) throw new Error(`unexpected return URL ${page.url()}`);

    // Every pay and status call went to the shop's own origin, through the route handler.
    const api = requests.filter((url) => /\/v1\/(sessions|view)\//.test(url));
    const offOrigin = api.filter((url) => !url.startsWith(`${storefrontUrl}/api/dintero/v1/`));
    if (api.length < 2 || offOrigin.length > 0) {
      throw new Error(`pay and status calls not all through the proxy: ${JSON.stringify(api)}`);
    }
    const log = emulator.requests.filter((entry) => entry.sessionId === sessionId);
    if (
      log.filter((entry) => entry.route === 'pay').length !== 1 ||
      !log.some((entry) => entry.route === 'poll')
    ) {
      throw new Error(`the emulator saw ${JSON.stringify(log)}`);
    }

    // remember_me through the route handler: set as the shop's own cookie, then cleared.
    const payDirect = (id, rememberMe) =>
      page.evaluate(
        async ({ id, rememberMe }) =>
          (
            await fetch(`/api/dintero/v1/sessions/${id}/pay`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', accept: 'application/json' },
              body: JSON.stringify({ payment_product_type: 'swish.swish', remember_me: rememberMe }),
            })
          ).status,
        { id, rememberMe },
      );
    const cookies = async () =>
      (await context.cookies(`${storefrontUrl}/api/dintero/v1/`)).filter((cookie) =>
        cookie.name.startsWith('rdp_'),
      );
    const suffix = Date.now().toString(36);
    if ((await payDirect(`T11223344.nextRemember${suffix}a`, true)) !== 200)
      throw new Error('remember_me pay failed');
    const [cookie] = await cookies();
    if (!cookie || cookie.path !== '/api/dintero' || !cookie.httpOnly || cookie.sameSite !== 'Lax') {
      throw new Error(`remember_me cookie not set as the proxy's own: ${JSON.stringify(await cookies())}`);
    }
    if ((await payDirect(`T11223344.nextRemember${suffix}b`, false)) !== 200)
      throw new Error('remember_me pay failed');
    if ((await cookies()).length !== 0) throw new Error('remember_me: false did not clear the cookie');

    if (problems.length > 0) throw new Error(`console errors or hydration warnings:\n${problems.join('\n')}`);
    return { sessionId, transactionId, calls: api.length };
  } finally {
    await browser.close();
  }
}

async function main() {
  const changed = await syncFromReadme();
  if (changed.length > 0) log(`copied from README.md: ${changed.join(', ')}`);
  if (process.argv.includes('--sync')) return;

  await timed('library build', () => run('npm', ['run', 'build'], { cwd: repoRoot }));
  // A fresh copy of the library's package (dist/ as just built) every time.
  await rm(path.join(exampleRoot, 'node_modules/react-dintero-pay'), { recursive: true, force: true });
  await timed('npm install', () => run('npm', ['install', '--no-audit', '--no-fund'], { cwd: exampleRoot }));
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  await timed('next build', () =>
    run(path.join(exampleRoot, 'node_modules/.bin/next'), ['build'], { cwd: exampleRoot, env }),
  );

  const port = await freePort();
  const storefrontUrl = `http://localhost:${port}`;
  // The emulator behind the recording upstream the proxy checks use (as installed: dist/ just built).
  const { createDinteroEmulator } = await import('react-dintero-pay/testing');
  const { runChecks, startUpstream } = await import('../../test/runtimes/checks.mjs');
  const emulator = await startUpstream({ createDinteroEmulator, returnUrl: `${RETURN_ORIGIN}/return` });
  let output = '';
  const next = spawn(path.join(exampleRoot, 'node_modules/.bin/next'), ['start', '-p', String(port)], {
    cwd: exampleRoot,
    env: { ...env, DINTERO_CHECKOUT_URL: emulator.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  next.stdout.on('data', (chunk) => (output += chunk));
  next.stderr.on('data', (chunk) => (output += chunk));
  try {
    await timed('next start', () => waitForHttp(`${storefrontUrl}/return`, next, () => output));
    // The proxy's checks on both route handlers, with the default time-out (20 s): its two slow
    // checks wait while the purchase runs.
    const servers = [
      { name: 'Next.js route handler, Node runtime', basePath: '/api/dintero' },
      // next start gives an edge route handler the request body only once all of it has arrived,
      // and sends its answer only then: the proxy's 408 comes at the deadline but reaches a slow
      // client when its upload ends (Node's requestTimeout, 300 s, ends one that never does).
      {
        name: 'Next.js route handler, edge runtime',
        basePath: EDGE_BASE_PATH,
        holdsAnswerUntilBodyEnds: true,
      },
    ].map((server) => ({ ...server, origin: storefrontUrl, timeoutMs: 20_000, output: () => output }));
    const checks = timed('proxy checks', () => runChecks({ servers, upstream: emulator, log }));
    const result = await timed('purchase in Chromium', () =>
      purchase({ storefrontUrl, emulator: emulator.emulator }),
    );
    log(
      `Swish purchase completed through the proxy: ${result.calls} calls, transaction ${result.transactionId}`,
    );
    const failed = (await checks).filter((check) => !check.ok);
    if (failed.length > 0) {
      throw new Error(
        `proxy checks failed:\n${failed.map((check) => `${check.server}: ${check.name}: ${check.error?.stack ?? check.error}`).join('\n')}`,
      );
    }
  } catch (error) {
    if (output) console.error(`[next example] next start said:\n${output}`);
    throw error;
  } finally {
    next.kill('SIGTERM');
    await emulator.close();
  }
  log(`timings: ${timings.join(', ')}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  log('ok');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`[next example] failed: ${error.stack ?? error}`);
    if (timings.length > 0) console.error(`[next example] timings: ${timings.join(', ')}`);
    process.exit(1);
  });
}
