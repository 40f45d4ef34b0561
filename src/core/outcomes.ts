import { PayError, type PayErrorKind } from './errors';
import type { HttpResult } from './http';
import type { ErrorDetail, PayResponse, PollResponse } from './schemas';
import {
  checkApprovalLinks,
  checkPollUrl,
  checkRedirectUrl,
  isOperationAllowed,
  type PollUrlGuardOptions,
} from './url-guards';

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

function detailsOf(detail: ErrorDetail | undefined) {
  return { code: detail?.code, category: detail?.category, field: detail?.field };
}

function unsafe(): { type: 'failed'; error: PayError } {
  return { type: 'failed', error: new PayError('unsafe_url') };
}

/** A `redirect_url` of a pay or poll answer: followed only when it passes its guard. */
function redirectTo(raw: string, policy: UrlPolicy) {
  const redirect = checkRedirectUrl(raw, policy);
  return redirect.ok ? ({ type: 'redirect', redirectUrl: redirect.url } as const) : unsafe();
}

export function interpretPayAnswer(result: HttpResult<PayResponse>, policy: UrlPolicy): PayOutcome {
  if (!result.ok) return { type: 'failed', error: result.error };
  const answer = result.data;
  const details = answer.error_details ?? [];

  const withOperations = details.find((d) => d.authentication_operations?.length);
  if (withOperations) {
    // Only operations with a known rel, a plain method and a safe https target are passed on,
    // and even those only to the merchant's callback: the library never follows them itself.
    // (`find` above only matches details that have operations.)
    const operations = withOperations.authentication_operations!.filter((op) =>
      isOperationAllowed(op, policy),
    );
    if (operations.length === 0) return unsafe();
    return {
      type: 'action_required',
      error: new PayError('action_required', { ...detailsOf(withOperations), operations }),
    };
  }

  if (!answer.success || answer.error) {
    return { type: 'declined', error: new PayError('rejected', detailsOf(details[0])) };
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

export function interpretPollAnswer(result: HttpResult<PollResponse>, policy: UrlPolicy): PollOutcome {
  if (!result.ok) {
    return TRANSIENT_KINDS.includes(result.error.kind)
      ? { type: 'retry', error: result.error }
      : { type: 'failed', error: result.error };
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
