import { formatPhoneNumber } from '../src';
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

const VIPPS_CASES: TestCase[] = [
  { scenario: 'approve', outcome: 'Approved at Vipps' },
  { scenario: 'decline', outcome: 'Cancelled at Vipps' },
  { scenario: 'approve_after_delay', outcome: 'Sent to the Vipps app, approves itself after 6 seconds' },
  { scenario: 'server_error', outcome: 'The payment service fails' },
];

/** The number as it is written at home: `070 000 00 03`, `900 00 003`. */
function national(e164: string, method: PaymentMethod): string {
  return method === 'swish'
    ? formatPhoneNumber(`0${e164.slice(3)}`, 'SE')
    : formatPhoneNumber(e164.slice(3), 'NO');
}

export interface TestNumbersProps {
  method: PaymentMethod;
  onUse: (e164: string) => void;
  /** Whether the next payment claims an outdated order (`If-Unmodified-Since`), which Dintero answers with 412. */
  staleOrder: boolean;
  onStaleOrderChange: (stale: boolean) => void;
}

/** Like test card numbers: each of these phone numbers makes the emulator answer in its own way. */
export function TestNumbers({ method, onUse, staleOrder, onStaleOrderChange }: TestNumbersProps) {
  const cases = method === 'swish' ? SWISH_CASES : VIPPS_CASES;
  return (
    <details className="test-numbers">
      <summary>Test numbers</summary>
      <p>This demo pays a Dintero emulator. These numbers decide what happens:</p>
      <ul>
        {cases.map(({ scenario, outcome }) => {
          const e164 = magicPhoneNumber(scenario, method === 'swish' ? 'SE' : 'NO');
          return (
            <li key={scenario}>
              <button type="button" className="link-button" onClick={() => onUse(e164)}>
                {national(e164, method)}
              </button>
              <span>{outcome}</span>
            </li>
          );
        })}
      </ul>
      <p>
        {method === 'swish'
          ? 'Any other number waits for the simulated phone.'
          : 'Any other number, or none, is approved at Vipps.'}
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
