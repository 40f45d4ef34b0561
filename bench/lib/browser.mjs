import { build, transform } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { dist, ROOT } from './paths.mjs';
import { percentile } from './stats.mjs';

const CPU_SLOWDOWN = 4;
const CLICKS = 30;
const TYPING_ROUNDS = 5;
const WARM_UP = 2;
const DIGITS = '0701234567';

async function buildPage() {
  const result = await build({
    entryPoints: [`${ROOT}bench/browser/page.tsx`],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  const stylesPath = existsSync(dist('styles.css')) ? dist('styles.css') : `${ROOT}src/styles.css`;
  const styles = await transform(readFileSync(stylesPath, 'utf8'), { loader: 'css', minify: true });
  return {
    '/': {
      type: 'text/html; charset=utf-8',
      body:
        '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
        '<meta name="viewport" content="width=device-width, initial-scale=1">' +
        '<title>react-dintero-pay bench</title><link rel="stylesheet" href="/styles.css"></head>' +
        '<body><main id="root"></main><script type="module" src="/page.js"></script></body></html>',
    },
    '/page.js': { type: 'text/javascript; charset=utf-8', body: result.outputFiles[0].contents },
    '/styles.css': { type: 'text/css; charset=utf-8', body: styles.code },
  };
}

/** A static server for the bench page, on loopback only. */
async function serve(files) {
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://bench').pathname];
    response.writeHead(file ? 200 : 404, {
      'content-type': file?.type ?? 'text/plain',
      'cache-control': 'no-store',
    });
    response.end(file?.body ?? 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((r) => server.close(r)),
  };
}

const summary = (values) => ({
  samples: values.length,
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  max: Math.max(...values),
});

/**
 * Click-to-busy and keystroke-to-frame latencies in Chromium with the CPU slowed down, measured
 * by the page itself from each input event's timestamp to the end of the frame that shows it.
 */
export async function measureInteraction() {
  const files = await buildPage();
  const server = await serve(files);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.goto(server.url);
    await page.waitForSelector('button[data-status="idle"]');

    for (let i = 0; i < WARM_UP + CLICKS; i++) {
      await page.evaluate(() => window.bench.next(true));
      await page.waitForSelector('button[data-status="idle"]');
      await page.click('button[data-status]');
      await page.evaluate((count) => window.bench.waitFor('click', count), i + 1);
    }

    for (let round = 0; round < WARM_UP + TYPING_ROUNDS; round++) {
      await page.evaluate(() => window.bench.next(false));
      await page.click('input[type="tel"]');
      for (const [index, digit] of [...DIGITS].entries()) {
        await page.keyboard.press(digit);
        await page.evaluate((count) => window.bench.waitFor('key', count), round * DIGITS.length + index + 1);
      }
    }

    const samples = await page.evaluate(() => window.bench.samples);
    return {
      chromium: browser.version(),
      cpuSlowdown: CPU_SLOWDOWN,
      click: summary(samples.click.slice(WARM_UP)),
      key: summary(samples.key.slice(WARM_UP * DIGITS.length)),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
