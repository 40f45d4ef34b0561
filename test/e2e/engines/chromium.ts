import { chromium, type Browser, type ElementHandle } from 'playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';
import { DriverPage } from './driver-page';
import type { Engine, PageOptions } from './types';

/** Debian's Chromium, launched as every browser run of the project launches it; Playwright drives its tabs. */
export async function launchChromium(): Promise<Engine> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    name: 'chromium',
    async newPage({ viewport, initScript }: PageOptions) {
      const context = await browser.newContext({ viewport });
      if (initScript) await context.addInitScript({ content: initScript });
      const page = await context.newPage();
      return new DriverPage<ElementHandle>('chromium', page, {
        click: (element) => element.click({ timeout: 5000 }),
        listen({ error, request }) {
          page.on('console', (message) => message.type() === 'error' && error(message.text()));
          page.on('pageerror', (thrown) => error(`uncaught: ${thrown.message}`));
          page.on('request', (sent) => request(sent.url()));
        },
        close: () => context.close(),
      });
    },
    close: () => browser.close(),
  };
}
