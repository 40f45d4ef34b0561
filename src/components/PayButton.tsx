import {
  forwardRef,
  useEffect,
  useId,
  useRef,
  useState,
  type ComponentPropsWithoutRef,
  type MouseEvent,
  type ReactNode,
} from 'react';
import type { PayInput } from '../core';
import { useIsomorphicLayoutEffect, useMergedRefs } from '../react/internal';
import { usePaySessionContext } from '../react/PaySessionProvider';
import { useThemeVariables } from '../react/theme';
import { formatAmount, useComponentBase, useErrorDismissed, type StyleProps } from '../react/ui';
import type { UsePaySessionResult } from '../react/usePaySession';

/** What to send with the pay call: a fixed `body`, or `getBody` to build it at click time, not both. */
export type PayButtonBodyProps =
  | {
      /** What to send with the pay call, e.g. `{ phone_number }`. */
      body?: PayInput;
      getBody?: never;
    }
  | {
      body?: never;
      /** Builds the body at click time; return `undefined` to not pay (e.g. the phone number is invalid). */
      getBody?: () => PayInput | undefined;
    };

export type PayButtonProps = Omit<ComponentPropsWithoutRef<'button'>, 'type'> &
  StyleProps &
  PayButtonBodyProps & {
    /** The session to pay; defaults to the provider's. */
    session?: UsePaySessionResult;
    /** Amount in minor units (øre, öre, cent), shown as "Pay 249,00 kr" with `currency`. */
    amount?: number;
    /** ISO 4217 code of `amount`, e.g. `SEK`. */
    currency?: string;
    /** Replaces the label ("Pay" or "Pay {amount}"). */
    children?: ReactNode;
    /** Classes after the library's own. */
    className?: string;
  };

/** `PayInput`, or this: the press must not pay (the body was refused). */
const STOP = Symbol('stop');

/**
 * Starts the payment. A plain `type="button"`, so it never submits a surrounding form. While the
 * session is busy it stays focusable (`aria-disabled`, not `disabled`), shows a spinner and
 * announces the progress politely. Whether a click starts an attempt is decided by the session
 * alone, so clicks, Enter and Space while busy send nothing. The ref reaches the `<button>`.
 *
 * Without `body` or `getBody` it sends the number of the `PhoneInput` under the same provider: an
 * empty or invalid number sends nothing, and the field says why and takes focus. While an error is
 * shown it takes the secondary look (the error's own action comes first). While an earlier request
 * may still be approved in the app, a press asks first ("Pay again?" or "Keep waiting").
 */
export const PayButton = /* @__PURE__ */ forwardRef<HTMLButtonElement, PayButtonProps>(
  function PayButton(props, ref) {
    const {
      session: explicitSession,
      body,
      getBody,
      amount,
      currency,
      children,
      className,
      theme,
      unstyled,
      onClick,
      ...rest
    } = props;
    const session = usePaySessionContext(explicitSession);
    const { t, locale, part, controller, rootRef, rootClass } = useComponentBase<HTMLButtonElement>(
      { className, theme, unstyled },
      session.app,
    );
    const mergedRef = useMergedRefs(rootRef, ref);
    // Registered once per mount: one tree shape keeps the same element for the button's whole life.
    useIsomorphicLayoutEffect(
      () => (rootRef.current ? controller.register('pay-button', rootRef.current) : undefined),
      [controller, rootRef],
    );

    // Back to idle (cancel, start again) after the view that held focus went away: the shopper's next
    // step is this button, so it takes focus rather than leaving it on the page body.
    const previousStatus = useRef(session.status);
    useEffect(() => {
      const was = previousStatus.current;
      previousStatus.current = session.status;
      if (was !== session.status && session.status === 'idle') controller.focusIfLost(rootRef.current);
    }, [session.status, rootRef, controller]);

    const busy = session.isBusy;
    const statusMessage = !busy
      ? ''
      : t(
          session.isResuming
            ? 'status.resuming'
            : `status.${session.status as 'submitting' | 'awaiting_approval' | 'redirecting'}`,
        );
    useIsomorphicLayoutEffect(() => controller.mountVoice(), [controller]);
    useEffect(() => controller.say('status', statusMessage), [statusMessage, controller]);

    // An error on the page has its own way forward ("Try again", "Choose another payment method"),
    // so this button steps back until the error is gone or its field was changed.
    const error = session.error;
    const dismissed = useErrorDismissed(controller, error);
    const errorShown = Boolean(error) && !dismissed;

    // The pay-again question, open while an earlier request may still be approved in the app.
    const [asking, setAsking] = useState(false);
    const mayBeLive = session.requestMayBeLive;
    const questionId = useId();
    const questionRef = useThemeVariables<HTMLDivElement>(theme);
    const questionTextRef = useRef<HTMLParagraphElement>(null);
    const wasAsking = useRef(false);
    useEffect(() => {
      if (asking) questionTextRef.current?.focus();
      // The question went away with the control that had focus: back to this button (unless the
      // phone field took it to say what is wrong).
      else if (wasAsking.current) controller.focusIfLost(rootRef.current);
      wasAsking.current = asking;
    }, [asking, rootRef, controller]);

    const ariaDisabled = rest['aria-disabled'];
    const label =
      children ??
      (amount !== undefined && currency
        ? t('pay.amount', { amount: formatAmount(amount, currency, locale) })
        : t('pay'));

    /** The body to send, or STOP when the page's `getBody` or the phone field refused. */
    const resolveBody = (): PayInput | undefined | typeof STOP => {
      if (getBody) return getBody() ?? STOP;
      if (body) return body;
      const phone = controller.control('phone_number');
      if (!phone) return undefined;
      const phoneNumber = phone.valueOrReject();
      return phoneNumber === undefined ? STOP : phoneNumber ? { phone_number: phoneNumber } : {};
    };

    const button = (
      <button
        {...rest}
        ref={mergedRef}
        type="button"
        className={rootClass(errorShown ? 'rdp-button rdp-secondary' : 'rdp-button')}
        data-status={session.status}
        data-pending={busy ? '' : undefined}
        data-error-shown={errorShown ? '' : undefined}
        aria-disabled={busy || ariaDisabled || undefined}
        hidden={asking || rest.hidden}
        onClick={(event: MouseEvent<HTMLButtonElement>) => {
          onClick?.(event);
          // The page's own `aria-disabled` is its decision; everything else is the session's.
          if (event.defaultPrevented || ariaDisabled === true || ariaDisabled === 'true') return;
          // Busy (the session's own answer): nothing is sent, and nothing about the form needs saying.
          if (busy) return;
          const input = resolveBody();
          if (input === STOP) return;
          if (mayBeLive) return setAsking(true);
          session.pay(input);
        }}
      >
        {busy && <span className={part('rdp-spinner')} data-slot="spinner" aria-hidden="true" />}
        <span data-slot="label">{label}</span>
      </button>
    );
    // One tree shape whether asking or not, so the button is never remounted (it keeps its focus,
    // its theme and its place among the page's Pay buttons).
    return (
      <>
        {asking ? (
          <div
            ref={questionRef}
            role="group"
            aria-labelledby={questionId}
            className={rootClass('rdp-question')}
            data-slot="pay-again"
          >
            <p id={questionId} ref={questionTextRef} tabIndex={-1} data-slot="message">
              {t('pay_again.warning')}
            </p>
            <div className={part('rdp-actions')} data-slot="actions">
              <button
                type="button"
                className={part('rdp-button')}
                data-slot="pay-again-confirm"
                onClick={() => {
                  // One press, at most one pay call: the body is read again, the session decides.
                  const input = resolveBody();
                  if (input === STOP) return setAsking(false);
                  setAsking(false);
                  session.pay(input);
                }}
              >
                {t('pay_again.confirm')}
              </button>
              <button
                type="button"
                className={part('rdp-button rdp-secondary')}
                data-slot="keep-waiting"
                onClick={() => setAsking(false)}
              >
                {t('pay_again.keep_waiting')}
              </button>
            </div>
          </div>
        ) : null}
        {button}
      </>
    );
  },
);
