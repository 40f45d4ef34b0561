// server.ts: the shop's server. Locally against the emulator, in production against Dintero.
import express from 'express';
import {
  createDinteroMerchantApi,
  createDinteroProxy,
  isDinteroApiError,
  toNodeHandler,
  type DinteroOrder,
} from 'react-dintero-pay/server';

/** Where shoppers reach the shop: Dintero sends them back here, and calls back here. */
const SHOP_URL = process.env.SHOP_URL ?? 'http://localhost:3000';
// Unset in production (https://api.dintero.com, https://checkout.dintero.com). Locally both are the
// emulator's URL, e.g. http://127.0.0.1:5174: it plays both of Dintero's hosts on one origin.
const DINTERO_API_URL = process.env.DINTERO_API_URL;
const DINTERO_CHECKOUT_URL = process.env.DINTERO_CHECKOUT_URL;

// The client secret stays here, on the server; the page only ever gets a session id.
const dintero = createDinteroMerchantApi({
  accountId: process.env.DINTERO_ACCOUNT_ID!,
  clientId: process.env.DINTERO_CLIENT_ID!,
  clientSecret: process.env.DINTERO_CLIENT_SECRET!,
  apiUrl: DINTERO_API_URL,
  checkoutUrl: DINTERO_CHECKOUT_URL,
  allowLoopbackHttp: true, // plain http only ever to a loopback host (the emulator); no effect on https
});

/** Your database. Amounts in minor units: 29900 is 299.00 kr. */
const orders = new Map<string, { order: DinteroOrder; paid: boolean }>();

const app = express();

// The page's pay call and status checks, through your own origin (before any body parser).
app.use(
  '/api/dintero',
  toNodeHandler(
    createDinteroProxy({ basePath: '/api/dintero', target: DINTERO_CHECKOUT_URL, allowLoopbackHttp: true }),
  ),
);

// 1. The page asks for a session. The server prices the order (never the browser) and creates it.
app.post('/api/checkout', async (_request, response) => {
  const reference = `order-${Date.now()}`;
  const order: DinteroOrder = {
    amount: 29900,
    currency: 'SEK',
    merchant_reference: reference,
    items: [
      { id: 'mug', line_id: '1', description: 'Mug', quantity: 1, amount: 29900, vat_amount: 5980, vat: 25 },
    ],
  };
  try {
    const session = await dintero.createSession({
      order,
      url: { return_url: `${SHOP_URL}/return`, callback_url: `${SHOP_URL}/api/payment-callback` },
    });
    orders.set(reference, { order, paid: false });
    // 2. The page gets the session id: usePaySession({ sessionId, baseUrl: '/api/dintero/v1', … }).
    response.json({ sessionId: session.id });
  } catch (error) {
    console.error('Dintero session not created:', isDinteroApiError(error) ? error.message : error);
    response.status(503).json({ error: 'checkout_unavailable' });
  }
});

/** Paid means: Dintero says so, for this order's amount and currency. Ships once. */
async function confirm(transactionId: string): Promise<boolean> {
  const transaction = await dintero.getTransaction(transactionId);
  const entry = orders.get(transaction.merchant_reference ?? '');
  const paid =
    entry !== undefined &&
    (transaction.status === 'AUTHORIZED' || transaction.status === 'CAPTURED') &&
    transaction.amount === entry.order.amount &&
    transaction.currency === entry.order.currency;
  if (paid && !entry.paid) {
    entry.paid = true; // ship the order here, once: the callback and the return may both come
  }
  return paid;
}

// 3. Dintero calls this at least once, even when the shopper never comes back: ship on this.
app.get('/api/payment-callback', async (request, response) => {
  try {
    await confirm(String(request.query.transaction_id ?? ''));
    response.sendStatus(200);
  } catch (error) {
    // A 5xx makes Dintero call again later; an id Dintero does not know will never become paid.
    response.sendStatus(isDinteroApiError(error) && error.retryable ? 503 : 400);
  }
});

// 4. The shopper's return is a hint, never proof: confirm before saying "paid".
app.get('/return', async (request, response) => {
  const transactionId = request.query.transaction_id;
  if (request.query.error !== undefined || typeof transactionId !== 'string') {
    response.send('The payment was not completed. You can try again.');
    return;
  }
  const paid = await confirm(transactionId).catch(() => false);
  response.send(paid ? 'Thank you! Your order is paid.' : 'We are checking your payment…');
});

// The page itself: the built app (vite build → dist/). In development Vite serves it (below).
app.use(express.static('dist'));

app.listen(Number(process.env.PORT ?? 3000));
