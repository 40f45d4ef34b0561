import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import type { LoggedRequest } from '../../src/testing';
import { axeViolations, loggedRequests } from './helpers';

/**
 * Debian's Chromium with the arguments of `launchChromium`, and the back-forward cache that
 * Playwright turns off by default (`--disable-back-forward-cache`) turned back on: a shopper's
 * browser restores pages from it, and the library has to notice.
 */
export function launchChromiumWithBackForwardCache(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
}

export type Visibility = 'hidden' | 'visible';

/**
 * Makes the page report `visibilityState` `hidden` or `visible` and fires `visibilitychange`, as a
 * browser does when the shopper switches to the payment app and back. Headless Chromium never hides
 * a page (another tab in front, a minimised window and `Page.setWebLifecycleState` all leave it
 * `visible`), so the document's own properties are replaced. Only the event is fired: no `focus`,
 * so a check that follows comes from the visibility change alone.
 */
export async function setVisibility(page: Page, state: Visibility): Promise<void> {
  await page.evaluate((wanted) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => wanted });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => wanted === 'hidden' });
    // Fired at the document and bubbling to the window, as the HTML standard does.
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }, state);
}

/** Pay and status calls of one session, as the emulator received them. */
export async function apiCalls(
  emulatorUrl: string,
  sessionId: string,
): Promise<{ pays: LoggedRequest[]; polls: LoggedRequest[] }> {
  const log = await loggedRequests(emulatorUrl, sessionId);
  return {
    pays: log.filter((entry) => entry.route === 'pay'),
    polls: log.filter((entry) => entry.route === 'poll'),
  };
}

/**
 * Waits for the emulator to receive a status check of the session at or after `since` (epoch ms,
 * the emulator's clock, which is this process's); resolves to its arrival time, or `undefined`
 * when none came within `withinMs` of `since`.
 */
export async function pollArrivedAfter(
  emulatorUrl: string,
  sessionId: string,
  since: number,
  withinMs: number,
): Promise<number | undefined> {
  for (;;) {
    const { polls } = await apiCalls(emulatorUrl, sessionId);
    const arrived = polls.find((entry) => entry.time >= since);
    if (arrived) return arrived.time <= since + withinMs ? arrived.time : undefined;
    if (Date.now() > since + withinMs) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface PageProblems {
  /** Console errors and uncaught exceptions, as they happened. */
  errors: string[];
  /** `securitypolicyviolation` events, as `directive blocked-uri (source:line)`. */
  violations: string[];
}

/**
 * Records, on every page of the context and across navigations, console errors, uncaught exceptions
 * and Content-Security-Policy violations. The violation listener is installed before any script of
 * the page runs, and reports to this process, so nothing is lost when the page navigates.
 */
export async function recordPageProblems(context: BrowserContext): Promise<PageProblems> {
  const problems: PageProblems = { errors: [], violations: [] };
  await context.exposeBinding('__reportViolation', (_source, text: string) => {
    problems.violations.push(text);
  });
  await context.addInitScript(() => {
    const report = (window as unknown as { __reportViolation: (text: string) => void }).__reportViolation;
    document.addEventListener('securitypolicyviolation', (event) => {
      report(
        `${event.effectiveDirective} ${event.blockedURI || '(inline)'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.errors.push(message.text());
    });
    page.on('pageerror', (error) => problems.errors.push(`uncaught: ${error.message}`));
  });
  return problems;
}

const axeSource = readFileSync(
  fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)),
  'utf8',
);

/**
 * `axeViolations` for a page under a strict Content-Security-Policy, which refuses the inline
 * `<script>` that helper adds: axe is evaluated by the test tool instead, which the policy exempts.
 */
export async function axeViolationsUnderCsp(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return axeViolations(page);
}
