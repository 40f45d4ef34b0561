/**
 * How the emulator answers a payment. Pick one with a magic phone number, the emulator's
 * `scenario` option, or `emulator.setScenario(sessionId, name)`. "Pay" is the pay answer, "poll"
 * what polls answer afterwards.
 *
 * - `approve` (default). Pay: 200, the poll flow for Swish, a redirect for Vipps / MobilePay.
 *   Poll: 202 until `approve()` (or `approveAfterMs`), then 200 with `redirect_url`.
 * - `approve_after_delay`. Pay: as `approve`. Poll: 202 for `approveAfterMs` (default 6 s), then 200
 *   with `redirect_url`.
 * - `decline`. Pay: as `approve`. Poll: 200 without `redirect_url` (`keep_polling: false`) from
 *   `declineAfterMs` on (default 0). On the Vipps / MobilePay redirect flow the redirect carries
 *   `error=cancelled`.
 * - `rejected`. Pay: 200 `success: false`, `error: 'Rejected'`, `error_details` with `wrong_ssn`,
 *   `permanent`, `phone_number`.
 * - `action_required`. Pay: 200 `success: false`, `error_details` with `authentication_operations`
 *   (`rel: '3d-secure-init-hosted'`, `POST`, `application/json`).
 * - `bad_request`. Pay: 400 error body with `errors: [{ field: 'phone_number' }]`.
 * - `session_not_found`. Pay: 404 error body.
 * - `poll_not_found`. Pay: as `approve`. Poll: 404 error body.
 * - `rate_limited`. Pay: 429 error body with `Retry-After: 2`.
 * - `server_error`. Pay: 500 error body.
 * - `poll_server_errors`. Pay: as `approve`. Poll: 3 × 503 (`Retry-After: 1`), then as `approve`.
 * - `slow`. As `approve`, but every pay and poll answer comes `slowMs` (default 3 s) late.
 * - `expire`. Pay: as `approve`. Poll: 202 forever; never approved, not even by `approve()`.
 * - `malformed`. Pay: 200 with an HTML body and `Content-Type: text/html`.
 * - `app_flow`. Vipps / MobilePay answer with `poll_url` (plus an app link when no phone is given)
 *   instead of a redirect; otherwise as `approve`.
 *
 * Vipps and MobilePay use the poll flow for every scenario whose point is in the poll answers
 * (`approve_after_delay`, `poll_not_found`, `poll_server_errors`, `expire`, `app_flow`).
 *
 * `expire` mirrors what is known of Dintero: nothing says the poll endpoint ever answers
 * "expired", so polls keep answering 202 after the ~3 min (Swish) / ~10 min (Vipps, MobilePay)
 * lifetime and the client's own deadline has to decide. `pending()` stops listing the request then.
 */
export type ScenarioName =
  | 'approve'
  | 'approve_after_delay'
  | 'decline'
  | 'rejected'
  | 'action_required'
  | 'bad_request'
  | 'session_not_found'
  | 'poll_not_found'
  | 'rate_limited'
  | 'server_error'
  | 'poll_server_errors'
  | 'slow'
  | 'expire'
  | 'malformed'
  | 'app_flow';

/** Every scenario, in the order of their magic phone numbers (index + 1 is the number's suffix). */
export const SCENARIOS: readonly ScenarioName[] = [
  'approve',
  'approve_after_delay',
  'decline',
  'rejected',
  'action_required',
  'bad_request',
  'session_not_found',
  'poll_not_found',
  'rate_limited',
  'server_error',
  'poll_server_errors',
  'slow',
  'expire',
  'malformed',
  'app_flow',
];

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value);
}

/**
 * Magic phone numbers, like test card numbers: paying with one of them picks its scenario.
 *
 * Scheme: the Swedish mobile number `+46 70 000 00 NN`, where `NN` is the scenario's two-digit
 * position in {@link SCENARIOS} (01 = approve … 15 = app_flow). The same suffix works on the
 * Norwegian `+47 900 000 NN`, Danish `+45 200 000 NN` and Finnish `+358 40 000 00NN` numbers for
 * Vipps and MobilePay tests, and typed nationally (`070 000 00 03`) too.
 *
 * | number          | scenario              |
 * |-----------------|-----------------------|
 * | +46700000001    | approve               |
 * | +46700000002    | approve_after_delay   |
 * | +46700000003    | decline               |
 * | +46700000004    | rejected              |
 * | +46700000005    | action_required       |
 * | +46700000006    | bad_request           |
 * | +46700000007    | session_not_found     |
 * | +46700000008    | poll_not_found        |
 * | +46700000009    | rate_limited          |
 * | +46700000010    | server_error          |
 * | +46700000011    | poll_server_errors    |
 * | +46700000012    | slow                  |
 * | +46700000013    | expire                |
 * | +46700000014    | malformed             |
 * | +46700000015    | app_flow              |
 *
 * Any other valid number uses the session's or the emulator's scenario (default `approve`).
 */
export const MAGIC_PHONE_NUMBERS: Readonly<Record<ScenarioName, string>> = Object.freeze(
  Object.fromEntries(SCENARIOS.map((name, i) => [name, `+467000000${suffixOf(i)}`])) as Record<
    ScenarioName,
    string
  >,
);

export type MagicCountry = 'SE' | 'NO' | 'DK' | 'FI';

/** International digits before the two-digit scenario suffix, per country. */
const MAGIC_PREFIXES: Record<MagicCountry, string> = {
  SE: '467000000',
  NO: '47900000',
  DK: '45200000',
  FI: '3584000000',
};

function suffixOf(index: number): string {
  return String(index + 1).padStart(2, '0');
}

/** The magic phone number (E.164) that selects `scenario`, for the given country (default SE). */
export function magicPhoneNumber(scenario: ScenarioName, country: MagicCountry = 'SE'): string {
  return `+${MAGIC_PREFIXES[country]}${suffixOf(SCENARIOS.indexOf(scenario))}`;
}

/** International digits of a phone number; a national Swedish `07…` becomes `467…`. */
function internationalDigits(phone: string): string {
  const digits = phone.replace(/[^\d]/g, '');
  if (phone.trim().startsWith('+')) return digits;
  if (digits.startsWith('00')) return digits.slice(2);
  if (digits.startsWith('07')) return `46${digits.slice(1)}`;
  return digits;
}

/** The scenario a magic phone number selects, or `undefined` for any other number. */
export function scenarioForPhoneNumber(phone: string | undefined): ScenarioName | undefined {
  if (!phone) return undefined;
  const digits = internationalDigits(phone);
  for (const prefix of Object.values(MAGIC_PREFIXES)) {
    if (digits.length === prefix.length + 2 && digits.startsWith(prefix)) {
      return SCENARIOS[Number(digits.slice(prefix.length)) - 1];
    }
  }
  return undefined;
}

const COUNTRY_CODES = ['358', '46', '47', '45'];

/**
 * A phone number with everything but the country code and the last two digits hidden, e.g.
 * `+46 ••• •• 67`: enough for a simulated phone to show which request is whose, never the number.
 */
export function maskPhoneNumber(phone: string): string {
  const digits = internationalDigits(phone);
  const country = COUNTRY_CODES.find((code) => digits.startsWith(code)) ?? digits.slice(0, 2);
  return `+${country} ••• •• ${digits.slice(-2)}`;
}
