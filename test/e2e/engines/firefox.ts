import puppeteer, { type Browser, type BrowserContext, type ElementHandle, type Page } from 'puppeteer-core';
import { FIREFOX_PATH } from '../../../scripts/firefox.mjs';
import { BasePage } from './base-page';
import type { Engine, PageOptions } from './types';

/** A tab of Debian's Firefox ESR, driven by Puppeteer over WebDriver BiDi. */
class FirefoxPage extends BasePage {
  readonly engine = 'firefox' as const;
  private readonly errors: string[] = [];
  private readonly urls: string[] = [];

  constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {
    super();
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push(message.text());
    });
    page.on('pageerror', (error) => this.errors.push(`uncaught: ${(error as Error).message}`));
    page.on('request', (request) => {
      this.urls.push(request.url());
    });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
  }

  async reload(): Promise<void> {
    await this.page.reload();
  }

  async url(): Promise<string> {
    return this.page.url();
  }

  async addScript(source: string): Promise<void> {
    // A string is evaluated by WebDriver BiDi, which the page's policy does not govern.
    await this.page.evaluate(source);
  }

  protected run<T>(expression: string): Promise<T> {
    return this.page.evaluate(expression) as Promise<T>;
  }

  /** Runs `act` on the element the expression finds; `false` when it finds none. */
  private async withElement(expression: string, act: (element: ElementHandle<Element>) => Promise<void>) {
    const handle = await this.page.evaluateHandle(expression);
    try {
      const element = handle.asElement() as ElementHandle<Element> | null;
      if (!element) return false;
      await act(element);
      return true;
    } finally {
      await handle.dispose().catch(() => undefined);
    }
  }

  protected clickElement(expression: string): Promise<boolean> {
    return this.withElement(expression, (element) => element.click());
  }

  protected typeInto(expression: string, text: string): Promise<boolean> {
    return this.withElement(expression, async (element) => {
      await element.focus();
      await this.page.keyboard.type(text);
    });
  }

  async consoleErrors(): Promise<string[]> {
    return [...this.errors];
  }

  async requests(): Promise<string[]> {
    return [...this.urls];
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** Debian's Firefox ESR, headless. */
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
      return new FirefoxPage(context, page);
    },
    close: () => browser.close(),
  };
}
