import type { AuthenticationOperation } from './schemas';

/** Every way a payment attempt can go wrong, as one closed set. */
export type PayErrorKind =
  | 'network'
  | 'offline'
  | 'timeout'
  | 'invalid_request'
  | 'session_not_found'
  | 'session_changed'
  | 'rate_limited'
  | 'server'
  | 'invalid_response'
  | 'unsafe_url'
  | 'rejected'
  | 'action_required';

export interface PayErrorDetails {
  /** Request field the error is about, e.g. `phone_number`; lets the UI focus that field. */
  field?: string;
  /** Dintero's machine-readable code (error body `code` or `error_details[].code`). */
  code?: string;
  /** `error_details[].category`, e.g. `permanent`. */
  category?: string;
  /** How long to wait before trying again (from `Retry-After`). */
  retryAfterMs?: number;
  /** Operations Dintero asked the shopper to complete (never acted on automatically). */
  operations?: AuthenticationOperation[];
  /** HTTP status of the answer, when there was one. */
  httpStatus?: number;
  /** Overrides the default retryability of the kind. */
  retryable?: boolean;
}

/** Whether pressing "try again" may help, by kind; `rejected` depends on the category. */
const RETRYABLE_BY_KIND: Record<PayErrorKind, boolean> = {
  network: true,
  offline: true,
  timeout: true,
  invalid_request: false,
  session_not_found: false,
  // Retrying with the same body is exactly what must not happen: the order changed.
  session_changed: false,
  rate_limited: true,
  server: true,
  invalid_response: false,
  unsafe_url: false,
  rejected: true,
  action_required: false,
};

// Developer-facing text. Shoppers see catalogue messages chosen by kind/code, never this and never
// server text, so it can be logged safely: it holds no phone number and nothing from the response.
const DESCRIPTIONS: Record<PayErrorKind, string> = {
  network: 'The request could not reach the payment server.',
  offline: 'The device is offline; no request was sent.',
  timeout: 'The payment server did not answer in time.',
  invalid_request: 'The payment server refused the request as invalid (400).',
  session_not_found: 'The payment session or request was not found (404).',
  session_changed: 'The payment session changed since it was loaded (412).',
  rate_limited: 'Too many requests (429).',
  server: 'The payment server failed (5xx).',
  invalid_response: 'The payment server sent an answer the library does not understand.',
  unsafe_url: 'The payment server sent a URL the library refuses to open or request.',
  rejected: 'The payment was declined.',
  action_required: 'The payment needs an extra step from the shopper.',
};

/** A typed, safe-to-log error. Its `message` never contains server text or personal data. */
export class PayError extends Error {
  override readonly name = 'PayError';
  readonly kind: PayErrorKind;
  readonly retryable: boolean;
  readonly field?: string;
  readonly code?: string;
  readonly category?: string;
  readonly retryAfterMs?: number;
  readonly operations?: AuthenticationOperation[];
  readonly httpStatus?: number;

  constructor(kind: PayErrorKind, details: PayErrorDetails = {}) {
    super(DESCRIPTIONS[kind]);
    this.kind = kind;
    this.retryable =
      details.retryable ??
      (kind === 'rejected' ? details.category !== 'permanent' : RETRYABLE_BY_KIND[kind]);
    if (details.field !== undefined) this.field = details.field;
    if (details.code !== undefined) this.code = details.code;
    if (details.category !== undefined) this.category = details.category;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.operations !== undefined) this.operations = details.operations;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
  }
}

export function isPayError(value: unknown): value is PayError {
  return value instanceof PayError;
}
