import { z } from 'zod';

// Dintero Checkout's pay and status-check contract as published (docs/dintero-pay-api.md §1 and §2:
// "checkout sid pay post", "checkout sid swish get", the SwishPollStatus model), written here on
// their own so the emulator is checked against the spec and not against the library's reading of it
// (src/core/schemas.ts is deliberately tolerant; these are strict wherever the spec is: no field the
// spec does not name, required fields required, enums closed).

/** Dintero's phone number rule: ITU E.123 with the international prefix. */
export const PHONE_NUMBER = /^\+?\d{5,15}$/;

const phone = z.string().regex(PHONE_NUMBER);
const rememberMe = z.boolean();

/** Product types whose phone number is optional (omitted → app switch / QR; given → push). */
const PHONE_OPTIONAL = [
  'swish.swish',
  'payex.swish',
  'vipps',
  'payex.vipps',
  'bambora.vipps',
  'dintero_psp.vipps',
] as const;
/** Product types that need a phone number. */
const PHONE_REQUIRED = ['payex.mobilepay', 'bambora.mobilepay'] as const;

/** `POST /sessions/{session_id}/pay` body, discriminated by `payment_product_type`. */
export const payRequestSchema = z.discriminatedUnion('payment_product_type', [
  z.strictObject({
    payment_product_type: z.enum(PHONE_OPTIONAL),
    phone_number: phone.optional(),
    remember_me: rememberMe.optional(),
  }),
  z.strictObject({
    payment_product_type: z.enum(PHONE_REQUIRED),
    phone_number: phone,
    remember_me: rememberMe.optional(),
  }),
]);

const httpUrl = z.url({ protocol: /^https?$/ });

const actionSchema = z.strictObject({
  source: z.string().optional(),
  code: z.string().optional(),
  type: z.enum(['success', 'error']).optional(),
});

const authenticationOperationSchema = z.strictObject({
  href: httpUrl.optional(),
  method: z.string().optional(),
  content_type: z.string().optional(),
  rel: z.string().optional(),
});

const errorDetailSchema = z.strictObject({
  code: z.string().optional(),
  category: z.string().optional(),
  field: z.string().optional(),
  authentication_operations: z.array(authenticationOperationSchema).optional(),
});

/** The pay response (200 and 202). */
export const payResponseSchema = z
  .strictObject({
    success: z.boolean(),
    actions: z.array(actionSchema),
    redirect_url: httpUrl.optional(),
    poll_url: httpUrl.optional(),
    // An app link to open the payment in another app on this device.
    approval_url: z
      .string()
      .regex(/^(swish|vipps|mobilepay|https):/)
      .optional(),
    qr_code: z
      .string()
      .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/)
      .optional(),
    error: z.string().optional(),
    error_details: z.array(errorDetailSchema).optional(),
  })
  .superRefine((answer, context) => {
    // Success without a next step is "not described anywhere": never a valid answer.
    if (answer.success && !answer.redirect_url && !answer.poll_url) {
      context.addIssue({ code: 'custom', message: 'success without redirect_url or poll_url' });
    }
    // "use together with poll_url": the app link and the QR code are shown while polling.
    if ((answer.approval_url || answer.qr_code) && !answer.poll_url) {
      context.addIssue({ code: 'custom', message: 'approval_url or qr_code without poll_url' });
    }
  });

/** SwishPollStatus: the body of `GET /view/{session_id}/swish/{payment_request_id}/status`. */
export const pollStatusSchema = z.strictObject({
  keep_polling: z.boolean().optional(),
  redirect_url: httpUrl.optional(),
  poll_url: httpUrl.optional(),
});

/** 202 is "not completed, keep polling": it cannot say stop, nor where to go. */
export const pollPendingSchema = pollStatusSchema.superRefine((answer, context) => {
  if (answer.keep_polling === false)
    context.addIssue({ code: 'custom', message: '202 with keep_polling false' });
  if (answer.redirect_url) context.addIssue({ code: 'custom', message: '202 with redirect_url' });
});

/** 200 is "completed": no more polling. */
export const pollCompletedSchema = pollStatusSchema.superRefine((answer, context) => {
  if (answer.keep_polling === true)
    context.addIssue({ code: 'custom', message: '200 with keep_polling true' });
});

/** Dintero's shared error body for 4xx answers. */
export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    message: z.string().min(1),
    code: z.string().optional(),
    errors: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
});

/** Status codes the spec gives each endpoint. */
export const DOCUMENTED_STATUS = {
  pay: [200, 202, 400, 412],
  poll: [200, 202, 404],
} as const;

// The merchant server's calls (docs/dintero-pay-api.md §7: checkout-client, authentication,
// create-session). Only the fields the shop's server reads are required.

/** `POST /v1/accounts/{account_id}/auth/token` answer. */
export const accessTokenSchema = z.strictObject({
  access_token: z.string().min(1),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().positive(),
});

/** `POST /v1/sessions-profile` answer: the session id the page needs, and the hosted page's URL. */
export const createdSessionSchema = z.strictObject({
  id: z.string().regex(/^[TP]\d+\.[A-Za-z0-9_-]+$/),
  url: httpUrl,
});

/** `GET /v1/transactions/{id}`: what a shop checks before it ships. */
export const transactionSchema = z.object({
  id: z.string().min(1),
  status: z.enum([
    'AUTHORIZED',
    'CAPTURED',
    'ON_HOLD',
    'DECLINED',
    'FAILED',
    'PARTIALLY_CAPTURED',
    'REFUNDED',
  ]),
  amount: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  merchant_reference: z.string(),
  session_id: z.string(),
  payment_product_type: z.string(),
  created_at: z.iso.datetime(),
});
