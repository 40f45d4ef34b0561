import { useMemo, useState } from 'react';
import { fn } from 'storybook/test';
import type { Approval, PayError, PayInput, PaymentApp, PayStatus, UsePaySessionResult } from '../src';
// The testing entry also carries the Node-only emulator server; stories take the browser-safe parts.
import { qrCodeDataUrl } from '../src/testing/png';

export const SESSION_ID = 'T11223344.storybook';

/** A Swish app link of the shape Dintero sends; nothing opens it in a story. */
export const APPROVAL_URL =
  'swish://paymentrequest?token=9f0c2b7a4d3e41c5a8b6e2f1d0c9b8a7&callbackurl=https%3A%2F%2Fshop.example%2Freturn';

/** A real, scannable Swish QR code (`D` + token, as Swish encodes a payment request). */
export const QR_CODE = qrCodeDataUrl('D9f0c2b7a4d3e41c5a8b6e2f1d0c9b8a7');

/** The number a phone-flow request was pushed to, masked the way Dintero's answer is shown. */
export const MASKED_PHONE = '+46 ••• •• 67';

/** The name each app goes by in messages; a product type the library does not know has none. */
export const APP_NAMES: Record<Exclude<PaymentApp, 'other'>, string> = {
  swish: 'Swish',
  vipps: 'Vipps',
  mobilepay: 'MobilePay',
};

/**
 * An approval link of each app's kind: Swish sends its own `swish:` scheme, which only a phone with
 * the app can open; Vipps and MobilePay send `https:` links, which work on a computer too. The hosts
 * are made up: nothing opens them in a story.
 */
export const APPROVAL_URLS: Record<PaymentApp, string> = {
  swish: APPROVAL_URL,
  vipps: 'https://pay.vipps.example/approve?token=7c1e4a9b2f6d48e0',
  mobilepay: 'https://pay.mobilepay.example/approve?token=3b8d5f0a6e2c41d7',
  other: 'https://pay.psp.example/approve?token=5a2f9c1e7b3d40e8',
};

/** A real, scannable QR code per app: Swish's own payload, the approval link for the others. */
export const QR_CODES: Record<PaymentApp, string> = {
  swish: QR_CODE,
  vipps: qrCodeDataUrl(APPROVAL_URLS.vipps),
  mobilepay: qrCodeDataUrl(APPROVAL_URLS.mobilepay),
  other: qrCodeDataUrl(APPROVAL_URLS.other),
};

/** Any fields of a session result, for fakes that do not follow the union's rules. */
export type FakeSessionFields = {
  [K in keyof UsePaySessionResult]?: K extends 'status'
    ? PayStatus
    : K extends 'approval'
      ? Approval
      : K extends 'error'
        ? PayError
        : K extends 'redirectUrl'
          ? string
          : UsePaySessionResult[K];
};

/** A session in any state, with spies for its actions: the components only read this object. */
export function fakeSession(overrides: FakeSessionFields = {}): UsePaySessionResult {
  // Loose on purpose: a fake may pair any status with any field, to show how components cope.
  return {
    sessionId: SESSION_ID,
    status: 'idle',
    app: 'swish',
    isBusy: false,
    canRetry: true,
    shopperActed: false,
    connectionProblem: false,
    isResuming: false,
    requestMayBeLive: false,
    pay: fn().mockName('pay'),
    cancel: fn().mockName('cancel'),
    reset: fn().mockName('reset'),
    retry: fn().mockName('retry'),
    ...overrides,
  } as UsePaySessionResult;
}

// Args are built once, when a story file loads; expiry times are kept relative to that moment and
// moved to the moment a story is shown (see `useShownSession`), so a countdown never starts stale.
const BUILT_AT = Date.now();

/** What a pending Swish request looks like, expiring `secondsLeft` after the story is shown. */
export function approval(secondsLeft = 165, overrides: Partial<Approval> = {}): Approval {
  return {
    approvalUrl: APPROVAL_URL,
    qrCode: QR_CODE,
    expiresAt: BUILT_AT + secondsLeft * 1000,
    ...overrides,
  };
}

/** A session waiting for the shopper to approve in Swish. */
export function awaitingSession(
  approvalOverrides: Partial<Approval> & { secondsLeft?: number } = {},
  overrides: FakeSessionFields = {},
): UsePaySessionResult {
  const { secondsLeft, ...rest } = approvalOverrides;
  return fakeSession({
    status: 'awaiting_approval',
    isBusy: true,
    approval: approval(secondsLeft, rest),
    ...overrides,
  });
}

/**
 * A session waiting for approval in `app`, with that app's approval link and QR code, a little into
 * the request's real lifetime (3 minutes for Swish, 10 for the others).
 */
export function awaitingAppSession(
  app: PaymentApp,
  approvalOverrides: Partial<Approval> & { secondsLeft?: number } = {},
  overrides: FakeSessionFields = {},
): UsePaySessionResult {
  return awaitingSession(
    {
      approvalUrl: APPROVAL_URLS[app],
      qrCode: QR_CODES[app],
      secondsLeft: app === 'swish' ? 165 : 570,
      ...approvalOverrides,
    },
    { app, ...overrides },
  );
}

/** The session with its approval's expiry moved from file load to the first render of the story. */
export function useShownSession(session: UsePaySessionResult | undefined): UsePaySessionResult | undefined {
  const [shownAt] = useState(Date.now);
  return useMemo(
    () =>
      session?.approval
        ? ({
            ...session,
            approval: { ...session.approval, expiresAt: session.approval.expiresAt + shownAt - BUILT_AT },
          } as UsePaySessionResult)
        : session,
    [session, shownAt],
  );
}

const BUSY: readonly PayStatus[] = ['submitting', 'awaiting_approval', 'redirecting'];

/**
 * A fake session that reacts like the real one without any network: `pay` moves it to `submitting`
 * and reaches the spy from the args only when an attempt may start (a busy session refuses, as the
 * real one does), `cancel` moves it to `cancelled`, `reset` back to `idle`.
 */
export function useReactiveSession(initial: UsePaySessionResult): UsePaySessionResult {
  const [status, setStatus] = useState<PayStatus>(initial.status);
  return useMemo(
    () =>
      ({
        ...initial,
        status,
        isBusy: BUSY.includes(status),
        // The session decides whether a press pays, as the real one does: never while busy.
        pay: (input?: PayInput) => {
          if (BUSY.includes(status)) return;
          initial.pay(input);
          setStatus('submitting');
        },
        cancel: () => {
          initial.cancel();
          setStatus('cancelled');
        },
        reset: () => {
          initial.reset();
          setStatus('idle');
        },
      }) as UsePaySessionResult,
    [initial, status],
  );
}
