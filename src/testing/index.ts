/**
 * `react-dintero-pay/testing`: an emulator of Dintero Checkout's pay and poll endpoints for tests,
 * stories and demos.
 *
 * - {@link createDinteroEmulator}: the framework-free engine (runs in Node and browsers).
 * - {@link createDinteroHandlers}: MSW 2 handlers backed by an engine (needs the optional peer `msw`,
 *   loaded only if installed: everything else here works without it).
 * - {@link startDinteroEmulator}: a real HTTP server with CORS (Node only; loads `node:http` lazily).
 * - {@link MAGIC_PHONE_NUMBERS} and {@link SCENARIOS}: pick how a payment goes, like test card numbers.
 * - {@link qrCodeDataUrl}: the QR PNG data URLs the emulator sends as `qr_code`.
 */
export {
  APP_EXPIRY_MS,
  CONTROL_PREFIX,
  DEFAULT_APPROVE_AFTER_DELAY_MS,
  DEFAULT_SESSION_UPDATED_AT,
  DEFAULT_SLOW_MS,
  PAYMENT_PRODUCT_TYPES,
  REMEMBER_ME_COOKIE,
  SWISH_EXPIRY_MS,
  createDinteroEmulator,
  type DinteroEmulator,
  type DinteroEmulatorOptions,
  type EmulatedSession,
  type EmulatorRequest,
  type EmulatorResponse,
  type LoggedRequest,
  type LoggedRoute,
  type PendingPaymentRequest,
  type SessionSettings,
} from './emulator';
export { createDinteroHandlers, type DinteroHandlers, type DinteroHandlersOptions } from './handlers';
export { DEFAULT_QR_SIZE, encodeMonochromePng, encodeQrPng, qrCodeDataUrl, type QrPngOptions } from './png';
export {
  MAGIC_PHONE_NUMBERS,
  SCENARIOS,
  isScenarioName,
  magicPhoneNumber,
  maskPhoneNumber,
  scenarioForPhoneNumber,
  type MagicCountry,
  type ScenarioName,
} from './scenarios';
export {
  startDinteroEmulator,
  type DinteroEmulatorServer,
  type DinteroEmulatorServerOptions,
} from './server';
