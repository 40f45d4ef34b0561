import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, warnIfMessagesAreEnglish, type Locale, type Messages } from '../i18n';
import { useIsomorphicLayoutEffect } from './internal';
import { createPageController, type PageController } from './page-controller';
import type { PayTheme } from './theme';
import type { UsePaySessionResult } from './usePaySession';

/** What the components read from the nearest provider. */
export interface PayUiContextValue {
  theme?: PayTheme;
  /** For formatting amounts and times. */
  locale: Locale;
  /** Every message, by key: the provider's catalogue with its replacements. */
  messages: Messages;
  unstyled: boolean;
  /** What takes focus and what is said: the provider's, or the page's without one. */
  controller: PageController;
}

const PaySessionContext = /* @__PURE__ */ createContext<UsePaySessionResult | undefined>(undefined);
// Without a provider: English, styled, and one controller for the page.
const PAGE_UI: PayUiContextValue = {
  locale: 'en',
  messages: en,
  unstyled: false,
  controller: /* @__PURE__ */ createPageController(),
};
const PayUiContext = /* @__PURE__ */ createContext<PayUiContextValue>(PAGE_UI);

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
  // A provider inside another shares the outer one's: one focus and one voice for the checkout.
  const [ownController] = useState(() => (outer === PAGE_UI ? createPageController() : outer.controller));
  // The page's polite region is in the DOM, empty, from the start: text that arrives later is heard.
  useIsomorphicLayoutEffect(() => ownController.mountVoice(), [ownController]);
  // A new value only when a setting here or in the enclosing provider changes, so the components
  // below do not re-render with every render of the page.
  const ui = useMemo<PayUiContextValue>(() => {
    const value: PayUiContextValue = {
      theme: theme ? { ...outer.theme, ...theme } : outer.theme,
      locale: locale ?? outer.locale,
      messages: messages ? { ...outer.messages, ...definedOnly(messages) } : outer.messages,
      unstyled: unstyled ?? outer.unstyled,
      controller: ownController,
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
  }, [outer, theme, locale, messages, unstyled, ownController]);
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
  return explicit ?? fromContext;
}

/** Theme, locale, messages and the controller of the nearest provider (defaults without one). */
export function usePayUi(): PayUiContextValue {
  return useContext(PayUiContext);
}
