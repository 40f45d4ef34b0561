import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import './shop.css';
import { SHOP_API, shopHref } from './config';
import { clearOrder } from './order';
import { formatMoney, isCurrency } from './products';
import type { CallbackRecord, ReturnConfirmation } from './shop-server';
import { SiteFooter, SiteHeader } from './Layout';

/** What Dintero's `error` query parameter means for the shopper. */
const ERRORS: Record<string, string> = {
  cancelled: 'The payment was cancelled, so nothing was charged.',
  authorization: 'The payment was not authorised. Nothing was charged.',
  failed: 'The payment failed. Nothing was charged.',
};

/** Why the shop's server could not confirm the transaction the shopper came back with. */
const PROBLEMS: Record<NonNullable<ReturnConfirmation['problem']>, string> = {
  not_paid: 'Dintero does not report this payment as authorised.',
  mismatch: 'This transaction does not pay this order.',
  unknown: 'Dintero does not know this transaction.',
  unavailable: 'The shop could not reach Dintero to confirm the payment. Reload this page in a moment.',
};

/** How often, and how many times, the page asks again while Dintero's callback has not come. */
const CALLBACK_CHECK_MS = 1000;
const CALLBACK_CHECKS = 10;

function money(amount: number, currency: string): string {
  return isCurrency(currency) ? formatMoney(amount, currency) : `${amount} (minor units) ${currency}`;
}

function callbackText(callbacks: CallbackRecord[]): string {
  if (callbacks.length === 0) return 'Not received yet';
  const last = callbacks[callbacks.length - 1]!;
  const times = callbacks.length === 1 ? 'Received once' : `Received ${callbacks.length} times`;
  return `${times}: ${last.status ?? 'status unknown'}, ${last.paid ? 'pays this order' : 'does not pay this order'}`;
}

type Answer =
  { state: 'checking' } | { state: 'answered'; confirmation: ReturnConfirmation } | { state: 'failed' };

/**
 * Asks the shop's server about the order: with `transactionId`, the server reads that transaction
 * from Dintero and checks it against the order. Asks again every second, a few times, until
 * Dintero's callback (the truth the server ships on) has come.
 */
function useConfirmation(reference: string | null, transactionId: string | null): Answer {
  const [answer, setAnswer] = useState<Answer>({ state: 'checking' });
  useEffect(() => {
    if (!reference) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const query = transactionId ? `?transaction_id=${encodeURIComponent(transactionId)}` : '';
    const ask = async (checksLeft: number) => {
      try {
        const response = await fetch(`${SHOP_API}/orders/${encodeURIComponent(reference)}${query}`, {
          signal: controller.signal,
          cache: 'no-store',
        });
        if (!response.ok) throw new Error(`the shop's server answered ${response.status}`);
        const confirmation = (await response.json()) as ReturnConfirmation;
        setAnswer({ state: 'answered', confirmation });
        if (confirmation.order.callbacks.length === 0 && checksLeft > 0) {
          timer = setTimeout(() => void ask(checksLeft - 1), CALLBACK_CHECK_MS);
        }
      } catch {
        if (!controller.signal.aborted) setAnswer({ state: 'failed' });
      }
    };
    void ask(CALLBACK_CHECKS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [reference, transactionId]);
  return reference ? answer : { state: 'failed' };
}

/**
 * Where the session's `return_url` leads: `return.html?transaction_id=…&merchant_reference=…`, or
 * `…&error=cancelled` when the payment did not go through. The return is a hint, never proof: the
 * page asks the shop's server, which confirms the transaction with Dintero, and shows what it found,
 * with the callbacks Dintero made to the server.
 */
function ReturnPage() {
  const params = new URLSearchParams(window.location.search);
  const transactionId = params.get('transaction_id');
  const reference = params.get('merchant_reference');
  const error = params.get('error');
  const answer = useConfirmation(error ? null : reference, transactionId);
  const confirmation = answer.state === 'answered' ? answer.confirmation : undefined;
  // Paid: Dintero confirmed the transaction the shopper came back with, or its callback did.
  const paid = !error && Boolean(confirmation?.order.paid) && !confirmation?.problem;
  const outcome = error
    ? 'not-paid'
    : paid
      ? 'paid'
      : answer.state === 'checking'
        ? 'checking'
        : 'unconfirmed';

  useEffect(() => {
    // A paid order is done: the next visit starts a new cart and a new Dintero session.
    if (paid) clearOrder();
  }, [paid]);

  return (
    <>
      <SiteHeader />
      <div className="shell shell-narrow">
        <main className="card receipt" data-outcome={outcome}>
          {outcome === 'paid' ? (
            <>
              <svg
                className="receipt-icon receipt-ok"
                viewBox="0 0 48 48"
                aria-hidden="true"
                focusable="false"
              >
                <circle cx="24" cy="24" r="22" />
                <path d="M14 25 l7 7 l14 -15" fill="none" strokeWidth="4" />
              </svg>
              <h1>Thank you for your order</h1>
              <p>Your payment is approved. We pack your parcel within one working day.</p>
            </>
          ) : outcome === 'checking' ? (
            <>
              <h1>Checking your payment</h1>
              <p role="status">The shop is confirming your payment with Dintero…</p>
            </>
          ) : outcome === 'not-paid' || !transactionId ? (
            <>
              <h1>Payment not completed</h1>
              <p role="alert">
                {(error && ERRORS[error]) ??
                  (error
                    ? 'The payment did not go through. Nothing was charged.'
                    : 'We could not read the payment result.')}
              </p>
            </>
          ) : (
            <>
              <h1>We could not confirm your payment</h1>
              <p role="alert">
                {confirmation?.problem
                  ? PROBLEMS[confirmation.problem]
                  : 'The shop could not look up this order.'}
              </p>
            </>
          )}
          <dl className="receipt-details">
            {transactionId ? (
              <div>
                <dt>Transaction</dt>
                <dd>
                  <code data-testid="transaction-id">{transactionId}</code>
                </dd>
              </div>
            ) : null}
            {reference ? (
              <div>
                <dt>Order reference</dt>
                <dd>
                  <code>{reference}</code>
                </dd>
              </div>
            ) : null}
            {confirmation?.transaction ? (
              <div>
                <dt>Dintero says</dt>
                <dd data-testid="confirmation">
                  {confirmation.transaction.status},{' '}
                  {money(confirmation.transaction.amount, confirmation.transaction.currency)}
                </dd>
              </div>
            ) : null}
            {confirmation ? (
              <div>
                <dt>Dintero&rsquo;s callback to the shop</dt>
                <dd data-testid="callbacks">{callbackText(confirmation.order.callbacks)}</dd>
              </div>
            ) : null}
          </dl>
          <p>
            <a className="button" href={shopHref()}>
              {paid ? 'Back to shop' : 'Back to shop and try again'}
            </a>
          </p>
        </main>
      </div>
      <SiteFooter />
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ReturnPage />
  </StrictMode>,
);
