// The shop's server side of a payment (server-only: `.server` modules never reach the browser). It
// creates the Dintero session with the API client's secret and confirms payments with Dintero.
import {
  createDinteroMerchantApi,
  isDinteroApiError,
  type DinteroMerchantApi,
} from 'react-dintero-pay/server';

const env = process.env;
/** Where shoppers reach the shop: Dintero sends them back here, and calls back here. */
const shopUrl = env.SHOP_URL ?? 'http://localhost:5173';

let api: DinteroMerchantApi | undefined;
/** Created on first use, so building the app needs no credentials. */
function dintero(): DinteroMerchantApi {
  api ??= createDinteroMerchantApi({
    accountId: env.DINTERO_ACCOUNT_ID!,
    clientId: env.DINTERO_CLIENT_ID!,
    clientSecret: env.DINTERO_CLIENT_SECRET!,
    // Unset in production (https://api.dintero.com and https://checkout.dintero.com); in local
    // tests both are the emulator's URL.
    apiUrl: env.DINTERO_API_URL,
    checkoutUrl: env.DINTERO_CHECKOUT_URL,
    allowLoopbackHttp: true, // plain http only ever to a loopback host: the emulator
  });
  return api;
}

/** The shop's database: orders by merchant reference. */
const orders = new Map<string, { amount: number; currency: string; paid: boolean }>();

/** A session for a new order, priced here (never by the browser); the page gets only its id. */
export async function createCheckoutSession(): Promise<string> {
  const order = { amount: 78700, currency: 'SEK', merchant_reference: `order-${crypto.randomUUID()}` };
  const session = await dintero().createSession({
    order,
    url: { return_url: `${shopUrl}/return`, callback_url: `${shopUrl}/api/payment-callback` },
  });
  orders.set(order.merchant_reference, { amount: order.amount, currency: order.currency, paid: false });
  return session.id;
}

/**
 * Paid means: Dintero says so, for this order's amount and currency. Ships the order once. A
 * transaction Dintero does not know is not paid; Dintero out of reach is an error (a 500, and
 * Dintero calls back again later).
 */
export async function confirmPayment(transactionId: string | null): Promise<boolean> {
  if (transactionId === null) return false;
  let transaction;
  try {
    transaction = await dintero().getTransaction(transactionId);
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
