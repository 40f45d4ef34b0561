/** What a field offers the Pay button: its value, or a refusal that the field shows and announces. */
export interface FieldControl {
  /**
   * The value to send (`''`: none, where the field may be left empty), or `undefined` after the
   * field has marked itself invalid with its message, taken focus and announced why.
   */
  valueOrReject(): string | undefined;
}

/** Where focus goes when an error appears: the field to fix, the message itself, or nowhere. */
export type ErrorFocus = 'field' | 'self' | null;

/**
 * One per provider (or one for the page without one): it decides what takes focus and what is
 * said, from the shopper's presses (recorded by the session) and the elements components register.
 * Components only register their elements, ask, and render. The DOM is read only in effects and
 * event handlers, never while rendering.
 */
export interface PageController {
  /** Registers a Pay button or a shown approval view; returns the function that unregisters it. */
  register(role: 'pay-button' | 'approval-view', element: HTMLElement): () => void;
  /** Registers the input (and its control) for a request field, e.g. `phone_number`. */
  registerField(field: string, element: HTMLElement, control?: FieldControl): () => void;
  /** The control of the field registered for `field`, if it has one. */
  control(field: string): FieldControl | undefined;
  /** Registers the shown message about an error in `field`, so the field can point at it. */
  registerFieldError(field: string, element: HTMLElement): () => void;
  /** The id of the shown message about `field`, if one is shown. */
  fieldErrorId(field: string): string | undefined;
  /** The shopper changed the field an error names: the error is fixed as far as the page can tell. */
  dismiss(error: object): void;
  isDismissed(error: object | undefined): boolean;
  /** Called when a registration or a dismissal changes what components show. */
  subscribe(listener: () => void): () => void;

  /** Puts the one polite live region in the page while a component that speaks is mounted. */
  mountVoice(): () => void;
  /**
   * Says `text` politely. The waiting step has one voice: while an approval view is shown, status
   * messages of the Pay button are left to it.
   */
  say(from: 'status' | 'view' | 'field', text: string): void;

  /**
   * Where focus goes for an error that just appeared (`field` is the one it asks to fix): only after
   * the shopper pressed something, to the field when registered, else to the message when focus is
   * free (nowhere, on a Pay button, or in an approval view that is going away); never taken from
   * where the shopper is. Focuses the field itself.
   */
  focusForError(acted: boolean, field: string | undefined): ErrorFocus;
  /** Moves focus to `element` after the shopper acted and when focus is free (see `focusForError`). */
  focusIfFree(acted: boolean, element: HTMLElement | null | undefined): void;
  /** Moves focus to `element` when focus is nowhere (the element that held it went away). */
  focusIfLost(element: HTMLElement | null | undefined): void;
}

const VISUALLY_HIDDEN: [string, string][] = [
  ['position', 'absolute'],
  ['width', '1px'],
  ['height', '1px'],
  ['margin', '-1px'],
  ['padding', '0'],
  ['overflow', 'hidden'],
  ['clip', 'rect(0 0 0 0)'],
  ['white-space', 'nowrap'],
  ['border', '0'],
];

export function createPageController(): PageController {
  const payButtons = new Set<HTMLElement>();
  const views = new Set<HTMLElement>();
  const fields = new Map<string, { element: HTMLElement; control: FieldControl | undefined }>();
  const fieldErrors = new Map<string, HTMLElement>();
  // Errors are snapshots' objects: a new attempt's error is a new object, shown again.
  const dismissed = new WeakSet<object>();
  const listeners = new Set<() => void>();
  let region: HTMLElement | undefined;
  let speakers = 0;
  const changed = () => listeners.forEach((listener) => listener());

  /** Focus is nowhere in particular: the element that held it went away with a state change. */
  const focusLost = () => !document.activeElement || document.activeElement === document.body;
  /** Focus is lost, on a Pay button (just pressed), or in an approval view (which goes away now). */
  const focusFree = () => {
    const active = document.activeElement as HTMLElement | null;
    return focusLost() || payButtons.has(active!) || [...views].some((view) => view.contains(active));
  };

  return {
    register(role, element) {
      // Pay buttons and views decide focus and speech only: nothing subscribed reads them.
      const set = role === 'pay-button' ? payButtons : views;
      set.add(element);
      return () => void set.delete(element);
    },
    registerField(field, element, control) {
      const entry = { element, control };
      fields.set(field, entry);
      return () => {
        if (fields.get(field) === entry) fields.delete(field);
      };
    },
    control: (field) => fields.get(field)?.control,
    registerFieldError(field, element) {
      fieldErrors.set(field, element);
      changed();
      return () => {
        if (fieldErrors.get(field) === element) fieldErrors.delete(field);
        changed();
      };
    },
    fieldErrorId: (field) => fieldErrors.get(field)?.id || undefined,
    dismiss(error) {
      if (dismissed.has(error)) return;
      dismissed.add(error);
      changed();
    },
    isDismissed: (error) => error !== undefined && dismissed.has(error),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    mountVoice() {
      speakers += 1;
      if (!region) {
        region = document.createElement('div');
        region.setAttribute('role', 'status');
        region.setAttribute('aria-live', 'polite');
        region.setAttribute('data-rdp-announcer', '');
        // Styled through the CSSOM, which a strict CSP allows: hidden even without the stylesheet.
        for (const [property, value] of VISUALLY_HIDDEN) region.style.setProperty(property, value);
        document.body.append(region);
      }
      return () => {
        speakers -= 1;
        if (speakers > 0) return;
        region?.remove();
        region = undefined;
      };
    },
    say(from, text) {
      if (from === 'status' && views.size > 0) return;
      if (region && region.textContent !== text) region.textContent = text;
    },

    focusForError(acted, field) {
      if (!acted) return null;
      const input = field && fields.get(field)?.element;
      if (input) {
        input.focus();
        return 'field';
      }
      return focusFree() ? 'self' : null;
    },
    focusIfFree(acted, element) {
      if (acted && focusFree()) element?.focus();
    },
    focusIfLost(element) {
      if (focusLost()) element?.focus();
    },
  };
}
