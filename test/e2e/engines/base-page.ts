import { describeTarget, locateAllExpression, locateExpression } from './locate';
import type { EngineName, EnginePage, FocusedElement, Target } from './types';

/** Real polling: a first status check 2 s after the pay answer, the simulated phone every second. */
export const DEFAULT_TIMEOUT_MS = 15_000;
const POLL_EVERY_MS = 50;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `check` until it resolves to a truthy value. A check that throws (a page between two
 * documents) counts as "not yet"; the last error is named when time runs out. A check that hangs
 * does not hold the wait past its deadline.
 */
export async function poll<T>(
  check: () => Promise<T>,
  timeoutMs: number,
  what: () => string | Promise<string>,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outOfTime = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
    });
    try {
      const value = await Promise.race([check(), outOfTime]);
      if (value !== 'timeout' && value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    } finally {
      clearTimeout(timer);
    }
    if (Date.now() >= deadline) {
      const cause = lastError === undefined ? '' : ` (last error: ${messageOf(lastError)})`;
      throw new Error(`${await what()} did not happen within ${timeoutMs} ms${cause}`);
    }
    await sleep(POLL_EVERY_MS);
  }
}

/** Errors of a click on an element that went away or was covered between finding and clicking it. */
const RETRYABLE_CLICK =
  /stale|detached|not attached|not visible|not interactable|intercepted|no longer|execution context|cannot find context|not clickable/i;

/**
 * Everything an `EnginePage` does in terms of a few engine primitives: evaluating an expression,
 * clicking and typing into the element an expression finds. Engines differ only below this line.
 */
export abstract class BasePage implements EnginePage {
  abstract readonly engine: EngineName;
  abstract open(url: string): Promise<void>;
  abstract reload(): Promise<void>;
  abstract url(): Promise<string>;
  abstract consoleErrors(): Promise<string[]>;
  abstract requests(): Promise<string[]>;
  abstract close(): Promise<void>;
  abstract addScript(source: string): Promise<void>;

  /** Evaluates a JavaScript expression in the page; a promise is awaited; the value comes back as JSON. */
  protected abstract run<T>(expression: string): Promise<T>;
  /** Clicks the element the expression evaluates to with the engine's own input; `false` when none. */
  protected abstract clickElement(expression: string): Promise<boolean>;
  /** Focuses the element the expression evaluates to and types key by key; `false` when none. */
  protected abstract typeInto(expression: string, text: string): Promise<boolean>;

  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
    const argument = arg === undefined ? 'undefined' : JSON.stringify(arg);
    return this.run<T>(`(${fn.toString()})(${argument})`);
  }

  waitUntil<T, A = undefined>(
    fn: (arg: A) => T | Promise<T>,
    arg?: A,
    options: { timeoutMs?: number; message?: string } = {},
  ): Promise<T> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return poll(
      () => this.evaluate(fn, arg),
      timeoutMs,
      () => `[${this.engine}] ${options.message ?? `waitUntil(${fn.toString().slice(0, 80)})`}`,
    );
  }

  async waitFor(target: Target, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    await poll(
      () => this.run<boolean>(`(${locateExpression(target)} !== null)`),
      timeoutMs,
      () => `[${this.engine}] ${describeTarget(target)} to appear`,
    );
  }

  async waitForGone(target: Target, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    await poll(
      () => this.run<boolean>(`(${locateExpression(target)} === null)`),
      timeoutMs,
      () => `[${this.engine}] ${describeTarget(target)} to go away`,
    );
  }

  async click(target: Target, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    const element = locateExpression(target);
    await poll(
      async () => {
        const ready = await this.run<boolean>(
          `(() => { const el = ${element}; return el !== null && !el.disabled; })()`,
        );
        if (!ready) return false;
        try {
          return await this.clickElement(element);
        } catch (error) {
          // Found, then re-rendered or covered before the click landed: find it again.
          if (RETRYABLE_CLICK.test(messageOf(error))) return false;
          throw error;
        }
      },
      timeoutMs,
      () => `[${this.engine}] a click on ${describeTarget(target)}`,
    );
  }

  async type(target: Target, text: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    const element = locateExpression(target);
    await this.waitFor(target, timeoutMs);
    if (!(await this.typeInto(element, text)))
      throw new Error(`[${this.engine}] ${describeTarget(target)} went away`);
  }

  text(target: Target): Promise<string | null> {
    return this.run(
      `(() => { const el = ${locateExpression(target)}; return el ? el.textContent.replace(/\\s+/g, ' ').trim() : null; })()`,
    );
  }

  attribute(target: Target, name: string): Promise<string | null> {
    return this.run(
      `(() => { const el = ${locateExpression(target)}; return el ? el.getAttribute(${JSON.stringify(name)}) : null; })()`,
    );
  }

  count(target: Target): Promise<number> {
    return this.run(`${locateAllExpression(target)}.length`);
  }

  activeElement(): Promise<FocusedElement> {
    return this.evaluate(() => {
      const element = document.activeElement ?? document.body;
      return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        slot: element.getAttribute('data-slot'),
        text: (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80),
      };
    });
  }

  async waitForFocus(target: Target, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    await poll(
      () => this.isFocused(target),
      timeoutMs,
      async () => {
        const focused = await this.activeElement().catch(() => undefined);
        return `[${this.engine}] focus on ${describeTarget(target)} (it is on ${JSON.stringify(focused)})`;
      },
    );
  }

  isFocused(target: Target): Promise<boolean> {
    return this.run(
      `(() => { const el = ${locateExpression(target)}; return el !== null && el === document.activeElement; })()`,
    );
  }
}
