/** Countries whose national numbering the library understands. */
export type PhoneCountry = 'SE' | 'NO' | 'DK' | 'FI';

interface CountryRule {
  callingCode: string;
  /** National numbers are written with a leading trunk 0 that E.164 drops. */
  trunkZero: boolean;
  /** Length of the national significant number (after the trunk 0). */
  minDigits: number;
  maxDigits: number;
}

export const PHONE_COUNTRIES: Record<PhoneCountry, CountryRule> = {
  SE: { callingCode: '46', trunkZero: true, minDigits: 7, maxDigits: 9 },
  NO: { callingCode: '47', trunkZero: false, minDigits: 8, maxDigits: 8 },
  DK: { callingCode: '45', trunkZero: false, minDigits: 8, maxDigits: 8 },
  FI: { callingCode: '358', trunkZero: true, minDigits: 5, maxDigits: 10 },
};

/** The countries in the order the phone field lists them. */
export const PHONE_COUNTRY_LIST = Object.keys(PHONE_COUNTRIES) as PhoneCountry[];

/**
 * `^\+?\d{5,15}$`: the phone pattern of Dintero's pay request (ITU E.123 with prefix). Kept here,
 * not with the zod schemas, so phone parsing alone does not load zod.
 */
export const PHONE_NUMBER_PATTERN = /^\+?\d{5,15}$/;

/** The country whose calling code starts `digits` (an international number without `+` or `00`). */
export function countryOfCallingCode(digits: string): PhoneCountry | undefined {
  return PHONE_COUNTRY_LIST.find((country) => digits.startsWith(PHONE_COUNTRIES[country].callingCode));
}

export type PhoneProblem = 'empty' | 'invalid_characters' | 'too_short' | 'too_long';

export type PhoneParseResult =
  { ok: true; e164: string; country: PhoneCountry | null } | { ok: false; problem: PhoneProblem };

// What people type between digits: spaces (`\s` includes the no-break ones), dashes, dots, slashes,
// parentheses.
const SEPARATORS = /[\s\-–.()/]/g;

function finish(country: PhoneCountry, nationalDigits: string): PhoneParseResult {
  const rule = PHONE_COUNTRIES[country];
  // "+46 070…" and "070…" both carry the trunk zero that E.164 leaves out.
  const nsn = rule.trunkZero && nationalDigits.startsWith('0') ? nationalDigits.slice(1) : nationalDigits;
  if (nsn.length < rule.minDigits) return { ok: false, problem: 'too_short' };
  if (nsn.length > rule.maxDigits) return { ok: false, problem: 'too_long' };
  return { ok: true, e164: `+${rule.callingCode}${nsn}`, country };
}

/**
 * Turns what a shopper typed (`070-123 45 67`, `+46 70 123 45 67`, `0046 70…`) into E.164
 * (`+46701234567`), reading national numbers in `defaultCountry`.
 */
export function parsePhoneNumber(input: string, defaultCountry: PhoneCountry): PhoneParseResult {
  const compact = input.trim().replace(SEPARATORS, '');
  if (compact === '') return { ok: false, problem: 'empty' };
  if (!/^(\+|00)?\d+$/.test(compact)) return { ok: false, problem: 'invalid_characters' };

  const international = compact.startsWith('+')
    ? compact.slice(1)
    : compact.startsWith('00')
      ? compact.slice(2)
      : null;
  if (international === null) return finish(defaultCountry, compact);

  const country = countryOfCallingCode(international);
  if (country) return finish(country, international.slice(PHONE_COUNTRIES[country].callingCode.length));
  // Another country: keep it if it has the shape Dintero accepts and let Dintero decide.
  const e164 = `+${international}`;
  if (!PHONE_NUMBER_PATTERN.test(e164)) {
    return { ok: false, problem: international.length < 5 ? 'too_short' : 'too_long' };
  }
  return { ok: true, e164, country: null };
}

/**
 * `+46701234567` → `+46 ••• •• 67`: enough for a shopper to recognise their own number, too little
 * to be personal data on a screen, in a log or in a screenshot.
 */
export function maskPhoneNumber(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const country = countryOfCallingCode(digits);
  // Calling codes are 1 to 3 digits; without a table only the first digit is surely part of it, and
  // guessing more would show a digit of the number itself (`+1 415…` as `+14`).
  const callingCode = country ? PHONE_COUNTRIES[country].callingCode : digits.slice(0, 1);
  return `+${callingCode} ••• •• ${digits.slice(-2)}`;
}

/** What `scrubPhoneNumber` puts where the number was. */
const SCRUBBED = '[phone]';
/** Between two digits: what people type there (as `SEPARATORS`), or a percent-encoded space. */
const GAP = '(?:[\\s\\-–.()/]|%20)*';
/** Before the calling code: `+`, percent-encoded or not, or `00`. */
const PREFIX = `(?:(?:\\+|%2B|00)${GAP})?`;

const spaced = (digits: string) => digits.split('').join(GAP);

/**
 * Removes `phoneNumber` (E.164, as `parsePhoneNumber` gives it) from `text` in every form a
 * shopper could have typed it or a server could echo it: `+46701234567`, `0046…`, `46…`, national
 * with or without the trunk 0 (`070…`, `70…`), with spaces, dashes, dots, slashes or parentheses
 * between the digits (`+46 (0)70-123 45 67`), and with `+` or spaces percent-encoded. Each
 * occurrence becomes `[phone]`. A `phoneNumber` that is no phone number leaves `text` as it is.
 */
export function scrubPhoneNumber(text: string, phoneNumber: string): string {
  const compact = phoneNumber.replace(SEPARATORS, '');
  if (!/^(\+|00)?\d{5,15}$/.test(compact)) return text;
  const digits = compact.replace(/^(\+|00)/, '');
  const country = countryOfCallingCode(digits);
  // Without a table the calling code is 1 to 3 digits: try each, but only where enough is left
  // that a national guess cannot match an unrelated short number.
  const codes = country
    ? [PHONE_COUNTRIES[country].callingCode]
    : [1, 2, 3].map((length) => digits.slice(0, length)).filter((code) => digits.length - code.length >= 6);
  const forms = codes.map((code) => {
    const national = digits.slice(code.length);
    // International with the code (and maybe a "(0)"), or national with its trunk 0, or bare.
    return `(?:${PREFIX}${spaced(code)}${GAP}(?:0${GAP})?|0${GAP})?${spaced(national)}`;
  });
  forms.push(PREFIX + spaced(digits));
  return text.replace(new RegExp(forms.join('|'), 'gi'), SCRUBBED);
}
