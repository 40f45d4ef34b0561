import puppeteer, { type Browser, type ElementHandle } from 'puppeteer-core';
import { FIREFOX_PATH } from '../../../scripts/firefox.mjs';
import { DriverPage } from './driver-page';
import type { Engine, PageOptions } from './types';

/** Debian's Firefox ESR, headless; Puppeteer drives its tabs over WebDriver BiDi. */
export async function launchFirefox(): Promise<Engine> {
  const browser: Browser = await puppeteer
    .launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true })
    .catch((error: Error) => {
      throw new Error(`cannot start ${FIREFOX_PATH} (apt-get install firefox-esr): ${error.message}`);
    });
  return {
    name: 'firefox',
    async newPage({ viewport, initScript }: PageOptions) {
      // A user context of its own: cookies and storage apart from every other page.
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(viewport);
      if (initScript) await page.evaluateOnNewDocument(initScript);
      return new DriverPage<ElementHandle>('firefox', page, {
        click: (element) => element.click(),
        listen({ error, request }) {
          page.on('console', (message) => message.type() === 'error' && error(message.text()));
          page.on('pageerror', (thrown) => error(`uncaught: ${(thrown as Error).message}`));
          page.on('request', (sent) => request(sent.url()));
        },
        close: () => context.close(),
      });
    },
    close: () => browser.close(),
  };
}
