import { da } from './da';
import { en, type Messages } from './en';
import { fi } from './fi';
import { nb } from './nb';
import { sv } from './sv';

export { da, en, fi, nb, sv };
export type { MessageKey, Messages } from './en';

/** The languages the library ships: English, Norwegian Bokmål, Swedish, Danish and Finnish. */
export type Locale = 'en' | 'nb' | 'sv' | 'da' | 'fi';

/** Every catalogue by locale. */
export const catalogues: Record<Locale, Messages> = { en, nb, sv, da, fi };

/** Fills `{name}` placeholders; a placeholder without a value is left as written. */
export function formatMessage(template: string, values?: Record<string, string>): string {
  return values ? template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole) : template;
}
