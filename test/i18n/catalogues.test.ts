import { describe, expect, it } from 'vitest';
import * as library from '../../src';
import { en, formatMessage, type MessageKey, type Messages } from '../../src';
import * as daEntry from '../../src/i18n/locales/da';
import * as fiEntry from '../../src/i18n/locales/fi';
import * as nbEntry from '../../src/i18n/locales/nb';
import * as svEntry from '../../src/i18n/locales/sv';

/** Each `react-dintero-pay/locales/*` entry, as the package exports it. */
const entries = { nb: nbEntry, sv: svEntry, da: daEntry, fi: fiEntry } as const;
type Translation = keyof typeof entries;
const translations = Object.keys(entries) as Translation[];
const catalogueOf = (code: Translation): Messages => (entries[code] as Record<string, Messages>)[code]!;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it.each(translations)('the %s entry exports its catalogue under its own name, and nothing else', (code) => {
    expect(Object.keys(entries[code])).toEqual([code]);
    expect(typeof catalogueOf(code)).toBe('object');
  });

  it.each(translations)('%s has exactly the English keys, in English order', (code) => {
    // Same order too, so two catalogues can be read (and diffed) side by side.
    expect(Object.keys(catalogueOf(code))).toEqual(Object.keys(en));
  });

  it.each(['en', ...translations] as const)(
    '%s has no empty message and the same placeholders as English',
    (code) => {
      const catalogue = code === 'en' ? en : catalogueOf(code);
      for (const key of Object.keys(en) as MessageKey[]) {
        const text = catalogue[key];
        expect(typeof text, `${code}.${key}`).toBe('string');
        expect(text.trim(), `${code}.${key}`).not.toBe('');
        expect(placeholders(text), `${code}.${key}`).toEqual(placeholders(en[key]));
      }
    },
  );

  it.each(translations)('%s is translated, not copied from English', (code) => {
    const same = Object.entries(catalogueOf(code)).filter(([key, text]) => text === en[key as MessageKey]);
    // Proper names (Finland) and the word "Swish" may coincide; whole sentences may not.
    expect(same.filter(([, text]) => text.includes(' '))).toEqual([]);
  });

  it('uses the wording shoppers know from their app, with the app named in place', () => {
    const filled = (code: Translation, key: MessageKey, app: string) =>
      formatMessage(catalogueOf(code)[key], { app });
    expect(filled('sv', 'app.open', 'Swish')).toBe('Öppna Swish');
    expect(filled('sv', 'app.title', 'Swish')).toBe('Betala med Swish');
    expect(filled('nb', 'app.open', 'Vipps')).toBe('Åpne Vipps');
    expect(filled('da', 'app.open', 'MobilePay')).toBe('Åbn MobilePay');
    expect(filled('fi', 'app.open', 'MobilePay')).toBe('Avaa MobilePay');
    // No catalogue names an app itself: every message about the app says `{app}`.
    for (const catalogue of [en, ...translations.map((code) => catalogueOf(code))]) {
      expect(Object.values(catalogue).filter((text) => /Swish|Vipps|MobilePay/.test(text))).toEqual([]);
    }
  });

  it('keeps only English in the main entry: the other languages are imported on their own', () => {
    const exported = Object.keys(library);
    expect(exported).toContain('en');
    for (const gone of ['nb', 'sv', 'da', 'fi', 'catalogues']) expect(exported).not.toContain(gone);
  });

  it('is checked by the type system: a catalogue missing a key does not compile', () => {
    // @ts-expect-error a catalogue must have every key of `Messages`
    const incomplete: Messages = { pay: 'Pay' };
    // @ts-expect-error and no key `Messages` does not have
    const extra: Messages = { ...en, 'pay.later': 'Pay later' };
    expect(Object.keys(incomplete)).toHaveLength(1);
    expect(Object.keys(extra)).toHaveLength(Object.keys(en).length + 1);
  });
});

describe('formatMessage', () => {
  it('fills {name} placeholders', () => {
    expect(formatMessage(en['pay.amount'], { amount: '249,00 kr' })).toBe('Pay 249,00 kr');
  });

  it('leaves a placeholder without a value as written', () => {
    expect(formatMessage('Pay {amount}', {})).toBe('Pay {amount}');
    expect(formatMessage('Pay {amount}')).toBe('Pay {amount}');
  });
});
