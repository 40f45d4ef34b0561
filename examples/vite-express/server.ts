// server.ts (Express 5): the shop's own server. It creates the Dintero session with the API
// client's secret (the page only ever gets the session id), serves the proxy the page pays through,
// confirms payments with Dintero and serves the built page (`vite build` → dist/).
// Run it with `node --import tsx server.ts`.
import express from 'express';
import {
  createDinteroMerchantApi,
  createDinteroProxy,
  isDinteroApiError,
  toNodeHandler,
  type DinteroTransaction,
} from 'react-dintero-pay/server';

const env = process.env;
/** Your shop's public https address: Dintero sends the shopper back here, and calls back. */
const shopUrl = env.SHOP_URL ?? 'https://shop.example';
const dintero = createDinteroMerchantApi({
  accountId: env.DINTERO_ACCOUNT_ID!,
  clientId: env.DINTERO_CLIENT_ID!,
  clientSecret: env.DINTERO_CLIENT_SECRET!,
  // Unset in production (https://api.dintero.com and https://checkout.dintero.com); in local
  // tests both are the emulator's URL.
  apiUrl: env.DINTERO_API_URL,
  checkoutUrl: env.DINTERO_CHECKOUT_URL,
  allowLoopbackHttp: true, // plain http only ever to a loopback host: the emulator
});
const proxy = createDinteroProxy({
  basePath: '/api/dintero',
  target: env.DINTERO_CHECKOUT_URL,
  allowLoopbackHttp: true,
});

/** Your database: orders by merchant reference. */
const orders = new Map<string, { amount: number; currency: string; paid: boolean }>();

/**
 * Paid means: Dintero says so, for this order's amount and currency. Ships the order once. A
 * transaction Dintero does not know is not paid; Dintero out of reach is an error (a 500, and
 * Dintero calls back again later).
 */
async function confirm(transactionId: unknown): Promise<boolean> {
  if (typeof transactionId !== 'string') return false;
  let transaction: DinteroTransaction;
  try {
    transaction = await dintero.getTransaction(transactionId);
  } catch (error) {
    if (isDinteroApiError(error) && !error.retryable) return false;
    throw error;
  }
  const order = orders.get(transaction.merchant_reference ?? '');
  const paid =
    order !== undefined &&
    (transaction.status === 'AUTHORIZED' || transaction.status === 'CAPTURED') &&
    transaction.amount === order.amount &&
    transaction.currency === order.currency;
  if (order && paid && !order.paid) order.paid = true; // ship it here
  return paid;
}

const app = express();
// Before any body parser: the proxy reads the body itself (a JSON object of at most 16 KiB).
app.use('/api/dintero', toNodeHandler(proxy));

// The page asks for a session; the server prices the order, never the browser.
app.post('/api/checkout', async (_req, res) => {
  const order = { amount: 78700, currency: 'SEK', merchant_reference: `order-${crypto.randomUUID()}` };
  const session = await dintero.createSession({
    order,
    url: { return_url: `${shopUrl}/return`, callback_url: `${shopUrl}/api/dintero-callback` },
  });
  orders.set(order.merchant_reference, { amount: order.amount, currency: order.currency, paid: false });
  res.json({ sessionId: session.id });
});

// Dintero calls this after a payment, even when the shopper never comes back.
app.get('/api/dintero-callback', async (req, res) => {
  await confirm(req.query.transaction_id);
  res.sendStatus(200);
});

// Where the shopper lands: the address is a hint, Dintero's transaction is the truth.
app.get('/return', async (req, res) => {
  const paid = await confirm(req.query.transaction_id);
  res.send(
    `<!doctype html><title>Fjällbo</title><h1>${paid ? 'Payment completed' : 'Payment not completed'}</h1>`,
  );
});

app.use(express.static('dist'));
app.listen(Number(env.PORT ?? 3000));
