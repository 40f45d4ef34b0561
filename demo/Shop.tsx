import { useEffect, useState } from 'react';
import { en, PaySessionProvider, usePaySession } from '../src';
import { da } from '../src/i18n/locales/da';
import { fi } from '../src/i18n/locales/fi';
import { nb } from '../src/i18n/locales/nb';
import { sv } from '../src/i18n/locales/sv';
import { Checkout, CheckoutCard, type CheckoutProps } from './Checkout';
import type { DemoConfig } from './config';
import { itemCount, PRODUCT_TYPES, useOrder, type OrderActions } from './order';
import { ProductArt } from './ProductArt';
import {
  formatMoney,
  MAX_QUANTITY,
  pricedLines,
  PRODUCTS,
  vatOf,
  VAT_PERCENT,
  type Currency,
} from './products';
import { SimulatedPhone } from './SimulatedPhone';
import { SiteFooter, SiteHeader, STORE_NAME } from './Layout';

function Catalogue({
  lines,
  currency,
  actions,
  locked,
}: {
  lines: Record<string, number>;
  currency: Currency;
  actions: OrderActions;
  locked: boolean;
}) {
  return (
    <section className="catalogue" aria-labelledby="catalogue-heading">
      <h1 id="catalogue-heading">Autumn at home</h1>
      <p className="lede">Warm wool, good coffee and things that last. Made in small batches in Sweden.</p>
      <ul className="products">
        {PRODUCTS.map((product) => {
          const quantity = lines[product.id] ?? 0;
          return (
            <li key={product.id} className="product">
              <ProductArt product={product} />
              <div className="product-body">
                <h2 className="product-name">{product.name}</h2>
                <p className="product-description">{product.description}</p>
                <p className="product-price">{formatMoney(product.prices[currency], currency)}</p>
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={locked || quantity >= MAX_QUANTITY}
                  onClick={() => actions.setQuantity(product.id, quantity + 1)}
                >
                  Add to cart<span className="visually-hidden">: {product.name}</span>
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Cart({
  lines,
  currency,
  actions,
  locked,
}: {
  lines: Record<string, number>;
  currency: Currency;
  actions: OrderActions;
  locked: boolean;
}) {
  const rows = pricedLines(lines, currency);
  const total = rows.reduce((sum, row) => sum + row.amount, 0);
  return (
    <section className="card cart" aria-labelledby="order-heading">
      <h2 id="order-heading">Your order</h2>
      {rows.length === 0 ? (
        <p className="cart-empty">Your cart is empty.</p>
      ) : (
        <ul className="cart-lines">
          {rows.map(({ product, quantity, amount }) => (
            <li key={product.id} className="cart-line">
              <span className="cart-name">{product.name}</span>
              <span className="cart-unit">{formatMoney(product.prices[currency], currency)} each</span>
              <span className="stepper">
                <button
                  type="button"
                  className="stepper-button"
                  disabled={locked}
                  aria-label={`One less ${product.name}`}
                  onClick={() => actions.setQuantity(product.id, quantity - 1)}
                >
                  −
                </button>
                <span className="stepper-value">
                  <span className="visually-hidden">Quantity: </span>
                  {quantity}
                </span>
                <button
                  type="button"
                  className="stepper-button"
                  disabled={locked || quantity >= MAX_QUANTITY}
                  aria-label={`One more ${product.name}`}
                  onClick={() => actions.setQuantity(product.id, quantity + 1)}
                >
                  +
                </button>
              </span>
              <span className="cart-line-total">{formatMoney(amount, currency)}</span>
            </li>
          ))}
        </ul>
      )}
      <dl className="totals">
        <div>
          <dt>Shipping</dt>
          <dd>Free</dd>
        </div>
        <div className="total">
          <dt>Total</dt>
          <dd>{formatMoney(total, currency)}</dd>
        </div>
        <div className="vat">
          <dt>of which VAT ({VAT_PERCENT[currency]}%)</dt>
          <dd>{formatMoney(vatOf(total, currency), currency)}</dd>
        </div>
      </dl>
      <p className="visually-hidden" role="status">
        {rows.length === 0
          ? 'Your cart is empty.'
          : `${itemCount(lines)} items in your order, total ${formatMoney(total, currency)}.`}
      </p>
      {/* Always laid out, shown only while locked: the Pay button below must not move under a second click. */}
      <p className="cart-locked" data-shown={locked || undefined}>
        Your order is locked while the payment is in progress.
      </p>
    </section>
  );
}

/**
 * The payment's languages: the library's strings (a catalogue) and its formats (a locale). The shop's
 * own text stays English; a Swedish shop would import only `sv`.
 */
const LANGUAGES = {
  en: { name: 'English', locale: 'en', messages: en },
  sv: { name: 'Svenska', locale: 'sv-SE', messages: sv },
  nb: { name: 'Norsk bokmål', locale: 'nb-NO', messages: nb },
  da: { name: 'Dansk', locale: 'da-DK', messages: da },
  fi: { name: 'Suomi', locale: 'fi-FI', messages: fi },
} as const;
type Language = keyof typeof LANGUAGES;

const isLanguage = (value: string | null): value is Language =>
  value !== null && Object.hasOwn(LANGUAGES, value);

function LanguageSwitch({ value, onChange }: { value: Language; onChange: (language: Language) => void }) {
  return (
    <p className="language-switch">
      <label htmlFor="payment-language">Payment language</label>
      <select
        id="payment-language"
        value={value}
        onChange={(event) => onChange(event.target.value as Language)}
      >
        {Object.entries(LANGUAGES).map(([code, { name }]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </p>
  );
}

/** An `updated_at` no session of the emulator has: the pay call is refused with 412. */
const STALE_UPDATED_AT = '2020-01-01T00:00:00.000Z';

/** The payment part of the page: one Dintero session, its provider and the checkout card. */
function Payment({
  sessionId,
  config,
  productType,
  language,
  onBusyChange,
  staleOrder,
  ...checkout
}: Omit<CheckoutProps, 'session'> & {
  sessionId: string;
  config: DemoConfig;
  productType: string;
  language: Language;
  onBusyChange: (busy: boolean) => void;
}) {
  const session = usePaySession({
    sessionId,
    paymentProductType: productType,
    baseUrl: config.baseUrl,
    ...(staleOrder ? { sessionUpdatedAt: STALE_UPDATED_AT } : {}),
    ...(config.timeoutMs ? { poll: { timeoutMs: config.timeoutMs } } : {}),
    // No allowLoopbackHttp: a page served over http: from a loopback host may reach the emulator
    // on another loopback origin as it is, and real Dintero URLs are https either way.
  });
  const busy = session.isBusy;
  useEffect(() => onBusyChange(busy), [busy, onBusyChange]);
  const { locale, messages } = LANGUAGES[language];
  return (
    <PaySessionProvider session={session} locale={locale} messages={messages}>
      <Checkout session={session} staleOrder={staleOrder} {...checkout} />
    </PaySessionProvider>
  );
}

export function Shop({ config }: { config: DemoConfig }) {
  const { order, currency, total, session: orderSession, actions } = useOrder(config.sessionId);
  // The session of the cart, or, while a changed cart waits for its own, the last one (not payable).
  const sessionId = orderSession.status === 'ready' ? orderSession.sessionId : orderSession.previousId;
  // A test switch: claim an order older than the session's, as a tab with an outdated cart would.
  const [staleOrder, setStaleOrder] = useState(false);
  const [busy, setBusy] = useState(false);
  const [phonePanel, setPhonePanel] = useState(false);
  // `?lang=sv` (nb, da, fi) opens the shop with the payment in that language.
  const [language, setLanguage] = useState<Language>(() => {
    const asked = new URLSearchParams(window.location.search).get('lang');
    return isLanguage(asked) ? asked : 'en';
  });
  const locked = sessionId !== undefined && busy;

  // The first visit waits for its session (a few milliseconds here) before the shop is shown, so
  // the shop never offers a Pay button it cannot press yet.
  if (orderSession.status === 'preparing' && sessionId === undefined) {
    return (
      <>
        <SiteHeader cartCount={itemCount(order.lines)} />
        <div className="shell">
          <p className="card" role="status">
            Preparing your order…
          </p>
        </div>
        <SiteFooter />
      </>
    );
  }

  return (
    <>
      <a className="skip-link" href="#checkout">
        Skip to payment
      </a>
      <SiteHeader cartCount={itemCount(order.lines)} />
      <div className="shell">
        <main className="shop">
          <Catalogue lines={order.lines} currency={currency} actions={actions} locked={locked} />
          <div className="order-column">
            <Cart lines={order.lines} currency={currency} actions={actions} locked={locked} />
            <LanguageSwitch value={language} onChange={setLanguage} />
            {sessionId ? (
              <Payment
                sessionId={sessionId}
                config={config}
                productType={PRODUCT_TYPES[order.method]}
                language={language}
                onBusyChange={setBusy}
                order={order}
                sessionStatus={orderSession.status}
                actions={actions}
                currency={currency}
                total={total}
                phonePanel={phonePanel}
                staleOrder={staleOrder}
                onStaleOrderChange={setStaleOrder}
              />
            ) : (
              <PreparingCheckout status={orderSession.status} onRetry={actions.retrySession} />
            )}
          </div>
        </main>
        <SimulatedPhone
          controlUrl={config.controlUrl}
          sessionId={sessionId}
          amount={formatMoney(total, currency)}
          merchant={STORE_NAME}
          onAvailabilityChange={setPhonePanel}
        />
      </div>
      <SiteFooter />
    </>
  );
}

/** The checkout card when the shop's server has not given the page a session: it failed, or the cart is empty. */
function PreparingCheckout({ status, onRetry }: { status: string; onRetry: () => void }) {
  return (
    <CheckoutCard status={status}>
      {status === 'failed' ? (
        <>
          <p role="alert">The shop could not prepare your order.</p>
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </>
      ) : (
        <p className="pay-note">Add something to your order to pay.</p>
      )}
    </CheckoutCard>
  );
}
