import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Browser, BrowserContext } from 'playwright';
import { createElement } from 'react';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { qrCodeDataUrl, startDinteroEmulator, type DinteroEmulatorServer } from '../../src/testing';
import { apiCalls, axeViolationsUnderCsp, recordPageProblems } from './browser-helpers';
import { DESKTOP, launchChromium } from './helpers';
import type { SsrAppProps } from './ssr-app';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const WAIT = { timeout: 15_000 };

/** Browser globals a server render must not use; each is trapped while the library loads and renders. */
const BROWSER_GLOBALS = [
  'window',
  'document',
  'navigator',
  'location',
  'self',
  'localStorage',
  'sessionStorage',
  'matchMedia',
  'requestAnimationFrame',
] as const;

interface GlobalAccess {
  name: string;
  /** `file:line:column` of the access, from the stack trace. */
  at: string;
  /** The source text at that place. */
  code: string;
}

function sourceAt(location: string): string {
  const match = /^(.*):(\d+):(\d+)$/.exec(location);
  if (!match) return '';
  const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
  try {
    const line = readFileSync(file, 'utf8').split('\n')[Number(match[2]) - 1] ?? '';
    return line.trim();
  } catch {
    return '';
  }
}

/**
 * Replaces each browser global (none exists in Node) by a getter that records who asked and still
 * answers `undefined`, so code behaves exactly as without the trap. Returns the log and the undo.
 */
function trapBrowserGlobals(): { accesses: GlobalAccess[]; restore: () => void } {
  const accesses: GlobalAccess[] = [];
  for (const name of BROWSER_GLOBALS) {
    expect(name in globalThis, `${name} already exists in this Node process`).toBe(false);
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        const caller = (new Error().stack ?? '').split('\n')[2] ?? '';
        const at = /\(?((?:file:\/\/)?\/[^()]+:\d+:\d+)\)?$/.exec(caller.trim())?.[1] ?? caller.trim();
        accesses.push({ name, at, code: sourceAt(at) });
        return undefined;
      },
    });
  }
  return {
    accesses,
    restore: () => {
      for (const name of BROWSER_GLOBALS) delete (globalThis as Record<string, unknown>)[name];
    },
  };
}

/** The client bundle: `hydrateRoot` of the same SsrApp with the props the server used. */
const CLIENT_ENTRY = 'virtual:ssr-client';
const CLIENT_SOURCE = `
import { createElement } from 'react';
import { hydrateRoot } from 'react-dom/client';
import '/src/styles.css';
import { SsrApp } from '/test/e2e/ssr-app.tsx';

const props = JSON.parse(document.getElementById('ssr-props').textContent);
hydrateRoot(document.getElementById('root'), createElement(SsrApp, props), {
  // Printed, so the test sees errors React recovered from by rendering on the client instead.
  onRecoverableError: (error) => console.error('recoverable: ' + (error && error.message)),
});
`;

/** Bundles the client with React's development build, which reports every hydration mismatch. */
async function buildClient(outDir: string): Promise<{ script: string; styles: string[] }> {
  await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'silent',
    mode: 'development',
    define: { 'process.env.NODE_ENV': JSON.stringify('development') },
    plugins: [
      react(),
      {
        name: 'ssr-client-entry',
        resolveId: (id) => (id === CLIENT_ENTRY ? `\0${CLIENT_ENTRY}` : undefined),
        load: (id) => (id === `\0${CLIENT_ENTRY}` ? CLIENT_SOURCE : undefined),
      },
    ],
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      assetsInlineLimit: 0,
      rolldownOptions: {
        input: CLIENT_ENTRY,
        output: { entryFileNames: 'client.js', assetFileNames: '[name]-[hash][extname]' },
      },
    },
  });
  const files = await readdir(outDir);
  return { script: 'client.js', styles: files.filter((file) => file.endsWith('.css')) };
}

function escapeJson(value: unknown): string {
  // Inside <script type="application/json">: "<" must not close the element.
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** Serves the server-rendered page and the client bundle, under the strict policy of row 28. */
async function servePage(
  outDir: string,
  page: string,
): Promise<{ server: Server; url: string; csp: string }> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${emulator.url}`,
  ].join('; ');
  const server = createServer((request, response) => {
    const name = (request.url ?? '/').split('?')[0]!;
    const headers = { 'content-security-policy': csp, 'cache-control': 'no-store' };
    if (name === '/favicon.ico') {
      response.writeHead(204, headers).end();
      return;
    }
    if (name === '/') {
      response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const file = path.join(outDir, path.basename(name));
    readFile(file).then(
      (body) => {
        const type = file.endsWith('.css') ? 'text/css' : 'text/javascript';
        response.writeHead(200, { ...headers, 'content-type': `${type}; charset=utf-8` }).end(body);
      },
      () => response.writeHead(404, headers).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, csp };
}

let emulator: DinteroEmulatorServer;
let browser: Browser;
let context: BrowserContext | undefined;
let outDir: string | undefined;
let pageServer: Server | undefined;

beforeAll(async () => {
  [emulator, browser] = await Promise.all([startDinteroEmulator({ port: 0 }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  await new Promise((resolve) => (pageServer ? pageServer.close(resolve) : resolve(undefined)));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

const props: SsrAppProps = {
  baseUrl: '',
  sessionId: `T11223344.ssr${Date.now()}`,
  // Whole seconds, so the countdown has one right answer on both sides.
  expiresAt: Math.ceil(Date.now() / 1000) * 1000 + 150_000,
  qrCode: qrCodeDataUrl('D0123456789abcdef0123456789abcdef'),
};
let serverHtml = '';

describe('row 29: server rendering, then hydration in Chromium', () => {
  it('row 29: every component renders on the server, and the library never touches window or document', async () => {
    props.baseUrl = `${emulator.url}/v1`;
    const trap = trapBrowserGlobals();
    try {
      // Fresh module instances: whatever the library does at import time happens under the trap.
      vi.resetModules();
      const { renderToString } = await import('react-dom/server');
      const { SsrApp } = await import('./ssr-app');
      serverHtml = renderToString(createElement(SsrApp, props));
    } finally {
      trap.restore();
    }

    // The library's modules were evaluated (and rendered) under the trap...
    expect(trap.accesses.some((access) => access.at.includes('/src/'))).toBe(true);
    // ...and every look at a browser global was a `typeof` guard, never a use.
    expect(trap.accesses.filter((access) => !access.code.includes(`typeof ${access.name}`))).toEqual([]);
    // Nothing created them either (an assignment would have thrown: the traps had no setter).
    for (const name of BROWSER_GLOBALS) expect(name in globalThis, name).toBe(false);

    // Every component is there, in its server form.
    expect(serverHtml).toMatch(/<input[^>]*type="tel"[^>]*id="phone"/);
    // The number is set through the DOM property after hydration, never serialised into the markup.
    expect(serverHtml).not.toMatch(/70 ?123 ?45 ?67/);
    expect(serverHtml).toMatch(/<button[^>]*id="pay"[^>]*data-status="idle"/);
    expect(serverHtml).toContain('Pay SEK');
    expect(serverHtml).toMatch(/id="declined"[^>]*role="alert"|role="alert"[^>]*id="declined"/);
    expect(serverHtml).toContain('This payment method cannot be used. Choose another one.');
    expect(serverHtml).toMatch(/<section[^>]*data-status="awaiting_approval"[^>]*data-layout="desktop"/);
    expect(serverHtml).toContain(`src="${props.qrCode}"`);
    // The clock and the device are read only after hydration: an empty countdown on the server.
    expect(serverHtml).toMatch(/role="timer"[^>]*><\/span>/);
    // No inline styles: the markup passes style-src 'self' (theme tokens are set through the CSSOM).
    expect(serverHtml).not.toMatch(/\sstyle=/);
  });

  it('row 29: the server markup hydrates in Chromium without a warning, keeps its nodes, and is interactive', async () => {
    if (!serverHtml) {
      // This test alone (the one above did not run): the same render, without the traps.
      props.baseUrl = `${emulator.url}/v1`;
      const { renderToString } = await import('react-dom/server');
      const { SsrApp } = await import('./ssr-app');
      serverHtml = renderToString(createElement(SsrApp, props));
    }
    outDir = await mkdtemp(path.join(os.tmpdir(), 'rdp-ssr-'));
    const bundle = await buildClient(outDir);
    const pageHtml = [
      '<!doctype html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8" />',
      '<title>Server-rendered checkout</title>',
      ...bundle.styles.map((file) => `<link rel="stylesheet" href="/${file}" />`),
      `<script type="module" src="/${bundle.script}"></script>`,
      '</head>',
      `<body><div id="root">${serverHtml}</div>`,
      `<script type="application/json" id="ssr-props">${escapeJson(props)}</script>`,
      '</body>',
      '</html>',
    ].join('\n');
    const served = await servePage(outDir, pageHtml);
    pageServer = served.server;

    context = await browser.newContext(DESKTOP);
    const problems = await recordPageProblems(context);
    const warnings: string[] = [];
    // Keeps the server's Pay button as parsed, before any script: hydration must adopt that node.
    await context.addInitScript(() => {
      const found = new MutationObserver(() => {
        const button = document.getElementById('pay');
        if (!button) return;
        (window as unknown as { __serverButton: Element }).__serverButton = button;
        found.disconnect();
      });
      found.observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(served.url);

    // Hydrated: the countdown (client-only) runs, the layout was read, the theme applied.
    const timer = page.getByRole('timer');
    await expect.poll(() => timer.textContent(), WAIT).toMatch(/^[12]:\d\d$/);
    const button = page.locator('#pay');
    expect(await button.evaluate((element) => element.style.getPropertyValue('--rdp-color-primary'))).toBe(
      '#1f5c4a',
    );
    expect(
      await page.evaluate(
        () =>
          document.getElementById('pay') ===
          (window as unknown as { __serverButton?: Element }).__serverButton,
      ),
    ).toBe(true);
    expect(await page.locator('#phone').inputValue()).toBe('+46 70 123 45 67');
    expect(await page.locator('#approval').getAttribute('data-layout')).toBe('desktop');
    expect(
      await page.getByRole('img', { name: /QR/ }).evaluate((img: HTMLImageElement) => img.naturalWidth > 0),
    ).toBe(true);
    expect(await axeViolationsUnderCsp(page)).toEqual([]);

    // Interactive: the real session behind the button pays once and shows busy at once.
    expect(await button.getAttribute('aria-disabled')).toBeNull();
    await button.click();
    expect(await button.getAttribute('aria-disabled')).toBe('true');
    await expect.poll(() => button.getAttribute('data-status'), WAIT).toBe('awaiting_approval');
    expect((await apiCalls(emulator.url, props.sessionId)).pays).toHaveLength(1);

    const hydrationTrouble = (text: string) => /hydrat|did not match|didn't match|recoverable/i.test(text);
    expect(problems.errors).toEqual([]);
    expect(warnings.filter(hydrationTrouble)).toEqual([]);
    expect(problems.violations).toEqual([]);
  });
});
