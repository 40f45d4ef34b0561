/** The browser engines a shopper meets: Blink (Chrome, Edge), Gecko (Firefox), WebKit (Safari). */
export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** The size of the page's viewport, in CSS pixels. */
export interface Viewport {
  width: number;
  height: number;
}

/** Text to match: a string matches itself exactly (after collapsing whitespace), a RegExp as usual. */
export type TextMatch = string | RegExp;

/** The ARIA roles the purchase tests look for (implicit from the element, or an explicit `role`). */
export type Role =
  | 'alert'
  | 'button'
  | 'checkbox'
  | 'complementary'
  | 'heading'
  | 'img'
  | 'link'
  | 'listitem'
  | 'radio'
  | 'region'
  | 'status'
  | 'textbox'
  | 'timer';

/**
 * How a test names an element, the way a shopper finds it. Every given part must hold:
 * `css` selects, `role` and `name` match the role and accessible name, `text` the visible text,
 * and `within` limits the search to the inside of another element. Elements hidden from the
 * accessibility tree (`hidden`, `display: none`, `aria-hidden`) are never found.
 */
export interface Query {
  css?: string;
  role?: Role;
  /** The accessible name: `aria-labelledby`, `aria-label`, a `<label>`, `alt`, or the text. */
  name?: TextMatch;
  /** The element's text (its `textContent`, whitespace collapsed). A string matches a part of it. */
  text?: TextMatch;
  within?: Target;
}

/** A CSS selector, or a query. */
export type Target = string | Query;

/** Where focus is, described for an assertion message. */
export interface FocusedElement {
  /** Lower-case tag name; `body` when nothing has focus. */
  tag: string;
  id: string;
  /** The element's own `data-slot`, if any. */
  slot: string | null;
  /** The start of its text. */
  text: string;
}

/** Options of a new page. */
export interface PageOptions {
  viewport: Viewport;
  /**
   * Script source run in every document of the page before the document's own scripts (a recorder,
   * a fake API). It runs in the page's main world, once per document.
   */
  initScript?: string;
}

/**
 * One tab of one engine, driven the same way in each: what the purchase tests need and no more.
 * Every wait fails with a message that names what was awaited.
 */
export interface EnginePage {
  readonly engine: EngineName;
  /** Navigates and waits for the `load` event. */
  open(url: string): Promise<void>;
  /** Reloads and waits for the `load` event. */
  reload(): Promise<void>;
  url(): Promise<string>;
  /** Waits for the target to be visible, then clicks its centre with the engine's own input. */
  click(target: Target): Promise<void>;
  /** Waits for the target to be visible, focuses it and types the text key by key. */
  type(target: Target, text: string): Promise<void>;
  /** The target's text (whitespace collapsed), or `null` when it is not there. */
  text(target: Target): Promise<string | null>;
  /** An attribute of the target, or `null` when the target or the attribute is not there. */
  attribute(target: Target, name: string): Promise<string | null>;
  /** How many shown elements match. */
  count(target: Target): Promise<number>;
  /** Waits until the target is there and visible. */
  waitFor(target: Target, timeoutMs?: number): Promise<void>;
  /** Waits until the target is gone or hidden. */
  waitForGone(target: Target, timeoutMs?: number): Promise<void>;
  /**
   * Runs `fn` in the page until it returns a truthy value, and resolves to that value. A page in the
   * middle of a navigation counts as "not yet".
   */
  waitUntil<T, A = undefined>(
    fn: (arg: A) => T | Promise<T>,
    arg?: A,
    options?: { timeoutMs?: number; message?: string },
  ): Promise<T>;
  /**
   * Runs a classic script's source at the page's top level as the test tool's own code, which the
   * page's Content-Security-Policy does not stop (e.g. axe-core).
   */
  addScript(source: string): Promise<void>;
  /** Runs `fn` in the page (it must not close over anything) and resolves to its JSON result. */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** Where focus is now. */
  activeElement(): Promise<FocusedElement>;
  /** Whether the target has focus. */
  isFocused(target: Target): Promise<boolean>;
  /** Waits until the target has focus. */
  waitForFocus(target: Target, timeoutMs?: number): Promise<void>;
  /** Console errors and uncaught exceptions of every document the page has shown, in order. */
  consoleErrors(): Promise<string[]>;
  /** The URLs of every network request the page made, in order. */
  requests(): Promise<string[]>;
  close(): Promise<void>;
}

/** One running browser of an engine. */
export interface Engine {
  readonly name: EngineName;
  /** A new tab with its own session storage, of the given size. */
  newPage(options: PageOptions): Promise<EnginePage>;
  close(): Promise<void>;
}
