import { KNOWN_PAYMENT_PRODUCT_TYPES } from '../core/pay-request';
import { APP_TIMEOUT_MS, SWISH_TIMEOUT_MS } from '../core/polling-policy';

/** The `updated_at` of sessions the emulator creates, unless configured otherwise. */
export const DEFAULT_SESSION_UPDATED_AT = '2025-01-01T12:00:00.000Z';
/** How late the `slow` scenario answers, unless `slowMs` says otherwise. */
export const DEFAULT_SLOW_MS = 3000;
/** When `approve_after_delay` approves by itself, unless `approveAfterMs` says otherwise. */
export const DEFAULT_APPROVE_AFTER_DELAY_MS = 6000;
/** Lifetime of a Swish payment request: the core's `SWISH_TIMEOUT_MS` (3 minutes) under its older name. */
export const SWISH_EXPIRY_MS: number = SWISH_TIMEOUT_MS;
/** Lifetime of a Vipps or MobilePay request: the core's `APP_TIMEOUT_MS` (10 minutes) under its older name. */
export const APP_EXPIRY_MS: number = APP_TIMEOUT_MS;
/** Control API prefix (same origin as the API): pending list, approve, decline, reset, app pages. */
export const CONTROL_PREFIX = '/__emulator';
/**
 * The `payment_product_type` values Dintero documents for Swish, Vipps and MobilePay (the core's
 * `KNOWN_PAYMENT_PRODUCT_TYPES`); the emulator answers 400 for any other (see the
 * `paymentProductTypes` option).
 */
export const PAYMENT_PRODUCT_TYPES: readonly string[] = KNOWN_PAYMENT_PRODUCT_TYPES;
/**
 * Name of the signed customer cookie a pay with `remember_me: true` sets and `false` clears. Dintero
 * does not publish its name; this one is the emulator's own.
 */
export const REMEMBER_ME_COOKIE = 'dintero_remember_me';

/**
 * The test account the emulator plays (Dintero's test accounts start with `T`): the `account_id` of
 * its token endpoint and the prefix of the session ids it creates.
 */
export const EMULATOR_ACCOUNT_ID = 'T12345678';
/** The client id the emulator's token endpoint accepts (HTTP Basic user). Not a real credential. */
export const EMULATOR_CLIENT_ID = 'emulator-client-id';
/** The client secret the emulator's token endpoint accepts (HTTP Basic password). Not a real credential. */
export const EMULATOR_CLIENT_SECRET = 'emulator-client-secret';
/** `expires_in` of the emulator's access tokens unless `tokenExpiresIn` says otherwise: Dintero's 4 hours. */
export const DEFAULT_TOKEN_EXPIRES_IN = 14_400;
