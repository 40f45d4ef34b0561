import { parsePhoneNumber, type PhoneCountry } from '../core/phone';

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
 * - `app_flow`. Vipps / MobilePay answer with `poll_url` instead of a redirect, plus, when no phone
 *   number is given, an `https:` approval link to the emulator's app page (Approve / Decline);
 *   otherwise as `approve`.
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

/** The countries with magic numbers: the four the core's phone field knows. */
export type MagicCountry = PhoneCountry;

/** International digits before the two-digit scenario suffix, per country. */
const MAGIC_PREFIXES: Record<MagicCountry, string> = {
  SE: '467000000',
  NO: '47900000',
  DK: '45200000',
  FI: '3584000000',
};
const MAGIC_COUNTRIES = Object.keys(MAGIC_PREFIXES) as MagicCountry[];

/** The magic phone number (E.164) that selects `scenario`, for the given country (default SE). */
export function magicPhoneNumber(scenario: ScenarioName, country: MagicCountry = 'SE'): string {
  return `+${MAGIC_PREFIXES[country]}${String(SCENARIOS.indexOf(scenario) + 1).padStart(2, '0')}`;
}

/**
 * Magic phone numbers, like test card numbers: paying with one of them picks its scenario.
 *
 * Scheme: a mobile number per country ending in `NN`, the scenario's two-digit position in
 * {@link SCENARIOS} (01 = approve … 15 = app_flow):
 *
 * | country | international      | typed nationally  | for                |
 * |---------|--------------------|-------------------|--------------------|
 * | SE      | `+46 70 000 00 NN` | `070 000 00 NN`   | Swish              |
 * | NO      | `+47 900 000 NN`   | `900 000 NN`      | Vipps              |
 * | DK      | `+45 200 000 NN`   | `200 000 NN`      | MobilePay (Danish) |
 * | FI      | `+358 40 000 00NN` | `040 000 00NN`    | MobilePay (Finnish)|
 *
 * Any country's number selects its scenario with any product type, written with `+`, `00` or
 * nationally. The pay call takes digits only (Dintero's `^\+?\d{5,15}$`), so `20000003` or
 * `0400000003`; {@link scenarioForPhoneNumber} also reads spaces and dashes.
 *
 * | Swedish number  | scenario              |
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
  Object.fromEntries(SCENARIOS.map((name) => [name, magicPhoneNumber(name)])) as Record<ScenarioName, string>,
);

/**
 * A number in E.164 as the core reads it, trying each of `countries` for a national number in
 * turn; `undefined` when none reads it. Every magic prefix differs from the others in its national
 * form too (`070…`, `900…`, `200…`, `040…`), so the order of `countries` never changes a scenario.
 */
export function internationalForm(
  phone: string,
  countries: readonly MagicCountry[] = MAGIC_COUNTRIES,
): string | undefined {
  for (const country of countries) {
    const parsed = parsePhoneNumber(phone, country);
    if (parsed.ok) return parsed.e164;
  }
  return undefined;
}

/** Every magic number (E.164) of every country, to its scenario. */
const SCENARIO_BY_NUMBER: ReadonlyMap<string, ScenarioName> = new Map(
  MAGIC_COUNTRIES.flatMap((country) =>
    SCENARIOS.map((name) => [magicPhoneNumber(name, country), name] as const),
  ),
);

/**
 * The scenario a magic phone number selects, or `undefined` for any other number. National forms
 * are read in every magic country (`070 000 00 04`, `200 000 04`, `040 000 0004`).
 */
export function scenarioForPhoneNumber(phone: string | undefined): ScenarioName | undefined {
  if (!phone) return undefined;
  for (const country of MAGIC_COUNTRIES) {
    const scenario = SCENARIO_BY_NUMBER.get(internationalForm(phone, [country]) ?? '');
    if (scenario) return scenario;
  }
  return undefined;
}

/**
 * Scenarios whose point is in the poll answers: Vipps and MobilePay take the poll flow for them
 * (otherwise they pay on the redirect flow, as Dintero's hosted pages do).
 */
const POLL_SCENARIOS: ReadonlySet<ScenarioName> = new Set<ScenarioName>([
  'approve_after_delay',
  'poll_not_found',
  'poll_server_errors',
  'expire',
  'app_flow',
]);

export function needsPollFlow(scenario: ScenarioName): boolean {
  return POLL_SCENARIOS.has(scenario);
}
