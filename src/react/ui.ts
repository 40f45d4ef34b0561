import { useCallback, useSyncExternalStore } from 'react';
import { usePayUi, type FieldRegistry } from './PaySessionProvider';
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
 * What every component needs: messages, the field registry, and its root's ref and class names.
 * The library's classes come first, so the consumer's `className` wins.
 */
export function useComponentBase<T extends HTMLElement>(
  props: StyleProps & { className?: string | undefined },
) {
  const ui = usePayUi();
  const unstyled = props.unstyled ?? ui.unstyled;
  const theme = props.theme ? { ...ui.theme, ...props.theme } : ui.theme;
  const rootRef = useThemeVariables<T>(theme);
  const { t, locale } = useMessages();
  return {
    t,
    locale,
    fields: ui.fields,
    /** The provider's: the shopper changed the session's status since the page showed it. */
    acted: ui.acted ?? false,
    rootRef,
    /** The library's classes (unless unstyled) and then the consumer's. */
    rootClass: (own: string) => cx(!unstyled && `rdp-root ${own}`, props.className),
    /** Classes of inner parts. */
    part: (own: string) => (unstyled ? undefined : own),
  };
}

/** Focus sits nowhere in particular: the element that held it went away with a state change. */
export function focusIsLost(): boolean {
  return !document.activeElement || document.activeElement === document.body;
}

// PayButtons on the page: focus resting on one is where the shopper just pressed Pay, so a result
// of that press (an error, a warning) may take focus from it.
const payButtons = new WeakSet<Element>();

/** Marks `element` as a Pay button; returns the function that unmarks it. */
export function markPayButton(element: Element): () => void {
  payButtons.add(element);
  return () => payButtons.delete(element);
}

/**
 * Focus is nowhere in particular, on the Pay button whose press led here, or in an approval view
 * (which goes away when the payment ends): a result may take it without moving the shopper.
 */
export function focusIsFree(): boolean {
  if (typeof document === 'undefined') return false;
  const active = document.activeElement;
  if (focusIsLost() || !active) return true;
  return payButtons.has(active) || [...approvalViews].some((view) => view.contains(active));
}

/** Whether the shopper changed the field `error` names since it appeared (then it is not shown). */
export function useErrorDismissed(fields: FieldRegistry | undefined, error: object | undefined): boolean {
  const subscribe = useCallback(
    (listener: () => void) => fields?.subscribe(listener) ?? (() => undefined),
    [fields],
  );
  const read = () => fields?.isDismissed(error) ?? false;
  return useSyncExternalStore(subscribe, read, () => false);
}

/** An amount in minor units as the locale writes it, e.g. `787,00 kr`. */
export function formatAmount(amount: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

// Approval views on the page: while one is shown, it is the voice of the waiting step.
const approvalViews = new Set<Element>();

/** Marks `element` as a shown approval view; returns the function that unmarks it. */
export function markApprovalView(element: Element): () => void {
  approvalViews.add(element);
  return () => approvalViews.delete(element);
}

/** Whether an approval view is on the page (it announces the waiting step itself). */
export function approvalViewShown(): boolean {
  return approvalViews.size > 0;
}
