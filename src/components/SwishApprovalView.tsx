import {
  forwardRef,
  useEffect,
  useId,
  useRef,
  useState,
  useSyncExternalStore,
  type ComponentPropsWithoutRef,
} from 'react';
import type { Approval } from '../core';
import type { Locale } from '../i18n';
import { useIsomorphicLayoutEffect, useMergedRefs } from '../react/internal';
import type { PageController } from '../react/page-controller';
import { usePaySessionContext } from '../react/PaySessionProvider';
import { formatAmount, useComponentBase, type StyleProps } from '../react/ui';
import type { Translate } from '../react/useMessages';
import type { UsePaySessionResult } from '../react/usePaySession';

export interface SwishApprovalViewProps
  extends Omit<ComponentPropsWithoutRef<'section'>, 'children'>, StyleProps {
  /** The session to show; defaults to the provider's. */
  session?: UsePaySessionResult;
  /**
   * `mobile`: the "Open {app}" link first, the QR code behind "Pay on another device".
   * `desktop`: the QR code alone for Swish, which has no desktop app; an `https:` approval link (as
   * Vipps and MobilePay send) works on a desktop too and stays beside the QR code. `auto` (default)
   * picks mobile on a touch screen, detected after mount, so server-rendered markup is the desktop one.
   */
  layout?: 'auto' | 'mobile' | 'desktop';
  /** The amount in minor units, shown on the card with `currency` so the shopper sees what they approve. */
  amount?: number;
  /** ISO 4217 code of `amount`, e.g. `SEK`. */
  currency?: string;
  /** The shop's name as the payment app shows it, on the card. */
  merchantName?: string;
  /** Called by "Start again" after expiry or cancellation; defaults to `session.reset()`. */
  onRestart?: () => void;
  /** Level of the view's heading, to fit the page's outline (default 2: `<h2>`). */
  headingLevel?: 2 | 3 | 4 | 5 | 6;
  /** Classes after the library's own. */
  className?: string;
}

/** Whether the primary pointer is coarse (a touch screen); `false` until mounted. */
function useTouchScreen(layout: SwishApprovalViewProps['layout']): boolean {
  const [coarse, setCoarse] = useState(false);
  useIsomorphicLayoutEffect(() => {
    if (layout !== 'auto' || typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia('(pointer: coarse)');
    const update = () => setCoarse(query.matches);
    // Read once after mount, before paint; window is never touched during render (SSR, hydration).
    update();
    query.addEventListener?.('change', update);
    return () => query.removeEventListener?.('change', update);
  }, [layout]);
  return layout === 'auto' ? coarse : layout === 'mobile';
}

// The wall clock as an external store shared by every countdown on the page. The snapshot is the
// time of the last tick, so it stays the same between reads (reading the clock each time would
// not); it is read afresh when the first countdown subscribes.
let clockNow: number | undefined;
const clockListeners = new Set<() => void>();
let clockTimer: ReturnType<typeof setInterval> | undefined;

function subscribeToClock(notify: () => void) {
  clockListeners.add(notify);
  if (!clockTimer) {
    clockTimer = setInterval(() => {
      clockNow = Date.now();
      for (const listener of clockListeners) listener();
    }, 1000);
  }
  return () => {
    clockListeners.delete(notify);
    if (clockListeners.size > 0) return;
    clearInterval(clockTimer);
    clockTimer = undefined;
    clockNow = undefined;
  };
}

const readClock = () => (clockNow ??= Date.now());

/** Whole seconds until `expiresAt`, from the wall clock (right after a hidden tab wakes up); `null` on the server. */
function useSecondsLeft(expiresAt: number): number | null {
  const now = useSyncExternalStore(subscribeToClock, readClock, () => null);
  return now === null ? null : Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

/** The moment (in seconds left) whose announcement is current: every full minute, then 30 and 10 seconds. */
function checkpoint(seconds: number): number {
  if (seconds > 60) return Math.ceil(seconds / 60) * 60;
  return seconds > 30 ? 60 : seconds > 10 ? 30 : seconds > 0 ? 10 : 0;
}

/**
 * What the polite live region says: it changes only when a checkpoint is reached, so a screen
 * reader hears the time a few times instead of every second. Nothing is said for the checkpoint
 * before the view appeared.
 */
function useCountdownAnnouncement(seconds: number | null, locale: Locale, t: Translate): string {
  const [first, setFirst] = useState<number | null>(null);
  if (seconds !== null && first === null) setFirst(seconds);
  if (seconds === null || first === null) return '';
  const point = checkpoint(seconds);
  // Not the checkpoint the view appeared in (3:00 is on screen already): the region starts empty.
  if (point === 0 || point >= checkpoint(first)) return '';
  const minutes = point >= 60;
  const time = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: minutes ? 'minute' : 'second',
    unitDisplay: 'long',
  }).format(minutes ? point / 60 : point);
  return t('app.time_left_spoken', { time });
}

/** Says the countdown's checkpoints through the page's one voice. */
function useSpokenCountdown(
  seconds: number | null,
  locale: Locale,
  t: Translate,
  controller: PageController,
) {
  const announcement = useCountdownAnnouncement(seconds, locale, t);
  useEffect(() => {
    if (announcement) controller.say('view', announcement);
  }, [announcement, controller]);
}

function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A masked number kept on one line (`+46 ••• •• 67`), also without the stylesheet. */
function noWrap(text: string): string {
  return text.replace(/ /g, '\u00a0');
}

/** A message whose `{phone}` is set apart, so the masked number never breaks across lines. */
function withPhone(template: string, phone: string, part: AwaitingProps['part']) {
  const [before = '', after = ''] = template.split('{phone}');
  return (
    <>
      {before}
      <span className={part('rdp-nowrap')} data-slot="masked-phone">
        {noWrap(phone)}
      </span>
      {after}
    </>
  );
}

interface AwaitingProps {
  session: UsePaySessionResult & { status: 'awaiting_approval' };
  touch: boolean;
  t: Translate;
  locale: Locale;
  part: (own: string) => string | undefined;
  controller: PageController;
}

function Awaiting({ session, touch, t, locale, part, controller }: AwaitingProps) {
  const { approvalUrl: shownLink, qrCode: shownQr, phoneNumber, expiresAt }: Approval = session.approval;
  const [qrRevealed, setQrRevealed] = useState(false);
  const seconds = useSecondsLeft(expiresAt);
  useSpokenCountdown(seconds, locale, t, controller);
  // The shown lifetime is over: one silent last check decides. Nothing is left to approve with, and
  // the view says what is happening instead of a bare 0:00.
  const lastCheck = seconds === 0;
  const approvalUrl = lastCheck ? undefined : shownLink;
  const qrCode = lastCheck ? undefined : shownQr;
  const qrId = useId();
  const timerLabelId = useId();

  // Swish has no desktop app: on a desktop its link could do nothing, so the QR code stands alone.
  // An `https:` link (Vipps, MobilePay) works everywhere; with no QR code the link is all there is.
  const linkUsable = approvalUrl !== undefined && (touch || approvalUrl.startsWith('https:') || !qrCode);
  const link = linkUsable ? (
    <a
      href={approvalUrl}
      className={part(touch ? 'rdp-button' : 'rdp-button rdp-secondary')}
      data-slot="open-app"
    >
      {t('app.open')}
    </a>
  ) : null;
  // Only a QR code that passed the core's checks ever arrives here; without one there is none.
  const qrVisible = !touch || qrRevealed || !link;
  const qr = qrCode ? (
    <div id={qrId} className={part('rdp-qr')} data-slot="qr" hidden={!qrVisible}>
      <img src={qrCode} alt={t('app.qr_alt')} width={200} height={200} />
      <p>{t('app.scan')}</p>
    </div>
  ) : null;
  const reveal =
    touch && qr && link ? (
      <button
        type="button"
        className={part('rdp-button rdp-secondary')}
        data-slot="other-device"
        aria-expanded={qrRevealed}
        aria-controls={qrId}
        onClick={() => setQrRevealed((shown) => !shown)}
      >
        {t('app.other_device')}
      </button>
    ) : null;

  const statusText = t(
    lastCheck
      ? 'app.last_check'
      : session.isResuming
        ? 'status.resuming'
        : session.connectionProblem
          ? 'status.connection_problem'
          : 'status.awaiting_approval',
  );
  const instruction = lastCheck
    ? ''
    : phoneNumber
      ? t('app.on_phone', { phone: phoneNumber })
      : !link && !qr
        ? t('app.on_phone_no_number')
        : '';
  // Said through the page's one polite region, which is in the DOM before this text arrives; the
  // focus on the heading alone would not read what to do.
  const spoken = instruction ? `${statusText} ${instruction}` : statusText;
  useEffect(() => controller.say('view', spoken), [spoken, controller]);

  return (
    <>
      <p data-slot="status">{statusText}</p>
      {phoneNumber && !lastCheck ? (
        <p data-slot="phone">{withPhone(t('app.on_phone'), phoneNumber, part)}</p>
      ) : instruction ? (
        <p data-slot="phone">{instruction}</p>
      ) : null}
      {/* On a touch screen the link comes first and the QR code last; elsewhere the QR code first. */}
      {!touch && qr}
      {link}
      {reveal}
      {touch && qr}
      {lastCheck ? null : (
        <p className={part('rdp-countdown')} data-slot="countdown">
          <span id={timerLabelId}>{t('app.time_left')}</span>{' '}
          <span role="timer" aria-labelledby={timerLabelId} className={part('rdp-timer')}>
            {seconds === null ? '' : clock(seconds)}
          </span>
        </p>
      )}
      <button
        type="button"
        className={part('rdp-button rdp-secondary')}
        data-slot="cancel"
        onClick={session.cancel}
      >
        {t('app.cancel')}
      </button>
    </>
  );
}

/**
 * Guides the shopper through approving the payment in the session's app (Swish, Vipps, MobilePay),
 * in that app's words: on a phone "Open {app}" first and the QR code on request; on a desktop the
 * QR code alone for Swish, with an `https:` link beside it for Vipps and MobilePay; "open {app} on
 * your phone" for a number; a countdown of the request's real lifetime with sparse announcements,
 * "checking one last time" after it, and cancel. After expiry or cancellation it says whether the
 * request may still be approved in the app, offers "Start again" and never a QR code. Renders
 * nothing in other states. Focus moves to the view when it appears and to the message when the
 * request ends, only after the shopper pressed something: a view shown on page load or resumed
 * after a reload leaves focus alone, however fast the first answer comes.
 */
export const SwishApprovalView = /* @__PURE__ */ forwardRef<HTMLElement, SwishApprovalViewProps>(
  function SwishApprovalView(props, ref) {
    const {
      session: explicitSession,
      layout = 'auto',
      amount,
      currency,
      merchantName,
      onRestart,
      headingLevel = 2,
      className,
      theme,
      unstyled,
      ...rest
    } = props;
    const Heading = `h${headingLevel}` as const;
    const session = usePaySessionContext(explicitSession);
    const { t, locale, part, controller, rootRef, rootClass } = useComponentBase<HTMLElement>(
      { className, theme, unstyled },
      session.app,
    );
    const mergedRef = useMergedRefs(rootRef, ref);
    const touch = useTouchScreen(layout);
    const headingId = useId();
    // The heading while waiting, the message once the request has ended.
    const focusTarget = useRef<HTMLElement | null>(null);
    const setFocusTarget = (element: HTMLElement | null) => {
      focusTarget.current = element;
    };
    const { status } = session;
    const shown = status === 'awaiting_approval' || status === 'expired' || status === 'cancelled';

    useIsomorphicLayoutEffect(() => controller.mountVoice(), [controller]);
    useIsomorphicLayoutEffect(() => {
      const element = rootRef.current;
      return shown && element ? controller.register('approval-view', element) : undefined;
    }, [shown, rootRef, controller]);
    useEffect(() => {
      // Only a change of status moves focus, and only after a press of the shopper's.
      if (shown) controller.focusIfFree(session.shopperActed, focusTarget.current);
      // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [status, shown, controller]);

    if (!shown) return null;
    const mayBeLive = session.requestMayBeLive;
    const formattedAmount =
      amount !== undefined && currency ? formatAmount(amount, currency, locale) : undefined;
    const summary =
      formattedAmount && merchantName
        ? t('app.summary', { amount: formattedAmount, merchant: merchantName })
        : (formattedAmount ?? merchantName);
    return (
      <section
        {...rest}
        ref={mergedRef}
        className={rootClass('rdp-approval')}
        data-status={status}
        data-layout={touch ? 'mobile' : 'desktop'}
        aria-labelledby={headingId}
      >
        <Heading
          id={headingId}
          ref={status === 'awaiting_approval' ? setFocusTarget : undefined}
          className={part('rdp-title')}
          data-slot="title"
          tabIndex={status === 'awaiting_approval' ? -1 : undefined}
        >
          {t('app.title')}
        </Heading>
        {summary ? (
          <p className={part('rdp-summary')} data-slot="summary">
            {summary}
          </p>
        ) : null}
        {session.status === 'awaiting_approval' ? (
          <Awaiting
            session={session}
            touch={touch}
            t={t}
            locale={locale}
            part={part}
            controller={controller}
          />
        ) : (
          <>
            <p data-slot="message" tabIndex={-1} ref={setFocusTarget}>
              {t(
                // The library cannot cancel a request in the app: while it may still be approved, say so.
                mayBeLive ? 'app.stopped_waiting' : status === 'expired' ? 'app.expired' : 'app.cancelled',
              )}
            </p>
            <button
              type="button"
              className={part('rdp-button')}
              data-slot="restart"
              onClick={() => (onRestart ? onRestart() : session.reset())}
            >
              {t('app.start_again')}
            </button>
          </>
        )}
      </section>
    );
  },
);
