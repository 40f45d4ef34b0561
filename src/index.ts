/** `react-dintero-pay`: the hook, the provider, the components and everything a page needs. */
export * from './react';
export * from './components';
// English is built in; the other languages are entries of their own: `react-dintero-pay/locales/sv`…
export { en, formatMessage, type Locale, type MessageKey, type Messages } from './i18n';
export { formatPhoneNumber } from './core/phone-format';
export {
  PayError,
  isPayError,
  maskPhoneNumber,
  parsePhoneNumber,
  type Approval,
  type AuthenticationOperation,
  type FetchLike,
  type PayErrorKind,
  type PayInput,
  type PayStatus,
  type PhoneCountry,
  type PhoneParseResult,
  type PhoneProblem,
  type PollPolicy,
  type ResumeStorage,
} from './core';
