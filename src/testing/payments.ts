import { appOf } from '../core/app';
import { maskPhoneNumber } from '../core/phone';
import { APP_EXPIRY_MS, DEFAULT_APPROVE_AFTER_DELAY_MS, SWISH_EXPIRY_MS } from './constants';
import { randomHex } from './http';
import { recordApproval } from './merchant';
import { internationalForm, type MagicCountry, type ScenarioName } from './scenarios';
import { later, type EmulatorState } from './state';
import type { PendingPaymentRequest } from './types';

// The payment model: payment requests, the shopper's decisions, automatic decisions and expiry.
// Time is always the emulator's clock (`state.now`), never the timer: a test moves the clock and
// the next answer tells.

export type Decision = 'pending' | 'approved' | 'declined';

export interface PaymentRequestRecord extends PendingPaymentRequest {
  decision: Decision;
  /** As given on pay (undefined for the app-switch flow): a repeated pay must match it. */
  phoneNumber?: string;
  /** The pay answer's body, sent again when the same pay is repeated while the request is live. */
  answer: string;
  /** Time at which the request decides itself, if it does. */
  autoDecideAt?: number;
  autoDecision?: Exclude<Decision, 'pending'>;
  polls: number;
  transactionId: string;
}

/** National numbers are read in the countries of the product's app (MobilePay is Danish and Finnish). */
const APP_COUNTRIES: Record<ReturnType<typeof appOf>, readonly MagicCountry[]> = {
  swish: ['SE'],
  vipps: ['NO'],
  mobilepay: ['DK', 'FI'],
  other: ['SE'],
};

/** The number as the core masks it (`+45 ••• •• 56`), read in the app's countries first. */
function maskedPhoneOf(phone: string, paymentProductType: string): string {
  return maskPhoneNumber(internationalForm(phone, APP_COUNTRIES[appOf(paymentProductType)]) ?? phone);
}

function lifetimeOf(state: EmulatorState, paymentProductType: string): number {
  return appOf(paymentProductType) === 'swish'
    ? (state.options.swishExpiryMs ?? SWISH_EXPIRY_MS)
    : (state.options.appExpiryMs ?? APP_EXPIRY_MS);
}

/** When and how a scenario decides a request by itself, if it does. */
function automaticDecision(
  state: EmulatorState,
  scenario: ScenarioName,
  createdAt: number,
): Pick<PaymentRequestRecord, 'autoDecideAt' | 'autoDecision'> {
  const { approveAfterMs, declineAfterMs } = state.options;
  if (scenario === 'approve' && approveAfterMs !== undefined) {
    return { autoDecideAt: createdAt + approveAfterMs, autoDecision: 'approved' };
  }
  if (scenario === 'approve_after_delay') {
    return {
      autoDecideAt: createdAt + (approveAfterMs ?? DEFAULT_APPROVE_AFTER_DELAY_MS),
      autoDecision: 'approved',
    };
  }
  if (scenario === 'decline')
    return { autoDecideAt: createdAt + (declineAfterMs ?? 0), autoDecision: 'declined' };
  return {};
}

/** A new payment request (not yet stored: only a request on the poll flow is kept). */
export function newPaymentRequest(
  state: EmulatorState,
  input: { sessionId: string; paymentProductType: string; phone?: string; scenario: ScenarioName },
): PaymentRequestRecord {
  state.counter += 1;
  const createdAt = state.now();
  const { sessionId, paymentProductType, phone, scenario } = input;
  return {
    sessionId,
    requestId: `pr${String(state.counter).padStart(4, '0')}${randomHex(12)}`,
    paymentProductType,
    ...(phone !== undefined
      ? { maskedPhone: maskedPhoneOf(phone, paymentProductType), phoneNumber: phone }
      : {}),
    scenario,
    createdAt,
    expiresAt: createdAt + lifetimeOf(state, paymentProductType),
    decision: 'pending',
    ...automaticDecision(state, scenario, createdAt),
    answer: '',
    polls: 0,
    transactionId: `P${String(10000000 + state.counter)}.${randomHex(20)}`,
  };
}

/**
 * Keeps a request on the poll flow. A session whose server wants callbacks hears of an automatic
 * approval when it is due, even if nobody polls (Dintero calls `callback_url` on its own).
 */
export function storePaymentRequest(state: EmulatorState, record: PaymentRequestRecord): void {
  state.paymentRequests.set(record.requestId, record);
  const session = state.sessions.get(record.sessionId);
  if (record.autoDecision === 'approved' && record.autoDecideAt !== undefined && session?.url?.callback_url) {
    later(state, record.autoDecideAt - state.now(), () => {
      if (state.paymentRequests.get(record.requestId) === record) settle(state, record);
    });
  }
}

function approve(state: EmulatorState, record: PaymentRequestRecord): void {
  record.decision = 'approved';
  recordApproval(state, record);
}

/** Applies an automatic decision once its time has come; expired requests never decide. */
export function settle(state: EmulatorState, record: PaymentRequestRecord): void {
  if (record.decision !== 'pending' || record.autoDecideAt === undefined || !record.autoDecision) return;
  const at = state.now();
  if (at < record.autoDecideAt || at >= record.expiresAt) return;
  if (record.autoDecision === 'approved') approve(state, record);
  else record.decision = record.autoDecision;
}

/** The shopper's decision in the app; false when the request is no longer pending or never decides. */
export function decide(
  state: EmulatorState,
  requestId: string,
  decision: Exclude<Decision, 'pending'>,
): boolean {
  const record = state.paymentRequests.get(requestId);
  if (!record) return false;
  settle(state, record);
  if (record.decision !== 'pending' || record.scenario === 'expire' || state.now() >= record.expiresAt) {
    return false;
  }
  if (decision === 'approved') approve(state, record);
  else record.decision = decision;
  return true;
}

/** A redirect-flow payment: paid at once, with no request kept. */
export function payByRedirect(state: EmulatorState, record: PaymentRequestRecord): void {
  state.paidByRedirect.add(record.sessionId);
  recordApproval(state, record);
}

function requestsOf(state: EmulatorState, sessionId: string): PaymentRequestRecord[] {
  return [...state.paymentRequests.values()].filter((record) => record.sessionId === sessionId);
}

/** The session's live payment request (pending and not expired), if any. */
export function liveRequestOf(state: EmulatorState, sessionId: string): PaymentRequestRecord | undefined {
  const at = state.now();
  return requestsOf(state, sessionId).find((record) => {
    settle(state, record);
    return record.decision === 'pending' && at < record.expiresAt;
  });
}

export function isPaid(state: EmulatorState, sessionId: string): boolean {
  if (state.paidByRedirect.has(sessionId)) return true;
  return requestsOf(state, sessionId).some((record) => {
    settle(state, record);
    return record.decision === 'approved';
  });
}

/** Requests still waiting for the shopper and not expired, oldest first, without private fields. */
export function pendingList(state: EmulatorState): PendingPaymentRequest[] {
  const at = state.now();
  const list: PendingPaymentRequest[] = [];
  for (const record of state.paymentRequests.values()) {
    settle(state, record);
    if (record.decision !== 'pending' || at >= record.expiresAt) continue;
    const { sessionId, requestId, paymentProductType, maskedPhone, scenario, createdAt, expiresAt } = record;
    list.push({
      sessionId,
      requestId,
      paymentProductType,
      ...(maskedPhone ? { maskedPhone } : {}),
      scenario,
      createdAt,
      expiresAt,
    });
  }
  return list;
}
