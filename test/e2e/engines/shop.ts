import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EnginePage, Query } from './types';

// The demo storefront as a shopper finds it, in any engine: roles, accessible names and the
// library's `data-slot` parts, so a change of the demo's own classes and ids does not matter.

/** The Pay button, with the amount in its name. */
export const payButton: Query = { role: 'button', name: /^Pay SEK/ };
/** The phone number field, by its label. */
export const phoneField: Query = { role: 'textbox', name: 'Mobile number' };
/** "Swish on this device" (the QR code on a desktop) rather than a request to a number. */
export const onThisDevice: Query = { role: 'radio', name: /On this device/ };
/** The shop page's heading: the page has rendered. */
export const shopHeading: Query = { role: 'heading', name: 'Autumn at home' };
/** The return page's heading after a paid order. */
export const receiptHeading: Query = { role: 'heading', name: 'Thank you for your order' };

/** The approval view: a region named by its heading. */
export const approvalView: Query = { role: 'region', name: 'Pay with Swish' };
/** A part of the approval view, by its `data-slot`. */
export const approvalSlot = (slot: string, text?: string): Query => ({
  css: `[data-slot="${slot}"]`,
  within: approvalView,
  ...(text === undefined ? {} : { text }),
});
/** The QR code: an image in the view's `qr` part, whose text alternative names the app. */
export const qrImage: Query = { role: 'img', name: /Swish/, within: approvalSlot('qr') };

/** The simulated phone's card of the pending request. */
export const phoneRequest: Query = {
  role: 'listitem',
  within: { role: 'complementary', name: 'Simulated phone' },
};
/** A button of the simulated phone's card. */
export const phoneButton = (name: 'Approve' | 'Decline'): Query => ({
  role: 'button',
  name,
  within: phoneRequest,
});

/** A payment error's message (`data-slot="message"`) with the given text. */
export const errorMessage = (text: string): Query => ({ css: '[data-kind] [data-slot="message"]', text });

/** The session id the page pays with (the demo keeps its order in sessionStorage). */
export async function sessionIdOf(page: EnginePage): Promise<string> {
  const order = await page.evaluate(() => sessionStorage.getItem('fjallbo:order'));
  const sessionId = (JSON.parse(order ?? '{}') as { sessionId?: unknown }).sessionId;
  if (typeof sessionId !== 'string') throw new Error(`[${page.engine}] the shop has no session id`);
  return sessionId;
}

const axeSource = readFileSync(
  fileURLToPath(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url)),
  'utf8',
);

/** Runs axe-core in the page as it is now; one line per violation (empty when clean). */
export async function axeViolations(page: EnginePage): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScript(axeSource);
  return page.evaluate(async () => {
    interface Violation {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> };
      }
    ).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.map(
      (violation) =>
        `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} — ${violation.nodes
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
  });
}

/**
 * Run before the page's own scripts. Records every element that receives focus: `focusin` events,
 * and a sample of `document.activeElement` every 10 ms for the first 10 s (a window without system
 * focus may move focus without firing events); read with `focusLog`. Keeps a timeline of what the
 * approval view's status line said and when status checks were answered (`timeline`). And turns each
 * Content-Security-Policy violation into a console error, so every engine reports it the same way.
 */
export const PAGE_RECORDER = `(${(() => {
  const log: string[] = [];
  (window as unknown as { __enginesFocus: string[] }).__enginesFocus = log;
  const describe = (element: Element) =>
    `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${
      element.getAttribute('data-slot') ? `[data-slot=${element.getAttribute('data-slot')}]` : ''
    } "${(element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
  document.addEventListener(
    'focusin',
    (event) => {
      if (event.target instanceof Element) {
        log.push(`focusin ${describe(event.target)} at ${Math.round(performance.now())} ms`);
      }
    },
    true,
  );
  let last: Element | null = null;
  const sampler = setInterval(() => {
    const active = document.activeElement;
    if (active && active !== last && active !== document.body && active !== document.documentElement) {
      log.push(`active ${describe(active)} at ${Math.round(performance.now())} ms`);
    }
    last = active;
    if (performance.now() > 10_000) clearInterval(sampler);
  }, 10);
  // What the approval view said, and when status checks were answered: the order of the two
  // explains a focus taken on page load.
  const timeline: string[] = [];
  (window as unknown as { __enginesTimeline: string[] }).__enginesTimeline = timeline;
  let said: string | null = null;
  new MutationObserver(() => {
    const text = document.querySelector('[data-status] [data-slot="status"]')?.textContent ?? null;
    if (text !== said) timeline.push(`view: ${text ?? '(none)'} at ${Math.round(performance.now())} ms`);
    said = text;
  }).observe(document, { childList: true, subtree: true, characterData: true });
  // Every fetch the page makes to the API and how it ended, and a heartbeat of the page's timers:
  // a failed wait then tells a request never made from one never answered, and both from timers
  // that stopped firing.
  const originalFetch = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = new URL(url, location.href).pathname;
    if (!/\/v1\//.test(path)) return originalFetch(input, init);
    const name = path.split('/').slice(-1)[0];
    timeline.push(`fetch ${init?.method ?? 'GET'} ${name} at ${Math.round(performance.now())} ms`);
    const sent = originalFetch(input, init);
    sent.then(
      (answer) =>
        timeline.push(`fetch ${name} answered ${answer.status} at ${Math.round(performance.now())} ms`),
      (error: Error) =>
        timeline.push(`fetch ${name} failed (${error.name}) at ${Math.round(performance.now())} ms`),
    );
    return sent;
  };
  const beats = window as unknown as { __enginesBeat: number };
  beats.__enginesBeat = 0;
  setInterval(() => (beats.__enginesBeat = Math.round(performance.now())), 250);
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries() as PerformanceResourceTiming[]) {
      if (/\/status$/.test(new URL(entry.name).pathname)) {
        timeline.push(`status check answered at ${Math.round(entry.responseEnd)} ms`);
      }
    }
  }).observe({ type: 'resource' });
  document.addEventListener('securitypolicyviolation', (event) => {
    console.error(
      `CSP violation: ${event.effectiveDirective} ${event.blockedURI || '(inline)'} (${event.sourceFile}:${event.lineNumber})`,
    );
  });
}).toString()})();`;

/** What the approval view said and when status checks were answered, in the current document. */
export function timeline(page: EnginePage): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __enginesTimeline?: string[] }).__enginesTimeline ?? []);
}

/** What `PAGE_RECORDER` saw in the current document. */
export function focusLog(page: EnginePage): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __enginesFocus?: string[] }).__enginesFocus ?? []);
}
