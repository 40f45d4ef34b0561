/** The shop's header and footer, shared by the shop and the return page. */
export const STORE_NAME = 'Fjällbo';

export function SiteHeader({ cartCount }: { cartCount?: number }) {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <a className="logo" href="./">
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
            <path d="M2 27 L12 9 L18 19 L22 13 L30 27 Z" fill="currentColor" />
          </svg>
          {STORE_NAME}
        </a>
        <p className="tagline">Nordic home goods</p>
        {cartCount !== undefined ? (
          <a className="cart-link" href="#order-heading">
            Cart <span className="cart-count">{cartCount}</span>
            <span className="visually-hidden">{cartCount === 1 ? ' item' : ' items'}</span>
          </a>
        ) : null}
      </div>
      <p className="demo-banner">Demo store: payments go to a local Dintero emulator, no money moves.</p>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <p>
        {STORE_NAME} is a demo storefront for <code>react-dintero-pay</code>. Free shipping in the Nordics, 30
        days to return.
      </p>
    </footer>
  );
}
