export { usePaySession, type UsePaySessionOptions, type UsePaySessionResult } from './usePaySession';
export {
  PaySessionProvider,
  usePaySessionContext,
  type PaySessionProviderProps,
} from './PaySessionProvider';
