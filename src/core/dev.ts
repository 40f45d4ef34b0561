/** What a guard refused: the rule it applied and the option that would allow it, for the developer. */
export type Refusal = 'redirect_url' | 'approval_url' | 'poll_url' | 'qr_code' | 'operation' | 'product_type';

/**
 * Development builds only: says once, in the console, why a guard refused something and what would
 * allow it. Never the refused value itself (it may carry a phone number). `process.env.NODE_ENV`
 * is written out so bundlers replace it and production builds drop the messages; without a bundler
 * or `process` nothing is said.
 */
export function explainRefusal(refusal: Refusal): void {
  try {
    if (process.env.NODE_ENV !== 'production') {
      const loopback =
        ' Plain http: is allowed only to localhost, 127.0.0.0/8 or [::1], and only with `allowLoopbackHttp: true` or from a page that is itself served over http: from such a host.';
      const help: Record<Refusal, string> = {
        redirect_url: `refused a redirect_url: only absolute https: URLs without credentials are followed.${loopback}`,
        approval_url: `dropped an approval_url: only swish:, vipps:, mobilepay: and https: app links are offered (the QR code and phone instructions stay).${loopback}`,
        poll_url: `refused a poll_url: status checks go only to baseUrl's origin, under its path, or to an origin listed in \`pollOrigins\`.${loopback}`,
        qr_code:
          'dropped a qr_code: only data:image/png;base64 PNGs up to 256 KiB are shown (the app link and phone instructions stay).',
        operation:
          'dropped an authentication operation: only rel "3d-secure-init-hosted" with GET or POST to an https: URL is passed on.',
        product_type:
          'paymentProductType is empty: give Dintero\'s product type, e.g. "swish.swish", "vipps" or "payex.mobilepay". Nothing was sent.',
      };
      warnInDevelopment(() => help[refusal]);
    }
  } catch {
    // No `process` and no bundler: nothing says this is development.
  }
}

/**
 * Development builds only: one `console.warn`, prefixed with the library's name; `message` is built
 * only then. Bundlers replace `process.env.NODE_ENV`; without one (and no `process`) nothing is said.
 */
export function warnInDevelopment(message: () => string): void {
  try {
    if (process.env.NODE_ENV !== 'production') console.warn(`react-dintero-pay: ${message()}`);
  } catch {
    // No `process` and no bundler: nothing says this is development.
  }
}
