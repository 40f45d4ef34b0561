import axe from 'axe-core';
import { expect, vi } from 'vitest';
import type { UsePaySessionResult } from '../../src';
import type { FakeSessionFields } from '../../stories/fixtures';

// One definition of a loose fake session's fields, shared with the stories (a type-only import).
export type { FakeSessionFields };

/** A session in any state, with spies for its actions: the components only read this object. */
export function fakeSession(overrides: FakeSessionFields = {}): UsePaySessionResult {
  // Loose on purpose: a fake may pair any status with any field, to show how components cope.
  return {
    sessionId: 'T11223344.abc',
    status: 'idle',
    app: 'swish',
    isBusy: false,
    canRetry: true,
    shopperActed: false,
    connectionProblem: false,
    isResuming: false,
    requestMayBeLive: false,
    pay: vi.fn(),
    cancel: vi.fn(),
    reset: vi.fn(),
    retry: vi.fn(),
    ...overrides,
  } as UsePaySessionResult;
}

/** Axe on the rendered markup; jsdom has no layout, so colour contrast is checked in the browser instead. */
export async function expectNoAxeViolations(container: Element): Promise<void> {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
}
