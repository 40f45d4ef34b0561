import { forwardRef, useId, useRef, useState, type ComponentPropsWithoutRef } from 'react';
import { blamedField, type PayError } from '../core';
import { useIsomorphicLayoutEffect, useMergedRefs } from '../react/internal';
import type { ErrorFocus } from '../react/page-controller';
import { errorMessageKey } from '../react/useMessages';
import { useOptionalPaySession } from '../react/PaySessionProvider';
import { useComponentBase, useErrorDismissed, type StyleProps } from '../react/ui';
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
    const { t, part, controller, rootRef, rootClass } = useComponentBase<HTMLDivElement>(
      { className, theme, unstyled },
      session?.app,
    );
    const mergedRef = useMergedRefs(rootRef, ref);
    const error = explicitError ?? session?.error;
    const dismissed = useErrorDismissed(controller, error);
    const field = blamedField(error);
    const messageId = useId();
    const messageRef = useRef<HTMLParagraphElement>(null);

    // Where focus goes is the page controller's decision, made once per error before it is painted
    // (the role depends on it): the field to fix, this message, or nowhere. It reads the page's focus
    // in this effect, never while rendering.
    const [focus, setFocus] = useState<{ error?: PayError; target: ErrorFocus }>({ target: null });
    useIsomorphicLayoutEffect(() => {
      if (!error || dismissed || focus.error === error) return;
      const target = controller.focusForError(session?.shopperActed === true, field);
      if (target === 'self') rootRef.current?.focus();
      setFocus({ error, target });
    }, [error, dismissed, focus.error, controller, session?.shopperActed, field, rootRef]);
    // The message a field's error names is linked from that field while it is shown.
    useIsomorphicLayoutEffect(() => {
      const message = messageRef.current;
      return field && message ? controller.registerFieldError(field, message) : undefined;
    }, [field, dismissed, controller, error]);

    if (!error || dismissed) return null;
    const retry = onRetry ?? session?.retry;
    const showRetry = error.retryable && retry;
    const showChoose = onChooseAnotherMethod && (!error.retryable || error.kind === 'rejected');
    // The session says when "Try again" may start (after any `Retry-After` wait); an error given
    // by the page on its own has no wait the library knows of.
    const waiting = error === session?.error && !session.canRetry;

    return (
      <div
        {...rest}
        ref={mergedRef}
        role={focus.error === error && focus.target ? undefined : 'alert'}
        tabIndex={-1}
        className={rootClass('rdp-alert')}
        data-status={session?.status}
        data-kind={error.kind}
      >
        <p id={messageId} ref={messageRef} data-slot="message">
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
