import { formatPhoneNumber, type PhoneCountry } from '../src';
import { magicPhoneNumber, type ScenarioName } from '../src/testing/scenarios';
import type { PaymentMethod } from './order';

interface TestCase {
  scenario: ScenarioName;
  outcome: string;
}

// Every scenario the README lists, in the order of their numbers (…01 to …15).
const SWISH_CASES: TestCase[] = [
  { scenario: 'approve', outcome: 'Waits for you to approve on the simulated phone' },
  { scenario: 'approve_after_delay', outcome: 'Approves itself after 6 seconds' },
  { scenario: 'decline', outcome: 'Declined in the app' },
  { scenario: 'rejected', outcome: 'Refused by the bank for good' },
  { scenario: 'action_required', outcome: 'Needs an extra step this page cannot do' },
  { scenario: 'bad_request', outcome: 'Number not accepted' },
  { scenario: 'session_not_found', outcome: 'The payment session is unknown (404)' },
  { scenario: 'poll_not_found', outcome: 'The status check cannot find the request (404)' },
  { scenario: 'rate_limited', outcome: 'Too many attempts (429, wait 2 seconds)' },
  { scenario: 'server_error', outcome: 'The payment service fails' },
  { scenario: 'poll_server_errors', outcome: 'Connection trouble, then waits for approval' },
  { scenario: 'slow', outcome: 'Every answer takes 3 seconds' },
  { scenario: 'expire', outcome: 'Never answered: expires after 3 minutes' },
  { scenario: 'malformed', outcome: 'The service answers with an HTML page' },
  { scenario: 'app_flow', outcome: 'As approve (the app flow is for Vipps and MobilePay)' },
];

/** Vipps and MobilePay: the same scenarios, in the app's name. */
function appCases(app: string): TestCase[] {
  return [
    { scenario: 'approve', outcome: `Approved at ${app}` },
    { scenario: 'decline', outcome: `Cancelled at ${app}` },
    { scenario: 'approve_after_delay', outcome: `Sent to the ${app} app, approves itself after 6 seconds` },
    { scenario: 'app_flow', outcome: `Sent to the ${app} app: approve it on the simulated phone` },
    { scenario: 'server_error', outcome: 'The payment service fails' },
  ];
}

const CASES: Record<PaymentMethod, TestCase[]> = {
  swish: SWISH_CASES,
  vipps: appCases('Vipps'),
  mobilepay: appCases('MobilePay'),
};

/** Digits of the calling code of each country. */
const CALLING_CODES: Record<PhoneCountry, string> = { SE: '46', NO: '47', DK: '45', FI: '358' };
/** Countries whose national numbers start with a trunk 0 (`070…`, `040…`); Norway and Denmark have none. */
const TRUNK_ZERO: Record<PhoneCountry, boolean> = { SE: true, NO: false, DK: false, FI: true };

/** The number as it is written at home: `070 000 00 03`, `900 00 003`, `20 00 00 03`, `040 000 0003`. */
function national(e164: string, country: PhoneCountry): string {
  const digits = e164.slice(1 + CALLING_CODES[country].length);
  return formatPhoneNumber(`${TRUNK_ZERO[country] ? '0' : ''}${digits}`, country);
}

export interface TestNumbersProps {
  method: PaymentMethod;
  /** The country whose numbers are listed (MobilePay: Denmark or Finland). */
  country: PhoneCountry;
  onUse: (e164: string) => void;
  /** Whether the next payment claims an outdated order (`If-Unmodified-Since`), which Dintero answers with 412. */
  staleOrder: boolean;
  onStaleOrderChange: (stale: boolean) => void;
}

/** Like test card numbers: each of these phone numbers makes the emulator answer in its own way. */
export function TestNumbers({ method, country, onUse, staleOrder, onStaleOrderChange }: TestNumbersProps) {
  const cases = CASES[method];
  return (
    <details className="test-numbers">
      <summary>Test numbers</summary>
      <p>This demo pays a Dintero emulator. These numbers decide what happens:</p>
      <ul>
        {cases.map(({ scenario, outcome }) => {
          const e164 = magicPhoneNumber(scenario, country);
          return (
            <li key={scenario}>
              <button type="button" className="link-button" onClick={() => onUse(e164)}>
                {national(e164, country)}
              </button>
              <span>{outcome}</span>
            </li>
          );
        })}
      </ul>
      <p>
        {method === 'swish'
          ? 'Any other number waits for the simulated phone.'
          : method === 'vipps'
            ? 'Any other number, or none, is approved at Vipps.'
            : 'Any other number is approved at MobilePay.'}
      </p>
      <label className="test-toggle">
        <input
          type="checkbox"
          checked={staleOrder}
          onChange={(event) => onStaleOrderChange(event.currentTarget.checked)}
        />
        <span>The order changed in another tab (the payment service answers 412)</span>
      </label>
    </details>
  );
}
