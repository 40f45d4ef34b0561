import { startWebKitDriver, webkitCapabilities, type WebKitDriver } from '../../../scripts/webkit.mjs';
import { BasePage } from './base-page';
import { REPORT_PATH, startInjectingProxy, type InjectingProxy, type Report } from './injecting-proxy';
import type { Engine, PageOptions, Viewport } from './types';
import { WebDriverSession } from './webdriver';

/**
 * Records console errors and uncaught exceptions of one document, in the page: the WebKit driver
 * reports neither. Each one is kept on `window.__enginesErrors` (read while the document lives) and
 * sent to the proxy at once (kept after the document is gone, e.g. across the redirect to the
 * return page). Sent as source text: it closes over nothing.
 */
function recordErrors(reportPath: string): void {
  const documentId = Math.random().toString(36).slice(2);
  const list: string[] = [];
  (window as unknown as { __enginesErrors: unknown }).__enginesErrors = { document: documentId, list };
  const describe = (value: unknown): string => {
    if (value instanceof Error) return value.message;
    if (typeof value === 'string') return value;
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  };
  const report = (text: string) => {
    const index = list.push(text) - 1;
    try {
      navigator.sendBeacon(reportPath, JSON.stringify({ document: documentId, index, text }));
    } catch {
      // The list on the window still has it.
    }
  };
  const original = console.error;
  console.error = function (...args: unknown[]) {
    report(args.map(describe).join(' '));
    return original.apply(this, args);
  };
  window.addEventListener('error', (event) => report(`uncaught: ${event.message}`));
  window.addEventListener('unhandledrejection', (event) =>
    report(`uncaught (in promise): ${describe(event.reason)}`),
  );
}

/** A window of WebKitGTK's MiniBrowser, driven over classic WebDriver. */
class WebKitPage extends BasePage {
  readonly engine = 'webkit' as const;
  private readonly firstRequest: number;
  private readonly firstReport: number;

  constructor(
    private readonly session: WebDriverSession,
    private readonly proxy: InjectingProxy,
    private readonly onClose: () => Promise<void>,
  ) {
    super();
    this.firstRequest = proxy.requests.length;
    this.firstReport = proxy.reports.length;
  }

  async open(url: string): Promise<void> {
    await this.session.navigate(url);
  }

  async reload(): Promise<void> {
    await this.session.refresh();
  }

  url(): Promise<string> {
    return this.session.currentUrl();
  }

  async addScript(source: string): Promise<void> {
    // Run as the driver's own script, which the page's policy does not govern; a `var` at its top
    // level stays local (axe-core sets `window.axe` itself).
    await this.session.execute(`${source}\n;return true;`);
  }

  protected run<T>(expression: string): Promise<T> {
    return this.session.execute<T>(`return (${expression});`);
  }

  protected async clickElement(expression: string): Promise<boolean> {
    const element = await this.session.elementFrom(`return (${expression});`);
    if (!element) return false;
    await this.session.click(element);
    return true;
  }

  protected async typeInto(expression: string, text: string): Promise<boolean> {
    const element = await this.session.elementFrom(`return (${expression});`);
    if (!element) return false;
    await this.session.sendKeys(element, text);
    return true;
  }

  async consoleErrors(): Promise<string[]> {
    const reports: Report[] = this.proxy.reports.slice(this.firstReport);
    // The current document's own list, in case a report is still on its way.
    const current = await this.evaluate(
      () => (window as unknown as { __enginesErrors?: { document: string; list: string[] } }).__enginesErrors,
    ).catch(() => undefined);
    if (current) {
      current.list.forEach((text, index) => {
        if (!reports.some((seen) => seen.document === current.document && seen.index === index)) {
          reports.push({ document: current.document, index, text });
        }
      });
    }
    return reports.map((report) => report.text);
  }

  async requests(): Promise<string[]> {
    return this.proxy.requests.slice(this.firstRequest);
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

/** Sizes the current window so that its viewport (not the window with its frame) is `viewport`. */
async function fitViewport(session: WebDriverSession, viewport: Viewport): Promise<void> {
  await session.setWindowSize(viewport.width, viewport.height);
  const inner = await session.execute<Viewport>('return { width: innerWidth, height: innerHeight };');
  if (inner.width === viewport.width && inner.height === viewport.height) return;
  await session.setWindowSize(2 * viewport.width - inner.width, 2 * viewport.height - inner.height);
}

/**
 * WebKitGTK's MiniBrowser on a virtual display. One browser session for the whole run (starting
 * one takes seconds); each page is a new window of it, so each has its own session storage, which
 * is where the demo and the library keep their state. Cookies and local storage are shared between
 * pages. One page at a time: the proxy's injected script and logs belong to the open page.
 */
export async function launchWebKit(): Promise<Engine> {
  let driver: WebKitDriver | undefined;
  let proxy: InjectingProxy | undefined;
  let session: WebDriverSession | undefined;
  const stop = async () => {
    await session?.delete().catch(() => undefined);
    await driver?.stop();
    await proxy?.close();
  };
  try {
    [driver, proxy] = await Promise.all([startWebKitDriver(), startInjectingProxy()]);
    session = await WebDriverSession.create(driver.url, webkitCapabilities({ proxy: proxy.address }));
  } catch (error) {
    await stop();
    throw error;
  }
  const browser = session;
  const logs = proxy;
  // The window the session started with stays open and empty: closing the last window would end
  // the session.
  const homeWindow = await browser.currentWindow();
  let openPage: WebKitPage | undefined;

  return {
    name: 'webkit',
    async newPage({ viewport, initScript }: PageOptions) {
      if (openPage) throw new Error('[webkit] one page at a time: close the open page first');
      logs.setScript(`(${recordErrors.toString()})(${JSON.stringify(REPORT_PATH)});\n${initScript ?? ''}`);
      const handle = await browser.newWindow();
      await browser.switchToWindow(handle);
      await fitViewport(browser, viewport);
      const page = new WebKitPage(browser, logs, async () => {
        openPage = undefined;
        await browser.closeWindow();
        await browser.switchToWindow(homeWindow);
      });
      openPage = page;
      return page;
    },
    close: stop,
  };
}
