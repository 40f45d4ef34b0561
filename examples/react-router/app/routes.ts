import { type RouteConfig, index, route } from '@react-router/dev/routes';

export default [
  // The checkout: a session created by the server's loader, the README's quick start as the page.
  index('routes/checkout.tsx'),
  // Where Dintero sends the shopper back, confirmed with Dintero on the server.
  route('return', 'routes/return.tsx'),
  // The README's resource route: the proxy the page pays through.
  route('api/dintero/*', 'routes/api.dintero.$.ts'),
  // Dintero's callback after a payment.
  route('api/payment-callback', 'routes/api.payment-callback.ts'),
] satisfies RouteConfig;
