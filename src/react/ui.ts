import { useCallback, useSyncExternalStore } from 'react';
import type { PaymentApp } from '../core';
import type { PageController } from './page-controller';
import { usePayUi } from './PaySessionProvider';
import { useThemeVariables, type PayTheme } from './theme';
import { useMessages } from './useMessages';

/** Props every component takes for its look. */
export interface StyleProps {
  /** Design tokens for this component; merged over the provider's `theme`, token by token. */
  theme?: PayTheme;
  /** Drop the default `rdp-*` classes (the visually-hidden helper of live regions stays). */
  unstyled?: boolean;
}

/** Joins class names, skipping empty ones. */
export function cx(...names: (string | false | undefined)[]): string | undefined {
  return names.filter(Boolean).join(' ') || undefined;
}

/**
 * What every component needs: messages, the page's controller, and its root's ref and class names.
 * The library's classes come first, so the consumer's `className` wins.
 */
export function useComponentBase<T extends HTMLElement>(
  props: StyleProps & { className?: string | undefined },
  /** The app whose name fills `{app}` in messages. */
  app?: PaymentApp,
) {
  const ui = usePayUi();
  const unstyled = props.unstyled ?? ui.unstyled;
  const theme = props.theme ? { ...ui.theme, ...props.theme } : ui.theme;
  const rootRef = useThemeVariables<T>(theme);
  const { t, locale } = useMessages(app);
  return {
    t,
    locale,
    /** What takes focus and what is said, for the provider (or the page). */
    controller: ui.controller,
    rootRef,
    /** The library's classes (unless unstyled) and then the consumer's. */
    rootClass: (own: string) => cx(!unstyled && `rdp-root ${own}`, props.className),
    /** Classes of inner parts. */
    part: (own: string) => (unstyled ? undefined : own),
  };
}

/** Whether the shopper changed the field `error` names since it appeared (then it is not shown). */
export function useErrorDismissed(controller: PageController, error: object | undefined): boolean {
  return useControllerValue(controller, () => controller.isDismissed(error), false);
}

/** A value read from the controller, current whenever a registration or a dismissal changes it. */
export function useControllerValue<T>(controller: PageController, read: () => T, onServer: T): T {
  const subscribe = useCallback((listener: () => void) => controller.subscribe(listener), [controller]);
  return useSyncExternalStore(subscribe, read, () => onServer);
}

/** An amount in minor units as the locale writes it, e.g. `787,00 kr`. */
export function formatAmount(amount: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}
