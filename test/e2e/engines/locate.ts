import type { Query, Role, Target, TextMatch } from './types';

/** A `TextMatch` as it travels into the page: a RegExp becomes its source and flags. */
type WireText = string | { source: string; flags: string };

/** A `Target` as it travels into the page (JSON). */
export interface WireQuery {
  css?: string;
  role?: Role;
  name?: WireText;
  text?: WireText;
  within?: WireQuery;
}

function wireText(match: TextMatch): WireText {
  return typeof match === 'string' ? match : { source: match.source, flags: match.flags };
}

/** The JSON form of a target, for `locateAll` in the page. */
export function toWire(target: Target): WireQuery {
  if (typeof target === 'string') return { css: target };
  const query: Query = target;
  return {
    ...(query.css !== undefined ? { css: query.css } : {}),
    ...(query.role !== undefined ? { role: query.role } : {}),
    ...(query.name !== undefined ? { name: wireText(query.name) } : {}),
    ...(query.text !== undefined ? { text: wireText(query.text) } : {}),
    ...(query.within !== undefined ? { within: toWire(query.within) } : {}),
  };
}

/** How a failure message names a target. */
export function describeTarget(target: Target): string {
  if (typeof target === 'string') return target;
  const parts: string[] = [];
  if (target.role) parts.push(`role=${target.role}`);
  if (target.css) parts.push(`css=${target.css}`);
  if (target.name !== undefined) parts.push(`name=${String(target.name)}`);
  if (target.text !== undefined) parts.push(`text=${String(target.text)}`);
  const own = `{${parts.join(' ')}}`;
  return target.within ? `${describeTarget(target.within)} >> ${own}` : own;
}

/**
 * Every shown element that matches the query, in document order. Runs in the page: it is sent as
 * source text, so it closes over nothing and declares its helpers inside. A small subset of the
 * WAI-ARIA role and accessible-name rules, enough for the demo's markup, the same in every engine
 * (the engines' own accessibility trees are not reachable over WebDriver).
 */
export function locateAll(query: WireQuery): Element[] {
  const IMPLICIT: Record<string, string> = {
    button: 'button, input[type="button"], input[type="submit"], input[type="reset"]',
    link: 'a[href], area[href]',
    radio: 'input[type="radio"]',
    checkbox: 'input[type="checkbox"]',
    textbox:
      'input:not([type]), input[type="text"], input[type="tel"], input[type="email"], input[type="search"], input[type="url"], textarea',
    heading: 'h1, h2, h3, h4, h5, h6',
    img: 'img:not([alt=""])',
    complementary: 'aside',
    listitem: 'li',
    region: 'section[aria-label], section[aria-labelledby]',
  };
  // Roles whose accessible name comes from their content when no label is given.
  const NAME_FROM_CONTENT = new Set(['button', 'link', 'heading', 'radio', 'checkbox', 'listitem']);

  const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
  const matches = (value: string, match: WireText, whole: boolean) =>
    typeof match === 'string'
      ? whole
        ? value === collapse(match)
        : value.includes(collapse(match))
      : new RegExp(match.source, match.flags).test(value);

  const shown = (element: Element) =>
    element.getClientRects().length > 0 &&
    getComputedStyle(element).visibility !== 'hidden' &&
    !element.closest('[aria-hidden="true"]');

  const roleOf = (element: Element): string | null => {
    const explicit = element.getAttribute('role')?.trim().split(/\s+/)[0];
    if (explicit) return explicit;
    for (const [role, selector] of Object.entries(IMPLICIT)) if (element.matches(selector)) return role;
    return null;
  };

  // Text as the accessible-name rules count it: hidden parts left out, images by their alt text.
  const contentText = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
    if (!(node instanceof Element)) return '';
    if (node.getAttribute('aria-hidden') === 'true' || node.hasAttribute('hidden')) return '';
    if (node instanceof HTMLElement && getComputedStyle(node).display === 'none') return '';
    if (node instanceof HTMLImageElement) return node.alt;
    return Array.from(node.childNodes, contentText).join('');
  };

  const nameOf = (element: Element, role: string | null): string => {
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy) {
      return collapse(
        labelledBy
          .split(/\s+/)
          .map((id) => {
            const label = document.getElementById(id);
            return label ? contentText(label) : '';
          })
          .join(' '),
      );
    }
    const label = element.getAttribute('aria-label');
    if (label?.trim()) return collapse(label);
    const labels = (element as HTMLInputElement).labels;
    if (labels && labels.length > 0) return collapse(Array.from(labels, contentText).join(' '));
    if (element instanceof HTMLImageElement) return collapse(element.alt);
    if (element instanceof HTMLInputElement && ['button', 'submit', 'reset'].includes(element.type)) {
      return collapse(element.value);
    }
    return role && NAME_FROM_CONTENT.has(role) ? collapse(contentText(element)) : '';
  };

  const find = (wanted: WireQuery): Element[] => {
    const scopes: ParentNode[] = wanted.within ? find(wanted.within) : [document];
    const found: Element[] = [];
    for (const scope of scopes) {
      // A role alone narrows the search to the elements that can have it.
      const selector =
        wanted.css ??
        (wanted.role ? [IMPLICIT[wanted.role], `[role="${wanted.role}"]`].filter(Boolean).join(', ') : '*');
      for (const element of Array.from(scope.querySelectorAll(selector))) {
        if (found.includes(element) || !shown(element)) continue;
        const role = wanted.role || wanted.name !== undefined ? roleOf(element) : null;
        if (wanted.role && role !== wanted.role) continue;
        if (wanted.name !== undefined && !matches(nameOf(element, role), wanted.name, true)) continue;
        if (wanted.text !== undefined && !matches(collapse(element.textContent ?? ''), wanted.text, false)) {
          continue;
        }
        found.push(element);
      }
    }
    return found;
  };

  return find(query);
}

/** An expression that evaluates, in the page, to every shown element that matches the target. */
export function locateAllExpression(target: Target): string {
  return `(${locateAll.toString()})(${JSON.stringify(toWire(target))})`;
}

/** An expression that evaluates, in the page, to the first shown match of the target, or `null`. */
export function locateExpression(target: Target): string {
  return `(${locateAllExpression(target)}[0] ?? null)`;
}
