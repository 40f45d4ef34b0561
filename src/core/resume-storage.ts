import type { Approval, PayState } from './machine';
import { checkApprovalLinks, checkPollUrl, type PollUrlGuardOptions } from './url-guards';
import { z } from './zod';

/** What is kept of a pending attempt so a reload resumes polling instead of paying again. */
export interface StoredAttempt {
  pollUrl: string;
  startedAt: number;
  approval: Approval;
}

/** The subset of the Web Storage API the library uses; `sessionStorage` by default. */
export type ResumeStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const storedSchema = z.object({
  v: z.literal(1),
  pollUrl: z.string(),
  startedAt: z.number(),
  expiresAt: z.number(),
  approvalUrl: z.optional(z.string()),
  qrCode: z.optional(z.string()),
});

const keyFor = (sessionId: string) => `react-dintero-pay:${sessionId}`;

/** `sessionStorage` when there is one and it works (not in SSR, not when blocked), else nothing. */
export function defaultResumeStorage(): ResumeStorage | undefined {
  try {
    return typeof window !== 'undefined' ? window.sessionStorage : undefined;
  } catch {
    return undefined;
  }
}

export function saveAttempt(
  storage: ResumeStorage | undefined,
  sessionId: string,
  attempt: StoredAttempt,
): void {
  const { expiresAt, approvalUrl, qrCode } = attempt.approval;
  // Deliberately no phone number, masked or not: storage outlives the page. JSON leaves out the
  // links that are `undefined`, so an attempt without them is stored without them.
  const record: z.infer<typeof storedSchema> = {
    v: 1,
    pollUrl: attempt.pollUrl,
    startedAt: attempt.startedAt,
    expiresAt,
    approvalUrl: approvalUrl || undefined,
    qrCode: qrCode || undefined,
  };
  try {
    storage?.setItem(keyFor(sessionId), JSON.stringify(record));
  } catch {
    // Full or blocked storage only costs the resume after a reload; the payment goes on.
  }
}

export function clearAttempt(storage: ResumeStorage | undefined, sessionId: string): void {
  try {
    storage?.removeItem(keyFor(sessionId));
  } catch {
    // Nothing to do: see saveAttempt.
  }
}

/**
 * The stored attempt for `sessionId`, re-checked as if it had just come from the server (storage
 * is writable by any script on the origin). Anything unreadable is removed and ignored.
 */
export function loadAttempt(
  storage: ResumeStorage | undefined,
  sessionId: string,
  guards: PollUrlGuardOptions,
): StoredAttempt | undefined {
  let raw: string | null | undefined;
  try {
    raw = storage?.getItem(keyFor(sessionId));
  } catch {
    return undefined;
  }
  if (raw == null) return undefined;
  let record: z.infer<typeof storedSchema> | undefined;
  try {
    record = z.safeParse(storedSchema, JSON.parse(raw)).data;
  } catch {
    // Not JSON: left undefined, and removed below.
  }
  // `checkPollUrl` refuses a missing URL too, so an unreadable record ends here.
  const pollUrl = checkPollUrl(record?.pollUrl, guards);
  if (!record || !pollUrl.ok) {
    clearAttempt(storage, sessionId);
    return undefined;
  }
  const approval: Approval = {
    expiresAt: record.expiresAt,
    ...checkApprovalLinks(record.approvalUrl, record.qrCode, guards),
  };
  return { pollUrl: pollUrl.url, startedAt: record.startedAt, approval };
}

/**
 * A store listener that keeps storage in step with the attempt: written when approval starts or
 * the poll URL changes, removed on every terminal state.
 */
export function persistAttemptListener(storage: ResumeStorage | undefined, sessionId: string) {
  return (state: PayState, previous: PayState): void => {
    if (state.status === 'awaiting_approval') {
      const changed = previous.status !== 'awaiting_approval' || previous.pollUrl !== state.pollUrl;
      if (changed) {
        saveAttempt(storage, sessionId, {
          pollUrl: state.pollUrl,
          startedAt: state.progress.startedAt,
          approval: state.approval,
        });
      }
    } else if (state.status !== 'submitting') {
      clearAttempt(storage, sessionId);
    }
  };
}
