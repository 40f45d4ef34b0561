import { describe, expect, it } from 'vitest';
import {
  caretAfterPhoneCharacters,
  countPhoneCharacters,
  formatPhoneNumber,
} from '../../src/core/phone-format';
import { parsePhoneNumber } from '../../src';

describe('formatPhoneNumber', () => {
  it.each([
    ['0701234567', 'SE', '070 123 45 67'],
    ['070-123 45 67', 'SE', '070 123 45 67'],
    ['+46701234567', 'SE', '+46 70 123 45 67'],
    ['+46 0701234567', 'SE', '+46 070 123 45 67'],
    ['0046701234567', 'SE', '0046 70 123 45 67'],
    ['41234567', 'NO', '412 34 567'],
    ['22123456', 'NO', '22 12 34 56'],
    ['+4741234567', 'SE', '+47 412 34 567'],
    ['12345678', 'DK', '12 34 56 78'],
    ['+4512345678', 'SE', '+45 12 34 56 78'],
    ['0401234567', 'FI', '040 123 4567'],
    ['+358401234567', 'SE', '+358 40 123 4567'],
  ] as const)('%s in %s → %s', (input, country, expected) => {
    expect(formatPhoneNumber(input, country)).toBe(expected);
    // Formatting never changes the number it means.
    expect(parsePhoneNumber(expected, country)).toEqual(parsePhoneNumber(input, country));
  });

  it('formats partial numbers as they grow', () => {
    const typed = '0701234567'
      .split('')
      .map((_, i, all) => formatPhoneNumber(all.slice(0, i + 1).join(''), 'SE'));
    expect(typed).toEqual([
      '0',
      '07',
      '070',
      '070 1',
      '070 12',
      '070 123',
      '070 123 4',
      '070 123 45',
      '070 123 45 6',
      '070 123 45 67',
    ]);
    expect(formatPhoneNumber('+', 'SE')).toBe('+');
    expect(formatPhoneNumber('+4', 'SE')).toBe('+4');
    expect(formatPhoneNumber('+46', 'SE')).toBe('+46');
    expect(formatPhoneNumber('+467', 'SE')).toBe('+46 7');
  });

  it('leaves numbers of other countries ungrouped', () => {
    expect(formatPhoneNumber('+44 7911 123456', 'SE')).toBe('+447911123456');
  });

  it('leaves text with letters or a misplaced + as typed, so the shopper sees what is wrong', () => {
    expect(formatPhoneNumber('070abc', 'SE')).toBe('070abc');
    expect(formatPhoneNumber('070+123', 'SE')).toBe('070+123');
  });
});

describe('caret helpers', () => {
  it('counts digits and + before a position', () => {
    expect(countPhoneCharacters('+46 70 123', 6)).toBe(5);
    expect(countPhoneCharacters('070 123', 0)).toBe(0);
  });

  it('finds the position after the n-th digit, skipping separators', () => {
    expect(caretAfterPhoneCharacters('070 123 45 67', 3)).toBe(3);
    expect(caretAfterPhoneCharacters('070 123 45 67', 4)).toBe(5);
    expect(caretAfterPhoneCharacters('070 123 45 67', 0)).toBe(0);
    expect(caretAfterPhoneCharacters('070', 9)).toBe(3);
  });
});
