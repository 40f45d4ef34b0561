import * as fc from 'fast-check';
import {
  maskPhoneNumber,
  parsePhoneNumber,
  PHONE_COUNTRIES,
  scrubPhoneNumber,
  type PhoneCountry,
} from '../../src/core/phone';
import { PHONE_NUMBER_PATTERN } from '../../src/core/schemas';

describe('parsePhoneNumber', () => {
  it.each([
    ['070-123 45 67'],
    ['070 123 45 67'],
    ['0701234567'],
    ['070.123.45.67'],
    ['(070) 123 45 67'],
    ['070/123 45 67'],
    ['070\u00a0123\u202f45\u200767'],
    ['070–123 45 67'],
    ['  070 123 45 67  '],
    ['+46 70 123 45 67'],
    ['+46 070 123 45 67'],
    ['+46701234567'],
    ['+4670 1234567'],
    ['0046701234567'],
    ['0046 70 123 45 67'],
    ['00460701234567'],
  ])('reads the Swedish number %j as +46701234567', (input) => {
    expect(parsePhoneNumber(input, 'SE')).toEqual({ ok: true, e164: '+46701234567', country: 'SE' });
  });

  it('reads international Swedish numbers the same whatever the default country', () => {
    for (const country of ['NO', 'DK', 'FI'] as const) {
      expect(parsePhoneNumber('+46 70 123 45 67', country)).toEqual({
        ok: true,
        e164: '+46701234567',
        country: 'SE',
      });
    }
  });

  it('reads Norwegian numbers (8 digits, no trunk zero)', () => {
    expect(parsePhoneNumber('412 34 567', 'NO')).toEqual({ ok: true, e164: '+4741234567', country: 'NO' });
    expect(parsePhoneNumber('+47 412 34 567', 'SE')).toEqual({
      ok: true,
      e164: '+4741234567',
      country: 'NO',
    });
    expect(parsePhoneNumber('0047 41234567', 'SE')).toEqual({ ok: true, e164: '+4741234567', country: 'NO' });
  });

  it('reads Danish numbers (8 digits, no trunk zero)', () => {
    expect(parsePhoneNumber('20 12 34 56', 'DK')).toEqual({ ok: true, e164: '+4520123456', country: 'DK' });
    expect(parsePhoneNumber('+45 20 12 34 56', 'FI')).toEqual({
      ok: true,
      e164: '+4520123456',
      country: 'DK',
    });
  });

  it('reads Finnish numbers and drops the trunk zero', () => {
    expect(parsePhoneNumber('040 123 4567', 'FI')).toEqual({
      ok: true,
      e164: '+358401234567',
      country: 'FI',
    });
    expect(parsePhoneNumber('+358 40 123 4567', 'SE')).toEqual({
      ok: true,
      e164: '+358401234567',
      country: 'FI',
    });
    expect(parsePhoneNumber('+358 040 123 4567', 'SE')).toEqual({
      ok: true,
      e164: '+358401234567',
      country: 'FI',
    });
  });

  it('keeps a trunk zero where the country has none (Norway, Denmark)', () => {
    // A leading 0 is a digit of the number there, so 9 digits are one too many.
    expect(parsePhoneNumber('041234567', 'NO')).toEqual({ ok: false, problem: 'too_long' });
    expect(parsePhoneNumber('020123456', 'DK')).toEqual({ ok: false, problem: 'too_long' });
  });

  it('passes other countries through when they have the shape Dintero accepts', () => {
    expect(parsePhoneNumber('+1 415 555 2671', 'SE')).toEqual({
      ok: true,
      e164: '+14155552671',
      country: null,
    });
    expect(parsePhoneNumber('0044 20 7946 0958', 'NO')).toEqual({
      ok: true,
      e164: '+442079460958',
      country: null,
    });
    expect(parsePhoneNumber('+35312345', 'FI')).toEqual({ ok: true, e164: '+35312345', country: null });
    expect(parsePhoneNumber('+123456789012345', 'SE')).toEqual({
      ok: true,
      e164: '+123456789012345',
      country: null,
    });
  });

  it('reports an empty input', () => {
    for (const input of ['', '   ', ' - ', '()', '\u00a0']) {
      expect(parsePhoneNumber(input, 'SE')).toEqual({ ok: false, problem: 'empty' });
    }
  });

  it('reports letters and other characters as invalid_characters', () => {
    for (const input of [
      '070 123 45 6a',
      'abc',
      '+46 70 12x 45 67',
      '070#1234567',
      '++46701234567',
      '46+701234567',
      '+',
    ]) {
      expect(parsePhoneNumber(input, 'SE')).toEqual({ ok: false, problem: 'invalid_characters' });
    }
    // Digits from other scripts are not ASCII digits.
    expect(parsePhoneNumber('٠٧٠١٢٣٤٥٦٧', 'SE')).toEqual({ ok: false, problem: 'invalid_characters' });
  });

  it('reports numbers that are too short', () => {
    expect(parsePhoneNumber('070 12', 'SE')).toEqual({ ok: false, problem: 'too_short' });
    expect(parsePhoneNumber('+46', 'NO')).toEqual({ ok: false, problem: 'too_short' });
    expect(parsePhoneNumber('412 34 56', 'NO')).toEqual({ ok: false, problem: 'too_short' });
    expect(parsePhoneNumber('2012345', 'DK')).toEqual({ ok: false, problem: 'too_short' });
    expect(parsePhoneNumber('040 12', 'FI')).toEqual({ ok: false, problem: 'too_short' });
    expect(parsePhoneNumber('+1234', 'SE')).toEqual({ ok: false, problem: 'too_short' });
    expect(parsePhoneNumber('00', 'SE')).toEqual({ ok: false, problem: 'too_short' });
  });

  it('reports numbers that are too long', () => {
    expect(parsePhoneNumber('070 123 45 67 89', 'SE')).toEqual({ ok: false, problem: 'too_long' });
    expect(parsePhoneNumber('412 34 5678', 'NO')).toEqual({ ok: false, problem: 'too_long' });
    expect(parsePhoneNumber('+45 20 12 34 567', 'SE')).toEqual({ ok: false, problem: 'too_long' });
    expect(parsePhoneNumber('040 123 456 789', 'FI')).toEqual({ ok: false, problem: 'too_long' });
    expect(parsePhoneNumber('+1234567890123456', 'SE')).toEqual({ ok: false, problem: 'too_long' });
  });

  it('only ever returns numbers that match Dintero’s phone pattern', () => {
    const typed = fc.oneof(
      fc.string(),
      fc.stringMatching(/^(\+|00)?[0-9 ()\-.]{0,22}$/),
      fc
        .tuple(
          fc.constantFrom('+46', '+47', '+45', '+358', '0046', '+1', '+44', '0', ''),
          fc.string({ unit: fc.constantFrom(...'0123456789 -'), maxLength: 20 }),
        )
        .map(([prefix, rest]) => prefix + rest),
    );
    fc.assert(
      fc.property(typed, fc.constantFrom<PhoneCountry>('SE', 'NO', 'DK', 'FI'), (input, country) => {
        const result = parsePhoneNumber(input, country);
        if (result.ok) {
          expect(result.e164).toMatch(PHONE_NUMBER_PATTERN);
          expect(result.e164.startsWith('+')).toBe(true);
          // Idempotent for real numbers: the output reads back as itself. (A national significant
          // number never starts with 0; one that does would lose another "trunk" zero on re-reading.)
          const code = result.country ? PHONE_COUNTRIES[result.country].callingCode : '';
          if (!result.e164.startsWith(`+${code}0`))
            expect(parsePhoneNumber(result.e164, country)).toEqual(result);
        } else {
          expect(['empty', 'invalid_characters', 'too_short', 'too_long']).toContain(result.problem);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads every valid national number of each country to its calling code and digits', () => {
    fc.assert(
      fc.property(fc.constantFrom<PhoneCountry>('SE', 'NO', 'DK', 'FI'), fc.nat(), (country, seed) => {
        const rule = PHONE_COUNTRIES[country];
        const length = rule.minDigits + (seed % (rule.maxDigits - rule.minDigits + 1));
        const nsn = `${1 + (seed % 9)}${String(seed)
          .padStart(length, '7')
          .slice(0, length - 1)}`;
        const national = rule.trunkZero ? `0${nsn}` : nsn;
        expect(parsePhoneNumber(national, country)).toEqual({
          ok: true,
          e164: `+${rule.callingCode}${nsn}`,
          country,
        });
      }),
    );
  });
});

describe('maskPhoneNumber', () => {
  it('shows the calling code and only the last two digits', () => {
    expect(maskPhoneNumber('+46701234567')).toBe('+46 ••• •• 67');
    expect(maskPhoneNumber('+4741234567')).toBe('+47 ••• •• 67');
    expect(maskPhoneNumber('+4520123456')).toBe('+45 ••• •• 56');
    expect(maskPhoneNumber('+358401234567')).toBe('+358 ••• •• 67');
  });

  it('shows only the first digit of a calling code it has no table for', () => {
    expect(maskPhoneNumber('+14155552671')).toBe('+1 ••• •• 71');
    expect(maskPhoneNumber('+442079460958')).toBe('+4 ••• •• 58');
  });

  it('never shows more than the last two national digits', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc
            .constantFrom('+46', '+47', '+45', '+358')
            .chain((cc) => fc.stringMatching(/^[1-9]\d{4,9}$/).map((nsn) => ({ cc, nsn }))),
          // Calling codes of 1 to 3 digits the library has no table for.
          fc
            .constantFrom('+1', '+7', '+44', '+49', '+354', '+372')
            .chain((cc) => fc.stringMatching(/^[1-9]\d{4,9}$/).map((nsn) => ({ cc, nsn }))),
        ),
        ({ cc, nsn }) => {
          const masked = maskPhoneNumber(cc + nsn);
          const shownDigits = masked.replace(/\D/g, '');
          // Whatever is shown before the mask must be (part of) the calling code, after it the last two digits.
          const [head, tail] = masked.split(' ••• •• ');
          expect(tail).toBe(nsn.slice(-2));
          expect(cc.startsWith(head!)).toBe(true);
          expect(shownDigits.length).toBeLessThanOrEqual(cc.length - 1 + 2);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('scrubPhoneNumber', () => {
  const SWEDISH = '+46701234567';

  it.each([
    ['+46701234567'],
    ['0046701234567'],
    ['46701234567'],
    ['0701234567'],
    ['701234567'],
    ['070-123 45 67'],
    ['070 123 45 67'],
    ['070.123.45.67'],
    ['(070) 123 45 67'],
    ['+46 70 123 45 67'],
    ['+46 (0)70-123 45 67'],
    ['+46 070 123 45 67'],
    ['0046 70 123 45 67'],
    ['%2B46701234567'],
    ['%2b46%2070%20123%2045%2067'],
  ])('removes the Swedish number written %j', (written) => {
    const scrubbed = scrubPhoneNumber(`invalid_phone:${written};retry`, SWEDISH);
    expect(scrubbed).toBe(
      written.startsWith('(') ? 'invalid_phone:([phone];retry' : 'invalid_phone:[phone];retry',
    );
  });

  it('removes every occurrence, and nothing else', () => {
    expect(scrubPhoneNumber('a 0701234567 b +46701234567 c 070-1234567', SWEDISH)).toBe(
      'a [phone] b [phone] c [phone]',
    );
    expect(scrubPhoneNumber('code_46701234568 0701234566 2026-07-01', SWEDISH)).toBe(
      'code_46701234568 0701234566 2026-07-01',
    );
  });

  it('removes Norwegian, Danish and Finnish numbers in their national forms too', () => {
    expect(scrubPhoneNumber('x91234567x 912 34 567 004791234567', '+4791234567')).toBe(
      'x[phone]x [phone] [phone]',
    );
    expect(scrubPhoneNumber('20 12 34 56 or 4520123456', '+4520123456')).toBe('[phone] or [phone]');
    expect(scrubPhoneNumber('041 234 5678 or +358 41 2345678', '+358412345678')).toBe('[phone] or [phone]');
  });

  it('removes a number of another country in its international forms and a national guess', () => {
    expect(scrubPhoneNumber('+1 415-555-0123 / 0014155550123 / (415) 555-0123', '+14155550123')).toBe(
      '[phone] / [phone] / ([phone]',
    );
  });

  it('leaves the text alone when the number is not a phone number', () => {
    for (const phone of ['', 'abc', '+12', '+1234567890123456', '0701234567x']) {
      expect(scrubPhoneNumber('call 0701234567', phone)).toBe('call 0701234567');
    }
  });

  it('row 27: no typed form of any valid number survives, wherever it is in the text', () => {
    const noDigits = fc.string({ maxLength: 12 }).map((text) => text.replace(/[\d+%]/g, ''));
    const gap = fc.constantFrom('', ' ', '-', '.', ' - ', '%20', '\u00a0');
    fc.assert(
      fc.property(
        fc.constantFrom<PhoneCountry>('SE', 'NO', 'DK', 'FI'),
        fc.integer({ min: 0, max: 10 ** 10 }),
        fc.integer({ min: 0, max: 4 }),
        fc.array(gap, { minLength: 16, maxLength: 16 }),
        noDigits,
        noDigits,
        (country, seed, form, gaps, before, after) => {
          const rule = PHONE_COUNTRIES[country];
          const nsn = String(seed).padStart(rule.maxDigits, '1').slice(0, rule.maxDigits).replace(/^0/, '1');
          const e164 = `+${rule.callingCode}${nsn}`;
          const national = rule.trunkZero ? `0${nsn}` : nsn;
          const written = [
            `+${rule.callingCode}${nsn}`,
            `00${rule.callingCode}${nsn}`,
            `${rule.callingCode}${nsn}`,
            national,
            `+${rule.callingCode} ${national}`,
          ][form]!;
          // Separators between any of the digits (not inside `00`), as a shopper or a server's formatter puts them.
          const spaced = [...written]
            .map((char, i) => (i > (form === 1 ? 1 : 0) && /\d/.test(char) ? gaps[i]! : '') + char)
            .join('');
          const scrubbed = scrubPhoneNumber(`${before}${spaced}${after}`, e164);
          expect(scrubbed).toBe(`${before}[phone]${after}`);
        },
      ),
      { numRuns: 500 },
    );
  });
});
