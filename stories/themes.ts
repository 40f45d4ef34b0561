import type { PayTheme } from '../src';

/** The page looks the toolbar offers; each has a page background and, where needed, tokens to match. */
export type PageTheme = 'light' | 'dark' | 'brand';

/** A made-up shop's brand: its own colours, rounder corners and font, all through the theme tokens. */
export const brandTheme: PayTheme = {
  colorPrimary: '#5b21b6',
  colorPrimaryText: '#ffffff',
  colorDanger: '#9f1239',
  colorText: '#1e1b2e',
  colorBackground: '#fffdf8',
  borderRadius: 14,
  fontFamily: "Georgia, 'Times New Roman', serif",
  spacing: 10,
  focusRing: '#c2410c',
};

/**
 * The default dark palette of styles.css as tokens. That palette follows the shopper's system
 * setting (`prefers-color-scheme`); a shop that is dark by its own choice passes the tokens instead.
 */
export const darkTheme: PayTheme = {
  colorPrimary: '#93b4ff',
  colorPrimaryText: '#0b1533',
  colorDanger: '#ffb4ab',
  colorText: '#e6e8eb',
  colorBackground: '#1c1f24',
  focusRing: '#93b4ff',
};

/** Tokens each page look gives the components (none for light: the library's defaults). */
export const pageThemes: Record<PageTheme, PayTheme | undefined> = {
  light: undefined,
  dark: darkTheme,
  brand: brandTheme,
};
