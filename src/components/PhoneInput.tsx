import {
  forwardRef,
  useEffect,
  useId,
  type ChangeEvent,
  type ComponentPropsWithoutRef,
  type ReactNode,
  type Ref,
} from 'react';
import type { PhoneCountry } from '../core';
import {
  PHONE_COUNTRIES,
  PHONE_COUNTRY_LIST,
  usePhoneField,
  type PhoneValueDetails,
} from '../react/usePhoneField';
import { useMergedRefs } from '../react/internal';
import { useOptionalPaySession } from '../react/PaySessionProvider';
import { cx, useComponentBase, type StyleProps } from '../react/ui';
import type { UsePaySessionResult } from '../react/usePaySession';

type InputProps = Omit<
  ComponentPropsWithoutRef<'input'>,
  'value' | 'defaultValue' | 'type' | 'autoComplete' | 'inputMode' | 'children'
>;

export interface PhoneInputProps extends InputProps, StyleProps {
  /** The session whose status is shown as `data-status`; defaults to the provider's (optional here). */
  session?: UsePaySessionResult;
  /** The number in E.164 (controlled). The shown text only changes when this differs from what was emitted. */
  value?: string;
  /** The initial number (uncontrolled), in E.164 or as a shopper would write it. */
  defaultValue?: string;
  /** Country of numbers typed without a calling code: `SE` (default), `NO`, `DK` or `FI`. */
  defaultCountry?: PhoneCountry;
  /** Called on every edit with the number in E.164 (`''` while incomplete or invalid). */
  onValueChange?: (e164: string, details: PhoneValueDetails) => void;
  /** Visible label; defaults to the catalogue's "Mobile number". */
  label?: ReactNode;
  /** Help text under the input; defaults to the catalogue's, `null` hides it. */
  hint?: ReactNode;
  /**
   * An error to show: a message of your own, or `true` for the catalogue's message about what is
   * wrong with the current text. Marks the input `aria-invalid` and describes it by the message.
   */
  error?: ReactNode | boolean;
  /** Show the country selector used for national numbers (default `true`). */
  showCountry?: boolean;
  /** Classes for the root element, after the library's own. */
  className?: string;
  /** A ref to the `<input>` itself (the component's own ref reaches its root `<div>`), e.g. for a form library. */
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * A phone number field for Swish, Vipps and MobilePay: formats as the shopper types, accepts
 * national and international forms, and reports E.164. Other props go to the `<input>`; the root
 * `<div>` takes `className` and the ref, and shows `data-status` and `data-invalid`.
 */
export const PhoneInput = forwardRef<HTMLDivElement, PhoneInputProps>(function PhoneInput(props, ref) {
  const {
    session: explicitSession,
    value,
    defaultValue,
    defaultCountry,
    onValueChange,
    label,
    hint,
    error,
    showCountry = true,
    className,
    theme,
    unstyled,
    id,
    inputRef: consumerInputRef,
    onChange,
    'aria-describedby': describedBy,
    ...inputRest
  } = props;
  const session = useOptionalPaySession(explicitSession);
  const { t, fields, part, rootRef, rootClass } = useComponentBase<HTMLDivElement>({
    className,
    theme,
    unstyled,
  });
  const field = usePhoneField({ value, defaultValue, defaultCountry, onValueChange });
  const autoId = useId();
  const inputId = id ?? `${autoId}-input`;
  const hintId = `${autoId}-hint`;
  const errorId = `${autoId}-error`;

  const { ref: inputRef } = field.inputProps;
  const rootRefs = useMergedRefs(rootRef, ref);
  const inputRefs = useMergedRefs(inputRef, consumerInputRef);
  // Lets PaymentError move focus here when Dintero names `phone_number`.
  useEffect(() => {
    const input = inputRef.current;
    return input && fields ? fields.register('phone_number', input) : undefined;
  }, [fields, inputRef]);

  const hintText = hint === undefined ? t('phone.hint') : hint;
  const errorText =
    error === true
      ? t(field.parsed.ok ? 'phone.invalid' : `phone.${field.parsed.problem}`)
      : error === false
        ? null
        : error;
  const serverBlamesPhone = session?.error?.field === 'phone_number';
  const invalid = Boolean(errorText) || serverBlamesPhone;

  return (
    <div
      ref={rootRefs}
      className={rootClass('rdp-field')}
      data-status={session?.status}
      data-invalid={invalid ? '' : undefined}
    >
      <label htmlFor={inputId} className={part('rdp-label')} data-slot="label">
        {label ?? t('phone.label')}
      </label>
      <div className={part('rdp-row')} data-slot="control">
        {showCountry && (
          <select
            className={part('rdp-select')}
            data-slot="country"
            aria-label={t('phone.country')}
            value={field.country}
            disabled={inputRest.disabled}
            onChange={(event) => field.setCountry(event.currentTarget.value as PhoneCountry)}
          >
            {PHONE_COUNTRY_LIST.map((country) => (
              <option key={country} value={country}>
                {`${t(`country.${country}`)} (+${PHONE_COUNTRIES[country].callingCode})`}
              </option>
            ))}
          </select>
        )}
        <input
          {...inputRest}
          {...field.inputProps}
          ref={inputRefs}
          id={inputId}
          className={part('rdp-input')}
          data-slot="input"
          aria-invalid={invalid || undefined}
          aria-describedby={cx(describedBy, hintText ? hintId : undefined, errorText ? errorId : undefined)}
          onChange={(event: ChangeEvent<HTMLInputElement>) => {
            onChange?.(event);
            if (!event.defaultPrevented) field.inputProps.onChange(event);
          }}
        />
      </div>
      {hintText ? (
        <p id={hintId} className={part('rdp-hint')} data-slot="hint">
          {hintText}
        </p>
      ) : null}
      {errorText ? (
        <p id={errorId} className={part('rdp-field-error')} data-slot="error">
          {errorText}
        </p>
      ) : null}
    </div>
  );
});
