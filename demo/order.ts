import { useCallback, useState } from 'react';
import { PRODUCTS, productById } from './products';

export type PaymentMethod = 'swish' | 'vipps';
/** Swish on another phone (a request pushed to a number) or on this device (app link or QR code). */
export type SwishMode = 'phone' | 'device';

export interface Order {
  /** The Dintero session this cart is paid with: a new one whenever the cart changes. */
  sessionId: string;
  /** Quantity by product id. */
  lines: Record<string, number>;
  method: PaymentMethod;
  swishMode: SwishMode;
}

/** `payment_product_type` of each method. */
export const PRODUCT_TYPES: Record<PaymentMethod, string> = { swish: 'swish.swish', vipps: 'vipps' };

export const MAX_QUANTITY = 9;
const KEY = 'fjallbo:order';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A session id shaped like Dintero's: the test account id (`T` + 8 digits), a dot, 22 random characters. */
export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(22));
  return `T11223344.${Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;
}

function initialOrder(): Order {
  // A cart that already holds something, so the demo can be paid right away.
  return { sessionId: newSessionId(), lines: { beanie: 1, mug: 2 }, method: 'swish', swishMode: 'phone' };
}

function isOrder(value: unknown): value is Order {
  if (!value || typeof value !== 'object') return false;
  const order = value as Partial<Order>;
  return (
    typeof order.sessionId === 'string' &&
    typeof order.lines === 'object' &&
    order.lines !== null &&
    (order.method === 'swish' || order.method === 'vipps') &&
    (order.swishMode === 'phone' || order.swishMode === 'device')
  );
}

/** The order of this tab: kept in sessionStorage so a reload finds the same session and resumes. */
export function loadOrder(): Order {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (isOrder(stored)) return stored;
  } catch {
    // Unreadable or blocked storage: start a new order.
  }
  return initialOrder();
}

function saveOrder(order: Order): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(order));
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

export function orderTotal(lines: Record<string, number>): number {
  return Object.entries(lines).reduce(
    (sum, [id, quantity]) => sum + (productById(id)?.price ?? 0) * quantity,
    0,
  );
}

export function itemCount(lines: Record<string, number>): number {
  return Object.values(lines).reduce((sum, quantity) => sum + quantity, 0);
}

export interface OrderActions {
  setQuantity(productId: string, quantity: number): void;
  setMethod(method: PaymentMethod): void;
  setSwishMode(mode: SwishMode): void;
}

export function useOrder(): [Order, OrderActions] {
  const [order, setOrder] = useState(() => {
    const loaded = loadOrder();
    saveOrder(loaded);
    return loaded;
  });
  const update = useCallback((change: (order: Order) => Order) => {
    setOrder((current) => {
      const next = change(current);
      saveOrder(next);
      return next;
    });
  }, []);
  const [actions] = useState<OrderActions>(() => ({
    setQuantity: (productId, quantity) =>
      update((current) => {
        const lines = { ...current.lines };
        const clamped = Math.max(0, Math.min(MAX_QUANTITY, quantity));
        if (clamped === 0) delete lines[productId];
        else lines[productId] = clamped;
        // Dintero sessions carry the order amount: a changed cart is paid with a new session.
        return { ...current, lines, sessionId: newSessionId() };
      }),
    setMethod: (method) => update((current) => ({ ...current, method })),
    setSwishMode: (swishMode) => update((current) => ({ ...current, swishMode })),
  }));
  return [order, actions];
}

/** Cart lines in catalogue order. */
export function cartLines(lines: Record<string, number>) {
  return PRODUCTS.filter((product) => (lines[product.id] ?? 0) > 0).map((product) => ({
    product,
    quantity: lines[product.id] ?? 0,
  }));
}
