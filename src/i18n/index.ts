import { en, type MessageKey, type Messages } from './en';

// English is the only catalogue built into `.`; the others are entries of their own
// (`react-dintero-pay/locales/nb`, `/sv`, `/da`, `/fi`), so a shop ships only the languages it imports.
export { en };
export type { MessageKey, Messages } from './en';

/**
 * A BCP 47 language tag for formatting amounts and times, e.g. `'sv'`, `'sv-SE'` or `'en-SE'`
 * (English words, Swedish number formats). It does not pick the messages: pass a catalogue as
 * `messages` for that.
 */
export type Locale = string;

/** Fills `{name}` placeholders; a placeholder without a value is left as written. */
export function formatMessage(template: string, values?: Record<string, string>): string {
  return values ? template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole) : template;
}

/** Each shipped language's catalogue entry and the country it is mostly used in. */
const SHIPPED: Record<string, readonly [entry: string, region: string]> = {
  nb: ['nb', 'NO'],
  no: ['nb', 'NO'], // "Norwegian": Bokmål is what the catalogue is written in
  sv: ['sv', 'SE'],
  da: ['da', 'DK'],
  fi: ['fi', 'FI'],
};
const warned = new Set<string>();

/**
 * Development help: a locale in another language than English whose messages are mostly English
 * almost always means the catalogue was not imported. Says so once per locale instead of showing
 * English in silence. Callers guard it with `process.env.NODE_ENV` so that production bundles drop it.
 */
export function warnIfMessagesAreEnglish(locale: Locale, messages: Messages): void {
  const [language = '', region] = locale.split(/[-_]/);
  if (language.toLowerCase() === 'en' || warned.has(locale)) return;
  const keys = Object.keys(en) as MessageKey[];
  const english = keys.filter((key) => messages[key] === en[key]).length;
  if (english * 2 <= keys.length) return;
  warned.add(locale);
  const [entry, usualRegion] = SHIPPED[language.toLowerCase()] ?? [];
  const country = region && /^[a-z]{2}$/i.test(region) ? region : usualRegion;
  console.warn(
    `react-dintero-pay: locale "${locale}" is set, but the messages are English. ` +
      (entry
        ? `Import the catalogue and pass it too: import { ${entry} } from 'react-dintero-pay/locales/${entry}'; ` +
          `<PaySessionProvider locale="${locale}" messages={${entry}}>.`
        : 'Pass your own catalogue of every message (type Messages) as `messages`.') +
      (country ? ` For English text with local formats, use locale "en-${country.toUpperCase()}".` : ''),
  );
}
