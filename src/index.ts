/**
 * `react-dintero-pay`: the hook, the provider, the components and everything a page needs, listed
 * by name (a change to this list is a change of the public surface; see the API reports). English
 * is built in; the other languages are entries of their own: `react-dintero-pay/locales/sv`…
 */
export { PayButton, type PayButtonBodyProps, type PayButtonProps } from './components/PayButton';
export { PaymentError, type PaymentErrorProps } from './components/PaymentError';
export { PhoneInput, type PhoneInputProps } from './components/PhoneInput';
export {
  SwishApprovalView,
  SwishApprovalView as ApprovalView,
  type SwishApprovalViewProps,
  type SwishApprovalViewProps as ApprovalViewProps,
} from './components/SwishApprovalView';
export { usePaySession, type UsePaySessionOptions, type UsePaySessionResult } from './react/usePaySession';
export {
  PaySessionProvider,
  useOptionalPaySession,
  usePaySessionContext,
  type PaySessionProviderProps,
} from './react/PaySessionProvider';
export { themeVariables, useThemeVariables, type PayTheme } from './react/theme';
export { errorMessageKey, useMessages, type Translate } from './react/useMessages';
export {
  usePhoneField,
  type PhoneValueDetails,
  type UsePhoneFieldOptions,
  type UsePhoneFieldResult,
} from './react/usePhoneField';
export type { StyleProps } from './react/ui';
export { en, formatMessage, type Locale, type MessageKey, type Messages } from './i18n';
export {
  appOf,
  formatPhoneNumber,
  isPayError,
  maskPhoneNumber,
  parsePhoneNumber,
  PayError,
  type Approval,
  type AuthenticationOperation,
  type FetchLike,
  type PayErrorKind,
  type PayInput,
  type PaymentApp,
  type PaymentProductType,
  type PayStatus,
  type PhoneCountry,
  type PhoneParseResult,
  type PhoneProblem,
  type PollPolicy,
  type ResumeStorage,
} from './core';
