import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { dist } from './paths.mjs';

const bytes = (html) => {
  const buffer = Buffer.from(html);
  return { bytes: buffer.length, gzip: gzipSync(buffer, { level: 9 }).length };
};

/**
 * HTML the built package server-renders (`renderToString`, Node, no DOM): the README's payment form
 * with a real `usePaySession` in its idle state, and the Swish approval view of a waiting payment.
 */
export async function measureSsr() {
  const { createElement: h } = await import('react');
  const { renderToString } = await import('react-dom/server');
  const { QueryClient, QueryClientProvider } = await import('@tanstack/react-query');
  const lib = await import(pathToFileURL(dist('index.js')).href);
  const { sv } = await import(pathToFileURL(dist('locales/sv.js')).href);
  const { qrCodeDataUrl } = await import(pathToFileURL(dist('testing.js')).href);

  // The README's quick start, as the server renders it before anyone has typed or paid.
  function IdleCheckout() {
    const session = lib.usePaySession({
      sessionId: 'T4.ssr',
      paymentProductType: 'swish.swish',
      storage: null,
    });
    return h(
      lib.PaySessionProvider,
      { session, locale: 'sv', messages: sv },
      h(lib.PhoneInput, { onValueChange: () => undefined }),
      h(lib.PaymentError),
      h(lib.PayButton, { amount: 78700, currency: 'SEK', getBody: () => undefined }),
    );
  }
  const idle = renderToString(h(QueryClientProvider, { client: new QueryClient() }, h(IdleCheckout)));

  // What a waiting Swish payment looks like to the components: the emulator's QR code and app link.
  const token = 'c0ffee'.repeat(5);
  const qrCode = qrCodeDataUrl(`D${token}`);
  const awaitingSession = {
    sessionId: 'T4.ssr',
    status: 'awaiting_approval',
    approval: {
      approvalUrl: `swish://paymentrequest?token=${token}&callbackurl=https%3A%2F%2Fshop.example%2Freturn`,
      qrCode,
      expiresAt: Date.now() + 3 * 60_000,
    },
    isBusy: true,
    connectionProblem: false,
    isResuming: false,
    pay: () => undefined,
    cancel: () => undefined,
    reset: () => undefined,
  };
  const awaiting = renderToString(
    h(
      lib.PaySessionProvider,
      { session: awaitingSession, locale: 'sv', messages: sv },
      h(lib.SwishApprovalView),
    ),
  );

  if (!awaiting.includes(qrCode)) throw new Error('the approval view rendered without its QR code');
  return { idle: bytes(idle), awaiting: bytes(awaiting), qrCodeBytes: qrCode.length };
}
