/**
 * The few classic WebDriver commands (W3C WebDriver, HTTP + JSON) the WebKit driver needs. Written
 * out here rather than taken from a client library: it is a page of `fetch` calls, where the
 * libraries bring their own driver managers and dozens of packages.
 */

/** How WebDriver marks an element reference in JSON. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/** An error answer of the driver: its `error` code (e.g. `stale element reference`) and message. */
export class WebDriverError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'WebDriverError';
  }
}

/** One WebDriver session: a browser the driver started, and the commands the tests send it. */
export class WebDriverSession {
  private constructor(
    private readonly driverUrl: string,
    readonly id: string,
  ) {}

  /** Opens a session with the given capabilities (`alwaysMatch`). */
  static async create(driverUrl: string, capabilities: Record<string, unknown>): Promise<WebDriverSession> {
    const value = await command<{ sessionId: string }>(driverUrl, 'POST', '/session', {
      capabilities: { alwaysMatch: capabilities },
    });
    return new WebDriverSession(driverUrl, value.sessionId);
  }

  private send<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return command<T>(this.driverUrl, method, `/session/${this.id}${path}`, body);
  }

  /** Navigates and waits for the `load` event. */
  navigate(url: string): Promise<void> {
    return this.send('POST', '/url', { url });
  }

  /** Reloads and waits for the `load` event. */
  refresh(): Promise<void> {
    return this.send('POST', '/refresh', {});
  }

  /** The current document's URL. */
  currentUrl(): Promise<string> {
    return this.send('GET', '/url');
  }

  /**
   * Runs `body` (a function body; `arguments` are `args`) in the page; a returned promise is awaited.
   * Errors thrown in the page come back as a `WebDriverError`.
   */
  async execute<T>(body: string, args: unknown[] = []): Promise<T> {
    // The asynchronous form, so a promise settles before the answer; the last argument is the callback.
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (function () { ${body} }).apply(null, Array.prototype.slice.call(arguments, 0, -1)))
        .then((value) => done({ value }), (error) => done({ error: String((error && error.stack) || error) }));`;
    const result = await this.send<{ value?: T; error?: string }>('POST', '/execute/async', { script, args });
    if (result.error !== undefined) throw new WebDriverError('javascript error', result.error);
    return result.value as T;
  }

  /** The element a script returns (`return document.querySelector(…)`), or `null`. */
  async elementFrom(body: string): Promise<string | null> {
    const value = await this.send<Record<string, string> | null>('POST', '/execute/sync', {
      script: body,
      args: [],
    });
    return value?.[ELEMENT_KEY] ?? null;
  }

  /** Scrolls the element into view and clicks its centre (the driver checks that it is interactable). */
  click(elementId: string): Promise<void> {
    return this.send('POST', `/element/${elementId}/click`, {});
  }

  /** Focuses the element and types the text key by key. */
  sendKeys(elementId: string, text: string): Promise<void> {
    return this.send('POST', `/element/${elementId}/value`, { text });
  }

  /** Sizes the current window, frame included. */
  setWindowSize(width: number, height: number): Promise<void> {
    return this.send('POST', '/window/rect', { width, height });
  }

  /** Opens a new top-level browsing context (fresh session storage) and resolves to its handle. */
  async newWindow(): Promise<string> {
    const { handle } = await this.send<{ handle: string }>('POST', '/window/new', { type: 'window' });
    return handle;
  }

  /** The handle of the current window. */
  currentWindow(): Promise<string> {
    return this.send('GET', '/window');
  }

  /** Makes the window the target of the commands that follow. */
  switchToWindow(handle: string): Promise<void> {
    return this.send('POST', '/window', { handle });
  }

  /** Closes the current window. */
  closeWindow(): Promise<void> {
    return this.send('DELETE', '/window');
  }

  /** Ends the session; the driver closes the browser. */
  async delete(): Promise<void> {
    await command(this.driverUrl, 'DELETE', `/session/${this.id}`);
  }
}

async function command<T>(
  driverUrl: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${driverUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as { value: T & { error?: string; message?: string } };
  if (!response.ok) {
    throw new WebDriverError(answer.value?.error ?? `HTTP ${response.status}`, answer.value?.message ?? '');
  }
  return answer.value;
}
