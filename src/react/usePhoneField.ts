import { useCallback, useRef, useState, type ChangeEvent, type RefObject } from 'react';
import {
  parsePhoneNumber,
  PHONE_COUNTRIES,
  PHONE_COUNTRY_LIST,
  type PhoneCountry,
  type PhoneParseResult,
  type PhoneProblem,
} from '../core';
import { caretAfterPhoneCharacters, countPhoneCharacters, formatPhoneNumber } from '../core/phone-format';
import { useControllableState, useIsomorphicLayoutEffect, useLatest } from './internal';

// The countries the field understands, for components that list them (one table for all).
export { PHONE_COUNTRIES, PHONE_COUNTRY_LIST };

/** What `onValueChange` learns besides the number. */
export interface PhoneValueDetails {
  /** Whether the text is a complete, plausible number. */
  valid: boolean;
  /** Why it is not, when it is not. */
  problem?: PhoneProblem;
  /** The number's country: from its calling code, else the selected one; `null` for other countries. */
  country: PhoneCountry | null;
}

export interface UsePhoneFieldOptions {
  /** The number in E.164 (controlled). `''` clears the field. */
  value?: string;
  /** The initial number (uncontrolled), in E.164 or as a shopper would write it. */
  defaultValue?: string;
  /** Country of numbers typed without a calling code. Defaults to `SE`. */
  defaultCountry?: PhoneCountry;
  /** Called on every edit with the number in E.164 (`''` while it is not valid). */
  onValueChange?: (e164: string, details: PhoneValueDetails) => void;
}

export interface UsePhoneFieldResult {
  /** The text shown in the input, formatted as typed. */
  text: string;
  /** The country used for national numbers. */
  country: PhoneCountry;
  setCountry: (country: PhoneCountry) => void;
  /** The text read as a phone number. */
  parsed: PhoneParseResult;
  /** Spread on the `<input>`: it is left uncontrolled so React never moves the caret or writes a value attribute. */
  inputProps: {
    ref: RefObject<HTMLInputElement | null>;
    onChange: (event: ChangeEvent<HTMLInputElement>) => void;
    type: 'tel';
    autoComplete: 'tel';
    inputMode: 'tel';
  };
}

/**
 * The state of a phone number field: formats as the shopper types or pastes, keeps the caret after
 * the same digit, and reports E.164. The text lives here, so a failed payment never clears it.
 */
export function usePhoneField(options: UsePhoneFieldOptions = {}): UsePhoneFieldResult {
  const [country, setCountryState] = useState<PhoneCountry>(options.defaultCountry ?? 'SE');
  const [text, setText] = useState(() =>
    formatPhoneNumber(options.value ?? options.defaultValue ?? '', country),
  );
  const latest = useLatest(options);
  // The value is E.164 and the text what the shopper sees: a parent's own change of `value`
  // (clearing it included) replaces the text; the echo of what the field emitted does not.
  const [, setValue] = useControllableState({
    prop: options.value,
    defaultProp: '',
    onExternalChange: (value) => setText(formatPhoneNumber(value, country)),
    caller: 'PhoneInput',
  });
  const inputRef = useRef<HTMLInputElement | null>(null);

  // The value is written through the DOM property only: a `value` attribute would expose the
  // number to CSS attribute selectors and to anything that serialises the markup.
  useIsomorphicLayoutEffect(() => {
    const input = inputRef.current;
    if (input && input.value !== text) input.value = text;
  }, [text]);

  const update = useCallback(
    (nextText: string, nextCountry: PhoneCountry) => {
      const result = parsePhoneNumber(nextText, nextCountry);
      const e164 = result.ok ? result.e164 : '';
      setText(nextText);
      setValue(e164);
      latest.current.onValueChange?.(
        e164,
        result.ok
          ? { valid: true, country: result.country }
          : { valid: false, problem: result.problem, country: nextCountry },
      );
    },
    [latest, setValue],
  );

  const onChange = useCallback(
    (event: ChangeEvent<HTMLInputElement>) => {
      const input = event.currentTarget;
      const raw = input.value;
      const next = formatPhoneNumber(raw, country);
      if (next !== raw) {
        // Keep the caret after the same number of digits it followed before formatting.
        const caret = caretAfterPhoneCharacters(
          next,
          countPhoneCharacters(raw, input.selectionStart ?? raw.length),
        );
        input.value = next;
        input.setSelectionRange(caret, caret);
      }
      update(next, country);
    },
    [country, update],
  );

  const setCountry = useCallback(
    (next: PhoneCountry) => {
      setCountryState(next);
      update(formatPhoneNumber(text, next), next);
    },
    [text, update],
  );

  return {
    text,
    country,
    setCountry,
    parsed: parsePhoneNumber(text, country),
    inputProps: { ref: inputRef, onChange, type: 'tel', autoComplete: 'tel', inputMode: 'tel' },
  };
}
