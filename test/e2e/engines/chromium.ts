import {
  chromium,
  type Browser,
  type BrowserContext,
  type ElementHandle,
  type JSHandle,
  type Page,
} from 'playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';
import { BasePage } from './base-page';
import type { Engine, PageOptions } from './types';

/** A tab of Debian's Chromium, driven by Playwright over the DevTools protocol. */
class ChromiumPage extends BasePage {
  readonly engine = 'chromium' as const;
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
    page.on('pageerror', (error) => this.errors.push(`uncaught: ${error.message}`));
    page.on('request', (request) => this.urls.push(request.url()));
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
    // A string is evaluated by the DevTools protocol, which the page's policy does not govern.
    await this.page.evaluate(source);
  }

  protected run<T>(expression: string): Promise<T> {
    return this.page.evaluate(expression) as Promise<T>;
  }

  /** Runs `act` on the element the expression finds; `false` when it finds none. */
  private async withElement(expression: string, act: (element: ElementHandle<Element>) => Promise<void>) {
    const handle = (await this.page.evaluateHandle(expression)) as JSHandle<Element | null>;
    try {
      const element = handle.asElement();
      if (!element) return false;
      await act(element);
      return true;
    } finally {
      await handle.dispose().catch(() => undefined);
    }
  }

  protected clickElement(expression: string): Promise<boolean> {
    return this.withElement(expression, (element) => element.click({ timeout: 5000 }));
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

/** Debian's Chromium, launched as every browser run of the project launches it. */
export async function launchChromium(): Promise<Engine> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    name: 'chromium',
    async newPage({ viewport, initScript }: PageOptions) {
      const context = await browser.newContext({ viewport });
      if (initScript) await context.addInitScript({ content: initScript });
      return new ChromiumPage(context, await context.newPage());
    },
    close: () => browser.close(),
  };
}
