import { useState } from 'react';
import { en, PaySessionProvider, usePaySession } from '../src';
import { sv } from '../src/i18n/locales/sv';
import { Checkout } from './Checkout';
import type { DemoConfig } from './config';
import {
  cartLines,
  itemCount,
  MAX_QUANTITY,
  orderTotal,
  PRODUCT_TYPES,
  useOrder,
  type OrderActions,
} from './order';
import { ProductArt } from './ProductArt';
import { formatMoney, PRODUCTS } from './products';
import { SimulatedPhone } from './SimulatedPhone';
import { SiteFooter, SiteHeader, STORE_NAME } from './Layout';

function Catalogue({
  lines,
  actions,
  locked,
}: {
  lines: Record<string, number>;
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
                <p className="product-price">{formatMoney(product.price)}</p>
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
  actions,
  locked,
}: {
  lines: Record<string, number>;
  actions: OrderActions;
  locked: boolean;
}) {
  const rows = cartLines(lines);
  const total = orderTotal(lines);
  return (
    <section className="card cart" aria-labelledby="order-heading">
      <h2 id="order-heading">Your order</h2>
      {rows.length === 0 ? (
        <p className="cart-empty">Your cart is empty.</p>
      ) : (
        <ul className="cart-lines">
          {rows.map(({ product, quantity }) => (
            <li key={product.id} className="cart-line">
              <span className="cart-name">{product.name}</span>
              <span className="cart-unit">{formatMoney(product.price)} each</span>
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
              <span className="cart-line-total">{formatMoney(product.price * quantity)}</span>
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
          <dd>{formatMoney(total)}</dd>
        </div>
        <div className="vat">
          <dt>of which VAT (25%)</dt>
          <dd>{formatMoney(Math.round(total / 5))}</dd>
        </div>
      </dl>
      <p className="visually-hidden" role="status">
        {rows.length === 0
          ? 'Your cart is empty.'
          : `${itemCount(lines)} items in your order, total ${formatMoney(total)}.`}
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
} as const;
type Language = keyof typeof LANGUAGES;

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

export function Shop({ config }: { config: DemoConfig }) {
  const [order, actions] = useOrder();
  const sessionId = config.sessionId ?? order.sessionId;
  // A test switch: claim an order older than the session's, as a tab with an outdated cart would.
  const [staleOrder, setStaleOrder] = useState(false);
  const session = usePaySession({
    sessionId,
    paymentProductType: PRODUCT_TYPES[order.method],
    baseUrl: config.baseUrl,
    ...(staleOrder ? { sessionUpdatedAt: STALE_UPDATED_AT } : {}),
    // The emulator runs on plain http on this machine; real Dintero URLs are https either way.
    allowLoopbackHttp: true,
  });
  const total = orderTotal(order.lines);
  const locked = session.isBusy;
  const [phonePanel, setPhonePanel] = useState(false);
  // `?lang=sv` opens the shop with the payment in Swedish.
  const [language, setLanguage] = useState<Language>(() =>
    new URLSearchParams(window.location.search).get('lang') === 'sv' ? 'sv' : 'en',
  );
  const { locale, messages } = LANGUAGES[language];

  return (
    <PaySessionProvider session={session} locale={locale} messages={messages}>
      <a className="skip-link" href="#checkout">
        Skip to payment
      </a>
      <SiteHeader cartCount={itemCount(order.lines)} />
      <div className="shell">
        <main className="shop">
          <Catalogue lines={order.lines} actions={actions} locked={locked} />
          <div className="order-column">
            <Cart lines={order.lines} actions={actions} locked={locked} />
            <LanguageSwitch value={language} onChange={setLanguage} />
            <Checkout
              session={session}
              method={order.method}
              swishMode={order.swishMode}
              actions={actions}
              total={total}
              phonePanel={phonePanel}
              staleOrder={staleOrder}
              onStaleOrderChange={setStaleOrder}
            />
          </div>
        </main>
        <SimulatedPhone
          controlUrl={config.controlUrl}
          sessionId={sessionId}
          amount={formatMoney(total)}
          merchant={STORE_NAME}
          onAvailabilityChange={setPhonePanel}
        />
      </div>
      <SiteFooter />
    </PaySessionProvider>
  );
}
