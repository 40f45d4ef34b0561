import {
  forwardRef,
  useEffect,
  useId,
  useState,
  type ChangeEvent,
  type CSSProperties,
  type FocusEvent,
  type ComponentPropsWithoutRef,
  type ReactNode,
} from 'react';
import { appAllowsEmptyPhoneField, appCountry } from '../core/app';
import { blamedField, type PhoneCountry } from '../core';
import {
  PHONE_COUNTRIES,
  PHONE_COUNTRY_LIST,
  usePhoneField,
  type PhoneValueDetails,
} from '../react/usePhoneField';
import { useIsomorphicLayoutEffect, useLatest, useMergedRefs } from '../react/internal';
import type { FieldControl } from '../react/page-controller';
import { useOptionalPaySession } from '../react/PaySessionProvider';
import { cx, useComponentBase, useControllerValue, useErrorDismissed, type StyleProps } from '../react/ui';
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
  /**
   * Country of numbers typed without a calling code: `SE`, `NO`, `DK` or `FI`. Defaults to the
   * session's app: Swish → SE, Vipps → NO, MobilePay → DK (FI on a Finnish page); else SE.
   */
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
   * Left out, the field shows what is wrong itself: when the shopper leaves a field that cannot be a
   * number, and when a `PayButton` of the same provider is pressed with no valid number.
   */
  error?: ReactNode | boolean;
  /** Show the country selector used for national numbers (default `true`). */
  showCountry?: boolean;
  /** Classes for the root element (the wrapper `<div>`), after the library's own. */
  className?: string;
  /** Inline style of the root element (the wrapper `<div>`); `style` itself goes to the `<input>`. */
  rootStyle?: CSSProperties;
}

/**
 * A phone number field for Swish, Vipps and MobilePay: formats as the shopper types, accepts
 * national and international forms, and reports E.164. The ref and other props (`name`, `onBlur`,
 * `style`, `aria-*`…) go to the `<input>`, as a form library needs; the root `<div>` takes
 * `className` and `rootStyle`, and shows `data-status` and `data-invalid`. Under a
 * `PaySessionProvider` it gives the `PayButton` its `phone_number` (no `getBody` needed), and an
 * error Dintero raised about the number goes away as soon as the shopper changes it.
 */
export const PhoneInput = /* @__PURE__ */ forwardRef<HTMLInputElement, PhoneInputProps>(
  function PhoneInput(props, ref) {
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
      rootStyle,
      theme,
      unstyled,
      id,
      onChange,
      onBlur,
      'aria-describedby': describedBy,
      ...inputRest
    } = props;
    const session = useOptionalPaySession(explicitSession);
    const { t, locale, controller, part, rootRef, rootClass } = useComponentBase<HTMLDivElement>(
      { className, theme, unstyled },
      session?.app,
    );
    const field = usePhoneField({
      value,
      defaultValue,
      defaultCountry: defaultCountry ?? appCountry(session?.app ?? 'other', locale),
      onValueChange,
    });
    const autoId = useId();
    const inputId = id ?? `${autoId}-input`;
    const hintId = `${autoId}-hint`;
    const errorId = `${autoId}-error`;

    const { ref: inputRef } = field.inputProps;
    const inputRefs = useMergedRefs(inputRef, ref);

    // The field's own verdict on its text, shown after the shopper left the field or pressed Pay;
    // gone again with the next edit, and asked again on the next blur.
    const hintText = hint === undefined ? t('phone.hint') : hint;
    const [flagged, setFlagged] = useState(false);
    const problemText = t(field.parsed.ok ? 'phone.invalid' : `phone.${field.parsed.problem}`);
    const errorText =
      error === true
        ? problemText
        : error === false
          ? null
          : (error ?? (flagged && !field.parsed.ok ? problemText : null));

    // What the PayButton of this provider asks at the moment it is pressed.
    const latest = useLatest({ parsed: field.parsed, problemText, app: session?.app ?? 'other' });
    const [control] = useState<FieldControl>(() => ({
      valueOrReject() {
        const { parsed, problemText: message, app } = latest.current;
        if (parsed.ok) return parsed.e164;
        // Vipps may go without a number: the shopper then logs in at Vipps.
        if (parsed.problem === 'empty' && appAllowsEmptyPhoneField(app)) return '';
        setFlagged(true);
        inputRef.current?.focus();
        controller.say('field', message);
        return undefined;
      },
    }));
    // Lets PaymentError move focus here when Dintero names `phone_number`, and PayButton read the number.
    useEffect(() => {
      const input = inputRef.current;
      return input ? controller.registerField('phone_number', input, control) : undefined;
    }, [controller, inputRef, control]);
    useIsomorphicLayoutEffect(() => controller.mountVoice(), [controller]);

    // An error of the payment service about this number, until the shopper changes the number.
    const serverError = session?.error;
    const blamed = blamedField(serverError) === 'phone_number';
    const dismissed = useErrorDismissed(controller, serverError);
    const serverBlamesPhone = blamed && !dismissed;
    // Described by PaymentError's message while it is shown (an id that points nowhere is no help).
    const serverErrorId = useControllerValue(
      controller,
      () => controller.fieldErrorId('phone_number'),
      undefined,
    );
    const linkedServerError = serverBlamesPhone ? serverErrorId : undefined;
    const invalid = Boolean(errorText) || serverBlamesPhone;

    return (
      <div
        ref={rootRef}
        style={rootStyle}
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
            aria-describedby={cx(
              describedBy,
              hintText ? hintId : undefined,
              errorText ? errorId : linkedServerError,
            )}
            aria-errormessage={invalid ? (errorText ? errorId : linkedServerError) : undefined}
            onChange={(event: ChangeEvent<HTMLInputElement>) => {
              onChange?.(event);
              if (event.defaultPrevented) return;
              field.inputProps.onChange(event);
              setFlagged(false);
              if (serverError && blamed) controller.dismiss(serverError);
            }}
            onBlur={(event: FocusEvent<HTMLInputElement>) => {
              onBlur?.(event);
              // Stripe's and Adyen's fields do the same: say what is wrong once the shopper moves on.
              if (!event.defaultPrevented && field.text.trim() !== '' && !field.parsed.ok) setFlagged(true);
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
  },
);
