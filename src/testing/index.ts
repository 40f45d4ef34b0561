/**
 * `react-dintero-pay/testing`: an emulator of Dintero Checkout for tests, stories and demos — the
 * shopper's pay call and status checks, and the merchant server's token, session and transaction.
 *
 * - {@link createDinteroEmulator}: the framework-free engine (runs in Node and browsers).
 * - {@link createDinteroHandlers}: MSW 2 handlers backed by an engine (needs the optional peer `msw`,
 *   loaded only if installed: everything else here works without it).
 * - {@link startDinteroEmulator}: a real HTTP server with CORS (Node only; loads `node:http` lazily).
 * - {@link MAGIC_PHONE_NUMBERS}, {@link magicPhoneNumber} and {@link SCENARIOS}: pick how a payment
 *   goes, like test card numbers.
 * - {@link EMULATOR_ACCOUNT_ID}, {@link EMULATOR_CLIENT_ID}, {@link EMULATOR_CLIENT_SECRET}: the
 *   credentials its token endpoint accepts.
 * - {@link qrCodeDataUrl}: a QR PNG data URL like the emulator's `qr_code`, for fixtures.
 */
export {
  APP_EXPIRY_MS,
  CONTROL_PREFIX,
  DEFAULT_APPROVE_AFTER_DELAY_MS,
  DEFAULT_SESSION_UPDATED_AT,
  DEFAULT_SLOW_MS,
  EMULATOR_ACCOUNT_ID,
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  PAYMENT_PRODUCT_TYPES,
  REMEMBER_ME_COOKIE,
  SWISH_EXPIRY_MS,
} from './constants';
export { createDinteroEmulator } from './emulator';
export {
  createDinteroHandlers,
  type DinteroHandlers,
  type DinteroHandlersOptions,
  type DinteroMswHandler,
} from './handlers';
export { qrCodeDataUrl, type QrPngOptions } from './png';
export {
  MAGIC_PHONE_NUMBERS,
  SCENARIOS,
  isScenarioName,
  magicPhoneNumber,
  scenarioForPhoneNumber,
  type MagicCountry,
  type ScenarioName,
} from './scenarios';
/** The core's masking, as the emulator's `maskedPhone` and the approval view show numbers. */
export { maskPhoneNumber } from '../core/phone';
export {
  startDinteroEmulator,
  type DinteroEmulatorServer,
  type DinteroEmulatorServerOptions,
} from './server';
export type {
  DinteroEmulator,
  DinteroEmulatorOptions,
  EmulatedOrder,
  EmulatedOrderItem,
  EmulatedSession,
  EmulatedTransaction,
  EmulatorCallbackFetch,
  EmulatorCredentials,
  EmulatorHeaders,
  EmulatorRequest,
  EmulatorResponse,
  LoggedRequest,
  LoggedRoute,
  PendingPaymentRequest,
  SessionSettings,
} from './types';
