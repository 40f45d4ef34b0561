import { forwardRef, useEffect, useState, type ComponentPropsWithoutRef } from 'react';
import type { PayError } from '../core';
import { useMergedRefs } from '../react/internal';
import { errorMessageKey } from '../react/useMessages';
import { useOptionalPaySession } from '../react/PaySessionProvider';
import { focusIsLost, useComponentBase, type StyleProps } from '../react/ui';
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

/**
 * Explains why the payment stopped, in the shopper's language and never with server text, and
 * offers the way forward: try again (after any `Retry-After` wait) or choose another method.
 * When Dintero names a field (`phone_number`), focus moves to that field's `PhoneInput` (under the
 * same `PaySessionProvider`). Renders nothing without an error.
 */
export const PaymentError = forwardRef<HTMLDivElement, PaymentErrorProps>(function PaymentError(props, ref) {
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
  const { t, part, fields, rootRef, rootClass } = useComponentBase<HTMLDivElement>({
    className,
    theme,
    unstyled,
  });
  const mergedRef = useMergedRefs(rootRef, ref);
  const error = explicitError ?? session?.error;

  // The error the Retry-After wait is over for; a new error starts its own wait.
  const [waitedFor, setWaitedFor] = useState<PayError | null>(null);
  const waiting = Boolean(error?.retryAfterMs) && waitedFor !== error;
  useEffect(() => {
    if (!error?.retryAfterMs) return;
    const timer = setTimeout(() => setWaitedFor(error), error.retryAfterMs);
    return () => clearTimeout(timer);
  }, [error]);

  // Focus goes to the field Dintero named; otherwise to this alert, but only when focus was lost
  // (the approval view it replaces held it), never taken away from where the shopper is.
  useEffect(() => {
    if (!error) return;
    const field = error.field ? fields?.get(error.field) : undefined;
    if (field) field.focus();
    else if (focusIsLost()) rootRef.current?.focus();
  }, [error, fields, rootRef]);

  if (!error) return null;
  const retry = onRetry ?? session?.retry;
  const showRetry = error.retryable && retry;
  const showChoose = onChooseAnotherMethod && (!error.retryable || error.kind === 'rejected');

  return (
    <div
      {...rest}
      ref={mergedRef}
      role="alert"
      tabIndex={-1}
      className={rootClass('rdp-alert')}
      data-status={session?.status}
      data-kind={error.kind}
    >
      <p data-slot="message">{t(errorMessageKey(error))}</p>
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
              className={part('rdp-button rdp-secondary')}
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
});
