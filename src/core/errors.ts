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

/** Details of a `PayError`; `null` and `undefined` both mean "not given". */
export interface PayErrorDetails {
  /** Request field the error is about, e.g. `phone_number`; lets the UI focus that field. */
  field?: string | null;
  /** Dintero's machine-readable code (error body `code` or `error_details[].code`). */
  code?: string | null;
  /** `error_details[].category`, e.g. `permanent`. */
  category?: string | null;
  /** How long to wait before trying again (from `Retry-After`). */
  retryAfterMs?: number;
  /** Operations Dintero asked the shopper to complete (never acted on automatically). */
  operations?: AuthenticationOperation[];
  /** HTTP status of the answer, when there was one. */
  httpStatus?: number;
  /** Overrides the default retryability of the kind. */
  retryable?: boolean;
}

/** Kinds after which trying the same thing again cannot help; `rejected` depends on the category. */
const NOT_RETRYABLE: readonly PayErrorKind[] = [
  'invalid_request',
  'session_not_found',
  // Retrying with the same body is exactly what must not happen: the order changed.
  'session_changed',
  'invalid_response',
  'unsafe_url',
  'action_required',
];

/**
 * A typed, safe-to-log error. Its `message` names only the kind: it never carries server text or
 * personal data, and shoppers see catalogue messages chosen by kind and code instead.
 */
export class PayError extends Error {
  override readonly name = 'PayError';
  // Declared, not initialised: the constructor creates them, in this order, right after `name`.
  declare readonly kind: PayErrorKind;
  declare readonly retryable: boolean;
  declare readonly field?: string;
  declare readonly code?: string;
  declare readonly category?: string;
  declare readonly retryAfterMs?: number;
  declare readonly operations?: AuthenticationOperation[];
  declare readonly httpStatus?: number;

  constructor(kind: PayErrorKind, { retryable, ...details }: PayErrorDetails = {}) {
    super(`react-dintero-pay: ${kind}`);
    this.kind = kind;
    this.retryable =
      retryable ?? (kind === 'rejected' ? details.category !== 'permanent' : !NOT_RETRYABLE.includes(kind));
    // Only the details that are set become own properties, so errors compare and print cleanly.
    for (const [key, value] of Object.entries(details)) {
      if (value != null) Object.assign(this, { [key]: value });
    }
  }
}

export function isPayError(value: unknown): value is PayError {
  return value instanceof PayError;
}

/**
 * The field an error asks the shopper to fix, if any. Not for a permanent refusal: a red field
 * whose text says the method cannot be used is no way forward.
 */
export function blamedField(error: Pick<PayError, 'field' | 'category'> | undefined): string | undefined {
  return error?.field && error.category !== 'permanent' ? error.field : undefined;
}
