import { PHONE_NUMBER_PATTERN } from './phone';
import { z } from './zod';

export { PHONE_NUMBER_PATTERN };

/** Dintero may send `null` where a field is absent; both mean "not given". */
const maybeString = z.nullish(z.string());

// The library builds its pay requests itself (see `buildPayRequest`), so this schema is for callers
// only. Bundlers cannot tell that zod's calls are free of side effects; building it in a call marked
// pure lets a bundle that does not use it leave it out.
const createPayRequestSchema = () =>
  z.object({
    /** Dotted wire value such as `swish.swish` or `payex.vipps`; unknown values pass through. */
    payment_product_type: z.string().check(z.minLength(1)),
    phone_number: z.optional(z.string().check(z.regex(PHONE_NUMBER_PATTERN))),
    /** Tri-state on the wire: absent leaves the customer cookie unchanged. */
    remember_me: z.optional(z.boolean()),
  });
export const payRequestSchema = /* @__PURE__ */ createPayRequestSchema();
export type PayRequest = z.infer<typeof payRequestSchema>;

/**
 * An operation the library can pass on: `href`, `method` and `rel` all given. Dintero's schema marks
 * none of them required, so an answer's operations are read one by one against this schema and
 * those that fail it are dropped, never acted on.
 */
export const authenticationOperationSchema = z.object({
  href: z.string(),
  method: z.string(),
  content_type: maybeString,
  rel: z.string(),
});
export type AuthenticationOperation = z.infer<typeof authenticationOperationSchema>;

export const errorDetailSchema = z.object({
  code: maybeString,
  category: maybeString,
  field: maybeString,
  // Unchecked here: an unusable operation must not make the whole answer (a decline) unreadable.
  authentication_operations: z.nullish(z.array(z.unknown())),
});
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

export const payActionSchema = z.object({
  source: maybeString,
  code: maybeString,
  // "success" | "error" today; kept as a string so a new value does not break parsing.
  type: maybeString,
});

export const payResponseSchema = z.object({
  success: z.boolean(),
  // Required by the spec, but nothing the library decides depends on it: tolerate its absence.
  actions: z.nullish(z.array(payActionSchema)),
  redirect_url: maybeString,
  poll_url: maybeString,
  approval_url: maybeString,
  qr_code: maybeString,
  error: maybeString,
  error_details: z.nullish(z.array(errorDetailSchema)),
});
export type PayResponse = z.infer<typeof payResponseSchema>;

export const pollResponseSchema = z.object({
  keep_polling: z.nullish(z.boolean()),
  redirect_url: maybeString,
  poll_url: maybeString,
});
export type PollResponse = z.infer<typeof pollResponseSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    code: maybeString,
    errors: z.nullish(z.array(z.unknown())),
  }),
});
export type DinteroErrorBody = z.infer<typeof errorBodySchema>;
