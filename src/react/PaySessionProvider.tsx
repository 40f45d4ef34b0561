import { createContext, useContext, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { en, warnIfMessagesAreEnglish, type Locale, type Messages } from '../i18n';
import { mountAnnouncer } from './announcer';
import type { PayTheme } from './theme';
import type { UsePaySessionResult } from './usePaySession';

/** What a field offers the Pay button: its value, or a refusal that the field shows and announces. */
export interface FieldControl {
  /**
   * The value to send, or `undefined` after the field has marked itself invalid with its message,
   * taken focus and announced why.
   */
  valueOrReject(): string | undefined;
}

/**
 * Lets components find each other's inputs by request field: PayButton takes `phone_number` from
 * the PhoneInput, PaymentError focuses the field Dintero named and hides once that field changed.
 */
export interface FieldRegistry {
  /** Registers the element (and its control) for `field`; returns the function that unregisters it. */
  register(field: string, element: HTMLElement, control?: FieldControl): () => void;
  get(field: string): HTMLElement | undefined;
  /** The control of the field registered for `field`, if it has one. */
  control(field: string): FieldControl | undefined;
  /** The id of the message about an error in `field`, so the field can point at it. */
  errorId(field: string): string;
  /** The shopper changed the field this error names: the error is fixed as far as the page can tell. */
  dismiss(error: object): void;
  isDismissed(error: object | undefined): boolean;
  /** Called whenever an error is dismissed. */
  subscribe(listener: () => void): () => void;
}

function createFieldRegistry(idPrefix: string): FieldRegistry {
  const elements = new Map<string, { element: HTMLElement; control: FieldControl | undefined }>();
  // Errors are snapshots' objects: a new attempt's error is a new object, shown again.
  const dismissed = new WeakSet<object>();
  const listeners = new Set<() => void>();
  return {
    register(field, element, control) {
      const entry = { element, control };
      elements.set(field, entry);
      return () => {
        if (elements.get(field) === entry) elements.delete(field);
      };
    },
    get: (field) => elements.get(field)?.element,
    control: (field) => elements.get(field)?.control,
    errorId: (field) => `${idPrefix}-${field}-error`,
    dismiss(error) {
      if (dismissed.has(error)) return;
      dismissed.add(error);
      for (const listener of listeners) listener();
    },
    isDismissed: (error) => error !== undefined && dismissed.has(error),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** What the components read from the nearest provider. */
export interface PayUiContextValue {
  theme?: PayTheme;
  /** For formatting amounts and times. */
  locale: Locale;
  /** Every message, by key: the provider's catalogue with its replacements. */
  messages: Messages;
  unstyled: boolean;
  /** Absent without a provider: then nothing can move focus between components. */
  fields?: FieldRegistry;
  /**
   * The session's status has changed since the page showed it (a shopper's action, not a reload's
   * resume): only then may a view take focus, so a page never jumps on load.
   */
  acted?: boolean;
}

const PaySessionContext = /* @__PURE__ */ createContext<UsePaySessionResult | undefined>(undefined);
// Without a provider: English, styled, and no field registry.
const PayUiContext = /* @__PURE__ */ createContext<PayUiContextValue>({
  locale: 'en',
  messages: en,
  unstyled: false,
});

export interface PaySessionProviderProps {
  /** The result of `usePaySession`, shared with every component below. */
  session?: UsePaySessionResult;
  /** Design tokens applied to every component below (a component's own `theme` wins per token). */
  theme?: PayTheme;
  /**
   * How amounts and times are formatted, e.g. `'sv'` or `'sv-SE'`. Defaults to the enclosing
   * provider's, else `'en'`. The words come from `messages`: pass the matching catalogue too.
   */
  locale?: Locale;
  /**
   * The messages: a catalogue such as `sv` from `react-dintero-pay/locales/sv`, optionally with
   * single messages replaced (`{ ...sv, pay: 'Betala nu' }`), or only the replacements
   * (`{ pay: 'Pay now' }`) over the enclosing provider's messages, else English.
   */
  messages?: Partial<Messages>;
  /** Drop the default `rdp-*` classes everywhere below, to style from scratch. */
  unstyled?: boolean;
  children?: ReactNode;
}

/**
 * Lets the components below find the payment session, theme, language and messages without
 * passing them to each one. Settings left out are taken from an enclosing provider.
 */
export function PaySessionProvider({
  session,
  theme,
  locale,
  messages,
  unstyled,
  children,
}: PaySessionProviderProps) {
  const outerSession = useContext(PaySessionContext);
  const outer = useContext(PayUiContext);
  const idPrefix = useId();
  const [ownFields] = useState(() => createFieldRegistry(idPrefix));
  const acted = useShopperActed(session ?? outerSession, outer.acted);
  // The page-wide polite region is in the DOM, empty, from the start: text that arrives later is heard.
  useEffect(mountAnnouncer, []);
  // A new value only when a setting here or in the enclosing provider changes, so the components
  // below do not re-render with every render of the page.
  const ui = useMemo<PayUiContextValue>(() => {
    const mergedTheme = theme ? { ...outer.theme, ...theme } : outer.theme;
    const value: PayUiContextValue = {
      ...(mergedTheme && { theme: mergedTheme }),
      locale: locale ?? outer.locale,
      messages: messages ? { ...outer.messages, ...definedOnly(messages) } : outer.messages,
      unstyled: unstyled ?? outer.unstyled,
      fields: outer.fields ?? ownFields,
      acted,
    };
    // Development only: `locale="sv"` without the Swedish catalogue would show English in silence.
    // `process.env.NODE_ENV` written out, so bundlers (Vite, webpack, Next, esbuild) replace it: in
    // production the check and its code drop out, in development it runs even where the browser has
    // no `process`. The `try` keeps unbundled ESM, where nothing replaced it, from throwing.
    try {
      if (process.env.NODE_ENV !== 'production') warnIfMessagesAreEnglish(value.locale, value.messages);
    } catch {
      // No `process` and no bundler: nothing says this is development, so no warning.
    }
    return value;
  }, [outer, theme, locale, messages, unstyled, ownFields, acted]);
  return (
    <PayUiContext.Provider value={ui}>
      <PaySessionContext.Provider value={session ?? outerSession}>{children}</PaySessionContext.Provider>
    </PayUiContext.Provider>
  );
}

/**
 * Whether the session's status changed since this component first showed it, other than by a
 * resume after a reload: `true` once the shopper did something (or `already` says so).
 */
export function useShopperActed(
  session: Pick<UsePaySessionResult, 'status' | 'isResuming'> | undefined,
  already = false,
): boolean {
  const [seen, setSeen] = useState({ status: session?.status, acted: false });
  let acted = seen.acted;
  if (session && !acted && session.status !== seen.status) {
    // Derived state, set during render: the view that appears with this change already knows.
    acted = !session.isResuming;
    setSeen({ status: session.status, acted });
  }
  return already || acted;
}

function definedOnly(messages: Partial<Messages>): Partial<Messages> {
  return Object.fromEntries(Object.entries(messages).filter(([, text]) => typeof text === 'string'));
}

/**
 * The session from the nearest `PaySessionProvider`, or the one given explicitly. Throws with a
 * hint when there is neither, as a component without a session cannot do anything useful.
 */
export function usePaySessionContext(explicit?: UsePaySessionResult): UsePaySessionResult {
  const session = useOptionalPaySession(explicit);
  if (!session) {
    throw new Error(
      'react-dintero-pay: no payment session. Pass `session={usePaySession(…)}` to the component, ' +
        'or wrap it in <PaySessionProvider session={…}>.',
    );
  }
  return session;
}

/** The session given explicitly or by the nearest provider, if any (for components that also work alone). */
export function useOptionalPaySession(explicit?: UsePaySessionResult): UsePaySessionResult | undefined {
  const fromContext = useContext(PaySessionContext);
  return explicit ?? fromContext;
}

/** Theme, locale, messages and the field registry of the nearest provider (defaults without one). */
export function usePayUi(): PayUiContextValue {
  return useContext(PayUiContext);
}
