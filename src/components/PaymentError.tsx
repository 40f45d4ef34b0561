import { forwardRef, useEffect, useState, type ComponentPropsWithoutRef } from 'react';
import { blamedField, type PayError } from '../core';
import { useMergedRefs } from '../react/internal';
import { errorMessageKey } from '../react/useMessages';
import { useOptionalPaySession, useShopperActed } from '../react/PaySessionProvider';
import { focusIsFree, useComponentBase, useErrorDismissed, type StyleProps } from '../react/ui';
import type { UsePaySessionResult } from '../react/usePaySession';

export interface PaymentErrorProps
  extends Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'role'>, StyleProps {
  /** The session whose error to show; defaults to the provider's. */
  session?: UsePaySessionResult;
  /** An error to show instead of the session's. */
  error?: PayError;
  /** "Try again" for retryable errors; defaults to `session.retry()`: a new attempt with the same input, one click. */
  onRetry?: () => void;
  /** Shows "Choose another payment method" for errors a retry cannot fix (and declines), and handles it. */
  onChooseAnotherMethod?: () => void;
  /** Classes after the library's own. */
  className?: string;
}

/** Where focus goes when an error appears: the field to fix, this message, or nowhere. */
type FocusTarget = 'field' | 'self' | null;

/**
 * Explains why the payment stopped, in the shopper's language and never with server text, and
 * offers the way forward: try again (after any `Retry-After` wait) or choose another method.
 * When Dintero names a field (`phone_number`), focus moves to that field's `PhoneInput` (under the
 * same `PaySessionProvider`), the field is described by this message, and the message goes away
 * once the shopper changes the field. After a permanent refusal focus comes here instead. The
 * message is an assertive alert only when focus stays where it is: a focused message is read
 * anyway, and an alert would be read twice. Renders nothing without an error.
 */
export const PaymentError = /* @__PURE__ */ forwardRef<HTMLDivElement, PaymentErrorProps>(
  function PaymentError(props, ref) {
    const {
      session: explicitSession,
      error: explicitError,
      onRetry,
      onChooseAnotherMethod,
      className,
      theme,
      unstyled,
      ...rest
    } = props;
    const session = useOptionalPaySession(explicitSession);
    const { t, part, fields, acted, rootRef, rootClass } = useComponentBase<HTMLDivElement>({
      className,
      theme,
      unstyled,
    });
    const mergedRef = useMergedRefs(rootRef, ref);
    const error = explicitError ?? session?.error;
    const dismissed = useErrorDismissed(fields, error);
    // Only after the shopper did something: an error shown on page load leaves focus alone.
    const shopperActed = useShopperActed(session, acted);

    // The error the Retry-After wait is over for; a new error starts its own wait.
    const [waitedFor, setWaitedFor] = useState<PayError | null>(null);
    const waiting = Boolean(error?.retryAfterMs) && waitedFor !== error;
    useEffect(() => {
      if (!error?.retryAfterMs) return;
      const timer = setTimeout(() => setWaitedFor(error), error.retryAfterMs);
      return () => clearTimeout(timer);
    }, [error]);

    // Decided once per error, in the render that shows it, because the role depends on it: the field
    // to fix; else this message when focus is free (the view that held it went away, or it rests on
    // the Pay button just pressed); never taken from where the shopper is.
    const field = blamedField(error);
    const [focus, setFocus] = useState<{ error: PayError | undefined; target: FocusTarget }>({
      error: undefined,
      target: null,
    });
    if (focus.error !== error) {
      const target: FocusTarget =
        !error || !shopperActed
          ? null
          : field && fields?.get(field)
            ? 'field'
            : focusIsFree()
              ? 'self'
              : null;
      setFocus({ error, target });
    }
    useEffect(() => {
      if (!error || focus.error !== error) return;
      if (focus.target === 'field' && field) fields?.get(field)?.focus();
      else if (focus.target === 'self') rootRef.current?.focus();
    }, [error, focus, field, fields, rootRef]);

    if (!error || dismissed) return null;
    const retry = onRetry ?? session?.retry;
    const showRetry = error.retryable && retry;
    const showChoose = onChooseAnotherMethod && (!error.retryable || error.kind === 'rejected');
    const messageId = field && fields ? fields.errorId(field) : undefined;

    return (
      <div
        {...rest}
        ref={mergedRef}
        role={focus.target ? undefined : 'alert'}
        tabIndex={-1}
        className={rootClass('rdp-alert')}
        data-status={session?.status}
        data-kind={error.kind}
      >
        <p id={messageId} data-slot="message">
          {t(errorMessageKey(error))}
        </p>
        {waiting && showRetry ? <p data-slot="retry-wait">{t('error.retry_wait')}</p> : null}
        {showRetry || showChoose ? (
          <div className={part('rdp-actions')} data-slot="actions">
            {showRetry ? (
              <button
                type="button"
                className={part('rdp-button')}
                data-slot="retry"
                aria-disabled={waiting || undefined}
                onClick={() => {
                  if (!waiting) retry();
                }}
              >
                {t('error.retry')}
              </button>
            ) : null}
            {showChoose ? (
              <button
                type="button"
                // The way forward when nothing can be retried: then it is the primary action.
                className={part(showRetry ? 'rdp-button rdp-secondary' : 'rdp-button')}
                data-slot="choose-another"
                onClick={onChooseAnotherMethod}
              >
                {t('error.choose_another_method')}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    );
  },
);
