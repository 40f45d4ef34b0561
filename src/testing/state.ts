import {
  DEFAULT_SESSION_UPDATED_AT,
  EMULATOR_ACCOUNT_ID,
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  PAYMENT_PRODUCT_TYPES,
} from './constants';
import type { PaymentRequestRecord } from './payments';
import type { ScenarioName } from './scenarios';
import type { DinteroEmulatorOptions, EmulatedSession, EmulatedTransaction, LoggedRequest } from './types';

/** Everything one emulator remembers; the endpoint modules read and change it. */
export interface EmulatorState {
  readonly options: DinteroEmulatorOptions;
  readonly basePath: string;
  readonly now: () => number;
  readonly productTypes: ReadonlySet<string>;
  readonly credentials: Required<NonNullable<DinteroEmulatorOptions['credentials']>>;
  defaultScenario: ScenarioName;
  readonly sessions: Map<string, EmulatedSession>;
  readonly paymentRequests: Map<string, PaymentRequestRecord>;
  /** Sessions paid on the redirect flow, where no payment request record is kept. */
  readonly paidByRedirect: Set<string>;
  /** Values of the remember_me cookies issued and not cleared since. */
  readonly rememberedTokens: Set<string>;
  /** Access tokens issued, with the time each expires (emulator clock). */
  readonly accessTokens: Map<string, number>;
  readonly transactions: Map<string, EmulatedTransaction>;
  /** Timers the emulator started (automatic decisions, callback retries): cancelled by `reset()`. */
  readonly timers: Set<ReturnType<typeof setTimeout>>;
  log: LoggedRequest[];
  counter: number;
}

export function createState(options: DinteroEmulatorOptions, basePath: string): EmulatorState {
  return {
    options,
    basePath,
    now: options.now ?? (() => Date.now()),
    productTypes: new Set(options.paymentProductTypes ?? PAYMENT_PRODUCT_TYPES),
    credentials: {
      accountId: options.credentials?.accountId ?? EMULATOR_ACCOUNT_ID,
      clientId: options.credentials?.clientId ?? EMULATOR_CLIENT_ID,
      clientSecret: options.credentials?.clientSecret ?? EMULATOR_CLIENT_SECRET,
    },
    defaultScenario: options.scenario ?? 'approve',
    sessions: new Map(),
    paymentRequests: new Map(),
    paidByRedirect: new Set(),
    rememberedTokens: new Set(),
    accessTokens: new Map(),
    transactions: new Map(),
    timers: new Set(),
    log: [],
    counter: 0,
  };
}

export function resetState(state: EmulatorState): void {
  state.sessions.clear();
  state.paymentRequests.clear();
  state.paidByRedirect.clear();
  state.rememberedTokens.clear();
  state.accessTokens.clear();
  state.transactions.clear();
  for (const timer of state.timers) clearTimeout(timer);
  state.timers.clear();
  state.log = [];
  state.defaultScenario = state.options.scenario ?? 'approve';
}

/** The session, created with the defaults the first time an id is seen (any id is a session). */
export function sessionFor(state: EmulatorState, sessionId: string): EmulatedSession {
  let session = state.sessions.get(sessionId);
  if (!session) {
    session = {
      id: sessionId,
      updatedAt: state.options.sessionUpdatedAt ?? DEFAULT_SESSION_UPDATED_AT,
      merchantReference: `order-${sessionId}`,
    };
    state.sessions.set(sessionId, session);
  }
  return session;
}

/**
 * Runs `task` after `ms` on the global timer, without keeping a Node process alive for it, and
 * forgets the timer once it ran (or when the emulator is reset). Returns a cancel function.
 */
export function later(state: EmulatorState, ms: number, task: () => void): () => void {
  const timer = setTimeout(
    () => {
      state.timers.delete(timer);
      task();
    },
    Math.max(0, ms),
  );
  (timer as { unref?: () => void }).unref?.();
  state.timers.add(timer);
  return () => {
    clearTimeout(timer);
    state.timers.delete(timer);
  };
}

/** A copy of a session for callers, so they cannot change the emulator's own. */
export function copySession(session: EmulatedSession): EmulatedSession {
  // Only strings, numbers and plain objects: a JSON round trip is a deep copy.
  return JSON.parse(JSON.stringify(session)) as EmulatedSession;
}
