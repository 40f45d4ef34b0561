// How the cross-engine tests start WebKit (Safari's engine): Debian's WebKitGTK MiniBrowser, driven
// by WebKitWebDriver (classic WebDriver over HTTP), on a virtual X display of its own (Xvfb), since
// WebKitGTK has no headless mode. WEBKIT_WEBDRIVER_PATH, MINIBROWSER_PATH and XVFB_PATH override the
// binaries.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export const WEBKIT_WEBDRIVER_PATH = process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH =
  process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB_PATH = process.env.XVFB_PATH ?? '/usr/bin/Xvfb';

/** The screen is larger than any window the tests ask for, so no window is clipped to it. */
const SCREEN = '1920x1200x24';

/**
 * WebDriver capabilities of a MiniBrowser session; `proxy` (host:port) sends the browser's HTTP
 * requests through a proxy.
 * @param {{ proxy?: string }} [options]
 */
export function webkitCapabilities(options = {}) {
  return {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] },
    ...(options.proxy ? { proxy: { proxyType: 'manual', httpProxy: options.proxy } } : {}),
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on the first free display; resolves to its number once it accepts clients. */
function startXvfb() {
  // -displayfd: Xvfb picks a free display itself and writes its number once it is ready.
  const xvfb = spawn(XVFB_PATH, ['-displayfd', '3', '-screen', '0', SCREEN, '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  xvfb.stderr?.on('data', (chunk) => (stderr += chunk));
  const display = new Promise((resolve, reject) => {
    let written = '';
    xvfb.stdio[3]?.on('data', (chunk) => {
      written += chunk;
      if (written.includes('\n')) resolve(Number(written.trim()));
    });
    xvfb.once('error', (error) =>
      reject(new Error(`cannot start ${XVFB_PATH} (apt-get install xvfb): ${error.message}`)),
    );
    xvfb.once('exit', (code) =>
      reject(new Error(`Xvfb exited (${code}) before it was ready: ${stderr.trim()}`)),
    );
  });
  return { process: xvfb, display };
}

async function waitForDriver(url, driver) {
  const deadline = Date.now() + 20_000;
  let failure;
  driver.once('error', (error) => {
    failure = new Error(
      `cannot start ${WEBKIT_WEBDRIVER_PATH} (apt-get install webkit2gtk-driver): ${error.message}`,
    );
  });
  driver.once('exit', (code) => {
    failure ??= new Error(`WebKitWebDriver exited (${code}) before it was ready`);
  });
  for (;;) {
    if (failure) throw failure;
    try {
      const response = await fetch(`${url}/status`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error('WebKitWebDriver did not answer within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts a virtual display and WebKitWebDriver on it.
 * @returns {Promise<import('./webkit.d.mts').WebKitDriver>}
 */
export async function startWebKitDriver() {
  const xvfb = startXvfb();
  let driver;
  const stop = async () => {
    for (const child of [driver, xvfb.process]) {
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // The driver leads its own process group: the browser it started goes with it.
      try {
        process.kill(child === driver ? -child.pid : child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await exited;
    }
  };
  try {
    const display = await xvfb.display;
    const port = await freePort();
    driver = spawn(WEBKIT_WEBDRIVER_PATH, [`--port=${port}`], {
      stdio: 'ignore',
      detached: true,
      env: { ...process.env, DISPLAY: `:${display}` },
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForDriver(url, driver);
    return { url, display, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
