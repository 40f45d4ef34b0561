/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { catalogues, en, formatMessage, type Locale, type Messages } from '../../src';
import { fromList } from '../../src/i18n/from-list';

const catalogueSources: Record<string, string> = import.meta.glob('../../src/i18n/*.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  const locales = Object.keys(catalogues) as Locale[];

  it('ships English, Norwegian Bokmål, Swedish, Danish and Finnish', () => {
    expect(locales.sort()).toEqual(['da', 'en', 'fi', 'nb', 'sv']);
  });

  it.each(locales)('%s has exactly the English keys', (locale) => {
    expect(Object.keys(catalogues[locale]).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(locales)('%s has no empty message and the same placeholders as English', (locale) => {
    const catalogue = catalogues[locale];
    for (const [key, text] of Object.entries(catalogue)) {
      expect(text.trim(), `${locale}.${key}`).not.toBe('');
      expect(placeholders(text), `${locale}.${key}`).toEqual(placeholders(en[key as keyof Messages]));
    }
  });

  it.each(locales.filter((l) => l !== 'en'))('%s is translated, not copied from English', (locale) => {
    const same = Object.entries(catalogues[locale]).filter(
      ([key, text]) => text === en[key as keyof Messages],
    );
    // Proper names (Finland) and the word "Swish" may coincide; whole sentences may not.
    expect(same.every(([, text]) => !text.includes(' '))).toBe(true);
  });

  // Translations are lists in English's key order, each message with its key in a comment. This keeps
  // the list and the comments honest: a message added, dropped or moved fails here.
  it.each(locales.filter((l) => l !== 'en'))(
    '%s lists one message per key, each beside its own key',
    (locale) => {
      const source = catalogueSources[`../../src/i18n/${locale}.ts`] ?? '';
      const commentedKeys = [...source.matchAll(/^\s+'(?:[^'\\]|\\.)*', \/\/ (\S+)$/gm)].map((m) => m[1]);
      expect(commentedKeys).toEqual(Object.keys(en));
    },
  );

  it('builds a catalogue from a list by position', () => {
    const list = Object.keys(en).map((key) => `message for ${key}`);
    const catalogue = fromList(list);
    expect(catalogue.pay).toBe('message for pay');
    expect(catalogue['error.choose_another_method']).toBe('message for error.choose_another_method');
    expect(Object.keys(catalogue)).toEqual(Object.keys(en));
  });

  it('uses the wording Swedish shoppers know from Swish', () => {
    expect(catalogues.sv['swish.open']).toBe('Öppna Swish');
    expect(catalogues.sv['swish.title']).toBe('Betala med Swish');
    expect(catalogues.nb['swish.open']).toBe('Åpne Swish');
    expect(catalogues.da['swish.open']).toBe('Åbn Swish');
    expect(catalogues.fi['swish.open']).toBe('Avaa Swish');
  });

  it('is checked by the type system: a catalogue missing a key does not compile', () => {
    // @ts-expect-error a catalogue must have every key of `Messages`
    const incomplete: Messages = { pay: 'Pay' };
    expect(Object.keys(incomplete)).toHaveLength(1);
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
