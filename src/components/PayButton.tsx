import {
  forwardRef,
  useEffect,
  useRef,
  type ComponentPropsWithoutRef,
  type MouseEvent,
  type ReactNode,
} from 'react';
import type { PayInput } from '../core';
import { announce, mountAnnouncer } from '../react/announcer';
import { useMergedRefs } from '../react/internal';
import { usePaySessionContext } from '../react/PaySessionProvider';
import { focusIsLost, useComponentBase, type StyleProps } from '../react/ui';
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

function formatAmount(amount: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

/**
 * Starts the payment. A plain `type="button"`, so it never submits a surrounding form. While the
 * session is busy it stays focusable (`aria-disabled`, not `disabled`), shows a spinner and
 * announces the progress politely. Whether a click starts an attempt is decided by the session
 * alone, so clicks, Enter and Space while busy send nothing. The ref reaches the `<button>`.
 */
export const PayButton = forwardRef<HTMLButtonElement, PayButtonProps>(function PayButton(props, ref) {
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
  const { t, locale, part, rootRef, rootClass } = useComponentBase<HTMLButtonElement>({
    className,
    theme,
    unstyled,
  });
  const mergedRef = useMergedRefs(rootRef, ref);

  // Back to idle (cancel, start again) after the view that held focus went away: the shopper's next
  // step is this button, so it takes focus rather than leaving it on the page body.
  const previousStatus = useRef(session.status);
  useEffect(() => {
    const was = previousStatus.current;
    previousStatus.current = session.status;
    if (was !== session.status && session.status === 'idle' && focusIsLost()) rootRef.current?.focus();
  }, [session.status, rootRef]);

  const busy = session.isBusy;
  const statusMessage = !busy
    ? ''
    : t(
        session.isResuming
          ? 'status.resuming'
          : `status.${session.status as 'submitting' | 'awaiting_approval' | 'redirecting'}`,
      );
  useEffect(mountAnnouncer, []);
  useEffect(() => announce(statusMessage), [statusMessage]);

  const ariaDisabled = rest['aria-disabled'];
  const label =
    children ??
    (amount !== undefined && currency
      ? t('pay.amount', { amount: formatAmount(amount, currency, locale) })
      : t('pay'));

  return (
    <button
      {...rest}
      ref={mergedRef}
      type="button"
      className={rootClass('rdp-button')}
      data-status={session.status}
      data-pending={busy ? '' : undefined}
      aria-disabled={busy || ariaDisabled || undefined}
      onClick={(event: MouseEvent<HTMLButtonElement>) => {
        onClick?.(event);
        // The page's own `aria-disabled` is its decision; everything else is the session's.
        if (event.defaultPrevented || ariaDisabled === true || ariaDisabled === 'true') return;
        const input = getBody ? getBody() : body;
        if (getBody && input === undefined) return;
        session.pay(input);
      }}
    >
      {busy && <span className={part('rdp-spinner')} data-slot="spinner" aria-hidden="true" />}
      <span data-slot="label">{label}</span>
    </button>
  );
});
