import { PayError } from '../../src/core/errors';
import { createPayStore, transition, type PayEvent, type PayState } from '../../src/core/machine';
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
      store.send({ type: 'pay' });
      store.send(answered({ type: 'poll', pollUrl: POLL_URL }));
      store.send({ type: 'cancel' });
    }).not.toThrow();
    expect(store.getState().status).toBe('cancelled');
  });
});

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
    store.send({ type: 'pay' });
    expect(storage.setItem).not.toHaveBeenCalled();
    expect(storage.items.size).toBe(0);
  });

  it('writes the attempt on entering awaiting_approval, without the phone number', () => {
    const { storage, store } = setup();
    store.send({ type: 'pay' });
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
    store.send({ type: 'pay' });
    store.send(answered({ type: 'poll', pollUrl: POLL_URL }));
    const poll = (outcome: Extract<PayEvent, { type: 'poll_answered' }>['outcome']): PayEvent => ({
      type: 'poll_answered',
      attempt: 1,
      outcome,
      now: T0 + 2000,
      random: 0,
      mayRetry: true,
    });
    store.send(poll({ type: 'pending' }));
    store.send(poll({ type: 'retry', error: new PayError('network') }));
    expect(storage.setItem).toHaveBeenCalledTimes(1);
    store.send(poll({ type: 'pending', pollUrl: `${POLL_URL}?n=2` }));
    expect(storage.setItem).toHaveBeenCalledTimes(2);
    expect(loadAttempt(storage, SESSION, POLICY)?.pollUrl).toBe(`${POLL_URL}?n=2`);
  });

  const terminal: [string, PayEvent][] = [
    ['cancelled', { type: 'cancel' }],
    ['idle (reset)', { type: 'reset' }],
    [
      'redirecting',
      {
        type: 'poll_answered',
        attempt: 1,
        outcome: { type: 'redirect', redirectUrl: 'https://s.example/' },
        now: T0,
        random: 0,
        mayRetry: true,
      },
    ],
    [
      'declined',
      {
        type: 'poll_answered',
        attempt: 1,
        outcome: { type: 'declined', error: new PayError('rejected') },
        now: T0,
        random: 0,
        mayRetry: true,
      },
    ],
    [
      'failed',
      {
        type: 'poll_answered',
        attempt: 1,
        outcome: { type: 'failed', error: new PayError('session_not_found') },
        now: T0,
        random: 0,
        mayRetry: true,
      },
    ],
    [
      'failed (retries exhausted)',
      {
        type: 'poll_answered',
        attempt: 1,
        outcome: { type: 'retry', error: new PayError('network') },
        now: T0,
        random: 0,
        mayRetry: false,
      },
    ],
    [
      'expired',
      {
        type: 'poll_answered',
        attempt: 1,
        outcome: { type: 'pending' },
        // The silent last check, 15 s after the shown end.
        now: T0 + 195_000,
        random: 0,
        mayRetry: true,
      },
    ],
  ];

  it.each(terminal)('clears storage on %s', (_status, event) => {
    const { storage, store } = setup();
    store.send({ type: 'pay' });
    store.send(answered({ type: 'poll', pollUrl: POLL_URL }));
    expect(storage.items.has(KEY)).toBe(true);
    expect(store.send(event)).toBe(true);
    expect(storage.items.has(KEY)).toBe(false);
  });

  it('keeps the record through the silent last check after the shown end, so a reload still resumes', () => {
    const { storage, store } = setup();
    store.send({ type: 'pay' });
    store.send(answered({ type: 'poll', pollUrl: POLL_URL }));
    const pendingAt = (now: number): PayEvent => ({
      type: 'poll_answered',
      attempt: 1,
      outcome: { type: 'pending' },
      now,
      random: 0,
      mayRetry: true,
    });
    store.send(pendingAt(T0 + 180_000));
    store.send(pendingAt(T0 + 194_999));
    expect(store.getState().status).toBe('awaiting_approval');
    expect(loadAttempt(storage, SESSION, POLICY)?.approval.expiresAt).toBe(T0 + 180_000);
    store.send(pendingAt(T0 + 195_000));
    expect(store.getState().status).toBe('expired');
    expect(storage.items.has(KEY)).toBe(false);
  });

  it('clears a stale record when a new attempt ends without polling', () => {
    const { storage, store } = setup();
    storage.items.set(KEY, record());
    store.send({ type: 'pay' });
    store.send(answered({ type: 'failed', error: new PayError('server') }));
    expect(storage.items.has(KEY)).toBe(false);
  });

  it('writes a resumed attempt again and clears it when it ends', () => {
    const storage = new FakeStorage();
    const listener = persistAttemptListener(storage, SESSION);
    const idle: PayState = { status: 'idle', attempt: 0 };
    const resumed = transition(idle, {
      type: 'resume',
      approval: { expiresAt: T0 + 180_000 },
      pollUrl: POLL_URL,
      startedAt: T0,
      now: T0 + 5000,
    });
    listener(resumed, idle);
    expect(loadAttempt(storage, SESSION, POLICY)?.startedAt).toBe(T0);
    const cancelled = transition(resumed, { type: 'cancel' });
    listener(cancelled, resumed);
    expect(storage.items.size).toBe(0);
  });
});
