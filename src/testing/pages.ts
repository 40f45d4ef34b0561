import { appOf } from '../core/app';
import { CONTROL_PREFIX } from './constants';
import { escapeHtml, html } from './http';
import type { PaymentRequestRecord } from './payments';
import type { EmulatedOrder, EmulatorResponse } from './types';

// The HTML the emulator serves: the return page, the app page a Vipps or MobilePay approval link
// opens, and stand-ins for pages it does not emulate. Plain markup, no script and no inline style,
// so they load under the strictest CSP; everything shown is escaped.

function page(title: string, body: string): EmulatorResponse {
  const head =
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escapeHtml(title)}</title></head>`;
  return html(200, `<!doctype html><html>${head}<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`);
}

const APP_NAMES = { swish: 'Swish', vipps: 'Vipps', mobilepay: 'MobilePay', other: 'the payment app' };

/** A link back to the shop, only to an `http(s):` address. */
function backLink(fallback: string | null): string {
  if (!fallback) return '';
  try {
    const url = new URL(fallback);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return '';
    return `<p><a href="${escapeHtml(url.href)}">Back to the shop</a></p>`;
  } catch {
    return '';
  }
}

/** `1234500` SEK → `SEK 12,345.00`, with the currency's own number of minor digits. */
function formatAmount(order: EmulatedOrder): string {
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency: order.currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(order.amount / 10 ** digits);
  } catch {
    return `${order.amount} (minor units) ${order.currency}`;
  }
}

/** The shop's return page when it has none of its own: says what the return URL carries. */
export function returnPage(url: URL): EmulatorResponse {
  const error = url.searchParams.get('error');
  const transaction = url.searchParams.get('transaction_id');
  const reference = url.searchParams.get('merchant_reference');
  // Without transaction_id or error this is the app's callback: nothing is known here yet.
  const title = error
    ? `Payment not completed (${error})`
    : transaction
      ? 'Payment completed'
      : 'Back from the app: the shop checks the payment';
  const details = [
    transaction ? `<p>Transaction: <code>${escapeHtml(transaction)}</code></p>` : '',
    reference ? `<p>Merchant reference: <code>${escapeHtml(reference)}</code></p>` : '',
  ].join('');
  return page(title, details);
}

export function authenticationPage(): EmulatorResponse {
  return page('Emulated authentication', '');
}

/** The `url` of a created session: Dintero's hosted checkout, which the emulator does not play. */
export function hostedCheckoutPage(sessionId: string): EmulatorResponse {
  return page(
    'Hosted checkout is not emulated',
    `<p>Session <code>${escapeHtml(sessionId)}</code> is paid through the pay endpoint ` +
      `(<code>POST /v1/sessions/{session_id}/pay</code>), as the library does.</p>`,
  );
}

/**
 * What a Vipps or MobilePay approval link opens: the app's landing page, played by the emulator.
 * An `https:` page (on the emulator's origin) works on a desktop too, where no app is installed.
 */
export function appPage(
  record: PaymentRequestRecord,
  order: EmulatedOrder | undefined,
  fallback: string | null,
  now: number,
): EmulatorResponse {
  const app = APP_NAMES[appOf(record.paymentProductType)];
  const title = `Emulated ${app}`;
  const query = fallback ? `?fallback=${encodeURIComponent(fallback)}` : '';
  const action = (verb: string) =>
    `${CONTROL_PREFIX}/app/${encodeURIComponent(record.requestId)}/${verb}${query}`;
  const amount = order ? `<p>Amount: ${escapeHtml(formatAmount(order))}</p>` : '';
  const phone = record.maskedPhone ? `<p>Phone: ${escapeHtml(record.maskedPhone)}</p>` : '';
  if (record.decision !== 'pending' || now >= record.expiresAt) {
    const state = record.decision === 'pending' ? 'expired' : record.decision;
    return page(title, `<p>This payment request is no longer waiting (${state}).</p>${backLink(fallback)}`);
  }
  const form = (verb: string, label: string) =>
    `<form method="post" action="${escapeHtml(action(verb))}"><button type="submit">${label}</button></form>`;
  return page(
    title,
    `${amount}${phone}<p>Approve the payment in ${escapeHtml(app)}?</p>` +
      `${form('approve', 'Approve')}${form('decline', 'Decline')}${backLink(fallback)}`,
  );
}

/** After a decision on the app page. */
export function decisionPage(
  decided: boolean,
  decision: 'approved' | 'declined',
  fallback: string | null,
): EmulatorResponse {
  const title = decided ? `Payment ${decision}` : 'This payment request is no longer waiting';
  return page(title, `<p>The shop's page learns it at its next status check.</p>${backLink(fallback)}`);
}
