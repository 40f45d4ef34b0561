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
