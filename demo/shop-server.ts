// The shop's own server, as a merchant writes it: it prices the order, creates the Dintero session
// with its API client's credentials (the page only ever gets the session id), hears Dintero's
// callback, and confirms a payment with Dintero before it calls an order paid. `npm start` and the
// production demo mount it beside the proxy; here Dintero is the local emulator.
import {
  createDinteroMerchantApi,
  isDinteroApiError,
  type DinteroMerchantApi,
  type DinteroOrder,
  type DinteroTransaction,
} from '../src/server';
import { EMULATOR_ACCOUNT_ID, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from '../src/testing/constants';
import {
  isCurrency,
  MAX_QUANTITY,
  pricedLines,
  productById,
  vatOf,
  VAT_PERCENT,
  type Currency,
} from './products';

/** The order book's view of one order, as the return page shows it. */
export interface OrderSummary {
  reference: string;
  /** Minor units. */
  amount: number;
  currency: Currency;
  sessionId: string;
  /** Confirmed with Dintero (status, amount and currency), by the callback or the return. */
  paid: boolean;
  /** Dintero's callbacks for this order, oldest first. */
  callbacks: CallbackRecord[];
}

/** One call of Dintero's to the shop's `callback_url`, and what the server found when it asked Dintero. */
export interface CallbackRecord {
  /** Epoch milliseconds. */
  receivedAt: number;
  transactionId: string;
  /** The transaction's status at Dintero, when it could be read. */
  status?: string;
  /** Whether the transaction pays this order (status, amount and currency). */
  paid: boolean;
}

/** What the return page learns from the shop's server about the transaction it came back with. */
export interface ReturnConfirmation {
  order: OrderSummary;
  /** What Dintero says of the transaction; absent when the return carried none. */
  transaction?: { id: string; status: string; amount: number; currency: string };
  /** Why it is not confirmed: `not_paid` (Dintero's status), `mismatch` (another order or amount), `unknown` (Dintero does not know it), `unavailable`. */
  problem?: 'not_paid' | 'mismatch' | 'unknown' | 'unavailable';
}

interface OrderRecord {
  order: DinteroOrder & { currency: Currency };
  sessionId: string;
  paid: boolean;
  callbacks: CallbackRecord[];
}

export interface ShopServerOptions {
  /** Where the handler is mounted, e.g. `/api/shop`: `{basePath}/checkout`, `/payment-callback`, `/orders/{reference}`. */
  basePath: string;
  /** The shop as the shopper reaches it, e.g. `http://localhost:5173`: the return and callback URLs. */
  storefrontUrl: string;
  /** Dintero's three merchant calls (see {@link emulatorMerchantApi}). */
  dintero: DinteroMerchantApi;
}

export interface ShopServer {
  /** A web handler for everything under `basePath` (which `toNodeHandler` reads). */
  handle: ((request: Request) => Promise<Response>) & { readonly basePath: string };
  /** An order by its reference (tests and the return page). */
  order(reference: string): OrderSummary | undefined;
}

/**
 * Dintero's merchant calls against the emulator, with the credentials of `DINTERO_ACCOUNT_ID`,
 * `DINTERO_CLIENT_ID` and `DINTERO_CLIENT_SECRET` when set, else the ones the emulator accepts.
 */
export function emulatorMerchantApi(emulatorUrl: string): DinteroMerchantApi {
  const env = process.env;
  return createDinteroMerchantApi({
    accountId: env.DINTERO_ACCOUNT_ID || EMULATOR_ACCOUNT_ID,
    clientId: env.DINTERO_CLIENT_ID || EMULATOR_CLIENT_ID,
    clientSecret: env.DINTERO_CLIENT_SECRET || EMULATOR_CLIENT_SECRET,
    // The emulator plays both of Dintero's hosts (api. and checkout.) on one origin.
    apiUrl: emulatorUrl,
    checkoutUrl: emulatorUrl,
    allowLoopbackHttp: true, // plain http only ever to a loopback host: the emulator
  });
}

const MAX_BODY_BYTES = 4096;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** The cart the page sends, checked line by line: known products, whole quantities within the limit. */
function readCart(body: unknown): { lines: Record<string, number>; currency: Currency } | string {
  const { lines, currency } = (body ?? {}) as { lines?: unknown; currency?: unknown };
  if (!isCurrency(currency)) return 'currency';
  if (!lines || typeof lines !== 'object' || Array.isArray(lines)) return 'lines';
  const entries = Object.entries(lines as Record<string, unknown>);
  const valid = entries.every(
    ([id, quantity]) =>
      Number.isInteger(quantity) &&
      (quantity as number) >= 1 &&
      (quantity as number) <= MAX_QUANTITY &&
      productById(id) !== undefined,
  );
  if (!valid || entries.length === 0) return 'lines';
  return { lines: Object.fromEntries(entries) as Record<string, number>, currency };
}

/** The order as Dintero takes it, priced here from the shop's own price list (never the browser's). */
function priceOrder(lines: Record<string, number>, currency: Currency, reference: string) {
  const items = pricedLines(lines, currency).map(({ product, quantity, amount }, index) => ({
    id: product.id,
    line_id: String(index + 1),
    description: product.name,
    quantity,
    amount,
    vat_amount: vatOf(amount, currency),
    vat: VAT_PERCENT[currency],
  }));
  return {
    amount: items.reduce((sum, item) => sum + item.amount, 0),
    vat_amount: items.reduce((sum, item) => sum + item.vat_amount, 0),
    currency,
    merchant_reference: reference,
    items,
  };
}

function newReference(): string {
  const random = crypto.getRandomValues(new Uint8Array(6));
  return `fjallbo-${Date.now().toString(36)}-${Array.from(random, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** Why a DinteroApiError is logged: its message names the call and the kind, never a secret or a body. */
function logFailure(what: string, error: unknown): void {
  console.error(`Fjällbo server: ${what}:`, isDinteroApiError(error) ? error.message : 'unexpected error');
}

export function createShopServer({ basePath, storefrontUrl, dintero }: ShopServerOptions): ShopServer {
  /** The shop's database: orders by merchant reference. */
  const orders = new Map<string, OrderRecord>();

  const summary = (reference: string, record: OrderRecord): OrderSummary => ({
    reference,
    amount: record.order.amount,
    currency: record.order.currency,
    sessionId: record.sessionId,
    paid: record.paid,
    callbacks: [...record.callbacks],
  });

  /** Paid means: Dintero says so, for this order's amount and currency. Marks the order paid once. */
  function pays(transaction: DinteroTransaction, record: OrderRecord | undefined): boolean {
    const paid =
      record !== undefined &&
      (transaction.status === 'AUTHORIZED' || transaction.status === 'CAPTURED') &&
      transaction.amount === record.order.amount &&
      transaction.currency === record.order.currency;
    // Ship the order here, once: the callback and the return may both confirm it.
    if (paid && !record.paid) record.paid = true;
    return paid;
  }

  async function checkout(request: Request): Promise<Response> {
    if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
      return json(415, { error: 'json_required' });
    }
    const text = await request.text();
    if (text.length > MAX_BODY_BYTES) return json(413, { error: 'too_large' });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return json(400, { error: 'invalid_order', field: 'body' });
    }
    const cart = readCart(body);
    if (typeof cart === 'string') return json(400, { error: 'invalid_order', field: cart });
    const reference = newReference();
    const order = priceOrder(cart.lines, cart.currency, reference);
    try {
      const session = await dintero.createSession({
        order,
        url: {
          return_url: `${storefrontUrl}/return.html`,
          callback_url: `${storefrontUrl}${basePath}/payment-callback`,
        },
      });
      orders.set(reference, { order, sessionId: session.id, paid: false, callbacks: [] });
      return json(200, {
        sessionId: session.id,
        merchantReference: reference,
        amount: order.amount,
        currency: order.currency,
      });
    } catch (error) {
      logFailure('the Dintero session was not created', error);
      return json(503, { error: 'checkout_unavailable' });
    }
  }

  /** Dintero's callback: at least once per payment, even when the shopper never comes back. */
  async function callback(url: URL): Promise<Response> {
    const transactionId = url.searchParams.get('transaction_id') ?? '';
    let transaction: DinteroTransaction;
    try {
      transaction = await dintero.getTransaction(transactionId);
    } catch (error) {
      logFailure('a callback could not be confirmed', error);
      // A 5xx makes Dintero call again later; an id Dintero does not know will never become paid.
      return new Response(null, { status: isDinteroApiError(error) && error.retryable ? 503 : 400 });
    }
    const record = orders.get(transaction.merchant_reference ?? '');
    const paid = pays(transaction, record);
    record?.callbacks.push({
      receivedAt: Date.now(),
      transactionId: transaction.id,
      status: transaction.status,
      paid,
    });
    return new Response(null, { status: 200 });
  }

  /** The shopper's return: a hint, never proof. The page shows what Dintero says of it. */
  async function confirmReturn(reference: string, url: URL): Promise<Response> {
    const record = orders.get(reference);
    if (!record) return json(404, { error: 'unknown_order' });
    const transactionId = url.searchParams.get('transaction_id');
    if (transactionId === null)
      return json(200, { order: summary(reference, record) } satisfies ReturnConfirmation);
    let transaction: DinteroTransaction;
    try {
      transaction = await dintero.getTransaction(transactionId);
    } catch (error) {
      const problem = isDinteroApiError(error) && !error.retryable ? 'unknown' : 'unavailable';
      if (problem === 'unavailable') logFailure('a return could not be confirmed', error);
      return json(200, { order: summary(reference, record), problem } satisfies ReturnConfirmation);
    }
    const ours = transaction.merchant_reference === reference;
    const paid = ours && pays(transaction, record);
    const found = {
      id: transaction.id,
      status: transaction.status,
      amount: transaction.amount,
      currency: transaction.currency,
    };
    const problem = paid
      ? undefined
      : ours && transaction.status !== 'AUTHORIZED' && transaction.status !== 'CAPTURED'
        ? 'not_paid'
        : 'mismatch';
    return json(200, {
      order: summary(reference, record),
      transaction: found,
      ...(problem ? { problem } : {}),
    } satisfies ReturnConfirmation);
  }

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname.slice(basePath.length);
    if (request.method === 'POST' && path === '/checkout') return checkout(request);
    if (request.method === 'GET' && path === '/payment-callback') return callback(url);
    const orderPath = /^\/orders\/([A-Za-z0-9-]{1,64})$/.exec(path);
    if (request.method === 'GET' && orderPath) return confirmReturn(orderPath[1]!, url);
    return json(404, { error: 'not_found' });
  };

  return {
    handle: Object.assign(handle, { basePath }),
    order: (reference) => {
      const record = orders.get(reference);
      return record ? summary(reference, record) : undefined;
    },
  };
}
