import { PayError } from '../../src/core/errors';
import {
  createPayStore,
  INITIAL_STATE,
  transition,
  type PayEvent,
  type PayState,
  type PayStore,
} from '../../src/core/machine';
import type { PollOutcome } from '../../src/core/outcomes';
import { resolvePollPolicy } from '../../src/core/polling-policy';
import {
  clearAttempt,
  defaultResumeStorage,
  loadAttempt,
  persistAttemptListener,
  saveAttempt,
  type ResumeStorage,
  type StoredAttempt,
} from '../../src/core/resume-storage';
import { BASE_URL, POLICY, QR } from './fixtures';

const SESSION = 'T11223344.abc';
const KEY = `react-dintero-pay:${SESSION}`;
const POLL_URL = `${BASE_URL}/view/S1/swish/P1/status`;
const T0 = 1_700_000_000_000;

class FakeStorage implements ResumeStorage {
  readonly items = new Map<string, string>();
  getItem = vi.fn((key: string) => this.items.get(key) ?? null);
  setItem = vi.fn((key: string, value: string) => void this.items.set(key, value));
  removeItem = vi.fn((key: string) => void this.items.delete(key));
}

function throwingStorage(): ResumeStorage {
  const fail = () => {
    throw new DOMException('blocked', 'SecurityError');
  };
  return { getItem: vi.fn(fail), setItem: vi.fn(fail), removeItem: vi.fn(fail) };
}

const attempt: StoredAttempt = {
  pollUrl: POLL_URL,
  startedAt: T0,
  approval: {
    expiresAt: T0 + 180_000,
    approvalUrl: 'swish://paymentrequest?token=t',
    qrCode: QR,
    phoneNumber: '+46 ••• •• 67',
  },
};

function record(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    v: 1,
    pollUrl: POLL_URL,
    startedAt: T0,
    expiresAt: T0 + 180_000,
    approvalUrl: 'swish://paymentrequest?token=t',
    qrCode: QR,
    ...overrides,
  });
}

describe('save, load and clear', () => {
  it('round-trips an attempt, without the phone number', () => {
    const storage = new FakeStorage();
    saveAttempt(storage, SESSION, attempt);
    const { phoneNumber: _dropped, ...approval } = attempt.approval;
    expect(loadAttempt(storage, SESSION, POLICY)).toEqual({ ...attempt, approval });
    clearAttempt(storage, SESSION);
    expect(storage.items.size).toBe(0);
    expect(loadAttempt(storage, SESSION, POLICY)).toBeUndefined();
  });

  it('keeps attempts of different sessions apart', () => {
    const storage = new FakeStorage();
    saveAttempt(storage, 'S-one', attempt);
    expect(loadAttempt(storage, 'S-two', POLICY)).toBeUndefined();
    expect(loadAttempt(storage, 'S-one', POLICY)?.pollUrl).toBe(POLL_URL);
  });

  it('round-trips an attempt without approval link or QR code', () => {
    const storage = new FakeStorage();
    saveAttempt(storage, SESSION, { pollUrl: POLL_URL, startedAt: T0, approval: { expiresAt: T0 + 1 } });
    expect(loadAttempt(storage, SESSION, POLICY)).toEqual({
      pollUrl: POLL_URL,
      startedAt: T0,
      approval: { expiresAt: T0 + 1 },
    });
  });

  it('never stores the phone number, masked or raw', () => {
    const storage = new FakeStorage();
    saveAttempt(storage, SESSION, {
      ...attempt,
      approval: { ...attempt.approval, phoneNumber: '+46701234567' } as StoredAttempt['approval'],
    });
    const stored = storage.items.get(KEY)!;
    expect(stored).toBeDefined();
    expect(stored).not.toMatch(/phone/i);
    expect(stored).not.toContain('46701234567');
    expect(stored).not.toContain('••');
    expect(Object.keys(JSON.parse(stored) as object).sort()).toEqual(
      ['approvalUrl', 'expiresAt', 'pollUrl', 'qrCode', 'startedAt', 'v'].sort(),
    );
  });

  it('ignores a phone number planted in storage', () => {
    const storage = new FakeStorage();
    storage.items.set(KEY, record({ phoneNumber: '+46701234567' }));
    const loaded = loadAttempt(storage, SESSION, POLICY);
    expect(JSON.stringify(loaded)).not.toContain('4670');
  });

  it('does nothing without storage', () => {
    expect(() => saveAttempt(undefined, SESSION, attempt)).not.toThrow();
    expect(() => clearAttempt(undefined, SESSION)).not.toThrow();
    expect(loadAttempt(undefined, SESSION, POLICY)).toBeUndefined();
  });

  it('uses sessionStorage by default in a browser', () => {
    expect(defaultResumeStorage()).toBe(window.sessionStorage);
    saveAttempt(defaultResumeStorage(), SESSION, attempt);
    expect(sessionStorage.getItem(KEY)).not.toBeNull();
    expect(loadAttempt(defaultResumeStorage(), SESSION, POLICY)?.pollUrl).toBe(POLL_URL);
  });

  it('has no default storage when sessionStorage is blocked', () => {
    vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    try {
      expect(defaultResumeStorage()).toBeUndefined();
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('tampered storage', () => {
  it.each([
    ['invalid JSON', '{"v":1,'],
    ['JSON null', 'null'],
    ['a string', '"https://checkout.test/v1/x"'],
    ['an array', '[]'],
    ['another version', record({ v: 2 })],
    ['a missing poll URL', record({ pollUrl: undefined })],
    ['a numeric poll URL', record({ pollUrl: 42 })],
    ['a string deadline', record({ expiresAt: 'tomorrow' })],
    ['a missing start', record({ startedAt: undefined })],
    ['a poll URL of another origin', record({ pollUrl: 'https://evil.com/v1/view/S1/status' })],
    ['a poll URL escaping the base', record({ pollUrl: 'https://checkout.test/admin' })],
    ['an http poll URL', record({ pollUrl: 'http://checkout.test/v1/view/S1/status' })],
    ['a javascript: poll URL', record({ pollUrl: 'javascript:alert(1)' })],
  ])('drops and removes a record with %s', (_what, raw) => {
    const storage = new FakeStorage();
    storage.items.set(KEY, raw);
    expect(loadAttempt(storage, SESSION, POLICY)).toBeUndefined();
    expect(storage.items.has(KEY)).toBe(false);
  });

  it('drops an unsafe approval link but keeps the attempt', () => {
    for (const approvalUrl of ['javascript:alert(1)', 'intent://x#Intent;end', 'http://pay.example/']) {
      const storage = new FakeStorage();
      storage.items.set(KEY, record({ approvalUrl }));
      const loaded = loadAttempt(storage, SESSION, POLICY);
      expect(loaded?.pollUrl).toBe(POLL_URL);
      expect(loaded?.approval).toEqual({ expiresAt: T0 + 180_000, qrCode: QR });
    }
  });

  it('drops a bad QR code but keeps the attempt', () => {
    for (const qrCode of [
      'https://cdn.example/qr.png',
      'data:image/svg+xml;base64,PHN2Zy8+',
      'data:image/png;base64,AAAA',
    ]) {
      const storage = new FakeStorage();
      storage.items.set(KEY, record({ qrCode }));
      const loaded = loadAttempt(storage, SESSION, POLICY);
      expect(loaded?.approval).toEqual({
        expiresAt: T0 + 180_000,
        approvalUrl: 'swish://paymentrequest?token=t',
      });
    }
  });

  it('accepts a listed poll origin only when the caller lists it', () => {
    const other = 'https://checkout.dintero.com/v1/view/S1/status';
    const storage = new FakeStorage();
    storage.items.set(KEY, record({ pollUrl: other }));
    expect(
      loadAttempt(storage, SESSION, { ...POLICY, allowedOrigins: ['https://checkout.dintero.com'] })?.pollUrl,
    ).toBe(other);
  });
});

describe('storage that throws', () => {
  it('never throws out of save, load or clear', () => {
    const storage = throwingStorage();
    expect(() => saveAttempt(storage, SESSION, attempt)).not.toThrow();
    expect(() => clearAttempt(storage, SESSION)).not.toThrow();
    expect(loadAttempt(storage, SESSION, POLICY)).toBeUndefined();
    expect(storage.setItem).toHaveBeenCalled();
    expect(storage.getItem).toHaveBeenCalled();
    expect(storage.removeItem).toHaveBeenCalled();
  });

  it('never throws when a tampered record cannot be removed', () => {
    const storage: ResumeStorage = {
      getItem: () => 'not json',
      setItem: () => undefined,
      removeItem: () => {
        throw new Error('nope');
      },
    };
    expect(loadAttempt(storage, SESSION, POLICY)).toBeUndefined();
  });

  it('never throws out of the listener', () => {
    const store = createPayStore();
    store.subscribe(persistAttemptListener(throwingStorage(), SESSION));
    expect(() => {
      store.send({ type: 'pay', now: T0 });
      store.send(answered({ type: 'poll', pollUrl: POLL_URL }));
      store.send({ type: 'cancel', now: T0 });
    }).not.toThrow();
    expect(store.getState().status).toBe('cancelled');
  });
});

const POLL_POLICY = resolvePollPolicy(undefined, 'swish.swish');

/** A status check sent on the session's tick at `now` (when one is due), answered at once. */
function checkAnswered(store: PayStore, outcome: PollOutcome, now: number): void {
  store.send({ type: 'tick', now, policy: POLL_POLICY });
  const sentAt = store.getState().checking;
  expect(sentAt).toBe(now);
  store.send({ type: 'poll_answered', sentAt: sentAt!, outcome, now, random: 0, policy: POLL_POLICY });
}

function answered(outcome: Extract<PayEvent, { type: 'pay_answered' }>['outcome'], attempt = 1): PayEvent {
  return {
    type: 'pay_answered',
    attempt,
    outcome,
    now: T0,
    timeoutMs: 180_000,
    maskedPhoneNumber: '+46 ••• •• 67',
  };
}

describe('persistAttemptListener', () => {
  function setup() {
    const storage = new FakeStorage();
    const store = createPayStore();
    store.subscribe(persistAttemptListener(storage, SESSION));
    return { storage, store };
  }

  it('writes nothing while submitting', () => {
    const { storage, store } = setup();
    store.send({ type: 'pay', now: T0 });
    expect(storage.setItem).not.toHaveBeenCalled();
    expect(storage.items.size).toBe(0);
  });

  it('writes the attempt on entering awaiting_approval, without the phone number', () => {
    const { storage, store } = setup();
    store.send({ type: 'pay', now: T0 });
    store.send(answered({ type: 'poll', pollUrl: POLL_URL, approvalUrl: 'swish://x', qrCode: QR }));
    expect(storage.setItem).toHaveBeenCalledTimes(1);
    expect(storage.items.get(KEY)).not.toContain('••');
    expect(loadAttempt(storage, SESSION, POLICY)).toEqual({
      pollUrl: POLL_URL,
      startedAt: T0,
      approval: { expiresAt: T0 + 180_000, approvalUrl: 'swish://x', qrCode: QR },
    });
  });

  it('rewrites only when the poll URL changes', () => {
    const { storage, store } = setup();
    store.send({ type: 'pay', now: T0 });
    store.send(answered({ type: 'poll', pollUrl: POLL_URL }));
    let at = T0;
    const poll = (outcome: PollOutcome) => checkAnswered(store, outcome, (at += 5000));
    poll({ type: 'pending' });
    poll({ type: 'retry', error: new PayError('network') });
    expect(storage.setItem).toHaveBeenCalledTimes(1);
    poll({ type: 'pending', pollUrl: `${POLL_URL}?n=2` });
    expect(storage.setItem).toHaveBeenCalledTimes(2);
    expect(loadAttempt(storage, SESSION, POLICY)?.pollUrl).toBe(`${POLL_URL}?n=2`);
  });

  const terminal: [string, (store: PayStore) => void][] = [
    ['cancelled', (store) => store.send({ type: 'cancel', now: T0 })],
    ['idle (reset)', (store) => store.send({ type: 'reset', now: T0 })],
    [
      'redirecting',
      (store) => checkAnswered(store, { type: 'redirect', redirectUrl: 'https://s.example/' }, T0 + 2000),
    ],
    [
      'declined',
      (store) => checkAnswered(store, { type: 'declined', error: new PayError('rejected') }, T0 + 2000),
    ],
    [
      'failed',
      (store) =>
        checkAnswered(store, { type: 'failed', error: new PayError('session_not_found') }, T0 + 2000),
    ],
    [
      'failed (retries exhausted)',
      // Past the deadline and its grace, a failed check may not be retried.
      (store) =>
        checkAnswered(store, { type: 'retry', error: new PayError('network') }, T0 + 195_000 + 30_000),
    ],
    // The silent last check, 15 s after the shown end.
    ['expired', (store) => checkAnswered(store, { type: 'pending' }, T0 + 195_000)],
  ];

  it.each(terminal)('clears storage on %s', (status, end) => {
    const { storage, store } = setup();
    store.send({ type: 'pay', now: T0 });
    store.send(answered({ type: 'poll', pollUrl: POLL_URL }));
    expect(storage.items.has(KEY)).toBe(true);
    end(store);
    expect(store.getState().status).toBe(status.split(' ')[0]);
    expect(storage.items.has(KEY)).toBe(false);
  });

  it('keeps the record through the silent last check after the shown end, so a reload still resumes', () => {
    const { storage, store } = setup();
    store.send({ type: 'pay', now: T0 });
    store.send(answered({ type: 'poll', pollUrl: POLL_URL }));
    const pendingAt = (now: number) => checkAnswered(store, { type: 'pending' }, now);
    pendingAt(T0 + 180_000);
    pendingAt(T0 + 194_999);
    expect(store.getState().status).toBe('awaiting_approval');
    expect(loadAttempt(storage, SESSION, POLICY)?.approval.expiresAt).toBe(T0 + 180_000);
    pendingAt(T0 + 195_000);
    expect(store.getState().status).toBe('expired');
    expect(storage.items.has(KEY)).toBe(false);
  });

  it('clears a stale record when a new attempt ends without polling', () => {
    const { storage, store } = setup();
    storage.items.set(KEY, record());
    store.send({ type: 'pay', now: T0 });
    store.send(answered({ type: 'failed', error: new PayError('server') }));
    expect(storage.items.has(KEY)).toBe(false);
  });

  it('writes a resumed attempt again and clears it when it ends', () => {
    const storage = new FakeStorage();
    const listener = persistAttemptListener(storage, SESSION);
    const idle: PayState = INITIAL_STATE;
    const resumed = transition(idle, {
      type: 'resume',
      approval: { expiresAt: T0 + 180_000 },
      pollUrl: POLL_URL,
      startedAt: T0,
      now: T0 + 5000,
    });
    listener(resumed, idle);
    expect(loadAttempt(storage, SESSION, POLICY)?.startedAt).toBe(T0);
    const cancelled = transition(resumed, { type: 'cancel', now: T0 });
    listener(cancelled, resumed);
    expect(storage.items.size).toBe(0);
  });
});
