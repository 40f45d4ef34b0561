import axe from 'axe-core';
import { expect, vi } from 'vitest';
import type { UsePaySessionResult } from '../../src';

/** A session in any state, with spies for its actions: the components only read this object. */
export function fakeSession(overrides: Partial<UsePaySessionResult> = {}): UsePaySessionResult {
  return {
    sessionId: 'T11223344.abc',
    status: 'idle',
    isBusy: false,
    connectionProblem: false,
    isResuming: false,
    pay: vi.fn(),
    cancel: vi.fn(),
    reset: vi.fn(),
    ...overrides,
  };
}

/** Axe on the rendered markup; jsdom has no layout, so colour contrast is checked in the browser instead. */
export async function expectNoAxeViolations(container: Element): Promise<void> {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
}
