import { countryOfCallingCode, PHONE_COUNTRIES, type PhoneCountry } from './phone';

// Group sizes as the numbers are usually written (mobile numbers, which are what Swish, Vipps and
// MobilePay use). The last group takes whatever digits remain.
const NATIONAL_GROUPS: Record<PhoneCountry, number[]> = {
  SE: [3, 3, 2, 2], // 070 123 45 67
  NO: [3, 2, 3], // 412 34 567
  DK: [2, 2, 2, 2], // 12 34 56 78
  FI: [3, 3, 4], // 040 123 4567
};
const INTERNATIONAL_GROUPS: Record<PhoneCountry, number[]> = {
  SE: [2, 3, 2, 2], // +46 70 123 45 67
  NO: [3, 2, 3],
  DK: [2, 2, 2, 2],
  FI: [2, 3, 4], // +358 40 123 4567
};

// Digits, the separators people type, and a + that may only come first.
const FORMATTABLE = /^\s*\+?[\d\s\-–.()/]*$/;

function groupsFor(country: PhoneCountry, digits: string, international: boolean): number[] {
  // Norwegian landlines (not starting with 4 or 9) are written in pairs.
  if (country === 'NO' && digits !== '' && !/^[49]/.test(digits)) return [2, 2, 2, 2];
  // "+46 070…": the trunk zero typed after the calling code keeps the national grouping.
  return international && !digits.startsWith('0') ? INTERNATIONAL_GROUPS[country] : NATIONAL_GROUPS[country];
}

function group(digits: string, sizes: number[]): string {
  const parts: string[] = [];
  let rest = digits;
  for (let index = 0; rest !== '' && index < sizes.length; index++) {
    // The last group takes whatever digits remain.
    const size = index === sizes.length - 1 ? rest.length : sizes[index]!;
    parts.push(rest.slice(0, size));
    rest = rest.slice(size);
  }
  return parts.join(' ');
}

/**
 * Formats a phone number as it is being typed: `0701234567` → `070 123 45 67`,
 * `+46701234567` → `+46 70 123 45 67`, `0046…` keeps its `00`. National numbers follow `country`.
 * Text with anything but digits, separators and a leading `+` is returned unchanged, so the shopper
 * sees what they typed next to the validation message.
 */
export function formatPhoneNumber(input: string, country: PhoneCountry): string {
  if (!FORMATTABLE.test(input)) return input;
  const digits = input.replace(/\D/g, '');
  const plus = input.trimStart().startsWith('+');
  if (!plus && !digits.startsWith('00')) return group(digits, groupsFor(country, digits, false));

  const prefix = plus ? '+' : '00';
  const rest = plus ? digits : digits.slice(2);
  const match = countryOfCallingCode(rest);
  // Another country's numbering is unknown here: leave its digits ungrouped.
  if (!match) return prefix + rest;
  const code = PHONE_COUNTRIES[match].callingCode;
  const nsn = rest.slice(code.length);
  return prefix + code + (nsn ? ' ' + group(nsn, groupsFor(match, nsn, true)) : '');
}

/** How many digits (and a `+`) come before `end` in `text`: what a caret position means. */
export function countPhoneCharacters(text: string, end: number): number {
  return text.slice(0, end).replace(/[^\d+]/g, '').length;
}

/** The caret position right after the `count`-th digit (or `+`) of `text`. */
export function caretAfterPhoneCharacters(text: string, count: number): number {
  if (count <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (/[\d+]/.test(text.charAt(i)) && ++seen === count) return i + 1;
  }
  return text.length;
}
