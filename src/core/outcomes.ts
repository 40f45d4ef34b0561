import { PayError, type PayErrorKind } from './errors';
import type { HttpResult } from './http';
import { scrubPhoneNumber } from './phone';
import {
  authenticationOperationSchema,
  type ErrorDetail,
  type PayResponse,
  type PollResponse,
} from './schemas';
import {
  checkApprovalLinks,
  checkPollUrl,
  checkRedirectUrl,
  isOperationAllowed,
  type PollUrlGuardOptions,
} from './url-guards';
import { z } from './zod';

/** What a pay answer means, after every URL in it has passed its guard. */
export type PayOutcome =
  | { type: 'redirect'; redirectUrl: string }
  | { type: 'poll'; pollUrl: string; approvalUrl?: string; qrCode?: string }
  | { type: 'declined'; error: PayError }
  | { type: 'action_required'; error: PayError }
  | { type: 'failed'; error: PayError };

/** What a poll answer means. `retry` is a passing problem: keep checking, with backoff. */
export type PollOutcome =
  | { type: 'pending'; pollUrl?: string }
  | { type: 'redirect'; redirectUrl: string }
  | { type: 'declined'; error: PayError }
  | { type: 'failed'; error: PayError }
  | { type: 'retry'; error: PayError };

export type UrlPolicy = PollUrlGuardOptions;

export interface InterpretOptions {
  /**
   * The phone number the pay request carried (E.164). Every string the outcome puts in a `PayError`
   * (code, category, field, operations) is scrubbed of it, in any form a shopper could type it.
   * URLs the library must use as given (`redirect_url`, `approval_url`, `poll_url`) are not.
   */
  phoneNumber?: string;
}

/**
 * A copy of `value` with `phoneNumber` scrubbed from every string in it (`value` itself when there
 * is no number). Only JSON data goes through here: error details and operations.
 */
function scrubbed<T>(value: T, phoneNumber: string | undefined): T {
  if (!phoneNumber) return value;
  return JSON.parse(JSON.stringify(value), (_key, item: unknown) =>
    typeof item === 'string' ? scrubPhoneNumber(item, phoneNumber) : item,
  ) as T;
}

function detailsOf(detail: ErrorDetail | undefined, phoneNumber: string | undefined) {
  return scrubbed({ code: detail?.code, category: detail?.category, field: detail?.field }, phoneNumber);
}

/**
 * The operations of an answer the library may pass on: complete, scrubbed, then allowed by the
 * guard (so what is passed on is exactly what passed it). Anything else is dropped.
 */
function usableOperations(raw: readonly unknown[], policy: UrlPolicy, phoneNumber: string | undefined) {
  return raw.flatMap((candidate) => {
    const parsed = z.safeParse(authenticationOperationSchema, candidate);
    const operation = parsed.success && scrubbed(parsed.data, phoneNumber);
    return operation && isOperationAllowed(operation, policy) ? [operation] : [];
  });
}

/** An error passed on from the client, scrubbed; the very same error when there is nothing to scrub. */
function scrubError(error: PayError, phoneNumber: string | undefined): PayError {
  // The error's own fields (`message` is not one of them): its details, and `retryable` as it was.
  const { name: _name, kind, ...details } = error;
  const clean = scrubbed(details, phoneNumber);
  return JSON.stringify(clean) === JSON.stringify(details) ? error : new PayError(kind, clean);
}

function unsafe(): { type: 'failed'; error: PayError } {
  return { type: 'failed', error: new PayError('unsafe_url') };
}

/** A `redirect_url` of a pay or poll answer: followed only when it passes its guard. */
function redirectTo(raw: string, policy: UrlPolicy) {
  const redirect = checkRedirectUrl(raw, policy);
  return redirect.ok ? ({ type: 'redirect', redirectUrl: redirect.url } as const) : unsafe();
}

/**
 * What a pay answer means. `options.phoneNumber` (the number the request carried) is scrubbed from
 * every string put in an error.
 */
export function interpretPayAnswer(
  result: HttpResult<PayResponse>,
  policy: UrlPolicy,
  options?: InterpretOptions,
): PayOutcome {
  const phoneNumber = options?.phoneNumber;
  if (!result.ok) return { type: 'failed', error: scrubError(result.error, phoneNumber) };
  const answer = result.data;
  const details = answer.error_details ?? [];
  const declined = !answer.success || Boolean(answer.error);

  const withOperations = details.find((d) => d.authentication_operations?.length);
  if (withOperations) {
    // Only complete operations with a known rel, a plain method and a safe https target are passed
    // on, and even those only to the merchant's callback: the library never follows them itself.
    // (`find` above only matches details that have operations.)
    const operations = usableOperations(withOperations.authentication_operations!, policy, phoneNumber);
    // Nothing usable left: a decline stays a decline (with its code and "choose another method");
    // anything else still asks for a step, one the library cannot offer.
    if (operations.length > 0 || !answer.error) {
      return {
        type: 'action_required',
        error: new PayError('action_required', { ...detailsOf(withOperations, phoneNumber), operations }),
      };
    }
  }

  if (declined) {
    return { type: 'declined', error: new PayError('rejected', detailsOf(details[0], phoneNumber)) };
  }

  // A poll URL means a third-party app must approve first, so it wins over a redirect: going to
  // the redirect early would show the return page before the shopper has paid.
  if (answer.poll_url) {
    const pollUrl = checkPollUrl(answer.poll_url, policy);
    if (!pollUrl.ok) return unsafe();
    // An unsafe app link or QR is dropped, not fatal: the other ways to approve remain.
    return {
      type: 'poll',
      pollUrl: pollUrl.url,
      ...checkApprovalLinks(answer.approval_url, answer.qr_code, policy),
    };
  }

  if (answer.redirect_url) return redirectTo(answer.redirect_url, policy);

  // success:true with nowhere to go is undocumented: an error, never a success.
  return { type: 'failed', error: new PayError('invalid_response', { httpStatus: result.status }) };
}

/** Errors after which checking again may still give the answer. */
const TRANSIENT_KINDS: readonly PayErrorKind[] = [
  'network',
  'offline',
  'timeout',
  'rate_limited',
  'server',
  'invalid_response',
];

/**
 * What a status check's answer means. `options.phoneNumber` (the number the pay request carried)
 * is scrubbed from every string put in an error.
 */
export function interpretPollAnswer(
  result: HttpResult<PollResponse>,
  policy: UrlPolicy,
  options?: InterpretOptions,
): PollOutcome {
  if (!result.ok) {
    const error = scrubError(result.error, options?.phoneNumber);
    return TRANSIENT_KINDS.includes(error.kind) ? { type: 'retry', error } : { type: 'failed', error };
  }
  const answer = result.data;
  if (result.status === 202 || answer.keep_polling === true) {
    if (!answer.poll_url) return { type: 'pending' };
    const next = checkPollUrl(answer.poll_url, policy);
    return next.ok ? { type: 'pending', pollUrl: next.url } : unsafe();
  }
  if (answer.redirect_url) return redirectTo(answer.redirect_url, policy);
  // Decided, and not with a way forward: the payment ended without success.
  return { type: 'declined', error: new PayError('rejected') };
}
