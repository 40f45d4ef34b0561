import {
  useEffect,
  useRef,
  type ComponentPropsWithoutRef,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import type { PayInput } from '../core';
import { useIsomorphicLayoutEffect } from '../react/internal';
import { usePaySessionContext } from '../react/PaySessionProvider';
import { focusIsLost, useComponentBase, type StyleProps } from '../react/ui';
import type { UsePaySessionResult } from '../react/usePaySession';

export interface PayButtonProps extends Omit<ComponentPropsWithoutRef<'button'>, 'type'>, StyleProps {
  /** The session to pay; defaults to the provider's. */
  session?: UsePaySessionResult;
  /** What to send with the pay call, e.g. `{ phone_number }`. */
  body?: PayInput;
  /** Builds the body at click time; return `undefined` to not pay (e.g. the phone number is invalid). Wins over `body`. */
  getBody?: () => PayInput | undefined;
  /** Amount in minor units (øre, öre, cent), shown as "Pay 249,00 kr" with `currency`. */
  amount?: number;
  /** ISO 4217 code of `amount`, e.g. `SEK`. */
  currency?: string;
  /** Replaces the label ("Pay" or "Pay {amount}"). */
  children?: ReactNode;
  /** Classes after the library's own. */
  className?: string;
}

function formatAmount(amount: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

/**
 * Starts the payment. A plain `type="button"`, so it never submits a surrounding form. While the
 * session is busy it stays focusable (`aria-disabled`, not `disabled`), shows a spinner, announces
 * the progress politely, and ignores clicks, Enter and Space.
 */
export function PayButton(props: PayButtonProps) {
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
    onKeyDown,
    onKeyUp,
    ...rest
  } = props;
  const session = usePaySessionContext(explicitSession);
  const { t, locale, part, rootRef, rootClass } = useComponentBase<HTMLButtonElement>({
    className,
    theme,
    unstyled,
  });

  // Between a click and the render that shows the session busy, further clicks (a loop of
  // `el.click()`, a held key) must not reach `pay`. Any commit means the session state is current.
  const clicked = useRef(false);
  useIsomorphicLayoutEffect(() => {
    clicked.current = false;
  });

  // Back to idle (cancel, start again) after the view that held focus went away: the shopper's next
  // step is this button, so it takes focus rather than leaving it on the page body.
  const previousStatus = useRef(session.status);
  useEffect(() => {
    const was = previousStatus.current;
    previousStatus.current = session.status;
    if (was !== session.status && session.status === 'idle' && focusIsLost()) rootRef.current?.focus();
  }, [session.status, rootRef]);

  const busy = session.isBusy;
  const ariaDisabled = rest['aria-disabled'];
  const blocked = busy || ariaDisabled === true || ariaDisabled === 'true';
  // Busy means submitting, awaiting_approval or redirecting: each has a status message.
  const busyStatus = session.status as 'submitting' | 'awaiting_approval' | 'redirecting';
  const label =
    children ??
    (amount !== undefined && currency
      ? t('pay.amount', { amount: formatAmount(amount, currency, locale) })
      : t('pay'));

  const blockKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    // Enter activates on keydown and Space on keyup: both are stopped while busy.
    if ((blocked || clicked.current) && (event.key === 'Enter' || event.key === ' ')) event.preventDefault();
  };

  return (
    <>
      <button
        {...rest}
        ref={rootRef}
        type="button"
        className={rootClass('rdp-button')}
        data-status={session.status}
        data-pending={busy ? '' : undefined}
        aria-disabled={busy || ariaDisabled || undefined}
        onClick={(event: MouseEvent<HTMLButtonElement>) => {
          onClick?.(event);
          if (event.defaultPrevented) return;
          if (blocked || clicked.current) {
            event.preventDefault();
            return;
          }
          const input = getBody ? getBody() : body;
          if (getBody && input === undefined) return;
          clicked.current = true;
          session.pay(input);
        }}
        onKeyDown={(event) => {
          onKeyDown?.(event);
          blockKey(event);
        }}
        onKeyUp={(event) => {
          onKeyUp?.(event);
          blockKey(event);
        }}
      >
        {busy && <span className={part('rdp-spinner')} data-slot="spinner" aria-hidden="true" />}
        <span data-slot="label">{label}</span>
      </button>
      <span role="status" className="rdp-visually-hidden" data-slot="pay-status">
        {busy ? t(session.isResuming ? 'status.resuming' : `status.${busyStatus}`) : ''}
      </span>
    </>
  );
}
