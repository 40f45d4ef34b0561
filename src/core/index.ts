/**
 * `react-dintero-pay/core`: what a binding without React needs — the payment session, the HTTP
 * client, the schemas of Dintero's answers, typed errors, the URL guards, phone numbers and the
 * polling constants. No React here. Listed by name: a change to this list is a change of the public
 * surface (see the API reports).
 */
export { appOf, type PaymentApp } from './app';
export { blamedField, isPayError, PayError, type PayErrorDetails, type PayErrorKind } from './errors';
export {
  createDinteroClient,
  DEFAULT_BASE_URL,
  type DinteroClient,
  type DinteroClientOptions,
  type FetchLike,
  type HttpResult,
  type PayCallOptions,
} from './http';
export { isTerminal, type Approval, type PayStatus } from './machine';
export {
  interpretPayAnswer,
  interpretPollAnswer,
  type InterpretOptions,
  type PayOutcome,
  type PollOutcome,
  type UrlPolicy,
} from './outcomes';
export {
  KNOWN_PAYMENT_PRODUCT_TYPES,
  type KnownPaymentProductType,
  type PayInput,
  type PaymentProductType,
} from './pay-request';
export {
  createPaySession,
  watchDocument,
  type PageWatcher,
  type PaySession,
  type PaySessionCallbacks,
  type PaySessionEnvironment,
  type PaySessionObserver,
  type PaySessionOptions,
  type PaySessionSnapshot,
} from './pay-session';
export {
  maskPhoneNumber,
  parsePhoneNumber,
  PHONE_COUNTRIES,
  PHONE_COUNTRY_LIST,
  PHONE_NUMBER_PATTERN,
  scrubPhoneNumber,
  type PhoneCountry,
  type PhoneParseResult,
  type PhoneProblem,
} from './phone';
export { formatPhoneNumber } from './phone-format';
export {
  APP_TIMEOUT_MS,
  DEFAULT_POLL_POLICY,
  LAST_CHECK_GRACE_MS,
  SWISH_TIMEOUT_MS,
  type PollPolicy,
} from './polling-policy';
export type { ResumeStorage } from './resume-storage';
export {
  errorBodySchema,
  payRequestSchema,
  payResponseSchema,
  pollResponseSchema,
  type AuthenticationOperation,
  type DinteroErrorBody,
  type ErrorDetail,
  type PayRequest,
  type PayResponse,
  type PollResponse,
} from './schemas';
export {
  checkApprovalUrl,
  checkPollUrl,
  checkQrCode,
  checkRedirectUrl,
  isLoopbackHost,
  isOperationAllowed,
  QR_CODE_MAX_BYTES,
  type GuardResult,
  type NavigationGuardOptions,
  type PollUrlGuardOptions,
} from './url-guards';
