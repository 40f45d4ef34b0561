// What every example's run-check.mjs shares: the README's marked snippets, the library packed as npm
// publishes it, an install that reuses node_modules while the lockfile stays the same, servers
// started and stopped by their own process id, and Chromium driven as every browser run of the
// repository drives it (Debian's Chromium, scripts/chromium.mjs).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A check's log, timings and ending: `[name] …` lines, one `timings:` line, and `name: ok` or exit 1.
 * `main` gets `{ log, timed }`; whatever it throws ends the run with the error and the timings so far.
 */
export function runCheck(name, main) {
  const started = Date.now();
  const timings = [];
  const log = (text) => console.log(`[${name}] ${text}`);
  const timed = async (step, work) => {
    const start = Date.now();
    try {
      return await work();
    } finally {
      timings.push(`${step} ${((Date.now() - start) / 1000).toFixed(1)} s`);
    }
  };
  const total = () => `total ${((Date.now() - started) / 1000).toFixed(1)} s`;
  main({ log, timed }).then(
    () => {
      log(`timings: ${[...timings, total()].join(', ')}`);
      console.log(`${name}: ok`);
    },
    (error) => {
      console.error(`[${name}] failed: ${error?.stack ?? error}`);
      console.error(`[${name}] timings: ${[...timings, total()].join(', ')}`);
      process.exit(1);
    },
  );
}

/** Code blocks that follow a `<!-- snippet: name -->` line, by name (as test/docs/readme-snippets.test.ts reads them). */
export function readmeSnippets(markdown) {
  const found = new Map();
  for (const match of markdown.matchAll(/<!--\s*snippet:\s*([\w-]+)\s*-->\s*\n```\w*\n([\s\S]*?)\n```/g)) {
    found.set(match[1], `${match[2]}\n`);
  }
  return found;
}

/**
 * Writes README snippets into an example, verbatim: `files` maps a path in the example to the
 * snippet's name (`README_PATH` reads them from another file, e.g. a draft of the README). Every missing snippet is named in one error, with the file it was meant for.
 * Returns the files that changed.
 */
export async function copySnippets(exampleRoot, files) {
  // README_PATH checks another copy of the README (a draft) against the example.
  const readme = process.env.README_PATH
    ? path.resolve(process.env.README_PATH)
    : path.join(REPO_ROOT, 'README.md');
  const snippets = readmeSnippets(await readFile(readme, 'utf8'));
  const missing = Object.entries(files).filter(([, name]) => !snippets.has(name));
  if (missing.length > 0) {
    const list = missing.map(([file, name]) => `<!-- snippet: ${name} --> (for ${file})`).join(', ');
    throw new Error(
      `${path.relative(REPO_ROOT, readme)} has no code block marked ${list}: the example is built from the README's own code, so mark the block (a line \`<!-- snippet: NAME -->\` right before its fence)`,
    );
  }
  const changed = [];
  for (const [file, name] of Object.entries(files)) {
    const target = path.join(exampleRoot, file);
    const text = snippets.get(name);
    if ((await readFile(target, 'utf8').catch(() => '')) === text) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
    changed.push(`${file} (${name})`);
  }
  return changed;
}

/** Runs a command to its end; rejects with its output when it exits with anything but 0. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${output}`)),
    );
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * A long-running server process (started by its own binary, never through npx, so its id is the
 * server's): its output so far, a wait until a URL answers, and a stop that waits for the exit.
 */
export function startServer(command, args, options) {
  let output = '';
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    output: () => output,
    async waitFor(url, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(
            `${path.basename(command)} exited with ${child.exitCode ?? child.signalCode}\n${output}`,
          );
        }
        try {
          const response = await fetch(url);
          await response.body?.cancel();
          if (response.status < 500) return;
        } catch {
          // Not listening yet.
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`${url} did not answer within ${timeoutMs} ms\n${output}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Builds the library and packs it as `npm publish` would (`files`, `exports`, nothing else): the
 * tarball every example installs. Returns its path and a `dispose` that removes it.
 */
export async function packLibrary({ timed }) {
  await timed('library build', () => run('npm', ['run', 'build'], { cwd: REPO_ROOT }));
  const dir = await mkdtemp(path.join(tmpdir(), 'rdp-pack-'));
  const packed = await timed('npm pack', () =>
    run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: REPO_ROOT }),
  );
  const [{ filename }] = JSON.parse(packed.slice(packed.indexOf('[')));
  return { tarball: path.join(dir, filename), dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** The lockfile and manifest as they stand: node_modules is reused while this stays the same. */
async function installStamp(exampleRoot) {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) {
    hash.update(await readFile(path.join(exampleRoot, file), 'utf8').catch(() => ''));
  }
  return `${process.version} ${hash.digest('hex')}\n`;
}

/**
 * `npm install` from the registry in `dir`, skipped while package.json, package-lock.json and Node
 * are as at the last install there.
 */
export async function installDependencies(dir, { log, timed }) {
  const stampFile = path.join(dir, 'node_modules/.react-dintero-pay-install');
  const stamp = await installStamp(dir);
  if ((await readFile(stampFile, 'utf8').catch(() => '')) === stamp) {
    log(
      `${path.relative(REPO_ROOT, dir)}: node_modules reused (package.json and package-lock.json unchanged)`,
    );
    return;
  }
  await timed('npm install', () => run('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir }));
  await writeFile(stampFile, await installStamp(dir));
}

/**
 * The example's dependencies (see `installDependencies`), then the packed library on top, fresh
 * every time. The library is not in the example's package.json: npm pins a `file:` tarball by its
 * hash and would go on installing the first build from its cache.
 */
export async function installExample(exampleRoot, tarball, { log, timed }) {
  await installDependencies(exampleRoot, { log, timed });
  await timed('install the packed library', () =>
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', tarball], { cwd: exampleRoot }),
  );
  const installed = JSON.parse(
    await readFile(path.join(exampleRoot, 'node_modules/react-dintero-pay/package.json'), 'utf8'),
  );
  log(`react-dintero-pay ${installed.version} installed from ${path.basename(tarball)}`);
}

/**
 * The shop's public https address in the production runs (the address `SHOP_URL` names there):
 * Dintero's return and callback URLs point at it, and the check answers it from the local server.
 * Development runs use the local `http://localhost` address instead, as the README's local setup does.
 */
export const SHOP_ORIGIN = 'https://shop.example';

/**
 * Chromium (Debian's, as scripts/chromium.mjs says) with one page that records what must never
 * happen: console errors and warnings, hydration warnings, uncaught errors and failed requests.
 * Requests to `SHOP_ORIGIN` are answered by `localOrigin`.
 */
export async function openBrowser({ localOrigin }) {
  const require = createRequire(path.join(REPO_ROOT, 'package.json'));
  const { chromium } = require('playwright');
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import(
    new URL('../../scripts/chromium.mjs', import.meta.url).href
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' || message.type() === 'warning' || /hydrat/i.test(text)) {
      problems.push(`console.${message.type()}: ${text}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
  });
  await page.route(`${SHOP_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    await route.fulfill({
      response: await route.fetch({ url: `${localOrigin}${url.pathname}${url.search}` }),
    });
  });
  return { browser, context, page, problems, requests };
}

/**
 * The Swish purchase a shopper makes with the README's quick start: a number typed, Pay pressed,
 * the request approved in the emulator (as the phone would), and Dintero's redirect followed to
 * `returnPage`. Returns the transaction id from the return URL.
 */
export async function payWithSwish({ page, emulator, sessionId, returnPage }) {
  await page.locator('input[type="tel"]').fill('070 123 45 67');
  await page.locator('button[data-status]').click();
  let pending;
  for (let tries = 0; tries < 150 && !pending; tries++) {
    pending = emulator.pending().find((request) => request.sessionId === sessionId);
    if (!pending) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!pending) {
    const alerts = await page.getByRole('alert').allTextContents();
    throw new Error(
      `no payment request for ${sessionId} reached the emulator (alerts: ${JSON.stringify(alerts)})`,
    );
  }
  emulator.approve(pending.requestId);
  await page.waitForURL(`${returnPage}?**`, { timeout: 20_000 }).catch(async (error) => {
    const alerts = await page.getByRole('alert').allTextContents();
    throw new Error(`no return to ${returnPage} (alerts: ${JSON.stringify(alerts)})`, { cause: error });
  });
  const transactionId = new URL(page.url()).searchParams.get('transaction_id');
  if (!/^P\d+\./.test(transactionId ?? '')) throw new Error(`unexpected return URL ${page.url()}`);
  return transactionId;
}

/** Every pay and status call of the page went to its own origin's proxy, and there were some. */
export function assertThroughProxy(requests, localOrigin, basePath = '/api/dintero') {
  const api = requests.filter((url) => /\/v1\/(sessions|view)\//.test(url));
  const offOrigin = api.filter((url) => !url.startsWith(`${localOrigin}${basePath}/v1/`));
  if (api.length < 2 || offOrigin.length > 0) {
    throw new Error(`pay and status calls not all through the proxy: ${JSON.stringify(api)}`);
  }
  return api.length;
}

/**
 * The emulator (`startDinteroEmulator` of `react-dintero-pay/testing` as the example installed it)
 * as a shop's server meets it: Dintero's API and Checkout hosts on one local origin, its calls to
 * the shop's `callback_url` recorded, and those to `SHOP_ORIGIN` delivered to `localOrigin`.
 */
export async function startEmulator({ exampleRoot, localOrigin }) {
  const require = createRequire(path.join(exampleRoot, 'package.json'));
  const { startDinteroEmulator } = await import(
    pathToFileURL(require.resolve('react-dintero-pay/testing')).href
  );
  const callbacks = [];
  const server = await startDinteroEmulator({
    port: 0,
    callbackFetch: async (url, init) => {
      const response = await fetch(url.replace(SHOP_ORIGIN, localOrigin), init);
      const { pathname, searchParams } = new URL(url);
      callbacks.push({
        path: pathname,
        transactionId: searchParams.get('transaction_id'),
        status: response.status,
      });
      return response;
    },
  });
  return { ...server, callbacks };
}

/** The environment of a shop's server: the emulator's test account on both of Dintero's hosts. */
export async function shopServerEnv({ exampleRoot, emulatorUrl, port, shopUrl }) {
  const require = createRequire(path.join(exampleRoot, 'package.json'));
  const testing = await import(pathToFileURL(require.resolve('react-dintero-pay/testing')).href);
  return {
    ...process.env,
    PORT: String(port),
    SHOP_URL: shopUrl,
    DINTERO_ACCOUNT_ID: testing.EMULATOR_ACCOUNT_ID,
    DINTERO_CLIENT_ID: testing.EMULATOR_CLIENT_ID,
    DINTERO_CLIENT_SECRET: testing.EMULATOR_CLIENT_SECRET,
    DINTERO_API_URL: emulatorUrl,
    DINTERO_CHECKOUT_URL: emulatorUrl,
  };
}

/**
 * A shopper's visit to a shop whose server creates the session, as the README's server code does.
 * The page at `origin` gets its session from the server (from the answer to `POST /api/checkout`,
 * or, rendered by the server, from `main[data-session-id]`); the session was created with the
 * merchant API, returning to `${shopUrl}/return`; the Swish purchase goes through the proxy; the
 * return page says `paidText` (and for a transaction Dintero does not know it does not, nor fails
 * with a 5xx); and Dintero's callback was accepted. `hydrated`: wait for
 * `<html data-hydrated="true">` before typing (server rendering).
 */
export async function purchaseFromShop({ origin, shopUrl, emulator, paidText, hydrated = false }) {
  const { browser, page, problems, requests } = await openBrowser({ localOrigin: origin });
  try {
    const checkout = page
      .waitForResponse((response) => new URL(response.url()).pathname === '/api/checkout', {
        timeout: 30_000,
      })
      .catch(() => undefined);
    await page.goto(`${origin}/`);
    await page.locator('input[type="tel"]').waitFor({ timeout: 30_000 });
    if (hydrated) {
      await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', undefined, {
        timeout: 30_000,
      });
    }
    const main = page.locator('main[data-session-id]');
    const sessionId =
      (await main.count()) > 0
        ? await main.getAttribute('data-session-id')
        : (await (await checkout)?.json())?.sessionId;
    const created = sessionId && emulator.emulator.getSession(sessionId);
    if (!created?.order || created.url?.return_url !== `${shopUrl}/return`) {
      throw new Error(
        `the server did not create session ${sessionId} with the merchant API, returning to ${shopUrl}/return: ${JSON.stringify(created)}`,
      );
    }
    const returnPage = `${shopUrl}/return`;
    const transactionId = await payWithSwish({
      page,
      problems,
      emulator: emulator.emulator,
      sessionId,
      returnPage,
    });
    await page
      .getByText(paidText)
      .waitFor({ timeout: 10_000 })
      .catch(async (error) => {
        throw new Error(`the return page says ${JSON.stringify(await page.locator('body').innerText())}`, {
          cause: error,
        });
      });
    // Confirmed server-side: the same page for a transaction Dintero does not know says otherwise.
    const forged = await fetch(`${origin}/return?transaction_id=P12345678.forged&merchant_reference=order-1`);
    const forgedPage = await forged.text();
    if (forged.status >= 500 || forgedPage.includes(paidText)) {
      throw new Error(
        `the return page for an unknown transaction answered ${forged.status}: ${forgedPage.slice(0, 300)}`,
      );
    }
    // Dintero's callback reached the shop's server, which answered 2xx.
    let callback;
    for (let tries = 0; tries < 100 && !callback; tries++) {
      callback = emulator.callbacks.find((call) => call.transactionId === transactionId && call.status < 300);
      if (!callback) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!callback)
      throw new Error(`Dintero's callback was not accepted: ${JSON.stringify(emulator.callbacks)}`);
    const calls = assertThroughProxy(requests, origin);
    if (problems.length > 0) throw new Error('the page reported problems');
    return (
      `session created by the server, Swish purchase through the proxy (${calls} calls), return page ` +
      `confirmed with Dintero (an unknown transaction's is not), callback ${callback.path} answered ` +
      `${callback.status}; transaction ${transactionId}`
    );
  } catch (error) {
    // What the page said on the way, and where it ended.
    const seen = problems.length > 0 ? `\nin the page:\n${problems.join('\n')}` : '';
    throw new Error(`${error.message} (at ${page.url()})${seen}`, { cause: error });
  } finally {
    await browser.close();
  }
}

/**
 * First visits to a development server, unchecked: Vite bundles the dependencies it discovers on
 * the first page load and then reloads the page (failing that load's module requests with 504
 * "Outdated Optimize Dep"), once after every install; a page whose live-reload socket connected
 * after that reload was sent stays unhydrated, as it would for a developer, who reloads. So: up to
 * three loads until the page is interactive. The checked visit is the next one.
 */
export async function warmUpDevServer(origin, { hydrated = false } = {}) {
  const { browser, page, problems } = await openBrowser({ localOrigin: origin });
  try {
    for (let load = 1; ; load++) {
      await page.goto(`${origin}/`);
      const ready = await page
        .waitForFunction(
          (hydrated) =>
            document.querySelector('input[type="tel"]') !== null &&
            (!hydrated || document.documentElement.dataset.hydrated === 'true'),
          hydrated,
          { timeout: 20_000 },
        )
        .then(
          () => true,
          () => false,
        );
      if (ready) return;
      if (load === 3) throw new Error(`three first visits never became interactive:\n${problems.join('\n')}`);
    }
  } finally {
    await browser.close();
  }
}
