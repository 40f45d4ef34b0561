/** `react-dintero-pay`: the hook, the provider and (with the components) everything a page needs. */
export * from './react';
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
  type PollPolicy,
  type ResumeStorage,
} from './core';
