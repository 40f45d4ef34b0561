import { useRef } from 'react';
import { useIsomorphicLayoutEffect } from './internal';

/** Design tokens; each becomes a `--rdp-*` CSS variable that `styles.css` reads. Numbers are px. */
export interface PayTheme {
  /** Buttons and links (`--rdp-color-primary`). */
  colorPrimary?: string;
  /** Text on `colorPrimary` (`--rdp-color-primary-text`). */
  colorPrimaryText?: string;
  /** Errors and invalid fields (`--rdp-color-danger`). */
  colorDanger?: string;
  /** Body text (`--rdp-color-text`). */
  colorText?: string;
  /** Panels and inputs (`--rdp-color-background`). */
  colorBackground?: string;
  /** Corner radius (`--rdp-radius`). */
  borderRadius?: string | number;
  /** Font stack (`--rdp-font-family`); inherits the page's font when unset. */
  fontFamily?: string;
  /** Base spacing unit (`--rdp-spacing`). */
  spacing?: string | number;
  /** Colour of the keyboard focus ring (`--rdp-focus-ring`). */
  focusRing?: string;
}

/** Each token's CSS variable, in the order they are set; the names are part of the styling API. */
const VARIABLES: Record<keyof PayTheme, string> = {
  colorPrimary: '--rdp-color-primary',
  colorPrimaryText: '--rdp-color-primary-text',
  colorDanger: '--rdp-color-danger',
  colorText: '--rdp-color-text',
  colorBackground: '--rdp-color-background',
  borderRadius: '--rdp-radius',
  fontFamily: '--rdp-font-family',
  spacing: '--rdp-spacing',
  focusRing: '--rdp-focus-ring',
};

/** The theme as `[variable, value]` pairs, in a fixed order. */
export function themeVariables(theme: PayTheme | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [token, variable] of Object.entries(VARIABLES)) {
    const value = theme?.[token as keyof PayTheme];
    if (value !== undefined && value !== '')
      pairs.push([variable, typeof value === 'number' ? `${value}px` : value]);
  }
  return pairs;
}

/**
 * Applies the theme to the element in the returned ref through the CSSOM. Unlike a `style`
 * attribute or an injected `<style>`, this passes a strict CSP (`style-src 'self'`), and the
 * server-rendered markup stays free of inline styles.
 */
export function useThemeVariables<T extends HTMLElement>(theme: PayTheme | undefined) {
  const ref = useRef<T>(null);
  const applied = useRef<{ element: HTMLElement | null; key: string; pairs: [string, string][] }>(undefined);
  const pairs = themeVariables(theme);
  // A new inline theme object on every render must not touch the DOM: compare by value.
  const key = JSON.stringify(pairs);
  // Runs after every commit because the root element may come and go (a view that renders nothing).
  useIsomorphicLayoutEffect(() => {
    const element = ref.current;
    const last = applied.current;
    if (last) {
      if (element === last.element && key === last.key) return;
      // Only variables this hook set are removed, never ones the page set on the element itself.
      for (const [variable] of last.pairs) last.element?.style.removeProperty(variable);
    }
    for (const [variable, value] of pairs) element?.style.setProperty(variable, value);
    applied.current = { element, key, pairs };
  });
  return ref;
}
