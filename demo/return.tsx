import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import './shop.css';
import { shopHref } from './config';
import { clearOrder } from './order';
import { SiteFooter, SiteHeader } from './Layout';

/** What Dintero's `error` query parameter means for the shopper. */
const ERRORS: Record<string, string> = {
  cancelled: 'The payment was cancelled, so nothing was charged.',
  authorization: 'The payment was not authorised. Nothing was charged.',
  failed: 'The payment failed. Nothing was charged.',
};

/**
 * Where Dintero's `redirect_url` leads: `return.html?transaction_id=…&merchant_reference=…`, or
 * `…&error=cancelled` when the payment did not go through. The shop's server learns the outcome
 * from Dintero's callback; this page only tells the shopper.
 */
function ReturnPage() {
  const params = new URLSearchParams(window.location.search);
  const transactionId = params.get('transaction_id');
  const reference = params.get('merchant_reference');
  const error = params.get('error');
  const paid = Boolean(transactionId) && !error;

  useEffect(() => {
    // A paid order is done: the next visit starts a new cart and a new Dintero session.
    if (paid) clearOrder();
  }, [paid]);

  return (
    <>
      <SiteHeader />
      <div className="shell shell-narrow">
        <main className="card receipt" data-outcome={paid ? 'paid' : 'not-paid'}>
          {paid ? (
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
          ) : (
            <>
              <h1>Payment not completed</h1>
              <p role="alert">
                {(error && ERRORS[error]) ??
                  (error
                    ? 'The payment did not go through. Nothing was charged.'
                    : 'We could not read the payment result.')}
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
