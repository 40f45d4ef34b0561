/**
 * `react-dintero-pay/server`: the same-origin proxy a merchant mounts in front of Dintero Checkout,
 * so the browser calls only its own origin. Framework-free: a web-standard handler (Next.js route
 * handlers in the Node and the edge runtime, Cloudflare Workers, Deno, Bun, React Router) and a
 * Node adapter (`node:http`, Express, Connect, Vite).
 */
export {
  DEFAULT_PROXY_TARGET,
  DEFAULT_PROXY_TIMEOUT_MS,
  MAX_PROXY_REQUEST_BYTES,
  MAX_PROXY_RESPONSE_BYTES,
  PROXY_COOKIE_PREFIX,
  SESSION_ID_PATTERN,
  createDinteroProxy,
  type DinteroProxyHandler,
  type DinteroProxyLog,
  type DinteroProxyLogDetails,
  type DinteroProxyOptions,
  type ProxyFetch,
} from './proxy';
export { toNodeHandler, type NodeHandler, type NodeRequestLike, type NodeResponseLike } from './node';
export {
  DEFAULT_DINTERO_API_URL,
  DEFAULT_DINTERO_CHECKOUT_URL,
  DEFAULT_MERCHANT_API_TIMEOUT_MS,
  DinteroApiError,
  createDinteroMerchantApi,
  isDinteroApiError,
  type CreateSessionInput,
  type DinteroApiErrorKind,
  type DinteroMerchantApi,
  type DinteroMerchantApiOptions,
  type DinteroOrder,
  type DinteroOrderItem,
  type DinteroSession,
  type DinteroTransaction,
  type DinteroTransactionStatus,
  type MerchantApiFetch,
} from './merchant-api';
