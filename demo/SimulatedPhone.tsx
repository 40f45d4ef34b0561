import { useCallback, useEffect, useRef, useState } from 'react';
import { appOf, type PaymentApp } from '../src';

/** A pending request as the emulator's control API lists it (`GET /__emulator/pending`). */
interface PendingRequest {
  sessionId: string;
  requestId: string;
  paymentProductType: string;
  maskedPhone?: string;
  expiresAt: number;
}

type Connection = 'connecting' | 'online' | 'lost' | 'unavailable';

const POLL_MS = 1000;

function isPendingList(value: unknown): value is PendingRequest[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item: Partial<PendingRequest> | null) =>
        typeof item?.requestId === 'string' &&
        typeof item.sessionId === 'string' &&
        typeof item.expiresAt === 'number',
    )
  );
}

const APP_NAMES: Record<PaymentApp, string> = {
  swish: 'Swish',
  vipps: 'Vipps',
  mobilepay: 'MobilePay',
  other: 'the payment app',
};

/** The app a request is approved in, as the core tells it from the product type. */
function appName(paymentProductType: string): string {
  return APP_NAMES[appOf(paymentProductType)];
}

function timeLeft(expiresAt: number, now: number): string {
  const seconds = Math.max(0, Math.ceil((expiresAt - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export interface SimulatedPhoneProps {
  /** The emulator's control API, e.g. `http://127.0.0.1:5174/__emulator`. */
  controlUrl: string;
  /** Only this order's requests are shown (none before the order has a session). */
  sessionId: string | undefined;
  /** The order total, as the payment app would show it. */
  amount: string;
  merchant: string;
  /** Told whether the panel is shown, so the checkout can point at it. */
  onAvailabilityChange?: (available: boolean) => void;
}

/**
 * Stands in for the shopper's Swish, Vipps or MobilePay app: lists the payment requests the emulator is
 * waiting on and approves or declines them. It removes itself when there is no emulator behind the
 * API (a real Dintero test session), since nothing could be approved from here then.
 */
export function SimulatedPhone({
  controlUrl,
  sessionId,
  amount,
  merchant,
  onAvailabilityChange,
}: SimulatedPhoneProps) {
  const [connection, setConnection] = useState<Connection>('connecting');
  const [pending, setPending] = useState<PendingRequest[]>([]);
  const [notice, setNotice] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const everOnline = useRef(false);
  const refreshRef = useRef<() => Promise<void>>(async () => {});

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    const refresh = async () => {
      clearTimeout(timer);
      controller?.abort();
      const current = new AbortController();
      controller = current;
      try {
        const response = await fetch(`${controlUrl}/pending`, { cache: 'no-store', signal: current.signal });
        const list: unknown = response.ok ? await response.json() : null;
        if (!isPendingList(list)) throw new Error('not an emulator');
        if (stopped || current.signal.aborted) return;
        everOnline.current = true;
        setPending(list);
        setConnection('online');
      } catch {
        if (stopped || current.signal.aborted) return;
        // Never reachable: not an emulator, so stop asking. Reachable before: it may come back.
        if (!everOnline.current) {
          setConnection('unavailable');
          return;
        }
        setConnection('lost');
      }
      setNow(Date.now());
      if (!stopped) timer = setTimeout(() => void refresh(), POLL_MS);
    };
    refreshRef.current = refresh;
    void refresh();
    return () => {
      stopped = true;
      clearTimeout(timer);
      controller?.abort();
    };
  }, [controlUrl]);

  const available = connection === 'online' || connection === 'lost';
  useEffect(() => onAvailabilityChange?.(available), [available, onAvailabilityChange]);

  const decide = useCallback(
    async (request: PendingRequest, verb: 'approve' | 'decline') => {
      const app = appName(request.paymentProductType);
      try {
        const response = await fetch(
          `${controlUrl}/requests/${encodeURIComponent(request.requestId)}/${verb}`,
          {
            method: 'POST',
          },
        );
        setNotice(
          response.ok
            ? `${verb === 'approve' ? 'Approved' : 'Declined'} in ${app}: ${amount} to ${merchant}.`
            : 'That request is no longer waiting.',
        );
      } catch {
        setNotice('The phone could not reach the emulator.');
      }
      await refreshRef.current();
    },
    [controlUrl, amount, merchant],
  );

  if (!available) return null;
  const mine = pending.filter((request) => request.sessionId === sessionId);

  return (
    <aside className="phone" aria-labelledby="phone-heading" id="simulated-phone">
      <div className="phone-frame">
        <div className="phone-notch" aria-hidden="true" />
        <h2 id="phone-heading" className="phone-title">
          Simulated phone
        </h2>
        <p className="phone-intro">Plays the shopper&rsquo;s payment app. Only in this demo.</p>
        {connection === 'lost' ? (
          <p className="phone-offline" role="status">
            The emulator is not answering. Is <code>npm start</code> still running?
          </p>
        ) : null}
        {mine.length === 0 ? (
          <p className="phone-empty">No payment requests. Pay, and the request shows up here.</p>
        ) : (
          <ul className="phone-requests" aria-label="Payment requests">
            {mine.map((request) => {
              const app = appName(request.paymentProductType);
              const titleId = `request-${request.requestId}`;
              return (
                <li key={request.requestId} className="phone-request">
                  <p className="phone-app">{app}</p>
                  <p id={titleId} className="phone-amount">
                    {amount}
                    <span className="visually-hidden"> to {merchant}</span>
                  </p>
                  <p className="phone-merchant" aria-hidden="true">
                    {merchant}
                  </p>
                  <p className="phone-meta">
                    {request.maskedPhone
                      ? `Sent to ${request.maskedPhone}`
                      : 'Opened on this device or by QR code'}
                    <br />
                    Expires in <span className="phone-time">{timeLeft(request.expiresAt, now)}</span>
                  </p>
                  <div className="phone-actions">
                    <button
                      type="button"
                      className="phone-approve"
                      aria-describedby={titleId}
                      onClick={() => void decide(request, 'approve')}
                    >
                      Approve
                    </button>
                    <button
                      type="button"
                      className="phone-decline"
                      aria-describedby={titleId}
                      onClick={() => void decide(request, 'decline')}
                    >
                      Decline
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        <p className="phone-notice" role="status">
          {notice}
        </p>
      </div>
    </aside>
  );
}
