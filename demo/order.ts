import { useEffect, useLayoutEffect, useState } from 'react';
import { SHOP_API } from './config';
import { MAX_QUANTITY, orderTotal, pricedLines, type Currency } from './products';

export type PaymentMethod = 'swish' | 'vipps' | 'mobilepay';
/** Swish on another phone (a request pushed to a number) or on this device (app link or QR code). */
export type SwishMode = 'phone' | 'device';
/** Where the shopper's MobilePay is: Denmark pays in DKK, Finland in EUR. */
export type MobilePayCountry = 'DK' | 'FI';

/** The Dintero session the shop's server created for one cart in one currency. */
export interface OrderSession {
  id: string;
  /** The shop's order reference (`merchant_reference`). */
  reference: string;
  /** What it was created for: {@link cartKey} of the cart and currency. */
  cart: string;
}

export interface Order {
  /** Quantity by product id. */
  lines: Record<string, number>;
  method: PaymentMethod;
  swishMode: SwishMode;
  mobilePayCountry: MobilePayCountry;
  /** The session of this cart, once the shop's server created it; a changed cart needs a new one. */
  session?: OrderSession;
}

/** `payment_product_type` of each method. */
export const PRODUCT_TYPES: Record<PaymentMethod, string> = {
  swish: 'swish.swish',
  vipps: 'vipps',
  mobilepay: 'payex.mobilepay',
};

export { MAX_QUANTITY };
const KEY = 'fjallbo:order';

/** The currency an order is paid in: the method's country's (MobilePay: Denmark's or Finland's). */
export function currencyOf(order: Pick<Order, 'method' | 'mobilePayCountry'>): Currency {
  if (order.method === 'swish') return 'SEK';
  if (order.method === 'vipps') return 'NOK';
  return order.mobilePayCountry === 'FI' ? 'EUR' : 'DKK';
}

/**
 * The cart in one currency as the shop's server is asked to price it, as canonical JSON: the same
 * cart always gives the same text, so a reload finds the session it paid with.
 */
export function cartKey(lines: Record<string, number>, currency: Currency): string {
  const sorted = Object.fromEntries(
    pricedLines(lines, currency).map(({ product, quantity }) => [product.id, quantity]),
  );
  return JSON.stringify({ lines: sorted, currency });
}

function initialOrder(): Order {
  // A cart that already holds something, so the demo can be paid right away.
  return { lines: { beanie: 1, mug: 2 }, method: 'swish', swishMode: 'phone', mobilePayCountry: 'DK' };
}

/**
 * The order as sessionStorage keeps it: the session's fields at the top (`sessionId` is what a
 * reload, and the tests, look for).
 */
interface StoredOrder extends Omit<Order, 'session'> {
  sessionId?: string;
  sessionReference?: string;
  sessionCart?: string;
}

function fromStorage(value: unknown): Order | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const stored = value as Partial<StoredOrder>;
  const { lines, method, swishMode, mobilePayCountry, sessionId, sessionReference, sessionCart } = stored;
  const valid =
    typeof lines === 'object' &&
    lines !== null &&
    (method === 'swish' || method === 'vipps' || method === 'mobilepay') &&
    (swishMode === 'phone' || swishMode === 'device') &&
    (mobilePayCountry === 'DK' || mobilePayCountry === 'FI');
  if (!valid) return undefined;
  const session =
    typeof sessionId === 'string' && typeof sessionReference === 'string' && typeof sessionCart === 'string'
      ? { session: { id: sessionId, reference: sessionReference, cart: sessionCart } }
      : {};
  return { lines, method, swishMode, mobilePayCountry, ...session };
}

function toStorage({ session, ...order }: Order): StoredOrder {
  return session
    ? { ...order, sessionId: session.id, sessionReference: session.reference, sessionCart: session.cart }
    : order;
}

/** The order of this tab: kept in sessionStorage so a reload finds the same session and resumes. */
function loadOrder(): Order {
  try {
    const stored = fromStorage(JSON.parse(sessionStorage.getItem(KEY) ?? 'null'));
    if (stored) return stored;
  } catch {
    // Unreadable or blocked storage: start a new order.
  }
  return initialOrder();
}

function saveOrder(order: Order): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(toStorage(order)));
  } catch {
    // Storage blocked: the order lasts until the page is left.
  }
}

/** Forgets the paid order: the next visit starts a new cart and a new session. */
export function clearOrder(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}

export function itemCount(lines: Record<string, number>): number {
  return Object.values(lines).reduce((sum, quantity) => sum + quantity, 0);
}

/** Asks the shop's server for a session for the cart; it prices the order itself. */
async function createSession(cart: string, signal: AbortSignal): Promise<OrderSession> {
  const response = await fetch(`${SHOP_API}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: cart,
    signal,
  });
  if (!response.ok) throw new Error(`the shop's server answered ${response.status}`);
  const answer = (await response.json()) as { sessionId?: unknown; merchantReference?: unknown };
  if (typeof answer.sessionId !== 'string' || typeof answer.merchantReference !== 'string') {
    throw new Error("the shop's server gave no session");
  }
  return { id: answer.sessionId, reference: answer.merchantReference, cart };
}

export interface OrderActions {
  setQuantity(productId: string, quantity: number): void;
  setMethod(method: PaymentMethod): void;
  setSwishMode(mode: SwishMode): void;
  setMobilePayCountry(country: MobilePayCountry): void;
  /** Asks the shop's server again after it failed to create the session. */
  retrySession(): void;
}

/** Where the order's session stands. */
export type SessionState =
  | { status: 'ready'; sessionId: string }
  /** Being created for the current cart; `previousId` is the last cart's, still shown but not payable. */
  | { status: 'preparing'; previousId?: string }
  | { status: 'failed'; previousId?: string }
  | { status: 'empty'; previousId?: string };

export interface UseOrderResult {
  order: Order;
  currency: Currency;
  /** Minor units, from the shop's price list (the server prices the session from the same list). */
  total: number;
  session: SessionState;
  actions: OrderActions;
}

/**
 * The order of this tab and its Dintero session. State changes are pure updaters (StrictMode runs
 * them twice in development and keeps one result); storage is written in an effect, from the state
 * React kept, and a session is asked for in an effect whenever the cart or its currency changed, so
 * storage always holds the session the page pays with. `givenSessionId` (`?sessionId=`) is used as
 * is: no session is created then.
 */
export function useOrder(givenSessionId?: string): UseOrderResult {
  const [order, setOrder] = useState(loadOrder);
  const [failed, setFailed] = useState<{ cart: string; attempt: number } | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const currency = currencyOf(order);
  const total = orderTotal(order.lines, currency);
  const cart = total > 0 ? cartKey(order.lines, currency) : undefined;
  const current = order.session?.cart === cart ? order.session : undefined;
  const needsSession = givenSessionId === undefined && cart !== undefined && current === undefined;

  // A layout effect: storage is written in the same task as the DOM that shows the order, so nothing
  // (a reload, a script) can find the page showing a session that storage does not hold yet.
  useLayoutEffect(() => saveOrder(order), [order]);

  useEffect(() => {
    if (!needsSession || cart === undefined) return;
    const controller = new AbortController();
    createSession(cart, controller.signal).then(
      (session) => {
        if (controller.signal.aborted) return;
        // Kept only while the cart is still the one it was made for.
        setOrder((latest) =>
          cartKey(latest.lines, currencyOf(latest)) === session.cart ? { ...latest, session } : latest,
        );
      },
      () => {
        if (!controller.signal.aborted) setFailed({ cart, attempt });
      },
    );
    return () => controller.abort();
  }, [needsSession, cart, attempt]);

  const [actions] = useState<OrderActions>(() => ({
    setQuantity: (productId, quantity) =>
      setOrder((latest) => {
        const lines = { ...latest.lines };
        const clamped = Math.max(0, Math.min(MAX_QUANTITY, quantity));
        if (clamped === 0) delete lines[productId];
        else lines[productId] = clamped;
        // The session stays until a new one comes: it belongs to the old cart and is not paid with.
        return { ...latest, lines };
      }),
    setMethod: (method) => setOrder((latest) => ({ ...latest, method })),
    setSwishMode: (swishMode) => setOrder((latest) => ({ ...latest, swishMode })),
    setMobilePayCountry: (mobilePayCountry) => setOrder((latest) => ({ ...latest, mobilePayCountry })),
    retrySession: () => setAttempt((count) => count + 1),
  }));

  const previousId = order.session?.id;
  const previous = previousId ? { previousId } : {};
  const session: SessionState =
    givenSessionId !== undefined
      ? { status: 'ready', sessionId: givenSessionId }
      : cart === undefined
        ? { status: 'empty', ...previous }
        : current
          ? { status: 'ready', sessionId: current.id }
          : failed?.cart === cart && failed.attempt === attempt
            ? { status: 'failed', ...previous }
            : { status: 'preparing', ...previous };
  return { order, currency, total, session, actions };
}
