import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { catalogues, en, type Locale, type Messages } from '../i18n';
import type { PayTheme } from './theme';
import type { UsePaySessionResult } from './usePaySession';

/** Lets one component find another's input by request field, e.g. to focus `phone_number`. */
export interface FieldRegistry {
  /** Registers the element for `field`; returns the function that unregisters it. */
  register(field: string, element: HTMLElement): () => void;
  get(field: string): HTMLElement | undefined;
}

function createFieldRegistry(): FieldRegistry {
  const elements = new Map<string, HTMLElement>();
  return {
    register(field, element) {
      elements.set(field, element);
      return () => {
        if (elements.get(field) === element) elements.delete(field);
      };
    },
    get: (field) => elements.get(field),
  };
}

/** What the components read from the nearest provider. */
export interface PayUiContextValue {
  theme?: PayTheme;
  locale: Locale;
  messages: Messages;
  unstyled: boolean;
  /** Absent without a provider: then nothing can move focus between components. */
  fields?: FieldRegistry;
}

const PaySessionContext = /* @__PURE__ */ createContext<UsePaySessionResult | null>(null);
const DEFAULT_UI: PayUiContextValue = { locale: 'en', messages: en, unstyled: false };
const PayUiContext = /* @__PURE__ */ createContext<PayUiContextValue>(DEFAULT_UI);

export interface PaySessionProviderProps {
  /** The result of `usePaySession`, shared with every component below. */
  session?: UsePaySessionResult;
  /** Design tokens applied to every component below (a component's own `theme` wins per token). */
  theme?: PayTheme;
  /** Language of every string the components show. Defaults to the enclosing provider's, else `'en'`. */
  locale?: Locale;
  /** Replacements for single messages of the locale's catalogue, e.g. `{ pay: 'Pay now' }`. */
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
  const [ownFields] = useState(createFieldRegistry);
  const fields = outer.fields ?? ownFields;
  const resolvedLocale = locale ?? outer.locale;
  const base = locale ? catalogues[locale] : outer.messages;
  const merged = useMemo(() => (messages ? { ...base, ...definedOnly(messages) } : base), [base, messages]);
  const resolvedTheme = useMemo(
    () => (theme ? { ...outer.theme, ...theme } : outer.theme),
    [outer.theme, theme],
  );
  const resolvedUnstyled = unstyled ?? outer.unstyled;
  const ui = useMemo<PayUiContextValue>(
    () => ({
      ...(resolvedTheme ? { theme: resolvedTheme } : {}),
      locale: resolvedLocale,
      messages: merged,
      unstyled: resolvedUnstyled,
      fields,
    }),
    [resolvedTheme, resolvedLocale, merged, resolvedUnstyled, fields],
  );
  return (
    <PayUiContext.Provider value={ui}>
      <PaySessionContext.Provider value={session ?? outerSession}>{children}</PaySessionContext.Provider>
    </PayUiContext.Provider>
  );
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
  return explicit ?? fromContext ?? undefined;
}

/** Theme, locale, messages and the field registry of the nearest provider (defaults without one). */
export function usePayUi(): PayUiContextValue {
  return useContext(PayUiContext);
}
