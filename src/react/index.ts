export { usePaySession, type UsePaySessionOptions, type UsePaySessionResult } from './usePaySession';
export {
  PaySessionProvider,
  useOptionalPaySession,
  usePaySessionContext,
  type PaySessionProviderProps,
} from './PaySessionProvider';
export { themeVariables, useThemeVariables, type PayTheme } from './theme';
export { errorMessageKey, useMessages, type Translate } from './useMessages';
export {
  usePhoneField,
  type PhoneValueDetails,
  type UsePhoneFieldOptions,
  type UsePhoneFieldResult,
} from './usePhoneField';
export type { StyleProps } from './ui';
