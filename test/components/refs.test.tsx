import { render, screen } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PayError, PaymentError, SwishApprovalView } from '../../src';
import { fakeSession } from './helpers';

afterEach(() => vi.restoreAllMocks());

describe('refs reach the root element, alongside the components’ own', () => {
  it('SwishApprovalView forwards its ref to its <section>', () => {
    const ref = createRef<HTMLElement>();
    const session = fakeSession({ status: 'cancelled' });
    render(<SwishApprovalView ref={ref} session={session} theme={{ colorDanger: 'crimson' }} />);
    expect(ref.current?.tagName).toBe('SECTION');
    expect(ref.current).toBe(screen.getByRole('region'));
    expect(ref.current!.style.getPropertyValue('--rdp-color-danger')).toBe('crimson');
  });

  it('PaymentError forwards its ref to its alert', () => {
    const ref = createRef<HTMLDivElement>();
    render(<PaymentError ref={ref} error={new PayError('server')} />);
    expect(ref.current).toBe(screen.getByRole('alert'));
  });
});

describe('the countdown', () => {
  it('reads a stable snapshot: a clock that moves between reads causes no getSnapshot warning', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const start = Date.now();
    let reads = 0;
    // Every read of the clock is a second later than the one before.
    vi.spyOn(Date, 'now').mockImplementation(() => start + 1_000 * reads++);
    const session = fakeSession({
      status: 'awaiting_approval',
      isBusy: true,
      approval: { expiresAt: start + 180_000, qrCode: undefined },
    });
    render(<SwishApprovalView session={session} />);
    expect(screen.getByRole('timer')).toHaveTextContent(/^\d:\d\d$/);
    const warnings = errors.mock.calls.map((call) => String(call[0]));
    expect(warnings.filter((text) => /getSnapshot/.test(text))).toEqual([]);
  });
});
