import { BasePage } from './base-page';
import type { EngineName } from './types';

/** An element handle as Playwright and Puppeteer both give it. */
interface DrivenElement {
  focus(): Promise<void>;
}

/**
 * What a Playwright page (Chromium over the DevTools protocol) and a Puppeteer page (Firefox over
 * WebDriver BiDi) both offer, as these tests use it.
 */
export interface DrivenPage {
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  url(): string;
  evaluate(expression: string): Promise<unknown>;
  evaluateHandle(expression: string): Promise<{ asElement(): unknown; dispose(): Promise<void> }>;
  keyboard: { type(text: string): Promise<void> };
}

/** How one driving library is told apart from the other: its click, its events, its tab's end. */
export interface Driver<Element extends DrivenElement> {
  click(element: Element): Promise<void>;
  /** Calls back with each console error, uncaught exception and request of the page. */
  listen(on: { error(text: string): void; request(url: string): void }): void;
  close(): Promise<void>;
}

/**
 * One tab driven by Playwright or Puppeteer: they evaluate, find, click and type alike, and differ
 * only in `Driver`. (WebKit has neither, and its own page over classic WebDriver.)
 */
export class DriverPage<Element extends DrivenElement> extends BasePage {
  private readonly errors: string[] = [];
  private readonly urls: string[] = [];

  constructor(
    readonly engine: EngineName,
    private readonly page: DrivenPage,
    private readonly driver: Driver<Element>,
  ) {
    super();
    driver.listen({ error: (text) => this.errors.push(text), request: (url) => this.urls.push(url) });
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
    // A string is evaluated by the driving protocol, which the page's policy does not govern.
    await this.page.evaluate(source);
  }

  protected run<T>(expression: string): Promise<T> {
    return this.page.evaluate(expression) as Promise<T>;
  }

  /** Runs `act` on the element the expression finds; `false` when it finds none. */
  private async withElement(expression: string, act: (element: Element) => Promise<void>) {
    const handle = await this.page.evaluateHandle(expression);
    try {
      const element = handle.asElement() as Element | null;
      if (!element) return false;
      await act(element);
      return true;
    } finally {
      await handle.dispose().catch(() => undefined);
    }
  }

  protected clickElement(expression: string): Promise<boolean> {
    return this.withElement(expression, (element) => this.driver.click(element));
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

  close(): Promise<void> {
    return this.driver.close();
  }
}
